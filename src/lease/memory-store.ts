/**
 * `MemoryLeaseStore4`: leases in memory only, Kea's memfile with `persist: false` (meant for
 * tests and for the allocation engine's scenarios). Pure.
 */
import type { LeaseRecord4 } from './lease-record4.js';
import { TableLeaseStore4 } from './table-store4.js';

/**
 * A lease store that keeps nothing on disk: flush() resolves at once.
 * @example
 * const store = new MemoryLeaseStore4();
 * store.put(lease);
 * store.get(lease.address); // a copy of lease
 */
export class MemoryLeaseStore4 extends TableLeaseStore4 {
  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.isClosed = true;
    return Promise.resolve();
  }

  protected recordPut(_record: LeaseRecord4): void {
    // Nothing to persist.
  }

  protected recordDelete(_record: LeaseRecord4): void {
    // Nothing to persist.
  }
}
