/**
 * Kea's host reservation commands for DHCPv4 (libdhcp_host_cmds.so, src/hooks/dhcp/host_cmds/
 * host_cmds.cc of Kea 3.0, with CfgHosts' checks from src/lib/dhcpsrv/cfg_hosts.cc):
 * `reservation-get`, `-get-all`, `-get-page`, `-get-by-hostname`, `-get-by-id`,
 * `-get-by-address`, `-add`, `-update` and `-del`.
 *
 * Our hosts live in the configuration: the `reservations` of the subnets and the global list
 * (subnet-id 0), Kea's "memory" host source (CfgHosts). There is no hosts database. So:
 * - Reads with `operation-target` `database` find nothing, as Kea's do without a database.
 * - Kea's writes default to the database (ALTERNATE_SOURCES) and, without one, answer "Host
 *   database not available, cannot add host."; ours default to `memory`, as if the request said
 *   `"operation-target": "memory"` (which Kea answers by editing CfgHosts). `all` is `memory`
 *   too (Kea does not fail when a source of `all` is missing); `database` gets Kea's
 *   no-database answer. The edit goes through the port like every configuration change.
 * - The hosts are indexed once per configuration snapshot (hostIndexOf, cached by the snapshot's
 *   source map), so a read costs the hosts it answers, not a decode of every host.
 * - Host ids (the `from` cursor of reservation-get-page) are the hosts' positions in Kea's parse
 *   order: the subnets of shared networks, then the top-level subnets, then the global list.
 *   They are stable while a configuration serves; an edit makes a new one, which renumbers the
 *   hosts after the edited one, where Kea gives a new host the next id.
 *   LIMITATION: a page walk across an edit may skip or repeat hosts.
 * - reservation-add/-update make CfgHosts' duplicate checks with its texts; other checks on the
 *   reservation (options, classes) are the port's validation, not Kea's host parser. Writes run
 *   inside `port.exclusive` (see config-elements.ts exclusively).
 * - A request without `arguments` gets Kea's refusal of the missing map; `"arguments": {}` goes
 *   on to the command's checks (e.g. "missing parameter 'subnet-id'"), as in Kea.
 */
import { CommandResult, type CommandRegistry, type CommandResponse } from '../control/commands.js';
import {
  decodeFormattedHex, decodeIdentifier, decodeQuotedText, formatColonHex, formatIPv4, HEX_OCTETS, IdentifierMaxLength,
  IdentifierTypes, parseIPv4, parseIPv6, type IdentifierType,
} from '../net/index.js';
import type { OptionCatalogue } from '../codec/index.js';
import type { ResolvedConfig4 } from '../config/index.js';
import {
  applyThen, copyOf, editableSource, exclusively, fail, getInteger, getString, isMap, optionsToElement, registerHandlers,
  sortKeys, SUBNET_ID_MAX, subnetRefs, subnetText, type Args, type ConfigCommandsPort, type Handler, type JsonMap,
} from './config-elements.js';

/** One configured host, as CfgHosts holds it. */
interface Host4 {
  readonly hostId: number;
  readonly subnetId: number;
  /** The entry as configured (in the snapshot's source map: never edited). */
  readonly raw: JsonMap;
  /** Its index in the `reservations` list of subnet `subnetId` (0: the global list). */
  readonly position: number;
  readonly type: IdentifierType;
  readonly ident: Uint8Array;
  /** The identifier type and colon hex: what CfgHosts compares. */
  readonly key: string;
  /** The reserved address, 0 when none. */
  readonly address: number;
}

/** The hosts of one configuration snapshot. */
interface HostIndex {
  /** Every host in id order: `all[i].hostId === i + 1`. */
  readonly all: readonly Host4[];
  /** The hosts of each subnet (0: the global list), in id order. */
  readonly bySubnet: ReadonlyMap<number, readonly Host4[]>;
  /** The hosts with each identifier (identKey), in id order. */
  readonly byIdent: ReadonlyMap<string, readonly Host4[]>;
}

const identKey = (type: IdentifierType, ident: Uint8Array): string => `${type}=${formatColonHex(ident)}`;

