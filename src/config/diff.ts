/**
 * Semantic diff of two Kea configurations (`Dhcp4`, `Dhcp6`, `DhcpDdns`): things are matched by
 * stable identity (subnets by id, pools by range, reservations by identifier, options by space
 * and code, ...), never by list position, so reordering a list that carries no meaning is no
 * change. Changes that can affect existing leases carry a `leaseImpact`. Every value shown has
 * its secrets redacted. Pure: no I/O; never throws on malformed input.
 */
import { joinPointer } from './issues.js';
import { collectEntities } from './diff-identities.js';
import { ID_SEP } from './diff-entity.js';
import { leaseImpacts, type EntityIndex } from './diff-lease.js';
import type { ConfigChange, ConfigDiff, Entity, EntityKind, FieldChange } from './diff-types.js';
import { compareText, isSecretField, sameValue } from './diff-values.js';
import { REDACTED, redactSecrets } from './redact.js';

export type { ChangeKind, ConfigChange, ConfigDiff, FieldChange } from './diff-types.js';
export { diffToJson, formatDiffText } from './diff-format.js';

/**
 * The changes that turn `oldConfig` into `newConfig`, ordered by daemon and then top-down
 * (globals, classes, shared networks, each subnet followed by its pools and reservations).
 * Parameters (global scalars and maps such as `interfaces-config`) are always `changed`, with
 * `(unset)` sides as `undefined`; the children of an added or removed entity are part of its
 * `value`, not changes of their own.
 * @example
 * const diff = diffConfig(oldDoc, newDoc);
 * if (diff.leaseAffecting > 0) console.log(formatDiffText(diff));
 */
export function diffConfig(oldConfig: unknown, newConfig: unknown): ConfigDiff {
  const before = indexById(collectEntities(oldConfig, newConfig));
  const after = indexById(collectEntities(newConfig, oldConfig));
  const changes = new Map<string, ConfigChange>();
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const change = entityChange(before.get(id), after.get(id), before, after);
    if (change !== undefined) changes.set(id, change);
  }
  for (const [id, change] of orderChanges(before, after)) changes.set(id, change);
  attachImpacts(changes, before, after);
  const sorted = [...changes.entries()].sort(([a], [b]) => compareText(a, b)).map(([, c]) => c);
  return { changes: sorted, leaseAffecting: sorted.filter((c) => c.leaseImpact !== undefined).length };
}

function indexById(entities: readonly Entity[]): Map<string, Entity> {
  return new Map(entities.map((e) => [e.id, e]));
}

/** The change of one entity, or `undefined` when it is the same or part of a parent's change. */
function entityChange(old: Entity | undefined, now: Entity | undefined, before: EntityIndex, after: EntityIndex): ConfigChange | undefined {
  const some = now ?? old;
  if (some === undefined) return undefined;
  const base = {
    subject: some.subject,
    identity: { daemon: some.daemon, kind: some.kind, key: some.key },
    ...(old === undefined ? {} : { oldPath: old.path }),
    ...(now === undefined ? {} : { newPath: now.path }),
  };
  if ((old !== undefined && now !== undefined) || some.kind === 'parameter') {
    const fields = changedFields(old?.fields ?? new Map(), now?.fields ?? new Map());
    return fields.length === 0 ? undefined : { kind: 'changed', ...base, fields };
  }
  // A child of an added or removed entity is already in that entity's value.
  if (some.parentId !== null && (before.has(some.parentId) !== after.has(some.parentId))) return undefined;
  return { kind: now === undefined ? 'removed' : 'added', ...base, value: redactSecrets(some.value) };
}

/** The fields whose values differ, in name order, redacted. */
function changedFields(old: ReadonlyMap<string, unknown>, now: ReadonlyMap<string, unknown>): FieldChange[] {
  const names = [...new Set([...old.keys(), ...now.keys()])].sort(compareText);
  return names
    .filter((f) => !sameValue(old.get(f), now.get(f)))
    .map((field) => ({ field, before: shown(field, old.get(field)), after: shown(field, now.get(field)) }));
}

function shown(field: string, value: unknown): unknown {
  if (value === undefined) return undefined;
  return isSecretField(field) ? REDACTED : redactSecrets(value);
}

/** Lists whose order Kea honours: classes are evaluated, and hooks called, in list order. */
const ORDERED_LISTS: ReadonlyArray<{ kind: EntityKind; list: string; what: string; name: string }> = [
  { kind: 'class', list: 'client-classes', what: 'client classes', name: 'name' },
  { kind: 'hooks-library', list: 'hooks-libraries', what: 'hooks libraries', name: 'library' },
];

/** An `order` change per ordered list whose common members are now in another order. */
function orderChanges(before: EntityIndex, after: EntityIndex): Array<[string, ConfigChange]> {
  const out: Array<[string, ConfigChange]> = [];
  for (const spec of ORDERED_LISTS) {
    const daemons = new Set([...before.values(), ...after.values()].filter((e) => e.kind === spec.kind).map((e) => e.daemon));
    for (const daemon of daemons) {
      const pick = (index: EntityIndex, other: EntityIndex): Entity[] =>
        [...index.values()].filter((e) => e.kind === spec.kind && e.daemon === daemon && e.parentId === null && other.has(e.id));
      const was = pick(before, after).map((e) => e.key[spec.name]);
      const is = pick(after, before).map((e) => e.key[spec.name]);
      const first = pick(after, before)[0] ?? [...after.values()].find((e) => e.kind === spec.kind && e.daemon === daemon);
      if (sameValue(was, is) || first === undefined) continue;
      const root = first.id.slice(0, first.id.indexOf(ID_SEP));
      const path = joinPointer('', daemon, spec.list);
      out.push([`${root}${ID_SEP}11order:${spec.list}`, {
        kind: 'changed', subject: `${daemon} ${spec.what} order`,
        identity: { daemon, kind: 'order', key: { list: spec.list } },
        oldPath: path, newPath: path, fields: [{ field: 'order', before: was, after: is }],
      }]);
    }
  }
  return out;
}

/** Puts each lease impact on its entity's change, or on the nearest ancestor that has one. */
function attachImpacts(changes: Map<string, ConfigChange>, before: EntityIndex, after: EntityIndex): void {
  const reasons = new Map<string, string[]>();
  for (const [id, list] of leaseImpacts(before, after)) {
    let target: string | null = id;
    while (target !== null && !changes.has(target)) target = (after.get(target) ?? before.get(target))?.parentId ?? null;
    // LIMITATION: an impact with no change to carry it is dropped. Only an address the old
    // revision already reserved twice can lead here, and the removal that caused it is shown.
    if (target === null) continue;
    const all = reasons.get(target) ?? [];
    for (const r of list) if (!all.includes(r)) all.push(r);
    reasons.set(target, all);
  }
  for (const [id, list] of reasons) {
    const change = changes.get(id);
    if (change !== undefined) changes.set(id, { ...change, leaseImpact: list.join('; ') });
  }
}
