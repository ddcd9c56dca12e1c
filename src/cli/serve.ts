/**
 * `gitdhcp serve -c FILE`: serves the sections of FILE gitdhcp serves (now `Dhcp4`) until
 * SIGTERM or SIGINT, as `kea-dhcp4 -c FILE` does. SIGHUP re-reads FILE and applies it with the
 * stage/commit swap (leases, statistics and unchanged sockets stay); a file that does not load or
 * validate is rejected and the running configuration keeps serving (Kea's
 * DHCP4_DYNAMIC_RECONFIGURATION_FAIL). SIGTERM sends what is pending, writes every lease and
 * exits 0; so does Kea's shutdown command, with its exit-value.
 *
 * Both modes answer Kea's commands (appliance.ts) on the appliance's own UNIX socket and on the
 * configuration's control-sockets (control/channel.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { displayUrl, GitSource, type SignatureTrust } from '../gitops/git-source.js';
import { Reconciler, type UserChecks, type WatchSettings } from '../gitops/reconciler.js';
import { registerGitopsCommands } from '../gitops/commands.js';
import { ControlChannel } from '../control/channel.js';
import { StateDir } from '../gitops/state.js';
import { startWebhook } from '../gitops/webhook.js';
import { urlNotifier } from '../gitops/notify.js';
import { createLogs, type LogSetup } from '../server/logging.js';
import { Appliance, issuesText, readConfig, type ProbeSettings } from './appliance.js';
import { metricsInput, statusPageModel } from './status-model.js';
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
  --control-socket PATH  the appliance's own control socket (Kea's command protocol, mode 0600)
                      for gitdhcp leases, stats, status, reconcile, rollback, unpin, suspend
                      and resume; default <state-dir>/control.sock (with -c:
                      <data-dir>/state/control.sock); off: none. The control-sockets of the
                      configuration (unix, http, https; /metrics and the status page at / of
                      the HTTP ones) open besides it
  --data-dir DIR      where relative lease file names (and Kea's default kea-leases4.csv) live;
                      default $KEA_DHCP_DATA_DIR, else /var/lib/gitdhcp

signals: SIGHUP reloads FILE, or fetches the repository at once (a broken configuration is
rejected, the old one keeps serving); SIGTERM / SIGINT write every lease and exit.
exit status: 0 stopped by a signal, 1 the configuration is invalid, 2 the server could not start`;

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
 * How the appliance is stopped: SIGTERM or SIGINT (exit value 0) or the shutdown command (its
 * exit-value). Installed before any socket opens, so a stop asked for during start-up is kept
 * (it takes effect once start-up is done) and SIGHUP never kills the process; SIGHUP runs
 * `onHup` (one at a time) once `whenStopped` gave it.
 */
