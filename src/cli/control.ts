/**
 * `gitdhcp reconcile | rollback [--to REV] | unpin | suspend | resume`: the operator's actions on
 * a running `serve --repo`, sent as Kea-style commands (`gitops-reconcile`, ...) over its local
 * control socket (`<state-dir>/control.sock` unless --control-socket moved it).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sendCommand } from '../control/unix-socket.js';
import type { CommandResponse } from '../control/commands.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { UsageError } from './usage.js';

const LOCATE = `  --socket PATH     the control socket of serve --repo (default <state-dir>/control.sock)
  --state-dir DIR   the state directory of serve --repo (default <data-dir>/state)
  --data-dir DIR    default $KEA_DHCP_DATA_DIR, else /var/lib/gitdhcp
  --format json     the response as the appliance sent it`;

const EXIT = 'exit status: 0 done, 1 the appliance refused or the action failed, 2 no appliance answered';

export const ACTION_HELP: Readonly<Record<string, string>> = {
  reconcile: `usage: gitdhcp reconcile [--socket PATH | --state-dir DIR]\n\nFetches the branch now and applies a new revision, as a webhook would.\n\n${LOCATE}\n\n${EXIT}`,
  rollback: `usage: gitdhcp rollback [--to REV] [--socket PATH | --state-dir DIR]\n\nServes an earlier healthy revision of the history (--to: a revision or a unique prefix of\none; default: the newest healthy revision before the one serving) after the same health\nchecks as a new revision, and pins it: the branch is still fetched, but only a newer commit\nor gitdhcp unpin moves the appliance off it.\n\n  --to REV          the revision to serve (see gitdhcp status for the history)\n${LOCATE}\n\n${EXIT}`,
  unpin: `usage: gitdhcp unpin [--socket PATH | --state-dir DIR]\n\nEnds the pin of a manual rollback: the branch's newest commit is applied again.\n\n${LOCATE}\n\n${EXIT}`,
  suspend: `usage: gitdhcp suspend [--socket PATH | --state-dir DIR]\n\nStops fetching and applying (the appliance keeps serving its revision) until gitdhcp resume,\nalso across restarts.\n\n${LOCATE}\n\n${EXIT}`,
  resume: `usage: gitdhcp resume [--socket PATH | --state-dir DIR]\n\nResumes reconciliation and fetches now.\n\n${LOCATE}\n\n${EXIT}`,
};

const COMMAND_OF: Readonly<Record<string, string>> = {
  reconcile: 'gitops-reconcile', rollback: 'gitops-rollback', unpin: 'gitops-unpin', suspend: 'gitops-suspend', resume: 'gitops-resume',
};

/** The control socket named by --socket, --state-dir or --data-dir. */
export function controlSocketPath(values: { socket?: string | undefined; 'state-dir'?: string | undefined; 'data-dir'?: string | undefined }, io: CliIO): string {
  if (values.socket !== undefined) return path.resolve(io.cwd, values.socket);
  const dataDir = path.resolve(io.cwd, values['data-dir'] ?? io.env['KEA_DHCP_DATA_DIR'] ?? '/var/lib/gitdhcp');
  return path.join(path.resolve(io.cwd, values['state-dir'] ?? path.join(dataDir, 'state')), 'control.sock');
}

/**
 * Why nothing answered on `socket`, in words an operator can act on; `server` names what should
 * be listening there (`gitdhcp serve` for the commands every appliance answers).
 */
export function unreachable(socket: string, err: unknown, server = 'gitdhcp serve --repo'): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' || code === 'ECONNREFUSED' ? 'no appliance is listening there' : code === 'EACCES' ? 'permission denied (the socket is for its owner only)' : (err as Error).message;
  return `cannot reach ${socket}: ${why}\n(is ${server} running with this state directory? --socket names another socket)`;
}

/** The parseArgs options that locate the control socket (read by controlSocketPath). */
export const SOCKET_OPTIONS = { socket: { type: 'string' }, 'state-dir': { type: 'string' }, 'data-dir': { type: 'string' } } as const;

/** The help lines of SOCKET_OPTIONS for the commands every `gitdhcp serve` answers. */
export const SERVE_LOCATE = `  --socket PATH       the control socket of gitdhcp serve (default <state-dir>/control.sock)
  --state-dir DIR     the state directory of gitdhcp serve (default <data-dir>/state)
  --data-dir DIR      default $KEA_DHCP_DATA_DIR, else /var/lib/gitdhcp`;

/** One command's answer, or why nothing answered on the socket (for unreachable). */
export type Asked = { readonly ok: true; readonly response: CommandResponse } | { readonly ok: false; readonly err: unknown };

/** Sends one command to the appliance; a connection failure is an outcome, not a throw. */
export async function askAppliance(socket: string, command: string, args?: Record<string, unknown>): Promise<Asked> {
  try {
    return { ok: true, response: await sendCommand(socket, { command, ...(args !== undefined ? { arguments: args } : {}) }) };
  } catch (err) {
    return { ok: false, err };
  }
}

/** Runs `gitdhcp <action>` for one of reconcile, rollback, unpin, suspend, resume. */
export async function actionCommand(action: string, argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      socket: { type: 'string' }, 'state-dir': { type: 'string' }, 'data-dir': { type: 'string' },
      format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' },
      ...(action === 'rollback' ? { to: { type: 'string' as const } } : {}),
    },
  });
  if (values.help) { io.out(`${ACTION_HELP[action]}\n`); return Exit.Ok; }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'${action === 'rollback' ? ' (the revision goes after --to)' : ''}`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format '${values.format}'; use text or json`);
  const socket = controlSocketPath(values, io);
  const to = (values as { to?: string }).to;
  let response: CommandResponse;
  try {
    response = await sendCommand(socket, { command: COMMAND_OF[action] as string, ...(to !== undefined ? { arguments: { revision: to } } : {}) });
  } catch (err) {
    io.err(`gitdhcp ${action}: ${unreachable(socket, err)}\n`);
    return Exit.Failure;
  }
  if (values.format === 'json') io.out(`${JSON.stringify(response, null, 2)}\n`);
  else (response.result === 0 ? io.out : io.err)(`${response.text ?? `result ${response.result}`}\n`);
  return response.result === 0 ? Exit.Ok : Exit.Findings;
}
