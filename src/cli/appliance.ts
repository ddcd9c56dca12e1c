/**
 * The appliance of `gitdhcp serve`: the DHCPv4 service of this process, its control channel and
 * what the control commands need from it (the daemon port: configuration origin, candidate
 * checks, config-set / config-reload / config-write in file mode, shutdown). Serves both
 * `-c FILE` and `--repo`; serve.ts wires it to signals, the reconciler and the sockets.
 */
import { existsSync, lstatSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { formatOf, loadConfigFile, resolveDhcp4, toText, validateConfig, type ConfigIssue, type ResolvedConfig4 } from '../config/index.js';
import type { Dhcp4Config } from '../schema/index.js';
import { Dhcp4Server } from '../server/dhcp4-server.js';
import type { Reconciler, ServerPort, TrafficCounters } from '../gitops/reconciler.js';
import { CommandRegistry, CommandResult, type CommandResponse } from '../control/commands.js';
import { Checker } from '../gitops/check.js';
import { probeSubnets } from '../gitops/probe.js';
import { planLeaseImpact, type LeasePlan } from '../gitops/plan.js';
import { packetMeta4 } from '../server/process4.js';
import { createLogs, type LogSetup } from '../server/logging.js';
import { registerConfigCommands } from '../server/config-commands.js';
import { configHash, lockedChanges, managedInGit, registerDaemonCommands, type CandidateCheck, type ConfigOrigin, type DaemonPort } from '../server/daemon-commands.js';
import { builtinHooks } from '../hooks/builtins.js';
import { VERSION } from '../version.js';
import { formatIssueText } from './format-issues.js';

export type Loaded = { readonly ok: true; readonly cfg: ResolvedConfig4; readonly warnings: readonly ConfigIssue[]; readonly notServed: readonly string[] }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Loads, validates and resolves the Dhcp4 part of `file`. */
export function readConfig(file: string, shown: string): Loaded {
  // Secret files are used only by DhcpDdns (TSIG keys), which is not served yet: a missing one
  // must not stop DHCPv4. When DDNS is served, its secrets become required here.
  const loaded = loadConfigFile(file, { secrets: 'if-present', displayPath: shown });
  if (!loaded.ok) return { ok: false, issues: loaded.issues };
  const result = validateConfig(loaded.config);
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (!result.valid || errors.length > 0) return { ok: false, issues: result.issues };
  const dhcp4 = (loaded.config.value as { Dhcp4?: Dhcp4Config }).Dhcp4;
  if (dhcp4 === undefined) {
    return { ok: false, issues: [{ severity: 'error', code: 'unsupported', path: '', message: 'the file has no Dhcp4 map: gitdhcp serves DHCPv4 only for now', file: shown, line: 1, column: 1 } as ConfigIssue] };
  }
  const value = loaded.config.value as Record<string, unknown>;
  const notServed = ['Dhcp6', 'DhcpDdns'].filter((k) => value[k] !== undefined);
  return { ok: true, cfg: resolveDhcp4(dhcp4), warnings: result.issues.filter((i) => i.severity !== 'error'), notServed };
}

export function issuesText(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => formatIssueText(i)).join('\n');
}

/**
 * The DHCPv4 service of this process: started on the first configuration, reconfigured with the
 * next ones, loggers swapped when `loggers` changes. Serves both `-c FILE` and `--repo`.
 */
export class Appliance implements ServerPort {
  server: Dhcp4Server | undefined;
  logs: LogSetup;
  #loggersJson = '';
  readonly #dataDir: string;
  readonly #configDir: string;
  readonly #probes: ProbeSettings | undefined;
  /** The commands of the control socket: the server's, and the reconciler's in --repo mode. */
  readonly commands = new CommandRegistry();
  readonly startedAt = Date.now();
  #committedAt = Date.now();
  /** Recent notable events, oldest first (the status page). */
  readonly events: AppEvent[] = [];
  /** Where the configuration comes from (serve sets it: the file, or the reconciler's revision). */
  origin: () => ConfigOrigin;
  /** Called once the configuration is applied (the control channel follows its control-sockets). */
  onApplied: ((cfg: ResolvedConfig4) => Promise<void>) | undefined;
  /** Called by the shutdown command with its exit value. */
  onShutdown: ((exitValue: number) => void) | undefined;
  /** The reconciler, in git mode (the status page and /metrics read it). */
  gitops: Reconciler | undefined;
  readonly #checker = new Checker();
  #isStopping = false;
  #serial: Promise<unknown> = Promise.resolve();

