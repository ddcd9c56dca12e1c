// The lease table's copy-on-write snapshot: what the LFC writes is the table of one instant.
import { describe, expect, it } from 'vitest';
import { LeaseTable4 } from './lease-table4.js';
import { emptyRecord4, recordFromLease4 } from './lease-record4.js';
import { makeLease4 } from './store.conformance.js';

const rowsOf = async (table: LeaseTable4): Promise<Array<[number, string]>> => {
  const snapshot = table.beginSnapshot();
  const rows = await snapshot.rowsByAddress(async () => undefined);
  snapshot.release();
  return Array.from({ length: rows.count }, (_, i) => {
    const r = rows.read(i, emptyRecord4());
    return [r.address & 0xffff, r.hostname];
  });
};

describe('LeaseTable4 snapshots', () => {
  it('sort by address across both 16-bit halves', async () => {
    const table = new LeaseTable4();
    for (const a of [0xc0a80105, 0x0a000002, 0xc0a80001, 0x0a010001, 0xffffffff, 0]) table.upsert(recordFromLease4(makeLease4(0, { address: a })));
    const snapshot = table.beginSnapshot();
    const rows = await snapshot.rowsByAddress(async () => undefined);
    expect(Array.from({ length: rows.count }, (_, i) => rows.read(i, emptyRecord4()).address)).toEqual([0, 0x0a000002, 0x0a010001, 0xc0a80001, 0xc0a80105, 0xffffffff]);
  });

  it('keep the leases of the instant they were taken while the table changes', async () => {
    const table = new LeaseTable4();
    for (let n = 1; n <= 5; n++) table.upsert(recordFromLease4(makeLease4(n, { hostname: `v1-${n}` })));
    table.remove(makeLease4(5).address); // a free slot before the snapshot
    const snapshot = table.beginSnapshot();
    table.upsert(recordFromLease4(makeLease4(1, { hostname: 'v2-1' }))); // update
    table.remove(makeLease4(2).address); // delete
    table.upsert(recordFromLease4(makeLease4(6, { hostname: 'v1-6' }))); // reuses 5's free slot
    table.upsert(recordFromLease4(makeLease4(7, { hostname: 'v1-7' }))); // reuses 2's slot
    table.upsert(recordFromLease4(makeLease4(8, { hostname: 'v1-8' }))); // a new slot
    table.upsert(recordFromLease4(makeLease4(1, { hostname: 'v3-1' })));
    const rows = await snapshot.rowsByAddress(async () => undefined);
    table.remove(makeLease4(3).address); // after sorting, before reading
    const seen = Array.from({ length: rows.count }, (_, i) => rows.read(i, emptyRecord4())).map((r) => r.hostname);
    expect(seen).toEqual(['v1-1', 'v1-2', 'v1-3', 'v1-4']);
    snapshot.release();
    expect(await rowsOf(table)).toEqual([[1, 'v3-1'], [4, 'v1-4'], [6, 'v1-6'], [7, 'v1-7'], [8, 'v1-8']]);
  });
});
