/**
 * The in-memory lease table shared by both stores: one row per address in parallel typed arrays
 * (columns), identifiers as byte strings, and the indexes Kea's memfile keeps (address, hwaddr,
 * client id, an expiration scan with a lower bound, per-subnet counts). A million leases take
 * about 200 MB where one object plus two Uint8Arrays per lease take over 600 MB. Pure.
 */
import { LeaseState, type Lease4 } from './lease4.js';
import { emptyRecord4, keyToBytes, type LeaseRecord4 } from './lease-record4.js';
import { ChainIndex } from './chain-index.js';
import { OldestPicker } from './oldest-picker.js';
import { TableSnapshot4 } from './table-snapshot4.js';
import { U32Map } from './u32-map.js';

const USED = 1;
const FWD = 2;
const REV = 4;

interface MutableCounts {
  assigned: number;
  declined: number;
}

export class LeaseTable4 {
  #cap = 0;
  /** Slots ever used; slots below it are used or on the free list. */
  #hwm = 0;
  #size = 0;
  #free: number[] = [];
  #addr = new Uint32Array(0);
  #cltt = new Float64Array(0);
  #valid = new Uint32Array(0);
  #subnet = new Uint32Array(0);
  #pool = new Uint32Array(0);
  #state = new Uint8Array(0);
  #flags = new Uint8Array(0);
  #htype = new Uint16Array(0);
  #hw: string[] = [];
  #cid: string[] = [];
  #host: string[] = [];
  #ctx: Array<Readonly<Record<string, unknown>> | null> = [];
  #byAddr = new U32Map();
  #byHw = new ChainIndex((slot) => this.#hw[slot] as string);
  #byCid = new ChainIndex((slot) => this.#cid[slot] as string);
  #counts = new Map<number, MutableCounts>();
  /** No lease that is not reclaimed expires before this (a lower bound, raised by scans). */
  #minActiveExpire = Infinity;
  #reclaimed = 0;
  #snapshots = new Set<TableSnapshot4>();
  /**
   * Every address in order, for paging (lease4-get-page); built when asked for and dropped when
   * an address is added or removed (an update of a lease keeps it: renewals do not rebuild it).
   */
  #ordered: Uint32Array | null = null;

  get size(): number {
    return this.#size;
  }

