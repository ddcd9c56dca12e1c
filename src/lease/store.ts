/**
 * The DHCPv4 lease store port: what the allocation engine, the reclamation timer and the control
 * commands need from lease storage. Implemented by `MemoryLeaseStore4` (Kea's `persist: false`)
 * and `MemfileLeaseStore4` (Kea's memfile: CSV lease files and lease file cleanup).
 * Pure: types only.
 */
import type { Lease4 } from './lease4.js';

/** Per-subnet lease counts, as Kea's lease statistics query reports them (memfile_lease_mgr.cc). */
export interface LeaseCounts4 {
  /** Leases in state Default. Kea's `assigned-addresses` statistic is `assigned + declined`. */
  readonly assigned: number;
  /** Leases in state Declined. */
  readonly declined: number;
}

export interface LeaseStore4 {
  /** The lease of `address` (unsigned 32-bit), or undefined. Returns a fresh copy each time. */
  get(address: number): Lease4 | undefined;
  /** Leases with this hardware address (all subnets, or only `subnetId`). O(1) average. */
  getByHwAddr(hwaddr: Uint8Array, subnetId?: number): Lease4[];
  /** Leases with this client identifier (all subnets, or only `subnetId`). O(1) average. */
  getByClientId(clientId: Uint8Array, subnetId?: number): Lease4[];
  /**
   * Adds or replaces (by address) the lease in memory at once and queues its CSV row.
   * @throws LeaseStoreError `ERR_LEASE_INVALID` when the lease cannot be stored (nothing changes)
   * @throws LeaseStoreError `ERR_LEASE_CLOSED` after close()
   */
  put(lease: Lease4): void;
  /**
   * Removes the lease in memory at once and queues its row with valid_lifetime 0 (Kea's delete).
   * Returns false (and queues nothing) when there is no lease at `address`.
   */
  delete(address: number): boolean;
  /**
   * Resolves when every change made before the call is written (one write per event-loop turn).
   * @throws LeaseStoreError `ERR_LEASE_WRITE` (rejection) when the write failed
   */
  flush(): Promise<void>;
  /**
   * Leases that are not reclaimed (Default, Declined, Released: Kea's expiration index, so that
   * declined addresses are recovered too) and whose expire <= now, oldest first, at most `limit`.
   */
  expired(now: number, limit: number): Lease4[];
  /** Leases in state ExpiredReclaimed whose expire <= cutoff (now - hold time), oldest first. */
  reclaimedBefore(cutoff: number, limit: number): Lease4[];
  /** Number of leases. */
  count(): number;
  /** Lease counts of one subnet. */
  countBySubnet(subnetId: number): LeaseCounts4;
  /** The highest address in [first, last] that has a lease, or undefined. */
  highestAddressIn(first: number, last: number): number | undefined;
  /** The leases of the first `limit` addresses above `after`, in address order (lease4-get-page). */
  page(after: number, limit: number): Lease4[];
  /** Every lease, in no particular order (copies; changes made while iterating may show). */
  all(): IterableIterator<Lease4>;
  /** Writes what is pending and releases files and timers. Further changes throw ERR_LEASE_CLOSED. */
  close(): Promise<void>;
}
