/**
 * What the server hands the allocation engine per packet and what it gets back (Kea's
 * `ClientContext4`: inputs, and the fields the engine fills in). Types only.
 */
import type { Lease4, Pool4, Subnet4 } from './deps.js';
import type { HostMatch4 } from './hosts.js';
import type { ClientIdentity4 } from './identity.js';
import type { ClassSet } from './network.js';

/** DISCOVER is Kea's "fake allocation" (nothing written unless offer-lifetime); REQUEST commits. */
export type AllocKind4 = 'discover' | 'request';

/** Input of {@link AllocEngine4.allocate}. Every field is an input. */
export interface AllocRequest4 {
  readonly kind: AllocKind4;
  /** The selected subnet (from the engine's configured snapshot; matched by id). */
  readonly subnet: Subnet4;
  /** Packet classes in class order (insertion order of the set). */
  readonly classes: ClassSet;
  readonly identity: ClientIdentity4;
  /** Option 50, else ciaddr; 0 when neither. */
  readonly hint: number;
  /** Option 51 sent by the client (seconds); 0 when absent. */
  readonly requestedLifetime: number;
  /** Host reservations found for the client ({@link findHosts4}). */
  readonly hosts: HostMatch4;
  /** Name processing result (§11.6), stored in the lease: '' when none. */
  readonly hostname: string;
  readonly fqdnFwd: boolean;
  readonly fqdnRev: boolean;
  /** Option 82 payload (sub-options) when present and not recovered from the stash, else null. */
  readonly relayAgentInfo: Uint8Array | null;
  /** The hook points inside allocation, when something is registered on them. */
  readonly hooks?: AllocHooks4;
}

/**
 * Kea's hook points inside the allocation engine, called synchronously:
 * - `select` (lease4_select, in createLease4 and reuseExpiredLease4): the lease about to be
 *   given (`fake` for a DISCOVER); returns the lease to give (possibly changed by a callout), or
 *   null to skip this address (the allocator moves on, as in Kea);
 * - `renew` (lease4_renew, in renewLease4 when not fake): returns the lease to write, or null to
 *   leave the stored lease untouched (SKIP: the client still gets its lease).
 */
export interface AllocHooks4 {
  readonly select?: (lease: Lease4, subnet: Subnet4, fake: boolean) => Lease4 | null;
  readonly renew?: (lease: Lease4, subnet: Subnet4) => Lease4 | null;
}

/**
 * Why no lease was given:
 * - `no-subnet`: no subnet of the network accepts the client's classes;
 * - `no-address`: the pools are exhausted (or none is allowed) — the allocation-fail statistics;
 * - `reserved-for-other`: the requested address is reserved for another client (§7.3 step 1);
 * - `in-use`: the requested address has an unexpired lease of another client (§7.3 a);
 * - `reservation-elsewhere`: the client has a free reservation for another address (§7.3 b);
 * - `unknown-requested-addr`: the requested address is in no allowed pool (§7.3 c).
 */
export type AllocFailure4 = 'no-subnet' | 'no-address' | 'reserved-for-other' | 'in-use' | 'reservation-elsewhere' | 'unknown-requested-addr';

/** What the server does when there is no lease: DISCOVER → no reply; REQUEST → NAK or silence (§7.4). */
export type FailureReply4 = 'none' | 'nak' | 'drop';

/** Output of {@link AllocEngine4.allocate}. */
export interface AllocResult4 {
  readonly kind: AllocKind4;
  /**
   * The lease given (the engine's view: for a reused lease, cltt is now and `validLifetime` the
   * remaining lifetime while the store keeps the stored lease), or null.
   */
  readonly lease: Lease4 | null;
  readonly failure: AllocFailure4 | null;
  /** For a failure: what to send. */
  readonly failureReply: FailureReply4;
  /** The final subnet (it can move within a shared network); undefined with `no-subnet`. */
  readonly subnet: Subnet4 | undefined;
  /** The pool of the lease address in the final subnet, if any. */
  readonly pool: Pool4 | undefined;
  /** Kea's `old_lease_`: the client's previous lease (or the expired lease reused), for DDNS. */
  readonly oldLease: Lease4 | null;
  /** The client's previous lease deleted because it got another address (REQUEST, §7.3 step 5). */
  readonly deletedLease: Lease4 | null;
  /** Expired leases reclaimed in memory while allocating (their DNS entries must be removed). */
  readonly reclaimedLeases: readonly Lease4[];
  /** The lease was written to the store. */
  readonly isWritten: boolean;
  /** Lease caching (§5.7): nothing written, remaining lifetime offered, `v4-lease-reuses` counted. */
  readonly isReused: boolean;
  /** The offer-lifetime in effect (§5.6), 0 when off. */
  readonly offerLifetime: number;
  /** Option 51 value (the full lifetime with offer-lifetime, else the lease's). */
  readonly validLifetime: number;
  /** The lifetime T1/T2 are computed from (the lease's, i.e. offer-lifetime on such an OFFER). */
  readonly teeLifetime: number;
  /** Options 58/59 per §6.3 for the final subnet (absent: not sent). */
  readonly t1: number | undefined;
  readonly t2: number | undefined;
}

/** The lease name fields the server may change after allocation (§11.6). */
export interface LeaseName4 {
  readonly hostname: string;
  readonly fqdnFwd: boolean;
  readonly fqdnRev: boolean;
}
