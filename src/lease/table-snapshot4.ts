/**
 * A copy-on-write snapshot of the lease table: taking it costs nothing; until it is released,
 * the table hands it the old content of every slot before changing that slot. The LFC reads the
 * leases of one instant through it, in address order, while the table keeps changing, and
 * sorts them in slices (an LSD radix sort on the two 16-bit halves of the address, yielding
 * between chunks) so the event loop never waits long. Pure.
 */
import type { LeaseRecord4 } from './lease-record4.js';

/** How a snapshot reads the live table (slots below its high-water mark). */
export interface LiveSlots4 {
  isUsed(slot: number): boolean;
  address(slot: number): number;
  read(slot: number, out: LeaseRecord4): LeaseRecord4;
}

/** Leases in address order, read one at a time. */
export interface LeaseRows4 {
  readonly count: number;
  /** Copies the i-th lease into `out`. */
  read(i: number, out: LeaseRecord4): LeaseRecord4;
}

const CHUNK = 1 << 16;

export class TableSnapshot4 {
  readonly #hwm: number;
  readonly #live: LiveSlots4;
  /** Slots changed since the snapshot: their content then (null: the slot was free). */
  readonly #saved = new Map<number, LeaseRecord4 | null>();
  readonly #onRelease: (s: TableSnapshot4) => void;

  constructor(hwm: number, live: LiveSlots4, onRelease: (s: TableSnapshot4) => void) {
    this.#hwm = hwm;
    this.#live = live;
    this.#onRelease = onRelease;
  }

  /** Called by the table before it changes `slot`; `current` is its content, null when free. */
  preserve(slot: number, current: () => LeaseRecord4 | null): void {
    if (slot < this.#hwm && !this.#saved.has(slot)) this.#saved.set(slot, current());
  }

  /** The table stops telling this snapshot about changes. */
  release(): void {
    this.#onRelease(this);
  }

  #isUsed(slot: number): boolean {
    const saved = this.#saved.get(slot);
    return saved === undefined ? this.#live.isUsed(slot) : saved !== null;
  }

  #address(slot: number): number {
    const saved = this.#saved.get(slot);
    return saved === undefined || saved === null ? this.#live.address(slot) : saved.address;
  }

  #read(slot: number, out: LeaseRecord4): LeaseRecord4 {
    const saved = this.#saved.get(slot);
    return saved === undefined || saved === null ? this.#live.read(slot, out) : Object.assign(out, saved);
  }

  /** The leases of the snapshot in address order; `pause` is awaited between chunks of work. */
  async rowsByAddress(pause: () => Promise<void>): Promise<LeaseRows4> {
    const used: number[] = [];
    for (let slot = 0; slot < this.#hwm; slot++) {
      if (this.#isUsed(slot)) used.push(slot);
      if (slot % CHUNK === CHUNK - 1) await pause();
    }
    let from = Int32Array.from(used);
    let to = new Int32Array(from.length);
    const keys = new Uint32Array(from.length);
    for (let i = 0; i < from.length; i++) keys[i] = this.#address(from[i] as number);
    let keyFrom = keys;
    let keyTo = new Uint32Array(keys.length);
    for (const shift of [0, 16]) {
      await radixPass(from, keyFrom, to, keyTo, shift, pause);
      [from, to] = [to, from];
      [keyFrom, keyTo] = [keyTo, keyFrom];
    }
    const order = from;
    return { count: order.length, read: (i, out) => this.#read(order[i] as number, out) };
  }
}

/** One stable counting-sort pass on 16 bits of the keys, carrying the slots along. */
async function radixPass(
  from: Int32Array, keyFrom: Uint32Array, to: Int32Array, keyTo: Uint32Array, shift: number, pause: () => Promise<void>,
): Promise<void> {
  const counts = new Int32Array(65537);
  for (let i = 0; i < keyFrom.length; i++) {
    const b = (((keyFrom[i] as number) >>> shift) & 0xffff) + 1;
    counts[b] = (counts[b] as number) + 1;
  }
  for (let b = 1; b < counts.length; b++) counts[b] = (counts[b] as number) + (counts[b - 1] as number);
  for (let i = 0; i < keyFrom.length; i++) {
    const key = keyFrom[i] as number;
    const b = (key >>> shift) & 0xffff;
    const at = counts[b] as number;
    counts[b] = at + 1;
    to[at] = from[i] as number;
    keyTo[at] = key;
    if (i % CHUNK === CHUNK - 1) await pause();
  }
}