function buildHostIndex(map: JsonMap): HostIndex {
  const all: Host4[] = [];
  const bySubnet = new Map<number, Host4[]>();
  const byIdent = new Map<string, Host4[]>();
  const add = (list: unknown, subnetId: number): void => {
    if (!Array.isArray(list)) return;
    list.forEach((raw: unknown, position) => {
      if (!isMap(raw)) return;
      const type = IdentifierTypes.find((t) => typeof raw[t] === 'string');
      const ident = type === undefined ? undefined : decodeIdentifier(type, raw[type] as string);
      // The configuration was validated: every host has one decodable identifier.
      if (type === undefined || ident === undefined || typeof ident === 'string') return;
      const address = typeof raw['ip-address'] === 'string' ? (parseIPv4(raw['ip-address']) ?? 0) : 0;
      const key = identKey(type, ident);
      const host: Host4 = { hostId: all.length + 1, subnetId, raw, position, type, ident, key, address };
      all.push(host);
      pushAt(bySubnet, subnetId, host);
      pushAt(byIdent, key, host);
    });
  };
  for (const ref of subnetRefs(map)) add(ref.subnet['reservations'], Number(ref.subnet['id']));
  add(map['reservations'], 0);
  return { all, bySubnet, byIdent };
}

function pushAt<K>(map: Map<K, Host4[]>, key: K, host: Host4): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [host]);
  else list.push(host);
}

/**
 * The host index of each configuration snapshot, keyed by its source map (which the commands
 * never edit: they edit a copy and apply it as a new snapshot). Weak, so a replaced snapshot
 * takes its index with it.
 */
const hostIndexes = new WeakMap<object, HostIndex>();

/** The hosts of `cfg`, indexed on first use and kept as long as `cfg` is. */
function hostIndexOf(cfg: ResolvedConfig4): HostIndex {
  let index = hostIndexes.get(cfg.source);
  if (index === undefined) {
    index = buildHostIndex(cfg.source as JsonMap);
    hostIndexes.set(cfg.source, index);
  }
  return index;
}

const subnetHosts = (index: HostIndex, subnetId: number): readonly Host4[] => index.bySubnet.get(subnetId) ?? [];

/** The first `limit` hosts of `hosts` (in id order) with an id above `from`: a binary search for the first. */
function pageOf(hosts: readonly Host4[], from: number, limit: number): Host4[] {
  let lo = 0;
  let hi = hosts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hosts[mid] as Host4).hostId > from) hi = mid;
    else lo = mid + 1;
  }
  return hosts.slice(lo, lo + limit);
}

/** util::encode::encodeHex: upper-case digits, no separators. */
const encodeHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => HEX_OCTETS[b] as string).join('').toUpperCase();

/** Host::toElement4 plus the `subnet-id` host_cmds adds. */
function host4ToElement(h: Host4, catalogue: OptionCatalogue): JsonMap {
  const r = h.raw;
  const map: JsonMap = {
    hostname: r['hostname'] ?? '',
    'next-server': r['next-server'] ?? '0.0.0.0',
    'server-hostname': r['server-hostname'] ?? '',
    'boot-file-name': r['boot-file-name'] ?? '',
    'client-classes': r['client-classes'] ?? [],
    'option-data': optionsToElement(r['option-data'], catalogue),
    'subnet-id': h.subnetId,
  };
  // HWAddr::toText(false) and DUID::toText are colon hex; the other identifiers plain hex.
  map[h.type] = h.type === 'hw-address' || h.type === 'duid' ? formatColonHex(h.ident) : encodeHex(h.ident);
  if (h.address !== 0) map['ip-address'] = formatIPv4(h.address);
  for (const k of ['user-context', 'comment']) if (r[k] !== undefined) map[k] = copyOf(r[k]);
  return sortKeys(map) as JsonMap;
}

