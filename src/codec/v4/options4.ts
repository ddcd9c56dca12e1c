/**
 * The options of one DHCPv4 packet: one payload per option code, in insertion order.
 * Pure: no I/O.
 */
import { CodecError } from './errors.js';

/**
 * The options of a DHCPv4 packet. A code has at most one payload: on decode, the instances of a
 * code are concatenated in order (RFC 3396 §5); on encode, a payload longer than 255 octets is
 * split again. Payloads of a decoded packet are views into the datagram, not copies.
 *
 * @example
 * const o = new Options4();
 * o.set(53, Uint8Array.of(MessageType4.Offer));
 * o.get(53); // Uint8Array [ 2 ]
 */
export class Options4 {
  readonly #map: Map<number, Uint8Array>;

  /** @throws CodecError `ERR_CODEC_BAD_OPTION_CODE` for a code outside 1-254. */
  constructor(entries?: Iterable<readonly [number, Uint8Array]>) {
    this.#map = new Map();
    if (entries !== undefined) for (const [code, payload] of entries) this.set(code, payload);
  }

  /** The payload of `code` (a view: do not modify it unless you own the packet). */
  get(code: number): Uint8Array | undefined {
    return this.#map.get(code);
  }

  /** Whether `code` is present. */
  has(code: number): boolean {
    return this.#map.has(code);
  }

  /**
   * Sets the payload of `code`, replacing any earlier one (its place in the order is kept).
   * The payload is stored as given, not copied.
   * @throws CodecError `ERR_CODEC_BAD_OPTION_CODE` for a code outside 1-254 (0 is PAD, 255 is END).
   */
  set(code: number, payload: Uint8Array): void {
    if (!Number.isInteger(code) || code < 1 || code > 254) {
      throw new CodecError('ERR_CODEC_BAD_OPTION_CODE', `option code ${code} is not in 1-254; 0 is PAD and 255 is END`, code);
    }
    this.#map.set(code, payload);
  }

  /** Removes `code`; returns whether it was there. */
  delete(code: number): boolean {
    return this.#map.delete(code);
  }

  /** Removes every option. */
  clear(): void {
    this.#map.clear();
  }

  /** The codes, in insertion order. */
  codes(): IterableIterator<number> {
    return this.#map.keys();
  }

  /** `[code, payload]` pairs, in insertion order. */
  entries(): IterableIterator<[number, Uint8Array]> {
    return this.#map.entries();
  }

  /** Same as `entries()`. */
  [Symbol.iterator](): IterableIterator<[number, Uint8Array]> {
    return this.#map.entries();
  }

  /** Number of codes present. */
  get size(): number {
    return this.#map.size;
  }

  /** A new collection with the same codes and the same payload objects (not copied). */
  clone(): Options4 {
    const copy = new Options4();
    for (const [code, payload] of this.#map) copy.#map.set(code, payload);
    return copy;
  }
}
