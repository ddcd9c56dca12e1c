/**
 * The server-wide maps of Dhcp4 / Dhcp6: interfaces, databases, the DHCP-DDNS client, packet
 * queue, v6 server-id / mac-sources / relay-supplied-options, hooks and loggers, and the
 * per-scope checks of subnets and shared networks that are not about prefixes
 * (src/bin/dhcp{4,6}/json_config_parser.cc and the parsers it calls). Control sockets are
 * checked separately by `checkControlSockets`, which DhcpDdns shares.
 *
 * Ranges, enums and formats (expired-leases-processing, multi-threading, sanity-checks,
 * compatibility, …) are enforced by the JSON Schema and not repeated here.
 */
import { OptionCatalogue } from '../../codec/index.js';
import { parseAddress, type Address } from '../../net/index.js';
import { DEFAULT_DDNS_SERVER } from '../defaults.js';
import { joinPointer } from '../issues.js';
import { bool, int, isObj, list, str, type DaemonView, type Located, type RuleContext } from './context.js';
import { checkNcrProtocol } from './d2.js';
import { checkInterfaces } from './interfaces.js';
import { checkDatabases } from './services-databases.js';
import { checkHooksLibraries } from './services-hooks.js';
import { checkLoggers } from './services-loggers.js';
import { checkNetworkScopes } from './services-networks.js';

/**
 * Checks the server-wide maps of one DHCP daemon (everything but control sockets).
 * Never throws: values of the wrong type were reported by the schema and are skipped.
 *
 * @example
 * checkServices(daemonView(root, 4), ctx);
 */
export function checkServices(view: DaemonView, ctx: RuleContext): void {
  const daemon: Located = { value: view.root, path: view.base };
  if (view.family === 6) {
    checkMacSources(daemon, ctx);
    checkServerId(daemon, ctx);
  }
  checkQueueControl(daemon, ctx);
  checkHooksLibraries(daemon, ctx);
  checkDdnsClient(daemon, ctx);
  checkDatabases(view, ctx);
  checkNetworkScopes(view, ctx);
  if (view.family === 6) checkRelaySuppliedOptions(daemon, ctx);
  checkInterfaces(view, ctx);
  checkLoggers(daemon, ctx);
}

/** cfg_mac_source.cc: these names are aliases of one source. */
const MAC_SOURCE_ALIASES: Readonly<Record<string, string>> = {
  rfc6939: 'client-link-addr-option',
  rfc4649: 'remote-id',
  rfc4580: 'subscriber-id',
};

/** G27: a source listed twice under two names (the same name twice is the schema's uniqueItems). */
function checkMacSources(daemon: Located, ctx: RuleContext): void {
  const seen = new Map<string, string>();
  list(daemon.value['mac-sources']).forEach((v, i) => {
    const name = str(v);
    if (name === undefined) return;
    const canonical = (Object.hasOwn(MAC_SOURCE_ALIASES, name) ? MAC_SOURCE_ALIASES[name] : undefined) ?? name;
    const first = seen.get(canonical);
    if (first === undefined) {
      seen.set(canonical, name);
    } else if (first !== name) {
      ctx.error('mac-source-duplicate', joinPointer(daemon.path, 'mac-sources', i),
        `mac-sources lists ${name}, which is the same source as ${first}`, `remove one of ${first} and ${name}`);
    }
  });
}

/** SI2: the identifier is decoded as hex octets, so it needs an even number of digits (cfg_duid.cc). */
function checkServerId(daemon: Located, ctx: RuleContext): void {
  const serverId = daemon.value['server-id'];
  if (!isObj(serverId)) return;
  const identifier = str(serverId['identifier']);
  if (identifier === undefined || !/^\s*[0-9A-Fa-f]*\s*$/.test(identifier)) return; // bad digits: the schema's pattern
  const digits = identifier.trim();
  if (digits.length % 2 === 0) return;
  ctx.error('server-id-invalid', joinPointer(daemon.path, 'server-id', 'identifier'),
    `server-id identifier ${digits} has an odd number of hex digits (${digits.length})`,
    'write whole octets, two hex digits each, e.g. a leading 0');
}

/**
 * Q2: with multi-threading on (Kea's default), Kea turns the packet queue off and says so.
 * Q3: otherwise a kea-ring queue needs a capacity of at least 5, or the server does not start.
 */
