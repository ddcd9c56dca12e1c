// The HTTP(S) control socket with real sockets on 127.0.0.1: Kea's list-wrapped responses, the
// `service` key, Kea's stock 400/401/408 answers, the body limit, GET pages, basic auth,
// http-headers, keep-alive, mutual TLS with certificates made by the openssl CLI, and Debian's
// kea-shell (Kea 2.2) as a client.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CommandRegistry } from './commands.js';
import { startHttpControlSocket, type HttpControlSocket, type HttpControlSocketOptions } from './http-socket.js';
import type { HttpSocketSpec } from './sockets-config.js';
import { makePki } from '../../test/helpers/pki.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type RequestOptions = http.RequestOptions & https.RequestOptions;

/** One request; `body` undefined sends none. TLS options switch to https. */
function request(port: number, opts: RequestOptions & { body?: string }): Promise<Answer> {
  const { body, ...rest } = opts;
  const isTls = rest.ca !== undefined;
  const headers = { ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }), ...rest.headers };
  return new Promise((resolve, reject) => {
    const req = (isTls ? https : http).request({ host: '127.0.0.1', port, method: body === undefined ? 'GET' : 'POST', agent: false, ...rest, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (port: number, body: string, opts: RequestOptions = {}): Promise<Answer> => request(port, { ...opts, body });

/** Sends raw bytes and collects everything until the server closes. */
function raw(port: number, text: string, end = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    let got = '';
    c.on('data', (d: Buffer) => (got += d.toString()));
    c.on('close', () => resolve(got));
    c.on('error', reject);
    c.on('connect', () => (end ? c.end(text) : c.write(text)));
  });
}

const registry = new CommandRegistry();
registry.register('echo', (args) => ({ result: 0, text: 'echo', arguments: args }), 'test');
registry.register('slow', async () => {
  await new Promise((r) => setTimeout(r, 400));
  return { result: 0, text: 'slow' };
}, 'test');
registry.register('big', () => ({ result: 0, arguments: { n: 1n } }), 'test');

const plain = (over: Partial<HttpSocketSpec> = {}): HttpSocketSpec => ({ tls: false, address: '127.0.0.1', port: 0, certRequired: true, headers: [], ...over });

let sock: HttpControlSocket | undefined;
const start = async (spec: HttpSocketSpec, opts: HttpControlSocketOptions = {}): Promise<number> => {
  sock = await startHttpControlSocket(spec, registry, opts);
  return sock.port;
};
afterEach(async () => {
  await sock?.close();
  sock = undefined;
});

describe('commands over HTTP', () => {
  it('answers a command with the response wrapped in a list, as application/json', async () => {
    const port = await start(plain());
    const a = await post(port, '{"command": "echo", "arguments": {"a": 1}}');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/json');
    expect(JSON.parse(a.body)).toEqual([{ result: 0, text: 'echo', arguments: { a: 1 } }]);
    expect(JSON.parse((await post(port, '{"command": "nope"}')).body)).toEqual([{ result: 2, text: "'nope' command not supported." }]);
  });

  it('ignores "service" as a Kea 3 daemon does (one response), and refuses other extra keys', async () => {
    const port = await start(plain());
    const a = await post(port, '{"command": "echo", "service": ["dhcp4", "dhcp6"], "arguments": {"x": true}}');
    expect(JSON.parse(a.body)).toEqual([{ result: 0, text: 'echo', arguments: { x: true } }]);
    expect(JSON.parse((await post(port, '{"command": "echo", "colour": 1}')).body))
      .toEqual([{ result: 1, text: "Error during command processing: invalid command: unsupported parameter 'colour'" }]);
    expect(JSON.parse((await post(port, '[1]')).body))
      .toEqual([{ result: 1, text: 'Error during command processing: invalid command: expected toplevel entry to be a map, got list instead' }]);
    expect(JSON.parse((await post(port, '')).body)).toEqual([{ result: 1, text: 'Command processing failed: NULL command parameter' }]);
  });

  it("gives Kea's 400 to a body that is not JSON, a wrong Content-Type and a missing one, and keeps serving", async () => {
    const port = await start(plain());
    const bad = await post(port, '{"command": ');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ result: 1, text: expect.stringMatching(/^Bad Request: the body is not JSON/) });
    const form = await post(port, '{"command": "echo"}', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect([form.status, JSON.parse(form.body)]).toEqual([400, { result: 400, text: 'Bad Request: Content-Type must be application/json' }]);
    const missing = await raw(port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 19\r\n\r\n{"command": "echo"}');
    expect(missing).toMatch(/^HTTP\/1.1 400 Bad Request\r\n/);
    expect((await post(port, '{"command": "echo"}')).status).toBe(200);
  });

  it('refuses a body over maxBodyBytes with 413 before it has arrived', async () => {
    const port = await start(plain(), { maxBodyBytes: 100 });
    // Announces 10 MB, sends 20 bytes and waits: the answer comes without the rest.
    const answer = await raw(port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"command": "echo",');
    expect(answer).toMatch(/^HTTP\/1.1 413 Payload Too Large\r\n/);
    expect(answer).toMatch(/Connection: close/i);
    expect(answer).toContain('{"result":413,"text":"Payload Too Large: the command is larger than 100 bytes"}');
    expect((await post(port, `{"command": "echo", "arguments": {"p": "${'x'.repeat(200)}"}}`)).status).toBe(413);
  });

  it('answers 408 to a client that does not finish its request in time, and not to a slow command', async () => {
    const port = await start(plain(), { requestTimeoutMs: 300 });
    const started = Date.now();
    const answer = await raw(port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"comm');
    expect(answer).toMatch(/^HTTP\/1.1 408 Request Timeout\r\n/);
    expect(answer).toContain('{"result":408,"text":"Request Timeout"}');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(JSON.parse((await post(port, '{"command": "slow"}')).body)).toEqual([{ result: 0, text: 'slow' }]);
  });

  it('keeps a connection alive across requests (as Stork does)', async () => {
    const port = await start(plain());
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const sockets = new Set<net.Socket>();
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': 19 } }, (res) => {
            res.resume();
            res.on('end', resolve);
          });
          req.on('socket', (s: net.Socket) => sockets.add(s));
          req.on('error', reject);
          req.end('{"command": "echo"}');
        });
      }
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('adds http-headers to every response, refusals included', async () => {
    const port = await start(plain({ headers: [{ name: 'Strict-Transport-Security', value: 'max-age=31536000' }] }));
    expect((await post(port, '{"command": "echo"}')).headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await post(port, 'nope')).headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await request(port, {})).headers['strict-transport-security']).toBe('max-age=31536000');
  });
});

