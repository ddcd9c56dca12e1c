/**
 * The control sockets a Dhcp4 (or Dhcp6, DhcpDdns) map asks for, as listener specs: Kea 3.0's
 * `control-socket` (one map) or `control-sockets` (a list) turned into one UNIX socket and any
 * number of HTTP/HTTPS sockets, with basic-authentication credentials read from their files.
 * Pure: the only I/O is reading user/password files through the injected `readText`.
 *
 * What Kea 3.0 does, and so what this does (Kea-3.0.4 sources):
 * - src/bin/dhcp4/json_config_parser.cc: a `control-socket` map replaces `control-sockets`
 *   (it is turned into a one-entry list and written over the list), so with both only
 *   `control-socket` counts. Reported as a problem here.
 * - src/lib/dhcpsrv/parsers/dhcp_parsers.cc ControlSocketsParser: one unix socket at most
 *   ("control socket of type 'unix' already configured"), any number of http/https ones.
 * - src/lib/config/http_command_config.cc: defaults 127.0.0.1 (::1 for kea-dhcp6,
 *   ctrl_dhcp6_srv.cc), port 8000, cert-required true, realm = the daemon's name when the
 *   authentication map has none (ctrl_dhcp4_srv.cc: "kea-dhcpv4-server"). checkTlsSetup:
 *   trust-anchor, cert-file and key-file are all set or all empty; `https` with none of them is
 *   refused ("no TLS setup for a HTTPS control socket"); `http` WITH all three is accepted and
 *   then speaks TLS: http_command_mgr.cc switches to HTTPS whenever cert-file is set, whatever
 *   socket-type says.
 * - src/lib/http/basic_auth_config.cc getFileContent: the file name is appended to `directory`
 *   with exactly one '/' between them (an empty directory gives "/" + name, so a relative name
 *   is read from the root directory) and read by util/filesystem.cc getContent, which does
 *   `file >> content`: the first whitespace-delimited word. Leading blanks and newlines are
 *   skipped and reading stops at the first blank, tab or newline, so a trailing newline is
 *   dropped and "a b" reads as "a". A password-file used without user/user-file holds
 *   "user:password" (split at the first ':'); a user read from user-file must not be empty or
 *   contain ':'.
 * - src/lib/asiolink/openssl_tls.cc setCertRequired: cert-required true is
 *   verify_peer|verify_fail_if_no_peer_cert; false is verify_none (no client certificate is
 *   even asked for).
 */
import { parseAddress } from '../net/index.js';
import type { ControlSocket4 } from '../schema/index.js';

export type ControlDaemon = 'dhcp4' | 'dhcp6' | 'd2';

/** A UNIX control socket: the path of its socket file (`socket-name`). */
export interface UnixSocketSpec {
  readonly path: string;
}

/** One basic-authentication client, with the credentials read from files when given so. */
export interface HttpAuthClient {
  readonly user: string;
  readonly password: string;
}

export interface HttpAuthSpec {
  /** Sent in `WWW-Authenticate: Basic realm="..."`. */
  readonly realm: string;
  /** Empty: Kea then lets every request in (BasicHttpAuthConfig::checkAuth). */
  readonly clients: readonly HttpAuthClient[];
}

export interface HttpHeaderSpec {
  readonly name: string;
  readonly value: string;
}

/** An HTTP or HTTPS control socket. */
export interface HttpSocketSpec {
  /** True when cert-file/key-file/trust-anchor are set (socket-type https, or http with TLS files). */
  readonly tls: boolean;
  readonly address: string;
  readonly port: number;
  /** CA file or directory verifying client certificates (set when `tls`). */
  readonly trustAnchor?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Require a client certificate signed by the trust anchor (mutual TLS). Only meaningful with `tls`. */
  readonly certRequired: boolean;
  readonly auth?: HttpAuthSpec;
  /** `http-headers`, added to every response. */
  readonly headers: readonly HttpHeaderSpec[];
}

export interface ControlSocketsSpec {
  readonly unix: UnixSocketSpec[];
  readonly http: HttpSocketSpec[];
  /** Why a socket was left out; empty when every socket is usable. */
  readonly problems: string[];
}

/** The keys of a Dhcp4, Dhcp6 or DhcpDdns map this reads. */
export interface ControlSocketsHolder {
  readonly 'control-socket'?: ControlSocket4;
  readonly 'control-sockets'?: readonly ControlSocket4[];
}

export interface ControlSocketsOptions {
  /** Reads a user-file or password-file; throws when it cannot. */
  readonly readText: (file: string) => string;
  /** Whose sockets these are: the default address and realm depend on it. Default dhcp4. */
  readonly daemon?: ControlDaemon;
}

