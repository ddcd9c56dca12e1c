/**
 * Kea's configuration-reading and configuration-changing commands for DHCPv4: subnet_cmds
 * (`subnet4-list`, `-get`, `-add`, `-update`, `-del`, and through subnet-delta.ts `-delta-add`,
 * `-delta-del`; `network4-list`, `-get`, `-add`, `-del`, `network4-subnet-add`, `-del`;
 * src/hooks/dhcp/subnet_cmds/subnet_cmds.cc of Kea 3.0),
 * `subnet4-select-test` (src/bin/dhcp4/ctrl_dhcp4_srv.cc), and through host-commands.ts and
 * class-commands.ts the host_cmds (`reservation-*`) and class_cmds (`class-*`) commands, with
 * Kea's argument checks, texts, result codes and response shapes.
 *
 * Reads answer from the `Dhcp4` map the configuration was resolved from (config().source), in
 * Kea's toElement shape (config-elements.ts). Changes never touch the running configuration: they
 * build an edited deep copy of the map and hand it to `port.applyEdit` (validate, resolve,
 * reconfigure — the config-set path), and answer Kea's success text only when it was applied;
 * a refusal (git mode, invalid result) is answered as the port gives it. Kea edits its parsed
 * objects instead, so its checks that a parse would catch (a malformed pool, an option) come
 * back here as the validation errors of the port; the checks Kea makes in the command itself
 * (duplicate id or prefix, unknown id, the network a subnet is in) are made first, with its texts.
 * Each change runs whole inside `port.exclusive` (see exclusively), so concurrent changes (and a
 * config-set or reload) apply one after the other, each over the result of the one before.
 *
 * A request without `arguments` and one with `"arguments": {}` are told apart (the handlers'
 * `present`), as Kea does: the missing map gets "no arguments specified for the 'C' command",
 * the empty one the command's next check (e.g. "invalid number of arguments 0 ...").
 *
 * Deviations from Kea 3.0, and why:
 * - `subnet4-update` replaces the subnet as configured, keeping its `reservations` (Kea keeps
 *   hosts apart from subnets); parameters the subnet inherited stay inherited, where Kea's
 *   reparse would not change them either.
 * - `subnet4-delta-add` / `subnet4-delta-del` merge into the subnet as configured rather than
 *   into its toElement (see subnet-delta.ts for what that changes).
 * - `subnet4-select-test` cannot see the host's interfaces: an `interface` is taken to exist and
 *   to have no IPv4 address (Kea answers an error for an unknown interface and uses the
 *   interface's address when no subnet names it).
 * - Texts end before the `(<string>:1:2)` position Kea appends to parser errors.
 */
import { CommandResult, type CommandRegistry, type CommandResponse } from '../control/commands.js';
import type { Subnet4 } from '../config/index.js';
import { parseIPv4, parseIPv6 } from '../net/index.js';
import { registerClassCommands } from './class-commands.js';
import {
  applyThen, editableSource, exclusively, fail, getInteger, globalScope, isMap, network4ToElement, networksOf,
  oneSubnet, onlyEntry, parsedPrefix, pushTo, registerHandlers, subnet4ToElement, SUBNET_ID_MAX, subnetRefs, subnetText,
  type Args, type ConfigCommandsPort, type JsonMap,
} from './config-elements.js';
import { registerHostCommands } from './host-commands.js';
import { selectSubnet4, type SelectInput4 } from './select4.js';
import { subnetDeltaAdd, subnetDeltaDel } from './subnet-delta.js';

export type { ConfigCommandsPort } from './config-elements.js';

const toTextOf = (s: Subnet4): string => subnetText(s.prefixText);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'} found`;

// ---- subnet4-list, subnet4-get ----

function subnetList(port: ConfigCommandsPort): CommandResponse {
  const subnets = port.config().subnetsInIdOrder.map((s) => ({
    id: s.id, 'shared-network-name': s.sharedNetwork?.name ?? null, subnet: toTextOf(s),
  }));
  const result = subnets.length > 0 ? CommandResult.Success : CommandResult.Empty;
  return { result, text: plural(subnets.length, 'IPv4 subnet'), arguments: { subnets } };
}

