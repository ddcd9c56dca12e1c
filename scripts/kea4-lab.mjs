// Drives a real kea-dhcp4 (and kea-lfc) for the lease-file interoperability tests and for
// regenerating the Kea-written fixtures (scripts/gen-kea-lease-fixture.mjs). Plain JS so that
// both node and vitest load it; its types are in kea4-lab.d.mts.
//
// kea-dhcp4 runs with no interfaces (it opens no DHCP socket), a UNIX control socket, the
// lease_cmds hook, the memfile backend on a file we choose, and reclamation turned off so the
// leases stay as the commands left them. Debian packages: kea-dhcp4-server, kea-common (hooks,
// kea-lfc).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const HOOK_DIRS = [
  '/usr/lib/x86_64-linux-gnu/kea/hooks',
  '/usr/lib/aarch64-linux-gnu/kea/hooks',
  '/usr/lib/kea/hooks',
  '/usr/lib64/kea/hooks',
  '/usr/local/lib/kea/hooks',
];

function which(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/sbin/${name} 2>/dev/null`], { encoding: 'utf8' });
  const found = r.stdout.trim().split('\n')[0];
  return r.status === 0 && found ? found : null;
}

/** Where kea-dhcp4, kea-lfc and the lease_cmds hook are, or null for what is missing. */
export function findKea() {
  const hookDir = HOOK_DIRS.find((d) => existsSync(path.join(d, 'libdhcp_lease_cmds.so')));
  return {
    dhcp4: which('kea-dhcp4'),
    lfc: which('kea-lfc'),
    leaseCmds: hookDir ? path.join(hookDir, 'libdhcp_lease_cmds.so') : null,
  };
}

/** `kea-dhcp4 -v`, e.g. "2.2.0". */
export function keaVersion(dhcp4) {
  return spawnSync(dhcp4, ['-v'], { encoding: 'utf8' }).stdout.trim();
}

/** Sends one command over the UNIX control socket; resolves with Kea's parsed answer. */
export function keaCommand(socket, command, args) {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket, () => conn.end(JSON.stringify(args === undefined ? { command } : { command, arguments: args })));
    let text = '';
    conn.setEncoding('latin1');
    conn.on('data', (d) => (text += d));
    conn.on('error', reject);
    conn.on('end', () => {
      try {
        resolve(JSON.parse(text));
      } catch (err) {
        reject(new Error(`kea answered ${JSON.stringify(text)} to ${command}: ${err.message}`));
      }
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts kea-dhcp4 in `dir` on the lease file `leaseFile`. Options: subnets (array of
 * {id, subnet}), lfcInterval (default 0), kea (from findKea()).
 */
export async function startKea4({ dir, leaseFile, subnets, lfcInterval = 0, kea = findKea() }) {
  if (!kea.dhcp4 || !kea.leaseCmds) throw new Error('kea-dhcp4 and the lease_cmds hook are needed');
  const socket = path.join(dir, 'kea4.sock');
  const log = path.join(dir, 'kea-dhcp4.log');
  const config = {
    Dhcp4: {
      'interfaces-config': { interfaces: [] },
      'control-socket': { 'socket-type': 'unix', 'socket-name': socket },
      'hooks-libraries': [{ library: kea.leaseCmds }],
      'lease-database': { type: 'memfile', name: leaseFile, 'lfc-interval': lfcInterval },
      'expired-leases-processing': { 'reclaim-timer-wait-time': 0, 'flush-reclaimed-timer-wait-time': 0 },
      'subnet4': subnets ?? [{ id: 1, subnet: '192.0.2.0/24' }, { id: 7, subnet: '10.0.0.0/8' }],
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: log }], severity: 'INFO' }],
    },
  };
  const configFile = path.join(dir, 'kea-dhcp4.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const env = { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir };
  if (kea.lfc) env.KEA_LFC_EXECUTABLE = kea.lfc;
  const child = spawn(kea.dhcp4, ['-c', configFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`kea-dhcp4 exited at start: ${output}`);
    try {
      await keaCommand(socket, 'version-get');
      break;
    } catch (err) {
      if (i > 100) throw new Error(`kea-dhcp4 did not open its control socket: ${err.message}\n${output}`);
      await sleep(50);
    }
  }
  return {
    socket,
    command: (command, args) => keaCommand(socket, command, args),
    /** Kea's log so far. */
    log: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') + output,
    /** Shuts Kea down (command, then SIGTERM, then SIGKILL) and waits for it to exit. */
    async stop() {
      if (child.exitCode === null) {
        await keaCommand(socket, 'shutdown').catch(() => child.kill('SIGTERM'));
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Runs kea-lfc -4 on the files of `base` (base.2, base.1, ...); returns its exit status and output. */
export function runKeaLfc(base, kea = findKea()) {
  if (!kea.lfc) throw new Error('kea-lfc is needed');
  const r = spawnSync(kea.lfc, ['-4', '-x', `${base}.2`, '-i', `${base}.1`, '-o', `${base}.output`, '-f', `${base}.completed`, '-p', `${base}.pid`, '-c', 'ignored-path', '-d'], {
    encoding: 'utf8',
    env: { ...process.env, KEA_LOCKFILE_DIR: path.dirname(base), KEA_PIDFILE_DIR: path.dirname(base) },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * The leases of `lease4-get-all` with Kea's byte strings read as UTF-8 (Kea prints every byte
 * above 0x7f as \u00XX), sorted by address.
 */
export async function keaLeases(kea) {
  const answer = await kea.command('lease4-get-all');
  if (answer.result !== 0 && answer.result !== 3) throw new Error(`lease4-get-all: ${JSON.stringify(answer)}`);
  const leases = (answer.arguments?.leases ?? []).map(bytesToUtf8Deep);
  return leases.sort((a, b) => ipToNumber(a['ip-address']) - ipToNumber(b['ip-address']));
}

export function ipToNumber(text) {
  return text.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function bytesToUtf8Deep(value) {
  if (typeof value === 'string') return /[\x80-\xff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
  if (Array.isArray(value)) return value.map(bytesToUtf8Deep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [bytesToUtf8Deep(k), bytesToUtf8Deep(v)]));
  return value;
}

/**
 * The commands that make Kea write the fixture: adds with every field, a declined and a
 * reclaimed lease, an infinite lifetime, hostnames with ',' '&' and UTF-8, user contexts, an
 * update (a later row of the same address) and a delete (a row with valid_lifetime 0).
 */
export const FIXTURE_COMMANDS = [
  ['lease4-add', { 'ip-address': '192.0.2.10', 'hw-address': '1A:1B:1C:1D:1E:1F', 'client-id': '01:1a:1b:1c:1d:1e:1f', 'valid-lft': 3600, expire: 1900003600, 'subnet-id': 1, 'fqdn-fwd': true, 'fqdn-rev': false, hostname: 'a,b&c;d.example.org', 'user-context': { z: 1, a: { b: [1, 2.5, 'x"y,z&'], c: null, d: true } } }],
  ['lease4-add', { 'ip-address': '192.0.2.11', 'hw-address': '', state: 1, 'valid-lft': 86400, expire: 1900086400, 'subnet-id': 1 }],
  ['lease4-add', { 'ip-address': '192.0.2.12', 'hw-address': '00:11:22:33:44:55', 'client-id': 'ff:00:00:00:01:00:01:2a:2b:2c:2d:2e:2f:30', 'valid-lft': 600, expire: 1700000600, 'subnet-id': 1, state: 2 }],
  ['lease4-add', { 'ip-address': '192.0.2.13', 'hw-address': '00:11:22:33:44:56', 'valid-lft': 7200, expire: 1900007200, 'subnet-id': 1, hostname: 'wörk-station', 'fqdn-fwd': true, 'fqdn-rev': true, 'user-context': { 'clé': 'ü', ISC: { 'relay-agent-info': { 'remote-id': '01:02:03', 'sub-options': '0x02030102030104' } } } }],
  ['lease4-add', { 'ip-address': '10.1.2.3', 'hw-address': '00:00:00:00:00:01', 'valid-lft': 4294967295, expire: 6194967295 }],
  ['lease4-add', { 'ip-address': '10.1.2.4', 'hw-address': '00:00:00:00:00:02', 'valid-lft': 3600, expire: 1900003600, hostname: 'gone' }],
  ['lease4-add', { 'ip-address': '10.1.2.5', 'hw-address': '00:00:00:00:00:03', 'client-id': '01:00:00:00:00:00:03', 'valid-lft': 3600, expire: 1900003600, hostname: 'kept' }],
  ['lease4-del', { 'ip-address': '10.1.2.4' }],
  ['lease4-update', { 'ip-address': '192.0.2.10', 'hw-address': '1a:1b:1c:1d:1e:20', 'client-id': '01:1a:1b:1c:1d:1e:20', 'valid-lft': 7200, expire: 1900007200, 'subnet-id': 1, hostname: 'renamed,host', 'user-context': { renewed: true } }],
];
