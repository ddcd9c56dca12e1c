/**
 * Network namespaces for black-box tests: namespaces joined by veth pairs and bridges, commands
 * run inside them, and a cleanup that always runs. Needs root (CI runs as root); see
 * `netnsSkipReason()`. Recipes and pitfalls: shared/reference/real-clients.md.
 *
 * - Names are unique per process and test (`gdt-<pid>-<n>-<role>`), so test files running in
 *   parallel processes never collide; addresses may repeat, every namespace has its own stack.
 * - veth ends are created directly in their namespaces and bridges live in a namespace of their
 *   own, so the root namespace is never touched.
 * - Bridges are created with `stp_state 0 forward_delay 0 mcast_snooping 0`: ports forward at once.
 * - Pitfall: `ip link add a …` parses `a` as `address`; always write `ip link add name NAME …`.
 * - Cleanup (`destroy`, also at process exit and for namespaces left by dead processes):
 *   `ip netns pids` → SIGTERM → wait → SIGKILL → `ip netns del`.
 *
 * @example
 * const net = new TestNet();                       // afterEach(() => net.destroy())
 * const srv = await net.namespace('srv');
 * const cli = await net.namespace('cli');
 * await net.veth(srv, 'eth0', cli, 'eth0');
 * await srv.addAddress('eth0', '192.0.2.1/24');
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const PREFIX = 'gdt-';

/** Why namespace tests cannot run here, or null when they can (root, `ip` present). */
export function netnsSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces (CI runs as root)';
  if (spawnSync('ip', ['-V']).status !== 0) return 'needs iproute2 (the ip command)';
  return null;
}

/** Runs a command; resolves to its stdout, rejects with stderr in the message. */
export async function run(cmd: string, args: readonly string[], timeoutMs = 30_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

/**
 * Polls `probe` until it returns something other than undefined/false, then resolves to it.
 * No fixed sleeps: a short poll interval, and a timeout that names what was awaited.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 10 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** One network namespace. */
export class Netns {
  readonly name: string;
  readonly #children = new Set<ChildProcess>();

  constructor(name: string) {
    this.name = name;
  }

  /** `ip -n NS ARGS…`. */
  ip(...args: string[]): Promise<string> {
    return run('ip', ['-n', this.name, ...args]);
  }

  /** Runs a command inside the namespace and resolves to its stdout. */
  exec(cmd: string, args: readonly string[] = [], timeoutMs?: number): Promise<string> {
    return run('ip', ['netns', 'exec', this.name, cmd, ...args], timeoutMs);
  }

  /** Starts a long-running process inside the namespace; `destroy` kills it if still alive. */
  spawn(cmd: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.name, cmd, ...args], { stdio: 'pipe', ...options });
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }

  async addAddress(dev: string, cidr: string): Promise<void> {
    await this.ip('addr', 'add', cidr, 'dev', dev);
  }

  async up(dev: string): Promise<void> {
    await this.ip('link', 'set', dev, 'up');
  }

  async sysctl(key: string, value: string): Promise<void> {
    await this.exec('sysctl', ['-qw', `${key}=${value}`]);
  }

  /** Kills what `spawn` started and everything else inside, then deletes the namespace. */
  async destroy(): Promise<void> {
    for (const child of this.#children) child.kill('SIGKILL');
    await killAndDelete(this.name);
  }
}

/** A set of namespaces belonging to one test; `destroy()` removes all of them. */
export class TestNet {
  static #count = 0;
  readonly id: string;
  readonly #namespaces: Netns[] = [];

  constructor() {
    this.id = `${PREFIX}${process.pid}-${TestNet.#count++}`;
    live.add(this);
  }

  /** Creates namespace `<id>-<role>` with `lo` up. */
  async namespace(role: string): Promise<Netns> {
    sweeping ??= sweepStale();
    await sweeping;
    const ns = new Netns(`${this.id}-${role}`);
    await run('ip', ['netns', 'add', ns.name]);
    this.#namespaces.push(ns);
    await ns.up('lo');
    return ns;
  }

  /** A veth pair `aName` in `a` ⟷ `bName` in `b`, both ends up. */
  async veth(a: Netns, aName: string, b: Netns, bName: string): Promise<void> {
    await run('ip', ['link', 'add', 'name', aName, 'netns', a.name, 'type', 'veth', 'peer', 'name', bName, 'netns', b.name]);
    await a.up(aName);
    await b.up(bName);
  }

  /** A bridge `name` in `ns` (no STP, no forward delay, no multicast snooping) with `ports`. */
  async bridge(ns: Netns, name: string, ports: readonly string[]): Promise<void> {
    await ns.ip('link', 'add', 'name', name, 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0', 'mcast_snooping', '0');
    for (const port of ports) await ns.ip('link', 'set', port, 'master', name);
    await ns.up(name);
  }

  /** Removes every namespace of this test; safe to call twice. Never throws before trying all. */
  async destroy(): Promise<void> {
    live.delete(this);
    const errors: unknown[] = [];
    for (const ns of this.#namespaces.splice(0).reverse()) {
      await ns.destroy().catch((err: unknown) => errors.push(err));
    }
    if (errors.length > 0) throw new AggregateError(errors, `cleanup of ${this.id} failed`);
  }

  /** Synchronous last resort, for process exit. */
  destroySync(): void {
    for (const ns of this.#namespaces.splice(0)) killAndDeleteSync(ns.name);
  }
}

const live = new Set<TestNet>();
let sweeping: Promise<void> | undefined;
process.once('exit', () => {
  for (const net of live) net.destroySync();
});

async function pidsOf(ns: string): Promise<number[]> {
  const out = await run('ip', ['netns', 'pids', ns]).catch(() => '');
  return out.split(/\s+/).filter(Boolean).map(Number);
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // already gone: fine
    }
  }
}

/** `ip netns pids` → TERM → wait up to 2 s → KILL → `ip netns del`. */
async function killAndDelete(ns: string): Promise<void> {
  const pids = await pidsOf(ns);
  if (pids.length > 0) {
    signal(pids, 'SIGTERM');
    await waitUntil(`processes of ${ns} to exit`, async () => (await pidsOf(ns)).length === 0, { timeoutMs: 2000 }).catch(async () => {
      signal(await pidsOf(ns), 'SIGKILL');
      await waitUntil(`processes of ${ns} to die`, async () => (await pidsOf(ns)).length === 0, { timeoutMs: 5000 });
    });
  }
  await run('ip', ['netns', 'del', ns]);
}

function killAndDeleteSync(ns: string): void {
  const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean).map(Number);
  signal(pids, 'SIGKILL');
  spawnSync('ip', ['netns', 'del', ns]);
}

/** Deletes namespaces that test processes which are no longer alive left behind. */
async function sweepStale(): Promise<void> {
  const names = (await run('ip', ['netns', 'list'])).split('\n').map((l) => l.split(' ')[0] ?? '');
  for (const name of names) {
    const owner = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    await killAndDelete(name);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
