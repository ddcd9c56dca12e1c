/**
 * Duplicates between reservations of one subnet id (the global reservations use subnet id 0),
 * as Kea's CfgHosts::add4 / add6 refuse them (src/lib/dhcpsrv/cfg_hosts.cc):
 * - DHCPv4: the same identifier (type and octets) twice; DHCPv6: the same DUID or hw-address
 *   twice. A DHCPv6 flex-id twice is not detected by Kea (only a warning here).
 * - with `ip-reservations-unique` (default true): the same IPv4 address twice; in DHCPv6 the
 *   same address twice, where a prefix counts as its first address (Kea indexes reserved
 *   addresses and prefixes by address only, so `2001:db8:1::` and `2001:db8:1::/64` clash,
 *   even inside one reservation).
 * The same identifier or address in different subnets, or globally and in a subnet, is fine.
 */
import { formatIPv4, type Family } from '../../net/index.js';
import { joinPointer } from '../issues.js';
import type { RuleContext } from './context.js';
import { showIdentifier, type HostIdentifier, type ParsedHost } from './reservations-host.js';
import { resourcePath, resourceText, type Resource6 } from './reservations-v6.js';

interface Holder6 {
  readonly host: string;
  readonly res: Resource6;
}

const UNIQUE_HINT = 'reserve each address once per subnet, or set "ip-reservations-unique": false at the global level (the host database, if any, must support it)';

/**
 * The reservations of one subnet id (or the global ones): reports duplicates as they are added.
 * Values of the maps are the pointers of the reservations that hold the keys.
 *
 * LIMITATION: one index per subnet entry, not per id: when two subnets share an id (already
 * an error, duplicate-subnet-id) a clash between their reservations is not reported. This
 * keeps the tables short-lived, which matters with 100 000 reservations.
 */
export class ReservationIndex {
  readonly #family: Family;
  readonly #unique: boolean;
  /** For messages: `the global reservations` or `subnet 10.0.0.0/24 (id 1)`. */
  readonly #name: string;
  readonly #identifiers = new Map<string, string>();
  readonly #addresses4 = new Map<number, string>();
  readonly #addresses6 = new Map<bigint, Holder6>();

  /** `unique` is the effective global `ip-reservations-unique`. */
  constructor(family: Family, unique: boolean, name: string) {
    this.#family = family;
    this.#unique = unique;
    this.#name = name;
  }

  /** Adds one reservation, reporting what clashes with the ones added before. */
  add(host: ParsedHost, ctx: RuleContext): void {
    if (host.identifier !== undefined) this.#addIdentifier(host.path, host.identifier, ctx);
    if (!this.#unique) return;
    if (host.address4 !== undefined) this.#addAddress4(host.path, host.address4, ctx);
    for (const res of host.resources6) this.#addResource6(host.path, res, ctx);
  }

  #addIdentifier(hostPath: string, id: HostIdentifier, ctx: RuleContext): void {
    const first = this.#identifiers.get(id.key);
    if (first === undefined) {
      this.#identifiers.set(id.key, hostPath);
      return;
    }
    const what = `${id.type} ${showIdentifier(id)} is reserved twice in ${this.#name}; the other reservation is at ${first}`;
    const path = joinPointer(hostPath, id.type);
    if (this.#family === 6 && id.type === 'flex-id') {
      ctx.warn('duplicate-flex-id-reservation', path,
        `${what}; Kea accepts this in DHCPv6 but fails the host lookup of such a client at run time ("more than one reservation found")`,
        'merge the two reservations');
      return;
    }
    ctx.error('duplicate-reservation', path, what,
      'merge the two reservations; one identifier may have one reservation per subnet (and one global one)');
  }

  #addAddress4(hostPath: string, addr: number, ctx: RuleContext): void {
    const first = this.#addresses4.get(addr);
    if (first === undefined) {
      this.#addresses4.set(addr, hostPath);
      return;
    }
    ctx.error('duplicate-reserved-address', joinPointer(hostPath, 'ip-address'),
      `ip-address ${formatIPv4(addr)} is already reserved in ${this.#name} by the reservation at ${first}`, UNIQUE_HINT);
  }

  #addResource6(hostPath: string, res: Resource6, ctx: RuleContext): void {
    const first = this.#addresses6.get(res.value);
    if (first === undefined) {
      this.#addresses6.set(res.value, { host: hostPath, res });
      return;
    }
    const text = resourceText(res);
    const other = `${first.res.kind} ${resourceText(first.res)}`;
    const same = first.res.kind === res.kind && first.res.length === res.length;
    const message = first.host === hostPath
      ? `${res.kind} ${text} starts at the same address as ${other} of this reservation; Kea keeps one reservation per address`
      : `${res.kind} ${text} is already reserved in ${this.#name} by the reservation at ${first.host}${same ? '' : ` (as ${other})`}`;
    ctx.error('duplicate-reserved-address', resourcePath(hostPath, res), message, UNIQUE_HINT);
  }
}
