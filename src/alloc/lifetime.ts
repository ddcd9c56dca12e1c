/**
 * Lease lifetimes (§6): Kea's `getValidLft` / `getMinValidLft` / `getOfferLft`
 * (alloc_engine.cc:4474-4601), `getRemaining` (4771-4794), `Lease::expired` (lease.cc:111) and
 * the server's `setTeeTimes` (dhcp4_srv.cc:3605-3641). Pure.
 */
import type { ClientClass4, Lease4, Lifetime, NetworkParams4, ResolvedConfig4, Subnet4 } from './deps.js';
import { LeaseState } from './deps.js';
import type { ClassSet } from './network.js';

/** Kea's infinite lifetime (Lease::INFINITY_LFT). */
export const INFINITE_LIFETIME = 0xffffffff;

/** Kea's `Lease::expired()`: not infinite and `cltt + valid < now`. */
export function isExpired4(lease: Lease4, nowSec: number): boolean {
  return lease.validLifetime !== INFINITE_LIFETIME && lease.cltt + lease.validLifetime < nowSec;
}

/** Kea's `getRemaining`: what is left of a lease in state default (0 otherwise). */
export function remainingLifetime4(lease: Lease4, nowSec: number): number {
  if (lease.state !== LeaseState.Default) return 0;
  if (lease.validLifetime === INFINITE_LIFETIME) return INFINITE_LIFETIME;
  if (lease.cltt > nowSec) return 0;
  const age = nowSec - lease.cltt;
  return age >= lease.validLifetime ? 0 : lease.validLifetime - age;
}

/** The triplet of the first packet class (class order) that sets `valid-lifetime`, else the subnet's. */
export function lifetimeTriplet4(cfg: Pick<ResolvedConfig4, 'classByName'>, subnet: Subnet4, classes: ClassSet): Lifetime {
  for (const name of classes) {
    const c: ClientClass4 | undefined = cfg.classByName.get(name);
    if (c?.validLifetime !== undefined) return c.validLifetime;
  }
  return subnet.params.validLifetime;
}

/**
 * Kea's `getValidLft`: BOOTP → infinite; the client's requested lifetime (option 51, 0 when
 * absent) clamped to the triplet (`≤ min → min`, `≥ max → max`); else the triplet's default.
 */
export function validLifetime4(cfg: Pick<ResolvedConfig4, 'classByName'>, subnet: Subnet4, classes: ClassSet, requestedSec: number): number {
  if (classes.has('BOOTP')) return INFINITE_LIFETIME;
  const t = lifetimeTriplet4(cfg, subnet, classes);
  if (requestedSec > 0) {
    if (requestedSec <= t.min) return t.min;
    if (requestedSec >= t.max) return t.max;
    return requestedSec;
  }
  return t.def;
}

/** Kea's `getMinValidLft`: the triplet's minimum, or `remainingSec` when that is larger. */
export function minValidLifetime4(cfg: Pick<ResolvedConfig4, 'classByName'>, subnet: Subnet4, classes: ClassSet, remainingSec: number): number {
  if (classes.has('BOOTP')) return INFINITE_LIFETIME;
  const min = lifetimeTriplet4(cfg, subnet, classes).min;
  return remainingSec > min ? remainingSec : min;
}

/**
 * Kea's `getOfferLft`: 0 unless a DISCOVER not in class BOOTP (when `onlyOnDiscover`); else the
 * first packet class that sets `offer-lifetime`, else the subnet's (inherited, default 0).
 */
export function offerLifetime4(cfg: Pick<ResolvedConfig4, 'classByName'>, subnet: Subnet4, classes: ClassSet,
  isDiscover: boolean, onlyOnDiscover = true): number {
  if (onlyOnDiscover && (!isDiscover || classes.has('BOOTP'))) return 0;
  for (const name of classes) {
    const c = cfg.classByName.get(name);
    if (c?.offerLifetime !== undefined) return c.offerLifetime;
  }
  return subnet.params.offerLifetime;
}

/** C's `round()`: halves go away from zero. */
export function cRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Options 58 and 59; a field is absent when the option is not sent. */
export interface TeeTimes4 {
  readonly t1?: number;
  readonly t2?: number;
}

/**
 * Kea's `setTeeTimes`: T2 = `rebind-timer`, else `round(t2-percent × valid)` when
 * `calculate-tee-times`, else 0; sent iff `0 < T2 < valid`, and then the ceiling for T1 is T2.
 * T1 likewise from `renew-timer` / `t1-percent` (computed from `valid`, not from T2); sent iff
 * `0 < T1 < ceiling`.
 * @example teeTimes(subnet.params, 3600) // { t1: 1800, t2: 3150 } with calculate-tee-times
 */
export function teeTimes(params: NetworkParams4, validLifetimeSec: number): TeeTimes4 {
  const t2 = params.rebindTimer ?? (params.calculateTeeTimes ? uint32(cRound(params.t2Percent * validLifetimeSec)) : 0);
  let ceiling = validLifetimeSec;
  const isT2Sent = t2 > 0 && t2 < ceiling;
  if (isT2Sent) ceiling = t2;
  const t1 = params.renewTimer ?? (params.calculateTeeTimes ? uint32(cRound(params.t1Percent * validLifetimeSec)) : 0);
  const isT1Sent = t1 > 0 && t1 < ceiling;
  if (isT1Sent && isT2Sent) return { t1, t2 };
  if (isT2Sent) return { t2 };
  return isT1Sent ? { t1 } : {};
}

function uint32(x: number): number {
  return x >>> 0;
}
