// The control channel following configurations, with real sockets on 127.0.0.1 and a fake
// registry whose config-set calls follow() as the appliance does: a configuration sent over a
// socket that changes or removes that very socket still gets its answer; a kept-alive client
// survives a change of http-headers; a renewed certificate file is served after the next
// follow(); an HTTP socket switched to HTTPS reopens after its answer; nothing opens after close().
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import type tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ControlChannel, type ChannelPages } from './channel.js';
import { CommandRegistry } from './commands.js';
import type { ControlSocketsHolder } from './sockets-config.js';
import { makePki } from '../../test/helpers/pki.js';

type Socket4 = NonNullable<ControlSocketsHolder['control-sockets']>[number];

const pages: ChannelPages = {
  metrics: () => { throw new Error('no metrics in this test'); },
  statusPage: () => { throw new Error('no status page in this test'); },
};

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: net.Socket;
}

/** POSTs a command; `agent` keeps the connection, `ca` switches to https. */
function post(url: string, command: unknown, opts: { agent?: http.Agent; ca?: Buffer } = {}): Promise<Answer> {
  const body = JSON.stringify(command);
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let socket: net.Socket | undefined;
    const options = {
      host: u.hostname, port: Number(u.port), method: 'POST', agent: opts.agent ?? false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
    };
    const req = (u.protocol === 'https:' ? https : http).request(options, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, socket: socket as net.Socket }));
    });
    req.on('socket', (s: net.Socket) => (socket = s));
    req.on('error', reject);
    req.end(body);
  });
}

const httpSocket = (over: Partial<Socket4> = {}): Socket4 => ({ 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': 0, ...over });

let channel: ControlChannel | undefined;
const logged: string[] = [];

/** A channel whose registry has echo and a config-set that applies `arguments.sockets` through follow(). */
function makeChannel(): ControlChannel {
  const registry = new CommandRegistry();
  const c = new ControlChannel(registry, {
    pages,
    log: { info: (code) => logged.push(code), warn: (code, m) => logged.push(`${code} ${m}`), error: (code, m) => logged.push(`${code} ${m}`) },
  });
  registry.register('echo', () => ({ result: 0, text: 'echo' }), 'test');
  registry.register('config-set', async (args) => {
    await c.follow({ 'control-sockets': args['sockets'] as Socket4[] });
    return { result: 0, text: 'Configuration successful.' };
  }, 'test');
  channel = c;
  return c;
}

const onlyUrl = (c: ControlChannel): string => {
  expect(c.endpoints).toHaveLength(1);
  return c.endpoints[0] as string;
};

afterEach(async () => {
  await channel?.close();
  channel = undefined;
  logged.length = 0;
});

describe('ControlChannel.follow', () => {
  it('answers a config-set that changes the http-headers of the socket carrying it, and keeps the connection', async () => {
    const c = makeChannel();
    await c.follow({ 'control-sockets': [httpSocket({ 'http-headers': [{ name: 'X-Site', value: 'one' }] })] });
    const url = onlyUrl(c);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await post(url, { command: 'echo' }, { agent });
      expect(first.headers['x-site']).toBe('one');
      const set = await post(url, { command: 'config-set', arguments: { sockets: [httpSocket({ 'http-headers': [{ name: 'X-Site', value: 'two' }] })] } }, { agent });
      expect([set.status, JSON.parse(set.body)]).toEqual([200, [{ result: 0, text: 'Configuration successful.' }]]);
      const after = await post(url, { command: 'echo' }, { agent });
      expect([after.headers['x-site'], after.socket]).toEqual(['two', first.socket]);
      expect(c.endpoints).toEqual([url]);
    } finally {
      agent.destroy();
    }
  });

  it('answers a config-set that removes the socket carrying it, then closes that socket', async () => {
    const c = makeChannel();
    await c.follow({ 'control-sockets': [httpSocket()] });
    const url = onlyUrl(c);
    const set = await post(url, { command: 'config-set', arguments: { sockets: [] } });
    expect([set.status, JSON.parse(set.body)]).toEqual([200, [{ result: 0, text: 'Configuration successful.' }]]);
    expect(c.endpoints).toEqual([]);
    await vi.waitFor(() => expect(logged).toContain('DHCP4_CONTROL_SOCKET_CLOSED'));
    await expect(post(url, { command: 'echo' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('closes nothing and opens nothing after close(), even for a follow() already on its way', async () => {
    const c = makeChannel();
    const late = c.follow({ 'control-sockets': [httpSocket()] }); // queued before close(), runs after it
    await c.close();
    await late;
    expect(c.endpoints).toEqual([]);
    await c.follow({ 'control-sockets': [httpSocket()] });
    expect(c.endpoints).toEqual([]);
    expect(logged).not.toContain('DHCP4_CONTROL_SOCKET_OPENED');
  });
});

describe('ControlChannel.follow with TLS', () => {
  let pki: string;
  let other: string;
  let dir: string;
  beforeAll(() => {
    pki = makePki();
    other = makePki();
  });
  afterAll(() => {
    rmSync(pki, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const httpsSocket = (): Socket4 => ({
    'socket-type': 'https', 'socket-address': '127.0.0.1', 'socket-port': 0, 'cert-required': false,
    'trust-anchor': path.join(dir, 'ca.pem'), 'cert-file': path.join(dir, 'server.pem'), 'key-file': path.join(dir, 'server.key'),
  });
  const install = (from: string): void => {
    for (const f of ['ca.pem', 'server.pem', 'server.key']) copyFileSync(path.join(from, f), path.join(dir, f));
  };
  /** The fingerprint of the certificate a new connection to `url` is served. */
  const servedCert = (url: string): Promise<string> => {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const req = https.request({ host: u.hostname, port: Number(u.port), method: 'GET', agent: false, rejectUnauthorized: false }, (res) => {
        resolve((res.socket as tls.TLSSocket).getPeerCertificate().fingerprint256);
        res.resume();
      });
      req.on('error', reject);
      req.end();
    });
  };
  const fingerprint = (pem: string): string => new X509Certificate(readFileSync(path.join(pem, 'server.pem'))).fingerprint256;

  it('serves a renewed certificate file from the next follow()', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-channel-'));
    install(pki);
    const c = makeChannel();
    await c.follow({ 'control-sockets': [httpsSocket()] });
    const url = onlyUrl(c);
    expect(await servedCert(url)).toBe(fingerprint(pki));
    install(other); // the certificate is renewed under the same file names
    await c.follow({ 'control-sockets': [httpsSocket()] });
    expect(c.endpoints).toEqual([url]);
    expect(await servedCert(url)).toBe(fingerprint(other));
  });

  it('answers a config-set that switches its socket from HTTP to HTTPS, then reopens it with TLS', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-channel-'));
    install(pki);
    const c = makeChannel();
    await c.follow({ 'control-sockets': [httpSocket()] });
    const set = await post(onlyUrl(c), { command: 'config-set', arguments: { sockets: [httpsSocket()] } });
    expect([set.status, JSON.parse(set.body)]).toEqual([200, [{ result: 0, text: 'Configuration successful.' }]]);
    await vi.waitFor(() => expect(c.endpoints[0]).toMatch(/^https:/));
    const echo = await post(onlyUrl(c), { command: 'echo' }, { ca: readFileSync(path.join(dir, 'ca.pem')) });
    expect(JSON.parse(echo.body)).toEqual([{ result: 0, text: 'echo' }]);
  });
});
