/**
 * Kea's DHCPv4 lease commands (libdhcp_lease_cmds.so, src/hooks/dhcp/lease_cmds/lease_cmds.cc and
 * lease_parser.cc of Kea 3.0, which keeps 2.2's texts): `lease4-get`, `lease4-get-all`,
 * `lease4-get-page`, `lease4-get-by-hw-address`, `lease4-get-by-client-id`,
 * `lease4-get-by-hostname`, `lease4-add`, `lease4-update`, `lease4-del` and `lease4-wipe`, with
 * Kea's argument names, validation texts, result codes and `Lease4::toElement` shape.
 *
 * Writes go through the allocation engine (so its allocators stay in step), update the lease
 * statistics as Kea's lease_cmds do, and are written to the lease file before the command
 * answers (the server's durability promise). When that write fails the command answers 1
 * (`lease4-add failed: ...`); the change stays in memory and its row goes out with the next
 * write, as for packets.
 *
 * Result codes follow Kea 3.0: a conflict (subnet mismatch, lease already exists, update of a
 * missing lease) answers 4, where Kea 2.2 answered 1.
 *
 * LIMITATION: Kea appends the JSON position of the offending element to SimpleParser texts
 * (`missing parameter 'ip-address' (<string>:1:30)`); we have no positions and end the text
 * before it. A request without `arguments` and one with `"arguments": {}` look the same here
 * (the registry gives `{}` for both); both are answered as Kea answers the missing map.
 * `lease4-add` does not sanitize extended info in the user context (Kea 3.0's
 * upgradeLease4ExtendedInfo) and `update-ddns` queues no name change (no DDNS yet).
 * `lease4-get-all`, `-get-page` and `-get-by-hostname` walk and sort every lease per call (the
 * store has no address-ordered or hostname index).
 */
import type { AllocEngine4 } from '../alloc/index.js';
import { CommandResult, type CommandRegistry, type CommandResponse } from '../control/commands.js';
import type { ResolvedConfig4, Subnet4 } from '../config/index.js';
import { LeaseState, toKeaJson, type Lease4, type LeaseStore4 } from '../lease/index.js';
import { formatColonHex, formatIPv4, hexDigit, parseIPv4, parseIPv6 } from '../net/index.js';
import type { Clock } from './stats.js';

/** What the lease commands need from the running server (Dhcp4Server provides it). */
export interface LeaseCommandHost4 {
  /** The configuration in use (subnets, lifetimes). */
  readonly config: ResolvedConfig4;
  /** The lease store, for queries. */
  readonly leaseStore: LeaseStore4;
  /** The allocation engine, the only writer of leases (putLease, deleteLease). */
  /** It also keeps the lease statistics in step (countLease), as Kea's lease_cmds do. */
  readonly leaseEngine: AllocEngine4;
  readonly clock: Clock;
  /** Resolves once every lease change made so far is in the lease file. @throws LeaseStoreError */
  flushLeases(): Promise<void>;
}

type Args = Readonly<Record<string, unknown>>;

/** A validation failure: `text` is Kea's, `result` 1 (error) or 4 (conflict). */
class CommandFailure extends Error {
  constructor(message: string, readonly result: CommandResult = CommandResult.Error) {
    super(message);
  }
}

const conflict = (text: string): CommandFailure => new CommandFailure(text, CommandResult.Conflict);
const fail = (text: string): never => {
  throw new CommandFailure(text);
};

// ---- Lease4::toElement (lease.cc, Kea 3.0) ----

/** A lease as Kea's `Lease4::toElement` prints it (key order as Kea's std::map: sorted). */
export function lease4ToElement(lease: Lease4): Record<string, unknown> {
  const map: Record<string, unknown> = {
    cltt: lease.cltt,
    'fqdn-fwd': lease.fqdnFwd,
    'fqdn-rev': lease.fqdnRev,
    hostname: lease.hostname,
    'hw-address': formatColonHex(lease.hwaddr),
    'ip-address': formatIPv4(lease.address),
    state: lease.state,
    'subnet-id': lease.subnetId,
    'valid-lft': lease.validLifetime,
  };
  if (lease.clientId !== null) map['client-id'] = formatColonHex(lease.clientId);
  if (lease.poolId !== 0) map['pool-id'] = lease.poolId;
  if (lease.userContext !== null) map['user-context'] = lease.userContext;
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)));
}

