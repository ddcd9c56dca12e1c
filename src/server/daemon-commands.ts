/**
 * The commands of kea-dhcp4 itself (src/bin/dhcp4/ctrl_dhcp4_srv.cc, Kea 3.0): version-get,
 * build-report, status-get, config-get, config-hash-get, config-test, config-set,
 * config-reload, config-write, server-tag-get, shutdown, dhcp-enable, dhcp-disable and
 * leases-reclaim, with Kea's argument checks, texts and shapes.
 *
 * What gitdhcp adds: when the appliance follows a git repository, the commands that would change
 * the configuration behind git's back (config-set, config-reload, config-write) are refused with
 * a text naming the repository, the revision serving and how to change it (ARCHITECTURE: control
 * must not mutate configuration behind git's back without saying so). config-test always works
 * and also takes the candidate as gitdhcp's YAML (`{"yaml": "Dhcp4:\n  ..."}`).
 */
import { createHash } from 'node:crypto';
import { CommandResult, type CommandRegistry, type CommandResponse } from '../control/commands.js';
import { redactSecrets, type ResolvedConfig4 } from '../config/index.js';
import type { Dhcp4Server } from './dhcp4-server.js';
import { Origin } from './network-state.js';

/** Where the serving configuration comes from. */
export type ConfigOrigin =
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'git'; readonly repository: string; readonly branch: string; readonly path: string; readonly revision: string | null };

/** A candidate checked by config-test: valid (with warnings), or its errors. */
export type CandidateCheck = { readonly ok: true; readonly warnings: readonly string[] } | { readonly ok: false; readonly reasons: readonly string[] };

/** What the daemon commands need from the appliance. */
export interface DaemonPort {
  readonly server: () => Dhcp4Server | undefined;
  readonly origin: () => ConfigOrigin;
  /** When the process started and when the configuration serving now was committed (ms). */
  readonly startedAt: number;
  readonly committedAt: () => number;
  /** Loads and validates a candidate document (JSON or YAML text) without applying it. */
  readonly check: (text: string, name: string) => Promise<CandidateCheck>;
  /** Validates and applies a `{"Dhcp4": ...}` document (file mode). Resolves to Kea's answer. */
  readonly set: (document: Readonly<Record<string, unknown>>) => Promise<CommandResponse>;
  /** Re-reads the configuration file and applies it (file mode). Resolves to Kea's answer. */
  readonly reload: () => Promise<CommandResponse>;
  /** Writes `document` to `file` (Kea JSON, or YAML for .yaml/.yml names). @returns bytes written */
  readonly write: (file: string | undefined, document: Readonly<Record<string, unknown>>) => Promise<{ file: string; size: number }>;
  /** Stops the appliance after the response is sent, exiting with `exitValue`. */
  readonly shutdown: (exitValue: number) => void;
  /** gitdhcp's version and the build report lines. */
  readonly version: string;
  readonly buildReport: () => string;
}

const fail = (text: string): CommandResponse => ({ result: CommandResult.Error, text });

/**
 * Kea's configuration hash (BaseCommandMgr::getHash): SHA-256 of the configuration text, in
 * upper-case hex. Kea hashes its own printing of the configuration, so the value differs from
 * Kea's for the same file. It is taken over the configuration as config-get shows it (secrets
 * redacted): a hash of the secrets would let a client who sees the redacted configuration test
 * guesses of a password offline. So it changes with every change but a secret's alone.
 */
export function configHash(dhcp4: unknown): string {
  return createHash('sha256').update(JSON.stringify({ Dhcp4: redactSecrets(dhcp4) })).digest('hex').toUpperCase();
}

/**
 * The files one control socket names (its socket name, TLS files, password and user files), or
 * undefined when it names none (a plain HTTP socket, which a command may add, move or remove).
 */
function socketFiles(socket: unknown): unknown[] | undefined {
  if (typeof socket !== 'object' || socket === null) return undefined;
  const s = socket as Record<string, unknown>;
  const auth = (s['authentication'] ?? {}) as Record<string, unknown>;
  const clients = Array.isArray(auth['clients']) ? auth['clients'] as Array<Record<string, unknown>> : [];
  const files = [s['socket-name'], s['trust-anchor'], s['cert-file'], s['key-file'], auth['directory'], ...clients.flatMap((c) => [c['user-file'], c['password-file']])];
  return files.every((f) => f === undefined) ? undefined : [s['socket-type'], ...files];
}

function loggerOutputs(loggers: unknown): unknown {
  if (!Array.isArray(loggers)) return [];
  return loggers.map((l: Record<string, unknown>) => [l['name'], ((l['output_options'] ?? l['output-options'] ?? []) as Array<Record<string, unknown>>).map((o) => o['output'])]);
}

