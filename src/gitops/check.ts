/**
 * Loading and validating a revision's configuration (the code of `config-test`) off the event
 * loop. For 10 000 subnets this takes most of a second, and the server must keep answering
 * meanwhile: the work runs in a worker thread (check-worker.js), which hands back the validated
 * document or its errors. Where no compiled worker exists (the unit tests run the TypeScript
 * sources) it runs in-process, yielding to the event loop between load and validation.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadConfigFile, loadConfigText, validateConfig, type ConfigIssue } from '../config/index.js';
import { gitFileReader } from './git-files.js';

/** What to check: a file of a git revision (includes read from it too), or a text. */
export type CheckRequest =
  | { readonly kind: 'git'; readonly gitDir: string; readonly revision: string; readonly root: string; readonly entry: string; readonly displayPath: string }
  | { readonly kind: 'text'; readonly name: string; readonly text: string };

/** The validated document (and its warnings), or every error with file:line:col. */
export type CheckReply = { readonly ok: true; readonly value: unknown; readonly warnings?: readonly string[] } | { readonly ok: false; readonly reasons: string[] };

export function issueText(i: ConfigIssue): string {
  const where = i.line === undefined ? (i.file ?? '') : `${i.file}:${i.line}:${i.column}`;
  return `${where}: ${i.severity} [${i.code}] ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

function load(req: CheckRequest): ReturnType<typeof loadConfigFile> {
  return req.kind === 'git'
    ? loadConfigFile(req.entry, { readText: gitFileReader(req.gitDir, req.revision, req.root), displayPath: req.displayPath, secrets: 'if-present' })
    : loadConfigText(req.name, req.text);
}

function validated(outcome: ReturnType<typeof loadConfigFile>): CheckReply {
  if (!outcome.ok) return { ok: false, reasons: outcome.issues.map(issueText) };
  const v = validateConfig(outcome.config);
  const errors = v.issues.filter((i) => i.severity === 'error');
  if (!v.valid || errors.length > 0) return { ok: false, reasons: errors.map(issueText) };
  return { ok: true, value: outcome.config.value, warnings: v.issues.filter((i) => i.severity !== 'error').map(issueText) };
}

/** Loads and validates in the calling thread (the worker's body). */
export function checkNow(req: CheckRequest): CheckReply {
  return validated(load(req));
}

const WORKER = fileURLToPath(new URL('./check-worker.js', import.meta.url));

/**
 * A worker idle this long is stopped: its heap (the parsed document with every position, about
 * as large again as the served configuration) goes with it, and the next check starts a new one
 * (about 0.1 s).
 */
const IDLE_MS = 30_000;

/** Checks requests in a worker thread, one at a time; in-process where there is no worker. */
export class Checker {
  #worker: Worker | undefined;
  #idle: NodeJS.Timeout | undefined;
  #pending = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #isBroken = !existsSync(WORKER);

  /** Never throws: a failure of the worker itself is reported as the revision's error. */
  check(req: CheckRequest): Promise<CheckReply> {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#pending++;
    const next = this.#queue.then(() => (this.#isBroken ? this.#inProcess(req) : this.#inWorker(req)));
    this.#queue = next.catch(() => undefined);
    next.finally(() => {
      if (--this.#pending === 0) this.#idle = setTimeout(() => void this.close(), IDLE_MS).unref();
    }).catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  async #inProcess(req: CheckRequest): Promise<CheckReply> {
    const outcome = load(req);
    await new Promise((resolve) => setImmediate(resolve));
    return validated(outcome);
  }

  #inWorker(req: CheckRequest): Promise<CheckReply> {
    if (this.#worker === undefined) {
      this.#worker = new Worker(WORKER);
      this.#worker.unref();
    }
    const worker = this.#worker;
    return new Promise<CheckReply>((resolve) => {
      const done = (reply: CheckReply): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(reply);
      };
      const onMessage = (reply: CheckReply): void => done(reply);
      const onError = (err: Error): void => {
        this.#worker = undefined;
        done({ ok: false, reasons: [`the configuration check failed: ${err.message}`] });
      };
      const onExit = (code: number): void => {
        if (this.#worker === worker) this.#worker = undefined;
        done({ ok: false, reasons: [`the configuration check stopped (worker exit ${code})`] });
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.once('exit', onExit);
      worker.postMessage(req);
    });
  }
}