// ---- SimpleParser getters (src/lib/cc/simple_parser.cc), without the position suffix ----

function getString(args: Args, name: string): string {
  const v = args[name];
  if (v === undefined) fail(`missing parameter '${name}'`);
  if (typeof v !== 'string') fail(`invalid type specified for parameter '${name}'`);
  return v as string;
}

function getInteger(args: Args, name: string): number {
  const v = args[name];
  if (v === undefined) fail(`missing parameter '${name}'`);
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`invalid type specified for parameter '${name}'`);
  return v as number;
}

function getUint(args: Args, name: string, max: number): number {
  const v = getInteger(args, name);
  if (v < 0 || v > max) fail(`out of range value (${v}) specified for parameter '${name}'`);
  return v;
}

function getBoolean(args: Args, name: string): boolean {
  const v = args[name];
  if (v === undefined) fail(`missing parameter '${name}'`);
  if (typeof v !== 'boolean') fail(`invalid type specified for parameter '${name}'`);
  return v as boolean;
}

/** IOAddress's constructor: 'v4' or 'v6' (inet_pton of either family), else Kea's IOError text. */
function addressFamily(text: string): 'v4' | 'v6' {
  if (parseIPv4(text) !== null) return 'v4';
  if (parseIPv6(text) !== null) return 'v6';
  throw new CommandFailure(`Failed to convert string to address '${text}': Invalid argument`);
}

// ---- identifiers (src/lib/util/strutil.cc, hwaddr.cc, duid.cc) ----

/** decodeSeparatedHexString with Kea's texts. */
function decodeSeparated(text: string, sep: string): Uint8Array {
  const parts = text.split(sep);
  const out: number[] = [];
  for (const part of parts) {
    if (parts.length > 1 && part === '') fail(`two consecutive separators ('${sep}') specified in a decoded string '${text}'`);
    if (part.length > 2) fail(`invalid format of the decoded string '${text}'`);
    for (const c of part) if (hexDigit(c.charCodeAt(0)) < 0) fail(`'${c}' is not a valid hexadecimal digit in decoded string '${text}'`);
    if (part !== '') out.push(Number.parseInt(part, 16));
  }
  return Uint8Array.from(out);
}

/** HWAddr::fromText (colon-separated octets, at most 20). */
function hwAddrFromText(text: string): Uint8Array {
  const bytes = decodeSeparated(text, ':');
  if (bytes.length > 20) fail('address vector size exceeds MAX_HWADDR_LEN');
  return bytes;
}

/** ClientId::fromText (decodeFormattedHexString, then the DUID and client-id length checks). */
function clientIdFromText(text: string): Uint8Array {
  let bytes: Uint8Array;
  if (text.includes(':')) bytes = decodeSeparated(text, ':');
  else if (text.includes(' ')) bytes = decodeSeparated(text, ' ');
  else {
    const digits = (text.length % 2 !== 0 ? '0' : '') + (text.length > 2 && text.startsWith('0x') ? text.slice(2) : text);
    if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 !== 0) fail(`'${text}' is not a valid string of hexadecimal digits`);
    bytes = Uint8Array.from(digits.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
  }
  if (bytes.length === 0) fail('Empty DUIDs are not allowed');
  if (bytes.length > 128) fail(`DUID size is ${bytes.length} bytes, exceeds maximum of 128`);
  if (bytes.length < 2) fail(`client-id is too short (${bytes.length}), at least 2 is required`);
  return bytes;
}

// ---- getParameters (lease_cmds.cc): lease4-get and lease4-del ----

type Query4 =
  | { readonly kind: 'address'; readonly address: number }
  | { readonly kind: 'hw-address'; readonly hwaddr: Uint8Array; readonly subnetId: number }
  | { readonly kind: 'client-id'; readonly clientId: Uint8Array; readonly subnetId: number }
  | { readonly kind: 'duid' };

