/**
 * Printing config issues for people (text), programs (JSON) and GitHub Actions (workflow
 * commands that become annotations on the pull request).
 */
import { createHash } from 'node:crypto';
import type { ConfigIssue } from '../config/index.js';

export type IssueFormat = 'text' | 'json' | 'github' | 'gitlab';

/** `file:line:col: error [code] /json/path: message` plus an indented hint line. */
export function formatIssueText(i: ConfigIssue): string {
  const where = i.line === undefined ? (i.file ?? '') : `${i.file}:${i.line}:${i.column}`;
  const head = `${where}${where ? ': ' : ''}${i.severity} [${i.code}]${i.path ? ` ${i.path}` : ''}: ${i.message}`;
  return i.hint ? `${head}\n    hint: ${i.hint}` : head;
}

/** A GitHub Actions workflow command (`::error file=…,line=…::message`). */
export function formatIssueGithub(i: ConfigIssue): string {
  const props = [
    i.file !== undefined ? `file=${escapeProperty(i.file)}` : undefined,
    i.line !== undefined ? `line=${i.line}` : undefined,
    i.column !== undefined ? `col=${i.column}` : undefined,
    `title=${escapeProperty(`gitdhcp ${i.code}`)}`,
  ].filter((p): p is string => p !== undefined);
  const body = `${i.path ? `${i.path}: ` : ''}${i.message}${i.hint ? `\n${i.hint}` : ''}`;
  return `::${i.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(body)}`;
}

/**
 * An entry of a GitLab Code Quality report (the codeclimate format GitLab reads from
 * `artifacts:reports:codequality`), so issues show up on the merge request's diff.
 */
export function issueToGitlab(i: ConfigIssue): Record<string, unknown> {
  return {
    description: `${i.message}${i.hint ? ` (${i.hint})` : ''}`,
    check_name: `gitdhcp/${i.code}`,
    fingerprint: createHash('sha256').update(`${i.file}\0${i.path}\0${i.code}\0${i.message}`).digest('hex'),
    severity: i.severity === 'error' ? 'major' : 'minor',
    location: { path: i.file ?? '', lines: { begin: i.line ?? 1 } },
  };
}

/** The JSON form of an issue: stable field names for tools. */
export function issueToJson(i: ConfigIssue): Record<string, unknown> {
  return {
    severity: i.severity,
    code: i.code,
    message: i.message,
    file: i.file ?? null,
    line: i.line ?? null,
    column: i.column ?? null,
    path: i.path,
    ...(i.hint ? { hint: i.hint } : {}),
  };
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