/**
 * What a configuration sent by command (config-set, the subnet, reservation and class commands)
 * may not change compared with the configuration serving: what makes the server run code or open
 * files — `hooks-libraries` (the programs and their parameters, e.g. run_script's `name`),
 * `lease-database` and `hosts-database(s)`, the loggers' `output` files, and the socket names
 * and TLS and password files of `control-socket(s)`. An unauthenticated HTTP socket on
 * 127.0.0.1 would otherwise let any local user run a module of their own as this server's user.
 * Kea 3.0 limits the same settings to its own directories (hooks_parser.cc validatePath,
 * the lease, log and socket directories); here they change only through the configuration
 * file (config-reload, SIGHUP) or git. @returns the names of the settings that differ
 */
export function lockedChanges(current: Readonly<Record<string, unknown>>, next: Readonly<Record<string, unknown>>): string[] {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const sockets = (m: Readonly<Record<string, unknown>>): unknown =>
    [...(m['control-socket'] !== undefined ? [m['control-socket']] : []), ...((m['control-sockets'] as unknown[] | undefined) ?? [])]
      .map(socketFiles).filter((f) => f !== undefined);
  const changed: string[] = [];
  for (const key of ['hooks-libraries', 'lease-database', 'hosts-database', 'hosts-databases']) if (!same(current[key], next[key])) changed.push(key);
  if (!same(loggerOutputs(current['loggers']), loggerOutputs(next['loggers']))) changed.push('loggers (output files)');
  if (!same(sockets(current), sockets(next))) changed.push('control-sockets (socket names, TLS and password files)');
  return changed;
}

/** The refusal of a configuration change in git mode. */
export function managedInGit(command: string, origin: Extract<ConfigOrigin, { kind: 'git' }>): CommandResponse {
  const at = origin.revision === null ? 'no revision yet' : `revision ${origin.revision.slice(0, 12)}`;
  return fail(`${command} refused: the configuration of this server is managed in git (${origin.path} on branch ${origin.branch} of ${origin.repository}, serving ${at}). `
    + 'Commit the change to the repository (check it first with gitdhcp config-test or the config-test command); the appliance applies it after its health checks. '
    + 'gitops-rollback serves an earlier revision.');
}

/** dhcp-disable / dhcp-enable's `origin-id` / `origin` (Kea 2.5.8+: origin-id wins). */
function originOf(args: Readonly<Record<string, unknown>>): { ok: true; origin: number } | { ok: false; text: string } {
  const id = args['origin-id'];
  const origin = args['origin'];
  if (id !== undefined) {
    if (typeof id !== 'number' || !Number.isInteger(id)) return { ok: false, text: "'origin-id' argument must be a number" };
    return { ok: true, origin: id };
  }
  if (origin === undefined) return { ok: true, origin: Origin.User };
  if (typeof origin === 'number' && Number.isInteger(origin)) return { ok: true, origin };
  if (typeof origin !== 'string') return { ok: false, text: "'origin' argument must be a string or a number" };
  if (origin === 'ha-partner') return { ok: true, origin: Origin.HaRemote };
  if (origin === 'user') return { ok: true, origin: Origin.User };
  return { ok: false, text: `invalid value used for 'origin' parameter: ${origin === '' ? '(empty string)' : origin}` };
}

/** The `Dhcp4` argument of config-set / config-test, checked as Kea does. */
function dhcp4Argument(args: Readonly<Record<string, unknown>> | undefined): { ok: true } | { ok: false; text: string } {
  if (args === undefined) return { ok: false, text: "Missing mandatory 'arguments' parameter." };
  const dhcp4 = args['Dhcp4'];
  if (dhcp4 === undefined) return { ok: false, text: "Missing mandatory 'Dhcp4' parameter." };
  if (typeof dhcp4 !== 'object' || dhcp4 === null || Array.isArray(dhcp4)) return { ok: false, text: "'Dhcp4' parameter expected to be a map." };
  const others = Object.keys(args).filter((k) => k !== 'Dhcp4');
  if (others.length > 0) return { ok: false, text: `Unsupported '${others[0]}' parameter${others.slice(1).map((o) => ` (and '${o}')`).join('')}.` };
  return { ok: true };
}

const SANE = 'Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.';