class StopLatch {
  readonly #app: Appliance;
  readonly #stopped: Promise<number>;
  #resolve: (value: number) => void = () => undefined;
  #onHup: (() => Promise<unknown>) | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  readonly #hup = (): void => {
    const fn = this.#onHup;
    if (fn === undefined) {
      this.#app.logs.root.warn('DHCP4_DYNAMIC_RECONFIGURATION', 'SIGHUP during start-up ignored: send it again once the server is up');
      return;
    }
    this.#chain = this.#chain.then(fn, fn);
  };
  readonly #stop = (signal: NodeJS.Signals): void => {
    this.#app.logs.root.info('DHCP4_SHUTDOWN_REQUEST', `shutdown requested (${signal})`);
    this.#resolve(0);
  };

  constructor(app: Appliance) {
    this.#app = app;
    this.#stopped = new Promise<number>((resolve) => {
      this.#resolve = resolve;
    });
    process.on('SIGHUP', this.#hup);
    process.on('SIGTERM', this.#stop);
    process.on('SIGINT', this.#stop);
    app.onShutdown = (value) => this.#resolve(value);
  }

  /** Serves SIGHUP with `onHup` until a stop; resolves to the exit value after the last SIGHUP's work. */
  async whenStopped(onHup: () => Promise<unknown>): Promise<number> {
    this.#onHup = onHup;
    const value = await this.#stopped;
    this.dispose();
    await this.#chain;
    return value;
  }

  dispose(): void {
    process.off('SIGHUP', this.#hup);
    process.off('SIGTERM', this.#stop);
    process.off('SIGINT', this.#stop);
    this.#app.onShutdown = undefined;
  }
}

/**
 * The control channel of the appliance: its own local socket (`--control-socket`), then the
 * control-sockets of each configuration applied, with /metrics and the status page on HTTP.
 */
async function openControl(app: Appliance, local: string | undefined, log: LogSetup['root'], isLocalRequired: boolean): Promise<ControlChannel | undefined> {
  const channel = new ControlChannel(app.commands, {
    log,
    pages: { metrics: () => metricsInput(app), statusPage: () => statusPageModel(app) },
    onWarning: (code: string, message: string) => app.event('warn', code, message),
  });
  try {
    if (local !== undefined) await channel.openLocal(local);
  } catch (err) {
    const why = `cannot open the control socket ${local}: ${err instanceof Error ? err.message : String(err)}`;
    if (isLocalRequired) {
      log.error('DHCP4_CONTROL_SOCKET_FAIL', why);
      return undefined;
    }
    // serve -c: Kea's own control-sockets still open; gitdhcp leases / stats need --socket then.
    log.warn('DHCP4_CONTROL_SOCKET_FAIL', `${why}; gitdhcp leases, stats and status cannot reach this server there (--control-socket PATH names another)`);
    app.event('warn', 'DHCP4_CONTROL_SOCKET_FAIL', why);
  }
  app.onApplied = (cfg) => channel.follow(cfg.source);
  return channel;
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
      controlSocket: localSocket(values['control-socket'], stateDir, io),
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
  const app = new Appliance(createLogs([], 'kea-dhcp4'), dataDir, path.dirname(file), () => ({ kind: 'file', file }));
  const latch = new StopLatch(app);
  const control = await openControl(app, localSocket(values['control-socket'], path.join(dataDir, 'state'), io), app.logs.root, false);
  if (control === undefined) {
    latch.dispose();
    app.logs.close();
    return Exit.Failure;
  }
  try {
    await app.apply(first.cfg);
  } catch (err) {
    app.logs.root.error('DHCP4_INIT_FAIL', `failed to start: ${err instanceof Error ? err.message : String(err)}`);
    latch.dispose();
    await control.close();
    app.logs.close();
    return Exit.Failure;
  }
  for (const w of first.warnings) app.logs.root.warn('DHCP4_CONFIG_SYNTAX_WARNING', formatIssueText(w));
  for (const section of first.notServed) app.logs.root.warn('GITDHCP_SECTION_NOT_SERVED', `${section} is validated but not served yet: gitdhcp serves Dhcp4`);
  const exitValue = await latch.whenStopped(() => app.reloadFile(file, shown));
  await control.close();
  await app.stop();
  return exitValue as ExitCode;
}

/** The appliance's own control socket: --control-socket PATH, `off`, or `<state-dir>/control.sock`. */
function localSocket(flag: string | undefined, stateDir: string, io: CliIO): string | undefined {
  if (flag === 'off') return undefined;
  return path.resolve(io.cwd, flag ?? path.join(stateDir, 'control.sock'));
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
  readonly controlSocket: string | undefined;
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
  let reconciler: Reconciler | undefined;
  const app = new Appliance(createLogs([], 'kea-dhcp4'), dataDir, '/', () => {
    const st = reconciler?.status;
    return { kind: 'git', repository: displayUrl(url), branch, path: entry, revision: st?.lastApplied ?? null };
  }, o.probes);
  const state = new StateDir(stateDir);
  const source = await GitSource.open(/^[a-z]+:\/\//.test(url) || url.includes('@') ? url : path.resolve(io.cwd, url), branch, path.join(stateDir, 'repo.git'));
  reconciler = new Reconciler({ source, state, path: entry, intervalMs, server: app, log: gitopsLogs.root, checks: o.checks, blockLeaseImpact: o.blockLeaseImpact,
    ...(o.signatures !== undefined ? { signatures: o.signatures } : {}), ...(o.watch !== undefined ? { watch: o.watch } : {}),
    ...(o.notifyUrl !== undefined ? { notify: urlNotifier(o.notifyUrl, gitopsLogs.root) } : {}) });
  const rec = reconciler;
  app.gitops = rec;
  registerGitopsCommands(app.commands, rec);
  const latch = new StopLatch(app);
  const control = await openControl(app, o.controlSocket, gitopsLogs.root, true);
  if (control === undefined) {
    latch.dispose();
    gitopsLogs.close();
    return Exit.Failure;
  }
  gitopsLogs.root.info('GITOPS_STARTED', `following ${branch} of ${displayUrl(url)} (${entry}), every ${intervalMs} ms; state in ${stateDir}; control socket ${o.controlSocket ?? 'off'}`);
  await rec.start();
  const hook = o.webhook === undefined ? undefined : await startWebhook(o.webhook.host, o.webhook.port, o.webhook.secret, () => {
    gitopsLogs.root.info('GITOPS_WEBHOOK', 'webhook received: fetching now');
    void rec.reconcile();
  });
  if (hook !== undefined) gitopsLogs.root.info('GITOPS_WEBHOOK_LISTENING', `webhook on ${o.webhook?.host}:${hook.port}/hooks/git`);
  const exitValue = await latch.whenStopped(() => rec.reconcile());
  await hook?.close();
  await control.close();
  rec.stop();
  await app.stop();
  gitopsLogs.close();
  return exitValue as ExitCode;
}
