import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Status } from '../gitops/state.js';
import { STATUS_PAGE_CSP, SUBNETS_SHOWN, escapeHtml, renderStatusPage, type StatusPageModel, type StatusPageSubnet } from './status-page.js';

const SERVING = '3f2a9c4be17d05a6c8e2f1b0d9a7c6e5b4a39281';
const GOOD = '9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c';
const BAD = 'c0ffee1234567890abcdef1234567890abcdef12';
const SICK = 'deadbeef00112233445566778899aabbccddeeff';
const XSS = '<script>alert("x")</script>';

const gitops: Status = {
  repository: 'ssh://git@git.example.net/netops/dhcp.git', branch: 'main', path: 'dhcp4.yaml',
  lastAttempted: BAD, lastApplied: SERVING, lastHealthy: SERVING, lastFetched: BAD,
  conditions: [
    { type: 'Ready', status: true, reason: 'RevisionApplied', message: 'revision 3f2a9c4be17d is serving', since: '2025-03-14T09:12:05.000Z' },
    { type: 'Healthy', status: true, reason: 'ChecksPassed', message: 'loopback DORA, lease store writable', since: '2025-03-14T09:12:09.000Z' },
    { type: 'Stalled', status: false, reason: 'ValidationFailed', message: `revision c0ffee123456 is invalid: dhcp4.yaml:42:9 ${XSS}`, since: '2025-03-14T10:01:00.000Z' },
    { type: 'Remediated', status: true, reason: 'RollbackSucceeded', message: 'deadbeef0011 failed its health checks; 3f2a9c4be17d serves again', since: '2025-03-14T09:40:00.000Z' },
  ],
  quarantine: [SICK],
  history: [
    { revision: GOOD, at: '2025-03-13T16:20:00.000Z', outcome: 'applied', reasons: [], timingsMs: { validate: 41, apply: 120, health: 1830 }, digest: 'a'.repeat(64) },
    { revision: SERVING, at: '2025-03-14T09:12:05.000Z', outcome: 'applied', reasons: [], timingsMs: { validate: 38, apply: 97, health: 1604 }, plan: ['12 leases stranded in 10.0.9.0/24'] },
    { revision: SICK, at: '2025-03-14T09:40:00.000Z', outcome: 'rolled-back', reasons: ['health: loopback DORA timed out after 5000 ms'], timingsMs: { validate: 40, apply: 101, health: 5003 } },
    { revision: BAD, at: '2025-03-14T10:01:00.000Z', outcome: 'invalid', reasons: [`dhcp4.yaml:42:9 /Dhcp4/subnet4/3/pools/0/pool: must match format "ipv4-range" ${XSS}`, "dhcp4.yaml:57:3 shared network 'lab's' unknown"], timingsMs: { validate: 35 } },
  ],
  pinned: { revision: SERVING, head: BAD, at: '2025-03-14T09:45:00.000Z' },
  suspended: null,
};

function subnet(id: number, prefix: string, total: number, assigned: number, extra: Partial<StatusPageSubnet> = {}): StatusPageSubnet {
  return { id, prefix, total, assigned, declined: 0, pools: [{ range: prefix.replace(/0\/24$/, '10') + '-' + prefix.replace(/0\/24$/, '250'), total, assigned }], ...extra };
}

const model: StatusPageModel = {
  generatedAt: '2025-03-14T10:15:30.000Z', version: '0.1.0', host: 'dhcp-core-01', mode: 'git',
  dhcp: { enabled: true, interfaces: ['eth0', 'eth1.20'], leases: 8812, startedAt: '2025-03-12T07:00:00.000Z' },
  counters: { 'pkt4-received': 1_482_113, 'pkt4-offer-sent': 402_911, 'pkt4-ack-sent': 398_002, 'pkt4-nak-sent': 214, 'pkt4-receive-drop': 37, 'pkt4-discover-received': 403_120, 'pkt4-request-received': 399_870 },
  subnets: [
    subnet(1, '10.0.1.0/24', 241, 120),
    subnet(2, '10.0.2.0/24', 241, 193, { sharedNetwork: 'campus-east' }),
    subnet(3, '10.0.3.0/24', 241, 236, { sharedNetwork: 'campus-east', declined: 3 }),
    { id: 4, prefix: '10.0.8.0/22', total: 1000, assigned: 310, declined: 0, sharedNetwork: `lab"><img src=x onerror=alert(1)>`, pools: [
      { range: '10.0.8.10-10.0.9.250', total: 497, assigned: 290 }, { range: '10.0.10.10-10.0.11.250', total: 503, assigned: 20 }] },
    subnet(5, '192.168.50.0/24', 241, 0),
    subnet(6, '10.0.6.0/24', 241, 229),
  ],
  gitops,
  events: [
    { at: '2025-03-14T10:01:00.000Z', level: 'error', code: 'GITOPS_REVISION_INVALID', message: `revision c0ffee123456 is invalid, 3f2a9c4be17d keeps serving: ${XSS}` },
    { at: '2025-03-14T09:45:00.000Z', level: 'warn', code: 'GITOPS_MANUAL_ROLLBACK', message: "rolled back by 'alice' from deadbeef0011 to 3f2a9c4be17d" },
    { at: '2025-03-14T09:12:05.000Z', level: 'info', code: 'GITOPS_REVISION_APPLIED', message: 'revision 3f2a9c4be17d is serving' },
  ],
};

