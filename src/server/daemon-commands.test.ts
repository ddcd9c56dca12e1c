// kea-dhcp4's own commands (ctrl_dhcp4_srv.cc, Kea 3.0) on a real Dhcp4Server on loopback: the
// texts, result codes and shapes, the network state of dhcp-disable / dhcp-enable (a disabled
// server answers nothing), leases-reclaim, and the git-mode refusals.
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, config4 } from '../alloc/test-helpers.js';
import { CommandRegistry, type CommandResponse } from '../control/commands.js';
import { MessageType4, createPacket4, encodePacket4 } from '../codec/index.js';
import { configHash, lockedChanges, registerDaemonCommands, type ConfigOrigin, type DaemonPort } from './daemon-commands.js';
import { Dhcp4Server } from './dhcp4-server.js';
import { createLogs } from './logging.js';
import { Udp4Transport } from './transport/udp4.js';

const PORT = 13167 + (process.pid % 1000);
const logs = createLogs([{ name: 'kea-dhcp4', severity: 'NONE', debuglevel: 0, outputs: ['stdout'] }], 'kea-dhcp4');

function dhcp4(dir: string): Record<string, unknown> {
  return {
    'interfaces-config': { interfaces: ['lo'] },
    'lease-database': { type: 'memfile', name: path.join(dir, 'leases4.csv'), 'lfc-interval': 0 },
    'valid-lifetime': 600,
    'server-tag': 'edge-1',
    'control-sockets': [{ 'socket-type': 'http', 'socket-port': 18000, authentication: { type: 'basic', clients: [{ user: 'admin', password: 'hunter2' }] } }],
    subnet4: [{ id: 1, subnet: '127.0.0.0/8', pools: [{ pool: '127.0.1.1 - 127.0.1.50' }] }],
    loggers: [{ name: 'kea-dhcp4', severity: 'NONE' }],
  };
}

/** Sends one relayed DISCOVER and says whether an OFFER came back within `ms`. */
async function offered(ms: number): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    const got = new Promise<boolean>((resolve) => {
      socket.once('message', () => resolve(true));
      setTimeout(() => resolve(false), ms).unref();
    });
    const p = createPacket4({ xid: 7, chaddr: Uint8Array.of(2, 0, 0, 0, 0, 9), giaddr: 0x7f000001, hops: 1 });
    p.options.set(53, Uint8Array.of(MessageType4.Discover));
    p.options.set(82, Uint8Array.of(19, 0));
    socket.send(encodePacket4(p), PORT, '127.0.0.1');
    return await got;
  } finally {
    socket.close();
  }
}

