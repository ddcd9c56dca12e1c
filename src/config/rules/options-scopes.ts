/**
 * The scopes of a DHCP daemon map that carry option-data and class references: global, shared
 * networks, subnets with their pools, pd-pools and reservations, then global reservations.
 * Client classes are walked separately (classes.ts). Labels for messages are built only when
 * an issue is reported: a large configuration has tens of thousands of scopes.
 */
import { eachObj, str, type DaemonView, type Located } from './context.js';

export type ScopeKind = 'global' | 'network' | 'subnet' | 'pool' | 'pd-pool' | 'reservation';

/** One scope. */
export interface Scope extends Located {
  readonly kind: ScopeKind;
  /** The subnet a pool, pd-pool or subnet reservation belongs to. */
  readonly subnet?: Located;
  /** A top-level subnet or a shared network: its class guard is checked when the subnet is selected. */
  readonly isSelectedByGuard: boolean;
  /** A reservation at the global level (`reservations` of Dhcp4/Dhcp6). */
  readonly isGlobalReservation: boolean;
}

const IDENTIFIERS = ['hw-address', 'duid', 'client-id', 'circuit-id', 'flex-id'] as const;

function subnetLabel(s: Located): string {
  return `subnet ${str(s.value['subnet']) ?? '(no prefix)'}`;
}

function reservationLabel(r: Located): string {
  for (const key of IDENTIFIERS) {
    const id = str(r.value[key]);
    if (id !== undefined) return `reservation ${key} ${id}`;
  }
  return 'reservation';
}

/** How messages name a scope: `subnet 10.0.0.0/24`, `pool 10.0.0.10-10.0.0.20 of subnet 10.0.0.0/24`, ... */
export function labelOf(s: Scope): string {
  const of = s.subnet === undefined ? '' : ` of ${subnetLabel(s.subnet)}`;
  switch (s.kind) {
    case 'global': return 'global option-data';
    case 'network': return `shared network '${str(s.value['name']) ?? '?'}'`;
    case 'subnet': return subnetLabel(s);
    case 'pool': return `pool ${str(s.value['pool']) ?? '?'}${of}`;
    case 'pd-pool': return `pd-pool ${str(s.value['prefix']) ?? '?'}/${String(s.value['prefix-len'] ?? '?')}${of}`;
    case 'reservation':
      return s.isGlobalReservation ? `global ${reservationLabel(s)}` : `${reservationLabel(s)} in ${s.subnet === undefined ? 'a subnet' : subnetLabel(s.subnet)}`;
  }
}

function scope(at: Located, kind: ScopeKind, subnet?: Located, isSelectedByGuard = false, isGlobalReservation = false): Scope {
  return { value: at.value, path: at.path, kind, subnet, isSelectedByGuard, isGlobalReservation };
}

function hasItems(parent: Located, key: string): boolean {
  const v = parent.value[key];
  return Array.isArray(v) && v.length > 0;
}

/** Every scope of the daemon except client classes. */
export function daemonScopes(view: DaemonView): Scope[] {
  const root: Located = { value: view.root, path: view.base };
  const out: Scope[] = [scope(root, 'global')];
  for (const net of view.networks) out.push(scope(net, 'network', undefined, true));
  for (const s of view.subnets) {
    out.push(scope(s, 'subnet', undefined, s.network === undefined));
    if (hasItems(s, 'pools')) for (const p of eachObj(s, 'pools')) out.push(scope(p, 'pool', s));
    if (view.family === 6 && hasItems(s, 'pd-pools')) for (const p of eachObj(s, 'pd-pools')) out.push(scope(p, 'pd-pool', s));
    if (hasItems(s, 'reservations')) for (const r of eachObj(s, 'reservations')) out.push(scope(r, 'reservation', s));
  }
  for (const r of eachObj(root, 'reservations')) out.push(scope(r, 'reservation', undefined, false, true));
  return out;
}
