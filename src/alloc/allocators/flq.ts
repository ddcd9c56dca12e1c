/**
 * Kea's free lease queue allocator (flq_allocator.cc, flq_allocation_state.cc): per pool a queue
 * of free addresses built at (re)configuration in random order; a pick takes the head of a
 * random non-empty allowed pool and moves it to the tail; lease changes made through the engine
 * add or remove addresses. Only FLQ knows the pools' occupancy (adaptive lease time, §6.2).
 * O(1) per operation: each pool's queue is a doubly linked list over address offsets. Pure.
 */
import type { Pool4 } from '../deps.js';
import { guardPasses, type ClassSet } from '../network.js';
import { poolIndexOf4, poolSize4 } from '../pools.js';
import { randomIndex, type Allocator4 } from './allocator.js';

/** A queue of distinct offsets in [0, size): push to the tail (no-op when queued), remove, rotate. */
export class FreeQueue {
  readonly #next: Int32Array;
  readonly #prev: Int32Array;
  readonly #isQueued: Uint8Array;
  #head = -1;
  #tail = -1;
  count = 0;

  constructor(size: number) {
    this.#next = new Int32Array(size);
    this.#prev = new Int32Array(size);
    this.#isQueued = new Uint8Array(size);
  }

  has(offset: number): boolean {
    return this.#isQueued[offset] === 1;
  }

  push(offset: number): void {
    if (this.#isQueued[offset] === 1) return;
    this.#isQueued[offset] = 1;
    this.#prev[offset] = this.#tail;
    this.#next[offset] = -1;
    if (this.#tail >= 0) this.#next[this.#tail] = offset;
    else this.#head = offset;
    this.#tail = offset;
    this.count++;
  }

  remove(offset: number): void {
    if (this.#isQueued[offset] !== 1) return;
    this.#isQueued[offset] = 0;
    const p = this.#prev[offset] as number;
    const n = this.#next[offset] as number;
    if (p >= 0) this.#next[p] = n;
    else this.#head = n;
    if (n >= 0) this.#prev[n] = p;
    else this.#tail = p;
    this.count--;
  }

  /** The head, moved to the tail; -1 when empty. */
  rotate(): number {
    const head = this.#head;
    if (head < 0) return -1;
    this.remove(head);
    this.push(head);
    return head;
  }
}

export class FlqAllocator4 implements Allocator4 {
  readonly kind = 'flq';
  readonly lastPickSeq = 0;
  readonly #pools: readonly Pool4[];
  readonly #queues: FreeQueue[];
  readonly #random: () => number;
  readonly #available: Int32Array;

  /**
   * `pools` sorted by first address; `isFree(address)` tells whether an address is free now
   * (no lease of this subnet, or an expired or expired-reclaimed one). Builds every queue.
   */
  constructor(pools: readonly Pool4[], random: () => number, isFree: (address: number) => boolean) {
    this.#pools = pools;
    this.#random = random;
    this.#available = new Int32Array(pools.length);
    this.#queues = pools.map((p) => {
      const size = poolSize4(p);
      const queue = new FreeQueue(size);
      const order = new Int32Array(size);
      for (let i = 0; i < size; i++) order[i] = i;
      for (let i = size - 1; i > 0; i--) {
        const j = randomIndex(random, i + 1);
        const t = order[i] as number;
        order[i] = order[j] as number;
        order[j] = t;
      }
      for (let i = 0; i < size; i++) {
        const offset = order[i] as number;
        if (isFree(p.first + offset)) queue.push(offset);
      }
      return queue;
    });
  }

  pick(classes: ClassSet): number {
    let n = 0;
    for (let i = 0; i < this.#pools.length; i++) {
      if (guardPasses((this.#pools[i] as Pool4).clientClasses, classes) && (this.#queues[i] as FreeQueue).count > 0) {
        this.#available[n++] = i;
      }
    }
    if (n === 0) return 0;
    const pool = this.#available[randomIndex(this.#random, n)] as number;
    const offset = (this.#queues[pool] as FreeQueue).rotate();
    return offset < 0 ? 0 : (this.#pools[pool] as Pool4).first + offset;
  }

  /** Free addresses left in a pool (by index in the sorted pools). */
  freeCount(pool: number): number {
    return (this.#queues[pool] as FreeQueue).count;
  }

  occupancyRate(address: number, classes: ClassSet): number {
    let total = 0;
    let busy = 0;
    let isFound = false;
    for (let i = 0; i < this.#pools.length; i++) {
      const p = this.#pools[i] as Pool4;
      if (!guardPasses(p.clientClasses, classes)) continue;
      const capacity = poolSize4(p);
      total += capacity;
      const queue = this.#queues[i] as FreeQueue;
      let free = queue.count;
      if (!isFound && address >= p.first && address <= p.last) {
        isFound = true;
        if (free > 0 && queue.has(address - p.first)) free--;
      }
      busy += capacity - Math.min(free, capacity);
    }
    return !isFound || total === 0 ? 0 : busy / total;
  }

  noteLease(address: number, isFree: boolean): void {
    const i = poolIndexOf4(this.#pools, address);
    if (i < 0) return;
    const queue = this.#queues[i] as FreeQueue;
    const offset = address - (this.#pools[i] as Pool4).first;
    if (isFree) queue.push(offset);
    else queue.remove(offset);
  }
}
