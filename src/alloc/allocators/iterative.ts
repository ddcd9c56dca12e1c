/**
 * Kea's iterative allocator (iterative_allocator.cc:90-201, iterative_allocation_state.cc): a
 * subnet cursor (initially the last address of the prefix) and per pool a cursor (initially the
 * pool start) with a "valid" flag. Each pick moves the cursors, DISCOVER or not. Unlike Kea,
 * whose reload restarts every cursor, a reload over the same pools carries on where the old
 * cursors were (continueFrom). Pure.
 */
import type { Pool4, Subnet4 } from '../deps.js';
import { guardPasses, type ClassSet } from '../network.js';
import type { Allocator4, PickCounter } from './allocator.js';

export class IterativeAllocator4 implements Allocator4 {
  readonly kind = 'iterative';
  readonly #pools: readonly Pool4[];
  readonly #counter: PickCounter;
  #subnetLast: number;
  readonly #poolLast: Float64Array;
  readonly #poolValid: Uint8Array;
  lastPickSeq = 0;

  /** `pools` sorted by first address. */
  constructor(subnet: Subnet4, pools: readonly Pool4[], counter: PickCounter) {
    this.#pools = pools;
    this.#counter = counter;
    this.#subnetLast = subnet.last;
    this.#poolLast = new Float64Array(pools.length);
    this.#poolValid = new Uint8Array(pools.length);
    for (let i = 0; i < pools.length; i++) this.#poolLast[i] = (pools[i] as Pool4).first;
  }

  pick(classes: ClassSet): number {
    const pools = this.#pools;
    const n = pools.length;
    let first = -1;
    let it = n;
    for (let i = 0; i < n; i++) {
      const p = pools[i] as Pool4;
      if (!guardPasses(p.clientClasses, classes)) continue;
      if (first < 0) first = i;
      if (this.#subnetLast >= p.first && this.#subnetLast <= p.last) {
        it = i;
        break;
      }
    }
    if (first < 0) return 0;
    if (it === n) it = first;
    for (let isRetrying = false; ; isRetrying = true) {
      if (isRetrying) {
        while (it < n && !guardPasses((pools[it] as Pool4).clientClasses, classes)) it++;
        if (it === n) break;
      }
      const p = pools[it] as Pool4;
      const last = this.#poolLast[it] as number;
      if (this.#poolValid[it] === 0 && last === p.first) return this.#take(it, last);
      if (this.#poolValid[it] === 1) {
        if (last + 1 <= p.last) return this.#take(it, last + 1);
        this.#poolValid[it] = 0;
      }
      it++;
    }
    // Every allowed pool is done: rewind them and start over at the first one.
    for (let i = first; i < n; i++) {
      if (!guardPasses((pools[i] as Pool4).clientClasses, classes)) continue;
      this.#poolLast[i] = (pools[i] as Pool4).first;
      this.#poolValid[i] = 0;
    }
    return this.#take(first, this.#poolLast[first] as number);
  }

  #take(pool: number, address: number): number {
    this.#poolLast[pool] = address;
    this.#poolValid[pool] = 1;
    this.#subnetLast = address;
    this.lastPickSeq = this.#counter.next();
    return address;
  }

  /**
   * Starts each pool after its highest leased address (`highestIn`), instead of at its first:
   * a server started on a lease file whose pool is leased from the start would otherwise try
   * every leased address once before its first free one (990 000 lookups, seconds, for a full
   * million-lease file). Addresses freed below the cursor come round again after it wraps. Kea's
   * iterative allocator starts at the pool's first address.
   */
  startAfterLeased(highestIn: (first: number, last: number) => number | undefined): void {
    for (let i = 0; i < this.#pools.length; i++) {
      const p = this.#pools[i] as Pool4;
      const highest = highestIn(p.first, p.last);
      if (highest === undefined) continue;
      this.#poolLast[i] = highest;
      this.#poolValid[i] = 1;
      this.#subnetLast = highest;
    }
  }

  continueFrom(previous: Allocator4): void {
    if (!(previous instanceof IterativeAllocator4)) return;
    const a = this.#pools;
    const b = previous.#pools;
    if (a.length !== b.length || a.some((p, i) => p.first !== (b[i] as Pool4).first || p.last !== (b[i] as Pool4).last)) return;
    this.#subnetLast = previous.#subnetLast;
    this.#poolLast.set(previous.#poolLast);
    this.#poolValid.set(previous.#poolValid);
    this.lastPickSeq = previous.lastPickSeq;
  }

  occupancyRate(): number {
    return 0;
  }

  noteLease(): void {
    // The iterative allocator keeps no per-address state.
  }
}