function hostsAnswer(hosts: readonly Host4[], catalogue: OptionCatalogue, extra: JsonMap = {}): CommandResponse {
  return {
    result: hosts.length > 0 ? CommandResult.Success : CommandResult.Empty,
    text: `${hosts.length} IPv4 host(s) found.`,
    arguments: { hosts: hosts.map((h) => host4ToElement(h, catalogue)), ...extra },
  };
}

// ---- parameters (HostCmdsImpl::get*Parameters) ----

type Target = 'memory' | 'database' | 'all' | 'default';

/** getOperationTarget; undefined when absent. */
function operationTarget(args: Args): Target | undefined {
  if (args['operation-target'] === undefined) return undefined;
  const raw = getString(args, 'operation-target');
  if (raw === 'memory' || raw === 'database' || raw === 'all' || raw === 'default') return raw;
  return fail(`The 'operation-target' value (${raw}) is not within expected set: (memory, database, all, default)`);
}

/** Reads search the configuration unless they asked for the database only (which we have not). */
const readsConfig = (t: Target | undefined): boolean => t !== 'database';

function queryIdentifier(args: Args, missingTypeText: string, missingIdentText: string): { type: IdentifierType; ident: Uint8Array } {
  const type = args['identifier-type'];
  const ident = args['identifier'];
  if (typeof type !== 'string') fail(missingTypeText);
  if (typeof ident !== 'string') fail(missingIdentText);
  const bytes = decodeQuotedText(ident as string) ?? decodeFormattedHex(ident as string);
  if (bytes === null) fail("Unable to parse 'identifier' value.");
  if ((bytes as Uint8Array).length === 0) fail("Unable to query for empty 'identifier'.");
  if (!(IdentifierTypes as readonly string[]).includes(type as string)) fail("Value of 'identifier-type' was not recognized.");
  return { type: type as IdentifierType, ident: bytes as Uint8Array };
}

/** IOAddress's constructor: an IPv4 number, 'v6', or Kea's IOError. */
function ioAddress(text: string): number | 'v6' {
  const v4 = parseIPv4(text);
  if (v4 !== null) return v4;
  if (parseIPv6(text) !== null) return 'v6';
  return fail(`Failed to convert string to address '${text}': Invalid argument`);
}

type Query =
  | { readonly kind: 'address'; readonly subnetId: number; readonly address: number | 'v6'; readonly target: Target | undefined }
  | { readonly kind: 'id'; readonly subnetId: number; readonly type: IdentifierType; readonly ident: Uint8Array; readonly target: Target | undefined };

/** getParameters: reservation-get and reservation-del. */
function getParameters(args: Args, present: boolean): Query {
  if (!present) fail('Parameters missing or are not a map.');
  const addr = args['ip-address'];
  const hasSubnet = 'subnet-id' in args || (addr === undefined && args['identifier-type'] === undefined && args['identifier'] === undefined);
  const subnetId = hasSubnet ? getInteger(args, 'subnet-id', 0, SUBNET_ID_MAX) : 0;
  const target = operationTarget(args);
  if (addr !== undefined) {
    if (typeof addr !== 'string') fail("'ip-address' is not a string.");
    const address = ioAddress(addr as string);
    if (!hasSubnet) {
      fail(`missing parameter 'subnet-id', use 'reservation-get-by-address' with 'ip-address' set to "${addr as string}" to get the list of reservations with this address`);
    }
    return { kind: 'address', subnetId, address, target };
  }
  const { type, ident } = queryIdentifier(args,
    "No 'ip-address' provided and 'identifier-type' is either missing or not a string.",
    "No 'ip-address' provided and 'identifier' is either missing or not a string.");
  if (!hasSubnet) {
    fail(`missing parameter 'subnet-id', use 'reservation-get-by-id' with 'identifier-type' set to "${type}" and 'identifier' to "${args['identifier'] as string}" to get the list of reservations with this identifier`);
  }
  return { kind: 'id', subnetId, type, ident, target };
}

/** The hosts `q` names, in id order. */
function matching(index: HostIndex, q: Query): Host4[] {
  if (q.kind === 'address') return subnetHosts(index, q.subnetId).filter((h) => h.address !== 0 && h.address === q.address);
  return (index.byIdent.get(identKey(q.type, q.ident)) ?? []).filter((h) => h.subnetId === q.subnetId);
}

