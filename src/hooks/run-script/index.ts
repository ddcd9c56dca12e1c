/**
 * hooks/run-script: the run-script hook, an external program called at hook points with the
 * point's data in environment variables, in the two forms operators know:
 *
 * - `kea`: Kea's `libdhcp_run_script.so` (`{"name": "...", "sync": false}`), Kea's variables
 *   (QUERY4_*, SUBNET4_*, LEASE4_*, LEASES4_*, DELETED_LEASES4_*, PKT4_*, REMOVE_LEASE) on
 *   lease4_renew, lease4_expire, lease4_recover, leases4_committed, lease4_release, lease4_decline;
 * - `runscript`: the third-party kea-hook-runscript (`{"script": "...", "wait": true}`), its
 *   KEA_* variables on pkt4_receive, pkt4_send, subnet4_select, lease4_select, lease4_renew,
 *   lease4_release, lease4_decline, lease4_expire, lease4_recover.
 *
 * Asynchronous runs (Kea's only mode) are bounded; synchronous runs (`sync: true`,
 * `wait: true`) let the exit code choose the next step (see next-step.ts) and block the event
 * loop, except at leases4_committed where the packet is parked instead. See runner.ts for the
 * cost. Scripts must be in the scripts directory (script-path.ts).
 *
 * The env-*.ts builders, params.ts and next-step.ts are pure; I/O is only in runner.ts
 * (processes) and script-path.ts (checking the script at load). Imports ../types, ../../errors
 * and the pure folders (codec, net; types of config and lease); it must not import server/ or
 * cli/.
 */
import type { Packet4 } from '../../codec/index.js';
import { GitdhcpError } from '../../errors.js';
import type { Callout, CalloutHandle, HookLibraryApi, HookLog, HookModule, HookPoint4 } from '../types.js';
import type { ArgReader, EnvContext4, PacketMeta4, ScriptEnv } from './env-format.js';
import { keaEnv4, KEA_RUN_SCRIPT_POINTS4, type KeaRunScriptPoint4 } from './env-kea.js';
import { runscriptEnv4, RUNSCRIPT_POINTS4, type RunscriptPoint4 } from './env-runscript.js';
import { nextStepOf } from './next-step.js';
import { FORM_KEYS, parseRunScriptParams, type RunScriptForm, type RunScriptParams } from './params.js';
import { ScriptRunner, type RunnerStats, type RunOutcome } from './runner.js';
import { checkScriptFile, resolveScriptPath } from './script-path.js';

export type { ArgReader, EnvContext4, PacketMeta4, ScriptEnv } from './env-format.js';
export { keaEnv4, KEA_RUN_SCRIPT_POINTS4, type KeaRunScriptPoint4 } from './env-kea.js';
export { runscriptEnv4, RUNSCRIPT_POINTS4, type RunscriptPoint4 } from './env-runscript.js';
export { nextStepOf, ScriptExitCode } from './next-step.js';
export { parseRunScriptParams, type RunScriptForm, type RunScriptParams } from './params.js';
export { ScriptRunner, type RunnerStats, type RunOutcome, type ScriptRunnerOptions } from './runner.js';
export { DEFAULT_HOOK_SCRIPTS_PATH, resolveScriptPath, scriptsDirectory } from './script-path.js';

/** What the server gives the module besides the library's parameters. */
export interface RunScriptModuleEnv {
  /** The scripts directory (`scriptsDirectory(process.env)`). */
  readonly scriptsDir: string;
  /**
   * The transport's view of a packet (interface, addresses, ports), when the server keeps one:
   * Kea's QUERY4_IFACE_NAME, QUERY4_LOCAL_ADDR... and runscript's KEA_QUERY4_INTERFACE need it.
   */
  readonly packetMeta?: (packet: Packet4) => PacketMeta4 | undefined;
  /** Milliseconds clock (default `Date.now`), for lease expiry and the drop-warning rate limit. */
  readonly now?: () => number;
}

/** The module, plus its runner's counters (undefined before `load`). */
export interface RunScriptModule extends HookModule {
  readonly stats: RunnerStats | undefined;
}

/** Points where a callout may return a promise and the packet waits (Kea parks it). */
const PARKABLE: ReadonlySet<HookPoint4> = new Set<HookPoint4>(['lease4_offer', 'leases4_committed']);

type EnvBuilder = (point: HookPoint4, arg: ArgReader, ctx: EnvContext4) => ScriptEnv;

const FORMS: Readonly<Record<RunScriptForm, { readonly points: readonly HookPoint4[]; readonly build: EnvBuilder }>> = {
  kea: { points: KEA_RUN_SCRIPT_POINTS4, build: (p, arg, ctx) => keaEnv4(p as KeaRunScriptPoint4, arg, ctx) },
  runscript: { points: RUNSCRIPT_POINTS4, build: (p, arg, ctx) => runscriptEnv4(p as RunscriptPoint4, arg, ctx) },
};

