/**
 * Control sockets of kea-dhcp4, kea-dhcp6 and kea-dhcp-ddns: `control-sockets` (a list) and the
 * Kea 3.0 `control-socket` (one map), as ControlSocketsParser, UnixCommandConfig and
 * HttpCommandConfig check them (src/lib/dhcpsrv/parsers/dhcp_parsers.cc,
 * src/lib/d2srv/d2_simple_parser.cc, src/lib/config/{unix,http}_command_config.cc,
 * src/lib/http/cfg_http_header.cc). Kea 3.1+ "security" refusals (unsecured HTTP, clear-text
 * credentials, socket path outside KEA_CONTROL_SOCKET_DIR) are warnings here.
 *
 * LIMITATION: Kea also refuses a socket directory with permissions wider than 0750; HostFacts
 * does not carry permissions, so that is not checked.
 */
import { parseAddress } from '../../net/index.js';
import { joinPointer } from '../issues.js';
import { defaultControlSocket } from '../defaults.js';
import { bool, eachObj, int, isObj, list, str, type Located, type RuleContext } from './context.js';
import { checkAuthentication } from './services-http-auth.js';
import { checkRestrictedPath, KeaDirectories } from './services-paths.js';
import { isLoopback } from './control-sockets-exposed.js';

export type ControlDaemon = 'dhcp4' | 'dhcp6' | 'd2';

const DAEMON_NAMES: Readonly<Record<ControlDaemon, string>> = {
  dhcp4: 'kea-dhcp4',
  dhcp6: 'kea-dhcp6',
  d2: 'kea-dhcp-ddns',
};

/**
 * unix_command_config.cc: keywords of HTTP sockets that Kea 3.3 refuses on a unix socket. Kea 3.0
 * refused only socket-address and ignored the others.
 */
const HTTP_ONLY_KEYS = [
  'socket-port', 'authentication', 'trust-anchor', 'cert-file', 'key-file', 'cert-required', 'http-headers',
] as const;

const TLS_KEYS = ['trust-anchor', 'cert-file', 'key-file'] as const;

/**
 * Checks the control sockets of one daemon map (`/Dhcp4`, `/Dhcp6` or `/DhcpDdns`).
 * Never throws: values of the wrong type were reported by the schema and are skipped.
 *
 * @example
 * checkControlSockets({ value: d2Map, path: '/DhcpDdns' }, ctx, 'd2');
 */
export function checkControlSockets(parent: Located, ctx: RuleContext, daemon: ControlDaemon): void {
  const sockets: Located[] = [];
  const single = parent.value['control-socket'];
  if (single !== undefined && parent.value['control-sockets'] !== undefined) {
    ctx.error('mutually-exclusive-keys', joinPointer(parent.path, 'control-socket'), 'control-socket and control-sockets cannot both be used',
      'move the control-socket map into the control-sockets list');
  }
  // Kea 3.0 turned control-socket into a one-entry control-sockets list before checking it.
  if (isObj(single)) sockets.push({ value: single, path: joinPointer(parent.path, 'control-socket') });
  sockets.push(...eachObj(parent, 'control-sockets'));
  const seen = { unix: undefined as string | undefined, http: new Map<string, string>() };
  for (const socket of sockets) {
    const type = str(socket.value['socket-type']);
    if (type === 'unix') {
      if (seen.unix !== undefined) {
        ctx.error('duplicate-unix-socket', joinPointer(socket.path, 'socket-type'),
          `${DAEMON_NAMES[daemon]} accepts one unix control socket; another is configured at ${seen.unix}`,
          'keep one unix socket; add http or https sockets for more listeners');
      } else {
        seen.unix = socket.path;
      }
      checkUnixSocket(socket, ctx);
    } else if (type === 'http' || type === 'https') {
      checkHttpSocket(socket, type, daemon, ctx);
      checkHttpEndpoint(socket, daemon, seen.http, ctx);
    }
  }
}

function checkUnixSocket(socket: Located, ctx: RuleContext): void {
  if (socket.value['socket-address'] !== undefined) {
    ctx.error('socket-parameter-unsupported', joinPointer(socket.path, 'socket-address'), 'socket-address is not supported by unix control sockets',
      'remove socket-address, or use "socket-type": "http" / "https"');
  }
  for (const key of HTTP_ONLY_KEYS) {
    if (socket.value[key] === undefined) continue;
    ctx.warn('socket-parameter-ignored', joinPointer(socket.path, key),
      `${key} does not apply to unix control sockets; Kea 3.0 ignores it, Kea 3.3 and later reject it`,
      `remove ${key}, or use "socket-type": "http" / "https"`);
  }
  const name = str(socket.value['socket-name']);
  if (name === undefined) return; // missing: reported by the schema
  checkRestrictedPath(ctx, joinPointer(socket.path, 'socket-name'), name, KeaDirectories.controlSocket, 'unix control socket socket-name');
}

