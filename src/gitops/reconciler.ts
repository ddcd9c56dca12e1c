/**
 * The reconciler: follows a branch of a git repository and keeps the server on its newest good
 * revision. Per new revision: validate (the code of `config-test`) → apply (the server's
 * stage/commit) → health → on failure roll back to the last healthy snapshot and quarantine the
 * revision until a newer commit arrives. Every step lands in the state directory's status.
 *
 * Runs are serialized: a fetch or a webhook during a run waits for the next one. A remote that
 * cannot be reached is transient: the server keeps serving and the next try backs off (doubling
 * the interval, at most 5 minutes).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfigFile, loadConfigText, resolveDhcp4, validateConfig, type ConfigIssue, type ResolvedConfig4 } from '../config/index.js';
import type { Dhcp4Config } from '../schema/index.js';
import type { Log } from '../server/logging.js';
import type { GitSource, SignatureTrust } from './git-source.js';
import { describePlan, type LeasePlan } from './plan.js';
import type { Condition, HistoryEntry, Outcome, Snapshot, StateDir, Status } from './state.js';

/** What the reconciler drives: start a server on a first configuration, then reconfigure it. */
export interface ServerPort {
  /** Starts serving `cfg` (first configuration) or applies it (stage/commit). @throws when it cannot */
  apply(cfg: ResolvedConfig4): Promise<void>;
  /** Problems found by the health checks of the configuration just applied (empty: healthy). */
  health(cfg: ResolvedConfig4): Promise<string[]>;
  /** The lease impact of applying `cfg` over what serves now (undefined: nothing to compare with). */
  plan?(cfg: ResolvedConfig4): LeasePlan | undefined;
}

export interface ReconcilerOptions {
  readonly source: GitSource;
  readonly state: StateDir;
  /** The entry file inside the repository (`gitdhcp.yaml`). */
  readonly path: string;
  readonly intervalMs: number;
  readonly server: ServerPort;
  readonly log: Log;
  readonly now?: () => Date;
  /** User checks run after the server's own health checks. */
  readonly checks?: UserChecks;
  /** Refuse a revision whose plan strands active leases (`--block-lease-impact`). */
  readonly blockLeaseImpact?: boolean;
  /** Apply only commits signed by these keys (`--allowed-signers`, `--gnupg-home`). */
  readonly signatures?: SignatureTrust;
  /** Told of every attempt's outcome (`--notify-url`); must not throw or block. */
  readonly notify?: (event: GitopsEvent) => void;
}

/** What a notification carries: one attempt at a revision, as recorded in the history. */
export interface GitopsEvent {
  readonly event: 'revision';
  readonly repository: string;
  readonly branch: string;
  readonly entry: HistoryEntry;
  readonly serving: string | null;
}

/**
 * The operator's own health checks: a program from the revision itself (a path inside the
 * repository, run with GITDHCP_REVISION set) that must exit 0, and a URL that must answer 2xx.
 */
export interface UserChecks {
  readonly command?: string | undefined;
  readonly url?: string | undefined;
  readonly timeoutMs: number;
}

const execFileAsync = promisify(execFile);

/** The root the repository's files appear under to the loader (includes resolve inside it). */
const REPO_ROOT = '/gitdhcp-repository';
const MAX_BACKOFF_MS = 5 * 60_000;

type Loaded = { readonly ok: true; readonly cfg: ResolvedConfig4; readonly config: unknown } | { readonly ok: false; readonly reasons: string[] };

