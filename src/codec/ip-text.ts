/**
 * IPv6 address text straight to wire bytes, for the option encoders' hot path (no bigint).
 * Accepts exactly what `inet_pton(AF_INET6)` accepts, like net/ipv6.ts parseIPv6, which the
 * tests compare it with. Pure: no I/O.
 */
import { parseIPv4 } from '../net/index.js';
import { hexDigitValue } from './kea-text.js';

/** Parses an IPv6 address into 16 bytes; `null` when the text is not one. */
export function parseIPv6Bytes(s: string): Uint8Array | null {
  const n = s.length;
  if (n < 2 || n > 45) return null;
  const out = new Uint8Array(16);
  let at = 0; // next byte to fill
  let gap = -1; // byte index where '::' stands
  let i = 0;
  if (s.charCodeAt(0) === 0x3a) {
    if (s.charCodeAt(1) !== 0x3a) return null;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let v = 0;
    let digits = 0;
    for (; i < n && digits < 5; i++, digits++) {
      const d = hexDigitValue(s.charCodeAt(i));
      if (d < 0) break;
      v = v * 16 + d;
    }
    if (digits === 0) return null;
    if (i < n && s.charCodeAt(i) === 0x2e) {
      // RFC 4291 §2.2 form 3: a dotted quad as the last 32 bits.
      const v4 = parseIPv4(s.slice(start));
      if (v4 === null || at > 12) return null;
      out[at++] = v4 >>> 24;
      out[at++] = v4 >>> 16;
      out[at++] = v4 >>> 8;
      out[at++] = v4;
      i = n;
      break;
    }
    if (digits > 4 || at >= 16) return null;
    out[at++] = v >>> 8;
    out[at++] = v;
    if (i === n) break;
    if (s.charCodeAt(i) !== 0x3a) return null;
    i++;
    if (i < n && s.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return null;
      gap = at;
      i++;
    } else if (i === n) {
      return null; // a single trailing colon
    }
  }
  if (gap < 0) return at === 16 ? out : null;
  if (at > 14) return null; // '::' must stand for at least one group
  const tail = at - gap;
  out.copyWithin(16 - tail, gap, at);
  out.fill(0, gap, 16 - tail);
  return out;
}