function getParameters4(args: Args | undefined): Query4 {
  if (args === undefined) fail('Parameters missing or are not a map.');
  const a = args as Args;
  if (a['update-ddns'] !== undefined && typeof a['update-ddns'] !== 'boolean') fail("'update-ddns' is not a boolean");
  const type = a['type'];
  if (typeof type === 'string' && !['IA_NA', '0', 'IA_TA', '1', 'IA_PD', '2', 'V4', '3'].includes(type)) {
    fail(`Invalid lease type specified: ${type}, only supported values are: IA_NA, IA_TA, IA_PD and V4`);
  }
  const ip = a['ip-address'];
  if (ip !== undefined && ip !== null) {
    if (typeof ip !== 'string') fail("'ip-address' is not a string.");
    const text = ip as string;
    if (addressFamily(text) !== 'v4') fail(`Invalid IPv4 address specified: ${text}`);
    return { kind: 'address', address: parseIPv4(text) as number };
  }
  const sid = a['subnet-id'];
  if (sid === undefined || sid === null) fail("Mandatory 'subnet-id' parameter missing.");
  if (typeof sid !== 'number' || !Number.isInteger(sid)) fail("'subnet-id' parameter is not integer.");
  const idType = a['identifier-type'];
  const ident = a['identifier'];
  if (typeof idType !== 'string') fail("No 'ip-address' provided and 'identifier-type' is either missing or not a string.");
  if (typeof ident !== 'string') fail("No 'ip-address' provided and 'identifier' is either missing or not a string.");
  const subnetId = sid as number;
  switch (idType as string) {
    case 'hw-address': return { kind: 'hw-address', hwaddr: hwAddrFromText(ident as string), subnetId };
    case 'client-id': return { kind: 'client-id', clientId: clientIdFromText(ident as string), subnetId };
    case 'duid': return { kind: 'duid' };
    // Kea keeps its default address `::` here, which no IPv4 lease has (lease_cmds.cc Parameters()).
    case 'address': return { kind: 'address', address: -1 };
    default: return fail(`Incorrect identifier type: ${idType as string}, the only supported values are: address, hw-address, duid`);
  }
}

function findLease4(store: LeaseStore4, q: Query4, duidText: string): Lease4 | undefined {
  switch (q.kind) {
    case 'address': return q.address < 0 ? undefined : store.get(q.address);
    case 'hw-address': return store.getByHwAddr(q.hwaddr, q.subnetId)[0];
    case 'client-id': return store.getByClientId(q.clientId, q.subnetId)[0];
    default: return fail(duidText);
  }
}

// ---- Lease4Parser::parse (lease_parser.cc) ----

/** Kea's `CfgSubnets4::selectSubnet(address)`: the first subnet holding it, open to a client of no class. */
function selectSubnet4(cfg: ResolvedConfig4, address: number): Subnet4 | undefined {
  return cfg.subnets.find((s) => address >= s.first && address <= s.last && s.clientClasses.length === 0);
}

