/**
 * The status page served at `/` of the HTTP control socket: one server-rendered HTML5 document
 * for an operator glancing at the appliance (what serves, is it healthy, are pools filling up,
 * what happened lately). Pure: a model in, a string out; no clock (relative times are measured
 * from `model.generatedAt`), no I/O. The page needs no JavaScript and loads nothing: its only
 * stylesheet is inline and allowed by hash (STATUS_PAGE_CSP), and it uses no `style` attributes
 * (bar widths are classes), so it renders under `default-src 'none'`. Every string of the model
 * is HTML-escaped: revision reasons, shared-network names and event messages come from users.
 * Imports nothing but types and node:crypto (to hash its own stylesheet, once).
 */
import { createHash } from 'node:crypto';
import type { Condition, HistoryEntry, Outcome, Status } from '../gitops/state.js';

/** One subnet with its Kea lease statistics (`assigned` is Kea's `assigned-addresses`, declined included). */
export interface StatusPageSubnet {
  readonly id: number;
  readonly prefix: string;
  readonly sharedNetwork?: string | undefined;
  readonly total: number;
  readonly assigned: number;
  readonly declined: number;
  readonly pools: ReadonlyArray<{ readonly range: string; readonly total: number; readonly assigned: number }>;
}

/** What the status page shows; every field is input. */
export interface StatusPageModel {
  /** ISO time the model was taken; relative times ("5 min ago") are measured from it. */
  readonly generatedAt: string;
  readonly version: string;
  readonly host: string;
  readonly mode: 'file' | 'git';
  /** The configuration file in `-c` (file) mode. */
  readonly configFile?: string | undefined;
  readonly dhcp: { readonly enabled: boolean; readonly disabledFor?: string | undefined; readonly interfaces: readonly string[]; readonly leases: number; readonly startedAt: string };
  /** Kea statistics such as pkt4-received, pkt4-ack-sent, pkt4-nak-sent, pkt4-receive-drop. */
  readonly counters: Readonly<Record<string, number>>;
  readonly subnets: readonly StatusPageSubnet[];
  /** The reconciler's status (git mode); its history is oldest first, as the reconciler appends. */
  readonly gitops?: Status | undefined;
  readonly events: ReadonlyArray<{ readonly at: string; readonly level: 'info' | 'warn' | 'error'; readonly code: string; readonly message: string }>;
}

export interface StatusPageOptions {
  /**
   * Adds `<meta http-equiv="refresh">` with this period (at least 5 s). Off by default: the page
   * is rendered on the event loop that answers DHCP, so a forgotten wall-display tab should be a
   * choice, and a reload while reading the history loses the reader's place.
   */
  readonly refreshSec?: number | undefined;
}

/** How many subnets are rendered in full (the most utilised); the rest are summarised. */
export const SUBNETS_SHOWN = 50;
/** Utilisation (percent) from which a bar is amber, and red. */
export const WARN_PCT = 80;
export const CRIT_PCT = 95;
const EVENTS_SHOWN = 100;
const SHORT_SHA = 12;

