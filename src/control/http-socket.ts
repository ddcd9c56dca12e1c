/**
 * The control channel over HTTP or HTTPS, as a Kea 3.0 daemon serves its `control-sockets` of
 * type http/https (and as Kea 2.x's kea-ctrl-agent answers): a POST whose JSON body is a command
 * gets the registry's response wrapped in a list, `[ {...} ]`. Optional GET pages (/metrics, a
 * status page) are served by the caller's `HttpPages`.
 *
 * Kea's behaviour, from the Kea-3.0.4 sources:
 * - src/lib/http/response_creator.cc: a request that does not finalize (post_request.cc and
 *   post_request_json.cc: method other than POST, no Content-Length, no Content-Type or one other
 *   than exactly "application/json" (request.cc, case-insensitive), a body that is not JSON) gets
 *   HTTP 400 with the stock body `{ "result": 400, "text": "Bad Request" }` (response_json.cc
 *   setGenericBody). The URL path is not looked at: any path takes commands. Here the text also
 *   gives the reason ("Bad Request: ..."); `result` stays 400 as in Kea, except for a body that is
 *   not JSON: result 1 (a failed command), with the parser's reason.
 * - src/lib/http/basic_auth_config.cc checkAuth: no clients, everyone passes; otherwise the
 *   Authorization value, trimmed, must be at least 8 characters, start with "basic" in any case,
 *   and the rest (trimmed) must equal base64("user:password") of a client; else 401 with the stock
 *   body and `WWW-Authenticate: Basic realm="<realm>"`. Kea's own check is a map lookup; here every
 *   client is compared in constant time. Kea answers 403 only from an http_auth hook (RBAC),
 *   which this does not have.
 * - src/lib/config/http_command_response_creator.cc: http-headers are added to every response,
 *   401 and stock ones included; a command's response is wrapped in a list when it is not one.
 * - src/lib/cc/command_interpreter.cc parseCommand: `service` (and `remote-address`) are allowed
 *   and ignored by a daemon; other extra keys give result 1 "invalid command: unsupported parameter
 *   'x'". An empty body reaches processCommand as null: result 1 "Command processing failed: NULL
 *   command parameter" (base_command_mgr.cc), with HTTP 200.
 * - src/lib/config/timeouts.h: 10 s to receive a request (then 408, connection.cc
 *   requestTimeoutCallback), 30 s idle on a kept-alive connection.
 * - Kea has no body size limit. Here a Content-Length over `maxBodyBytes` gets 413 (a status Kea
 *   does not use) before any of the body is read, and the connection is closed.
 * - http_command_mgr.cc openCommandSocket: a socket kept across a reconfiguration takes the new
 *   authentication, http-headers and TLS context in place (`update` here); its clients keep their
 *   connections.
 *
 * Not in Kea: a socket that authenticates nobody (no authentication clients, no required client
 * certificate) answers only requests whose Host header is an IP address or `localhost` (or that
 * have none), and 403 `{ "result": 403, "text": "Forbidden: ..." }` to others: a web page the
 * operator visits could otherwise reach it through DNS rebinding (a name of the attacker's that
 * resolves to 127.0.0.1). A socket being closed answers new requests with 503 and lets the ones
 * in flight finish.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { CommandResult, responseJson, type CommandRegistry, type CommandResponse } from './commands.js';
import { hasNoClientAuthentication, isUnauthenticatedOnNetwork, type HttpAuthSpec, type HttpHeaderSpec, type HttpSocketSpec } from './sockets-config.js';

/** The largest command body accepted by default (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 1 << 20;
/** Kea's TIMEOUT_AGENT_RECEIVE_COMMAND and TIMEOUT_AGENT_IDLE_CONNECTION_TIMEOUT. */
const REQUEST_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 30_000;
/** How long close() lets the requests in flight finish before it cuts their connections. */
const DRAIN_TIMEOUT_MS = 60_000;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 408: 'Request Timeout', 413: 'Payload Too Large',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** A page served on GET. */
export interface HttpPage {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Buffer;
  /** Extra response headers (e.g. Content-Security-Policy); http-headers of the socket come after them. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the caller serves on GET (e.g. /metrics, a status page); undefined: no such page. */
export interface HttpPages {
  get(path: string, query: URLSearchParams): Promise<HttpPage | undefined>;
}

/** PEM contents for an HTTPS socket. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** CA certificates verifying clients. */
  readonly ca?: Buffer | readonly Buffer[];
}