function parseLease4(cfg: ResolvedConfig4, a: Args, nowSec: number): { lease: Lease4; isForceCreate: boolean } {
  const ipText = getString(a, 'ip-address');
  let family: 'v4' | 'v6';
  try {
    family = addressFamily(ipText);
  } catch (err) {
    throw new CommandFailure(`Failed to convert '${ipText}' to address: ${(err as Error).message}`);
  }
  if (family !== 'v4') fail(`Non-IPv4 address specified: ${ipText}`);
  const address = parseIPv4(ipText) as number;
  const addrText = formatIPv4(address);
  const hwaddr = hwAddrFromText(getString(a, 'hw-address'));
  const wantedId = a['subnet-id'] !== undefined ? getUint(a, 'subnet-id', 0xffffffff) : 0;
  const poolId = a['pool-id'] !== undefined ? getUint(a, 'pool-id', 0xffffffff) : 0;
  let subnet: Subnet4 | undefined;
  if (wantedId !== 0) {
    subnet = cfg.subnets.find((s) => s.id === wantedId);
    if (subnet === undefined) throw conflict(`Invalid subnet-id: No IPv4 subnet with subnet-id=${wantedId} currently configured.`);
    if (address < subnet.first || address > subnet.last) {
      throw conflict(`The address ${addrText} does not belong to subnet ${formatIPv4(subnet.network)}/${subnet.prefixLength}, subnet-id=${wantedId}`);
    }
  } else {
    subnet = selectSubnet4(cfg, address);
    if (subnet === undefined) throw conflict(`subnet-id not specified and failed to find a subnet for address ${addrText}`);
  }
  const clientId = a['client-id'] !== undefined ? clientIdFromText(getString(a, 'client-id')) : null;
  const validLifetime = a['valid-lft'] !== undefined ? getUint(a, 'valid-lft', 0xffffffff) : subnet.params.validLifetime.def;
  let cltt = nowSec;
  if (a['expire'] !== undefined) {
    const expire = getInteger(a, 'expire');
    if (expire <= 0) fail(`expiration time must be positive for address ${addrText}`);
    if (expire < validLifetime) fail(`expiration time must be greater than valid lifetime for address ${addrText}`);
    cltt = expire - validLifetime;
  }
  const fqdnFwd = a['fqdn-fwd'] !== undefined ? getBoolean(a, 'fqdn-fwd') : false;
  const fqdnRev = a['fqdn-rev'] !== undefined ? getBoolean(a, 'fqdn-rev') : false;
  const hostname = a['hostname'] !== undefined ? getString(a, 'hostname') : '';
  if (hostname === '' && (fqdnFwd || fqdnRev)) fail('No hostname specified and either forward or reverse fqdn was set to true.');
  const state = a['state'] !== undefined ? getUint(a, 'state', 255) : 0;
  if (state > LeaseState.Registered) {
    fail(`Invalid state value: ${state}, supported values are: 0 (default), 1 (declined), 2 (expired-reclaimed), 3 (released) and 4 (registered)`);
  }
  const userContext = parseUserContext(a);
  const isForceCreate = a['force-create'] !== undefined ? getBoolean(a, 'force-create') : false;
  const lease: Lease4 = {
    address, hwaddr, htype: 1, clientId, validLifetime, cltt, subnetId: subnet.id, poolId, fqdnFwd, fqdnRev,
    // Kea's Lease constructor lowercases the hostname (lease.cc:46).
    hostname: hostname.toLowerCase(), state: state as LeaseState, userContext,
  };
  return { lease, isForceCreate };
}

/** `user-context` (a map) plus `comment` moved into it, as Lease4Parser does. */
function parseUserContext(a: Args): Record<string, unknown> | null {
  const ctx = a['user-context'];
  if (ctx !== undefined && (ctx === null || typeof ctx !== 'object' || Array.isArray(ctx))) {
    fail(`Invalid user context '${toKeaJson(ctx)}' is not a JSON map.`);
  }
  const map = ctx as Record<string, unknown> | undefined;
  const comment = a['comment'];
  if (comment === undefined) return map ?? null;
  if (map !== undefined && 'comment' in map) fail(`Duplicated comment entry '${toKeaJson(comment)}' in user context '${toKeaJson(map)}'`);
  return { ...map, comment };
}

// ---- handlers ----

function leasesAnswer(leases: readonly Lease4[], extra: Record<string, unknown> = {}): CommandResponse {
  const json = leases.map(lease4ToElement);
  return {
    result: json.length > 0 ? CommandResult.Success : CommandResult.Empty,
    text: `${json.length} IPv4 lease(s) found.`,
    arguments: { leases: json, ...extra },
  };
}

const byAddress = (a: Lease4, b: Lease4): number => a.address - b.address;
/** The arguments handed to a handler when the request had none (told apart from an empty map). */
const ABSENT: Args = Object.freeze({});
const argsOrUndefined = (args: Args): Args | undefined => (args === ABSENT ? undefined : args);

function leaseGet(host: LeaseCommandHost4, args: Args): CommandResponse {
  const lease = findLease4(host.leaseStore, getParameters4(argsOrUndefined(args)), 'Query by duid is not allowed in v4.');
  if (lease === undefined) return { result: CommandResult.Empty, text: 'Lease not found.' };
  return { result: CommandResult.Success, text: 'IPv4 lease found.', arguments: lease4ToElement(lease) };
}