function checkHttpSocket(socket: Located, type: 'http' | 'https', daemon: ControlDaemon, ctx: RuleContext): void {
  const label = `${type} control socket`;
  if (socket.value['socket-name'] !== undefined) {
    ctx.error('socket-parameter-unsupported', joinPointer(socket.path, 'socket-name'), `socket-name is not supported by ${type} control sockets`,
      'remove socket-name; an HTTP socket listens on socket-address and socket-port');
  }
  checkHeaders(socket, ctx);
  const auth = socket.value['authentication'];
  const authAt = joinPointer(socket.path, 'authentication');
  if (isObj(auth)) checkAuthentication({ value: auth, path: authAt }, label, ctx);
  const hasTls = checkTls(socket, type, label, ctx);
  if (hasTls === undefined) return; // TLS is misconfigured: Kea stops there
  const address = str(socket.value['socket-address']) ?? defaultControlSocket(daemon).address;
  if (parseAddress(address) !== null && !isLoopback(address)) return; // control-sockets-exposed.ts reports it, once
  if (!isObj(auth) && !hasTls) {
    ctx.warn('unsecured-http-socket', joinPointer(socket.path, 'socket-type'),
      `${label} of ${DAEMON_NAMES[daemon]} has neither authentication nor TLS: anyone who reaches it can run commands; Kea 3.1 and later reject this unless run with -X`,
      'add "authentication" with clients using user-file/password-file, or TLS (trust-anchor, cert-file, key-file)');
  } else if (isObj(auth) && list(auth['clients']).length === 0 && !(hasTls && bool(socket.value['cert-required']) !== false)) {
    ctx.warn('unsecured-http-socket', authAt,
      `${label} of ${DAEMON_NAMES[daemon]} has authentication without clients: Kea then accepts every request without credentials (Kea accepts this configuration)`,
      'add clients to the authentication map');
  }
}

/** cfg_http_header.cc: header name and value must not be empty. */
function checkHeaders(socket: Located, ctx: RuleContext): void {
  for (const header of eachObj(socket, 'http-headers')) {
    for (const key of ['name', 'value'] as const) {
      if (str(header.value[key]) !== '') continue;
      ctx.error('http-header-empty', joinPointer(header.path, key), `http-headers entry has an empty ${key}`,
        key === 'name' ? 'give the header name, e.g. Strict-Transport-Security' : 'give the header value, or remove the header');
    }
  }
}

/**
 * HttpCommandConfig::checkTlsSetup: https needs TLS, and TLS needs all of trust-anchor, cert-file
 * and key-file. Returns whether TLS is set up, or undefined after an error.
 */
function checkTls(socket: Located, type: 'http' | 'https', label: string, ctx: RuleContext): boolean | undefined {
  const present = TLS_KEYS.filter((k) => (str(socket.value[k]) ?? '') !== '');
  if (present.length === 0) {
    if (type === 'http') return false;
    ctx.error('https-without-tls', joinPointer(socket.path, 'socket-type'), `${label} has no TLS setup`,
      'set trust-anchor, cert-file and key-file');
    return undefined;
  }
  const missing = TLS_KEYS.filter((k) => !present.includes(k));
  if (missing.length === 0) return true;
  const first = missing[0] ?? 'trust-anchor';
  ctx.error('tls-incomplete', socket.value[first] === undefined ? socket.path : joinPointer(socket.path, first),
    `${label} sets ${present.join(', ')} but not ${missing.join(', ')}: all or none of the TLS parameters must be set`,
    `add ${missing.join(', ')}, or remove the TLS parameters`);
  return undefined;
}

/**
 * Kea accepts two HTTP sockets on the same address and port (CS4), but only one of them can
 * listen there.
 */
function checkHttpEndpoint(socket: Located, daemon: ControlDaemon, seen: Map<string, string>, ctx: RuleContext): void {
  const defaults = defaultControlSocket(daemon);
  const address = str(socket.value['socket-address']) ?? defaults.address;
  const port = int(socket.value['socket-port']) ?? defaults.port;
  const parsed = parseAddress(address);
  if (parsed === null) return; // reported by the schema
  const key = `${parsed.family} ${parsed.value} ${port}`;
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, socket.path);
    return;
  }
  const at = ['socket-port', 'socket-address'].find((k) => socket.value[k] !== undefined);
  ctx.warn('duplicate-http-socket', at === undefined ? socket.path : joinPointer(socket.path, at),
    `control socket on ${address} port ${port} duplicates the one at ${first}; only one of them can listen there (Kea accepts this configuration)`,
    'give each HTTP control socket its own address or port');
}
