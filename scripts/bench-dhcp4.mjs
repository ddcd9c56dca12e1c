#!/usr/bin/env node
// Benchmark: DHCPv4 DORA throughput and latency of gitdhcp against Kea 2.2 (kea-dhcp4) on the
// same machine, in the same run, with the same configuration, driven by ISC perfdhcp.
//
//   npm run bench [-- --seconds 5 --rates 1000,2000,4000,max --servers kea,gitdhcp]
//
// Needs root (network namespaces), iproute2, kea-dhcp4 (Debian: kea-dhcp4-server), perfdhcp
// (Debian: kea-admin) and a built dist/ (npm run build); it says which is missing. Not run in CI.
//
// Topology: namespace srv (eth0 10.0.0.1/12) ⟷ veth ⟷ namespace cli (eth0 10.0.0.2/12).
// perfdhcp always acts as a relay (giaddr = its -l address, replies unicast to giaddr:67).
// Config: one subnet 10.0.0.0/12 with a pool of about a million addresses, memfile leases
// (persisted, no LFC), loggers at WARN (Kea logs every lease at INFO) on stdout into a file.
// Each step starts each server afresh on an empty lease file, waits until it answers a DORA,
// then runs perfdhcp for --seconds:
//   - a rate (e.g. 2000): `-r RATE`, RATE×seconds distinct clients, then up to 2 s for the last
//     answers. Drops here mean the server fell behind.
//   - max: no -r, perfdhcp sends as fast as it can from 100 000 clients for --seconds; the rate
//     is completed DORAs per second and drops are expected (offered load ≫ capacity).
// Per server and step: completed DORA/s, drops, latency (perfdhcp's DISCOVER→OFFER and
// REQUEST→ACK delays), the server's CPU seconds and peak RSS, the load average around the step;
// per step the ratio gitdhcp/Kea. perfdhcp shares the machine with the server: on a small
// machine the max step measures both, and DORA per server CPU second is the steadier number.
// Prints a table and writes bench/results/dhcp4-<date>.json.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findPerfdhcp, perfdhcpVersion, runPerfdhcp } from './perfdhcp-lab.mjs';
import { benchNamespaces, which } from './bench-netns.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rates: { type: 'string', default: '1000,2000,4000,max' },
    servers: { type: 'string', default: 'kea,gitdhcp' },
    'log-severity': { type: 'string', default: 'WARN' },
    keep: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const steps = values.rates.split(',').map((s) => s.trim()).filter(Boolean);
const servers = values.servers.split(',').map((s) => s.trim()).filter(Boolean);
const GITDHCP = path.join(root, 'dist/main.js');
const SERVER = '10.0.0.1';
const CLIENT = '10.0.0.2';
const MAX_CLIENTS = 100_000;

