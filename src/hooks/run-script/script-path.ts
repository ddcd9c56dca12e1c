/**
 * Where run-script scripts may live: Kea 3's rule for "scripts used by hook libraries" (ARM 3.0
 * "Summary of Path Restrictions"; Kea's `HookLibraryScriptsChecker` and `PathChecker`,
 * src/lib/hooks/hooks_parser.cc and src/lib/util/filesystem.cc):
 *
 * - the directory is `KEA_HOOK_SCRIPTS_PATH` when set, else `[kea-install-dir]/share/kea/scripts`
 *   (`/usr/local/share/kea/scripts` for Kea's default prefix), trailing slashes removed;
 * - a bare file name is taken from that directory; a path must name a file directly in it
 *   (its parent, compared as text, equals the directory: no subdirectories, no `..`).
 *
 * `scriptsDirectory` and `resolveScriptPath` are pure; `checkScriptFile` reads the file system.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** Kea's DEFAULT_HOOK_SCRIPTS_PATH for its default install prefix (`@PREFIX@/@DATADIR@/kea/scripts`). */
export const DEFAULT_HOOK_SCRIPTS_PATH = '/usr/local/share/kea/scripts';

/**
 * The scripts directory for the environment `env`, as Kea 3 computes it at start-up. An empty
 * `KEA_HOOK_SCRIPTS_PATH` counts as unset (Kea would take it as "", allowing only `/name`).
 *
 * @example
 * scriptsDirectory({ KEA_HOOK_SCRIPTS_PATH: '/etc/gitdhcp/scripts/' }); // '/etc/gitdhcp/scripts'
 * scriptsDirectory({}); // '/usr/local/share/kea/scripts'
 */
export function scriptsDirectory(env: NodeJS.ProcessEnv): string {
  const configured = env['KEA_HOOK_SCRIPTS_PATH'];
  let dir = configured === undefined || configured === '' ? DEFAULT_HOOK_SCRIPTS_PATH : configured;
  while (dir.length > 1 && dir.endsWith('/')) dir = dir.slice(0, -1);
  return dir;
}

/**
 * The path of `name` in `scriptsDir` (Kea's `PathChecker::validatePath`), or why it is refused.
 */
export function resolveScriptPath(name: string, scriptsDir: string): { ok: true; path: string } | { ok: false; problem: string } {
  const text = name.trim();
  const slash = text.lastIndexOf('/');
  const file = text.slice(slash + 1);
  if (file === '' || file === '.' || file === '..') return { ok: false, problem: `script path '${text}' has no file name` };
  if (slash >= 0) {
    const parent = text.slice(0, slash);
    if (parent === '' || parent !== scriptsDir) {
      return {
        ok: false,
        problem: `script '${text}' is not in the scripts directory ${scriptsDir}; `
          + `put it there and write '${file}', or set KEA_HOOK_SCRIPTS_PATH to its directory`,
      };
    }
  }
  return { ok: true, path: `${scriptsDir}/${file}` };
}

/**
 * Why `path` cannot be run (missing, not a regular file, not executable by us), or null. Kea's
 * `ProcessSpawn` checks the same at load ("File not found", "File not executable").
 * @throws the file system's error when the path cannot even be examined (EACCES on a directory)
 */
export function checkScriptFile(path: string): string | null {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined) return `script ${path} does not exist`;
  if (!st.isFile()) return `script ${path} is not a regular file`;
  try {
    accessSync(path, constants.X_OK);
  } catch (err) {
    // access(2) refuses X_OK with EACCES (also to root, when no execute bit is set).
    return `script ${path} is not executable (${(err as NodeJS.ErrnoException).code ?? 'EACCES'}); chmod +x it`;
  }
  return null;
}
