/**
 * The `parameters` of the run-script hook in its two forms, checked at load time:
 *
 * | form        | script   | synchronous       | as in                                   |
 * |-------------|----------|-------------------|-----------------------------------------|
 * | `kea`       | `name`   | `sync` (false)    | Kea's libdhcp_run_script.so (ARM 3.0)   |
 * | `runscript` | `script` | `wait` (**true**) | kea-hook-runscript (its load.cc: `wait` absent → wait) |
 *
 * and, in both, our limits: `max-concurrent` (16), `max-queued` (64) and `timeout-ms`
 * (2000 when synchronous, 60000 otherwise). An unknown key is an error, so a typo never passes
 * silently. Pure: returns the parameters or the list of problems.
 */

export type RunScriptForm = 'kea' | 'runscript';

export interface RunScriptParams {
  /** The script as configured (`name` or `script`), not yet checked against the directory. */
  readonly script: string;
  readonly isSync: boolean;
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly timeoutMs: number;
}

export const DEFAULT_MAX_CONCURRENT = 16;
export const DEFAULT_MAX_QUEUED = 64;
export const DEFAULT_SYNC_TIMEOUT_MS = 2000;
export const DEFAULT_ASYNC_TIMEOUT_MS = 60_000;

/** The names of the two keys that differ between the forms. */
export const FORM_KEYS: Readonly<Record<RunScriptForm, { readonly script: string; readonly sync: string }>> = {
  kea: { script: 'name', sync: 'sync' },
  runscript: { script: 'script', sync: 'wait' },
};

const LIMITS = {
  'max-concurrent': { min: 1, max: 1024 },
  'max-queued': { min: 0, max: 65_536 },
  'timeout-ms': { min: 1, max: 3_600_000 },
} as const;

type LimitKey = keyof typeof LIMITS;

function integerParam(params: Readonly<Record<string, unknown>>, key: LimitKey, fallback: number, problems: string[]): number {
  const v = params[key];
  if (v === undefined) return fallback;
  const { min, max } = LIMITS[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    problems.push(`'${key}' must be an integer from ${min} to ${max}, not ${JSON.stringify(v)}`);
    return fallback;
  }
  return v;
}

/**
 * Checks `params` for `form`. Returns the parameters, or the problems (each a complete
 * sentence fragment naming the key).
 *
 * @example
 * parseRunScriptParams('kea', { name: 'leases.sh', sync: false });
 * // { ok: true, params: { script: 'leases.sh', isSync: false, maxConcurrent: 16, maxQueued: 64, timeoutMs: 60000 } }
 */
export function parseRunScriptParams(
  form: RunScriptForm, params: Readonly<Record<string, unknown>>,
): { ok: true; params: RunScriptParams } | { ok: false; problems: string[] } {
  const keys = FORM_KEYS[form];
  const problems: string[] = [];
  const known = new Set<string>([keys.script, keys.sync, ...Object.keys(LIMITS)]);
  for (const key of Object.keys(params)) {
    if (!known.has(key)) problems.push(`unknown parameter '${key}' (accepted: ${[...known].join(', ')})`);
  }
  const script = params[keys.script];
  if (script === undefined) problems.push(`the '${keys.script}' parameter is mandatory: the script to run`);
  else if (typeof script !== 'string' || script.trim() === '') problems.push(`the '${keys.script}' parameter must be a non-empty string`);
  const sync = params[keys.sync];
  if (sync !== undefined && typeof sync !== 'boolean') problems.push(`the '${keys.sync}' parameter must be a boolean`);
  // kea-hook-runscript waits unless told not to; Kea's hook never waits unless told to.
  const isSync = typeof sync === 'boolean' ? sync : form === 'runscript';
  const maxConcurrent = integerParam(params, 'max-concurrent', DEFAULT_MAX_CONCURRENT, problems);
  const maxQueued = integerParam(params, 'max-queued', DEFAULT_MAX_QUEUED, problems);
  const timeoutMs = integerParam(params, 'timeout-ms', isSync ? DEFAULT_SYNC_TIMEOUT_MS : DEFAULT_ASYNC_TIMEOUT_MS, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, params: { script: script as string, isSync, maxConcurrent, maxQueued, timeoutMs } };
}