const WIDTHS = Array.from({ length: 101 }, (_, i) => `.w${i}{width:${i}%}`).join('');
const CSS = `:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1c2430;--muted:#5d6b7e;--line:#dfe3e8;--ok:#1f7a3d;--okbg:#e3f4e8;--warn:#8a5a00;--warnbg:#fdf1d6;--bad:#b42318;--badbg:#fde4e1;--info:#1d4ed8;--infobg:#e0e9fd;--track:#e8ebef;--barok:#2e9e57;--barwarn:#e0a100;--barbad:#d92d20}
@media (prefers-color-scheme:dark){:root{--bg:#12161c;--card:#1b2129;--fg:#e6e9ee;--muted:#9aa6b5;--line:#2c3440;--okbg:#17351f;--ok:#6fd08f;--warnbg:#3a2e10;--warn:#f2c14e;--badbg:#41191a;--bad:#ff8a80;--infobg:#1a2747;--info:#93b4ff;--track:#2c3440}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{background:var(--card);border-bottom:1px solid var(--line);padding:14px 24px;display:flex;flex-wrap:wrap;gap:8px 24px;align-items:baseline}
header h1{font-size:20px;margin:0 12px 0 0}main{padding:16px 24px;max-width:1400px}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:0 0 16px}
h2{font-size:15px;margin:0 0 10px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.meta{color:var(--muted)}.meta b{color:var(--fg);font-weight:600}code,.mono{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.pill{display:inline-block;border-radius:999px;padding:1px 10px;font-weight:600;font-size:12.5px;border:1px solid transparent;white-space:nowrap}
.ok{color:var(--ok);background:var(--okbg)}.warn{color:var(--warn);background:var(--warnbg)}.bad{color:var(--bad);background:var(--badbg)}.info{color:var(--info);background:var(--infobg)}.neutral{color:var(--muted);background:var(--track)}
.banner{border-radius:8px;padding:10px 14px;margin:0 0 12px;border:1px solid var(--line)}.banner b{margin-right:6px}.banner ul{margin:4px 0 0;padding-left:20px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px}
.tile{border:1px solid var(--line);border-radius:6px;padding:8px 12px}.tile .n{font-size:20px;font-weight:650;font-variant-numeric:tabular-nums}.tile .l{color:var(--muted);font-size:12px}
.conds{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:10px;margin-top:10px}.cond{border:1px solid var(--line);border-radius:6px;padding:8px 12px}.cond .why{color:var(--muted);margin-top:4px;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}th{text-align:left;font-size:12px;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);padding:6px 8px}
td{border-bottom:1px solid var(--line);padding:5px 8px;vertical-align:top}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody.subnet tr.pool td{border-bottom:none;padding-top:2px;padding-bottom:2px;color:var(--muted)}tbody.subnet tr.pool td:first-child{padding-left:28px}tbody.subnet tr:last-child td{border-bottom:1px solid var(--line);padding-bottom:6px}
.util{display:flex;align-items:center;gap:8px;min-width:260px}.bar{flex:1;height:10px;background:var(--track);border-radius:5px;overflow:hidden}.pool .bar{height:6px}
.fill{display:block;height:100%;background:var(--barok)}.fill.warn{background:var(--barwarn)}.fill.bad{background:var(--barbad)}.pct{flex:none;min-width:64px;white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
${WIDTHS}
ul.reasons{margin:0;padding-left:16px;overflow-wrap:anywhere}.sub{color:var(--muted);font-size:12px}tr.serving td:first-child{box-shadow:inset 3px 0 var(--ok)}
tfoot td{color:var(--muted);font-style:italic;border-bottom:none}.note{color:var(--muted);margin:0 0 8px}footer{color:var(--muted);font-size:12px;padding:0 24px 24px}h2.hist{margin-top:18px}tr.history .rel{display:block}time{white-space:nowrap}.t{white-space:nowrap}.tile .l code{display:block}`;

/** The Content-Security-Policy the HTTP socket should send with the page (the page also carries it in a meta element). */
export const STATUS_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
// frame-ancestors is ignored (and warned about) in a meta element, so the meta copy leaves it out.
const META_CSP = STATUS_PAGE_CSP.replace(/; frame-ancestors 'none'$/, '');

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `s` safe as HTML text and as a quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const num = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');

/** Percent of `part` in `whole`, floored to 0.1 so that a pool reads 100 % only when it is full. */
function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.floor((part / whole) * 1000) / 10) : 0;
}

function level(pct: number): 'ok' | 'warn' | 'bad' {
  return pct >= CRIT_PCT ? 'bad' : pct >= WARN_PCT ? 'warn' : 'ok';
}

/** A bar with its percentage as text beside it (readable without colour). */
function bar(assigned: number, total: number): string {
  const pct = percent(assigned, total);
  const width = assigned > 0 ? Math.max(1, Math.round(pct)) : 0;
  return `<div class="util"><span class="bar" aria-hidden="true"><span class="fill w${width} ${level(pct)}"></span></span><span class="pct">${pct.toFixed(1)} %</span></div>`;
}

/** "5 min ago" from `at` to `now` (both ISO); empty when either does not parse. */
function ago(at: string, now: string): string {
  const s = Math.round((Date.parse(now) - Date.parse(at)) / 1000);
  if (!Number.isFinite(s)) return '';
  if (s < 0) return 'in the future';
  if (s < 60) return s < 5 ? 'just now' : `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h ago`;
}

function time(at: string, now: string): string {
  const rel = ago(at, now);
  return `<time datetime="${escapeHtml(at)}" title="${escapeHtml(at)}">${escapeHtml(at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</time>${rel ? ` <span class="sub rel">(${rel})</span>` : ''}`;
}

function rev(revision: string | null | undefined): string {
  if (revision === null || revision === undefined) return '<span class="sub">none</span>';
  return `<code title="${escapeHtml(revision)}">${escapeHtml(revision.slice(0, SHORT_SHA))}</code>`;
}

const ms = (v: number): string => (v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);

