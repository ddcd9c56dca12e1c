// The DHCPv4 lease commands of gitdhcp and of the installed Kea (Debian's 2.2 with
// libdhcp_lease_cmds.so): the same command list goes to both, and the result codes, the texts
// (Kea's JSON position suffix removed) and the `arguments` must agree, apart from the listed
// differences between Kea 2.2 and the Kea 3.0 behaviour gitdhcp follows.
// Configs: Kea from scripts/kea4-lab.mjs startKea4 (subnets 192.0.2.0/24 = 1 and 10.0.0.0/8 = 7,
// no pools, default valid-lifetime 7200, reclamation off); gitdhcp with the same subnets and no
// interfaces. Skipped where Kea is not installed, except in CI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_COMMANDS, findKea, keaVersion, startKea4, type Kea4, type KeaAnswer } from '../../scripts/kea4-lab.mjs';
import { FakeClock, config4 } from '../../src/alloc/test-helpers.js';
import type { CommandResponse } from '../../src/control/commands.js';
import { Dhcp4Server } from '../../src/server/dhcp4-server.js';
import { createLogs } from '../../src/server/logging.js';
import { Udp4Transport } from '../../src/server/transport/udp4.js';

const kea = findKea();
const isAvailable = kea.dhcp4 !== null && kea.leaseCmds !== null;
const version = isAvailable ? keaVersion(kea.dhcp4 as string) : 'none';

type Step = readonly [string, Record<string, unknown> | undefined];

