/**
 * Family-generic addresses, prefixes and ranges, for config validation and diffing.
 * Values are bigints so that one code path serves IPv4 and IPv6. Pure: no I/O.
 */
import { formatIPv4, parseIPv4 } from './ipv4.js';
import { formatIPv6, parseIPv6 } from './ipv6.js';

export type Family = 4 | 6;

/** An address of either family. */
export interface Address {
  readonly family: Family;
  readonly value: bigint;
}

/** A prefix `address/length`; `address` keeps the bits as written (see {@link hasHostBits}). */
export interface Prefix {
  readonly family: Family;
  readonly address: bigint;
  readonly length: number;
}

/** An inclusive range of addresses of one family. */
export interface AddressRange {
  readonly family: Family;
  readonly first: bigint;
  readonly last: bigint;
}

/** Width of an address of the family, in bits. */
export function familyBits(family: Family): number {
  return family === 4 ? 32 : 128;
}

/** Parses an address of either family, or only of `family` when given. */
export function parseAddress(text: string, family?: Family): Address | null {
  if (family !== 6) {
    const v4 = parseIPv4(text);
    if (v4 !== null) return { family: 4, value: BigInt(v4) };
  }
  if (family !== 4) {
    const v6 = parseIPv6(text);
    if (v6 !== null) return { family: 6, value: v6 };
  }
  return null;
}

/** Formats an address value in its family's canonical text. */
export function formatAddress(family: Family, value: bigint): string {
  return family === 4 ? formatIPv4(Number(value)) : formatIPv6(value);
}

/** Parses `address/length` (no spaces); returns `null` when malformed or out of range. */
export function parsePrefix(text: string, family?: Family): Prefix | null {
  const slash = text.indexOf('/');
  if (slash === -1) return null;
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return null;
  const addr = parseAddress(text.slice(0, slash), family);
  if (addr === null) return null;
  const length = Number(lenText);
  if (length > familyBits(addr.family)) return null;
  return { family: addr.family, address: addr.value, length };
}

/** The mask of a prefix length in the family. */
export function prefixMask(family: Family, length: number): bigint {
  const bits = BigInt(familyBits(family));
  const all = (1n << bits) - 1n;
  return length === 0 ? 0n : (all << (bits - BigInt(length))) & all;
}

/** True when the prefix has bits set beyond its length (`10.0.0.1/24`). */
export function hasHostBits(p: Prefix): boolean {
  return (p.address & ~prefixMask(p.family, p.length)) !== 0n;
}

/** The range of addresses a prefix covers. */
export function prefixRange(p: Prefix): AddressRange {
  const mask = prefixMask(p.family, p.length);
  const first = p.address & mask;
  const all = (1n << BigInt(familyBits(p.family))) - 1n;
  return { family: p.family, first, last: first | (~mask & all) };
}

/**
 * Parses a subnet prefix as Kea does: whitespace anywhere is ignored (`"192.0.2.0 / 24"`),
 * as Kea's subnet parser removes it before parsing.
 */
export function parseSubnetPrefix(text: string, family: Family): Prefix | null {
  return parsePrefix(text.replace(/\s+/g, ''), family);
}

/**
 * Parses a pool as Kea writes it: `first - last` or a prefix `address/len`; whitespace anywhere
 * is ignored, as Kea's pool parser removes it. Returns `null` when malformed, of the wrong
 * family, or reversed.
 */
export function parsePool(text: string, family: Family): AddressRange | null {
  const trimmed = text.replace(/\s+/g, '');
  if (trimmed.includes('/')) {
    const p = parsePrefix(trimmed, family);
    return p === null ? null : prefixRange(p);
  }
  // Neither family's address text contains '-', so the first dash separates the ends.
  const dash = trimmed.indexOf('-');
  if (dash === -1) return null;
  const first = parseAddress(trimmed.slice(0, dash), family);
  const last = parseAddress(trimmed.slice(dash + 1), family);
  if (first === null || last === null || first.value > last.value) return null;
  return { family, first: first.value, last: last.value };
}

/** Formats a range as `first-last`. */
export function formatRange(r: AddressRange): string {
  return `${formatAddress(r.family, r.first)}-${formatAddress(r.family, r.last)}`;
}

/** Number of addresses in the range. */
export function rangeSize(r: AddressRange): bigint {
  return r.last - r.first + 1n;
}

/** True when `outer` contains all of `inner`. */
export function rangeContains(outer: AddressRange, inner: AddressRange): boolean {
  return outer.family === inner.family && inner.first >= outer.first && inner.last <= outer.last;
}

/** True when the range contains the address value. */
export function rangeHas(r: AddressRange, family: Family, value: bigint): boolean {
  return r.family === family && value >= r.first && value <= r.last;
}

/** True when two ranges share at least one address. */
export function rangesOverlap(a: AddressRange, b: AddressRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}
