/**
 * `gitdhcp serve -c FILE`: serves the sections of FILE gitdhcp serves (now `Dhcp4`) until
 * SIGTERM or SIGINT, as `kea-dhcp4 -c FILE` does. SIGHUP re-reads FILE and applies it with the
 * stage/commit swap (leases, statistics and unchanged sockets stay); a file that does not load or
 * validate is rejected and the running configuration keeps serving (Kea's
 * DHCP4_DYNAMIC_RECONFIGURATION_FAIL). SIGTERM sends what is pending, writes every lease and
 * exits 0.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile, resolveDhcp4, validateConfig, type ConfigIssue, type ResolvedConfig4 } from '../config/index.js';
import type { Dhcp4Config } from '../schema/index.js';
import { Dhcp4Server } from '../server/dhcp4-server.js';
import { GitSource, type SignatureTrust } from '../gitops/git-source.js';
import { Reconciler, type ServerPort, type TrafficCounters, type UserChecks, type WatchSettings } from '../gitops/reconciler.js';
import { registerGitopsCommands } from '../gitops/commands.js';
import { CommandRegistry } from '../control/commands.js';
import { startUnixControlSocket } from '../control/unix-socket.js';
import { StateDir } from '../gitops/state.js';
import { startWebhook } from '../gitops/webhook.js';
import { probeSubnets } from '../gitops/probe.js';
import { planLeaseImpact, type LeasePlan } from '../gitops/plan.js';
import { urlNotifier } from '../gitops/notify.js';
import { readFileSync } from 'node:fs';
import { packetMeta4 } from '../server/process4.js';
import { createLogs, type LogSetup } from '../server/logging.js';
import { builtinHooks } from '../hooks/builtins.js';
import { VERSION } from '../version.js';
import { formatIssueText } from './format-issues.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { UsageError } from './usage.js';

export const SERVE_HELP = `usage: gitdhcp serve -c FILE [--data-dir DIR]
       gitdhcp serve --repo URL [--branch main] [--path gitdhcp.yaml] [--interval 30s] [--state-dir DIR] [--data-dir DIR]

Serves the DHCPv4 configuration (Dhcp4) — Kea JSON or YAML — on the interfaces its
interfaces-config names, with memfile leases, until SIGTERM or SIGINT.

  -c, --config FILE   the configuration file
  --repo URL          follow a git repository instead (a path, file://, https, ssh): every new
                      commit of --branch is validated, applied, health-checked, and rolled back
                      (and quarantined) when unhealthy
  --branch NAME       the branch to follow (default main)
  --path FILE         the entry file inside the repository (default: the first of gitdhcp.yaml,
                      gitdhcp.yml, gitdhcp.json, kea.json... set it explicitly)
  --interval DURATION how often to fetch (30s, 2s, 5m; default 30s, jittered)
  --state-dir DIR     the reconciler's status and healthy snapshots (default <data-dir>/state)
  --webhook HOST:PORT listen for POST /hooks/git (GitHub X-Hub-Signature-256 or GitLab
                      X-Gitlab-Token) and fetch at once; needs --webhook-secret-file
  --webhook-secret-file FILE  the shared secret of the webhook
  --probe all|none|IDS health probes after each apply: a relayed DISCOVER over lo for every
                      subnet with a pool (all, the default), none, or the listed subnet ids,
                      each of which must get an OFFER from its subnet; the server also
                      listens on lo for them
  --health-timeout DURATION  how long the probes wait for their OFFERs, and the checks may take (default 3s)
  --check-command PATH a program in the repository (path inside it, from the revision being
                      checked) that must exit 0; it gets GITDHCP_REVISION
  --check-url URL     a URL that must answer 2xx
  --block-lease-impact refuse a revision whose plan strands active leases (their subnet goes,
                      its id now names another prefix, or their address leaves every pool)
  --allowed-signers FILE  apply only commits signed by an SSH key of this allowed_signers file
  --gnupg-home DIR    apply only commits signed by a GPG key trusted in this GnuPG home
  --notify-url URL    POST every attempt's outcome there as JSON (best effort)
  --watch DURATION    after the checks pass, watch the drop and NAK rates this long (default
                      10s; 0 turns it off): a share of dropped packets, or of NAKed REQUESTs,
                      more than --watch-threshold points above the share of the minute before
                      the apply rolls the revision back (NAKs are not judged when the plan
                      strands leases: those clients are meant to be NAKed)
  --watch-threshold PCT  the allowed increase, in percentage points (default 5)
  --watch-min N       judge a share only after N packets (or REQUESTs) in the window (default 20)
  --control-socket PATH  the local control socket for gitdhcp status, reconcile, rollback,
                      unpin, suspend and resume (default <state-dir>/control.sock, mode 0600)
  --data-dir DIR      where relative lease file names (and Kea's default kea-leases4.csv) live;
                      default $KEA_DHCP_DATA_DIR, else /var/lib/gitdhcp

signals: SIGHUP reloads FILE, or fetches the repository at once (a broken configuration is
rejected, the old one keeps serving); SIGTERM / SIGINT write every lease and exit.
exit status: 0 stopped by a signal, 1 the configuration is invalid, 2 the server could not start`;

type Loaded = { readonly ok: true; readonly cfg: ResolvedConfig4; readonly warnings: readonly ConfigIssue[]; readonly notServed: readonly string[] }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Loads, validates and resolves the Dhcp4 part of `file`. */
function readConfig(file: string, shown: string): Loaded {
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

function issuesText(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => formatIssueText(i)).join('\n');
}