/** The subnet4 element of a configured subnet, with what it inherits. */
function subnetElement(port: ConfigCommandsPort, id: number): JsonMap | undefined {
  const cfg = port.config();
  const source = cfg.source as JsonMap;
  const global = globalScope(cfg.source);
  const ref = subnetRefs(source).find((r) => r.subnet['id'] === id);
  if (ref === undefined) return undefined;
  const parent = ref.network === undefined ? global : { ...global, ...pick(ref.network) };
  return subnet4ToElement(ref.subnet, parent, cfg.catalogue);
}

/** The parameters of a shared network a subnet inherits (deriveParameters copies only set ones). */
const pick = (network: JsonMap): JsonMap => Object.fromEntries(Object.entries(network).filter(([k]) => k !== 'subnet4' && k !== 'name'));

function subnetGet(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  const cmd = 'subnet4-get';
  if (!present) fail(`no arguments specified for the '${cmd}' command`);
  const n = Object.keys(args).length;
  if (n !== 1) fail(`invalid number of arguments ${n} for the '${cmd}' command. Expecting 'id' or 'subnet'`);
  const cfg = port.config();
  let subnet: Subnet4 | undefined;
  let missing: string;
  if (args['subnet'] !== undefined) {
    const prefix = args['subnet'];
    if (typeof prefix !== 'string') return fail("'subnet' parameter must be a string");
    // CfgSubnets4::getByPrefix compares Subnet::toText() with the text as given.
    subnet = cfg.subnetsInIdOrder.find((s) => toTextOf(s) === prefix);
    missing = `No ${prefix} subnet found`;
  } else if (args['id'] !== undefined) {
    const id = args['id'];
    if (typeof id !== 'number' || !Number.isInteger(id)) return fail("'id' parameter must be an integer");
    subnet = cfg.subnetById.get(id);
    missing = `No subnet with id ${id} found`;
  } else {
    return fail("'id' or 'subnet' parameter required");
  }
  if (subnet === undefined) return { result: CommandResult.Empty, text: missing };
  return {
    result: CommandResult.Success,
    text: `Info about IPv4 subnet ${toTextOf(subnet)} (id ${subnet.id}) returned`,
    arguments: { subnet4: [subnetElement(port, subnet.id)] },
  };
}

// ---- subnet4-add, subnet4-update, subnet4-del ----

async function subnetAdd(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const cmd = 'subnet4-add';
  const subnet = oneSubnet(args, present, cmd);
  const prefix = parsedPrefix(subnet);
  if (subnet['id'] === undefined) fail("subnet configuration failed: missing parameter 'id'");
  const id = getInteger(subnet, 'id', 1, SUBNET_ID_MAX);
  const next = editableSource(port);
  const refs = subnetRefs(next);
  if (refs.some((r) => r.subnet['id'] === id)) fail(`ID of the new IPv4 subnet '${id}' is already in use`);
  if (refs.some((r) => subnetText(String(r.subnet['subnet'])) === prefix)) fail(`subnet with the prefix of '${prefix}' already exists`);
  pushTo(next, 'subnet4', structuredClone(subnet));
  return applyThen(port, next, `${cmd} ${prefix}`, {
    result: CommandResult.Success, text: 'IPv4 subnet added', arguments: { subnets: [{ id, subnet: prefix }] },
  });
}

async function subnetUpdate(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const cmd = 'subnet4-update';
  const subnet = oneSubnet(args, present, cmd);
  if (subnet['id'] === undefined) fail(`must specify subnet id with '${cmd}' command.`);
  const id = getInteger(subnet, 'id', 1, SUBNET_ID_MAX);
  const next = editableSource(port);
  const refs = subnetRefs(next);
  const old = refs.find((r) => r.subnet['id'] === id);
  if (old === undefined) return fail(`Can't find subnet '${id}' to update`);
  const prefix = parsedPrefix(subnet);
  // CfgSubnets4::replace fails on the prefix index when another subnet has the prefix.
  if (refs.some((r) => r !== old && subnetText(String(r.subnet['subnet'])) === prefix)) fail(`Unable to update subnet '${id}' in the configuration`);
  const replacement = structuredClone(subnet);
  if (old.subnet['reservations'] !== undefined) replacement['reservations'] = old.subnet['reservations'];
  old.list[old.index] = replacement;
  return applyThen(port, next, `${cmd} ${prefix}`, {
    result: CommandResult.Success, text: 'IPv4 subnet updated', arguments: { subnets: [{ id, subnet: prefix }] },
  });
}