export interface HttpControlSocketOptions {
  /** Default DEFAULT_MAX_BODY_BYTES. */
  readonly maxBodyBytes?: number;
  readonly pages?: HttpPages;
  /** Called at start, and at an update, when the socket is open to the network without authentication. */
  readonly onWarning?: (message: string) => void;
  /** A page handler that threw (the client got 500), a response that could not be sent, a listener error. */
  readonly onError?: (err: unknown) => void;
  /** TLS material; when absent for a `tls` spec, cert-file, key-file and trust-anchor are read (at start and at each update). */
  readonly tls?: TlsMaterial;
  /** Time to receive a whole request; default 10 s as Kea. For tests. */
  readonly requestTimeoutMs?: number;
}

export interface HttpControlSocket {
  /** The bound address and port (the port chosen by the system when the spec asked for 0). */
  readonly address: string;
  readonly port: number;
  /** The settings in use: the spec given at start or at the last update. */
  readonly spec: HttpSocketSpec;
  /**
   * Takes the authentication, http-headers and TLS settings of `spec` for the next requests
   * (and, with TLS, the next connections), re-reading the TLS files; open connections stay.
   * Nothing changes when it throws.
   * @throws Error naming the socket when `spec` has another address, port or TLS on/off, when an
   *   http-headers entry or the realm cannot be sent in a header, or when the TLS files cannot be read
   */
  update(spec: HttpSocketSpec, tls?: TlsMaterial): void;
  /** Stops listening at once; resolves once the requests in flight are answered and every connection is closed. */
  close(): Promise<void>;
}

/** What the request handler reads, swapped whole by update(). */
interface Settings {
  readonly spec: HttpSocketSpec;
  readonly isAuthorized: (header: string | undefined) => boolean;
  readonly challenge: Readonly<Record<string, string>>;
  /** Only an IP literal or localhost in Host (DNS rebinding). */
  readonly shouldCheckHost: boolean;
}

/** The mutable state of one socket, shared by the handler, update() and close(). */
interface SocketState {
  settings: Settings;
  isClosing: boolean;
}

/** `address:port` with IPv6 in brackets. */
function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * Listens on the spec's address and port and dispatches every command to `registry`.
 * @throws Error naming address:port when it cannot listen (EADDRINUSE, EACCES...), when the TLS
 *   files cannot be read, or when an http-headers entry or the authentication realm cannot be
 *   sent in an HTTP header
 * @example
 * const sock = await startHttpControlSocket(spec, registry, { onWarning: (m) => log.warn({ event: 'CONTROL_HTTP_OPEN' }, m) });
 */
export async function startHttpControlSocket(spec: HttpSocketSpec, registry: CommandRegistry, opts: HttpControlSocketOptions = {}): Promise<HttpControlSocket> {
  const where = endpoint(spec.address, spec.port);
  const state: SocketState = { settings: settingsOf(spec, where), isClosing: false };
  const timeoutMs = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const handler = makeHandler(state, registry, opts);
  const base: http.ServerOptions = {
    requestTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    keepAliveTimeout: IDLE_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1000, Math.max(50, timeoutMs / 4)),
  };
  const server = spec.tls
    ? https.createServer({ ...base, ...tlsOptions(spec, opts.tls, where), handshakeTimeout: timeoutMs }, handler)
    : http.createServer(base, handler);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, state.settings.spec.headers));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(`cannot listen on ${where} for control commands: ${err.code ?? err.message}`, { cause: err }));
    });
    server.listen({ host: spec.address, port: spec.port }, () => resolve());
  });
  // An error of the listener later on (EMFILE on accept...) must not become an uncaught exception.
  server.on('error', (err) => opts.onError?.(err));
  const bound = server.address() as AddressInfo;
  const url = `${spec.tls ? 'https' : 'http'}://${endpoint(bound.address, bound.port)}`;
  warnWhenOpen(spec, url, opts);
  let closing: Promise<void> | undefined;
  return {
    address: bound.address,
    port: bound.port,
    get spec() {
      return state.settings.spec;
    },
    update(next, tls) {
      if (next.address !== spec.address || next.port !== spec.port || next.tls !== spec.tls) {
        throw new Error(`control socket ${url}: an update cannot change the address, port or TLS on/off; close the socket and open another`);
      }
      const settings = settingsOf(next, where);
      if (next.tls) {
        const options = tlsOptions(next, tls ?? opts.tls, where);
        const secure = server as https.Server & { requestCert: boolean; rejectUnauthorized: boolean };
        secure.setSecureContext(options);
        // Read per connection by tls.Server (setSecureContext leaves them as they are).
        secure.requestCert = next.certRequired;
        secure.rejectUnauthorized = next.certRequired;
      }
      const wasOpen = isUnauthenticatedOnNetwork(state.settings.spec);
      state.settings = settings;
      if (!wasOpen) warnWhenOpen(next, url, opts);
    },
    close() {
      closing ??= drain(server, state);
      return closing;
    },
  };
}