describe('daemon commands', () => {
  let dir: string;
  let server: Dhcp4Server;
  let registry: CommandRegistry;
  let origin: ConfigOrigin;
  const calls: string[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-daemon-cmds-'));
    server = await Dhcp4Server.start(config4(dhcp4(dir)), { logs, dataDir: dir, clock: new FakeClock(), transport: new Udp4Transport({ port: PORT }) });
    registry = new CommandRegistry();
    origin = { kind: 'file', file: path.join(dir, 'kea-dhcp4.conf') };
    calls.length = 0;
    const port: DaemonPort = {
      server: () => server,
      origin: () => origin,
      startedAt: Date.now() - 5000,
      committedAt: () => Date.now() - 2000,
      check: async (text, name) => (text.includes('"bad"') ? { ok: false, reasons: [`${name}:1:1: error bad`] } : { ok: true, warnings: name.endsWith('.yaml') ? ['a warning'] : [] }),
      set: async () => {
        calls.push('set');
        return { result: 0, text: 'Configuration successful.' };
      },
      reload: async () => {
        calls.push('reload');
        return { result: 0, text: 'Configuration successful.' };
      },
      write: async (file) => {
        calls.push(`write ${file ?? '-'}`);
        return { file: file ?? origin.kind, size: 12 };
      },
      shutdown: (v) => calls.push(`shutdown ${v}`),
      version: '0.1.0',
      buildReport: () => 'gitdhcp 0.1.0',
    };
    registerDaemonCommands(registry, port, 'daemon');
  });
  afterEach(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cmd = (command: string, args?: Record<string, unknown>): Promise<CommandResponse> => registry.dispatch(args === undefined ? { command } : { command, arguments: args });

  it('version-get, build-report, server-tag-get', async () => {
    expect(await cmd('version-get')).toEqual({ result: 0, text: '0.1.0', arguments: { extended: '0.1.0\ngitdhcp 0.1.0' } });
    expect(await cmd('build-report')).toEqual({ result: 0, text: 'gitdhcp 0.1.0' });
    expect(await cmd('server-tag-get')).toEqual({ result: 0, arguments: { 'server-tag': 'edge-1' } });
  });

  it('status-get has Kea\'s keys: pid, uptime, reload, multi-threading, sockets, dhcp-state', async () => {
    const r = await cmd('status-get');
    expect(r.result).toBe(0);
    expect(r.arguments).toEqual({
      pid: process.pid, uptime: expect.any(Number), reload: expect.any(Number), 'multi-threading-enabled': false,
      sockets: { status: 'ready' },
      'dhcp-state': { 'globally-disabled': false, 'disabled-by-user': false, 'disabled-by-local-command': [], 'disabled-by-remote-command': [], 'disabled-by-db-connection': [] },
    });
    expect((r.arguments as { uptime: number }).uptime).toBeGreaterThanOrEqual(4);
  });

  it('config-get redacts secrets and carries the hash config-hash-get gives', async () => {
    const r = await cmd('config-get');
    const args = r.arguments as { Dhcp4: unknown; hash: string };
    expect(r.result).toBe(0);
    expect(JSON.stringify(args.Dhcp4)).not.toContain('hunter2');
    expect(JSON.stringify(args.Dhcp4)).toContain('admin');
    expect(args.hash).toMatch(/^[0-9A-F]{64}$/);
    expect(args.hash).toBe(configHash(server.config.source));
    expect(await cmd('config-hash-get')).toEqual({ result: 0, arguments: { hash: args.hash } });
  });

  it('dhcp-disable stops answering, by origin, until dhcp-enable; max-period re-enables by itself', async () => {
    expect(await offered(2000)).toBe(true);
    expect(await cmd('dhcp-disable')).toEqual({ result: 0, text: 'DHCPv4 service disabled' });
    expect(await offered(300)).toBe(false);
    expect(await cmd('dhcp-disable', { origin: 'ha-partner' })).toEqual({ result: 0, text: 'DHCPv4 service disabled' });
    expect(((await cmd('status-get')).arguments as { 'dhcp-state': unknown })['dhcp-state']).toEqual({
      'globally-disabled': true, 'disabled-by-user': true, 'disabled-by-local-command': [], 'disabled-by-remote-command': [2000], 'disabled-by-db-connection': [],
    });
    expect(await cmd('dhcp-enable')).toEqual({ result: 0, text: 'DHCP service successfully enabled' });
    expect(server.networkState.isEnabled).toBe(false);
    expect(await cmd('dhcp-enable', { 'origin-id': 2000 })).toEqual({ result: 0, text: 'DHCP service successfully enabled' });
    expect(await offered(2000)).toBe(true);
    expect(await cmd('dhcp-disable', { 'max-period': 1 })).toEqual({ result: 0, text: 'DHCPv4 service disabled for 1 seconds' });
    expect(server.networkState.isEnabled).toBe(false);
    await expect.poll(() => server.networkState.isEnabled, { timeout: 3000, interval: 50 }).toBe(true);
  });

  it('dhcp-disable / dhcp-enable refuse bad arguments with Kea\'s texts', async () => {
    expect(await cmd('dhcp-disable', { 'max-period': 0 })).toEqual({ result: 1, text: "'max-period' must be positive integer" });
    expect(await cmd('dhcp-disable', { 'max-period': 'x' })).toEqual({ result: 1, text: "'max-period' argument must be a number" });
    expect(await cmd('dhcp-disable', { origin: 'someone' })).toEqual({ result: 1, text: "invalid value used for 'origin' parameter: someone" });
    expect(await cmd('dhcp-enable', { origin: '' })).toEqual({ result: 1, text: "invalid value used for 'origin' parameter: (empty string)" });
    expect(await cmd('dhcp-enable', { origin: true })).toEqual({ result: 1, text: "'origin' argument must be a string or a number" });
    expect(await cmd('dhcp-enable', { 'origin-id': 'x' })).toEqual({ result: 1, text: "'origin-id' argument must be a number" });
    expect(server.networkState.isEnabled).toBe(true);
  });

  it('leases-reclaim checks remove as Kea does', async () => {
    expect(await cmd('leases-reclaim')).toEqual({ result: 1, text: "Missing mandatory 'remove' parameter." });
    expect(await cmd('leases-reclaim', { remove: 'yes' })).toEqual({ result: 1, text: "'remove' parameter expected to be a boolean." });
    expect(await cmd('leases-reclaim', { remove: true })).toEqual({ result: 0, text: 'Reclamation of expired leases is complete.' });
  });

  it('config-test / config-set check the Dhcp4 argument as Kea does; config-test takes YAML too', async () => {
    expect(await cmd('config-test')).toEqual({ result: 1, text: "Missing mandatory 'arguments' parameter." });
    expect(await cmd('config-test', { Dhcp6: {} })).toEqual({ result: 1, text: "Missing mandatory 'Dhcp4' parameter." });
    expect(await cmd('config-test', { Dhcp4: [] })).toEqual({ result: 1, text: "'Dhcp4' parameter expected to be a map." });
    expect(await cmd('config-set', { Dhcp4: {}, Dhcp6: {}, Control: {} })).toEqual({ result: 1, text: "Unsupported 'Dhcp6' parameter (and 'Control')." });
    expect(await cmd('config-test', { Dhcp4: { x: 'bad' } })).toEqual({ result: 1, text: 'config-test.json:1:1: error bad' });
    expect((await cmd('config-test', { Dhcp4: {} })).text).toBe('Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.');
    expect((await cmd('config-test', { yaml: 'Dhcp4: {}' })).text).toContain('warnings:\na warning');
    expect(await cmd('config-set', { Dhcp4: {} })).toEqual({ result: 0, text: 'Configuration successful.' });
    expect(calls).toEqual(['set']);
  });

  it('config-write checks filename; shutdown checks exit-value', async () => {
    expect(await cmd('config-write', { filename: 5 })).toEqual({ result: 1, text: "passed parameter 'filename' is not a string" });
    expect(await cmd('config-write', { filename: 'x.json' })).toEqual({ result: 0, text: 'Configuration written to x.json successful', arguments: { size: 12, filename: 'x.json' } });
    expect(await cmd('shutdown', { 'exit-value': 'x' })).toEqual({ result: 1, text: "parameter 'exit-value' is not an integer" });
    expect(await cmd('shutdown', { 'exit-value': 3 })).toEqual({ result: 0, text: 'Shutting down.' });
    expect(calls).toEqual(['write x.json', 'shutdown 3']);
  });

  it('in git mode config-set, config-reload and config-write are refused with the revision and how to change it', async () => {
    origin = { kind: 'git', repository: 'https://git.example/net/dhcp.git', branch: 'main', path: 'gitdhcp.yaml', revision: '0123456789abcdef0123' };
    for (const c of ['config-set', 'config-reload', 'config-write']) {
      const r = await cmd(c, c === 'config-set' ? { Dhcp4: {} } : {});
      expect(r.result).toBe(1);
      expect(r.text).toContain(`${c} refused: the configuration of this server is managed in git (gitdhcp.yaml on branch main of https://git.example/net/dhcp.git, serving revision 0123456789ab)`);
      expect(r.text).toContain('Commit the change to the repository');
    }
    expect(calls).toEqual([]);
    expect((await cmd('config-test', { Dhcp4: {} })).result).toBe(0);
  });

  it('stat-lease4-get (stat_cmds): a result set per subnet, Kea\'s argument checks and texts', async () => {
    expect(await server.commands.dispatch({ command: 'lease4-add', arguments: { 'ip-address': '127.0.1.9', 'hw-address': '0a:0b:0c:0d:0e:0f' } })).toMatchObject({ result: 0 });
    const all = await server.commands.dispatch({ command: 'stat-lease4-get' });
    expect(all).toEqual({
      result: 0, text: 'stat-lease4-get[all subnets]: 1 rows found',
      arguments: { 'result-set': { columns: ['subnet-id', 'total-addresses', 'cumulative-assigned-addresses', 'assigned-addresses', 'declined-addresses'], rows: [[1, 50, 0, 1, 0]], timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/) } },
    });
    expect((await server.commands.dispatch({ command: 'stat-lease4-get', arguments: { 'subnet-id': 1 } })).text).toBe('stat-lease4-get[subnet-id=1]: 1 rows found');
    expect(await server.commands.dispatch({ command: 'stat-lease4-get', arguments: { 'subnet-id': 9 } })).toMatchObject({ result: 3, text: 'stat-lease4-get[subnet-id=9]: no matching data, subnet-id: 9 does not exist' });
    expect(await server.commands.dispatch({ command: 'stat-lease4-get', arguments: { 'subnet-range': { 'first-subnet-id': 5, 'last-subnet-id': 9 } } }))
      .toMatchObject({ result: 3, text: 'stat-lease4-get[subnets 5 through 9]: no matching data, selected ID range: 5 through 9 includes no known subnets' });
    expect(await server.commands.dispatch({ command: 'stat-lease4-get', arguments: { 'subnet-id': 0 } })).toEqual({ result: 1, text: "'subnet-id' parameter must be > 0" });
    expect(await server.commands.dispatch({ command: 'stat-lease4-get', arguments: { 'subnet-id': 1, 'subnet-range': {} } })).toEqual({ result: 1, text: 'cannot specify both subnet-id and subnet-range' });
    expect(await server.commands.dispatch({ command: 'stat-lease4-get', arguments: { 'subnet-range': { 'first-subnet-id': 3, 'last-subnet-id': 2 } } })).toEqual({ result: 1, text: "'last-subnet-id' must be greater than 'first-subnet-id'" });
  });

  it('lockedChanges: a command may change subnets, options and sockets\' addresses, not programs or files', () => {
    const base = {
      subnet4: [{ id: 1, subnet: '192.0.2.0/24' }],
      'hooks-libraries': [{ library: 'libdhcp_lease_cmds.so' }],
      'lease-database': { type: 'memfile', name: 'leases4.csv' },
      loggers: [{ name: 'kea-dhcp4', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
      'control-sockets': [{ 'socket-type': 'http', 'socket-port': 8000, authentication: { type: 'basic', clients: [{ user: 'a', 'password-file': 'a.pw' }] } }],
    };
    expect(lockedChanges(base, { ...base, subnet4: [], loggers: [{ name: 'kea-dhcp4', severity: 'DEBUG', debuglevel: 99, output_options: [{ output: 'stdout' }] }],
      'control-sockets': [{ 'socket-type': 'http', 'socket-port': 8004, authentication: { type: 'basic', clients: [{ user: 'a', 'password-file': 'a.pw' }] } }] })).toEqual([]);
    expect(lockedChanges(base, { ...base, 'control-sockets': [...base['control-sockets'], { 'socket-type': 'http', 'socket-port': 8005 }] })).toEqual([]);
    expect(lockedChanges(base, { ...base, 'hooks-libraries': [{ library: '/tmp/evil.mjs' }] })).toEqual(['hooks-libraries']);
    expect(lockedChanges(base, { ...base, 'hooks-libraries': [{ library: 'libdhcp_run_script.so', parameters: { name: '/tmp/x.sh' } }] })).toEqual(['hooks-libraries']);
    expect(lockedChanges(base, { ...base, 'lease-database': { type: 'memfile', name: '/etc/passwd' } })).toEqual(['lease-database']);
    expect(lockedChanges(base, { ...base, loggers: [{ name: 'kea-dhcp4', output_options: [{ output: '/root/.bashrc' }] }] })).toEqual(['loggers (output files)']);
    expect(lockedChanges(base, { ...base, 'control-sockets': [{ 'socket-type': 'unix', 'socket-name': '/var/lib/gitdhcp/leases4.csv' }] })).toEqual(['control-sockets (socket names, TLS and password files)']);
  });
});
