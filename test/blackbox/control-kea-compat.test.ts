// The control channel over HTTP: gitdhcp `serve -c` against Debian's Kea 2.2 (kea-dhcp4 with
// lease_cmds and stat_cmds, behind kea-ctrl-agent). The same requests go to both, with the same
// basic-authentication credentials; the HTTP status, the list wrapping, the result codes, the
// texts and the key shape of `arguments` (plus chosen values) must agree, apart from the
// EXPECTED_DIFFERENCES below: where Kea 2.2 and Kea 3.0 (whose answers gitdhcp gives,
// src/bin/dhcp4/ctrl_dhcp4_srv.cc and src/lib/stats/stats_mgr.cc of Kea-3.0.4) differ, or where
// gitdhcp differs on purpose. Debian's kea-shell is also run against both.
// Configs (test/helpers/control-lab.ts): subnets 192.0.2.0/24 = 1 and 198.51.100.0/24 = 2 with
// pools, valid-lifetime 4000, reclamation off, no interfaces, the same four leases (one expired,
// one declined); config-set/config-test add 203.0.113.0/24 = 3. Skipped where kea-dhcp4 or
// kea-ctrl-agent is not installed, except in CI.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findKeaTools, request, runKeaShell, shapeOf, startGitdhcpSide, startKeaSide,
  type HttpAnswer, type LabSpec, type Side,
} from '../helpers/control-lab.js';

const tools = findKeaTools();
const isAvailable = tools.dhcp4 !== null && tools.ctrlAgent !== null && tools.leaseCmds !== null && tools.statCmds !== null;