/** Stops listening, answers new requests with 503, and resolves once every connection is gone. */
function drain(server: http.Server, state: SocketState): Promise<void> {
  state.isClosing = true;
  return new Promise<void>((resolve) => {
    // A request that hangs must not keep the port (and a reopening of it) forever.
    const timer = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    // Responses in flight carry Connection: close (send()); idle kept-alive connections go now.
    server.closeIdleConnections();
  });
}

function warnWhenOpen(spec: HttpSocketSpec, url: string, opts: HttpControlSocketOptions): void {
  if (!isUnauthenticatedOnNetwork(spec)) return;
  opts.onWarning?.(
    `control socket ${url} listens on a non-loopback address without authentication: anyone who can reach it can run every command ` +
    '(read the configuration and leases, replace the configuration with config-set, delete leases, shut the server down); ' +
    'add "authentication" clients (user-file/password-file) to the socket, require client certificates (https with cert-required), ' +
    'or set socket-address to 127.0.0.1',
  );
}

/** The handler's settings for `spec`. @throws Error when a header it would send is not valid */
function settingsOf(spec: HttpSocketSpec, where: string): Settings {
  for (const h of spec.headers) {
    try {
      http.validateHeaderName(h.name);
      http.validateHeaderValue(h.name, h.value);
    } catch (err) {
      throw new Error(`control socket ${where}: http-headers entry ${JSON.stringify(h.name)} is not a valid HTTP header`, { cause: err });
    }
  }
  // RFC 7235 §2.2: realm is a quoted-string, so '"' and '\' are escaped.
  const realm = (spec.auth?.realm ?? '').replace(/["\\]/g, '\\$&');
  const challenge = { 'WWW-Authenticate': `Basic realm="${realm}"` };
  try {
    http.validateHeaderValue('WWW-Authenticate', challenge['WWW-Authenticate']);
  } catch (err) {
    throw new Error(`control socket ${where}: authentication realm ${JSON.stringify(spec.auth?.realm ?? '')} cannot be sent in an HTTP header ` +
      '(WWW-Authenticate takes printable ASCII and Latin-1 characters only); change the realm', { cause: err });
  }
  return { spec, isAuthorized: authCheck(spec.auth), challenge, shouldCheckHost: hasNoClientAuthentication(spec) };
}

/** HTTPS options: Kea's verify_peer|fail_if_no_peer_cert for cert-required, verify_none otherwise. */
function tlsOptions(spec: HttpSocketSpec, given: TlsMaterial | undefined, where: string): https.ServerOptions {
  let material: TlsMaterial;
  try {
    material = given ?? {
      cert: readFileSync(spec.certFile ?? ''),
      key: readFileSync(spec.keyFile ?? ''),
      ca: readTrustAnchor(spec.trustAnchor ?? ''),
    };
  } catch (err) {
    throw new Error(`control socket ${where}: cannot read its TLS files (cert-file, key-file, trust-anchor)`, { cause: err });
  }
  const ca = material.ca === undefined ? undefined : Array.isArray(material.ca) ? [...(material.ca as Buffer[])] : (material.ca as Buffer);
  return { cert: material.cert, key: material.key, ...(ca === undefined ? {} : { ca }), requestCert: spec.certRequired, rejectUnauthorized: spec.certRequired };
}

/**
 * A trust anchor file, or every PEM certificate file of a trust anchor directory.
 * LIMITATION: OpenSSL's CA path (TlsContext::loadCaPath) only finds certificates through their
 * hashed names (c_rehash); this reads every file of the directory holding a certificate.
 */
function readTrustAnchor(anchor: string): Buffer[] {
  if (!statSync(anchor).isDirectory()) return [readFileSync(anchor)];
  const certs = readdirSync(anchor)
    .map((name) => path.join(anchor, name))
    .filter((file) => statSync(file).isFile()) // follows the hashed-name symlinks of c_rehash
    .map((file) => readFileSync(file))
    .filter((pem) => pem.includes('-----BEGIN CERTIFICATE-----'));
  if (certs.length === 0) throw new Error(`trust-anchor directory ${anchor} holds no PEM certificate`);
  return certs;
}

/** Kea's stock response body: `{ "result": <status>, "text": <reason phrase> }`. */
function stockBody(status: number, reason?: string): string {
  const text = STATUS_TEXT[status] ?? 'Error';
  return JSON.stringify({ result: status, text: reason === undefined ? text : `${text}: ${reason}` });
}

/** Answers a request Node's parser refused or that timed out, on the raw socket. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, headers: readonly HttpHeaderSpec[]): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = stockBody(status);
  const lines = [`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}`, 'Content-Type: application/json', ...headers.map((h) => `${h.name}: ${h.value}`),
    `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** The request body was not read: close the connection instead of draining it. */
  readonly shouldClose?: boolean;
}

const refuse = (status: number, reason?: string, headers?: Record<string, string>): Reply =>
  ({ status, contentType: 'application/json', body: stockBody(status, reason), shouldClose: true, ...(headers ? { headers } : {}) });

function makeHandler(state: SocketState, registry: CommandRegistry, opts: HttpControlSocketOptions): http.RequestListener {
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const route = async (req: http.IncomingMessage, s: Settings): Promise<Reply> => {
    if (state.isClosing) return refuse(503, 'this control socket is closing');
    const misaddressed = s.shouldCheckHost ? hostProblem(req.headers.host) : undefined;
    if (misaddressed !== undefined) return refuse(403, misaddressed);
    // Credentials are checked before the body is read, so an unauthenticated client cannot make
    // the server buffer anything (Kea reads the body first and would answer 400 to bad JSON).
    if (!s.isAuthorized(req.headers.authorization)) return refuse(401, undefined, s.challenge);
    if (req.method === 'GET' && opts.pages !== undefined) {
      const url = parseTarget(req.url ?? '/');
      if (url === undefined) return refuse(400, 'the request target is not a valid URL path');
      const page = await opts.pages.get(url.pathname, url.searchParams);
      if (page !== undefined) return { ...page, shouldClose: false };
    }
    if (req.method !== 'POST') return refuse(400, `use of HTTP ${req.method ?? ''} not allowed; commands are sent with POST`);
    if (req.headers['content-type']?.toLowerCase() !== 'application/json') return refuse(400, 'Content-Type must be application/json');
    const length = Number(req.headers['content-length']);
    if (req.headers['content-length'] === undefined || !Number.isSafeInteger(length)) return refuse(400, 'Content-Length is required');
    if (length > maxBytes) return refuse(413, `the command is larger than ${maxBytes} bytes`);
    const body = await readBody(req, maxBytes);
    return commandReply(body, registry);
  };
  const report = (err: unknown): void => {
    try {
      opts.onError?.(err);
    } catch (reportErr) {
      // The reporter itself failed: nothing is left to tell but the process's own warning channel.
      process.emitWarning(`control socket error reporter failed: ${String(reportErr)}`);
    }
  };
  return (req, res) => {
    // One settings snapshot per request: an update() in between does not mix two configurations.
    const s = state.settings;
    route(req, s)
      .then(
        (reply) => send(res, reply, s.spec.headers, state.isClosing, report),
        (err: unknown) => {
          // A client that went away mid-request has nobody to answer: that is the whole outcome.
          if (req.destroyed && !req.complete) return;
          report(err);
          send(res, refuse(500), s.spec.headers, state.isClosing, report);
        },
      )
      .catch(report);
  };
}

/** The request target as a URL, or undefined when it is not one (URL.parse is Node 22). */
function parseTarget(target: string): URL | undefined {
  try {
    return new URL(target, 'http://control');
  } catch (err) {
    if (err instanceof TypeError) return undefined; // ERR_INVALID_URL: the caller answers 400
    throw err;
  }
}

/**
 * Why a Host header is refused on a socket that authenticates nobody, or undefined when it is
 * absent, empty, an IP literal (with or without a port) or localhost.
 */
function hostProblem(host: string | undefined): string | undefined {
  if (host === undefined || host === '') return undefined;
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::\d*)?$/.exec(host);
  const name = m?.[1] ?? m?.[2];
  if (m?.[1] !== undefined ? net.isIPv6(m[1]) : name !== undefined && (net.isIPv4(name) || name.toLowerCase() === 'localhost')) return undefined;
  const shown = JSON.stringify(host.length > 100 ? `${host.slice(0, 100)}...` : host);
  return `the Host header ${shown} is not an IP address or localhost; this control socket has no authentication, so it answers only ` +
    'requests addressed to an IP address or localhost (a protection against DNS rebinding); address it by IP, or add "authentication" clients to it';
}

