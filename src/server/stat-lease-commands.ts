/**
 * Kea's stat_cmds hook (src/hooks/dhcp/stat_cmds/stat_cmds.cc, Kea 3.0): `stat-lease4-get`, the
 * lease statistics of the configured subnets as a result set: one row per subnet with its
 * `total-addresses` and `cumulative-assigned-addresses` statistics and the numbers of leases in
 * state default (`assigned-addresses`) and declined, counted from the lease store. Arguments:
 * none (all subnets), `subnet-id`, or `subnet-range` {`first-subnet-id`, `last-subnet-id`}.
 *
 * One difference: Kea leaves out the row of a subnet whose leases are all in other states
 * (expired-reclaimed, released); the store counts only default and declined leases per subnet,
 * so such a subnet gets its totals-only row here, as a subnet without leases does in Kea.
 */
import { CommandResult, type CommandRegistry, type CommandResponse } from '../control/commands.js';
import type { ResolvedConfig4 } from '../config/index.js';
import type { LeaseStore4 } from '../lease/index.js';
import { subnetStat, type StatsRegistry } from './stats.js';

export interface StatLeaseHost4 {
  readonly config: ResolvedConfig4;
  readonly leaseStore: LeaseStore4;
  readonly stats: StatsRegistry;
}

type Selection = { readonly mode: 'all' } | { readonly mode: 'single'; readonly id: number } | { readonly mode: 'range'; readonly first: number; readonly last: number };

const COLUMNS = ['subnet-id', 'total-addresses', 'cumulative-assigned-addresses', 'assigned-addresses', 'declined-addresses'];

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** LeaseStatCmdsImpl::getParameters. @throws Error with Kea's text */
function selectionOf(args: Readonly<Record<string, unknown>> | undefined): Selection {
  if (args === undefined) return { mode: 'all' };
  let selection: Selection = { mode: 'all' };
  if ('subnet-id' in args) {
    const id = args['subnet-id'];
    if (!isInt(id)) throw new Error("'subnet-id' parameter is not integer");
    if (id <= 0) throw new Error("'subnet-id' parameter must be > 0");
    selection = { mode: 'single', id };
  }
  if ('subnet-range' in args) {
    if (selection.mode === 'single') throw new Error('cannot specify both subnet-id and subnet-range');
    const range = args['subnet-range'];
    if (typeof range !== 'object' || range === null || Array.isArray(range)) throw new Error('subnet-range parameter is not a map');
    const r = range as Record<string, unknown>;
    const first = r['first-subnet-id'];
    if (!isInt(first)) throw new Error("'first-subnet-id' parameter missing or not an integer");
    if (first <= 0) throw new Error("'first-subnet-id' parameter must be > 0");
    const last = r['last-subnet-id'];
    if (!isInt(last)) throw new Error("'last-subnet-id' parameter missing or not an integer");
    if (last <= 0) throw new Error("'last-subnet-id' parameter must be > 0");
    if (last < first) throw new Error("'last-subnet-id' must be greater than 'first-subnet-id'");
    selection = { mode: 'range', first, last };
  }
  return selection;
}

function describe(s: Selection): string {
  return s.mode === 'all' ? '[all subnets]' : s.mode === 'single' ? `[subnet-id=${s.id}]` : `[subnets ${s.first} through ${s.last}]`;
}

/** ptimeToText of a UTC time: `2026-11-23 16:05:09.123000`. */
function utcText(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 23)}000`;
}

function statLease4Get(host: StatLeaseHost4, args: Readonly<Record<string, unknown>> | undefined): CommandResponse {
  let selection: Selection;
  try {
    selection = selectionOf(args);
  } catch (err) {
    return { result: CommandResult.Error, text: (err as Error).message };
  }
  const rows: number[][] = [];
  const resultSet = { 'result-set': { columns: COLUMNS, rows, timestamp: utcText(Date.now()) } };
  const subnets = host.config.subnetsInIdOrder.filter((s) => selection.mode === 'all'
    || (selection.mode === 'single' ? s.id === selection.id : s.id >= selection.first && s.id <= selection.last));
  if (subnets.length === 0) {
    const why = selection.mode === 'single'
      ? `subnet-id: ${selection.id} does not exist`
      : `selected ID range: ${selection.mode === 'range' ? selection.first : 0} through ${selection.mode === 'range' ? selection.last : 0} includes no known subnets`;
    return { result: CommandResult.Empty, text: `stat-lease4-get${describe(selection)}: no matching data, ${why}`, arguments: resultSet };
  }
  for (const s of subnets) {
    const counts = host.leaseStore.countBySubnet(s.id);
    rows.push([s.id, host.stats.get(subnetStat(s.id, 'total-addresses')), host.stats.get(subnetStat(s.id, 'cumulative-assigned-addresses')), counts.assigned, counts.declined]);
  }
  return { result: CommandResult.Success, text: `stat-lease4-get${describe(selection)}: ${rows.length} rows found`, arguments: resultSet };
}

/** Adds stat-lease4-get over `host` (the running server) to `registry` as `source`. */
export function registerStatLeaseCommands(registry: CommandRegistry, host: StatLeaseHost4, source: string): void {
  registry.register('stat-lease4-get', (args, present) => statLease4Get(host, present ? args : undefined), source);
}
