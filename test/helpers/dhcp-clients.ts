/**
 * Drivers for real DHCPv4 clients in network namespaces: ISC dhclient, busybox udhcpc and dhcpcd.
 * Each driver runs its client on one interface of a `Netns`, keeps everything in its own
 * directory and hands the client a generated hook script that records every call (the
 * environment the client passes, NUL-separated, in `DIR/events`) and, for dhclient and udhcpc,
 * configures the leased address: RELEASE and RENEW are unicast from the leased address, so it
 * must be on the interface (dhcpcd configures it itself). Recipes and pitfalls:
 * shared/reference/real-clients.md.
 *
 * - dhclient: `obtain` = `dhclient -1` (DORA, then it daemonizes); `renew` = a real RENEW
 *   (unicast REQUEST with ciaddr), made to happen after `renewalTimeSec` by `supersede
 *   dhcp-renewal-time`; `reboot` = restart with the same lease file (INIT-REBOOT); `release` =
 *   `dhclient -r`.
 * - udhcpc: runs in the foreground in the background (no `-q`); `renew` = SIGUSR1, `release` =
 *   SIGUSR2 (both unicast from the leased address); `stop` = SIGTERM.
 * - dhcpcd: every call inside `unshare -m` with tmpfs /run and bind mounts over its compiled-in
 *   state paths; `obtain` = `-4 -w`, `renew` = `-4 -N`, `release` = `-4 -k`; `stop` SIGKILLs the
 *   privilege-separation helpers, which ignore SIGTERM.
 *
 * @example
 * const client = createClient('udhcpc', ns, 'eth0', dir);   // afterEach(() => client.stop())
 * const lease = await client.obtain();                       // { address: '192.0.2.100', … }
 * await client.release();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, waitUntil, type Netns } from './netns.js';

export type ClientKind = 'dhclient' | 'udhcpc' | 'dhcpcd';
export const CLIENT_KINDS: readonly ClientKind[] = ['dhclient', 'udhcpc', 'dhcpcd'];

/** What the client was told, as its hook script saw it. */
export interface ClientLease4 {
  address: string;
  mask: string;
  routers: string[];
  dns: string[];
  domain: string | undefined;
  serverId: string;
  leaseTime: number;
  hostname?: string | undefined;
}

/** One call of a hook script: its environment (udhcpc's first argument as `argv1`). */
export type HookEvent = Readonly<Record<string, string>>;

export interface ClientOptions {
  /** Overall time the client may take to get a lease (default 10 s). */
  timeoutSec?: number;
  /** dhclient only: overrides T1 so that a real RENEW happens this long after every ACK. */
  renewalTimeSec?: number;
}

export interface DhcpClient4 {
  readonly kind: ClientKind;
  readonly ns: Netns;
  readonly iface: string;
  readonly dir: string;
  /** DISCOVER/OFFER/REQUEST/ACK; resolves once the client has configured the lease. */
  obtain(): Promise<ClientLease4>;
  /** A renewal of the current lease; resolves to what the server's ACK said. */
  renew(): Promise<ClientLease4>;
  /** DHCPRELEASE; resolves once the client has sent it and dropped the address. */
  release(): Promise<void>;
  /** Ends the client without a release; safe to call twice. */
  stop(): Promise<void>;
  /** Every hook call so far, oldest first. */
  events(): HookEvent[];
  /** What the client printed. */
  log(): string;
}

/** Why `kind` cannot run here (binary absent), or null. */
export function clientMissingReason(kind: ClientKind): string | null {
  const found = (bin: string): boolean => spawnSync('sh', ['-c', `command -v ${bin}`], { env: { PATH: SYSTEM_PATH } }).status === 0;
  switch (kind) {
    case 'dhclient':
      return found('dhclient') ? null : 'dhclient is not installed (apt-get install isc-dhcp-client)';
    case 'udhcpc':
      return found('udhcpc') || found('busybox') ? null : 'udhcpc is not installed (apt-get install udhcpc)';
    case 'dhcpcd':
      return found('dhcpcd') && found('unshare') ? null : 'dhcpcd is not installed (apt-get install dhcpcd-base)';
  }
}

