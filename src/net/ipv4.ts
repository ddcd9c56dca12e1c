/**
 * IPv4 addresses as unsigned 32-bit numbers. Pure: no I/O.
 *
 * The text form is the strict dotted quad that `inet_pton(AF_INET)` accepts: four decimal
 * octets, no leading zeros, no shorthand. Kea parses addresses with `inet_pton`, so a value
 * this module rejects is one Kea rejects too.
 */

/** Parses a dotted-quad IPv4 address; returns `null` when the text is not one. */
export function parseIPv4(text: string): number | null {
  let value = 0;
  let octets = 0;
  let octet = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e; // virtual trailing '.'
    if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && octet === 0) return null; // leading zero, as inet_pton
      octet = octet * 10 + (c - 0x30);
      digits++;
      if (octet > 255) return null;
    } else if (c === 0x2e) {
      if (digits === 0) return null;
      value = value * 256 + octet;
      octets++;
      octet = 0;
      digits = 0;
    } else {
      return null;
    }
  }
  return octets === 4 ? value : null;
}

/** Formats an unsigned 32-bit number as a dotted quad. */
export function formatIPv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** True when `text` is a dotted-quad IPv4 address. */
export function isIPv4(text: string): boolean {
  return parseIPv4(text) !== null;
}

/** The network mask of a prefix length (0..32) as an unsigned 32-bit number. */
export function maskIPv4(prefixLen: number): number {
  return prefixLen === 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

/** Reads 4 bytes at `offset`, network order, as an unsigned 32-bit number. */
export function ipv4FromBytes(bytes: Uint8Array, offset = 0): number {
  return (((bytes[offset] as number) << 24) | ((bytes[offset + 1] as number) << 16) | ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number)) >>> 0;
}

/** Writes `value` into 4 bytes, network order. */
export function ipv4ToBytes(value: number): Uint8Array {
  // Not Uint8Array.of: the generic builtin costs several times more, and replies call this for
  // each of options 1, 51, 54, 58 and 59.
  const out = new Uint8Array(4);
  out[0] = value >>> 24;
  out[1] = value >>> 16;
  out[2] = value >>> 8;
  out[3] = value;
  return out;
}
