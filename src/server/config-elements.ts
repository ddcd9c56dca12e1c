/**
 * Shared pieces of Kea's configuration commands (config-commands.ts, host-commands.ts,
 * class-commands.ts): the failure type and argument getters with Kea's texts
 * (src/lib/cc/simple_parser.cc), and the `toElement` shapes Kea answers with, built from the
 * `Dhcp4` map as configured (Subnet4/Network4/Pool4/CfgOption/Host/ClientClassDef::toElement of
 * Kea 3.0's src/lib/dhcpsrv). Pure.
 *
 * Kea's toElement prints a parsed object, so a few defaults appear that the map may lack; they
 * are filled in here: a subnet's `4o6-*`, `option-data`, `relay`, `pools` (each with
 * `option-data`), the lifetime triplet, and what SimpleParser4::deriveParameters copies from the
 * global level (with its GLOBAL4_DEFAULTS) and from a shared network into a subnet. Keys are
 * sorted, as Kea's std::map prints them.
 *
 * LIMITATION: option `data` is answered as written (Kea re-renders it from the parsed value,
 * e.g. `192.0.2.1,192.0.2.2` becomes `192.0.2.1, 192.0.2.2`), and options keep their configured
 * order (Kea groups them by space).
 */
import type { OptionCatalogue } from '../codec/index.js';
import { CommandResult, type CommandHandler, type CommandRegistry, type CommandResponse } from '../control/commands.js';
import { formatAddress, parsePool, parseSubnetPrefix } from '../net/index.js';
import type { ResolvedConfig4 } from '../config/index.js';
import type { Dhcp4Config } from '../schema/index.js';

export type Args = Readonly<Record<string, unknown>>;
export type JsonMap = Record<string, unknown>;

/** A refusal with Kea's text: `result` 1 (error), 3 (empty) or 4 (conflict). */
export class CommandFailure extends Error {
  constructor(message: string, readonly result: CommandResult = CommandResult.Error) {
    super(message);
  }
}

export const fail = (text: string): never => {
  throw new CommandFailure(text);
};

export const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A command handler over the port. `present` is false when the request had no `arguments` (then
 * `args` is `{}`) and true for any map, `{}` included: Kea answers the two differently (a
 * missing map is refused up front; an empty one goes on to the command's own checks, e.g.
 * "invalid number of arguments 0 for the 'subnet4-get' command. Expecting 'id' or 'subnet'").
 */
export type Handler = (port: ConfigCommandsPort, args: Args, present: boolean) => CommandResponse | Promise<CommandResponse>;

/**
 * A configuration-changing handler run whole inside `port.exclusive`: it reads the source,
 * checks, edits a copy, applies it and answers with no other change in between, so two
 * concurrent changes cannot both start from the same source and lose one of them.
 */
export const exclusively = (handler: Handler): Handler =>
  (port, args, present) => port.exclusive(async () => handler(port, args, present));

/** Registers `handlers` on `registry`, each turning a CommandFailure into Kea's answer. */
export function registerHandlers(registry: CommandRegistry, port: ConfigCommandsPort, source: string, handlers: Readonly<Record<string, Handler>>): void {
  for (const [name, handler] of Object.entries(handlers)) registry.register(name, guarded(handler, port), source);
}

/** Runs a handler, turning a CommandFailure into Kea's answer. */
function guarded(handler: Handler, port: ConfigCommandsPort): CommandHandler {
  return async (args, present) => {
    try {
      return await handler(port, args, present);
    } catch (err) {
      if (err instanceof CommandFailure) return { result: err.result, text: err.message };
      throw err;
    }
  };
}

/** A deep, mutable copy of (part of) the frozen source map. */
export const copyOf = <T>(value: T): T => structuredClone(value) as T;

