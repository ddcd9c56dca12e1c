/**
 * `Packet4` → DHCPv4 datagram, in Kea's option order (`Pkt4::pack` in src/lib/dhcp/pkt4.cc,
 * `LibDHCP::packOptions4` in libdhcp++.cc), with RFC 3396 splitting and, past `maxSize`,
 * RFC 2131 §4.1 option overload. Pure: no I/O.
 */
import { CodecError } from './errors.js';
import { Header4, type Packet4 } from './packet4.js';
import { zeroedBytes } from './slab.js';

/** How to encode. */
export interface EncodeOptions4 {
  /**
   * The largest datagram (UDP payload) to produce, usually `maxReplySize4(query)`. When the
   * options do not fit, the encoder moves options into the file and sname fields that are
   * empty (all zero), with option 52 (RFC 2131 §4.1). When they still do not fit, or both fields
   * are in use, it encodes the packet without overload and returns more than `maxSize` octets,
   * as Kea would (Kea never overloads and ignores option 57); the caller can compare lengths.
   * Undefined: no limit, never overload (Kea's behaviour).
   */
  maxSize?: number;
  /**
   * Zero padding up to this length (never beyond `maxSize`). Default 300, the BOOTP minimum
   * of RFC 1542 §2.1 that ISC dhcpd pads to; Kea pads only BOOTP replies (its bootp hook's
   * pkt4_send) and sends DHCP replies unpadded: pass 0 for Kea's exact bytes.
   */
  minSize?: number;
}

/** RFC 1542 §2.1: the minimum BOOTP message (236 + a 64-octet vendor field). */
export const BOOTP_MIN_LENGTH = 300;

/**
 * Encodes a packet into one new array (cut from a shared slab: slab.ts). Options go in Kea's order: 53 first, then the others by
 * ascending code, then 82 (RFC 3046 §2.1 wants it last), then END. Each payload longer than 255
 * octets is split into 255-octet instances (RFC 3396). Option 52 in `options` is ignored: the
 * encoder writes its own when it overloads. A `chaddr`/`sname`/`file` shorter than its field is
 * zero-padded.
 *
 * @throws CodecError `ERR_CODEC_FIELD_RANGE` when a header field does not fit its width
 *   (never for a packet `decodePacket4` returned).
 * @example
 * const datagram = encodePacket4(ack, { maxSize: maxReplySize4(query) });
 */
export function encodePacket4(p: Packet4, opts?: EncodeOptions4): Uint8Array {
  checkHeader(p);
  const maxSize = opts?.maxSize;
  const minSize = Math.min(opts?.minSize ?? BOOTP_MIN_LENGTH, maxSize ?? Infinity);
  const codes = orderedCodes(p);
  let optionBytes = 0;
  for (const code of codes) optionBytes += wireSize((p.options.get(code) as Uint8Array).length);
  const natural = Header4.optionsOffset + optionBytes + 1;
  if (maxSize !== undefined && natural > maxSize) {
    // First-fit in wire order; when that packs badly, first-fit by decreasing size.
    const overloaded = encodeOverloaded(p, codes, maxSize, minSize) ?? encodeOverloaded(p, largestFirst(p, codes), maxSize, minSize);
    if (overloaded !== null) return overloaded;
  }
  const out = zeroedBytes(Math.max(natural, minSize));
  writeHeader(out, p, true, true);
  let pos: number = Header4.optionsOffset;
  for (const code of codes) pos = writeOption(out, pos, code, p.options.get(code) as Uint8Array);
  out[pos] = 255;
  return out;
}

/** 53, the rest by code (Kea's OptionCollection is a multimap keyed by code), 82 last; no 52. */
function orderedCodes(p: Packet4): number[] {
  const codes: number[] = [];
  if (p.options.has(53)) codes.push(53);
  const first = codes.length;
  for (const code of p.options.codes()) {
    if (code === 52 || code === 53 || code === 82) continue;
    // insertion sort: a reply has a few dozen options at most
    let i = codes.length;
    while (i > first && (codes[i - 1] as number) > code) i--;
    codes.splice(i, 0, code);
  }
  if (p.options.has(82)) codes.push(82);
  return codes;
}

/** `codes` with 53 first and the rest by decreasing payload length (stable). */
function largestFirst(p: Packet4, codes: number[]): number[] {
  const size = (c: number): number => (p.options.get(c) as Uint8Array).length;
  const rest = codes.filter((c) => c !== 53).sort((a, b) => size(b) - size(a));
  return codes[0] === 53 ? [53, ...rest] : rest;
}

/** Octets an option of `len` payload octets takes: one 2-octet header per 255-octet piece. */
function wireSize(len: number): number {
  return len === 0 ? 2 : len + 2 * Math.ceil(len / 255);
}

function writeOption(out: Uint8Array, pos: number, code: number, payload: Uint8Array): number {
  const len = payload.length;
  if (len <= 255) {
    // the common case: one instance, no subarray view
    out[pos] = code;
    out[pos + 1] = len;
    out.set(payload, pos + 2);
    return pos + 2 + len;
  }
  let off = 0;
  do {
    const n = Math.min(255, payload.length - off);
    out[pos] = code;
    out[pos + 1] = n;
    out.set(payload.subarray(off, off + n), pos + 2);
    pos += 2 + n;
    off += n;
  } while (off < payload.length);
  return pos;
}