const DEFAULTS: Readonly<Record<ControlDaemon, { address: string; realm: string }>> = {
  dhcp4: { address: '127.0.0.1', realm: 'kea-dhcpv4-server' },
  dhcp6: { address: '::1', realm: 'kea-dhcpv6-server' },
  d2: { address: '127.0.0.1', realm: 'kea-dhcp-ddns-server' },
};
const DEFAULT_PORT = 8000;

/**
 * The control sockets of one daemon map. A socket that Kea would refuse, or whose credentials
 * cannot all be read, is left out and explained in `problems` (never started with fewer clients:
 * an authentication list that lost every client would let everyone in).
 *
 * @example
 * const { unix, http, problems } = controlSocketsOf(cfg.Dhcp4, { readText: (f) => readFileSync(f, 'utf8') });
 */
export function controlSocketsOf(map: ControlSocketsHolder, opts: ControlSocketsOptions): ControlSocketsSpec {
  const daemon = opts.daemon ?? 'dhcp4';
  const out: ControlSocketsSpec = { unix: [], http: [], problems: [] };
  const single = map['control-socket'];
  if (single !== undefined && map['control-sockets'] !== undefined) {
    out.problems.push('control-socket and control-sockets are both set; Kea 3.0 uses control-socket only, so control-sockets is ignored');
  }
  const sockets = single !== undefined ? [single] : (map['control-sockets'] ?? []);
  sockets.forEach((socket, i) => {
    const label = single !== undefined ? 'control-socket' : `control-sockets[${i}]`;
    if (socket['socket-type'] === 'unix') {
      addUnix(socket, label, out);
      return;
    }
    const http = httpSpecOf(socket, label, daemon, opts.readText, out.problems);
    if (http !== undefined) out.http.push(http);
  });
  return out;
}

function addUnix(socket: ControlSocket4, label: string, out: ControlSocketsSpec): void {
  const name = socket['socket-name'];
  if (name === undefined || name === '') {
    out.problems.push(`${label}: a unix control socket needs socket-name`);
  } else if (out.unix.length > 0) {
    out.problems.push(`${label}: a unix control socket is already configured (${out.unix[0]?.path ?? ''}); Kea accepts one, this one is ignored`);
  } else {
    out.unix.push({ path: name });
  }
}

function httpSpecOf(socket: ControlSocket4, label: string, daemon: ControlDaemon, readText: (file: string) => string, problems: string[]): HttpSocketSpec | undefined {
  const type = socket['socket-type'];
  const tls = tlsOf(socket, type, label, problems);
  if (tls === undefined) return undefined;
  let auth: HttpAuthSpec | undefined;
  if (socket.authentication !== undefined) {
    auth = authOf(socket.authentication, label, daemon, readText, problems);
    if (auth === undefined) return undefined;
  }
  return {
    ...tls,
    address: socket['socket-address'] ?? DEFAULTS[daemon].address,
    port: socket['socket-port'] ?? DEFAULT_PORT,
    certRequired: socket['cert-required'] ?? true,
    ...(auth === undefined ? {} : { auth }),
    headers: (socket['http-headers'] ?? []).map((h) => ({ name: h.name, value: h.value })),
  };
}

/** HttpCommandConfig::checkTlsSetup; undefined after a problem. */
function tlsOf(socket: ControlSocket4, type: string, label: string, problems: string[]): Pick<HttpSocketSpec, 'tls' | 'trustAnchor' | 'certFile' | 'keyFile'> | undefined {
  const trustAnchor = socket['trust-anchor'] ?? '';
  const certFile = socket['cert-file'] ?? '';
  const keyFile = socket['key-file'] ?? '';
  const present = [trustAnchor, certFile, keyFile].filter((v) => v !== '').length;
  if (present === 0) {
    if (type !== 'https') return { tls: false };
    problems.push(`${label}: an https control socket needs trust-anchor, cert-file and key-file (Kea: "no TLS setup for a HTTPS control socket"); it is not started`);
    return undefined;
  }
  if (present < 3) {
    const missing = [['trust-anchor', trustAnchor], ['cert-file', certFile], ['key-file', keyFile]].filter(([, v]) => v === '').map(([k]) => k);
    problems.push(`${label}: ${missing.join(', ')} missing or empty: all or none of trust-anchor, cert-file and key-file must be set; it is not started`);
    return undefined;
  }
  return { tls: true, trustAnchor, certFile, keyFile };
}

