// Helpers of scripts/bench-gitops.mjs: the git "remote" and its commits, the webhook call, a
// loopback DHCPDISCOVER prober that watches what the server offers, the configurations the
// benchmark serves, child processes that are killed when the benchmark exits, and the readers
// of the server's status.json and pino log lines. Plain JS, like the other scripts.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import dgram from 'node:dgram';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The compiled codec of this repository (npm run build): the prober builds and reads packets
// with the server's own code, as src/gitops/probe.ts does.
const { MessageType4, createPacket4, decodePacket4, encodePacket4 } = await import(path.join(root, 'dist/codec/index.js'));
const { formatIPv4, ipv4ToBytes, parseIPv4 } = await import(path.join(root, 'dist/net/index.js'));

const execFileAsync = promisify(execFile);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * Wall-clock milliseconds with sub-millisecond resolution, comparable with pino's `time` (the
 * server's Date.now()). performance.timeOrigin is off Date.now() by a millisecond or two, and the
 * monotonic clock drifts from the wall clock, so `calibrate()` (before each measurement) aligns
 * them on the moment Date.now() ticks.
 */
let wallOffsetMs = 0;
export function calibrate() {
  const start = Date.now();
  let now;
  while ((now = Date.now()) === start);
  wallOffsetMs = now - (performance.timeOrigin + performance.now());
}
export const wallMs = () => performance.timeOrigin + performance.now() + wallOffsetMs;
calibrate();
export const round = (x, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

/** n, median, p95 (nearest rank), min, max and mean of `values` (numbers; nulls are left out). */
export function summarize(values, digits = 1) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { n: 0, median: null, p95: null, min: null, max: null, mean: null };
  const rank = (p) => v[Math.min(v.length - 1, Math.max(0, Math.ceil(p * v.length) - 1))];
  const median = v.length % 2 === 1 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return {
    n: v.length, median: round(median, digits), p95: round(rank(0.95), digits),
    min: round(v[0], digits), max: round(v[v.length - 1], digits), mean: round(v.reduce((a, b) => a + b, 0) / v.length, digits),
  };
}

/** Polls `fn` every `everyMs` until it returns something other than undefined/false. */
export async function waitFor(fn, timeoutMs, what, everyMs = 20) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---- child processes ---------------------------------------------------------------------------
const children = new Set();
process.once('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/**
 * Starts `cmd args` with stdout and stderr into `logFile`; returns { pid, log(), exited, exit,
 * stop() }. The process is SIGKILLed if the benchmark exits first.
 */
export function startProcess(cmd, args, { logFile, env = process.env, cwd } = {}) {
  const fd = openSync(logFile, 'w');
  const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  children.add(child);
  const proc = {
    pid: child.pid, child, exit: null,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async stop(signal = 'SIGTERM') {
      if (proc.exit === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await proc.exited;
        clearTimeout(timer);
      }
      return proc.exit;
    },
  };
  proc.exited = new Promise((resolve) => child.once('exit', (code, sig) => {
    children.delete(child);
    resolve((proc.exit = { code, signal: sig }));
  }));
  return proc;
}

/** The pino JSON lines of a log (other lines, such as Kea's, are skipped). */
export function jsonLines(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // a line being written while we read: the next read has it whole
    }
  }
  return out;
}

/** Kea's text log lines "YYYY-MM-DD HH:MM:SS.mmm SEVERITY [logger/pid.tid] CODE ..." as { time, code, text }. */
export function keaLogLines(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+)\s+(\w+)\s+\[[^\]]+\]\s+(\w+)/.exec(line);
    if (m) out.push({ time: new Date(`${m[1]}T${m[2]}`).getTime(), severity: m[3], code: m[4], text: line });
  }
  return out;
}

// ---- user, system CPU and memory of a process --------------------------------------------------
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
/** User + system CPU seconds of `pid` (/proc/PID/stat fields 14 and 15), or null when it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used by the machine's other user-space processes (another engineer's build or
 * tests, competing with the server), summed from /proc/PID/stat between calls of `sample()`;
 * kernel threads, the pids `isOurs(pid)` names and their children are left out. A process that starts and ends
 * between two samples is missed.
 */
export class OtherCpu {
  #last = new Map();
  #isOurs;
  seconds = 0;
  /** The busiest of them: command name → CPU seconds. */
  byName = new Map();

  constructor(isOurs) {
    this.#isOurs = isOurs;
    this.sample(true);
  }

  sample(isFirst = false) {
    const next = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      let stat;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone since readdir: nothing to count
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if ((Number(f[6]) & 0x200000) !== 0 || this.#isOurs(pid) || this.#isOurs(Number(f[1]))) continue; // PF_KTHREAD, ours or our child
      const cpu = (Number(f[11]) + Number(f[12])) / CLK_TCK;
      next.set(pid, cpu);
      const before = this.#last.get(pid) ?? (isFirst ? cpu : 0);
      if (cpu > before) {
        this.seconds += cpu - before;
        this.byName.set(comm, (this.byName.get(comm) ?? 0) + cpu - before);
      }
    }
    this.#last = next;
  }
}

