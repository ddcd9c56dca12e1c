/**
 * `/metrics` in the Prometheus text format. Kea's statistics come out under the names, help
 * texts, types and labels of ISC Stork's Kea exporter (stork-agent,
 * backend/agent/promkeaexporter.go), so Stork's Grafana dashboards and alerts read gitdhcp
 * unchanged; gitdhcp's own state (build, DHCP service, reconciler) comes out as `gitdhcp_*`.
 *
 * Every render rebuilds every value from its input: a statistic that is gone from the input
 * (a removed subnet, a `statistic-remove`) is gone from the next render (Stork would keep
 * printing its last value). Stork declares every Kea statistic a gauge, `_total` names
 * included, which is also right: `statistic-reset` lowers them.
 *
 * The `kea_*` families are written into a buffer here rather than through prom-client gauges:
 * with 10 000 subnets they are ~170 000 series, and prom-client's per-series label hashing and
 * formatting took 0.9-1.5 s per render on a busy 2-CPU machine where this took 0.1-0.2 s (see
 * metrics.test.ts). Escaping follows the same exposition rules prom-client applies. The
 * `gitdhcp_*` families and the process metrics live in a prom-client Registry of their own.
 *
 * Imports prom-client only; no sockets, no files of its own (prom-client's process metrics
 * read /proc when rendered).
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsInput {
  /** Kea statistics by name → current value (Kea's names: pkt4-received, subnet[3].assigned-addresses, subnet[3].pool[0].total-addresses, ...). */
  readonly stats: ReadonlyMap<string, number> | { names(): string[]; get(name: string): number };
  /** The subnets serving now: id → prefix text and shared network name (for labels). */
  readonly subnets: ReadonlyArray<{ readonly id: number; readonly prefix: string; readonly sharedNetwork?: string | undefined; readonly pools: ReadonlyArray<{ readonly id: number; readonly range: string }> }>;
  /** The reconciler, in git mode. */
  readonly gitops?: {
    readonly repository: string; readonly branch: string;
    readonly serving: string | null;            // the revision serving now
    readonly lastHealthy: string | null;
    readonly quarantined: number;                // revisions in quarantine
    readonly outcomes: Readonly<Record<string, number>>; // attempts since start by outcome: applied, rolled-back, invalid, quarantined, apply-failed, blocked, unsigned, rollback
    readonly lastSuccessAt: number | null;       // ms since epoch of the last applied+healthy revision
    readonly lastTimings: Readonly<Record<string, number>>; // ms of the last attempt's phases: fetch, validate, plan, apply, health, watch, rollback...
    readonly conditions: ReadonlyArray<{ readonly type: string; readonly status: boolean }>;
  };
  readonly version: string;
  readonly dhcpEnabled: boolean;
}

/** One metric family: its name (also as bytes) and help text (every `kea_*` family is a gauge, as in Stork). */
interface Family4 {
  readonly name: string;
  readonly help: string;
  readonly nameBytes: Buffer;
}

function family(name: string, help: string): Family4 {
  return { name, help, nameBytes: Buffer.from(name) };
}

function families(rows: ReadonlyArray<readonly [kea: string, name: string, help: string]>): ReadonlyMap<string, Family4> {
  return new Map(rows.map(([kea, name, help]) => [kea, family(`kea_dhcp4_${name}`, help)]));
}

// The tables below copy Stork's NewPromKeaExporter (backend/agent/promkeaexporter.go, isc-projects/stork
// d44e8217c749fcc6ca7717c3894e7849c930450a): Kea statistic name → metric name (after `kea_dhcp4_`) and help.