/** validateHostForSubnet4. */
function validateSubnet(port: ConfigCommandsPort, subnetId: number, address: number): void {
  if (subnetId === 0) return;
  const subnet = port.config().subnetById.get(subnetId);
  if (subnet === undefined) fail(`IPv4 subnet with ID of '${subnetId}' is not configured`);
  if (address !== 0 && subnet !== undefined && (address < subnet.first || address > subnet.last)) {
    fail(`specified reservation '${formatIPv4(address)}' is not matching the IPv4 subnet prefix '${subnetText(subnet.prefixText)}'`);
  }
}

function optionalSubnet(args: Args): number | undefined {
  return 'subnet-id' in args ? getInteger(args, 'subnet-id', 0, SUBNET_ID_MAX) : undefined;
}

// ---- reads ----

function reservationGet(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  const q = getParameters(args, present);
  const cfg = port.config();
  const host = readsConfig(q.target) ? matching(hostIndexOf(cfg), q)[0] : undefined;
  if (host === undefined) return { result: CommandResult.Empty, text: 'Host not found.' };
  return { result: CommandResult.Success, text: 'Host found.', arguments: host4ToElement(host, cfg.catalogue) };
}

function reservationGetAll(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  if (!present) fail('Parameters missing or are not a map.');
  const subnetId = getInteger(args, 'subnet-id', 0, SUBNET_ID_MAX);
  const target = operationTarget(args);
  validateSubnet(port, subnetId, 0);
  const cfg = port.config();
  const hosts = readsConfig(target) ? subnetHosts(hostIndexOf(cfg), subnetId) : [];
  return hostsAnswer(hosts, cfg.catalogue);
}

function reservationGetPage(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  if (!present) fail('Parameters missing or are not a map.');
  const limit = getInteger(args, 'limit', 0, 0xffffffff);
  const subnetId = optionalSubnet(args);
  let sourceIndex = args['source-index'] !== undefined ? getInteger(args, 'source-index', 0, 10) : 0;
  const from = args['from'] !== undefined ? getInteger(args, 'from') : 0;
  if (limit === 0) fail('page size of retrieved hosts must not be 0');
  if (subnetId !== undefined) validateSubnet(port, subnetId, 0);
  const cfg = port.config();
  let page: Host4[] = [];
  // Source 0 is the configuration; there is no other (HostMgr::getPage4 then moves past it).
  if (sourceIndex === 0) {
    const index = hostIndexOf(cfg);
    // The cursor is an unsigned 64-bit host id in Kea: a negative one is past every host.
    page = from < 0 ? [] : pageOf(subnetId === undefined ? index.all : subnetHosts(index, subnetId), from, limit);
    if (page.length === 0) sourceIndex++;
  }
  const last = page[page.length - 1];
  const extra: JsonMap = { count: page.length };
  if (last !== undefined) extra['next'] = { from: last.hostId, 'source-index': sourceIndex };
  return hostsAnswer(page, cfg.catalogue, extra);
}

function reservationGetByHostname(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  if (!present) fail('Parameters missing or are not a map.');
  const hostname = getString(args, 'hostname');
  const subnetId = optionalSubnet(args);
  const target = operationTarget(args);
  if (hostname === '') fail('Empty hostname');
  if (subnetId !== undefined) validateSubnet(port, subnetId, 0);
  const wanted = hostname.toLowerCase();
  const cfg = port.config();
  const index = hostIndexOf(cfg);
  const hosts = readsConfig(target) ? (subnetId === undefined ? index.all : subnetHosts(index, subnetId))
    .filter((h) => String(h.raw['hostname'] ?? '').toLowerCase() === wanted) : [];
  return hostsAnswer(hosts, cfg.catalogue);
}

