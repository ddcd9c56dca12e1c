/**
 * Kea's `subnet4-delta-add` and `subnet4-delta-del` (subnet_cmds of Kea 3.0:
 * SubnetCmdsImpl::updateSubnet with UPDATE_DELTA_ADD / UPDATE_DELTA_DEL, ConfigDiffManager in
 * src/hooks/dhcp/subnet_cmds/subnet_cmds.cc, and isc::data::mergeDiffAdd / mergeDiffDel in
 * src/lib/cc/data.cc), as edits of the configured `Dhcp4` map applied through the port (inside
 * `port.exclusive`, where config-commands.ts registers them). Pure.
 *
 * Kea's rules, followed here:
 * - The arguments are checked as for `subnet4-update` (one map in `subnet4`, no `reservations`,
 *   an `id` in 1..4294967294 that names a configured subnet, else "Can't find subnet 'N' to
 *   update" with result 1), then the delta must parse as a subnet ('subnet' is mandatory).
 * - The delta is brought to Kea's printed form first (Subnet4ConfigParser + toElement, keeping
 *   only the keys given): a pool's range as `a-b` or a prefix, each option with its code, name,
 *   space, always-send, never-send, csv-format and data, class lists without repeats.
 * - The merge walks a hierarchy in which `pools` are matched by their range and `option-data`
 *   (in the subnet and in its pools) by space and code, else name; every match is merged (a
 *   duplicated option is updated or removed in all its copies).
 * - add: a scalar is set (null is ignored), a map is merged, a matched list entry is merged and
 *   an unmatched one appended; in lists without a rule (relay addresses, class lists) every
 *   entry is appended.
 * - del: a scalar is removed whatever its value ("the scalar values don't need to match", ARM);
 *   a matched pool or option given by its keys alone is removed, else the listed parts of it
 *   are, and it goes too when nothing but its keys is left; entries of lists without a rule are
 *   removed when equal; an emptied list or map goes. The keys (`id`, `subnet`; `pool`; `code`,
 *   `name`, `space`) stay while the entity keeps any other data.
 * - After the merge the subnet keeps its place, so its shared network, and a prefix that another
 *   subnet has is refused: "Unable to update subnet 'N' in the configuration".
 *
 * Deviations, and why:
 * - Kea merges into the subnet's toElement, with every inherited and default value made
 *   explicit, and reparses it; here the merge goes into the subnet as configured, so what it
 *   inherits stays inherited (deleting an inherited value changes nothing, as with Kea's reparse).
 *   For the same reason the subnet's `id` and `subnet` always stay (Kea's toElement is never empty).
 * - Pools are matched by their parsed range, so `192.0.2.1 - 192.0.2.9` in the configuration
 *   matches `192.0.2.1-192.0.2.9` in the delta, as both print the same in Kea; options given by
 *   name alone are matched through the option catalogue.
 * - Checks Kea's parse of the delta would make (a malformed pool or option, a repeated relay
 *   address) come back as the port's validation errors of the merged map.
 * - LIMITATION: deprecated spellings in the configuration (`client-class` in a pool,
 *   `require-client-classes`) are not converted, so a delta naming their new keys misses them.
 */
import type { OptionCatalogue } from '../codec/index.js';
import { CommandResult, type CommandResponse } from '../control/commands.js';
import { parsePool } from '../net/index.js';
import {
  applyThen, copyOf, editableSource, fail, getInteger, isMap, oneSubnet, optionsToElement, parsedPrefix,
  poolToElement, SUBNET_ID_MAX, subnetRefs, subnetText, type Args, type ConfigCommandsPort, type JsonMap,
} from './config-elements.js';

/** One container of Kea's HierarchyTraversalTest: how entries are matched, emptied and keyed. */
interface Rule {
  readonly match: (left: JsonMap, right: JsonMap) => boolean;
  /** The entry names only its keys: delete the whole entity. */
  readonly isEmpty: (right: JsonMap) => boolean;
  readonly isKey: (key: string) => boolean;
}

/** Kea's HierarchyDescriptor: the rules of the containers at each depth. */
type Hierarchy = ReadonlyArray<Readonly<Record<string, Rule>>>;

type Container = JsonMap | unknown[];

const isContainer = (v: unknown): v is Container => Array.isArray(v) || isMap(v);
const sizeOf = (c: Container): number => (Array.isArray(c) ? c.length : Object.keys(c).length);
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The lists Kea parses into ClientClasses, which keep each class once. */
const CLASS_LISTS = new Set(['client-classes', 'evaluate-additional-classes', 'require-client-classes']);

