/**
 * The reconciler: follows a branch of a git repository and keeps the server on its newest good
 * revision. Per new revision: validate (the code of `config-test`) → apply (the server's
 * stage/commit) → health → on failure roll back to the last healthy snapshot and quarantine the
 * revision until a newer commit arrives. Every step lands in the state directory's status.
 *
 * Runs are serialized: a fetch or a webhook during a run waits for the next one, and so do the
 * operator's actions (rollback, unpin, suspend, resume). A remote that cannot be reached is
 * transient: the server keeps serving and the next try backs off (doubling the interval, at most
 * 5 minutes).
 *
 * Operator actions: `rollback(to)` serves an earlier healthy revision of the history and pins it
 * until the branch gets a newer commit or `unpin()`; `suspend()` stops fetching and applying
 * until `resume()`. Both states are kept in status.json and survive a restart.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveDhcp4, type ResolvedConfig4 } from '../config/index.js';
import { Checker, type CheckRequest } from './check.js';
import type { Dhcp4Config } from '../schema/index.js';
import type { Log } from '../server/logging.js';
import type { GitSource, SignatureTrust } from './git-source.js';
import { describePlan, type LeasePlan } from './plan.js';
import type { Condition, HistoryEntry, Outcome, Snapshot, StateDir, Status } from './state.js';

/** What the reconciler drives: start a server on a first configuration, then reconfigure it. */
export interface ServerPort {
  /**
   * Starts serving `cfg` (first configuration) or applies it (stage/commit). `baseDir` is where
   * relative hook-library paths resolve (the revision's files, unpacked), when it has any.
   * @throws when it cannot
   */
  apply(cfg: ResolvedConfig4, baseDir?: string): Promise<void>;
  /** Problems found by the health checks of the configuration just applied (empty: healthy). */
  health(cfg: ResolvedConfig4): Promise<string[]>;
  /** The lease impact of applying `cfg` over what serves now (undefined: nothing to compare with). */
  plan?(cfg: ResolvedConfig4): LeasePlan | undefined;
  /** The traffic counters the watch window compares (undefined: no server running yet). */
  counters?(): TrafficCounters | undefined;
}

/** Kea's statistics the watch window reads: pkt4-received, pkt4-receive-drop, pkt4-request-received, pkt4-nak-sent. */
export interface TrafficCounters {
  readonly received: number;
  readonly dropped: number;
  readonly requests: number;
  readonly naks: number;
}

/**
 * The watch window after an apply: for `windowMs`, the share of received packets dropped and
 * of REQUESTs answered with a NAK may not exceed the share before the apply (over up to the
 * preceding minute) by more than `maxIncrease` (0.05: five percentage points). A share is judged
 * only once `minEvents` packets (or REQUESTs) were seen in the window, so a quiet site does not
 * fail on one NAK. When the plan strands leases, NAKs are expected (clients of the renumbered
 * addresses are told so) and only drops are judged.
 */
export interface WatchSettings {
  readonly windowMs: number;
  readonly maxIncrease: number;
  readonly minEvents: number;
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
  /** The drop/NAK watch window after each apply (`--watch`); none when undefined. */
  readonly watch?: WatchSettings;
}

