/**
 * Warnings about class names used outside class tests (C31: Kea does not check them): guards of
 * shared networks, subnets, pools and pd-pools, option-data `client-classes`, additional
 * evaluation lists and reservations. A misspelt name makes the scope silently never match, so
 * each undefined one is reported, and so is a guard on a top-level subnet or shared network
 * that can never be satisfied because Kea assigns the class only after selecting the subnet.
 * All of these are warnings: Kea accepts every one of them.
 */
import { isBuiltinClassName } from '../../eval/index.js';
import { joinPointer } from '../issues.js';
import { bool, eachObj, isObj, str, type DaemonView, type Located, type Obj, type RuleContext } from './context.js';
import type { ClassIndex } from './classes.js';
import { labelOf, type Scope } from './scopes.js';

/** Called with each class name (trimmed, as Kea does; empty ones skipped) and where it is. */
type NameVisitor = (name: string, path: () => string) => void;

/** The class names of a list, or of the deprecated single-name `client-class`. */
function eachName(parentPath: () => string, value: Obj, key: string, visit: NameVisitor): void {
  const v = value[key];
  if (typeof v === 'string') {
    const name = v.trim();
    if (name !== '') visit(name, () => joinPointer(parentPath(), key));
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const n: unknown = v[i];
      const name = typeof n === 'string' ? n.trim() : '';
      if (name !== '') visit(name, () => joinPointer(parentPath(), key, i));
    }
  }
}

/** The class names of each option-data entry's `client-classes` in `parent`. */
function eachOptionDataName(parent: Located, visit: NameVisitor): void {
  const data = parent.value['option-data'];
  if (!Array.isArray(data)) return;
  for (let i = 0; i < data.length; i++) {
    const o: unknown = data[i];
    if (isObj(o) && o['client-classes'] !== undefined) {
      eachName(() => joinPointer(parent.path, 'option-data', i), o, 'client-classes', visit);
    }
  }
}

const GUARD_KEYS = ['client-class', 'client-classes'] as const;
const ADDITIONAL_KEYS = ['evaluate-additional-classes', 'require-client-classes'] as const;
const REF_KEYS = [...GUARD_KEYS, ...ADDITIONAL_KEYS];

/** Who assigns and who uses each name. */
interface Usage {
  readonly classes: ClassIndex;
  readonly templates: readonly string[];
  /** Names reservations assign, true when a global reservation assigns it. */
  readonly assigned: Map<string, boolean>;
  readonly used: Set<string>;
  readonly isEarlyLookup: boolean;
}

/** Reports undefined class names and guards that cannot match at subnet selection. */
export function checkClassReferences(view: DaemonView, scopes: readonly Scope[], classes: ClassIndex, ctx: RuleContext): void {
  const classScopes = eachObj({ value: view.root, path: view.base }, 'client-classes');
  const u: Usage = {
    classes,
    templates: [...classes.byName.values()].filter((c) => c.isTemplate).map((c) => c.name),
    assigned: new Map(),
    used: new Set(classes.templateRefs),
    isEarlyLookup: bool(view.root['early-global-reservations-lookup']) === true,
  };
  const use: NameVisitor = (name) => u.used.add(name);
  for (const s of scopes) {
    const at = (): string => s.path;
    if (s.kind === 'reservation') {
      eachName(at, s.value, 'client-classes', (name) => u.assigned.set(name, (u.assigned.get(name) ?? false) || s.isGlobalReservation));
    } else {
      for (const key of REF_KEYS) eachName(at, s.value, key, use);
    }
    eachOptionDataName(s, use);
  }
  for (const c of classScopes) eachOptionDataName(c, use);
  for (const s of scopes) checkScope(s, u, ctx);
  for (const c of classScopes) {
    eachOptionDataName(c, (name, path) => checkOptionRef(name, path, () => `client class '${str(c.value['name']) ?? '?'}'`, u, ctx));
  }
}

function isSpawned(name: string, templates: readonly string[]): boolean {
  return name.startsWith('SPAWN_') && templates.some((t) => name.length > t.length + 7 && name.startsWith(`SPAWN_${t}_`));
}