const USER = 'operator';
const PASSWORD = 'c0ntrol-lab-secret';
const SUBNETS = [
  { id: 1, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.10-192.0.2.100' }] },
  { id: 2, subnet: '198.51.100.0/24', pools: [{ pool: '198.51.100.10-198.51.100.50' }] },
];
const ADDED = [...SUBNETS, { id: 3, subnet: '203.0.113.0/24', pools: [{ pool: '203.0.113.10-203.0.113.20' }] }];
const BROKEN = [...SUBNETS, { id: 3, subnet: '203.0.113.0/24', pools: [{ pool: '10.9.9.1-10.9.9.9' }] }];
/** Kea 2.2's memfile CSV: a lease, an expired one, one in subnet 2, a declined one. */
const LEASES = [
  'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context',
  '192.0.2.20,00:00:5e:00:53:01,,4000,1900000000,1,0,0,alpha,0,',
  '192.0.2.21,00:00:5e:00:53:02,01:00:00:5e:00:53:02,4000,1000004000,1,0,0,,0,',
  '198.51.100.15,00:00:5e:00:53:03,,4000,1900000000,2,0,0,,0,',
  '198.51.100.16,,,4000,1900000000,2,0,0,,1,',
  '',
].join('\n');

type Args = Record<string, unknown>;

interface Step {
  /** Names the step in EXPECTED_DIFFERENCES and in failure messages. */
  readonly id: string;
  readonly command: string;
  /** The arguments, or a function of the side (for side-specific paths and configurations). */
  readonly args?: Args | ((side: Side) => Args);
  /** The text depends on the version (version-get, build-report): not compared. */
  readonly isTextVariable?: boolean;
  /** Values of `arguments` compared besides its shape (time, pid and version left out). */
  readonly values?: (args: unknown) => unknown;
  /** How deep the key shape of `arguments` is compared (default 4). */
  readonly depth?: number;
  /** A further check of Kea's and our `arguments`: what is wrong, or null. */
  readonly check?: (kea: unknown, ours: unknown) => string | null;
}

type Field = 'status' | 'result' | 'text' | 'arguments' | 'values' | 'check';

/** A known difference between Kea 2.2's answer and ours: which fields differ, both answers, and why. */
interface ExpectedDifference {
  readonly fields: readonly Field[];
  readonly kea22: string;
  readonly ours: string;
  readonly why: string;
}

/** The first sample of every statistic in a statistic-get answer (timestamps left out). */
const sampleValues = (a: unknown): unknown => Object.fromEntries(Object.entries((a ?? {}) as Record<string, unknown[][]>).map(([k, v]) => [k, v[0]?.[0]]));
/** Subnet ids, prefixes and pools of a config-get answer. */
const subnetsOf = (a: unknown): unknown => ((a as { Dhcp4?: { subnet4?: Array<{ id: number; subnet: string; pools?: Array<{ pool: string }> }> } }).Dhcp4?.subnet4 ?? [])
  .map((s) => ({ id: s.id, subnet: s.subnet, pools: (s.pools ?? []).map((p) => p.pool.replace(/\s/g, '')) }));
/** The leases of lease4-get-all, sorted by address, without cltt (derived from expire). */
const leasesOf = (a: unknown): unknown => ((a as { leases?: Array<Record<string, unknown>> } | undefined)?.leases ?? [])
  .map(({ cltt: _cltt, ...rest }) => rest)
  .sort((x, y) => String(x['ip-address']).localeCompare(String(y['ip-address'])));
const same = (a: unknown): unknown => a;

const LEASE_STATS = [
  'subnet[1].total-addresses', 'subnet[1].assigned-addresses', 'subnet[1].declined-addresses', 'subnet[1].reclaimed-leases',
  'subnet[2].total-addresses', 'subnet[2].assigned-addresses', 'subnet[2].declined-addresses',
  'declined-addresses', 'reclaimed-leases', 'reclaimed-declined-addresses',
];
const statSteps = (phase: string): Step[] => LEASE_STATS.map((name) => ({ id: `stat-${phase}-${name}`, command: 'statistic-get', args: { name }, values: sampleValues }));

/** Writes outside the configuration's directory (Kea 3.0 refuses it). */
const outside = (side: Side): string => path.join(path.dirname(side.configDir), `outside-${side.label}`, 'written.json');

const STEPS: readonly Step[] = [
  { id: 'unknown-command', command: 'no-such-command' },
  { id: 'version-get', command: 'version-get', isTextVariable: true },
  { id: 'build-report', command: 'build-report', isTextVariable: true },
  { id: 'status-get', command: 'status-get' },
  { id: 'server-tag-get', command: 'server-tag-get', values: same },
  { id: 'config-hash-get', command: 'config-hash-get' },
  // The leases the servers started with, and what leases-reclaim makes of the expired one.
  { id: 'lease4-get-all-start', command: 'lease4-get-all', values: leasesOf },
  ...statSteps('start'),
  {
    id: 'statistic-get-all-start', command: 'statistic-get-all', depth: 1,
    check: (kea, ours) => {
      const missing = Object.keys(kea ?? {}).filter((name) => !(name in (ours as object)));
      return missing.length === 0 ? null : `statistics Kea has and gitdhcp lacks: ${missing.join(', ')}`;
    },
  },
  { id: 'leases-reclaim-no-args', command: 'leases-reclaim' },
  { id: 'leases-reclaim-empty-args', command: 'leases-reclaim', args: {} },
  { id: 'leases-reclaim-remove-string', command: 'leases-reclaim', args: { remove: 'yes' } },
  { id: 'leases-reclaim-keep', command: 'leases-reclaim', args: { remove: false } },
  { id: 'lease4-get-all-reclaimed', command: 'lease4-get-all', values: leasesOf },
  ...statSteps('reclaimed'),
  { id: 'leases-reclaim-remove', command: 'leases-reclaim', args: { remove: true } },
  { id: 'lease4-get-all-removed', command: 'lease4-get-all', values: leasesOf },
  // dhcp-disable / dhcp-enable and their arguments.
  { id: 'dhcp-disable', command: 'dhcp-disable' },
  { id: 'status-get-disabled', command: 'status-get' },
  { id: 'dhcp-enable', command: 'dhcp-enable' },
  { id: 'dhcp-disable-max-period-string', command: 'dhcp-disable', args: { 'max-period': 'x' } },
  { id: 'dhcp-disable-max-period-zero', command: 'dhcp-disable', args: { 'max-period': 0 } },
  { id: 'dhcp-disable-max-period-negative', command: 'dhcp-disable', args: { 'max-period': -5 } },
  { id: 'dhcp-disable-max-period', command: 'dhcp-disable', args: { 'max-period': 60 } },
  { id: 'dhcp-enable-after-max-period', command: 'dhcp-enable' },
  { id: 'dhcp-disable-origin-bogus', command: 'dhcp-disable', args: { origin: 'bogus' } },
  { id: 'dhcp-disable-origin-empty', command: 'dhcp-disable', args: { origin: '' } },
  { id: 'dhcp-disable-origin-list', command: 'dhcp-disable', args: { origin: [] } },
  { id: 'dhcp-disable-origin-number', command: 'dhcp-disable', args: { origin: 2001 } },
  { id: 'dhcp-enable-origin-number', command: 'dhcp-enable', args: { origin: 2001 } },
  { id: 'dhcp-disable-origin-ha-partner', command: 'dhcp-disable', args: { origin: 'ha-partner' } },
  { id: 'dhcp-enable-origin-ha-partner', command: 'dhcp-enable', args: { origin: 'ha-partner' } },
  { id: 'dhcp-disable-origin-id-string', command: 'dhcp-disable', args: { 'origin-id': 'x' } },
  { id: 'dhcp-enable-after-origin-id-string', command: 'dhcp-enable' },
  { id: 'dhcp-enable-origin-user', command: 'dhcp-enable', args: { origin: 'user' } },
  { id: 'status-get-enabled', command: 'status-get' },
  // Statistics.
  { id: 'statistic-get', command: 'statistic-get', args: { name: 'pkt4-received' }, values: sampleValues },
  { id: 'statistic-get-no-args', command: 'statistic-get' },
  { id: 'statistic-get-empty-args', command: 'statistic-get', args: {} },
  { id: 'statistic-get-name-integer', command: 'statistic-get', args: { name: 5 } },
  { id: 'statistic-get-unknown', command: 'statistic-get', args: { name: 'no-such-statistic' }, values: same },
  { id: 'statistic-reset', command: 'statistic-reset', args: { name: 'subnet[1].assigned-addresses' } },
  { id: 'statistic-get-after-reset', command: 'statistic-get', args: { name: 'subnet[1].assigned-addresses' }, values: sampleValues },
  { id: 'statistic-reset-unknown', command: 'statistic-reset', args: { name: 'no-such-statistic' } },
  { id: 'statistic-reset-no-args', command: 'statistic-reset' },
  { id: 'statistic-remove', command: 'statistic-remove', args: { name: 'subnet[2].assigned-addresses' } },
  { id: 'statistic-get-after-remove', command: 'statistic-get', args: { name: 'subnet[2].assigned-addresses' }, values: same },
  { id: 'statistic-remove-unknown', command: 'statistic-remove', args: { name: 'no-such-statistic' } },
  { id: 'statistic-remove-name-list', command: 'statistic-remove', args: { name: [] } },
  { id: 'statistic-sample-age-set', command: 'statistic-sample-age-set', args: { name: 'pkt4-sent', duration: 100 } },
  { id: 'statistic-sample-age-set-no-duration', command: 'statistic-sample-age-set', args: { name: 'pkt4-sent' } },
  { id: 'statistic-sample-age-set-duration-string', command: 'statistic-sample-age-set', args: { name: 'pkt4-sent', duration: 'x' } },
  { id: 'statistic-sample-age-set-unknown', command: 'statistic-sample-age-set', args: { name: 'no-such-statistic', duration: 5 } },
  { id: 'statistic-sample-count-set', command: 'statistic-sample-count-set', args: { name: 'pkt4-sent', 'max-samples': 10 } },
  { id: 'statistic-sample-count-set-no-max', command: 'statistic-sample-count-set', args: { name: 'pkt4-sent' } },
  { id: 'statistic-sample-count-set-max-string', command: 'statistic-sample-count-set', args: { name: 'pkt4-sent', 'max-samples': 'x' } },
  { id: 'statistic-sample-count-set-negative', command: 'statistic-sample-count-set', args: { name: 'pkt4-sent', 'max-samples': -1 } },
  { id: 'statistic-sample-count-set-unknown', command: 'statistic-sample-count-set', args: { name: 'no-such-statistic', 'max-samples': 3 } },
  // Kea empties the statistic's samples on 0, after which statistic-get(-all) fails until a reset adds one.
  { id: 'statistic-sample-count-set-zero', command: 'statistic-sample-count-set', args: { name: 'pkt4-nak-sent', 'max-samples': 0 } },
  { id: 'statistic-reset-after-zero', command: 'statistic-reset', args: { name: 'pkt4-nak-sent' } },
  { id: 'statistic-sample-count-set-back', command: 'statistic-sample-count-set', args: { name: 'pkt4-nak-sent', 'max-samples': 20 } },
  { id: 'statistic-sample-age-set-all', command: 'statistic-sample-age-set-all', args: { duration: 3600 } },
  { id: 'statistic-sample-age-set-all-no-args', command: 'statistic-sample-age-set-all' },
  { id: 'statistic-sample-count-set-all', command: 'statistic-sample-count-set-all', args: { 'max-samples': 5 } },
  { id: 'statistic-sample-count-set-all-zero', command: 'statistic-sample-count-set-all', args: { 'max-samples': 0 } },
  { id: 'statistic-sample-count-set-all-negative', command: 'statistic-sample-count-set-all', args: { 'max-samples': -3 } },
  { id: 'statistic-sample-count-set-all-no-args', command: 'statistic-sample-count-set-all' },
  { id: 'statistic-reset-all', command: 'statistic-reset-all' },
  { id: 'statistic-get-after-reset-all', command: 'statistic-get', args: { name: 'subnet[1].total-addresses' }, values: sampleValues },
  { id: 'statistic-remove-all', command: 'statistic-remove-all' },
  { id: 'statistic-get-all-after-remove-all', command: 'statistic-get-all', values: same },
  // config-test and config-set.
  { id: 'config-test-no-args', command: 'config-test' },
  { id: 'config-test-empty-args', command: 'config-test', args: {} },
  { id: 'config-test-no-dhcp4', command: 'config-test', args: { Dhcp6: {} } },
  { id: 'config-test-dhcp4-not-map', command: 'config-test', args: { Dhcp4: 5 } },
  { id: 'config-test-extra-key', command: 'config-test', args: (s) => ({ Dhcp4: s.dhcp4With(SUBNETS), extra: 1 }) },
  { id: 'config-test-valid', command: 'config-test', args: (s) => ({ Dhcp4: s.dhcp4With(ADDED) }) },
  { id: 'config-test-invalid', command: 'config-test', args: (s) => ({ Dhcp4: s.dhcp4With(BROKEN) }) },
  { id: 'config-get-after-test', command: 'config-get', values: subnetsOf, depth: 1 },
  { id: 'config-set-no-args', command: 'config-set' },
  { id: 'config-set-no-dhcp4', command: 'config-set', args: { x: 1 } },
  { id: 'config-set-dhcp4-not-map', command: 'config-set', args: { Dhcp4: 'x' } },
  { id: 'config-set-invalid', command: 'config-set', args: (s) => ({ Dhcp4: s.dhcp4With(BROKEN) }) },
  { id: 'config-set', command: 'config-set', args: (s) => ({ Dhcp4: s.dhcp4With(ADDED) }) },
  { id: 'config-get', command: 'config-get', values: subnetsOf, depth: 1 },
  { id: 'server-tag-get-after-set', command: 'server-tag-get', values: same },
  // config-write, then config-reload of what was written.
  { id: 'config-write-filename-integer', command: 'config-write', args: { filename: 5 } },
  { id: 'config-write-bare-name', command: 'config-write', args: { filename: 'written.json' }, values: same },
  { id: 'config-write-in-config-dir', command: 'config-write', args: (s) => ({ filename: path.join(s.configDir, 'written-2.json') }), values: (a) => (a as { filename?: unknown } | undefined)?.filename },
  { id: 'config-write-outside', command: 'config-write', args: (s) => ({ filename: outside(s) }), values: (a) => (a as { filename?: unknown } | undefined)?.filename },
  { id: 'config-write', command: 'config-write', values: (a) => (a as { filename?: unknown } | undefined)?.filename },
  { id: 'config-reload', command: 'config-reload' },
  { id: 'config-get-after-reload', command: 'config-get', values: subnetsOf, depth: 1 },
  { id: 'lease4-get-all-after-reload', command: 'lease4-get-all', values: leasesOf },
  // shutdown's argument check (the shutdown itself is the last test).
  { id: 'shutdown-exit-value-string', command: 'shutdown', args: { 'exit-value': 'x' } },
  { id: 'shutdown-exit-value-real', command: 'shutdown', args: { 'exit-value': 1.5 } },
];

const KEA30_STATUS = "Kea 3.0's status-get adds dhcp-state (ctrl_dhcp4_srv.cc commandStatusGetHandler)";

/** Every known difference between Kea 2.2's answer and ours, by step id. */
const EXPECTED_DIFFERENCES: Readonly<Record<string, ExpectedDifference>> = {
  'status-get': { fields: ['arguments'], kea22: 'no dhcp-state', ours: 'dhcp-state { globally-disabled, disabled-by-user, ... }', why: KEA30_STATUS },
  'status-get-disabled': { fields: ['arguments'], kea22: 'no dhcp-state', ours: 'dhcp-state', why: KEA30_STATUS },
  'status-get-enabled': { fields: ['arguments'], kea22: 'no dhcp-state', ours: 'dhcp-state', why: KEA30_STATUS },
  'statistic-get-all-start': {
    fields: ['arguments'], kea22: 'the statistics of Kea 2.2', ours: 'a superset (checked): also pool statistics, pkt4 drop reasons, v4-lease-reuses, global assigned-addresses',
    why: 'Kea 3.0 adds these statistics (dhcp4_srv.cc, alloc_engine.cc, cfg_subnets4.cc)',
  },
  'config-hash-get': {
    fields: ['result', 'text', 'arguments'], kea22: "2 'config-hash-get' command not supported.", ours: '0 { hash }',
    why: 'config-hash-get came in Kea 2.4',
  },
  'dhcp-disable-origin-list': {
    fields: ['text'], kea22: "'origin' argument must be a string", ours: "'origin' argument must be a string or a number",
    why: 'Kea 2.5.8 accepts a number as origin (ctrl_dhcp4_srv.cc 3.0 commandDhcpDisableHandler)',
  },
  'dhcp-disable-origin-number': {
    fields: ['result', 'text'], kea22: "1 'origin' argument must be a string", ours: '0 DHCPv4 service disabled',
    why: 'Kea 2.5.8 accepts a number as origin (here an HA remote origin, 2001)',
  },
  'dhcp-enable-origin-number': {
    fields: ['result', 'text'], kea22: "1 'origin' argument must be a string", ours: '0 DHCP service successfully enabled',
    why: 'Kea 2.5.8 accepts a number as origin',
  },
  'dhcp-disable-origin-id-string': {
    fields: ['result', 'text'], kea22: '0 DHCPv4 service disabled (origin-id is not known to 2.2)', ours: "1 'origin-id' argument must be a number",
    why: 'origin-id came in Kea 2.5.8',
  },
  'statistic-sample-age-set-duration-string': {
    fields: ['text'], kea22: 'Error during command processing: intValue() called on non-integer Element in (<wire>:0:29)',
    ours: "'duration' parameter expected to be a non-negative integer (seconds).",
    why: 'Kea 2.2 and 3.0 (stats_mgr.cc getStatDuration) call intValue() unchecked; gitdhcp checks the type. A negative duration is not sent: it crashes Kea 2.2 (free(): invalid pointer) and gitdhcp refuses it',
  },
  'statistic-sample-count-set-negative': {
    fields: ['result', 'text'], kea22: "0 Statistic 'pkt4-sent' count limit is set. (-1 read as 4294967295)", ours: "1 'max-samples' parameter expected to be an integer.",
    why: 'Kea 2.2 and 3.0 cast intValue() to uint32 (stats_mgr.cc getStatMaxSamples); gitdhcp refuses a value that does not fit',
  },
  'statistic-sample-count-set-all-negative': {
    fields: ['result', 'text'], kea22: '0 All statistics count limit are set.', ours: "1 'max-samples' parameter expected to be an integer.",
    why: 'as statistic-sample-count-set-negative',
  },
  'statistic-sample-count-set-zero': {
    fields: ['result', 'text'], kea22: "0 Statistic 'pkt4-nak-sent' count limit is set. (and statistic-get then fails: Observation storage container empty)",
    ours: "1 'max-samples' parameter must not be zero",
    why: 'Kea 2.2 and 3.0 accept 0 for one statistic and leave it without samples (observation.cc setMaxSampleCountInternal); gitdhcp refuses 0 as Kea does for statistic-sample-count-set-all',
  },
  'config-test-invalid': {
    fields: ['text'], kea22: "Kea's parser message (subnet configuration failed: a pool ... does not match the prefix of a subnet ...)", ours: "gitdhcp's validation message",
    why: 'gitdhcp validates with its own rules and messages',
  },
  'config-set-invalid': {
    fields: ['text'], kea22: "Kea's parser message", ours: "gitdhcp's validation message", why: 'gitdhcp validates with its own rules and messages',
  },
  'config-set': { fields: ['arguments'], kea22: 'no arguments', ours: '{ hash }', why: "Kea 3.0's config-set answer carries the new configuration's hash (json_config_parser.cc configureDhcp4Server)" },
  'config-reload': { fields: ['arguments'], kea22: 'no arguments', ours: '{ hash }', why: 'config-reload answers as config-set (Kea 3.0)' },
  'config-get-after-test': { fields: ['arguments'], kea22: '{ Dhcp4 }', ours: '{ Dhcp4, hash }', why: "Kea 3.0's config-get adds hash (ctrl_dhcp4_srv.cc commandConfigGetHandler)" },
  'config-get': { fields: ['arguments'], kea22: '{ Dhcp4 }', ours: '{ Dhcp4, hash }', why: "Kea 3.0's config-get adds hash" },
  'config-get-after-reload': { fields: ['arguments'], kea22: '{ Dhcp4 }', ours: '{ Dhcp4, hash }', why: "Kea 3.0's config-get adds hash" },
  'config-write-bare-name': {
    fields: ['text', 'values'], kea22: '0 Configuration written to written.json successful (relative to its working directory)',
    ours: '0 Configuration written to <config>/written.json successful',
    why: 'Kea 3.0 (daemon.cc checkWriteConfigFile) puts a bare name in the configuration file\'s directory and answers the full path',
  },
  'config-write-outside': {
    fields: ['result', 'text', 'arguments', 'values'], kea22: '0 Configuration written to <outside>/written.json successful',
    ours: '1 not allowed to write config into <outside>/written.json: file <outside>/written.json must be in the same directory as the config file (<config>)',
    why: 'Kea 3.0 (daemon.cc checkWriteConfigFile) writes only into the configuration file\'s directory',
  },
};

/** Differences of the HTTP layer (not of a command), by check id. */
const EXPECTED_HTTP_DIFFERENCES: Readonly<Record<string, ExpectedDifference>> = {
  'not-json': {
    fields: ['result', 'text'], kea22: '400 { "result": 400, "text": "Bad Request" }', ours: '400 { "result": 1, "text": "Bad Request: the body is not JSON (...)" }',
    why: 'on purpose (src/control/http-socket.ts commandReply): result 1 so that clients reading `result` see a failed command, and the parser\'s reason; Kea 2.2 and 3.0 both answer the stock body',
  },
  'get-root': {
    fields: ['status', 'result', 'text'], kea22: '400 { "result": 400, "text": "Bad Request" }', ours: '200 the HTML status page',
    why: 'gitdhcp serves its status page on GET (src/cli/status-model.ts); Kea takes only POST',
  },
  'get-root-no-credentials': {
    fields: ['status', 'result', 'text'], kea22: '400 Bad Request (the request is parsed before authentication)', ours: '401 Unauthorized',
    why: 'gitdhcp checks credentials before reading the request (src/control/http-socket.ts)',
  },
  'not-json-no-credentials': {
    fields: ['status', 'result', 'text'], kea22: '400 Bad Request', ours: '401 Unauthorized',
    why: 'gitdhcp checks credentials before reading the body',
  },
  'envelope-list': {
    fields: ['text'], kea22: 'Error during command processing: Invalid command Element specified, expected map',
    ours: 'Error during command processing: invalid command: expected toplevel entry to be a map, got list instead',
    why: "kea-ctrl-agent 2.2 parses the envelope itself; a Kea 3.0 daemon's text is command_interpreter.cc parseCommand's",
  },
  'envelope-extra-key': {
    fields: ['text'], kea22: "Error during command processing: Received command contains unsupported parameter 'x'",
    ours: "Error during command processing: invalid command: unsupported parameter 'x'",
    why: 'as envelope-list',
  },
  'service-dhcp6': {
    fields: ['result', 'text'], kea22: '1 forwarding socket is not configured for the server type dhcp6', ours: '0 (status-get answered)',
    why: 'a Kea 3.0 daemon ignores `service` (command_interpreter.cc parseCommand); only the agent forwards by it',
  },
};

/**
 * Commands Kea 2.2 lists (kea-dhcp4 with lease_cmds and stat_cmds) that gitdhcp does not have,
 * and why. Anything else Kea lists must be in gitdhcp's list-commands.
 */
const MISSING_COMMANDS: Readonly<Record<string, string>> = {
  'config-backend-pull': 'gitdhcp has no configuration backend (config-control); git is its source',
  libreload: 'removed in Kea 3.0; gitdhcp loads no hook libraries',
  'lease4-resend-ddns': 'gitdhcp has no DHCP-DDNS client',
  'stat-lease6-get': 'gitdhcp serves DHCPv4 only',
};
const isMissingOk = (name: string): boolean => name in MISSING_COMMANDS || name.startsWith('lease6-');

interface Answer {
  readonly status: number;
  readonly isList: boolean;
  readonly result: unknown;
  readonly text: unknown;
  readonly arguments: unknown;
}

/** The first response of a list (or the body itself when it is not a list), paths made comparable. */
function answerOf(http: HttpAnswer, side: Side): Answer {
  const isList = Array.isArray(http.json);
  const body = (isList ? (http.json as unknown[])[0] : http.json) as { result?: unknown; text?: unknown; arguments?: unknown } | undefined;
  const normalize = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(path.dirname(outside(side))).join('<outside>').split(side.configDir).join('<config>');
    if (Array.isArray(v)) return v.map(normalize);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
    return v;
  };
  return { status: http.status, isList, result: body?.result, text: normalize(body?.text), arguments: normalize(body?.arguments) };
}

