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
  if (text.length < 2 || text.length > 45) return null;
  const doubleColon = text.indexOf('::');
  if (doubleColon !== -1 && text.indexOf('::', doubleColon + 1) !== -1) return null;
  const head = doubleColon === -1 ? text : text.slice(0, doubleColon);
  const tail = doubleColon === -1 ? '' : text.slice(doubleColon + 2);
  const headGroups = parseGroups(head, doubleColon === -1);
  const tailGroups = parseGroups(tail, true);
  if (headGroups === null || tailGroups === null) return null;
  const total = headGroups.length + tailGroups.length;
  if (doubleColon === -1 ? total !== 8 : total > 7) return null;
  const groups = [...headGroups, ...new Array<number>(8 - total).fill(0), ...tailGroups];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/** Parses colon-separated hex groups; an embedded IPv4 address is allowed last when `mayEndV4`. */
function parseGroups(part: string, mayEndV4: boolean): number[] | null {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    if (mayEndV4 && i === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseIPv4(piece);
      if (v4 === null) return null;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      groups.push(parseInt(piece, 16));
    }
  }
  return groups;
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
