// Lease file cleanup: kea-lfc's file steps, and a cleanup that runs while the store keeps
// taking changes (none may be lost). test/blackbox/lease-kea-interop.test.ts compares the
// output with the real kea-lfc.
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lease4Header, renderLease4Row } from './csv4.js';
import { MemfileLeaseStore4, type LfcOutcome4 } from './file-store4.js';
import { LeaseState, type Lease4 } from './lease4.js';
import { recordFromLease4 } from './lease-record4.js';
import { compactLeaseFiles4, lfcFiles4 } from './lfc.js';
import { makeLease4 } from './store.conformance.js';
import { tempLeaseDir, type TempLeaseDir } from './test-helpers.js';

const H = lease4Header();
const rowOf = (lease: Lease4, valid?: number): string => renderLease4Row(recordFromLease4(lease), '3.0', valid ?? lease.validLifetime);
const file = (...rows: string[]): string => `${[H, ...rows].join('\n')}\n`;
const options = { schema: '3.0' as const, fsync: false, yieldAfterMs: 0 };

let tmp: TempLeaseDir;
afterEach(() => tmp.remove());

describe('compactLeaseFiles4 (kea-lfc)', () => {
  it('merges .2 and .1 into .2: last row wins, deletes drop, address order, expired leases kept', async () => {
    tmp = tempLeaseDir();
    const files = lfcFiles4(tmp.file);
    const expired = makeLease4(9, { cltt: 1000, validLifetime: 10 });
    writeFileSync(files.previous, file(rowOf(makeLease4(3)), rowOf(makeLease4(1)), rowOf(makeLease4(2)), rowOf(expired)));
    writeFileSync(files.copy, file(rowOf(makeLease4(1, { hostname: 'new' })), rowOf(makeLease4(2), 0), rowOf(makeLease4(4, { state: LeaseState.Declined }))));
    const result = await compactLeaseFiles4(files, options);
    expect(result).toEqual({ processed: true, leases: 4, rows: 7, rowErrors: 0 });
    expect(readFileSync(files.previous, 'latin1')).toBe(file(
      rowOf(makeLease4(1, { hostname: 'new' })), rowOf(makeLease4(3)), rowOf(makeLease4(4, { state: LeaseState.Declined })), rowOf(expired)));
    expect(readdirSync(tmp.dir).sort()).toEqual(['kea-leases4.csv.2']);
  });

  it('works without a .2, and without either file (an empty .2)', async () => {
    tmp = tempLeaseDir();
    const files = lfcFiles4(tmp.file);
    expect(await compactLeaseFiles4(files, options)).toMatchObject({ processed: true, leases: 0 });
    expect(readFileSync(files.previous, 'latin1')).toBe(file());
    writeFileSync(files.copy, file(rowOf(makeLease4(1))));
    await compactLeaseFiles4({ ...files, previous: `${tmp.file}.none` }, options);
    expect(readFileSync(`${tmp.file}.none`, 'latin1')).toBe(file(rowOf(makeLease4(1))));
  });

  it('only rotates when a finish file is already there (the last run stopped before renaming)', async () => {
    tmp = tempLeaseDir();
    const files = lfcFiles4(tmp.file);
    writeFileSync(files.previous, file(rowOf(makeLease4(1))));
    writeFileSync(files.copy, file(rowOf(makeLease4(2))));
    writeFileSync(files.finish, file(rowOf(makeLease4(3))));
    expect(await compactLeaseFiles4(files, options)).toMatchObject({ processed: false });
    expect(readFileSync(files.previous, 'latin1')).toBe(file(rowOf(makeLease4(3))));
    expect(existsSync(files.copy)).toBe(false);
  });

  it('truncates a leftover output file instead of appending to it', async () => {
    tmp = tempLeaseDir();
    const files = lfcFiles4(tmp.file);
    writeFileSync(files.output, file(rowOf(makeLease4(7))));
    writeFileSync(files.copy, file(rowOf(makeLease4(1))));
    await compactLeaseFiles4(files, options);
    expect(readFileSync(files.previous, 'latin1')).toBe(file(rowOf(makeLease4(1))));
  });

  it('skips up to 100 malformed rows per file, and gives up past that leaving the files as they were', async () => {
    tmp = tempLeaseDir();
    const files = lfcFiles4(tmp.file);
    const bad = (n: number): string[] => Array.from({ length: n }, () => 'garbage');
    writeFileSync(files.copy, file(rowOf(makeLease4(1)), ...bad(100)));
    expect(await compactLeaseFiles4(files, options)).toMatchObject({ leases: 1, rowErrors: 100 });
    const copy = file(rowOf(makeLease4(2)), ...bad(101));
    writeFileSync(files.copy, copy);
    await expect(compactLeaseFiles4(files, options)).rejects.toMatchObject({ code: 'ERR_LEASE_LFC' });
    expect(readFileSync(files.copy, 'latin1')).toBe(copy);
    expect(readFileSync(files.previous, 'latin1')).toBe(file(rowOf(makeLease4(1))));
    expect(existsSync(files.pid)).toBe(false);
  });

  it('refuses to run while another live process holds the PID file', async () => {
    tmp = tempLeaseDir();
    const files = lfcFiles4(tmp.file);
    writeFileSync(files.pid, `${process.ppid}\n`);
    await expect(compactLeaseFiles4(files, options)).rejects.toMatchObject({ code: 'ERR_LEASE_LFC_RUNNING' });
    expect(existsSync(files.pid)).toBe(true);
  });
});

