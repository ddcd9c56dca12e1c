/**
 * Stable identities of the things in a Kea configuration: every subnet, shared network, pool,
 * reservation, option, class, ... becomes an `Entity` whose id is the same in any revision
 * that holds the same thing, wherever it sits in its list. Pure; never throws on bad input
 * (a non-list where a list belongs is an empty list, a non-map entry is skipped).
 */
import {
  decodeIdentifier, formatColonHex, formatRange, parsePool, parsePrefix, prefixRange,
  IdentifierTypes, type Family, type IdentifierType,
} from '../net/index.js';
import { joinPointer } from './issues.js';
import type { Entity } from './diff-types.js';
import {
  addEntity, addParameter, eachMap, ID_SEP, padNumber, scopeLabel, scopeOf, UNORDERED, walkControlSockets,
  walkHooks, walkLoggers, type WalkContext,
} from './diff-entity.js';
import { walkDdns } from './diff-identities-ddns.js';
import { OptionCatalogue } from '../codec/index.js';

import { asList, asMap, canonicalAddress, canonicalPrefix, flattenFields, int, isMap, nonBlank, type ConfigMap } from './diff-values.js';

/** Daemons in output order; any other top-level key sorts after them. */
const DAEMONS = ['Dhcp4', 'Dhcp6', 'DhcpDdns'] as const;


/** Reserved addresses are sets; a reservation's `client-classes` keeps its order. */
const RESERVATION_UNORDERED: ReadonlySet<string> = new Set(['ip-addresses', 'prefixes']);

/** Custom option names by `space name`, from `option-def`s (global and in client classes). */
export type OptionDefNames = ReadonlyMap<string, number>;

/**
 * All entities of a configuration document, in walk order. `other` is the other revision:
 * its option definitions are a fallback for resolving option names to codes.
 */
export function collectEntities(config: unknown, other?: unknown): Entity[] {
  const out: Entity[] = [];
  for (const [top, value] of Object.entries(asMap(config))) {
    const rank = (DAEMONS as readonly string[]).indexOf(top);
    const family: Family | undefined = top === 'Dhcp4' ? 4 : top === 'Dhcp6' ? 6 : undefined;
    const defaultSpace = top === 'Dhcp6' ? 'dhcp6' : 'dhcp4';
    // Standard options of every space (vendor-N, docsis3, sub-option spaces), then option-defs.
    const standard = family === undefined ? undefined : OptionCatalogue.standard(family);
    const defs = optionDefNames(value, defaultSpace);
    const otherDefs = optionDefNames(asMap(other)[top], defaultSpace);
    const codeNames = new Map([...otherDefs, ...defs].map(([k, c]) => [`${k.slice(0, k.indexOf(' '))} ${c}`, k.slice(k.indexOf(' ') + 1)]));
    const ctx: WalkContext = {
      daemon: top, rootId: `${rank === -1 ? 9 : rank}${top}`, family, defaultSpace, out, seen: new Map(),
      optionCode: (space, name) => standard?.findByName(space, name)?.code ?? defs.get(`${space} ${name}`) ?? otherDefs.get(`${space} ${name}`),
      optionName: (space, code) => standard?.find(space, code)?.name ?? codeNames.get(`${space} ${code}`),
    };
    const path = joinPointer('', top);
    if (!isMap(value)) addParameter(ctx, top, value, path);
    else if (top === 'DhcpDdns') walkDdns(ctx, value, path);
    else if (family !== undefined) walkDhcp(ctx, value, path);
    else for (const [k, v] of Object.entries(value)) addParameter(ctx, k, v, joinPointer(path, k));
  }
  return out;
}