/**
 * The run-script hook as a hook module. `load` checks the parameters and the script (in the
 * scripts directory, present, executable) and registers one callout per point of the form.
 * `unload` refuses new runs; runs already started or queued finish on their own.
 *
 * @throws GitdhcpError `ERR_HOOK_LOAD` (from `load`) for bad parameters or an unusable script
 * @example
 * const mod = runScriptModule('kea', { scriptsDir: scriptsDirectory(process.env) });
 * await mod.load(api); // api.parameters = { name: 'leases.sh', sync: false }
 */
export function runScriptModule(form: RunScriptForm, env: RunScriptModuleEnv): RunScriptModule {
  let runner: ScriptRunner | undefined;
  return {
    get stats() {
      return runner?.stats;
    },
    load(api: HookLibraryApi): void {
      const { params, path } = checkConfiguration(form, api, env.scriptsDir);
      runner = new ScriptRunner({
        path, maxConcurrent: params.maxConcurrent, maxQueued: params.maxQueued, timeoutMs: params.timeoutMs,
        log: api.log, ...(env.now === undefined ? {} : { now: env.now }),
      });
      for (const point of FORMS[form].points) api.register(point, makeCallout(form, point, params.isSync, runner, api.log, env));
      api.log.info('run-script hook loaded', {
        event: 'RUN_SCRIPT_LOADED', form, script: path, isSync: params.isSync, maxConcurrent: params.maxConcurrent,
        maxQueued: params.maxQueued, timeoutMs: params.timeoutMs,
      });
    },
    unload(): void {
      runner?.close();
    },
  };
}

/** The parameters and the script's path, or `ERR_HOOK_LOAD` saying what to fix. */
function checkConfiguration(form: RunScriptForm, api: HookLibraryApi, scriptsDirRaw: string): { params: RunScriptParams; path: string } {
  const fail = (problem: string, cause?: unknown): never => {
    throw new GitdhcpError('ERR_HOOK_LOAD', `hook library ${api.library}: ${problem}`, cause === undefined ? undefined : { cause });
  };
  const parsed = parseRunScriptParams(form, api.parameters);
  if (!parsed.ok) return fail(parsed.problems.join('; '));
  let scriptsDir = scriptsDirRaw;
  while (scriptsDir.length > 1 && scriptsDir.endsWith('/')) scriptsDir = scriptsDir.slice(0, -1);
  const resolved = resolveScriptPath(parsed.params.script, scriptsDir);
  if (!resolved.ok) return fail(`'${FORM_KEYS[form].script}': ${resolved.problem}`);
  let problem: string | null;
  try {
    problem = checkScriptFile(resolved.path);
  } catch (err) {
    return fail(`'${FORM_KEYS[form].script}': cannot examine script ${resolved.path}`, err);
  }
  if (problem !== null) fail(`'${FORM_KEYS[form].script}': ${problem}`);
  return { params: parsed.params, path: resolved.path };
}

/** Reads the handle's arguments, `undefined` for a name the call does not have. */
function readerOf(handle: CalloutHandle): ArgReader {
  const names = new Set(handle.getArgumentNames());
  return (name) => (names.has(name) ? handle.get(name) : undefined);
}

function makeCallout(
  form: RunScriptForm, point: HookPoint4, isSync: boolean, runner: ScriptRunner, log: HookLog, env: RunScriptModuleEnv,
): Callout {
  const build = FORMS[form].build;
  const now = env.now ?? Date.now;
  return (handle) => {
    // Kea's callouts return at once when an earlier callout chose SKIP or DROP; runscript's do not.
    if (form === 'kea' && (handle.status === 'skip' || handle.status === 'drop')) return undefined;
    const vars = build(point, readerOf(handle), { meta: env.packetMeta, nowSec: Math.floor(now() / 1000) });
    if (!isSync) {
      void runner.start(point, vars); // never rejects; the runner logs how it ends
      return undefined;
    }
    // Where the packet can be parked, wait for the script without blocking anyone else.
    if (PARKABLE.has(point)) return runner.start(point, vars).then((outcome) => applyOutcome(handle, point, outcome, log));
    applyOutcome(handle, point, runner.runSync(point, vars), log);
    return undefined;
  };
}

/** Sets the next step the outcome chose; CONTINUE never overrides an earlier callout's choice. */
function applyOutcome(handle: CalloutHandle, point: HookPoint4, outcome: RunOutcome, log: HookLog): void {
  const { step, isFailure } = nextStepOf(outcome);
  if (step !== 'continue') handle.setStatus(step);
  if (isFailure) {
    log.warn('run-script failed; next step by the failure rule', {
      event: 'RUN_SCRIPT_SYNC_FAILED', point, outcome: outcome.kind, exitCode: outcome.kind === 'exit' ? outcome.code : undefined, step,
    });
  } else if (step !== 'continue') {
    log.info('run-script chose the next step', { event: 'RUN_SCRIPT_NEXT_STEP', point, step });
  }
}
