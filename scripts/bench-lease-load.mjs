#!/usr/bin/env node
// Benchmark: a Kea DHCPv4 lease file of N leases (default 1 000 000) in gitdhcp's lease store,
// and its cleanup against Kea's kea-lfc on the same file.
//
//   node scripts/bench-lease-load.mjs [--leases 1000000] [--runs 3] [--subnets 200] [--keep]
//
// - load: MemfileLeaseStore4.open() in a fresh process, its wall time and the resident set size
//   after it (after a GC) and at its peak; median of --runs.
// - in-server cleanup (last run): store.lfc() on the loaded store, as the running server does it
//   (rotate, write the table's snapshot in slices), with the longest event-loop stall it caused
//   (the packet path waits that long at worst) and the peak RSS.
// - standalone cleanup, the same job as kea-lfc: the file as `<name>.1`, read, merged and written
//   to `<name>.output`, renamed to `<name>.2`. gitdhcp's compactLeaseFiles4 in a node process
//   (no yielding) and kea-lfc -4 (Debian: kea-common), each under /usr/bin/time: wall time of the
//   whole process and its peak RSS. kea-lfc is skipped, with a note, when it is not installed.
//
// Builds dist/ first (tsc -p tsconfig.build.json). The file mixes what real sites have: every
// lease has a MAC, 80% a client id (01 + MAC), 60% a hostname, 5% a user context with relay
// info, 2% are declined, one row in 20 is a later update of an earlier lease and one in 100 a
// delete; subnet ids 1..--subnets. Prints a table and writes bench/results/lease-load-<date>.json.
// scripts/bench-dhcp4.mjs imports generateLeaseFile, measureLeaseLoad and measureCleanup.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { once } from 'node:events';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === self;

