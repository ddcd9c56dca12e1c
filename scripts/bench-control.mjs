// npm run bench:control — the control channel under a large configuration, gitdhcp against
// Kea 2.2 in the same run on the same machine: both serve 10 000 subnets (a /24 with a pool
// each) and 100 000 leases loaded from the same memfile (Kea's schema 2.1 header, which both
// read), with no DHCP interfaces, and answer Kea's commands on a UNIX control socket (one
// command per connection, as Kea's protocol has it). For each server:
//   - version-get, 1 000 times in a row: median and 99th percentile latency;
//   - statistic-get-all, config-get and lease4-get-all: median of 5 (3 for lease4-get-all), size;
//   - paging through every lease with lease4-get-page (limit 1 000), as gitdhcp leases does;
//   - how long a version-get waits while statistic-get-all runs (the longest stall of the
//     server's event loop that a command causes; DHCP packets wait as long).
// Results: bench/results/control-<date>.json, and a table with the ratio gitdhcp / Kea.
// Needs kea-dhcp4-server (Debian) and the built gitdhcp (npm run build).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findKea, keaVersion, startKea4 } from './kea4-lab.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GITDHCP = path.join(ROOT, 'dist/main.js');
const SUBNETS = 10_000;
const LEASES = 100_000;

/** One command over a UNIX socket; resolves with the answer's byte length and parsed result. */
function command(socket, name, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const conn = net.createConnection(socket, () => conn.end(JSON.stringify(args === undefined ? { command: name } : { command: name, arguments: args })));
    const chunks = [];
    conn.on('data', (d) => chunks.push(d));
    conn.on('error', reject);
    conn.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        resolve({ ms: performance.now() - started, bytes: body.length, answer: JSON.parse(body.toString('latin1')) });
      } catch (err) {
        reject(new Error(`${name}: ${err.message}: ${body.subarray(0, 200)}`));
      }
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const round = (x) => Math.round(x * 10) / 10;

function subnets() {
  return Array.from({ length: SUBNETS }, (_, i) => {
    const id = i + 1;
    const net3 = `10.${id >> 8}.${id & 255}`;
    return { id, subnet: `${net3}.0/24`, pools: [{ pool: `${net3}.10 - ${net3}.250` }] };
  });
}