function checkQueueControl(daemon: Located, ctx: RuleContext): void {
  const queue = daemon.value['dhcp-queue-control'];
  if (!isObj(queue) || bool(queue['enable-queue']) !== true) return;
  const mt = daemon.value['multi-threading'];
  const isMultiThreaded = isObj(mt) ? bool(mt['enable-multi-threading']) ?? true : true;
  const at = joinPointer(daemon.path, 'dhcp-queue-control');
  if (isMultiThreaded) {
    ctx.warn('queue-control-ignored', joinPointer(at, 'enable-queue'),
      `dhcp-queue-control is enabled but multi-threading is on${isObj(mt) ? '' : ' (Kea\'s default)'}: Kea disables the packet queue`,
      'remove dhcp-queue-control, or set "multi-threading": {"enable-multi-threading": false}');
    return;
  }
  const capacity = int(queue['capacity']);
  if (capacity !== undefined && capacity < 5) {
    ctx.error('queue-capacity-too-small', joinPointer(at, 'capacity'),
      `dhcp-queue-control capacity ${capacity} is below 5; Kea refuses to create the packet queue and does not start (kea-dhcp -t does not check it)`,
      'use a capacity of at least 5 (Kea\'s default is 64)');
  }
}

/** The DHCP-DDNS client section (D2ClientConfigParser, dhcp_parsers.cc); checked even when updates are off. */
function checkDdnsClient(daemon: Located, ctx: RuleContext): void {
  const value = daemon.value['dhcp-ddns'];
  if (!isObj(value)) return;
  const ddns: Located = { value, path: joinPointer(daemon.path, 'dhcp-ddns') };
  checkNcrProtocol(ddns, 'dhcp-ddns ncr-protocol', ctx);
  const serverText = str(value['server-ip']) ?? DEFAULT_DDNS_SERVER.address;
  const server = parseAddress(serverText);
  const senderText = str(value['sender-ip']) ?? '';
  // An empty sender-ip is the zero address of server-ip's family.
  const sender: Address | null = senderText === '' ? (server && { family: server.family, value: 0n }) : parseAddress(senderText);
  if (server === null || sender === null) return; // reported by the schema
  if (sender.family !== server.family) {
    ctx.error('ddns-address-family-mismatch', joinPointer(ddns.path, 'sender-ip'),
      `dhcp-ddns sender-ip ${senderText} is IPv${sender.family} but server-ip ${serverText} is IPv${server.family}`,
      'use a sender-ip of the same family as server-ip, or leave sender-ip empty');
    return;
  }
  const serverPort = int(value['server-port']) ?? DEFAULT_DDNS_SERVER.port;
  const senderPort = int(value['sender-port']) ?? 0;
  if (sender.value !== server.value || serverPort !== senderPort) return;
  const at = value['sender-ip'] !== undefined ? 'sender-ip' : value['sender-port'] !== undefined ? 'sender-port' : undefined;
  ctx.error('ddns-sender-is-server', at === undefined ? ddns.path : joinPointer(ddns.path, at),
    `dhcp-ddns sender and server are the same address and port (${serverText} port ${serverPort})`,
    'send from another port (sender-port 0 lets the system choose) or another address');
}

/** G23-G25: each entry is an option code 1..65535 or the name of a standard DHCPv6 option. */
function checkRelaySuppliedOptions(daemon: Located, ctx: RuleContext): void {
  list(daemon.value['relay-supplied-options']).forEach((v, i) => {
    const text = str(v);
    if (text === undefined) return;
    const at = joinPointer(daemon.path, 'relay-supplied-options', i);
    // json_config_parser.cc: boost::lexical_cast<int64_t> first, then a dhcp6 option name.
    if (/^[+-]?\d+$/.test(text)) {
      const code = Number(text);
      if (code >= 1 && code <= 65535) return;
      ctx.error('relay-supplied-option-invalid', at,
        `relay-supplied-options entry "${text}" is not a valid option code: codes are 1 to 65535`, 'give a DHCPv6 option code or name, e.g. "65" or "erp-local-domain-name"');
      return;
    }
    if (OptionCatalogue.standard(6).findByName('dhcp6', text) !== undefined) return;
    ctx.error('relay-supplied-option-invalid', at,
      `relay-supplied-options entry "${text}" is neither an option code nor the name of a standard DHCPv6 option`,
      'give the option code as a string, e.g. "65", or a standard option name');
  });
}
