/**
 * Reads one Kea DHCPv4 lease file into a lease table, as LeaseFileLoader::load does
 * (src/lib/dhcpsrv/lease_file_loader.h): rows in file order, a later row of an address replaces
 * the earlier one, a row with valid_lifetime 0 removes it, a malformed row is reported and
 * skipped, and more than `maxRowErrors` of them (0: no limit) fail the load. Streams the file in
 * chunks, optionally yielding to the event loop between them (the LFC does).
 */
import { open } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { LEASE4_COLUMNS, checkLease4Header, lease4Header, type Lease4HeaderInfo } from './csv4.js';
import { Lease4RowParser } from './csv4-parse.js';
import { LeaseStoreError } from './errors.js';
import { emptyRecord4 } from './lease-record4.js';
import type { LeaseTable4 } from './lease-table4.js';

/** A row Kea would skip, or another remark about a file. */
export interface LeaseLoadIssue {
  readonly file: string;
  /** 1-based line of the file. */
  readonly line: number;
  readonly message: string;
}

export interface LoadOptions4 {
  /** Fail the load after this many malformed rows (Kea's max-row-errors); 0: never. */
  readonly maxRowErrors: number;
  readonly onIssue?: (issue: LeaseLoadIssue) => void;
  /** Yield to the event loop after this many milliseconds of parsing (0: never). */
  readonly yieldAfterMs?: number;
  /** Bytes read at a time (default 1 MiB); smaller chunks make shorter slices between yields. */
  readonly chunkBytes?: number;
  /** Checked at every yield; when it returns true the load stops with an error. */
  readonly isAborted?: () => boolean;
}

export interface LoadResult4 {
  readonly exists: boolean;
  /** Size of the file in bytes (0 when missing or empty). */
  readonly size: number;
  /** Null when the file is empty (Kea recreates such a file) or holds only part of a header. */
  readonly header: Lease4HeaderInfo | null;
  readonly rows: number;
  readonly rowErrors: number;
  /** The last line has no newline: where it starts, and whether it was a valid row. */
  readonly partialTail: { readonly offset: number; readonly isValid: boolean } | null;
}

const CHUNK = 1 << 20;

/** Loads `path` into `table`. A missing file loads nothing (size 0). */
export async function loadLeaseFile4(path: string, table: LeaseTable4, options: LoadOptions4): Promise<LoadResult4> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, size: 0, header: null, rows: 0, rowErrors: 0, partialTail: null };
    throw new LeaseStoreError('ERR_LEASE_FILE', `cannot open lease file ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    const { size } = await handle.stat();
    // Rows are about 100 bytes: sizing the table once beats growing it ten times.
    table.reserve(table.size + Math.floor(size / 128));
    const state = new LoadState(path, table, options);
    let buf = Buffer.allocUnsafe(options.chunkBytes ?? CHUNK);
    let filled = 0;
    let fileOffset = 0; // file offset of buf[0]
    for (;;) {
      if (filled === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, fileOffset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      const consumed = state.lines(buf, filled);
      buf.copy(buf, 0, consumed, filled);
      filled -= consumed;
      fileOffset += consumed;
      await state.maybeYield();
    }
    if (filled > 0) state.tail(buf, filled, fileOffset);
    return state.result(fileOffset + filled);
  } catch (cause) {
    if (cause instanceof LeaseStoreError) throw cause;
    throw new LeaseStoreError('ERR_LEASE_FILE', `cannot read lease file ${path}: ${(cause as Error).message}`, { cause });
  } finally {
    await handle.close();
  }
}

class LoadState {
  readonly #path: string;
  readonly #table: LeaseTable4;
  readonly #options: LoadOptions4;
  readonly #parser = new Lease4RowParser();
  readonly #record = emptyRecord4();
  #header: Lease4HeaderInfo | null = null;
  #line = 0;
  #rows = 0;
  #errors = 0;
  #partial: { offset: number; isValid: boolean } | null = null;
  #sliceStart = Date.now();

  constructor(path: string, table: LeaseTable4, options: LoadOptions4) {
    this.#path = path;
    this.#table = table;
    this.#options = options;
  }

  /** Handles the complete lines of buf[0, end); returns the offset after the last one. */
  lines(buf: Buffer, end: number): number {
    let lineStart = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, lineStart);
      if (nl < 0 || nl >= end) return lineStart;
      this.#line++;
      if (nl > lineStart) this.#handle(buf, lineStart, nl);
      lineStart = nl + 1;
    }
  }

  /** The last line, without a newline (a crash in the middle of a write, or a hand edit). */
  tail(buf: Buffer, end: number, fileOffset: number): void {
    this.#line++;
    if (this.#header === null && isHeaderPrefix(buf.toString('latin1', 0, end))) return;
    const before = this.#errors;
    this.#handle(buf, 0, end);
    this.#partial = { offset: fileOffset, isValid: this.#errors === before && this.#header !== null };
  }

  async maybeYield(): Promise<void> {
    const budget = this.#options.yieldAfterMs ?? 0;
    if (budget <= 0 || Date.now() - this.#sliceStart < budget) return;
    await nextTurn();
    if (this.#options.isAborted?.() === true) throw new LeaseStoreError('ERR_LEASE_LFC', `loading ${this.#path} was aborted`);
    this.#sliceStart = Date.now();
  }

  result(size: number): LoadResult4 {
    return { exists: true, size, header: this.#header, rows: this.#rows, rowErrors: this.#errors, partialTail: this.#partial };
  }

  #handle(buf: Buffer, start: number, end: number): void {
    if (this.#header === null) {
      const fields = buf.toString('latin1', start, end).split(',');
      const info = checkLease4Header(fields);
      if (typeof info === 'string') {
        throw new LeaseStoreError('ERR_LEASE_FILE', `invalid header in lease file ${this.#path}: ${info}; expected ${lease4Header()}`);
      }
      this.#header = info;
      return;
    }
    this.#rows++;
    const r = this.#record;
    const latin1 = (s: number, e: number): string => buf.toString('latin1', s, e);
    const error = this.#parser.parse(buf, start, end, this.#header.validColumns, latin1, r);
    if (error !== null) {
      this.#errors++;
      this.#options.onIssue?.({ file: this.#path, line: this.#line, message: `discarding row: ${error}` });
      const max = this.#options.maxRowErrors;
      if (max > 0 && this.#errors > max) {
        throw new LeaseStoreError('ERR_LEASE_LOAD_ERRORS', `lease file ${this.#path} has more than ${max} malformed rows (max-row-errors); fix or remove them`);
      }
      return;
    }
    if (r.validLifetime > 0) this.#table.upsert(r);
    else this.#table.remove(r.address);
  }
}

/** A header cut short by a crash right after the file was created. */
function isHeaderPrefix(text: string): boolean {
  return LEASE4_COLUMNS.join(',').startsWith(text);
}
