/**
 * Runs the run-script hook's program: `<script> <hook point>`, with the hook's variables as the
 * whole environment plus a minimal `PATH` (Kea and kea-hook-runscript pass no inherited
 * environment either), executed directly (`execve`), never through a shell. The script's
 * stdout and stderr lines, its exit code and any timeout go to the log with the hook point.
 *
 * Two ways to run:
 * - `start` (Kea's `sync: false`, runscript's `wait: false`, and the parking points in sync
 *   mode): never waits for the script. At most `maxConcurrent` scripts run at once and at most
 *   `maxQueued` wait for a slot; past that a run is dropped, counted, and a warning logged at
 *   most once per `warnIntervalMs`. Each run is killed (with its process group) after
 *   `timeoutMs`. Starting a process is not free: libuv forks and execs synchronously, about
 *   1.2 ms of event loop per run (same measurement as below), as Kea's ProcessSpawn forks in
 *   its packet thread.
 * - `runSync` (`sync: true` / `wait: true`): `spawnSync` with `timeoutMs`. THIS BLOCKS THE
 *   EVENT LOOP for the whole run: no other packet, timer or control request is served
 *   meanwhile, exactly as kea-hook-runscript's `wait` blocks Kea's thread.
 *   Measured per call with a trivial script (`#!/bin/sh` + `exit 0`, /bin/sh = dash, 50
 *   variables): 300-500 calls timed with performance.now() after 20 warm-up calls, on the
 *   2-CPU development VM, Node 20.20: 1.6-1.9 ms in a bare node process, 2.3 ms inside a vitest
 *   worker (a bigger process forks slower) - i.e. at most ~500 calls/s, nearly all of it fork +
 *   exec + shell start-up, before the script does any work. A DHCPv4 exchange calls the script
 *   once per registered point it passes (the runscript form: pkt4_receive, subnet4_select,
 *   lease4_select, pkt4_send = 4 per DISCOVER and 4 per REQUEST), so budget ~2 ms x points
 *   per packet.
 *   LIMITATION: on timeout `spawnSync` kills only the script's own process; programs it
 *   started and left running survive (scripts should `exec` their last command).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { HookLog } from '../types.js';
import type { ScriptEnv } from './env-format.js';
import { LineSplitter } from './output.js';

/** The only variable we add: enough for `ip`, `logger`, `date` and friends. */
export const SCRIPT_PATH_ENV = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Bytes of stdout + stderr a synchronous run may print; past that it is killed (ENOBUFS). */
const SYNC_MAX_OUTPUT = 1024 * 1024;

/** After the script exits, how long its pipes may stay open (a leftover child holding them). */
const CLOSE_GRACE_MS = 1000;

/** How a runner runs its one script. */
export interface ScriptRunnerOptions {
  /** Absolute path of the validated, executable script. */
  readonly path: string;
  /** Runs at once (asynchronous runs only). */
  readonly maxConcurrent: number;
  /** Runs waiting for a slot; more are dropped. */
  readonly maxQueued: number;
  /** A run still going after this long is killed (SIGKILL). */
  readonly timeoutMs: number;
  /** Where output, exit codes, timeouts and drops are logged. */
  readonly log: HookLog;
  /** Milliseconds clock for the warning rate limit (default `Date.now`). */
  readonly now?: () => number;
  /** Minimum interval between two "runs dropped" warnings (default 10 s). */
  readonly warnIntervalMs?: number;
}

/** How one run ended. */
export type RunOutcome =
  | { readonly kind: 'exit'; readonly code: number; readonly durationMs: number }
  /** Killed by a signal someone else sent. */
  | { readonly kind: 'signal'; readonly signal: string; readonly durationMs: number }
  | { readonly kind: 'timeout'; readonly durationMs: number }
  /** Could not be started (ENOENT, EACCES, ENOBUFS...). */
  | { readonly kind: 'error'; readonly error: Error }
  /** Not started: every slot and queue place was taken, or the runner was closed. */
  | { readonly kind: 'dropped' };

/** Counters since the runner was made, and what is running and queued now. */
export interface RunnerStats {
  readonly started: number;
  readonly finished: number;
  readonly dropped: number;
  readonly timedOut: number;
  readonly failed: number;
  readonly running: number;
  readonly queued: number;
}

interface Job {
  readonly point: string;
  readonly env: ScriptEnv;
  readonly resolve: (outcome: RunOutcome) => void;
}

