/**
 * `AllocEngine4`: the DHCPv4 allocation engine (Kea's AllocEngine plus the lease parts of
 * Dhcpv4Srv). It owns the per-subnet allocator state, is the only writer of leases besides the
 * lease-file loader (so the FLQ queues stay in sync), and keeps Kea's lease statistics.
 * Pure: no I/O; time comes from the injected clock, randomness from the injected generator.
 */
import { Allocation4 } from './allocate4.js';
import type { Allocator4 } from './allocators/allocator.js';
import { FlqAllocator4 } from './allocators/flq.js';
import { IterativeAllocator4 } from './allocators/iterative.js';
import { RandomAllocator4 } from './allocators/random.js';
import type { AllocRequest4, AllocResult4, LeaseName4 } from './context.js';
import type { EngineCore4, SubnetState4 } from './core.js';
import type { Clock, Lease4, LeaseStore4, Pool4, ResolvedConfig4, StatsRegistry, Subnet4 } from './deps.js';
import { LeaseState } from './deps.js';
import { AllocError } from './errors.js';
import { belongsToClient4, type ClientIdentity4 } from './identity.js';
import { INFINITE_LIFETIME, isExpired4, teeTimes } from './lifetime.js';
import { LeaseStats4, poolsBySubnet4 } from './lease-stats.js';
import { networkWalk4, type ClassSet } from './network.js';
import { reclaimLease4, type ReclaimHooks4 } from './reclaim.js';

/** The client fields RELEASE and DECLINE check ownership with (client id used whatever match-client-id says). */
export type LeaseOwner4 = Pick<ClientIdentity4, 'hwaddr' | 'htype' | 'clientId'>;

/** §7.2: what to do with an INIT-REBOOT REQUEST before allocation. */
export type InitRebootVerdict4 = 'continue' | 'nak' | 'drop';

export interface InitRebootQuery4 {
  /** The selected subnet, or undefined. */
  readonly subnet: Subnet4 | undefined;
  readonly classes: ClassSet;
  readonly identity: LeaseOwner4;
  /** Option 50. */
  readonly requested: number;
}

export type ReleaseCheck4 =
  | { readonly ok: true; readonly lease: Lease4 }
  | { readonly ok: false; readonly reason: 'no-lease' | 'not-owner' | 'not-assigned' };

export interface ReleaseOutcome4 {
  /** The lease before the release (the `deleted lease` of leases4_committed). */
  readonly before: Lease4;
  /** The lease kept in state released (affinity), or null when it was deleted. */
  readonly after: Lease4 | null;
  /** Deleted now: queue the DNS removal now (with affinity reclamation does it later). */
  readonly isDeleted: boolean;
}

export type DeclineCheck4 =
  | { readonly ok: true; readonly lease: Lease4 }
  | { readonly ok: false; readonly reason: 'no-lease' | 'mismatch' };

export interface DeclineOutcome4 {
  /** The lease before the decline (its DNS entries must be removed). */
  readonly before: Lease4;
  /** The declined lease as stored. */
  readonly after: Lease4;
}

export interface ReclaimLimits4 {
  /** 0 = unlimited. */
  readonly maxLeases: number;
  /** 0 = unlimited; checked after each lease, at least one is processed. */
  readonly maxTimeMs: number;
  /** Delete reclaimed leases instead of keeping them as expired-reclaimed. */
  readonly remove: boolean;
}

export interface ReclaimOutcome4 {
  /** The leases reclaimed, as they were before (for DNS removal and the lease4_expire hook). */
  readonly reclaimed: readonly Lease4[];
  /** No expired lease was left behind by the limits. */
  readonly isComplete: boolean;
  /** More than `unwarned-reclaim-cycles` incomplete runs in a row: log ALLOC_ENGINE_V4_LEASES_RECLAMATION_SLOW. */
  readonly isSlow: boolean;
}

/** The limits of the reclamation timer: `expired-leases-processing`, deleting when the flush timer is 0. */
export function timerReclaimLimits4(cfg: ResolvedConfig4): ReclaimLimits4 {
  const e = cfg.expiredLeases;
  return { maxLeases: e.maxReclaimLeases, maxTimeMs: e.maxReclaimTimeMs, remove: e.flushReclaimedTimerWaitSec === 0 };
}

/**
 * The DHCPv4 allocation engine.
 * @example
 * const engine = new AllocEngine4(store, stats, clock, rng);
 * engine.configure(cfg);
 * const r = engine.allocate({ kind: 'request', subnet, classes, identity, hint, ... });
 */
