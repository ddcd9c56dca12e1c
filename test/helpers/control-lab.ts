/**
 * Two control-channel peers for the Kea compatibility test (test/blackbox/control-kea-compat.test.ts):
 * Debian's Kea 2.2 (kea-dhcp4 behind kea-ctrl-agent, which speaks HTTP and forwards to the
 * daemon's UNIX socket) and `gitdhcp serve -c` with an http control socket, both with the same
 * subnets, pools, lease file contents and basic-authentication credentials. Also: an HTTP client
 * that keeps the raw status, headers and body, and the key shape of a JSON value.
 *
 * Kea runs with no interfaces (no DHCP sockets), its pid and lock files in the lab directory
 * (KEA_PIDFILE_DIR, KEA_LOCKFILE_DIR, as scripts/kea4-lab.mjs does) and reclamation off.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { GITDHCP } from './cli.js';

const HOOK_DIRS = ['/usr/lib/x86_64-linux-gnu/kea/hooks', '/usr/lib/aarch64-linux-gnu/kea/hooks', '/usr/lib/kea/hooks', '/usr/local/lib/kea/hooks'];

function which(name: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/sbin/${name} 2>/dev/null`], { encoding: 'utf8' });
  const found = r.stdout.trim().split('\n')[0];
  return r.status === 0 && found ? found : null;
}

/** Where the Kea programs and hooks this lab needs are; null for each one missing. */
export interface KeaTools {
  readonly dhcp4: string | null;
  readonly ctrlAgent: string | null;
  readonly shell: string | null;
  readonly leaseCmds: string | null;
  readonly statCmds: string | null;
}

export function findKeaTools(): KeaTools {
  const hook = (name: string): string | null => {
    const dir = HOOK_DIRS.find((d) => existsSync(path.join(d, name)));
    return dir === undefined ? null : path.join(dir, name);
  };
  return {
    dhcp4: which('kea-dhcp4'),
    ctrlAgent: which('kea-ctrl-agent'),
    shell: which('kea-shell'),
    leaseCmds: hook('libdhcp_lease_cmds.so'),
    statCmds: hook('libdhcp_stat_cmds.so'),
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One HTTP exchange as seen on the wire. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface RequestOptions {
  readonly method?: string;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  /** `user:password` for basic authentication; undefined sends no Authorization header. */
  readonly credentials?: string;
}

/** Sends one request to `http://127.0.0.1:port/`. */
export async function request(port: number, opts: RequestOptions): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (opts.credentials !== undefined) headers['authorization'] = `Basic ${Buffer.from(opts.credentials).toString('base64')}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const res = await fetch(`http://127.0.0.1:${port}/`, { method: opts.method ?? 'POST', headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined; // not JSON: the caller compares `text` and `status` instead
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * The structure of a JSON value without its values: a map becomes its sorted keys with the shape
 * of each value, a list the distinct shapes of its elements, a scalar its type. Below `depth`
 * levels a map or list is only named.
 */
export function shapeOf(value: unknown, depth = 4): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (depth === 0) return 'list';
    const shapes = new Map<string, unknown>();
    for (const v of value) {
      const s = shapeOf(v, depth - 1);
      shapes.set(JSON.stringify(s), s);
    }
    return [...shapes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
  }
  if (typeof value === 'object') {
    if (depth === 0) return 'map';
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, shapeOf(v, depth - 1)]));
  }
  return typeof value;
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function pollUntil<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms${last === undefined ? '' : ` (${String(last)})`}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A started process, its output so far, and a stop that always ends it. */
export class Proc {
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  #output = '';

