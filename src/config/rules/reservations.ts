/**
 * Host reservations, global (`Dhcp4.reservations`, subnet id 0) and per subnet: what Kea's
 * host reservation parser (host_reservation_parser.cc, host.cc), the subnet parsers
 * (dhcp_parsers.cc `validateResv`) and the host store (cfg_hosts.cc `add4` / `add6`) refuse,
 * plus warnings for reservations Kea accepts but will not use as intended.
 *
 * `host-reservation-identifiers` needs no rule: Kea's grammar only accepts the identifier names
 * of the family (so no `auto`) in a non-empty list, and the schema's enum, minItems and
 * uniqueItems report exactly what Kea refuses (HI1-HI4).
 *
 * Cost: one pass over the reservations; duplicates are found with Map lookups (per subnet,
 * keyed by the decoded identifier or the address), pools are binary-searched, pointers are
 * built only for issues. Values the schema already rejects are skipped, so each mistake is
 * reported once.
 */
import { formatIPv4, rangeHas } from '../../net/index.js';
import { joinPointer } from '../issues.js';
import { bool, isObj, type DaemonView, type RuleContext } from './context.js';
import { checkHost, type ParsedHost } from './reservations-host.js';
import { ReservationIndex } from './reservations-index.js';
import { effectiveFlag, warnIgnoredInSubnet, warnInPool, warnUnusedGlobal } from './reservations-scope.js';
import { resourcePath, resourceText } from './reservations-v6.js';
import type { ParsedSubnet } from './subnets.js';

/**
 * Checks every reservation of one DHCP daemon map. `subnets` is what `checkSubnets` returned
 * for the same view (the reserved addresses are checked against its prefixes and pools).
 */
export function checkReservations(view: DaemonView, subnets: readonly ParsedSubnet[], ctx: RuleContext): void {
  const unique = bool(view.root['ip-reservations-unique']) ?? true;
  for (const subnet of subnets) checkSubnetReservations(subnet, view, unique, ctx);
  checkGlobalReservations(view, unique, ctx);
}

function checkGlobalReservations(view: DaemonView, unique: boolean, ctx: RuleContext): void {
  const list = view.root['reservations'];
  if (!Array.isArray(list) || list.length === 0) return;
  const index = new ReservationIndex(view.family, unique, 'the global reservations');
  const base = joinPointer(view.base, 'reservations');
  list.forEach((r, i) => {
    if (isObj(r)) index.add(checkHost({ value: r, path: `${base}/${i}` }, view.family, ctx), ctx);
  });
  warnUnusedGlobal(view, list.length, ctx);
}

function checkSubnetReservations(subnet: ParsedSubnet, view: DaemonView,
  unique: boolean, ctx: RuleContext): void {
  const list = subnet.value['reservations'];
  if (!Array.isArray(list) || list.length === 0) return;
  const index = new ReservationIndex(view.family, unique,
    subnet.id === undefined ? subnet.label : `${subnet.label} (id ${subnet.id})`);
  const inSubnet = effectiveFlag('reservations-in-subnet', subnet, view);
  const outOfPool = effectiveFlag('reservations-out-of-pool', subnet, view);
  const inPoolCheck = inSubnet.value && outOfPool.value;
  const inside = insideSubnet(subnet, ctx);
  const base = joinPointer(subnet.path, 'reservations');
  const hosts: ParsedHost[] = [];
  for (let i = 0; i < list.length; i++) {
    const r: unknown = list[i];
    if (!isObj(r)) continue;
    const host = checkHost({ value: r, path: `${base}/${i}` }, view.family, ctx);
    inside?.(host);
    index.add(host, ctx);
    if (inPoolCheck) hosts.push(host);
  }
  if (!inSubnet.value) warnIgnoredInSubnet(subnet, list.length, inSubnet, ctx);
  else if (inPoolCheck) warnInPool(subnet, hosts, outOfPool, ctx);
}

/** H13, H15: a check that a reserved address (not a delegated prefix) lies inside the subnet. */
function insideSubnet(subnet: ParsedSubnet, ctx: RuleContext): ((host: ParsedHost) => void) | undefined {
  const range = subnet.range;
  if (range === undefined) return undefined;
  const report = (path: string, address: string): void => {
    ctx.error('reservation-outside-subnet', path, `reserved address ${address} is outside ${subnet.label}`,
      'reserve an address of this subnet, or move the reservation to the subnet the address belongs to');
  };
  if (range.family === 4) {
    const first = Number(range.first);
    const last = Number(range.last);
    return (host) => {
      const a = host.address4;
      if (a !== undefined && (a < first || a > last)) report(joinPointer(host.path, 'ip-address'), formatIPv4(a));
    };
  }
  return (host) => {
    for (const res of host.resources6) {
      if (res.kind === 'address' && !rangeHas(range, 6, res.value)) report(resourcePath(host.path, res), resourceText(res));
    }
  };
}
