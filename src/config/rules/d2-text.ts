/**
 * The two text forms kea-dhcp-ddns parses in a TSIG key, reproduced byte for byte: base64
 * (src/lib/util/encode/encode.cc `BaseNEncoder::decode`) and domain names
 * (src/lib/dns/name.cc `stringParse`). Pure; the results never contain the input text, so a
 * caller may put them in a message about a secret.
 */

/** Kea's verdict on a base64 text: the decoded length, or why it is rejected. */
export type Base64Verdict = { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly reason: string };

const B64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Kea's whitespace set in its base-N tables: tab, LF, VT, FF, CR and space. */
const isBase64Space = (byte: number): boolean => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);

/**
 * Decodes like Kea: whitespace anywhere is ignored, `=` may only trail (at most two), the count
 * of digits and pads must be a multiple of 4, and the bits left over after the last whole octet
 * must be zero. An empty (or all-whitespace) text decodes to zero octets without error.
 */
export function keaBase64(text: string): Base64Verdict {
  let digits = 0;
  let pads = 0;
  let last = 0;
  for (const byte of new TextEncoder().encode(text)) {
    if (byte === 0x3d) {
      pads++;
      continue;
    }
    const value = byte < 0x80 ? B64_DIGITS.indexOf(String.fromCharCode(byte)) : -1;
    if (value < 0 && isBase64Space(byte)) continue;
    if (value < 0) return { ok: false, reason: 'it holds a character outside the base64 alphabet' };
    if (pads > 0) return { ok: false, reason: 'padding "=" is followed by more base64 digits' };
    digits++;
    last = value;
  }
  const leftoverBits = (digits * 6) % 8;
  if (leftoverBits > 0 && (last & ((1 << leftoverBits) - 1)) !== 0) {
    return { ok: false, reason: 'its last digit leaves non-zero bits over (it was not produced by a base64 encoder)' };
  }
  if (pads > 2) return { ok: false, reason: 'it has more than two "=" padding characters' };
  if ((digits + pads) % 4 !== 0) {
    return { ok: false, reason: 'its length (digits and "=" padding, whitespace aside) is not a multiple of 4' };
  }
  return { ok: true, bytes: Math.floor((digits * 6) / 8) };
}

const MAX_LABEL = 63;
const MAX_WIRE = 255;
const isDigit = (byte: number): boolean => byte >= 0x30 && byte <= 0x39;

/** Kea's verdict on a domain name text: why `dns::Name` rejects it, and whether a label holds a `:`. */
export interface NameVerdict {
  readonly error: string | undefined;
  readonly hasColon: boolean;
}

/**
 * Parses a name like Kea's `dns::Name`. Kea's text form is permissive: any octet may appear in a
 * label (spaces, `_`, a leading `-`), `\X` and `\DDD` escape, labels hold at most 63 octets and
 * the name at most 255 in wire form.
 */
export function keaName(text: string): NameVerdict {
  const fail = (error: string): NameVerdict => ({ error, hasColon: false });
  if (text === '') return fail('the name is empty');
  if (text === '.' || text === '@') return { error: undefined, hasColon: false };
  const bytes = new TextEncoder().encode(text);
  if (bytes[0] === 0x2e) return fail('it starts with a "." (empty label)');
  let wire = 1; // the root label
  let count = 0;
  let hasColon = false;
  for (let i = 0; i < bytes.length; i++) {
    let octet = bytes[i] ?? 0;
    if (octet === 0x2e) {
      if (count === 0) return fail('it has an empty label ("..")');
      wire += count + 1;
      count = 0;
      continue;
    }
    if (octet === 0x5c) {
      const next = bytes[i + 1];
      if (next === undefined) return fail('it ends with an incomplete "\\" escape');
      if (count === 0 && next === 0x5b) return fail('bit-string labels ("\\[") are not supported');
      if (isDigit(next)) {
        const ddd = bytes.slice(i + 1, i + 4);
        if (!ddd.every(isDigit)) return fail('a "\\DDD" escape mixes digits and other characters');
        if (ddd.length < 3) return fail('it ends with an incomplete "\\DDD" escape');
        octet = Number(new TextDecoder().decode(ddd));
        if (octet > 255) return fail('a "\\DDD" escape is above 255');
        i += 3;
      } else {
        octet = next;
        i += 1;
      }
    }
    if (octet === 0x3a) hasColon = true;
    if (++count > MAX_LABEL) return fail(`a label is longer than ${MAX_LABEL} octets`);
  }
  if (count > 0) wire += count + 1;
  if (wire > MAX_WIRE) return fail(`the name is longer than ${MAX_WIRE} octets in wire form`);
  return { error: undefined, hasColon };
}

/**
 * Why kea-dhcp-ddns cannot make a TSIG key named `text`, or `undefined`: a name `dns::Name`
 * rejects, or one holding a `:` (Kea builds the text `name:secret:algorithm` and splits it at
 * the colons, so the key cannot be made; seen with kea-dhcp-ddns 2.2 `-t`).
 */
export function tsigKeyNameError(text: string): string | undefined {
  const name = keaName(text);
  if (name.error !== undefined) return name.error;
  return name.hasColon ? 'it contains a ":"' : undefined;
}
