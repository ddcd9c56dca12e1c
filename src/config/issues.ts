/**
 * Configuration issues: what `config-test` reports. Every issue has a severity, a stable
 * kebab-case code (catalogued in `docs/config-codes.md`), a message, the JSON pointer of the
 * value it is about and, once located, the file, line and column of that value.
 */
import type { ConfigIssueCode } from './codes.js';

export { ConfigIssueCodes, type ConfigIssueCode } from './codes.js';

export type Severity = 'error' | 'warning';

/** One finding about a configuration. */
export interface ConfigIssue {
  readonly severity: Severity;
  /** Stable kebab-case code from {@link ConfigIssueCodes}, e.g. `duplicate-subnet-id`. */
  readonly code: ConfigIssueCode;
  /** Lowercase, no trailing period; names the thing and the bad value; never holds a secret. */
  readonly message: string;
  /** JSON pointer of the value the issue is about (`/Dhcp4/subnet4/0/pools/1/pool`). */
  readonly path: string;
  /** What to do about it, when there is something specific to say. */
  readonly hint?: string;
  /** Source position: filled in by the locator from the loaded document's position table. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Builds an error issue. */
export function configError(code: ConfigIssueCode, path: string, message: string, hint?: string): ConfigIssue {
  return hint === undefined
    ? { severity: 'error', code, path, message }
    : { severity: 'error', code, path, message, hint };
}

/** Builds a warning issue. */
export function configWarning(code: ConfigIssueCode, path: string, message: string, hint?: string): ConfigIssue {
  return hint === undefined
    ? { severity: 'warning', code, path, message }
    : { severity: 'warning', code, path, message, hint };
}

/** Appends RFC 6901-escaped segments to a JSON pointer. */
export function joinPointer(base: string, ...segments: ReadonlyArray<string | number>): string {
  let out = base;
  for (const s of segments) out += `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return out;
}

/** Splits a JSON pointer into unescaped segments (`''` → `[]`). */
export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
