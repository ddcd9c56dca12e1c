/**
 * `gitdhcp config-test FILE...`: load and validate configuration files, print every issue.
 * Exit 0 when every file is valid, 1 when one has errors, 2 when one could not be read.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile, validateConfig, type ConfigIssue } from '../config/index.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { formatIssueGithub, formatIssueText, issueToGitlab, issueToJson, type IssueFormat } from './format-issues.js';
import { localHostFacts } from './host-facts.js';
import { UsageError } from './usage.js';

export const CONFIG_TEST_HELP = `usage: gitdhcp config-test [--format text|json|github|gitlab] [--on-host] FILE...

Validates gitdhcp / Kea configuration files (Kea JSON with comments and includes, or YAML):
the schema, Kea's semantic rules and what gitdhcp can apply. Every issue names its file, line,
column, JSON path and code. Checks against this machine (interfaces exist, secret files are
readable) run only with --on-host.

  --format text     human-readable (default)
  --format json     {"valid": bool, "errors": [...], "warnings": [...]}
  --format github   GitHub Actions annotations (workflow commands)
  --format gitlab   a GitLab Code Quality report (JSON), for merge request annotations
  --on-host         also check against this machine

exit status: 0 valid, 1 invalid, 2 a file could not be read`;

interface FileOutcome {
  readonly file: string;
  readonly unreadable: boolean;
  readonly valid: boolean;
  readonly issues: readonly ConfigIssue[];
}

export function configTestCommand(argv: readonly string[], io: CliIO): ExitCode {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, 'on-host': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { io.out(`${CONFIG_TEST_HELP}\n`); return Exit.Ok; }
  const format = values.format as IssueFormat;
  if (!['text', 'json', 'github', 'gitlab'].includes(format)) throw new UsageError(`unknown --format '${values.format}'; use text, json, github or gitlab`);
  if (positionals.length === 0) throw new UsageError('config-test needs at least one FILE');
  const onHost = values['on-host'] ? localHostFacts() : undefined;
  const outcomes = positionals.map((file) => testOne(path.resolve(io.cwd, file), file, onHost !== undefined, onHost));
  print(outcomes, format, io);
  if (outcomes.some((o) => o.unreadable)) return Exit.Failure;
  return outcomes.every((o) => o.valid) ? Exit.Ok : Exit.Findings;
}

function testOne(absPath: string, shown: string, onHost: boolean, host: ReturnType<typeof localHostFacts> | undefined): FileOutcome {
  const loaded = loadConfigFile(absPath, { secrets: onHost ? 'required' : 'if-present', displayPath: shown });
  if (!loaded.ok) return { file: shown, unreadable: loaded.unreadable, valid: false, issues: loaded.issues };
  const result = validateConfig(loaded.config, host === undefined ? {} : { onHost: host });
  return { file: shown, unreadable: false, valid: result.valid, issues: result.issues };
}

function print(outcomes: readonly FileOutcome[], format: IssueFormat, io: CliIO): void {
  const all = outcomes.flatMap((o) => o.issues);
  if (format === 'json') {
    const valid = outcomes.every((o) => o.valid);
    io.out(`${JSON.stringify({
      valid,
      errors: all.filter((i) => i.severity === 'error').map(issueToJson),
      warnings: all.filter((i) => i.severity === 'warning').map(issueToJson),
    }, null, 2)}\n`);
    return;
  }
  if (format === 'gitlab') {
    io.out(`${JSON.stringify(all.map(issueToGitlab), null, 2)}\n`);
    return;
  }
  if (format === 'github') {
    for (const i of all) io.out(`${formatIssueGithub(i)}\n`);
    return;
  }
  for (const o of outcomes) {
    for (const i of o.issues) io.out(`${formatIssueText(i)}\n`);
    const errors = o.issues.filter((i) => i.severity === 'error').length;
    const warnings = o.issues.length - errors;
    const counts = [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
    const verdict = o.unreadable ? 'could not be read' : o.valid ? 'valid' : 'invalid';
    io.out(`${o.file}: ${verdict}${counts ? ` (${counts})` : ''}\n`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