function leaseGetAll(host: LeaseCommandHost4, args: Args): CommandResponse {
  if (argsOrUndefined(args) === undefined) return leasesAnswer([...host.leaseStore.all()].sort(byAddress));
  const subnets = args['subnets'];
  if (subnets === undefined) fail("'subnets' parameter not specified");
  if (!Array.isArray(subnets)) fail("'subnets' parameter must be a list");
  const ids = subnets as unknown[];
  if (!ids.every((id) => typeof id === 'number' && Number.isInteger(id))) fail('listed subnet identifiers must be numbers');
  const all = [...host.leaseStore.all()].sort(byAddress);
  return leasesAnswer(ids.flatMap((id) => all.filter((l) => l.subnetId === id)));
}

function leaseGetPage(host: LeaseCommandHost4, args: Args): CommandResponse {
  if (argsOrUndefined(args) === undefined) fail('no parameters specified for the lease4-get-page command');
  const from = args['from'];
  if (from === undefined) fail("'from' parameter not specified");
  if (typeof from !== 'string') fail("'from' parameter must be a string");
  let start = 0;
  if (from !== 'start') {
    let family: 'v4' | 'v6';
    try {
      family = addressFamily(from as string);
    } catch {
      // Kea replaces IOAddress's text with its own here (lease_cmds.cc, `catch (...)`).
      return fail("'from' parameter value is neither 'start' keyword nor a valid IPv4 address");
    }
    if (family !== 'v4') fail(`'from' parameter value ${from as string} is not an IPv4 address`);
    start = parseIPv4(from as string) as number;
  }
  const limit = args['limit'];
  if (limit === undefined) fail("'limit' parameter not specified");
  if (typeof limit !== 'number' || !Number.isInteger(limit)) fail("'limit' parameter must be a number");
  // LeasePageSize (lease_mgr.cc): a negative limit is a huge size_t there.
  if (limit === 0) fail('page size of retrieved leases must not be 0');
  if ((limit as number) < 0 || (limit as number) > 0xffffffff) fail('page size of retrieved leases must not be greater than 4294967295');
  const page = host.leaseStore.page(start, limit as number);
  return leasesAnswer(page, { count: page.length });
}

function requiredString(args: Args, name: string): string {
  if (argsOrUndefined(args) === undefined) fail('Command arguments missing or a not a map.');
  const v = args[name];
  if (v === undefined) fail(`'${name}' parameter not specified`);
  if (typeof v !== 'string') fail(`'${name}' parameter must be a string`);
  return v as string;
}

function leaseGetByHostname(host: LeaseCommandHost4, args: Args): CommandResponse {
  const name = requiredString(args, 'hostname');
  if (name === '') fail("'hostname' parameter is empty");
  const wanted = name.toLowerCase();
  return leasesAnswer([...host.leaseStore.all()].filter((l) => l.hostname === wanted).sort(byAddress));
}

async function leaseAdd(host: LeaseCommandHost4, args: Args): Promise<CommandResponse> {
  if (argsOrUndefined(args) === undefined) fail('no parameters specified for the command');
  const { lease } = parseLease4(host.config, args, nowSec(host));
  if (host.leaseStore.get(lease.address) !== undefined) throw conflict('IPv4 lease already exists.');
  host.leaseEngine.putLease(lease);
  host.leaseEngine.countLease(lease, 1);
  await host.flushLeases();
  return { result: CommandResult.Success, text: `Lease for address ${formatIPv4(lease.address)}, subnet-id ${lease.subnetId} added.` };
}