/** Sends `reply`; a failure (an invalid header from a page) destroys the connection and is reported, never thrown. */
function send(res: http.ServerResponse, reply: Reply, headers: readonly HttpHeaderSpec[], isClosing: boolean, report: (err: unknown) => void): void {
  if (res.headersSent || res.destroyed) return;
  try {
    res.statusCode = reply.status;
    res.setHeader('Content-Type', reply.contentType);
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    for (const h of headers) res.setHeader(h.name, h.value);
    if (reply.shouldClose === true || isClosing) res.setHeader('Connection', 'close');
    res.setHeader('Content-Length', Buffer.byteLength(reply.body));
    res.end(reply.body);
  } catch (err) {
    res.destroy();
    report(new Error(`control socket: the response could not be sent (status ${reply.status})`, { cause: err }));
  }
}

/** The whole body; never more than `maxBytes` are kept. @throws Error when the client goes away */
function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.destroy(new Error(`request body over ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before sending the whole command'));
    });
  });
}

/** Kea's processCommand on a parsed body, wrapped in a list (http_command_response_creator.cc). */
async function commandReply(body: Buffer, registry: CommandRegistry): Promise<Reply> {
  let response: CommandResponse;
  if (body.length === 0) {
    // Only an empty body reaches processCommand as a null pointer (JSON null is a null element).
    response = { result: CommandResult.Error, text: 'Command processing failed: NULL command parameter' };
  } else {
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch (err) {
      // HTTP 400 as Kea; the body's result is 1, the command channel's code for an error, rather
      // than the 400 of Kea's stock body, so that clients reading `result` see a failed command.
      const text = `Bad Request: the body is not JSON (${(err as Error).message})`;
      return { status: 400, contentType: 'application/json', body: JSON.stringify({ result: CommandResult.Error, text }), shouldClose: false };
    }
    response = await registry.dispatch(request);
  }
  return { status: 200, contentType: 'application/json', body: responseJson([response]) };
}

/** BasicHttpAuthConfig::checkAuth, comparing against every client in constant time. */
function authCheck(auth: HttpAuthSpec | undefined): (header: string | undefined) => boolean {
  if (auth === undefined || auth.clients.length === 0) return () => true;
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  const expected = auth.clients.map((c) => digest(Buffer.from(`${c.user}:${c.password}`, 'utf8').toString('base64')));
  return (header) => {
    const value = (header ?? '').trim();
    if (value.length < 8 || value.slice(0, 5).toLowerCase() !== 'basic') return false;
    const got = digest(value.slice(5).trim());
    let isMatch = false;
    for (const e of expected) isMatch = timingSafeEqual(e, got) || isMatch; // no early exit
    return isMatch;
  };
}
