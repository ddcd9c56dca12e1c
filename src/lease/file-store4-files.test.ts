// MemfileLeaseStore4 and its files: Kea's load order, what is appended (byte for byte), one
// write per event-loop turn, crash leftovers, malformed rows, PID files and schema conversion.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeLeaseFileIo, type LeaseFileIo } from './append-writer.js';
import { lease4Header, renderLease4Row } from './csv4.js';
import { MemfileLeaseStore4, type LfcOutcome4, type MemfileOptions4 } from './file-store4.js';
import type { LeaseLoadIssue } from './file-loader4.js';
import { LeaseState, type Lease4 } from './lease4.js';
import { recordFromLease4 } from './lease-record4.js';
import { makeLease4 } from './store.conformance.js';
import { tempLeaseDir, type TempLeaseDir } from './test-helpers.js';

const H30 = lease4Header('3.0');
const H21 = lease4Header('2.1');
const rowOf = (lease: Lease4, valid?: number, schema: '3.0' | '2.1' = '3.0'): string =>
  renderLease4Row(recordFromLease4(lease), schema, valid ?? lease.validLifetime);
const file = (header: string, ...rows: string[]): string => `${[header, ...rows].join('\n')}\n`;
const addrs = (store: MemfileLeaseStore4): number[] => [...store.all()].map((l) => l.address).sort((a, b) => a - b);
const A = (n: number): number => makeLease4(n).address;

let tmp: TempLeaseDir;
let stores: MemfileLeaseStore4[] = [];
async function openStore(options: MemfileOptions4 = {}): Promise<MemfileLeaseStore4> {
  const store = await MemfileLeaseStore4.open(tmp.file, { lfcIntervalSec: 0, ...options });
  stores.push(store);
  return store;
}

