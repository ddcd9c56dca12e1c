/**
 * Kea's lease statistics (§14.2, §14.3) with Kea's names: global (`assigned-addresses`),
 * per subnet (`subnet[1].assigned-addresses`) and per pool (`subnet[1].pool[0].…`, the pool's
 * pool-id; pools sharing an id share the counter). A change finds the pool by the lease's address
 * in its subnet (`Subnet::getPool(addr, false)`); the recount uses the stored pool id, as Kea's
 * lease statistics query does (lease_mgr.cc:78-229, cfg_subnets4.cc:512-609). Pure.
 */
import type { Lease4, LeaseStore4, Pool4, ResolvedConfig4 } from './deps.js';
import { LeaseState, poolStat, subnetStat, type StatsRegistry } from './deps.js';
import { poolIndexOf4, sortPools4 } from './pools.js';

/** Per-subnet and per-pool lease statistics deleted at every reconfiguration (cfg_subnets4.cc:512). */
const SUBNET_LEASE_STATS = [
  'total-addresses', 'assigned-addresses', 'cumulative-assigned-addresses', 'declined-addresses',
  'reclaimed-declined-addresses', 'reclaimed-leases',
] as const;

export class LeaseStats4 {
  readonly #stats: StatsRegistry;
  #pools: ReadonlyMap<number, readonly Pool4[]> = new Map();

  constructor(stats: StatsRegistry) {
    this.#stats = stats;
  }

  /** The pools (sorted by first address) of each subnet id, for per-pool statistics. */
  usePools(pools: ReadonlyMap<number, readonly Pool4[]>): void {
    this.#pools = pools;
  }

  /** The pool-id of the configured pool of subnet `subnetId` containing `address`, or undefined. */
  poolIdOf(subnetId: number, address: number): number | undefined {
    const pools = this.#pools.get(subnetId);
    if (pools === undefined) return undefined;
    const i = poolIndexOf4(pools, address);
    return i < 0 ? undefined : (pools[i] as Pool4).id;
  }