function issueText(i: ConfigIssue): string {
  const where = i.line === undefined ? (i.file ?? '') : `${i.file}:${i.line}:${i.column}`;
  return `${where}: ${i.severity} [${i.code}] ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

/** Validates a loaded document and resolves its Dhcp4 map. */
function checked(outcome: ReturnType<typeof loadConfigFile>): Loaded {
  if (!outcome.ok) return { ok: false, reasons: outcome.issues.map(issueText) };
  const v = validateConfig(outcome.config);
  const errors = v.issues.filter((i) => i.severity === 'error');
  if (!v.valid || errors.length > 0) return { ok: false, reasons: errors.map(issueText) };
  const dhcp4 = (outcome.config.value as { Dhcp4?: Dhcp4Config }).Dhcp4;
  if (dhcp4 === undefined) return { ok: false, reasons: ['the configuration has no Dhcp4 map: gitdhcp serves DHCPv4 only for now'] };
  return { ok: true, cfg: resolveDhcp4(dhcp4), config: outcome.config.value };
}

export class Reconciler {
  readonly #o: ReconcilerOptions;
  #status: Status;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #isStopped = false;
  #isAgain = false;
  /** The plan lines of the attempt under way. */
  #plan: string[] = [];

  constructor(options: ReconcilerOptions) {
    this.#o = options;
    this.#status = options.state.readStatus() ?? {
      repository: options.source.url, branch: options.source.branch, path: options.path,
      lastAttempted: null, lastApplied: null, lastHealthy: null, conditions: [], quarantine: [], history: [],
    };
  }

  get status(): Status {
    return this.#status;
  }

  /**
   * Serves the last healthy snapshot at once, if there is one (before any network access), then
   * reconciles now and every interval.
   */
  async start(): Promise<void> {
    const last = this.#status.lastHealthy;
    const snap = last === null ? undefined : this.#o.state.readSnapshot(last);
    if (snap !== undefined) {
      const loaded = this.#fromSnapshot(snap);
      if (loaded.ok) {
        await this.#o.server.apply(loaded.cfg);
        this.#o.log.info('GITOPS_SNAPSHOT_SERVED', `serving the last healthy revision ${short(snap.revision)} from the state directory`, { revision: snap.revision });
      } else {
        this.#o.log.error('GITOPS_SNAPSHOT_INVALID', `the snapshot of ${short(snap.revision)} no longer validates: ${loaded.reasons.join('; ')}`);
      }
    }
    await this.reconcile();
    this.#schedule();
  }

  stop(): void {
    this.#isStopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }

  /**
   * One pass now. During a pass, asks for another one right after it (a push that arrives
   * mid-pass is not lost). Never throws.
   */
  reconcile(): Promise<void> {
    if (this.#running !== undefined) {
      this.#isAgain = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#isAgain = false;
        await this.#pass();
      } while (this.#isAgain && !this.#isStopped);
    })().finally(() => (this.#running = undefined));
    return this.#running;
  }

  #schedule(): void {
    if (this.#isStopped) return;
    const base = this.#o.intervalMs * 2 ** Math.min(this.#failures, 10);
    const delay = Math.min(base, Math.max(MAX_BACKOFF_MS, this.#o.intervalMs)) * (0.9 + Math.random() * 0.2);
    this.#timer = setTimeout(() => {
      void this.reconcile().then(() => this.#schedule());
    }, delay).unref();
  }

  async #pass(): Promise<void> {
    const log = this.#o.log;
    let revision: string;
    try {
      revision = await this.#o.source.fetch();
      if (this.#failures > 0) log.info('GITOPS_FETCH_RECOVERED', `${this.#o.source.url} is reachable again`);
      this.#failures = 0;
    } catch (err) {
      this.#failures++;
      const message = err instanceof Error ? err.message.trim().split('\n').pop() ?? err.message : String(err);
      log.warn('GITOPS_FETCH_FAILED', `cannot fetch ${this.#o.source.branch} from ${this.#o.source.url} (${message}); still serving ${short(this.#status.lastApplied)}`);
      this.#setCondition('Stalled', true, 'FetchFailed', message);
      this.#save();
      return;
    }
    this.#setCondition('Stalled', false, 'Fetched', `fetched ${short(revision)}`);
    if (revision === this.#status.lastAttempted || this.#status.quarantine.includes(revision)) {
      this.#save();
      return;
    }
    await this.#attempt(revision);
  }

  async #attempt(revision: string): Promise<void> {
    const log = this.#o.log;
    const t0 = Date.now();
    const timings: Record<string, number> = {};
    this.#status = { ...this.#status, lastAttempted: revision };
    this.#setCondition('Reconciling', true, 'NewRevision', `applying ${short(revision)}`);
    if (this.#o.signatures !== undefined) {
      const why = await this.#o.source.verify(revision, this.#o.signatures);
      timings['verify'] = Date.now() - t0;
      if (why !== null) {
        log.error('GITOPS_REVISION_UNSIGNED', `revision ${short(revision)} is not signed by an allowed key (${why}); ${short(this.#status.lastApplied)} keeps serving`, { revision });
        this.#finish(revision, 'unsigned', [why], timings);
        return;
      }
    }
    const entry = path.posix.join(REPO_ROOT, this.#o.path);
    const loaded = checked(loadConfigFile(entry, { readText: this.#o.source.reader(revision, REPO_ROOT), displayPath: this.#o.path, secrets: 'if-present' }));
    timings['validate'] = Date.now() - t0;
    if (!loaded.ok) {
      log.error('GITOPS_REVISION_INVALID', `revision ${short(revision)} is invalid, ${short(this.#status.lastApplied)} keeps serving:\n${loaded.reasons.join('\n')}`, { revision });
      this.#finish(revision, 'invalid', loaded.reasons, timings);
      return;
    }
    const plan = this.#o.server.plan?.(loaded.cfg);
    const planLines = plan === undefined ? [] : describePlan(plan);
    if (planLines.length > 0) log.warn('GITOPS_PLAN', `revision ${short(revision)}: ${planLines.join('; ')}`, { revision });
    this.#plan = planLines;
    if (plan !== undefined && plan.stranded.length > 0 && this.#o.blockLeaseImpact === true) {
      const reason = `blocked by --block-lease-impact: ${plan.stranded.length} of ${plan.activeLeases} active leases would be stranded`;
      log.error('GITOPS_REVISION_BLOCKED', `revision ${short(revision)} ${reason}; ${short(this.#status.lastApplied)} keeps serving`, { revision });
      this.#finish(revision, 'blocked', [reason], timings);
      return;
    }
    const t1 = Date.now();
    try {
      await this.#o.server.apply(loaded.cfg);
    } catch (err) {
      timings['apply'] = Date.now() - t1;
      const reason = err instanceof Error ? err.message : String(err);
      log.error('GITOPS_APPLY_FAILED', `revision ${short(revision)} could not be applied, ${short(this.#status.lastApplied)} keeps serving: ${reason}`, { revision });
      this.#quarantine(revision);
      this.#finish(revision, 'apply-failed', [reason], timings);
      return;
    }
    timings['apply'] = Date.now() - t1;
    this.#status = { ...this.#status, lastApplied: revision };
    const t2 = Date.now();
    const problems = await this.#o.server.health(loaded.cfg);
    if (problems.length === 0) problems.push(...(await this.#userChecks(revision)));
    timings['health'] = Date.now() - t2;
    if (problems.length === 0) {
      this.#o.state.saveSnapshot({ revision, path: this.#o.path, config: loaded.config, savedAt: this.#now() });
      const healthy = [revision, ...this.#status.history.filter((h) => h.outcome === 'applied').map((h) => h.revision).reverse()];
      this.#o.state.pruneSnapshots(healthy);
      this.#status = { ...this.#status, lastHealthy: revision };
      this.#setCondition('Healthy', true, 'ChecksPassed', `revision ${short(revision)} passed its health checks`);
      this.#setCondition('Remediated', false, 'ChecksPassed', '');
      log.info('GITOPS_REVISION_APPLIED', `revision ${short(revision)} is serving`, { revision, timings });
      this.#finish(revision, 'applied', [], timings);
      return;
    }
    log.error('GITOPS_HEALTH_FAILED', `revision ${short(revision)} failed its health checks: ${problems.join('; ')}`, { revision });
    this.#quarantine(revision);
    await this.#rollBack(revision, problems, timings);
  }

  async #rollBack(revision: string, problems: readonly string[], timings: Record<string, number>): Promise<void> {
    const log = this.#o.log;
    const last = this.#status.lastHealthy;
    const snap = last === null ? undefined : this.#o.state.readSnapshot(last);
    const loaded = snap === undefined ? undefined : this.#fromSnapshot(snap);
    if (loaded === undefined || !loaded.ok) {
      this.#setCondition('Healthy', false, 'NoHealthyRevision', `revision ${short(revision)} is unhealthy and there is no healthy revision to go back to`);
      this.#finish(revision, 'quarantined', [...problems], timings);
      return;
    }
    const t0 = Date.now();
    try {
      await this.#o.server.apply(loaded.cfg);
      const again = await this.#o.server.health(loaded.cfg);
      timings['rollback'] = Date.now() - t0;
      this.#status = { ...this.#status, lastApplied: last };
      this.#setCondition('Remediated', true, 'RolledBack', `rolled back from ${short(revision)} to ${short(last)}: ${problems.join('; ')}`);
      this.#setCondition('Healthy', again.length === 0, again.length === 0 ? 'ChecksPassed' : 'ChecksFailed', again.join('; '));
      log.warn('GITOPS_ROLLED_BACK', `rolled back to ${short(last)}; ${short(revision)} is quarantined until a newer commit`, { revision, to: last });
    } catch (err) {
      timings['rollback'] = Date.now() - t0;
      this.#setCondition('Healthy', false, 'RollbackFailed', err instanceof Error ? err.message : String(err));
    }
    this.#finish(revision, 'rolled-back', [...problems], timings);
  }

  async #userChecks(revision: string): Promise<string[]> {
    const checks = this.#o.checks;
    const problems: string[] = [];
    if (checks?.command !== undefined) {
      const rel = checks.command;
      let text: string;
      try {
        text = this.#o.source.reader(revision, REPO_ROOT)(path.posix.join(REPO_ROOT, rel));
      } catch (err) {
        return [`check ${rel}: not in revision ${short(revision)} (${err instanceof Error ? err.message : String(err)})`];
      }
      const file = path.join(this.#o.state.dir, 'checks', `${revision.slice(0, 12)}-${path.posix.basename(rel)}`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text, { mode: 0o700 });
      try {
        await execFileAsync(file, [], {
          timeout: checks.timeoutMs, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', GITDHCP_REVISION: revision }, cwd: this.#o.state.dir,
        });
      } catch (err) {
        const e = err as { code?: number | string; signal?: string; stderr?: string };
        const why = e.signal === 'SIGTERM' ? `timed out after ${checks.timeoutMs} ms` : `exited ${String(e.code)}`;
        problems.push(`check ${rel} ${why}${e.stderr ? `: ${e.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
      } finally {
        rmSync(file, { force: true });
      }
    }
    if (checks?.url !== undefined) {
      try {
        const res = await fetch(checks.url, { signal: AbortSignal.timeout(checks.timeoutMs) });
        if (!res.ok) problems.push(`check ${checks.url} answered ${res.status}`);
      } catch (err) {
        problems.push(`check ${checks.url} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return problems;
  }

  #fromSnapshot(snap: Snapshot): Loaded {
    return checked(loadConfigText(`${snap.path}@${short(snap.revision)}.json`, JSON.stringify(snap.config)));
  }

  #quarantine(revision: string): void {
    this.#status = { ...this.#status, quarantine: [...this.#status.quarantine.filter((r) => r !== revision), revision].slice(-20) };
  }

  #finish(revision: string, outcome: Outcome, reasons: readonly string[], timings: Readonly<Record<string, number>>): void {
    const entry: HistoryEntry = { revision, at: this.#now(), outcome, reasons, timingsMs: timings, ...(this.#plan.length > 0 ? { plan: this.#plan } : {}) };
    this.#plan = [];
    this.#status = { ...this.#status, history: [...this.#status.history, entry] };
    this.#o.notify?.({ event: 'revision', repository: this.#status.repository, branch: this.#status.branch, entry, serving: this.#status.lastApplied });
    this.#setCondition('Reconciling', false, outcome, reasons[0] ?? '');
    this.#setCondition('Ready', this.#status.lastApplied !== null, outcome === 'applied' ? 'Applied' : 'Serving', `serving ${short(this.#status.lastApplied)}`);
    this.#save();
  }

  #setCondition(type: Condition['type'], status: boolean, reason: string, message: string): void {
    const current = this.#status.conditions.find((c) => c.type === type);
    const since = current !== undefined && current.status === status ? current.since : this.#now();
    const next: Condition = { type, status, reason, message, since };
    this.#status = { ...this.#status, conditions: [...this.#status.conditions.filter((c) => c.type !== type), next] };
  }

  #save(): void {
    try {
      this.#o.state.writeStatus(this.#status);
    } catch (err) {
      this.#o.log.error('GITOPS_STATUS_WRITE_FAILED', `cannot write ${this.#o.state.statusFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #now(): string {
    return (this.#o.now?.() ?? new Date()).toISOString();
  }
}

function short(rev: string | null): string {
  return rev === null ? 'nothing' : rev.slice(0, 12);
}