/** What an operator action (rollback, unpin, suspend, resume) did. */
export interface ActionResult {
  readonly ok: boolean;
  readonly text: string;
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

/** Lets the event loop serve the packets that queued up during a long synchronous step. */
const yieldToPackets = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Loaded = { readonly ok: true; readonly cfg: ResolvedConfig4; readonly config: unknown } | { readonly ok: false; readonly reasons: string[] };

/** One reading of the traffic counters. */
interface Sample {
  readonly at: number;
  readonly c: TrafficCounters;
}

const SAMPLE_EVERY_MS = 1000;
const BASELINE_MS = 60_000;

/** True when `cfg` loads a hook library by a path relative to its configuration file. */
function hasRelativeLibraries(cfg: ResolvedConfig4): boolean {
  return cfg.hooksLibraries.some((h) => /\.m?js$/.test(h.library.trim()) && !path.isAbsolute(h.library.trim()));
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** The digest of a validated configuration document. */
export function configDigest(config: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(config)).digest('hex')}`;
}

export class Reconciler {
  readonly #o: ReconcilerOptions;
  #status: Status;
  /** Attempts since this process started, by outcome (the /metrics counters). */
  readonly #outcomes = new Map<Outcome, number>();
  #lastSuccessAt: number | null = null;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #isStopped = false;
  #isAgain = false;
  /** The plan lines of the attempt under way. */
  #plan: string[] = [];
  /** The digest of the attempt under way. */
  #digest: string | undefined;
  /** Operator actions and passes run one at a time, in order. */
  #lock: Promise<void> = Promise.resolve();
  /** `unpin` asks the next pass to attempt the branch head even if it was attempted before. */
  #isHeadRetried = false;
  /** Traffic counters of the last minute, for the watch window's baseline. */
  #samples: Sample[] = [];
  #sampler: NodeJS.Timeout | undefined;
  readonly #checker = new Checker();

  constructor(options: ReconcilerOptions) {
    this.#o = options;
    const saved = options.state.readStatus();
    // The repository as shown now (a status.json of an older version may hold the url with its token).
    this.#status = saved !== undefined ? { ...saved, repository: options.source.displayUrl } : {
      repository: options.source.displayUrl, branch: options.source.branch, path: options.path,
      lastAttempted: null, lastApplied: null, lastHealthy: null, conditions: [], quarantine: [], history: [],
    };
  }

  /** Attempts since this process started, by outcome, and when a revision last became healthy (ms). */
  get counters(): { readonly outcomes: ReadonlyMap<Outcome, number>; readonly lastSuccessAt: number | null } {
    return { outcomes: this.#outcomes, lastSuccessAt: this.#lastSuccessAt };
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
    let served: string | null = null;
    if (snap !== undefined) {
      const loaded = await this.#fromSnapshot(snap);
      if (loaded.ok) {
        await this.#o.server.apply(loaded.cfg, await this.#baseDir(snap.revision, loaded.cfg));
        served = snap.revision;
        this.#o.log.info('GITOPS_SNAPSHOT_SERVED', `serving the last healthy revision ${short(snap.revision)} from the state directory`, { revision: snap.revision });
      } else {
        this.#o.log.error('GITOPS_SNAPSHOT_INVALID', `the snapshot of ${short(snap.revision)} no longer validates: ${loaded.reasons.join('; ')}`);
      }
    }
    // What serves now is what was just served; a revision whose attempt never finished (the
    // process stopped during it), or any revision when nothing could be served, is tried again.
    const attempted = this.#status.lastAttempted;
    if (served === null || (attempted !== null && !this.#status.history.some((h) => h.revision === attempted))) this.#isHeadRetried = true;
    this.#status = { ...this.#status, lastApplied: served };
    if (this.#o.watch !== undefined && this.#o.server.counters !== undefined) {
      this.#sampler = setInterval(() => this.#sample(), SAMPLE_EVERY_MS).unref();
    }
    if (this.#status.suspended) this.#o.log.warn('GITOPS_SUSPENDED', `reconciliation is suspended (since ${this.#status.suspended.at}): gitdhcp resume restarts it`);
    await this.reconcile();
    this.#schedule();
  }

  stop(): void {
    this.#isStopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#sampler !== undefined) clearInterval(this.#sampler);
    void this.#checker.close();
  }

  /**
   * Serves an earlier healthy revision: `to` (a revision or a unique prefix of one, from the
   * history), else the newest healthy revision before the one serving. It is validated and
   * health-checked like a new revision; when healthy it is pinned (the branch is still fetched,
   * but only a newer commit or `unpin` moves the server off it). Never throws.
   */
  rollback(to?: string): Promise<ActionResult> {
    return this.#serial(() => this.#manualRollback(to));
  }

  /** Ends a pin: the branch's newest commit is attempted again now. */
  unpin(): Promise<ActionResult> {
    return this.#serial(async () => {
      const pin = this.#status.pinned;
      if (pin === undefined || pin === null) return { ok: true, text: 'nothing is pinned' };
      this.#status = { ...this.#status, pinned: null };
      this.#isHeadRetried = true;
      this.#o.log.info('GITOPS_UNPINNED', `${short(pin.revision)} is no longer pinned: following ${this.#o.source.branch} again`, { revision: pin.revision });
      this.#save();
      return { ok: true, text: `${short(pin.revision)} unpinned; following ${this.#o.source.branch} again` };
    }).then(async (r) => {
      await this.reconcile();
      return r;
    });
  }

  /** Stops fetching and applying (the server keeps serving what it serves) until `resume`. */
  suspend(): Promise<ActionResult> {
    return this.#serial(async () => {
      if (this.#status.suspended) return { ok: true, text: `already suspended since ${this.#status.suspended.at}` };
      this.#status = { ...this.#status, suspended: { at: this.#now() } };
      this.#setCondition('Reconciling', false, 'Suspended', 'suspended by the operator: gitdhcp resume restarts it');
      this.#o.log.warn('GITOPS_SUSPENDED', `reconciliation suspended; ${short(this.#status.lastApplied)} keeps serving`);
      this.#save();
      return { ok: true, text: `suspended; ${short(this.#status.lastApplied)} keeps serving` };
    });
  }

  /** Resumes reconciliation and reconciles now. */
  async resume(): Promise<ActionResult> {
    const r = await this.#serial(async () => {
      if (!this.#status.suspended) return { ok: true, text: 'not suspended' };
      this.#status = { ...this.#status, suspended: null };
      this.#setCondition('Reconciling', false, 'Resumed', 'resumed by the operator');
      this.#o.log.info('GITOPS_RESUMED', 'reconciliation resumed');
      this.#save();
      return { ok: true, text: 'resumed' };
    });
    await this.reconcile();
    return r;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#lock.then(fn);
    this.#lock = next.then(() => undefined, () => undefined);
    return next;
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
        await this.#serial(() => this.#pass());
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
    if (this.#status.suspended) return;
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
    this.#status = { ...this.#status, lastFetched: revision };
    const pin = this.#status.pinned;
    if (pin !== undefined && pin !== null) {
      if (revision === pin.head) {
        this.#save();
        return;
      }
      log.info('GITOPS_UNPINNED', `a newer commit ${short(revision)} arrived: ${short(pin.revision)} is no longer pinned`, { revision: pin.revision });
      this.#status = { ...this.#status, pinned: null };
    } else if (this.#status.quarantine.includes(revision) || revision === this.#status.lastApplied
      || (revision === this.#status.lastAttempted && !this.#isHeadRetried)) {
      this.#save();
      return;
    }
    this.#isHeadRetried = false;
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
    const loaded = await this.#check({ kind: 'git', gitDir: this.#o.source.dir, revision, root: REPO_ROOT, entry, displayPath: this.#o.path });
    timings['validate'] = Date.now() - t0;
    if (!loaded.ok) {
      log.error('GITOPS_REVISION_INVALID', `revision ${short(revision)} is invalid, ${short(this.#status.lastApplied)} keeps serving:\n${loaded.reasons.join('\n')}`, { revision });
      this.#finish(revision, 'invalid', loaded.reasons, timings);
      return;
    }
    this.#digest = configDigest(loaded.config);
    const servingDigest = this.#servingDigest();
    if (this.#digest === servingDigest && !hasRelativeLibraries(loaded.cfg)) {
      // A commit that leaves the configuration as it is (documentation, checks): nothing to apply.
      this.#markHealthy(revision, loaded.config);
      this.#status = { ...this.#status, lastApplied: revision };
      log.info('GITOPS_REVISION_UNCHANGED', `revision ${short(revision)} leaves the configuration as it is (${this.#digest.slice(0, 19)}): nothing to apply`, { revision });
      this.#finish(revision, 'applied', [], timings, ['the configuration is unchanged: nothing applied']);
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
    const before = this.#o.server.counters?.();
    const baseline = before === undefined ? undefined : this.#baseline(before);
    const t1 = Date.now();
    try {
      await this.#o.server.apply(loaded.cfg, await this.#baseDir(revision, loaded.cfg));
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
    if (problems.length === 0 && baseline !== undefined && this.#o.watch !== undefined) {
      const t3 = Date.now();
      problems.push(...(await this.#watch(baseline, this.#o.watch, plan !== undefined && plan.stranded.length > 0)));
      timings['watch'] = Date.now() - t3;
    }
    if (problems.length === 0) {
      this.#markHealthy(revision, loaded.config);
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
    const loaded = snap === undefined ? undefined : await this.#fromSnapshot(snap);
    if (loaded === undefined || !loaded.ok) {
      this.#setCondition('Healthy', false, 'NoHealthyRevision', `revision ${short(revision)} is unhealthy and there is no healthy revision to go back to`);
      this.#finish(revision, 'quarantined', [...problems], timings);
      return;
    }
    const t0 = Date.now();
    try {
      await this.#o.server.apply(loaded.cfg, await this.#baseDir(last as string, loaded.cfg));
      // The old revision serves from here on: rollback is the time to get it back, then its checks.
      timings['rollback'] = Date.now() - t0;
      const again = await this.#o.server.health(loaded.cfg);
      timings['rollback-health'] = Date.now() - t0 - timings['rollback'];
      this.#status = { ...this.#status, lastApplied: last };
      this.#setCondition('Remediated', true, 'RolledBack', `rolled back from ${short(revision)} to ${short(last)}: ${problems.join('; ')}`);
      this.#setCondition('Healthy', again.length === 0, again.length === 0 ? 'ChecksPassed' : 'ChecksFailed', again.join('; '));
      log.warn('GITOPS_ROLLED_BACK', `rolled back to ${short(last)}; ${short(revision)} is quarantined until a newer commit`, { revision, to: last });
    } catch (err) {
      timings['rollback'] ??= Date.now() - t0;
      this.#setCondition('Healthy', false, 'RollbackFailed', err instanceof Error ? err.message : String(err));
    }
    this.#finish(revision, 'rolled-back', [...problems], timings);
  }

  /** The digest of what serves now (from the history, else its snapshot). */
  #servingDigest(): string | undefined {
    const serving = this.#status.lastApplied;
    if (serving === null) return undefined;
    const known = [...this.#status.history].reverse().find((h) => h.revision === serving && h.digest !== undefined)?.digest;
    return known ?? this.#o.state.readSnapshot(serving)?.digest;
  }

  /** Records `revision` as healthy: its snapshot is saved and becomes the rollback target. */
  #markHealthy(revision: string, config: unknown): void {
    this.#o.state.saveSnapshot({ revision, path: this.#o.path, config, digest: configDigest(config), savedAt: this.#now() });
    const healthy = [revision, ...this.#status.history.filter((h) => h.outcome === 'applied' || h.outcome === 'rollback').map((h) => h.revision).reverse()];
    this.#o.state.pruneSnapshots([...new Set(healthy)], revision);
    this.#status = { ...this.#status, lastHealthy: revision };
  }

  /**
   * Where the relative hook libraries of `revision` resolve: its files unpacked in the state
   * directory (each revision its own directory, so a changed module is imported afresh), or
   * undefined when it loads none.
   */
  async #baseDir(revision: string, cfg: ResolvedConfig4): Promise<string | undefined> {
    if (!hasRelativeLibraries(cfg)) return undefined;
    const dir = this.#o.state.treeDir(revision);
    await this.#o.source.extract(revision, dir);
    return path.join(dir, path.posix.dirname(this.#o.path));
  }

  async #manualRollback(to: string | undefined): Promise<ActionResult> {
    const log = this.#o.log;
    const serving = this.#status.lastApplied;
    const healthy = [...new Set(this.#status.history.filter((h) => h.outcome === 'applied' || h.outcome === 'rollback').map((h) => h.revision).reverse())];
    let target: string | undefined;
    if (to === undefined) {
      target = healthy.find((r) => r !== serving);
      if (target === undefined) return { ok: false, text: `there is no healthy revision before ${short(serving)} in the history` };
    } else {
      const matches = healthy.filter((r) => r.startsWith(to.toLowerCase()));
      if (to.length < 4 || matches.length === 0) {
        return { ok: false, text: `${to} is not a healthy revision in the history; healthy ones: ${healthy.slice(0, 10).map(short).join(', ') || 'none'}` };
      }
      if (matches.length > 1) return { ok: false, text: `${to} names ${matches.length} revisions; give more of it` };
      target = matches[0] as string;
    }
    const snap = this.#o.state.readSnapshot(target);
    const loaded = snap !== undefined ? await this.#fromSnapshot(snap)
      : await this.#check({ kind: 'git', gitDir: this.#o.source.dir, revision: target, root: REPO_ROOT, entry: path.posix.join(REPO_ROOT, this.#o.path), displayPath: this.#o.path });
    if (!loaded.ok) return { ok: false, text: `revision ${short(target)} no longer loads: ${loaded.reasons.join('; ')}` };
    const t0 = Date.now();
    const timings: Record<string, number> = {};
    try {
      await this.#o.server.apply(loaded.cfg, await this.#baseDir(target, loaded.cfg));
    } catch (err) {
      return { ok: false, text: `revision ${short(target)} could not be applied, ${short(serving)} keeps serving: ${err instanceof Error ? err.message : String(err)}` };
    }
    timings['apply'] = Date.now() - t0;
    const problems = await this.#o.server.health(loaded.cfg);
    if (problems.length === 0) problems.push(...(await this.#userChecks(target)));
    timings['health'] = Date.now() - t0 - timings['apply'];
    if (problems.length > 0) {
      // Back to what served before the operator asked.
      const back = serving === null ? undefined : this.#o.state.readSnapshot(serving);
      const again = back === undefined ? undefined : await this.#fromSnapshot(back);
      if (again?.ok === true) await this.#o.server.apply(again.cfg, await this.#baseDir(serving as string, again.cfg));
      log.error('GITOPS_ROLLBACK_FAILED', `manual rollback to ${short(target)} failed its health checks (${problems.join('; ')}); ${short(serving)} serves again`);
      return { ok: false, text: `revision ${short(target)} failed its health checks, ${short(serving)} serves again: ${problems.join('; ')}` };
    }
    this.#markHealthy(target, snap?.config ?? loaded.config);
    const head = this.#status.lastFetched ?? this.#status.lastAttempted;
    this.#status = { ...this.#status, lastApplied: target, pinned: { revision: target, head, at: this.#now() } };
    this.#setCondition('Healthy', true, 'ChecksPassed', `revision ${short(target)} passed its health checks`);
    this.#setCondition('Remediated', true, 'ManualRollback', `rolled back by the operator from ${short(serving)} to ${short(target)}`);
    log.warn('GITOPS_MANUAL_ROLLBACK', `rolled back from ${short(serving)} to ${short(target)} by the operator; pinned until a commit newer than ${short(head)} or gitdhcp unpin`, { revision: target, from: serving });
    this.#finish(target, 'rollback', [`manual rollback from ${short(serving)}; pinned until a newer commit or gitdhcp unpin`], timings);
    return { ok: true, text: `${short(target)} is serving (was ${short(serving)}); pinned until a commit newer than ${short(head)} or gitdhcp unpin` };
  }

  #sample(): void {
    const c = this.#o.server.counters?.();
    if (c === undefined) return;
    const now = Date.now();
    this.#samples.push({ at: now, c });
    while (this.#samples.length > 0 && (this.#samples[0] as Sample).at < now - BASELINE_MS) this.#samples.shift();
  }

  /** The counters over up to the last minute before an apply (`now`: the counters at the apply). */
  #baseline(now: TrafficCounters): { from: TrafficCounters; to: TrafficCounters } {
    return { from: this.#samples[0]?.c ?? now, to: now };
  }

  /** The watch window: problems when the drop or NAK share grows past the allowed increase. */
  async #watch(baseline: { from: TrafficCounters; to: TrafficCounters }, w: WatchSettings, isNakExpected: boolean): Promise<string[]> {
    const start = this.#o.server.counters?.();
    if (start === undefined) return [];
    const share = (num: number, den: number): number => (den <= 0 ? 0 : num / den);
    const before = {
      drop: share(baseline.to.dropped - baseline.from.dropped, baseline.to.received - baseline.from.received),
      nak: share(baseline.to.naks - baseline.from.naks, baseline.to.requests - baseline.from.requests),
    };
    const t0 = Date.now();
    const judge = (): string[] => {
      const now = this.#o.server.counters?.() ?? start;
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      const problems: string[] = [];
      const received = now.received - start.received;
      const drop = share(now.dropped - start.dropped, received);
      if (received >= w.minEvents && drop > before.drop + w.maxIncrease) {
        problems.push(`watch: ${pct(drop)} of ${received} packets received in ${secs} s after the apply were dropped, against ${pct(before.drop)} before it (allowed: ${pct(w.maxIncrease)} more)`);
      }
      const requests = now.requests - start.requests;
      const nak = share(now.naks - start.naks, requests);
      if (!isNakExpected && requests >= w.minEvents && nak > before.nak + w.maxIncrease) {
        problems.push(`watch: ${pct(nak)} of ${requests} REQUESTs in ${secs} s after the apply were NAKed, against ${pct(before.nak)} before it (allowed: ${pct(w.maxIncrease)} more)`);
      }
      return problems;
    };
    // Judge every tick: a revision that drops everything is rolled back as soon as it shows.
    while (Date.now() - t0 < w.windowMs && !this.#isStopped) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, w.windowMs)));
      const problems = judge();
      if (problems.length > 0) return problems;
    }
    return judge();
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

  #fromSnapshot(snap: Snapshot): Promise<Loaded> {
    return this.#check({ kind: 'text', name: `${snap.path}@${short(snap.revision)}.json`, text: JSON.stringify(snap.config) });
  }

  /**
   * Loads and validates in the checker's worker thread, then resolves the Dhcp4 map here, with a
   * turn of the event loop on either side: a large configuration must not hold up packets.
   */
  async #check(req: CheckRequest): Promise<Loaded> {
    const reply = await this.#checker.check(req);
    if (!reply.ok) return reply;
    const dhcp4 = (reply.value as { Dhcp4?: Dhcp4Config }).Dhcp4;
    if (dhcp4 === undefined) return { ok: false, reasons: ['the configuration has no Dhcp4 map: gitdhcp serves DHCPv4 only for now'] };
    await yieldToPackets();
    const cfg = resolveDhcp4(dhcp4);
    await yieldToPackets();
    return { ok: true, cfg, config: reply.value };
  }

  #quarantine(revision: string): void {
    this.#status = { ...this.#status, quarantine: [...this.#status.quarantine.filter((r) => r !== revision), revision].slice(-20) };
  }

  #finish(revision: string, outcome: Outcome, reasons: readonly string[], timings: Readonly<Record<string, number>>, notes?: readonly string[]): void {
    const plan = notes ?? this.#plan;
    const entry: HistoryEntry = {
      revision, at: this.#now(), outcome, reasons, timingsMs: timings,
      ...(this.#digest !== undefined ? { digest: this.#digest } : {}), ...(plan.length > 0 ? { plan } : {}),
    };
    this.#plan = [];
    this.#digest = undefined;
    this.#outcomes.set(outcome, (this.#outcomes.get(outcome) ?? 0) + 1);
    if (outcome === 'applied' || outcome === 'rollback') this.#lastSuccessAt = Date.parse(entry.at);
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