/** Where `a` (Kea) and `b` (ours) differ, as field → [Kea, ours]. */
function differences(step: Pick<Step, 'isTextVariable' | 'values' | 'depth' | 'check'>, a: Answer, b: Answer): Map<Field, [unknown, unknown]> {
  const out = new Map<Field, [unknown, unknown]>();
  const check = (field: Field, x: unknown, y: unknown): void => {
    if (!isDeepStrictEqual(x, y)) out.set(field, [x, y]);
  };
  check('status', a.status, b.status);
  check('result', a.result, b.result);
  if (step.isTextVariable !== true) check('text', a.text, b.text);
  check('arguments', shapeOf(a.arguments, step.depth ?? 4), shapeOf(b.arguments, step.depth ?? 4));
  if (step.values !== undefined) check('values', step.values(a.arguments), step.values(b.arguments));
  const wrong = step.check?.(a.arguments, b.arguments) ?? null;
  if (wrong !== null) out.set('check', [wrong, wrong]);
  return out;
}

/** The mismatches of one comparison: unexpected differences, and expected ones that did not happen. */
function judge(id: string, diff: Map<Field, [unknown, unknown]>, expected: ExpectedDifference | undefined): string[] {
  const out: string[] = [];
  for (const [field, [kea, ours]] of diff) {
    if (expected?.fields.includes(field) !== true) out.push(`${id}: ${field} differs\n    Kea 2.2: ${JSON.stringify(kea)}\n    gitdhcp: ${JSON.stringify(ours)}`);
  }
  for (const field of expected?.fields ?? []) {
    if (!diff.has(field)) out.push(`${id}: ${field} was expected to differ (${expected?.why ?? ''}) but agrees: update EXPECTED_DIFFERENCES`);
  }
  return out;
}

