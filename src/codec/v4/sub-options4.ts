/**
 * What DHCPv4 options carry inside: sub-option lists (option 82 and other encapsulating
 * options; option 43 once the server knows its space) and the per-enterprise blocks of options
 * 124 and 125 (RFC 3925). Kea's rules: `LibDHCP::unpackOptions4` (sub-options),
 * `extendVendorOptions4` / `unpackVendorOptions4` (124/125) in src/lib/dhcp/libdhcp++.cc.
 * Pure: no I/O. Decoders never throw.
 */
import { CodecError } from './errors.js';
import { addInstance, fuseInstances, type Repeats } from './instances.js';

/** How to read a sub-option list. */
export interface SubOptionsOptions4 {
  /**
   * Treat code 0 as PAD and 255 as END. Kea does so in the dhcp4 space and, for option 43,
   * when the space defines no option 0/255 ("flexible pad/end"); not in option 82.
   */
  padEnd?: boolean;
}

/**
 * The sub-options of `payload` (code → payload), RFC 3396-style: the instances of a repeated
 * code are concatenated in order. A truncated last sub-option is ignored, as Kea does. Payloads
 * are views into `payload` except for concatenated ones.
 *
 * @example
 * const rai = decodeSubOptions(query.options.get(82)!);
 * rai.get(1); // circuit-id
 */
export function decodeSubOptions(payload: Uint8Array, opts?: SubOptionsOptions4): Map<number, Uint8Array> {
  const padEnd = opts?.padEnd === true;
  const map = new Map<number, Uint8Array>();
  let parts: Repeats = null;
  const n = payload.length;
  let p = 0;
  while (p < n) {
    const code = payload[p] as number;
    if (padEnd && code === 0) { p++; continue; }
    if (padEnd && code === 255) break;
    if (p + 2 > n || p + 2 + (payload[p + 1] as number) > n) break;
    const data = payload.subarray(p + 2, p + 2 + (payload[p + 1] as number));
    p += 2 + data.length;
    parts = addInstance(map, parts, code, data);
  }
  fuseInstances(map, parts);
  return map;
}

/**
 * Sub-options as wire bytes, in the given order; a payload longer than 255 octets becomes
 * several instances (RFC 3396, as Kea's `splitOptions4` does for sub-options).
 * @throws CodecError `ERR_CODEC_BAD_OPTION_CODE` for a code outside 0-255.
 */
export function encodeSubOptions(entries: Iterable<readonly [number, Uint8Array]>): Uint8Array {
  const list = [...entries];
  let size = 0;
  for (const [code, data] of list) {
    if (!Number.isInteger(code) || code < 0 || code > 255) {
      throw new CodecError('ERR_CODEC_BAD_OPTION_CODE', `sub-option code ${code} is not in 0-255`, code);
    }
    size += data.length === 0 ? 2 : data.length + 2 * Math.ceil(data.length / 255);
  }
  const out = new Uint8Array(size);
  let pos = 0;
  for (const [code, data] of list) {
    let off = 0;
    do {
      const len = Math.min(255, data.length - off);
      out[pos] = code;
      out[pos + 1] = len;
      out.set(data.subarray(off, off + len), pos + 2);
      pos += 2 + len;
      off += len;
    } while (off < data.length);
  }
  return out;
}

/**
 * Option 125 (V-I vendor-specific information, RFC 3925 §4): enterprise number → its
 * sub-options (the data of every block of that enterprise, concatenated). `null` when the
 * option is malformed — fewer than 4 octets for an enterprise number, a block longer than what
 * remains, or a sub-option running past its block — in which case Kea ignores the whole
 * option (`extendVivso` erases it). An enterprise number with no data-len octet after it maps
 * to an empty payload, as in Kea.
 *
 * @example
 * vendorOptions125(query.options.get(125)!)?.get(4491); // CableLabs sub-options
 */
export function vendorOptions125(payload: Uint8Array): Map<number, Uint8Array> | null {
  const map = new Map<number, Uint8Array>();
  let parts: Repeats = null;
  const n = payload.length;
  let p = 0;
  while (p < n) {
    if (n - p < 4) return null;
    const id = readU32(payload, p);
    p += 4;
    let data: Uint8Array = payload.subarray(p, p);
    if (p < n) {
      const end = p + 1 + (payload[p] as number);
      if (end > n || !isTlvList(payload, p + 1, end)) return null;
      data = payload.subarray(p + 1, end);
      p = end;
    }
    parts = addInstance(map, parts, id, data);
  }
  fuseInstances(map, parts);
  return map;
}