/** Global statistics (Stork's Global4StatMap). */
const GLOBAL4 = families([
  ['cumulative-assigned-addresses', 'global4_cumulative_addresses_assigned_total', 'Cumulative number of assigned addresses since server startup from all subnets'],
  ['declined-addresses', 'global4_addresses_declined_total', 'Declined counts from all subnets'],
  ['reclaimed-declined-addresses', 'global4_addresses_declined_reclaimed_total', 'Declined addresses that were reclaimed for all subnets'],
  ['reclaimed-leases', 'global4_addresses_reclaimed_total', 'Expired addresses that were reclaimed for all subnets'],
  ['v4-allocation-fail', 'global4_allocation_fail_total', 'Address allocation failures for all subnets'],
  ['v4-allocation-fail-shared-network', 'global4_allocation_fail_shared_network_total', 'Address allocation failures for all subnets in a shared network'],
  ['v4-allocation-fail-subnet', 'global4_allocation_fail_subnet_total', 'Address allocation failures for all subnets not in a shared network'],
  ['v4-allocation-fail-no-pools', 'global4_allocation_fail_no_pools_total', 'Address allocation failures for all subnets due to lack of configured pool'],
  ['v4-allocation-fail-classes', 'global4_allocation_fail_classes_total', "Address allocation failures for all subnets because client's packet belongs to one or more classes"],
  ['v4-lease-reuses', 'global4_lease_reuses_total', 'Number of times IPv4 leases were reused from cache for all subnets'],
  ['v4-reservation-conflicts', 'global4_reservation_conflicts_total', 'Number of host reservation allocation conflicts for all subnets'],
]);

/** `subnet[N].<name>` (Stork's Addr4StatsMap); labels prefix, shared_network, subnet, subnet_id. */
const SUBNET4 = families([
  ['assigned-addresses', 'addresses_assigned_total', 'Assigned addresses'],
  ['declined-addresses', 'addresses_declined_total', 'Declined counts'],
  ['reclaimed-declined-addresses', 'addresses_declined_reclaimed_total', 'Declined addresses that were reclaimed'],
  ['reclaimed-leases', 'addresses_reclaimed_total', 'Expired addresses that were reclaimed'],
  ['total-addresses', 'addresses_total', 'Size of subnet address pool'],
  ['cumulative-assigned-addresses', 'cumulative_addresses_assigned_total', 'Cumulative number of assigned addresses since server startup'],
  ['v4-allocation-fail', 'allocation_fail_total', 'Address allocation failures'],
  ['v4-allocation-fail-shared-network', 'allocation_fail_shared_network_total', 'Address allocation failures in a shared network'],
  ['v4-allocation-fail-subnet', 'allocation_fail_subnet_total', 'Address allocation failures not in a shared network'],
  ['v4-allocation-fail-no-pools', 'allocation_fail_no_pools_total', 'Address allocation failures due to lack of configured pool'],
  ['v4-allocation-fail-classes', 'allocation_fail_classes_total', "Address allocation failures because client's packet belongs to one or more classes"],
  ['v4-lease-reuses', 'lease_reuses_total', 'Number of times IPv4 leases were reused from cache'],
  ['v4-reservation-conflicts', 'reservation_conflicts_total', 'Number of host reservation allocation conflicts'],
]);

/** `subnet[N].pool[M].<name>` (Stork's `pool-<name>` entries); labels pool_id and the subnet's. */
const POOL4 = families([
  ['assigned-addresses', 'pool_addresses_assigned_total', 'Total number of assigned addresses in the DHCPv4 pool'],
  ['declined-addresses', 'pool_addresses_declined_total', 'Total number of declined addresses in the DHCPv4 pool'],
  ['reclaimed-leases', 'pool_addresses_reclaimed_total', 'Total number of reclaimed leases in the DHCPv4 pool'],
  ['reclaimed-declined-addresses', 'pool_addresses_declined_reclaimed_total', 'Total number of reclaimed declined addresses in the DHCPv4 pool'],
  ['cumulative-assigned-addresses', 'pool_addresses_cumulative_assigned_total', 'Total number of cumulative assigned addresses in the DHCPv4 pool'],
  ['total-addresses', 'pool_addresses_total', 'Total number of addresses in the DHCPv4 pool'],
]);

