/**
 * What the per-packet and reclamation code needs from the engine: the configured snapshot, the
 * store, the statistics, the clock, each subnet's pools and allocator, and the two lease writes
 * (which keep the FLQ allocators in sync). Internal to alloc/. Pure.
 */
import type { Allocator4 } from './allocators/allocator.js';
import type { Lease4, LeaseStore4, Pool4, ResolvedConfig4, Subnet4 } from './deps.js';
import type { LeaseStats4 } from './lease-stats.js';

/** Per-subnet allocation state, rebuilt at every (re)configuration. */
export interface SubnetState4 {
  readonly subnet: Subnet4;
  /** Pools sorted by first address. */
  readonly pools: readonly Pool4[];
  readonly allocator: Allocator4;
}

export interface EngineCore4 {
  readonly cfg: ResolvedConfig4;
  readonly store: LeaseStore4;
  readonly stats: LeaseStats4;
  /** Unix seconds. */
  nowSec(): number;
  /** The state of a configured subnet (by id). @throws AllocError ERR_ALLOC_UNKNOWN_SUBNET */
  state(subnet: Subnet4): SubnetState4;
  /** Stores (adds or replaces) a lease. */
  putLease(lease: Lease4): void;
  /** Deletes the lease at `lease.address`; false when there was none. */
  deleteLease(lease: Lease4): boolean;
}
