/**
 * The batched appender behind the memfile store (ARCHITECTURE promise 3): text appended during
 * one event-loop turn goes to the file in one positional `write`, and `flush()` resolves once the
 * write covering everything appended before it has returned. After a returned write the bytes are
 * in the kernel's page cache, so a `kill -9` loses nothing; `fsync: true` adds an fdatasync per
 * batch for power loss.
 *
 * Without fsync, `flush()` writes at once with a synchronous `write` when the io has one and
 * nothing else is in progress: copying a turn's rows into the page cache takes a few
 * microseconds, less than handing the write to libuv's thread pool and waking the event loop
 * for its completion (bench-dhcp4 under --cpu-prof: that round trip was about 15 % of the
 * server's CPU at 4 000 DORA/s). With fsync, or when the LFC holds the file, writes stay
 * asynchronous (setImmediate, the thread pool).
 *
 * A failed write rejects the flushes it covered and keeps its text at the head of the queue;
 * the next append or flush writes it again at the same offset, over whatever part of it landed.
 * Exclusive operations (the LFC's rotation) run between writes, never during one.
 */
import { close as fsClose, fdatasync as fsFdatasync, fstat as fsFstat, ftruncate as fsFtruncate, open as fsOpen, write as fsWrite, writeSync as fsWriteSync } from 'node:fs';
import { promisify } from 'node:util';
import { LeaseStoreError } from './errors.js';

/** The two file operations of the write path, replaceable to inject faults in tests. */
export interface LeaseFileIo {
  /** Writes `data` at `position`; resolves with the count of bytes written (maybe fewer). */
  write(fd: number, data: Uint8Array, position: number): Promise<number>;
  fdatasync(fd: number): Promise<void>;
  /** Writes `data` at `position` now; returns the count of bytes written (maybe fewer). @throws on error */
  writeSync?(fd: number, data: Uint8Array, position: number): number;
}

export const nodeLeaseFileIo: LeaseFileIo = {
  write: (fd, data, position) =>
    new Promise((resolve, reject) => {
      fsWrite(fd, data, 0, data.length, position, (err, written) => (err ? reject(err) : resolve(written)));
    }),
  fdatasync: (fd) =>
    new Promise((resolve, reject) => {
      fsFdatasync(fd, (err) => (err ? reject(err) : resolve()));
    }),
  writeSync: (fd, data, position) => fsWriteSync(fd, data, 0, data.length, position),
};

/** File-descriptor operations of the store (raw fds: a FileHandle closes itself when collected). */
export const openFd = promisify(fsOpen) as (path: string, flags: string) => Promise<number>;
export const closeFd = promisify(fsClose) as (fd: number) => Promise<void>;
export const truncateFd = promisify(fsFtruncate) as (fd: number, len: number) => Promise<void>;
export const fstatFd = promisify(fsFstat) as (fd: number) => Promise<{ size: number }>;

/** Where the writer appends: a file descriptor and the offset of its end. */
export interface AppendTarget {
  fd: number;
  position: number;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export interface AppendWriterOptions {
  readonly io: LeaseFileIo;
  readonly fsync: boolean;
  /** What the file is, for error messages. */
  readonly path: string;
  /** Told about every failed write (the flushes it covered reject too). */
  readonly onError: (err: LeaseStoreError) => void;
}

export class AppendWriter {
  #target: AppendTarget;
  readonly #options: AppendWriterOptions;
  #pending: string[] = [];
  /** Sequence number of the last appended text, and of the last one written. */
  #queuedSeq = 0;
  #writtenSeq = 0;
  #waiters: Waiter[] = [];
  #exclusive: Array<() => Promise<void>> = [];
  #scheduled = false;
  #running: Promise<void> | null = null;

  constructor(target: AppendTarget, options: AppendWriterOptions) {
    this.#target = target;
    this.#options = options;
  }

  get target(): Readonly<AppendTarget> {
    return this.#target;
  }

  /** Queues `text` (ASCII) for the next write. */
  append(text: string): void {
    this.#pending.push(text);
    this.#queuedSeq++;
    this.#schedule();
  }

