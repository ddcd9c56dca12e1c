/**
 * The user_context column: JSON text exactly as Kea writes it (`Element::str()`, src/lib/cc/data.cc)
 * and read back with Kea's byte semantics. Pure.
 *
 * Kea's strings are byte strings. Its writer prints a string byte by byte: `"`, `\`, \b \f \n \r \t
 * get their escapes, any other byte below 0x20, 0x7f and every byte >= 0x80 (a negative `signed
 * char`) becomes `\u00XX`; its parser accepts only `\u00XX`. So "ü" (UTF-8 c3 bc) is written
 * `"\u00c3\u00bc"`. Here JS strings hold the UTF-8 decoding of those bytes: the writer emits the
 * UTF-8 bytes of each string as Kea would, the reader maps the JSON text's bytes (latin1) back.
 *
 * Maps print as `{ "a": 1, "b": [ 1, 2 ] }`, keys in std::map order (bytes, unsigned), empty
 * ones as `{  }`. Doubles print like `ostream << double` (6 significant digits, `%g`) with `.0`
 * added when that has no `.`/`e`. Kea prints keys raw; a key holding `"`, `\` or a control
 * character would make Kea write JSON it cannot read back, so those few characters are escaped
 * here (the only place our text differs from Kea's).
 *
 * LIMITATION: an integral double (`1.0` in Kea) is a JS integer after parsing and is written back
 * as `1`; integers beyond 2^53 lose precision; bytes that are not UTF-8 become U+FFFD; an exact
 * decimal tie at the 6th digit rounds up here and to even in glibc.
 */
import { HEX_OCTETS } from '../net/index.js';

const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder('utf-8');
const HEX = HEX_OCTETS;

/** Serializes a user context (or any JSON value) as Kea's `Element::str()` does. */
export function toKeaJson(value: unknown): string {
  const out: string[] = [];
  writeValue(value, out);
  return out.join('');
}

function writeValue(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (typeof value === 'number') {
    out.push(formatNumber(value));
  } else if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (typeof value === 'string') {
    out.push(quoteString(value));
  } else if (Array.isArray(value)) {
    out.push('[ ');
    value.forEach((item, i) => {
      if (i > 0) out.push(', ');
      writeValue(item === undefined ? null : item, out);
    });
    out.push(' ]');
  } else if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(compareUtf8);
    out.push('{ ');
    keys.forEach((key, i) => {
      if (i > 0) out.push(', ');
      out.push(`"${escapeKey(key)}": `);
      writeValue(record[key], out);
    });
    out.push(' }');
  } else {
    out.push('null');
  }
}

/** Kea's toJSON recursion limit: deeper (or cyclic) values cannot be written. */
const MAX_DEPTH = 100;

/** Why `value` cannot be a user context (a JSON map Kea can print), or null when it can. */
export function checkUserContext(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'userContext must be a JSON map or null';
  return checkJsonValue(value, 0);
}

function checkJsonValue(value: unknown, depth: number): string | null {
  if (depth > MAX_DEPTH) return `userContext is nested deeper than ${MAX_DEPTH} levels (or cyclic)`;
  switch (typeof value) {
    case 'string': case 'boolean': case 'bigint': case 'undefined':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `userContext holds ${value}, which JSON cannot`;
    case 'object': {
      if (value === null) return null;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return 'userContext holds an object that is not plain JSON';
      for (const item of Object.values(value)) {
        const why = checkJsonValue(item, depth + 1);
        if (why !== null) return why;
      }
      return null;
    }
    default:
      return `userContext holds a ${typeof value}, which JSON cannot`;
  }
}

/** IntElement prints int64 digits; DoubleElement prints `%g` plus `.0` when it looks integral. */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) {
    return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  }
  const text = formatDoubleLikeCpp(n);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** `std::ostream << double` with the default precision 6 (printf `%g`). */
export function formatDoubleLikeCpp(n: number): string {
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = n.toExponential(5);
  const ePos = exp.indexOf('e');
  const x = Number(exp.slice(ePos + 1));
  if (x < -4 || x >= 6) {
    const mantissa = stripZeros(exp.slice(0, ePos));
    const digits = String(Math.abs(x)).padStart(2, '0');
    return `${mantissa}e${x < 0 ? '-' : '+'}${digits}`;
  }
  return stripZeros(n.toFixed(5 - x));
}

function stripZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/** Kea's StringElement::toJSON over the UTF-8 bytes of `s`. */
function quoteString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s) && !/["\\]/.test(s)) return `"${s}"`;
  return `"${escapeJsonBytes(UTF8_ENCODER.encode(s), true)}"`;
}

function escapeJsonBytes(bytes: Uint8Array, escapeHigh: boolean): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x08) out += '\\b';
    else if (b === 0x0c) out += '\\f';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b < 0x20 || b === 0x7f || (escapeHigh && b >= 0x80)) out += `\\u00${HEX[b]}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

/** Keys are printed raw by Kea; only what would break the JSON is escaped (see the header). */
function escapeKey(key: string): string {
  if (!/["\\\x00-\x1f\x7f]/.test(key)) return key;
  return key.replace(/["\\\x00-\x1f\x7f]/g, (c) => escapeJsonBytes(Uint8Array.of(c.charCodeAt(0)), false));
}

/** std::map<std::string> order: unsigned bytes of the UTF-8 encoding. */
function compareUtf8(a: string, b: string): number {
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = UTF8_ENCODER.encode(a);
  const y = UTF8_ENCODER.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  }
  return x.length - y.length;
}

/**
 * Parses a user_context value: `latin1` holds the JSON text's bytes one per char (after the CSV
 * unescaping). Returns the map, or a message saying why Kea would reject it.
 */
export function parseKeaUserContext(latin1: string): Record<string, unknown> | string {
  const bad = checkUnicodeEscapes(latin1);
  if (bad !== null) return bad;
  let value: unknown;
  try {
    value = JSON.parse(latin1);
  } catch (err) {
    return `user context '${latin1}' is not JSON: ${(err as Error).message}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `user context '${latin1}' is not a JSON map`;
  }
  return /[\x80-\xff]/.test(latin1) ? (bytesToUtf8Deep(value) as Record<string, unknown>) : (value as Record<string, unknown>);
}

/** Kea's parser (strFromStringstream) accepts only `\u00XX`. */
function checkUnicodeEscapes(text: string): string | null {
  if (!text.includes('\\u')) return null;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x5c) continue;
    if (text[i + 1] === 'u' && text.slice(i + 2, i + 4) !== '00') return `user context: unsupported unicode escape at ${i}`;
    i++;
  }
  return null;
}

function bytesToUtf8Deep(value: unknown): unknown {
  if (typeof value === 'string') return latin1ToUtf8(value);
  if (Array.isArray(value)) return value.map(bytesToUtf8Deep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[latin1ToUtf8(k)] = bytesToUtf8Deep(v);
    return out;
  }
  return value;
}

/** Reads a string of bytes (one per char, as latin1) as UTF-8. */
export function latin1ToUtf8(s: string): string {
  if (!/[\x80-\xff]/.test(s)) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return UTF8_DECODER.decode(bytes);
}

/** The UTF-8 bytes of `s` as a string of one char per byte (latin1). */
export function utf8ToLatin1(s: string): string {
  if (!/[^\x00-\x7f]/.test(s)) return s;
  let out = '';
  for (const b of UTF8_ENCODER.encode(s)) out += String.fromCharCode(b);
  return out;
}
