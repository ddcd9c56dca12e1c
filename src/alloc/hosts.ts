/**
 * Host reservation lookup (§4): Kea's `AllocEngine::findReservation` (alloc_engine.cc:4008-4108),
 * `findGlobalReservation` (4111-4125), the early global lookup (dhcp4_srv.cc:1119-1189) and
 * `ClientContext4::currentHost/globalHost` (3919-3944). Pure.
 */
import { identifierKey, type Reservation4, type Reservations4, type ResolvedConfig4, type Subnet4 } from './deps.js';
import type { ClientIdentity4, HostIdentifier4 } from './identity.js';
import { isClientSupported4, networkWalk4, type ClassSet } from './network.js';

/** The hosts found for a client: by subnet id, 0 for the global one. Immutable once built. */
export class HostMatch4 {
  readonly hosts: ReadonlyMap<number, Reservation4>;

  constructor(hosts: ReadonlyMap<number, Reservation4>) {
    this.hosts = hosts;
  }

  /** No host at all. */
  static readonly none = new HostMatch4(new Map());

  /** KNOWN ⇔ a host was found in any subnet of the network or globally (§4.2 step 4). */
  get isKnown(): boolean {
    return this.hosts.size > 0;
  }

  /** The host of `subnet` when it has in-subnet reservations, else {@link globalHost}. */
  currentHost(subnet: Subnet4 | undefined): Reservation4 | undefined {
    if (subnet !== undefined && subnet.params.reservationsInSubnet) {
      const host = this.hosts.get(subnet.id);
      if (host !== undefined) return host;
    }
    return this.globalHost(subnet);
  }

  /** The global host, when `subnet` has `reservations-global`. */
  globalHost(subnet: Subnet4 | undefined): Reservation4 | undefined {
    return subnet !== undefined && subnet.params.reservationsGlobal ? this.hosts.get(0) : undefined;
  }
}

/** The first reservation of `scope` matching one of the identifiers, in identifier order. */
export function lookupHost4(scope: Reservations4, identifiers: readonly HostIdentifier4[]): Reservation4 | undefined {
  if (scope.size === 0) return undefined;
  for (const id of identifiers) {
    const host = scope.byIdentifier.get(identifierKey(id.type, id.value));
    if (host !== undefined) return host;
  }
  return undefined;
}

/** The early global lookup (`early-global-reservations-lookup`): a global host, if any. */
export function findGlobalHost4(cfg: ResolvedConfig4, identity: ClientIdentity4): Reservation4 | undefined {
  return lookupHost4(cfg.globalReservations, identity.identifiers);
}

/**
 * Kea's `findReservation`. `earlyGlobal` is the result of the early global lookup when
 * `early-global-reservations-lookup` is on (it is stored whatever the subnet's flags say).
 * With no subnet, only the early global host (if any) is returned.
 * @example const hosts = findHosts4(cfg, subnet, identity, classes);
 */
export function findHosts4(cfg: ResolvedConfig4, subnet: Subnet4 | undefined, identity: ClientIdentity4,
  classes: ClassSet, earlyGlobal?: Reservation4): HostMatch4 {
  const hosts = new Map<number, Reservation4>();
  const isEarly = cfg.earlyGlobalReservationsLookup;
  if (isEarly && earlyGlobal !== undefined) hosts.set(0, earlyGlobal);
  // dhcp4_srv.cc:257: no lookup at all unless the selected subnet enables one of the two kinds.
  if (subnet === undefined || (!subnet.params.reservationsInSubnet && !subnet.params.reservationsGlobal)) {
    return hosts.size === 0 ? HostMatch4.none : new HostMatch4(hosts);
  }
  if (isEarly && !subnet.params.reservationsInSubnet) return new HostMatch4(hosts);
  if (!isEarly && subnet.params.reservationsGlobal) {
    const global = findGlobalHost4(cfg, identity);
    if (global !== undefined) {
      hosts.set(0, global);
      if (!subnet.params.reservationsInSubnet) return new HostMatch4(hosts);
    }
  }
  // Kea's single-query path (more subnets in the network than identifiers): one getAll per
  // identifier, later identifiers overwriting earlier ones, so the last matching type wins.
  const isLastWins = subnet.sharedNetwork !== undefined && subnet.sharedNetwork.subnets.length > identity.identifiers.length;
  for (const s of networkWalk4(subnet, classes)) {
    if (!isClientSupported4(s, classes) || !s.params.reservationsInSubnet || s.reservations.size === 0) continue;
    const host = isLastWins ? lastMatch(s.reservations, identity.identifiers) : lookupHost4(s.reservations, identity.identifiers);
    if (host !== undefined) hosts.set(s.id, host);
  }
  return hosts.size === 0 ? HostMatch4.none : new HostMatch4(hosts);
}

function lastMatch(scope: Reservations4, identifiers: readonly HostIdentifier4[]): Reservation4 | undefined {
  let found: Reservation4 | undefined;
  for (const id of identifiers) found = scope.byIdentifier.get(identifierKey(id.type, id.value)) ?? found;
  return found;
}

/** True when `host` is reserved for one of the client's identifiers. */
export function isHostOfClient4(host: Reservation4, identifiers: readonly HostIdentifier4[]): boolean {
  for (const id of identifiers) {
    if (id.type !== host.identifierType || id.value.length !== host.identifier.length) continue;
    let same = true;
    for (let i = 0; i < id.value.length && same; i++) same = id.value[i] === host.identifier[i];
    if (same) return true;
  }
  return false;
}
