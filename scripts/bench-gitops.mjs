#!/usr/bin/env node
// Benchmark: the GitOps reconciler of `gitdhcp serve --repo` (issue 5), three numbers:
//
//   commit    commit → serving through the webhook: a commit to the remote changes the subnet's
//             domain-name, the webhook is POSTed, and a loopback prober sends a relayed DISCOVER
//             every --every-ms until an OFFER carries the new value. Median, p95, min, max over
//             --commits commits, with the reconciler's own timings from status.json.
//   apply     a --subnets (10 000) subnet revision applied under perfdhcp load (--rate DORA/s,
//             about half of gitdhcp's one-subnet capacity, for --seconds): perfdhcp's drops
//             without an apply and with a commit + webhook landing in the middle; the same
//             against Kea 2.2 with a SIGHUP reload of the changed file in the middle. Drops and
//             their difference, where they were lost, the servers' own statistics (over their
//             control sockets) and, for gitdhcp, the prober's view from the middle on: the
//             longest gaps between its OFFERs are the times the server held up packets.
//   rollback  a commit whose user check (--check-command check.sh) fails: the time from the
//             health failure (GITOPS_HEALTH_FAILED in the server's log) to the first OFFER that
//             carries the old revision's value again, seen by the same prober; --rollbacks times.
//
// Each commit waits until the previous pass has ended (its status.json history entry), which
// includes gitdhcp's watch window (10 s by default, --watch): the commit phase takes about
// --commits × 10 s. Where perfdhcp's drops were lost is told by the UDP counters of each
// namespace (the server's socket buffer, no socket bound, or perfdhcp's own socket buffer).
//
//   npm run bench:gitops [-- --only commit,apply,rollback --commits 20 --rollbacks 5
//                            --rate 1400 --seconds 20 --subnets 10000 --servers kea,gitdhcp
//                            --every-ms 5 --watch 10s --output FILE --keep --server-node-args=--trace-gc]
//
// Needs root (network namespaces), iproute2, git, perfdhcp and kea-dhcp4 (for apply) and a
// built dist/ (npm run build); it says which is missing. Not run in CI. A benchmark: it reports
// numbers and asserts nothing.
//
// Everything runs in private namespaces, so nothing here meets the host's port 67 (where the
// black-box tests' probes go): namespace srv (lo, eth0 10.0.0.1/12) ⟷ veth ⟷ namespace cli
// (eth0 10.0.0.2/12), as in bench-dhcp4.mjs. The script re-runs itself inside srv (the
// "worker"): the servers, the prober and the webhook calls share its loopback; perfdhcp runs in
// cli and relays (giaddr 10.0.0.2). This process only checks, builds and removes the namespaces.
//
// Servers: `node dist/main.js serve --repo REMOTE --branch main --path gitdhcp.yaml --interval
// 1h --webhook 127.0.0.1:9477 --webhook-secret-file F --probe P --health-timeout 2s` (a long
// interval: only the webhook fetches), the remote a temporary non-bare repository; kea-dhcp4 -c
// FILE. Configurations: memfile leases (persist, no LFC) in the temporary directory, loggers at
// WARN on stdout into a file (Kea also logs kea-dhcp4.dhcp4 at INFO, for its reload's timing).
// Prints tables and writes bench/results/gitops-<date>.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { findPerfdhcp, perfdhcpVersion, runPerfdhcp } from './perfdhcp-lab.mjs';
import { benchNamespaces, which } from './bench-netns.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'commit,apply,rollback' },
    commits: { type: 'string', default: '20' },
    rollbacks: { type: 'string', default: '5' },
    rate: { type: 'string', default: '1400' },
    seconds: { type: 'string', default: '20' },
    subnets: { type: 'string', default: '10000' },
    servers: { type: 'string', default: 'kea,gitdhcp' },
    'every-ms': { type: 'string', default: '5' },
    // Passed to gitdhcp serve --watch only when given; gitdhcp's default window is 10s.
    watch: { type: 'string' },
    'log-severity': { type: 'string', default: 'WARN' },
    keep: { type: 'boolean', default: false },
    output: { type: 'string' },
    // Extra node flags for the gitdhcp server, to diagnose it (e.g. --trace-gc; its output lands in server.log, see --keep).
    'server-node-args': { type: 'string', default: '' },
  },
});
const phases = values.only.split(',').map((s) => s.trim()).filter(Boolean);
const servers = values.servers.split(',').map((s) => s.trim()).filter(Boolean);
const commits = Number(values.commits);
const rollbacks = Number(values.rollbacks);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const subnetCount = Number(values.subnets);
const everyMs = Number(values['every-ms']);
const GITDHCP = path.join(root, 'dist/main.js');
const SERVER = '10.0.0.1';
const CLIENT = '10.0.0.2';
const WEBHOOK_PORT = 9477;
const worker = process.env.GDBENCH_GITOPS_WORKER === undefined ? undefined : JSON.parse(process.env.GDBENCH_GITOPS_WORKER);

const keaDhcp4 = which('kea-dhcp4');
const perfdhcp = findPerfdhcp();