describe('GET pages', () => {
  const pages = {
    get: async (p: string, q: URLSearchParams) =>
      p === '/metrics' ? { status: 200, contentType: 'text/plain; version=0.0.4', body: `up 1 ${q.get('x') ?? ''}`, headers: { 'Cache-Control': 'no-store' } } : undefined,
  };

  it('serves the pages the caller provides, and answers other GETs as Kea does (400)', async () => {
    const port = await start(plain(), { pages });
    const m = await request(port, { path: '/metrics?x=y' });
    expect([m.status, m.headers['content-type'], m.headers['cache-control'], m.body]).toEqual([200, 'text/plain; version=0.0.4', 'no-store', 'up 1 y']);
    const other = await request(port, { path: '/nothing' });
    expect([other.status, JSON.parse(other.body)]).toEqual([400, { result: 400, text: 'Bad Request: use of HTTP GET not allowed; commands are sent with POST' }]);
  });

  it('answers GET with 400 when there are no pages', async () => {
    const port = await start(plain());
    expect((await request(port, { path: '/metrics' })).status).toBe(400);
  });

  it('answers 500 and reports the error when a page fails', async () => {
    const errors: unknown[] = [];
    const port = await start(plain(), { pages: { get: async () => { throw new Error('boom'); } }, onError: (e) => errors.push(e) });
    const a = await request(port, { path: '/' });
    expect([a.status, JSON.parse(a.body)]).toEqual([500, { result: 500, text: 'Internal Server Error' }]);
    expect(errors).toEqual([new Error('boom')]);
  });
});