/** Adds the daemon commands to `registry` as `source`. */
export function registerDaemonCommands(registry: CommandRegistry, port: DaemonPort, source: string): void {
  const serving = (): ResolvedConfig4 | undefined => port.server()?.config;
  const gitOrigin = (): Extract<ConfigOrigin, { kind: 'git' }> | undefined => {
    const o = port.origin();
    return o.kind === 'git' ? o : undefined;
  };

  registry.register('version-get', () => ({
    result: CommandResult.Success, text: port.version,
    arguments: { extended: `${port.version}\n${port.buildReport()}` },
  }), source);

  registry.register('build-report', () => ({ result: CommandResult.Success, text: port.buildReport() }), source);

  registry.register('status-get', () => {
    const server = port.server();
    const now = Date.now();
    const status: Record<string, unknown> = {
      pid: process.pid,
      uptime: Math.floor((now - port.startedAt) / 1000),
      reload: Math.floor((now - port.committedAt()) / 1000),
      'multi-threading-enabled': false,
    };
    const errors = server === undefined ? ['the DHCPv4 service is not running'] : server.socketProblems();
    status['sockets'] = errors.length === 0 ? { status: 'ready' } : { status: 'failed', errors };
    if (server !== undefined) status['dhcp-state'] = server.networkState.toJson();
    return { result: CommandResult.Success, arguments: status };
  }, source);

  registry.register('config-get', () => {
    const cfg = serving();
    if (cfg === undefined) return fail('no configuration has been applied yet');
    return { result: CommandResult.Success, arguments: { Dhcp4: redactSecrets(cfg.source), hash: configHash(cfg.source) } };
  }, source);

  registry.register('config-hash-get', () => {
    const cfg = serving();
    if (cfg === undefined) return fail('no configuration has been applied yet');
    return { result: CommandResult.Success, arguments: { hash: configHash(cfg.source) } };
  }, source);

  registry.register('server-tag-get', () => ({ result: CommandResult.Success, arguments: { 'server-tag': serving()?.source['server-tag'] ?? '' } }), source);

  registry.register('config-test', async (args, present) => {
    const yaml = args['yaml'];
    let text: string;
    let name: string;
    if (typeof yaml === 'string' && Object.keys(args).length === 1) {
      text = yaml;
      name = 'config-test.yaml';
    } else {
      const checked = dhcp4Argument(present ? args : undefined);
      if (!checked.ok) return fail(checked.text);
      text = JSON.stringify(args);
      name = 'config-test.json';
    }
    const result = await port.check(text, name);
    if (!result.ok) return fail(result.reasons.join('\n'));
    return { result: CommandResult.Success, text: result.warnings.length === 0 ? SANE : `${SANE}\nwarnings:\n${result.warnings.join('\n')}` };
  }, source);

  registry.register('config-set', async (args, present) => {
    const git = gitOrigin();
    if (git !== undefined) return managedInGit('config-set', git);
    const checked = dhcp4Argument(present ? args : undefined);
    if (!checked.ok) return fail(checked.text);
    return port.set(args);
  }, source);

  registry.register('config-reload', async () => {
    const git = gitOrigin();
    if (git !== undefined) return managedInGit('config-reload', git);
    return port.reload();
  }, source);

  registry.register('config-write', async (args) => {
    const git = gitOrigin();
    if (git !== undefined) return managedInGit('config-write', git);
    const filename = args['filename'];
    if (filename !== undefined && typeof filename !== 'string') return fail("passed parameter 'filename' is not a string");
    const cfg = serving();
    if (cfg === undefined) return fail('no configuration has been applied yet');
    try {
      const written = await port.write(filename === '' ? undefined : filename, { Dhcp4: cfg.source });
      return { result: CommandResult.Success, text: `Configuration written to ${written.file} successful`, arguments: { size: written.size, filename: written.file } };
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err));
    }
  }, source);

  registry.register('shutdown', (args) => {
    const v = args['exit-value'];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v))) return fail("parameter 'exit-value' is not an integer");
    port.shutdown(v ?? 0);
    return { result: CommandResult.Success, text: 'Shutting down.' };
  }, source);

  registry.register('dhcp-disable', (args) => {
    const server = port.server();
    if (server === undefined) return fail('the DHCPv4 service is not running');
    const period = args['max-period'];
    let maxPeriod = 0;
    if (period !== undefined) {
      if (typeof period !== 'number' || !Number.isInteger(period)) return fail("'max-period' argument must be a number");
      if (period <= 0) return fail("'max-period' must be positive integer");
      maxPeriod = period;
    }
    const origin = originOf(args);
    if (!origin.ok) return fail(origin.text);
    server.networkState.disable(origin.origin, maxPeriod);
    return { result: CommandResult.Success, text: `DHCPv4 service disabled${maxPeriod > 0 ? ` for ${maxPeriod} seconds` : ''}` };
  }, source);

  registry.register('dhcp-enable', (args) => {
    const server = port.server();
    if (server === undefined) return fail('the DHCPv4 service is not running');
    const origin = originOf(args);
    if (!origin.ok) return fail(origin.text);
    server.networkState.enable(origin.origin);
    return { result: CommandResult.Success, text: 'DHCP service successfully enabled' };
  }, source);

  registry.register('leases-reclaim', async (args) => {
    const server = port.server();
    if (server === undefined) return fail('the DHCPv4 service is not running');
    const remove = args['remove'];
    if (remove === undefined) return fail("Missing mandatory 'remove' parameter.");
    if (typeof remove !== 'boolean') return fail("'remove' parameter expected to be a boolean.");
    server.reclaimNow({ maxLeases: 0, maxTimeMs: 0, remove });
    await server.flushLeases();
    return { result: CommandResult.Success, text: 'Reclamation of expired leases is complete.' };
  }, source);
}
