// Runs ISC perfdhcp (Debian package kea-admin, /usr/sbin/perfdhcp) inside a network namespace
// and parses its report, for the perfdhcp black-box test and scripts/bench-dhcp4.mjs. Plain JS
// so that both node and vitest load it; its types are in perfdhcp-lab.d.mts.
//
// How perfdhcp -4 talks to a server (Kea 2.2 src/bin/perfdhcp): it always acts as a relay agent.
// It binds its socket to the local address (-l ADDR, else the address routing picks for the
// server) on port 67, sends every DISCOVER/REQUEST unicast to the server's port 67 with
// giaddr = that local address and hops = 1, and the server answers unicast to giaddr:67. So the
// giaddr a test wants is simply the address given to -l, and that address must be routable from
// the server back to perfdhcp's namespace. (-J FILE picks a random giaddr per exchange from a
// list, but the replies then go to addresses the socket is not bound to.)
import { spawn, spawnSync } from 'node:child_process';

/** perfdhcp's path, or null when it is not installed. */
export function findPerfdhcp() {
  const r = spawnSync('sh', ['-c', 'command -v perfdhcp || ls /usr/sbin/perfdhcp 2>/dev/null'], { encoding: 'utf8' });
  const found = r.stdout.trim().split('\n')[0];
  return r.status === 0 && found ? found : null;
}

/** `perfdhcp -v`, e.g. "2.2.0". */
export function perfdhcpVersion(perfdhcp = 'perfdhcp') {
  const r = spawnSync(perfdhcp, ['-v'], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.replace(/^VERSION:\s*/m, '').trim();
}

const NUMBER_FIELDS = {
  'sent packets': 'sent',
  'received packets': 'received',
  drops: 'drops',
  'drops ratio': 'dropsRatioPct',
  orphans: 'orphans',
  'rejected leases': 'rejectedLeases',
  'non unique addresses': 'nonUniqueAddresses',
  'min delay': 'minDelayMs',
  'avg delay': 'avgDelayMs',
  'max delay': 'maxDelayMs',
  'std deviation': 'stdDeviationMs',
  'collected packets': 'collected',
};

function emptyExchange() {
  return Object.fromEntries(Object.values(NUMBER_FIELDS).map((k) => [k, null]));
}

/** A number, or null for what perfdhcp prints when there was nothing to measure ("n/a"). */
function toNumber(text) {
  const n = Number.parseFloat(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Parses perfdhcp's final report: the rate line, one block per exchange ("DISCOVER-OFFER",
 * "REQUEST-ACK", ...) and, with `-x l`, the leases each exchange received (client id as printed,
 * plain hex, and the yiaddr; a NAK shows as 0.0.0.0).
 */
export function parsePerfdhcp(text) {
  const report = { rate: null, expectedRate: null, malformed: null, exchanges: {}, leases: {} };
  let section = null;
  let name = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m;
    if ((m = /^\*\*\*Statistics for: (.+)\*\*\*$/.exec(line))) {
      section = 'stats';
      name = m[1];
      report.exchanges[name] = emptyExchange();
    } else if ((m = /^\*\*\*Leases for (.+)\*\*\*$/.exec(line))) {
      section = 'leases';
      name = m[1];
      report.leases[name] = [];
    } else if (line.startsWith('***')) {
      section = null;
    } else if ((m = /^Rate: ([\d.]+) \d-way exchanges\/second(?:, expected rate: ([\d.]+))?/.exec(line))) {
      report.rate = toNumber(m[1]);
      report.expectedRate = m[2] === undefined ? null : toNumber(m[2]);
    } else if ((m = /^Malformed packets: (\d+)/.exec(line))) {
      report.malformed = Number(m[1]);
    } else if (section === 'stats' && (m = /^([a-z ]+): (\S+)/.exec(line)) && m[1] in NUMBER_FIELDS) {
      report.exchanges[name][NUMBER_FIELDS[m[1]]] = toNumber(m[2]);
    } else if (section === 'leases' && (m = /^([0-9a-f]*),(\d+\.\d+\.\d+\.\d+),/.exec(line))) {
      report.leases[name].push({ clientId: m[1], address: m[2] });
    }
  }
  return report;
}

/**
 * Runs `perfdhcp ARGS` in namespace `ns` (`ip netns exec`) and resolves when it exits, whatever
 * its status (3 = some exchanges did not complete): { code, signal, stdout, stderr, report,
 * elapsedMs }. Killed with SIGKILL after `timeoutMs`.
 */
export function runPerfdhcp(ns, args, { timeoutMs = 120_000, perfdhcp = 'perfdhcp' } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('ip', ['netns', 'exec', ns, perfdhcp, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, report: parsePerfdhcp(stdout), elapsedMs: performance.now() - started });
    });
  });
}