/** `space name → code` of every option definition in a daemon map. */
export function optionDefNames(daemon: unknown, defaultSpace: string): Map<string, number> {
  const names = new Map<string, number>();
  const add = (defs: unknown): void => {
    for (const d of asList(defs)) {
      const name = nonBlank(asMap(d).name);
      const code = int(asMap(d).code);
      if (name !== undefined && code !== undefined) names.set(`${nonBlank(asMap(d).space) ?? defaultSpace} ${name}`, code);
    }
  };
  add(asMap(daemon)['option-def']);
  for (const c of asList(asMap(daemon)['client-classes'])) add(asMap(c)['option-def']);
  return names;
}

function walkDhcp(ctx: WalkContext, map: ConfigMap, path: string): void {
  for (const [k, v] of Object.entries(map)) {
    const p = joinPointer(path, k);
    if (k === 'subnet4' || k === 'subnet6') walkSubnets(ctx, v, p, null);
    else if (k === 'shared-networks') walkSharedNetworks(ctx, v, p);
    else if (k === 'reservations') walkReservations(ctx, v, p, null);
    else if (k === 'option-data') walkOptions(ctx, v, p, null);
    else if (k === 'option-def') walkOptionDefs(ctx, v, p, null);
    else if (k === 'client-classes') walkClasses(ctx, v, p);
    else if (k === 'hooks-libraries') walkHooks(ctx, v, p);
    else if (k === 'control-sockets') walkControlSockets(ctx, v, p);
    else if (k === 'loggers') walkLoggers(ctx, v, p);
    else addParameter(ctx, k, v, p);
  }
}

function walkSharedNetworks(ctx: WalkContext, list: unknown, path: string): void {
  eachMap(list, path, (n, p, i) => {
    const name = nonBlank(n.name) ?? `#${i}`;
    const network = addEntity(ctx, {
      parent: null, kind: 'shared-network', key: { name }, keyText: name, label: `shared network "${name}"`,
      path: p, value: n, fields: flattenFields(n, new Set(['name', 'subnet4', 'subnet6', 'option-data']), UNORDERED),
    });
    walkOptions(ctx, n['option-data'], joinPointer(p, 'option-data'), network);
    for (const k of ['subnet4', 'subnet6']) walkSubnets(ctx, n[k], joinPointer(p, k), name);
  });
}

/** Subnets by `id` (else by prefix); `network` is the shared network they sit in, if any. */
function walkSubnets(ctx: WalkContext, list: unknown, path: string, network: string | null): void {
  eachMap(list, path, (s, p, i) => {
    const id = int(s.id);
    const prefixText = nonBlank(s.subnet);
    const prefix = prefixText === undefined ? undefined : canonicalPrefix(prefixText);
    const fields = flattenFields(s, new Set(['id', 'pools', 'pd-pools', 'reservations', 'option-data']), UNORDERED);
    if (prefix !== undefined) fields.set('subnet', prefix);
    fields.set('shared-network-name', network);
    const subnet = addEntity(ctx, {
      parent: null, kind: 'subnet',
      key: id !== undefined ? { id } : { subnet: prefix ?? `#${i}` },
      keyText: id !== undefined ? `i${padNumber(id)}` : `p${prefix ?? `#${i}`}`,
      label: `subnet ${id ?? prefix ?? `#${i}`}`,
      ...(id !== undefined && prefix !== undefined ? { tail: ` (${prefix})` } : {}),
      path: p, value: s, fields,
      facts: { ...(id !== undefined ? { subnetId: id } : {}), ...(prefix !== undefined ? { prefix } : {}) },
    });
    walkPools(ctx, s.pools, joinPointer(p, 'pools'), subnet);
    walkPdPools(ctx, s['pd-pools'], joinPointer(p, 'pd-pools'), subnet);
    walkReservations(ctx, s.reservations, joinPointer(p, 'reservations'), subnet);
    walkOptions(ctx, s['option-data'], joinPointer(p, 'option-data'), subnet);
  });
}