/** Kea's std::map order, recursively. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

// ---- SimpleParser getters (without the `(<string>:1:2)` position Kea appends) ----

export function getInteger(args: Args, name: string, min?: number, max?: number): number {
  const v = args[name];
  if (v === undefined) fail(`missing parameter '${name}'`);
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`invalid type specified for parameter '${name}'`);
  const n = v as number;
  if (min !== undefined && max !== undefined && (n < min || n > max)) {
    fail(`The '${name}' value (${n}) is not within expected range: (${min} - ${max})`);
  }
  return n;
}

export function getString(args: Args, name: string): string {
  const v = args[name];
  if (v === undefined) fail(`missing parameter '${name}'`);
  if (typeof v !== 'string') fail(`invalid type specified for parameter '${name}'`);
  return v as string;
}

export const SUBNET_ID_MAX = 4294967294;

/** Kea's `Subnet::toText()` of a configured prefix (`192.0.2.0/24`). */
export function subnetText(prefix: string): string {
  const p = parseSubnetPrefix(prefix, 4);
  return p === null ? prefix : `${formatAddress(4, p.address)}/${p.length}`;
}

// ---- the subnet of subnet4-add / -update / -delta-* ----

/**
 * The one map of the list `args[key]` (subnet4-add's `subnet4`, network4-add's
 * `shared-networks`, class-add's `client-classes`), with the texts subnet_cmds and class_cmds
 * share; `notMap` is the command's own text for an entry that is not a map.
 */
export function onlyEntry(args: Args, cmd: string, key: string, noun: 'subnet' | 'network' | 'class', notMap: string): JsonMap {
  const list = args[key];
  if (list === undefined) fail(`missing '${key}' argument for the '${cmd}' command`);
  if (!Array.isArray(list)) fail(`'${key}' argument specified for the '${cmd}' command is not a list`);
  const plural = noun === 'class' ? 'classes' : `${noun}s`;
  if ((list as unknown[]).length !== 1) fail(`invalid number of ${plural} specified for the '${cmd}' command. Expected one ${noun}`);
  const entry = (list as unknown[])[0];
  if (!isMap(entry)) return fail(notMap);
  return entry;
}

/** The one subnet of `{"subnet4": [ {...} ]}`, checked as SubnetCmdsImpl::addSubnet/updateSubnet do. */
export function oneSubnet(args: Args, present: boolean, cmd: string): JsonMap {
  if (!present) fail(`no arguments specified for the '${cmd}' command`);
  const n = Object.keys(args).length;
  if (n !== 1) fail(`invalid number of arguments ${n} for the '${cmd}' command. Expecting 'subnet4' list`);
  // Kea's text lacks the space before the quote.
  const subnet = onlyEntry(args, cmd, 'subnet4', 'subnet', `invalid subnet information specified for the'${cmd}' command. Expected a map`);
  if (subnet['reservations'] !== undefined) {
    fail(cmd === 'subnet4-add'
      ? `must not specify host reservations with '${cmd}'. Use 'reservation-add' to add a reservation to a subnet`
      : `must not specify host reservations with '${cmd}'.`);
  }
  return subnet;
}

/** Subnet4ConfigParser's first checks: the prefix, then the id. */
export function parsedPrefix(subnet: JsonMap): string {
  if (subnet['subnet'] === undefined) fail("subnet configuration failed: mandatory 'subnet' parameter is missing for a subnet being configured");
  return subnetText(getSubnetString(subnet));
}

function getSubnetString(subnet: JsonMap): string {
  const v = subnet['subnet'];
  if (typeof v !== 'string') return fail("subnet configuration failed: invalid type specified for parameter 'subnet'");
  return v;
}

// ---- toElement shapes ----

/** CfgOption::toElement of one `option-data` list. */
export function optionsToElement(list: unknown, catalogue: OptionCatalogue): JsonMap[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isMap).map((o) => {
    const space = typeof o['space'] === 'string' ? o['space'] : 'dhcp4';
    const def = typeof o['code'] === 'number' ? catalogue.find(space, o['code']) : catalogue.findByName(space, String(o['name']));
    const out: JsonMap = { ...o, space, 'always-send': o['always-send'] ?? false, 'never-send': o['never-send'] ?? false };
    if (def !== undefined) {
      out['code'] = def.code;
      out['name'] = def.name;
    }
    const data = typeof o['data'] === 'string' ? o['data'] : '';
    const csv = o['csv-format'] ?? true;
    delete out['data'];
    delete out['csv-format'];
    if (csv === true && data !== '') {
      out['csv-format'] = true;
      out['data'] = def?.type === 'empty' ? '' : data;
    } else if (out['never-send'] !== true || data !== '') {
      // Kea prints the binary form: upper-case hex without separators.
      out['csv-format'] = false;
      out['data'] = csv === true ? '' : data.replace(/^0x/i, '').replace(/[\s:]/g, '').toUpperCase();
    }
    return sortKeys(out) as JsonMap;
  });
}