/** Parses a duration such as 500ms, 2s, 30s, 5m, 1h. */
export function parseDuration(text: string, flag = '--interval'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (m === null) throw new UsageError(`${flag} '${text}' is not a duration: write 500ms, 30s, 5m or 1h`);
  const n = Number(m[1]);
  const ms = n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[m[2] as 'ms' | 's' | 'm' | 'h'];
  if (ms < 100) throw new UsageError(`${flag} ${text} is too short (at least 100ms)`);
  return ms;
}

/**
 * The DHCPv4 service of this process: started on the first configuration, reconfigured with the
 * next ones, loggers swapped when `loggers` changes. Serves both `-c FILE` and `--repo`.
 */
class Appliance implements ServerPort {
  server: Dhcp4Server | undefined;
  logs: LogSetup;
  #loggersJson = '';
  readonly #dataDir: string;
  readonly #configDir: string;
  readonly #probes: ProbeSettings | undefined;
  /** The commands of the control socket: the server's, and the reconciler's in --repo mode. */
  readonly commands = new CommandRegistry();

  /** @param probes DHCP health probes over `lo` (serve --repo), or undefined for none */
  constructor(logs: LogSetup, dataDir: string, configDir: string, probes?: ProbeSettings) {
    this.logs = logs;
    this.#dataDir = dataDir;
    this.#configDir = configDir;
    this.#probes = probes;
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
          logs: this.logs, dataDir: this.#dataDir, configDir: baseDir ?? this.#configDir, builtinHooks: builtinHooks(packetMeta4), commands: this.commands,
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
    this.logs.root.info('DHCP4_CONFIG_COMPLETE', `DHCPv4 server configuration: ${cfg.subnets.length} subnets, `
      + `${this.server.interfaces.length} interfaces, ${this.server.leaseStore.count()} leases`);
  }