// ---- preconditions: say what is missing, then stop ----------------------------------------
const keaDhcp4 = which('kea-dhcp4');
const perfdhcp = findPerfdhcp();
const missing = [];
if (process.getuid?.() !== 0) missing.push('root (network namespaces): run as root, e.g. sudo npm run bench');
if (spawnSync('ip', ['-V']).status !== 0) missing.push('iproute2 (the ip command)');
if (perfdhcp === null) missing.push('perfdhcp (Debian: apt-get install kea-admin)');
if (servers.includes('kea') && keaDhcp4 === null) missing.push('kea-dhcp4 (Debian: apt-get install kea-dhcp4-server), or pass --servers gitdhcp');
if (servers.includes('gitdhcp') && !existsSync(GITDHCP)) missing.push('dist/main.js: run npm run build first');
if (!Number.isFinite(seconds) || seconds <= 0) missing.push(`--seconds ${values.seconds}: a positive number`);
for (const s of steps) if (s !== 'max' && !(Number(s) > 0)) missing.push(`--rates: ${s} is neither a positive number nor max`);
for (const s of servers) if (s !== 'kea' && s !== 'gitdhcp') missing.push(`--servers: ${s} is neither kea nor gitdhcp`);
if (missing.length > 0) {
  console.error(`bench-dhcp4 cannot run; it needs:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
  process.exit(2);
}

// ---- namespaces ------------------------------------------------------------------------------
const work = mkdtempSync(path.join(tmpdir(), 'gitdhcp-bench-dhcp4-'));
/** Namespaces srv and cli, made just before the measurements start. */
let NS;

// ---- servers -----------------------------------------------------------------------------------
function dhcp4Config(dir) {
  return {
    Dhcp4: {
      'interfaces-config': { interfaces: ['eth0'] },
      'lease-database': { type: 'memfile', name: path.join(dir, 'leases4.csv'), 'lfc-interval': 0 },
      'valid-lifetime': 7200,
      subnet4: [{ id: 1, subnet: '10.0.0.0/12', pools: [{ pool: '10.0.1.0 - 10.15.255.254' }] }],
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: 'stdout' }], severity: values['log-severity'] }],
    },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hex = (byte) => byte.toString(16).padStart(2, '0');
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU seconds of `pid` (/proc/PID/stat fields 14 and 15). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Peak resident set size of `pid` in MB (VmHWM). */
function peakRssMB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

/** Starts `impl` on a fresh directory; resolves once it has answered one DORA. */
async function startServer(impl) {
  const dir = mkdtempSync(path.join(work, `${impl}-`));
  const configFile = path.join(dir, 'dhcp4.json');
  writeFileSync(configFile, JSON.stringify(dhcp4Config(dir), null, 2));
  const logFile = path.join(dir, 'server.log');
  const logFd = openSync(logFile, 'w');
  const env = { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: 'stdout' };
  // GITDHCP_NODE_ARGS: extra node flags for gitdhcp, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a step.
  const nodeArgs = (process.env.GITDHCP_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const cmd = impl === 'kea' ? [keaDhcp4, '-c', configFile] : [process.execPath, ...nodeArgs, GITDHCP, 'serve', '-c', configFile, '--control-socket', 'off'];
  // `ip netns exec` execs the command: the child's pid is the server's.
  const child = spawn('ip', ['netns', 'exec', NS.srv, ...cmd], { env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exit = null;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exit = { code, signal }))));
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const server = {
    impl, dir, pid: child.pid, log,
    async stop() {
      if (exit === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      return exit;
    },
  };
  const deadline = Date.now() + 20_000;
  for (let i = 0; ; i++) {
    if (exit !== null) throw new Error(`${impl} exited (${JSON.stringify(exit)}) at start:\n${log().slice(-3000)}`);
    const mac = `02:00:00:00:${hex((i >> 8) & 255)}:${hex(i & 255)}`; // never one of the measured clients
    const probe = await runPerfdhcp(NS.cli, ['-4', '-l', CLIENT, '-r', '10', '-R', '1', '-b', `mac=${mac}`, '-n', '1', '-n', '1', '-W', '300000', '-d', '0.3', SERVER], { perfdhcp, timeoutMs: 5000 });
    if (probe.code === 0) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${impl} did not answer a DORA within 20 s:\n${log().slice(-3000)}\n${probe.stdout.slice(-1000)}${probe.stderr}`);
    }
    await sleep(100);
  }
}

// ---- one measurement ---------------------------------------------------------------------------
function perfdhcpArgs(step) {
  const common = ['-4', '-l', CLIENT, '-b', 'mac=00:0c:00:00:00:00'];
  if (step === 'max') return [...common, '-R', String(MAX_CLIENTS), '-p', String(seconds), SERVER];
  const n = Math.round(Number(step) * seconds);
  return [...common, '-r', step, '-R', String(n), '-n', String(n), '-n', String(n), '-p', String(seconds + 10), '-W', '2000000', SERVER];
}