describe('MemfileLeaseStore4 cleanup', () => {
  const leasesOf = (store: MemfileLeaseStore4): Lease4[] => [...store.all()].sort((a, b) => a.address - b.address);

  it('rotates, compacts in slices while changes keep coming, and loses none of them', async () => {
    tmp = tempLeaseDir();
    // A big .2 so the cleanup takes many slices.
    const big = Array.from({ length: 40_000 }, (_, i) => rowOf(makeLease4(i + 1, { hostname: `h${i}` })));
    writeFileSync(`${tmp.file}.2`, file(...big));
    const store = await MemfileLeaseStore4.open(tmp.file, { lfcIntervalSec: 0, lfcYieldAfterMs: 1 });
    try {
      for (let i = 0; i < 200; i++) store.put(makeLease4(50_000 + i));
      let isDone = false;
      const running = store.lfc().then((o) => {
        isDone = true;
        return o;
      });
      let turns = 0;
      while (!isDone) {
        // Changes in many event-loop turns while the cleanup runs: puts, updates, deletes.
        store.put(makeLease4(60_000 + turns, { hostname: `during-${turns}` }));
        store.put(makeLease4(1 + turns, { hostname: `updated-${turns}` }));
        if (turns % 3 === 0) store.delete(makeLease4(20_000 + turns).address);
        await store.flush();
        // A flush with nothing else in progress writes at once and does not end the turn.
        await new Promise((resolve) => setImmediate(resolve));
        turns++;
      }
      const outcome = await running;
      expect(outcome).toMatchObject({ ok: true, rotated: true, result: { processed: true } });
      expect(turns).toBeGreaterThan(3);
      const expected = leasesOf(store);
      await store.close();
      expect(existsSync(`${tmp.file}.1`)).toBe(false);
      const again = await MemfileLeaseStore4.open(tmp.file, { lfcIntervalSec: 0 });
      expect(leasesOf(again)).toEqual(expected);
      await again.close();
    } finally {
      await store.close();
    }
  });

  it('writes from a snapshot after rotating the same bytes that reading .2 and .1 gives', async () => {
    tmp = tempLeaseDir();
    const other = tempLeaseDir();
    try {
      writeFileSync(`${tmp.file}.2`, file(...Array.from({ length: 500 }, (_, i) => rowOf(makeLease4(i + 1, { hostname: `a,${i}` })))) + 'garbage\n');
      const store = await MemfileLeaseStore4.open(tmp.file, { lfcIntervalSec: 0 });
      for (let i = 0; i < 300; i += 3) {
        store.put(makeLease4(i + 1, { hostname: `b&${i}`, userContext: { i } }));
        store.delete(makeLease4(i + 2).address);
        store.put(makeLease4(1000 + i, { state: LeaseState.Declined, hwaddr: new Uint8Array(0), clientId: null }));
      }
      await store.flush();
      copyFileSync(`${tmp.file}.2`, `${other.file}.2`);
      copyFileSync(tmp.file, `${other.file}.1`);
      expect(await store.lfc()).toMatchObject({ ok: true, rotated: true });
      await store.close();
      await compactLeaseFiles4(lfcFiles4(other.file), options);
      expect(readFileSync(`${tmp.file}.2`, 'latin1')).toBe(readFileSync(`${other.file}.2`, 'latin1'));
    } finally {
      other.remove();
    }
  });

  it('runs every lfcIntervalSec and reports each outcome', async () => {
    tmp = tempLeaseDir();
    const outcomes: LfcOutcome4[] = [];
    const store = await MemfileLeaseStore4.open(tmp.file, { lfcIntervalSec: 1, onLfc: (o) => outcomes.push(o) });
    try {
      store.put(makeLease4(1));
      await store.flush();
      await vi.waitFor(() => expect(outcomes.length).toBeGreaterThanOrEqual(1), { timeout: 3000 });
      expect(outcomes[0]).toMatchObject({ ok: true, rotated: true });
      expect(readFileSync(`${tmp.file}.2`, 'latin1')).toBe(file(rowOf(makeLease4(1))));
      expect(readFileSync(tmp.file, 'latin1')).toBe(file());
    } finally {
      await store.close();
    }
  });

  it('finishes a cleanup left unfinished (.1 present) without rotating again', async () => {
    tmp = tempLeaseDir();
    writeFileSync(`${tmp.file}.1`, file(rowOf(makeLease4(1))));
    writeFileSync(tmp.file, file(rowOf(makeLease4(2))));
    const store = await MemfileLeaseStore4.open(tmp.file, { lfcIntervalSec: 0 });
    try {
      expect(await store.lfc()).toMatchObject({ ok: true, rotated: false });
      expect(readFileSync(`${tmp.file}.2`, 'latin1')).toBe(file(rowOf(makeLease4(1))));
      expect(readFileSync(tmp.file, 'latin1')).toBe(file(rowOf(makeLease4(2))));
    } finally {
      await store.close();
    }
  });

  it('stops a running cleanup on close; the next open loads everything', async () => {
    tmp = tempLeaseDir();
    writeFileSync(`${tmp.file}.2`, file(...Array.from({ length: 30_000 }, (_, i) => rowOf(makeLease4(i + 1)))));
    const store = await MemfileLeaseStore4.open(tmp.file, { lfcIntervalSec: 0, lfcYieldAfterMs: 1 });
    store.put(makeLease4(40_000));
    const running = store.lfc();
    await new Promise((r) => setTimeout(r, 5));
    await store.close();
    const outcome = await running;
    const again = await MemfileLeaseStore4.open(tmp.file, { lfcIntervalSec: 0 });
    try {
      expect(again.count()).toBe(30_001);
      if (!outcome.ok) expect(outcome.error.code).toBe('ERR_LEASE_LFC');
      expect(existsSync(path.join(tmp.dir, 'kea-leases4.csv.pid'))).toBe(false);
    } finally {
      await again.close();
    }
  });
});
