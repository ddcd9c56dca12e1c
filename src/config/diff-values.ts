/**
 * Value helpers for the semantic diff: defensive readers of untrusted config values, canonical
 * text for addresses and prefixes, order-insensitive equality, field flattening and range
 * arithmetic. Pure.
 */
import { formatAddress, parseAddress, parsePrefix, type AddressRange } from '../net/index.js';
import { isSecretKey } from './redact.js';
import { isObj, list } from './access.js';

export { int } from './access.js';

export type ConfigMap = Readonly<Record<string, unknown>>;

/** True for a plain JSON object (not an array, not null). */
export const isMap: (v: unknown) => v is ConfigMap = isObj;

/** The value as a map, or an empty one. */
export function asMap(v: unknown): ConfigMap {
  return isMap(v) ? v : {};
}

/** The value as a list; anything else is an empty list. */
export const asList: (v: unknown) => readonly unknown[] = list;

/** The value when it is a string, trimmed and non-empty. */
export function nonBlank(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}


/** JSON text with object keys sorted, so that key order never makes two values differ. */
export function stableStringify(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`).join(',')}}`;
  }
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v);
}

/** Equality by meaning: key order is ignored, list order is not. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return stableStringify(a) === stableStringify(b);
}

/** Canonical address text (`2001:DB8::01` → `2001:db8::1`), or the text as written. */
export function canonicalAddress(text: string): string {
  const a = parseAddress(text.trim());
  return a === null ? text.trim() : formatAddress(a.family, a.value);
}

/** Canonical prefix text (`10.0.12.0/24`), or the text as written. */
export function canonicalPrefix(text: string): string {
  const p = parsePrefix(text.replace(/\s+/g, ''));
  return p === null ? text.trim() : `${formatAddress(p.family, p.address)}/${p.length}`;
}

/** The key a flattened field name ends with: `hosts-databases[0].password` → `password`. */
export function lastSegment(field: string): string {
  const cut = field.replace(/(\[\d+\])+$/, '');
  return cut.slice(cut.lastIndexOf('.') + 1);
}

/** True when any key on the field's path is a secret. */
export function isSecretField(field: string): boolean {
  return field.split('.').some((seg) => isSecretKey(seg.replace(/\[\d+\]/g, '')));
}

/**
 * Flattens the keys of `map` other than `exclude` into `field → value`: nested maps become
 * `a.b`, lists of maps `a[0].b`, other lists stay whole (sorted when their key is in
 * `unordered`). A secret key is a leaf, so that redaction can hide the whole value.
 */
export function flattenFields(
  map: ConfigMap,
  exclude: ReadonlySet<string>,
  unordered: ReadonlySet<string>,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(map)) {
    // Kea keeps `comment` as `user-context.comment`; both spellings are one field.
    if (!exclude.has(k)) flattenInto(out, k === 'comment' && typeof v === 'string' ? 'user-context.comment' : k, v, unordered);
  }
  return out;
}

function flattenInto(out: Map<string, unknown>, name: string, v: unknown, unordered: ReadonlySet<string>): void {
  if (v === undefined) return;
  if (isSecretKey(lastSegment(name))) {
    out.set(name, v);
  } else if (isMap(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) out.set(name, {});
    for (const [k, sub] of entries) flattenInto(out, `${name}.${k}`, sub, unordered);
  } else if (Array.isArray(v) && v.length > 0 && v.every(isMap)) {
    v.forEach((el, i) => flattenInto(out, `${name}[${i}]`, el, unordered));
  } else if (Array.isArray(v) && unordered.has(lastSegment(name))) {
    out.set(name, sortedList(v));
  } else {
    out.set(name, v);
  }
}

/** A copy of the list sorted by canonical text. */
export function sortedList(v: readonly unknown[]): unknown[] {
  return [...v].sort((a, b) => compareText(stableStringify(a), stableStringify(b)));
}

/** Plain code-unit string order, independent of locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The parts of `range` that none of `others` covers, in address order. */
export function subtractRanges(range: AddressRange, others: readonly AddressRange[]): AddressRange[] {
  const cuts = others
    .filter((o) => o.family === range.family && o.last >= range.first && o.first <= range.last)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: AddressRange[] = [];
  let next = range.first;
  for (const c of cuts) {
    if (c.first > next) out.push({ family: range.family, first: next, last: c.first - 1n });
    if (c.last + 1n > next) next = c.last + 1n;
    if (next > range.last) return out;
  }
  if (next <= range.last) out.push({ family: range.family, first: next, last: range.last });
  return out;
}

/**
 * The range as the fewest aligned CIDR blocks that cover it exactly (`2001:db8:1::/48`), or
 * `null` when that takes more than `max` blocks.
 */
export function rangeToPrefixes(r: AddressRange, max: number): string[] | null {
  const bits = r.family === 4 ? 32 : 128;
  const out: string[] = [];
  let first = r.first;
  while (first <= r.last) {
    if (out.length === max) return null;
    let size = 0;
    while (size < bits && fitsBlock(first, size + 1, r.last)) size++;
    out.push(`${formatAddress(r.family, first)}/${bits - size}`);
    first += 1n << BigInt(size);
  }
  return out;
}

/** True when a block of 2^sizeBits addresses starting at `first` is aligned and ends by `last`. */
function fitsBlock(first: bigint, sizeBits: number, last: bigint): boolean {
  const span = 1n << BigInt(sizeBits);
  return (first & (span - 1n)) === 0n && first + span - 1n <= last;
}
