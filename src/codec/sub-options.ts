/**
 * Sub-options inside an option: Kea's `LibDHCP::unpackOptions4/6` for encapsulated spaces and
 * `unpackVendorOptions4/6` for vendor blocks (libdhcp++.cc), as checks. Pure: no I/O.
 */
import type { ReadContext } from './option-wire.js';
import { fixedTypeLength } from './option-types.js';

/**
 * Kea `LibDHCP::unpackOptions4/6` over sub-options of `space`: a truncated last sub-option is
 * ignored (as Kea does), a sub-option with a definition must match it.
 */
export function checkSubOptions(space: string, b: Uint8Array, pos: number, end: number,
  ctx: ReadContext): string | null {
  const inner: ReadContext = { ...ctx, sink: null };
  let p = pos;
  while (p < end) {
    let code: number;
    let len: number;
    if (ctx.family === 4) {
      code = b[p] as number;
      // PAD and END only mean something in dhcp4 and inside option 43 (Kea "flexible pad/end").
      const padEnd = space === 'dhcp4' || space === 'vendor-encapsulated-options-space';
      if (padEnd && code === 255) return null;
      if (padEnd && code === 0) { p++; continue; }
      if (end - p < 2 || end - p - 2 < (b[p + 1] as number)) return null;
      len = b[p + 1] as number;
      p += 2;
    } else {
      if (end - p < 4) return null;
      code = ((b[p] as number) << 8) | (b[p + 1] as number);
      len = ((b[p + 2] as number) << 8) | (b[p + 3] as number);
      p += 4;
      if (end - p < len) return null;
    }
    const why = checkOneSubOption(space, code, b.subarray(p, p + len), inner);
    if (why !== null) return `sub-option ${code} of space '${space}': ${why}`;
    p += len;
  }
  return null;
}

/** Checks one sub-option against its definition, plus Kea's `sanityCheckScalarLength`. */
function checkOneSubOption(space: string, code: number, data: Uint8Array, ctx: ReadContext): string | null {
  if (ctx.family === 6 && code === 17) return checkVendorBlock6(data, ctx);
  if (space === 'dhcp4' && (code === 43 || code === 124 || code === 125 || (code >= 224 && code <= 254))) {
    return null; // Kea defers or special-cases these when unpacking
  }
  const def = ctx.lookup(space, code);
  if (def === undefined) return null;
  const fixed = fixedTypeLength(def.type);
  if (fixed > 0 && data.length > fixed && !def.array && def.encapsulate === '') {
    return `length ${data.length} is more than the ${fixed} octets of a ${def.type}`;
  }
  return ctx.check(def, data, ctx);
}

/** Kea `unpackVendorOptions6`: TLVs of the vendor's space; truncation is an error here. */
export function checkVendorBlock6(data: Uint8Array, ctx: ReadContext): string | null {
  if (data.length < 4) return 'truncated vendor option (needs a 4-octet enterprise id)';
  const vendor = new DataView(data.buffer, data.byteOffset).getUint32(0);
  let p = 4;
  while (p < data.length) {
    if (data.length - p < 4) return 'vendor sub-option header is truncated';
    const code = ((data[p] as number) << 8) | (data[p + 1] as number);
    const len = ((data[p + 2] as number) << 8) | (data[p + 3] as number);
    p += 4;
    if (data.length - p < len) return `vendor sub-option ${code} is truncated`;
    const def = ctx.lookup(`vendor-${vendor}`, code);
    const why = def === undefined ? null : ctx.check(def, data.subarray(p, p + len), ctx);
    if (why !== null) return `vendor-${vendor} sub-option ${code}: ${why}`;
    p += len;
  }
  return null;
}

/** LibDHCP::unpackVendorOptions4: one data-len-prefixed block of sub-options, checked strictly. */
export function checkVendorBlock4(b: Uint8Array, ctx: ReadContext): string | null {
  const vendor = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0);
  if (b.length === 4) return null;
  const blockLen = b[4] as number;
  const end = 5 + blockLen;
  if (end > b.length) return 'vendor option data is truncated';
  for (let p = 5; p < end;) {
    const code = b[p++] as number;
    if (p + 1 > end) return `vendor sub-option ${code} is truncated`;
    const len = b[p++] as number;
    if (p + len > end) return `vendor sub-option ${code} is truncated`;
    const def = ctx.lookup(`vendor-${vendor}`, code);
    const why = def === undefined ? null : ctx.check(def, b.subarray(p, p + len), { ...ctx, sink: null });
    if (why !== null) return `vendor-${vendor} sub-option ${code}: ${why}`;
    p += len;
  }
  return null;
}