/** CPU time the hypervisor gave to others while this VM wanted it (/proc/stat "steal"), in seconds, all CPUs. */
export function stealSeconds() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  return Number(fields[8] ?? 0) / CLK_TCK;
}

/** Peak resident set size of `pid` in MB (VmHWM), or null. */
export function peakRssMB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * The UDP counters of a network namespace (/proc/net/snmp: InDatagrams, RcvbufErrors, ...): of
 * this process's namespace, or of `ns` through `ip netns exec`.
 */
export function udpCounters(ns) {
  const text = ns === undefined ? readFileSync('/proc/net/snmp', 'utf8') : spawnSync('ip', ['netns', 'exec', ns, 'cat', '/proc/net/snmp'], { encoding: 'utf8' }).stdout;
  const [names, nums] = text.split('\n').filter((l) => l.startsWith('Udp:')).map((l) => l.split(/\s+/).slice(1));
  return Object.fromEntries((names ?? []).map((n, i) => [n, Number(nums?.[i])]));
}

/** `after − before` of the counters that moved. */
export function counterDelta(before, after) {
  return Object.fromEntries(Object.keys(after).filter((k) => after[k] !== before[k]).map((k) => [k, after[k] - before[k]]));
}

/** Kea's packet statistics the apply phase compares (the watch window reads the first four). */
export const PACKET_STATS = ['pkt4-received', 'pkt4-receive-drop', 'pkt4-request-received', 'pkt4-nak-sent', 'pkt4-offer-sent', 'pkt4-ack-sent', 'pkt4-discover-received'];

/**
 * The latest value of each of `names` from `statistic-get` over a Kea-protocol control socket
 * (Kea's own, or gitdhcp's <state-dir>/control.sock), or { error } when the server does not
 * answer. One small command per name: `statistic-get-all` on a 10 000-subnet server answers
 * with every subnet's statistics, and gitdhcp answers no DHCP packet while it builds that
 * (about 0.7 s here).
 */
export async function packetStats(socket, names = PACKET_STATS) {
  const { keaCommand } = await import('./kea4-lab.mjs');
  const out = {};
  try {
    for (const name of names) {
      const answer = await keaCommand(socket, 'statistic-get', { name });
      const samples = answer.arguments?.[name];
      out[name] = Array.isArray(samples) && Array.isArray(samples[0]) ? Number(samples[0][0]) : 0;
    }
    return out;
  } catch (err) {
    return { error: err.message };
  }
}

// ---- the git "remote" --------------------------------------------------------------------------
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.org' };

export async function git(repo, args) {
  const { stdout } = await execFileAsync('git', ['-C', repo, '-c', 'commit.gpgsign=false', ...args], { env: GIT_ENV, maxBuffer: 64 << 20 });
  return stdout;
}

/** A non-bare repository on branch main, the appliance's remote. */
export async function initRepo(dir) {
  await execFileAsync('git', ['init', '--quiet', '--initial-branch=main', dir], { env: GIT_ENV });
}

/** Writes `files` ({ path: text }) and commits them on the checked-out branch; resolves when `git commit` returned. */
export async function commitFiles(repo, files, message) {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(repo, name), text, name.endsWith('.sh') ? { mode: 0o755 } : undefined);
  await git(repo, ['add', '-A']);
  await git(repo, ['commit', '--quiet', '--no-verify', '-m', message]);
}

export async function headOf(repo, ref = 'HEAD') {
  return (await git(repo, ['rev-parse', ref])).trim();
}

// ---- the webhook ------------------------------------------------------------------------------
/**
 * POSTs a GitHub-style push to http://127.0.0.1:`port`/hooks/git, signed with `secret`
 * (X-Hub-Signature-256: sha256=HMAC of the body). Resolves with the HTTP status.
 */
