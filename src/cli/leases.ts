/**
 * `gitdhcp leases`: the leases of a running appliance, asked over its control socket with Kea's
 * lease commands (lease_cmds): every lease page by page (`lease4-get-page`, so a store of a
 * million leases never travels as one response), one or more subnets' (`lease4-get-all`), or
 * those of one address, hardware address, client identifier or hostname (`lease4-get`,
 * `lease4-get-by-*`). Printed as an aligned table, as Kea's JSON (one array) or as Kea's memfile
 * CSV rows; every format is written page by page as the pages arrive.
 */
import { parseArgs } from 'node:util';
import { CommandResult } from '../control/commands.js';
import { escapeCsvBytes, lease4Header, toKeaJson } from '../lease/index.js';
import { SERVE_LOCATE, SOCKET_OPTIONS, askAppliance, controlSocketPath, unreachable } from './control.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { UsageError } from './usage.js';

export const LEASES_HELP = `usage: gitdhcp leases [--subnet ID] [--address A | --hw-address HW | --client-id ID | --hostname NAME]
                      [--state STATE] [--format table|json|csv] [--socket PATH | --state-dir DIR]

Lists the leases of the running appliance (gitdhcp serve), asked over its control socket with
Kea's lease commands: every lease, 1000 per lease4-get-page request; the leases of subnets
(lease4-get-all); or those of one address (lease4-get), hardware address, client identifier or
hostname (lease4-get-by-hw-address, -by-client-id, -by-hostname).

  --subnet ID         only the leases of subnet ID (repeat it for several subnets)
  --address A         the lease of the IPv4 address A
  --hw-address HW     the leases of a hardware address, e.g. 52:54:00:12:34:56
  --client-id ID      the leases of a client identifier, e.g. 01:52:54:00:12:34:56
  --hostname NAME     the leases of a hostname (case-insensitive)
  --state STATE       all (default), default, declined, expired-reclaimed or released
  --format table      address, hw-address, client-id, hostname, subnet-id, state, valid-lft and
                      expiry (local time), one lease per line ("-" for none); "no leases"
                      when none matches
  --format json       the leases as Kea returns them, one array with a lease per line
  --format csv        Kea's memfile lease4 rows (schema 3.0) under its header
${SERVE_LOCATE}

exit status: 0 done (also when no lease matches), 1 the appliance refused a command,
2 no appliance answered`;

/** A lease as Kea's Lease4::toElement gives it (`ip-address`, `hw-address`, `cltt`, ...). */
export type KeaLease4 = Readonly<Record<string, unknown>>;

const PAGE_SIZE = 1000;
/** Kea's infinite lifetime (0xffffffff): such a lease never expires. */
const INFINITE_LFT = 0xffffffff;
/** Kea's lease states by number (lease.h STATE_*). */
const STATE_WORDS = ['default', 'declined', 'expired-reclaimed', 'released', 'registered'] as const;
const STATE_CHOICES = ['all', 'default', 'declined', 'expired-reclaimed', 'released'];
const FORMATS = ['table', 'json', 'csv'];
const TABLE_HEADER = ['address', 'hw-address', 'client-id', 'hostname', 'subnet-id', 'state', 'valid-lft', 'expires'];

/** What to send: one command, or lease4-get-page repeated from the last address. */
interface LeaseQuery {
  readonly command: string;
  readonly args?: Record<string, unknown>;
  readonly isPaged: boolean;
}

/** The command a command line asks for (at most one of the lookups; --subnet alone: lease4-get-all). */
export function leaseQuery(values: { address?: string; 'hw-address'?: string; 'client-id'?: string; hostname?: string }, subnets: readonly number[]): LeaseQuery {
  const lookups = (['address', 'hw-address', 'client-id', 'hostname'] as const).filter((k) => values[k] !== undefined);
  if (lookups.length > 1) throw new UsageError(`--${lookups[0]} and --${lookups[1]} cannot be combined; give one lookup`);
  if (values.address !== undefined) return { command: 'lease4-get', args: { 'ip-address': values.address }, isPaged: false };
  if (values['hw-address'] !== undefined) return { command: 'lease4-get-by-hw-address', args: { 'hw-address': values['hw-address'] }, isPaged: false };
  if (values['client-id'] !== undefined) return { command: 'lease4-get-by-client-id', args: { 'client-id': values['client-id'] }, isPaged: false };
  if (values.hostname !== undefined) return { command: 'lease4-get-by-hostname', args: { hostname: values.hostname }, isPaged: false };
  if (subnets.length > 0) return { command: 'lease4-get-all', args: { subnets: [...subnets] }, isPaged: false };
  return { command: 'lease4-get-page', isPaged: true };
}