function reservationGetById(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  if (!present) fail('Parameters missing or are not a map.');
  const typeArg = args['identifier-type'];
  const identArg = args['identifier'];
  if (typeof typeArg !== 'string') fail("'identifier-type' is either missing or not a string.");
  if (typeof identArg !== 'string') fail("'identifier' is either missing or not a string.");
  if ('subnet-id' in args) fail("'subnet-id' is forbidden in reservation-get-by-id");
  const { type, ident } = queryIdentifier(args, '', '');
  const target = operationTarget(args);
  const cfg = port.config();
  const hosts = readsConfig(target) ? (hostIndexOf(cfg).byIdent.get(identKey(type, ident)) ?? []) : [];
  return hostsAnswer(hosts, cfg.catalogue);
}

function reservationGetByAddress(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  if (!present) fail('Parameters missing or are not a map.');
  const text = getString(args, 'ip-address');
  let address: number | 'v6';
  try {
    address = ioAddress(text);
  } catch (err) {
    return fail(`Failed to convert '${text}' to address: ${(err as Error).message}`);
  }
  const subnetId = optionalSubnet(args);
  const target = operationTarget(args);
  if (subnetId !== undefined) validateSubnet(port, subnetId, 0);
  const cfg = port.config();
  const hosts = readsConfig(target) && address !== 'v6'
    ? (subnetId === undefined ? hostIndexOf(cfg).all : subnetHosts(hostIndexOf(cfg), subnetId)).filter((h) => h.address === address)
    : [];
  return hostsAnswer(hosts, cfg.catalogue);
}

// ---- writes ----

/** The parameters HostReservationParser4 accepts (getSupportedParams4). */
const SUPPORTED4 = new Set<string>([...IdentifierTypes, 'ip-address', 'hostname', 'next-server', 'server-hostname', 'boot-file-name', 'option-data', 'client-classes', 'user-context', 'comment']);

interface NewHost {
  /** The entry to store: the reservation without `subnet-id`. */
  readonly entry: JsonMap;
  /** undefined when the reservation has no `subnet-id` (SUBNET_ID_UNUSED). */
  readonly subnetId: number | undefined;
  readonly type: IdentifierType;
  readonly ident: Uint8Array;
  readonly address: number;
}

/** HostDataParser4::parseWithSubnet and HostReservationParser's own checks. */
function parseReservation(reservation: JsonMap, isSubnetRequired: boolean): NewHost {
  let subnetId: number | undefined;
  const entry: JsonMap = {};
  for (const [k, v] of Object.entries(reservation)) {
    if (k !== 'subnet-id') {
      entry[k] = copyOf(v);
      continue;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) fail("'subnet-id' parameter is not integer.");
    if ((v as number) < 0 || (v as number) > SUBNET_ID_MAX) fail(`subnet-id: ${v as number} is invalid, must be between 0 and ${SUBNET_ID_MAX} (inclusive).`);
    subnetId = v as number;
  }
  if (isSubnetRequired && subnetId === undefined) {
    fail("Mandatory 'subnet-id' parameter missing. Use `reservation-get-by-id' or 'reservation-get-by-address' to get the list of reservations with given identifier or address.");
  }
  let type: IdentifierType | undefined;
  for (const k of Object.keys(entry).sort()) {
    if (!SUPPORTED4.has(k)) fail(`unsupported configuration parameter '${k}'`);
    if (!(IdentifierTypes as readonly string[]).includes(k)) continue;
    if (type !== undefined) fail(`the '${k}' and '${type}' are mutually exclusive`);
    type = k as IdentifierType;
  }
  if (type === undefined) {
    return fail('one of the supported identifiers must be specified for host reservation: circuit-id, client-id, duid, flex-id, hw-address');
  }
  const text = entry[type];
  if (typeof text !== 'string') return fail(`invalid type specified for parameter '${type}'`);
  const ident = decodeIdentifier(type, text);
  if (typeof ident === 'string') {
    const bytes = decodeQuotedText(text) ?? decodeFormattedHex(text);
    if (bytes !== null && bytes.length > IdentifierMaxLength[type]) fail(`too long client identifier type ${type} length ${bytes.length}`);
    return fail(`invalid host identifier value '${text}'`);
  }
  let address = 0;
  const ip = entry['ip-address'];
  if (ip !== undefined) {
    if (typeof ip !== 'string') fail("invalid type specified for parameter 'ip-address'");
    const a = ioAddress(ip as string);
    if (a === 'v6') fail(`address '${ip as string}' is not a valid IPv4 address`);
    address = a as number;
  }
  return { entry, subnetId, type, ident, address };
}