/** Commands whose answers do not depend on the time of the call (every add gives `expire`). */
const STEPS: readonly Step[] = [
  ['lease4-get-all', undefined],
  ...FIXTURE_COMMANDS,
  ['lease4-get-all', undefined],
  ['lease4-get-all', { subnets: [7] }],
  ['lease4-get-all', { subnets: [7, 1] }],
  ['lease4-get-all', { subnets: 7 }],
  ['lease4-get-all', { subnets: ['7'] }],
  ['lease4-get', { 'ip-address': '192.0.2.10' }],
  ['lease4-get', { 'ip-address': '192.0.2.99' }],
  ['lease4-get', { 'ip-address': '2001:db8::1' }],
  ['lease4-get', { 'ip-address': 'nonsense' }],
  ['lease4-get', { 'identifier-type': 'hw-address', identifier: '00:11:22:33:44:56', 'subnet-id': 1 }],
  ['lease4-get', { 'identifier-type': 'client-id', identifier: '01:00:00:00:00:00:03', 'subnet-id': 7 }],
  ['lease4-get', { 'identifier-type': 'duid', identifier: '01:02:03', 'subnet-id': 7 }],
  ['lease4-get', { 'identifier-type': 'flex-id', identifier: '01:02:03', 'subnet-id': 7 }],
  ['lease4-get', { 'identifier-type': 'address', identifier: '192.0.2.10', 'subnet-id': 1 }],
  ['lease4-del', { 'identifier-type': 'address', identifier: '192.0.2.10', 'subnet-id': 1 }],
  ['lease4-get', { identifier: '01:02:03', 'subnet-id': 7 }],
  ['lease4-get', { 'identifier-type': 'hw-address', identifier: '01:02:03' }],
  ['lease4-get', { 'identifier-type': 'hw-address', identifier: '01::03', 'subnet-id': 1 }],
  ['lease4-get', undefined],
  ['lease4-get-page', { from: 'start', limit: 2 }],
  ['lease4-get-page', { from: '192.0.2.11', limit: 2 }],
  ['lease4-get-page', { from: '192.0.2.13', limit: 2 }],
  ['lease4-get-page', { from: 'start', limit: 0 }],
  ['lease4-get-page', { from: 'begin', limit: 2 }],
  ['lease4-get-page', { from: '2001:db8::', limit: 2 }],
  ['lease4-get-page', { from: 'start' }],
  ['lease4-get-page', { from: 'start', limit: '2' }],
  ['lease4-get-page', { limit: 2 }],
  ['lease4-get-page', undefined],
  ['lease4-get-by-hw-address', { 'hw-address': '00:11:22:33:44:55' }],
  ['lease4-get-by-hw-address', { 'hw-address': '00:11:22:33:44:99' }],
  ['lease4-get-by-hw-address', { 'hw-address': 5 }],
  ['lease4-get-by-hw-address', undefined],
  ['lease4-get-by-client-id', { 'client-id': '01:00:00:00:00:00:03' }],
  ['lease4-get-by-client-id', { 'client-id': '01' }],
  ['lease4-get-by-client-id', {}],
  ['lease4-get-by-hostname', { hostname: 'KEPT' }],
  ['lease4-get-by-hostname', { hostname: '' }],
  ['lease4-get-by-hostname', { hostname: 'nobody' }],
  ['lease4-add', { 'ip-address': '192.0.2.10', 'hw-address': '01:02:03:04:05:06', expire: 1900007200 }],
  ['lease4-add', { 'ip-address': '192.0.2.20', 'hw-address': '01:02:03:04:05:06', 'subnet-id': 7, expire: 1900007200 }],
  ['lease4-add', { 'ip-address': '192.0.2.20', 'hw-address': '01:02:03:04:05:06', 'subnet-id': 9, expire: 1900007200 }],
  ['lease4-add', { 'ip-address': '172.16.0.1', 'hw-address': '01:02:03:04:05:06', expire: 1900007200 }],
  ['lease4-add', { 'ip-address': '192.0.2.20', 'hw-address': '01:02:03:04:05:06', expire: 5 }],
  ['lease4-add', { 'ip-address': '192.0.2.20', 'hw-address': '01:02:03:04:05:06', expire: 1900007200, 'fqdn-fwd': true }],
  ['lease4-add', { 'ip-address': '192.0.2.20', 'hw-address': '01:02:03:04:05:06', expire: 1900007200, 'user-context': 'x' }],
  ['lease4-add', { 'ip-address': '192.0.2.20', 'hw-address': '01:02:03:04:05:06', expire: 1900007200, state: 9 }],
  ['lease4-add', { 'ip-address': '192.0.2.20', 'hw-address': '01:02:03:04:05:06', expire: 1900007200, 'client-id': '1' }],
  ['lease4-add', { 'ip-address': '2001:db8::1', 'hw-address': '01:02:03:04:05:06' }],
  ['lease4-add', { 'hw-address': '01:02:03:04:05:06' }],
  ['lease4-add', { 'ip-address': '192.0.2.20' }],
  ['lease4-add', { 'ip-address': '192.0.2.20', 'hw-address': '01:02:03:04:05:06', expire: 1900007200, comment: 'note' }],
  ['lease4-get', { 'ip-address': '192.0.2.20' }],
  ['lease4-add', { 'ip-address': '192.0.2.21', 'hw-address': '0A:0B:0C:0D:0E:0F', expire: 1900007200, hostname: 'UPPER.Example.ORG', 'client-id': '0x0102' }],
  ['lease4-get', { 'ip-address': '192.0.2.21' }],
  ['lease4-get-by-hostname', { hostname: 'upper.example.org' }],
  ['lease4-get', { 'ip-address': '192.0.2.21', type: 'IA_XX' }],
  ['lease4-get', { 'ip-address': '192.0.2.21', 'update-ddns': 'yes' }],
  ['lease4-get-page', { from: 'start', limit: -1 }],
  ['lease4-wipe', { 'subnet-id': 'x' }],
  ['lease4-wipe', { 'subnet-id': -2 }],
  ['lease4-update', { 'ip-address': '192.0.2.30', 'hw-address': '01:02:03:04:05:06', expire: 1900007200 }],
  ['lease4-update', { 'ip-address': '192.0.2.30', 'hw-address': '01:02:03:04:05:06', expire: 1900007200, 'force-create': true }],
  ['lease4-update', { 'ip-address': '192.0.2.30', 'hw-address': '01:02:03:04:05:07', expire: 1900007200, state: 1 }],
  ['lease4-get', { 'ip-address': '192.0.2.30' }],
  ['lease4-update', undefined],
  ['lease4-del', { 'ip-address': '192.0.2.30' }],
  ['lease4-del', { 'ip-address': '192.0.2.30' }],
  ['lease4-del', { 'identifier-type': 'hw-address', identifier: '00:11:22:33:44:56', 'subnet-id': 1 }],
  ['lease4-del', { 'identifier-type': 'client-id', identifier: '01:00:00:00:00:00:03', 'subnet-id': 7 }],
  ['lease4-del', { 'identifier-type': 'duid', identifier: '01:02:03', 'subnet-id': 7 }],
  ['lease4-del', undefined],
  ['statistic-get', { name: 'subnet[1].assigned-addresses' }],
  ['statistic-get', { name: 'subnet[7].assigned-addresses' }],
  ['lease4-wipe', { 'subnet-id': 7 }],
  ['lease4-wipe', { 'subnet-id': 7 }],
  ['lease4-wipe', undefined],
  ['lease4-get-all', undefined],
];