  /** Makes room for `leases` leases in all (a load knows roughly how many are coming). */
  reserve(leases: number): void {
    if (leases <= this.#cap) return;
    this.#grow(leases);
    this.#byAddr.reserve(leases);
    this.#byHw.reserve(leases);
    this.#byCid.reserve(leases);
  }

  /** The slot of `address`, or -1. */
  slotOf(address: number): number {
    return this.#byAddr.get(address);
  }

  /** Adds or replaces the lease of `r.address`. */
  upsert(r: LeaseRecord4): void {
    let slot = this.#byAddr.get(r.address);
    // An update that keeps a key keeps the lease's place under it (Kea's replace()).
    let keep = { hw: false, cid: false };
    if (slot >= 0) {
      this.#beforeChange(slot);
      keep = { hw: this.#hw[slot] === r.hw, cid: this.#cid[slot] === r.cid };
      this.#unindex(slot, keep.hw, keep.cid);
    } else {
      slot = this.#allocate();
      this.#beforeChange(slot);
      this.#byAddr.set(r.address, slot);
      this.#size++;
      this.#ordered = null;
    }
    this.#addr[slot] = r.address;
    this.#cltt[slot] = r.cltt;
    this.#valid[slot] = r.validLifetime;
    this.#subnet[slot] = r.subnetId;
    this.#pool[slot] = r.poolId;
    this.#state[slot] = r.state;
    this.#flags[slot] = USED | (r.fqdnFwd ? FWD : 0) | (r.fqdnRev ? REV : 0);
    this.#htype[slot] = r.htype;
    this.#hw[slot] = r.hw;
    this.#cid[slot] = r.cid;
    this.#host[slot] = r.hostname;
    this.#ctx[slot] = r.userContext;
    this.#index(slot, keep.hw, keep.cid);
  }

  /** Removes the lease of `address`; returns whether there was one. */
  remove(address: number): boolean {
    const slot = this.#byAddr.get(address);
    if (slot < 0) return false;
    this.#beforeChange(slot);
    this.#unindex(slot);
    this.#byAddr.delete(address);
    this.#flags[slot] = 0;
    this.#hw[slot] = '';
    this.#cid[slot] = '';
    this.#host[slot] = '';
    this.#ctx[slot] = null;
    this.#free.push(slot);
    this.#size--;
    this.#ordered = null;
    return true;
  }

  /**
   * The slots of the first `limit` addresses above `after`, in address order (Kea's
   * getLeases4(lower_bound, page_size)). O(log n + limit) once the order is built; building it
   * sorts every address (about 10 ms per 100 000 leases) after the set of addresses changed.
   */
  slotsAfter(after: number, limit: number): number[] {
    const ordered = this.#orderedAddresses();
    const lo = firstAbove(ordered, after);
    const out: number[] = [];
    for (let i = lo; i < ordered.length && out.length < limit; i++) out.push(this.#byAddr.get(ordered[i] as number));
    return out;
  }

  /** The highest address with a lease in [first, last], or -1. O(log n) once the order is built. */
  highestIn(first: number, last: number): number {
    const ordered = this.#orderedAddresses();
    const i = firstAbove(ordered, last) - 1;
    return i >= 0 && (ordered[i] as number) >= first ? (ordered[i] as number) : -1;
  }

  #orderedAddresses(): Uint32Array {
    if (this.#ordered === null) {
      const ordered = new Uint32Array(this.#size);
      let n = 0;
      for (let slot = 0; slot < this.#hwm; slot++) if (((this.#flags[slot] as number) & USED) !== 0) ordered[n++] = this.#addr[slot] as number;
      this.#ordered = ordered.sort();
    }
    return this.#ordered;
  }

  /** Copies the lease in `slot` into `out`. */
  read(slot: number, out: LeaseRecord4): LeaseRecord4 {
    const flags = this.#flags[slot] as number;
    out.address = this.#addr[slot] as number;
    out.hw = this.#hw[slot] as string;
    out.htype = this.#htype[slot] as number;
    out.cid = this.#cid[slot] as string;
    out.validLifetime = this.#valid[slot] as number;
    out.cltt = this.#cltt[slot] as number;
    out.subnetId = this.#subnet[slot] as number;
    out.poolId = this.#pool[slot] as number;
    out.fqdnFwd = (flags & FWD) !== 0;
    out.fqdnRev = (flags & REV) !== 0;
    out.hostname = this.#host[slot] as string;
    out.state = this.#state[slot] as LeaseState;
    out.userContext = this.#ctx[slot] ?? null;
    return out;
  }

  /** A fresh Lease4 of the lease in `slot`. */
  lease(slot: number): Lease4 {
    const flags = this.#flags[slot] as number;
    const cid = this.#cid[slot] as string;
    return {
      address: this.#addr[slot] as number,
      hwaddr: keyToBytes(this.#hw[slot] as string),
      htype: this.#htype[slot] as number,
      clientId: cid === '' ? null : keyToBytes(cid),
      validLifetime: this.#valid[slot] as number,
      cltt: this.#cltt[slot] as number,
      subnetId: this.#subnet[slot] as number,
      poolId: this.#pool[slot] as number,
      fqdnFwd: (flags & FWD) !== 0,
      fqdnRev: (flags & REV) !== 0,
      hostname: this.#host[slot] as string,
      state: this.#state[slot] as LeaseState,
      userContext: this.#ctx[slot] ?? null,
    };
  }

  /** Slots of the leases with this hwaddr (byte string), optionally in one subnet. */
  slotsByHw(hw: string, subnetId?: number): number[] {
    return this.#lookup(this.#byHw, hw, subnetId);
  }

  /** Slots of the leases with this client id (byte string), optionally in one subnet. */
  slotsByCid(cid: string, subnetId?: number): number[] {
    return this.#lookup(this.#byCid, cid, subnetId);
  }

  counts(subnetId: number): { assigned: number; declined: number } {
    const c = this.#counts.get(subnetId);
    return { assigned: c?.assigned ?? 0, declined: c?.declined ?? 0 };
  }

  /** Every used slot, in slot order. */
  *slots(): IterableIterator<number> {
    for (let slot = 0; slot < this.#hwm; slot++) {
      if (((this.#flags[slot] as number) & USED) !== 0) yield slot;
    }
  }

  /**
   * A snapshot of the table as it is now (free; changes made later do not show in it), for the
   * LFC. Release it when done: until then every change copies the old lease of its slot once.
   */
  beginSnapshot(): TableSnapshot4 {
    const live = {
      isUsed: (slot: number) => ((this.#flags[slot] as number) & USED) !== 0,
      address: (slot: number) => this.#addr[slot] as number,
      read: (slot: number, out: LeaseRecord4) => this.read(slot, out),
    };
    const snapshot = new TableSnapshot4(this.#hwm, live, (s) => this.#snapshots.delete(s));
    this.#snapshots.add(snapshot);
    return snapshot;
  }

  /** Not reclaimed (Kea's expiration index), expire <= now: oldest first, at most `limit`. */
  expiredSlots(now: number, limit: number): number[] {
    if (limit <= 0 || now < this.#minActiveExpire) return [];
    const picker = new OldestPicker(limit);
    let min = Infinity;
    for (let slot = 0; slot < this.#hwm; slot++) {
      if (((this.#flags[slot] as number) & USED) === 0 || this.#state[slot] === LeaseState.ExpiredReclaimed) continue;
      const expire = (this.#cltt[slot] as number) + (this.#valid[slot] as number);
      if (expire < min) min = expire;
      if (expire <= now) picker.offer(expire, this.#addr[slot] as number, slot);
    }
    this.#minActiveExpire = min;
    return picker.result();
  }

  /** State ExpiredReclaimed and expire <= cutoff: oldest first, at most `limit`. */
  reclaimedSlots(cutoff: number, limit: number): number[] {
    if (limit <= 0 || this.#reclaimed === 0) return [];
    const picker = new OldestPicker(limit);
    for (let slot = 0; slot < this.#hwm; slot++) {
      if (((this.#flags[slot] as number) & USED) === 0 || this.#state[slot] !== LeaseState.ExpiredReclaimed) continue;
      const expire = (this.#cltt[slot] as number) + (this.#valid[slot] as number);
      if (expire <= cutoff) picker.offer(expire, this.#addr[slot] as number, slot);
    }
    return picker.result();
  }

  /** Lets the snapshots keep what `slot` holds before it changes. */
  #beforeChange(slot: number): void {
    if (this.#snapshots.size === 0) return;
    const current = (): LeaseRecord4 | null => (((this.#flags[slot] as number) & USED) !== 0 ? this.read(slot, emptyRecord4()) : null);
    for (const snapshot of this.#snapshots) snapshot.preserve(slot, current);
  }

  #allocate(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    if (this.#hwm === this.#cap) this.#grow();
    this.#hw.push('');
    this.#cid.push('');
    this.#host.push('');
    this.#ctx.push(null);
    return this.#hwm++;
  }

  #grow(min = 0): void {
    const cap = Math.max(1024, this.#cap * 2, min);
    const grow = <T extends Uint32Array | Float64Array | Uint8Array | Uint16Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(old as never);
      return next;
    };
    this.#addr = grow(this.#addr, (n) => new Uint32Array(n));
    this.#cltt = grow(this.#cltt, (n) => new Float64Array(n));
    this.#valid = grow(this.#valid, (n) => new Uint32Array(n));
    this.#subnet = grow(this.#subnet, (n) => new Uint32Array(n));
    this.#pool = grow(this.#pool, (n) => new Uint32Array(n));
    this.#state = grow(this.#state, (n) => new Uint8Array(n));
    this.#flags = grow(this.#flags, (n) => new Uint8Array(n));
    this.#htype = grow(this.#htype, (n) => new Uint16Array(n));
    this.#cap = cap;
  }

  /** Adds `slot` to the indexes (the key indexes only where the key is new: `keepHw`/`keepCid`). */
  #index(slot: number, keepHw = false, keepCid = false): void {
    const hw = this.#hw[slot] as string;
    const cid = this.#cid[slot] as string;
    if (hw !== '' && !keepHw) this.#byHw.add(hw, slot);
    if (cid !== '' && !keepCid) this.#byCid.add(cid, slot);
    const state = this.#state[slot] as number;
    const subnet = this.#subnet[slot] as number;
    if (state === LeaseState.Default || state === LeaseState.Declined) {
      let c = this.#counts.get(subnet);
      if (c === undefined) this.#counts.set(subnet, (c = { assigned: 0, declined: 0 }));
      if (state === LeaseState.Default) c.assigned++;
      else c.declined++;
    }
    if (state === LeaseState.ExpiredReclaimed) {
      this.#reclaimed++;
    } else {
      const expire = (this.#cltt[slot] as number) + (this.#valid[slot] as number);
      if (expire < this.#minActiveExpire) this.#minActiveExpire = expire;
    }
  }

  #unindex(slot: number, keepHw = false, keepCid = false): void {
    const hw = this.#hw[slot] as string;
    const cid = this.#cid[slot] as string;
    if (hw !== '' && !keepHw) this.#byHw.remove(hw, slot);
    if (cid !== '' && !keepCid) this.#byCid.remove(cid, slot);
    const state = this.#state[slot] as number;
    const c = this.#counts.get(this.#subnet[slot] as number);
    if (c !== undefined && state === LeaseState.Default) c.assigned--;
    if (c !== undefined && state === LeaseState.Declined) c.declined--;
    if (state === LeaseState.ExpiredReclaimed) this.#reclaimed--;
  }

  #lookup(index: ChainIndex, key: string, subnetId: number | undefined): number[] {
    if (key === '') return [];
    const slots = index.find(key);
    return subnetId === undefined ? slots : slots.filter((s) => this.#subnet[s] === subnetId);
  }
}

/** The index of the first element of `sorted` above `value` (its length when none is). */
function firstAbove(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