/** checkHost4: without a subnet-id, a host with an address is refused with a hint; one without is global. */
function checkHost4(port: ConfigCommandsPort, h: NewHost): void {
  if (h.subnetId !== undefined || h.address === 0) return;
  const inRange = port.config().subnetsInIdOrder.filter((s) => h.address >= s.first && h.address <= s.last);
  const open = inRange.filter((s) => s.clientClasses.length === 0);
  const guardedSubnets = inRange.filter((s) => s.clientClasses.length > 0);
  const head = `Mandatory 'subnet-id' parameter missing. The address '${formatIPv4(h.address)}'`;
  if (inRange.length === 0) fail(`${head} belongs to no configured subnet.`);
  const tail = inRange.length > 1 ? ' and others.' : '.';
  const [candidate] = open;
  if (candidate !== undefined) fail(`${head} belongs to subnet '${subnetText(candidate.prefixText)}' id ${candidate.id}${tail}`);
  const [first] = guardedSubnets;
  if (first !== undefined) fail(`${head} belongs to guarded subnet '${subnetText(first.prefixText)}' id ${first.id}${tail}`);
}

/** CfgHosts::add4's duplicate checks against `inSubnet`, the hosts of subnet `subnetId`. */
function checkDuplicates(port: ConfigCommandsPort, inSubnet: readonly Host4[], h: NewHost, subnetId: number): void {
  const hex = formatColonHex(h.ident);
  const key = identKey(h.type, h.ident);
  const isKnown = inSubnet.some((x) => x.key === key);
  if (h.type === 'hw-address' && isKnown) {
    fail(`failed to add new host using the HW address '${hex}' to the IPv4 subnet id '${subnetId}' as this host has already been added`);
  }
  if (h.type === 'duid' && isKnown) {
    fail(`failed to add new host using the DUID '${hex}' to the IPv4 subnet id '${subnetId}' as this host has already been added`);
  }
  if (port.config().ipReservationsUnique && h.address !== 0 && inSubnet.some((x) => x.address === h.address)) {
    const hw = h.type === 'hw-address' ? hex : '(null)';
    const duid = h.type === 'duid' ? hex : '(null)';
    fail(`failed to add new host using the HW address '${hw} and DUID '${duid}' to the IPv4 subnet id '${subnetId}' for the address ${formatIPv4(h.address)}: There's already a reservation for this address`);
  }
  if (isKnown) {
    const name = h.type === 'hw-address' ? 'hwaddr' : h.type;
    fail(`failed to add duplicate IPv4 host using identifier: ${name}=${encodeHex(h.ident)}`);
  }
}

/** The `reservations` list of subnet `subnetId` (0: the global list) in the edited map, created if needed. */
function reservationsList(next: JsonMap, subnetId: number): JsonMap[] {
  const owner = subnetId === 0 ? next : subnetRefs(next).find((r) => r.subnet['id'] === subnetId)?.subnet;
  if (owner === undefined) return fail(`IPv4 subnet with ID of '${subnetId}' is not configured`);
  if (!Array.isArray(owner['reservations'])) owner['reservations'] = [];
  return owner['reservations'] as JsonMap[];
}

/**
 * Removes `hosts` (of the snapshot `next` was copied from, all of subnet `subnetId`) from `next`,
 * by their positions, the last first so the others keep theirs.
 */
function removeHosts(next: JsonMap, subnetId: number, hosts: readonly Host4[]): void {
  const list = reservationsList(next, subnetId);
  for (const position of hosts.map((h) => h.position).sort((a, b) => b - a)) list.splice(position, 1);
}

const describe = (h: NewHost, subnetId: number): string => `${h.type} ${String(h.entry[h.type])} subnet-id ${subnetId}`;