const round = (x, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

async function measure(impl, step) {
  let server;
  try {
    server = await startServer(impl);
  } catch (err) {
    return { error: err.message };
  }
  try {
    const load0 = loadavg()[0];
    const cpu0 = cpuSeconds(server.pid);
    const out = await runPerfdhcp(NS.cli, perfdhcpArgs(step), { perfdhcp, timeoutMs: (seconds + 30) * 1000 });
    const cpu = cpuSeconds(server.pid) - cpu0;
    const rss = peakRssMB(server.pid);
    const r = out.report;
    const dox = r.exchanges['DISCOVER-OFFER'] ?? {};
    const rax = r.exchanges['REQUEST-ACK'] ?? {};
    if (out.code !== 0 && out.code !== 3) return { error: `perfdhcp exited ${out.code}: ${out.stderr.trim() || out.stdout.slice(-2000)}` };
    const completed = rax.received ?? 0;
    const started = dox.sent ?? 0;
    return {
      // Completed DORAs per second of sending. perfdhcp's own rate divides by its whole run,
      // which includes the up-to-2 s wait for late answers once some were lost.
      doraPerSec: round(completed / seconds, 1),
      perfdhcpRate: round(r.rate, 1),
      targetPerSec: r.expectedRate,
      discoversSent: started,
      offers: dox.received,
      requestsSent: rax.sent,
      acks: completed,
      drops: (dox.drops ?? 0) + (rax.drops ?? 0),
      incompletePct: started > 0 ? round((100 * (started - completed)) / started, 2) : null,
      orphans: (dox.orphans ?? 0) + (rax.orphans ?? 0),
      latencyMs: {
        offer: { min: dox.minDelayMs, avg: dox.avgDelayMs, max: dox.maxDelayMs, std: dox.stdDeviationMs },
        ack: { min: rax.minDelayMs, avg: rax.avgDelayMs, max: rax.maxDelayMs, std: rax.stdDeviationMs },
        doraAvg: round((dox.avgDelayMs ?? NaN) + (rax.avgDelayMs ?? NaN)),
      },
      serverCpuSec: round(cpu, 2),
      doraPerCpuSec: cpu > 0 ? round(completed / cpu, 0) : null,
      serverPeakRssMB: rss,
      perfdhcpExit: out.code,
      // The machine's 1-minute load average before and after: other work running skews a step.
      loadAvg: [round(load0, 2), round(loadavg()[0], 2)],
    };
  } finally {
    const exit = await server.stop();
    if (exit && exit.code !== 0 && exit.signal !== 'SIGTERM') console.error(`${impl} exited ${JSON.stringify(exit)}:\n${server.log().slice(-2000)}`);
  }
}

// ---- main --------------------------------------------------------------------------------------
NS = benchNamespaces('gdbench', { server: SERVER, client: CLIENT, work, keep: values.keep });
const gitRev = spawnSync('git', ['-C', root, 'describe', '--always', '--dirty'], { encoding: 'utf8' }).stdout.trim() || null;
const versions = {
  kea: keaDhcp4 ? spawnSync(keaDhcp4, ['-v'], { encoding: 'utf8' }).stdout.trim() : null,
  gitdhcp: `${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version} (${gitRev})`,
  perfdhcp: perfdhcpVersion(perfdhcp),
};
console.log(`bench-dhcp4: ${servers.join(' vs ')}, steps ${steps.join(', ')}, ${seconds} s each; kea ${versions.kea}, gitdhcp ${versions.gitdhcp}, perfdhcp ${versions.perfdhcp}`);

const results = [];
for (const step of steps) {
  const row = { step, servers: {} };
  for (const impl of servers) {
    process.stdout.write(`  ${step} ${impl} ... `);
    row.servers[impl] = await measure(impl, step);
    const m = row.servers[impl];
    console.log(m.error ? `error: ${m.error.split('\n')[0]}` : `${m.doraPerSec} DORA/s, ${m.incompletePct}% incomplete, DORA latency ${m.latencyMs.doraAvg} ms`);
  }
  const g = row.servers.gitdhcp;
  const k = row.servers.kea;
  if (g && k && !g.error && !k.error) {
    row.ratio = {
      doraPerSec: k.doraPerSec ? round(g.doraPerSec / k.doraPerSec) : null,
      doraPerCpuSec: k.doraPerCpuSec && g.doraPerCpuSec ? round(g.doraPerCpuSec / k.doraPerCpuSec) : null,
      doraLatency: k.latencyMs.doraAvg ? round(g.latencyMs.doraAvg / k.latencyMs.doraAvg) : null,
    };
  }
  results.push(row);
}

const summary = {
  date: new Date().toISOString(),
  machine: { hostname: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model, kernel: release(), node: process.version },
  versions,
  method: {
    seconds,
    steps,
    topology: 'perfdhcp in its own network namespace, veth to the server namespace; perfdhcp relays (giaddr = 10.0.0.2)',
    config: dhcp4Config('<dir>').Dhcp4,
    notes: 'fresh server and empty lease file per step; Kea 2.2 defaults (multi-threading off); perfdhcp shares the CPUs with the server',
  },
  results,
};
console.table(results.flatMap((r) => servers.map((impl) => {
  const m = r.servers[impl];
  return m.error
    ? { step: r.step, server: impl, 'DORA/s': 'error' }
    : { step: r.step, server: impl, 'DORA/s': m.doraPerSec, 'incomplete %': m.incompletePct, 'DORA ms (avg)': m.latencyMs.doraAvg, 'server CPU s': m.serverCpuSec, 'DORA/CPU s': m.doraPerCpuSec, 'peak RSS MB': m.serverPeakRssMB, 'ratio g/k': impl === 'gitdhcp' ? r.ratio?.doraPerSec ?? null : null };
})));
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const out = path.join(root, `bench/results/dhcp4-${summary.date.slice(0, 10)}.json`);
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
console.log(`wrote ${path.relative(root, out)}`);
if (values.keep) console.log(`kept ${work}`);
