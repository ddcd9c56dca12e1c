/**
 * The scopes of one DHCP daemon map and how messages name them. The walk follows Kea's order:
 * the global level, each shared network followed by its subnets, then the top-level subnets
 * (each subnet followed by its pools, pd-pools and reservations), then the global reservations.
 * Client classes are walked separately (classes.ts). Labels are built only when a rule asks for
 * one: a large configuration has tens of thousands of scopes. Pure.
 */
import { IdentifierTypes } from '../../net/index.js';
import { eachObj, str, type DaemonView, type Located } from './context.js';

export type ScopeKind = 'global' | 'network' | 'subnet' | 'pool' | 'pd-pool' | 'reservation';

/** One scope. A subnet scope is a `ParamScope` (params-inherit.ts): it carries its shared network. */
export interface Scope extends Located {
  readonly kind: ScopeKind;
  /** The shared network a subnet belongs to (set on subnet scopes only). */
  readonly network?: Located;
  /** The subnet a pool, pd-pool or subnet reservation belongs to. */
  readonly subnet?: Located;
  /** A top-level subnet or a shared network: its class guard is checked when the subnet is selected. */
  readonly isSelectedByGuard: boolean;
  /** A reservation at the global level (`reservations` of Dhcp4/Dhcp6). */
  readonly isGlobalReservation: boolean;
}

type SubnetAt = DaemonView['subnets'][number];

const ALL_KINDS: readonly ScopeKind[] = ['global', 'network', 'subnet', 'pool', 'pd-pool', 'reservation'];

/**
 * Every scope of the daemon whose kind is in `kinds` (default: all), in Kea's order. Pools and
 * reservations are only reached through their subnet, so asking for them walks the subnets.
 * @example daemonScopes(view, ['network', 'subnet']).map(labelOf) // ['shared network "blue"', 'subnet 10.0.0.0/24']
 */
export function daemonScopes(view: DaemonView, kinds: readonly ScopeKind[] = ALL_KINDS): Scope[] {
  const wants = (k: ScopeKind): boolean => kinds.includes(k);
  const root: Located = { value: view.root, path: view.base };
  const out: Scope[] = [];
  if (wants('global')) out.push(scope(root, 'global'));
  const byNetwork = new Map<Located | undefined, SubnetAt[]>();
  for (const s of view.subnets) {
    const group = byNetwork.get(s.network);
    if (group === undefined) byNetwork.set(s.network, [s]);
    else group.push(s);
  }
  const addSubnets = (subnets: readonly SubnetAt[] | undefined): void => {
    for (const s of subnets ?? []) addSubnet(view, s, wants, out);
  };
  for (const net of view.networks) {
    if (wants('network')) out.push(scope(net, 'network', { isSelectedByGuard: true }));
    addSubnets(byNetwork.get(net));
  }
  addSubnets(byNetwork.get(undefined));
  if (wants('reservation')) {
    for (const r of eachObj(root, 'reservations')) out.push(scope(r, 'reservation', { isGlobalReservation: true }));
  }
  return out;
}

function addSubnet(view: DaemonView, s: SubnetAt, wants: (k: ScopeKind) => boolean, out: Scope[]): void {
  if (wants('subnet')) {
    out.push(scope(s, 'subnet', { network: s.network, isSelectedByGuard: s.network === undefined }));
  }
  if (wants('pool') && hasItems(s, 'pools')) for (const p of eachObj(s, 'pools')) out.push(scope(p, 'pool', { subnet: s }));
  if (wants('pd-pool') && view.family === 6 && hasItems(s, 'pd-pools')) {
    for (const p of eachObj(s, 'pd-pools')) out.push(scope(p, 'pd-pool', { subnet: s }));
  }
  if (wants('reservation') && hasItems(s, 'reservations')) {
    for (const r of eachObj(s, 'reservations')) out.push(scope(r, 'reservation', { subnet: s }));
  }
}

function scope(at: Located, kind: ScopeKind,
  extra: { network?: Located; subnet?: Located; isSelectedByGuard?: boolean; isGlobalReservation?: boolean } = {}): Scope {
  return {
    value: at.value, path: at.path, kind, ...extra,
    isSelectedByGuard: extra.isSelectedByGuard ?? false, isGlobalReservation: extra.isGlobalReservation ?? false,
  };
}

function hasItems(parent: Located, key: string): boolean {
  const v = parent.value[key];
  return Array.isArray(v) && v.length > 0;
}

/** How messages name the global level of a daemon map. */
export const GLOBAL_LABEL = 'the global level';

/**
 * How messages name a subnet or a shared network: `subnet 10.0.1.0/24` (the prefix trimmed),
 * `shared network "blue"` (the name exactly as written: Kea compares names exactly).
 */
export function scopeLabel(scope: Located, kind: 'subnet' | 'network'): string {
  if (kind === 'subnet') {
    const prefix = str(scope.value['subnet']);
    return prefix === undefined ? 'subnet (no prefix)' : `subnet ${prefix.trim()}`;
  }
  const name = str(scope.value['name']);
  return name === undefined ? 'shared network (no name)' : `shared network "${name}"`;
}

function reservationLabel(r: Located): string {
  for (const key of IdentifierTypes) {
    const id = str(r.value[key]);
    if (id !== undefined) return `reservation ${key} ${id}`;
  }
  return 'reservation';
}

/**
 * How messages name any scope: `the global level`, `subnet 10.0.0.0/24`,
 * `pool 10.0.0.10-10.0.0.20 of subnet 10.0.0.0/24`, `reservation hw-address 01:02:03:04:05:06 in subnet 10.0.0.0/24`, ...
 */
export function labelOf(s: Scope): string {
  const of = s.subnet === undefined ? '' : ` of ${scopeLabel(s.subnet, 'subnet')}`;
  switch (s.kind) {
    case 'global': return GLOBAL_LABEL;
    case 'network': return scopeLabel(s, 'network');
    case 'subnet': return scopeLabel(s, 'subnet');
    case 'pool': return `pool ${str(s.value['pool'])?.trim() ?? '(no range)'}${of}`;
    case 'pd-pool': return `pd-pool ${str(s.value['prefix']) ?? '?'}/${String(s.value['prefix-len'] ?? '?')}${of}`;
    case 'reservation':
      return s.isGlobalReservation ? `global ${reservationLabel(s)}`
        : `${reservationLabel(s)} in ${s.subnet === undefined ? 'a subnet' : scopeLabel(s.subnet, 'subnet')}`;
  }
}