const RECEIVED4 = family('kea_dhcp4_packets_received_total', 'Packets received');
const SENT4 = family('kea_dhcp4_packets_sent_total', 'Packets sent');

/** gitdhcp's additions, written with the Kea families. */
const UNMAPPED = family('gitdhcp_dhcp4_statistic', 'Global Kea statistics that Stork has no metric for, by their Kea name');
const POOL_INFO = family('gitdhcp_dhcp4_pool_info', 'The address range of each pool serving now; the value is always 1');

/**
 * Packet statistics (Stork's PktStatsMap) → family and `operation` label. Stork skips
 * `pkt4-received` and `pkt4-sent` (sums of these) and every other `pkt4-*` name.
 */
const PACKET4: ReadonlyMap<string, { readonly family: Family4; readonly labels: Buffer }> = new Map(
  [
    ...(['nak', 'ack', 'decline', 'discover', 'inform', 'offer', 'release', 'request', 'unknown'] as const).map((op) => [`pkt4-${op}-received`, RECEIVED4, op] as const),
    ['pkt4-receive-drop', RECEIVED4, 'drop'] as const,
    ['pkt4-parse-failed', RECEIVED4, 'parse-failed'] as const,
    ...(['offer', 'nak', 'ack'] as const).map((op) => [`pkt4-${op}-sent`, SENT4, op] as const),
  ].map(([kea, family, operation]) => [kea, { family, labels: Buffer.from(`operation="${operation}"`) }]),
);

export interface MetricsExporterOptions {
  /** Adds prom-client's process and Node.js metrics, prefixed `gitdhcp_` (default true). */
  readonly processMetrics?: boolean;
}

/** Every outcome the reconciler records (gitops/state.ts `Outcome`): each is printed, 0 until seen, so rate() works from the start. */
const OUTCOMES = ['applied', 'rollback', 'invalid', 'unsigned', 'blocked', 'rolled-back', 'apply-failed', 'quarantined'] as const;
/** Outcomes that put an older revision back in service: automatic (`rolled-back`) and manual (`rollback`). */
const ROLLBACK_OUTCOMES = ['rolled-back', 'rollback'] as const;

/**
 * Renders the metrics. One instance per process (it owns a prom-client Registry, and with
 * process metrics on, prom-client's event-loop and GC observers).
 *
 * @example
 * const exporter = new MetricsExporter();
 * const { contentType, body } = await exporter.render({ stats, subnets, version, dhcpEnabled: true });
 */
export class MetricsExporter {
  readonly #registry = new Registry();
  readonly #build: Gauge<'version'>;
  readonly #enabled: Gauge;
  readonly #revision: Gauge<'branch' | 'repository' | 'revision'>;
  readonly #lastHealthy: Gauge<'revision'>;
  readonly #attempts: Counter<'outcome'>;
  readonly #rollbacks: Counter;
  readonly #quarantined: Gauge;
  readonly #lastSuccess: Gauge;
  readonly #phase: Gauge<'phase'>;
  readonly #condition: Gauge<'type'>;