/** The things an operator should act on, for the banner at the top (empty: all is well). */
function attention(m: StatusPageModel): string[] {
  const out: string[] = [];
  if (!m.dhcp.enabled) out.push(`DHCP service is disabled${m.dhcp.disabledFor ? ` (${m.dhcp.disabledFor})` : ''}`);
  const g = m.gitops;
  for (const c of g?.conditions ?? []) {
    if ((c.type === 'Ready' || c.type === 'Healthy') && !c.status) out.push(`${c.type} is False: ${c.reason}`);
    if (c.type === 'Stalled' && c.status) out.push(`Stalled: ${c.reason}`);
  }
  const full = m.subnets.filter((s) => percent(s.assigned, s.total) >= CRIT_PCT).length;
  if (full > 0) out.push(`${full} subnet${full === 1 ? ' is' : 's are'} at least ${CRIT_PCT} % utilised`);
  return out;
}

function renderHeader(m: StatusPageModel): string {
  const dhcp = m.dhcp.enabled ? '<span class="pill ok">DHCP enabled</span>'
    : `<span class="pill bad">DHCP disabled${m.dhcp.disabledFor ? ` · ${escapeHtml(m.dhcp.disabledFor)}` : ''}</span>`;
  const source = m.mode === 'git' ? `<span class="pill info">git mode</span>`
    : `<span class="pill neutral">file mode</span>${m.configFile ? ` <code>${escapeHtml(m.configFile)}</code>` : ''}`;
  const ifaces = m.dhcp.interfaces.length > 0 ? m.dhcp.interfaces.map((i) => `<code>${escapeHtml(i)}</code>`).join(' ') : '<span class="sub">none</span>';
  const serving = m.gitops !== undefined ? `<span class="meta">serving ${rev(m.gitops.lastApplied)}</span>` : '';
  return `<header><h1>${escapeHtml(m.host)}</h1>${dhcp} ${source}${serving}
<span class="meta">gitdhcp <b>${escapeHtml(m.version)}</b></span><span class="meta">leases <b>${num(m.dhcp.leases)}</b></span>
<span class="meta">interfaces ${ifaces}</span><span class="meta">started ${time(m.dhcp.startedAt, m.generatedAt)}</span></header>`;
}

function renderBanners(m: StatusPageModel): string {
  const parts: string[] = [];
  const issues = attention(m);
  parts.push(issues.length === 0 ? '<div class="banner ok" role="status"><b>All clear.</b>Serving, healthy, no pool above 95 %.</div>'
    : `<div class="banner bad" role="alert"><b>Needs attention</b><ul>${issues.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul></div>`);
  const g = m.gitops;
  if (g?.suspended) parts.push(`<div class="banner warn"><b>Reconciliation suspended</b>since ${time(g.suspended.at, m.generatedAt)}: nothing is fetched or applied until <code>gitdhcp resume</code>.</div>`);
  if (g?.pinned) parts.push(`<div class="banner warn"><b>Pinned to ${rev(g.pinned.revision)}</b>by a manual rollback ${time(g.pinned.at, m.generatedAt)}; held until the branch moves past ${rev(g.pinned.head)} or <code>gitdhcp unpin</code>.</div>`);
  return parts.join('\n');
}

const GOOD_WHEN_TRUE: ReadonlySet<Condition['type']> = new Set(['Ready', 'Healthy']);

function conditionClass(c: Condition): string {
  if (GOOD_WHEN_TRUE.has(c.type)) return c.status ? 'ok' : 'bad';
  if (c.type === 'Stalled') return c.status ? 'bad' : 'neutral';
  if (c.type === 'Remediated') return c.status ? 'warn' : 'neutral';
  return c.status ? 'info' : 'neutral';
}

const OUTCOME_CLASS: Readonly<Record<Outcome, string>> = {
  applied: 'ok', rollback: 'warn', invalid: 'bad', unsigned: 'bad', blocked: 'bad', 'rolled-back': 'warn', 'apply-failed': 'bad', quarantined: 'bad',
};

