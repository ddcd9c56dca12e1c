/**
 * Output forms of a `ConfigDiff`: text for people (`gitdhcp diff`) and a stable JSON shape for
 * `--format json`. Values in a diff are already redacted; these only render them. Pure.
 */
import type { ConfigChange, ConfigDiff } from './diff-types.js';
import { isMap } from './diff-values.js';
import { REDACTED } from './redact.js';

const MARK = { added: '+', removed: '-', changed: '~' } as const;

/** Longest value printed in full on an added/removed summary line. */
const MAX_INLINE = 80;

/**
 * Human output: one block per change, `+` added, `-` removed, `~` changed, with
 * `field: before → after` lines, a `! lease impact: ...` line when leases are affected, and a
 * closing summary line. Ends with a newline.
 * @example
 * // ~ Dhcp4 subnet 12 (10.0.12.0/24)
 * //     valid-lifetime: 3600 → 7200
 */
export function formatDiffText(diff: ConfigDiff): string {
  if (diff.changes.length === 0) return 'no changes\n';
  const blocks = diff.changes.map(formatChange);
  return `${blocks.join('\n')}\n${summaryLine(diff)}\n`;
}

function formatChange(c: ConfigChange): string {
  const lines = [`${MARK[c.kind]} ${c.subject}`];
  if (c.fields !== undefined) {
    for (const f of c.fields) lines.push(`    ${f.field}: ${formatValue(f.before)} → ${formatValue(f.after)}`);
  } else if (isMap(c.value)) {
    for (const [k, v] of Object.entries(c.value)) lines.push(`    ${k}: ${formatSummary(v)}`);
  } else if (c.value !== undefined) {
    lines.push(`    value: ${formatSummary(c.value)}`);
  }
  if (c.leaseImpact !== undefined) lines.push(`    ! lease impact: ${c.leaseImpact}`);
  return `${lines.join('\n')}\n`;
}

/** A value on one line: `(unset)`, `none` for null, `[redacted]`, else compact JSON. */
function formatValue(v: unknown): string {
  if (v === undefined) return '(unset)';
  if (v === null) return 'none';
  if (v === REDACTED) return REDACTED;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
}

/** A value of an added/removed thing: in full when short, else how many items it holds. */
function formatSummary(v: unknown): string {
  const full = formatValue(v);
  if (full.length <= MAX_INLINE) return full;
  if (Array.isArray(v)) return `[${v.length} ${v.length === 1 ? 'item' : 'items'}]`;
  if (isMap(v)) return `{${Object.keys(v).length} keys}`;
  return `${full.slice(0, MAX_INLINE - 1)}…`;
}

function counts(diff: ConfigDiff): { added: number; removed: number; changed: number } {
  const n = { added: 0, removed: 0, changed: 0 };
  for (const c of diff.changes) n[c.kind]++;
  return n;
}

function summaryLine(diff: ConfigDiff): string {
  const n = counts(diff);
  const total = diff.changes.length;
  return `${total} ${total === 1 ? 'change' : 'changes'}: ${n.added} added, ${n.removed} removed, ${n.changed} changed; ${diff.leaseAffecting} lease-affecting`;
}

/**
 * The diff as plain JSON with a fixed key order: `{ changes, leaseAffecting, summary }`.
 * An unset side of a field is left out (`{ "field": "x", "after": 1 }`).
 */
export function diffToJson(diff: ConfigDiff): unknown {
  return {
    changes: diff.changes.map((c) => ({
      kind: c.kind,
      subject: c.subject,
      identity: c.identity,
      ...(c.oldPath === undefined ? {} : { oldPath: c.oldPath }),
      ...(c.newPath === undefined ? {} : { newPath: c.newPath }),
      ...(c.fields === undefined ? {} : {
        fields: c.fields.map((f) => ({
          field: f.field,
          ...(f.before === undefined ? {} : { before: f.before }),
          ...(f.after === undefined ? {} : { after: f.after }),
        })),
      }),
      ...(c.value === undefined ? {} : { value: c.value }),
      ...(c.leaseImpact === undefined ? {} : { leaseImpact: c.leaseImpact }),
    })),
    leaseAffecting: diff.leaseAffecting,
    summary: counts(diff),
  };
}
