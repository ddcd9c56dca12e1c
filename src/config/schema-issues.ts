/**
 * Turns ajv's errors into config issues with our codes and messages: one issue per problem
 * (the branches of an `anyOf` collapse into one), unknown keywords with a "did you mean" hint
 * or the keyword's replacement when Kea removed it, and deprecated keywords as warnings.
 */
import type { ErrorObject } from 'ajv';
import { Formats } from '../schema/index.js';
import { isSecretKey, REDACTED } from './redact.js';
import { configError, configWarning, joinPointer, splitPointer, type ConfigIssue } from './issues.js';

/**
 * Keywords Kea once accepted and 3.x rejects, with what to write instead. A `parent` limits the
 * hint to the map where the keyword used to live.
 */
const REMOVED_KEYWORDS: ReadonlyArray<{ key: string; parent?: string; hint: string }> = [
  { key: 'reservation-mode', hint: 'Kea 2.x replaced it with reservations-global, reservations-in-subnet and reservations-out-of-pool (booleans)' },
  { key: 'Logging', parent: '', hint: 'Kea 2.0 moved logging into each daemon: put "loggers" inside Dhcp4, Dhcp6 or DhcpDdns' },
  { key: 'Control-agent', parent: '', hint: 'kea-ctrl-agent is gone in Kea 3: give each daemon "control-sockets" with socket-type http' },
  { key: 'Netconf', parent: '', hint: 'kea-netconf configuration is not part of a gitdhcp file' },
  { key: 'ip-address', parent: 'relay', hint: 'Kea 1.9 replaced "ip-address" with "ip-addresses", a list: "relay": {"ip-addresses": ["192.0.2.1"]}' },
  ...['qualifying-suffix', 'override-no-update', 'override-client-update', 'replace-client-name', 'generated-prefix',
    'hostname-char-set', 'hostname-char-replacement'].map((key) => ({
    key, parent: 'dhcp-ddns',
    hint: `Kea 2.0 moved it out of dhcp-ddns: set ${key.startsWith('hostname') ? key : `ddns-${key}`} at the global, shared-network or subnet level`,
  })),
];

function removedHint(parentPointer: string, key: string): string | undefined {
  const parent = splitPointer(parentPointer).at(-1) ?? '';
  return REMOVED_KEYWORDS.find((r) => r.key === key && (r.parent === undefined || r.parent === parent))?.hint;
}

/** Maps ajv errors for a document to issues. */
export function schemaIssues(errors: readonly ErrorObject[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  for (const e of errors) {
    if (anyOfPaths.some((a) => a !== e && e.schemaPath.startsWith(`${a.schemaPath}/`) && e.instancePath.startsWith(a.instancePath))) {
      continue; // a branch of a failed anyOf: reported once, below
    }
    const issue = e.keyword === 'anyOf' || e.keyword === 'oneOf' ? anyOfIssue(e, errors) : oneIssue(e);
    if (issue !== null) issues.push(issue);
  }
  return issues;
}

function oneIssue(e: ErrorObject): ConfigIssue | null {
  const at = e.instancePath;
  const got = isSecretPath(at) ? REDACTED : describeValue(e.data);
  switch (e.keyword) {
    case 'if':
      return null; // the failing `then` branch is reported on its own
    case 'x-deprecated': {
      const key = splitPointer(at).at(-1) ?? '';
      return configWarning('deprecated-keyword', at, `"${key}" is deprecated`, e.message ?? undefined);
    }
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      return unknownKeyword(at, key, Object.keys((e.parentSchema?.['properties'] as object | undefined) ?? {}));
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return configError('missing-keyword', at, `"${key}" is required in ${scopeName(at)}`);
    }
    case 'minProperties':
      return at === ''
        ? configError('empty-config', at, 'the file holds none of Dhcp4, Dhcp6 or DhcpDdns', 'a gitdhcp file holds at least one of them at the top level')
        : configError('invalid-value', at, `${scopeName(at)} must not be empty`);
    case 'type':
      return configError('type-mismatch', at, `${valueName(at)} must be ${article(String((e.params as { type: string }).type))}, not ${got}`);
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ');
      return configError('invalid-value', at, `${valueName(at)} must be one of ${allowed}, not ${got}`);
    }
    case 'const':
      return configError('invalid-value', at, `${valueName(at)} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, not ${got}`);
    case 'format': {
      const fmt = String((e.params as { format: string }).format);
      return configError('invalid-format', at, `${got} is not ${Formats[fmt]?.expected ?? fmt}`);
    }
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
      const p = e.params as { comparison: string; limit: number };
      return configError('out-of-range', at, `${valueName(at)} is ${got}; it must be ${p.comparison} ${p.limit}`);
    }
    case 'minLength':
      return configError('invalid-value', at, `${valueName(at)} must not be empty`);
    default:
      return configError('invalid-value', at, `${valueName(at)} ${e.message ?? 'is invalid'} (${got})`);
  }
}

