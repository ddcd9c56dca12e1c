/**
 * Reading configuration files from a git revision (`git show REV:path`), for `diff --repo`.
 * Includes resolve inside the repository; a path that leaves it is refused.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { ReadText } from '../config/index.js';
import { GitdhcpError } from '../errors.js';

function git(repo: string, args: readonly string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

/**
 * A ReadText over `rev` of the repository (work tree or bare) at `repo`: absolute paths under
 * `root` (default `repo`; a bare clone uses a root of its own) map to `rev:relative/path`.
 */
export function gitFileReader(repo: string, rev: string, root = repo): ReadText {
  return (absPath) => {
    const rel = path.relative(root, absPath);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw Object.assign(new Error(`${absPath} is outside the repository ${root}`), { code: 'EOUTSIDEREPO' });
    }
    try {
      return git(repo, ['show', `${rev}:${rel.split(path.sep).join('/')}`]);
    } catch (err) {
      const detail = ((err as { stderr?: string }).stderr ?? '').trim().split('\n').pop() ?? `${rev}:${rel} cannot be read`;
      throw new Error(`git: ${detail.replace(/^fatal: /, '')}`, { cause: err });
    }
  };
}

export const DEFAULT_ENTRY_FILES = ['gitdhcp.yaml', 'gitdhcp.yml', 'gitdhcp.json', 'kea.json'] as const;

/** The first conventional entry file that exists in `rev`. */
export function resolveEntryPath(repo: string, rev: string): string {
  let listed: string;
  try {
    listed = git(repo, ['ls-tree', '--name-only', `${rev}^{tree}`, '--', ...DEFAULT_ENTRY_FILES]);
  } catch (err) {
    const detail = ((err as { stderr?: string }).stderr ?? '').trim().split('\n').pop();
    throw new GitdhcpError('ERR_GIT_REVISION', `cannot read revision ${rev} of ${repo}${detail ? `: ${detail}` : ''}`, { cause: err });
  }
  const present = new Set(listed.split('\n'));
  const found = DEFAULT_ENTRY_FILES.find((name) => present.has(name));
  if (found === undefined) {
    throw new GitdhcpError('ERR_GIT_REVISION',
      `none of ${DEFAULT_ENTRY_FILES.join(', ')} exists in ${rev} of ${repo}; name the entry file with --path`);
  }
  return found;
}
