/**
 * Reclaiming one expired lease (§13.2, alloc_engine.cc:3226-3344) and declined-lease recovery
 * (§9.3, 3369-3438). The same routine runs from the reclamation timer (update or remove) and
 * "in memory" when an allocation reuses an expired lease (leave: only statistics). Pure.
 */
import type { EngineCore4 } from './core.js';
import type { Lease4 } from './deps.js';
import { LeaseState } from './deps.js';

/** update: keep as expired-reclaimed; remove: delete; leave: statistics only (in-memory reclaim). */
export type ReclaimMode4 = 'update' | 'remove' | 'leave';

/**
 * Kea's hook points of reclamation, called synchronously (the timer's runs only):
 * - `expire` (lease4_expire): true = SKIP, the callout did the whole reclamation: the stored
 *   lease is left alone, the statistics still change;
 * - `recover` (lease4_recover, a declined lease leaving probation): true = SKIP, it stays declined.
 */
export interface ReclaimHooks4 {
  readonly expire?: (lease: Lease4, remove: boolean) => boolean;
  readonly recover?: (lease: Lease4) => boolean;
}

/**
 * Reclaims `lease`: a declined lease is recovered (declined −1, reclaimed-declined +1) and
 * deleted; otherwise it is deleted (`remove`) or kept as expired-reclaimed with hostname, FQDN
 * flags and user context cleared, hwaddr and client id kept (affinity). Then reclaimed-leases +1
 * and, unless it was released, assigned −1 (g/s/p). Returns the stored lease afterwards (null
 * when deleted or with `leave`).
 */
export function reclaimLease4(core: EngineCore4, lease: Lease4, mode: ReclaimMode4, hooks?: ReclaimHooks4): Lease4 | null {
  const isReleased = lease.state === LeaseState.Released;
  let isRemoved = mode === 'remove';
  const isSkipped = mode !== 'leave' && hooks?.expire !== undefined && hooks.expire(lease, isRemoved);
  if (lease.state === LeaseState.Declined) {
    // reclaimDeclined: a lease4_recover SKIP keeps the lease declined, and nothing else happens.
    if (mode !== 'leave' && hooks?.recover !== undefined && hooks.recover(lease)) return lease;
    core.stats.recoveredDeclined(lease.subnetId, lease.address);
    isRemoved = true;
  }
  let after: Lease4 | null = null;
  if (mode !== 'leave' && !isSkipped) {
    if (isRemoved) {
      core.deleteLease(lease);
    } else {
      after = { ...lease, hostname: '', fqdnFwd: false, fqdnRev: false, state: LeaseState.ExpiredReclaimed, userContext: null };
      core.putLease(after);
    }
  }
  core.stats.reclaimed(lease.subnetId, lease.address);
  if (!isReleased) core.stats.unassigned(lease.subnetId, lease.address);
  return after;
}
