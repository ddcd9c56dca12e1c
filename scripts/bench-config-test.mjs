#!/usr/bin/env node
// Benchmark: `gitdhcp config-test` against `kea-dhcp4 -t` on the same generated configuration
// (default 10 000 subnets, each with a pool, 10 reservations and 3 options).
//
//   npm run bench:config-test [-- --subnets 10000 --runs 5]
//
// Installs nothing: Kea is measured when `kea-dhcp4` is on the PATH (Debian: kea-dhcp4-server).
// Prints a table and writes bench/results/config-test-<date>.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { subnets: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const subnetCount = Number(values.subnets);
const runs = Number(values.runs);

/** Subnet i is 10.(i>>8).(i&255).0/24 under 10.0.0.0/8 ... spread over 10/8 and 172.16/12. */
function subnetBase(i) {
  return [10, (i >> 8) & 255, i & 255];
}

function generate(n) {
  const subnet4 = [];
  for (let i = 0; i < n; i++) {
    const [a, b, c] = subnetBase(i);
    const net = `${a}.${b}.${c}`;
    const reservations = [];
    for (let r = 0; r < 10; r++) {
      const mac = [0x02, (i >> 16) & 255, (i >> 8) & 255, i & 255, 0, r].map((x) => x.toString(16).padStart(2, '0')).join(':');
      reservations.push({ 'hw-address': mac, 'ip-address': `${net}.${200 + r}`, hostname: `host-${i}-${r}` });
    }
    subnet4.push({
      id: i + 1,
      subnet: `${net}.0/24`,
      pools: [{ pool: `${net}.10 - ${net}.199` }],
      'option-data': [
        { name: 'routers', data: `${net}.1` },
        { name: 'domain-name-servers', data: `${net}.2, ${net}.3` },
        { name: 'domain-name', data: `s${i}.example.org` },
      ],
      reservations,
    });
  }
  return {
    Dhcp4: {
      'interfaces-config': { interfaces: [] },
      'lease-database': { type: 'memfile', persist: false },
      'valid-lifetime': 4000,
      subnet4,
    },
  };
}

function timeRuns(cmd, args, env) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    last = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((x, y) => x - y);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], maxMs: times.at(-1), status: last.status, tail: (last.stdout + last.stderr).trim().split('\n').slice(-2).join(' | ') };
}

const dir = path.join(tmpdir(), `gitdhcp-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `subnets-${subnetCount}.json`);
writeFileSync(file, JSON.stringify(generate(subnetCount), null, 1));
const sizeMb = Number(execFileSync('stat', ['-c', '%s', file], { encoding: 'utf8' })) / 1e6;

const ours = timeRuns(process.execPath, [path.join(root, 'dist/main.js'), 'config-test', file]);
const keaPath = spawnSync('sh', ['-c', 'command -v kea-dhcp4'], { encoding: 'utf8' }).stdout.trim();
// Kea 2.x checks that the lease file directory is writable even with -t; point it at ours.
const kea = keaPath ? timeRuns(keaPath, ['-t', file], { KEA_LOCKFILE_DIR: dir, KEA_PIDFILE_DIR: dir, KEA_LOG_FILE_DIR: dir }) : undefined;
const keaVersion = keaPath ? spawnSync(keaPath, ['-v'], { encoding: 'utf8' }).stdout.trim() : undefined;

const result = {
  date: new Date().toISOString(),
  machine: { hostname: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
  config: { subnets: subnetCount, reservations: subnetCount * 10, options: subnetCount * 3, sizeMb: Number(sizeMb.toFixed(1)) },
  runs,
  gitdhcp: ours,
  kea: kea && { version: keaVersion, ...kea },
  ratio: kea ? Number((ours.medianMs / kea.medianMs).toFixed(3)) : undefined,
};
console.log(`config-test on ${subnetCount} subnets (${result.config.reservations} reservations, ${result.config.sizeMb} MB), median of ${runs}:`);
console.log(`  gitdhcp config-test  ${ours.medianMs.toFixed(0)} ms  (exit ${ours.status}: ${ours.tail})`);
if (kea) console.log(`  kea-dhcp4 -t ${keaVersion}  ${kea.medianMs.toFixed(0)} ms  (exit ${kea.status}: ${kea.tail.slice(0, 160)})`);
if (kea) console.log(`  ratio gitdhcp / kea: ${result.ratio}`);
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const out = path.join(root, 'bench/results', `config-test-${result.date.slice(0, 10)}.json`);
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${path.relative(root, out)}`);