export function createClient(kind: ClientKind, ns: Netns, iface: string, dir: string, options: ClientOptions = {}): DhcpClient4 {
  switch (kind) {
    case 'dhclient':
      return new Dhclient(ns, iface, dir, options);
    case 'udhcpc':
      return new Udhcpc(ns, iface, dir, options);
    case 'dhcpcd':
      return new Dhcpcd(ns, iface, dir, options);
  }
}

const SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
/** Hook scripts append `env -0` and one more NUL: records end in "\0\0". */
const RECORD = `{ env -0; printf '\\0'; } >> `;

/** State every driver shares: its directory, hook events and log. */
abstract class ClientBase implements DhcpClient4 {
  abstract readonly kind: ClientKind;
  readonly eventsFile: string;
  protected output = '';
  protected readonly timeoutSec: number;

  constructor(readonly ns: Netns, readonly iface: string, readonly dir: string, options: ClientOptions) {
    mkdirSync(dir, { recursive: true });
    this.eventsFile = path.join(dir, 'events');
    writeFileSync(this.eventsFile, '');
    this.timeoutSec = options.timeoutSec ?? 10;
  }

  abstract obtain(): Promise<ClientLease4>;
  abstract renew(): Promise<ClientLease4>;
  abstract release(): Promise<void>;
  abstract stop(): Promise<void>;

  events(): HookEvent[] {
    if (!existsSync(this.eventsFile)) return [];
    const records = readFileSync(this.eventsFile, 'utf8').split('\0\0');
    records.pop(); // '' after the last complete record, or one still being written
    return records.map((r) => Object.fromEntries(r.split('\0').filter((kv) => kv !== '').map((kv) => {
      const eq = kv.indexOf('=');
      return [kv.slice(0, eq), kv.slice(eq + 1)];
    })));
  }

  log(): string {
    return this.output;
  }

  /** Waits for a hook call after the first `after` ones that `matches`. */
  protected waitForEvent(what: string, after: number, matches: (e: HookEvent) => boolean, alive?: () => void): Promise<HookEvent> {
    return waitUntil(`${this.kind} on ${this.ns.name} to report ${what}`, () => {
      const found = this.events().slice(after).find(matches);
      if (found === undefined) alive?.();
      return found;
    }, { timeoutMs: (this.timeoutSec + 5) * 1000 });
  }

  /** Runs a command in the namespace with a minimal environment; its output goes to `log()`. */
  protected async execIn(cmd: string, args: readonly string[]): Promise<number | null> {
    this.output += `$ ${cmd} ${args.join(' ')}\n`;
    const child = spawn('ip', ['netns', 'exec', this.ns.name, cmd, ...args], { stdio: 'pipe', env: { PATH: SYSTEM_PATH } });
    child.stdout.on('data', (b: Buffer) => (this.output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (this.output += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), (this.timeoutSec + 10) * 1000);
    try {
      return await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve(code));
      });
    } finally {
      clearTimeout(timer);
    }
  }

  protected fail(what: string): never {
    throw new Error(`${this.kind} on ${this.ns.name}: ${what}\n--- client output ---\n${this.output}`);
  }

  /** Kills `pids` and waits until they are gone. */
  protected async killAll(pids: readonly number[], sig: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    for (const pid of pids) signalQuietly(pid, sig);
    await waitUntil(`${this.kind} processes ${pids.join(' ')} to exit`, () => pids.every((pid) => !isAlive(pid)), { timeoutMs: 5000 });
  }
}

// ---------------------------------------------------------------------------------------------

export class Dhclient extends ClientBase {
  readonly kind = 'dhclient';
  readonly #files: { conf: string; lease: string; pid: string; hook: string };
  readonly #renewalTimeSec: number | undefined;