/** Pools by the range they cover: `10.0.0.0/25` and `10.0.0.0 - 10.0.0.127` are one pool. */
function walkPools(ctx: WalkContext, list: unknown, path: string, subnet: Entity): void {
  eachMap(list, path, (pl, p, i) => {
    const text = nonBlank(pl.pool);
    const range = text === undefined || ctx.family === undefined ? null : parsePool(text, ctx.family);
    const name = range === null ? (text ?? `#${i}`) : formatRange(range);
    const pool = addEntity(ctx, {
      parent: subnet, kind: 'pool', key: { scope: scopeOf(subnet), pool: name },
      keyText: range === null ? `~${name}` : `${hex(range.first)}-${hex(range.last)}`,
      label: `${subnet.label} pool ${name}`, path: p, value: pl,
      fields: flattenFields(pl, new Set(['pool', 'option-data']), UNORDERED),
      facts: { scopeId: subnet.id, ...(range === null ? {} : { range }) },
    });
    walkOptions(ctx, pl['option-data'], joinPointer(p, 'option-data'), pool);
  });
}

/** Prefix-delegation pools by prefix and prefix length. */
function walkPdPools(ctx: WalkContext, list: unknown, path: string, subnet: Entity): void {
  eachMap(list, path, (pd, p, i) => {
    const prefixText = nonBlank(pd.prefix);
    const len = int(pd['prefix-len']);
    const prefix = prefixText === undefined || len === undefined ? undefined : canonicalPrefix(`${prefixText}/${len}`);
    const parsed = prefix === undefined ? null : parsePrefix(prefix, 6);
    const name = prefix ?? `#${i}`;
    const pool = addEntity(ctx, {
      parent: subnet, kind: 'pd-pool', key: { scope: scopeOf(subnet), prefix: name },
      keyText: parsed === null ? `~${name}` : `${hex(parsed.address)}/${String(parsed.length).padStart(3, '0')}`,
      label: `${subnet.label} pd-pool ${name}`, path: p, value: pd,
      fields: flattenFields(pd, new Set(['prefix', 'prefix-len', 'option-data']), UNORDERED),
      facts: { scopeId: subnet.id, ...(parsed === null ? {} : { range: prefixRange(parsed) }) },
    });
    walkOptions(ctx, pd['option-data'], joinPointer(p, 'option-data'), pool);
  });
}

/** Reservations by identifier type and canonical value, within their subnet or global scope. */
function walkReservations(ctx: WalkContext, list: unknown, path: string, subnet: Entity | null): void {
  eachMap(list, path, (r, p, i) => {
    const ident = reservationIdentifier(r);
    const canon = canonicalReservation(r);
    const addresses = [canon['ip-address'], ...asList(canon['ip-addresses']), ...asList(canon.prefixes)]
      .filter((a): a is string => typeof a === 'string');
    const what = ident === undefined ? `#${i}` : `${ident.type} ${ident.value}`;
    const reservation = addEntity(ctx, {
      parent: subnet, kind: 'reservation',
      key: ident === undefined ? { scope: scopeOf(subnet), index: i } : { scope: scopeOf(subnet), 'identifier-type': ident.type, identifier: ident.value },
      keyText: ident === undefined ? `~${i}` : `${ident.type}=${ident.value}`,
      label: `${scopeLabel(subnet)} reservation ${what}`, path: p, value: r,
      fields: flattenFields(canon, new Set([...(ident === undefined ? [] : [ident.type]), 'option-data']), RESERVATION_UNORDERED),
      facts: { scopeId: subnet?.id ?? `${ctx.rootId}${ID_SEP}global`, addresses, ...(ident === undefined ? {} : { identifier: what }) },
    });
    walkOptions(ctx, r['option-data'], joinPointer(p, 'option-data'), reservation);
  });
}

/** The first identifier of a reservation, normalised (`1A-1B` style differences gone). */
function reservationIdentifier(r: ConfigMap): { type: IdentifierType; value: string } | undefined {
  // Kea allows one identifier per reservation; in an invalid one, the first in Kea's order wins.
  for (const type of IdentifierTypes) {
    const text = r[type];
    if (typeof text !== 'string') continue;
    const t = text.trim();
    const bytes = decodeIdentifier(type, t);
    return { type, value: typeof bytes === 'string' ? t.toLowerCase() : formatColonHex(bytes) };
  }
  return undefined;
}