/** An option's identity as Kea prints it: space, code and name through the catalogue. */
function optionIdentity(o: JsonMap, catalogue: OptionCatalogue): { space: string; code?: number; name?: string } {
  const space = typeof o['space'] === 'string' ? o['space'] : 'dhcp4';
  let code = typeof o['code'] === 'number' ? o['code'] : undefined;
  let name = typeof o['name'] === 'string' ? o['name'] : undefined;
  if (code === undefined && name !== undefined) code = catalogue.findByName(space, name)?.code;
  if (name === undefined && code !== undefined) name = catalogue.find(space, code)?.name;
  return { space, ...(code !== undefined ? { code } : {}), ...(name !== undefined ? { name } : {}) };
}

/** ConfigDiffManager's option_match: same space, then the code when both have one, else the name. */
function isSameOption(left: JsonMap, right: JsonMap, catalogue: OptionCatalogue): boolean {
  const l = optionIdentity(left, catalogue);
  const r = optionIdentity(right, catalogue);
  if (l.space !== r.space) return false;
  if (l.code !== undefined && r.code !== undefined) return l.code === r.code;
  return l.name !== undefined && r.name !== undefined && l.name === r.name;
}

/** pool_match on the range (Kea compares the printed text, which is the same for the same range). */
function isSamePool(left: JsonMap, right: JsonMap): boolean {
  const l = typeof left['pool'] === 'string' ? parsePool(left['pool'], 4) : null;
  const r = typeof right['pool'] === 'string' ? parsePool(right['pool'], 4) : null;
  if (l === null || r === null) return left['pool'] === right['pool'];
  return l.first === r.first && l.last === r.last;
}

/** ConfigDiffManager's subnet_hierarchy_ for DHCPv4 (pd-pools have no place in a subnet4). */
function hierarchyOf(catalogue: OptionCatalogue): Hierarchy {
  const onlyKeys = (keys: readonly string[]) => (right: JsonMap): boolean => Object.keys(right).every((k) => keys.includes(k));
  const subnet: Rule = { match: (l, r) => l['id'] === r['id'], isEmpty: onlyKeys(['id', 'subnet']), isKey: (k) => k === 'id' || k === 'subnet' };
  const pool: Rule = {
    match: isSamePool,
    // pool_empty: the pool and an empty option-data.
    isEmpty: (r) => Object.entries(r).every(([k, v]) => k === 'pool' || (k === 'option-data' && Array.isArray(v) && v.length === 0)),
    isKey: (k) => k === 'pool',
  };
  const option: Rule = {
    match: (l, r) => isSameOption(l, r, catalogue),
    isEmpty: onlyKeys(['code', 'name', 'space']),
    isKey: (k) => k === 'code' || k === 'name' || k === 'space',
  };
  return [{ subnet }, { pools: pool, 'option-data': option }, { 'option-data': option }];
}

/** Drops repeated entries, keeping the first (ClientClasses). */
const unique = (list: unknown[]): unknown[] => list.filter((v, i) => list.findIndex((w) => sameJson(v, w)) === i);

/**
 * The delta as Kea's parse + toElement prints it, keeping only the keys given
 * (ConfigDiffManager::processDelta).
 */
function normalizeDelta(delta: JsonMap, catalogue: OptionCatalogue): JsonMap {
  const out = copyOf(delta);
  out['subnet'] = subnetText(String(delta['subnet']));
  const options = (list: unknown[]): unknown[] => list.map((o) => (isMap(o) ? optionsToElement([o], catalogue)[0] : o));
  const classes = (map: JsonMap): void => {
    for (const k of CLASS_LISTS) if (Array.isArray(map[k])) map[k] = unique(map[k] as unknown[]);
  };
  classes(out);
  if (Array.isArray(out['option-data'])) out['option-data'] = options(out['option-data']);
  if (Array.isArray(out['pools'])) {
    out['pools'] = out['pools'].map((p: unknown) => {
      if (!isMap(p)) return p;
      const pool = poolToElement(p, catalogue);
      classes(pool);
      return pool;
    });
  }
  return out;
}