describe('MemfileLeaseStore4 files', () => {
  afterEach(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    stores = [];
    tmp.remove();
  });
  const setup = (): void => {
    tmp = tempLeaseDir();
  };

  describe("Kea's load order (loadLeasesFromFiles)", () => {
    it('loads .completed instead of .2 and .1 when it exists, then the lease file', async () => {
      setup();
      writeFileSync(`${tmp.file}.2`, file(H30, rowOf(makeLease4(1))));
      writeFileSync(`${tmp.file}.1`, file(H30, rowOf(makeLease4(2))));
      writeFileSync(`${tmp.file}.completed`, file(H30, rowOf(makeLease4(3))));
      writeFileSync(tmp.file, file(H30, rowOf(makeLease4(4))));
      const store = await openStore();
      expect(addrs(store)).toEqual([A(3), A(4)]);
      expect(store.loadReport.files.map((f) => f.path)).toEqual([`${tmp.file}.completed`, tmp.file]);
    });

    it('loads .2, then .1, then the lease file: later rows win and valid_lifetime 0 deletes', async () => {
      setup();
      writeFileSync(`${tmp.file}.2`, file(H30, rowOf(makeLease4(1, { validLifetime: 100 })), rowOf(makeLease4(2)), rowOf(makeLease4(3))));
      writeFileSync(`${tmp.file}.1`, file(H30, rowOf(makeLease4(1, { validLifetime: 200 })), rowOf(makeLease4(2), 0)));
      writeFileSync(tmp.file, file(H30, rowOf(makeLease4(1, { validLifetime: 300 })), rowOf(makeLease4(3), 0), rowOf(makeLease4(3, { hostname: 'back' }))));
      const store = await openStore();
      expect(addrs(store)).toEqual([A(1), A(3)]);
      expect(store.get(A(1))?.validLifetime).toBe(300);
      expect(store.get(A(3))?.hostname).toBe('back');
    });

    it('ignores a delete of an address it never saw', async () => {
      setup();
      writeFileSync(tmp.file, file(H30, rowOf(makeLease4(1), 0)));
      expect(addrs(await openStore())).toEqual([]);
    });

    it.each([
      ['a missing lease file', null],
      ['an empty lease file', ''],
      ['only blank lines', '\n\n'],
      ['a header cut short by a crash', 'address,hwaddr,cli'],
    ])('starts %s with a header', async (_name, content) => {
      setup();
      if (content !== null) writeFileSync(tmp.file, content);
      const store = await openStore();
      store.put(makeLease4(1));
      await store.flush();
      expect(readFileSync(tmp.file, 'latin1')).toBe(file(H30, rowOf(makeLease4(1))));
    });
  });

  describe('appending', () => {
    it('appends one row per change, as Kea would', async () => {
      setup();
      const store = await openStore();
      const a = makeLease4(1, { hostname: 'x,y' });
      store.put(a);
      store.put({ ...a, validLifetime: 7200 });
      store.delete(a.address);
      store.put(makeLease4(2, { state: LeaseState.Declined, hwaddr: new Uint8Array(0), clientId: null }));
      await store.flush();
      expect(readFileSync(tmp.file, 'latin1')).toBe(file(H30,
        rowOf(a),
        rowOf({ ...a, validLifetime: 7200 }),
        '10.0.0.1,02:00:00:00:00:01,01:02:00:00:00:00:01,0,1700000000,1,0,0,x&#x2cy,0,,0',
        '10.0.0.2,,,3600,1700003600,1,0,0,,1,,0'));
    });

    it('writes the changes of one event-loop turn in one write, and flush waits for the write covering it', async () => {
      setup();
      const writes: number[] = [];
      let release: (() => void) | null = null;
      const io: LeaseFileIo = {
        write: async (fd, data, position) => {
          writes.push(data.length);
          if (writes.length === 2) await new Promise<void>((r) => (release = r));
          return nodeLeaseFileIo.write(fd, data, position);
        },
        fdatasync: nodeLeaseFileIo.fdatasync,
      };
      const store = await openStore({ io });
      for (let n = 1; n <= 100; n++) store.put(makeLease4(n));
      await store.flush();
      expect(writes.length).toBe(1);

      store.put(makeLease4(101)); // turn 1: write #2, held back
      const first = store.flush();
      await vi.waitFor(() => expect(release).not.toBeNull());
      store.put(makeLease4(102)); // while #2 is in flight
      store.put(makeLease4(103));
      const second = store.flush();
      let isFirstDone = false;
      void first.then(() => (isFirstDone = true));
      await new Promise((r) => setImmediate(r));
      expect(isFirstDone).toBe(false);
      (release as unknown as () => void)();
      await first;
      await second;
      expect(writes.length).toBe(3); // 102 and 103 went together
      expect(readFileSync(tmp.file, 'latin1').split('\n').length).toBe(1 + 103 + 1);
    });

    it('rejects the flushes of a failed write, reports the error, and rewrites the rows at the same offset', async () => {
      setup();
      let isFailing = false;
      const io: LeaseFileIo = {
        // A failing write that still lands part of its bytes: the retry must overwrite them.
        write: async (fd, data, position) => {
          if (!isFailing) return nodeLeaseFileIo.write(fd, data, position);
          await nodeLeaseFileIo.write(fd, data.subarray(0, 10), position);
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        },
        fdatasync: nodeLeaseFileIo.fdatasync,
      };
      const errors: unknown[] = [];
      const store = await openStore({ io, onWriteError: (e) => errors.push(e) });
      store.put(makeLease4(1));
      await store.flush();
      isFailing = true;
      store.put(makeLease4(2));
      await expect(store.flush()).rejects.toMatchObject({ code: 'ERR_LEASE_WRITE', message: expect.stringContaining('ENOSPC') });
      expect(errors).toHaveLength(1);
      isFailing = false;
      store.put(makeLease4(3));
      await store.flush();
      expect(readFileSync(tmp.file, 'latin1')).toBe(file(H30, rowOf(makeLease4(1)), rowOf(makeLease4(2)), rowOf(makeLease4(3))));
    });

    it('writes schema 2.1 when asked', async () => {
      setup();
      const store = await openStore({ schema: '2.1' });
      store.put(makeLease4(1, { poolId: 5 }));
      await store.flush();
      expect(readFileSync(tmp.file, 'latin1')).toBe(file(H21, rowOf(makeLease4(1), undefined, '2.1')));
    });
  });

  describe('leftovers of a crash', () => {
    it('drops an incomplete last row and appends after the last complete one', async () => {
      setup();
      const keep = rowOf(makeLease4(1));
      writeFileSync(tmp.file, `${file(H30, keep)}${rowOf(makeLease4(2)).slice(0, 25)}`);
      const issues: LeaseLoadIssue[] = [];
      const store = await openStore({ onLoadIssue: (i) => issues.push(i) });
      expect(addrs(store)).toEqual([A(1)]);
      expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('discarding row'), expect.stringContaining('dropped an incomplete last row')]);
      store.put(makeLease4(3));
      await store.flush();
      expect(readFileSync(tmp.file, 'latin1')).toBe(file(H30, keep, rowOf(makeLease4(3))));
    });

    it('keeps a complete last row without its newline and ends the line before appending', async () => {
      setup();
      writeFileSync(tmp.file, `${H30}\n${rowOf(makeLease4(1))}`);
      const store = await openStore();
      expect(addrs(store)).toEqual([A(1)]);
      store.put(makeLease4(2));
      await store.flush();
      expect(readFileSync(tmp.file, 'latin1')).toBe(file(H30, rowOf(makeLease4(1)), rowOf(makeLease4(2))));
    });
  });

  describe('malformed files', () => {
    const bad = ['not,a,row', '10.0.0.300,aa,,1,2,1,0,0,,0,,0', '10.0.0.7,,,1,2,1,0,0,,0,,0'];

    it('reports and skips malformed rows (max-row-errors 0: no limit)', async () => {
      setup();
      writeFileSync(tmp.file, file(H30, rowOf(makeLease4(1)), ...bad, rowOf(makeLease4(2))));
      const issues: LeaseLoadIssue[] = [];
      const store = await openStore({ onLoadIssue: (i) => issues.push(i) });
      expect(addrs(store)).toEqual([A(1), A(2)]);
      expect(issues.map((i) => i.line)).toEqual([3, 4, 5]);
      expect(issues.every((i) => i.file === tmp.file)).toBe(true);
      expect(store.loadReport.files).toEqual([{ path: tmp.file, rows: 5, rowErrors: 3, version: '3.0' }]);
    });

    it('refuses to load past max-row-errors', async () => {
      setup();
      writeFileSync(tmp.file, file(H30, ...bad));
      await expect(openStore({ maxRowErrors: 2 })).rejects.toMatchObject({ code: 'ERR_LEASE_LOAD_ERRORS' });
      expect(addrs(await openStore({ maxRowErrors: 3 }))).toEqual([]);
    });

    it('refuses a file whose header is not a lease4 header', async () => {
      setup();
      writeFileSync(tmp.file, 'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len\n');
      await expect(openStore()).rejects.toMatchObject({ code: 'ERR_LEASE_FILE', message: expect.stringContaining("invalid column: 'duid'") });
    });

    it('refuses to load while another live process holds the LFC PID file, not for a stale one', async () => {
      setup();
      writeFileSync(`${tmp.file}.pid`, `${process.ppid}\n`);
      await expect(openStore()).rejects.toMatchObject({ code: 'ERR_LEASE_LFC_RUNNING' });
      writeFileSync(`${tmp.file}.pid`, '4194303\n');
      await openStore();
    });
  });

  describe('schema conversion', () => {
    it('reads a 2.1 file (also with rows of 12 columns) and converts the files to 3.0 with a cleanup, as Kea does', async () => {
      setup();
      writeFileSync(`${tmp.file}.2`, file(H21, rowOf(makeLease4(1), undefined, '2.1')));
      writeFileSync(tmp.file, file(H21, rowOf(makeLease4(2), undefined, '2.1'), rowOf(makeLease4(3, { poolId: 4 }))));
      const outcomes: LfcOutcome4[] = [];
      const store = await openStore({ onLfc: (o) => outcomes.push(o) });
      expect(store.loadReport.isConverting).toBe(true);
      expect(store.get(A(3))?.poolId).toBe(4);
      store.put(makeLease4(5));
      await vi.waitFor(() => expect(outcomes).toHaveLength(1));
      expect(outcomes[0]).toMatchObject({ ok: true, rotated: true });
      await store.flush();
      expect(existsSync(`${tmp.file}.1`)).toBe(false);
      expect(readFileSync(`${tmp.file}.2`, 'latin1')).toBe(file(H30, rowOf(makeLease4(1)), rowOf(makeLease4(2)), rowOf(makeLease4(3, { poolId: 4 }))));
      expect(readFileSync(tmp.file, 'latin1')).toBe(file(H30, rowOf(makeLease4(5))));
    });
  });
});
