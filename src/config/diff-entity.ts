/**
 * Building blocks of the diff's entity walkers: the walk context, how an entity gets its match
 * id, and the entities every daemon has in common (global parameters, hooks libraries, control
 * sockets, loggers). Pure.
 */
import type { Family } from '../net/index.js';
import { defaultControlSocket } from './defaults.js';
import { joinPointer } from './issues.js';
import type { Entity, EntityFacts, EntityKind } from './diff-types.js';
import { asList, canonicalAddress, flattenFields, int, isMap, nonBlank, type ConfigMap } from './diff-values.js';

/** State of one walk over one daemon's map in one configuration. */
export interface WalkContext {
  readonly daemon: string;
  /** Id of the daemon root; every entity id starts with it. */
  readonly rootId: string;
  readonly family: Family | undefined;
  /** `dhcp4` or `dhcp6`: the space of options and definitions that name none. */
  readonly defaultSpace: string;
  /** Code of an option by space and name (standard table, then `option-def`s), if known. */
  readonly optionCode: (space: string, name: string) => number | undefined;
  /** Name of an option by space and code, if known. */
  readonly optionName: (space: string, code: number) => string | undefined;
  readonly out: Entity[];
  /** How often each base id has been seen, to number duplicates. */
  readonly seen: Map<string, number>;
}

/** Lists whose order carries no meaning in Kea (guards are "any of", addresses are sets). */
export const UNORDERED: ReadonlySet<string> = new Set([
  'interfaces',
  'ip-addresses',
  'prefixes',
  'client-classes',
  'relay-supplied-options',
]);

/**
 * Separates the segments of an entity id. It sorts before every character a name can hold,
 * so that sorting ids puts each entity's children right after it.
 */
export const ID_SEP = '\u0000';

/** Sort rank of each kind within its parent, so that the output reads top-down. */
const KIND_RANK: Readonly<Record<EntityKind, number>> = {
  parameter: 10,
  order: 11,
  'hooks-library': 12,
  'control-socket': 13,
  logger: 14,
  'tsig-key': 15,
  'option-def': 16,
  option: 17,
  class: 18,
  'shared-network': 19,
  subnet: 20,
  pool: 21,
  'pd-pool': 22,
  reservation: 23,
  'ddns-domain': 24,
  'dns-server': 25,
};

/** What a walker knows about one entity. */
export interface EntitySpec {
  readonly parent: Entity | null;
  readonly kind: EntityKind;
  readonly key: Readonly<Record<string, unknown>>;
  /** Part of the id: unique among siblings of the kind, and sorting in a useful order. */
  readonly keyText: string;
  readonly label: string;
  /** Appended to the subject only (`(10.0.12.0/24)`). */
  readonly tail?: string;
  readonly path: string;
  readonly value: unknown;
  readonly fields: ReadonlyMap<string, unknown>;
  readonly facts?: EntityFacts;
}

/** Records an entity; a repeated identity gets `#2`, `#3`, ... and `occurrence` in its key. */
export function addEntity(ctx: WalkContext, spec: EntitySpec): Entity {
  const base = `${spec.parent?.id ?? ctx.rootId}${ID_SEP}${KIND_RANK[spec.kind]}${spec.kind}:${spec.keyText}`;
  const n = (ctx.seen.get(base) ?? 0) + 1;
  ctx.seen.set(base, n);
  const entity: Entity = {
    id: n === 1 ? base : `${base}#${n}`,
    parentId: spec.parent?.id ?? null,
    daemon: ctx.daemon,
    kind: spec.kind,
    key: n === 1 ? spec.key : { ...spec.key, occurrence: n },
    label: n === 1 ? spec.label : `${spec.label} #${n}`,
    subject: `${ctx.daemon} ${spec.label}${n === 1 ? '' : ` #${n}`}${spec.tail ?? ''}`,
    path: spec.path,
    value: spec.value,
    fields: spec.fields,
    facts: spec.facts ?? {},
  };
  ctx.out.push(entity);
  return entity;
}