/** The text of the element opened by the first match of `open` up to its `close`. */
function slice(html: string, open: string, close: string): string {
  const i = html.indexOf(open);
  expect(i, open).toBeGreaterThanOrEqual(0);
  return html.slice(i, html.indexOf(close, i) + close.length);
}

describe('renderStatusPage', () => {
  const html = renderStatusPage(model);

  it('is a self-contained HTML5 document: no script, no external resource, no style attribute, a CSP whose hash matches the stylesheet', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\s(src|href)=/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/http-equiv="refresh"/);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(css).digest('base64');
    expect(STATUS_PAGE_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(STATUS_PAGE_CSP).toMatch(/^default-src 'none';.*frame-ancestors 'none'$/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}';`);
  });

  it('shows the host, version, mode, DHCP state, interfaces and leases in the header', () => {
    const header = slice(html, '<header>', '</header>');
    expect(header).toContain('<h1>dhcp-core-01</h1>');
    expect(header).toContain('<b>0.1.0</b>');
    expect(header).toContain('git mode');
    expect(header).toContain('DHCP enabled');
    expect(header).toContain('<code>eth1.20</code>');
    expect(header).toContain('<b>8,812</b>');
    expect(header).toContain('(2 d 3 h ago)');
    expect(header).toContain(`serving <code title="${SERVING}">3f2a9c4be17d</code>`);

    const file = renderStatusPage({ ...model, mode: 'file', configFile: '/etc/gitdhcp/kea-dhcp4.conf', gitops: undefined, dhcp: { ...model.dhcp, enabled: false, disabledFor: 'max-period 300 s' } });
    expect(file).toContain('file mode</span> <code>/etc/gitdhcp/kea-dhcp4.conf</code>');
    expect(file).toContain('DHCP disabled · max-period 300 s');
    expect(file).toContain('<li>DHCP service is disabled (max-period 300 s)</li>');
    expect(file).not.toContain('id="gitops"');
  });

  it('shows the revision serving (short, full in the title), last healthy, the pin, conditions and quarantine', () => {
    const g = slice(html, '<section id="gitops">', '</section>');
    expect(g).toContain(`serving <b class="revision"><code title="${SERVING}">${SERVING.slice(0, 12)}</code></b>`);
    expect(g).toContain(`last healthy <code title="${SERVING}">`);
    expect(html).toContain(`<b>Pinned to <code title="${SERVING}">3f2a9c4be17d</code></b>`);
    expect(html).toContain(`moves past <code title="${BAD}">`);
    expect(html).not.toContain('Reconciliation suspended');
    expect(g).toContain('<span class="pill ok">Ready: True</span> <b>RevisionApplied</b>');
    expect(g).toContain('<span class="pill neutral">Stalled: False</span> <b>ValidationFailed</b>');
    expect(g).toContain('<span class="pill warn">Remediated: True</span> <b>RollbackSucceeded</b>');
    expect(g).toContain(`<b>Quarantined</b> (never applied again until a new commit): <code title="${SICK}">deadbeef0011</code>`);
    const suspended = renderStatusPage({ ...model, gitops: { ...gitops, suspended: { at: '2025-03-14T10:00:00.000Z' }, pinned: null } });
    expect(suspended).toContain('<b>Reconciliation suspended</b>since <time datetime="2025-03-14T10:00:00.000Z"');
    expect(suspended).not.toContain('Pinned to');
  });

  it('lists the history newest first, with the outcome coloured, reasons, plan and timings, and marks the serving row', () => {
    const rows = [...html.matchAll(/<tr class="history( serving)?"><td><code title="([0-9a-f]+)"/g)].map((m) => [m[2], m[1] !== undefined]);
    expect(rows).toEqual([[BAD, false], [SICK, false], [SERVING, true], [GOOD, false]]);
    const bad = slice(html, `<tr class="history"><td><code title="${BAD}"`, '</tr>');
    expect(bad).toContain('<span class="pill bad">invalid</span>');
    expect(bad).toContain('must match format &quot;ipv4-range&quot; &lt;script&gt;');
    expect(bad).toContain('<span class="t">validate 35 ms</span>');
    const sick = slice(html, `<tr class="history"><td><code title="${SICK}"`, '</tr>');
    expect(sick).toContain('<span class="pill warn">rolled-back</span>');
    expect(sick).toContain('<span class="t">validate 40 ms</span> · <span class="t">apply 101 ms</span> · <span class="t">health 5.0 s</span>');
    expect(html).toContain('<li>plan: 12 leases stranded in 10.0.9.0/24</li>');
    expect(html).toContain('2025-03-14 10:01:00Z</time> <span class="sub rel">(14 min ago)</span>');
  });

  it('escapes every string from the model: script tags, quotes and attribute breakouts stay text', () => {
    const hostile = renderStatusPage({ ...model, host: `<b>"x'</b>`, version: '<i>', dhcp: { ...model.dhcp, interfaces: ['<eth0>'] } });
    expect(hostile).not.toContain('<script>');
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(hostile).toContain('lab&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).toContain('rolled back by &#39;alice&#39;');
    expect(hostile).toContain('<h1>&lt;b&gt;&quot;x&#39;&lt;/b&gt;</h1>');
    expect(hostile).toContain('<title>⚠ &lt;b&gt;&quot;x&#39;&lt;/b&gt; · gitdhcp</title>');
    expect(hostile).toContain('<code>&lt;eth0&gt;</code>');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('draws utilisation bars with the percentage as text, amber from 80 %, red from 95 %, pools nested under their subnet', () => {
    const bars = (n: number, total: number): string => {
      const page = renderStatusPage({ ...model, subnets: [{ id: 9, prefix: '10.9.0.0/16', total, assigned: n, declined: 0, pools: [] }] });
      return /<span class="fill (w\d+ \w+)"><\/span><\/span><span class="pct">([^<]+)<\/span>/.exec(page)?.slice(1).join(' | ') ?? '';
    };
    expect(bars(0, 1000)).toBe('w0 ok | 0.0 %');
    expect(bars(1, 10_000)).toBe('w1 ok | 0.0 %');
    expect(bars(799, 1000)).toBe('w80 ok | 79.9 %');
    expect(bars(800, 1000)).toBe('w80 warn | 80.0 %');
    expect(bars(949, 1000)).toBe('w95 warn | 94.9 %');
    expect(bars(950, 1000)).toBe('w95 bad | 95.0 %');
    expect(bars(999_999, 1_000_000)).toBe('w100 bad | 99.9 %');
    expect(bars(5, 0)).toBe('w1 ok | 0.0 %');

    const s4 = slice(html, '<tbody class="subnet"><tr class="subnet-row"><td><span class="sub">#4</span>', '</tbody>');
    expect(s4).toContain('<tr class="pool"><td>pool <code>10.0.8.10-10.0.9.250</code></td>');
    expect(s4).toContain('<tr class="pool"><td>pool <code>10.0.10.10-10.0.11.250</code></td>');
    expect(s4).toContain('<td class="num">310 / 1,000</td>');
    // Most utilised first: 3 (97.9 %), 6 (95.0 %), 2 (80.0 %), 1, 4, 5.
    expect([...html.matchAll(/<tr class="subnet-row"><td><span class="sub">#(\d+)/g)].map((m) => m[1])).toEqual(['3', '6', '2', '1', '4', '5']);
    expect(slice(html, '<span class="sub">#3</span>', '</tr>')).toContain('<span class="pill warn">3</span>');
    expect(html).toContain('<li>2 subnets are at least 95 % utilised</li>');
  });

  it('shows the key counters as tiles and the rest in a table, and events newest first', () => {
    const c = slice(html, '<section id="counters">', '</section>');
    expect(c).toContain('<div class="n">1,482,113</div><div class="l">received <code>pkt4-received</code>');
    expect(c).toContain('<div class="tile"><div class="n">214</div><div class="l">naks sent');
    expect(c).toContain('<div class="tile warn"><div class="n">37</div><div class="l">dropped on receive');
    expect(c).toContain('<summary>2 more counters</summary>');
    expect(c).toContain('<td><code>pkt4-request-received</code></td><td class="num">399,870</td>');
    const codes = [...slice(html, '<section id="events">', '</section>').matchAll(/<code>([A-Z_0-9]+)<\/code>/g)].map((m) => m[1]);
    expect(codes).toEqual(['GITOPS_REVISION_INVALID', 'GITOPS_MANUAL_ROLLBACK', 'GITOPS_REVISION_APPLIED']);
  });

  it('adds a meta refresh only when asked, never under 5 s', () => {
    expect(renderStatusPage(model, { refreshSec: 30 })).toContain('<meta http-equiv="refresh" content="30">');
    expect(renderStatusPage(model, { refreshSec: 1 })).toContain('<meta http-equiv="refresh" content="5">');
  });

  it('with 10 000 subnets renders the 50 most utilised and summarises the rest (measures the render time)', () => {
    // Subnet i has i % 200 of 250 addresses assigned: the 50 with 199 are the most utilised.
    const subnets = Array.from({ length: 10_000 }, (_, k) => {
      const i = k + 1;
      return { id: i, prefix: `10.${i >> 8}.${i & 255}.0/24`, total: 250, assigned: i % 200, declined: 0, pools: [{ range: `10.${i >> 8}.${i & 255}.1-10.${i >> 8}.${i & 255}.250`, total: 250, assigned: i % 200 }] };
    });
    const big = { ...model, subnets };
    renderStatusPage(big); // warm up
    const runs = 10;
    const t0 = performance.now();
    let page = '';
    for (let r = 0; r < runs; r++) page = renderStatusPage(big);
    const perRenderMs = (performance.now() - t0) / runs;
    console.log(`status page, 10 000 subnets: ${perRenderMs.toFixed(1)} ms per render, ${(page.length / 1024).toFixed(0)} KiB`);

    const ids = [...page.matchAll(/<tr class="subnet-row"><td><span class="sub">#(\d+)/g)].map((m) => Number(m[1]));
    expect(ids).toHaveLength(SUBNETS_SHOWN);
    expect(ids.every((id) => id % 200 === 199)).toBe(true);
    const assigned = subnets.reduce((n, s) => n + s.assigned, 0);
    const restAssigned = assigned - 50 * 199;
    expect(page).toContain('Showing the 50 most utilised of 10,000 subnets; the other 9,950 are summarised below the table.');
    expect(page).toContain(`All subnets: ${assigned.toLocaleString('en-US')} of 2,500,000 addresses assigned`);
    const rest = slice(page, '<tr class="rest">', '</tr>');
    expect(rest).toContain('9,950 more subnets not shown');
    expect(rest).toContain(`<td class="num">${restAssigned.toLocaleString('en-US')} / 2,487,500</td>`);
  });
});

/** The absolute path of `name` on PATH, or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir !== '' && existsSync(file)) return file;
  }
  return undefined;
}

function run(file: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 60_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr}`, { cause: err }));
      else resolve({ stdout, stderr });
    });
  });
}

const chromium = onPath('chromium');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe.skipIf(chromium === undefined)('the status page in headless Chromium', () => {
  async function chrome(extra: readonly string[], page: string): Promise<{ stdout: string; stderr: string }> {
    const profile = mkdtempSync(path.join(tmpdir(), 'gitdhcp-chromium-'));
    try {
      const sandbox = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
      return await run(chromium as string, [...sandbox, '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--hide-scrollbars',
        `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', ...extra, pathToFileURL(page).href]);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }

  it('parses as intended (revision, subnet rows, no injected elements) and screenshots to test-artifacts/status-page.png', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-status-page-'));
    try {
      const page = path.join(dir, 'status.html');
      writeFileSync(page, renderStatusPage(model));
      const { stdout: dom, stderr } = await chrome(['--dump-dom'], page);
      expect(dom).toContain(`<code title="${SERVING}">3f2a9c4be17d</code>`);
      expect([...dom.matchAll(/<tr class="subnet-row">/g)]).toHaveLength(model.subnets.length);
      expect([...dom.matchAll(/<tbody class="subnet">/g)]).toHaveLength(model.subnets.length);
      expect([...dom.matchAll(/<tr class="history/g)]).toHaveLength(gitops.history.length);
      expect(dom).not.toMatch(/<script|<img/i);
      expect(dom).toContain('&lt;script&gt;alert("x")&lt;/script&gt;');
      // The stylesheet is allowed by the page's own CSP (a wrong hash would be reported here).
      expect(stderr).not.toMatch(/Content Security Policy|:CONSOLE/);

      const shots = path.join(root, 'test-artifacts');
      mkdirSync(shots, { recursive: true });
      const png = path.join(shots, 'status-page.png');
      rmSync(png, { force: true });
      await chrome([`--screenshot=${png}`, '--window-size=1280,1600'], page);
      expect(statSync(png).size).toBeGreaterThan(20_000);
      expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
