// The control channel of the real `gitdhcp serve` process, as an operator and their tools use it
// (issue 6): Kea's control-sockets from the configuration (unix; http with basic auth whose
// password is in a password-file; https with client certificates), the list-wrapped HTTP answers,
// Kea's kea-shell as a client, configuration changes by command (config-set, subnet4-add,
// config-write, config-reload) that also move the control sockets, dhcp-disable, /metrics after a
// lease change, the status page rendered by headless Chromium, gitdhcp leases / stats, shutdown
// with an exit value; an HTTP socket open to the network without authentication (warned at start
// and by config-test); and in git mode the refusal of configuration changes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendCommand } from '../../src/control/unix-socket.js';
import { GITDHCP, ROOT, gitdhcp } from '../helpers/cli.js';
import { makePki } from '../helpers/pki.js';
import { netnsSkipReason, waitUntil, TestNet } from '../helpers/netns.js';

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A port nobody listens on now (bound, then released). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function request(port: number, body: string | undefined, opts: https.RequestOptions = {}, tls = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }) };
    const req = (tls ? https : http).request({ host: '127.0.0.1', port, method: body === undefined ? 'GET' : 'POST', path: '/', agent: false, ...opts, headers: { ...headers, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const ADMIN = { Authorization: `Basic ${Buffer.from('admin:s3cret-pass').toString('base64')}` };

/** POSTs a command with the admin's credentials; returns the one answer of Kea's list. */
async function command(port: number, name: string, args?: Record<string, unknown>): Promise<{ result: number; text?: string; arguments?: any }> {
  const r = await request(port, JSON.stringify(args === undefined ? { command: name } : { command: name, arguments: args }), { headers: ADMIN });
  expect(r.status).toBe(200);
  const list = JSON.parse(r.body) as unknown[];
  expect(Array.isArray(list)).toBe(true);
  expect(list).toHaveLength(1);
  return list[0] as { result: number; text?: string; arguments?: unknown };
}

interface Proc {
  readonly child: ChildProcess;
  log(): string;
  exit: Promise<number | null>;
}

function start(args: readonly string[], env: Record<string, string> = {}, prefix: readonly string[] = []): Proc {
  const argv = [...prefix, process.execPath, GITDHCP, ...args];
  const child = spawn(argv[0] as string, argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, log: () => out, exit };
}

async function waitForLog(p: Proc, text: string, timeoutMs = 15_000): Promise<void> {
  await waitUntil(`the log to show ${text}`, () => {
    if (p.log().includes(text)) return true;
    if (p.child.exitCode !== null) throw new Error(`gitdhcp exited (${p.child.exitCode}) before logging ${text}:\n${p.log()}`);
    return false;
  }, { timeoutMs });
}

async function stop(p: Proc | undefined): Promise<void> {
  if (p === undefined || p.child.exitCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await p.exit;
  clearTimeout(timer);
}

const hasChromium = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).status === 0;

describe('gitdhcp serve -c: the control channel', () => {
  let dir: string;
  let pki: string;
  let httpPort: number;
  let httpsPort: number;
  let server: Proc | undefined;
  let configFile: string;

  const dhcp4 = (extra: Record<string, unknown> = {}, sockets?: unknown[]): Record<string, unknown> => ({
    'interfaces-config': { interfaces: [] },
    'lease-database': { type: 'memfile', name: path.join(dir, 'leases4.csv'), 'lfc-interval': 0 },
    'valid-lifetime': 3600,
    'control-sockets': sockets ?? [
      { 'socket-type': 'unix', 'socket-name': path.join(dir, 'kea4.sock') },
      {
        'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': httpPort,
        authentication: { type: 'basic', realm: 'lab-dhcp', directory: dir, clients: [{ user: 'admin', 'password-file': 'admin.pw' }] },
        'http-headers': [{ name: 'Strict-Transport-Security', value: 'max-age=31536000' }],
      },
      {
        'socket-type': 'https', 'socket-address': '127.0.0.1', 'socket-port': httpsPort,
        'trust-anchor': path.join(pki, 'ca.pem'), 'cert-file': path.join(pki, 'server.pem'), 'key-file': path.join(pki, 'server.key'), 'cert-required': true,
      },
    ],
    subnet4: [{ id: 1, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.10 - 192.0.2.200' }] }],
    loggers: [{ name: 'kea-dhcp4', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
    ...extra,
  });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-control-'));
    pki = makePki();
    writeFileSync(path.join(dir, 'admin.pw'), 's3cret-pass\n', { mode: 0o600 });
    httpPort = await freePort();
    httpsPort = await freePort();
    configFile = path.join(dir, 'kea-dhcp4.json');
    writeFileSync(configFile, JSON.stringify({ Dhcp4: dhcp4() }, null, 2));
    server = start(['serve', '-c', configFile, '--data-dir', dir]);
    await waitForLog(server, `control socket https://127.0.0.1:${httpsPort} open`);
  });
  afterAll(async () => {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
    rmSync(pki, { recursive: true, force: true });
  });

  it('answers on the unix socket of the configuration and on its own, and over HTTP in Kea\'s list with the http-headers', async () => {
    const viaUnix = await sendCommand(path.join(dir, 'kea4.sock'), { command: 'config-hash-get' });
    expect(viaUnix.result).toBe(0);
    const own = await sendCommand(path.join(dir, 'state', 'control.sock'), { command: 'config-hash-get' });
    expect(own).toEqual(viaUnix);
    expect(statSync(path.join(dir, 'state', 'control.sock')).mode & 0o777).toBe(0o600);
    const r = await request(httpPort, JSON.stringify({ command: 'config-hash-get', service: ['dhcp4'] }), { headers: ADMIN });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(JSON.parse(r.body)).toEqual([viaUnix]);
  });

  it('basic auth with the password-file: no or wrong credentials get 401 with the realm; kea-shell works with them', async () => {
    const none = await request(httpPort, JSON.stringify({ command: 'list-commands' }));
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Basic realm="lab-dhcp"');
    const wrong = await request(httpPort, JSON.stringify({ command: 'list-commands' }), { headers: { Authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    const shell = spawnSync('kea-shell', ['--host', '127.0.0.1', '--port', String(httpPort), '--auth-user', 'admin', '--auth-password', 's3cret-pass', 'status-get'], { input: '', encoding: 'utf8' });
    if (shell.error === undefined) {
      const answer = JSON.parse(shell.stdout) as Array<{ result: number; arguments: { pid: number } }>;
      expect(answer[0]?.result).toBe(0);
      expect(answer[0]?.arguments.pid).toBe(server?.child.pid);
    }
  });

  it('https with cert-required: a client certificate of the trust anchor is served, none or another CA\'s is refused', async () => {
    const tls = (name?: string): https.RequestOptions => ({
      ca: readFileSync(path.join(pki, 'ca.pem')),
      ...(name !== undefined ? { cert: readFileSync(path.join(pki, `${name}.pem`)), key: readFileSync(path.join(pki, `${name}.key`)) } : {}),
    });
    const ok = await request(httpsPort, JSON.stringify({ command: 'version-get' }), tls('client'), true);
    expect(ok.status).toBe(200);
    expect((JSON.parse(ok.body) as Array<{ result: number }>)[0]?.result).toBe(0);
    await expect(request(httpsPort, JSON.stringify({ command: 'version-get' }), tls(), true)).rejects.toThrow();
    await expect(request(httpsPort, JSON.stringify({ command: 'version-get' }), tls('stranger'), true)).rejects.toThrow();
  });

  it('malformed JSON gets result 1 with a reason; an oversized body is refused; the server keeps answering', async () => {
    const bad = await request(httpPort, '{"command": "status-get"', { headers: ADMIN });
    expect(bad.status).toBe(400);
    const parsed = JSON.parse(bad.body) as { result: number; text: string } | Array<{ result: number; text: string }>;
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    expect(first?.result === 1 || first?.result === 400).toBe(true);
    expect(first?.text.length).toBeGreaterThan(5);
    const big = await request(httpPort, JSON.stringify({ command: 'config-test', arguments: { pad: 'x'.repeat(2 << 20) } }), { headers: ADMIN }).catch((err: Error) => ({ status: -1, body: err.message, headers: {} }));
    expect([413, -1]).toContain(big.status);
    expect((await command(httpPort, 'status-get')).result).toBe(0);
  });

  it('config-set and subnet4-add apply at once; config-write writes a file that loads; config-reload goes back to the file', async () => {
    const added = dhcp4({ subnet4: [{ id: 1, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.10 - 192.0.2.200' }] }, { id: 2, subnet: '198.51.100.0/24' }] });
    expect(await command(httpPort, 'config-set', { Dhcp4: added })).toMatchObject({ result: 0, text: 'Configuration successful.' });
    expect((await command(httpPort, 'subnet4-list')).arguments.subnets.map((s: { id: number }) => s.id)).toEqual([1, 2]);
    expect(await command(httpPort, 'subnet4-add', { subnet4: [{ id: 3, subnet: '203.0.113.0/24' }] })).toMatchObject({ result: 0 });
    expect((await command(httpPort, 'subnet4-get', { id: 3 })).arguments.subnet4[0].subnet).toBe('203.0.113.0/24');
    expect(await command(httpPort, 'reservation-add', { reservation: { 'subnet-id': 1, 'hw-address': '0a:00:00:00:00:99', 'ip-address': '192.0.2.99', hostname: 'printer-9' } }))
      .toMatchObject({ result: 0 });
    expect((await command(httpPort, 'reservation-get', { 'subnet-id': 1, 'identifier-type': 'hw-address', identifier: '0a:00:00:00:00:99' })).arguments)
      .toMatchObject({ 'ip-address': '192.0.2.99', hostname: 'printer-9' });
    expect(await command(httpPort, 'class-add', { 'client-classes': [{ name: 'phones', test: "substring(option[60].hex,0,4) == 'SIP/'" }] })).toMatchObject({ result: 0 });
    expect((await command(httpPort, 'class-list')).arguments['client-classes']).toEqual([{ name: 'phones' }]);
    const invalid = await command(httpPort, 'config-set', { Dhcp4: { ...added, 'valid-lifetime': 'forever' } });
    expect(invalid.result).toBe(1);
    expect(invalid.text).toContain('valid-lifetime');
    expect((await command(httpPort, 'subnet4-list')).arguments.subnets).toHaveLength(3);

    writeFileSync(path.join(dir, 'evil.mjs'), "import { writeFileSync } from 'node:fs'; writeFileSync(process.env.PWNED ?? '/tmp/pwned', 'x'); export function load() { return 0; }\n");
    const hook = await command(httpPort, 'config-set', { Dhcp4: { ...added, 'hooks-libraries': [{ library: path.join(dir, 'evil.mjs') }] } });
    expect(hook.result).toBe(1);
    expect(hook.text).toContain('may not change hooks-libraries');
    const socketOverFile = await command(httpPort, 'config-set', { Dhcp4: dhcp4({}, [{ 'socket-type': 'unix', 'socket-name': path.join(dir, 'admin.pw') }, ...(dhcp4()['control-sockets'] as unknown[]).slice(1)]) });
    expect(socketOverFile.text).toContain('may not change control-sockets');
    expect(readFileSync(path.join(dir, 'admin.pw'), 'utf8')).toBe('s3cret-pass\n');

    const outside = await command(httpPort, 'config-write', { filename: '/tmp/elsewhere.json' });
    expect(outside.result).toBe(1);
    expect(outside.text).toContain('must be in the same directory as the config file');
    const written = await command(httpPort, 'config-write', { filename: 'written.json' });
    expect(written).toMatchObject({ result: 0, arguments: { filename: path.join(dir, 'written.json') } });
    expect(gitdhcp(['config-test', path.join(dir, 'written.json')]).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'written.json'), 'utf8')).Dhcp4.subnet4).toHaveLength(3);

    expect(await command(httpPort, 'config-reload')).toMatchObject({ result: 0, text: 'Configuration successful.' });
    expect((await command(httpPort, 'subnet4-list')).arguments.subnets).toHaveLength(1);
  });

  it('a configuration change moves the control sockets: a new HTTP socket opens, a removed one closes', async () => {
    const extra = await freePort();
    const sockets = [...(dhcp4()['control-sockets'] as unknown[]), { 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': extra }];
    expect(await command(httpPort, 'config-set', { Dhcp4: dhcp4({}, sockets) })).toMatchObject({ result: 0 });
    await waitUntil('the new socket to answer', async () => (await request(extra, JSON.stringify({ command: 'version-get' })).catch(() => undefined))?.status === 200, { timeoutMs: 5000 });
    expect(await command(httpPort, 'config-reload')).toMatchObject({ result: 0 });
    await expect(request(extra, JSON.stringify({ command: 'version-get' }))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('dhcp-disable shows in status-get, /metrics and the status page; a lease added shows in /metrics, gitdhcp leases and stats', async () => {
    expect(await command(httpPort, 'dhcp-disable')).toEqual({ result: 0, text: 'DHCPv4 service disabled' });
    expect((await command(httpPort, 'status-get')).arguments['dhcp-state']['disabled-by-user']).toBe(true);
    expect(await command(httpPort, 'lease4-add', { 'ip-address': '192.0.2.77', 'hw-address': '0a:00:00:00:00:77', hostname: 'printer-3' })).toMatchObject({ result: 0 });

    const metrics = await request(httpPort, undefined, { path: '/metrics', headers: ADMIN });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/^kea_dhcp4_addresses_assigned_total\{[^}]*subnet_id="1"[^}]*\} 1$/m);
    expect(metrics.body).toMatch(/^kea_dhcp4_addresses_total\{[^}]*subnet_id="1"[^}]*\} 191$/m);
    expect(metrics.body).toMatch(/^gitdhcp_dhcp4_enabled 0$/m);
    expect((await request(httpPort, undefined, { path: '/metrics' })).status).toBe(401);

    const page = await request(httpPort, undefined, { path: '/', headers: ADMIN });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('192.0.2.0/24');
    expect(page.body).toMatch(/disabled/i);
    if (hasChromium) {
      const artifacts = path.join(ROOT, 'test-artifacts');
      mkdirSync(artifacts, { recursive: true });
      const html = path.join(dir, 'status.html');
      writeFileSync(html, page.body);
      const shot = path.join(artifacts, 'status-page-live.png');
      const profile = mkdtempSync(path.join(tmpdir(), 'gitdhcp-chromium-'));
      const flags = ['--headless', '--disable-gpu', `--user-data-dir=${profile}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
      const r = spawnSync('chromium', [...flags, `--screenshot=${shot}`, '--window-size=1280,1400', `file://${html}`], { encoding: 'utf8', timeout: 60_000 });
      rmSync(profile, { recursive: true, force: true });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    }

    const socket = path.join(dir, 'state', 'control.sock');
    const leases = gitdhcp(['leases', '--socket', socket]);
    expect(leases.status, leases.stderr).toBe(0);
    expect(leases.stdout).toMatch(/192\.0\.2\.77\s+0a:00:00:00:00:77.*printer-3/);
    const stats = gitdhcp(['stats', '--socket', socket, '--subnet', '1', '--format', 'json']);
    expect(stats.status, stats.stderr).toBe(0);
    expect((JSON.parse(stats.stdout) as Record<string, Array<[number, string]>>)['subnet[1].assigned-addresses']?.[0]?.[0]).toBe(1);
    expect(await command(httpPort, 'dhcp-enable')).toEqual({ result: 0, text: 'DHCP service successfully enabled' });
  });

  it('shutdown stops the process with its exit-value, writing the leases', async () => {
    const p = server as Proc;
    expect(await command(httpPort, 'shutdown', { 'exit-value': 3 })).toEqual({ result: 0, text: 'Shutting down.' });
    expect(await p.exit).toBe(3);
    expect(readFileSync(path.join(dir, 'leases4.csv'), 'utf8')).toContain('192.0.2.77,0a:00:00:00:00:77');
    expect(existsSync(path.join(dir, 'state', 'control.sock'))).toBe(false);
  });
});

const skipNetns = netnsSkipReason();

describe.skipIf(skipNetns !== null && !process.env.CI)('an HTTP control socket open to the network', () => {
  let net_: TestNet;
  let dir: string;
  let server: Proc | undefined;
  afterEach(async () => {
    await stop(server);
    await net_?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without authentication is warned about at start and by config-test, and anyone on the link can use it', async () => {
    net_ = new TestNet();
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-control-open-'));
    const srv = await net_.namespace('srv');
    const cli = await net_.namespace('cli');
    await net_.veth(srv, 'eth0', cli, 'eth0');
    await srv.addAddress('eth0', '192.0.2.1/24');
    await cli.addAddress('eth0', '192.0.2.2/24');
    const file = path.join(dir, 'kea-dhcp4.json');
    writeFileSync(file, JSON.stringify({
      Dhcp4: {
        'interfaces-config': { interfaces: [] },
        'lease-database': { type: 'memfile', name: path.join(dir, 'leases4.csv') },
        'control-sockets': [{ 'socket-type': 'http', 'socket-address': '192.0.2.1', 'socket-port': 8000 }],
        subnet4: [{ id: 1, subnet: '192.0.2.0/24' }],
        loggers: [{ name: 'kea-dhcp4', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
      },
    }));
    const test = gitdhcp(['config-test', file]);
    expect(test.status).toBe(0);
    expect(`${test.stdout}${test.stderr}`).toMatch(/192\.0\.2\.1.*without authentication|without authentication.*192\.0\.2\.1/s);
    server = start(['serve', '-c', file, '--data-dir', dir], {}, ['ip', 'netns', 'exec', srv.name]);
    await waitForLog(server, 'control socket http://192.0.2.1:8000 open');
    expect(server.log()).toContain('DHCP4_CONTROL_SOCKET_UNAUTHENTICATED');
    const probe = `fetch('http://192.0.2.1:8000/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"command":"version-get"}' }).then((r) => r.text()).then((t) => process.stdout.write(t))`;
    const out = spawnSync('ip', ['netns', 'exec', cli.name, process.execPath, '-e', probe], { encoding: 'utf8', timeout: 15_000 });
    expect(JSON.parse(out.stdout)[0].result).toBe(0);
  });
});

describe('gitdhcp serve --repo: configuration changes by command', () => {
  let dir: string;
  let server: Proc | undefined;
  afterEach(async () => {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses config-set, config-write and subnet4-add with the revision serving; config-test, reads and gitops-status work; /metrics has the revision', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-control-git-'));
    const port = await freePort();
    const repo = path.join(dir, 'site');
    mkdirSync(repo);
    const git = (...args: string[]): string => spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).stdout.trim();
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'gitdhcp.yaml'), [
      'Dhcp4:',
      '  interfaces-config: { interfaces: [] }',
      `  control-sockets: [ { socket-type: http, socket-address: 127.0.0.1, socket-port: ${port} } ]`,
      '  subnet4:',
      '    - { id: 1, subnet: 192.0.2.0/24, pools: [ { pool: 192.0.2.10 - 192.0.2.20 } ] }',
      '',
    ].join('\n'));
    git('add', 'gitdhcp.yaml');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', 'site');
    const rev = git('rev-parse', 'HEAD');
    server = start(['serve', '--repo', repo, '--path', 'gitdhcp.yaml', '--interval', '1h', '--probe', 'none', '--watch', '0',
      '--state-dir', path.join(dir, 'state'), '--data-dir', path.join(dir, 'data')]);
    await waitForLog(server, `control socket http://127.0.0.1:${port} open`);
    const ask = async (name: string, args?: Record<string, unknown>): Promise<{ result: number; text?: string; arguments?: any }> =>
      (JSON.parse((await request(port, JSON.stringify(args === undefined ? { command: name } : { command: name, arguments: args }))).body) as Array<{ result: number }>)[0] as { result: number };
    await waitUntil('the revision to be applied', async () => (await ask('gitops-status')).arguments?.lastApplied === rev, { timeoutMs: 15_000 });

    for (const [name, args] of [['config-set', { Dhcp4: { subnet4: [] } }], ['config-write', {}], ['config-reload', undefined], ['subnet4-add', { subnet4: [{ id: 2, subnet: '198.51.100.0/24' }] }]] as const) {
      const r = await ask(name, args);
      expect(r.result, name).toBe(1);
      expect(r.text, name).toContain(`managed in git (gitdhcp.yaml on branch main of ${repo}, serving revision ${rev.slice(0, 12)})`);
    }
    expect((await ask('subnet4-list')).arguments.subnets).toEqual([{ id: 1, 'shared-network-name': null, subnet: '192.0.2.0/24' }]);
    expect((await ask('config-test', { yaml: 'Dhcp4:\n  subnet4: [ { id: 2, subnet: 198.51.100.0/24 } ]\n' })).result).toBe(0);
    const metrics = (await request(port, undefined, { path: '/metrics' })).body;
    expect(metrics).toContain(`gitdhcp_revision_info{branch="main",repository="${repo}",revision="${rev}"} 1`);
    expect(metrics).toMatch(/^gitdhcp_reconcile_attempts_total\{outcome="applied"\} 1$/m);
  });
});
