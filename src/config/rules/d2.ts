/**
 * The `DhcpDdns` map (kea-dhcp-ddns, "D2"): what `kea-dhcp-ddns -t` checks after its grammar
 * (src/lib/d2srv/d2_simple_parser.cc, d2_config.cc, src/bin/d2/d2_parser.yy), and whether the
 * DHCP servers of the same file send their name change requests where D2 listens. Control
 * sockets, hook libraries and loggers use the checks shared with the DHCP servers.
 */
import { parseAddress, type Address } from '../../net/index.js';
import { DEFAULT_DDNS_SERVER } from '../defaults.js';
import { joinPointer } from '../issues.js';
import { bool, int, isObj, str, type Located, type Obj, type RuleContext } from './context.js';
import { checkControlSockets } from './control-sockets.js';
import { checkDdnsDomains } from './d2-domains.js';
import { checkTsigKeys } from './d2-tsig.js';
import { checkHooksLibraries } from './services-hooks.js';
import { checkLoggers } from './services-loggers.js';

/**
 * Checks the `DhcpDdns` map of a document; does nothing when there is none.
 * Never throws: values of the wrong type were reported by the schema and are skipped.
 *
 * @example
 * checkDhcpDdns(loaded.value as Obj, ctx);
 */
export function checkDhcpDdns(root: Obj, ctx: RuleContext): void {
  const value = root['DhcpDdns'];
  if (!isObj(value)) return;
  const d2: Located = { value, path: '/DhcpDdns' };
  checkNcrProtocol(d2, 'ncr-protocol', ctx);
  const keys = checkTsigKeys(d2, ctx);
  checkDdnsDomains(d2, keys, ctx);
  checkListenerReached(root, d2, ctx);
  checkControlSockets(d2, ctx, 'd2');
  checkHooksLibraries(d2, ctx);
  // kea-dhcp-ddns -t parses its loggers (lib/process/d_cfg_mgr.cc), unlike the DHCP servers.
  checkLoggers(d2, ctx);
}

/**
 * DG3: `ncr-protocol` TCP passes the grammar of kea-dhcp-ddns and of the DHCP servers'
 * `dhcp-ddns` map (D2ClientConfigParser), but neither implements it. `map` holds the key;
 * `what` names it in the message.
 */
export function checkNcrProtocol(map: Located, what: string, ctx: RuleContext): void {
  const protocol = str(map.value['ncr-protocol']);
  if (protocol?.toUpperCase() !== 'TCP') return;
  ctx.error('ncr-protocol-unsupported', joinPointer(map.path, 'ncr-protocol'),
    `${what} ${protocol} is not supported: Kea implements UDP only`, 'use UDP (the default)');
}

/** Does a socket bound to `listen` receive datagrams sent to `dest`? */
function reaches(listen: Address, dest: Address): boolean {
  if (listen.value === 0n) return listen.family === 6 || dest.family === 4; // wildcard ("::" is dual-stack on Linux)
  return listen.family === dest.family && listen.value === dest.value;
}

/**
 * DG6 (not checked by Kea): a DHCP server with `enable-updates` sends its requests to
 * `server-ip`:`server-port`; if D2 does not listen there, no DNS update ever happens.
 */
function checkListenerReached(root: Obj, d2: Located, ctx: RuleContext): void {
  const listenText = d2.value['ip-address'] === undefined ? DEFAULT_DDNS_SERVER.address : str(d2.value['ip-address']);
  const listenPort = d2.value['port'] === undefined ? DEFAULT_DDNS_SERVER.port : int(d2.value['port']);
  const listen = parseAddress(listenText ?? '');
  if (listen === null || listenText === undefined || listenPort === undefined) return;
  for (const daemon of ['Dhcp4', 'Dhcp6'] as const) {
    const server = root[daemon];
    const client = isObj(server) ? server['dhcp-ddns'] : undefined;
    if (!isObj(client) || bool(client['enable-updates']) !== true) continue;
    const base = joinPointer('', daemon, 'dhcp-ddns');
    const ipText = client['server-ip'] === undefined ? DEFAULT_DDNS_SERVER.address : str(client['server-ip']);
    const port = client['server-port'] === undefined ? DEFAULT_DDNS_SERVER.port : int(client['server-port']);
    const ip = parseAddress(ipText ?? '');
    if (ip === null || port === undefined) continue;
    const ipOk = reaches(listen, ip);
    if (ipOk && port === listenPort) continue;
    const key = !ipOk ? 'server-ip' : 'server-port';
    const path = joinPointer(base, client[key] === undefined ? 'enable-updates' : key);
    const shown = (text: string, given: unknown): string => (given === undefined ? `${text} (the default)` : text);
    ctx.warn('d2-listener-mismatch', path,
      `the ${daemon} server sends name change requests to ${shown(ipText ?? '', client['server-ip'])} port ${shown(String(port), client['server-port'])}, but DhcpDdns listens on ${shown(listenText, d2.value['ip-address'])} port ${shown(String(listenPort), d2.value['port'])}`,
      `Kea accepts this, but no DNS update from ${daemon} would be made; set ${daemon} dhcp-ddns server-ip and server-port to the DhcpDdns ip-address and port`);
  }
}