/** The reservation with its addresses and prefixes in canonical text. */
function canonicalReservation(r: ConfigMap): ConfigMap {
  const out: Record<string, unknown> = { ...r };
  if (typeof r['ip-address'] === 'string') out['ip-address'] = canonicalAddress(r['ip-address']);
  if (Array.isArray(r['ip-addresses'])) out['ip-addresses'] = r['ip-addresses'].map((a) => (typeof a === 'string' ? canonicalAddress(a) : a));
  if (Array.isArray(r.prefixes)) out.prefixes = r.prefixes.map((a) => (typeof a === 'string' ? canonicalPrefix(a) : a));
  return out;
}

/** `option-data` by space and code (a standard or defined name resolves to its code). */
function walkOptions(ctx: WalkContext, list: unknown, path: string, parent: Entity | null): void {
  eachMap(list, path, (o, p, i) => {
    const space = nonBlank(o.space) ?? ctx.defaultSpace;
    const name = nonBlank(o.name);
    const code = int(o.code) ?? (name === undefined ? undefined : ctx.optionCode(space, name));
    const shown = name ?? (code === undefined ? undefined : ctx.optionName(space, code));
    const what = code === undefined ? `option "${name ?? `#${i}`}"` : `option ${code}${shown === undefined ? '' : ` (${shown})`}`;
    addEntity(ctx, {
      parent, kind: 'option',
      key: code === undefined ? { scope: scopeOf(parent), space, name: name ?? `#${i}` } : { scope: scopeOf(parent), space, code },
      keyText: code === undefined ? `${space}:~${name ?? `#${i}`}` : `${space}:${padNumber(code)}`,
      label: `${what} in space ${space} at ${scopeLabel(parent)}`, path: p, value: o,
      fields: flattenFields(o, new Set(['name', 'code', 'space']), UNORDERED),
    });
  });
}

/** `option-def` by space and code, global or inside a client class. */
function walkOptionDefs(ctx: WalkContext, list: unknown, path: string, parent: Entity | null): void {
  eachMap(list, path, (d, p, i) => {
    const space = nonBlank(d.space) ?? ctx.defaultSpace;
    const code = int(d.code);
    const name = nonBlank(d.name);
    const what = `${code ?? `"${name ?? `#${i}`}"`}${code !== undefined && name !== undefined ? ` (${name})` : ''}`;
    addEntity(ctx, {
      parent, kind: 'option-def',
      key: code === undefined ? { scope: scopeOf(parent), space, name: name ?? `#${i}` } : { scope: scopeOf(parent), space, code },
      keyText: code === undefined ? `${space}:~${name ?? `#${i}`}` : `${space}:${padNumber(code)}`,
      label: `option definition ${what} in space ${space}${parent === null ? '' : ` at ${parent.label}`}`, path: p, value: d,
      fields: flattenFields(d, new Set(['code', 'space']), UNORDERED),
    });
  });
}

/** Client-class definitions by `name` (their order is compared separately). */
function walkClasses(ctx: WalkContext, list: unknown, path: string): void {
  eachMap(list, path, (c, p, i) => {
    const name = nonBlank(c.name) ?? `#${i}`;
    const cls = addEntity(ctx, {
      parent: null, kind: 'class', key: { name }, keyText: name, label: `client class "${name}"`, path: p, value: c,
      fields: flattenFields(c, new Set(['name', 'option-data', 'option-def']), UNORDERED),
    });
    walkOptionDefs(ctx, c['option-def'], joinPointer(p, 'option-def'), cls);
    walkOptions(ctx, c['option-data'], joinPointer(p, 'option-data'), cls);
  });
}

function hex(v: bigint): string {
  return v.toString(16).padStart(32, '0');
}