async function subnetDel(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const cmd = 'subnet4-del';
  if (!present) fail(`no arguments specified for the '${cmd}' command`);
  // Kea's text lacks the closing quote after the command name.
  if (Object.keys(args).length !== 1) fail(`invalid number of arguments specified for the '${cmd} command. Expected subnet identifier`);
  const idArg = args['id'];
  if (idArg === undefined) fail(`subnet identifier is required for the '${cmd}' command`);
  if (typeof idArg !== 'number' || !Number.isInteger(idArg)) fail(`subnet identifier specified for the '${cmd}' is not a number`);
  const id = (idArg as number) >>> 0;
  const next = editableSource(port);
  const ref = subnetRefs(next).find((r) => r.subnet['id'] === id);
  if (ref === undefined) return { result: CommandResult.Empty, text: `no subnet with id ${id} found` };
  const prefix = subnetText(String(ref.subnet['subnet']));
  // The subnet's reservations go with it (Kea's cfg_hosts->delAll4).
  ref.list.splice(ref.index, 1);
  return applyThen(port, next, `${cmd} ${prefix}`, {
    result: CommandResult.Success, text: `IPv4 subnet ${prefix} (id ${id}) deleted`, arguments: { subnets: [{ id, subnet: prefix }] },
  });
}

// ---- network4-list, network4-get, network4-add, network4-del ----

function networkList(port: ConfigCommandsPort): CommandResponse {
  const names = port.config().sharedNetworks.map((n) => ({ name: n.name }));
  const result = names.length > 0 ? CommandResult.Success : CommandResult.Empty;
  return { result, text: plural(names.length, 'IPv4 network'), arguments: { 'shared-networks': names } };
}

function networkGet(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  const cmd = 'network4-get';
  if (!present) fail(`no arguments specified for the '${cmd}' command`);
  const name = args['name'];
  if (name === undefined) fail(`invalid '${cmd}': missing mandatory 'name' parameter`);
  if (typeof name !== 'string') fail("'name' parameter must be a string");
  const cfg = port.config();
  const network = networksOf(cfg.source as JsonMap).find((n) => n['name'] === name);
  if (network === undefined) return { result: CommandResult.Empty, text: `No '${name as string}' shared network found` };
  return {
    result: CommandResult.Success,
    text: `Info about IPv4 shared network '${name as string}' returned`,
    arguments: { 'shared-networks': [network4ToElement(network, globalScope(cfg.source), cfg.catalogue)] },
  };
}

async function networkAdd(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const cmd = 'network4-add';
  if (!present) fail(`no arguments specified for the '${cmd}' command`);
  const network = onlyEntry(args, cmd, 'shared-networks', 'network', `invalid network information specified for the'${cmd}' command. Expected a map`);
  const name = typeof network['name'] === 'string' ? network['name'] : '';
  const next = editableSource(port);
  if (networksOf(next).some((n) => n['name'] === name)) fail(`duplicate network '${name}' found in the configuration`);
  const refs = subnetRefs(next);
  for (const s of Array.isArray(network['subnet4']) ? network['subnet4'].filter(isMap) : []) {
    if (refs.some((r) => r.subnet['id'] === s['id'])) fail(`ID of the new IPv4 subnet '${String(s['id'])}' is already in use`);
    const prefix = subnetText(String(s['subnet']));
    if (refs.some((r) => subnetText(String(r.subnet['subnet'])) === prefix)) fail(`subnet with the prefix of '${prefix}' already exists`);
  }
  pushTo(next, 'shared-networks', structuredClone(network));
  return applyThen(port, next, `${cmd} ${name}`, {
    result: CommandResult.Success, text: `A new IPv4 shared network '${name}' added`, arguments: { 'shared-networks': [{ name }] },
  });
}

