/**
 * The plan of a revision: what applying it does to the leases in the live lease store, beyond the
 * configuration diff. Kea applies whatever it is given; an operator reviewing a change wants to
 * know, before it lands, which clients it strands:
 *
 * - `stranded`: active leases whose subnet disappears, whose subnet id now names another prefix,
 *   or whose address is no longer in a pool of their subnet nor reserved (at renewal Kea NAKs
 *   them, or silently ignores them, and the client starts over);
 * - `reservationConflicts`: new reservations whose address is leased to another client (Kea
 *   gives the reservation only once that lease ends);
 * - `capacity`: pool sizes per subnet, before and after.
 *
 * Pure: the leases and the clock come in as arguments.
 */
import type { Reservation4, ResolvedConfig4, Subnet4 } from '../config/index.js';
import { LeaseState, leaseExpire, type Lease4 } from '../lease/index.js';
import { bytesEqual, formatColonHex, formatIPv4 } from '../net/index.js';

export interface StrandedLease {
  readonly address: string;
  readonly subnetId: number;
  readonly reason: 'subnet-removed' | 'subnet-id-reused' | 'outside-pools';
}

export interface ReservationConflict {
  readonly address: string;
  readonly subnetId: number;
  /** The reservation's identifier (`hw-address=…`). */
  readonly reservedFor: string;
}

export interface CapacityChange {
  readonly subnetId: number;
  readonly prefix: string;
  readonly before: number;
  readonly after: number;
}

export interface LeasePlan {
  readonly activeLeases: number;
  readonly stranded: readonly StrandedLease[];
  readonly reservationConflicts: readonly ReservationConflict[];
  readonly capacity: readonly CapacityChange[];
}

function inPools(s: Subnet4, address: number): boolean {
  return s.pools.some((p) => address >= p.first && address <= p.last);
}

function isReservedIn(cfg: ResolvedConfig4, s: Subnet4, address: number): boolean {
  return (s.reservations.byAddress.get(address)?.length ?? 0) > 0 || (cfg.globalReservations.byAddress.get(address)?.length ?? 0) > 0;
}

/** True when the reservation names the client of `lease` (by hardware address or client id). */
function isFor(r: Reservation4, lease: Lease4): boolean {
  const id = r.identifier;
  if (r.identifierType === 'hw-address') return bytesEqual(id, lease.hwaddr);
  if (r.identifierType === 'client-id') return lease.clientId !== null && bytesEqual(id, lease.clientId);
  if (r.identifierType === 'duid') return lease.clientId !== null && lease.clientId.length > 5 && bytesEqual(id, lease.clientId.subarray(5));
  return true; // circuit-id, flex-id: the lease does not say; do not claim a conflict
}

/**
 * The lease impact of going from `before` (undefined: nothing serving) to `after`.
 * @param nowSec the current time in seconds: only unexpired leases in state default count
 */
export function planLeaseImpact(before: ResolvedConfig4 | undefined, after: ResolvedConfig4, leases: Iterable<Lease4>, nowSec: number): LeasePlan {
  const stranded: StrandedLease[] = [];
  const conflicts: ReservationConflict[] = [];
  let active = 0;
  const activeByAddress = new Map<number, Lease4>();
  for (const lease of leases) {
    if (lease.state !== LeaseState.Default || leaseExpire(lease) <= nowSec) continue;
    active++;
    activeByAddress.set(lease.address, lease);
    const next = after.subnetById.get(lease.subnetId);
    const address = formatIPv4(lease.address);
    if (next === undefined) {
      stranded.push({ address, subnetId: lease.subnetId, reason: 'subnet-removed' });
    } else if (lease.address < next.first || lease.address > next.last) {
      stranded.push({ address, subnetId: lease.subnetId, reason: 'subnet-id-reused' });
    } else if (!inPools(next, lease.address) && !isReservedIn(after, next, lease.address)) {
      stranded.push({ address, subnetId: lease.subnetId, reason: 'outside-pools' });
    }
  }
  for (const s of after.subnets) {
    for (const [address, list] of s.reservations.byAddress) {
      const lease = activeByAddress.get(address);
      if (lease === undefined) continue;
      for (const r of list) {
        if (isFor(r, lease)) continue;
        const old = before?.subnetById.get(s.id)?.reservations.byAddress.get(address);
        if (old?.some((o) => o.identifierType === r.identifierType && bytesEqual(o.identifier, r.identifier))) continue; // not new
        conflicts.push({ address: formatIPv4(address), subnetId: s.id, reservedFor: `${r.identifierType}=${formatColonHex(r.identifier)}` });
      }
    }
  }
  const capacity: CapacityChange[] = [];
  const ids = new Set([...(before?.subnets ?? []).map((s) => s.id), ...after.subnets.map((s) => s.id)]);
  for (const id of [...ids].sort((a, b) => a - b)) {
    const b = before?.subnetById.get(id);
    const a = after.subnetById.get(id);
    const was = b?.totalAddresses ?? 0;
    const now = a?.totalAddresses ?? 0;
    if (was !== now) capacity.push({ subnetId: id, prefix: (a ?? b)?.prefixText ?? '', before: was, after: now });
  }
  return { activeLeases: active, stranded, reservationConflicts: conflicts, capacity };
}

/** One line per finding, for the log and the status. */
export function describePlan(plan: LeasePlan): string[] {
  const lines: string[] = [];
  const byReason = new Map<string, number>();
  for (const s of plan.stranded) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  for (const [reason, n] of byReason) {
    const sample = plan.stranded.filter((s) => s.reason === reason).slice(0, 5).map((s) => s.address).join(', ');
    lines.push(`${n} active lease(s) stranded (${reason}): ${sample}${n > 5 ? ', ...' : ''}`);
  }
  for (const c of plan.reservationConflicts) lines.push(`reservation ${c.reservedFor} → ${c.address} (subnet ${c.subnetId}) is leased to another client`);
  for (const c of plan.capacity) lines.push(`subnet ${c.subnetId} (${c.prefix}) pool capacity ${c.before} → ${c.after}`);
  return lines;
}
