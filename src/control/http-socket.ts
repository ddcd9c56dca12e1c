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
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { CommandResult, type CommandRegistry, type CommandResponse } from './commands.js';
import { isUnauthenticatedOnNetwork, type HttpAuthSpec, type HttpHeaderSpec, type HttpSocketSpec } from './sockets-config.js';

/** The largest command body accepted by default (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 1 << 20;
/** Kea's TIMEOUT_AGENT_RECEIVE_COMMAND and TIMEOUT_AGENT_IDLE_CONNECTION_TIMEOUT. */
const REQUEST_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 30_000;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 408: 'Request Timeout', 413: 'Payload Too Large', 500: 'Internal Server Error',
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
  /** Called once at start when the socket is open to the network without authentication. */
  readonly onWarning?: (message: string) => void;
  /** A page handler that threw (the client got 500). */
  readonly onError?: (err: unknown) => void;
  /** TLS material; when absent for a `tls` spec, cert-file, key-file and trust-anchor are read. */
  readonly tls?: TlsMaterial;
  /** Time to receive a whole request; default 10 s as Kea. For tests. */
  readonly requestTimeoutMs?: number;
}

export interface HttpControlSocket {
  /** The bound address and port (the port chosen by the system when the spec asked for 0). */
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/** `address:port` with IPv6 in brackets. */
function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * Listens on the spec's address and port and dispatches every command to `registry`.
 * @throws Error naming address:port when it cannot listen (EADDRINUSE, EACCES...), when the TLS
 *   files cannot be read, or when an http-headers entry is not a valid HTTP header
 * @example
 * const sock = await startHttpControlSocket(spec, registry, { onWarning: (m) => log.warn({ event: 'CONTROL_HTTP_OPEN' }, m) });
 */
export async function startHttpControlSocket(spec: HttpSocketSpec, registry: CommandRegistry, opts: HttpControlSocketOptions = {}): Promise<HttpControlSocket> {
  const where = endpoint(spec.address, spec.port);
  for (const h of spec.headers) {
    try {
      http.validateHeaderName(h.name);
      http.validateHeaderValue(h.name, h.value);
    } catch (err) {
      throw new Error(`control socket ${where}: http-headers entry ${JSON.stringify(h.name)} is not a valid HTTP header`, { cause: err });
    }
  }
  const timeoutMs = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const handler = makeHandler(spec, registry, opts);
  const base: http.ServerOptions = {
    requestTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    keepAliveTimeout: IDLE_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1000, Math.max(50, timeoutMs / 4)),
  };
  const server = spec.tls
    ? https.createServer({ ...base, ...tlsOptions(spec, opts.tls, where), handshakeTimeout: timeoutMs }, handler)
    : http.createServer(base, handler);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, spec.headers));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(`cannot listen on ${where} for control commands: ${err.code ?? err.message}`, { cause: err }));
    });
    server.listen({ host: spec.address, port: spec.port }, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  const url = `${spec.tls ? 'https' : 'http'}://${endpoint(bound.address, bound.port)}`;
  if (isUnauthenticatedOnNetwork(spec)) {
    opts.onWarning?.(
      `control socket ${url} listens on a non-loopback address without authentication: anyone who can reach it can run every command ` +
      '(read the configuration and leases, replace the configuration with config-set, delete leases, shut the server down); ' +
      'add "authentication" clients (user-file/password-file) to the socket, require client certificates (https with cert-required), ' +
      'or set socket-address to 127.0.0.1',
    );
  }
  return {
    address: bound.address,
    port: bound.port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
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

function makeHandler(spec: HttpSocketSpec, registry: CommandRegistry, opts: HttpControlSocketOptions): http.RequestListener {
  const isAuthorized = authCheck(spec.auth);
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const challenge = { 'WWW-Authenticate': `Basic realm="${spec.auth?.realm ?? ''}"` };
  const route = async (req: http.IncomingMessage): Promise<Reply> => {
    // Credentials are checked before the body is read, so an unauthenticated client cannot make
    // the server buffer anything (Kea reads the body first and would answer 400 to bad JSON).
    if (!isAuthorized(req.headers.authorization)) return refuse(401, undefined, challenge);
    if (req.method === 'GET' && opts.pages !== undefined) {
      const url = new URL(req.url ?? '/', 'http://control');
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
  return (req, res) => {
    void route(req).then(
      (reply) => send(res, reply, spec.headers),
      (err: unknown) => {
        // A client that went away mid-request has nobody to answer: that is the whole outcome.
        if (req.destroyed && !req.complete) return;
        opts.onError?.(err);
        send(res, refuse(500), spec.headers);
      },
    );
  };
}

function send(res: http.ServerResponse, reply: Reply, headers: readonly HttpHeaderSpec[]): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = reply.status;
  res.setHeader('Content-Type', reply.contentType);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  for (const h of headers) res.setHeader(h.name, h.value);
  if (reply.shouldClose === true) res.setHeader('Connection', 'close');
  res.setHeader('Content-Length', Buffer.byteLength(reply.body));
  res.end(reply.body);
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
    const invalid = checkEnvelope(request);
    if (invalid !== undefined) {
      response = { result: CommandResult.Error, text: `Error during command processing: invalid command: ${invalid}` };
    } else {
      const { command, arguments: args } = request as { command: string; arguments?: unknown };
      response = await registry.dispatch(args === undefined ? { command } : { command, arguments: args });
    }
  }
  return { status: 200, contentType: 'application/json', body: JSON.stringify([response]) };
}

const ENVELOPE_KEYS = new Set(['command', 'arguments', 'service', 'remote-address']);

/** command_interpreter.cc parseCommand; the reason a request is not a command, or undefined. */
function checkEnvelope(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return `expected toplevel entry to be a map, got ${keaTypeName(request)} instead`;
  const map = request as Record<string, unknown>;
  if (!('command' in map)) return "does not contain mandatory 'command'";
  const extra = Object.keys(map).find((k) => !ENVELOPE_KEYS.has(k));
  if (extra !== undefined) return `unsupported parameter '${extra}'`;
  if (typeof map['command'] !== 'string') return `expected 'command' to be a string, got ${keaTypeName(map['command'])} instead`;
  return undefined;
}

/** Element::typeToName. */
function keaTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'real';
  if (typeof v === 'object') return 'map';
  return typeof v === 'boolean' ? 'boolean' : 'string';
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
