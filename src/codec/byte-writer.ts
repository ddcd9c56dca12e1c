/**
 * Byte helpers: a growable buffer for building option payloads without intermediate arrays,
 * and big-endian readers. Pure: no I/O.
 */

/** The big-endian unsigned 16-bit value at `p`. */
export function readU16(b: Uint8Array, p: number): number {
  return ((b[p] as number) << 8) | (b[p + 1] as number);
}

/** The big-endian unsigned 32-bit value at `p`. */
export function readU32(b: Uint8Array, p: number): number {
  return (b[p] as number) * 0x1000000 + (((b[p + 1] as number) << 16) | readU16(b, p + 2));
}
export class ByteWriter {
  #buf: Uint8Array;
  #len = 0;

  /** `capacity` is a first guess; the buffer grows as needed. */
  constructor(capacity = 32) {
    this.#buf = new Uint8Array(Math.max(capacity, 8));
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.#len;
  }

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  /** Appends one byte (the low 8 bits of `b`). */
  byte(b: number): void {
    this.#room(1);
    this.#buf[this.#len++] = b;
  }

  /** Appends a big-endian unsigned 16-bit value. */
  u16(v: number): void {
    this.#room(2);
    this.#buf[this.#len++] = v >>> 8;
    this.#buf[this.#len++] = v;
  }

  /** Appends a big-endian 32-bit value (signed values are written in two's complement). */
  u32(v: number): void {
    this.#room(4);
    this.#buf[this.#len++] = v >>> 24;
    this.#buf[this.#len++] = v >>> 16;
    this.#buf[this.#len++] = v >>> 8;
    this.#buf[this.#len++] = v;
  }

  /** Appends bytes. */
  bytes(b: Uint8Array): void {
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  /** Appends the char codes of `text[start..end)`, which must all be below 0x80. */
  ascii(text: string, start: number, end: number, lower: boolean): void {
    this.#room(end - start);
    const buf = this.#buf;
    let n = this.#len;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      buf[n++] = lower && c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
    }
    this.#len = n;
  }

  /** Overwrites one byte already written (for length fields). */
  setByte(at: number, b: number): void {
    this.#buf[at] = b;
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