if (worker === undefined) {
  // ---- preconditions: say what is missing, then stop ----------------------------------------
  const isApply = phases.includes('apply');
  const missing = [];
  if (process.getuid?.() !== 0) missing.push('root (network namespaces, port 67): run as root, e.g. sudo npm run bench:gitops');
  if (spawnSync('ip', ['-V']).status !== 0) missing.push('iproute2 (the ip command)');
  if (spawnSync('git', ['--version']).status !== 0) missing.push('git');
  if (isApply && perfdhcp === null) missing.push('perfdhcp (Debian: apt-get install kea-admin), or leave out apply: --only commit,rollback');
  if (isApply && servers.includes('kea') && keaDhcp4 === null) missing.push('kea-dhcp4 (Debian: apt-get install kea-dhcp4-server), or pass --servers gitdhcp');
  for (const f of ['dist/main.js', 'dist/codec/index.js', 'dist/net/index.js']) if (!existsSync(path.join(root, f))) missing.push(`${f}: run npm run build first`);
  for (const p of phases) if (!['commit', 'apply', 'rollback'].includes(p)) missing.push(`--only: ${p} is none of commit, apply, rollback`);
  for (const s of servers) if (s !== 'kea' && s !== 'gitdhcp') missing.push(`--servers: ${s} is neither kea nor gitdhcp`);
  const positive = { commits, rollbacks, rate, seconds, 'every-ms': everyMs };
  for (const [k, v] of Object.entries(positive)) if (!(v > 0)) missing.push(`--${k} ${values[k]}: a positive number`);
  if (!(Number.isInteger(subnetCount) && subnetCount >= 1 && subnetCount <= 10_000)) missing.push(`--subnets ${values.subnets}: a whole number from 1 to 10000`);
  if (rate * seconds > 1_000_000) missing.push('--rate × --seconds: at most 1 000 000 clients (the size of perfdhcp\'s pool)');
  if (missing.length > 0) {
    console.error(`bench-gitops cannot run; it needs:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
    process.exit(2);
  }

  // ---- namespaces, then the worker inside srv ------------------------------------------------
  const work = mkdtempSync(path.join(tmpdir(), 'gitdhcp-bench-gitops-'));
  const NS = benchNamespaces('gdgitops', { server: SERVER, client: CLIENT, work, keep: values.keep });
  const child = spawn('ip', ['netns', 'exec', NS.srv, process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, GDBENCH_GITOPS_WORKER: JSON.stringify({ ns: NS, work }) },
  });
  const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 130 : 1))));
  if (values.keep) console.log(`kept ${work}`);
  process.exit(code);
}

// ================================ the worker, inside namespace srv ================================
const { stringify: toYaml } = await import('yaml');
const lib = await import('./bench-gitops-lib.mjs');
const { Prober, calibrate, commitFiles, counterDelta, cpuSeconds, dhcp4Config, git, headOf, initRepo, jsonLines, keaLogLines, packetStats, peakRssMB, postWebhook,
  readStatus, OtherCpu, round, sleep, startProcess, stealSeconds, summarize, udpCounters, waitFor, waitHistory, wallMs } = lib;
const { ns: NS, work } = worker;
// On a signal, exit through the 'exit' handlers: the lib kills the servers it started (the parent
// also kills whatever is left in the namespaces).
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));
const severity = values['log-severity'];
/** A unique tag per run, so a domain-name value is never one an earlier run served. */
const TAG = Date.now().toString(36);
const LO_SUBNET = { subnet: '192.0.2.0/24', pool: '192.0.2.10 - 192.0.2.200', router: '192.0.2.1' };
/** perfdhcp's relay subnet (it contains giaddr 10.0.0.2), with a pool of about a million. */
const PERF_SUBNET = { subnet: '10.0.0.0/12', pool: '10.0.1.0 - 10.15.255.254', router: '10.0.0.1' };
const hex = (byte) => byte.toString(16).padStart(2, '0');

/** The one-subnet YAML file of the commit and rollback phases (loopback only). */
const smallYaml = (domain) => toYaml(dhcp4Config({ count: 1, first: LO_SUBNET, interfaces: ['lo'], leaseName: 'leases4.csv', domain, severity }));

/**
 * Starts `gitdhcp serve --repo` on `remote` in `dir`; resolves once its first pass is over and
 * the webhook listens, with the time that took.
 */
async function startGitops(dir, remote, { probe, checkCommand }) {
  const state = path.join(dir, 'state');
  const data = path.join(dir, 'data');
  mkdirSync(data, { recursive: true });
  const secret = `bench-${TAG}-secret`;
  const secretFile = path.join(dir, 'webhook.secret');
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  const args = [GITDHCP, 'serve', '--repo', remote, '--branch', 'main', '--path', 'gitdhcp.yaml', '--interval', '1h',
    '--state-dir', state, '--data-dir', data, '--webhook', `127.0.0.1:${WEBHOOK_PORT}`, '--webhook-secret-file', secretFile,
    '--probe', probe, '--health-timeout', '2s',
    ...(values.watch !== undefined ? ['--watch', values.watch] : []), ...(checkCommand !== undefined ? ['--check-command', checkCommand] : [])];
  const t0 = wallMs();
  const nodeArgs = values['server-node-args'].split(' ').filter(Boolean);
  const proc = startProcess(process.execPath, [...nodeArgs, ...args], { logFile: path.join(dir, 'server.log') });
  try {
    await waitFor(() => {
      if (proc.exit !== null) throw new Error(`gitdhcp exited (${JSON.stringify(proc.exit)}) at start:\n${proc.log().slice(-3000)}`);
      return jsonLines(proc.log()).some((l) => l.code === 'GITOPS_WEBHOOK_LISTENING');
    }, 180_000, 'gitdhcp serve --repo to apply its first revision and listen for the webhook', 50);
    const head = await headOf(remote);
    const status = readStatus(state);
    if (status?.lastApplied !== head) throw new Error(`the first revision ${head.slice(0, 12)} is not serving: ${JSON.stringify(status?.history?.at(-1))}\n${proc.log().slice(-3000)}`);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return Object.assign(proc, { state, secret, startMs: round(wallMs() - t0), args: args.slice(1) });
}

/** The pino lines of the server's log with this `code` and `revision`. */
const logLine = (proc, code, revision) => jsonLines(proc.log()).find((l) => l.code === code && (revision === undefined || l.revision === revision));

/** Runs of consecutive OFFERs with the same domain-name: [name, first ms, last ms after t0, count]. */
function timeline(offers, t0, names) {
  const runs = [];
  for (const o of offers) {
    const name = names[o.domain] ?? o.domain;
    const last = runs.at(-1);
    if (last !== undefined && last[0] === name) {
      last[2] = round(o.at - t0);
      last[3]++;
    } else {
      runs.push([name, round(o.at - t0), round(o.at - t0), 1]);
    }
  }
  return runs;
}

/** Each timing key of the history entries (validate, apply, health, ...) summarized. */
function timingSummary(entries) {
  const keys = [...new Set(entries.flatMap((e) => Object.keys(e?.timingsMs ?? {})))];
  return Object.fromEntries(keys.map((k) => [k, summarize(entries.map((e) => e?.timingsMs?.[k] ?? null))]));
}

// ---- 1. commit → serving ------------------------------------------------------------------------
async function benchCommit() {
  const dir = mkdtempSync(path.join(work, 'commit-'));
  const remote = path.join(dir, 'remote');
  await initRepo(remote);
  const domainOf = (i) => `c${i}-${TAG}.bench.example`;
  await commitFiles(remote, { 'gitdhcp.yaml': smallYaml(domainOf(0)) }, 'revision 0');
  const server = await startGitops(dir, remote, { probe: 'all' });
  const prober = await Prober.open();
  const network = LO_SUBNET.subnet.split('/')[0];
  const rows = [];
  try {
    if ((await prober.until(network, (o) => o.domain === domainOf(0), { everyMs, timeoutMs: 5000 })) === null) {
      throw new Error(`the prober got no OFFER with ${domainOf(0)} from the first revision:\n${server.log().slice(-2000)}`);
    }
    for (let i = 1; i <= commits; i++) {
      const domain = domainOf(i);
      calibrate();
      await commitFiles(remote, { 'gitdhcp.yaml': smallYaml(domain) }, `revision ${i}: domain-name ${domain}`);
      const t0 = wallMs();
      const seen = prober.until(network, (o) => o.domain === domain, { everyMs, timeoutMs: 30_000 });
      const hookStatus = await postWebhook(WEBHOOK_PORT, server.secret);
      const hookMs = wallMs() - t0;
      const revision = await headOf(remote);
      const offer = await seen;
      const entry = await waitHistory(server.state, revision);
      const received = jsonLines(server.log()).find((l) => l.code === 'GITOPS_WEBHOOK' && l.time >= Math.floor(t0));
      const commitToOfferMs = offer === null ? null : round(offer.at - t0);
      const webhookReceivedMs = received ? round(received.time - t0) : null;
      const row = {
        commit: i, revision: revision.slice(0, 12), webhookStatus: hookStatus, webhookMs: round(hookMs), webhookReceivedMs, commitToOfferMs,
        // What the timings leave: git fetch (a git process against the remote) and rev-parse, the plan, the prober's period.
        fetchAndRestMs: commitToOfferMs === null || webhookReceivedMs === null ? null
          : round(commitToOfferMs - webhookReceivedMs - (entry.timingsMs.validate ?? 0) - (entry.timingsMs.apply ?? 0)),
        outcome: entry.outcome, timingsMs: entry.timingsMs,
      };
      rows.push(row);
      console.log(`  commit ${i}/${commits}: ${row.commitToOfferMs ?? 'never'} ms to the first OFFER with ${domain} (${entry.outcome}; ${Object.entries(entry.timingsMs).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    }
  } finally {
    prober.close();
    await server.stop();
  }
  return {
    commitToOfferMs: summarize(rows.map((r) => r.commitToOfferMs)),
    neverServed: rows.filter((r) => r.commitToOfferMs === null).length,
    webhookReceivedMs: summarize(rows.map((r) => r.webhookReceivedMs)),
    fetchAndRestMs: summarize(rows.map((r) => r.fetchAndRestMs)),
    reconcilerTimingsMs: timingSummary(rows),
    outcomes: Object.fromEntries([...new Set(rows.map((r) => r.outcome))].map((o) => [o, rows.filter((r) => r.outcome === o).length])),
    serverStartMs: server.startMs,
    command: `node dist/main.js ${server.args.join(' ')}`,
    commits: rows,
  };
}

// ---- 3. failing health check → the old revision serving again -----------------------------------
async function benchRollback() {
  const dir = mkdtempSync(path.join(work, 'rollback-'));
  const remote = path.join(dir, 'remote');
  await initRepo(remote);
  const good = `good-${TAG}.bench.example`;
  const passing = '#!/bin/sh\n# user health check of the benchmark: this revision passes\nexit 0\n';
  const failing = '#!/bin/sh\n# user health check of the benchmark: this revision is marked failing\necho "bench-gitops: revision marked failing" >&2\nexit 1\n';
  await commitFiles(remote, { 'gitdhcp.yaml': smallYaml(good), 'check.sh': passing }, 'good revision');
  const healthy = await headOf(remote);
  const server = await startGitops(dir, remote, { probe: 'all', checkCommand: 'check.sh' });
  const prober = await Prober.open();
  const network = LO_SUBNET.subnet.split('/')[0];
  const rows = [];
  try {
    if ((await prober.until(network, (o) => o.domain === good, { everyMs, timeoutMs: 5000 })) === null) {
      throw new Error(`the prober got no OFFER with ${good} from the first revision:\n${server.log().slice(-2000)}`);
    }
    for (let i = 1; i <= rollbacks; i++) {
      const bad = `bad${i}-${TAG}.bench.example`;
      calibrate();
      await commitFiles(remote, { 'gitdhcp.yaml': smallYaml(bad), 'check.sh': failing }, `failing revision ${i}`);
      const t0 = wallMs();
      const offers = [];
      const stop = prober.watch(network, everyMs, (o) => offers.push(o));
      let entry;
      let failed;
      let rolledBack;
      try {
        await postWebhook(WEBHOOK_PORT, server.secret);
        const revision = await headOf(remote);
        entry = await waitHistory(server.state, revision);
        failed = await waitFor(() => logLine(server, 'GITOPS_HEALTH_FAILED', revision), 5000, 'GITOPS_HEALTH_FAILED in the log');
        rolledBack = await waitFor(() => logLine(server, 'GITOPS_ROLLED_BACK', revision), 5000, 'GITOPS_ROLLED_BACK in the log');
        // The pass is over: wait for an OFFER of the old revision that was read after it.
        const passEnd = wallMs();
        await waitFor(() => offers.some((o) => o.at > passEnd && o.domain === good), 5000, `an OFFER with ${good} after the rollback`, 5);
      } finally {
        stop();
      }
      // status.json is written atomically (write, fsync, rename): its mtime is the write, its
      // ctime the rename (ext4 sets it), so ctime − mtime is about how long the fsync took.
      const st = statSync(path.join(server.state, 'status.json'), { bigint: true });
      const statusWrite = { writtenMs: round(Number(st.mtimeNs / 1000n) / 1000 - t0), renamedMs: round(Number(st.ctimeNs / 1000n) / 1000 - t0) };
      const firstBad = offers.find((o) => o.domain === bad);
      const lastBad = offers.findLast((o) => o.domain === bad);
      const goodAgain = offers.find((o) => o.domain === good && o.at > failed.time);
      const row = {
        attempt: i, revision: entry.revision.slice(0, 12), outcome: entry.outcome, reasons: entry.reasons,
        commitToBadOfferMs: firstBad ? round(firstBad.at - t0) : null,
        commitToHealthFailedMs: round(failed.time - t0),
        healthFailedToOldOfferMs: goodAgain ? round(goodAgain.at - failed.time) : null,
        healthFailedToRolledBackLogMs: round(rolledBack.time - failed.time),
        badServedForMs: firstBad && goodAgain ? round(goodAgain.at - firstBad.at) : null,
        lastBadOfferToOldOfferMs: lastBad && goodAgain ? round(goodAgain.at - lastBad.at) : null,
        timingsMs: entry.timingsMs,
        // What the prober saw, ms after the commit: runs of OFFERs with the same value.
        offerTimeline: timeline(offers, t0, { [good]: 'old', [bad]: 'failing' }),
        statusWrite,
        logTimeline: jsonLines(server.log()).filter((l) => l.time >= Math.floor(t0) && /^GITOPS_/.test(l.code)).map((l) => `${l.code} +${l.time - Math.floor(t0)}`),
      };
      rows.push(row);
      console.log(`  failing revision ${i}/${rollbacks}: ${row.healthFailedToOldOfferMs} ms from GITOPS_HEALTH_FAILED to an OFFER of the old revision (${entry.outcome}; ${Object.entries(entry.timingsMs).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    }
  } finally {
    prober.close();
    await server.stop();
  }
  const status = readStatus(server.state);
  return {
    healthFailedToOldOfferMs: summarize(rows.map((r) => r.healthFailedToOldOfferMs)),
    healthFailedToRolledBackLogMs: summarize(rows.map((r) => r.healthFailedToRolledBackLogMs)),
    commitToHealthFailedMs: summarize(rows.map((r) => r.commitToHealthFailedMs)),
    badServedForMs: summarize(rows.map((r) => r.badServedForMs)),
    reconcilerTimingsMs: timingSummary(rows),
    servingAtEnd: status?.lastApplied === healthy ? 'the healthy revision' : status?.lastApplied ?? null,
    quarantine: status?.quarantine?.length ?? null,
    command: `node dist/main.js ${server.args.join(' ')}`,
    attempts: rows,
  };
}

// ---- 2. a 10 000-subnet apply under load --------------------------------------------------------
function perfdhcpArgs(base, count) {
  return ['-4', '-l', CLIENT, '-b', `mac=${base}`, '-r', String(rate), '-R', String(count), '-n', String(count), '-n', String(count),
    '-p', String(seconds + 10), '-W', '2000000', '-t', '1', SERVER];
}

/** Resolves once the server in srv answers one DORA from perfdhcp (a client never measured). */
async function untilAnswering(proc, impl) {
  const deadline = Date.now() + 60_000;
  for (let i = 0; ; i++) {
    if (proc.exit !== null) throw new Error(`${impl} exited (${JSON.stringify(proc.exit)}) at start:\n${proc.log().slice(-3000)}`);
    const mac = `02:00:00:00:${hex((i >> 8) & 255)}:${hex(i & 255)}`;
    const probe = await runPerfdhcp(NS.cli, ['-4', '-l', CLIENT, '-r', '10', '-R', '1', '-b', `mac=${mac}`, '-n', '1', '-n', '1', '-W', '300000', '-d', '0.3', SERVER], { perfdhcp, timeoutMs: 5000 });
    if (probe.code === 0) return;
    if (Date.now() > deadline) throw new Error(`${impl} did not answer a DORA within 60 s:\n${proc.log().slice(-3000)}\n${probe.stdout.slice(-1000)}${probe.stderr}`);
    await sleep(100);
  }
}

/**
 * perfdhcp's periodic lines ("sent: 1400/1398; received: 1400/1398; drops: 0/0; ..."). Their
 * "drops" is sent − received at that moment (answers still in flight included), not a
 * cumulative count: a second where it jumps is a second where the server fell behind.
 */
function unansweredPerSecond(stdout) {
  const out = [];
  for (const line of stdout.split('\n')) {
    const m = /sent: \d+\/\d+; received: \d+\/\d+; drops: (\d+)\/(\d+)/.exec(line);
    if (m) out.push([Number(m[1]), Number(m[2])]);
  }
  return out;
}

function perfdhcpResult(out) {
  const r = out.report;
  const dox = r.exchanges['DISCOVER-OFFER'] ?? {};
  const rax = r.exchanges['REQUEST-ACK'] ?? {};
  if (out.code !== 0 && out.code !== 3) throw new Error(`perfdhcp exited ${out.code}: ${out.stderr.trim() || out.stdout.slice(-2000)}`);
  return {
    discoversSent: dox.sent, offers: dox.received, requestsSent: rax.sent, acks: rax.received,
    drops: { discoverOffer: dox.drops, requestAck: rax.drops, total: (dox.drops ?? 0) + (rax.drops ?? 0) },
    orphans: (dox.orphans ?? 0) + (rax.orphans ?? 0),
    doraPerSec: round((rax.received ?? 0) / seconds, 1),
    delayMs: { offerAvg: dox.avgDelayMs, offerMax: dox.maxDelayMs, ackAvg: rax.avgDelayMs, ackMax: rax.maxDelayMs },
    // [DISCOVER-OFFER, REQUEST-ACK] unanswered at the end of each second of the run (perfdhcp -t 1).
    unansweredPerSecond: unansweredPerSecond(out.stdout),
    perfdhcpExit: out.code,
  };
}

/**
 * The measured load on a running server: a 2 s warm-up at the same rate (other clients), a
 * second of rest, then perfdhcp for --seconds; `trigger()` runs at the middle when given. The
 * server's CPU, the load average and the UDP counters of both namespaces (RcvbufErrors: datagrams
 * the kernel dropped because a socket's buffer was full) are taken around the measured run.
 */
async function underLoad(proc, trigger, statsSocket) {
  const warm = Math.round(rate * 2);
  await runPerfdhcp(NS.cli, perfdhcpArgs('00:0d:00:00:00:00', warm).filter((a) => a !== '-t' && a !== '1'), { perfdhcp, timeoutMs: 60_000 });
  await sleep(1000);
  const udp0 = { srv: udpCounters(), cli: udpCounters(NS.cli) };
  const stats0 = await packetStats(statsSocket);
  // This process's own event-loop delay: a prober gap is the server's only when this stays small.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const cpu0 = cpuSeconds(proc.pid);
  const load0 = loadavg()[0];
  const steal0 = stealSeconds();
  const self0 = process.cpuUsage();
  const t0 = wallMs();
  const perf = runPerfdhcp(NS.cli, perfdhcpArgs('00:0c:00:00:00:00', Math.round(rate * seconds)), { perfdhcp, timeoutMs: (seconds + 60) * 1000 });
  // perfdhcp's CPU, read every second while it runs (it is the only process of namespace cli).
  let perfdhcpCpu = 0;
  let perfdhcpPid;
  const ours = new Set([process.pid, process.ppid, proc.pid]);
  const others = new OtherCpu((pid) => ours.has(pid) || pid === perfdhcpPid);
  const sampler = setInterval(() => {
    perfdhcpPid ??= Number(spawnSync('ip', ['netns', 'pids', NS.cli], { encoding: 'utf8' }).stdout.trim().split(/\s+/)[0]) || undefined;
    if (perfdhcpPid !== undefined) perfdhcpCpu = cpuSeconds(perfdhcpPid) ?? perfdhcpCpu;
    others.sample();
  }, 1000);
  let landing;
  if (trigger !== undefined) {
    await sleep((seconds * 1000) / 2);
    landing = { atSecond: round((wallMs() - t0) / 1000, 2), ...(await trigger()) };
  }
  const out = await perf;
  clearInterval(sampler);
  others.sample();
  const cpu = cpuSeconds(proc.pid) - cpu0;
  const self = process.cpuUsage(self0);
  const stats1 = await packetStats(statsSocket);
  loopDelay.disable();
  const completed = out.report.exchanges['REQUEST-ACK']?.received ?? 0;
  return {
    ...perfdhcpResult(out),
    ...(landing !== undefined ? { landing } : {}),
    serverCpuSec: round(cpu, 2), doraPerCpuSec: cpu > 0 ? Math.round(completed / cpu) : null, serverPeakRssMB: peakRssMB(proc.pid),
    udpCounters: { srv: counterDelta(udp0.srv, udpCounters()), cli: counterDelta(udp0.cli, udpCounters(NS.cli)) },
    // The server's own packet statistics over the measured run (statistic-get-all on its control socket).
    serverStats: stats0.error || stats1.error ? (stats0.error ?? stats1.error) : counterDelta(stats0, stats1),
    loadAvg: [round(load0, 2), round(loadavg()[0], 2)],
    // A virtual machine: CPU time the host gave to others during the run (both vCPUs), which slows the servers unevenly between runs.
    stealSec: round(stealSeconds() - steal0, 2),
    // CPU seconds over the run: the server, perfdhcp (its last reading, up to a second early),
    // this benchmark, and the machine's other processes (another engineer's build or tests),
    // which compete with the server for the two CPUs.
    cpuSec: {
      server: round(cpu, 2), perfdhcp: round(perfdhcpCpu, 2), bench: round((self.user + self.system) / 1e6, 2), others: round(others.seconds, 2),
      busiestOthers: Object.fromEntries([...others.byName].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([k, v]) => [k, round(v, 2)])),
    },
    benchLoopMaxDelayMs: round(loopDelay.max / 1e6),
    runStart: t0,
  };
}

/** The big configuration's domain-name: r0 at start, r1 in the revision applied under load. */
const bigDomain = (n) => `r${n}-${TAG}.bench.example`;
const bigConfig = (n, leaseName, extraLoggers) => dhcp4Config({ count: subnetCount, first: PERF_SUBNET, interfaces: ['eth0'], leaseName, domain: bigDomain(n), severity, extraLoggers });

/** One gitdhcp run: `isApply` lands a commit of the changed configuration in the middle. */
async function applyRunGitdhcp(isApply) {
  const dir = mkdtempSync(path.join(work, `apply-gitdhcp-${isApply ? 'apply' : 'steady'}-`));
  const remote = path.join(dir, 'remote');
  await initRepo(remote);
  await commitFiles(remote, { 'gitdhcp.yaml': toYaml(bigConfig(0, 'leases4.csv')) }, `${subnetCount} subnets, revision 0`);
  let next;
  if (isApply) {
    // The commit is made now, on a side branch, and lands on main (update-ref) in the middle of
    // the run: writing and hashing a 1 MB file does not compete with the server meanwhile.
    await git(remote, ['checkout', '--quiet', '-b', 'next']);
    await commitFiles(remote, { 'gitdhcp.yaml': toYaml(bigConfig(1, 'leases4.csv')) }, `${subnetCount} subnets, revision 1: domain-name of every subnet`);
    next = await headOf(remote);
    await git(remote, ['checkout', '--quiet', 'main']);
  }
  const server = await startGitops(dir, remote, { probe: '1' });
  const first = readStatus(server.state)?.history?.at(-1);
  const prober = await Prober.open();
  try {
    await untilAnswering(server, 'gitdhcp');
    // In both runs, from the middle on, the prober asks for an OFFER every --every-ms over lo:
    // the gaps between its OFFERs show how long the server held up packets, and when.
    const offers = [];
    let stopWatch = () => {};
    const trigger = async () => {
      stopWatch = prober.watch('10.0.0.0', everyMs, (o) => offers.push(o));
      if (!isApply) return {};
      calibrate();
      const t1 = wallMs();
      await git(remote, ['update-ref', 'refs/heads/main', next]);
      const tLanded = wallMs();
      await postWebhook(WEBHOOK_PORT, server.secret);
      return { updateRefMs: round(tLanded - t1), tLanded };
    };
    const result = await underLoad(server, trigger, path.join(server.state, 'control.sock'));
    const rel = (t) => round((t - result.runStart) / 1000, 2);
    result.serverStartMs = server.startMs;
    result.firstRevisionTimingsMs = first?.timingsMs;
    if (isApply) {
      const { tLanded } = result.landing;
      const entry = await waitHistory(server.state, next, 120_000);
      const offer = await waitFor(() => offers.find((o) => o.domain === bigDomain(1)), 30_000, `an OFFER with ${bigDomain(1)}`).catch(() => null);
      Object.assign(result, {
        outcome: entry.outcome, reasons: entry.reasons, timingsMs: entry.timingsMs,
        landing: { atSecond: result.landing.atSecond, updateRefMs: result.landing.updateRefMs, landedToOfferMs: offer === null ? null : round(offer.at - tLanded), offerAtSecond: offer === null ? null : rel(offer.at) },
        // The reconciler's log lines from the landing on, at seconds of the measured run.
        gitopsLog: jsonLines(server.log()).filter((l) => l.time >= Math.floor(tLanded) && /^GITOPS_|^DHCP4_CONFIG/.test(l.code)).map((l) => `${l.code} at ${rel(l.time)} s`),
      });
    }
    stopWatch();
    const gaps = offers.slice(1).map((o, i) => ({ atSecond: rel(offers[i].at), gapMs: round(o.at - offers[i].at) }));
    result.proberOffers = offers.length;
    result.longestOfferGapsMs = gaps.sort((x, y) => y.gapMs - x.gapMs).slice(0, 5);
    const warnings = jsonLines(server.log()).filter((l) => l.level >= 40).map((l) => l.msg.slice(0, 300));
    if (warnings.length > 0) result.serverWarnings = warnings.slice(0, 20);
    result.command = `node dist/main.js ${server.args.join(' ')}`;
    delete result.runStart;
    return result;
  } finally {
    prober.close();
    await server.stop();
  }
}

/** One Kea run: `isApply` renames the changed file over the configuration and sends SIGHUP in the middle. */
async function applyRunKea(isApply) {
  const dir = mkdtempSync(path.join(work, `apply-kea-${isApply ? 'apply' : 'steady'}-`));
  const file = path.join(dir, 'kea-dhcp4.json');
  // kea-dhcp4.dhcp4 at INFO logs the reload (DHCP4_DYNAMIC_RECONFIGURATION ... DHCP4_CONFIG_COMPLETE) but no lease.
  const loggers = [{ name: 'kea-dhcp4.dhcp4', output_options: [{ output: 'stdout' }], severity: 'INFO' }];
  // A control socket, for statistic-get-all (gitdhcp has its own in the state directory).
  const socket = path.join(dir, 'kea4.sock');
  const kea = (n) => {
    const cfg = bigConfig(n, path.join(dir, 'leases4.csv'), loggers);
    cfg.Dhcp4['control-socket'] = { 'socket-type': 'unix', 'socket-name': socket };
    return JSON.stringify(cfg, null, 2);
  };
  writeFileSync(file, kea(0));
  if (isApply) writeFileSync(`${file}.next`, kea(1));
  const env = { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: 'stdout' };
  const t0 = wallMs();
  const proc = startProcess(keaDhcp4, ['-c', file], { logFile: path.join(dir, 'server.log'), env });
  try {
    await untilAnswering(proc, 'kea');
    const startMs = round(wallMs() - t0);
    const trigger = !isApply ? undefined : async () => {
      renameSync(`${file}.next`, file);
      const hupAt = wallMs();
      process.kill(proc.pid, 'SIGHUP');
      return { hupAt };
    };
    const result = await underLoad(proc, trigger, socket);
    result.serverStartMs = startMs;
    if (isApply) {
      const { hupAt } = result.landing;
      const lines = keaLogLines(proc.log()).filter((l) => l.time >= Math.floor(hupAt) - 1000);
      const begin = lines.find((l) => l.code === 'DHCP4_DYNAMIC_RECONFIGURATION');
      const complete = lines.find((l) => l.code === 'DHCP4_CONFIG_COMPLETE');
      const success = lines.find((l) => l.code === 'DHCP4_DYNAMIC_RECONFIGURATION_SUCCESS');
      const fail = lines.find((l) => /FAIL/.test(l.code) || l.severity === 'ERROR');
      const rel = (t) => round((t - result.runStart) / 1000, 2);
      result.landing = { atSecond: result.landing.atSecond };
      // Kea's log has millisecond timestamps: reload = DHCP4_DYNAMIC_RECONFIGURATION → _SUCCESS.
      result.reloadMs = begin && (success ?? complete) ? (success ?? complete).time - begin.time : null;
      result.hupToConfigCompleteMs = complete ? round(complete.time - hupAt) : null;
      result.hupToReloadSuccessMs = success ? round(success.time - hupAt) : null;
      result.outcome = fail ? `failed: ${fail.text}` : success ? 'reloaded' : 'no DHCP4_DYNAMIC_RECONFIGURATION_SUCCESS in the log';
      result.reloadLog = lines.filter((l) => /RECONFIGURATION|CONFIG_COMPLETE|FAIL/.test(l.code)).map((l) => `${l.code} at ${rel(l.time)} s`).slice(0, 10);
    }
    delete result.runStart;
    return result;
  } finally {
    const exit = await proc.stop();
    if (exit && exit.code !== 0 && exit.signal !== 'SIGTERM') console.error(`kea exited ${JSON.stringify(exit)}:\n${proc.log().slice(-2000)}`);
  }
}

async function benchApply() {
  const rows = {};
  for (const impl of servers) {
    rows[impl] = {};
    for (const isApply of [false, true]) {
      const runName = isApply ? 'apply' : 'steady';
      process.stdout.write(`  ${impl} ${runName === 'apply' ? (impl === 'kea' ? 'SIGHUP mid-run' : 'commit mid-run') : 'no apply'} (${subnetCount} subnets, ${rate}/s for ${seconds} s) ... `);
      try {
        rows[impl][runName] = impl === 'kea' ? await applyRunKea(isApply) : await applyRunGitdhcp(isApply);
      } catch (err) {
        rows[impl][runName] = { error: err.message };
      }
      const m = rows[impl][runName];
      console.log(m.error ? `error: ${m.error.split('\n')[0]}` : `drops ${m.drops.discoverOffer} + ${m.drops.requestAck}, ${m.doraPerSec} DORA/s, server CPU ${m.serverCpuSec} s${isApply ? `, ${m.outcome}` : ''}`);
    }
    const { steady, apply } = rows[impl];
    if (steady && apply && !steady.error && !apply.error) rows[impl].dropDifference = apply.drops.total - steady.drops.total;
  }
  const g = rows.gitdhcp?.dropDifference;
  const k = rows.kea?.dropDifference;
  return {
    servers: rows,
    dropDifference: { gitdhcp: g ?? null, kea: k ?? null, 'gitdhcp - kea': g !== undefined && k !== undefined ? g - k : null, 'gitdhcp / kea': g !== undefined && k ? round(g / k, 2) : null },
  };
}

// ---- main ----------------------------------------------------------------------------------------
const gitRev = spawnSync('git', ['-C', root, 'describe', '--always', '--dirty'], { encoding: 'utf8' }).stdout.trim() || null;
const versions = {
  gitdhcp: `${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version} (${gitRev})`,
  kea: keaDhcp4 ? spawnSync(keaDhcp4, ['-v'], { encoding: 'utf8' }).stdout.trim() : null,
  perfdhcp: perfdhcp ? perfdhcpVersion(perfdhcp) : null,
  git: spawnSync('git', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  // What was measured: dist/ as built at that time, and any uncommitted change under src/.
  distBuiltAt: statSync(GITDHCP).mtime.toISOString(),
  srcChanges: spawnSync('git', ['-C', root, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean),
};
console.log(`bench-gitops: ${phases.join(', ')}; gitdhcp ${versions.gitdhcp}, kea ${versions.kea}, perfdhcp ${versions.perfdhcp}`);
const results = {};
const benches = { commit: benchCommit, apply: benchApply, rollback: benchRollback };
for (const phase of ['commit', 'apply', 'rollback'].filter((p) => phases.includes(p))) {
  console.log(`${phase}:`);
  try {
    results[phase] = await benches[phase]();
  } catch (err) {
    console.error(`  ${phase} failed: ${err.stack ?? err.message}`);
    results[phase] = { error: err.message };
  }
}

const ms = (s) => (s ? `${s.median} / ${s.p95} / ${s.min} / ${s.max}` : null);
const c = results.commit;
if (c && !c.error) {
  console.log(`\n1. commit → first OFFER with the new value, via the webhook (${c.commitToOfferMs.n} commits; ms median / p95 / min / max)`);
  console.table({
    'commit → OFFER': ms(c.commitToOfferMs),
    'commit → webhook received (log)': ms(c.webhookReceivedMs),
    'fetch and the rest (derived)': ms(c.fetchAndRestMs),
    ...Object.fromEntries(Object.entries(c.reconcilerTimingsMs).map(([k, v]) => [`status.json ${k}`, ms(v)])),
  });
}
const a = results.apply;
if (a && !a.error) {
  console.log(`\n2. ${subnetCount}-subnet apply under perfdhcp -r ${rate} for ${seconds} s (drops = DISCOVER-OFFER + REQUEST-ACK)`);
  console.table(Object.entries(a.servers).flatMap(([impl, runs]) => ['steady', 'apply'].map((r) => {
    const m = runs[r];
    if (!m || m.error) return { server: impl, run: r, error: m?.error?.split('\n')[0] ?? 'not run' };
    return {
      server: impl, run: r === 'apply' ? (impl === 'kea' ? 'SIGHUP mid-run' : 'commit mid-run') : 'no apply',
      'D-O drops': m.drops.discoverOffer, 'R-A drops': m.drops.requestAck, 'NAKs sent': typeof m.serverStats === 'object' ? m.serverStats['pkt4-nak-sent'] ?? 0 : null, 'DORA/s': m.doraPerSec,
      'server CPU s': m.serverCpuSec, 'DORA/CPU s': m.doraPerCpuSec,
      // Where the lost datagrams went (UDP counters of each namespace, see method.apply).
      'srv buf full': m.udpCounters.srv.RcvbufErrors ?? 0, 'srv no socket': m.udpCounters.srv.NoPorts ?? 0, 'perfdhcp buf full': m.udpCounters.cli.RcvbufErrors ?? 0,
      'others CPU s': m.cpuSec.others, 'max offer ms': m.delayMs.offerMax, 'prober max gap ms': m.longestOfferGapsMs?.[0]?.gapMs ?? null,
      'reload/apply ms': r === 'apply' ? (impl === 'kea' ? m.reloadMs : m.timingsMs?.apply ?? null) : null,
      outcome: r === 'apply' ? m.outcome : null,
    };
  })));
  console.log('drop difference (apply − no apply):', JSON.stringify(a.dropDifference));
  const ga = a.servers.gitdhcp?.apply;
  if (ga && !ga.error) console.log(`gitdhcp: the commit landed at ${ga.landing?.atSecond} s; status.json timings ${JSON.stringify(ga.timingsMs)}; landed → OFFER with the new value ${ga.landing?.landedToOfferMs} ms`);
  const ka = a.servers.kea?.apply;
  if (ka && !ka.error) console.log(`kea: SIGHUP at ${ka.landing?.atSecond} s; reload ${ka.reloadMs} ms (DHCP4_DYNAMIC_RECONFIGURATION → _SUCCESS in its log)`);
}
const r = results.rollback;
if (r && !r.error) {
  console.log(`\n3. failing health check → the old revision serving again (${r.healthFailedToOldOfferMs.n} failing commits; ms median / p95 / min / max)`);
  console.table({
    'GITOPS_HEALTH_FAILED → OFFER of the old revision': ms(r.healthFailedToOldOfferMs),
    'GITOPS_HEALTH_FAILED → GITOPS_ROLLED_BACK (log)': ms(r.healthFailedToRolledBackLogMs),
    'commit → GITOPS_HEALTH_FAILED': ms(r.commitToHealthFailedMs),
    'failing revision served for (outside)': ms(r.badServedForMs),
    ...Object.fromEntries(Object.entries(r.reconcilerTimingsMs).map(([k, v]) => [`status.json ${k}`, ms(v)])),
  });
}
for (const [phase, v] of Object.entries(results)) if (v.error) console.log(`${phase}: error: ${v.error.split('\n')[0]}`);
const distAtEnd = statSync(GITDHCP).mtime.toISOString();
if (distAtEnd !== versions.distBuiltAt) {
  versions.distRebuiltDuringRun = distAtEnd;
  console.log(`warning: dist/ was rebuilt during the run (${versions.distBuiltAt} → ${distAtEnd}): servers started after that ran the new build`);
}

const summary = {
  date: new Date().toISOString(),
  machine: { hostname: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model, kernel: release(), node: process.version },
  versions,
  method: {
    phases, commits, rollbacks, rate, seconds, subnets: subnetCount, proberEveryMs: everyMs, watch: values.watch ?? '10s (gitdhcp\'s default)',
    topology: 'private namespaces: srv (lo, eth0 10.0.0.1/12) and cli (eth0 10.0.0.2/12) joined by a veth pair; servers, prober and webhook calls on srv\'s loopback; perfdhcp in cli relays (giaddr 10.0.0.2)',
    prober: 'a relayed DHCPDISCOVER (giaddr 127.0.0.1, hops 1, RAI link-selection = the subnet, relay-port = the prober\'s port, PRL 1,3,6,15,51) to 127.0.0.1:67 every proberEveryMs; t1 = when the first OFFER carrying the new domain-name is read',
    commit: 't0 = when `git commit` returned in the remote (a non-bare repository); then the webhook is POSTed (GitHub style) and the prober starts; the next commit waits until the pass has ended (status.json history entry, after the watch window)',
    apply: `fresh server and lease file per run; once it answers, a 2 s warm-up at the same rate (other clients) and 1 s of rest, then perfdhcp -r ${rate} for ${seconds} s. In the apply run the changed revision (domain-name of every subnet) lands in the middle: gitdhcp: a commit prepared beforehand on a side branch is moved onto main with git update-ref, then the webhook; Kea: the changed file, written beforehand, is renamed over the configuration, then SIGHUP. drops: perfdhcp's final report (sent − received per exchange). udpCounters: deltas of /proc/net/snmp Udp in each namespace over the measured run: srv RcvbufErrors = the server's socket buffer was full (Kea 2.2 receives on raw sockets, whose losses do not show there), srv NoPorts = no socket bound to port 67 at that moment, cli RcvbufErrors = replies lost because perfdhcp's socket buffer (default size) was full. unansweredPerSecond: perfdhcp -t 1, sent − received at each second (in flight included)`,
    rollback: 'each failing commit changes the domain-name and makes check.sh (--check-command) exit 1; times from the pino `time` of GITOPS_HEALTH_FAILED / GITOPS_ROLLED_BACK (same clock, same machine) and the prober',
  },
  results,
};
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const out = values.output !== undefined ? path.resolve(values.output) : path.join(root, `bench/results/gitops-${summary.date.slice(0, 10)}.json`);
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
console.log(`wrote ${path.relative(root, out)}`);
