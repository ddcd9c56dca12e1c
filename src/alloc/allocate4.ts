/**
 * One allocation (§5, §7.3): Kea's `allocateLease4` with `discoverLease4` / `requestLease4`
 * (alloc_engine.cc:3961-4472), the candidate steps `renewLease4`, `reuseExpiredLease4`,
 * `createLease4`, `allocateOrReuseLease4` and `allocateUnreservedLease4` (4619-5313), and the
 * checks they share (`findClientLease`, `inAllowedPool`, `addressReserved`,
 * `hasAddressReservation`, 3607-3853). The object is the per-packet context (Kea's
 * `ClientContext4`); `subnet` moves within a shared network as Kea's `ctx.subnet_` does. Pure.
 */
import type { AllocFailure4, AllocRequest4, AllocResult4 } from './context.js';
import type { EngineCore4 } from './core.js';
import type { Lease4, Pool4, Subnet4 } from './deps.js';
import { LeaseState, leaseExpire } from './deps.js';
import { relayAgentInfo4, withRelayAgentInfo4 } from './extended-info.js';
import { isHostOfClient4 } from './hosts.js';
import { belongsToClient4, bytesEqual } from './identity.js';
import {
  INFINITE_LIFETIME, isExpired4, minValidLifetime4, offerLifetime4, remainingLifetime4, teeTimes, validLifetime4,
} from './lifetime.js';
import { guardPasses, isClientSupported4, networkWalk4, nextAllowedSubnet4 } from './network.js';
import { allowedCapacity4, poolIndexOf4 } from './pools.js';
import { reclaimLease4 } from './reclaim.js';

export class Allocation4 {
  readonly #core: EngineCore4;
  readonly #req: AllocRequest4;
  readonly #now: number;
  readonly #isFake: boolean;
  /** Kea's ctx.subnet_. */
  #subnet: Subnet4;
  #offerLft = 0;
  #oldLease: Lease4 | null = null;
  #conflicting: Lease4 | null = null;
  #failure: AllocFailure4 | null = null;
  #deleted: Lease4 | null = null;
  #isWritten = false;
  #reusable = 0;
  readonly #reclaimed: Lease4[] = [];
  #renewed: Lease4 | null = null;

  constructor(core: EngineCore4, req: AllocRequest4) {
    this.#core = core;
    this.#req = req;
    this.#now = core.nowSec();
    this.#isFake = req.kind === 'discover';
    this.#subnet = core.state(req.subnet).subnet;
  }

  /** The lease as renewed, before a reused lease's remaining lifetime replaced its lifetime. */
  get renewedLease(): Lease4 | null {
    return this.#renewed;
  }