/** isc::data::mergeDiffAdd, in place. */
function mergeAdd(left: Container, right: Container, h: Hierarchy, key: string, idx: number): void {
  if (Array.isArray(left) !== Array.isArray(right)) fail('mergeDiffAdd arguments not same type');
  if (Array.isArray(left)) {
    const rule = h[idx]?.[key];
    const added: unknown[] = [];
    for (const r of right as unknown[]) {
      let isFound = false;
      if (rule !== undefined && isMap(r)) {
        for (const l of left) {
          if (isMap(l) && rule.match(l, r)) {
            isFound = true;
            mergeAdd(l, r, h, key, idx);
          }
        }
      }
      // A class list is reparsed into a set, so a class already there is not added again.
      const isRepeated = CLASS_LISTS.has(key) && [...left, ...added].some((v) => sameJson(v, r));
      if (!isFound && !isRepeated) added.push(copyOf(r));
    }
    left.push(...added);
    return;
  }
  const map = left as JsonMap;
  for (const [k, v] of Object.entries(right as JsonMap)) {
    if (v === null || v === undefined) continue;
    const current = map[k];
    if (current !== undefined && isContainer(v)) {
      if (!isContainer(current)) fail('mergeDiffAdd arguments not same type');
      mergeAdd(current as Container, v, h, k, idx + 1);
    } else {
      map[k] = copyOf(v);
    }
  }
}

/** isc::data::mergeDiffDel, in place; `keepKeys` keeps the identifying keys whatever is left. */
function mergeDel(left: Container, right: Container, h: Hierarchy, key: string, idx: number, keepKeys = false): void {
  if (Array.isArray(left) !== Array.isArray(right)) fail('mergeDiffDel arguments not same type');
  const rule = h[idx]?.[key];
  if (Array.isArray(left)) {
    for (const r of right as unknown[]) {
      for (let i = 0; i < left.length;) {
        const l = left[i];
        let isRemoved = false;
        if (rule !== undefined) {
          if (isMap(l) && isMap(r) && rule.match(l, r)) {
            if (!rule.isEmpty(r)) mergeDel(l, r, h, key, idx);
            isRemoved = rule.isEmpty(r) || sizeOf(l) === 0;
          }
        } else {
          isRemoved = sameJson(l, r);
        }
        if (isRemoved) left.splice(i, 1);
        else i += 1;
      }
    }
    return;
  }
  const map = left as JsonMap;
  const keys: string[] = [];
  for (const [k, v] of Object.entries(right as JsonMap)) {
    if (v === null || v === undefined || !(k in map)) continue;
    const current = map[k];
    if (isContainer(current)) {
      if (!isContainer(v)) fail('mergeDiffDel arguments not same type');
      mergeDel(current, v as Container, h, k, idx + 1);
      if (sizeOf(current) === 0) delete map[k];
    } else if (rule?.isKey(k) === true) {
      // Removed, then restored when the entity keeps other data.
      keys.push(k);
    } else {
      delete map[k];
    }
  }
  const isLeftWithData = Object.keys(map).some((k) => !keys.includes(k));
  if (!isLeftWithData && !keepKeys) for (const k of keys) delete map[k];
}

/** SubnetCmdsImpl::updateSubnet for the two delta types. */
async function subnetDelta(port: ConfigCommandsPort, args: Args, present: boolean, cmd: 'subnet4-delta-add' | 'subnet4-delta-del'): Promise<CommandResponse> {
  const delta = oneSubnet(args, present, cmd);
  if (delta['id'] === undefined) fail(`must specify subnet id with '${cmd}' command.`);
  const id = getInteger(delta, 'id', 1, SUBNET_ID_MAX);
  const next = editableSource(port);
  const refs = subnetRefs(next);
  const ref = refs.find((r) => r.subnet['id'] === id);
  if (ref === undefined) return fail(`Can't find subnet '${id}' to update`);
  // ConfigDiffManager parses the delta as a subnet before merging it.
  parsedPrefix(delta);
  const catalogue = port.config().catalogue;
  const hierarchy = hierarchyOf(catalogue);
  const normalized = normalizeDelta(delta, catalogue);
  if (cmd === 'subnet4-delta-add') mergeAdd(ref.subnet, normalized, hierarchy, 'subnet', 0);
  else mergeDel(ref.subnet, normalized, hierarchy, 'subnet', 0, true);
  const prefix = subnetText(String(ref.subnet['subnet']));
  // CfgSubnets4::replace fails on the prefix index when another subnet has the prefix.
  if (refs.some((r) => r !== ref && subnetText(String(r.subnet['subnet'])) === prefix)) fail(`Unable to update subnet '${id}' in the configuration`);
  return applyThen(port, next, `${cmd} ${prefix}`, {
    result: CommandResult.Success, text: 'IPv4 subnet updated', arguments: { subnets: [{ id, subnet: prefix }] },
  });
}

/** `subnet4-delta-add`: adds or overwrites parts of one subnet. */
export const subnetDeltaAdd = (port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> =>
  subnetDelta(port, args, present, 'subnet4-delta-add');

/** `subnet4-delta-del`: removes parts of one subnet. */
export const subnetDeltaDel = (port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> =>
  subnetDelta(port, args, present, 'subnet4-delta-del');
