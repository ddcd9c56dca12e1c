/**
 * `gitdhcp status`: what the reconciler of `serve --repo` last did, asked of the running
 * appliance over its control socket (`gitops-status`), or read from the state directory's
 * status.json (written atomically) when no appliance answers: the revisions attempted, applied
 * and healthy, the conditions, pin and suspension, the quarantine, and the recent history.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Status } from '../gitops/state.js';
import { sendCommand } from '../control/unix-socket.js';
import { controlSocketPath } from './control.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { UsageError } from './usage.js';

export const STATUS_HELP = `usage: gitdhcp status [--state-dir DIR | --data-dir DIR] [--socket PATH] [--format text|json]

Shows the reconciler's state: the revision serving and the last healthy one, the conditions
(Ready, Reconciling, Stalled, Healthy, Remediated), quarantined revisions and recent attempts
with their outcome, reasons and timings.

  --state-dir DIR   the state directory of serve --repo (default <data-dir>/state)
  --socket PATH     its control socket (default <state-dir>/control.sock); when nothing
                    answers there, status.json is read instead (the appliance is stopped)
  --data-dir DIR    default $KEA_DHCP_DATA_DIR, else /var/lib/gitdhcp
  --format json     the status document as it is stored

exit status: 0 ready and healthy, 1 not ready or not healthy, 2 no status to read`;

const short = (rev: string | null): string => (rev === null ? '-' : rev.slice(0, 12));

function text(s: Status): string {
  const lines = [
    `repository: ${s.repository} (branch ${s.branch}, ${s.path})`,
    `serving:    ${short(s.lastApplied)}   healthy: ${short(s.lastHealthy)}   last attempted: ${short(s.lastAttempted)}`,
    `conditions: ${s.conditions.map((c) => `${c.type}=${c.status ? 'True' : 'False'} (${c.reason})`).join(', ')}`,
  ];
  for (const c of s.conditions) if (c.message !== '') lines.push(`  ${c.type}: ${c.message}`);
  if (s.pinned) lines.push(`pinned:     ${short(s.pinned.revision)} since ${s.pinned.at}, until a commit newer than ${short(s.pinned.head)} or gitdhcp unpin`);
  if (s.suspended) lines.push(`suspended:  since ${s.suspended.at} (gitdhcp resume)`);
  if (s.quarantine.length > 0) lines.push(`quarantine: ${s.quarantine.map(short).join(', ')}`);
  lines.push('history:');
  for (const h of s.history.slice(-10).reverse()) {
    const timings = Object.entries(h.timingsMs).map(([k, v]) => `${k} ${v} ms`).join(', ');
    lines.push(`  ${h.at}  ${short(h.revision)}  ${h.outcome.padEnd(12)} ${h.digest === undefined ? '' : `config ${h.digest.slice(7, 19)}  `}${timings}`);
    for (const p of h.plan?.slice(0, 3) ?? []) lines.push(`      plan: ${p}`);
    for (const r of h.reasons.slice(0, 5)) lines.push(`      ${r}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function statusCommand(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { socket: { type: 'string' }, 'state-dir': { type: 'string' }, 'data-dir': { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { io.out(`${STATUS_HELP}\n`); return Exit.Ok; }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format '${values.format}'; use text or json`);
  const dataDir = path.resolve(io.cwd, values['data-dir'] ?? io.env['KEA_DHCP_DATA_DIR'] ?? '/var/lib/gitdhcp');
  const file = path.join(path.resolve(io.cwd, values['state-dir'] ?? path.join(dataDir, 'state')), 'status.json');
  let status: Status;
  let isLive = true;
  try {
    status = (await sendCommand(controlSocketPath(values, io), { command: 'gitops-status' }, 10_000)).arguments as Status;
  } catch {
    isLive = false;
    try {
      status = JSON.parse(readFileSync(file, 'utf8')) as Status;
    } catch (err) {
      io.err(`gitdhcp status: no appliance answers on ${controlSocketPath(values, io)}, and ${file} cannot be read: ${(err as Error).message}\n(is gitdhcp serve --repo running with this state directory?)\n`);
      return Exit.Failure;
    }
  }
  if (!isLive && values.format === 'text') io.out(`(the appliance is not running: this is the status it last wrote to ${file})\n`);
  io.out(values.format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : text(status));
  const ok = (type: string): boolean => status.conditions.find((c) => c.type === type)?.status === true;
  return ok('Ready') && ok('Healthy') ? Exit.Ok : Exit.Findings;
}