/** The leases in an answer: lease4-get answers with the lease itself, the others with `leases`. */
function leasesOf(command: string, args: unknown): KeaLease4[] | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  if (command === 'lease4-get') return [args as KeaLease4];
  const leases = (args as { leases?: unknown }).leases;
  return Array.isArray(leases) && leases.every((l) => typeof l === 'object' && l !== null) ? (leases as KeaLease4[]) : undefined;
}

type Fetched = { readonly kind: 'done' } | { readonly kind: 'unreachable'; readonly err: unknown } | { readonly kind: 'refused'; readonly text: string };

/** Sends `query` (each page after the first from the last address) and hands every page to `onPage`. */
async function fetchLeases(socket: string, query: LeaseQuery, onPage: (leases: readonly KeaLease4[]) => void): Promise<Fetched> {
  let from = 'start';
  for (;;) {
    const asked = await askAppliance(socket, query.command, query.isPaged ? { from, limit: PAGE_SIZE } : query.args);
    if (!asked.ok) return { kind: 'unreachable', err: asked.err };
    const { result, text, arguments: args } = asked.response;
    // Result 3: no (more) leases. Kea's paging ends only with it, not with a short page.
    if (result === CommandResult.Empty) return { kind: 'done' };
    if (result !== CommandResult.Success) return { kind: 'refused', text: text ?? `${query.command} answered result ${result}` };
    const leases = leasesOf(query.command, args);
    if (leases === undefined) return { kind: 'refused', text: `the answer to ${query.command} holds no list of leases` };
    onPage(leases);
    const last = leases.at(-1)?.['ip-address'];
    if (!query.isPaged || typeof last !== 'string') return { kind: 'done' };
    from = last;
  }
}

// ---- formats ----

/** Writes the leases page by page; `end` once after the last page. */
interface LeaseWriter {
  page(leases: readonly KeaLease4[]): void;
  end(): void;
}

const text = (v: unknown): string => (v === undefined || v === null || v === '' ? '-' : String(v));
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Unix seconds as local time, `2026-11-23 14:05:09`. */
export function localTime(sec: number): string {
  const d = new Date(sec * 1000);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A duration in its two largest units, rounded down: `2d4h`, `3h12m`, `5m`, `42s`. */
export function shortDuration(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
  if (d > 0) return h > 0 ? `${d}d${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h${m}m` : `${h}h`;
  return m > 0 ? `${m}m` : `${s}s`;
}

/** The expiry column: `2026-11-23 14:05:09 (in 3h12m)`, `... (expired 5m ago)` or `never`. */
export function expiryText(cltt: unknown, validLft: unknown, nowMs: number): string {
  if (typeof cltt !== 'number' || typeof validLft !== 'number') return '-';
  if (validLft === INFINITE_LFT) return 'never';
  const expire = cltt + validLft;
  const left = expire - Math.floor(nowMs / 1000);
  return `${localTime(expire)} (${left > 0 ? `in ${shortDuration(left)}` : `expired ${shortDuration(-left)} ago`})`;
}

const stateWord = (state: unknown): string => (typeof state === 'number' ? (STATE_WORDS[state] ?? String(state)) : text(state));

function tableRow(l: KeaLease4, nowMs: number): string[] {
  return [text(l['ip-address']), text(l['hw-address']), text(l['client-id']), text(l['hostname']), text(l['subnet-id']), stateWord(l['state']), text(l['valid-lft']), expiryText(l['cltt'], l['valid-lft'], nowMs)];
}

/** The width of each column of `rows`. */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return widths;
}

/** One line of an aligned table: two spaces between columns, no trailing blanks. */
export function alignedLine(row: readonly string[], widths: readonly number[]): string {
  return `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}\n`;
}

/**
 * The table. Column widths come from the first page, so the table streams; a longer cell on a
 * later page widens only its own line.
 */
