/**
 * IPv6 addresses as unsigned 128-bit bigints. Pure: no I/O.
 *
 * Parsing accepts what `inet_pton(AF_INET6)` accepts (RFC 4291 §2.2: eight groups, one `::`,
 * an embedded dotted quad at the end); formatting follows RFC 5952 (lowercase, longest run of
 * zero groups compressed, a single zero group never compressed).
 */
import { parseIPv4 } from './ipv4.js';

const MAX128 = (1n << 128n) - 1n;

/** Parses an IPv6 address; returns `null` when the text is not one. Zone ids are rejected. */
export function parseIPv6(text: string): bigint | null {
  // A single pass over the characters: a config with 100 000 reservations parses this often.
  const n = text.length;
  if (n < 2 || n > 45) return null;
  const groups = GROUPS;
  let count = 0;
  let gap = -1; // index in `groups` where '::' stands
  let i = 0;
  if (text.charCodeAt(0) === 0x3a) {
    if (text.charCodeAt(1) !== 0x3a) return null;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let value = 0;
    let digits = 0;
    let d: number;
    while (i < n && (d = hexValue(text.charCodeAt(i))) >= 0) {
      value = value * 16 + d;
      digits++;
      i++;
    }
    if (i < n && text.charCodeAt(i) === 0x2e) {
      // an embedded dotted quad ends the address and fills two groups
      const v4 = count <= 6 ? parseIPv4(text.slice(start)) : null;
      if (v4 === null) return null;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      break;
    }
    if (digits === 0 || digits > 4 || count === 8) return null;
    groups[count++] = value;
    if (i === n) break;
    if (text.charCodeAt(i) !== 0x3a || ++i === n) return null;
    if (text.charCodeAt(i) === 0x3a) {
      if (gap !== -1) return null;
      gap = count;
      i++;
    }
  }
  if (gap === -1 ? count !== 8 : count > 7) return null;
  let value = 0n;
  let hi = 0;
  for (let k = 0, pos = 0; pos < 8; pos++) {
    const g = gap !== -1 && pos >= gap && pos < gap + 8 - count ? 0 : (groups[k++] as number);
    // accumulate two groups at a time to halve the bigint operations
    if ((pos & 1) === 0) hi = g;
    else value = (value << 32n) | BigInt(hi * 0x10000 + g);
  }
  return value;
}

const GROUPS = [0, 0, 0, 0, 0, 0, 0, 0];

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
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
