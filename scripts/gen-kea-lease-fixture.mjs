#!/usr/bin/env node
// Regenerates the Kea-written lease fixtures of test/fixtures/leases/ with the installed
// kea-dhcp4 (Debian: kea-dhcp4-server + kea-common), as root:
//
//   node scripts/gen-kea-lease-fixture.mjs [--out test/fixtures/leases]
//
// kea-<version>-written.csv     what Kea wrote for FIXTURE_COMMANDS (scripts/kea4-lab.mjs)
// kea-<version>-written.json    lease4-get-all before Kea stopped, and after it reloaded the file
//                               (with the count of rows it discarded then)
// kea-<version>-control-chars.csv / .json
//                               a hostname with a tab and a newline: Kea 2.2 writes them raw and
//                               cannot read its own rows back (the .json has both views)
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FIXTURE_COMMANDS, findKea, keaLeases, keaVersion, startKea4 } from './kea4-lab.mjs';

const CONTROL_CHARS_COMMANDS = [
  ['lease4-add', { 'ip-address': '10.9.0.1', 'hw-address': '00:00:00:00:09:01', 'valid-lft': 3600, expire: 1900003600, hostname: 'tab\there\nnl' }],
  ['lease4-add', { 'ip-address': '10.9.0.2', 'hw-address': '00:00:00:00:09:02', 'valid-lft': 3600, expire: 1900003600, hostname: 'fine' }],
];

/** Runs `commands` against a fresh Kea, then reloads; returns the CSV path and both views. */
export async function keaWrites(commands, dir) {
  const kea = findKea();
  const leaseFile = path.join(dir, 'kea-leases4.csv');
  const first = await startKea4({ dir, leaseFile, kea });
  try {
    for (const [command, args] of commands) {
      const answer = await first.command(command, args);
      if (answer.result !== 0) throw new Error(`${command} ${JSON.stringify(args)}: ${JSON.stringify(answer)}`);
    }
    const before = await keaLeases(first);
    await first.stop();
    const second = await startKea4({ dir, leaseFile, kea });
    const afterReload = await keaLeases(second);
    await second.stop();
    // Each row Kea discards on load is one DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR.
    const rowErrorsOnReload = second.log().split('DHCPSRV_MEMFILE_LEASE_LOAD_ROW_ERROR').length - 1;
    return { leaseFile, before, afterReload, rowErrorsOnReload, version: keaVersion(kea.dhcp4) };
  } finally {
    await first.stop();
  }
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(root, 'test/fixtures/leases') } } });
  const kea = findKea();
  if (!kea.dhcp4 || !kea.leaseCmds) throw new Error('install kea-dhcp4-server (kea-dhcp4 and the lease_cmds hook)');
  mkdirSync(values.out, { recursive: true });
  for (const [name, commands] of [['written', FIXTURE_COMMANDS], ['control-chars', CONTROL_CHARS_COMMANDS]]) {
    // Kea keeps the lease file's name (and its .1/.2 neighbours) in the state it leaves; a
    // directory per run keeps the runs apart.
    const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-kea-fixture-'));
    try {
      const run = await keaWrites(commands, dir);
      const base = path.join(values.out, `kea-${run.version}-${name}`);
      copyFileSync(run.leaseFile, `${base}.csv`);
      const doc = { kea: run.version, commands, rowErrorsOnReload: run.rowErrorsOnReload, before: run.before, afterReload: run.afterReload };
      writeFileSync(`${base}.json`, `${JSON.stringify(doc, null, 2)}\n`);
      console.log(`wrote ${path.relative(root, base)}.csv and .json (${run.before.length} leases, ${run.afterReload.length} after reload)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