export class AllocEngine4 {
  readonly #store: LeaseStore4;
  readonly #stats: LeaseStats4;
  readonly #clock: Clock;
  readonly #random: () => number;
  #cfg: ResolvedConfig4 | undefined;
  #states = new Map<number, SubnetState4>();
  #pickSeq = 0;
  #incompleteRuns = 0;
  /** The lease as written/renewed behind a reused result (§5.7), for {@link renameLease}. */
  readonly #unreused = new WeakMap<AllocResult4, Lease4>();
  readonly #core: EngineCore4;

  constructor(store: LeaseStore4, stats: StatsRegistry, clock: Clock, random: () => number) {
    this.#store = store;
    this.#stats = new LeaseStats4(stats);
    this.#clock = clock;
    this.#random = random;
    const self = this;
    this.#core = {
      get cfg() {
        return self.config;
      },
      store,
      stats: this.#stats,
      nowSec: () => this.#nowSec(),
      state: (subnet) => this.#state(subnet),
      putLease: (lease) => this.putLease(lease),
      deleteLease: (lease) => this.#delete(lease.subnetId, lease.address),
    };
  }

  /** The configuration in use. @throws AllocError ERR_ALLOC_NOT_CONFIGURED */
  get config(): ResolvedConfig4 {
    if (this.#cfg === undefined) throw new AllocError('ERR_ALLOC_NOT_CONFIGURED', 'the allocation engine has no configuration; call configure() first');
    return this.#cfg;
  }

  /**
   * Applies a configuration: new allocator state for every subnet (iterative cursors carry on
   * over unchanged pools, random permutations and FLQ queues are rebuilt from the store) and the
   * lease statistics recounted (§14.2). Call it after the lease file is loaded, and on every reconfiguration.
   */
  configure(cfg: ResolvedConfig4): void {
    const pools = poolsBySubnet4(cfg);
    const states = new Map<number, SubnetState4>();
    const now = this.#nowSec();
    for (const subnet of cfg.subnets) {
      const sorted = pools.get(subnet.id) ?? [];
      const allocator = this.#allocatorFor(subnet, sorted, now);
      const previous = this.#states.get(subnet.id);
      if (previous !== undefined) allocator.continueFrom?.(previous.allocator);
      else if (allocator instanceof IterativeAllocator4) allocator.startAfterLeased((first, last) => this.#store.highestAddressIn(first, last));
      states.set(subnet.id, { subnet, pools: sorted, allocator });
    }
    if (this.#cfg !== undefined) this.#stats.removeSubnetStats(this.#cfg);
    this.#cfg = cfg;
    this.#states = states;
    this.#stats.usePools(pools);
    this.#stats.recount(cfg, this.#store);
  }

  #allocatorFor(subnet: Subnet4, pools: readonly Pool4[], now: number): Allocator4 {
    switch (subnet.params.allocator) {
      case 'random':
        return new RandomAllocator4(pools, this.#random);
      case 'flq':
      case 'shared-flq': {
        const isFree = (address: number): boolean => {
          const lease = this.#store.get(address);
          return lease === undefined || lease.subnetId !== subnet.id || lease.state === LeaseState.ExpiredReclaimed || isExpired4(lease, now);
        };
        return new FlqAllocator4(pools, this.#random, isFree);
      }
      default:
        return new IterativeAllocator4(subnet, pools, { next: () => ++this.#pickSeq });
    }
  }

  /**
   * Allocates for a DISCOVER (an offer; written only with offer-lifetime) or a REQUEST (§5, §7.3).
   * Counts the statistics of §14.3, including `v4-lease-reuses` for a cached lease.
   * @throws AllocError ERR_ALLOC_UNKNOWN_SUBNET, LeaseStoreError from the store's put()
   */
  allocate(req: AllocRequest4): AllocResult4 {
    const allocation = new Allocation4(this.#core, req);
    const result = allocation.run();
    if (result.isReused && result.lease !== null) this.#unreused.set(result, allocation.renewedLease ?? result.lease);
    return result;
  }

  /**
   * The server's name processing after allocation (postAllocateNameUpdate: a generated name, or
   * the name redone for another subnet/pool): the lease gets the new name; on a REQUEST or a
   * stored offer it is written and is no longer a reused lease (the reuse statistic is taken back).
   */
  renameLease(result: AllocResult4, name: LeaseName4): AllocResult4 {
    const lease = result.lease;
    if (lease === null || result.subnet === undefined) return result;
    if (lease.hostname === name.hostname && lease.fqdnFwd === name.fqdnFwd && lease.fqdnRev === name.fqdnRev) return result;
    const isCommitted = result.kind === 'request' || result.offerLifetime > 0;
    if (!isCommitted) return { ...result, lease: { ...lease, ...name } };
    const full: Lease4 = { ...(this.#unreused.get(result) ?? lease), ...name };
    this.putLease(full);
    if (result.isReused) this.#stats.reuseTakenBack(full.subnetId);
    const tee = teeTimes(result.subnet.params, full.validLifetime);
    return {
      ...result, lease: full, isWritten: true, isReused: false,
      validLifetime: result.offerLifetime > 0 ? result.validLifetime : full.validLifetime,
      teeLifetime: full.validLifetime, t1: tee.t1, t2: tee.t2,
    };
  }

  /**
   * §7.2 INIT-REBOOT pre-check: the client's lease by client id, else by hwaddr, in the network;
   * unknown client → silence unless authoritative; a known client asking for another address,
   * an unknown client with authoritative, or no subnet → NAK.
   */
  initReboot(q: InitRebootQuery4): InitRebootVerdict4 {
    const authoritative = q.subnet !== undefined ? q.subnet.params.authoritative : this.config.global.authoritative;
    if (q.subnet === undefined) return authoritative ? 'nak' : 'drop';
    const walk = networkWalk4(q.subnet, q.classes);
    const id = q.identity;
    let lease = id.clientId !== null ? firstInWalk(walk, this.#store.getByClientId(id.clientId)) : undefined;
    lease ??= firstInWalk(walk, this.#store.getByHwAddr(id.hwaddr));
    const isKnown = lease !== undefined && belongsToClient4(lease, id.hwaddr, id.htype, id.clientId);
    if (!authoritative && !isKnown) return 'drop';
    if ((isKnown && lease?.address !== q.requested) || (!isKnown && authoritative)) return 'nak';
    return 'continue';
  }

  /** §8 checks: the lease of ciaddr, owned by the client, in state default (3.x). */
  checkRelease(ciaddr: number, owner: LeaseOwner4): ReleaseCheck4 {
    const lease = this.#store.get(ciaddr);
    if (lease === undefined) return { ok: false, reason: 'no-lease' };
    if (!belongsToClient4(lease, owner.hwaddr, owner.htype, owner.clientId)) return { ok: false, reason: 'not-owner' };
    if (lease.state !== LeaseState.Default) return { ok: false, reason: 'not-assigned' };
    return { ok: true, lease };
  }

  /**
   * §8 RELEASE of a checked lease: with lease affinity (flush timer > 0, hold time > 0, finite
   * lifetime) it is kept in state released with lifetime 0, else deleted; assigned −1 (g/s/p).
   */
  release(lease: Lease4): ReleaseOutcome4 {
    const e = this.config.expiredLeases;
    let after: Lease4 | null = null;
    if (e.flushReclaimedTimerWaitSec > 0 && e.holdReclaimedSec > 0 && lease.validLifetime !== INFINITE_LIFETIME) {
      after = { ...lease, validLifetime: 0, state: LeaseState.Released };
      this.putLease(after);
    } else if (!this.#delete(lease.subnetId, lease.address)) {
      return { before: lease, after: null, isDeleted: false };
    }
    this.#stats.unassigned(lease.subnetId, lease.address);
    return { before: lease, after, isDeleted: after === null };
  }

  /** §9 checks: a lease for option 50, not expired, in state default, owned by the client. */
  checkDecline(requested: number, owner: LeaseOwner4): DeclineCheck4 {
    const lease = this.#store.get(requested);
    if (lease === undefined) return { ok: false, reason: 'no-lease' };
    if (isExpired4(lease, this.#nowSec()) || lease.state !== LeaseState.Default
      || !belongsToClient4(lease, owner.hwaddr, owner.htype, owner.clientId)) return { ok: false, reason: 'mismatch' };
    return { ok: true, lease };
  }

  /**
   * §9 DECLINE of a checked lease (Kea's `Lease4::decline`): state declined for
   * `decline-probation-period`, client identity, name and user context cleared; declined +1
   * (g/s/p); assigned unchanged.
   */
  decline(lease: Lease4): DeclineOutcome4 {
    const after = this.#declined(lease);
    this.putLease(after);
    this.#stats.declined(after.subnetId, after.address);
    return { before: lease, after };
  }

  /**
   * A decline decided by the server (`offer_address_in_use` from lease4_offer, §5.6): as
   * {@link decline}, and assigned +1 when the offered lease was not stored.
   */
  serverDecline(lease: Lease4, isStored: boolean): DeclineOutcome4 {
    const after = this.#declined(lease);
    this.putLease(after);
    this.#stats.declined(after.subnetId, after.address);
    if (!isStored) this.#stats.assignedOnly(after.subnetId, after.address);
    return { before: lease, after };
  }

  #declined(lease: Lease4): Lease4 {
    return {
      ...lease, hwaddr: new Uint8Array(0), htype: 1, clientId: null, cltt: this.#nowSec(), hostname: '',
      fqdnFwd: false, fqdnRev: false, state: LeaseState.Declined, validLifetime: this.config.declineProbationSec, userContext: null,
    };
  }

  /**
   * §13.2 one reclamation run: expired leases (not yet reclaimed, oldest first) up to the limits.
   * `leases-reclaim` is `reclaim({ maxLeases: 0, maxTimeMs: 0, remove })`; the timer uses
   * {@link timerReclaimLimits4}.
   */
  reclaim(limits: ReclaimLimits4, hooks?: ReclaimHooks4): ReclaimOutcome4 {
    const cfg = this.config;
    const max = limits.maxLeases;
    let leases = this.#store.expired(this.#nowSec(), max > 0 ? max + 1 : Number.MAX_SAFE_INTEGER);
    let isIncomplete = false;
    if (max > 0 && leases.length > max) {
      leases = leases.slice(0, max);
      isIncomplete = true;
    }
    const started = this.#clock.now();
    const reclaimed: Lease4[] = [];
    for (const lease of leases) {
      reclaimLease4(this.#core, lease, limits.remove ? 'remove' : 'update', hooks);
      reclaimed.push(lease);
      if (limits.maxTimeMs > 0 && this.#clock.now() - started >= limits.maxTimeMs) {
        if (reclaimed.length < leases.length) isIncomplete = true;
        break;
      }
    }
    let isSlow = false;
    if (isIncomplete) {
      this.#incompleteRuns++;
      const unwarned = cfg.expiredLeases.unwarnedReclaimCycles;
      if (unwarned > 0 && this.#incompleteRuns > unwarned) {
        isSlow = true;
        this.#incompleteRuns = 0;
      }
    } else {
      this.#incompleteRuns = 0;
    }
    return { reclaimed, isComplete: !isIncomplete, isSlow };
  }

  /** §13.3 flush run: deletes expired-reclaimed leases that expired at least `holdSec` ago. No statistics. */
  flushReclaimed(holdSec: number): number {
    let n = 0;
    for (const lease of this.#store.reclaimedBefore(this.#nowSec() - holdSec, Number.MAX_SAFE_INTEGER)) {
      if (this.#delete(lease.subnetId, lease.address)) n++;
    }
    return n;
  }

  /**
   * Stores a lease and keeps the allocator of its subnet in sync. For other writers (lease
   * commands); statistics are not touched (see {@link countLease}).
   */
  putLease(lease: Lease4): void {
    this.#store.put(lease);
    const state = this.#states.get(lease.subnetId);
    if (state?.allocator.kind === 'flq') {
      state.allocator.noteLease(lease.address, lease.state === LeaseState.ExpiredReclaimed || isExpired4(lease, this.#nowSec()));
    }
  }

  /**
   * Counts a lease another writer stored (+1) or removed (−1) in the lease statistics, as the
   * recount after a reload would count it.
   */
  countLease(lease: Lease4, delta: 1 | -1): void {
    this.#stats.counted(lease, delta);
  }

  /** The lease of `address`, whatever its state, or undefined. */
  leaseOf(address: number): Lease4 | undefined {
    return this.#store.get(address);
  }

  /** Deletes the lease of `address` and keeps the allocators in sync; false when there was none. */
  deleteLease(address: number): boolean {
    const lease = this.#store.get(address);
    return lease !== undefined && this.#delete(lease.subnetId, address);
  }

  #delete(subnetId: number, address: number): boolean {
    if (!this.#store.delete(address)) return false;
    const state = this.#states.get(subnetId);
    if (state?.allocator.kind === 'flq') state.allocator.noteLease(address, true);
    return true;
  }

  #state(subnet: Subnet4): SubnetState4 {
    const state = this.#states.get(subnet.id);
    if (state === undefined) {
      throw new AllocError('ERR_ALLOC_UNKNOWN_SUBNET', `subnet ${subnet.id} (${subnet.prefixText}) is not in the configuration the engine was given`);
    }
    return state;
  }

  #nowSec(): number {
    return Math.floor(this.#clock.now() / 1000);
  }
}

/** The first lease (in the walk's subnet order) whose subnet is in the walk. */
function firstInWalk(walk: readonly Subnet4[], leases: readonly Lease4[]): Lease4 | undefined {
  for (const s of walk) for (const l of leases) if (l.subnetId === s.id) return l;
  return undefined;
}
