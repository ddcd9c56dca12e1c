/**
 * A hash map from unsigned 32-bit keys (IPv4 addresses) to non-negative int32 values (table
 * slots), in two typed arrays: open addressing, linear probing, backward-shift deletion. About
 * 16-32 bytes per entry and nothing for the garbage collector to trace, where a Map costs ~40.
 * Pure.
 */
export class U32Map {
  #keys: Uint32Array;
  /** value + 1; 0 marks an empty cell. */
  #vals: Int32Array;
  #mask: number;
  #size = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.#keys = new Uint32Array(cap);
    this.#vals = new Int32Array(cap);
    this.#mask = cap - 1;
  }

  get size(): number {
    return this.#size;
  }

  #home(key: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 0) & this.#mask;
  }

  /** The value of `key`, or -1. */
  get(key: number): number {
    const keys = this.#keys;
    const vals = this.#vals;
    let i = this.#home(key);
    for (;;) {
      const v = vals[i] as number;
      if (v === 0) return -1;
      if (keys[i] === key) return v - 1;
      i = (i + 1) & this.#mask;
    }
  }

  set(key: number, value: number): void {
    if ((this.#size + 1) * 2 > this.#keys.length) this.#grow();
    const keys = this.#keys;
    const vals = this.#vals;
    let i = this.#home(key);
    for (;;) {
      if (vals[i] === 0) {
        keys[i] = key;
        vals[i] = value + 1;
        this.#size++;
        return;
      }
      if (keys[i] === key) {
        vals[i] = value + 1;
        return;
      }
      i = (i + 1) & this.#mask;
    }
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: number): boolean {
    const keys = this.#keys;
    const vals = this.#vals;
    const mask = this.#mask;
    let i = this.#home(key);
    for (;;) {
      if (vals[i] === 0) return false;
      if (keys[i] === key) break;
      i = (i + 1) & mask;
    }
    // Backward shift: move later entries of the probe run into the hole when their home allows.
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (vals[j] === 0) break;
      const home = this.#home(keys[j] as number);
      const distHole = (hole - home) & mask;
      const distJ = (j - home) & mask;
      if (distHole < distJ) {
        keys[hole] = keys[j] as number;
        vals[hole] = vals[j] as number;
        hole = j;
      }
    }
    vals[hole] = 0;
    this.#size--;
    return true;
  }

  /** Makes room for `entries` entries without growing. */
  reserve(entries: number): void {
    let cap = this.#keys.length;
    while (cap < entries * 2) cap *= 2;
    if (cap > this.#keys.length) this.#resize(cap);
  }

  #grow(): void {
    this.#resize(this.#keys.length * 2);
  }

  #resize(cap: number): void {
    const oldKeys = this.#keys;
    const oldVals = this.#vals;
    this.#keys = new Uint32Array(cap);
    this.#vals = new Int32Array(cap);
    this.#mask = this.#keys.length - 1;
    this.#size = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const v = oldVals[i] as number;
      if (v !== 0) this.set(oldKeys[i] as number, v - 1);
    }
  }
}