/** Kea 2.2 answers a conflict with 1; Kea 3.0 (and gitdhcp) with 4 (lease_cmds.cc 3.0, LeaseCmdsConflict). */
const CONFLICT_TEXTS = [
  'IPv4 lease already exists.', 'does not belong to subnet', 'Invalid subnet-id', 'failed to find a subnet', 'failed to update the lease',
];

/** What differs between Kea 2.2's answer and ours, and why; null when they must be equal. */
function expectedDifference(step: Step, ours: CommandResponse): string | null {
  const [name, args] = step;
  if (ours.result === 4 && CONFLICT_TEXTS.some((t) => ours.text?.includes(t))) return 'conflict code (Kea 3.0)';
  if (name === 'lease4-add' && args?.['state'] !== undefined) return 'state range text (Kea 3.0 accepts 0-4)';
  return null;
}

/** Kea's SimpleParser appends the element's position; we have none (see lease-commands.ts). */
const withoutPosition = (text: string | undefined): string | undefined => text?.replace(/ ?\(<[a-z]+>:\d+:\d+\)$/, '');

/** Kea prints bytes above 0x7f as \u00XX (its strings are bytes): read them as UTF-8 as we hold them. */
function bytesToUtf8Deep(value: unknown): unknown {
  if (typeof value === 'string') return /[\x80-\xff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
  if (Array.isArray(value)) return value.map(bytesToUtf8Deep);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [bytesToUtf8Deep(k), bytesToUtf8Deep(v)]));
  return value;
}

describe.skipIf(!isAvailable && process.env['CI'] === undefined)(`lease commands: gitdhcp against Kea ${version}`, () => {
  let dir: string;
  let keaServer: Kea4;
  let ours: Dhcp4Server;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-lease-cmds-kea-'));
    keaServer = await startKea4({ dir, leaseFile: path.join(dir, 'kea-leases4.csv') });
    const logs = createLogs([{ name: 'kea-dhcp4', severity: 'NONE', debuglevel: 0, outputs: ['stdout'] }], 'kea-dhcp4');
    const cfg = config4({
      'interfaces-config': { interfaces: [] },
      'lease-database': { type: 'memfile', name: path.join(dir, 'our-leases4.csv'), 'lfc-interval': 0 },
      'valid-lifetime': 7200,
      'expired-leases-processing': { 'reclaim-timer-wait-time': 0, 'flush-reclaimed-timer-wait-time': 0 },
      subnet4: [{ id: 1, subnet: '192.0.2.0/24' }, { id: 7, subnet: '10.0.0.0/8' }],
      loggers: [{ name: 'kea-dhcp4', severity: 'NONE' }],
    });
    ours = await Dhcp4Server.start(cfg, { logs, dataDir: dir, clock: new FakeClock(), transport: new Udp4Transport({ port: 13167 + (process.pid % 1000) }) });
  });
  afterAll(async () => {
    await ours?.stop();
    await keaServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the same command list with the same result codes, texts and arguments', async () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const step of STEPS) {
      const [name, args] = step;
      const theirs: KeaAnswer = await keaServer.command(name, args);
      const mine = await ours.commands.dispatch(args === undefined ? { command: name } : { command: name, arguments: args });
      const why = expectedDifference(step, mine);
      if (why !== null) {
        if (theirs.result !== mine.result && !(why.startsWith('conflict') && theirs.result === 1)) mismatches.push(`${name} ${JSON.stringify(args)}: Kea ${theirs.result}, ours ${mine.result} (${why})`);
        continue;
      }
      if (name === 'statistic-get') {
        // Timestamps differ; the values must not.
        const value = (x: unknown): unknown => Object.values((x ?? {}) as Record<string, number[][]>)[0]?.[0]?.[0];
        if (value(theirs.arguments) !== value(mine.arguments)) mismatches.push(`${name} ${JSON.stringify(args)}: Kea ${String(value(theirs.arguments))}, ours ${String(value(mine.arguments))}`);
        continue;
      }
      const a = { result: theirs.result, text: withoutPosition(theirs.text), arguments: bytesToUtf8Deep(theirs.arguments) };
      const b = { result: mine.result, text: mine.text, arguments: mine.arguments };
      compared++;
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)))) mismatches.push(`${name} ${JSON.stringify(args)}:\n  Kea  ${JSON.stringify(a)}\n  ours ${JSON.stringify(b)}`);
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(STEPS.length - 15);
  });
});