describe('basic authentication', () => {
  const auth = { realm: 'kea-dhcpv4-server', clients: [{ user: 'admin', password: 's3cret' }, { user: 'stork', password: 'other' }] };
  const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

  it('answers 401 with a Basic challenge without credentials or with wrong ones, and 200 with right ones', async () => {
    const port = await start(plain({ auth }));
    const none = await post(port, '{"command": "echo"}');
    expect([none.status, none.headers['www-authenticate'], JSON.parse(none.body)]).toEqual([401, 'Basic realm="kea-dhcpv4-server"', { result: 401, text: 'Unauthorized' }]);
    for (const wrong of [basic('admin:nope'), basic('admin'), 'Bearer abcdefgh', 'Basic']) {
      expect((await post(port, '{"command": "echo"}', { headers: { Authorization: wrong } })).status).toBe(401);
    }
    expect((await request(port, { path: '/metrics' })).status).toBe(401);
    const ok = await post(port, '{"command": "echo"}', { headers: { Authorization: basic('stork:other') } });
    expect([ok.status, JSON.parse(ok.body)]).toEqual([200, [{ result: 0, text: 'echo', arguments: {} }]]);
    // checkAuth: the scheme in any case, spaces around the token.
    expect((await post(port, '{"command": "echo"}', { headers: { Authorization: `  bAsIc   ${Buffer.from('admin:s3cret').toString('base64')} ` } })).status).toBe(200);
  });

  it('lets everyone in when the client list is empty, as Kea does', async () => {
    const port = await start(plain({ auth: { realm: 'r', clients: [] } }));
    expect((await post(port, '{"command": "echo"}')).status).toBe(200);
  });
});

