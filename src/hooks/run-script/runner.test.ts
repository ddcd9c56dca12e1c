// ScriptRunner against real /bin/sh scripts in a temporary directory.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LineSplitter, MAX_LINE_CHARS, MAX_LINES } from './output.js';
import { ScriptRunner, SCRIPT_PATH_ENV, type ScriptRunnerOptions } from './runner.js';
import { recordingLog, tempDir, writeScript } from './test-helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function runner(body: string, opts: Partial<ScriptRunnerOptions> = {}) {
  const log = recordingLog();
  const r = new ScriptRunner({ path: writeScript(tmp.dir, 'hook.sh', body), maxConcurrent: 4, maxQueued: 4, timeoutMs: 5000, log, ...opts });
  return { r, log };
}

/** Whether `pid` runs: a zombie (killed, waiting for init to reap it) counts as gone. */
function isRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  return state !== 'Z';
}

describe('ScriptRunner: what the script gets', () => {
  it('the hook point as its only argument, our variables plus PATH as its whole environment, no shell', async () => {
    const out = path.join(tmp.dir, 'out');
    const { r } = runner(`{ echo "argc=$# arg1=$1"; env | sort; } > ${out}`);
    // A value a shell would expand must arrive verbatim.
    expect(await r.start('lease4_renew', { LEASE4_ADDRESS: '192.0.2.10', ODD: '$(echo no) `x` ;|&' })).toMatchObject({ kind: 'exit', code: 0 });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('argc=1 arg1=lease4_renew');
    // dash adds PWD (and OLDPWD may appear); nothing from our own environment, such as HOME.
    const vars = lines.slice(1).filter((l) => !/^(PWD|OLDPWD)=/.test(l));
    expect(vars).toEqual(['LEASE4_ADDRESS=192.0.2.10', 'ODD=$(echo no) `x` ;|&', `PATH=${SCRIPT_PATH_ENV}`]);
  });
});

describe('ScriptRunner: asynchronous runs', () => {
  it('never waits for the script: start() returns at once and the event loop keeps turning', async () => {
    const { r } = runner('sleep 1');
    const t0 = performance.now();
    const done = r.start('leases4_committed', {});
    const startMs = performance.now() - t0;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await vi.waitFor(() => expect(ticks).toBeGreaterThanOrEqual(20), { timeout: 900 });
    expect(r.stats.running).toBe(1);
    clearInterval(timer);
    expect(startMs).toBeLessThan(100);
    expect(await done).toMatchObject({ kind: 'exit', code: 0 });
  });

  it('bounds concurrency: at most max-concurrent run, max-queued wait, the rest are dropped and counted', async () => {
    const body = `touch ${tmp.dir}/r.$$; ls ${tmp.dir} | grep -c '^r\\.' >> ${tmp.dir}/counts; sleep 0.3; rm ${tmp.dir}/r.$$`;
    const { r, log } = runner(body, { maxConcurrent: 2, maxQueued: 3, warnIntervalMs: 60_000 });
    const runs = Array.from({ length: 8 }, () => r.start('lease4_renew', {}));
    expect(r.stats).toMatchObject({ running: 2, queued: 3, dropped: 3 });
    const outcomes = await Promise.all(runs);
    expect(outcomes.map((o) => o.kind)).toEqual(['exit', 'exit', 'exit', 'exit', 'exit', 'dropped', 'dropped', 'dropped']);
    const counts = readFileSync(path.join(tmp.dir, 'counts'), 'utf8').trim().split('\n').map(Number);
    expect(counts).toHaveLength(5);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    // One warning for the burst (rate-limited), carrying the count.
    expect(log.events('RUN_SCRIPT_DROPPED')).toHaveLength(1);
    expect(log.events('RUN_SCRIPT_DROPPED')[0]?.fields).toMatchObject({ point: 'lease4_renew', dropped: 1, droppedTotal: 1, maxConcurrent: 2, maxQueued: 3 });
    expect(r.stats).toMatchObject({ started: 5, finished: 5, dropped: 3, running: 0, queued: 0 });
  });

  it('warns about drops at most once per interval, with the count since the last warning', () => {
    let now = 0;
    const { r, log } = runner('sleep 1', { maxConcurrent: 1, maxQueued: 0, warnIntervalMs: 10_000, now: () => now });
    void r.start('pkt4_receive', {});
    for (let i = 0; i < 5; i++) void r.start('pkt4_receive', {});
    now = 10_000;
    void r.start('pkt4_receive', {});
    expect(log.events('RUN_SCRIPT_DROPPED').map((e) => [e.fields['dropped'], e.fields['droppedTotal']])).toEqual([[1, 1], [5, 6]]);
    expect(r.stats.dropped).toBe(6);
  });

  it('logs stdout and stderr line by line with the hook point, then the exit code', async () => {
    const { r, log } = runner('echo "first line"; echo oops >&2; printf "no newline"; exit 5');
    expect(await r.start('lease4_release', {})).toMatchObject({ kind: 'exit', code: 5 });
    const output = log.events('RUN_SCRIPT_OUTPUT').map((e) => [e.level, e.fields['stream'], e.fields['line'], e.fields['point']]);
    expect(output).toEqual(expect.arrayContaining([
      ['info', 'stdout', 'first line', 'lease4_release'],
      ['info', 'stdout', 'no newline', 'lease4_release'],
      ['warn', 'stderr', 'oops', 'lease4_release'],
    ]));
    expect(output).toHaveLength(3);
    expect(log.events('RUN_SCRIPT_EXITED')[0]).toMatchObject({ level: 'info', fields: { point: 'lease4_release', exitCode: 5 } });
  });

  it('kills a hanging script and what it started after timeout-ms, and frees its slot', async () => {
    const pidFile = path.join(tmp.dir, 'child.pid');
    const { r, log } = runner(`sleep 30 & echo $! > ${pidFile}; wait`, { timeoutMs: 300, maxConcurrent: 1 });
    const t0 = performance.now();
    const hanging = r.start('lease4_expire', {});
    const next = r.start('lease4_expire', {});
    expect(await hanging).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(2000);
    const childPid = Number(readFileSync(pidFile, 'utf8'));
    await vi.waitFor(() => expect(isRunning(childPid)).toBe(false), { timeout: 2000 });
    expect(log.events('RUN_SCRIPT_TIMEOUT')[0]?.fields).toMatchObject({ point: 'lease4_expire', timeoutMs: 300 });
    expect(await next).toMatchObject({ kind: 'timeout' });
    expect(r.stats).toMatchObject({ timedOut: 2, running: 0 });
  });

  it('a script that cannot be started is an error outcome, logged and counted', async () => {
    const log = recordingLog();
    const r = new ScriptRunner({ path: path.join(tmp.dir, 'missing.sh'), maxConcurrent: 1, maxQueued: 1, timeoutMs: 1000, log });
    expect(await r.start('lease4_renew', {})).toMatchObject({ kind: 'error' });
    expect(r.runSync('lease4_renew', {})).toMatchObject({ kind: 'error' });
    expect(log.events('RUN_SCRIPT_SPAWN_FAILED')).toHaveLength(2);
    expect(r.stats).toMatchObject({ failed: 2, running: 0 });
  });

  it('close(): new runs are dropped; idle() waits for the running ones', async () => {
    const { r } = runner('sleep 0.2');
    const running = r.start('lease4_renew', {});
    r.close();
    expect(await r.start('lease4_renew', {})).toEqual({ kind: 'dropped' });
    await r.idle();
    expect(await running).toMatchObject({ kind: 'exit', code: 0 });
  });

  it('bounds the output it logs per run', async () => {
    const { r, log } = runner(`i=0; while [ $i -lt ${MAX_LINES + 50} ]; do echo "line $i"; i=$((i+1)); done`);
    await r.start('pkt4_send', {});
    expect(log.events('RUN_SCRIPT_OUTPUT')).toHaveLength(MAX_LINES);
    expect(log.events('RUN_SCRIPT_OUTPUT_TRUNCATED')[0]?.fields).toMatchObject({ suppressedLines: 50 });
  });
});

