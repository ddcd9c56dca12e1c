/**
 * The DHCPv4 lease as Kea models it (src/lib/dhcpsrv/lease.h Lease4) and as its memfile CSV
 * stores it (schema 3.0: address, hwaddr, client_id, valid_lifetime, expire, subnet_id,
 * fqdn_fwd, fqdn_rev, hostname, state, user_context, pool_id). Pure data.
 */

/** Kea's lease states (lease.h STATE_*). */
export const LeaseState = {
  Default: 0,
  Declined: 1,
  ExpiredReclaimed: 2,
  Released: 3,
  /** DHCPv6 only (RFC 9686 address registration). */
  Registered: 4,
} as const;
export type LeaseState = (typeof LeaseState)[keyof typeof LeaseState];

export interface Lease4 {
  /** IPv4 address as an unsigned 32-bit number. */
  readonly address: number;
  /** Hardware address (chaddr, `hlen` octets); empty when unknown (e.g. declined leases). */
  readonly hwaddr: Uint8Array;
  /** Hardware type of `hwaddr` (1 = Ethernet). Kea's CSV does not store it: 1 on load. */
  readonly htype: number;
  /** Client identifier (option 61), or null. */
  readonly clientId: Uint8Array | null;
  /** Lifetime in seconds; 0 in a row means "delete this lease" (Kea's memfile convention). */
  readonly validLifetime: number;
  /** Client last transaction time, unix seconds: `expire - validLifetime` in the CSV. */
  readonly cltt: number;
  readonly subnetId: number;
  /** 0 when the lease is from no pool with an id. */
  readonly poolId: number;
  readonly fqdnFwd: boolean;
  readonly fqdnRev: boolean;
  /** Hostname (lowercase as Kea stores it); '' when none. */
  readonly hostname: string;
  readonly state: LeaseState;
  /** Kea's user context (JSON object), e.g. stored relay info; null when none. */
  readonly userContext: Readonly<Record<string, unknown>> | null;
}

/** Expiration time of a lease, unix seconds. */
export function leaseExpire(lease: Lease4): number {
  return lease.cltt + lease.validLifetime;
}
