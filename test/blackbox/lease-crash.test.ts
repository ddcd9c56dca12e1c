// Promise 3 (ARCHITECTURE.md): a lease whose flush() resolved survives kill -9. A child process
// (lease-crash-child.mjs, on dist/) puts leases, awaits flush() and prints their addresses; it is
// SIGKILLed at a random moment, then the lease file must hold every printed address, with no
// damaged row other than an unfinished last one (which the next open drops). Each lane reuses
// its file for 20 runs, so a child also opens what the previous one left. Runs: LEASE_CRASH_RUNS
// (default 300), in 4 lanes. Configs: none.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLeaseFile4, type LeaseLoadIssue } from '../../src/lease/file-loader4.js';
import { LeaseTable4 } from '../../src/lease/lease-table4.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lease-crash-child.mjs');
const RUNS = Number(process.env['LEASE_CRASH_RUNS'] ?? 300);
const LANES = 4;
const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-lease-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child on `file` and kills it at a random moment; resolves with what it printed. */
function crashOnce(file: string, base: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file, String(base)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const kill = (): void => void child.kill('SIGKILL');
    // Mostly after it started writing (0-25 ms later), sometimes while it is still opening.
    if (Math.random() < 0.2) setTimeout(kill, Math.random() * 80);
    else child.stdout.once('data', () => setTimeout(kill, Math.random() * 15));
    child.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('latin1').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended without being killed: ${err}`));
      // A line cut short in the pipe was not printed whole: only complete lines count.
      const lines = out.split('\n');
      lines.pop();
      resolve(lines.map(Number));
    });
  });
}

async function lane(index: number, runs: number): Promise<{ acknowledged: number; midFileErrors: number; cutRows: number }> {
  let acknowledged: number[] = [];
  let total = 0;
  let midFileErrors = 0;
  let cutRows = 0;
  let file = '';
  for (let run = 0; run < runs; run++) {
    if (run % 20 === 0) {
      total += acknowledged.length;
      acknowledged = [];
      file = path.join(dir, `lane${index}-${run}.csv`);
    }
    acknowledged.push(...(await crashOnce(file, (index * runs + run) * 100_000 + 1)));
    const table = new LeaseTable4();
    const issues: LeaseLoadIssue[] = [];
    const loaded = await loadLeaseFile4(file, table, { maxRowErrors: 0, onIssue: (i) => issues.push(i) });
    const tailErrors = loaded.partialTail !== null && !loaded.partialTail.isValid ? 1 : 0;
    cutRows += tailErrors;
    midFileErrors += issues.length - tailErrors;
    const missing = acknowledged.filter((a) => table.slotOf(a) < 0);
    expect(missing, `lane ${index} run ${run}: acknowledged leases missing from the file`).toEqual([]);
  }
  return { acknowledged: total + acknowledged.length, midFileErrors, cutRows };
}

describe('a lease acknowledged by flush() survives kill -9', () => {
  it(`holds every printed address after ${RUNS} kills`, async () => {
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i, Math.ceil(RUNS / LANES))));
    expect(results.map((r) => r.midFileErrors)).toEqual(results.map(() => 0));
    const total = results.reduce((n, r) => n + r.acknowledged, 0);
    const cut = results.reduce((n, r) => n + r.cutRows, 0);
    console.log(`lease-crash: ${RUNS} kills, ${total} acknowledged leases, all found; ${cut} kills left a row cut short`);
    expect(total).toBeGreaterThan(RUNS);
  }, 600_000);
});
