/**
 * Byte-string helpers for the evaluator: comparison, ASCII conversion, and Kea's text forms of
 * addresses and integers. Pure: no I/O.
 */
import { formatIPv4, formatIPv6, ipv6FromBytes } from '../net/index.js';

/** Byte-wise equality (Kea's TokenEqual compares std::string values). */
export { bytesEqual } from '../net/index.js';

/** The empty byte string (shared; never written to). */
export const EMPTY: Uint8Array = new Uint8Array(0);

/** Bytes of an ASCII (or Latin-1) string, one per character. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** One Latin-1 character per byte (0..255), e.g. to run a RegExp over a byte string. */
export function bytesToLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return out;
}

/** A uint32 as 4 bytes, network order (Kea's EvalContext::fromUint32). */
export function uint32Bytes(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

/** Reads `bytes` (1, 2 or 4 of them) as a big-endian integer. */
export function readInt(bytes: Uint8Array, signed: boolean): number {
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  if (!signed) return v;
  const half = 2 ** (8 * bytes.length - 1);
  return v >= half ? v - 2 * half : v;
}

/**
 * Text of a 4- or 16-byte address as Kea's IOAddress::toText gives it (inet_ntop): RFC 5952 for
 * IPv6, except glibc's dotted-quad tail for `::a.b.c.d` (first 96 bits zero, next group
 * non-zero) and `::ffff:a.b.c.d`.
 */
export function formatAddress(b: Uint8Array): string {
  const quad = (at: number): string => formatIPv4(readUint32(b, at));
  if (b.length === 4) return quad(0);
  let zeroPrefix10 = true;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) zeroPrefix10 = false;
  const w5 = ((b[10] ?? 0) << 8) | (b[11] ?? 0);
  const w6 = ((b[12] ?? 0) << 8) | (b[13] ?? 0);
  if (zeroPrefix10 && ((w5 === 0 && w6 !== 0) || w5 === 0xffff)) return `::${w5 === 0xffff ? 'ffff:' : ''}${quad(12)}`;
  return formatIPv6(ipv6FromBytes(b));
}

function readUint32(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}