  /** Resolves when everything appended before the call is written; rejects if that write fails. */
  flush(): Promise<void> {
    if (this.#writtenSeq >= this.#queuedSeq) return Promise.resolve();
    const { io, fsync } = this.#options;
    if (!fsync && io.writeSync !== undefined && this.#running === null && this.#exclusive.length === 0) {
      const err = this.#writeNow(io.writeSync);
      return err === null ? Promise.resolve() : Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.#waiters.push({ seq: this.#queuedSeq, resolve, reject });
      this.#schedule();
    });
  }

  /**
   * Runs `op` between two writes with the current target and makes what it returns the new
   * target (the LFC's rotation). Text appended meanwhile goes to the new target.
   */
  exclusive(op: (target: AppendTarget) => Promise<AppendTarget>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#exclusive.push(async () => {
        try {
          this.#target = await op(this.#target);
          resolve();
        } catch (err) {
          reject(err);
        }
      });
      this.#schedule();
    });
  }

  /** Writes what is queued (once) and waits for the writer to be idle. */
  async drain(): Promise<void> {
    await this.flush().catch(() => undefined);
    while (this.#running !== null) await this.#running;
  }

  #schedule(): void {
    if (this.#scheduled || this.#running !== null) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // Usually a synchronous flush() has written the turn's rows already: nothing to start.
      if (this.#pending.length === 0 && this.#exclusive.length === 0) return;
      if (this.#running === null) this.#running = this.#run().finally(() => (this.#running = null));
    });
  }

  async #run(): Promise<void> {
    for (;;) {
      const op = this.#exclusive.shift();
      if (op !== undefined) {
        await op();
        continue;
      }
      if (this.#pending.length === 0 || !(await this.#writeBatch())) return;
    }
  }

  /** Takes everything pending as one batch of bytes. */
  #takeBatch(): { text: string; data: Buffer; seq: number } {
    const text = this.#pending.length === 1 ? (this.#pending[0] as string) : this.#pending.join('');
    const seq = this.#queuedSeq;
    this.#pending = [];
    return { text, data: Buffer.from(text, 'latin1'), seq };
  }

  /** A batch written: the flushes it covers resolve. */
  #written(batch: { data: Buffer; seq: number }): void {
    this.#target.position += batch.data.length;
    this.#writtenSeq = batch.seq;
    this.#settle(batch.seq, null);
  }

  /** A batch failed: its text goes back to the head of the queue, every waiting flush rejects. */
  #failed(batch: { text: string; data: Buffer }, cause: unknown): LeaseStoreError {
    this.#pending.unshift(batch.text);
    const err = new LeaseStoreError('ERR_LEASE_WRITE', `cannot append ${batch.data.length} bytes of lease rows to ${this.#options.path}: ${(cause as Error).message}`, { cause });
    // Everything queued is behind the failed text: reject every waiting flush, retry later.
    this.#settle(Infinity, err);
    this.#options.onError(err);
    return err;
  }

  /** Writes everything pending in one write; false when it failed (the text stays queued). */
  async #writeBatch(): Promise<boolean> {
    const batch = this.#takeBatch();
    const { io, fsync } = this.#options;
    try {
      let done = 0;
      while (done < batch.data.length) {
        done += await io.write(this.#target.fd, done === 0 ? batch.data : batch.data.subarray(done), this.#target.position + done);
      }
      if (fsync) await io.fdatasync(this.#target.fd);
    } catch (cause) {
      this.#failed(batch, cause);
      return false;
    }
    this.#written(batch);
    return true;
  }

  /** #writeBatch with a synchronous write; returns the error when it failed. */
  #writeNow(writeSync: NonNullable<LeaseFileIo['writeSync']>): LeaseStoreError | null {
    const batch = this.#takeBatch();
    try {
      let done = 0;
      while (done < batch.data.length) {
        done += writeSync(this.#target.fd, done === 0 ? batch.data : batch.data.subarray(done), this.#target.position + done);
      }
    } catch (cause) {
      return this.#failed(batch, cause);
    }
    this.#written(batch);
    return null;
  }

  #settle(seq: number, err: LeaseStoreError | null): void {
    let n = 0;
    while (n < this.#waiters.length && (this.#waiters[n] as Waiter).seq <= seq) n++;
    const done = this.#waiters.splice(0, n);
    for (const w of done) {
      if (err === null) w.resolve();
      else w.reject(err);
    }
  }
}
