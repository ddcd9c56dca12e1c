/**
 * A hash index from byte-string keys (hardware addresses, client ids) to table slots, chained
 * through the slots themselves: a bucket array plus one `next` link per slot, about 8-12 bytes
 * per lease, where a Map<string, …> costs ~40 and hashes a million fresh strings slowly. The
 * keys live in the table; the index reads them through `keyOf`. Pure.
 *
 * `find` returns the slots of a key in the order they were added under it, as Kea's
 * ordered_non_unique memfile indexes return leases with the same hardware address or client id
 * (the engine takes the first one of a subnet as the client's lease).
 */
export class ChainIndex {
  #heads: Int32Array;
  #next = new Int32Array(0);
  /** The hash of each slot's key, so rehashing and probing read no strings. */
  #hashes = new Uint32Array(0);
  /** When each slot was added under its key, for `find`'s order. */
  #seq = new Float64Array(0);
  #added = 0;
  #mask: number;
  #count = 0;
  readonly #keyOf: (slot: number) => string;

  constructor(keyOf: (slot: number) => string) {
    this.#keyOf = keyOf;
    this.#heads = new Int32Array(1024).fill(-1);
    this.#mask = 1023;
  }

  /** Adds `slot` under `key` (a slot is in the index at most once). */
  add(key: string, slot: number): void {
    if (slot >= this.#next.length) this.reserve(Math.max(slot + 1, this.#next.length * 2));
    if (this.#count >= this.#heads.length) this.#rehash(this.#heads.length * 2);
    const h = hashKey(key);
    this.#hashes[slot] = h;
    this.#seq[slot] = ++this.#added;
    const b = h & this.#mask;
    this.#next[slot] = this.#heads[b] as number;
    this.#heads[b] = slot;
    this.#count++;
  }

  /** Removes `slot` from under `key`. */
  remove(key: string, slot: number): void {
    const b = hashKey(key) & this.#mask;
    let prev = -1;
    for (let s = this.#heads[b] as number; s >= 0; prev = s, s = this.#next[s] as number) {
      if (s !== slot) continue;
      if (prev < 0) this.#heads[b] = this.#next[s] as number;
      else this.#next[prev] = this.#next[s] as number;
      this.#count--;
      return;
    }
  }

  /** The slots whose key is `key`, first added first. */
  find(key: string): number[] {
    const out: number[] = [];
    const h = hashKey(key);
    for (let s = this.#heads[h & this.#mask] as number; s >= 0; s = this.#next[s] as number) {
      if (this.#hashes[s] === h && this.#keyOf(s) === key) out.push(s);
    }
    if (out.length > 1) out.sort((a, b) => (this.#seq[a] as number) - (this.#seq[b] as number));
    return out;
  }

  /** Makes room for slots below `slots` and about that many keys. */
  reserve(slots: number): void {
    if (slots > this.#next.length) {
      const next = new Int32Array(Math.max(slots, 1024));
      next.set(this.#next);
      this.#next = next;
      const hashes = new Uint32Array(next.length);
      hashes.set(this.#hashes);
      this.#hashes = hashes;
      const seq = new Float64Array(next.length);
      seq.set(this.#seq);
      this.#seq = seq;
    }
    let buckets = this.#heads.length;
    while (buckets < slots) buckets *= 2;
    if (buckets > this.#heads.length) this.#rehash(buckets);
  }

  #rehash(buckets: number): void {
    const old = this.#heads;
    this.#heads = new Int32Array(buckets).fill(-1);
    this.#mask = buckets - 1;
    for (let b = 0; b < old.length; b++) {
      let s = old[b] as number;
      while (s >= 0) {
        const after = this.#next[s] as number;
        const nb = (this.#hashes[s] as number) & this.#mask;
        this.#next[s] = this.#heads[nb] as number;
        this.#heads[nb] = s;
        s = after;
      }
    }
  }
}

/** FNV-1a over the char codes, finished with a multiply so low bits mix. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
}