  /** @param probes DHCP health probes over `lo` (serve --repo), or undefined for none */
  constructor(logs: LogSetup, dataDir: string, configDir: string, origin: () => ConfigOrigin, probes?: ProbeSettings) {
    this.logs = logs;
    this.#dataDir = dataDir;
    this.#configDir = configDir;
    this.origin = origin;
    this.#probes = probes;
    registerDaemonCommands(this.commands, this.#daemonPort(), 'daemon');
    registerConfigCommands(this.commands, {
      config: () => {
        if (this.server === undefined) throw new Error('no configuration has been applied yet');
        return this.server.config;
      },
      applyEdit: (next, what) => this.#applyEdit(next, what),
      exclusive: (fn) => this.#serially(fn),
    }, 'daemon');
  }

  /**
   * A subnet, network, reservation or class command's edit: refused in git mode, else applied as
   * config-set does. Called inside `exclusive` (the command's read-edit-apply runs alone).
   */
  async #applyEdit(next: Dhcp4Config, what: string): Promise<CommandResponse | undefined> {
    const origin = this.origin();
    if (origin.kind === 'git') return managedInGit(what, origin);
    const r = await this.#setNow({ Dhcp4: next }, what);
    return r.result === CommandResult.Success ? undefined : r;
  }

  /** Records an event for the status page (and nothing else: logging stays with the caller). */
  event(level: AppEvent['level'], code: string, message: string): void {
    this.events.push({ at: new Date().toISOString(), level, code, message });
    if (this.events.length > EVENTS) this.events.splice(0, this.events.length - EVENTS);
  }