/** What SimpleParser4::deriveParameters copies into a subnet (INHERIT_TO_SUBNET4). */
const INHERIT_TO_SUBNET4 = [
  'rebind-timer', 'relay', 'renew-timer', 'valid-lifetime', 'min-valid-lifetime', 'max-valid-lifetime',
  'calculate-tee-times', 't1-percent', 't2-percent', 'store-extended-info', 'cache-threshold',
  'cache-max-age', 'allocator', 'offer-lifetime',
] as const;

/** The part of GLOBAL4_DEFAULTS (simple_parser4.cc) that deriveParameters passes down. */
const DERIVED_GLOBAL_DEFAULTS: JsonMap = {
  'valid-lifetime': 7200, 'calculate-tee-times': false, 't1-percent': 0.5, 't2-percent': 0.875,
  'store-extended-info': false, 'cache-threshold': 0.25, allocator: 'iterative',
};

/** The inherited parameters a subnet or shared network gets from the global level. */
export function globalScope(source: Readonly<Dhcp4Config>): JsonMap {
  const g: JsonMap = { ...DERIVED_GLOBAL_DEFAULTS };
  for (const k of INHERIT_TO_SUBNET4) if ((source as JsonMap)[k] !== undefined) g[k] = (source as JsonMap)[k];
  return g;
}

function derive(parent: JsonMap, child: JsonMap): JsonMap {
  const out = { ...child };
  for (const k of INHERIT_TO_SUBNET4) if (out[k] === undefined && parent[k] !== undefined) out[k] = copyOf(parent[k]);
  return out;
}

/** parseIntTriplet + Network::toElement: all three lifetimes when any is set. */
function lifetimeTriplet(map: JsonMap): void {
  const v = map['valid-lifetime'] as number | undefined;
  const min = map['min-valid-lifetime'] as number | undefined;
  const max = map['max-valid-lifetime'] as number | undefined;
  if (v === undefined && min === undefined && max === undefined) return;
  const value = v ?? min ?? (max as number);
  map['valid-lifetime'] = value;
  map['min-valid-lifetime'] = min ?? value;
  map['max-valid-lifetime'] = max ?? value;
}

/** Network::toElement's common part: relay, option-data, interface only when not empty. */
function networkToElement(map: JsonMap, catalogue: OptionCatalogue): void {
  map['relay'] = { 'ip-addresses': isMap(map['relay']) && Array.isArray(map['relay']['ip-addresses']) ? map['relay']['ip-addresses'] : [] };
  map['option-data'] = optionsToElement(map['option-data'], catalogue);
  if (map['interface'] === '') delete map['interface'];
  lifetimeTriplet(map);
}

/** Pool4::toElement: the range as `first-last`, or a prefix when it is one. */
export function poolToElement(pool: JsonMap, catalogue: OptionCatalogue): JsonMap {
  const out: JsonMap = { ...pool, 'option-data': optionsToElement(pool['option-data'], catalogue) };
  const r = typeof pool['pool'] === 'string' ? parsePool(pool['pool'], 4) : null;
  if (r !== null) {
    const size = r.last - r.first + 1n;
    const bits = size.toString(2).length - 1;
    const isPrefix = (size & (size - 1n)) === 0n && r.first % size === 0n;
    out['pool'] = isPrefix ? `${formatAddress(4, r.first)}/${32 - bits}` : `${formatAddress(4, r.first)}-${formatAddress(4, r.last)}`;
  }
  return sortKeys(out) as JsonMap;
}

/** Subnet4::toElement of a configured subnet, `parent` being its derived global or network scope. */
export function subnet4ToElement(subnet: JsonMap, parent: JsonMap, catalogue: OptionCatalogue): JsonMap {
  const map = derive(parent, copyOf(subnet));
  // Reservations are host data (reservation-get), not part of Kea's subnet element.
  delete map['reservations'];
  networkToElement(map, catalogue);
  map['subnet'] = subnetText(String(subnet['subnet']));
  for (const k of ['4o6-interface', '4o6-interface-id', '4o6-subnet']) map[k] ??= '';
  map['pools'] = (Array.isArray(map['pools']) ? map['pools'] : []).filter(isMap).map((p) => poolToElement(p, catalogue));
  return sortKeys(map) as JsonMap;
}