  constructor(ns: Netns, iface: string, dir: string, options: ClientOptions) {
    super(ns, iface, dir, options);
    this.#renewalTimeSec = options.renewalTimeSec;
    this.#files = { conf: path.join(dir, 'dhclient.conf'), lease: path.join(dir, 'dhclient.leases'), pid: path.join(dir, 'dhclient.pid'), hook: path.join(dir, 'hook') };
    const conf = [
      `timeout ${this.timeoutSec};`,
      'request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, host-name, dhcp-lease-time;',
      ...(this.#renewalTimeSec === undefined ? [] : [`supersede dhcp-renewal-time ${this.#renewalTimeSec};`]),
    ];
    writeFileSync(this.#files.conf, conf.join('\n') + '\n');
    // dhclient runs the script with its own environment and a fixed PATH: paths are baked in.
    writeScript(this.#files.hook, [
      'case "$reason" in',
      '  BOUND|RENEW|REBIND|REBOOT)',
      '    if [ -n "$old_ip_address" ] && [ "$old_ip_address" != "$new_ip_address" ]; then',
      '      ip addr del "$old_ip_address/$old_subnet_mask" dev "$interface" 2>/dev/null',
      '    fi',
      '    ip addr replace "$new_ip_address/$new_subnet_mask" dev "$interface" ;;',
      '  RELEASE|EXPIRE|STOP|FAIL)',
      '    [ -n "$old_ip_address" ] && ip addr del "$old_ip_address/$old_subnet_mask" dev "$interface" 2>/dev/null ;;',
      'esac',
      RECORD + shellQuote(this.eventsFile),
      'exit 0',
    ]);
  }

  #args(mode: string[]): string[] {
    const f = this.#files;
    return [...mode, '-v', '-cf', f.conf, '-lf', f.lease, '-pf', f.pid, '-sf', f.hook, this.iface];
  }