async function networkDel(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const cmd = 'network4-del';
  if (!present) fail(`no arguments specified for the '${cmd}' command`);
  const name = args['name'];
  if (name === undefined) fail(`network name ('name') is required for the '${cmd}' command`);
  if (typeof name !== 'string') fail(`network name ('name') specified for the '${cmd}' is not a string`);
  const action = args['subnets-action'];
  if (action !== undefined && typeof action !== 'string') {
    fail(`subnets-action parameter for ${cmd} command must be a string. Supported values are: 'keep' and 'delete'.`);
  }
  if (action !== undefined && action !== 'keep' && action !== 'delete') {
    fail(`Invalid value for subnets-action parameter: ${action as string}, Supported values: 'keep' and 'delete'.`);
  }
  const next = editableSource(port);
  const networks = networksOf(next);
  const index = networks.findIndex((n) => n['name'] === name);
  if (index < 0) return { result: CommandResult.Empty, text: `no shared network with name '${name as string}' found` };
  const [removed] = networks.splice(index, 1);
  // 'keep' (the default) leaves the subnets configured, outside any shared network.
  if (action !== 'delete') for (const s of Array.isArray(removed?.['subnet4']) ? (removed['subnet4'] as JsonMap[]) : []) pushTo(next, 'subnet4', s);
  return applyThen(port, next, `${cmd} ${name as string}`, {
    result: CommandResult.Success, text: `IPv4 shared network '${name as string}' deleted`, arguments: { 'shared-networks': [{ name }] },
  });
}

// ---- network4-subnet-add, network4-subnet-del ----

function nameAndId(args: Args, present: boolean, cmd: string): { name: string; id: number } {
  if (!present) fail(`no arguments specified for the '${cmd}' command`);
  const name = args['name'];
  if (name === undefined) fail(`missing 'name' argument for the '${cmd}' command`);
  if (typeof name !== 'string') fail(`'name' argument specified for the '${cmd}' command is not a string`);
  const id = args['id'];
  if (id === undefined) fail(`missing 'id' argument for the '${cmd}' command`);
  // Kea's text names 'name' here.
  if (typeof id !== 'number' || !Number.isInteger(id)) fail(`'name' argument specified for the '${cmd}' command is not an integer`);
  return { name: name as string, id: (id as number) >>> 0 };
}

async function networkSubnetAdd(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const cmd = 'network4-subnet-add';
  const { name, id } = nameAndId(args, present, cmd);
  const next = editableSource(port);
  const network = networksOf(next).find((n) => n['name'] === name);
  if (network === undefined) return { result: CommandResult.Empty, text: `no IPv4 shared network with name '${name}' found` };
  const ref = subnetRefs(next).find((r) => r.subnet['id'] === id);
  if (ref === undefined) return { result: CommandResult.Empty, text: `no IPv4 subnet with id '${id}' found` };
  if (ref.network === network) fail(`attempted to add subnet with a duplicated subnet identifier ${id}`);
  if (ref.network !== undefined) fail(`subnet ${id} being added to a shared network already belongs to a shared network`);
  const prefix = subnetText(String(ref.subnet['subnet']));
  ref.list.splice(ref.index, 1);
  pushTo(network, 'subnet4', ref.subnet);
  return applyThen(port, next, `${cmd} ${name} ${id}`, {
    result: CommandResult.Success, text: `IPv4 subnet ${prefix} (id ${id}) is now part of shared network '${name}'`,
  });
}

async function networkSubnetDel(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const cmd = 'network4-subnet-del';
  const { name, id } = nameAndId(args, present, cmd);
  const next = editableSource(port);
  const network = networksOf(next).find((n) => n['name'] === name);
  if (network === undefined) return { result: CommandResult.Empty, text: `no IPv4 shared network with name '${name}' found` };
  const ref = subnetRefs(next).find((r) => r.subnet['id'] === id && r.network === network);
  if (ref === undefined) {
    return { result: CommandResult.Empty, text: `The IPv4 subnet with id ${id} is not part of the shared network with name '${name}' found` };
  }
  const prefix = subnetText(String(ref.subnet['subnet']));
  // The subnet stays configured, outside any shared network (Kea keeps it in CfgSubnets4).
  ref.list.splice(ref.index, 1);
  pushTo(next, 'subnet4', ref.subnet);
  return applyThen(port, next, `${cmd} ${name} ${id}`, {
    result: CommandResult.Success, text: `IPv4 subnet ${prefix} (id ${id}) is now removed from shared network '${name}'`,
  });
}

// ---- subnet4-select-test (ControlledDhcpv4Srv::commandSubnet4SelectTestHandler) ----