describe('start-up', () => {
  it('warns loudly when open to the network without authentication, and not on loopback', async () => {
    const warnings: string[] = [];
    await start(plain({ address: '0.0.0.0' }), { onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^control socket http:\/\/0\.0\.0\.0:\d+ listens on a non-loopback address without authentication: anyone who can reach it can run every command/);
    expect(warnings[0]).toMatch(/add "authentication" clients .* or set socket-address to 127\.0\.0\.1$/);
    await sock?.close();
    await start(plain(), { onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
  });

  it('rejects with the address and port when the port is taken', async () => {
    const port = await start(plain());
    await expect(startHttpControlSocket(plain({ port }), registry)).rejects.toThrow(`cannot listen on 127.0.0.1:${port} for control commands: EADDRINUSE`);
  });

  it('rejects an http-headers entry that is not a valid header', async () => {
    await expect(startHttpControlSocket(plain({ headers: [{ name: 'X-A', value: 'a\r\nInjected: 1' }] }), registry))
      .rejects.toThrow('control socket 127.0.0.1:0: http-headers entry "X-A" is not a valid HTTP header');
  });
});

describe('what a client cannot break', () => {
  const auth = (realm: string) => ({ realm, clients: [{ user: 'admin', password: 's3cret' }] });

  it('refuses at start a realm that cannot be sent in a header, naming the socket (it used to crash the process on the first 401)', async () => {
    await expect(startHttpControlSocket(plain({ auth: auth('réseau 网络') }), registry))
      .rejects.toThrow('control socket 127.0.0.1:0: authentication realm "réseau 网络" cannot be sent in an HTTP header (WWW-Authenticate takes printable ASCII and Latin-1 characters only); change the realm');
  });

  it('escapes quotes and backslashes of the realm in the challenge', async () => {
    const port = await start(plain({ auth: auth('lab "west" \\ 1') }));
    expect((await post(port, '{"command": "echo"}')).headers['www-authenticate']).toBe('Basic realm="lab \\"west\\" \\\\ 1"');
  });

  it('destroys the connection and reports a response that cannot be sent, and keeps serving', async () => {
    const errors: unknown[] = [];
    const pages = { get: async () => ({ status: 200, contentType: 'text/plain', body: 'x', headers: { 'X-Bad': 'a\nb' } }) };
    const port = await start(plain(), { pages, onError: (e) => errors.push(e) });
    await expect(request(port, { path: '/' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(errors).toEqual([new Error('control socket: the response could not be sent (status 200)')]);
    expect((await post(port, '{"command": "echo"}')).status).toBe(200);
  });

  it('answers 400 to a GET whose target is not a URL path', async () => {
    const errors: unknown[] = [];
    const port = await start(plain(), { pages: { get: async () => undefined }, onError: (e) => errors.push(e) });
    const answer = await raw(port, 'GET //[x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1.1 400 Bad Request\r\n/);
    expect(answer).toContain('the request target is not a valid URL path');
    expect(errors).toEqual([]);
  });

  it('answers result 1 when a response cannot be encoded as JSON (a BigInt)', async () => {
    const port = await start(plain());
    const a = await post(port, '{"command": "big"}');
    expect([a.status, JSON.parse(a.body)]).toEqual([200, [{ result: 1, text: 'the response could not be encoded as JSON: Do not know how to serialize a BigInt' }]]);
  });
});

describe('DNS rebinding (a socket that authenticates nobody)', () => {
  it('answers 403 to a Host that is a name other than localhost', async () => {
    const port = await start(plain());
    const a = await post(port, '{"command": "echo"}', { headers: { Host: 'evil.example:8000' } });
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body)).toEqual({
      result: 403,
      text: 'Forbidden: the Host header "evil.example:8000" is not an IP address or localhost; this control socket has no authentication, so it answers only ' +
        'requests addressed to an IP address or localhost (a protection against DNS rebinding); address it by IP, or add "authentication" clients to it',
    });
    expect((await request(port, { path: '/metrics', headers: { Host: 'evil.example' } })).status).toBe(403);
  });

  it('accepts an IP literal, localhost, or no Host at all', async () => {
    const port = await start(plain());
    for (const host of ['127.0.0.1', `127.0.0.1:${port}`, '10.1.2.3', '[::1]', `[::1]:${port}`, 'localhost', `LocalHost:${port}`]) {
      expect([host, (await post(port, '{"command": "echo"}', { headers: { Host: host } })).status]).toEqual([host, 200]);
    }
    const noHost = await raw(port, 'POST / HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: 19\r\n\r\n{"command": "echo"}');
    expect(noHost).toMatch(/^HTTP\/1.1 200 OK\r\n/);
  });

  it('does not apply to a socket with authentication clients', async () => {
    const port = await start(plain({ auth: { realm: 'r', clients: [{ user: 'admin', password: 's3cret' }] } }));
    const basic = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;
    expect((await post(port, '{"command": "echo"}', { headers: { Host: 'dhcp.example.org', Authorization: basic } })).status).toBe(200);
  });
});

describe('update and close', () => {
  const agentPost = (port: number, agent: http.Agent, body: string): Promise<Answer & { socket: net.Socket }> =>
    new Promise((resolve, reject) => {
      let socket: net.Socket | undefined;
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, socket: socket as net.Socket }));
      });
      req.on('socket', (s: net.Socket) => (socket = s));
      req.on('error', reject);
      req.end(body);
    });

  it('takes new http-headers and authentication in place: a kept-alive connection stays and sees them', async () => {
    await start(plain({ headers: [{ name: 'X-Site', value: 'one' }] }));
    const port = sock?.port ?? 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await agentPost(port, agent, '{"command": "echo"}');
      expect(first.headers['x-site']).toBe('one');
      sock?.update(plain({ headers: [{ name: 'X-Site', value: 'two' }], auth: { realm: 'new', clients: [{ user: 'a', password: 'b' }] } }));
      const second = await agentPost(port, agent, '{"command": "echo"}');
      expect([second.status, second.headers['x-site'], second.headers['www-authenticate'], second.socket]).toEqual([401, 'two', 'Basic realm="new"', first.socket]);
    } finally {
      agent.destroy();
    }
  });

  it('refuses an update with a bad realm or another port, and keeps its settings', async () => {
    await start(plain({ headers: [{ name: 'X-Site', value: 'one' }] }));
    expect(() => sock?.update(plain({ auth: { realm: '网络', clients: [] } }))).toThrow(/authentication realm "网络" cannot be sent/);
    expect(() => sock?.update(plain({ port: 1 }))).toThrow(/an update cannot change the address, port or TLS on\/off/);
    expect((await post(sock?.port ?? 0, '{"command": "echo"}')).headers['x-site']).toBe('one');
  });

  it('on close, stops listening, answers the requests in flight (with Connection: close), then resolves', async () => {
    const port = await start(plain());
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    try {
      await agentPost(port, agent, '{"command": "echo"}'); // leaves an idle kept-alive connection
      const slow = agentPost(port, agent, '{"command": "slow"}');
      await new Promise((r) => setTimeout(r, 100));
      const closed = sock?.close();
      const answer = await slow;
      expect([answer.status, JSON.parse(answer.body), answer.headers.connection]).toEqual([200, [{ result: 0, text: 'slow' }], 'close']);
      await closed;
      await expect(post(port, '{"command": "echo"}')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      agent.destroy();
      sock = undefined;
    }
  });
});

