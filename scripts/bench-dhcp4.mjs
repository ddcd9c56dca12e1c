#!/usr/bin/env node
// Benchmark: DHCPv4 DORA capacity, latency, CPU and memory of gitdhcp against Kea 2.2
// (kea-dhcp4) in the same run, on the same configuration, driven by ISC perfdhcp (issue #7).
//
//   npm run bench [-- OPTIONS]                         (as root; about 20-25 min on 2 vCPUs)
//
//   --rates LIST     the rate sweep, DORA/s (default 1000,2000,3000,4000,5000,6000,7000,8000,
//                    10000,12000,14000,16000); each server stops at the first rate whose median
//                    run loses more than --loss-limit
//   --fixed LIST     efficiency rates (default 2000,4000): CPU per 1 000 exchanges; taken from
//                    the sweep, measured apart only when the sweep stopped below them
//   --seconds N      seconds of sending per run (default 10)
//   --runs N         runs per point (default 3); the median run is reported
//   --clients N      distinct clients, perfdhcp -R (default 100000)
//   --loss-limit P   percent of exchanges lost that ends a server's sweep (default 1)
//   --servers LIST   kea,gitdhcp (default both)
//   --leases LIST    lease-store sizes for memory and startup (default 100000,1000000; the
//                    largest also for the cleanup); "none" skips that part
//   --latency MODE   pcap (default): delay percentiles from a tcpdump capture; none: only
//                    perfdhcp's min/avg/max
//   --log-severity S the servers' logger severity (default WARN; Kea logs every lease at INFO)
//   --out DIR        where the JSON goes (default bench/results)
//   --no-install     do not apt-get what is missing, only say what it is
//   --keep           keep the work directory (configs, logs, captures)
//   GITDHCP_NODE_ARGS  extra node flags for the gitdhcp server, e.g.
//                    "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile every run
//
// Needs root. Missing programs are installed from Debian (kea-dhcp4-server, kea-admin for
// perfdhcp, kea-common for kea-lfc, tcpdump, time); dist/ must be built (npm run build).
//
// Method. Namespace srv (eth0 10.0.0.1/12) ⟷ veth ⟷ namespace cli (eth0 10.0.0.2/12). The server
// runs under `taskset -c 0`, perfdhcp and tcpdump under `taskset -c 1` (checked in
// /proc/PID/status Cpus_allowed_list and recorded). perfdhcp always relays (giaddr 10.0.0.2).
// Both servers read one Kea config: subnet 10.0.0.0/12, pool 10.0.1.0-10.15.255.254 (~1M
// addresses), memfile with persist: true and no LFC, valid-lifetime 7200. Each run starts the
// server afresh on an empty lease file, waits for it to answer one DORA, then:
//   perfdhcp -4 -l 10.0.0.2 -r RATE -R CLIENTS -n RATE×SECONDS -n RATE×SECONDS -p SECONDS+10
//            -W 2000000 10.0.0.1   (full DORA; up to 2 s for late answers; drop time 1 s)
// loss % = (DISCOVERs sent − ACKs received) / DISCOVERs sent, from perfdhcp's report. perfdhcp
// 2.2 reports min/avg/max/std delay per exchange type only; `-x t` would list every exchange's
// timestamps, but archiving them slows perfdhcp until it loses exchanges itself, so delay
// percentiles come from a tcpdump capture of the client's veth (scripts/bench-dhcp4-pcap.mjs):
// DORA = the client's DISCOVER to its ACK on the wire (p50, p99). The capture also shows what the
// server left unanswered, telling server loss from perfdhcp's own (perfdhcp needs most of one
// core above ~7 000 DORA/s). Server CPU = utime+stime from /proc/PID/stat over the perfdhcp run;
// peak RSS = VmHWM. Median run = middle of the runs sorted by loss, then DORA p99.
// Lease store: files from scripts/bench-lease-load.mjs (subnet id 1); each server started on a
// copy (time to the first DORA answered, VmRSS then, minus VmRSS with an empty file), gitdhcp's
// in-process load, and the cleanup of the largest file against kea-lfc.
// Prints Markdown tables for the README and writes <out>/dhcp4-<date>.json with every run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { perfdhcpVersion } from './perfdhcp-lab.mjs';
import { benchNamespaces } from './bench-netns.mjs';
import { CLIENT, CLIENT_CPU, SERVER, SERVER_CPU, cpuSeconds, dhcp4Config, ensurePrograms, procStatus, runPerfdhcpPinned, startServer } from './bench-dhcp4-lab.mjs';
import { exchangeDelays, startCapture } from './bench-dhcp4-pcap.mjs';
import { generateLeaseFile, measureCleanup, measureLeaseLoad } from './bench-lease-load.mjs';
import { markdownTables } from './bench-dhcp4-report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '1000,2000,3000,4000,5000,6000,7000,8000,10000,12000,14000,16000' },
    fixed: { type: 'string', default: '2000,4000' },
    seconds: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    clients: { type: 'string', default: '100000' },
    'loss-limit': { type: 'string', default: '1' },
    servers: { type: 'string', default: 'kea,gitdhcp' },
    leases: { type: 'string', default: '100000,1000000' },
    latency: { type: 'string', default: 'pcap' },
    'log-severity': { type: 'string', default: 'WARN' },
    out: { type: 'string', default: path.join(root, 'bench/results') },
    'no-install': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