  constructor(readonly name: string, file: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }) {
    this.#child = spawn(file, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child.stdout?.on('data', (d: Buffer) => (this.#output += d.toString('utf8')));
    this.#child.stderr?.on('data', (d: Buffer) => (this.#output += d.toString('utf8')));
    this.#exited = new Promise((resolve) => {
      this.#child.on('error', (err) => {
        this.#output += `\nspawn failed: ${err.message}`;
        resolve(null);
      });
      this.#child.on('exit', (code) => resolve(code));
    });
  }

  get output(): string {
    return this.#output;
  }

  get hasExited(): boolean {
    return this.#child.exitCode !== null || this.#child.signalCode !== null;
  }

  /** The exit code, once the process has exited within `timeoutMs`; undefined otherwise. */
  async exitCode(timeoutMs: number): Promise<number | null | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    try {
      return await Promise.race([this.#exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  async stop(): Promise<void> {
    if (this.hasExited) return;
    this.#child.kill('SIGTERM');
    if ((await this.exitCode(5000)) === undefined && !this.hasExited) {
      this.#child.kill('SIGKILL');
      await this.#exited;
    }
  }
}

/** The shared parts of both sides' configurations. */
export interface LabSpec {
  /** The lab's base directory; each side gets its own subdirectory. */
  readonly dir: string;
  readonly user: string;
  readonly password: string;
  readonly realm: string;
  /** subnet4 entries (id, subnet, pools), as in Kea's configuration. */
  readonly subnets: readonly Record<string, unknown>[];
  /** The lease file both sides start from (Kea 2.2's memfile CSV, header included). */
  readonly leaseCsv: string;
}

/** One side of the comparison. */
export interface Side {
  readonly label: string;
  /** The directory of its configuration file (config-write's allowed directory in Kea 3.0). */
  readonly configDir: string;
  readonly configFile: string;
  readonly port: number;
  /** Its own Dhcp4 map with `subnets` instead of the lab's (for config-test and config-set). */
  readonly dhcp4With: (subnets: readonly Record<string, unknown>[]) => Record<string, unknown>;
  /** The processes still to stop. */
  readonly procs: readonly Proc[];
  /** Every output of its processes and log files so far, for failure messages. */
  readonly logs: () => string;
}

/** Writes the basic-authentication files (no trailing newline: Kea 2.2 reads the whole file, Kea 3.0 the first word). */
function writeCredentials(dir: string, spec: LabSpec): Record<string, unknown> {
  writeFileSync(path.join(dir, 'user'), spec.user, { mode: 0o600 });
  writeFileSync(path.join(dir, 'password'), spec.password, { mode: 0o600 });
  return { type: 'basic', realm: spec.realm, directory: dir, clients: [{ 'user-file': 'user', 'password-file': 'password' }] };
}

/** Both sides' configuration file name, so that config-write answers name the same file. */
const CONFIG_NAME = 'dhcp4.json';

const RECLAMATION_OFF = { 'reclaim-timer-wait-time': 0, 'flush-reclaimed-timer-wait-time': 0 };

/**
 * Starts kea-dhcp4 2.2 (UNIX control socket, lease_cmds and stat_cmds) and kea-ctrl-agent in front
 * of it on a free port, and waits until a command reaches kea-dhcp4 through the agent.
 * @throws Error with both programs' output when either does not come up
 */
export async function startKeaSide(spec: LabSpec, tools: KeaTools): Promise<Side> {
  if (tools.dhcp4 === null || tools.ctrlAgent === null || tools.leaseCmds === null || tools.statCmds === null) {
    throw new Error(`Kea is incomplete: ${JSON.stringify(tools)}`);
  }
  const dir = path.join(spec.dir, 'kea');
  mkdirSync(dir, { recursive: true });
  const socket = path.join(dir, 'kea4.sock');
  const leaseFile = path.join(dir, 'kea-leases4.csv');
  writeFileSync(leaseFile, spec.leaseCsv);
  const hooks = [{ library: tools.leaseCmds }, { library: tools.statCmds }];
  const dhcp4With = (subnets: readonly Record<string, unknown>[]): Record<string, unknown> => ({
    'interfaces-config': { interfaces: [] },
    'control-socket': { 'socket-type': 'unix', 'socket-name': socket },
    'hooks-libraries': hooks,
    'lease-database': { type: 'memfile', name: leaseFile, 'lfc-interval': 0 },
    'expired-leases-processing': RECLAMATION_OFF,
    'valid-lifetime': 4000,
    subnet4: subnets,
    loggers: [{ name: 'kea-dhcp4', output_options: [{ output: path.join(dir, 'kea-dhcp4.log') }], severity: 'INFO' }],
  });
  const configFile = path.join(dir, CONFIG_NAME);
  writeFileSync(configFile, JSON.stringify({ Dhcp4: dhcp4With(spec.subnets) }, null, 2));
  const port = await freePort();
  const agentFile = path.join(dir, 'kea-ctrl-agent.json');
  writeFileSync(agentFile, JSON.stringify({
    'Control-agent': {
      'http-host': '127.0.0.1',
      'http-port': port,
      authentication: writeCredentials(dir, spec),
      'control-sockets': { dhcp4: { 'socket-type': 'unix', 'socket-name': socket } },
      loggers: [{ name: 'kea-ctrl-agent', output_options: [{ output: path.join(dir, 'kea-ctrl-agent.log') }], severity: 'INFO' }],
    },
  }, null, 2));
  const env = { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir };
  // cwd = the config directory: Kea 2.2 writes a bare config-write file name relative to its cwd.
  const dhcp4 = new Proc('kea-dhcp4', tools.dhcp4, ['-c', configFile], { cwd: dir, env });
  const agent = new Proc('kea-ctrl-agent', tools.ctrlAgent, ['-c', agentFile], { cwd: dir, env });
  const logs = (): string => [dhcp4.output, agent.output, ...['kea-dhcp4.log', 'kea-ctrl-agent.log'].map((f) => {
    const p = path.join(dir, f);
    return existsSync(p) ? readFileSync(p, 'utf8') : '';
  })].join('\n');
  const side: Side = { label: 'Kea', configDir: dir, configFile, port, dhcp4With, procs: [dhcp4, agent], logs };
  await waitForStatus(side, [dhcp4, agent], spec, ['dhcp4']);
  return side;
}

/**
 * Starts `gitdhcp serve -c` with the lab's Dhcp4 (an http control socket with the same
 * credentials, no UNIX socket of its own) on a free port, and waits until it answers.
 */
export async function startGitdhcpSide(spec: LabSpec): Promise<Side> {
  const dir = path.join(spec.dir, 'gitdhcp');
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'leases4.csv'), spec.leaseCsv);
  const port = await freePort();
  const authentication = writeCredentials(dir, spec);
  const dhcp4With = (subnets: readonly Record<string, unknown>[]): Record<string, unknown> => ({
    'interfaces-config': { interfaces: [] },
    'control-sockets': [{ 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': port, authentication }],
    // A bare name: the lease file lives in --data-dir.
    'lease-database': { type: 'memfile', name: 'leases4.csv', 'lfc-interval': 0 },
    'expired-leases-processing': RECLAMATION_OFF,
    'valid-lifetime': 4000,
    subnet4: subnets,
  });
  const configFile = path.join(dir, CONFIG_NAME);
  writeFileSync(configFile, JSON.stringify({ Dhcp4: dhcp4With(spec.subnets) }, null, 2));
  const proc = new Proc('gitdhcp', process.execPath, [GITDHCP, 'serve', '-c', configFile, '--data-dir', dataDir, '--control-socket', 'off'], { cwd: dir });
  const side: Side = { label: 'gitdhcp', configDir: dir, configFile, port, dhcp4With, procs: [proc], logs: () => proc.output };
  await waitForStatus(side, [proc], spec, undefined);
  return side;
}

async function waitForStatus(side: Side, procs: readonly Proc[], spec: LabSpec, service: readonly string[] | undefined): Promise<void> {
  try {
    await pollUntil(`${side.label} control socket on port ${side.port}`, 20_000, async () => {
      const dead = procs.find((p) => p.hasExited);
      if (dead !== undefined) throw new Error(`${dead.name} exited`);
      const answer = await request(side.port, {
        body: { command: 'status-get', ...(service === undefined ? {} : { service }) },
        credentials: `${spec.user}:${spec.password}`,
      });
      const first = Array.isArray(answer.json) ? (answer.json[0] as { result?: unknown } | undefined) : undefined;
      return first?.result === 0 ? true : undefined;
    });
  } catch (err) {
    await Promise.all(procs.map((p) => p.stop()));
    throw new Error(`${(err as Error).message}\n${side.logs()}`, { cause: err });
  }
}

/** Runs Debian's kea-shell against `port`; `args` is the text it reads from stdin (the inside of "arguments"). */
export function runKeaShell(shell: string, port: number, spec: LabSpec, command: string, args = '', service: string | undefined = 'dhcp4'): { status: number | null; stdout: string; stderr: string } {
  const argv = ['--host', '127.0.0.1', '--port', String(port), '--auth-user', spec.user, '--auth-password', spec.password, '--timeout', '10'];
  if (service !== undefined) argv.push('--service', service);
  const r = spawnSync(shell, [...argv, command], { input: args, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
