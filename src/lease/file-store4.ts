/**
 * `MemfileLeaseStore4`: Kea's memfile backend for DHCPv4 (src/lib/dhcpsrv/memfile_lease_mgr.cc).
 *
 * open(): refuses while another process holds `<name>.pid` (a cleanup is running); loads
 * `<name>.completed` if it exists, else `<name>.2` then `<name>.1`; then `<name>` itself, which is
 * kept for appending (created with a header when missing or empty). A file whose header is not
 * the written schema triggers a cleanup right away, as Kea's "conversion needed" does.
 *
 * Changes: put()/delete() change memory at once and queue one CSV row each; the rows of one
 * event-loop turn are written in one `write` (see append-writer.ts); flush() resolves when the
 * rows queued before it are written. Without `fsync` a written row survives the death of the
 * process (it is in the page cache), with it also a power loss.
 *
 * Cleanup every `lfcIntervalSec` (lfcExecute): unless `.completed` or `.1` is left from an
 * unfinished run, rotate `<name>` to `.1` and start a fresh `<name>`, between two writes; then
 * do what kea-lfc does (lfc.ts) in slices while new rows go on being appended. After a rotation
 * the leases come from a copy-on-write snapshot of the table taken right then (it holds what
 * .2 + .1 hold) instead of reading the files again: no second table in memory, a third of the
 * CPU. After an unfinished run the files are read, as kea-lfc reads them.
 */
import { rename } from 'node:fs/promises';
import { LeaseStoreError } from './errors.js';
import { AppendWriter, closeFd, fstatFd, nodeLeaseFileIo, openFd, truncateFd, type AppendTarget, type LeaseFileIo } from './append-writer.js';
import { lease4Header, lease4NeedsConversion, renderLease4Row, type Lease4HeaderInfo, type Lease4Schema } from './csv4.js';
import { loadLeaseFile4, type LeaseLoadIssue, type LoadResult4 } from './file-loader4.js';
import type { LeaseRecord4 } from './lease-record4.js';
import type { TableSnapshot4 } from './table-snapshot4.js';
import { compactLeaseFiles4, exists, lfcFiles4, livePidIn, writeLeaseSnapshot4, type LfcFiles4, type LfcResult4 } from './lfc.js';
import { TableLeaseStore4 } from './table-store4.js';

export interface MemfileOptions4 {
  /** Seconds between lease file cleanups (Kea's `lfc-interval`, default 3600); 0: never. */
  readonly lfcIntervalSec?: number;
  /** Malformed rows tolerated per file on load (Kea's `max-row-errors`, default 0: no limit). */
  readonly maxRowErrors?: number;
  /**
   * Schema of the rows written: '3.0' (default; Kea 2.4+, and Kea 2.2 reads it by dropping
   * pool_id and converting) or '2.1' (Kea 2.2's own, without pool_id).
   */
  readonly schema?: Lease4Schema;
  /** fdatasync after every batch (survives power loss; costs a disk flush per batch). */
  readonly fsync?: boolean;
  /** Each malformed row skipped on load, and other remarks about the files. */
  readonly onLoadIssue?: (issue: LeaseLoadIssue) => void;
  /** Each failed write (the flushes it covered reject with the same error). */
  readonly onWriteError?: (err: LeaseStoreError) => void;
  /** The outcome of each cleanup. */
  readonly onLfc?: (outcome: LfcOutcome4) => void;
  /** The cleanup yields to the event loop after this many milliseconds of work (default 5). */
  readonly lfcYieldAfterMs?: number;
  /** The write path's file operations (tests inject faults). */
  readonly io?: LeaseFileIo;
}

export type LfcOutcome4 =
  | { readonly ok: true; readonly rotated: boolean; readonly result: LfcResult4 }
  | { readonly ok: false; readonly error: LeaseStoreError };

/** What open() read. */
export interface MemfileLoadReport4 {
  readonly files: ReadonlyArray<{ readonly path: string; readonly rows: number; readonly rowErrors: number; readonly version: string | null }>;
  /** A file was not in the written schema: a cleanup was started to convert it. */
  readonly isConverting: boolean;
}

interface Settings {
  readonly lfcIntervalSec: number;
  readonly maxRowErrors: number;
  readonly schema: Lease4Schema;
  readonly fsync: boolean;
  readonly lfcYieldAfterMs: number;
}

export class MemfileLeaseStore4 extends TableLeaseStore4 {
  readonly path: string;
  readonly #files: LfcFiles4;
  readonly #settings: Settings;
  readonly #options: MemfileOptions4;
  #writer: AppendWriter | null = null;
  #timer: NodeJS.Timeout | null = null;
  #lfc: Promise<LfcOutcome4> | null = null;
  #report: MemfileLoadReport4 = { files: [], isConverting: false };