/** An IPv4 address entry of the select-test arguments, with Kea's texts. */
function selectAddress(value: unknown, key: string): number {
  if (typeof value !== 'string') fail(`'${key}' entry must be a string`);
  const v4 = parseIPv4(value as string);
  if (v4 !== null) return v4;
  if (parseIPv6(value as string) !== null) fail(`bad '${key}' entry: not IPv4`);
  return fail(`bad '${key}' entry: Failed to convert string to address '${value as string}': Invalid argument`);
}

function selectTest(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  if (!present) return { result: CommandResult.Error, text: 'empty arguments' };
  const cfg = port.config();
  const ignoreLink = cfg.ignoreRaiLinkSelection;
  let input: SelectInput4 = {
    giaddr: 0, ciaddr: 0, srcAddress: 0, dstAddress: 0, iface: '', ifaceAddress: 0,
    linkSelection: undefined, subnetSelection: undefined, classes: new Set<string>(),
  };
  // Kea walks the arguments in key order (std::map), so the first bad key in that order is reported.
  for (const key of Object.keys(args).sort()) {
    const value = args[key];
    switch (key) {
      case 'interface':
        if (typeof value !== 'string') fail("'interface' entry must be a string");
        input = { ...input, iface: value as string };
        break;
      case 'address': input = { ...input, ciaddr: selectAddress(value, key) }; break;
      case 'relay': input = { ...input, giaddr: selectAddress(value, key) }; break;
      case 'local': input = { ...input, dstAddress: selectAddress(value, key) }; break;
      case 'remote': input = { ...input, srcAddress: selectAddress(value, key) }; break;
      case 'link': {
        const a = selectAddress(value, key);
        if (!ignoreLink) input = { ...input, linkSelection: a };
        break;
      }
      case 'subnet':
        // RAI link-selection has precedence over subnet-selection.
        if ('link' in args && !ignoreLink) break;
        input = { ...input, subnetSelection: selectAddress(value, key) };
        break;
      case 'classes': {
        if (!Array.isArray(value)) fail("'classes' entry must be a list");
        const list = value as unknown[];
        if (!list.every((c) => typeof c === 'string')) fail("'classes' entry must be a list of strings");
        input = { ...input, classes: new Set((list as string[]).filter((c) => c !== '')) };
        break;
      }
      default: fail(`unknown entry '${key}'`);
    }
  }
  // Kea's option_select_ of 0.0.0.0 means none.
  if (input.linkSelection === 0) input = { ...input, linkSelection: undefined };
  if (input.subnetSelection === 0) input = { ...input, subnetSelection: undefined };
  const subnet = selectSubnet4(cfg, input);
  if (subnet === undefined) return { result: CommandResult.Empty, text: 'no subnet selected' };
  const network = subnet.sharedNetwork;
  return {
    result: CommandResult.Success,
    text: network !== undefined
      ? `selected shared network '${network.name}' starting with subnet '${toTextOf(subnet)}' id ${subnet.id}`
      : `selected subnet '${toTextOf(subnet)}' id ${subnet.id}`,
  };
}

/**
 * Adds Kea's DHCPv4 subnet (with the delta commands), shared-network, reservation and class commands and
 * `subnet4-select-test` over `port` to `registry` (as `source`).
 * @throws Error when one of the names is already registered
 * @example
 * registerConfigCommands(server.commands, { config: () => server.config, applyEdit, exclusive }, 'server');
 * await server.commands.dispatch({ command: 'subnet4-get', arguments: { id: 1 } });
 */
export function registerConfigCommands(registry: CommandRegistry, port: ConfigCommandsPort, source: string): void {
  registerHandlers(registry, port, source, {
    'subnet4-list': subnetList,
    'subnet4-get': subnetGet,
    'subnet4-add': exclusively(subnetAdd),
    'subnet4-update': exclusively(subnetUpdate),
    'subnet4-del': exclusively(subnetDel),
    'subnet4-delta-add': exclusively(subnetDeltaAdd),
    'subnet4-delta-del': exclusively(subnetDeltaDel),
    'network4-list': networkList,
    'network4-get': networkGet,
    'network4-add': exclusively(networkAdd),
    'network4-del': exclusively(networkDel),
    'network4-subnet-add': exclusively(networkSubnetAdd),
    'network4-subnet-del': exclusively(networkSubnetDel),
    'subnet4-select-test': selectTest,
  });
  registerHostCommands(registry, port, source);
  registerClassCommands(registry, port, source);
}