function renderHistoryRow(h: HistoryEntry, serving: string | null, now: string): string {
  const reasons = [...h.reasons, ...(h.plan ?? []).map((p) => `plan: ${p}`)];
  const timings = Object.entries(h.timingsMs).map(([k, v]) => `<span class="t">${escapeHtml(k)} ${ms(v)}</span>`).join(' · ');
  return `<tr class="history${h.revision === serving ? ' serving' : ''}"><td>${rev(h.revision)}${h.revision === serving ? ' <span class="pill ok">serving</span>' : ''}</td>`
    + `<td>${time(h.at, now)}</td><td><span class="pill ${OUTCOME_CLASS[h.outcome] ?? 'neutral'}">${escapeHtml(h.outcome)}</span></td>`
    + `<td>${reasons.length > 0 ? `<ul class="reasons">${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : '<span class="sub">—</span>'}</td>`
    + `<td class="sub">${timings || '—'}</td></tr>`;
}

function renderGitops(g: Status, now: string): string {
  const conds = g.conditions.map((c) => `<div class="cond"><span class="pill ${conditionClass(c)}">${escapeHtml(c.type)}: ${c.status ? 'True' : 'False'}</span> <b>${escapeHtml(c.reason)}</b>`
    + `<div class="why">${escapeHtml(c.message)}</div><div class="sub">since ${time(c.since, now)}</div></div>`).join('');
  const quarantine = g.quarantine.length === 0 ? '' : `<p><b>Quarantined</b> (never applied again until a new commit): ${g.quarantine.map((q) => rev(q)).join(', ')}</p>`;
  const rows = [...g.history].reverse().map((h) => renderHistoryRow(h, g.lastApplied, now)).join('\n');
  return `<section id="gitops"><h2>GitOps</h2>
<div class="meta">serving <b class="revision">${rev(g.lastApplied)}</b> · last healthy ${rev(g.lastHealthy)} · last attempted ${rev(g.lastAttempted)}${g.lastFetched !== undefined ? ` · branch head ${rev(g.lastFetched)}` : ''}</div>
<div class="meta"><code>${escapeHtml(g.repository)}</code> branch <code>${escapeHtml(g.branch)}</code> path <code>${escapeHtml(g.path)}</code></div>
<div class="conds">${conds || '<span class="sub">no conditions yet</span>'}</div>${quarantine}
<h2 class="hist">History <span class="sub">(newest first)</span></h2>
<table><thead><tr><th>Revision</th><th>Time</th><th>Outcome</th><th>Reasons</th><th>Timings</th></tr></thead><tbody>
${rows || '<tr><td colspan="5" class="sub">no attempts yet</td></tr>'}</tbody></table></section>`;
}

/** Kea's packet counters an operator looks at first, then every other counter by name. */
const KEY_COUNTERS: ReadonlyArray<readonly [string, string]> = [
  ['pkt4-received', 'received'], ['pkt4-offer-sent', 'offers sent'], ['pkt4-ack-sent', 'acks sent'], ['pkt4-nak-sent', 'naks sent'],
  ['pkt4-receive-drop', 'dropped on receive'], ['pkt4-parse-failed', 'parse failures'],
];

function renderCounters(counters: Readonly<Record<string, number>>): string {
  const key = new Set(KEY_COUNTERS.map(([k]) => k));
  const tiles = KEY_COUNTERS.filter(([k]) => counters[k] !== undefined).map(([k, label]) => {
    const warn = (k === 'pkt4-receive-drop' || k === 'pkt4-parse-failed') && (counters[k] ?? 0) > 0;
    return `<div class="tile${warn ? ' warn' : ''}"><div class="n">${num(counters[k] ?? 0)}</div><div class="l">${escapeHtml(label)} <code>${escapeHtml(k)}</code></div></div>`;
  });
  const rest = Object.keys(counters).filter((k) => !key.has(k)).sort().map((k) => `<tr><td><code>${escapeHtml(k)}</code></td><td class="num">${num(counters[k] ?? 0)}</td></tr>`);
  return `<section id="counters"><h2>Counters</h2><div class="grid">${tiles.join('')}</div>${rest.length === 0 ? ''
    : `<details><summary>${rest.length} more counters</summary><table><tbody>${rest.join('')}</tbody></table></details>`}</section>`;
}

function renderSubnet(s: StatusPageSubnet): string {
  const net = s.sharedNetwork !== undefined ? ` <span class="sub">shared network</span> <b>${escapeHtml(s.sharedNetwork)}</b>` : '';
  const head = `<tr class="subnet-row"><td><span class="sub">#${s.id}</span> <code>${escapeHtml(s.prefix)}</code>${net}</td><td>${bar(s.assigned, s.total)}</td>`
    + `<td class="num">${num(s.assigned)} / ${num(s.total)}</td><td class="num">${s.declined > 0 ? `<span class="pill warn">${num(s.declined)}</span>` : '0'}</td></tr>`;
  const pools = s.pools.map((p) => `<tr class="pool"><td>pool <code>${escapeHtml(p.range)}</code></td><td>${bar(p.assigned, p.total)}</td><td class="num">${num(p.assigned)} / ${num(p.total)}</td><td></td></tr>`);
  return `<tbody class="subnet">${head}${pools.join('')}</tbody>`;
}

