/**
 * `gitdhcp stats`: the statistics of a running appliance, asked over its control socket with
 * Kea's `statistic-get-all` (or `statistic-get` per name), printed as an aligned table of the
 * newest sample of each (global ones first, then subnet by subnet with their pools under them,
 * in natural order) or as Kea's `arguments`.
 */
import { parseArgs } from 'node:util';
import { CommandResult } from '../control/commands.js';
import { SERVE_LOCATE, SOCKET_OPTIONS, askAppliance, controlSocketPath, unreachable } from './control.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { alignedLine, columnWidths } from './leases.js';
import { UsageError } from './usage.js';

export const STATS_HELP = `usage: gitdhcp stats [NAME...] [--subnet ID] [--format table|json] [--socket PATH | --state-dir DIR]

Shows the statistics of the running appliance (gitdhcp serve) as Kea's statistic-get-all, or
statistic-get for each NAME, returns them: the name, the newest value and when it last changed.
The global statistics come first, then each subnet's (subnet[1].*, its pools' under them), in
natural order (subnet[2] before subnet[10]).

  NAME                a statistic's full name, e.g. pkt4-received, subnet[1].assigned-addresses
  --subnet ID         only the statistics of subnet ID and its pools (repeat for several)
  --format table      name, value and last change (local time), one statistic per line
  --format json       the arguments of the answer as Kea returns them (all samples); with
                      NAMEs, those of every statistic-get in one map
${SERVE_LOCATE}

exit status: 0 done, 1 the appliance refused a command or a NAME is not a statistic,
2 no appliance answered`;

/** Kea's statistics map: each name with its samples `[value, "2026-11-23 14:05:09.123000"]`, newest first. */
type KeaStatistics = Readonly<Record<string, unknown>>;

/** Where a statistic sorts: global (subnet -1), a subnet's own (pool -1), or a pool's. */
interface StatRow {
  readonly name: string;
  readonly subnet: number;
  readonly pool: number;
  readonly rest: string;
  readonly value: string;
  readonly changed: string;
}

const SCOPED = /^subnet\[(\d+)\]\.(?:pool\[(\d+)\]\.)?(.+)$/;
const natural = new Intl.Collator('en', { numeric: true }).compare;

/** The subnet a statistic belongs to, or undefined for a global one. */
function subnetOf(name: string): number | undefined {
  const m = SCOPED.exec(name);
  return m === null ? undefined : Number(m[1]);
}

function statRow(name: string, samples: unknown): StatRow {
  const m = SCOPED.exec(name);
  const newest = Array.isArray(samples) && Array.isArray(samples[0]) ? (samples[0] as unknown[]) : [];
  const [value, at] = newest;
  // Kea prints microseconds (clockToText); seconds are enough to read.
  const changed = typeof at === 'string' ? at.replace(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.\d+$/, '$1') : '-';
  return {
    name,
    subnet: m === null ? -1 : Number(m[1]),
    pool: m?.[2] === undefined ? -1 : Number(m[2]),
    rest: m === null ? name : (m[3] as string),
    value: value === undefined || value === null ? '-' : typeof value === 'object' ? JSON.stringify(value) : String(value),
    changed,
  };
}

/** Global first, then by subnet id, a subnet's own before its pools', names in natural order. */
export function compareStatRows(a: StatRow, b: StatRow): number {
  return a.subnet - b.subnet || a.pool - b.pool || natural(a.rest, b.rest) || (a.rest < b.rest ? -1 : a.rest > b.rest ? 1 : 0);
}

/** The table of `stats`, sorted as compareStatRows; "no statistics" when empty. */
export function statsTable(stats: KeaStatistics): string {
  const rows = Object.entries(stats).map(([name, samples]) => statRow(name, samples)).sort(compareStatRows);
  if (rows.length === 0) return 'no statistics\n';
  const cells = [['name', 'value', 'changed'], ...rows.map((r) => [r.name, r.value, r.changed])];
  const widths = columnWidths(cells);
  return cells.map((row) => alignedLine(row, widths)).join('');
}

type Gathered = { readonly kind: 'ok'; readonly stats: KeaStatistics; readonly missing: readonly string[] } | { readonly kind: 'unreachable'; readonly err: unknown } | { readonly kind: 'refused'; readonly text: string };

/** statistic-get-all, or one statistic-get per name merged into one map (`missing`: names Kea does not know). */
async function gatherStats(socket: string, names: readonly string[]): Promise<Gathered> {
  const requests = names.length === 0 ? [{ command: 'statistic-get-all', args: undefined }] : names.map((name) => ({ command: 'statistic-get', args: { name } }));
  let stats: KeaStatistics = {};
  const missing: string[] = [];
  for (const { command, args } of requests) {
    const asked = await askAppliance(socket, command, args);
    if (!asked.ok) return { kind: 'unreachable', err: asked.err };
    const { result, text, arguments: answer } = asked.response;
    if (result !== CommandResult.Success) return { kind: 'refused', text: text ?? `${command} answered result ${result}` };
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return { kind: 'refused', text: `the answer to ${command} holds no map of statistics` };
    // statistic-get answers {} for a name it does not know (stats_mgr.cc).
    if (args !== undefined && Object.keys(answer).length === 0) missing.push(args.name);
    stats = { ...stats, ...(answer as KeaStatistics) };
  }
  return { kind: 'ok', stats, missing };
}

/** Runs `gitdhcp stats`. */
export async function statsCommand(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...SOCKET_OPTIONS, subnet: { type: 'string', multiple: true }, format: { type: 'string', default: 'table' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { io.out(`${STATS_HELP}\n`); return Exit.Ok; }
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`unknown --format '${values.format}'; use table or json`);
  const subnets = (values.subnet ?? []).map((id) => {
    if (!/^\d+$/.test(id)) throw new UsageError(`--subnet '${id}' is not a subnet id`);
    return Number(id);
  });
  const socket = controlSocketPath(values, io);
  const gathered = await gatherStats(socket, positionals);
  if (gathered.kind === 'unreachable') {
    io.err(`gitdhcp stats: ${unreachable(socket, gathered.err, 'gitdhcp serve')}\n`);
    return Exit.Failure;
  }
  if (gathered.kind === 'refused') {
    io.err(`gitdhcp stats: ${gathered.text}\n`);
    return Exit.Findings;
  }
  const stats = subnets.length === 0 ? gathered.stats : Object.fromEntries(Object.entries(gathered.stats).filter(([name]) => subnets.includes(subnetOf(name) ?? -1)));
  io.out(values.format === 'json' ? `${JSON.stringify(stats, null, 2)}\n` : statsTable(stats));
  for (const name of gathered.missing) io.err(`gitdhcp stats: no statistic '${name}'\n`);
  return gathered.missing.length > 0 ? Exit.Findings : Exit.Ok;
}
