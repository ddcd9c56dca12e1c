/**
 * Validation of a loaded configuration: the JSON Schema (every error at once), then the semantic
 * rules Kea enforces, then what this appliance cannot apply (`unsupported`), then, only with
 * `onHost`, checks against the machine. Every issue is located (file, line, column).
 * One code path for `config-test`, the reconciler and the control channel's `config-test`.
 */
import { validateSchema } from '../schema/index.js';
import { schemaIssues } from './schema-issues.js';
import { runRules, type HostFacts } from './rules/index.js';
import type { ConfigIssue } from './issues.js';
import type { LoadedConfig } from './load.js';

export interface ValidateOptions {
  /** Also check the configuration against this machine (interfaces exist, files readable). */
  readonly onHost?: HostFacts;
}

export interface ValidationResult {
  readonly valid: boolean;
  /** Errors and warnings, located and in file order. */
  readonly issues: readonly ConfigIssue[];
}

/** Validates a loaded configuration. Pure apart from what `onHost` reads. */
export function validateConfig(loaded: LoadedConfig, options: ValidateOptions = {}): ValidationResult {
  const found: ConfigIssue[] = [...loaded.issues];
  found.push(...schemaIssues(validateSchema(loaded.value)));
  found.push(...runRules(loaded.value, { secrets: loaded.secrets, host: options.onHost }));
  const issues = dedupe(found).map((i) => locateIssue(loaded, i));
  issues.sort(compareIssues);
  return { valid: !issues.some((i) => i.severity === 'error'), issues };
}

/** Adds file, line and column to an issue from the loaded document's positions. */
export function locateIssue(loaded: LoadedConfig, issue: ConfigIssue): ConfigIssue {
  if (issue.line !== undefined) return issue;
  const loc = loaded.map.locate(loaded.value, issue.path, issue.code === 'unknown-keyword' || issue.code === 'deprecated-keyword');
  return loc === undefined ? { ...issue, file: loaded.file } : { ...issue, file: loc.file, line: loc.line, column: loc.column };
}

/** The same issue (code, path and message) from two rules is reported once. */
function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.severity}\u0000${i.code}\u0000${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compareIssues(a: ConfigIssue, b: ConfigIssue): number {
  return compareText(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
    || compareText(a.path, b.path);
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