/** The identity of the scope an entity lives in: `{ kind: 'subnet', id: 12 }` or global. */
export function scopeOf(parent: Entity | null): Readonly<Record<string, unknown>> {
  return parent === null ? { kind: 'global' } : { kind: parent.kind, ...parent.key };
}

/** The label of a scope, for subjects: `subnet 12`, or `global`. */
export function scopeLabel(parent: Entity | null): string {
  return parent === null ? 'global' : parent.label;
}

/** Zero-padded decimal, so that ids sort numerically. */
export function padNumber(n: number): string {
  return String(n).padStart(10, '0');
}

/**
 * A global parameter: a scalar, a list, or a map (`interfaces-config`) compared field by field.
 * Its fields are the map's keys, or the parameter's own name for anything else.
 */
export function addParameter(ctx: WalkContext, name: string, value: unknown, path: string): void {
  if (value === undefined) return;
  const fields = isMap(value) ? flattenFields(value, new Set(), UNORDERED) : flattenFields({ [name]: value }, new Set(), UNORDERED);
  addEntity(ctx, {
    parent: null, kind: 'parameter', key: { scope: scopeOf(null), name }, keyText: name,
    label: `global ${name}`, path, value, fields,
  });
}

/** Each map of a list, with its JSON pointer. */
export function eachMap(list: unknown, path: string, visit: (m: ConfigMap, p: string, index: number) => void): void {
  asList(list).forEach((m, i) => {
    if (isMap(m)) visit(m, joinPointer(path, i), i);
  });
}

/** `hooks-libraries[]`, by `library`; their order matters (callouts run in library order). */
export function walkHooks(ctx: WalkContext, list: unknown, path: string): void {
  eachMap(list, path, (h, p, i) => {
    const library = nonBlank(h.library) ?? `#${i}`;
    addEntity(ctx, {
      parent: null, kind: 'hooks-library', key: { library }, keyText: library,
      label: `hooks library "${library}"`, path: p, value: h,
      fields: flattenFields(h, new Set(['library']), UNORDERED),
    });
  });
}

/** `control-sockets[]`, by type and socket name (unix) or address and port (http, https). */
export function walkControlSockets(ctx: WalkContext, list: unknown, path: string): void {
  eachMap(list, path, (s, p, i) => {
    const type = nonBlank(s['socket-type']) ?? 'unix';
    const name = nonBlank(s['socket-name']);
    if (type === 'unix') {
      const socket = name ?? `#${i}`;
      addEntity(ctx, {
        parent: null, kind: 'control-socket', key: { type, 'socket-name': socket }, keyText: `${type}:${socket}`,
        label: `control socket unix "${socket}"`, path: p, value: s,
        fields: flattenFields(s, new Set(['socket-type', 'socket-name']), UNORDERED),
      });
      return;
    }
    const defaults = defaultControlSocket(ctx.family === 6 ? 'dhcp6' : ctx.family === 4 ? 'dhcp4' : 'd2');
    const address = canonicalAddress(nonBlank(s['socket-address']) ?? defaults.address);
    const port = int(s['socket-port']) ?? defaults.port;
    addEntity(ctx, {
      parent: null, kind: 'control-socket', key: { type, 'socket-address': address, 'socket-port': port },
      keyText: `${type}:${address}:${port}`, label: `control socket ${type} ${hostPort(address, port)}`, path: p, value: s,
      fields: flattenFields(s, new Set(['socket-type', 'socket-address', 'socket-port']), UNORDERED),
    });
  });
}

/** `loggers[]`, by `name`. */
export function walkLoggers(ctx: WalkContext, list: unknown, path: string): void {
  eachMap(list, path, (l, p, i) => {
    const name = nonBlank(l.name) ?? `#${i}`;
    addEntity(ctx, {
      parent: null, kind: 'logger', key: { name }, keyText: name, label: `logger "${name}"`, path: p, value: l,
      fields: flattenFields(l, new Set(['name']), UNORDERED),
    });
  });
}

/** `192.0.2.1:53`, `[2001:db8::1]:53`. */
export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
