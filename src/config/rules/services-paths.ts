/**
 * Kea 3.x path restrictions (`PathChecker`, src/lib/util/filesystem.cc): a unix control socket,
 * a hook library, a log file and the memfile lease file must be in one fixed directory each,
 * named by an environment variable with a build-time default. Which directory a given Kea uses
 * cannot be known from the configuration, so a path elsewhere is a warning (Kea rejects it
 * unless the variable points there, or it runs with -X); a path without a file name is always
 * an error.
 */
import type { RuleContext } from './context.js';

/** One restricted directory: its variable and the values it usually has. */
export interface KeaDirectory {
  /** What the directory holds, for messages ("control socket directory"). */
  readonly label: string;
  readonly env: string;
  /** Usual values, for the message (distribution packages, then source builds). */
  readonly usual: string;
  /** Whether `dir` (no trailing slash) is one of the usual values. */
  isUsual(dir: string): boolean;
}

const oneOf = (dirs: readonly string[]) => (dir: string): boolean => dirs.includes(dir);

export const KeaDirectories = {
  controlSocket: {
    label: 'control socket directory',
    env: 'KEA_CONTROL_SOCKET_DIR',
    usual: '/run/kea or /var/run/kea in packages, /usr/local/var/run/kea in source builds',
    isUsual: oneOf(['/run/kea', '/var/run/kea', '/usr/local/var/run/kea']),
  },
  hooks: {
    label: 'hooks directory',
    env: 'KEA_HOOKS_PATH',
    usual: '/usr/lib/<triplet>/kea/hooks in packages, /usr/local/lib/kea/hooks in source builds',
    isUsual: (dir: string) => /^\/usr(?:\/local)?\/lib(?:32|64)?(?:\/[^/]+)?\/kea\/hooks$/.test(dir),
  },
  logs: {
    label: 'log directory',
    env: 'KEA_LOG_FILE_DIR',
    usual: '/var/log/kea in packages, /usr/local/var/log/kea in source builds',
    isUsual: oneOf(['/var/log/kea', '/usr/local/var/log/kea']),
  },
  data: {
    label: 'data directory',
    env: 'KEA_DHCP_DATA_DIR',
    usual: '/var/lib/kea in packages, /usr/local/var/lib/kea in source builds',
    isUsual: oneOf(['/var/lib/kea', '/usr/local/var/lib/kea']),
  },
} as const satisfies Record<string, KeaDirectory>;

/**
 * Checks a path that Kea 3.x restricts to `dir`. `what` names the value ("unix socket
 * socket-name"). Returns false when the path has no file name (an error was reported).
 */
export function checkRestrictedPath(ctx: RuleContext, at: string, value: string, dir: KeaDirectory, what: string): boolean {
  // PathChecker::validatePath trims the text, then splits at the last '/'.
  const text = value.trim();
  const slash = text.lastIndexOf('/');
  const file = text.slice(slash + 1);
  if (file === '' || file === '.' || file === '..') {
    ctx.error('path-without-filename', at, `${what} "${value}" has no file name`,
      text.endsWith('/') ? 'add the file name after the last "/"' : 'name a file, not a directory');
    return false;
  }
  if (slash === -1) return true; // a bare name is placed into the directory
  const parent = text.slice(0, slash);
  if (parent === '') {
    ctx.warn('path-outside-kea-directory', at,
      `${what} ${text} is directly in /; Kea 3.x never accepts that (only -X lets it through)`,
      `write the bare file name ${file}: Kea then uses its ${dir.label} (${dir.env}; ${dir.usual})`);
    return true;
  }
  if (dir.isUsual(parent)) return true;
  ctx.warn('path-outside-kea-directory', at,
    `${what} ${text} is outside Kea's ${dir.label}; Kea 3.x rejects it unless ${dir.env} is ${parent} (or it runs with -X)`,
    `write the bare file name ${file} to use Kea's ${dir.label} (${dir.usual}), or set ${dir.env}=${parent} for Kea`);
  return true;
}
