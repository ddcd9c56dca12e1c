/**
 * HTTP(S) control sockets open to the network without authentication: a socket on a non-loopback
 * address with no basic-authentication clients (no `authentication`, or an empty `clients` list,
 * which Kea's BasicHttpAuthConfig::checkAuth treats as "everyone passes") and no required client
 * certificate (TLS with cert-required, openssl_tls.cc verify_peer|fail_if_no_peer_cert). Kea 3.0
 * accepts such a socket; anyone who reaches it can run every command. A warning, whatever
 * Kea 3.1+ thinks of unsecured sockets (control-sockets.ts's `unsecured-http-socket`, which leaves
 * the sockets off loopback to this rule so that each is reported once).
 * The control channel checks the same at start (src/control/sockets-config.ts
 * isUnauthenticatedOnNetwork) on the resolved specs.
 */
import { parseAddress } from '../../net/index.js';
import { defaultControlSocket } from '../defaults.js';
import { joinPointer } from '../issues.js';
import { bool, eachObj, int, isObj, list, str, type Located, type RuleContext } from './context.js';
import type { ControlDaemon } from './control-sockets.js';

const DAEMON_NAMES: Readonly<Record<ControlDaemon, string>> = { dhcp4: 'kea-dhcp4', dhcp6: 'kea-dhcp6', d2: 'kea-dhcp-ddns' };

/** True for 127.0.0.0/8, ::1 and IPv4-mapped 127.0.0.0/8. */
export function isLoopback(address: string): boolean {
  const parsed = parseAddress(address);
  if (parsed === null) return false;
  if (parsed.family === 4) return parsed.value >> 24n === 127n;
  return parsed.value === 1n || parsed.value >> 24n === 0xffff7fn;
}

/**
 * Warns about each http/https control socket of one daemon map (`/Dhcp4`, `/Dhcp6`,
 * `/DhcpDdns`) that anyone on the network can use. Never throws.
 *
 * @example
 * checkExposedControlSockets({ value: dhcp4Map, path: '/Dhcp4' }, ctx, 'dhcp4');
 */
export function checkExposedControlSockets(parent: Located, ctx: RuleContext, daemon: ControlDaemon): void {
  const single = parent.value['control-socket'];
  const sockets = [
    ...(isObj(single) ? [{ value: single, path: joinPointer(parent.path, 'control-socket') }] : []),
    ...eachObj(parent, 'control-sockets'),
  ];
  for (const socket of sockets) {
    const type = str(socket.value['socket-type']);
    if (type !== 'http' && type !== 'https') continue;
    const defaults = defaultControlSocket(daemon);
    const address = str(socket.value['socket-address']) ?? defaults.address;
    if (parseAddress(address) === null || isLoopback(address)) continue; // a bad address is the schema's
    const auth = socket.value['authentication'];
    if (isObj(auth) && list(auth['clients']).length > 0) continue;
    const hasTls = ['trust-anchor', 'cert-file', 'key-file'].every((k) => (str(socket.value[k]) ?? '') !== '');
    if (hasTls && bool(socket.value['cert-required']) !== false) continue;
    const port = int(socket.value['socket-port']) ?? defaults.port;
    // This one warning covers control-sockets.ts's unsecured-http-socket too (it skips sockets
    // off loopback), so an exposed socket is reported once.
    const kea31 = !isObj(auth) && !hasTls ? '; Kea 3.1 and later reject this socket unless run with -X' : '';
    const at = socket.value['socket-address'] !== undefined ? joinPointer(socket.path, 'socket-address') : socket.path;
    ctx.warn('control-socket-exposed', at,
      `${type} control socket of ${DAEMON_NAMES[daemon]} listens on ${address} port ${port}, a non-loopback address, without authentication: anyone who can reach it can run every command (read leases and the configuration, replace the configuration, shut the server down)${kea31}`,
      'add "authentication" with clients (user-file/password-file), require client certificates (https with cert-required), or set socket-address to 127.0.0.1');
  }
}
