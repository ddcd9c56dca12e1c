/**
 * Loading `hooks-libraries` as Kea's HooksManager::loadLibraries does: every entry in order, its
 * `parameters` handed to `load`, callouts registered in that order. A JavaScript module
 * (`.js`/`.mjs`, a path relative to the configuration file's directory) is imported and its
 * `load(api)` called; Kea's own library names map to built-in modules (the run-script hooks) or
 * to features of the appliance (lease and statistics commands). Any failure aborts the whole set
 * (Kea: HOOKS_LOAD_FAILED): libraries loaded so far are unloaded, nothing is registered, and the
 * configuration is not applied.
 *
 * ES modules stay cached by Node: a reload calls `load` again on the same module instance
 * (after `unload` of the previous set), it does not re-read a changed file. Restart the
 * appliance to pick up new hook code.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GitdhcpError } from '../errors.js';
import type { CommandHandler } from '../control/commands.js';
import { HookManager, type CalloutFailure } from './manager.js';
import { HOOK_POINTS4, type HookLibraryApi, type HookLog, type HookModule, type HookPoint4 } from './types.js';

/** One `hooks-libraries` entry. */
export interface HookLibraryEntry {
  readonly library: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Built-in stand-ins for Kea's libraries, by file name (`libdhcp_run_script.so`). */
export type BuiltinHooks = Readonly<Record<string, () => HookModule | null>>;

export interface LoadHooksOptions {
  /** Directory relative `.js` library paths are resolved against (the configuration file's). */
  readonly baseDir: string;
  readonly builtins: BuiltinHooks;
  /** The log of a library, tagged with its name. */
  readonly logOf: (library: string) => HookLog;
  /** A callout failed (threw, or returned a promise where a packet cannot wait). */
  readonly onFailure: (f: CalloutFailure) => void;
}

/** A loaded set of libraries. */
export interface LoadedHooks {
  readonly manager: HookManager;
  /** The control commands the libraries added, in load order. */
  readonly commands: ReadonlyArray<{ readonly name: string; readonly handler: CommandHandler; readonly library: string }>;
  /** Calls `unload` of every library, in reverse order; errors are logged, never thrown. */
  unload(): Promise<void>;
}

const POINTS: ReadonlySet<string> = new Set(HOOK_POINTS4);

function isHookModule(m: unknown): m is HookModule {
  return typeof m === 'object' && m !== null && typeof (m as { load?: unknown }).load === 'function';
}

async function moduleOf(entry: HookLibraryEntry, options: LoadHooksOptions): Promise<HookModule | null> {
  const library = entry.library.trim();
  const name = library.split('/').pop() ?? library;
  if (Object.hasOwn(options.builtins, name)) return (options.builtins[name] as () => HookModule | null)();
  if (!/\.m?js$/.test(library)) {
    throw new GitdhcpError('ERR_HOOK_LOAD', `hook library ${library}: gitdhcp cannot load C++ hook libraries; use a JavaScript module (.js, .mjs)`);
  }
  const file = path.resolve(options.baseDir, library);
  let mod: unknown;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    throw new GitdhcpError('ERR_HOOK_LOAD', `hook library ${library}: cannot import ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const candidate = isHookModule(mod) ? mod : (mod as { default?: unknown }).default;
  if (!isHookModule(candidate)) throw new GitdhcpError('ERR_HOOK_LOAD', `hook library ${library}: the module exports no load() function`);
  return candidate;
}

/**
 * Loads `entries` in order.
 * @throws GitdhcpError ERR_HOOK_LOAD, with every library loaded so far unloaded again
 * @example
 * const hooks = await loadHookLibraries(cfg.hooksLibraries, { baseDir, builtins, logOf, onFailure });
 */
export async function loadHookLibraries(entries: readonly HookLibraryEntry[], options: LoadHooksOptions): Promise<LoadedHooks> {
  const manager = new HookManager(options.onFailure);
  const loaded: Array<{ library: string; module: HookModule }> = [];
  const commands: Array<{ name: string; handler: CommandHandler; library: string }> = [];
  const unload = async (): Promise<void> => {
    for (const { library, module } of loaded.splice(0).reverse()) {
      try {
        await module.unload?.();
      } catch (err) {
        options.logOf(library).error(`unload failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  for (const entry of entries) {
    const library = entry.library;
    try {
      const module = await moduleOf(entry, options);
      if (module === null) continue; // a Kea library whose job the appliance does itself
      const pending: Array<[HookPoint4, Parameters<HookLibraryApi['register']>[1]]> = [];
      const pendingCommands: Array<{ name: string; handler: CommandHandler; library: string }> = [];
      const api: HookLibraryApi = {
        library,
        parameters: entry.parameters,
        log: options.logOf(library),
        register: (point, callout) => {
          if (!POINTS.has(point)) throw new Error(`unknown hook point '${String(point)}' (DHCPv4 points: ${HOOK_POINTS4.join(', ')})`);
          if (typeof callout !== 'function') throw new Error(`the callout registered on ${point} is not a function`);
          pending.push([point, callout]);
        },
        registerCommand: (name, handler) => {
          if (typeof handler !== 'function') throw new Error(`the handler of command '${name}' is not a function`);
          if (commands.some((c) => c.name === name) || pendingCommands.some((c) => c.name === name)) {
            throw new Error(`command '${name}' is registered twice`);
          }
          pendingCommands.push({ name, handler, library });
        },
      };
      await module.load(api);
      loaded.push({ library, module });
      for (const [point, callout] of pending) manager.register(library, point, callout);
      commands.push(...pendingCommands);
    } catch (err) {
      await unload();
      if (err instanceof GitdhcpError) throw err;
      throw new GitdhcpError('ERR_HOOK_LOAD', `hook library ${library}: load() failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  return { manager, commands, unload };
}