describe.skipIf(!isAvailable && process.env['CI'] === undefined)('the HTTP control channel: gitdhcp serve against kea-ctrl-agent + kea-dhcp4 2.2', () => {
  let spec: LabSpec = { dir: '', user: USER, password: PASSWORD, realm: 'kea-control-agent', subnets: SUBNETS, leaseCsv: LEASES };
  let dir = '';
  let kea: Side | undefined;
  let ours: Side | undefined;
  const credentials = `${USER}:${PASSWORD}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-control-kea-'));
    spec = { ...spec, dir };
    for (const label of ['Kea', 'gitdhcp']) mkdirSync(path.join(dir, `outside-${label}`));
    // allSettled: when one side fails to start, the other is still kept for afterAll to stop.
    const [k, o] = await Promise.allSettled([startKeaSide(spec, tools), startGitdhcpSide(spec)]);
    if (k.status === 'fulfilled') kea = k.value;
    if (o.status === 'fulfilled') ours = o.value;
    for (const r of [k, o]) if (r.status === 'rejected') throw r.reason;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...(kea?.procs ?? []), ...(ours?.procs ?? [])].map((p) => p.stop()));
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const both = (): [Side, Side] => {
    if (kea === undefined || ours === undefined) throw new Error('the lab did not start');
    return [kea, ours];
  };

  /** Sends one command to the agent (with service dhcp4) and to gitdhcp (with or without service). */
  async function exchange(step: Step, withService: boolean, creds: string | null = credentials): Promise<[HttpAnswer, HttpAnswer]> {
    const [k, o] = both();
    const body = (side: Side, service: boolean): Record<string, unknown> => {
      const args = typeof step.args === 'function' ? step.args(side) : step.args;
      return { command: step.command, ...(args === undefined ? {} : { arguments: args }), ...(service ? { service: ['dhcp4'] } : {}) };
    };
    return Promise.all([
      request(k.port, { body: body(k, true), ...(creds === null ? {} : { credentials: creds }) }),
      request(o.port, { body: body(o, withService), ...(creds === null ? {} : { credentials: creds }) }),
    ]);
  }

  it('answers every command with the same status, list wrapping, result, text and argument shape, and refuses each without valid credentials', async () => {
    const [k, o] = both();
    const mismatches: string[] = [];
    for (const [i, step] of STEPS.entries()) {
      // Without and with wrong credentials first: both refuse it with 401 and do nothing.
      for (const [what, creds] of [['no credentials', null], ['wrong password', `${USER}:not-${PASSWORD}`], ['unknown user', `x${USER}:${PASSWORD}`]] as const) {
        const [a, b] = await exchange(step, true, creds);
        const shapeA = { status: a.status, body: a.json, challenge: a.headers.get('www-authenticate') };
        const shapeB = { status: b.status, body: b.json, challenge: b.headers.get('www-authenticate') };
        if (a.status !== 401 || !isDeepStrictEqual(shapeA, shapeB)) mismatches.push(`${step.id} (${what}):\n    Kea 2.2: ${JSON.stringify(shapeA)}\n    gitdhcp: ${JSON.stringify(shapeB)}`);
      }
      // Every other step goes to gitdhcp without `service`, as a client of a Kea 3.0 daemon sends it.
      const [a, b] = await exchange(step, i % 2 === 0);
      const ka = answerOf(a, k);
      const kb = answerOf(b, o);
      if (!ka.isList || !kb.isList) mismatches.push(`${step.id}: not wrapped in a list: Kea ${a.text.slice(0, 200)} / gitdhcp ${b.text.slice(0, 200)}`);
      mismatches.push(...judge(step.id, differences(step, ka, kb), EXPECTED_DIFFERENCES[step.id]));
    }
    const unused = Object.keys(EXPECTED_DIFFERENCES).filter((id) => !STEPS.some((s) => s.id === id));
    expect(unused, 'EXPECTED_DIFFERENCES names steps that do not exist').toEqual([]);
    expect(mismatches).toEqual([]);
    // config-write wrote where each server said it did.
    expect(existsSync(path.join(k.configDir, 'written.json'))).toBe(true);
    expect(existsSync(path.join(o.configDir, 'written.json'))).toBe(true);
    expect(existsSync(path.join(o.configDir, 'written-2.json'))).toBe(true);
    expect(existsSync(outside(o))).toBe(false);
  });

  it('lists every command Kea 2.2 lists (with lease_cmds and stat_cmds), apart from the documented ones', async () => {
    const [a, b] = await exchange({ id: 'list-commands', command: 'list-commands' }, false);
    const [k, o] = both();
    const ka = answerOf(a, k);
    const kb = answerOf(b, o);
    const theirs = ka.arguments as string[];
    const mine = new Set(kb.arguments as string[]);
    expect({
      status: kb.status,
      isList: kb.isList,
      result: kb.result,
      // Kea 2.2 and 3.0 answer list-commands without a text (base_command_mgr.cc listCommandsHandler).
      text: kb.text,
      missing: theirs.filter((c) => !mine.has(c) && !isMissingOk(c)),
      'listed in MISSING_COMMANDS but not by Kea': Object.keys(MISSING_COMMANDS).filter((c) => !theirs.includes(c)),
      'listed in MISSING_COMMANDS but present': Object.keys(MISSING_COMMANDS).filter((c) => mine.has(c)),
    }).toEqual({
      status: ka.status, isList: true, result: ka.result, text: ka.text, missing: [],
      'listed in MISSING_COMMANDS but not by Kea': [], 'listed in MISSING_COMMANDS but present': [],
    });
  });

  it('gives the same answer with and without `service` (read-only commands)', async () => {
    const [, o] = both();
    for (const step of STEPS.filter((s) => ['version-get', 'server-tag-get', 'config-get', 'config-hash-get', 'no-such-command', 'statistic-get', 'lease4-get-all', 'list-commands'].includes(s.command))) {
      const body = { command: step.command, ...(typeof step.args === 'object' ? { arguments: step.args } : {}) };
      const [withService, without] = await Promise.all([
        request(o.port, { body: { ...body, service: ['dhcp4'] }, credentials }),
        request(o.port, { body, credentials }),
      ]);
      expect({ id: step.id, status: withService.status, json: withService.json }).toEqual({ id: step.id, status: without.status, json: without.json });
    }
  });

  it('answers requests that are not commands as the agent does, apart from the documented differences', async () => {
    const [k, o] = both();
    const checks: ReadonlyArray<readonly [string, { method?: string; body?: unknown; credentials?: string }]> = [
      ['not-json', { body: 'not json', credentials }],
      ['not-json-no-credentials', { body: 'not json' }],
      ['get-root', { method: 'GET', credentials }],
      ['get-root-no-credentials', { method: 'GET' }],
      ['empty-body', { body: '', credentials }],
      ['envelope-list', { body: '[1]', credentials }],
      ['envelope-extra-key', { body: { command: 'status-get', service: ['dhcp4'], x: 1 }, credentials }],
      ['service-dhcp6', { body: { command: 'status-get', service: ['dhcp6'] }, credentials }],
      ['no-credentials', { body: { command: 'status-get', service: ['dhcp4'] } }],
      ['wrong-credentials', { body: { command: 'status-get', service: ['dhcp4'] }, credentials: `${USER}:wrong` }],
      ['malformed-authorization', { body: { command: 'status-get', service: ['dhcp4'] }, credentials: '' }],
    ];
    const mismatches: string[] = [];
    for (const [id, req] of checks) {
      const [a, b] = await Promise.all([request(k.port, req), request(o.port, req)]);
      const ka = answerOf(a, k);
      const kb = answerOf(b, o);
      // A stock answer (400, 401) is a bare map in both; a command's answer a list in both.
      const expected = EXPECTED_HTTP_DIFFERENCES[id];
      if (ka.isList !== kb.isList && expected?.fields.includes('status') !== true) mismatches.push(`${id}: list wrapping differs: Kea ${a.text.slice(0, 200)} / gitdhcp ${b.text.slice(0, 200)}`);
      if (a.status === 401 && a.headers.get('www-authenticate') !== b.headers.get('www-authenticate')) {
        mismatches.push(`${id}: WWW-Authenticate differs: ${a.headers.get('www-authenticate') ?? ''} / ${b.headers.get('www-authenticate') ?? ''}`);
      }
      const diff = differences({}, ka, kb);
      if (id.startsWith('service-dhcp6') || id === 'get-root') diff.delete('arguments');
      mismatches.push(...judge(id, diff, expected));
    }
    expect(mismatches).toEqual([]);
  });

  it.skipIf(tools.shell === null)("gives kea-shell the same answers as the agent gives it", () => {
    const [k, o] = both();
    const runs: ReadonlyArray<readonly [string, string, string | undefined]> = [
      ['server-tag-get', '', 'dhcp4'],
      ['dhcp-enable', '', 'dhcp4'],
      ['no-such-command', '', 'dhcp4'],
      ['statistic-get', '"name": "no-such-statistic"', 'dhcp4'],
      ['leases-reclaim', '"remove": "yes"', 'dhcp4'],
    ];
    for (const [command, args, service] of runs) {
      const a = runKeaShell(tools.shell as string, k.port, spec, command, args, service);
      const b = runKeaShell(tools.shell as string, o.port, spec, command, args, service);
      expect({ command, status: b.status, answer: JSON.parse(b.stdout) as unknown }).toEqual({ command, status: a.status, answer: JSON.parse(a.stdout) as unknown });
    }
    // status-get: the same keys (apart from Kea 3.0's dhcp-state).
    const a = runKeaShell(tools.shell as string, k.port, spec, 'status-get');
    const b = runKeaShell(tools.shell as string, o.port, spec, 'status-get', '', undefined);
    const keys = (out: string): string[] => Object.keys((JSON.parse(out) as Array<{ arguments: object }>)[0]?.arguments ?? {}).filter((x) => x !== 'dhcp-state').sort();
    expect(keys(b.stdout)).toEqual(keys(a.stdout));
    // Wrong credentials: kea-shell fails the same way on both.
    const wrong = { ...spec, password: 'wrong' };
    const wa = runKeaShell(tools.shell as string, k.port, wrong, 'status-get');
    const wb = runKeaShell(tools.shell as string, o.port, wrong, 'status-get');
    expect({ status: wb.status, out: wb.stdout + wb.stderr }).toEqual({ status: wa.status, out: wa.stdout + wa.stderr });
    expect(wa.status).not.toBe(0);
  });

  it('shuts down on shutdown with the exit value asked for, as Kea does', async () => {
    const [k, o] = both();
    const [a, b] = await exchange({ id: 'shutdown', command: 'shutdown', args: { 'exit-value': 3 } }, false);
    expect(judge('shutdown', differences({}, answerOf(a, k), answerOf(b, o)), undefined)).toEqual([]);
    const keaDhcp4 = k.procs[0];
    const gitdhcp = o.procs[0];
    const [keaExit, ourExit] = await Promise.all([keaDhcp4?.exitCode(15_000), gitdhcp?.exitCode(15_000)]);
    expect({ keaExit, ourExit }).toEqual({ keaExit: 3, ourExit: 3 });
  });
});
