import { describe, expect, it } from 'vitest';
import { MetricsExporter, type MetricsInput } from './metrics.js';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

interface Exposition {
  readonly samples: Sample[];
  readonly help: Map<string, string>;
  readonly type: Map<string, string>;
}

/** A small parser for the Prometheus text format 0.0.4 (what these tests need: no timestamps). */
function parse(text: string): Exposition {
  const out: Exposition = { samples: [], help: new Map(), type: new Map() };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta !== null) {
      (meta[1] === 'HELP' ? out.help : out.type).set(meta[2] as string, meta[3] as string);
      continue;
    }
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (name === undefined) throw new Error(`bad line: ${line}`);
    let i = name.length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const eq = line.indexOf('="', i);
        const key = line.slice(i, eq);
        let value = '';
        for (i = eq + 2; line[i] !== '"'; i++) {
          if (line[i] === '\\') {
            i++;
            value += line[i] === 'n' ? '\n' : line[i];
          } else value += line[i];
        }
        labels[key] = value;
        i++;
        if (line[i] === ',') i++;
      }
      i++;
    }
    expect(line[i], line).toBe(' ');
    out.samples.push({ name, labels, value: Number(line.slice(i + 1)) });
  }
  return out;
}

function find(e: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return e.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

function valueOf(e: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = find(e, name, labels);
  expect(found.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

const SUBNETS: MetricsInput['subnets'] = [
  { id: 1, prefix: '10.0.0.0/24', pools: [{ id: 0, range: '10.0.0.10-10.0.0.99' }, { id: 1, range: '10.0.0.100-10.0.0.199' }] },
  { id: 2, prefix: '10.0.1.0/24', sharedNetwork: 'floor-2', pools: [{ id: 0, range: '10.0.1.10-10.0.1.19' }] },
];

const STATS = new Map<string, number>([
  ['pkt4-received', 100],
  ['pkt4-sent', 90],
  ['pkt4-discover-received', 40],
  ['pkt4-request-received', 35],
  ['pkt4-receive-drop', 5],
  ['pkt4-parse-failed', 2],
  ['pkt4-offer-sent', 40],
  ['pkt4-ack-sent', 33],
  ['pkt4-nak-sent', 2],
  ['pkt4-rfc-violation', 3],
  ['cumulative-assigned-addresses', 60],
  ['declined-addresses', 1],
  ['v4-allocation-fail', 4],
  ['subnet[1].total-addresses', 190],
  ['subnet[1].assigned-addresses', 12],
  ['subnet[1].declined-addresses', 1],
  ['subnet[1].reclaimed-leases', 7],
  ['subnet[1].v4-allocation-fail-no-pools', 3],
  ['subnet[1].pool[0].total-addresses', 90],
  ['subnet[1].pool[0].assigned-addresses', 10],
  ['subnet[1].pool[1].total-addresses', 100],
  ['subnet[1].pool[1].assigned-addresses', 2],
  ['subnet[2].total-addresses', 10],
  ['subnet[2].assigned-addresses', 9],
  ['subnet[2].pool[0].assigned-addresses', 9],
  ['subnet[2].not-a-stork-statistic', 1],
  ['subnet[7].assigned-addresses', 4],
]);

function input(over: Partial<MetricsInput> = {}): MetricsInput {
  return { stats: STATS, subnets: SUBNETS, version: '1.2.3', dhcpEnabled: true, ...over };
}

async function render(exporter: MetricsExporter, over: Partial<MetricsInput> = {}): Promise<Exposition> {
  const { contentType, body } = await exporter.render(input(over));
  expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parse(body);
}

describe('MetricsExporter: Kea statistics under Stork names', () => {
  it('maps packet statistics onto packets_{received,sent}_total by operation, skipping the sums', async () => {
    const e = await render(new MetricsExporter({ processMetrics: false }));
    expect(valueOf(e, 'kea_dhcp4_packets_received_total', { operation: 'discover' })).toBe(40);
    expect(valueOf(e, 'kea_dhcp4_packets_received_total', { operation: 'request' })).toBe(35);
    expect(valueOf(e, 'kea_dhcp4_packets_received_total', { operation: 'drop' })).toBe(5);
    expect(valueOf(e, 'kea_dhcp4_packets_received_total', { operation: 'parse-failed' })).toBe(2);
    expect(valueOf(e, 'kea_dhcp4_packets_sent_total', { operation: 'offer' })).toBe(40);
    expect(valueOf(e, 'kea_dhcp4_packets_sent_total', { operation: 'ack' })).toBe(33);
    expect(valueOf(e, 'kea_dhcp4_packets_sent_total', { operation: 'nak' })).toBe(2);
    expect(find(e, 'kea_dhcp4_packets_received_total')).toHaveLength(4);
    expect(e.help.get('kea_dhcp4_packets_received_total')).toBe('Packets received');
    expect(e.type.get('kea_dhcp4_packets_received_total')).toBe('gauge');
    // Stork has no name for these; gitdhcp keeps them under its own family.
    expect(valueOf(e, 'gitdhcp_dhcp4_statistic', { name: 'pkt4-received' })).toBe(100);
    expect(valueOf(e, 'gitdhcp_dhcp4_statistic', { name: 'pkt4-rfc-violation' })).toBe(3);
  });

  it('prints global statistics as kea_dhcp4_global4_* gauges without labels', async () => {
    const e = await render(new MetricsExporter({ processMetrics: false }));
    expect(find(e, 'kea_dhcp4_global4_cumulative_addresses_assigned_total')).toEqual([{ name: 'kea_dhcp4_global4_cumulative_addresses_assigned_total', labels: {}, value: 60 }]);
    expect(valueOf(e, 'kea_dhcp4_global4_addresses_declined_total')).toBe(1);
    expect(valueOf(e, 'kea_dhcp4_global4_allocation_fail_total')).toBe(4);
    expect(e.help.get('kea_dhcp4_global4_addresses_declined_total')).toBe('Declined counts from all subnets');
  });

  it('labels subnet statistics with subnet, subnet_id, prefix and shared_network', async () => {
    const e = await render(new MetricsExporter({ processMetrics: false }));
    expect(find(e, 'kea_dhcp4_addresses_assigned_total', { subnet_id: '1' })).toEqual([
      { name: 'kea_dhcp4_addresses_assigned_total', labels: { prefix: '10.0.0.0/24', shared_network: '', subnet: '10.0.0.0/24', subnet_id: '1' }, value: 12 },
    ]);
    expect(find(e, 'kea_dhcp4_addresses_assigned_total', { subnet_id: '2' })[0]?.labels).toEqual({ prefix: '10.0.1.0/24', shared_network: 'floor-2', subnet: '10.0.1.0/24', subnet_id: '2' });
    expect(valueOf(e, 'kea_dhcp4_addresses_total', { subnet_id: '1' })).toBe(190);
    expect(valueOf(e, 'kea_dhcp4_addresses_declined_total', { subnet_id: '1' })).toBe(1);
    expect(valueOf(e, 'kea_dhcp4_addresses_reclaimed_total', { subnet_id: '1' })).toBe(7);
    expect(valueOf(e, 'kea_dhcp4_allocation_fail_no_pools_total', { subnet_id: '1' })).toBe(3);
    expect(e.help.get('kea_dhcp4_addresses_total')).toBe('Size of subnet address pool');
    expect(e.type.get('kea_dhcp4_addresses_total')).toBe('gauge');
    // A subnet the input does not know: Stork's fallback labels (the ID as subnet, empty prefix).
    expect(find(e, 'kea_dhcp4_addresses_assigned_total', { subnet_id: '7' })[0]?.labels).toEqual({ prefix: '', shared_network: '', subnet: '7', subnet_id: '7' });
    // Unknown per-subnet names are skipped, as Stork does.
    expect(e.samples.filter((s) => s.labels['name']?.includes('not-a-stork'))).toEqual([]);
  });

  it('labels pool statistics with pool_id and the subnet labels, and joins ranges via gitdhcp_dhcp4_pool_info', async () => {
    const e = await render(new MetricsExporter({ processMetrics: false }));
    expect(find(e, 'kea_dhcp4_pool_addresses_total', { subnet_id: '1' })).toEqual([
      { name: 'kea_dhcp4_pool_addresses_total', labels: { pool_id: '0', prefix: '10.0.0.0/24', shared_network: '', subnet: '10.0.0.0/24', subnet_id: '1' }, value: 90 },
      { name: 'kea_dhcp4_pool_addresses_total', labels: { pool_id: '1', prefix: '10.0.0.0/24', shared_network: '', subnet: '10.0.0.0/24', subnet_id: '1' }, value: 100 },
    ]);
    expect(valueOf(e, 'kea_dhcp4_pool_addresses_assigned_total', { subnet_id: '1', pool_id: '1' })).toBe(2);
    expect(valueOf(e, 'kea_dhcp4_pool_addresses_assigned_total', { subnet_id: '2', pool_id: '0', shared_network: 'floor-2' })).toBe(9);
    expect(e.help.get('kea_dhcp4_pool_addresses_assigned_total')).toBe('Total number of assigned addresses in the DHCPv4 pool');
    // Pool statistics do not leak into the subnet families.
    expect(find(e, 'kea_dhcp4_addresses_assigned_total', { subnet_id: '2' })).toHaveLength(1);
    expect(valueOf(e, 'gitdhcp_dhcp4_pool_info', { subnet_id: '1', pool_id: '1' })).toBe(1);
    expect(find(e, 'gitdhcp_dhcp4_pool_info', { subnet_id: '1', pool_id: '1' })[0]?.labels['pool']).toBe('10.0.0.100-10.0.0.199');
  });

  it('escapes quotes, backslashes and newlines in label values', async () => {
    const odd = 'say "hi"\\ there\nnext line, étage 2';
    const exporter = new MetricsExporter({ processMetrics: false });
    const { body } = await exporter.render(input({ subnets: [{ id: 1, prefix: '10.0.0.0/24', sharedNetwork: odd, pools: [] }] }));
    expect(body).toContain('shared_network="say \\"hi\\"\\\\ there\\nnext line, étage 2"');
    expect(body.split('\n').filter((l) => l.startsWith('next line'))).toEqual([]);
    const e = parse(body);
    expect(find(e, 'kea_dhcp4_addresses_assigned_total', { subnet_id: '1' })[0]?.labels['shared_network']).toBe(odd);
    expect(find(e, 'kea_dhcp4_pool_addresses_total', { subnet_id: '1', pool_id: '0' })[0]?.labels['shared_network']).toBe(odd);
  });

  it('drops a statistic, and a family left empty, from the next render', async () => {
    const exporter = new MetricsExporter({ processMetrics: false });
    const stats = new Map(STATS);
    let e = await render(exporter, { stats });
    expect(valueOf(e, 'kea_dhcp4_allocation_fail_no_pools_total', { subnet_id: '1' })).toBe(3);
    stats.delete('subnet[1].v4-allocation-fail-no-pools');
    stats.delete('subnet[1].pool[1].assigned-addresses');
    stats.set('subnet[1].assigned-addresses', 13);
    e = await render(exporter, { stats });
    expect(find(e, 'kea_dhcp4_allocation_fail_no_pools_total')).toEqual([]);
    expect(e.help.has('kea_dhcp4_allocation_fail_no_pools_total')).toBe(false);
    expect(find(e, 'kea_dhcp4_pool_addresses_assigned_total', { subnet_id: '1', pool_id: '1' })).toEqual([]);
    expect(valueOf(e, 'kea_dhcp4_pool_addresses_assigned_total', { subnet_id: '1', pool_id: '0' })).toBe(10);
    expect(valueOf(e, 'kea_dhcp4_addresses_assigned_total', { subnet_id: '1' })).toBe(13);
  });

  it('prints values that are not whole numbers as JavaScript does', async () => {
    const stats = new Map([['subnet[1].assigned-addresses', -3], ['declined-addresses', 2.5], ['reclaimed-leases', 2 ** 60], ['subnet[1].total-addresses', 0]]);
    const e = await render(new MetricsExporter({ processMetrics: false }), { stats });
    expect(valueOf(e, 'kea_dhcp4_addresses_assigned_total', { subnet_id: '1' })).toBe(-3);
    expect(valueOf(e, 'kea_dhcp4_addresses_total', { subnet_id: '1' })).toBe(0);
    expect(valueOf(e, 'kea_dhcp4_global4_addresses_declined_total')).toBe(2.5);
    expect(valueOf(e, 'kea_dhcp4_global4_addresses_reclaimed_total')).toBe(2 ** 60);
  });

  it('reads a statistics registry ({ names(), get() }) like a Map', async () => {
    const stats = { names: () => [...STATS.keys()], get: (n: string) => STATS.get(n) ?? 0 };
    const fromRegistry = await new MetricsExporter({ processMetrics: false }).render(input({ stats }));
    const fromMap = await new MetricsExporter({ processMetrics: false }).render(input());
    expect(fromRegistry.body).toBe(fromMap.body);
  });
});

describe('MetricsExporter: gitdhcp metrics', () => {
  const gitops: NonNullable<MetricsInput['gitops']> = {
    repository: 'https://git.example.net/dhcp.git',
    branch: 'main',
    serving: 'c0ffee',
    lastHealthy: 'bead00',
    quarantined: 2,
    outcomes: { applied: 5, 'rolled-back': 1, rollback: 1, invalid: 3 },
    lastSuccessAt: 1_700_000_000_500,
    lastTimings: { fetch: 120, validate: 45, apply: 8 },
    conditions: [
      { type: 'Ready', status: true },
      { type: 'Stalled', status: false },
    ],
  };

  it('prints build info and whether DHCP is enabled', async () => {
    const exporter = new MetricsExporter({ processMetrics: false });
    let e = await render(exporter);
    expect(find(e, 'gitdhcp_build_info')).toEqual([{ name: 'gitdhcp_build_info', labels: { version: '1.2.3' }, value: 1 }]);
    expect(valueOf(e, 'gitdhcp_dhcp4_enabled')).toBe(1);
    e = await render(exporter, { dhcpEnabled: false });
    expect(valueOf(e, 'gitdhcp_dhcp4_enabled')).toBe(0);
  });

  it('prints the reconciler state in git mode', async () => {
    const e = await render(new MetricsExporter({ processMetrics: false }), { gitops });
    expect(find(e, 'gitdhcp_revision_info')[0]?.labels).toEqual({ branch: 'main', repository: 'https://git.example.net/dhcp.git', revision: 'c0ffee' });
    expect(find(e, 'gitdhcp_last_healthy_revision_info')).toEqual([{ name: 'gitdhcp_last_healthy_revision_info', labels: { revision: 'bead00' }, value: 1 }]);
    expect(valueOf(e, 'gitdhcp_reconcile_attempts_total', { outcome: 'applied' })).toBe(5);
    expect(valueOf(e, 'gitdhcp_reconcile_attempts_total', { outcome: 'invalid' })).toBe(3);
    expect(valueOf(e, 'gitdhcp_reconcile_attempts_total', { outcome: 'apply-failed' })).toBe(0);
    expect(find(e, 'gitdhcp_reconcile_attempts_total')).toHaveLength(8);
    expect(e.type.get('gitdhcp_reconcile_attempts_total')).toBe('counter');
    expect(valueOf(e, 'gitdhcp_rollbacks_total')).toBe(2);
    expect(valueOf(e, 'gitdhcp_quarantined_revisions')).toBe(2);
    expect(valueOf(e, 'gitdhcp_last_success_timestamp_seconds')).toBe(1_700_000_000.5);
    expect(valueOf(e, 'gitdhcp_phase_duration_seconds', { phase: 'fetch' })).toBe(0.12);
    expect(valueOf(e, 'gitdhcp_phase_duration_seconds', { phase: 'apply' })).toBe(0.008);
    expect(find(e, 'gitdhcp_phase_duration_seconds')).toHaveLength(3);
    expect(valueOf(e, 'gitdhcp_condition', { type: 'Ready' })).toBe(1);
    expect(valueOf(e, 'gitdhcp_condition', { type: 'Stalled' })).toBe(0);
  });

  it('leaves out what is unknown: no serving revision, no success yet, no git mode', async () => {
    const exporter = new MetricsExporter({ processMetrics: false });
    let e = await render(exporter, { gitops: { ...gitops, serving: null, lastHealthy: null, lastSuccessAt: null, lastTimings: {}, conditions: [] } });
    expect(find(e, 'gitdhcp_revision_info')).toEqual([]);
    expect(find(e, 'gitdhcp_last_healthy_revision_info')).toEqual([]);
    expect(find(e, 'gitdhcp_last_success_timestamp_seconds')).toEqual([]);
    expect(find(e, 'gitdhcp_phase_duration_seconds')).toEqual([]);
    expect(valueOf(e, 'gitdhcp_quarantined_revisions')).toBe(2);
    e = await render(exporter);
    for (const name of ['gitdhcp_revision_info', 'gitdhcp_reconcile_attempts_total', 'gitdhcp_rollbacks_total', 'gitdhcp_quarantined_revisions', 'gitdhcp_condition']) {
      expect(find(e, name), name).toEqual([]);
    }
    // And back in git mode, the label-less families return.
    e = await render(exporter, { gitops });
    expect(valueOf(e, 'gitdhcp_rollbacks_total')).toBe(2);
    expect(valueOf(e, 'gitdhcp_last_success_timestamp_seconds')).toBe(1_700_000_000.5);
  });

  it('adds the process metrics with the gitdhcp_ prefix unless turned off, and leaves them accumulating', async () => {
    const exporter = new MetricsExporter();
    const first = valueOf(await render(exporter), 'gitdhcp_process_cpu_user_seconds_total') as number;
    expect(first).toBeGreaterThan(0);
    for (let spin = Date.now(); Date.now() - spin < 20; );
    const on = await render(exporter);
    expect(valueOf(on, 'gitdhcp_process_cpu_user_seconds_total')).toBeGreaterThan(first);
    expect(find(on, 'gitdhcp_nodejs_heap_size_used_bytes')).toHaveLength(1);
    const off = await render(new MetricsExporter({ processMetrics: false }));
    expect(off.samples.filter((s) => s.name.startsWith('gitdhcp_process_') || s.name.startsWith('gitdhcp_nodejs_'))).toEqual([]);
  });
});

describe('MetricsExporter: scale', () => {
  it('renders 10 000 subnets with 10 statistics and a pool of 6 each', async () => {
    const SUBNET_STATS = ['total-addresses', 'assigned-addresses', 'declined-addresses', 'reclaimed-declined-addresses', 'reclaimed-leases', 'cumulative-assigned-addresses', 'v4-allocation-fail', 'v4-allocation-fail-subnet', 'v4-lease-reuses', 'v4-reservation-conflicts'];
    const POOL_STATS = ['total-addresses', 'assigned-addresses', 'declined-addresses', 'reclaimed-declined-addresses', 'reclaimed-leases', 'cumulative-assigned-addresses'];
    const stats = new Map<string, number>();
    const subnets: Array<MetricsInput['subnets'][number]> = [];
    for (let id = 1; id <= 10_000; id++) {
      const net = `10.${id >> 8}.${id & 255}`;
      subnets.push({ id, prefix: `${net}.0/24`, sharedNetwork: `net-${id % 50}`, pools: [{ id: 0, range: `${net}.10-${net}.250` }] });
      for (const s of SUBNET_STATS) stats.set(`subnet[${id}].${s}`, id);
      for (const s of POOL_STATS) stats.set(`subnet[${id}].pool[0].${s}`, id);
    }
    const exporter = new MetricsExporter();
    const times: number[] = [];
    let body = '';
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      ({ body } = await exporter.render(input({ stats, subnets })));
      times.push(performance.now() - t0);
    }
    const lines = body.split('\n').filter((l) => l.startsWith('kea_dhcp4_'));
    expect(lines).toHaveLength(160_000);
    console.log(`render, 10 000 subnets (170 000 series, ${(body.length / 1e6).toFixed(1)} MB): ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  });
});