function renderSubnets(subnets: readonly StatusPageSubnet[]): string {
  // Most utilised first; ties by id so the order is stable between refreshes.
  const sorted = [...subnets].sort((a, b) => percent(b.assigned, b.total) - percent(a.assigned, a.total) || a.id - b.id);
  const shown = sorted.slice(0, SUBNETS_SHOWN);
  const rest = sorted.slice(SUBNETS_SHOWN);
  let total = 0;
  let assigned = 0;
  for (const s of subnets) { total += s.total; assigned += s.assigned; }
  let restTotal = 0;
  let restAssigned = 0;
  for (const s of rest) { restTotal += s.total; restAssigned += s.assigned; }
  const note = rest.length > 0
    ? `Showing the ${SUBNETS_SHOWN} most utilised of ${num(subnets.length)} subnets; the other ${num(rest.length)} are summarised below the table.`
    : `${num(subnets.length)} subnet${subnets.length === 1 ? '' : 's'}, most utilised first.`;
  const foot = rest.length === 0 ? '' : `<tfoot><tr class="rest"><td>${num(rest.length)} more subnets not shown (none more utilised than those above)</td>`
    + `<td>${bar(restAssigned, restTotal)}</td><td class="num">${num(restAssigned)} / ${num(restTotal)}</td><td></td></tr></tfoot>`;
  return `<section id="subnets"><h2>Pool utilisation</h2><p class="note">${note} All subnets: ${num(assigned)} of ${num(total)} addresses assigned (${percent(assigned, total).toFixed(1)} %). Amber from ${WARN_PCT} %, red from ${CRIT_PCT} %.</p>
<table><thead><tr><th>Subnet</th><th>Utilisation</th><th class="num">Assigned / total</th><th class="num">Declined</th></tr></thead>
${shown.map(renderSubnet).join('\n') || '<tbody><tr><td colspan="4" class="sub">no subnets configured</td></tr></tbody>'}${foot}</table></section>`;
}

function renderEvents(m: StatusPageModel): string {
  const sorted = [...m.events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const cls = { info: 'info', warn: 'warn', error: 'bad' } as const;
  const rows = sorted.slice(0, EVENTS_SHOWN).map((e) => `<tr><td>${time(e.at, m.generatedAt)}</td><td><span class="pill ${cls[e.level] ?? 'neutral'}">${escapeHtml(e.level)}</span></td>`
    + `<td><code>${escapeHtml(e.code)}</code></td><td>${escapeHtml(e.message)}</td></tr>`);
  const more = sorted.length > EVENTS_SHOWN ? `<p class="note">${num(sorted.length - EVENTS_SHOWN)} older events not shown.</p>` : '';
  return `<section id="events"><h2>Recent events <span class="sub">(newest first)</span></h2>${more}<table><thead><tr><th>Time</th><th>Level</th><th>Code</th><th>Message</th></tr></thead><tbody>
${rows.join('\n') || '<tr><td colspan="4" class="sub">no events</td></tr>'}</tbody></table></section>`;
}

/**
 * The complete status page for `model`: an HTML5 document with an inline stylesheet, no scripts
 * and no external resources. Never throws for a well-typed model.
 * @example
 * res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STATUS_PAGE_CSP });
 * res.end(renderStatusPage(model));
 */
export function renderStatusPage(model: StatusPageModel, options: StatusPageOptions = {}): string {
  const refresh = options.refreshSec !== undefined ? `\n<meta http-equiv="refresh" content="${Math.max(5, Math.round(options.refreshSec))}">` : '';
  const issues = attention(model).length;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${META_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<title>${issues > 0 ? '⚠ ' : ''}${escapeHtml(model.host)} · gitdhcp</title>
<style>${CSS}</style></head>
<body>${renderHeader(model)}
<main>${renderBanners(model)}
${model.gitops !== undefined ? renderGitops(model.gitops, model.generatedAt) : ''}
${renderSubnets(model.subnets)}
${renderCounters(model.counters)}
${renderEvents(model)}
</main><footer>Generated ${time(model.generatedAt, model.generatedAt)} by gitdhcp ${escapeHtml(model.version)}. Machine-readable: the <code>statistic-get-all</code> and <code>gitops-status</code> commands.</footer></body></html>
`;
}