/** One issue for a failed anyOf: the enum of its first branch, else the most specific branch error. */
function anyOfIssue(e: ErrorObject, all: readonly ErrorObject[]): ConfigIssue | null {
  const branches = all.filter((b) => b !== e && b.schemaPath.startsWith(`${e.schemaPath}/`) && b.instancePath === e.instancePath);
  const enumErr = branches.find((b) => b.keyword === 'enum');
  if (enumErr) return oneIssue(enumErr);
  const typeErrs = branches.filter((b) => b.keyword === 'type');
  if (typeErrs.length === branches.length && typeErrs.length > 0) {
    const types = [...new Set(typeErrs.map((t) => String((t.params as { type: string }).type)))];
    const got = isSecretPath(e.instancePath) ? REDACTED : describeValue(e.data);
    return configError('type-mismatch', e.instancePath, `${valueName(e.instancePath)} must be ${types.map(article).join(' or ')}, not ${got}`);
  }
  const specific = branches.find((b) => b.keyword === 'format') ?? branches.find((b) => b.keyword !== 'const' && b.keyword !== 'type') ?? branches[0];
  return specific ? oneIssue(specific) : configError('invalid-value', e.instancePath, `${valueName(e.instancePath)} is invalid`);
}

function unknownKeyword(at: string, key: string, allowed: readonly string[]): ConfigIssue {
  const path = joinPointer(at, key);
  const removed = removedHint(at, key);
  if (at === '') {
    return configError('unknown-keyword', path, `unknown top-level keyword "${key}"`,
      removed ?? 'a gitdhcp file holds Dhcp4, Dhcp6 and/or DhcpDdns at the top level');
  }
  const near = closest(key, allowed);
  const hint = removed ?? (near === undefined ? undefined : `did you mean "${near}"?`);
  return configError('unknown-keyword', path, `unknown keyword "${key}" in ${scopeName(at)}`, hint);
}

/** "subnet4 entry", "Dhcp4 map", "pools entry": how we name the map a pointer designates. */
function scopeName(pointer: string): string {
  const segs = splitPointer(pointer);
  const last = segs.at(-1);
  if (last === undefined) return 'the top level';
  if (/^\d+$/.test(last)) return `the ${segs.at(-2) ?? 'list'} entry`;
  return `the ${last} map`;
}

function valueName(pointer: string): string {
  const segs = splitPointer(pointer);
  const last = segs.at(-1);
  if (last === undefined) return 'the configuration';
  if (/^\d+$/.test(last)) return `item ${last} of "${segs.at(-2) ?? ''}"`;
  return `"${last}"`;
}

function article(type: string): string {
  const names: Record<string, string> = {
    integer: 'an integer', number: 'a number', string: 'a string', boolean: 'a boolean (true or false)',
    object: 'a map', array: 'a list', null: 'null',
  };
  return names[type] ?? type;
}

/** True when the value at `pointer` (or a map it lies in) is a secret that must not be echoed. */
function isSecretPath(pointer: string): boolean {
  return splitPointer(pointer).some(isSecretKey);
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return `${typeof v === 'boolean' ? 'the boolean ' : ''}${String(v)}`;
}

/** The allowed keyword nearest to `key` (edit distance at most 2, or a shared long stem). */
function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const a of allowed) {
    const d = editDistance(key.toLowerCase(), a.toLowerCase());
    if (d < bestDist) { best = a; bestDist = d; }
  }
  if (best !== undefined) return best;
  const norm = key.toLowerCase().replace(/[_\s]/g, '-');
  return allowed.find((a) => a === norm || (norm.length > 6 && (a.startsWith(norm) || norm.startsWith(a))));
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}
