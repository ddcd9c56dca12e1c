/**
 * The reconciler's state directory: `status.json` (what was attempted, applied, found healthy,
 * quarantined, and a bounded history) and `snapshots/<revision>.json` (the configuration of each
 * recent healthy revision, includes already inlined), every file written atomically (a temporary
 * file, fsync, rename). On start the appliance serves the last healthy snapshot before it talks
 * to the remote: a DHCP server must come up while the git server is down.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * What an attempt ended in. `applied`: serving and healthy; `rollback`: an operator's manual
 * rollback to this (earlier, healthy) revision, which is then pinned; `rolled-back`: unhealthy,
 * the last healthy revision serves again; `quarantined`: unhealthy with nothing to go back to.
 */
export type Outcome = 'applied' | 'rollback' | 'invalid' | 'unsigned' | 'blocked' | 'rolled-back' | 'apply-failed' | 'quarantined';

/** One attempt at a revision. */
export interface HistoryEntry {
  readonly revision: string;
  readonly at: string;
  readonly outcome: Outcome;
  /** Why, for anything but `applied`: the errors (file:line:col), or the failed check. */
  readonly reasons: readonly string[];
  readonly timingsMs: Readonly<Record<string, number>>;
  /** sha256 of the validated configuration (includes inlined): equal digests, equal configurations. */
  readonly digest?: string;
  /** The lease impact the plan found (stranded leases, reservation conflicts, capacity), if any. */
  readonly plan?: readonly string[];
}

export interface Condition {
  readonly type: 'Ready' | 'Reconciling' | 'Stalled' | 'Healthy' | 'Remediated';
  readonly status: boolean;
  readonly reason: string;
  readonly message: string;
  readonly since: string;
}

export interface Status {
  readonly repository: string;
  readonly branch: string;
  readonly path: string;
  readonly lastAttempted: string | null;
  readonly lastApplied: string | null;
  readonly lastHealthy: string | null;
  readonly conditions: readonly Condition[];
  readonly quarantine: readonly string[];
  readonly history: readonly HistoryEntry[];
  /** The branch's newest commit at the last successful fetch. */
  readonly lastFetched?: string | null;
  /**
   * A manual rollback holds `revision` until the branch moves past `head` (a newer commit) or
   * `gitdhcp unpin`.
   */
  readonly pinned?: { readonly revision: string; readonly head: string | null; readonly at: string } | null;
  /** `gitdhcp suspend`: nothing is fetched or applied until `gitdhcp resume`. */
  readonly suspended?: { readonly at: string } | null;
}

/** A healthy revision's configuration, enough to serve it again without git. */
export interface Snapshot {
  readonly revision: string;
  readonly path: string;
  /** The configuration document (includes inlined), as validated. */
  readonly config: unknown;
  readonly digest?: string;
  readonly savedAt: string;
}

const HISTORY = 50;
const SNAPSHOTS = 10;

/** Writes `data` to `file` so that a reader sees the old or the new content, never a mix. */
export function writeAtomic(file: string, data: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export class StateDir {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(path.join(dir, 'snapshots'), { recursive: true, mode: 0o700 });
  }

  get statusFile(): string {
    return path.join(this.dir, 'status.json');
  }

  /** The saved status, or undefined when there is none (first start) or it cannot be read. */
  readStatus(): Status | undefined {
    try {
      return JSON.parse(readFileSync(this.statusFile, 'utf8')) as Status;
    } catch {
      return undefined;
    }
  }

  writeStatus(status: Status): void {
    const trimmed: Status = { ...status, history: status.history.slice(-HISTORY) };
    writeAtomic(this.statusFile, `${JSON.stringify(trimmed, null, 2)}\n`);
  }

  saveSnapshot(s: Snapshot): void {
    writeAtomic(path.join(this.dir, 'snapshots', `${s.revision}.json`), JSON.stringify(s));
  }

  /** Keeps the snapshots (and trees) of `keep` (newest healthy first), at most SNAPSHOTS of them. */
  pruneSnapshots(keep: readonly string[], current?: string): void {
    const wanted = new Set(keep.slice(0, SNAPSHOTS));
    for (const name of readdirSync(path.join(this.dir, 'snapshots'))) {
      if (!name.endsWith('.json') || !wanted.has(name.slice(0, -5))) rmSync(path.join(this.dir, 'snapshots', name), { force: true });
    }
    // Trees of revisions that are neither kept nor the one being attempted (`current`) go too.
    let trees: string[] = [];
    try {
      trees = readdirSync(path.join(this.dir, 'trees'));
    } catch {
      return;
    }
    for (const name of trees) {
      if (!wanted.has(name) && name !== current) rmSync(path.join(this.dir, 'trees', name), { recursive: true, force: true });
    }
  }

  /** Where the files of `revision` are unpacked (for hook libraries that live in the repository). */
  treeDir(revision: string): string {
    return path.join(this.dir, 'trees', revision);
  }

  readSnapshot(revision: string): Snapshot | undefined {
    try {
      return JSON.parse(readFileSync(path.join(this.dir, 'snapshots', `${revision}.json`), 'utf8')) as Snapshot;
    } catch {
      return undefined;
    }
  }
}
