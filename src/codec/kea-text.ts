/**
 * Kea's low-level text helpers as the option parsers use them (Kea 3.3 src/lib/util/str.cc and
 * util/encode/encode.cc): trimming, tokenizing with `\` escapes, and the two hex decoders.
 * Pure: no I/O, no regular expressions on the hot path.
 */

import { decodeFormattedHex, decodeQuotedText } from '../net/index.js';

export { decodeBase16, keaTrim } from '../net/index.js';


/**
 * Kea `str::tokens`: splits on any character of `delims`, dropping empty tokens. With `escape`,
 * `\` before a delimiter keeps the delimiter, `\\` gives one `\`, and `\` before anything else is
 * kept as written (so `\|` survives a split on `,`).
 */
export function keaTokens(text: string, delims: string, escape: boolean): string[] {
  if (delims.length === 1 && !(escape && text.includes('\\'))) return splitDropEmpty(text, delims);
  const out: string[] = [];
  let token = '';
  let inToken = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (delims.includes(c)) {
      if (!inToken) continue; // two or more delimiters: eat them
      if (escaped) {
        escaped = false;
        token += c;
      } else {
        if (token !== '') out.push(token);
        inToken = false;
        token = '';
      }
    } else if (escape && c === '\\') {
      inToken = true;
      if (escaped) {
        escaped = false;
        token += c;
      } else {
        escaped = true;
      }
    } else {
      inToken = true;
      if (escaped) {
        escaped = false;
        token += '\\';
      }
      token += c;
    }
  }
  if (escaped) token += '\\';
  if (token !== '') out.push(token);
  return out;
}

/** Splits on one delimiter, dropping empty tokens (keaTokens without escapes). */
function splitDropEmpty(text: string, delim: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const at = text.indexOf(delim, start);
    const end = at < 0 ? text.length : at;
    if (end > start) out.push(text.slice(start, end));
    if (at < 0) return out;
    start = at + 1;
  }
}

/**
 * The bytes of `data` when csv-format is false, as Kea's option-data parser reads it: first
 * `'quoted text'` (trimmed, quotes removed, inner text trimmed, UTF-8 bytes), then formatted hex
 * (option_data_parser.cc createOption; str.cc quotedStringToBinary). An empty quoted string falls
 * through to the hex decoder, which rejects it. Returns `null` when neither form matches.
 */
export function decodeOptionBinary(data: string): Uint8Array | null {
  return decodeQuotedText(data) ?? decodeFormattedHex(data);
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** The UTF-8 bytes of a string (Kea keeps config strings as UTF-8 bytes). */
export function utf8Encode(text: string): Uint8Array {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return encoder.encode(text);
  }
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** The text of UTF-8 bytes, or `null` when they are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch (err) {
    // A TypeError here only means "not UTF-8": an explicit outcome, not a swallowed failure.
    if (err instanceof TypeError) return null;
    throw err;
  }
}

/** Uppercase hex without separators, as Kea's `encode::encodeHex` prints option data. */
export function encodeHexUpper(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s.toUpperCase();
}

/** Escapes `\` and `,` so that {@link keaTokens} with escapes gives the text back. */
export function csvEscape(text: string): string {
  if (!text.includes(',') && !text.includes('\\')) return text;
  let out = '';
  for (const c of text) out += c === ',' || c === '\\' ? `\\${c}` : c;
  return out;
}