  /**
   * The listeners of `cfg` are bound (each named interface has its socket, `*` at least one),
   * then, with probes, a relayed DISCOVER for each probed subnet gets an OFFER from it.
   */
  async health(cfg: ResolvedConfig4): Promise<string[]> {
    const bound = new Set((this.server?.interfaces ?? []).map((b) => b.iface));
    const problems: string[] = [];
    for (const spec of cfg.interfaces) {
      if (spec.kind === 'all') {
        if (bound.size === 0) problems.push('interfaces-config "*": no interface could be opened');
      } else if (!bound.has(spec.name)) {
        problems.push(`interfaces-config ${spec.name}: no socket is open on it`);
      }
    }
    const probes = this.#probes;
    if (probes === undefined || problems.length > 0) return problems;
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

  async stop(): Promise<void> {
    await this.server?.stop();
    this.logs.root.info('DHCP4_SHUTDOWN', 'server shutdown');
    this.logs.close();
  }
}

/** Which subnets the health check probes, and how long it waits for their OFFERs. */
interface ProbeSettings {
  readonly subnets: 'all' | readonly number[];
  readonly timeoutMs: number;
}

/** Waits for SIGTERM/SIGINT; SIGHUP runs `onHup` (serialized). */
async function untilStopped(logs: () => LogSetup, onHup: () => Promise<void>): Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  await new Promise<void>((resolve) => {
    const hup = (): void => {
      chain = chain.then(onHup, onHup);
    };
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGHUP', hup);
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      logs().root.info('DHCP4_SHUTDOWN_REQUEST', `shutdown requested (${signal})`);
      resolve();
    };
    process.on('SIGHUP', hup);
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await chain;
}

export async function serveCommand(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      repo: { type: 'string' }, branch: { type: 'string', default: 'main' }, path: { type: 'string' },
      interval: { type: 'string', default: '30s' }, 'state-dir': { type: 'string' },
      webhook: { type: 'string' }, 'webhook-secret-file': { type: 'string' },
      probe: { type: 'string', default: 'all' }, 'health-timeout': { type: 'string', default: '3s' },
      'check-command': { type: 'string' }, 'check-url': { type: 'string' }, 'block-lease-impact': { type: 'boolean', default: false },
      'allowed-signers': { type: 'string' }, 'gnupg-home': { type: 'string' }, 'notify-url': { type: 'string' },
      watch: { type: 'string', default: '10s' }, 'watch-threshold': { type: 'string', default: '5' }, 'watch-min': { type: 'string', default: '20' },
      'control-socket': { type: 'string' },
    },
  });
  if (values.help) { io.out(`${SERVE_HELP}\n`); return Exit.Ok; }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if ((values.config === undefined) === (values.repo === undefined)) throw new UsageError('serve needs either -c FILE or --repo URL');
  const dataDir = path.resolve(io.cwd, values['data-dir'] ?? io.env['KEA_DHCP_DATA_DIR'] ?? '/var/lib/gitdhcp');
  if (values.repo !== undefined) {
    let webhook: { host: string; port: number; secret: string } | undefined;
    if (values.webhook !== undefined) {
      const m = /^(.*):(\d+)$/.exec(values.webhook);
      if (m === null) throw new UsageError(`--webhook ${values.webhook}: write HOST:PORT, for example 127.0.0.1:9000`);
      if (values['webhook-secret-file'] === undefined) throw new UsageError('--webhook needs --webhook-secret-file: an unauthenticated webhook would let anyone trigger fetches');
      const secret = readFileSync(path.resolve(io.cwd, values['webhook-secret-file']), 'utf8').trim();
      if (secret === '') throw new UsageError(`--webhook-secret-file ${values['webhook-secret-file']} is empty`);
      webhook = { host: (m[1] as string).replace(/^\[|\]$/g, ''), port: Number(m[2]), secret };
    }
    const stateDir = path.resolve(io.cwd, values['state-dir'] ?? path.join(dataDir, 'state'));
    return serveRepo(io, {
      controlSocket: path.resolve(io.cwd, values['control-socket'] ?? path.join(stateDir, 'control.sock')),
      watch: watchSettings(values.watch, values['watch-threshold'], values['watch-min']),
      url: values.repo, branch: values.branch, entry: values.path ?? 'gitdhcp.yaml', intervalMs: parseDuration(values.interval),
      stateDir, dataDir, webhook,
      probes: probeSettings(values.probe, parseDuration(values['health-timeout'], '--health-timeout')),
      checks: { command: values['check-command'], url: values['check-url'], timeoutMs: parseDuration(values['health-timeout'], '--health-timeout') },
      blockLeaseImpact: values['block-lease-impact'],
      notifyUrl: values['notify-url'],
      signatures: values['allowed-signers'] === undefined && values['gnupg-home'] === undefined ? undefined : {
        allowedSigners: values['allowed-signers'] === undefined ? undefined : path.resolve(io.cwd, values['allowed-signers']),
        gnupgHome: values['gnupg-home'] === undefined ? undefined : path.resolve(io.cwd, values['gnupg-home']),
      },
    });
  }
  const shown = values.config as string;
  const file = path.resolve(io.cwd, shown);
  const first = readConfig(file, shown);
  if (!first.ok) {
    io.err(`gitdhcp serve: ${shown} is not a configuration gitdhcp can serve:\n${issuesText(first.issues)}\n`);
    return Exit.Findings;
  }
  const app = new Appliance(createLogs([], 'kea-dhcp4'), dataDir, path.dirname(file));
  try {
    await app.apply(first.cfg);
  } catch (err) {
    app.logs.root.error('DHCP4_INIT_FAIL', `failed to start: ${err instanceof Error ? err.message : String(err)}`);
    app.logs.close();
    return Exit.Failure;
  }
  for (const w of first.warnings) app.logs.root.warn('DHCP4_CONFIG_SYNTAX_WARNING', formatIssueText(w));
  for (const section of first.notServed) app.logs.root.warn('GITDHCP_SECTION_NOT_SERVED', `${section} is validated but not served yet: gitdhcp serves Dhcp4`);
  await untilStopped(() => app.logs, async () => {
    app.logs.root.info('DHCP4_DYNAMIC_RECONFIGURATION', `initiate server reconfiguration using file: ${shown}, after receiving SIGHUP signal`);
    const next = readConfig(file, shown);
    if (!next.ok) {
      app.logs.root.error('DHCP4_DYNAMIC_RECONFIGURATION_FAIL', `the configuration was rejected, the running one keeps serving:\n${issuesText(next.issues)}`);
      return;
    }
    try {
      await app.apply(next.cfg);
    } catch (err) {
      app.logs.root.error('DHCP4_DYNAMIC_RECONFIGURATION_FAIL', `the configuration was rejected, the running one keeps serving: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    for (const w of next.warnings) app.logs.root.warn('DHCP4_CONFIG_SYNTAX_WARNING', formatIssueText(w));
  });
  await app.stop();
  return Exit.Ok;
}

interface RepoOptions {
  readonly url: string;
  readonly branch: string;
  readonly entry: string;
  readonly intervalMs: number;
  readonly stateDir: string;
  readonly dataDir: string;
  readonly webhook: { readonly host: string; readonly port: number; readonly secret: string } | undefined;
  readonly probes: ProbeSettings | undefined;
  readonly checks: UserChecks;
  readonly blockLeaseImpact: boolean;
  readonly signatures: SignatureTrust | undefined;
  readonly notifyUrl: string | undefined;
  readonly watch: WatchSettings | undefined;
  readonly controlSocket: string;
}

function watchSettings(window: string, threshold: string, min: string): WatchSettings | undefined {
  if (window === '0' || window === 'off') return undefined;
  const points = Number(threshold);
  if (!(points >= 0 && points <= 100)) throw new UsageError(`--watch-threshold ${threshold}: write percentage points between 0 and 100, for example 5`);
  const minEvents = Number(min);
  if (!Number.isInteger(minEvents) || minEvents < 1) throw new UsageError(`--watch-min ${min}: write a whole number of packets, for example 20`);
  return { windowMs: parseDuration(window, '--watch'), maxIncrease: points / 100, minEvents };
}

function probeSettings(text: string, timeoutMs: number): ProbeSettings | undefined {
  if (text === 'none') return undefined;
  if (text === 'all') return { subnets: 'all', timeoutMs };
  const ids = text.split(',').map((t) => Number(t.trim()));
  if (ids.some((n) => !Number.isInteger(n) || n <= 0)) throw new UsageError(`--probe ${text}: write all, none, or subnet ids such as 1,2,30`);
  return { subnets: ids, timeoutMs };
}

/** `serve --repo`: the reconciler drives the appliance. */
async function serveRepo(io: CliIO, o: RepoOptions): Promise<ExitCode> {
  const { url, branch, entry, intervalMs, stateDir, dataDir } = o;
  const gitopsLogs = createLogs([], 'gitdhcp');
  const app = new Appliance(createLogs([], 'kea-dhcp4'), dataDir, '/', o.probes);
  const state = new StateDir(stateDir);
  const source = await GitSource.open(/^[a-z]+:\/\//.test(url) || url.includes('@') ? url : path.resolve(io.cwd, url), branch, path.join(stateDir, 'repo.git'));
  const reconciler = new Reconciler({ source, state, path: entry, intervalMs, server: app, log: gitopsLogs.root, checks: o.checks, blockLeaseImpact: o.blockLeaseImpact,
    ...(o.signatures !== undefined ? { signatures: o.signatures } : {}), ...(o.watch !== undefined ? { watch: o.watch } : {}),
    ...(o.notifyUrl !== undefined ? { notify: urlNotifier(o.notifyUrl, gitopsLogs.root) } : {}) });
  registerGitopsCommands(app.commands, reconciler);
  let control;
  try {
    control = await startUnixControlSocket(o.controlSocket, app.commands);
  } catch (err) {
    gitopsLogs.root.error('GITOPS_CONTROL_SOCKET_FAIL', `cannot open the control socket ${o.controlSocket}: ${err instanceof Error ? err.message : String(err)}`);
    gitopsLogs.close();
    return Exit.Failure;
  }
  gitopsLogs.root.info('GITOPS_STARTED', `following ${branch} of ${url} (${entry}), every ${intervalMs} ms; state in ${stateDir}; control socket ${control.path}`);
  await reconciler.start();
  const hook = o.webhook === undefined ? undefined : await startWebhook(o.webhook.host, o.webhook.port, o.webhook.secret, () => {
    gitopsLogs.root.info('GITOPS_WEBHOOK', 'webhook received: fetching now');
    void reconciler.reconcile();
  });
  if (hook !== undefined) gitopsLogs.root.info('GITOPS_WEBHOOK_LISTENING', `webhook on ${o.webhook?.host}:${hook.port}/hooks/git`);
  await untilStopped(() => app.logs, () => reconciler.reconcile());
  await hook?.close();
  await control.close();
  reconciler.stop();
  await app.stop();
  gitopsLogs.close();
  return Exit.Ok;
}