/**
 * Option 124 (V-I vendor class, RFC 3925 §3): enterprise number → the data of each of its
 * blocks, in order (Kea keeps each block as one tuple). `null` when fewer than 4 octets remain
 * for an enterprise number (Kea drops the whole option). A block running past the end stops
 * the reading (Kea's OpaqueDataTupleError) unless `lenient`, which takes the rest as the data
 * (Kea's lenient OpaqueDataTuple::unpack).
 */
export function vendorClasses124(payload: Uint8Array, opts?: { lenient?: boolean }): Map<number, Uint8Array[]> | null {
  const map = new Map<number, Uint8Array[]>();
  const n = payload.length;
  let p = 0;
  while (p < n) {
    if (n - p < 4) return null;
    const id = readU32(payload, p);
    p += 4;
    if (p >= n) break;
    let end = p + 1 + (payload[p] as number);
    if (end > n) {
      if (opts?.lenient !== true) break;
      end = n;
    }
    const blocks = map.get(id);
    const data = payload.subarray(p + 1, end);
    if (blocks === undefined) map.set(id, [data]);
    else blocks.push(data);
    p = end;
  }
  return map;
}

/**
 * Option 125 payload from enterprise number → sub-options. Data longer than 255 octets is cut
 * into several blocks of the same enterprise, at sub-option boundaries where it can be (Kea
 * parses each block on its own).
 * @throws CodecError `ERR_CODEC_FIELD_RANGE` for an enterprise number outside 0-2^32-1.
 */
export function encodeVendorOptions125(entries: Iterable<readonly [number, Uint8Array]>): Uint8Array {
  const blocks: Array<[number, Uint8Array]> = [];
  for (const [id, data] of entries) {
    checkEnterprise(id);
    let start = 0;
    do {
      const end = blockEnd(data, start);
      blocks.push([id, data.subarray(start, end)]);
      start = end;
    } while (start < data.length);
  }
  return writeBlocks(blocks);
}

/**
 * Option 124 payload from enterprise number → its blocks (one per vendor-class data set).
 * @throws CodecError `ERR_CODEC_FIELD_RANGE` for a block over 255 octets or a bad enterprise number.
 */
export function encodeVendorClasses124(entries: Iterable<readonly [number, readonly Uint8Array[]]>): Uint8Array {
  const blocks: Array<[number, Uint8Array]> = [];
  for (const [id, list] of entries) {
    checkEnterprise(id);
    for (const data of list) {
      if (data.length > 255) {
        throw new CodecError('ERR_CODEC_FIELD_RANGE', `vendor class data of enterprise ${id} has ${data.length} octets; a block holds 255`, 124);
      }
      blocks.push([id, data]);
    }
  }
  return writeBlocks(blocks);
}

/** The end of the block starting at `start`: whole sub-options up to 255 octets, else 255 raw. */
function blockEnd(data: Uint8Array, start: number): number {
  let end = start;
  while (end + 2 <= data.length) {
    const next = end + 2 + (data[end + 1] as number);
    if (next > data.length || next - start > 255) break;
    end = next;
  }
  return end > start ? end : Math.min(start + 255, data.length);
}

function writeBlocks(blocks: Array<[number, Uint8Array]>): Uint8Array {
  let size = 0;
  for (const [, data] of blocks) size += 5 + data.length;
  const out = new Uint8Array(size);
  let pos = 0;
  for (const [id, data] of blocks) {
    out[pos] = id >>> 24;
    out[pos + 1] = id >>> 16;
    out[pos + 2] = id >>> 8;
    out[pos + 3] = id;
    out[pos + 4] = data.length;
    out.set(data, pos + 5);
    pos += 5 + data.length;
  }
  return out;
}

function checkEnterprise(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
    throw new CodecError('ERR_CODEC_FIELD_RANGE', `enterprise number ${id} is not in 0-4294967295`);
  }
}

/** Kea's unpackVendorOptions4: code + length + data, no PAD or END, nothing past `end`. */
function isTlvList(b: Uint8Array, start: number, end: number): boolean {
  let p = start;
  while (p < end) {
    if (p + 2 > end) return false;
    p += 2 + (b[p + 1] as number);
  }
  return p === end;
}

function readU32(b: Uint8Array, p: number): number {
  return (b[p] as number) * 0x1000000 + (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number));
}

