// Markdown tables of a scripts/bench-dhcp4.mjs summary, ready to paste into the README: the
// headline (both servers and gitdhcp / Kea) and the sweep, one row per rate. Plain JS for node.

const fmt = (x, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }).replace(/,/g, ' '));
const ratio = (g, k) => (Number.isFinite(g) && Number.isFinite(k) && k !== 0 ? (g / k).toFixed(2) : '–');

/** The highest rate each server sustained, the median run there, and the first rate it failed. */
export function capacity(summary, impl, lossLimit) {
  let best = null;
  let failed = null;
  for (const point of summary.sweep) {
    const m = point.servers[impl]?.median;
    if (!m) continue;
    if (!m.error && m.lossPct < lossLimit) best = { rate: point.rate, run: m };
    else if (failed === null) failed = { rate: point.rate, run: m };
  }
  return { best, failed };
}

function limitText(failed, lastRate) {
  if (failed === null) return `not reached (≤ ${fmt(lastRate)}/s)`;
  if (failed.run.error) return `${fmt(failed.rate)}/s: error`;
  const server = failed.run.wire?.serverUnansweredPct;
  const who = server === undefined || server === null ? '' : server < 0.5 ? ', server answered all: perfdhcp lost them' : `, server left ${server} % unanswered`;
  return `${fmt(failed.rate)}/s: ${failed.run.lossPct} % lost${who}`;
}

function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

/** The headline table and the sweep table, as Markdown. */
export function markdownTables(summary) {
  const { lossLimitPct, runs, seconds } = summary.method;
  const impls = ['kea', 'gitdhcp'];
  const cap = Object.fromEntries(impls.map((i) => [i, capacity(summary, i, lossLimitPct)]));
  const lastRate = summary.sweep.at(-1)?.rate;
  const at = (impl, f) => (cap[impl].best ? f(cap[impl].best.run) : null);
  const lines = [];
  const line3 = (label, k, g, r) => lines.push(row([label, k, g, r]));
  lines.push(row(['Measurement', 'Kea 2.2', 'gitdhcp', 'gitdhcp / Kea']), row(['---', '---', '---', '---']));
  line3(`Highest DORA/s with < ${lossLimitPct} % lost (median of ${runs} × ${seconds} s)`, fmt(cap.kea.best?.rate), fmt(cap.gitdhcp.best?.rate), ratio(cap.gitdhcp.best?.rate, cap.kea.best?.rate));
  line3('First rate over the limit', limitText(cap.kea.failed, lastRate), limitText(cap.gitdhcp.failed, lastRate), '');
  line3('At the highest rate: DORA delay p50 / p99 (ms)', `${fmt(at('kea', (m) => m.doraP50Ms), 2)} / ${fmt(at('kea', (m) => m.doraP99Ms), 1)}`, `${fmt(at('gitdhcp', (m) => m.doraP50Ms), 2)} / ${fmt(at('gitdhcp', (m) => m.doraP99Ms), 1)}`, '');
  line3('At the highest rate: server CPU (% of one core)', fmt(at('kea', (m) => m.serverCpuPct)), fmt(at('gitdhcp', (m) => m.serverCpuPct)), '');
  line3('At the highest rate: peak RSS (MB)', fmt(at('kea', (m) => m.serverPeakRssMB)), fmt(at('gitdhcp', (m) => m.serverPeakRssMB)), ratio(at('gitdhcp', (m) => m.serverPeakRssMB), at('kea', (m) => m.serverPeakRssMB)));
  for (const f of summary.fixed) {
    const k = f.servers.kea?.median;
    const g = f.servers.gitdhcp?.median;
    line3(`CPU per 1 000 DORA at ${fmt(f.rate)}/s (ms; loss %)`, `${fmt(k?.cpuMsPer1000, 1)} (${fmt(k?.lossPct, 2)})`, `${fmt(g?.cpuMsPer1000, 1)} (${fmt(g?.lossPct, 2)})`, ratio(g?.cpuMsPer1000, k?.cpuMsPer1000));
  }
  const ls = summary.leaseStore;
  for (const s of ls.sizes ?? []) {
    const k = s.servers.kea;
    const g = s.servers.gitdhcp;
    line3(`RSS for ${fmt(s.leases)} leases (MB over an empty file; total)`, `${fmt(k?.rssMBForLeases)} (${fmt(k?.rssMBMedian)})`, `${fmt(g?.rssMBForLeases)} (${fmt(g?.rssMBMedian)})`, ratio(g?.rssMBForLeases, k?.rssMBForLeases));
    line3(`Start on ${fmt(s.leases)} leases, to the first DORA (ms)`, fmt(k?.startMsMedian), fmt(g?.startMsMedian), ratio(g?.startMsMedian, k?.startMsMedian));
  }
  if (ls.cleanup) {
    const k = ls.cleanup['kea-lfc'];
    const g = ls.cleanup.gitdhcp;
    line3(`Lease file cleanup, ${fmt(ls.cleanup.leases)} leases (kea-lfc / node process; ms, peak MB)`, k ? `${fmt(k.wallMsMedian)}, ${fmt(k.peakRssMBMax)} MB` : '–', `${fmt(g.wallMsMedian)}, ${fmt(g.peakRssMBMax)} MB`, ratio(g.wallMsMedian, k?.wallMsMedian));
  }
  const big = (ls.sizes ?? []).at(-1)?.gitdhcpInProcess;
  if (big) line3(`gitdhcp in-process, ${fmt((ls.sizes ?? []).at(-1).leases)} leases: load, RSS, in-server LFC (max stall)`, '', `${fmt(big.loadMsMedian)} ms, ${fmt(big.rssMBMedian)} MB, ${fmt(big.lfcMs)} ms (${fmt(big.lfcMaxStallMs)} ms)`, '');

  const sweep = [
    row(['DORA/s', 'Kea loss %', 'Kea p50 / p99 ms', 'Kea CPU %', 'Kea ms CPU/1000', 'gitdhcp loss %', 'gitdhcp p50 / p99 ms', 'gitdhcp CPU %', 'gitdhcp ms CPU/1000', 'CPU/DORA g/k']),
    row(Array(10).fill('---')),
  ];
  for (const p of summary.sweep) {
    const cells = [fmt(p.rate)];
    for (const impl of impls) {
      const m = p.servers[impl]?.median;
      if (!m || m.error) cells.push(m?.error ? 'error' : '', '', '', '');
      else cells.push(fmt(m.lossPct, 2), `${fmt(m.doraP50Ms, 2)} / ${fmt(m.doraP99Ms, 1)}`, fmt(m.serverCpuPct), fmt(m.cpuMsPer1000, 1));
    }
    cells.push(ratio(p.servers.gitdhcp?.median?.cpuMsPer1000, p.servers.kea?.median?.cpuMsPer1000));
    sweep.push(row(cells));
  }
  return `${lines.join('\n')}\n\nThe sweep (median run of ${runs} per point; DORA delay from the capture):\n\n${sweep.join('\n')}\n`;
}