  constructor(options: MetricsExporterOptions = {}) {
    const registers = [this.#registry];
    this.#build = new Gauge({ name: 'gitdhcp_build_info', help: 'gitdhcp version; the value is always 1', labelNames: ['version'], registers });
    this.#enabled = new Gauge({ name: 'gitdhcp_dhcp4_enabled', help: 'Whether the DHCPv4 service answers clients (1) or is disabled by dhcp-disable (0)', registers });
    this.#revision = new Gauge({ name: 'gitdhcp_revision_info', help: 'The git revision serving now; the value is always 1', labelNames: ['branch', 'repository', 'revision'], registers });
    this.#lastHealthy = new Gauge({ name: 'gitdhcp_last_healthy_revision_info', help: 'The newest revision that was applied and passed its health checks; the value is always 1', labelNames: ['revision'], registers });
    this.#attempts = new Counter({ name: 'gitdhcp_reconcile_attempts_total', help: 'Reconcile attempts since start, by outcome', labelNames: ['outcome'], registers });
    this.#rollbacks = new Counter({ name: 'gitdhcp_rollbacks_total', help: 'Rollbacks since start, automatic (rolled-back) and manual (rollback)', registers });
    this.#quarantined = new Gauge({ name: 'gitdhcp_quarantined_revisions', help: 'Revisions in quarantine (failed health with nothing to roll back to)', registers });
    this.#lastSuccess = new Gauge({ name: 'gitdhcp_last_success_timestamp_seconds', help: 'When the last revision was applied and found healthy, in seconds since the epoch', registers });
    this.#phase = new Gauge({ name: 'gitdhcp_phase_duration_seconds', help: 'Duration of each phase of the last reconcile attempt, in seconds', labelNames: ['phase'], registers });
    this.#condition = new Gauge({ name: 'gitdhcp_condition', help: 'Reconciler conditions: 1 when the condition is true, 0 when false', labelNames: ['type'], registers });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.#registry, prefix: 'gitdhcp_' });
  }

  /** The exposition text for `input`; `contentType` is Prometheus text format 0.0.4. */
  async render(input: MetricsInput): Promise<{ contentType: string; body: string }> {
    this.#setOwn(input);
    const own = await this.#registry.metrics();
    const kea = await renderKea4(input);
    return { contentType: this.#registry.contentType, body: `${own}\n${kea}` };
  }

  #setOwn(input: MetricsInput): void {
    // Only ours: the process metrics accumulate between renders (CPU seconds, GC histograms).
    for (const m of [this.#build, this.#enabled, this.#revision, this.#lastHealthy, this.#attempts, this.#rollbacks, this.#quarantined, this.#lastSuccess, this.#phase, this.#condition]) m.reset();
    this.#build.set({ version: input.version }, 1);
    this.#enabled.set(input.dhcpEnabled ? 1 : 0);
    const g = input.gitops;
    // Label-less families mean nothing outside git mode: they leave the registry rather than print 0.
    this.#show(this.#rollbacks, 'gitdhcp_rollbacks_total', g !== undefined);
    this.#show(this.#quarantined, 'gitdhcp_quarantined_revisions', g !== undefined);
    this.#show(this.#lastSuccess, 'gitdhcp_last_success_timestamp_seconds', g !== undefined && g.lastSuccessAt !== null);
    if (g === undefined) return;
    if (g.serving !== null) this.#revision.set({ branch: g.branch, repository: g.repository, revision: g.serving }, 1);
    if (g.lastHealthy !== null) this.#lastHealthy.set({ revision: g.lastHealthy }, 1);
    for (const outcome of OUTCOMES) this.#attempts.inc({ outcome }, 0);
    for (const [outcome, n] of Object.entries(g.outcomes)) this.#attempts.inc({ outcome }, Math.max(0, n));
    this.#rollbacks.inc(ROLLBACK_OUTCOMES.reduce((sum, o) => sum + Math.max(0, g.outcomes[o] ?? 0), 0));
    this.#quarantined.set(g.quarantined);
    if (g.lastSuccessAt !== null) this.#lastSuccess.set(g.lastSuccessAt / 1000);
    for (const [phase, ms] of Object.entries(g.lastTimings)) this.#phase.set({ phase }, ms / 1000);
    for (const c of g.conditions) this.#condition.set({ type: c.type }, c.status ? 1 : 0);
  }

  /** Registers `metric` (named `name`) when `shown`, removes it from the registry otherwise. */
  #show(metric: Gauge | Counter, name: string, shown: boolean): void {
    const isRegistered = this.#registry.getSingleMetric(name) !== undefined;
    if (shown && !isRegistered) this.#registry.registerMetric(metric);
    if (!shown && isRegistered) this.#registry.removeSingleMetric(name);
  }
}

/** Stork's label value escaping (the exposition format's): backslash, double quote, newline. */
export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/**
 * One family's samples of this render, in parallel arrays: the label bytes (a subnet's, shared by
 * all its statistics; null for no labels), the pool ID (-1 for none) and the value.
 */
interface Samples {
  readonly labels: Array<Buffer | null>;
  readonly pools: number[];
  readonly values: number[];
  /** An upper bound of the bytes these samples print as. */
  bytes: number;
}

/** Longest text of a value (`-1.7976931348623157e+308`), or of `pool_id="N",`'s N. */
const MAX_NUMBER_BYTES = 24;

/**
 * The `kea_dhcp4_*` families, as Stork's setDaemonStats maps statistic-get-all: `pkt4-*` by
 * operation (its sums `pkt4-received`/`pkt4-sent` skipped), `subnet[N].*` and
 * `subnet[N].pool[M].*` with labels subnet (the prefix, or the ID when the subnet is unknown),
 * subnet_id, prefix, shared_network (and pool_id), the rest as global gauges. Statistics Stork
 * has no name for are skipped there, as Stork does, except global ones, which gitdhcp prints as
 * `gitdhcp_dhcp4_statistic{name}` (pkt4-received, pkt4-rfc-violation, ...). Also prints
 * `gitdhcp_dhcp4_pool_info` so a pool's range can be joined on (subnet_id, pool_id).
 *
 * Written into one buffer, from each subnet's label bytes built once per render: with 170 000
 * series a string per line made most of the render garbage collection (every line lives until
 * the final join), and a cache of line strings between renders held ~100 MB.
 */
async function renderKea4(input: MetricsInput): Promise<string> {
  const subnetLabels = new Map<number, Buffer>();
  for (const s of input.subnets) {
    const prefix = escapeLabelValue(s.prefix);
    subnetLabels.set(s.id, Buffer.from(`prefix="${prefix}",shared_network="${escapeLabelValue(s.sharedNetwork ?? '')}",subnet="${prefix}",subnet_id="${s.id}"`));
  }
  const out = new Map<Family4, Samples>();
  const add = (f: Family4, labels: Buffer | null, pool: number, value: number): void => {
    let samples = out.get(f);
    if (samples === undefined) out.set(f, (samples = { labels: [], pools: [], values: [], bytes: 0 }));
    samples.labels.push(labels);
    samples.pools.push(pool);
    samples.values.push(value);
    samples.bytes += f.nameBytes.length + (labels === null ? 0 : labels.length + 2) + (pool < 0 ? 0 : 12 + MAX_NUMBER_BYTES) + MAX_NUMBER_BYTES + 2;
  };
  const take = (name: string, value: number): void => {
    const sample = parseSubnetStat(name);
    if (sample !== null) {
      let labels = subnetLabels.get(sample.subnetId);
      // A subnet the input does not list: Stork's fallback labels (the ID as subnet, empty prefix).
      if (labels === undefined) subnetLabels.set(sample.subnetId, (labels = Buffer.from(`prefix="",shared_network="",subnet="${sample.subnetId}",subnet_id="${sample.subnetId}"`)));
      add(sample.family, labels, sample.poolId, value);
      return;
    }
    if (name.startsWith('subnet[')) return; // Stork: "unsupported stat", skipped (pd-pool[...] too)
    const packet = PACKET4.get(name);
    const global = GLOBAL4.get(name);
    if (packet !== undefined) add(packet.family, packet.labels, -1, value);
    else if (global !== undefined) add(global, null, -1, value);
    else add(UNMAPPED, Buffer.from(`name="${escapeLabelValue(name)}"`), -1, value);
  };
  const stats = input.stats;
  const entries: Array<readonly [string, number]> = 'names' in stats && typeof stats.names === 'function'
    ? stats.names().map((n) => [n, stats.get(n)] as const)
    : [...(stats as ReadonlyMap<string, number>)];
  for (let i = 0; i < entries.length; i++) {
    // 10 000 subnets have some 170 000 series: the event loop answers DHCP between slices.
    if (i > 0 && i % SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const [name, value] = entries[i] as readonly [string, number];
    take(name, value);
  }
  for (const s of input.subnets) {
    for (const p of s.pools) add(POOL_INFO, Buffer.from(`pool="${escapeLabelValue(p.range)}",pool_id="${p.id}",subnet_id="${s.id}"`), -1, 1);
  }
  await new Promise<void>((resolve) => setImmediate(resolve));
  return writeFamilies(out);
}

/** Statistics mapped per event-loop turn. */
const SLICE = 10_000;

/** `subnet[N].name` or `subnet[N].pool[M].name` with a name Stork knows → its family and IDs (pool -1 for none); else null. */
function parseSubnetStat(name: string): { family: Family4; subnetId: number; poolId: number } | null {
  if (!name.startsWith('subnet[')) return null;
  const subnetEnd = indexEnd(name, 7);
  if (subnetEnd < 0) return null;
  const subnetId = Number(name.slice(7, subnetEnd));
  if (!name.startsWith('pool[', subnetEnd + 2)) {
    const family = SUBNET4.get(name.slice(subnetEnd + 2));
    return family === undefined ? null : { family, subnetId, poolId: -1 };
  }
  const poolEnd = indexEnd(name, subnetEnd + 7);
  if (poolEnd < 0) return null;
  const family = POOL4.get(name.slice(poolEnd + 2));
  return family === undefined ? null : { family, subnetId, poolId: Number(name.slice(subnetEnd + 7, poolEnd)) };
}

/** Where the `].` after the decimal index starting at `from` is, or -1 when there is no such index. */
function indexEnd(name: string, from: number): number {
  let at = from;
  while (at < name.length && at - from < 10 && name.charCodeAt(at) >= 0x30 && name.charCodeAt(at) <= 0x39) at++;
  return at > from && name.charCodeAt(at) === 0x5d && name.charCodeAt(at + 1) === 0x2e ? at : -1;
}

const POOL_ID = Buffer.from('pool_id="');

/** The families sorted by name, as Stork's client_golang registry prints them; a family without samples is left out, as there. */
function writeFamilies(families: ReadonlyMap<Family4, Samples>): string {
  const sorted = [...families].sort(([a], [b]) => (a.name < b.name ? -1 : 1));
  const metas = sorted.map(([f]) => Buffer.from(`# HELP ${f.name} ${f.help}\n# TYPE ${f.name} gauge\n`));
  const out = Buffer.allocUnsafe(sorted.reduce((n, [, s], i) => n + s.bytes + (metas[i] as Buffer).length + 1, 0));
  let at = 0;
  sorted.forEach(([f, { labels, pools, values }], i) => {
    if (i > 0) out[at++] = 0x0a;
    const meta = metas[i] as Buffer;
    out.set(meta, at);
    at += meta.length;
    for (let j = 0; j < values.length; j++) {
      out.set(f.nameBytes, at);
      at += f.nameBytes.length;
      const l = labels[j] as Buffer | null;
      if (l !== null) {
        out[at++] = 0x7b; // {
        const pool = pools[j] as number;
        if (pool >= 0) {
          out.set(POOL_ID, at);
          at = writeNumber(out, at + POOL_ID.length, pool);
          out[at++] = 0x22; // "
          out[at++] = 0x2c; // ,
        }
        out.set(l, at);
        at += l.length;
        out[at++] = 0x7d; // }
      }
      out[at++] = 0x20;
      at = writeNumber(out, at, values[j] as number);
      out[at++] = 0x0a;
    }
  });
  return out.toString('utf8', 0, at);
}

/** Writes `v` as the exposition format prints it; integers digit by digit, without a string. */
function writeNumber(out: Buffer, at: number, v: number): number {
  if (!Number.isSafeInteger(v) || v < 0) return at + out.write(formatValue(v), at, 'latin1');
  let digits = 1;
  for (let rest = v; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  for (let i = at + digits - 1, rest = v; i >= at; i--, rest = Math.floor(rest / 10)) out[i] = 0x30 + (rest % 10);
  return at + digits;
}