  private constructor(path: string, options: MemfileOptions4) {
    super();
    this.path = path;
    this.#files = lfcFiles4(path);
    this.#options = options;
    this.#settings = {
      lfcIntervalSec: options.lfcIntervalSec ?? 3600,
      maxRowErrors: options.maxRowErrors ?? 0,
      schema: options.schema ?? '3.0',
      fsync: options.fsync ?? false,
      lfcYieldAfterMs: options.lfcYieldAfterMs ?? 5,
    };
  }

  /**
   * Loads the lease files of `path` and opens `path` for appending.
   * @throws LeaseStoreError `ERR_LEASE_LFC_RUNNING`, `ERR_LEASE_FILE` (unreadable file, bad
   *   header), `ERR_LEASE_LOAD_ERRORS` (more malformed rows than maxRowErrors)
   * @example
   * const store = await MemfileLeaseStore4.open('/var/lib/kea/kea-leases4.csv', { lfcIntervalSec: 3600 });
   * store.put(lease);
   * await store.flush(); // now the ACK may leave
   */
  static async open(path: string, options: MemfileOptions4 = {}): Promise<MemfileLeaseStore4> {
    const store = new MemfileLeaseStore4(path, options);
    await store.#load();
    return store;
  }

  /** What open() read. */
  get loadReport(): MemfileLoadReport4 {
    return this.#report;
  }

  flush(): Promise<void> {
    return this.#writer?.flush() ?? Promise.resolve();
  }

  /**
   * Runs a lease file cleanup now (Kea's LFC timer or `kea-lfc-start`); while one runs, returns
   * that one.
   */
  lfc(): Promise<LfcOutcome4> {
    if (this.isClosed) {
      return Promise.resolve({ ok: false, error: new LeaseStoreError('ERR_LEASE_CLOSED', 'the lease store is closed') });
    }
    if (this.#lfc === null) {
      const run = async (): Promise<LfcOutcome4> => {
        const rotation = await this.#rotateForLfc().then((rotated) => ({ rotated }), (error: unknown) => ({ error }));
        return this.#runLfc(rotation);
      };
      this.#lfc = run().finally(() => (this.#lfc = null));
    }
    return this.#lfc;
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    if (this.#lfc !== null) await this.#lfc;
    const writer = this.#writer;
    if (writer === null) return;
    try {
      await writer.drain();
      await writer.flush();
    } finally {
      await closeFd(writer.target.fd);
    }
  }

  protected recordPut(record: LeaseRecord4): void {
    this.#writer?.append(`${renderLease4Row(record, this.#settings.schema)}\n`);
  }

  protected recordDelete(record: LeaseRecord4): void {
    this.#writer?.append(`${renderLease4Row(record, this.#settings.schema, 0)}\n`);
  }

  async #load(): Promise<void> {
    const files = this.#files;
    const holder = await livePidIn(files.pid);
    if (holder !== null && holder !== process.pid) {
      throw new LeaseStoreError('ERR_LEASE_LFC_RUNNING', `cannot load ${this.path} while lease file cleanup runs in process ${holder}; retry when it ends`);
    }
    const order = (await exists(files.finish)) ? [files.finish] : [files.previous, files.copy];
    const loaded: Array<[string, LoadResult4]> = [];
    for (const file of [...order, this.path]) loaded.push([file, await this.#loadFile(file)]);
    const current = (loaded[loaded.length - 1] as [string, LoadResult4])[1];
    const isConverting = loaded.some(([, r]) => r.header !== null && lease4NeedsConversion(r.header, this.#settings.schema));
    this.#report = {
      files: loaded.filter(([, r]) => r.exists).map(([path, r]) => ({ path, rows: r.rows, rowErrors: r.rowErrors, version: versionOf(r.header) })),
      isConverting,
    };
    const target = await this.#openForAppend(current);
    this.#writer = new AppendWriter(target, {
      io: this.#options.io ?? nodeLeaseFileIo,
      fsync: this.#settings.fsync,
      path: this.path,
      onError: (err) => this.#options.onWriteError?.(err),
    });
    // Kea: "conversion needed" runs a cleanup at once (the rotation before any new row is
    // appended, so that new rows go to a file with the new header); then every lfc-interval.
    if (isConverting) {
      const rotation = await this.#rotateForLfc().then((rotated) => ({ rotated }), (error: unknown) => ({ error }));
      this.#lfc = this.#runLfc(rotation).finally(() => (this.#lfc = null));
    }
    if (this.#settings.lfcIntervalSec > 0) {
      this.#timer = setInterval(() => void this.lfc(), this.#settings.lfcIntervalSec * 1000);
      this.#timer.unref();
    }
  }

  #loadFile(path: string): Promise<LoadResult4> {
    return loadLeaseFile4(path, this.table, {
      maxRowErrors: this.#settings.maxRowErrors,
      ...(this.#options.onLoadIssue ? { onIssue: this.#options.onLoadIssue } : {}),
    });
  }

  /** Opens the lease file for appending: a fresh header when empty, a clean end otherwise. */
  async #openForAppend(current: LoadResult4): Promise<AppendTarget> {
    if (current.header === null) return this.#createFile('w');
    const fd = await fileOp(`open lease file ${this.path}`, () => openFd(this.path, 'r+'));
    try {
      let position = current.size;
      const tail = current.partialTail;
      if (tail !== null && !tail.isValid) {
        // A row cut short by a crash was never acknowledged (its write never returned): drop it.
        await fileOp(`truncate ${this.path}`, () => truncateFd(fd, tail.offset));
        position = tail.offset;
        this.#options.onLoadIssue?.({ file: this.path, line: 0, message: `dropped an incomplete last row at byte ${tail.offset}` });
      } else if (tail !== null) {
        // A complete row without its newline: end the line before appending after it.
        await fileOp(`write ${this.path}`, () => nodeLeaseFileIo.write(fd, Uint8Array.of(0x0a), position));
        position += 1;
      }
      return { fd, position };
    } catch (err) {
      await closeFd(fd);
      throw err;
    }
  }

  /** Creates (or empties) the lease file with a header; 'wx' fails if it exists. */
  async #createFile(flags: 'w' | 'wx'): Promise<AppendTarget> {
    const header = Buffer.from(`${lease4Header(this.#settings.schema)}\n`, 'latin1');
    const fd = await fileOp(`create lease file ${this.path}`, () => openFd(this.path, flags));
    try {
      await fileOp(`write ${this.path}`, () => nodeLeaseFileIo.write(fd, header, 0));
    } catch (err) {
      await closeFd(fd);
      throw err;
    }
    return { fd, position: header.length };
  }

  /**
   * lfcExecute's first half: unless an unfinished cleanup left `.completed` or `.1`, rotate the
   * lease file to `.1` between two writes, and take a snapshot of the table then: it holds what
   * .2 + .1 hold, so the cleanup need not read them again. Null when it did not rotate.
   */
  async #rotateForLfc(): Promise<TableSnapshot4 | null> {
    const files = this.#files;
    if (this.#writer === null || this.isClosed || (await exists(files.finish)) || (await exists(files.copy))) return null;
    let failure: unknown = null;
    await this.#writer.exclusive((target) => this.#rotate(target).catch((err: unknown) => {
      failure = err;
      return this.#reopen(target);
    }));
    if (failure !== null) throw failure;
    return this.table.beginSnapshot();
  }

  /** lfcExecute's second half (what kea-lfc does), unless the rotation failed. */
  async #runLfc(rotation: { rotated: TableSnapshot4 | null } | { error: unknown }): Promise<LfcOutcome4> {
    let outcome: LfcOutcome4;
    try {
      if ('error' in rotation) throw rotation.error;
      const options = {
        schema: this.#settings.schema,
        fsync: this.#settings.fsync,
        yieldAfterMs: this.#settings.lfcYieldAfterMs,
        isAborted: () => this.isClosed,
        ...(this.#options.onLoadIssue ? { onIssue: this.#options.onLoadIssue } : {}),
      };
      const snapshot = rotation.rotated;
      const result = snapshot !== null ? await writeLeaseSnapshot4(this.#files, snapshot, options) : await compactLeaseFiles4(this.#files, options);
      outcome = { ok: true, rotated: snapshot !== null, result };
    } catch (err) {
      const error = err instanceof LeaseStoreError ? err : new LeaseStoreError('ERR_LEASE_LFC', `lease file cleanup failed: ${(err as Error).message}`, { cause: err });
      outcome = { ok: false, error };
    }
    this.#options.onLfc?.(outcome);
    return outcome;
  }

  /** lfcExecute's rotation: `<name>` becomes `<name>.1`, and a fresh `<name>` takes the appends. */
  async #rotate(target: AppendTarget): Promise<AppendTarget> {
    await closeFd(target.fd);
    await fileOp(`rename ${this.path} to ${this.#files.copy}`, () => rename(this.path, this.#files.copy));
    try {
      return await this.#createFile('wx');
    } catch (err) {
      await rename(this.#files.copy, this.path);
      throw err;
    }
  }

  /** After a failed rotation: append to `<name>` again, where it ends. */
  async #reopen(old: AppendTarget): Promise<AppendTarget> {
    const fd = await openFd(this.path, 'r+');
    const { size } = await fstatFd(fd);
    return { fd, position: Math.max(size, old.position) };
  }
}

function versionOf(header: Lease4HeaderInfo | null): string | null {
  return header === null ? null : header.version;
}

async function fileOp<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    throw new LeaseStoreError('ERR_LEASE_FILE', `cannot ${what}: ${(cause as Error).message}`, { cause });
  }
}
