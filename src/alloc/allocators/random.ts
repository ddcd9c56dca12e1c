/**
 * Kea's random allocator (random_allocator.cc:27-82, ip_range_permutation.cc): per pool a lazy
 * random permutation (Fisher-Yates from the end, swapped positions kept in a map, so memory grows
 * with the picks, not the pool); a pick chooses uniformly among the allowed pools that still
 * have unpicked addresses; when all are exhausted their permutations restart. Pure.
 */
import type { Pool4 } from '../deps.js';
import { guardPasses, type ClassSet } from '../network.js';
import { randomIndex, type Allocator4 } from './allocator.js';

/** A random permutation of [first, first + size) handed out one address at a time. */
export class AddressPermutation {
  readonly #first: number;
  readonly #size: number;
  readonly #random: () => number;
  #cursor: number;
  #isDone = false;
  readonly #state = new Map<number, number>();

  constructor(first: number, size: number, random: () => number) {
    this.#first = first;
    this.#size = size;
    this.#random = random;
    this.#cursor = size - 1;
  }

  get isExhausted(): boolean {
    return this.#isDone;
  }

  /** The next address, or 0 when every address was handed out. */
  next(): number {
    if (this.#isDone) return 0;
    if (this.#cursor === 0) {
      this.#isDone = true;
      return this.#state.get(0) ?? this.#first;
    }
    const loc = randomIndex(this.#random, this.#cursor);
    const picked = this.#state.get(loc) ?? this.#first + loc;
    const atCursor = this.#state.get(this.#cursor) ?? this.#first + this.#cursor;
    this.#state.set(loc, atCursor);
    this.#state.delete(this.#cursor);
    this.#cursor--;
    return picked;
  }

  reset(): void {
    this.#state.clear();
    this.#cursor = this.#size - 1;
    this.#isDone = false;
  }
}

export class RandomAllocator4 implements Allocator4 {
  readonly kind = 'random';
  readonly lastPickSeq = 0;
  readonly #pools: readonly Pool4[];
  readonly #perms: AddressPermutation[];
  readonly #random: () => number;
  readonly #available: Int32Array;
  readonly #exhausted: Int32Array;

  constructor(pools: readonly Pool4[], random: () => number) {
    this.#pools = pools;
    this.#random = random;
    this.#perms = pools.map((p) => new AddressPermutation(p.first, p.last - p.first + 1, random));
    this.#available = new Int32Array(pools.length);
    this.#exhausted = new Int32Array(pools.length);
  }

  pick(classes: ClassSet): number {
    let nAvailable = 0;
    let nExhausted = 0;
    for (let i = 0; i < this.#pools.length; i++) {
      if (!guardPasses((this.#pools[i] as Pool4).clientClasses, classes)) continue;
      if ((this.#perms[i] as AddressPermutation).isExhausted) this.#exhausted[nExhausted++] = i;
      else this.#available[nAvailable++] = i;
    }
    let pool: number;
    if (nAvailable > 0) {
      pool = this.#available[randomIndex(this.#random, nAvailable)] as number;
    } else if (nExhausted > 0) {
      for (let i = 0; i < nExhausted; i++) (this.#perms[this.#exhausted[i] as number] as AddressPermutation).reset();
      pool = this.#exhausted[randomIndex(this.#random, nExhausted)] as number;
    } else {
      return 0;
    }
    return (this.#perms[pool] as AddressPermutation).next();
  }

  occupancyRate(): number {
    return 0;
  }

  noteLease(): void {
    // The random allocator keeps no per-address state.
  }
}
