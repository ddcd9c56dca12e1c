/**
 * What the HTTP pages of the control channel show, taken from the running appliance when a page
 * is asked for: the status page model (control/status-page.ts) and the metrics input
 * (control/metrics.ts).
 */
import { hostname } from 'node:os';
import type { MetricsInput } from '../control/metrics.js';
import type { StatusPageModel, StatusPageSubnet } from '../control/status-page.js';
import { formatIPv4 } from '../net/index.js';
import { poolStat, subnetStat } from '../server/stats.js';
import { VERSION } from '../version.js';
import type { Appliance } from './appliance.js';

const COUNTERS = ['pkt4-received', 'pkt4-discover-received', 'pkt4-request-received', 'pkt4-offer-sent', 'pkt4-ack-sent', 'pkt4-nak-sent',
  'pkt4-release-received', 'pkt4-decline-received', 'pkt4-inform-received', 'pkt4-receive-drop', 'pkt4-parse-failed', 'pkt4-sent'];

export function statusPageModel(app: Appliance): StatusPageModel {
  const server = app.server;
  const stats = server?.stats;
  const origin = app.origin();
  const subnets: StatusPageSubnet[] = (server?.config.subnets ?? []).map((s) => ({
    id: s.id,
    prefix: s.prefixText,
    sharedNetwork: s.sharedNetwork?.name,
    total: stats?.get(subnetStat(s.id, 'total-addresses')) ?? s.totalAddresses,
    assigned: stats?.get(subnetStat(s.id, 'assigned-addresses')) ?? 0,
    declined: stats?.get(subnetStat(s.id, 'declined-addresses')) ?? 0,
    pools: s.pools.map((p) => ({
      range: `${formatIPv4(p.first)}-${formatIPv4(p.last)}`,
      total: p.last - p.first + 1,
      assigned: stats?.get(poolStat(s.id, p.id, 'assigned-addresses')) ?? 0,
    })),
  }));
  return {
    generatedAt: new Date().toISOString(),
    version: VERSION,
    host: hostname(),
    mode: origin.kind,
    configFile: origin.kind === 'file' ? origin.file : undefined,
    dhcp: {
      enabled: server?.networkState.isEnabled ?? false,
      disabledFor: server === undefined ? 'not started' : server.networkState.describe(),
      interfaces: (server?.interfaces ?? []).map((b) => b.iface),
      leases: server?.leaseStore.count() ?? 0,
      startedAt: new Date(app.startedAt).toISOString(),
    },
    counters: Object.fromEntries(COUNTERS.map((n) => [n, stats?.get(n) ?? 0])),
    subnets,
    gitops: app.gitops?.status,
    events: [...app.events],
  };
}

export function metricsInput(app: Appliance): MetricsInput {
  const server = app.server;
  const rec = app.gitops;
  const status = rec?.status;
  const last = status?.history[status.history.length - 1];
  return {
    stats: server?.stats ?? new Map(),
    subnets: (server?.config.subnets ?? []).map((s) => ({
      id: s.id, prefix: s.prefixText, sharedNetwork: s.sharedNetwork?.name,
      pools: s.pools.map((p) => ({ id: p.id, range: `${formatIPv4(p.first)}-${formatIPv4(p.last)}` })),
    })),
    ...(rec !== undefined && status !== undefined ? {
      gitops: {
        repository: status.repository, branch: status.branch, serving: status.lastApplied, lastHealthy: status.lastHealthy,
        quarantined: status.quarantine.length,
        outcomes: Object.fromEntries(rec.counters.outcomes),
        lastSuccessAt: rec.counters.lastSuccessAt,
        lastTimings: last?.timingsMs ?? {},
        conditions: status.conditions.map((c) => ({ type: c.type, status: c.status })),
      },
    } : {}),
    version: VERSION,
    dhcpEnabled: server?.networkState.isEnabled ?? false,
  };
}