/** Defined, built in, or spawned by a template class. */
function isKnown(name: string, u: Usage): boolean {
  return u.classes.byName.has(name) || isBuiltinClassName(name) || isSpawned(name, u.templates);
}

const UNDEFINED_HINT = 'Kea accepts this, but a client is only in an undefined class if a host reservation or a hook '
  + 'library puts it there; check the spelling against the client-classes list';

function checkScope(s: Scope, u: Usage, ctx: RuleContext): void {
  const at = (): string => s.path;
  if (s.kind === 'reservation') {
    eachName(at, s.value, 'client-classes', (name, path) => {
      if (isKnown(name, u) || u.used.has(name)) return;
      ctx.warn('undefined-client-class', path(),
        `${labelOf(s)}: client class '${name}' is not defined and nothing in this configuration refers to it`,
        'Kea accepts this and still puts the host in the class (a hook library may use it); check the spelling if it should be a defined class');
    });
  } else {
    for (const key of GUARD_KEYS) {
      eachName(at, s.value, key, (name, path) => {
        if (!isKnown(name, u) && !u.assigned.has(name)) {
          ctx.warn('undefined-client-class', path(), `${labelOf(s)}: client class '${name}' is not defined, so this ${s.kind} never matches it`,
            UNDEFINED_HINT);
        } else if (s.isSelectedByGuard) {
          checkSelectable(s, name, path, u, ctx);
        }
      });
    }
    for (const key of ADDITIONAL_KEYS) {
      eachName(at, s.value, key, (name, path) => {
        if (u.classes.byName.has(name)) return;
        ctx.warn('undefined-client-class', path(), `${labelOf(s)}: ${key} names class '${name}', which is not defined`,
          'Kea accepts this and skips names of undefined classes when it evaluates additional classes; check the spelling');
      });
    }
  }
  eachOptionDataName(s, (name, path) => checkOptionRef(name, path, () => labelOf(s), u, ctx));
}

function checkOptionRef(name: string, path: () => string, label: () => string, u: Usage, ctx: RuleContext): void {
  if (isKnown(name, u) || u.assigned.has(name)) return;
  ctx.warn('undefined-client-class', path(),
    `${label()}: option-data is limited to client class '${name}', which is not defined, so the option is never sent`, UNDEFINED_HINT);
}

const SELECTION = 'Kea accepts this, but it selects the subnet (or shared network) before it looks up host reservations';

/** A top-level subnet's or shared network's guard is evaluated before KNOWN/UNKNOWN and reserved classes exist. */
function checkSelectable(s: Scope, name: string, path: () => string, u: Usage, ctx: RuleContext): void {
  const def = u.classes.byName.get(name);
  const early = u.isEarlyLookup ? '' : ', or set early-global-reservations-lookup (global reservations only)';
  let why: string | undefined;
  let hint = `${SELECTION}; guard a pool with this class instead${early}`;
  if (name === 'UNKNOWN') {
    why = "class 'UNKNOWN' is not set yet when Kea selects the subnet";
    hint = `${SELECTION}; guard a pool with this class instead`;
  } else if (name === 'KNOWN') {
    if (!u.isEarlyLookup) why = "class 'KNOWN' is not set yet when Kea selects the subnet";
  } else if (def?.isAdditional === true) {
    why = `class '${name}' is only-in-additional-list, which Kea evaluates after the lease is assigned`;
    hint = 'Kea accepts this; remove only-in-additional-list from the class, or do not use it to select a subnet';
  } else if (def?.dependsOnKnown === true) {
    if (!u.isEarlyLookup) why = `class '${name}' depends on KNOWN/UNKNOWN, so Kea evaluates it only after selecting the subnet`;
  } else if (def === undefined && !isKnown(name, u) && !(u.isEarlyLookup && u.assigned.get(name) === true)) {
    why = `class '${name}' is only assigned by host reservations, which Kea looks up after selecting the subnet`;
  }
  if (why !== undefined) {
    ctx.warn('class-not-set-at-subnet-selection', path(), `${labelOf(s)}: ${why}, so this guard never matches`, hint);
  }
}
