/**
 * `gitdhcp diff OLD NEW` and `gitdhcp diff --repo DIR REV_A REV_B`: the semantic difference
 * between two configurations, keyed by stable identities, with lease-affecting changes flagged
 * and secrets redacted. Exit 0 no change, 1 changes, 2 error.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { diffConfig, diffToJson, formatDiffText, loadConfigFile, type LoadOutcome, type ReadText } from '../config/index.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { formatIssueText } from './format-issues.js';
import { gitFileReader, resolveEntryPath } from '../gitops/git-files.js';
import { UsageError } from './usage.js';

export const DIFF_HELP = `usage: gitdhcp diff [--format text|json] OLD NEW
       gitdhcp diff [--format text|json] --repo DIR [--path FILE] REV_A REV_B

Compares two configurations by meaning, not by text: subnets by id, shared networks by name,
pools by range, reservations by identifier, options by space and code, classes by name, TSIG
keys and DDNS domains by name. Changes that can affect existing leases (a subnet removed, a
subnet id now on another prefix, a pool shrunk, a reservation moved) are flagged. Secrets are
redacted.

  --repo DIR     read both configurations from git revisions of the repository DIR
  --path FILE    the entry file inside the repository (default: the first of gitdhcp.yaml,
                 gitdhcp.yml, gitdhcp.json, kea.json that exists in REV_B)
  --format json  machine-readable output

exit status: 0 no change, 1 changes, 2 error`;

export function diffCommand(argv: readonly string[], io: CliIO): ExitCode {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      repo: { type: 'string' },
      path: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { io.out(`${DIFF_HELP}\n`); return Exit.Ok; }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format '${values.format}'; use text or json`);
  if (positionals.length !== 2) throw new UsageError('diff takes two configurations (files, or revisions with --repo)');
  const [a, b] = positionals as [string, string];
  const [before, after] = values.repo === undefined
    ? [loadLocal(a, io), loadLocal(b, io)]
    : loadFromRepo(path.resolve(io.cwd, values.repo), values.path, a, b);
  for (const out of [before, after]) {
    if (!out.ok) {
      for (const i of out.issues) io.err(`${formatIssueText(i)}\n`);
      return Exit.Failure;
    }
  }
  if (!before.ok || !after.ok) return Exit.Failure;
  const diff = diffConfig(before.config.value, after.config.value);
  io.out(values.format === 'json' ? `${JSON.stringify(diffToJson(diff), null, 2)}\n` : formatDiffText(diff));
  return diff.changes.length === 0 ? Exit.Ok : Exit.Findings;
}

function loadLocal(file: string, io: CliIO): LoadOutcome {
  return loadConfigFile(path.resolve(io.cwd, file), { displayPath: file, secrets: 'skip' });
}

function loadFromRepo(repo: string, entry: string | undefined, revA: string, revB: string): [LoadOutcome, LoadOutcome] {
  const entryPath = entry ?? resolveEntryPath(repo, revB);
  const load = (rev: string): LoadOutcome => {
    const readText: ReadText = gitFileReader(repo, rev);
    return loadConfigFile(path.join(repo, entryPath), { readText, displayPath: `${rev}:${entryPath}`, secrets: 'skip' });
  };
  return [load(revA), load(revB)];
}
