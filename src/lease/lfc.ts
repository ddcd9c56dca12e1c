/**
 * Lease file cleanup (LFC), as kea-lfc does it (src/bin/lfc/lfc_controller.cc), inside this
 * process: under a PID file, unless a finish file is already there, load the previous file (.2)
 * then the copy (.1) (at most 100 malformed rows each), write every lease in address order to
 * the output file, rename it to the finish file (.completed); then delete .2 and .1 and rename
 * .completed to .2. Expired leases are kept (reclamation removes them, not the LFC).
 *
 * It reads and writes in slices and yields to the event loop between them, so the packet path
 * keeps running (and appending to the fresh lease file) while it works.
 *
 * Differences from kea-lfc: a leftover output file is truncated (kea-lfc reopens and appends to
 * it, so rows of an interrupted run would precede the new ones); another live holder of the PID
 * file is an error here (kea-lfc logs and exits 0).
 */
import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { lease4Header, renderLease4Row, type Lease4Schema } from './csv4.js';
import { LeaseStoreError } from './errors.js';
import { loadLeaseFile4, type LeaseLoadIssue } from './file-loader4.js';
import { emptyRecord4 } from './lease-record4.js';
import { LeaseTable4 } from './lease-table4.js';
import type { LeaseRows4, TableSnapshot4 } from './table-snapshot4.js';

/** The files around a lease file `<name>` (Memfile_LeaseMgr::appendSuffix). */
export interface LfcFiles4 {
  /** `<name>.2`: the result of the last cleanup. */
  readonly previous: string;
  /** `<name>.1`: the lease file the server rotated away from. */
  readonly copy: string;
  /** `<name>.output`: being written. */
  readonly output: string;
  /** `<name>.completed`: written, not yet renamed to .2. */
  readonly finish: string;
  /** `<name>.pid`: held while a cleanup runs. */
  readonly pid: string;
}

export function lfcFiles4(path: string): LfcFiles4 {
  return { previous: `${path}.2`, copy: `${path}.1`, output: `${path}.output`, finish: `${path}.completed`, pid: `${path}.pid` };
}

export interface CompactOptions4 {
  /** Schema of the output file. */
  readonly schema: Lease4Schema;
  /** fdatasync the output before renaming it. */
  readonly fsync: boolean;
  /** Yield to the event loop after this many milliseconds of work (0: never yield). */
  readonly yieldAfterMs: number;
  /** Checked at every yield; true stops the cleanup (its files stay for the next run). */
  readonly isAborted?: () => boolean;
  readonly onIssue?: (issue: LeaseLoadIssue) => void;
}

export interface LfcResult4 {
  /** False when a finish file was already there and the run only renamed files. */
  readonly processed: boolean;
  /** Leases written to the output. */
  readonly leases: number;
  /** Rows read from .2 and .1, and how many of them were malformed. */
  readonly rows: number;
  readonly rowErrors: number;
}

/** kea-lfc's MAX_LEASE_ERRORS: more malformed rows than this in one file fails the cleanup. */
export const LFC_MAX_ROW_ERRORS = 100;
const WRITE_SLICE = 256 * 1024;

/**
 * Runs one cleanup over `files`.
 * @throws LeaseStoreError `ERR_LEASE_LFC_RUNNING` when another live process holds the PID file,
 *   `ERR_LEASE_LFC` when a step fails (nothing is renamed then; the next run resumes)
 */
export async function compactLeaseFiles4(files: LfcFiles4, options: CompactOptions4): Promise<LfcResult4> {
  await acquirePidFile(files.pid);
  try {
    let result: LfcResult4 = { processed: false, leases: 0, rows: 0, rowErrors: 0 };
    if (!(await exists(files.finish))) result = await processLeases(files, options);
    await rotateFinish(files);
    return result;
  } finally {
    await unlinkIfExists(files.pid).catch(() => undefined);
  }
}

/**
 * The same cleanup with the leases given instead of read from .2 and .1: the memfile store's
 * LFC passes a snapshot of its table taken right after rotating the lease file to .1, which
 * holds exactly what .2 + .1 hold (plus changes that are also in the new lease file, where
 * replaying them again changes nothing). Same files, same order, same bytes as reading them.
 * @throws LeaseStoreError as compactLeaseFiles4
 */