  /** Kea's `allocateLease4` followed by the reply's lease fields (dhcp4_srv.cc:3447-3472). */
  run(): AllocResult4 {
    const classes = this.#req.classes;
    if (!isClientSupported4(this.#subnet, classes)) {
      const next = nextAllowedSubnet4(this.#subnet, classes);
      if (next === undefined) return this.#result(null, 'no-subnet', undefined);
      this.#subnet = next;
    }
    const lease = this.#isFake ? this.#discover() : this.#request();
    return this.#result(lease, lease === null ? (this.#failure ?? 'no-address') : null, this.#subnet);
  }

  // ---- DISCOVER and REQUEST -------------------------------------------------------------

  /** §5.2 `discoverLease4`. */
  #discover(): Lease4 | null {
    const client = this.#findClientLease();
    this.#offerLft = offerLifetime4(this.#core.cfg, this.#subnet, this.#req.classes, true);
    let lease: Lease4 | null = null;
    if (this.#hasAddressReservation()) {
      const reserved = this.#reservedAddress();
      if (client === null || client.address !== reserved) {
        lease = this.#allocateOrReuse(reserved);
        if (lease === null && this.#conflicting !== null) this.#core.stats.reservationConflict(this.#conflicting.subnetId);
      } else {
        lease = this.#renew(client);
      }
    }
    if (lease === null && client !== null && this.#inAllowedPool(client.address) && !this.#addressReserved(client.address)) {
      // 3.x: an offer-lifetime shorter than what the lease has left is not applied (AE:4202-4209).
      if (this.#offerLft > 0 && this.#now + this.#offerLft < leaseExpire(client)) this.#offerLft = 0;
      lease = this.#renew(client);
    }
    const hint = this.#req.hint;
    if (lease === null && hint !== 0 && this.#inAllowedPool(hint) && !this.#addressReserved(hint)) {
      lease = this.#allocateOrReuse(hint);
    }
    if (lease === null) lease = this.#allocateUnreserved();
    if (this.#oldLease === null && client !== null) this.#oldLease = client;
    return lease;
  }

  /** §7.3 `requestLease4`. */
  #request(): Lease4 | null {
    let client = this.#findClientLease();
    let requested = this.#req.hint;
    if (requested !== 0) {
      if (this.#addressReserved(requested)) return this.#fail('reserved-for-other');
    } else if (this.#hasAddressReservation()) {
      requested = this.#reservedAddress();
    }
    if (requested !== 0) {
      const cid = this.#leaseClientId();
      let existing = this.#core.store.get(requested);
      if (existing !== undefined && !isExpired4(existing, this.#now) && !this.#belongs(existing, cid)) return this.#fail('in-use');
      if (this.#hasAddressReservation() && this.#reservedAddress() !== requested) {
        existing = this.#core.store.get(this.#reservedAddress());
        if (existing === undefined || isExpired4(existing, this.#now)) return this.#fail('reservation-elsewhere');
      }
      if ((!this.#hasAddressReservation() || this.#reservedAddress() !== requested) && !this.#inAllowedPool(requested)) {
        return this.#fail('unknown-requested-addr');
      }
      // §5.6: the client's old lease gives way to the address temporarily stored for its OFFER.
      if (client !== null && existing !== undefined && client.address !== existing.address && existing.address === requested
        && this.#belongs(existing, this.#leaseClientId())
        && offerLifetime4(this.#core.cfg, this.#subnet, this.#req.classes, false, false) > 0) {
        const conflicted = client;
        client = existing;
        this.#deleteAssigned(conflicted);
        this.#deleted = conflicted;
      }
    }
    if (client !== null && (client.address === requested || requested === 0)
      && ((this.#hasAddressReservation() && this.#reservedAddress() === requested) || this.#inAllowedPool(client.address))) {
      return this.#renew(client);
    }
    let lease: Lease4 | null;
    if (requested !== 0) {
      lease = this.#allocateOrReuse(requested);
      if (lease === null) this.#failure = 'in-use';
    } else {
      lease = this.#allocateUnreserved();
    }
    if (lease !== null && client !== null) {
      this.#oldLease = client;
      this.#deleteAssigned(client);
      this.#deleted = client;
    }
    return lease;
  }

  #fail(kind: AllocFailure4): null {
    this.#failure = kind;
    return null;
  }

  // ---- candidates -----------------------------------------------------------------------

  /** `allocateOrReuseLease4`: a new lease, or an expired one reused; null when in use. */
  #allocateOrReuse(candidate: number): Lease4 | null {
    this.#conflicting = null;
    const existing = this.#core.store.get(candidate);
    if (existing === undefined) return this.#create(candidate);
    if (isExpired4(existing, this.#now)) {
      // Its DNS entries are removed by the in-memory reclamation, not through old_lease_.
      this.#oldLease = { ...existing, hostname: '', fqdnFwd: false, fqdnRev: false };
      return this.#reuseExpired(existing);
    }
    this.#conflicting = existing;
    return null;
  }

  /** §5.5 `allocateUnreservedLease4`: the allocator loop over the network, with the failure statistics. */
  #allocateUnreserved(): Lease4 | null {
    const core = this.#core;
    const classes = this.#req.classes;
    const network = this.#subnet.sharedNetwork;
    if (network !== undefined) this.#subnet = this.#preferredSubnet(this.#subnet);
    let attempts = 0;
    for (const s of networkWalk4(this.#subnet, classes)) {
      this.#subnet = s;
      const state = core.state(s);
      const capacity = allowedCapacity4(state.pools, classes);
      const isExcluding = s.prefixLength <= 24 && core.cfg.excludeFirstLast24;
      for (let i = 0; i < capacity; i++) {
        attempts++;
        const candidate = state.allocator.pick(classes);
        if (candidate === 0) break;
        const low = candidate & 0xff;
        if (isExcluding && (low === 0 || low === 255)) continue;
        if (this.#addressReserved(candidate)) continue;
        const existing = core.store.get(candidate);
        let lease: Lease4 | null = null;
        if (existing === undefined) {
          lease = this.#create(candidate);
        } else if (isExpired4(existing, this.#now)) {
          this.#oldLease = existing;
          lease = this.#reuseExpired(existing);
        }
        if (lease !== null) return lease;
      }
    }
    const id = this.#subnet.id;
    core.stats.allocationFail(network !== undefined ? 'v4-allocation-fail-shared-network' : 'v4-allocation-fail-subnet', id);
    core.stats.allocationFail(attempts === 0 ? 'v4-allocation-fail-no-pools' : 'v4-allocation-fail', id);
    if (classes.size > 0) core.stats.allocationFail('v4-allocation-fail-classes', id);
    this.#failure = 'no-address';
    return null;
  }

  /**
   * Kea's `getPreferredSubnet` (shared_network.cc:301-336): among the network's subnets with the
   * same class guard, the one whose (iterative) allocator picked most recently.
   */
  #preferredSubnet(selected: Subnet4): Subnet4 {
    let best = selected;
    let bestSeq = this.#core.state(selected).allocator.lastPickSeq;
    for (const s of selected.sharedNetwork?.subnets ?? []) {
      if (s.id === best.id || !sameGuard(s.clientClasses, selected.clientClasses)) continue;
      const seq = this.#core.state(s).allocator.lastPickSeq;
      if (seq > bestSeq) {
        best = s;
        bestSeq = seq;
      }
    }
    return best;
  }

  /** `createLease4`. */
  #create(address: number): Lease4 | null {
    const req = this.#req;
    const subnet = this.#subnet;
    let lease: Lease4 = {
      address,
      hwaddr: req.identity.hwaddr,
      htype: req.identity.htype,
      clientId: this.#leaseClientId(),
      validLifetime: this.#offerLft > 0 ? this.#offerLft : this.#lifetimeFor(address, 0),
      cltt: this.#now,
      subnetId: subnet.id,
      poolId: 0,
      fqdnFwd: req.fqdnFwd,
      fqdnRev: req.fqdnRev,
      hostname: req.hostname,
      state: LeaseState.Default,
      userContext: null,
    };
    lease = this.#withExtendedInfo(lease).lease;
    // Flags off on a stored OFFER so that the REQUEST sees a change and does the DNS update.
    if (this.#isFake && this.#offerLft > 0) lease = { ...lease, fqdnFwd: false, fqdnRev: false };
    const select = req.hooks?.select;
    if (select !== undefined) {
      const chosen = select(lease, subnet, this.#isFake);
      if (chosen === null) return null;
      lease = chosen;
    }
    if (this.#isFake && this.#offerLft === 0) return lease;
    lease = { ...lease, poolId: this.#core.stats.poolIdOf(subnet.id, address) ?? 0 };
    this.#core.putLease(lease);
    this.#isWritten = true;
    this.#core.stats.assigned(subnet.id, address);
    return lease;
  }

  /** `reuseExpiredLease4`: an expired lease (any client, any state) given to this client; null when a lease4_select callout skips it. */
  #reuseExpired(expired: Lease4): Lease4 | null {
    const isCommitted = !this.#isFake || this.#offerLft > 0;
    const select = this.#req.hooks?.select;
    // Asked before the in-memory reclamation, so that a skipped address is left as it was.
    if (select !== undefined && select(this.#updateInformation(expired).lease, this.#subnet, this.#isFake) === null) return null;
    let lease = expired;
    if (isCommitted) {
      this.#reclaimInMemory(expired);
      lease = { ...expired, hostname: '', fqdnFwd: false, fqdnRev: false, state: LeaseState.Default };
    }
    lease = this.#updateInformation(lease).lease;
    if (!isCommitted) return lease;
    const pid = this.#core.stats.poolIdOf(this.#subnet.id, lease.address);
    if (pid !== undefined) lease = { ...lease, poolId: pid };
    this.#core.putLease(lease);
    this.#isWritten = true;
    this.#core.stats.assigned(this.#subnet.id, lease.address);
    return lease;
  }

  /** `renewLease4`: the client's own lease, updated; cached (§5.7) when nothing changed. */
  #renew(stored: Lease4): Lease4 {
    const isCommitted = !this.#isFake || this.#offerLft > 0;
    this.#oldLease = stored;
    const updated = this.#updateInformation(stored);
    let lease = updated.lease;
    this.#reusable = updated.isChanged ? 0 : this.#reusableLifetime(lease, stored);
    const wasExpired = isExpired4(stored, this.#now);
    if (isCommitted) {
      if (wasExpired && stored.state !== LeaseState.ExpiredReclaimed) {
        this.#reclaimInMemory(stored);
        this.#oldLease = { ...stored, hostname: '', fqdnFwd: false, fqdnRev: false };
      }
      lease = { ...lease, state: LeaseState.Default };
    }
    const renewHook = this.#req.hooks?.renew;
    if (isCommitted && renewHook !== undefined) {
      const kept = renewHook(lease, this.#subnet);
      if (kept === null) return lease; // SKIP: the stored lease stays as it was
      lease = kept;
    }
    if (isCommitted && this.#reusable === 0) {
      const pid = this.#core.stats.poolIdOf(this.#subnet.id, lease.address);
      if (pid !== undefined) lease = { ...lease, poolId: pid };
      this.#core.putLease(lease);
      this.#isWritten = true;
      if (wasExpired || stored.state === LeaseState.ExpiredReclaimed) this.#core.stats.assigned(this.#subnet.id, lease.address);
    }
    return lease;
  }

  /** §5.4 `updateLease4Information`: the lease with this exchange's values, and whether any changed. */
  #updateInformation(stored: Lease4): { lease: Lease4; isChanged: boolean } {
    const req = this.#req;
    const id = req.identity;
    const subnet = this.#subnet;
    let isChanged = stored.subnetId !== subnet.id;
    if (stored.htype !== id.htype || !bytesEqual(stored.hwaddr, id.hwaddr)) isChanged = true;
    const cid = this.#leaseClientId();
    if (cid !== null ? stored.clientId === null || !bytesEqual(cid, stored.clientId) : stored.clientId !== null) isChanged = true;
    const valid = this.#offerLft > 0
      ? this.#offerLft
      : this.#lifetimeFor(stored.address, remainingLifetime4(stored, this.#now));
    if (valid !== stored.validLifetime) isChanged = true;
    if (stored.fqdnFwd !== req.fqdnFwd || stored.fqdnRev !== req.fqdnRev || stored.hostname !== req.hostname) isChanged = true;
    const base: Lease4 = {
      ...stored,
      subnetId: subnet.id,
      hwaddr: id.hwaddr,
      htype: id.htype,
      clientId: cid,
      cltt: this.#now,
      validLifetime: valid,
      fqdnFwd: req.fqdnFwd,
      fqdnRev: req.fqdnRev,
      hostname: req.hostname,
    };
    const ext = this.#withExtendedInfo(base);
    return { lease: ext.lease, isChanged: isChanged || ext.isChanged };
  }

  /** §15.1: the relay agent information stored in the user context when the subnet asks for it. */
  #withExtendedInfo(lease: Lease4): { lease: Lease4; isChanged: boolean } {
    const rai = this.#req.relayAgentInfo;
    if (!this.#subnet.params.storeExtendedInfo || rai === null) return { lease, isChanged: false };
    const { userContext, isChanged } = withRelayAgentInfo4(lease.userContext, relayAgentInfo4(rai));
    return { lease: isChanged ? { ...lease, userContext } : lease, isChanged };
  }

  /** The valid lifetime for `address`: §6.2 adaptive (FLQ occupancy) or §6.1. */
  #lifetimeFor(address: number, remaining: number): number {
    const core = this.#core;
    const subnet = this.#subnet;
    const classes = this.#req.classes;
    const threshold = subnet.params.adaptiveLeaseTimeThreshold;
    if (threshold !== undefined && threshold < 1 && core.state(subnet).allocator.occupancyRate(address, classes) >= threshold) {
      return minValidLifetime4(core.cfg, subnet, classes, remaining);
    }
    return validLifetime4(core.cfg, subnet, classes, this.#req.requestedLifetime);
  }

  /** §5.7 `setLeaseReusable`: the remaining lifetime when the stored lease can be offered as is, else 0. */
  #reusableLifetime(lease: Lease4, stored: Lease4): number {
    if (stored.state !== LeaseState.Default) return 0;
    if (lease.validLifetime === INFINITE_LIFETIME) return INFINITE_LIFETIME;
    if (lease.cltt < stored.cltt) return 0;
    const age = lease.cltt - stored.cltt;
    if (age >= stored.validLifetime) return 0;
    const p = this.#subnet.params;
    let maxAge = 0;
    if (p.cacheMaxAge !== undefined) {
      maxAge = p.cacheMaxAge;
      if (maxAge === 0 || age > maxAge) return 0;
    }
    if (p.cacheThreshold !== undefined) {
      if (p.cacheThreshold <= 0 || p.cacheThreshold > 1) return 0;
      maxAge = Math.trunc(lease.validLifetime * p.cacheThreshold) >>> 0;
      if (age > maxAge) return 0;
    }
    return maxAge === 0 ? 0 : stored.validLifetime - age;
  }

  /** Kea's `reclaimExpiredLease(lease, handle)` during allocation: statistics only, skipped if reclaimed. */
  #reclaimInMemory(lease: Lease4): void {
    if (lease.state === LeaseState.ExpiredReclaimed) return;
    this.#reclaimed.push(lease);
    reclaimLease4(this.#core, lease, 'leave');
  }

  /** Kea's `deleteAssignedLease` (AE:4257-4279): assigned −1 unless the lease was released. */
  #deleteAssigned(lease: Lease4): void {
    if (this.#core.deleteLease(lease) && lease.state !== LeaseState.Released) {
      this.#core.stats.unassigned(lease.subnetId, lease.address);
    }
  }

  // ---- lookups and checks ---------------------------------------------------------------

  /** §5.0 `findClientLease`: by client id in subnets matching client ids, else by hwaddr + ownership. */
  #findClientLease(): Lease4 | null {
    const id = this.#req.identity;
    const walk = networkWalk4(this.#subnet, this.#req.classes);
    if (id.clientId !== null && anyMatchesClientId(walk)) {
      const leases = this.#core.store.getByClientId(id.clientId);
      for (const s of walk) {
        if (!s.params.matchClientId) continue;
        for (const l of leases) {
          if (l.subnetId !== s.id) continue;
          this.#subnet = s;
          return l;
        }
      }
    }
    const leases = this.#core.store.getByHwAddr(id.hwaddr);
    for (const s of walk) {
      const cid = s.params.matchClientId ? id.clientId : null;
      for (const l of leases) {
        if (l.subnetId !== s.id || !belongsToClient4(l, id.hwaddr, id.htype, cid)) continue;
        this.#subnet = s;
        return l;
      }
    }
    return null;
  }

  /** `inAllowedPool`: the address is in a class-allowed pool of the network (moves the subnet). */
  #inAllowedPool(address: number): boolean {
    const classes = this.#req.classes;
    for (const s of networkWalk4(this.#subnet, classes)) {
      if (address < s.first || address > s.last) continue;
      const pools = this.#core.state(s).pools;
      const i = poolIndexOf4(pools, address);
      if (i >= 0 && guardPasses((pools[i] as Pool4).clientClasses, classes)) {
        this.#subnet = s;
        return true;
      }
    }
    return false;
  }

  /**
   * `addressReserved`: reserved in the current subnet for a host that is not this client.
   * Global reservations are never consulted (a globally reserved address can go to anyone).
   */
  #addressReserved(address: number): boolean {
    const s = this.#subnet;
    if (!s.params.reservationsInSubnet) return false;
    if (s.params.reservationsOutOfPool && this.#inAnyPool(s, address)) return false;
    const hosts = s.reservations.byAddress.get(address);
    if (hosts === undefined || hosts.length === 0) return false;
    for (const h of hosts) if (isHostOfClient4(h, this.#req.identity.identifiers)) return false;
    return true;
  }

  /** §5.3 `hasAddressReservation` (3.x): subnet reservations first, then a global one in range. */
  #hasAddressReservation(): boolean {
    const hosts = this.#req.hosts.hosts;
    if (hosts.size === 0) return false;
    const walk = networkWalk4(this.#subnet, this.#req.classes);
    for (const s of walk) {
      if (!s.params.reservationsInSubnet) continue;
      const host = hosts.get(s.id);
      if (host === undefined) continue;
      const reserved = host.ipAddress ?? 0;
      if (reserved !== 0 && (!s.params.reservationsOutOfPool || !this.#inAnyPool(s, reserved))) {
        this.#subnet = s;
        return true;
      }
      if (reserved === 0) {
        // A dynamic (address-less) reservation selects the subnet and overrides a global address.
        this.#subnet = s;
        return false;
      }
    }
    const global = hosts.get(0)?.ipAddress ?? 0;
    if (global === 0) return false;
    for (const s of walk) {
      if (s.params.reservationsGlobal && global >= s.first && global <= s.last) {
        this.#subnet = s;
        return true;
      }
    }
    return false;
  }

  /** The address of `currentHost()` (0 when none). */
  #reservedAddress(): number {
    return this.#req.hosts.currentHost(this.#subnet)?.ipAddress ?? 0;
  }

  #inAnyPool(s: Subnet4, address: number): boolean {
    return address >= s.first && address <= s.last && poolIndexOf4(this.#core.state(s).pools, address) >= 0;
  }

  /** The client id stored in leases of the current subnet: only with match-client-id. */
  #leaseClientId(): Uint8Array | null {
    return this.#subnet.params.matchClientId ? this.#req.identity.clientId : null;
  }

  #belongs(lease: Lease4, cid: Uint8Array | null): boolean {
    const id = this.#req.identity;
    return belongsToClient4(lease, id.hwaddr, id.htype, cid);
  }

  // ---- result ---------------------------------------------------------------------------

  /**
   * The outcome. Built as one object literal of a fixed shape: spreading a shared `base` into it
   * (as this did) made V8 copy and then extend a dictionary-mode object on every packet, a third
   * of the pipeline's time (bench:pipeline under --cpu-prof).
   */
  #result(lease: Lease4 | null, failure: AllocFailure4 | null, subnet: Subnet4 | undefined): AllocResult4 {
    if (lease === null || subnet === undefined) {
      return {
        kind: this.#req.kind, subnet, oldLease: this.#oldLease, deletedLease: this.#deleted, reclaimedLeases: this.#reclaimed,
        isWritten: this.#isWritten, offerLifetime: this.#offerLft,
        lease: null, failure, failureReply: this.#failureReply(failure), pool: undefined,
        isReused: false, validLifetime: 0, teeLifetime: 0, t1: undefined, t2: undefined,
      };
    }
    const isReused = this.#reusable > 0;
    this.#renewed = lease;
    if (isReused) {
      lease = { ...lease, validLifetime: this.#reusable };
      this.#core.stats.reused(lease.subnetId);
    }
    const pools = this.#core.state(subnet).pools;
    const poolIndex = poolIndexOf4(pools, lease.address);
    const validLifetime = this.#offerLft > 0
      ? validLifetime4(this.#core.cfg, subnet, this.#req.classes, this.#req.requestedLifetime)
      : lease.validLifetime;
    const tee = teeTimes(subnet.params, lease.validLifetime);
    return {
      kind: this.#req.kind, subnet, oldLease: this.#oldLease, deletedLease: this.#deleted, reclaimedLeases: this.#reclaimed,
      isWritten: this.#isWritten, offerLifetime: this.#offerLft,
      lease, failure: null, failureReply: 'none', pool: poolIndex < 0 ? undefined : pools[poolIndex],
      isReused, validLifetime, teeLifetime: lease.validLifetime, t1: tee.t1, t2: tee.t2,
    };
  }

  /** §7.4: DISCOVER → no reply; REQUEST → NAK, or silence for an address foreign to the network. */
  #failureReply(failure: AllocFailure4 | null): AllocResult4['failureReply'] {
    if (this.#isFake) return 'none';
    if (failure !== 'unknown-requested-addr') return 'nak';
    const hint = this.#req.hint;
    for (const s of this.#req.subnet.sharedNetwork?.subnets ?? [this.#req.subnet]) {
      if (this.#inAnyPool(this.#core.state(s).subnet, hint)) return 'nak';
    }
    return 'drop';
  }
}

function anyMatchesClientId(subnets: readonly Subnet4[]): boolean {
  for (const s of subnets) if (s.params.matchClientId) return true;
  return false;
}

function sameGuard(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