function tableWriter(io: CliIO, nowMs: number): LeaseWriter {
  let widths: number[] | undefined;
  return {
    page(leases) {
      if (leases.length === 0) return;
      const rows = leases.map((l) => tableRow(l, nowMs));
      let out = '';
      if (widths === undefined) {
        widths = columnWidths([TABLE_HEADER, ...rows]);
        out = alignedLine(TABLE_HEADER, widths);
      }
      for (const row of rows) out += alignedLine(row, widths);
      io.out(out);
    },
    end: () => {
      if (widths === undefined) io.out('no leases\n');
    },
  };
}

/** One JSON array, a lease per line as Kea gave it. */
function jsonWriter(io: CliIO): LeaseWriter {
  let n = 0;
  return {
    page(leases) {
      if (leases.length === 0) return;
      io.out(leases.map((l) => `${n++ === 0 ? '[\n' : ',\n'}  ${JSON.stringify(l)}`).join(''));
    },
    end: () => io.out(n === 0 ? '[]\n' : '\n]\n'),
  };
}

/** A CSV field as the memfile writes it: the UTF-8 bytes, escaped as Kea's CSVRow::escapeCharacters. */
function csvField(value: string): string {
  return escapeCsvBytes(Buffer.from(value, 'utf8').toString('latin1'));
}

/** A lease's memfile row (CSVLeaseFile4::append, schema 3.0) from its Kea JSON. */
export function leaseCsvRow(l: KeaLease4): string {
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const ctx = l['user-context'];
  return [
    str(l['ip-address']), str(l['hw-address']), str(l['client-id']), num(l['valid-lft']), num(l['cltt']) + num(l['valid-lft']),
    num(l['subnet-id']), l['fqdn-fwd'] === true ? 1 : 0, l['fqdn-rev'] === true ? 1 : 0, csvField(str(l['hostname'])), num(l['state']),
    ctx === undefined || ctx === null ? '' : csvField(toKeaJson(ctx)), num(l['pool-id']),
  ].join(',');
}

/** The header, then the rows (the header also when no lease matches). */
function csvWriter(io: CliIO): LeaseWriter {
  let isStarted = false;
  const start = (): void => {
    if (!isStarted) io.out(`${lease4Header()}\n`);
    isStarted = true;
  };
  return {
    page: (leases) => {
      if (leases.length === 0) return;
      start();
      io.out(leases.map((l) => `${leaseCsvRow(l)}\n`).join(''));
    },
    end: start,
  };
}

// ---- the command ----

function parseSubnetIds(ids: readonly string[]): number[] {
  return ids.map((id) => {
    if (!/^\d+$/.test(id) || Number(id) < 1 || Number(id) > 0xffffffff) throw new UsageError(`--subnet '${id}' is not a subnet id (1 to 4294967295)`);
    return Number(id);
  });
}

/** Runs `gitdhcp leases`. */
export async function leasesCommand(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...SOCKET_OPTIONS,
      subnet: { type: 'string', multiple: true }, address: { type: 'string' }, 'hw-address': { type: 'string' }, 'client-id': { type: 'string' }, hostname: { type: 'string' },
      state: { type: 'string', default: 'all' }, format: { type: 'string', default: 'table' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { io.out(`${LEASES_HELP}\n`); return Exit.Ok; }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (!FORMATS.includes(values.format)) throw new UsageError(`unknown --format '${values.format}'; use table, json or csv`);
  if (!STATE_CHOICES.includes(values.state)) throw new UsageError(`unknown --state '${values.state}'; use ${STATE_CHOICES.join(', ')}`);
  const subnets = parseSubnetIds(values.subnet ?? []);
  const query = leaseQuery(values, subnets);
  const socket = controlSocketPath(values, io);
  const writer = values.format === 'json' ? jsonWriter(io) : values.format === 'csv' ? csvWriter(io) : tableWriter(io, Date.now());
  // A lookup answers for every subnet; --subnet and --state narrow what is printed.
  const isWanted = (l: KeaLease4): boolean =>
    (subnets.length === 0 || subnets.includes(l['subnet-id'] as number)) && (values.state === 'all' || stateWord(l['state']) === values.state);
  const fetched = await fetchLeases(socket, query, (leases) => writer.page(leases.filter(isWanted)));
  if (fetched.kind === 'unreachable') {
    io.err(`gitdhcp leases: ${unreachable(socket, fetched.err, 'gitdhcp serve')}\n`);
    return Exit.Failure;
  }
  if (fetched.kind === 'refused') {
    io.err(`gitdhcp leases: ${fetched.text}\n`);
    return Exit.Findings;
  }
  writer.end();
  return Exit.Ok;
}