function writeHeader(out: Uint8Array, p: Packet4, withSname: boolean, withFile: boolean): void {
  out[0] = p.op;
  out[1] = p.htype;
  out[2] = p.hlen;
  out[3] = p.hops;
  writeU32(out, 4, p.xid);
  out[8] = p.secs >>> 8;
  out[9] = p.secs;
  out[10] = p.flags >>> 8;
  out[11] = p.flags;
  writeU32(out, 12, p.ciaddr);
  writeU32(out, 16, p.yiaddr);
  writeU32(out, 20, p.siaddr);
  writeU32(out, 24, p.giaddr);
  out.set(p.chaddr, Header4.chaddrOffset);
  if (withSname) out.set(p.sname, Header4.snameOffset);
  if (withFile) out.set(p.file, Header4.fileOffset);
  writeU32(out, Header4.cookieOffset, Header4.cookie);
}

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = v >>> 16;
  out[at + 2] = v >>> 8;
  out[at + 3] = v;
}

/**
 * RFC 2131 §4.1 overload: options, in the order of `codes` (53 and then 52 first), first-fit into
 * the options field (up to `maxSize`), then `file`, then `sname` (the order RFC 3396 §7
 * concatenates them in), each area closed by END.
 * An option of up to 255 octets is never split, so a client without RFC 3396 still reads it;
 * a longer one is split across areas in that order. Returns `null` when the options do not fit.
 */
function encodeOverloaded(p: Packet4, codes: number[], maxSize: number, minSize: number): Uint8Array | null {
  const useFile = isEmptyField(p.file);
  const useSname = isEmptyField(p.sname);
  if ((!useFile && !useSname) || maxSize < Header4.optionsOffset + 4) return null;
  const out = zeroedBytes(Math.max(maxSize, minSize));
  // Cursors and limits (END excluded) of the three areas; an area not usable has no room.
  const pos: number[] = [Header4.optionsOffset, Header4.fileOffset, Header4.snameOffset];
  const end = [maxSize - 1, useFile ? Header4.length - 1 : 0, useSname ? Header4.fileOffset - 1 : 0];
  let at52 = -1;
  const items = codes[0] === 53 ? [53, 52, ...codes.slice(1)] : [52, ...codes];
  for (const code of items) {
    if (code === 52) {
      if ((end[0] as number) - (pos[0] as number) < 3) return null;
      at52 = pos[0] as number;
      pos[0] = at52 + 3;
      continue;
    }
    const payload = p.options.get(code) as Uint8Array;
    const placed = payload.length <= 255
      ? placeWhole(out, pos, end, code, payload)
      : placeSplit(out, pos, end, code, payload);
    if (!placed) return null;
  }
  const usedFile = pos[1] !== Header4.fileOffset;
  const usedSname = pos[2] !== Header4.snameOffset;
  if (!usedFile && !usedSname) return null;
  writeHeader(out, p, !useSname, !useFile);
  out[at52] = 52;
  out[at52 + 1] = 1;
  out[at52 + 2] = (usedFile ? 1 : 0) | (usedSname ? 2 : 0);
  if (usedFile) out[pos[1] as number] = 255;
  if (usedSname) out[pos[2] as number] = 255;
  const mainEnd = pos[0] as number;
  out[mainEnd] = 255;
  return out.subarray(0, Math.max(mainEnd + 1, minSize));
}

/** Writes a ≤255-octet option whole into the first area with room. */
function placeWhole(out: Uint8Array, pos: number[], end: number[], code: number, payload: Uint8Array): boolean {
  for (let a = 0; a < 3; a++) {
    const at = pos[a] as number;
    if ((end[a] as number) - at >= payload.length + 2) {
      pos[a] = writeOption(out, at, code, payload);
      return true;
    }
  }
  return false;
}

/** Writes a >255-octet option as pieces, filling areas in order and never going back. */
function placeSplit(out: Uint8Array, pos: number[], end: number[], code: number, payload: Uint8Array): boolean {
  let off = 0;
  for (let a = 0; a < 3 && off < payload.length; a++) {
    let at = pos[a] as number;
    const limit = end[a] as number;
    while (off < payload.length && limit - at >= 3) {
      const n = Math.min(255, payload.length - off, limit - at - 2);
      out[at] = code;
      out[at + 1] = n;
      out.set(payload.subarray(off, off + n), at + 2);
      at += 2 + n;
      off += n;
    }
    pos[a] = at;
  }
  return off === payload.length;
}

/** A field the encoder may fill with options: empty or all zero. */
function isEmptyField(f: Uint8Array): boolean {
  for (let i = 0; i < f.length; i++) if (f[i] !== 0) return false;
  return true;
}

function checkHeader(p: Packet4): void {
  checkUint('op', p.op, 0xff);
  checkUint('htype', p.htype, 0xff);
  checkUint('hlen', p.hlen, 0xff);
  checkUint('hops', p.hops, 0xff);
  checkUint('xid', p.xid, 0xffffffff);
  checkUint('secs', p.secs, 0xffff);
  checkUint('flags', p.flags, 0xffff);
  checkUint('ciaddr', p.ciaddr, 0xffffffff);
  checkUint('yiaddr', p.yiaddr, 0xffffffff);
  checkUint('siaddr', p.siaddr, 0xffffffff);
  checkUint('giaddr', p.giaddr, 0xffffffff);
  checkBytes('chaddr', p.chaddr, Header4.chaddrLength);
  checkBytes('sname', p.sname, Header4.snameLength);
  checkBytes('file', p.file, Header4.fileLength);
}

function checkUint(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new CodecError('ERR_CODEC_FIELD_RANGE', `${name} ${v} is not an integer in 0-${max}`);
  }
}

function checkBytes(name: string, b: Uint8Array, max: number): void {
  if (b.length > max) {
    throw new CodecError('ERR_CODEC_FIELD_RANGE', `${name} has ${b.length} octets; the field holds ${max}`);
  }
}
