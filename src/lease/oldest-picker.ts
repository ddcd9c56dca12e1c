/**
 * Picks the `limit` oldest of the leases offered, by (expire, address), with a bounded max-heap:
 * O(n log limit) for the expiration scans of the lease table. Pure.
 */
type Entry = [expire: number, address: number, slot: number];

/** Keeps the `limit` smallest (expire, address) pairs seen, with a bounded max-heap. */
export class OldestPicker {
  readonly #limit: number;
  readonly #heap: Array<Entry> = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  offer(expire: number, address: number, slot: number): void {
    const heap = this.#heap;
    if (heap.length < this.#limit) {
      heap.push([expire, address, slot]);
      this.#up(heap.length - 1);
    } else if (less([expire, address, slot], heap[0] as Entry)) {
      heap[0] = [expire, address, slot];
      this.#down(0);
    }
  }

  /** Slots, oldest first. */
  result(): number[] {
    return this.#heap.sort((a, b) => (less(a, b) ? -1 : 1)).map((e) => e[2]);
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[parent] as Entry, heap[i] as Entry)) break;
      [heap[parent], heap[i]] = [heap[i] as Entry, heap[parent] as Entry];
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && less(heap[top] as Entry, heap[l] as Entry)) top = l;
      if (r < heap.length && less(heap[top] as Entry, heap[r] as Entry)) top = r;
      if (top === i) return;
      [heap[top], heap[i]] = [heap[i] as Entry, heap[top] as Entry];
      i = top;
    }
  }
}

function less(a: Entry, b: Entry): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}