/** SharedNetwork4::toElement of a configured shared network. */
export function network4ToElement(network: JsonMap, global: JsonMap, catalogue: OptionCatalogue): JsonMap {
  const map = derive(global, copyOf(network));
  const scope = { ...map };
  networkToElement(map, catalogue);
  map['subnet4'] = (Array.isArray(network['subnet4']) ? network['subnet4'] : []).filter(isMap).map((s) => subnet4ToElement(s, scope, catalogue));
  return sortKeys(map) as JsonMap;
}

/** ClientClassDef::toElement (DHCPv4) of a configured class. */
export function class4ToElement(c: JsonMap, catalogue: OptionCatalogue): JsonMap {
  const map: JsonMap = { ...copyOf(c), 'option-data': optionsToElement(c['option-data'], catalogue) };
  if (map['test'] === '') delete map['test'];
  if (map['only-in-additional-list'] !== true) delete map['only-in-additional-list'];
  map['next-server'] ??= '0.0.0.0';
  map['server-hostname'] ??= '';
  map['boot-file-name'] ??= '';
  const v = map['valid-lifetime'] as number | undefined;
  // Kea prints min/max only when they differ from the default.
  if (v !== undefined) {
    if (map['min-valid-lifetime'] === v) delete map['min-valid-lifetime'];
    if (map['max-valid-lifetime'] === v) delete map['max-valid-lifetime'];
  }
  return sortKeys(map) as JsonMap;
}

// ---- the port and walking the Dhcp4 map ----

/** What the configuration commands need from the running server. */
export interface ConfigCommandsPort {
  /** The configuration serving now. */
  config(): ResolvedConfig4;
  /**
   * Applies an edited Dhcp4 map (validate, resolve, reconfigure: the same path as config-set).
   * Resolves to undefined when applied, or to a refusal/failure response to return as is
   * (in git mode: "the configuration is managed in git at revision R ..."; invalid: the errors).
   * Called only inside `exclusive`, so it must not wait for the queue `exclusive` holds.
   */
  applyEdit(next: Dhcp4Config, what: string): Promise<CommandResponse | undefined>;
  /** Runs fn alone: no other configuration change (command, reload, SIGHUP) starts until it ends. applyEdit may be called inside it. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/** A subnet of the map, where it sits: its list (top-level or a shared network's) and index. */
export interface SubnetRef {
  readonly subnet: JsonMap;
  readonly list: JsonMap[];
  readonly index: number;
  readonly network: JsonMap | undefined;
}

const listOf = (map: JsonMap, key: string): JsonMap[] => (Array.isArray(map[key]) ? (map[key] as JsonMap[]) : []);

/** The shared networks of a Dhcp4 map. */
export const networksOf = (map: JsonMap): JsonMap[] => listOf(map, 'shared-networks');

/** Every subnet of a Dhcp4 map: those of shared networks first, then the top-level list (Kea's parse order). */
export function subnetRefs(map: JsonMap): SubnetRef[] {
  const refs: SubnetRef[] = [];
  for (const network of networksOf(map)) listOf(network, 'subnet4').forEach((subnet, index, list) => refs.push({ subnet, list, index, network }));
  listOf(map, 'subnet4').forEach((subnet, index, list) => refs.push({ subnet, list, index, network: undefined }));
  return refs;
}

/**
 * A mutable copy of the source serving now, to edit. Call it inside `port.exclusive` (see
 * exclusively): a copy taken outside may be applied over a change made meanwhile.
 */
export function editableSource(port: ConfigCommandsPort): JsonMap {
  return copyOf(port.config().source) as JsonMap;
}

/** Applies `next`; answers `success` only when the port applied it, else the port's answer. */
export async function applyThen(port: ConfigCommandsPort, next: JsonMap, what: string, success: CommandResponse): Promise<CommandResponse> {
  return (await port.applyEdit(next as Dhcp4Config, what)) ?? success;
}

/** Appends `item` to the list `key` of `map`, creating the list. */
export function pushTo(map: JsonMap, key: string, item: JsonMap): void {
  if (!Array.isArray(map[key])) map[key] = [];
  (map[key] as JsonMap[]).push(item);
}
