/**
 * Parameter inheritance for DHCPv4: a value comes from the most specific scope that sets it —
 * pool (DDNS parameters only), subnet, shared network, global — else Kea's default
 * (simple_parser4.cc). Lifetime triplets fill a missing bound with the value, as Kea's
 * parseIntTriplet does.
 */
import { parseIPv4 } from '../../net/index.js';
import type { DdnsParams4, Lifetime, NetworkParams4 } from './types4.js';

/** A configuration map seen as parameters (any of global, shared network, subnet, pool). */
export type ParamScope = Readonly<Record<string, unknown>> | undefined;

/** Kea's defaults for DHCPv4 (simple_parser4.cc GLOBAL4_DEFAULTS). */
const DEFAULTS = {
  'valid-lifetime': 7200,
  'calculate-tee-times': false,
  't1-percent': 0.5,
  't2-percent': 0.875,
  'cache-threshold': 0.25,
  'offer-lifetime': 0,
  allocator: 'iterative',
  authoritative: false,
  'match-client-id': true,
  'next-server': '0.0.0.0',
  'server-hostname': '',
  'boot-file-name': '',
  'reservations-global': false,
  'reservations-in-subnet': true,
  'reservations-out-of-pool': false,
  'store-extended-info': false,
  'ddns-send-updates': true,
  'ddns-override-no-update': false,
  'ddns-override-client-update': false,
  'ddns-replace-client-name': 'never',
  'ddns-generated-prefix': 'myhost',
  'ddns-qualifying-suffix': '',
  'ddns-update-on-renew': false,
  'ddns-conflict-resolution-mode': 'check-with-dhcid',
  'hostname-char-set': '[^A-Za-z0-9.-]',
  'hostname-char-replacement': '',
} as const satisfies Record<string, unknown>;

/** The value of `key` in the first scope that sets it. */
function pick(key: string, scopes: readonly ParamScope[]): unknown {
  for (const s of scopes) {
    const v = s?.[key];
    if (v !== undefined) return v;
  }
  return Object.hasOwn(DEFAULTS, key) ? DEFAULTS[key as keyof typeof DEFAULTS] : undefined;
}

const num = (key: string, scopes: readonly ParamScope[]): number => pick(key, scopes) as number;
const optNum = (key: string, scopes: readonly ParamScope[]): number | undefined => pick(key, scopes) as number | undefined;
const bool = (key: string, scopes: readonly ParamScope[]): boolean => pick(key, scopes) as boolean;
const text = (key: string, scopes: readonly ParamScope[]): string => pick(key, scopes) as string;

/** A lifetime triplet; undefined when `def` is not set. */
export function lifetimeOf(def: number | undefined, min: number | undefined, max: number | undefined): Lifetime | undefined {
  if (def === undefined) return undefined;
  return { min: min ?? def, def, max: max ?? def };
}

/** The DDNS parameters of the most specific scope first. */
export function ddnsParams(scopes: readonly ParamScope[]): DdnsParams4 {
  const useConflict = pick('ddns-use-conflict-resolution', scopes) as boolean | undefined;
  const mode = scopes.some((s) => s?.['ddns-conflict-resolution-mode'] !== undefined) || useConflict === undefined
    ? text('ddns-conflict-resolution-mode', scopes)
    : (useConflict ? 'check-with-dhcid' : 'no-check-with-dhcid');
  const replace = String(pick('ddns-replace-client-name', scopes)).toLowerCase();
  return {
    sendUpdates: bool('ddns-send-updates', scopes),
    overrideNoUpdate: bool('ddns-override-no-update', scopes),
    overrideClientUpdate: bool('ddns-override-client-update', scopes),
    replaceClientName: (replace === 'true' ? 'when-present' : replace === 'false' ? 'never' : replace) as DdnsParams4['replaceClientName'],
    generatedPrefix: text('ddns-generated-prefix', scopes),
    qualifyingSuffix: text('ddns-qualifying-suffix', scopes),
    updateOnRenew: bool('ddns-update-on-renew', scopes),
    conflictResolutionMode: mode,
    ttlPercent: optNum('ddns-ttl-percent', scopes),
    ttl: optNum('ddns-ttl', scopes),
    ttlMin: optNum('ddns-ttl-min', scopes),
    ttlMax: optNum('ddns-ttl-max', scopes),
    hostnameCharSet: text('hostname-char-set', scopes),
    hostnameCharReplacement: text('hostname-char-replacement', scopes),
  };
}

/** The network parameters for a chain of scopes, most specific first (subnet, shared network, global). */
export function networkParams(scopes: readonly ParamScope[]): NetworkParams4 {
  const valid = num('valid-lifetime', scopes);
  return {
    validLifetime: { min: optNum('min-valid-lifetime', scopes) ?? valid, def: valid, max: optNum('max-valid-lifetime', scopes) ?? valid },
    renewTimer: optNum('renew-timer', scopes),
    rebindTimer: optNum('rebind-timer', scopes),
    calculateTeeTimes: bool('calculate-tee-times', scopes),
    t1Percent: num('t1-percent', scopes),
    t2Percent: num('t2-percent', scopes),
    cacheThreshold: optNum('cache-threshold', scopes),
    cacheMaxAge: optNum('cache-max-age', scopes),
    adaptiveLeaseTimeThreshold: optNum('adaptive-lease-time-threshold', scopes),
    offerLifetime: num('offer-lifetime', scopes),
    allocator: text('allocator', scopes) as NetworkParams4['allocator'],
    authoritative: bool('authoritative', scopes),
    matchClientId: bool('match-client-id', scopes),
    nextServer: parseIPv4(text('next-server', scopes) || '0.0.0.0') ?? 0,
    serverHostname: text('server-hostname', scopes),
    bootFileName: text('boot-file-name', scopes),
    reservationsGlobal: bool('reservations-global', scopes),
    reservationsInSubnet: bool('reservations-in-subnet', scopes),
    reservationsOutOfPool: bool('reservations-out-of-pool', scopes),
    storeExtendedInfo: bool('store-extended-info', scopes),
    ddns: ddnsParams(scopes),
  };
}
