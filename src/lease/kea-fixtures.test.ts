// Kea → us, on files Kea itself wrote (test/fixtures/leases/, made by
// scripts/gen-kea-lease-fixture.mjs with Debian's Kea 2.2): our store loads the leases Kea
// reported with lease4-get-all, and skips exactly the rows Kea skipped when it reloaded.
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { MemfileLeaseStore4 } from './file-store4.js';
import type { LeaseLoadIssue } from './file-loader4.js';
import { keaViews4, tempLeaseDir, type TempLeaseDir } from './test-helpers.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/leases');
const written = readdirSync(fixtures).filter((f) => /^kea-.*\.csv$/.test(f) && readdirSync(fixtures).includes(f.replace(/\.csv$/, '.json')));

interface KeaRun {
  readonly kea: string;
  readonly before: unknown[];
  readonly afterReload: unknown[];
  readonly rowErrorsOnReload: number;
}

describe('lease files written by Kea', () => {
  let tmp: TempLeaseDir | null = null;
  afterEach(() => tmp?.remove());

  it('has fixtures', () => {
    expect(written.length).toBeGreaterThanOrEqual(2);
  });

  it.each(written)('%s loads as Kea reloaded it', async (name) => {
    tmp = tempLeaseDir();
    copyFileSync(path.join(fixtures, name), tmp.file);
    const run = JSON.parse(readFileSync(path.join(fixtures, name.replace(/\.csv$/, '.json')), 'utf8')) as KeaRun;
    const issues: LeaseLoadIssue[] = [];
    const store = await MemfileLeaseStore4.open(tmp.file, { lfcIntervalSec: 0, schema: '2.1', onLoadIssue: (i) => issues.push(i) });
    try {
      expect(keaViews4(store.all())).toEqual(run.afterReload);
      expect(issues.filter((i) => i.message.startsWith('discarding row')).length).toBe(run.rowErrorsOnReload);
    } finally {
      await store.close();
    }
  });

  it('a consistent Kea file gives what Kea reported before it stopped', () => {
    const run = JSON.parse(readFileSync(path.join(fixtures, written.find((f) => f.includes('-written.'))!.replace(/\.csv$/, '.json')), 'utf8')) as KeaRun;
    expect(run.afterReload).toEqual(run.before);
  });
});