/** LEASES leases over the first subnets, 200 per subnet, valid for a day from now. */
function leaseFile(file) {
  const expire = Math.floor(Date.now() / 1000) + 86_400;
  const rows = ['address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context'];
  for (let i = 0; i < LEASES; i++) {
    const id = Math.floor(i / 200) + 1;
    const host = 10 + (i % 200);
    const mac = [0x0a, (i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255, 1].map((b) => b.toString(16).padStart(2, '0')).join(':');
    rows.push(`10.${id >> 8}.${id & 255}.${host},${mac},,86400,${expire},${id},0,0,host-${i},0,`);
  }
  writeFileSync(file, `${rows.join('\n')}\n`);
}

async function startGitdhcp(dir, leases) {
  const socket = path.join(dir, 'gitdhcp4.sock');
  const config = path.join(dir, 'gitdhcp4.json');
  writeFileSync(config, JSON.stringify({
    Dhcp4: {
      'interfaces-config': { interfaces: [] },
      'control-sockets': [{ 'socket-type': 'unix', 'socket-name': socket }],
      'lease-database': { type: 'memfile', name: leases, 'lfc-interval': 0 },
      'expired-leases-processing': { 'reclaim-timer-wait-time': 0, 'flush-reclaimed-timer-wait-time': 0 },
      subnet4: subnets(),
      loggers: [{ name: 'kea-dhcp4', severity: 'WARN', output_options: [{ output: 'stdout' }] }],
    },
  }));
  const child = spawn(process.execPath, [GITDHCP, 'serve', '-c', config, '--data-dir', dir, '--control-socket', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (const deadline = Date.now() + 60_000; ;) {
    if (child.exitCode !== null) throw new Error(`gitdhcp exited at start: ${out}`);
    if (await command(socket, 'version-get').then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error(`gitdhcp did not open ${socket}: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { socket, pid: child.pid, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

async function measure(name, socket) {
  const result = { server: name };
  const version = [];
  for (let i = 0; i < 1000; i++) version.push((await command(socket, 'version-get')).ms);
  result.versionGetMs = { median: round(median(version)), p99: round(pct(version, 0.99)) };
  for (const [cmd, runs] of [['statistic-get-all', 5], ['config-get', 5], ['lease4-get-all', 3]]) {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const r = await command(socket, cmd);
      if (r.answer.result !== 0) throw new Error(`${name} ${cmd}: ${JSON.stringify(r.answer).slice(0, 300)}`);
      times.push(r.ms);
      bytes = r.bytes;
    }
    result[cmd] = { medianMs: round(median(times)), bytes };
  }
  let from = 'start';
  let pages = 0;
  let leases = 0;
  const paging = performance.now();
  for (;;) {
    const r = await command(socket, 'lease4-get-page', { from, limit: 1000 });
    if (r.answer.result === 3) break;
    if (r.answer.result !== 0) throw new Error(`${name} lease4-get-page: ${JSON.stringify(r.answer).slice(0, 300)}`);
    const page = r.answer.arguments.leases;
    pages++;
    leases += page.length;
    from = page[page.length - 1]['ip-address'];
  }
  result.pageThroughLeases = { totalMs: round(performance.now() - paging), pages, leases };
  // A version-get sent 20 ms after statistic-get-all: how long it waits.
  const stalls = [];
  for (let i = 0; i < 5; i++) {
    const big = command(socket, 'statistic-get-all');
    await new Promise((r) => setTimeout(r, 20));
    stalls.push((await command(socket, 'version-get')).ms);
    await big;
  }
  result.versionGetDuringStatisticGetAllMs = { median: round(median(stalls)), max: round(Math.max(...stalls)) };
  return result;
}

async function main() {
  const kea = findKea();
  if (!kea.dhcp4 || !kea.leaseCmds) throw new Error('bench:control needs kea-dhcp4 and its lease_cmds hook (apt-get install kea-dhcp4-server)');
  const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-bench-control-'));
  try {
    leaseFile(path.join(dir, 'kea-leases4.csv'));
    leaseFile(path.join(dir, 'gitdhcp-leases4.csv'));
    console.log(`${SUBNETS} subnets, ${LEASES} leases; starting Kea ${keaVersion(kea.dhcp4)} and gitdhcp`);
    const keaServer = await startKea4({ dir, leaseFile: path.join(dir, 'kea-leases4.csv'), subnets: subnets() });
    const ours = await startGitdhcp(dir, path.join(dir, 'gitdhcp-leases4.csv'));
    const results = [];
    try {
      results.push(await measure('kea', keaServer.socket));
      results.push(await measure('gitdhcp', ours.socket));
    } finally {
      await ours.stop();
      await keaServer.stop();
    }
    const [k, g] = results;
    const rows = [
      ['version-get median ms', k.versionGetMs.median, g.versionGetMs.median],
      ['version-get p99 ms', k.versionGetMs.p99, g.versionGetMs.p99],
      ['statistic-get-all ms', k['statistic-get-all'].medianMs, g['statistic-get-all'].medianMs],
      ['statistic-get-all MB', k['statistic-get-all'].bytes / 1e6, g['statistic-get-all'].bytes / 1e6],
      ['config-get ms', k['config-get'].medianMs, g['config-get'].medianMs],
      ['lease4-get-all ms', k['lease4-get-all'].medianMs, g['lease4-get-all'].medianMs],
      ['page through all leases ms', k.pageThroughLeases.totalMs, g.pageThroughLeases.totalMs],
      ['version-get during statistic-get-all ms (max)', k.versionGetDuringStatisticGetAllMs.max, g.versionGetDuringStatisticGetAllMs.max],
    ];
    console.log(`\n${'measurement'.padEnd(48)}${'Kea'.padStart(10)}${'gitdhcp'.padStart(10)}${'ratio'.padStart(8)}`);
    for (const [label, a, b] of rows) console.log(`${label.padEnd(48)}${String(round(a)).padStart(10)}${String(round(b)).padStart(10)}${(b / a).toFixed(2).padStart(8)}`);
    const date = new Date().toISOString().slice(0, 10);
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    const file = path.join(ROOT, 'bench/results', `control-${date}.json`);
    writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, kea: keaVersion(kea.dhcp4), subnets: SUBNETS, leases: LEASES, results }, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(ROOT, file)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