function authOf(auth: NonNullable<ControlSocket4['authentication']>, label: string, daemon: ControlDaemon, readText: (file: string) => string, problems: string[]): HttpAuthSpec | undefined {
  const clients: HttpAuthClient[] = [];
  const directory = auth.directory ?? '';
  let isComplete = true;
  (auth.clients ?? []).forEach((client, i) => {
    const at = `${label} authentication client ${i}`;
    try {
      clients.push(clientOf(client, directory, readText));
    } catch (err) {
      problems.push(`${at}: ${err instanceof Error ? err.message : String(err)}; the socket is not started`);
      isComplete = false;
    }
  });
  return isComplete ? { realm: auth.realm ?? DEFAULTS[daemon].realm, clients } : undefined;
}

type AuthClientConfig = NonNullable<NonNullable<ControlSocket4['authentication']>['clients']>[number];

/** BasicHttpAuthConfig::parse for one client. @throws Error naming the file or the bad value */
function clientOf(client: AuthClientConfig, directory: string, readText: (file: string) => string): HttpAuthClient {
  const read = (file: string): string => readSecretFile(directory, file, readText);
  if (client.user !== undefined && client['user-file'] !== undefined) throw new Error('user and user-file are mutually exclusive');
  if (client.password !== undefined && client['password-file'] !== undefined) throw new Error('password and password-file are mutually exclusive');
  const passwordFile = client['password-file'];
  if (client.user === undefined && client['user-file'] === undefined) {
    if (passwordFile === undefined) throw new Error('no user: set user-file, user, or a password-file holding "user:password"');
    const content = read(passwordFile);
    const colon = content.indexOf(':');
    if (colon === -1) throw new Error(`password-file ${passwordFile} holds no "user:password" (no ':' in its first word)`);
    return checkedUser(content.slice(0, colon), content.slice(colon + 1), `password-file ${passwordFile}`);
  }
  const userFile = client['user-file'];
  const user = userFile !== undefined ? read(userFile) : (client.user ?? '');
  const password = passwordFile !== undefined ? read(passwordFile) : (client.password ?? '');
  return checkedUser(user, password, userFile !== undefined ? `user-file ${userFile}` : 'user');
}

function checkedUser(user: string, password: string, from: string): HttpAuthClient {
  if (user === '') throw new Error(`the user from ${from} is empty`);
  if (user.includes(':')) throw new Error(`the user from ${from} contains ':'`);
  return { user, password };
}

/**
 * Reads a user-file or password-file as Kea does: `directory` + exactly one '/' + `file`, and
 * only the first whitespace-delimited word of the content (util/filesystem.cc getContent).
 * @throws Error when `readText` fails (the cause is kept)
 */
export function readSecretFile(directory: string, file: string, readText: (file: string) => string): string {
  const path = `${directory.endsWith('/') ? directory : `${directory}/`}${file.startsWith('/') ? file.slice(1) : file}`;
  let content: string;
  try {
    content = readText(path);
  } catch (err) {
    throw new Error(`cannot read ${path}`, { cause: err });
  }
  // C++ `istream >> string` skips, then stops at, isspace() characters of the C locale.
  return /^[ \t\n\v\f\r]*([^ \t\n\v\f\r]*)/.exec(content)?.[1] ?? '';
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped 127.0.0.0/8; false for anything else, unparsable text included. */
export function isLoopback(address: string): boolean {
  const parsed = parseAddress(address);
  if (parsed === null) return false;
  if (parsed.family === 4) return parsed.value >> 24n === 127n;
  return parsed.value === 1n || parsed.value >> 24n === 0xffff7fn;
}

/**
 * True when anyone who reaches the socket can send commands: it listens on a non-loopback
 * address, has no basic-authentication clients (no `authentication`, or one with an empty
 * client list, which Kea treats as "everyone"), and does not require a client certificate.
 * A socket with `tls` and `certRequired` counts as authenticated: only holders of a certificate
 * from the trust anchor get through (a trust anchor as wide as the system CA store makes that
 * weak, which this does not judge).
 */
export function isUnauthenticatedOnNetwork(spec: HttpSocketSpec): boolean {
  return !isLoopback(spec.address) && hasNoClientAuthentication(spec);
}

/**
 * True when the socket lets in any client that reaches it: no basic-authentication clients and
 * no required client certificate, whatever its address (on loopback, a local web browser is such
 * a client: DNS rebinding).
 */
export function hasNoClientAuthentication(spec: HttpSocketSpec): boolean {
  if (spec.auth !== undefined && spec.auth.clients.length > 0) return false;
  return !(spec.tls && spec.certRequired);
}