describe('ScriptRunner: synchronous runs', () => {
  it.each([0, 3, 4, 7])('returns exit code %i', (code) => {
    const { r } = runner(`exit ${code}`);
    expect(r.runSync('lease4_select', {})).toMatchObject({ kind: 'exit', code });
  });

  it('logs the output of a synchronous run too', () => {
    const { r, log } = runner('echo "$1 $LEASE4_ADDRESS"; echo warn >&2');
    r.runSync('lease4_select', { LEASE4_ADDRESS: '192.0.2.10' });
    expect(log.events('RUN_SCRIPT_OUTPUT').map((e) => [e.fields['stream'], e.fields['line']])).toEqual([
      ['stdout', 'lease4_select 192.0.2.10'], ['stderr', 'warn'],
    ]);
  });

  it('times out after timeout-ms', () => {
    const { r, log } = runner('sleep 5', { timeoutMs: 200 });
    const t0 = performance.now();
    expect(r.runSync('pkt4_receive', {})).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(log.events('RUN_SCRIPT_TIMEOUT')).toHaveLength(1);
  });

  it('reports a script killed by a signal', () => {
    const { r } = runner('kill -TERM $$');
    expect(r.runSync('pkt4_receive', {})).toMatchObject({ kind: 'signal', signal: 'SIGTERM' });
  });
});

describe('LineSplitter', () => {
  it('joins lines across chunks, strips CR, cuts long lines and counts what it leaves out', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    s.push('ab');
    s.push('c\r\nd');
    s.push(`${'x'.repeat(MAX_LINE_CHARS + 10)}\ne`);
    s.end();
    expect(lines).toEqual(['abc', `d${'x'.repeat(MAX_LINE_CHARS - 1)}…`, 'e']);
    for (let i = 0; i < MAX_LINES; i++) s.push('more\n');
    expect([lines.length, s.suppressed]).toEqual([MAX_LINES, 3]);
  });
});