async function reservationAdd(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  if (!present) fail('no parameters specified for the command');
  const target = operationTarget(args);
  const reservation = args['reservation'];
  if (reservation === undefined) fail('reservation must be specified');
  if (!isMap(reservation)) return fail('mapValue() called on non-map Element');
  const h = parseReservation(reservation, false);
  checkHost4(port, h);
  // Without subnet-id and address: a global host (checkHost4's force_global).
  const isForcedGlobal = h.subnetId === undefined;
  const subnetId = h.subnetId ?? 0;
  if (target === 'database') fail('Host database not available, cannot add host.');
  validateSubnet(port, subnetId, h.address);
  checkDuplicates(port, subnetHosts(hostIndexOf(port.config()), subnetId), h, subnetId);
  const next = editableSource(port);
  reservationsList(next, subnetId).push(h.entry);
  const text = isForcedGlobal ? 'Host added. subnet-id not specified, assumed global (subnet-id 0).' : 'Host added.';
  return applyThen(port, next, `reservation-add ${describe(h, subnetId)}`, { result: CommandResult.Success, text });
}

async function reservationDel(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const q = getParameters(args, present);
  if (q.target === 'database') fail('Unable to delete a host because there is no hosts-database configured.');
  const doomed = matching(hostIndexOf(port.config()), q);
  if (doomed.length === 0) return { result: CommandResult.Empty, text: 'Host not deleted (not found).' };
  const next = editableSource(port);
  removeHosts(next, q.subnetId, doomed);
  const what = q.kind === 'address' ? `ip-address ${formatIPv4(q.address as number)}` : `${q.type} ${formatColonHex(q.ident)}`;
  return applyThen(port, next, `reservation-del ${what} subnet-id ${q.subnetId}`, { result: CommandResult.Success, text: 'Host deleted.' });
}

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'number'
  ? (Number.isInteger(v) ? 'integer' : 'real') : typeof v === 'object' ? 'map' : typeof v);

async function reservationUpdate(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  if (!present) fail("invalid command: does not contain mandatory 'arguments'");
  const reservation = args['reservation'];
  if (reservation === undefined) fail("invalid command: expected 'reservation' as the sole parameter inside the 'arguments' map, didn't get it instead");
  if (!isMap(reservation)) return fail(`invalid command: expected 'reservation' to be a map, got ${typeName(reservation)} instead`);
  const target = operationTarget(args);
  const h = parseReservation(reservation, true);
  const subnetId = h.subnetId as number;
  if (target === 'database') fail('host database not available, cannot update host');
  validateSubnet(port, subnetId, h.address);
  const inSubnet = subnetHosts(hostIndexOf(port.config()), subnetId);
  const key = identKey(h.type, h.ident);
  const old = inSubnet.filter((x) => x.key === key);
  const [first] = old;
  if (first === undefined) return fail('Host not updated (not found).');
  checkDuplicates(port, inSubnet.filter((x) => x.key !== key), h, subnetId);
  const next = editableSource(port);
  // The updated host keeps the place of the one it replaces.
  reservationsList(next, subnetId)[first.position] = h.entry;
  removeHosts(next, subnetId, old.slice(1));
  return applyThen(port, next, `reservation-update ${describe(h, subnetId)}`, { result: CommandResult.Success, text: 'Host updated.' });
}

/** Adds Kea's host_cmds commands over `port` to `registry` (called by registerConfigCommands). */
export function registerHostCommands(registry: CommandRegistry, port: ConfigCommandsPort, source: string): void {
  const commands: Record<string, Handler> = {
    'reservation-get': reservationGet,
    'reservation-get-all': reservationGetAll,
    'reservation-get-page': reservationGetPage,
    'reservation-get-by-hostname': reservationGetByHostname,
    'reservation-get-by-id': reservationGetById,
    'reservation-get-by-address': reservationGetByAddress,
    'reservation-add': exclusively(reservationAdd),
    'reservation-update': exclusively(reservationUpdate),
    'reservation-del': exclusively(reservationDel),
  };
  registerHandlers(registry, port, source, commands);
}