export function postWebhook(port, secret, branch = 'main') {
  const body = Buffer.from(JSON.stringify({ ref: `refs/heads/${branch}` }));
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, path: '/hooks/git', method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-github-event': 'push', 'x-hub-signature-256': signature },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---- the prober --------------------------------------------------------------------------------
/** chaddr of the benchmark's DISCOVERs ("bench"), not the appliance's own probe MAC. */
const BENCH_MAC = [0x02, 0x62, 0x65, 0x6e, 0x63, 0x68];

/**
 * Relayed DHCPDISCOVERs over loopback, built like src/gitops/probe.ts builds the appliance's
 * health probes: giaddr 127.0.0.1, hops 1, RAI link-selection = the subnet's network address and
 * relay-port = our port, so the server on `lo` answers to us. Each OFFER is reported with the
 * time it was read, its domain-name (option 15), valid lifetime (51) and address.
 */
export class Prober {
  #socket;
  #port = 0;
  #xid = (Math.floor(Math.random() * 0x7fff) << 16) >>> 0;
  #listeners = new Set();
  sent = 0;
  offers = 0;

  static async open() {
    const p = new Prober();
    p.#socket = dgram.createSocket('udp4');
    await new Promise((resolve, reject) => {
      p.#socket.once('error', reject);
      p.#socket.bind(0, '127.0.0.1', resolve);
    });
    p.#port = p.#socket.address().port;
    p.#socket.on('message', (msg) => p.#onMessage(msg));
    return p;
  }

  close() {
    this.#socket.close();
  }

  #onMessage(msg) {
    const at = wallMs();
    const d = decodePacket4(msg);
    if (!d.ok || d.packet.messageType !== MessageType4.Offer) return;
    this.offers++;
    const o = d.packet.options;
    const domain = o.get(15) === undefined ? null : Buffer.from(o.get(15)).toString('latin1').replace(/\0+$/, '');
    const lt = o.get(51);
    const offer = { at, xid: d.packet.xid, domain, validLifetime: lt?.length === 4 ? Buffer.from(lt).readUInt32BE(0) : null, yiaddr: formatIPv4(d.packet.yiaddr) };
    for (const l of this.#listeners) l(offer);
  }

  /** Sends one DISCOVER for the subnet whose network address is `network` ("10.0.0.0"). */
  discover(network) {
    const net = parseIPv4(network);
    const xid = (this.#xid = (this.#xid + 1) >>> 0);
    const q = createPacket4({ xid, chaddr: Uint8Array.from([...BENCH_MAC, ...new Array(10).fill(0)]), giaddr: parseIPv4('127.0.0.1'), hops: 1 });
    q.options.set(53, Uint8Array.of(MessageType4.Discover));
    q.options.set(55, Uint8Array.of(1, 3, 6, 15, 51));
    q.options.set(82, Uint8Array.of(5, 4, ...ipv4ToBytes(net), 19, 2, (this.#port >>> 8) & 255, this.#port & 255));
    this.#socket.send(encodePacket4(q), 67, '127.0.0.1');
    this.sent++;
  }

  /**
   * Sends a DISCOVER for `network` every `everyMs` and calls `onOffer(offer)` for each OFFER
   * until the returned stop() is called.
   */
  watch(network, everyMs, onOffer) {
    this.#listeners.add(onOffer);
    this.discover(network);
    const timer = setInterval(() => this.discover(network), everyMs);
    return () => {
      clearInterval(timer);
      this.#listeners.delete(onOffer);
    };
  }

  /** Resolves with the first OFFER for which `predicate(offer)` is true, or null after `timeoutMs`. */
  until(network, predicate, { everyMs = 5, timeoutMs = 30_000 } = {}) {
    return new Promise((resolve) => {
      let stop = () => {};
      const timer = setTimeout(() => {
        stop();
        resolve(null);
      }, timeoutMs);
      stop = this.watch(network, everyMs, (offer) => {
        if (!predicate(offer)) return;
        clearTimeout(timer);
        stop();
        resolve(offer);
      });
    });
  }
}

// ---- status.json -------------------------------------------------------------------------------
export function readStatus(stateDir) {
  try {
    return JSON.parse(readFileSync(path.join(stateDir, 'status.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The history entry of the finished attempt at `revision` (the pass has ended). */
export function waitHistory(stateDir, revision, timeoutMs = 120_000) {
  return waitFor(() => readStatus(stateDir)?.history?.findLast((h) => h.revision === revision), timeoutMs, `the reconciler's history entry of ${revision.slice(0, 12)}`, 25);
}

// ---- configurations ----------------------------------------------------------------------------
/** The address `n` after `ip` ("10.16.0.0" + 10). */
const plus = (ip, n) => formatIPv4((parseIPv4(ip) + n) >>> 0);

/**
 * A Dhcp4 map with `count` subnets. Subnet 1 is `first` (perfdhcp's relay subnet, a large pool);
 * the others are /24s 10.16.0.0/24, 10.16.1.0/24, ... with an 11-address pool. Every subnet
 * carries routers and domain-name `domain`: a new revision changes the domain-name of every one.
 */
export function dhcp4Config({ count, first, interfaces, leaseName, domain, severity = 'WARN', extraLoggers = [] }) {
  const subnets = [{
    id: 1, subnet: first.subnet, pools: [{ pool: first.pool }],
    'option-data': [{ name: 'routers', data: first.router }, { name: 'domain-name', data: domain }],
  }];
  for (let k = 0; k < count - 1; k++) {
    const net = plus('10.16.0.0', k * 256);
    subnets.push({
      id: k + 2, subnet: `${net}/24`, pools: [{ pool: `${plus(net, 10)} - ${plus(net, 20)}` }],
      'option-data': [{ name: 'routers', data: plus(net, 1) }, { name: 'domain-name', data: domain }],
    });
  }
  return {
    Dhcp4: {
      'interfaces-config': { interfaces },
      'lease-database': { type: 'memfile', persist: true, name: leaseName, 'lfc-interval': 0 },
      'valid-lifetime': 7200,
      subnet4: subnets,
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: 'stdout' }], severity }, ...extraLoggers],
    },
  };
}