  /** Adds `delta` to `name` globally, for the subnet and for the lease's pool (if any). */
  #addAll(name: string, subnetId: number, address: number, delta: number): void {
    this.#stats.add(name, delta);
    this.#stats.add(subnetStat(subnetId, name), delta);
    const pid = this.poolIdOf(subnetId, address);
    if (pid !== undefined) this.#stats.add(poolStat(subnetId, pid, name), delta);
  }

  /** A lease written as newly assigned: assigned and cumulative-assigned +1 (g/s/p). */
  assigned(subnetId: number, address: number): void {
    this.#addAll('assigned-addresses', subnetId, address, 1);
    this.#addAll('cumulative-assigned-addresses', subnetId, address, 1);
  }

  /** A lease no longer assigned (release, deletion, reclamation): assigned −1 (g/s/p). */
  unassigned(subnetId: number, address: number): void {
    this.#addAll('assigned-addresses', subnetId, address, -1);
  }

  /**
   * A lease stored (+1) or removed (−1) by another writer than the engine (the lease commands),
   * counted as the recount counts it: default and declined leases are assigned, declined ones
   * declined too; other states count nowhere. The pool is found by address.
   */
  counted(lease: Lease4, delta: 1 | -1): void {
    if (lease.state !== LeaseState.Default && lease.state !== LeaseState.Declined) return;
    this.#addAll('assigned-addresses', lease.subnetId, lease.address, delta);
    if (lease.state === LeaseState.Declined) this.#addAll('declined-addresses', lease.subnetId, lease.address, delta);
  }

  /** A server decline of a lease that was not stored counts it as assigned too. */
  assignedOnly(subnetId: number, address: number): void {
    this.#addAll('assigned-addresses', subnetId, address, 1);
  }

  reclaimed(subnetId: number, address: number): void {
    this.#addAll('reclaimed-leases', subnetId, address, 1);
  }

  declined(subnetId: number, address: number): void {
    this.#addAll('declined-addresses', subnetId, address, 1);
  }

  /** A declined lease recovered after probation (§9.3). */
  recoveredDeclined(subnetId: number, address: number): void {
    this.#addAll('declined-addresses', subnetId, address, -1);
    this.#addAll('reclaimed-declined-addresses', subnetId, address, 1);
  }

  /** `v4-lease-reuses` (g/s). */
  reused(subnetId: number): void {
    this.#stats.add('v4-lease-reuses', 1);
    this.#stats.add(subnetStat(subnetId, 'v4-lease-reuses'), 1);
  }

  /** Takes back a `v4-lease-reuses` when the server's name update cancels the reuse. */
  reuseTakenBack(subnetId: number): void {
    this.#stats.add('v4-lease-reuses', -1);
    this.#stats.add(subnetStat(subnetId, 'v4-lease-reuses'), -1);
  }

  /** `v4-reservation-conflicts` (g/s). */
  reservationConflict(subnetId: number): void {
    this.#stats.add('v4-reservation-conflicts', 1);
    this.#stats.add(subnetStat(subnetId, 'v4-reservation-conflicts'), 1);
  }

  /** One allocation-fail statistic (g/s), e.g. `v4-allocation-fail-subnet`. */
  allocationFail(name: string, subnetId: number): void {
    this.#stats.add(name, 1);
    this.#stats.add(subnetStat(subnetId, name), 1);
  }

  /** Kea's `CfgSubnets4::removeStatistics` for the configuration being replaced. */
  removeSubnetStats(cfg: ResolvedConfig4): void {
    for (const s of cfg.subnets) {
      for (const name of SUBNET_LEASE_STATS) this.#stats.remove(subnetStat(s.id, name));
      for (const p of s.pools) for (const name of SUBNET_LEASE_STATS) this.#stats.remove(poolStat(s.id, p.id, name));
    }
  }

  /**
   * Kea's `CfgSubnets4::updateStatistics` + `recountLeaseStats4`: totals, counters created at 0
   * when absent, and the assigned/declined counts recomputed from every lease in the store
   * (state default → assigned; declined → declined and assigned; other states not counted).
   */
  recount(cfg: ResolvedConfig4, store: LeaseStore4): void {
    const st = this.#stats;
    const zeroIfAbsent = (name: string): void => {
      if (!st.has(name)) st.set(name, 0);
    };
    for (const s of cfg.subnets) {
      st.set(subnetStat(s.id, 'total-addresses'), s.totalAddresses);
      zeroIfAbsent(subnetStat(s.id, 'cumulative-assigned-addresses'));
      zeroIfAbsent(subnetStat(s.id, 'v4-lease-reuses'));
      zeroIfAbsent(subnetStat(s.id, 'v4-reservation-conflicts'));
      for (const p of s.pools) {
        const total = poolStat(s.id, p.id, 'total-addresses');
        if (st.has(total)) st.add(total, p.last - p.first + 1);
        else st.set(total, p.last - p.first + 1);
        zeroIfAbsent(poolStat(s.id, p.id, 'cumulative-assigned-addresses'));
      }
    }
    if (cfg.subnets.length === 0) {
      st.releaseSpare();
      return;
    }
    st.set('assigned-addresses', 0);
    st.set('declined-addresses', 0);
    for (const name of ['reclaimed-declined-addresses', 'reclaimed-leases', 'cumulative-assigned-addresses']) zeroIfAbsent(name);
    for (const s of cfg.subnets) {
      st.set(subnetStat(s.id, 'assigned-addresses'), 0);
      st.set(subnetStat(s.id, 'declined-addresses'), 0);
      zeroIfAbsent(subnetStat(s.id, 'reclaimed-declined-addresses'));
      zeroIfAbsent(subnetStat(s.id, 'reclaimed-leases'));
      for (const p of s.pools) {
        for (const name of ['assigned-addresses', 'declined-addresses', 'reclaimed-declined-addresses', 'reclaimed-leases']) {
          zeroIfAbsent(poolStat(s.id, p.id, name));
        }
      }
    }
    this.#applyCounts(countLeases(store));
    st.releaseSpare();
  }

  #applyCounts(counts: LeaseCountTable): void {
    const st = this.#stats;
    for (const [subnetId, c] of counts.bySubnet) {
      if (c.assigned > 0) {
        st.add('assigned-addresses', c.assigned);
        st.add(subnetStat(subnetId, 'assigned-addresses'), c.assigned);
      }
      if (c.declined > 0) {
        st.set(subnetStat(subnetId, 'declined-addresses'), c.declined);
        st.add('assigned-addresses', c.declined);
        st.add('declined-addresses', c.declined);
        st.add(subnetStat(subnetId, 'assigned-addresses'), c.declined);
      }
    }
    for (const [key, c] of counts.byPool) {
      const [subnetId, poolId] = key.split('/').map(Number) as [number, number];
      if (c.assigned > 0) st.add(poolStat(subnetId, poolId, 'assigned-addresses'), c.assigned);
      if (c.declined > 0) {
        st.set(poolStat(subnetId, poolId, 'declined-addresses'), c.declined);
        st.add(poolStat(subnetId, poolId, 'assigned-addresses'), c.declined);
      }
    }
  }
}

interface StateCounts {
  assigned: number;
  declined: number;
}

interface LeaseCountTable {
  readonly bySubnet: Map<number, StateCounts>;
  /** By `subnetId/poolId` (the stored pool id). */
  readonly byPool: Map<string, StateCounts>;
}

/** Counts leases in state default and declined per subnet and per stored pool id. */
function countLeases(store: LeaseStore4): LeaseCountTable {
  const bySubnet = new Map<number, StateCounts>();
  const byPool = new Map<string, StateCounts>();
  const bump = <K>(map: Map<K, StateCounts>, key: K, lease: Lease4): void => {
    let c = map.get(key);
    if (c === undefined) map.set(key, (c = { assigned: 0, declined: 0 }));
    if (lease.state === LeaseState.Default) c.assigned++;
    else c.declined++;
  };
  for (const lease of store.all()) {
    if (lease.state !== LeaseState.Default && lease.state !== LeaseState.Declined) continue;
    bump(bySubnet, lease.subnetId, lease);
    bump(byPool, `${lease.subnetId}/${lease.poolId}`, lease);
  }
  return { bySubnet, byPool };
}

/** The pools of every subnet of `cfg`, sorted by first address, by subnet id. */
export function poolsBySubnet4(cfg: ResolvedConfig4): Map<number, Pool4[]> {
  return new Map(cfg.subnets.map((s) => [s.id, sortPools4(s.pools)]));
}