describe('HTTPS with client certificates', () => {
  let dir: string;
  const pem = (name: string): Buffer => readFileSync(path.join(dir, name));
  beforeAll(() => {
    dir = makePki();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tlsSpec = (certRequired: boolean): HttpSocketSpec =>
    plain({ tls: true, certRequired, trustAnchor: path.join(dir, 'ca.pem'), certFile: path.join(dir, 'server.pem'), keyFile: path.join(dir, 'server.key') });
  const as = (name?: string): RequestOptions => ({ ca: pem('ca.pem'), ...(name === undefined ? {} : { cert: pem(`${name}.pem`), key: pem(`${name}.key`) }) });

  it('with cert-required, accepts a client certificate from the trust anchor and refuses none or another CA', async () => {
    const port = await start(tlsSpec(true)); // reads cert-file, key-file and trust-anchor itself
    const ok = await post(port, '{"command": "echo"}', as('client'));
    expect([ok.status, JSON.parse(ok.body)]).toEqual([200, [{ result: 0, text: 'echo', arguments: {} }]]);
    // TLS 1.3: the refusal arrives as an alert after the client's handshake, on the first read.
    await expect(post(port, '{"command": "echo"}', as())).rejects.toThrow(/certificate required|socket hang up|ECONNRESET/);
    await expect(post(port, '{"command": "echo"}', as('stranger'))).rejects.toThrow(/unknown ca|socket hang up|ECONNRESET/);
  });

  it('without cert-required, accepts a client without a certificate (Kea: verify_none)', async () => {
    const port = await start(tlsSpec(false), { tls: { cert: pem('server.pem'), key: pem('server.key'), ca: pem('ca.pem') } });
    expect((await post(port, '{"command": "echo"}', as())).status).toBe(200);
  });

  it('reads a trust-anchor directory', async () => {
    const port = await start({ ...tlsSpec(true), trustAnchor: dir });
    expect((await post(port, '{"command": "echo"}', as('client'))).status).toBe(200);
  });

  it('rejects at start when the TLS files cannot be read', async () => {
    await expect(startHttpControlSocket({ ...tlsSpec(true), certFile: path.join(dir, 'missing.pem') }, registry))
      .rejects.toThrow('control socket 127.0.0.1:0: cannot read its TLS files (cert-file, key-file, trust-anchor)');
  });
});

const KEA_SHELL = '/usr/sbin/kea-shell';

describe.skipIf(!existsSync(KEA_SHELL))("Kea 2.2's kea-shell as a client", () => {
  /** Runs kea-shell with empty stdin; resolves to its stdout. */
  function keaShell(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(KEA_SHELL, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kea-shell exited ${code}: ${out}${err}`))));
      child.stdin.end();
    });
  }

  it('talks HTTPS with a client certificate (--ca, --cert, --key)', async () => {
    const dir = makePki();
    try {
      const f = (n: string) => path.join(dir, n);
      const port = await start(plain({ tls: true, trustAnchor: f('ca.pem'), certFile: f('server.pem'), keyFile: f('server.key') }));
      const out = await keaShell(['--host', '127.0.0.1', '--port', String(port), '--ca', f('ca.pem'), '--cert', f('client.pem'), '--key', f('client.key'), 'list-commands']);
      expect(JSON.parse(out)).toMatchObject([{ result: 0 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gets the list-wrapped response of list-commands, through basic authentication', async () => {
    const port = await start(plain({ auth: { realm: 'r', clients: [{ user: 'admin', password: 's3cret' }] } }));
    const out = await keaShell(['--host', '127.0.0.1', '--port', String(port), '--auth-user', 'admin', '--auth-password', 's3cret', '--service', 'dhcp4', 'list-commands']);
    expect(JSON.parse(out)).toEqual([{ result: 0, arguments: ['big', 'echo', 'list-commands', 'slow'] }]);
  });
});
