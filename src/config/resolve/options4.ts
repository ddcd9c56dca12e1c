/**
 * Compiles one scope's `option-data` list into wire payloads: each entry encoded with the
 * definition Kea would use, then the sub-options configured in an encapsulated space put inside
 * their parent (Kea's CfgOption::encapsulate: `vendor-encapsulated-options` (43) gets the
 * entries of `vendor-encapsulated-options-space`, a custom option gets those of the space it
 * encapsulates, recursively). Entries of `vendor-<N>` spaces become the sub-options of option 125
 * for enterprise N. The configuration is valid (config-test passed), so an entry that still does
 * not encode is a bug, reported by throwing.
 */
import { encodeOptionText, vendorIdOfSpace, type OptionCatalogue, type OptionDefinition } from '../../codec/index.js';
import type { OptionData4 } from '../../schema/index.js';
import { findOptionDefinition } from '../option-lookup.js';
import type { OptionEntry4, OptionSet4 } from './types4.js';

interface Compiled {
  readonly space: string;
  readonly code: number;
  readonly def: OptionDefinition | undefined;
  readonly data: Uint8Array;
  readonly entry: Omit<OptionEntry4, 'payload'>;
}

const EMPTY_SET: OptionSet4 = { byCode: new Map(), codes: [], vendor: new Map() };

export interface OptionScopeInput {
  /** Standard definitions plus the global option-def entries. */
  readonly catalogue: OptionCatalogue;
  /** For a client class: the standard definitions plus the class's own option-def entries. */
  readonly local?: OptionCatalogue;
  /** Kea gives global option-data `csv-format: true` when unset; elsewhere it is unspecified. */
  readonly isGlobal: boolean;
}

/** Compiles an option-data list; `undefined` gives the empty set. */
export function compileOptions4(list: readonly OptionData4[] | undefined, scope: OptionScopeInput): OptionSet4 {
  if (list === undefined || list.length === 0) return EMPTY_SET;
  const compiled = list.map((o) => compileEntry(o, scope));
  const bySpace = new Map<string, Compiled[]>();
  for (const c of compiled) {
    const arr = bySpace.get(c.space) ?? [];
    arr.push(c);
    bySpace.set(c.space, arr);
  }
  const byCode = new Map<number, OptionEntry4[]>();
  const codes: number[] = [];
  for (const c of bySpace.get('dhcp4') ?? []) {
    const entry: OptionEntry4 = { ...c.entry, payload: withSubOptions(c, bySpace, new Set(['dhcp4'])) };
    const arr = byCode.get(c.code);
    if (arr === undefined) {
      byCode.set(c.code, [entry]);
      codes.push(c.code);
    } else {
      arr.push(entry);
    }
  }
  const vendor = new Map<number, OptionEntry4[]>();
  for (const [space, entries] of bySpace) {
    const id = vendorIdOfSpace(space);
    if (id === null) continue;
    vendor.set(id, entries.map((c) => ({ ...c.entry, payload: withSubOptions(c, bySpace, new Set([space])) })));
  }
  return { byCode, codes, vendor };
}

function compileEntry(o: OptionData4, scope: OptionScopeInput): Compiled {
  const space = o.space ?? 'dhcp4';
  const def = findOptionDefinition({ space, code: o.code, name: o.name }, scope.catalogue, scope.local);
  const code = def?.code ?? o.code;
  if (code === undefined) throw new Error(`option ${o.name ?? '?'} in space ${space} has no definition (config not validated?)`);
  const csv = o['csv-format'] ?? (scope.isGlobal ? true : undefined);
  const neverSend = o['never-send'] === true;
  let data: Uint8Array = new Uint8Array(0);
  if (!(neverSend && o.data === undefined)) {
    const r = encodeOptionText(def, o.data ?? '', csv, 4, scope.local ?? scope.catalogue);
    if (!r.ok) throw new Error(`option ${code} in space ${space}: ${r.message} (config not validated?)`);
    data = r.bytes;
  }
  return {
    space, code, def, data,
    entry: { code, alwaysSend: o['always-send'] === true, neverSend, clientClasses: o['client-classes'] ?? [] },
  };
}

/** The entry's data followed by the sub-options of the space its definition encapsulates. */
function withSubOptions(c: Compiled, bySpace: ReadonlyMap<string, readonly Compiled[]>, visiting: Set<string>): Uint8Array {
  const space = c.def?.encapsulate ?? '';
  const subs = space === '' || visiting.has(space) ? undefined : bySpace.get(space);
  if (subs === undefined || subs.length === 0) return c.data;
  visiting.add(space);
  const parts: Uint8Array[] = [c.data];
  for (const sub of subs) {
    const payload = withSubOptions(sub, bySpace, visiting);
    // Sub-options of DHCPv4 spaces are code/length/value with one-octet fields (RFC 2132).
    for (let off = 0; off === 0 || off < payload.length; off += 255) {
      const piece = payload.subarray(off, off + 255);
      parts.push(Uint8Array.of(sub.code, piece.length), piece);
      if (payload.length === 0) break;
    }
  }
  visiting.delete(space);
  return concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
