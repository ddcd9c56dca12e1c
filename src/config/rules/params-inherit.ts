/**
 * Where a network parameter's effective value comes from. Kea injects its global defaults and
 * copies the INHERIT_TO_SUBNET parameters global → shared network → subnet before it checks
 * anything (simple_parser4.cc / simple_parser6.cc `setAllDefaults`, `deriveParameters`), so
 * most range and relationship checks run per subnet and shared network on derived values.
 * Other parameters (DDNS, interface, ...) are inherited only at run time, along the same
 * chain. Pure; used by the lifetime, allocator and DDNS rules and by any rule that needs the
 * value a subnet really gets.
 */
import type { DaemonView, Located } from './context.js';
import type { Family } from '../../net/index.js';
import { joinPointer } from '../issues.js';

/** Parameters Kea copies into shared networks and subnets before checking (v4). */
const INHERIT_TO_SUBNET4: readonly string[] = [
  'rebind-timer', 'relay', 'renew-timer', 'valid-lifetime', 'min-valid-lifetime', 'max-valid-lifetime',
  'calculate-tee-times', 't1-percent', 't2-percent', 'store-extended-info', 'cache-threshold', 'cache-max-age',
  'allocator', 'offer-lifetime', 'adaptive-lease-time-threshold',
];

/** Parameters Kea copies into shared networks and subnets before checking (v6). */
const INHERIT_TO_SUBNET6: readonly string[] = [
  'preferred-lifetime', 'min-preferred-lifetime', 'max-preferred-lifetime', 'rebind-timer', 'relay', 'renew-timer',
  'valid-lifetime', 'min-valid-lifetime', 'max-valid-lifetime', 'calculate-tee-times', 't1-percent', 't2-percent',
  'store-extended-info', 'cache-threshold', 'cache-max-age', 'allocator', 'pd-allocator',
  'adaptive-lease-time-threshold',
];

const COMMON_DEFAULTS: Readonly<Record<string, unknown>> = {
  'valid-lifetime': 7200, 'decline-probation-period': 86400, 'dhcp4o6-port': 0, 'server-tag': '',
  'reservations-global': false, 'reservations-in-subnet': true, 'reservations-out-of-pool': false,
  't1-percent': 0.5, 'ddns-send-updates': true, 'ddns-override-no-update': false,
  'ddns-override-client-update': false, 'ddns-replace-client-name': 'never', 'ddns-generated-prefix': 'myhost',
  'ddns-qualifying-suffix': '', 'hostname-char-set': '[^A-Za-z0-9.-]', 'hostname-char-replacement': '',
  'store-extended-info': false, 'statistic-default-sample-count': 20, 'statistic-default-sample-age': 0,
  'early-global-reservations-lookup': false, 'ip-reservations-unique': true, 'reservations-lookup-first': false,
  'ddns-update-on-renew': false, 'parked-packet-limit': 256, 'allocator': 'iterative',
  'ddns-conflict-resolution-mode': 'check-with-dhcid', 'cache-threshold': 0.25,
};

/** Kea's global defaults for DHCPv4 (simple_parser4.cc GLOBAL4_DEFAULTS). */
const GLOBAL_DEFAULTS4: Readonly<Record<string, unknown>> = {
  ...COMMON_DEFAULTS, 'echo-client-id': true, 'match-client-id': true, 'authoritative': false,
  'next-server': '0.0.0.0', 'server-hostname': '', 'boot-file-name': '', 'calculate-tee-times': false,
  't2-percent': 0.875, 'stash-agent-options': false,
};

/** Kea's global defaults for DHCPv6 (simple_parser6.cc GLOBAL6_DEFAULTS); no preferred-lifetime. */
const GLOBAL_DEFAULTS6: Readonly<Record<string, unknown>> = {
  ...COMMON_DEFAULTS, 'calculate-tee-times': true, 't2-percent': 0.8, 'pd-allocator': 'iterative',
  'allow-address-registration': true,
};

/** True when Kea derives `key` into subnets before checking (INHERIT_TO_SUBNET4/6). */
export function isDerivedParam(family: Family, key: string): boolean {
  return (family === 4 ? INHERIT_TO_SUBNET4 : INHERIT_TO_SUBNET6).includes(key);
}

/** Kea's global default for `key`, if it has one. */
function globalDefault(family: Family, key: string): unknown {
  const table = family === 4 ? GLOBAL_DEFAULTS4 : GLOBAL_DEFAULTS6;
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A scope that inherits: a subnet (with its shared network, if any) or a shared network. */
export type ParamScope = Located & { readonly network?: Located };

/** Where an effective value was written. */
export type ParamOrigin = 'scope' | 'shared-network' | 'global' | 'default';

/** The value a scope gets for a parameter and where it was written. */
export interface EffectiveParam {
  /** The raw value (check its type with the context accessors). */
  readonly value: unknown;
  /** JSON pointer of the value as written, or `'default'` for Kea's built-in default. */
  readonly path: string;
  readonly origin: ParamOrigin;
  /** The shared network's name when `origin` is `'shared-network'`. */
  readonly networkName?: string;
}

/**
 * The effective value of `key` for `scope`: its own value, else its shared network's, else
 * the global one, else Kea's global default. `scope` undefined asks for the global level.
 * Returns `undefined` when the parameter is set nowhere and has no default.
 * @example effectiveParam(view, view.subnets[0], 'valid-lifetime') // { value: 7200, path: 'default', origin: 'default' }
 */
export function effectiveParam(view: DaemonView, scope: ParamScope | undefined, key: string): EffectiveParam | undefined {
  if (scope !== undefined && scope.value[key] !== undefined) {
    return { value: scope.value[key], path: joinPointer(scope.path, key), origin: 'scope' };
  }
  const net = scope?.network;
  if (net !== undefined && net.value[key] !== undefined) {
    const name = net.value['name'];
    return {
      value: net.value[key], path: joinPointer(net.path, key), origin: 'shared-network',
      ...(typeof name === 'string' ? { networkName: name } : {}),
    };
  }
  if (view.root[key] !== undefined) return { value: view.root[key], path: joinPointer(view.base, key), origin: 'global' };
  const value = globalDefault(view.family, key);
  return value === undefined ? undefined : { value, path: 'default', origin: 'default' };
}

/**
 * Like `effectiveParam`, but only along the chain Kea uses when it checks: derived parameters
 * follow the chain, others only count where written in the scope itself.
 */
export function checkedParam(view: DaemonView, scope: ParamScope | undefined, key: string): EffectiveParam | undefined {
  if (scope === undefined || isDerivedParam(view.family, key)) return effectiveParam(view, scope, key);
  const own = scope.value[key];
  return own === undefined ? undefined : { value: own, path: joinPointer(scope.path, key), origin: 'scope' };
}

/** `" (inherited from the global level)"` and the like; empty for a value of the scope itself. */
export function describeOrigin(p: EffectiveParam): string {
  switch (p.origin) {
    case 'scope':
      return '';
    case 'shared-network':
      return p.networkName === undefined ? ' (inherited from its shared network)' : ` (inherited from shared network "${p.networkName}")`;
    case 'global':
      return ' (inherited from the global level)';
    case 'default':
      return " (Kea's default)";
  }
}