  /** `dhclient -1`: exits 0 once bound (the daemon stays), 2 when no lease came. */
  async obtain(): Promise<ClientLease4> {
    const before = this.events().length;
    const code = await this.execIn('dhclient', this.#args(['-1']));
    if (code !== 0) this.fail(`no lease (exit ${code})`);
    const e = await this.waitForEvent('BOUND or REBOOT', before, (ev) => ev.reason === 'BOUND' || ev.reason === 'REBOOT');
    return this.#lease(e);
  }

  /** Waits for the next RENEW, which `renewalTimeSec` makes dhclient send on its own. */
  async renew(): Promise<ClientLease4> {
    if (this.#renewalTimeSec === undefined) throw new Error('dhclient renew() needs the renewalTimeSec option');
    const e = await this.waitForEvent('RENEW', this.events().length, (ev) => ev.reason === 'RENEW');
    return this.#lease(e);
  }

  /** Restarts dhclient with the same lease file: INIT-REBOOT (a REQUEST for the old address). */
  async reboot(): Promise<ClientLease4> {
    await this.#killDaemon();
    const before = this.events().length;
    const code = await this.execIn('dhclient', this.#args(['-1']));
    if (code !== 0) this.fail(`no lease on reboot (exit ${code})`);
    const e = await this.waitForEvent('REBOOT', before, (ev) => ev.reason === 'REBOOT' || ev.reason === 'BOUND');
    if (e.reason !== 'REBOOT') this.fail(`expected INIT-REBOOT, got ${e.reason}`);
    return this.#lease(e);
  }

  /** `dhclient -r`: unicast DHCPRELEASE from the leased address, then the hook removes it. */
  async release(): Promise<void> {
    // With the daemon still alive, -r kills it and then sleeps a second: end it first.
    await this.#killDaemon();
    const before = this.events().length;
    const code = await this.execIn('dhclient', this.#args(['-r']));
    if (code !== 0) this.fail(`release failed (exit ${code})`);
    await this.waitForEvent('RELEASE', before, (ev) => ev.reason === 'RELEASE');
  }

  async stop(): Promise<void> {
    await this.#killDaemon();
  }

  async #killDaemon(): Promise<void> {
    const pid = readPid(this.#files.pid);
    if (pid !== undefined && isAlive(pid) && commOf(pid) === 'dhclient') await this.killAll([pid], 'SIGTERM');
  }

  #lease(e: HookEvent): ClientLease4 {
    return {
      address: need(e, 'new_ip_address'),
      mask: need(e, 'new_subnet_mask'),
      routers: list(e.new_routers),
      dns: list(e.new_domain_name_servers),
      domain: e.new_domain_name,
      serverId: need(e, 'new_dhcp_server_identifier'),
      leaseTime: Number(need(e, 'new_dhcp_lease_time')),
      hostname: e.new_host_name,
    };
  }
}

// ---------------------------------------------------------------------------------------------

export class Udhcpc extends ClientBase {
  readonly kind = 'udhcpc';
  readonly #hook: string;
  #child: ChildProcess | undefined;
  #exit: number | null | undefined;

  constructor(ns: Netns, iface: string, dir: string, options: ClientOptions) {
    super(ns, iface, dir, options);
    this.#hook = path.join(dir, 'hook');
    // Like busybox's simple.script: the release and renew are kernel UDP from the leased address.
    writeScript(this.#hook, [
      'case "$1" in',
      '  bound|renew) ip addr replace "$ip/${mask:-$subnet}" dev "$interface" ;;',
      '  deconfig) ip -4 addr flush dev "$interface" ;;',
      'esac',
      `{ printf 'argv1=%s\\0' "$1"; env -0; printf '\\0'; } >> ${shellQuote(this.eventsFile)}`,
      'exit 0',
    ]);
  }

  /** Starts udhcpc (foreground, kept running: no -q) and waits for `bound`. */
  async obtain(): Promise<ClientLease4> {
    if (this.#child !== undefined && this.#exit === undefined) throw new Error('udhcpc is already running');
    const tries = Math.max(1, Math.floor(this.timeoutSec / 2));
    const [cmd, pre] = hasCommand('udhcpc') ? ['udhcpc', []] : ['busybox', ['udhcpc']];
    const args = [...pre, '-i', this.iface, '-f', '-n', '-s', this.#hook, '-t', String(tries), '-T', '2'];
    this.output += `$ ${cmd} ${args.join(' ')}\n`;
    // The script inherits udhcpc's environment: keep it small.
    const child = this.ns.spawn(cmd, args, { env: { PATH: SYSTEM_PATH } });
    this.#child = child;
    this.#exit = undefined;
    child.stdout?.on('data', (b: Buffer) => (this.output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (this.output += b.toString()));
    child.once('exit', (code) => (this.#exit = code));
    const e = await this.waitForEvent('bound', 0, (ev) => ev.argv1 === 'bound', () => this.#alive());
    return this.#lease(e);
  }

  async renew(): Promise<ClientLease4> {
    const before = this.events().length;
    this.#signal('SIGUSR1');
    const e = await this.waitForEvent('renew', before, (ev) => ev.argv1 === 'renew' || ev.argv1 === 'bound', () => this.#alive());
    return this.#lease(e);
  }

  /** SIGUSR2: "unicasting a release", then deconfig (the hook flushes the address). */
  async release(): Promise<void> {
    const before = this.events().length;
    this.#signal('SIGUSR2');
    await this.waitForEvent('deconfig after release', before, (ev) => ev.argv1 === 'deconfig', () => this.#alive());
    await waitUntil('udhcpc to log the release', () => /sending release/.test(this.output), { timeoutMs: 5000 });
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child?.pid === undefined || this.#exit !== undefined) return;
    await this.killAll([child.pid], 'SIGTERM');
  }

  #signal(sig: NodeJS.Signals): void {
    this.#alive();
    this.#child?.kill(sig);
  }

  #alive(): void {
    if (this.#child === undefined) throw new Error('udhcpc was not started');
    if (this.#exit !== undefined) this.fail(`udhcpc exited (${this.#exit})`);
  }

  #lease(e: HookEvent): ClientLease4 {
    return {
      address: need(e, 'ip'),
      mask: need(e, 'subnet'),
      routers: list(e.router),
      dns: list(e.dns),
      domain: e.domain,
      serverId: need(e, 'serverid'),
      leaseTime: Number(need(e, 'lease')),
      hostname: e.hostname,
    };
  }
}

// ---------------------------------------------------------------------------------------------

export class Dhcpcd extends ClientBase {
  readonly kind = 'dhcpcd';
  readonly #conf: string;
  readonly #hook: string;
  readonly #wrapper: string;

  constructor(ns: Netns, iface: string, dir: string, options: ClientOptions) {
    super(ns, iface, dir, options);
    this.#conf = path.join(dir, 'dhcpcd.conf');
    this.#hook = path.join(dir, 'hook');
    this.#wrapper = path.join(dir, 'dhcpcd-in-tmp');
    const run = path.join(dir, 'dhcpcd-run');
    const db = path.join(dir, 'dhcpcd-db');
    mkdirSync(run, { recursive: true });
    mkdirSync(db, { recursive: true });
    // nodelay: no 1-2 s initial wait; noarp: no 5 s RFC 5227 probe; duid: RFC 4361 client-id.
    writeFileSync(this.#conf, [
      'duid', 'nodelay', 'noarp', 'ipv4only',
      'option domain_name_servers, domain_name, host_name, subnet_mask, routers',
      'require dhcp_server_identifier',
    ].join('\n') + '\n');
    writeScript(this.#hook, [RECORD + shellQuote(this.eventsFile), 'exit 0']);
    // Its state paths are compiled in (/run/dhcpcd, /var/lib/dhcpcd): bind our own over them,
    // in a private mount namespace, so a later -k/-N finds the daemon's control socket.
    writeScript(this.#wrapper, [
      'mount -t tmpfs tmp-run /run && mkdir -p /run/dhcpcd &&',
      `mount --bind ${shellQuote(run)} /run/dhcpcd && mount --bind ${shellQuote(db)} /var/lib/dhcpcd &&`,
      'exec dhcpcd "$@"',
    ]);
  }

  #dhcpcd(args: readonly string[]): Promise<number | null> {
    return this.execIn('unshare', ['-m', '--propagation', 'private', this.#wrapper, ...args]);
  }

  /** `dhcpcd -4 -w`: waits for the lease, then forks to the background. */
  async obtain(): Promise<ClientLease4> {
    const before = this.events().length;
    const code = await this.#dhcpcd(['-f', this.#conf, '-c', this.#hook, '-4', '-w', '-t', String(this.timeoutSec), this.iface]);
    if (code !== 0) this.fail(`no lease (exit ${code})`);
    const e = await this.waitForEvent('BOUND', before, (ev) => ev.reason === 'BOUND' || ev.reason === 'REBOOT');
    return this.#lease(e);
  }

  /** `dhcpcd -4 -N`: the daemon renews (a unicast REQUEST from the leased address). */
  async renew(): Promise<ClientLease4> {
    const before = this.events().length;
    const code = await this.#dhcpcd(['-4', '-N', this.iface]);
    if (code !== 0) this.fail(`renew request failed (exit ${code})`);
    const e = await this.waitForEvent('RENEW', before, (ev) => ev.reason === 'RENEW' || ev.reason === 'BOUND');
    return this.#lease(e);
  }

  /** `dhcpcd -4 -k`: RELEASE, and the daemon exits (reasons STOP, STOPPED). */
  async release(): Promise<void> {
    const before = this.events().length;
    const code = await this.#dhcpcd(['-4', '-k', this.iface]);
    if (code !== 0) this.fail(`release failed (exit ${code})`);
    await this.waitForEvent('STOPPED', before, (ev) => ev.reason === 'STOPPED');
  }

  /** SIGKILL for every dhcpcd process in the namespace: its helpers ignore SIGTERM. */
  async stop(): Promise<void> {
    const pids: number[] = [];
    for (const pid of (await run('ip', ['netns', 'pids', this.ns.name]).catch(() => '')).split(/\s+/).filter(Boolean).map(Number)) {
      if (commOf(pid) === 'dhcpcd') pids.push(pid);
    }
    if (pids.length > 0) await this.killAll(pids);
  }

  #lease(e: HookEvent): ClientLease4 {
    return {
      address: need(e, 'new_ip_address'),
      mask: need(e, 'new_subnet_mask'),
      routers: list(e.new_routers),
      dns: list(e.new_domain_name_servers),
      domain: e.new_domain_name,
      serverId: need(e, 'new_dhcp_server_identifier'),
      leaseTime: Number(need(e, 'new_dhcp_lease_time')),
      hostname: e.new_host_name,
    };
  }
}

// ---------------------------------------------------------------------------------------------

function writeScript(file: string, lines: readonly string[]): void {
  writeFileSync(file, ['#!/bin/sh', '# generated by test/helpers/dhcp-clients.ts', ...lines].join('\n') + '\n');
  chmodSync(file, 0o755);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function need(e: HookEvent, key: string): string {
  const v = e[key];
  if (v === undefined || v === '') throw new Error(`hook event has no ${key}: ${JSON.stringify(e)}`);
  return v;
}

function list(v: string | undefined): string[] {
  return (v ?? '').split(/\s+/).filter(Boolean);
}

function hasCommand(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { env: { PATH: SYSTEM_PATH } }).status === 0;
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function commOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by its parent) counts as gone.
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function signalQuietly(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