  /**
   * Runs configuration changes (SIGHUP, config-set, config-reload, the subnet, reservation and
   * class commands) one at a time; none starts once the appliance is stopping.
   */
  #serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = (): Promise<T> => (this.#isStopping ? Promise.reject(new Error('the server is shutting down')) : fn());
    const next = this.#serial.then(run, run);
    this.#serial = next.catch(() => undefined);
    return next;
  }

  /**
   * Re-reads `file` and applies it (SIGHUP and config-reload): a file that does not load,
   * validate or apply is rejected and the running configuration keeps serving.
   */
  reloadFile(file: string, shown: string): Promise<CommandResponse> {
    return this.#serially(async () => {
      this.logs.root.info('DHCP4_DYNAMIC_RECONFIGURATION', `initiate server reconfiguration using file: ${shown}`);
      const next = readConfig(file, shown);
      if (!next.ok) return this.#rejected('Config reload failed', issuesText(next.issues));
      try {
        await this.apply(next.cfg);
      } catch (err) {
        return this.#rejected('Config reload failed', err instanceof Error ? err.message : String(err));
      }
      for (const w of next.warnings) this.logs.root.warn('DHCP4_CONFIG_SYNTAX_WARNING', formatIssueText(w));
      this.logs.root.info('DHCP4_DYNAMIC_RECONFIGURATION_SUCCESS', `dynamic server reconfiguration succeeded with file: ${shown}`);
      return { result: CommandResult.Success, text: 'Configuration successful.', arguments: { hash: configHash(next.cfg.source) } };
    });
  }

  #rejected(prefix: string, why: string): CommandResponse {
    this.logs.root.error('DHCP4_DYNAMIC_RECONFIGURATION_FAIL', `the configuration was rejected, the running one keeps serving:\n${why}`);
    this.event('error', 'DHCP4_DYNAMIC_RECONFIGURATION_FAIL', `configuration rejected: ${why}`);
    return { result: CommandResult.Error, text: `${prefix}: ${why}` };
  }

  /** config-set, one at a time with the other configuration changes. */
  #set(document: Readonly<Record<string, unknown>>): Promise<CommandResponse> {
    return this.#serially(() => this.#setNow(document, 'config-set'));
  }

  /**
   * Validates `document` as config-test does and applies it, unless it changes what a command
   * may not (lockedChanges: hook libraries, lease and host databases, log files, socket files).
   */
  async #setNow(document: Readonly<Record<string, unknown>>, what: string): Promise<CommandResponse> {
    const reply = await this.#checker.check({ kind: 'text', name: 'config-set.json', text: JSON.stringify(document) });
    if (!reply.ok) return this.#rejected(`${what} failed`, reply.reasons.join('\n'));
    const dhcp4 = (reply.value as { Dhcp4: Dhcp4Config }).Dhcp4;
    const current = this.server?.config.source;
    const locked = current === undefined ? [] : lockedChanges(current as Readonly<Record<string, unknown>>, dhcp4 as Readonly<Record<string, unknown>>);
    if (locked.length > 0) {
      return this.#rejected(`${what} failed`, `a configuration sent by command may not change ${locked.join(', ')}: `
        + 'they make the server run code or open files; change them in the configuration file and send config-reload');
    }
    try {
      await this.apply(resolveDhcp4(dhcp4));
    } catch (err) {
      return this.#rejected(`${what} failed`, err instanceof Error ? err.message : String(err));
    }
    return { result: CommandResult.Success, text: 'Configuration successful.', arguments: { hash: configHash(dhcp4) } };
  }

  /**
   * config-write: into the configuration file, or a file in its directory (Kea 3.0's
   * Daemon::checkWriteConfigFile: a bare name goes there; a path whose directory, as written, is
   * not the configuration file's is refused). A symbolic link is not written through. The other
   * sections of an existing file (Dhcp6, DhcpDdns, which gitdhcp validates but does not serve yet)
   * are kept.
   */
  async #write(file: string | undefined, document: Readonly<Record<string, unknown>>): Promise<{ file: string; size: number }> {
    const origin = this.origin();
    if (origin.kind !== 'file') throw new Error('config-write needs a configuration file');
    const current = origin.file;
    const dir = path.dirname(current);
    let target = current;
    if (file !== undefined) {
      if (path.basename(file) === '' || file.endsWith('/')) throw new Error(`not allowed to write config into ${file}: config file:${file} is missing file name`);
      if (!file.includes('/')) target = path.join(dir, file);
      else if (path.dirname(file) === dir) target = file;
      else throw new Error(`not allowed to write config into ${file}: file ${file} must be in the same directory as the config file (${current})`);
    }
    let whole: Record<string, unknown> = { ...document };
    if (existsSync(target)) {
      if (lstatSync(target).isSymbolicLink()) throw new Error(`not allowed to write config into ${target}: it is a symbolic link`);
      const existing = loadConfigFile(target, { secrets: 'if-present' });
      if (existing.ok && typeof existing.config.value === 'object' && existing.config.value !== null) whole = { ...(existing.config.value as Record<string, unknown>), ...document };
    }
    const text = toText(whole, formatOf(target));
    try {
      writeFileSync(target, text, { mode: 0o640 });
    } catch (err) {
      throw new Error(`Error during config-write: ${(err as Error).message}`, { cause: err });
    }
    this.event('info', 'DHCP4_CONFIG_WRITE', `configuration written to ${target}`);
    return { file: target, size: Buffer.byteLength(text) };
  }

  async #check(text: string, name: string): Promise<CandidateCheck> {
    const reply = await this.#checker.check({ kind: 'text', name, text });
    return reply.ok ? { ok: true, warnings: reply.warnings ?? [] } : { ok: false, reasons: reply.reasons };
  }

  #daemonPort(): DaemonPort {
    return {
      server: () => this.server,
      origin: () => this.origin(),
      startedAt: this.startedAt,
      committedAt: () => this.#committedAt,
      check: (text, name) => this.#check(text, name),
      set: (document) => this.#set(document),
      reload: () => {
        const origin = this.origin();
        if (origin.kind !== 'file') return Promise.resolve({ result: CommandResult.Error, text: 'config-reload needs a configuration file' });
        return this.reloadFile(origin.file, origin.file);
      },
      write: (file, document) => this.#write(file, document),
      shutdown: (exitValue) => {
        this.logs.root.info('DHCP4_SHUTDOWN_REQUEST', `shutdown requested by command (exit value ${exitValue})`);
        // After the response has gone out.
        setImmediate(() => this.onShutdown?.(exitValue));
      },
      version: VERSION,
      buildReport: () => buildReport(),
    };
  }

  /** @param baseDir where relative hook libraries resolve, when not the configuration file's directory */
  async apply(cfg: ResolvedConfig4, baseDir?: string): Promise<void> {
    const json = JSON.stringify(cfg.loggers);
    const previous = this.logs;
    if (json !== this.#loggersJson) {
      this.logs = createLogs(cfg.loggers, 'kea-dhcp4');
      this.#loggersJson = json;
      if (this.server !== undefined) this.server.logs = this.logs;
    }
    try {
      if (this.server === undefined) {
        this.server = await Dhcp4Server.start(cfg, {
          logs: this.logs, dataDir: this.#dataDir, configDir: baseDir ?? this.#configDir, builtinHooks: builtinHooks(packetMeta4), commands: this.commands, warmUp: true,
          ...(this.#probes !== undefined ? { extraInterfaces: ['lo'] } : {}),
        });
        this.logs.root.info('DHCP4_STARTED', `gitdhcp ${VERSION} DHCPv4 server started`, { version: VERSION });
      } else {
        await this.server.reconfigure(cfg, baseDir ?? this.#configDir);
      }
    } catch (err) {
      if (previous !== this.logs) {
        this.logs.close();
        this.logs = previous;
        this.#loggersJson = '';
        if (this.server !== undefined) this.server.logs = previous;
      }
      throw err;
    }
    if (previous !== this.logs) previous.close();
    this.#committedAt = Date.now();
    const summary = `DHCPv4 server configuration: ${cfg.subnets.length} subnets, ${this.server.interfaces.length} interfaces, ${this.server.leaseStore.count()} leases`;
    this.logs.root.info('DHCP4_CONFIG_COMPLETE', summary);
    this.event('info', 'DHCP4_CONFIG_COMPLETE', summary);
    await this.onApplied?.(cfg);
  }

  /**
   * The listeners of `cfg` are bound (each named interface has its socket, `*` at least one),
   * then, with probes, a relayed DISCOVER for each probed subnet gets an OFFER from it.
   */
  async health(cfg: ResolvedConfig4): Promise<string[]> {
    const problems = this.server?.socketProblems() ?? ['the DHCPv4 service is not running'];
    const probes = this.#probes;
    if (probes === undefined || problems.length > 0) return problems;
    const disabled = this.server?.networkState.describe();
    if (disabled !== undefined) {
      // dhcp-disable drops every packet, the probes' too: a revision cannot be judged by them, and
      // failing it would roll back good revisions while an operator holds the service.
      this.logs.root.warn('GITOPS_PROBES_SKIPPED', `DHCP service disabled by ${disabled}: health probes skipped`);
      return problems;
    }
    const targets = cfg.subnets.filter((s) => (probes.subnets === 'all' ? s.pools.length > 0 : probes.subnets.includes(s.id)));
    for (const id of probes.subnets === 'all' ? [] : probes.subnets) {
      if (!cfg.subnets.some((s) => s.id === id)) problems.push(`probe: subnet ${id} is not in the configuration`);
    }
    for (const r of await probeSubnets(targets, 67, probes.timeoutMs)) {
      if (!r.ok) problems.push(`probe: subnet ${r.id} (${cfg.subnetById.get(r.id)?.prefixText ?? '?'}) ${r.reason}`);
    }
    return problems;
  }

  counters(): TrafficCounters | undefined {
    const stats = this.server?.stats;
    if (stats === undefined) return undefined;
    return {
      received: stats.get('pkt4-received'), dropped: stats.get('pkt4-receive-drop'),
      requests: stats.get('pkt4-request-received'), naks: stats.get('pkt4-nak-sent'),
    };
  }

  plan(cfg: ResolvedConfig4): LeasePlan | undefined {
    const server = this.server;
    if (server === undefined) return undefined;
    return planLeaseImpact(server.config, cfg, server.leaseStore.all(), Math.floor(Date.now() / 1000));
  }

  /** Stops: waits for the configuration change in progress (no new one starts), then the server. */
  async stop(): Promise<void> {
    this.#isStopping = true;
    await this.#serial;
    await this.#checker.close();
    await this.server?.stop();
    this.logs.root.info('DHCP4_SHUTDOWN', 'server shutdown');
    this.logs.close();
  }
}

/** Which subnets the health check probes, and how long it waits for their OFFERs. */
export interface ProbeSettings {
  readonly subnets: 'all' | readonly number[];
  readonly timeoutMs: number;
}


/** A notable event of the appliance, for the status page. */
export interface AppEvent {
  readonly at: string;
  readonly level: 'info' | 'warn' | 'error';
  readonly code: string;
  readonly message: string;
}

const EVENTS = 50;

/** build-report: what this gitdhcp is and runs on (Kea prints its configure report). */
export function buildReport(): string {
  return [
    `gitdhcp ${VERSION}`,
    'control API: Kea 3.0 (kea-dhcp4 commands, lease_cmds, stat_cmds, subnet_cmds, host_cmds, class_cmds)',
    `Node.js ${process.version} (V8 ${process.versions.v8}, OpenSSL ${process.versions.openssl})`,
    `platform: ${process.platform} ${process.arch}`,
    `host: ${hostname()}`,
    'lease database: memfile (Kea CSV)',
  ].join('\n');
}