/**
 * One script's runs: bounded asynchronous runs and blocking synchronous ones.
 *
 * @example
 * const runner = new ScriptRunner({ path: '/usr/local/share/kea/scripts/leases.sh', maxConcurrent: 16, maxQueued: 64, timeoutMs: 60_000, log });
 * void runner.start('lease4_release', { LEASE4_ADDRESS: '192.0.2.10' });
 */
export class ScriptRunner {
  readonly #opts: ScriptRunnerOptions;
  readonly #now: () => number;
  readonly #queue: Job[] = [];
  readonly #idleWaiters: Array<() => void> = [];
  #running = 0;
  #isClosed = false;
  #started = 0;
  #finished = 0;
  #dropped = 0;
  #droppedSinceWarn = 0;
  #lastDropWarn = -Infinity;
  #timedOut = 0;
  #failed = 0;

  constructor(opts: ScriptRunnerOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
  }

  get stats(): RunnerStats {
    return {
      started: this.#started, finished: this.#finished, dropped: this.#dropped, timedOut: this.#timedOut,
      failed: this.#failed, running: this.#running, queued: this.#queue.length,
    };
  }

  /**
   * Starts a run without waiting for it (queued when every slot is busy). The promise resolves
   * when the run ends, with `dropped` at once when there is no room; it never rejects.
   */
  start(point: string, env: ScriptEnv): Promise<RunOutcome> {
    return new Promise<RunOutcome>((resolve) => {
      if (this.#isClosed || (this.#running >= this.#opts.maxConcurrent && this.#queue.length >= this.#opts.maxQueued)) {
        this.#drop(point);
        resolve({ kind: 'dropped' });
        return;
      }
      const job: Job = { point, env, resolve };
      if (this.#running < this.#opts.maxConcurrent) this.#launch(job);
      else this.#queue.push(job);
    });
  }

  /** Runs the script and waits for it, blocking the event loop (see the file header). */
  runSync(point: string, env: ScriptEnv): RunOutcome {
    const t0 = this.#now();
    this.#started++;
    const r = spawnSync(this.#opts.path, [point], {
      env: { PATH: SCRIPT_PATH_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: this.#opts.timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: SYNC_MAX_OUTPUT,
      encoding: 'utf8',
    });
    const durationMs = this.#now() - t0;
    this.#logOutput(point, r.pid, 'stdout', r.stdout ?? '');
    this.#logOutput(point, r.pid, 'stderr', r.stderr ?? '');
    const err = r.error as NodeJS.ErrnoException | undefined;
    let outcome: RunOutcome;
    if (err?.code === 'ETIMEDOUT') outcome = { kind: 'timeout', durationMs };
    else if (err !== undefined) outcome = { kind: 'error', error: err };
    else if (r.signal !== null) outcome = { kind: 'signal', signal: r.signal, durationMs };
    else outcome = { kind: 'exit', code: r.status ?? 0, durationMs };
    this.#report(point, r.pid, outcome);
    return outcome;
  }

  /** Refuses new runs (they are dropped); queued and running ones still complete. */
  close(): void {
    this.#isClosed = true;
  }

  /** Resolves when nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #launch(job: Job): void {
    this.#running++;
    this.#started++;
    const t0 = this.#now();
    let child: ChildProcess;
    try {
      // detached: the script leads its own process group, so a timeout kills what it started too.
      child = spawn(this.#opts.path, [job.point], {
        env: { PATH: SCRIPT_PATH_ENV, ...job.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
      });
    } catch (error) {
      // Synchronous spawn failures (bad arguments, EAGAIN from fork) become the run's outcome.
      this.#complete(job, undefined, { kind: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      return;
    }
    // A script never keeps the server alive: after SIGTERM the server exits without waiting for
    // scripts still running (they finish on their own, in their own process group, as Kea's do).
    child.unref();
    (child.stdout as { unref?: () => void } | null)?.unref?.();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    this.#watch(job, child, t0);
  }

  #watch(job: Job, child: ChildProcess, t0: number): void {
    const out = this.#splitter(job.point, child.pid, 'stdout');
    const errOut = this.#splitter(job.point, child.pid, 'stderr');
    child.stdout?.setEncoding('utf8').on('data', (s: string) => out.push(s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => errOut.push(s));
    let isTimedOut = false;
    let exit: RunOutcome | undefined;
    let grace: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      isTimedOut = true;
      killGroup(child);
    }, this.#opts.timeoutMs).unref();
    let isDone = false;
    const done = (outcome: RunOutcome): void => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      clearTimeout(grace);
      out.end();
      errOut.end();
      this.#reportTruncated(job.point, child.pid, out.suppressed + errOut.suppressed);
      this.#complete(job, child.pid, outcome);
    };
    child.once('error', (error) => done({ kind: 'error', error }));
    child.once('exit', (code, signal) => {
      const durationMs = this.#now() - t0;
      if (isTimedOut) exit = { kind: 'timeout', durationMs };
      else if (signal !== null) exit = { kind: 'signal', signal, durationMs };
      else exit = { kind: 'exit', code: code ?? 0, durationMs };
      // A process the script left behind may hold the pipes open: do not wait for it forever.
      grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        if (exit !== undefined) done(exit);
      }, CLOSE_GRACE_MS).unref();
    });
    child.once('close', () => {
      if (exit !== undefined) done(exit);
    });
  }

  #complete(job: Job, pid: number | undefined, outcome: RunOutcome): void {
    this.#running--;
    this.#report(job.point, pid, outcome);
    job.resolve(outcome);
    const next = this.#queue.shift();
    if (next !== undefined) this.#launch(next);
    else if (this.#running === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
  }

  #drop(point: string): void {
    this.#dropped++;
    this.#droppedSinceWarn++;
    const now = this.#now();
    if (now - this.#lastDropWarn < (this.#opts.warnIntervalMs ?? 10_000)) return;
    this.#opts.log.warn('run-script runs dropped: too many running or queued', {
      event: 'RUN_SCRIPT_DROPPED', point, dropped: this.#droppedSinceWarn, droppedTotal: this.#dropped,
      maxConcurrent: this.#opts.maxConcurrent, maxQueued: this.#opts.maxQueued, isClosed: this.#isClosed,
    });
    this.#lastDropWarn = now;
    this.#droppedSinceWarn = 0;
  }

  #splitter(point: string, pid: number | undefined, stream: 'stdout' | 'stderr'): LineSplitter {
    const log = this.#opts.log;
    const fields = { event: 'RUN_SCRIPT_OUTPUT', point, pid, stream };
    return new LineSplitter(stream === 'stdout'
      ? (line) => log.info('run-script output', { ...fields, line })
      : (line) => log.warn('run-script output', { ...fields, line }));
  }

  #logOutput(point: string, pid: number | undefined, stream: 'stdout' | 'stderr', text: string): void {
    if (text === '') return;
    const split = this.#splitter(point, pid, stream);
    split.push(text);
    split.end();
    this.#reportTruncated(point, pid, split.suppressed);
  }

  #reportTruncated(point: string, pid: number | undefined, suppressed: number): void {
    if (suppressed === 0) return;
    this.#opts.log.info('run-script output truncated', { event: 'RUN_SCRIPT_OUTPUT_TRUNCATED', point, pid, suppressedLines: suppressed });
  }

  #report(point: string, pid: number | undefined, outcome: RunOutcome): void {
    const log = this.#opts.log;
    switch (outcome.kind) {
      case 'exit':
        this.#finished++;
        (outcome.code === 0 ? log.debug : log.info).call(log, 'run-script exited', {
          event: 'RUN_SCRIPT_EXITED', point, pid, exitCode: outcome.code, durationMs: outcome.durationMs,
        });
        break;
      case 'signal':
        this.#finished++;
        log.warn('run-script killed by a signal', { event: 'RUN_SCRIPT_KILLED', point, pid, signal: outcome.signal, durationMs: outcome.durationMs });
        break;
      case 'timeout':
        this.#finished++;
        this.#timedOut++;
        log.warn('run-script timed out and was killed', { event: 'RUN_SCRIPT_TIMEOUT', point, pid, timeoutMs: this.#opts.timeoutMs });
        break;
      case 'error':
        this.#failed++;
        log.error('run-script could not be run', { event: 'RUN_SCRIPT_SPAWN_FAILED', point, path: this.#opts.path, err: outcome.error });
        break;
      case 'dropped':
        break;
    }
  }
}

/** SIGKILL to the script's process group (it is its leader); to the script alone if that fails. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch (err) {
    // ESRCH: the group is already gone. Anything else: fall back to the script alone.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') child.kill('SIGKILL');
  }
}