export async function writeLeaseSnapshot4(files: LfcFiles4, snapshot: TableSnapshot4, options: CompactOptions4): Promise<LfcResult4> {
  try {
    await acquirePidFile(files.pid);
  } catch (err) {
    snapshot.release();
    throw err;
  }
  try {
    const leases = await wrap(`write ${files.output}`, () => writeSnapshot(files.output, snapshot, options));
    await step(`rename ${files.output} to ${files.finish}`, () => rename(files.output, files.finish));
    await rotateFinish(files);
    return { processed: true, leases, rows: 0, rowErrors: 0 };
  } finally {
    await unlinkIfExists(files.pid).catch(() => undefined);
  }
}

async function rotateFinish(files: LfcFiles4): Promise<void> {
  await step(`rotate ${files.finish} to ${files.previous}`, async () => {
    await unlinkIfExists(files.previous);
    await unlinkIfExists(files.copy);
    await rename(files.finish, files.previous);
  });
}

async function processLeases(files: LfcFiles4, options: CompactOptions4): Promise<LfcResult4> {
  const table = new LeaseTable4();
  const load = { maxRowErrors: LFC_MAX_ROW_ERRORS, yieldAfterMs: options.yieldAfterMs, chunkBytes: 256 * 1024, ...pick(options) };
  const prev = await wrap(`load ${files.previous}`, () => loadLeaseFile4(files.previous, table, load));
  const copy = await wrap(`load ${files.copy}`, () => loadLeaseFile4(files.copy, table, load));
  const leases = await wrap(`write ${files.output}`, () => writeSnapshot(files.output, table.beginSnapshot(), options));
  await step(`rename ${files.output} to ${files.finish}`, () => rename(files.output, files.finish));
  return { processed: true, leases, rows: prev.rows + copy.rows, rowErrors: prev.rowErrors + copy.rowErrors };
}

function pick(options: CompactOptions4): Pick<CompactOptions4, 'isAborted' | 'onIssue'> {
  return { ...(options.isAborted ? { isAborted: options.isAborted } : {}), ...(options.onIssue ? { onIssue: options.onIssue } : {}) };
}

/** Writes the leases of `snapshot` (then releases it), as LeaseFileLoader::write does. */
async function writeSnapshot(path: string, snapshot: TableSnapshot4, options: CompactOptions4): Promise<number> {
  try {
    return await writeRows(path, await snapshot.rowsByAddress(pacer(options)), options);
  } finally {
    snapshot.release();
  }
}

/** Awaited between chunks of work: yields to the event loop once `yieldAfterMs` have passed. */
function pacer(options: CompactOptions4): () => Promise<void> {
  let sliceStart = Date.now();
  return async () => {
    if (options.yieldAfterMs <= 0 || Date.now() - sliceStart < options.yieldAfterMs) return;
    await nextTurn();
    if (options.isAborted?.() === true) throw new Error('aborted');
    sliceStart = Date.now();
  };
}

/** LeaseFileLoader::write: header, then one row per lease in address order. */
async function writeRows(path: string, rows: LeaseRows4, options: CompactOptions4): Promise<number> {
  const handle = await open(path, 'w');
  const pause = pacer(options);
  try {
    const record = emptyRecord4();
    let chunk = `${lease4Header(options.schema)}\n`;
    for (let i = 0; i < rows.count; i++) {
      chunk += `${renderLease4Row(rows.read(i, record), options.schema)}\n`;
      if (chunk.length < WRITE_SLICE) continue;
      await handle.write(chunk, null, 'latin1');
      chunk = '';
      await pause();
    }
    if (chunk !== '') await handle.write(chunk, null, 'latin1');
    if (options.fsync) await handle.datasync();
    return rows.count;
  } finally {
    await handle.close();
  }
}

/** PIDFile::check then write: refuse when another live process holds the file. */
async function acquirePidFile(path: string): Promise<void> {
  const holder = await livePidIn(path);
  if (holder !== null && holder !== process.pid) {
    throw new LeaseStoreError('ERR_LEASE_LFC_RUNNING', `lease file cleanup is running in process ${holder} (${path}); wait for it to finish`);
  }
  await step(`write ${path}`, () => writeFile(path, `${process.pid}\n`));
}

/** The PID in a PID file when that process is alive, else null. */
export async function livePidIn(path: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(path, 'latin1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new LeaseStoreError('ERR_LEASE_FILE', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export async function unlinkIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

async function step(what: string, fn: () => Promise<unknown>): Promise<void> {
  await wrap(what, fn);
}

async function wrap<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (cause instanceof LeaseStoreError && (cause.code === 'ERR_LEASE_LFC' || cause.code === 'ERR_LEASE_LFC_RUNNING')) throw cause;
    throw new LeaseStoreError('ERR_LEASE_LFC', `lease file cleanup: cannot ${what}: ${(cause as Error).message}`, { cause });
  }
}
