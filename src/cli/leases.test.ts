// gitdhcp leases and gitdhcp stats against a real UNIX control socket whose commands answer with
// canned Kea responses (the shapes of src/server/lease-commands.ts and stats-commands.ts), run
// through run() with a capturing io: paging, lookups, filters, formats, exit codes, no appliance.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandRegistry, type CommandHandler, type CommandResponse } from '../control/commands.js';
import { startUnixControlSocket, type UnixControlSocket } from '../control/unix-socket.js';
import type { CliIO } from './io.js';
import { localTime, shortDuration } from './leases.js';
import { run } from './run.js';

interface Captured extends CliIO {
  stdout: string;
  stderr: string;
}

function captureIo(cwd: string, env: Record<string, string> = {}): Captured {
  const io = { stdout: '', stderr: '', cwd, env, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

let dir: string;
let sock: string;
let control: UnixControlSocket | undefined;
/** Every request the appliance received, in order. */
let requests: Array<{ command: string; arguments: Readonly<Record<string, unknown>> }>;

/** Starts the appliance's control socket at `file` answering `handlers`, recording each request. */
async function appliance(handlers: Record<string, CommandHandler>, file = sock): Promise<void> {
  const registry = new CommandRegistry();
  for (const [name, handler] of Object.entries(handlers)) {
    registry.register(name, (args, present) => {
      requests.push({ command: name, arguments: args });
      return handler(args, present);
    }, 'test');
  }
  control = await startUnixControlSocket(file, registry);
}

async function gitdhcp(argv: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(dir, env);
  const code = await run(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-leases-'));
  sock = path.join(dir, 'control.sock');
  requests = [];
});
afterEach(async () => {
  await control?.close();
  control = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const NOW = Math.floor(Date.now() / 1000);

/** A lease as Lease4::toElement prints it. */
function lease(ip: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { cltt: NOW - 600, 'fqdn-fwd': false, 'fqdn-rev': false, hostname: '', 'hw-address': '52:54:00:00:00:01', 'ip-address': ip, state: 0, 'subnet-id': 1, 'valid-lft': 3600, ...extra };
}

const found = (leases: readonly unknown[], extra: Record<string, unknown> = {}): CommandResponse => ({
  result: leases.length > 0 ? 0 : 3, text: `${leases.length} IPv4 lease(s) found.`, arguments: { leases, ...extra },
});

/** n leases 10.0.x.y in address order, and lease4-get-page over them as Kea pages. */
function pagedStore(n: number): { leases: Array<Record<string, unknown>>; page: CommandHandler } {
  const leases = Array.from({ length: n }, (_, i) => lease(`10.0.${i >> 8}.${i & 255}`, { 'hw-address': `52:54:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}` }));
  const index = (ip: string): number => leases.findIndex((l) => l['ip-address'] === ip);
  const page: CommandHandler = (args) => {
    const start = args['from'] === 'start' ? 0 : index(args['from'] as string) + 1;
    const slice = leases.slice(start, start + (args['limit'] as number));
    return found(slice, { count: slice.length });
  };
  return { leases, page };
}

describe('gitdhcp leases', () => {
  it('pages through lease4-get-page from the last address of each page until result 3', async () => {
    const store = pagedStore(2500);
    await appliance({ 'lease4-get-page': store.page });
    const r = await gitdhcp(['leases', '--socket', sock, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(requests.map((q) => q.arguments)).toEqual([
      { from: 'start', limit: 1000 },
      { from: '10.0.3.231', limit: 1000 },
      { from: '10.0.7.207', limit: 1000 },
      { from: '10.0.9.195', limit: 1000 },
    ]);
    expect(JSON.parse(r.stdout)).toEqual(store.leases);
    // One lease per line, so grep sees whole leases.
    expect(r.stdout.split('\n').filter((l) => l.includes('"ip-address"'))).toHaveLength(2500);
  });

  it('prints an aligned table: state words, "-" for none, expiry in local time and relative', async () => {
    await appliance({
      'lease4-get-page': (args) => (args['from'] !== 'start' ? found([]) : found([
        lease('192.0.2.10', { 'client-id': '01:52:54:00:00:00:01', hostname: 'printer.example.org', cltt: NOW - 100, 'valid-lft': 3 * 3600 + 12 * 60 + 130 }),
        lease('192.0.2.11', { state: 1, 'hw-address': '', cltt: NOW - 3900, 'valid-lft': 3600 }),
        lease('192.0.2.200', { state: 2, 'subnet-id': 12, 'valid-lft': 0xffffffff }),
      ])),
    });
    const r = await gitdhcp(['leases', '--socket', sock]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^address +hw-address +client-id +hostname +subnet-id +state +valid-lft +expires$/);
    expect(lines[1]).toMatch(/^192\.0\.2\.10 +52:54:00:00:00:01 +01:52:54:00:00:00:01 +printer\.example\.org +1 +default +11650 +/);
    expect(lines[1]).toContain(`${localTime(NOW + 3 * 3600 + 12 * 60 + 30)} (in 3h12m)`);
    expect(lines[2]).toMatch(/^192\.0\.2\.11 +- +- +- +1 +declined +3600 +/);
    expect(lines[2]).toContain('(expired 5m ago)');
    expect(lines[3]).toMatch(/^192\.0\.2\.200 +52:54:00:00:00:01 +- +- +12 +expired-reclaimed +4294967295 +never$/);
    // Aligned: every column starts where its header does, and no line ends in blanks.
    for (const header of ['hw-address', 'client-id', 'hostname', 'subnet-id', 'state', 'valid-lft', 'expires']) {
      const at = (lines[0] as string).indexOf(header);
      for (const line of lines.slice(1)) expect(line[at - 1], `${header} in ${line}`).toBe(' ');
      for (const line of lines.slice(1)) expect(line[at], `${header} in ${line}`).not.toBe(' ');
    }
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });

  it.each([
    [['--address', '192.0.2.10'], 'lease4-get', { 'ip-address': '192.0.2.10' }],
    [['--hw-address', '52:54:00:00:00:01'], 'lease4-get-by-hw-address', { 'hw-address': '52:54:00:00:00:01' }],
    [['--client-id', '01:52:54:00:00:00:01'], 'lease4-get-by-client-id', { 'client-id': '01:52:54:00:00:00:01' }],
    [['--hostname', 'Printer.example.org'], 'lease4-get-by-hostname', { hostname: 'Printer.example.org' }],
    [['--subnet', '1', '--subnet', '12'], 'lease4-get-all', { subnets: [1, 12] }],
  ])('%j sends %s %j', async (options, command, args) => {
    const answer = found([lease('192.0.2.10')]);
    await appliance({
      'lease4-get': () => ({ result: 0, text: 'IPv4 lease found.', arguments: lease('192.0.2.10') }),
      ...Object.fromEntries(['lease4-get-by-hw-address', 'lease4-get-by-client-id', 'lease4-get-by-hostname', 'lease4-get-all'].map((c) => [c, () => answer])),
    });
    const r = await gitdhcp(['leases', '--socket', sock, ...options, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(requests).toEqual([{ command, arguments: args }]);
    expect(JSON.parse(r.stdout)).toEqual([lease('192.0.2.10')]);
  });

  it('narrows a lookup by --subnet and any answer by --state', async () => {
    await appliance({
      'lease4-get-by-hw-address': () => found([lease('192.0.2.10'), lease('198.51.100.7', { 'subnet-id': 2, state: 1 }), lease('198.51.100.8', { 'subnet-id': 2 })]),
    });
    const bySubnet = await gitdhcp(['leases', '--socket', sock, '--hw-address', '52:54:00:00:00:01', '--subnet', '2', '--format', 'csv']);
    expect(bySubnet.stdout.split('\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['198.51.100.7', '198.51.100.8']);
    const declined = await gitdhcp(['leases', '--socket', sock, '--hw-address', '52:54:00:00:00:01', '--state', 'declined']);
    expect(declined.stdout.split('\n').slice(1, -1).map((l) => l.split(' ')[0])).toEqual(['198.51.100.7']);
    const none = await gitdhcp(['leases', '--socket', sock, '--hw-address', '52:54:00:00:00:01', '--state', 'expired-reclaimed']);
    expect(none.stdout).toBe('no leases\n');
  });

  it('result 3 is no error: "no leases", [] or the CSV header alone', async () => {
    await appliance({ 'lease4-get': () => ({ result: 3, text: 'Lease not found.' }), 'lease4-get-page': () => found([], { count: 0 }) });
    expect(await gitdhcp(['leases', '--socket', sock, '--address', '192.0.2.99'])).toEqual({ code: 0, stdout: 'no leases\n', stderr: '' });
    expect(await gitdhcp(['leases', '--socket', sock, '--format', 'json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(await gitdhcp(['leases', '--socket', sock, '--format', 'csv'])).toEqual({
      code: 0, stdout: 'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id\n', stderr: '',
    });
  });

  it('--format csv prints Kea\'s memfile rows, with its escaping of hostname and user context', async () => {
    await appliance({
      'lease4-get-all': () => found([
        lease('192.0.2.10', { cltt: 1_700_000_000, 'client-id': '01:02', hostname: 'a,b&c.example', 'fqdn-fwd': true, 'pool-id': 5, 'user-context': { comment: 'desk 4, floor 2' } }),
        lease('192.0.2.11', { cltt: 1_700_000_000, 'hw-address': '', state: 1 }),
      ]),
    });
    const r = await gitdhcp(['leases', '--socket', sock, '--subnet', '1', '--format', 'csv']);
    expect(r.stdout).toBe([
      'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id',
      '192.0.2.10,52:54:00:00:00:01,01:02,3600,1700003600,1,1,0,a&#x2cb&#x26c.example,0,{ "comment": "desk 4&#x2c floor 2" },5',
      '192.0.2.11,,,3600,1700003600,1,0,0,,1,,0',
      '',
    ].join('\n'));
  });

  it('a refused command prints its text on stderr and exits 1', async () => {
    await appliance({ 'lease4-get': () => ({ result: 1, text: 'Invalid IPv4 address specified: 2001:db8::1' }) });
    expect(await gitdhcp(['leases', '--socket', sock, '--address', '2001:db8::1'])).toEqual({
      code: 1, stdout: '', stderr: 'gitdhcp leases: Invalid IPv4 address specified: 2001:db8::1\n',
    });
    // An appliance without the lease commands answers result 2.
    expect(await gitdhcp(['leases', '--socket', sock])).toEqual({ code: 1, stdout: '', stderr: "gitdhcp leases: 'lease4-get-page' command not supported.\n" });
  });

  it('no appliance: the control commands\' wording, exit 2', async () => {
    const r = await gitdhcp(['leases', '--socket', sock]);
    expect(r).toEqual({
      code: 2, stdout: '',
      stderr: `gitdhcp leases: cannot reach ${sock}: no appliance is listening there\n(is gitdhcp serve running with this state directory? --socket names another socket)\n`,
    });
  });

  it('finds the socket in --state-dir, and in the state directory of $KEA_DHCP_DATA_DIR', async () => {
    mkdirSync(path.join(dir, 'state'));
    await appliance({ 'lease4-get-page': () => found([]) }, path.join(dir, 'state', 'control.sock'));
    expect((await gitdhcp(['leases', '--state-dir', 'state'])).code).toBe(0);
    expect((await gitdhcp(['leases'], { KEA_DHCP_DATA_DIR: dir })).code).toBe(0);
    expect((await gitdhcp(['leases', '--data-dir', '.'])).code).toBe(0);
    expect(requests).toHaveLength(3);
  });

  it('rejects two lookups, an unknown format or state and a bad subnet id with its help, exit 2', async () => {
    for (const argv of [['--address', '192.0.2.1', '--hostname', 'x'], ['--format', 'xml'], ['--state', 'gone'], ['--subnet', 'one'], ['extra']]) {
      const r = await gitdhcp(['leases', '--socket', sock, ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: gitdhcp leases');
    }
    expect((await gitdhcp(['leases', '--address', '192.0.2.1', '--hostname', 'x'])).stderr).toMatch(/^gitdhcp leases: --address and --hostname cannot be combined/);
    expect(requests).toEqual([]);
  });

  it('--help, and the command list of gitdhcp --help', async () => {
    const help = await gitdhcp(['leases', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: gitdhcp leases \[--subnet ID\]/);
    const all = await gitdhcp(['--help']);
    expect(all.stdout).toMatch(/\n {2}leases +the leases/);
    expect(all.stdout).toMatch(/\n {2}stats \[NAME\.\.\.\] +its statistics/);
  });

  it.each([[0, '0s'], [42, '42s'], [300, '5m'], [359, '5m'], [3600, '1h'], [11_520, '3h12m'], [86_400, '1d'], [187_200, '2d4h']])('%i s is %s', (sec, text) => {
    expect(shortDuration(sec)).toBe(text);
  });
});

// ---- gitdhcp stats ----

const AT = '2026-11-23 14:05:09.123000';
const STATS: Record<string, Array<[number, string]>> = {
  'subnet[10].total-addresses': [[256, AT]],
  'subnet[2].total-addresses': [[11, AT]],
  'subnet[1].pool[1].assigned-addresses': [[0, AT]],
  'subnet[1].total-addresses': [[50, AT]],
  'subnet[1].pool[0].total-addresses': [[50, AT]],
  'subnet[1].assigned-addresses': [[3, AT], [2, '2026-11-23 14:00:00.000000']],
  'subnet[1].pool[0].assigned-addresses': [[3, AT]],
  'pkt4-received': [[120, AT]],
  'pkt4-ack-sent': [[40, AT]],
  'subnet[2].pool[0].total-addresses': [[11, AT]],
};

describe('gitdhcp stats', () => {
  it('prints global statistics first, then subnets in natural order with their pools under them', async () => {
    await appliance({ 'statistic-get-all': () => ({ result: 0, arguments: STATS }) });
    const r = await gitdhcp(['stats', '--socket', sock]);
    expect(r.code).toBe(0);
    expect(requests).toEqual([{ command: 'statistic-get-all', arguments: {} }]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/ +/)[0])).toEqual([
      'name', 'pkt4-ack-sent', 'pkt4-received',
      'subnet[1].assigned-addresses', 'subnet[1].total-addresses', 'subnet[1].pool[0].assigned-addresses', 'subnet[1].pool[0].total-addresses', 'subnet[1].pool[1].assigned-addresses',
      'subnet[2].total-addresses', 'subnet[2].pool[0].total-addresses', 'subnet[10].total-addresses',
    ]);
    expect(lines[0]).toMatch(/^name +value +changed$/);
    expect(lines[3]).toMatch(/^subnet\[1\]\.assigned-addresses +3 +2026-11-23 14:05:09$/);
    expect(new Set(lines.map((l) => l.indexOf('2026') < 0 ? l.indexOf('changed') : l.indexOf('2026'))).size).toBe(1);
  });

  it('--subnet keeps that subnet\'s rows; --format json prints the arguments as Kea returned them', async () => {
    await appliance({ 'statistic-get-all': () => ({ result: 0, arguments: STATS }) });
    const table = await gitdhcp(['stats', '--socket', sock, '--subnet', '2']);
    expect(table.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(' ')[0])).toEqual(['subnet[2].total-addresses', 'subnet[2].pool[0].total-addresses']);
    const json = await gitdhcp(['stats', '--socket', sock, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(STATS);
    const subnetJson = await gitdhcp(['stats', '--socket', sock, '--format', 'json', '--subnet', '10']);
    expect(JSON.parse(subnetJson.stdout)).toEqual({ 'subnet[10].total-addresses': [[256, AT]] });
  });

  it('NAMEs: one statistic-get each; a name Kea does not know is reported, exit 1', async () => {
    await appliance({
      'statistic-get': (args) => {
        const name = args['name'] as string;
        return { result: 0, arguments: name in STATS ? { [name]: STATS[name] } : {} };
      },
    });
    const r = await gitdhcp(['stats', '--socket', sock, 'pkt4-received', 'subnet[1].assigned-addresses']);
    expect(r.code).toBe(0);
    expect(requests.map((q) => q.arguments)).toEqual([{ name: 'pkt4-received' }, { name: 'subnet[1].assigned-addresses' }]);
    expect(r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/ +/).slice(0, 2))).toEqual([['pkt4-received', '120'], ['subnet[1].assigned-addresses', '3']]);
    const missing = await gitdhcp(['stats', '--socket', sock, 'pkt4-received', 'pkt4-nope', '--format', 'json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ 'pkt4-received': STATS['pkt4-received'] });
    expect(missing.stderr).toBe("gitdhcp stats: no statistic 'pkt4-nope'\n");
  });

  it('an empty map, a refused command, no appliance', async () => {
    expect(await gitdhcp(['stats', '--socket', sock])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('no appliance is listening there') });
    await appliance({ 'statistic-get-all': () => ({ result: 0, arguments: {} }), 'statistic-get': () => ({ result: 1, text: "'name' parameter expected to be a string." }) });
    expect(await gitdhcp(['stats', '--socket', sock])).toEqual({ code: 0, stdout: 'no statistics\n', stderr: '' });
    expect(await gitdhcp(['stats', '--socket', sock, 'x'])).toEqual({ code: 1, stdout: '', stderr: "gitdhcp stats: 'name' parameter expected to be a string.\n" });
    expect((await gitdhcp(['stats', '--format', 'csv'])).code).toBe(2);
    expect((await gitdhcp(['stats', '--help'])).stdout).toMatch(/^usage: gitdhcp stats \[NAME\.\.\.\]/);
  });
});
