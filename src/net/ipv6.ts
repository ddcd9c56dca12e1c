/**
 * IPv6 addresses as unsigned 128-bit bigints. Pure: no I/O.
 *
 * Parsing accepts what `inet_pton(AF_INET6)` accepts (RFC 4291 §2.2: eight groups, one `::`,
 * an embedded dotted quad at the end); formatting follows RFC 5952 (lowercase, longest run of
 * zero groups compressed, a single zero group never compressed).
 */
import { parseIPv4 } from './ipv4.js';
import { hexDigit } from './hex.js';

const MAX128 = (1n << 128n) - 1n;

/**
 * Parses an IPv6 address into 16 bytes, network order; `null` when the text is not one. A single
 * pass over the characters and no bigint: option encoders and reservations parse this often.
 */
export function parseIPv6Bytes(s: string): Uint8Array | null {
  const n = s.length;
  if (n < 2 || n > 45) return null;
  const out = new Uint8Array(16);
  let at = 0; // next byte to fill
  let gap = -1; // byte index where '::' stands
  let i = 0;
  if (s.charCodeAt(0) === 0x3a) {
    if (s.charCodeAt(1) !== 0x3a) return null;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let v = 0;
    let digits = 0;
    for (; i < n && digits < 5; i++, digits++) {
      const d = hexDigit(s.charCodeAt(i));
      if (d < 0) break;
      v = v * 16 + d;
    }
    if (digits === 0) return null;
    if (i < n && s.charCodeAt(i) === 0x2e) {
      // RFC 4291 §2.2 form 3: a dotted quad as the last 32 bits.
      const v4 = parseIPv4(s.slice(start));
      if (v4 === null || at > 12) return null;
      out[at++] = v4 >>> 24;
      out[at++] = v4 >>> 16;
      out[at++] = v4 >>> 8;
      out[at++] = v4;
      break;
    }
    if (digits > 4 || at >= 16) return null;
    out[at++] = v >>> 8;
    out[at++] = v;
    if (i === n) break;
    if (s.charCodeAt(i) !== 0x3a) return null;
    i++;
    if (i < n && s.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return null;
      gap = at;
      i++;
    } else if (i === n) {
      return null; // a single trailing colon
    }
  }
  if (gap < 0) return at === 16 ? out : null;
  if (at > 14) return null; // '::' must stand for at least one group
  const tail = at - gap;
  out.copyWithin(16 - tail, gap, at);
  out.fill(0, gap, 16 - tail);
  return out;
}

/** Parses an IPv6 address; returns `null` when the text is not one. Zone ids are rejected. */
export function parseIPv6(text: string): bigint | null {
  const b = parseIPv6Bytes(text);
  if (b === null) return null;
  const word = (o: number): bigint => BigInt((((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>> 0);
  return (word(0) << 96n) | (word(4) << 64n) | (word(8) << 32n) | word(12);
}

/** Formats a 128-bit value in RFC 5952 canonical form. */
export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1; // RFC 5952 §4.2.2: a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** True when `text` is an IPv6 address. */
export function isIPv6(text: string): boolean {
  return parseIPv6(text) !== null;
}

/** The network mask of a prefix length (0..128). */
export function maskIPv6(prefixLen: number): bigint {
  return prefixLen === 0 ? 0n : (MAX128 << BigInt(128 - prefixLen)) & MAX128;
}

/** Writes a 128-bit value into 16 bytes, network order. */
export function ipv6ToBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(16);
  let v = value;
  for (let i = 15; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Reads 16 bytes (network order) as a 128-bit value. */
export function ipv6FromBytes(bytes: Uint8Array, offset = 0): bigint {
  let v = 0n;
  for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(bytes[offset + i] ?? 0);
  return v;
}
