/**
 * The string functions of Kea's expression language over byte strings, with the edge cases of
 * src/lib/eval/token.cc. Results are views (subarray) where Kea copies a substring, and fresh
 * arrays otherwise. Pure: no I/O.
 */
import { EMPTY, asciiBytes, formatAddress, readInt } from './bytes.js';
import { EvalRuntimeError } from './errors.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Kea converts substring's start/length and split's field with boost::lexical_cast<int>, which
 * throws for values outside the 32-bit range; the parser accepts any 64-bit literal.
 */
function requireInt32(n: number, what: string): number {
  if (!Number.isInteger(n) || n < INT32_MIN || n > INT32_MAX) {
    throw new EvalRuntimeError(`${what} ${n} is not a 32-bit integer`);
  }
  return n;
}

/** `concat(a, b)` and `a + b`; returns an operand itself when the other one is empty. */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * `substring(s, start, length|all)` (TokenSubstring): a negative start counts from the end, a
 * negative length takes the bytes before start, and a start outside the string gives ''.
 */
export function substringBytes(s: Uint8Array, start: number, length: number | 'all'): Uint8Array {
  if (s.length === 0) return EMPTY;
  let pos = requireInt32(start, 'the start of substring()');
  let len = length === 'all' ? s.length : requireInt32(length, 'the length of substring()');
  const n = s.length;
  if (pos < -n || pos >= n) return EMPTY;
  if (pos < 0) pos += n;
  if (len < 0) {
    len = -len;
    if (len <= pos) {
      pos -= len;
    } else {
      len = pos;
      pos = 0;
    }
  }
  return s.subarray(pos, Math.min(n, pos + len));
}

/**
 * `split(s, delimiters, field)` (TokenSplit): fields are separated by any one of the delimiter
 * bytes, adjacent delimiters make empty fields, field numbers start at 1; out of range gives ''.
 * An empty string gives '' and an empty delimiter set gives the whole string.
 */
export function splitBytes(s: Uint8Array, delimiters: Uint8Array, field: number): Uint8Array {
  if (s.length === 0) return EMPTY;
  const wanted = requireInt32(field, 'the field number of split()');
  if (delimiters.length === 0) return s;
  let current = 1;
  let fieldStart = 0;
  for (let i = 0; i < s.length; i++) {
    if (!delimiters.includes(s[i] as number)) continue;
    if (current === wanted) return s.subarray(fieldStart, i);
    current++;
    fieldStart = i + 1;
  }
  return current === wanted ? s.subarray(fieldStart) : EMPTY;
}

const HEX_DIGITS = '0123456789abcdef';

/** `hexstring(bin, sep)` (TokenToHexString): lowercase digit pairs joined by `sep`. */
export function hexString(bin: Uint8Array, sep: Uint8Array): Uint8Array {
  if (bin.length === 0) return EMPTY;
  const out = new Uint8Array(bin.length * 2 + (bin.length - 1) * sep.length);
  let o = 0;
  for (let i = 0; i < bin.length; i++) {
    if (i > 0) {
      out.set(sep, o);
      o += sep.length;
    }
    const b = bin[i] as number;
    out[o++] = HEX_DIGITS.charCodeAt(b >> 4);
    out[o++] = HEX_DIGITS.charCodeAt(b & 15);
  }
  return out;
}

/** `lcase` in the "C" locale: only ASCII letters change. */
export function lowerCase(s: Uint8Array): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const b = s[i] as number;
    out[i] = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
  }
  return out;
}

/** `ucase` in the "C" locale: only ASCII letters change. */
export function upperCase(s: Uint8Array): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const b = s[i] as number;
    out[i] = b >= 0x61 && b <= 0x7a ? b - 0x20 : b;
  }
  return out;
}

/** `addrtotext(b)` (TokenIpAddressToText): '' for '', text for 4 or 16 bytes, an error otherwise. */
export function addressToText(b: Uint8Array): Uint8Array {
  if (b.length === 0) return EMPTY;
  if (b.length !== 4 && b.length !== 16) {
    throw new EvalRuntimeError(`addrtotext() needs 4 or 16 bytes, got ${b.length}`);
  }
  return asciiBytes(formatAddress(b));
}

/** `[u]int{8,16,32}totext(b)`: '' for '', decimal text for exactly bits/8 bytes, an error otherwise. */
export function intToText(b: Uint8Array, bits: 8 | 16 | 32, signed: boolean): Uint8Array {
  if (b.length === 0) return EMPTY;
  if (b.length !== bits / 8) {
    const fn = `${signed ? '' : 'u'}int${bits}totext()`;
    throw new EvalRuntimeError(`${fn} needs ${bits / 8} byte(s), got ${b.length}`);
  }
  return asciiBytes(String(readInt(b, signed)));
}