const seconds = Number(values.seconds);
const runs = Number(values.runs);
const clients = Number(values.clients);
const lossLimit = Number(values['loss-limit']);
const rates = list(values.rates).map(Number);
const fixedRates = list(values.fixed).map(Number);
const servers = list(values.servers);
const leaseSizes = values.leases === 'none' ? [] : list(values.leases).map(Number);
const GITDHCP = path.join(root, 'dist/main.js');
const nodeArgs = (process.env.GITDHCP_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
const started = Date.now();

// ---- preconditions: install or say what is missing, then stop -------------------------------
const problems = [];
if (process.getuid?.() !== 0) problems.push('root (network namespaces, apt-get): run as root, e.g. sudo npm run bench');
if (spawnSync('ip', ['-V']).status !== 0) problems.push('iproute2 (the ip command)');
if (cpus().length < 2) problems.push(`two CPUs (server on CPU ${SERVER_CPU}, perfdhcp on CPU ${CLIENT_CPU}); this machine has ${cpus().length}`);
if (servers.includes('gitdhcp') && !existsSync(GITDHCP)) problems.push('dist/main.js: run npm run build first');
for (const [name, v] of [['--seconds', seconds], ['--runs', runs], ['--clients', clients], ['--loss-limit', lossLimit]]) if (!(v > 0)) problems.push(`${name}: a positive number`);
for (const r of [...rates, ...fixedRates, ...leaseSizes]) if (!(r > 0)) problems.push(`--rates, --fixed, --leases: ${r} is not a positive number`);
for (const s of servers) if (s !== 'kea' && s !== 'gitdhcp') problems.push(`--servers: ${s} is neither kea nor gitdhcp`);
if (!['pcap', 'none'].includes(values.latency)) problems.push(`--latency ${values.latency}: pcap or none`);
const { paths: programs, installed, problems: missing } = problems.length === 0 ? ensurePrograms({ install: !values['no-install'] }) : { paths: {}, installed: [], problems: [] };
problems.push(...missing.filter((m) => servers.includes('kea') || !m.startsWith('kea-dhcp4')));
if (problems.length > 0) {
  console.error(`bench-dhcp4 cannot run; it needs:\n${problems.map((m) => `  - ${m}`).join('\n')}`);
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), 'gitdhcp-bench-dhcp4-'));
const ns = benchNamespaces('gdbench', { server: SERVER, client: CLIENT, work, keep: values.keep });
const lab = { ns, work, programs, logSeverity: values['log-severity'], nodeArgs, gitdhcpMain: GITDHCP };
const round = (x, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- one run at one rate ------------------------------------------------------------------------
async function measureRun(impl, rate, runIndex) {
  let server;
  try {
    server = await startServer(impl, lab);
  } catch (err) {
    return { error: err.message };
  }
  const pcapFile = path.join(work, `${impl}-${rate}-${runIndex}.pcap`);
  let capture = null;
  try {
    if (values.latency === 'pcap') capture = await startCapture({ ns: ns.cli, iface: 'eth0', cpu: CLIENT_CPU, file: pcapFile });
    const n = String(Math.round(rate * seconds));
    const args = ['-4', '-l', CLIENT, '-b', 'mac=00:0c:00:00:00:00', '-r', String(rate), '-R', String(clients), '-n', n, '-n', n, '-p', String(seconds + 10), '-W', '2000000', SERVER];
    const cpu0 = cpuSeconds(server.pid);
    const out = await runPerfdhcpPinned(ns.cli, programs.perfdhcp, args, { timeoutMs: (seconds + 30) * 1000 });
    const cpu = cpuSeconds(server.pid) - cpu0;
    const status = procStatus(server.pid);
    const wire = capture ? { ...(await capture.stop()), ...exchangeDelays(pcapFile) } : null;
    capture = null;
    if (wire && !values.keep) rmSync(pcapFile); // up to ~150 MB a run
    if (out.code !== 0 && out.code !== 3) return { error: `perfdhcp exited ${out.code}: ${out.stderr.trim() || out.stdout.slice(-2000)}` };
    const dox = out.report.exchanges['DISCOVER-OFFER'] ?? {};
    const rax = out.report.exchanges['REQUEST-ACK'] ?? {};
    const sent = dox.sent ?? 0;
    const acks = rax.received ?? 0;
    return {
      lossPct: sent > 0 ? round((100 * (sent - acks)) / sent, 2) : null,
      discoversSent: sent, offers: dox.received, requestsSent: rax.sent, acks,
      perfdhcpRate: round(out.report.rate, 1),
      perfdhcpDelayMs: {
        discoverOffer: { min: dox.minDelayMs, avg: dox.avgDelayMs, max: dox.maxDelayMs, std: dox.stdDeviationMs },
        requestAck: { min: rax.minDelayMs, avg: rax.avgDelayMs, max: rax.maxDelayMs, std: rax.stdDeviationMs },
      },
      wire: wire && {
        ...wire,
        // What the server itself left unanswered, as a share of the DISCOVERs it was sent.
        serverUnansweredPct: wire.discoversSeen > 0 ? round((100 * (wire.unansweredDiscovers + wire.unansweredRequests)) / wire.discoversSeen, 2) : null,
      },
      doraP50Ms: wire?.dora.p50Ms ?? null,
      doraP99Ms: wire?.dora.p99Ms ?? null,
      serverCpuSec: round(cpu, 2),
      serverCpuPct: round((100 * cpu) / seconds, 1),
      cpuMsPer1000: acks > 0 ? round((cpu * 1e6) / acks, 1) : null,
      serverPeakRssMB: status.peakRssMB,
      serverStartMs: server.startMs,
      pinned: { server: server.cpusAllowed, perfdhcp: out.pinned },
      perfdhcpExit: out.code,
    };
  } finally {
    if (capture) await capture.stop();
    const exit = await server.stop();
    if (exit && exit.code !== 0 && exit.signal !== 'SIGTERM') console.error(`${impl} exited ${JSON.stringify(exit)}:\n${server.log().slice(-2000)}`);
  }
}

/** The middle run by loss, then DORA p99 (runs with errors sort last). */
function medianRun(all) {
  const ok = all.filter((r) => !r.error);
  if (ok.length === 0) return all[0];
  const sorted = [...ok].sort((a, b) => a.lossPct - b.lossPct || (a.doraP99Ms ?? 0) - (b.doraP99Ms ?? 0));
  return sorted[Math.floor((all.length - 1) / 2)] ?? sorted[sorted.length - 1];
}

async function measurePoint(impls, rate) {
  const point = Object.fromEntries(impls.map((impl) => [impl, []]));
  // Runs interleave the servers so that a slow phase of the machine hits both.
  for (let r = 0; r < runs; r++) {
    for (const impl of impls) {
      const m = await measureRun(impl, rate, r);
      point[impl].push(m);
      console.log(`  ${String(rate).padStart(6)}/s run ${r + 1} ${impl.padEnd(7)} ${m.error ? `error: ${m.error.split('\n')[0]}` : `loss ${m.lossPct} %, DORA p50 ${m.doraP50Ms} ms p99 ${m.doraP99Ms} ms, CPU ${m.serverCpuPct} % (${m.cpuMsPer1000} ms/1000), server unanswered ${m.wire?.serverUnansweredPct ?? '?'} %`}`);
    }
  }
  return Object.fromEntries(impls.map((impl) => [impl, { median: medianRun(point[impl]), runs: point[impl] }]));
}

// ---- main ---------------------------------------------------------------------------------------
const gitRev = spawnSync('git', ['-C', root, 'describe', '--always', '--dirty'], { encoding: 'utf8' }).stdout.trim() || null;
const versions = {
  kea: programs['kea-dhcp4'] ? spawnSync(programs['kea-dhcp4'], ['-v'], { encoding: 'utf8' }).stdout.trim() : null,
  gitdhcp: `${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version} (${gitRev})`,
  perfdhcp: perfdhcpVersion(programs.perfdhcp),
  node: process.version,
  tcpdump: spawnSync('tcpdump', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0],
};
console.log(`bench-dhcp4: ${servers.join(' vs ')}; sweep ${rates.join(', ')} DORA/s, ${runs} × ${seconds} s per point, ${clients} clients; kea ${versions.kea}, gitdhcp ${versions.gitdhcp}, perfdhcp ${versions.perfdhcp}`);

// 1. The sweep: each server until its median run loses more than the limit.
const sweep = [];
let active = [...servers];
for (const rate of rates) {
  if (active.length === 0) break;
  const point = { rate, servers: await measurePoint(active, rate) };
  sweep.push(point);
  active = active.filter((impl) => !(point.servers[impl].median.error || point.servers[impl].median.lossPct >= lossLimit));
}
// 2. Fixed rates the sweep did not reach for a server.
const fixed = [];
for (const rate of fixedRates) {
  const row = { rate, servers: {} };
  const fromSweep = sweep.find((p) => p.rate === rate);
  const todo = servers.filter((impl) => !fromSweep?.servers[impl]);
  for (const impl of servers) if (fromSweep?.servers[impl]) row.servers[impl] = { ...fromSweep.servers[impl], fromSweep: true };
  if (todo.length > 0) Object.assign(row.servers, await measurePoint(todo, rate));
  fixed.push(row);
}
const sweepEnd = Date.now();

// 3. Lease store: memory and startup per size, gitdhcp's in-process load, cleanup against kea-lfc.
const leaseStore = { sizes: [] };
if (leaseSizes.length > 0) {
  const startOn = async (impl, file) => {
    const all = [];
    for (let r = 0; r < runs; r++) {
      const server = await startServer(impl, { ...lab, leaseFile: file });
      all.push({ startMs: server.startMs, ...procStatus(server.pid) });
      await server.stop();
    }
    return { startMsMedian: median(all.map((x) => x.startMs)), rssMBMedian: median(all.map((x) => x.rssMB)), runs: all };
  };
  const empty = {};
  for (const impl of servers) empty[impl] = await startOn(impl, null);
  leaseStore.emptyFile = empty;
  for (const n of leaseSizes) {
    const file = path.join(work, `leases-${n}.csv`);
    console.log(`lease store: ${n} leases ...`);
    const generated = await generateLeaseFile(file, n, { subnets: 1 });
    const size = { leases: n, fileMB: generated.fileMB, servers: {} };
    for (const impl of servers) {
      const s = await startOn(impl, file);
      size.servers[impl] = { ...s, rssMBForLeases: s.rssMBMedian - empty[impl].rssMBMedian };
      console.log(`  ${impl}: started in ${s.startMsMedian} ms, RSS ${s.rssMBMedian} MB (+${size.servers[impl].rssMBForLeases} MB)`);
    }
    size.gitdhcpInProcess = measureLeaseLoad(file, { runs });
    if (n === Math.max(...leaseSizes)) {
      leaseStore.cleanup = { leases: n, ...measureCleanup(file, work, { keaLfc: programs['kea-lfc'], runs }) };
      console.log(`  cleanup: gitdhcp ${leaseStore.cleanup.gitdhcp.wallMsMedian} ms, kea-lfc ${leaseStore.cleanup['kea-lfc']?.wallMsMedian ?? '-'} ms`);
    }
    leaseStore.sizes.push(size);
  }
}

const summary = {
  date: new Date().toISOString(),
  machine: { hostname: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: round(totalmem() / 2 ** 30, 1), kernel: release() },
  versions,
  installedPackages: installed,
  method: {
    seconds, runs, clients, lossLimitPct: lossLimit, rates, fixedRates, latency: values.latency,
    cpus: { server: SERVER_CPU, perfdhcpAndTcpdump: CLIENT_CPU },
    gitdhcpNodeArgs: nodeArgs,
    topology: 'perfdhcp in namespace cli, veth to namespace srv; perfdhcp relays (giaddr 10.0.0.2)',
    config: dhcp4Config('<dir>/leases4.csv', values['log-severity']).Dhcp4,
    perfdhcp: `perfdhcp -4 -l ${CLIENT} -b mac=00:0c:00:00:00:00 -r RATE -R ${clients} -n RATE*${seconds} -n RATE*${seconds} -p ${seconds + 10} -W 2000000 ${SERVER}`,
    notes: [
      'fresh server and empty lease file per run; Kea 2.2 defaults otherwise (multi-threading off)',
      'loss % = (DISCOVERs sent - ACKs received) / DISCOVERs sent, perfdhcp report; a server stops at the first rate whose median run loses >= the limit',
      'DORA delay = client DISCOVER to its ACK on the client side of the veth (tcpdump, kernel timestamps); perfdhcp 2.2 itself reports min/avg/max/std per exchange',
      'median run = middle run by loss, then DORA p99; CPU = utime+stime of the server over the perfdhcp run; peak RSS = VmHWM',
    ],
  },
  durationSec: { sweep: Math.round((sweepEnd - started) / 1000), total: Math.round((Date.now() - started) / 1000) },
  sweep,
  fixed,
  leaseStore,
};
console.log(`\n${markdownTables(summary)}`);
mkdirSync(values.out, { recursive: true });
const out = path.join(values.out, `dhcp4-${summary.date.slice(0, 10)}.json`);
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)} (${summary.durationSec.total} s)`);
if (values.keep) console.log(`kept ${work}`);
