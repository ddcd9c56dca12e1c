/**
 * Which configured options go into a DHCPv4 reply, as Kea's Dhcpv4Srv does it
 * (buildCfgOptionList, appendRequestedOptions, appendRequestedVendorOptions, appendBasicOptions):
 * levels in precedence order — host reservation, pool, subnet, shared network, each client class
 * in class order, global — and per code the first entry the client's classes allow. Requested
 * codes are the parameter request list (55) plus every `always-send` code; `never-send` cancels
 * a code at any level. Pure.
 */
import type { OptionEntry4, OptionSet4 } from '../config/index.js';

/** The option levels of one reply, most specific first. */
export type OptionLevels4 = readonly OptionSet4[];

/** The entry a level contributes for `code`: tagged for one of the client's classes, else untagged. */
function allowedEntry(entries: readonly OptionEntry4[] | undefined, classes: ReadonlySet<string>): OptionEntry4 | undefined {
  if (entries === undefined) return undefined;
  let untagged: OptionEntry4 | undefined;
  for (const e of entries) {
    if (e.clientClasses.length === 0) untagged ??= e;
    else if (e.clientClasses.some((c) => classes.has(c))) return e;
  }
  return untagged;
}

/** The first entry for `code` across the levels (Kea's option list lookup). */
export function findOption4(levels: OptionLevels4, code: number, classes: ReadonlySet<string>): OptionEntry4 | undefined {
  for (const level of levels) {
    const e = allowedEntry(level.byCode.get(code), classes);
    if (e !== undefined) return e;
  }
  return undefined;
}

function findVendorOption(levels: OptionLevels4, enterprise: number, code: number, classes: ReadonlySet<string>): OptionEntry4 | undefined {
  for (const level of levels) {
    const entries = level.vendor.get(enterprise)?.filter((e) => e.code === code);
    const e = allowedEntry(entries, classes);
    if (e !== undefined) return e;
  }
  return undefined;
}

export interface OptionRequest4 {
  /** Option 55 payload (codes), or undefined. */
  readonly prl: Uint8Array | undefined;
  readonly classes: ReadonlySet<string>;
  /** Enterprise ids of the query's options 125 and 124. */
  readonly queryVendorIds: readonly number[];
  /** The query's option 125 sub-option 1 (ORO) for enterprise 4491, as codes. */
  readonly cableLabsOro: Uint8Array | undefined;
}

/** Kea always adds these when configured, requested or not (appendBasicOptions). */
const BASIC_CODES = [3, 6, 15, 54] as const;
const VENDOR_INFO = 125;
const CABLELABS = 4491;

const NO_BYTES = new Uint8Array(0);

/**
 * The configured options for a reply, by code. Codes the reply already holds (`present`) are
 * not added again. Option 125 is returned fully built (enterprise id, length, sub-options).
 */
export function selectOptions4(levels: OptionLevels4, req: OptionRequest4, present: ReadonlySet<number>): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const cancelled = new Set<number>();
  const requested: number[] = req.prl === undefined ? [] : Array.from(req.prl);
  const vendorIds = new Set<number>(req.queryVendorIds);
  for (const level of levels) {
    for (const code of level.codes) {
      for (const e of level.byCode.get(code) ?? []) {
        if (e.neverSend) cancelled.add(code);
        if (e.alwaysSend) requested.push(code);
      }
    }
  }
  for (const code of requested) {
    if (code === VENDOR_INFO) {
      for (const level of levels) for (const id of level.vendor.keys()) vendorIds.add(id);
      continue;
    }
    if (cancelled.has(code) || present.has(code) || out.has(code)) continue;
    const e = findOption4(levels, code, req.classes);
    if (e !== undefined && !e.neverSend) out.set(code, e.payload);
  }
  const vivso = vendorOptions(levels, req, vendorIds);
  if (vivso.length > 0 && !cancelled.has(VENDOR_INFO) && !present.has(VENDOR_INFO)) out.set(VENDOR_INFO, vivso);
  for (const code of BASIC_CODES) {
    if (cancelled.has(code) || present.has(code) || out.has(code)) continue;
    const e = findOption4(levels, code, req.classes);
    if (e !== undefined && !e.neverSend) out.set(code, e.payload);
  }
  return out;
}

/** Option 125 (RFC 3925): per enterprise id, the requested or always-send sub-options. */
function vendorOptions(levels: OptionLevels4, req: OptionRequest4, ids: ReadonlySet<number>): Uint8Array {
  if (ids.size === 0) return NO_BYTES; // the common case: no vendor asked for, none configured
  const parts: number[] = [];
  for (const id of ids) {
    const wanted: number[] = id === CABLELABS && req.cableLabsOro !== undefined ? Array.from(req.cableLabsOro) : [];
    const cancelled = new Set<number>();
    for (const level of levels) {
      for (const e of level.vendor.get(id) ?? []) {
        if (e.alwaysSend) wanted.push(e.code);
        if (e.neverSend) cancelled.add(e.code);
      }
    }
    const data: number[] = [];
    const done = new Set<number>();
    for (const code of wanted) {
      if (cancelled.has(code) || done.has(code)) continue;
      const e = findVendorOption(levels, id, code, req.classes);
      if (e === undefined || e.neverSend) continue;
      done.add(code);
      data.push(code, e.payload.length, ...e.payload);
    }
    if (data.length === 0) continue;
    parts.push((id >>> 24) & 255, (id >>> 16) & 255, (id >>> 8) & 255, id & 255, data.length, ...data);
  }
  return Uint8Array.from(parts);
}