async function leaseUpdate(host: LeaseCommandHost4, args: Args): Promise<CommandResponse> {
  if (argsOrUndefined(args) === undefined) fail('no parameters specified for lease4-update command');
  const { lease, isForceCreate } = parseLease4(host.config, args, nowSec(host));
  const existing = host.leaseStore.get(lease.address);
  if (existing === undefined && !isForceCreate) {
    throw conflict(`failed to update the lease with address ${formatIPv4(lease.address)} either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed`);
  }
  // A move to another subnet goes through a delete, so the old subnet's allocator hears of it.
  if (existing !== undefined && existing.subnetId !== lease.subnetId) host.leaseEngine.deleteLease(lease.address);
  host.leaseEngine.putLease(lease);
  if (existing !== undefined) host.leaseEngine.countLease(existing, -1);
  host.leaseEngine.countLease(lease, 1);
  await host.flushLeases();
  return { result: CommandResult.Success, text: existing === undefined ? 'IPv4 lease added.' : 'IPv4 lease updated.' };
}

async function leaseDel(host: LeaseCommandHost4, args: Args): Promise<CommandResponse> {
  const lease = findLease4(host.leaseStore, getParameters4(argsOrUndefined(args)), 'Delete by duid is not allowed in v4.');
  if (lease === undefined || !host.leaseEngine.deleteLease(lease.address)) return { result: CommandResult.Empty, text: 'IPv4 lease not found.' };
  host.leaseEngine.countLease(lease, -1);
  await host.flushLeases();
  return { result: CommandResult.Success, text: 'IPv4 lease deleted.' };
}

async function leaseWipe(host: LeaseCommandHost4, args: Args): Promise<CommandResponse> {
  const id = args['subnet-id'] !== undefined ? getUint(args, 'subnet-id', 0xffffffff) : 0;
  const ids = id !== 0 ? [id] : host.config.subnets.map((s) => s.id);
  const wanted = new Set(ids);
  let n = 0;
  for (const lease of [...host.leaseStore.all()]) {
    if (!wanted.has(lease.subnetId) || !host.leaseEngine.deleteLease(lease.address)) continue;
    host.leaseEngine.countLease(lease, -1);
    n++;
  }
  if (n > 0) await host.flushLeases();
  return { result: n > 0 ? CommandResult.Success : CommandResult.Empty, text: `Deleted ${n} IPv4 lease(s) from subnet(s)${ids.map((i) => ` ${i}`).join('')}` };
}

const nowSec = (host: LeaseCommandHost4): number => Math.floor(host.clock.now() / 1000);

/** Runs a handler, turning a CommandFailure into Kea's error answer. */
function guarded(handler: (host: LeaseCommandHost4, args: Args) => CommandResponse | Promise<CommandResponse>, host: LeaseCommandHost4) {
  return async (args: Args, present: boolean): Promise<CommandResponse> => {
    try {
      return await handler(host, present ? args : ABSENT);
    } catch (err) {
      if (err instanceof CommandFailure) return { result: err.result, text: err.message };
      throw err;
    }
  };
}

/**
 * Adds Kea's DHCPv4 lease commands over `host` to `registry` (as `source`).
 * @example
 * registerLeaseCommands(server.commands, server, 'server');
 * await server.commands.dispatch({ command: 'lease4-get', arguments: { 'ip-address': '192.0.2.1' } });
 */
export function registerLeaseCommands(registry: CommandRegistry, host: LeaseCommandHost4, source: string): void {
  const commands: Record<string, (host: LeaseCommandHost4, args: Args) => CommandResponse | Promise<CommandResponse>> = {
    'lease4-get': leaseGet,
    'lease4-get-all': leaseGetAll,
    'lease4-get-page': leaseGetPage,
    'lease4-get-by-hw-address': (h, a) => leasesAnswer(h.leaseStore.getByHwAddr(hwAddrFromText(requiredString(a, 'hw-address'))).sort(byAddress)),
    'lease4-get-by-client-id': (h, a) => leasesAnswer(h.leaseStore.getByClientId(clientIdFromText(requiredString(a, 'client-id'))).sort(byAddress)),
    'lease4-get-by-hostname': leaseGetByHostname,
    'lease4-add': leaseAdd,
    'lease4-update': leaseUpdate,
    'lease4-del': leaseDel,
    'lease4-wipe': leaseWipe,
  };
  for (const [name, handler] of Object.entries(commands)) registry.register(name, guarded(handler, host), source);
}
