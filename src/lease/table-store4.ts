/**
 * The part of both lease stores that works on the in-memory table: lookups, expiry queries and
 * counts, and the checks of put()/delete(). Subclasses decide what a change also does (nothing,
 * or a CSV row). Pure.
 */
import { LeaseStoreError } from './errors.js';
import type { Lease4 } from './lease4.js';
import { bytesToKey, emptyRecord4, recordFromLease4, type LeaseRecord4 } from './lease-record4.js';
import { LeaseTable4 } from './lease-table4.js';
import type { LeaseCounts4, LeaseStore4 } from './store.js';

export abstract class TableLeaseStore4 implements LeaseStore4 {
  protected readonly table = new LeaseTable4();
  protected isClosed = false;
  readonly #scratch = emptyRecord4();

  get(address: number): Lease4 | undefined {
    const slot = this.table.slotOf(address >>> 0);
    return slot < 0 ? undefined : this.table.lease(slot);
  }

  getByHwAddr(hwaddr: Uint8Array, subnetId?: number): Lease4[] {
    return this.table.slotsByHw(bytesToKey(hwaddr), subnetId).map((s) => this.table.lease(s));
  }

  getByClientId(clientId: Uint8Array, subnetId?: number): Lease4[] {
    return this.table.slotsByCid(bytesToKey(clientId), subnetId).map((s) => this.table.lease(s));
  }

  put(lease: Lease4): void {
    this.assertOpen();
    const record = recordFromLease4(lease);
    // The row first: when it cannot be rendered nothing has changed.
    this.recordPut(record);
    this.table.upsert(record);
  }

  delete(address: number): boolean {
    this.assertOpen();
    const slot = this.table.slotOf(address >>> 0);
    if (slot < 0) return false;
    const record = this.table.read(slot, this.#scratch);
    this.recordDelete(record);
    this.table.remove(address >>> 0);
    return true;
  }

  expired(now: number, limit: number): Lease4[] {
    return this.table.expiredSlots(now, limit).map((s) => this.table.lease(s));
  }

  reclaimedBefore(cutoff: number, limit: number): Lease4[] {
    return this.table.reclaimedSlots(cutoff, limit).map((s) => this.table.lease(s));
  }

  count(): number {
    return this.table.size;
  }

  countBySubnet(subnetId: number): LeaseCounts4 {
    return this.table.counts(subnetId);
  }

  highestAddressIn(first: number, last: number): number | undefined {
    const a = this.table.highestIn(first >>> 0, last >>> 0);
    return a < 0 ? undefined : a;
  }

  page(after: number, limit: number): Lease4[] {
    return this.table.slotsAfter(after >>> 0, limit).map((s) => this.table.lease(s));
  }

  *all(): IterableIterator<Lease4> {
    for (const slot of this.table.slots()) yield this.table.lease(slot);
  }

  abstract flush(): Promise<void>;
  abstract close(): Promise<void>;

  /** Called with a checked lease just before it replaces or adds the lease of its address. */
  protected abstract recordPut(record: LeaseRecord4): void;
  /** Called with the stored lease just before it is removed from the table. */
  protected abstract recordDelete(record: LeaseRecord4): void;

  protected assertOpen(): void {
    if (this.isClosed) throw new LeaseStoreError('ERR_LEASE_CLOSED', 'the lease store is closed');
  }
}
