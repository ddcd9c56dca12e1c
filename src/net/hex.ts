/**
 * Kea's textual forms of binary values: hex with or without separators, and quoted text.
 * Pure: no I/O.
 *
 * Kea decodes identifiers (hw-address, client-id, duid, circuit-id, flex-id) with
 * `decodeFormattedHexString` after trying `quotedStringToBinary` (src/lib/util/str.cc); the
 * same rules are implemented here so that what Kea accepts, we accept.
 */

/**
 * Decodes octets separated by `sep` (each one or two hex digits, `"1:2:ab"`).
 * Returns `null` on an empty group between separators or a non-hex digit.
 */
export function decodeSeparatedHex(text: string, sep: string): Uint8Array | null {
  const sepCode = sep.charCodeAt(0);
  // Sized exactly: a subarray() view costs more than the decoding itself.
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === sepCode) count++;
  const out = new Uint8Array(count);
  let n = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : sepCode;
    if (c === sepCode) {
      if (digits === 0) {
        // an empty group is allowed only when it is the whole text (Kea's token_compress_off)
        if (text.length > 0) return null;
        continue;
      }
      out[n++] = value;
      value = 0;
      digits = 0;
      continue;
    }
    const d = hexDigit(c);
    if (d < 0 || ++digits > 2) return null;
    value = value * 16 + d;
  }
  return n === out.length ? out : out.subarray(0, n);
}

/** The value of a hex digit's character code, or -1 (`isxdigit`). */
export function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Whitespace Kea's base16 decoder skips (encode.cc: space, \t, \n, \v, \f, \r). */
function isBase16Space(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/**
 * Kea's `encode::decodeHex`: hex digits of either case, whitespace skipped, an even digit
 * count, no `0x` prefix and no separators. Returns `null` when the text is not that.
 */
export function decodeBase16(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length >> 1);
  let n = 0;
  let high = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isBase16Space(code)) continue;
    const v = hexDigit(code);
    if (v < 0) return null;
    if (high < 0) {
      high = v;
    } else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  if (high >= 0) return null;
  return n === out.length ? out : out.subarray(0, n);
}

/**
 * Decodes hex as Kea's `decodeFormattedHexString`: colon-separated octets when the text has a
 * colon, space-separated when it has a space, else a digit string with an optional lowercase
 * `0x` prefix (an odd digit count gets a leading zero). Returns `null` when the text is not one
 * of these.
 */
export function decodeFormattedHex(text: string): Uint8Array | null {
  if (text.includes(':')) return decodeSeparatedHex(text, ':');
  if (text.includes(' ')) return decodeSeparatedHex(text, ' ');
  const digits = text.length > 2 && text.startsWith('0x') ? text.slice(2) : text;
  return decodeBase16(text.length % 2 === 1 ? `0${digits}` : digits);
}

const UTF8 = new TextEncoder();

function isKeaBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a;
}

/** Kea's `util::str::trim`: strips spaces, tabs and newlines (not `\r`) at both ends. */
export function keaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isKeaBlank(text.charCodeAt(start))) start++;
  while (end > start && isKeaBlank(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Kea's `quotedStringToBinary`: text between single quotes (after trimming) as its UTF-8
 * bytes; `null` when the text is not quoted or the quoted text is empty.
 */
export function decodeQuotedText(text: string): Uint8Array | null {
  const t = keaTrim(text);
  if (t.length < 2 || !t.startsWith("'") || !t.endsWith("'")) return null;
  const inner = keaTrim(t.slice(1, -1));
  return inner === '' ? null : UTF8.encode(inner);
}

/** Host-reservation identifier types, in Kea's order (src/lib/dhcpsrv/host.h IdentifierType). */
export const IdentifierTypes = ['hw-address', 'duid', 'circuit-id', 'client-id', 'flex-id'] as const;
export type IdentifierType = (typeof IdentifierTypes)[number];

/** Kea's length limits of each identifier type, in octets (src/lib/dhcpsrv/host.cc). */
export const IdentifierMaxLength: Readonly<Record<IdentifierType, number>> = {
  'hw-address': 20,
  duid: 130,
  'circuit-id': 128,
  'client-id': 255,
  'flex-id': 128,
};

/**
 * Decodes a reservation identifier as Kea's `Host::setIdentifier` does: quoted text, or
 * formatted hex (the same rules for every type, `hw-address` included).
 * Returns the bytes, or a reason the value is not an identifier of that type.
 */
export function decodeIdentifier(type: IdentifierType, text: string): Uint8Array | string {
  if (text === '') return 'empty identifier';
  const bytes = decodeQuotedText(text) ?? decodeFormattedHex(text);
  if (bytes === null || bytes.length === 0) return `'${text}' is not hex octets or quoted text`;
  if (bytes.length > IdentifierMaxLength[type]) {
    return `${bytes.length} octets is longer than the ${IdentifierMaxLength[type]} a ${type} can have`;
  }
  return bytes;
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The two lowercase hex digits of every octet value (`HEX_OCTETS[0xab] === 'ab'`). */
export const HEX_OCTETS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Formats bytes as lowercase colon-separated hex (`01:ab:ff`), Kea's canonical identifier form. */
export function formatColonHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => HEX_OCTETS[b] as string).join(':');
}
