#!/usr/bin/env node
// Benchmark: loading a Kea DHCPv4 lease file of N leases (default 1 000 000) into
// MemfileLeaseStore4, measured in a fresh process: wall time of open() and the resident set size
// after it (and the peak). Also times a lease file cleanup of that file, with the longest
// event-loop stall it caused (the packet path waits that long at worst) and the peak RSS.
//
//   node scripts/bench-lease-load.mjs [--leases 1000000] [--runs 3] [--keep]
//
// Builds dist/ first (tsc -p tsconfig.build.json). The file mixes what real sites have: every
// lease has a MAC, 80% a client id (01 + MAC), 60% a hostname, 5% a user context with relay
// info, 2% are declined, one row in 20 is a later update of an earlier lease and one in 100 a
// delete. Prints a table and writes bench/results/lease-load-<date>.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { once } from 'node:events';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    leases: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    child: { type: 'string' },
    lfc: { type: 'boolean', default: false },
  },
});

if (values.child !== undefined) {
  // Child: load the file, report time and memory as JSON on stdout.
  const { MemfileLeaseStore4 } = await import(pathToFileURL(path.join(root, 'dist/lease/index.js')).href);
  const t0 = performance.now();
  let issues = 0;
  const store = await MemfileLeaseStore4.open(values.child, { lfcIntervalSec: 0, onLoadIssue: () => issues++ });
  const loadMs = performance.now() - t0;
  const loadPeakMB = process.resourceUsage().maxRSS / 1024;
  global.gc?.();
  const rssMB = process.memoryUsage().rss / 2 ** 20;
  const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
  let lfcMs = null;
  let lfcMaxStallMs = null;
  let lfcPeakMB = null;
  if (values.lfc) {
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const t1 = performance.now();
    const outcome = await store.lfc();
    if (!outcome.ok) throw outcome.error;
    lfcMs = performance.now() - t1;
    delay.disable();
    lfcMaxStallMs = delay.max / 1e6;
    lfcPeakMB = process.resourceUsage().maxRSS / 1024;
  }
  const leases = store.count();
  await store.close();
  process.stdout.write(JSON.stringify({ loadMs, rssMB, heapMB, loadPeakMB, leases, issues, lfcMs, lfcMaxStallMs, lfcPeakMB }));
  process.exit(0);
}

const n = Number(values.leases);
const runs = Number(values.runs);

const hex = (b) => b.toString(16).padStart(2, '0');
const mac = (i) => ['02', hex((i >>> 24) & 255), hex((i >>> 16) & 255), hex((i >>> 8) & 255), hex(i & 255), '5a'].join(':');
const ip = (i) => `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;

async function generate(file) {
  const out = createWriteStream(file);
  out.write('address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id\n');
  const base = 1_800_000_000;
  let chunk = '';
  const row = (i, valid, state) => {
    const declined = state === 1;
    const hw = declined ? '' : mac(i);
    const cid = !declined && i % 5 !== 0 ? `01:${mac(i)}` : '';
    const host = !declined && i % 5 < 3 ? `host-${i.toString(36)}.example.org` : '';
    const ctx = !declined && i % 20 === 7 ? `{ "ISC": { "relay-agent-info": { "remote-id": "${hex(i & 255)}:01:02"&#x2c "sub-options": "0x0104AABBCCDD" } } }` : '';
    return `${ip(i)},${hw},${cid},${valid},${base + (i % 86400) + valid},${1 + (i % 200)},${host ? 1 : 0},${host ? 1 : 0},${host},${state},${ctx},0\n`;
  };
  for (let i = 0; i < n; i++) {
    chunk += row(i, 3600, i % 50 === 3 ? 1 : 0);
    if (i % 20 === 19) chunk += row(i - 10, 7200, 0);
    if (i % 100 === 99) chunk += row(i - 50, 0, 0);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

console.log('building dist/ ...');
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-bench-lease-'));
const file = path.join(dir, 'kea-leases4.csv');
console.log(`generating ${n} leases ...`);
await generate(file);
const sizeMB = statSync(file).size / 2 ** 20;

const results = [];
for (let r = 0; r < runs; r++) {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', file, ...(r === runs - 1 ? ['--lfc'] : [])], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  results.push(JSON.parse(child.stdout));
}
const median = (key) => results.map((x) => x[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
const summary = {
  date: new Date().toISOString(),
  host: hostname(),
  cpu: cpus()[0]?.model,
  node: process.version,
  leasesGenerated: n,
  fileMB: Number(sizeMB.toFixed(1)),
  leasesLoaded: results[0].leases,
  rowErrors: results[0].issues,
  loadMsMedian: Math.round(median('loadMs')),
  rssMBMedian: Math.round(median('rssMB')),
  heapMBMedian: Math.round(median('heapMB')),
  loadPeakRssMBMax: Math.round(Math.max(...results.map((x) => x.loadPeakMB))),
  lfcMs: Math.round(results[results.length - 1].lfcMs),
  lfcMaxStallMs: Math.round(results[results.length - 1].lfcMaxStallMs),
  lfcPeakRssMB: Math.round(results[results.length - 1].lfcPeakMB),
  runs: results,
};
console.table([{
  leases: summary.leasesLoaded, 'file MB': summary.fileMB, 'load ms (median)': summary.loadMsMedian, 'RSS MB after load': summary.rssMBMedian,
  'peak RSS MB (load)': summary.loadPeakRssMBMax, 'LFC ms': summary.lfcMs, 'LFC max stall ms': summary.lfcMaxStallMs, 'peak RSS MB (LFC)': summary.lfcPeakRssMB,
}]);
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const out = path.join(root, `bench/results/lease-load-${summary.date.slice(0, 10)}.json`);
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
console.log(`wrote ${path.relative(root, out)}`);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${file}`);
