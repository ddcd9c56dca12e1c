/**
 * Warnings about reservations that Kea accepts but will not use as the operator expects,
 * driven by the `reservations-global`, `reservations-in-subnet` and `reservations-out-of-pool`
 * switches. Each switch is inherited subnet → shared network → global (Kea's defaults: false,
 * true, false). None of these is a Kea error.
 */
import { formatAddress, formatRange, prefixRange, type AddressRange } from '../../net/index.js';
import { joinPointer } from '../issues.js';
import { bool, type DaemonView, type Located, type RuleContext } from './context.js';
import type { ParsedHost } from './reservations-host.js';
import { resourcePath, resourceText } from './reservations-v6.js';
import type { ParsedSubnet } from './subnets.js';
import { effectiveParam } from './params-inherit.js';

/** An inherited switch: its value and the pointer where it was written (none: Kea's default). */
export interface Effective {
  readonly value: boolean;
  readonly path: string | undefined;
}

/** The value of a boolean switch for a subnet: its own, else its shared network's, else the global one, else Kea's default. */
export function effectiveFlag(key: 'reservations-in-subnet' | 'reservations-out-of-pool', subnet: ParsedSubnet, view: DaemonView): Effective {
  const e = effectiveParam(view, subnet, key);
  const value = bool(e?.value);
  if (e === undefined || value === undefined) return { value: key === 'reservations-in-subnet', path: undefined };
  return { value, path: e.origin === 'default' ? undefined : e.path };
}

function where(e: Effective): string {
  return e.path === undefined ? "Kea's default" : `set at ${e.path}`;
}

/** Reservations of a subnet whose `reservations-in-subnet` is false are never looked up. */
export function warnIgnoredInSubnet(subnet: ParsedSubnet, count: number, inSubnet: Effective, ctx: RuleContext): void {
  ctx.warn('reservations-ignored', joinPointer(subnet.path, 'reservations'),
    `${subnet.label} has ${count} reservation${count === 1 ? '' : 's'} but reservations-in-subnet is false (${where(inSubnet)}); Kea accepts this and never uses them`,
    'set "reservations-in-subnet": true in this subnet, or remove its reservations');
}

/**
 * Global reservations are used only where `reservations-global` is true (or, for classification,
 * with `early-global-reservations-lookup`). Warns when no scope turns them on.
 */
export function warnUnusedGlobal(view: DaemonView, count: number, ctx: RuleContext): void {
  if (bool(view.root['early-global-reservations-lookup']) === true) return;
  const on = (o: Located): boolean => bool(o.value['reservations-global']) === true;
  if (bool(view.root['reservations-global']) === true || view.networks.some(on) || view.subnets.some(on)) return;
  ctx.warn('reservations-ignored', joinPointer(view.base, 'reservations'),
    `${count} global reservation${count === 1 ? ' is' : 's are'} never used: reservations-global is not true at the global level, in any shared network or in any subnet; Kea accepts this`,
    'set "reservations-global": true globally or where the global reservations should apply');
}

/**
 * With `reservations-out-of-pool` the operator promises that reserved addresses are outside
 * the dynamic pools, so Kea skips the reservation check when it allocates from a pool and may
 * give a reserved address to another client. Warns about each reservation that breaks it.
 */
export function warnInPool(subnet: ParsedSubnet, hosts: readonly ParsedHost[], outOfPool: Effective, ctx: RuleContext): void {
  const pools = sortRanges(subnet.pools.map((p) => p.range));
  const pdPools = sortRanges(subnet.pdPools.map((p) => p.range));
  const report = (path: string, what: string, range: AddressRange, kind: string): void => {
    ctx.warn('reservation-in-pool', path,
      `${what} is inside ${kind} ${formatRange(range)} of ${subnet.label} while reservations-out-of-pool is true (${where(outOfPool)}); Kea accepts this but may give it to another client from the pool`,
      'move the reservation out of the pool, or set "reservations-out-of-pool": false');
  };
  for (const h of hosts) {
    if (h.address4 !== undefined) {
      const v = BigInt(h.address4);
      const hit = findOverlap(pools, v, v);
      if (hit !== undefined) report(joinPointer(h.path, 'ip-address'), `reserved address ${formatAddress(4, v)}`, hit, 'pool');
    }
    for (const res of h.resources6) {
      const last = res.length === 128 ? res.value : prefixRange({ family: 6, address: res.value, length: res.length }).last;
      const hit = findOverlap(res.kind === 'address' ? pools : pdPools, res.value, last);
      if (hit !== undefined) {
        report(resourcePath(h.path, res), `reserved ${res.kind} ${resourceText(res)}`, hit, res.kind === 'address' ? 'pool' : 'pd-pool');
      }
    }
  }
}

function sortRanges(ranges: AddressRange[]): AddressRange[] {
  return ranges.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
}

/** A range of `sorted` (by first address; pools do not overlap) that overlaps [first, last]. */
function findOverlap(sorted: readonly AddressRange[], first: bigint, last: bigint): AddressRange | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as AddressRange).first <= last) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const r = sorted[best];
  return r !== undefined && r.last >= first ? r : undefined;
}