const hex = (b) => b.toString(16).padStart(2, '0');
const mac = (i) => ['02', hex((i >>> 24) & 255), hex((i >>> 16) & 255), hex((i >>> 8) & 255), hex(i & 255), '5a'].join(':');
const ip = (i) => `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Writes a Kea 3.0-schema lease file of `n` leases (10.0.0.0 upwards, so 10.0.0.0/12 holds a
 * million), subnet ids 1..`subnets`, expiring in 2027.
 */
export async function generateLeaseFile(file, n, { subnets = 200 } = {}) {
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
    return `${ip(i)},${hw},${cid},${valid},${base + (i % 86400) + valid},${1 + (i % subnets)},${host ? 1 : 0},${host ? 1 : 0},${host},${state},${ctx},0\n`;
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
  return { file, leasesGenerated: n, fileMB: Number((statSync(file).size / 2 ** 20).toFixed(1)) };
}

/** Child: load `file` into MemfileLeaseStore4 (then store.lfc() with `lfc`); JSON on stdout. */
async function childLoad(file, lfc) {
  const { MemfileLeaseStore4 } = await import(pathToFileURL(path.join(root, 'dist/lease/index.js')).href);
  const t0 = performance.now();
  let issues = 0;
  const store = await MemfileLeaseStore4.open(file, { lfcIntervalSec: 0, onLoadIssue: () => issues++ });
  const loadMs = performance.now() - t0;
  const loadPeakMB = process.resourceUsage().maxRSS / 1024;
  global.gc?.();
  const rssMB = process.memoryUsage().rss / 2 ** 20;
  const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
  let lfcMs = null;
  let lfcMaxStallMs = null;
  let lfcPeakMB = null;
  if (lfc) {
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
  return { loadMs, rssMB, heapMB, loadPeakMB, leases, issues, lfcMs, lfcMaxStallMs, lfcPeakMB };
}

/** Child: kea-lfc's job with compactLeaseFiles4 on `<base>.1`; JSON on stdout. */
async function childCompact(base) {
  const { compactLeaseFiles4, lfcFiles4 } = await import(pathToFileURL(path.join(root, 'dist/lease/index.js')).href);
  const t0 = performance.now();
  const result = await compactLeaseFiles4(lfcFiles4(base), { schema: '3.0', fsync: false, yieldAfterMs: 0 });
  return { inProcessMs: performance.now() - t0, leases: result.leases, rows: result.rows, rowErrors: result.rowErrors };
}

/** Runs `cmd args` under /usr/bin/time: { status, output, wallMs, peakRssMB }. */
function timed(cmd, args, env) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', cmd, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const m = /TIME ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/TIME [\d.]+ \d+\s*$/, ''), wallMs: m ? Number(m[1]) * 1000 : null, peakRssMB: m ? Math.round(Number(m[2]) / 1024) : null };
}

/**
 * Loads `file` in `runs` fresh processes (the last one also runs store.lfc()). Needs dist/.
 * @returns medians and every run
 */
export function measureLeaseLoad(file, { runs = 3 } = {}) {
  const results = [];
  for (let r = 0; r < runs; r++) {
    // The cleanup rotates the file it runs on (it becomes .2 and a fresh, empty file takes its
    // place): that run works on a copy, so `file` stays whole for the next measurement.
    const isLfcRun = r === runs - 1;
    const dir = isLfcRun ? mkdtempSync(path.join(path.dirname(file), 'lfc-run-')) : null;
    const target = isLfcRun ? path.join(dir, path.basename(file)) : file;
    if (isLfcRun) copyFileSync(file, target);
    try {
      const child = spawnSync(process.execPath, ['--expose-gc', self, '--child', target, ...(isLfcRun ? ['--lfc'] : [])], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`lease load child failed: ${child.stderr}`);
      results.push(JSON.parse(child.stdout));
    } finally {
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    }
  }
  const last = results[results.length - 1];
  return {
    leasesLoaded: results[0].leases,
    rowErrors: results[0].issues,
    loadMsMedian: Math.round(median(results.map((x) => x.loadMs))),
    rssMBMedian: Math.round(median(results.map((x) => x.rssMB))),
    heapMBMedian: Math.round(median(results.map((x) => x.heapMB))),
    loadPeakRssMBMax: Math.round(Math.max(...results.map((x) => x.loadPeakMB))),
    lfcMs: Math.round(last.lfcMs),
    lfcMaxStallMs: Math.round(last.lfcMaxStallMs),
    lfcPeakRssMB: Math.round(last.lfcPeakMB),
    runs: results,
  };
}

/**
 * kea-lfc's job on `file` by gitdhcp (compactLeaseFiles4) and by `keaLfc` (a path, or null to
 * skip it), each on its own copy in `dir`; `runs` times each, median wall time reported.
 */
export function measureCleanup(file, dir, { keaLfc, runs = 1 } = {}) {
  const one = (impl, r) => {
    const sub = path.join(dir, `cleanup-${impl}-${r}`);
    mkdirSync(sub, { recursive: true });
    const base = path.join(sub, 'leases4.csv');
    copyFileSync(file, `${base}.1`);
    const env = { KEA_LOCKFILE_DIR: sub, KEA_PIDFILE_DIR: sub };
    const t = impl === 'kea-lfc'
      ? timed(keaLfc, ['-4', '-x', `${base}.2`, '-i', `${base}.1`, '-o', `${base}.output`, '-f', `${base}.completed`, '-p', `${base}.pid`, '-c', 'ignored-path'], env)
      : timed(process.execPath, [self, '--compact', base], env);
    if (t.status !== 0) throw new Error(`${impl} failed (${t.status}): ${t.stderr.slice(-2000)}`);
    const rows = (name) => readFileSync(name, 'utf8').split('\n').length - 2; // header, final newline
    const out = { leasesWritten: rows(`${base}.2`), wallMs: t.wallMs, peakRssMB: t.peakRssMB, outputMB: Number((statSync(`${base}.2`).size / 2 ** 20).toFixed(1)) };
    if (impl === 'gitdhcp') Object.assign(out, JSON.parse(t.stdout));
    rmSync(sub, { recursive: true, force: true });
    return out;
  };
  const result = {};
  for (const impl of keaLfc ? ['gitdhcp', 'kea-lfc'] : ['gitdhcp']) {
    const all = Array.from({ length: runs }, (_, r) => one(impl, r));
    result[impl] = { wallMsMedian: Math.round(median(all.map((x) => x.wallMs))), peakRssMBMax: Math.max(...all.map((x) => x.peakRssMB)), runs: all };
  }
  if (!keaLfc) result.note = 'kea-lfc not installed (Debian: kea-common): gitdhcp only';
  else {
    result.ratio = Number((result.gitdhcp.wallMsMedian / result['kea-lfc'].wallMsMedian).toFixed(3));
    // Both must have written the same leases, or the times compare different work.
    result.sameLeasesWritten = result.gitdhcp.runs[0].leasesWritten === result['kea-lfc'].runs[0].leasesWritten;
  }
  return result;
}

async function main() {
  const { values } = parseArgs({
    options: {
      leases: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      subnets: { type: 'string', default: '200' },
      keep: { type: 'boolean', default: false },
      child: { type: 'string' },
      lfc: { type: 'boolean', default: false },
      compact: { type: 'string' },
    },
  });
  if (values.child !== undefined) {
    process.stdout.write(JSON.stringify(await childLoad(values.child, values.lfc)));
    process.exit(0);
  }
  if (values.compact !== undefined) {
    process.stdout.write(JSON.stringify(await childCompact(values.compact)));
    process.exit(0);
  }
  const n = Number(values.leases);
  console.log('building dist/ ...');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-bench-lease-'));
  const file = path.join(dir, 'kea-leases4.csv');
  console.log(`generating ${n} leases ...`);
  const generated = await generateLeaseFile(file, n, { subnets: Number(values.subnets) });
  const load = measureLeaseLoad(file, { runs: Number(values.runs) });
  const keaLfc = spawnSync('sh', ['-c', 'command -v kea-lfc || ls /usr/sbin/kea-lfc 2>/dev/null'], { encoding: 'utf8' }).stdout.trim().split('\n')[0] || null;
  const cleanup = measureCleanup(file, dir, { keaLfc });
  const summary = { date: new Date().toISOString(), host: hostname(), cpu: cpus()[0]?.model, node: process.version, ...generated, file: undefined, ...load, cleanup };
  console.table([{
    leases: summary.leasesLoaded, 'file MB': summary.fileMB, 'load ms (median)': summary.loadMsMedian, 'RSS MB after load': summary.rssMBMedian,
    'peak RSS MB (load)': summary.loadPeakRssMBMax, 'LFC ms': summary.lfcMs, 'LFC max stall ms': summary.lfcMaxStallMs, 'peak RSS MB (LFC)': summary.lfcPeakRssMB,
    'cleanup ms gitdhcp': cleanup.gitdhcp.wallMsMedian, 'cleanup ms kea-lfc': cleanup['kea-lfc']?.wallMsMedian ?? null,
  }]);
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  const out = path.join(root, `bench/results/lease-load-${summary.date.slice(0, 10)}.json`);
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, out)}`);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${file}`);
}

if (isMain) await main();
