/**
 * Byte-string helpers for the evaluator: comparison, ASCII conversion, and Kea's text forms of
 * addresses and integers. Pure: no I/O.
 */

/** The empty byte string (shared; never written to). */
export const EMPTY: Uint8Array = new Uint8Array(0);

/** Byte-wise equality (Kea's TokenEqual compares std::string values). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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

function dottedQuad(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/**
 * Text of a 4- or 16-byte address as Kea's IOAddress::toText gives it (inet_ntop): IPv6 in
 * lowercase with the first longest run of two or more zero groups compressed, and glibc's
 * dotted-quad tail for `::a.b.c.d` (first 96 bits zero, next group non-zero) and
 * `::ffff:a.b.c.d`.
 */
export function formatAddress(b: Uint8Array): string {
  if (b.length === 4) return dottedQuad(b, 0);
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  let zeroPrefix5 = true;
  for (let i = 0; i < 5; i++) if (words[i] !== 0) zeroPrefix5 = false;
  if (zeroPrefix5 && ((words[5] === 0 && words[6] !== 0) || words[5] === 0xffff)) {
    return `::${words[5] === 0xffff ? 'ffff:' : ''}${dottedQuad(b, 12)}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
    } else {
      out += `${out === '' || out.endsWith(':') ? '' : ':'}${(words[i] ?? 0).toString(16)}`;
    }
  }
  return out;
}
