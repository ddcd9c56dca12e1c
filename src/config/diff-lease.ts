/**
 * Which configuration changes can affect leases that already exist. Kea ties a lease to its
 * subnet by id and checks on renewal that the address is still in a pool or reserved to the
 * client, so the rules are: a subnet removed, a subnet id on another prefix, a prefix under
 * another id, addresses that left the pools, and reservations that moved. A shorter lifetime
 * is not among them: existing leases keep the expiry they were given. Pure.
 */
import { formatRange, type AddressRange } from '../net/index.js';
import type { Entity } from './diff-types.js';
import { rangeToPrefixes, subtractRanges } from './diff-values.js';

/** Entities of one configuration by id. */
export type EntityIndex = ReadonlyMap<string, Entity>;

/** Reasons by entity id; the diff attaches them to that entity's change (or its parent's). */
export type LeaseImpacts = Map<string, string[]>;

/** Every lease impact of going from `before` to `after`. */
export function leaseImpacts(before: EntityIndex, after: EntityIndex): LeaseImpacts {
  const impacts: LeaseImpacts = new Map();
  const add = (id: string, reason: string): void => {
    const list = impacts.get(id) ?? [];
    if (!list.includes(reason)) list.push(reason);
    impacts.set(id, list);
  };
  subnetImpacts(before, after, add);
  poolImpacts(before, after, add);
  reservationImpacts(before, after, add);
  return impacts;
}

type Add = (id: string, reason: string) => void;

function subnetImpacts(before: EntityIndex, after: EntityIndex, add: Add): void {
  const byPrefix = groupBy(after, 'subnet', (e) => (e.facts.prefix === undefined ? [] : [`${e.daemon} ${e.facts.prefix}`]));
  for (const old of before.values()) {
    const prefix = old.facts.prefix;
    if (old.kind !== 'subnet' || prefix === undefined) continue;
    const id = old.facts.subnetId;
    const now = after.get(old.id);
    const holder = (byPrefix.get(`${old.daemon} ${prefix}`) ?? []).find((e) => e.id !== old.id);
    const moved = holder && `${prefix} moved from ${old.label} to ${holder.label}: its leases keep ${id === undefined ? 'their subnet id' : `id ${id}`}`;
    if (now === undefined) {
      if (holder === undefined || moved === undefined) add(old.id, `leases in ${prefix}${id === undefined ? '' : ` (subnet ${id})`} will be orphaned`);
      else for (const target of [old.id, holder.id]) add(target, moved);
      continue;
    }
    const nowPrefix = now.facts.prefix;
    if (nowPrefix === undefined || nowPrefix === prefix) continue;
    if (id !== undefined) add(now.id, `subnet ${id} was ${prefix}, now ${nowPrefix}: leases recorded under id ${id} now refer to a different network`);
    if (holder !== undefined && moved !== undefined) add(holder.id, moved);
  }
}

/** A pool or pd-pool gone from a subnet that stays: the addresses no remaining pool covers. */
function poolImpacts(before: EntityIndex, after: EntityIndex, add: Add): void {
  const ranges = groupBy(after, undefined, (e) =>
    (e.kind === 'pool' || e.kind === 'pd-pool') && e.facts.range !== undefined ? [`${e.kind} ${e.facts.scopeId ?? ''}`] : []);
  for (const old of before.values()) {
    const range = old.facts.range;
    const scope = old.facts.scopeId;
    if ((old.kind !== 'pool' && old.kind !== 'pd-pool') || range === undefined || scope === undefined) continue;
    if (after.has(old.id) || !after.has(scope)) continue; // unchanged, or the whole subnet went
    const remaining = (ranges.get(`${old.kind} ${scope}`) ?? []).flatMap((e) => (e.facts.range === undefined ? [] : [e.facts.range]));
    const lost = subtractRanges(range, remaining);
    if (lost.length === 0) continue;
    const text = lost.map((r) => (old.kind === 'pool' ? formatRange(r) : formatPrefixes(r))).join(', ');
    add(old.id, `${text} left the ${old.kind === 'pool' ? 'pools' : 'pd-pools'}`);
  }
}

function formatPrefixes(r: AddressRange): string {
  return rangeToPrefixes(r, 4)?.join(', ') ?? formatRange(r);
}

/** A reservation whose addresses changed, or an address now reserved to another client. */
function reservationImpacts(before: EntityIndex, after: EntityIndex, add: Add): void {
  for (const old of before.values()) {
    const now = after.get(old.id);
    if (old.kind !== 'reservation' || old.facts.identifier === undefined || now === undefined) continue;
    const was = old.facts.addresses ?? [];
    const is = now.facts.addresses ?? [];
    const lost = was.filter((a) => !is.includes(a));
    if (lost.length === 0) continue;
    const gained = is.filter((a) => !was.includes(a));
    const lostText = lost.join(', ');
    add(now.id, gained.length > 0
      ? `reservation moved: ${lostText} → ${gained.join(', ')}; the client's lease on ${lostText} will be replaced at its next renewal`
      : `${lostText} is no longer reserved to this client; its lease there is kept only while the address is in a pool`);
  }
  const holders = groupBy(before, 'reservation', (e) => (e.facts.addresses ?? []).map((a) => `${e.facts.scopeId ?? ''} ${a}`));
  for (const now of after.values()) {
    if (now.kind !== 'reservation' || now.facts.identifier === undefined) continue;
    for (const address of now.facts.addresses ?? []) {
      for (const prev of holders.get(`${now.facts.scopeId ?? ''} ${address}`) ?? []) {
        if (prev.id === now.id || prev.facts.identifier === undefined) continue;
        if (after.get(prev.id)?.facts.addresses?.includes(address) === true) continue; // still reserved to it as well
        add(now.id, `${address} was reserved to ${prev.facts.identifier}, now to ${now.facts.identifier}: the lease ${prev.facts.identifier} holds on it will not be renewed`);
      }
    }
  }
}

/** Entities (of `kind`, when given) under every key `keys` gives them. */
function groupBy(index: EntityIndex, kind: Entity['kind'] | undefined, keys: (e: Entity) => string[]): Map<string, Entity[]> {
  const out = new Map<string, Entity[]>();
  for (const e of index.values()) {
    if (kind !== undefined && e.kind !== kind) continue;
    for (const k of keys(e)) {
      const list = out.get(k);
      if (list === undefined) out.set(k, [e]);
      else list.push(e);
    }
  }
  return out;
}
