// The lab of scripts/bench-dhcp4.mjs: what it needs installed, the two servers on one CPU of the
// server namespace, perfdhcp on the other CPU of the client namespace, and the /proc readings
// (CPU time, RSS, CPU affinity). Plain JS for node.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parsePerfdhcp } from './perfdhcp-lab.mjs';
import { which } from './bench-netns.mjs';

export const SERVER = '10.0.0.1';
export const CLIENT = '10.0.0.2';
/** CPUs: the server on one, perfdhcp (and tcpdump) on the other. */
export const SERVER_CPU = 0;
export const CLIENT_CPU = 1;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hex = (byte) => byte.toString(16).padStart(2, '0');
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Program → Debian package, for what the benchmark runs. */
const NEEDS = [
  ['kea-dhcp4', 'kea-dhcp4-server'],
  ['perfdhcp', 'kea-admin'],
  ['kea-lfc', 'kea-common'],
  ['tcpdump', 'tcpdump'],
  ['taskset', 'util-linux'],
  ['/usr/bin/time', 'time'],
];

function locate(name) {
  return name.startsWith('/') ? (existsSync(name) ? name : null) : which(name);
}

/**
 * Finds the programs; installs the missing ones with apt-get unless `install` is false.
 * @returns { paths: {name: path|null}, installed: string[] (packages), problems: string[] }
 */
export function ensurePrograms({ install }) {
  const missing = () => NEEDS.filter(([name]) => locate(name) === null);
  const problems = [];
  let installed = [];
  if (missing().length > 0 && install) {
    const packages = [...new Set(missing().map(([, pkg]) => pkg))];
    const hasApt = which('apt-get') !== null;
    if (!hasApt) problems.push(`apt-get not found: install ${packages.join(' ')} by hand`);
    else {
      console.log(`installing from Debian: ${packages.join(' ')} ...`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const aptInstall = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
      if (aptInstall().status !== 0) {
        spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
        if (aptInstall().status !== 0) problems.push(`apt-get install ${packages.join(' ')} failed`);
      }
      installed = packages;
    }
  }
  for (const [name, pkg] of missing()) problems.push(`${name} (Debian package ${pkg}${install ? '' : '; run without --no-install to install it'})`);
  return { paths: Object.fromEntries(NEEDS.map(([name]) => [name, locate(name)])), installed, problems };
}

/** User + system CPU seconds of `pid` (/proc/PID/stat fields 14 and 15). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Name, Cpus_allowed_list, VmRSS and VmHWM (MB) of `pid` from /proc/PID/status. */
export function procStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(text)?.[1]?.trim() ?? null;
  const mb = (name) => (field(name) === null ? null : Math.round(Number.parseInt(field(name), 10) / 1024));
  return { name: field('Name'), cpusAllowed: field('Cpus_allowed_list'), rssMB: mb('VmRSS'), peakRssMB: mb('VmHWM') };
}

/** Throws unless `pid` is `name` and runs only on `cpu`. @returns its status */
export function checkPinned(pid, name, cpu) {
  const s = procStatus(pid);
  if (s.cpusAllowed !== String(cpu) || (name && !s.name?.startsWith(name))) {
    throw new Error(`pid ${pid} is ${s.name} on CPUs ${s.cpusAllowed}; expected ${name} on CPU ${cpu}`);
  }
  return s;
}

/** Kea's configuration (gitdhcp reads the same file): one relayed subnet, a ~1M pool, memfile. */
export function dhcp4Config(leaseFile, logSeverity) {
  return {
    Dhcp4: {
      'interfaces-config': { interfaces: ['eth0'] },
      'lease-database': { type: 'memfile', name: leaseFile, persist: true, 'lfc-interval': 0 },
      'valid-lifetime': 7200,
      subnet4: [{ id: 1, subnet: '10.0.0.0/12', pools: [{ pool: '10.0.1.0 - 10.15.255.254' }] }],
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: 'stdout' }], severity: logSeverity }],
    },
  };
}

/**
 * Runs perfdhcp `args` in namespace `ns` pinned to CLIENT_CPU, checks the pinning once it runs,
 * and resolves when it exits: { code, stdout, stderr, report, pinned }.
 */
export function runPerfdhcpPinned(ns, perfdhcp, args, { timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, 'taskset', '-c', String(CLIENT_CPU), perfdhcp, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pinned = null;
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    // `ip netns exec` and taskset exec: the child's pid becomes perfdhcp's.
    const check = setTimeout(() => {
      try {
        pinned = checkPinned(child.pid, 'perfdhcp', CLIENT_CPU).cpusAllowed;
      } catch (err) {
        pinned = `error: ${err.message}`;
      }
    }, 200);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(check);
      resolve({ code, signal, stdout, stderr, report: parsePerfdhcp(stdout), pinned });
    });
  });
}

/**
 * Starts `impl` ('kea' | 'gitdhcp') pinned to SERVER_CPU on a fresh directory in `work`, with
 * an empty lease file or a copy of `leaseFile`; resolves once it has answered one DORA, with
 * { impl, pid, startMs (spawn to the first ACK), cpusAllowed, log(), stop() }.
 */
export async function startServer(impl, { ns, work, programs, logSeverity, leaseFile = null, nodeArgs = [], gitdhcpMain }) {
  const dir = mkdtempSync(path.join(work, `${impl}-`));
  const leases = path.join(dir, 'leases4.csv');
  if (leaseFile !== null) copyFileSync(leaseFile, leases);
  const configFile = path.join(dir, 'dhcp4.json');
  writeFileSync(configFile, JSON.stringify(dhcp4Config(leases, logSeverity), null, 2));
  const logFile = path.join(dir, 'server.log');
  const logFd = openSync(logFile, 'w');
  const env = { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: 'stdout' };
  const cmd = impl === 'kea'
    ? [programs['kea-dhcp4'], '-c', configFile]
    : [process.execPath, ...nodeArgs, gitdhcpMain, 'serve', '-c', configFile, '--control-socket', 'off'];
  const started = performance.now();
  // `ip netns exec` and taskset exec the command: the child's pid is the server's.
  const child = spawn('ip', ['netns', 'exec', ns.srv, 'taskset', '-c', String(SERVER_CPU), ...cmd], { env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exit = null;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exit = { code, signal }))));
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const server = {
    impl, dir, pid: child.pid, log, startMs: null, cpusAllowed: null,
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
  const deadline = Date.now() + 60_000;
  for (let i = 0; ; i++) {
    if (exit !== null) throw new Error(`${impl} exited (${JSON.stringify(exit)}) at start:\n${log().slice(-3000)}`);
    const mac = `02:00:00:00:${hex((i >> 8) & 255)}:${hex(i & 255)}`; // never one of the measured clients
    const probe = await runPerfdhcpPinned(ns.cli, programs.perfdhcp, ['-4', '-l', CLIENT, '-r', '10', '-R', '1', '-b', `mac=${mac}`, '-n', '1', '-n', '1', '-W', '300000', '-d', '0.3', SERVER], { timeoutMs: 5000 });
    if (probe.code === 0) break;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${impl} did not answer a DORA within 60 s:\n${log().slice(-3000)}\n${probe.stdout.slice(-1000)}${probe.stderr}`);
    }
    await sleep(50);
  }
  server.startMs = Math.round(performance.now() - started);
  server.cpusAllowed = checkPinned(child.pid, impl === 'kea' ? 'kea-dhcp4' : 'node', SERVER_CPU).cpusAllowed;
  return server;
}
