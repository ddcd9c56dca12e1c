// `gitdhcp serve --repo`: a temporary git repository, the real server in a namespace, a real
// client. Commit a valid config → applied and serving; an invalid one → rejected with file:line,
// the old one serving; one that fails its health check (a listener that cannot be opened) →
// rolled back and quarantined; a newer good one → applied; restart with the remote gone → the
// last healthy revision serves at once. Leases survive every step.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GITDHCP, gitdhcp } from '../helpers/cli.js';
import { createHmac } from 'node:crypto';
import { clientMissingReason } from '../helpers/dhcp-clients.js';
import { Lab4 } from '../helpers/lab4.js';
import { netnsSkipReason, waitUntil, type Netns } from '../helpers/netns.js';
import { sendCommand } from '../../src/control/unix-socket.js';
import { findPerfdhcp, runPerfdhcp } from '../../scripts/perfdhcp-lab.mjs';

const skipReason = netnsSkipReason() ?? clientMissingReason('udhcpc');
const shouldSkip = skipReason !== null && !process.env.CI;
if (shouldSkip) console.warn(`gitops tests skipped: ${skipReason}`);

interface Status {
  pinned?: { revision: string } | null;
  suspended?: { at: string } | null;
  lastAttempted: string | null;
  lastApplied: string | null;
  lastHealthy: string | null;
  quarantine: string[];
  history: Array<{ revision: string; outcome: string; reasons: string[] }>;
}

function site(routers: string, interfaces: string[] = ['eth0']): string {
  return [
    'Dhcp4:',
    `  interfaces-config: { interfaces: [${interfaces.join(', ')}] }`,
    '  valid-lifetime: 600',
    '  subnet4:',
    '    - id: 1',
    '      subnet: 192.0.2.0/24',
    '      pools: [ { pool: 192.0.2.100 - 192.0.2.150 } ]',
    `      option-data: [ { name: routers, data: ${routers} } ]`,
    '',
  ].join('\n');
}

describe.skipIf(shouldSkip)('gitdhcp serve --repo', () => {
  let lab: Lab4;
  let dir: string;
  let repo: string;
  let srv: Netns;
  let cli: Netns;
  let child: ChildProcess | undefined;
  let output = '';

  const git = (...args: string[]): string => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
  const commit = (text: string, message: string): string => {
    writeFileSync(path.join(repo, 'gitdhcp.yaml'), text);
    git('add', 'gitdhcp.yaml');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  const status = (): Status => JSON.parse(readFileSync(path.join(dir, 'state', 'status.json'), 'utf8')) as Status;
  const start = (extra: string[] = ['--interval', '300ms', '--watch', '2s']): void => {
    output = '';
    child = srv.spawn(process.execPath, [GITDHCP, 'serve', '--repo', repo, '--path', 'gitdhcp.yaml',
      '--state-dir', path.join(dir, 'state'), '--data-dir', path.join(dir, 'data'), ...extra]);
    child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  };
  const stop = async (): Promise<void> => {
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  const outcomeOf = (rev: string): Promise<string> =>
    waitUntil(`an outcome for ${rev.slice(0, 8)}\n${output.slice(-2000)}`, () => {
      try {
        return status().history.find((h) => h.revision === rev)?.outcome;
      } catch {
        return undefined;
      }
    }, { timeoutMs: 15_000 });
  const lease = async (n: number): Promise<{ address: string; routers: string[] }> => {
    const c = lab.client('udhcpc', String(n));
    const got = await c.obtain();
    await c.stop();
    return got;
  };

  beforeEach(async () => {
    lab = await Lab4.create('gitops');
    ({ dir, srv, cli } = lab);
    repo = path.join(dir, 'site');
    mkdirSync(repo);
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    lab.onDestroy(stop);
  });
  afterEach(() => lab.destroy());

  it('applies good revisions, rejects invalid ones, rolls back unhealthy ones, and serves the last healthy one without its remote', async () => {
    const good1 = commit(site('192.0.2.1'), 'first site');
    start();
    expect(await outcomeOf(good1)).toBe('applied');
    const first = await lease(1);
    expect(first.routers).toEqual(['192.0.2.1']);
    const socket = path.join(dir, 'state', 'control.sock');
    const statistic = async (name: string): Promise<number> =>
      ((await sendCommand(socket, { command: 'statistic-get', arguments: { name } })).arguments as Record<string, Array<[number, string]>>)[name]?.[0]?.[0] ?? -1;
    const receivedAfterFirst = await statistic('pkt4-received');
    expect(receivedAfterFirst).toBeGreaterThanOrEqual(2);

    const invalid = commit(site('192.0.2.1').replace('192.0.2.100 - 192.0.2.150', '10.0.0.1 - 10.0.0.9'), 'a pool outside its subnet');
    expect(await outcomeOf(invalid)).toBe('invalid');
    expect(status().history.find((h) => h.revision === invalid)?.reasons.join('\n')).toMatch(/gitdhcp\.yaml:\d+:\d+: error \[pool-outside-subnet\]/);
    expect(status().lastApplied).toBe(good1);
    expect((await lease(2)).routers).toEqual(['192.0.2.1']);

    const unhealthy = commit(site('192.0.2.254', ['eth0', 'eth9']), 'listen on an interface this machine lacks');
    expect(await outcomeOf(unhealthy)).toBe('rolled-back');
    expect(status()).toMatchObject({ lastApplied: good1, lastHealthy: good1, quarantine: [unhealthy] });
    expect((await lease(3)).routers).toEqual(['192.0.2.1']);

    // A probe (a relayed DISCOVER over lo with link-selection) gets no OFFER from a pool only a
    // class that nobody is in may use: unhealthy, rolled back.
    const guarded = commit(`${site('192.0.2.77')}  client-classes: [ { name: nobody, test: "option[60].text == 'never'" } ]\n`
      .replace('pools: [ { pool: 192.0.2.100 - 192.0.2.150 } ]', 'pools: [ { pool: 192.0.2.100 - 192.0.2.150, client-classes: [nobody] } ]'), 'a pool nobody may use');
    expect(await outcomeOf(guarded)).toBe('rolled-back');
    expect(status().history.find((h) => h.revision === guarded)?.reasons.join('\n')).toMatch(/probe: subnet 1 \(192\.0\.2\.0\/24\) no OFFER/);

    const good2 = commit(site('192.0.2.254'), 'new router');
    expect(await outcomeOf(good2)).toBe('applied');
    const again = await lease(4);
    expect(again.routers).toEqual(['192.0.2.254']);
    expect(again.address).toBe(first.address); // the same client keeps its lease through every step
    // Statistics survive every apply and every rollback: counted on from where they were.
    expect(await statistic('pkt4-received')).toBeGreaterThanOrEqual(receivedAfterFirst + 8);
    expect(await statistic('pkt4-ack-sent')).toBe(4);
    // Probes commit nothing: no lease of the probe's MAC in the lease file.
    expect(readFileSync(path.join(dir, 'data', 'kea-leases4.csv'), 'utf8')).not.toContain('02:69:74:64:68:63');

    await stop();
    renameSync(repo, `${repo}.gone`);
    start();
    await waitUntil(`the snapshot served\n${output}`, () => output.includes('GITOPS_SNAPSHOT_SERVED') && output.includes('GITOPS_FETCH_FAILED'), { timeoutMs: 15_000 });
    expect((await lease(5)).routers).toEqual(['192.0.2.254']);
  });

  it('a signed webhook makes it fetch at once, long before its interval; gitdhcp status tells what it did', async () => {
    const secretFile = path.join(dir, 'webhook.secret');
    writeFileSync(secretFile, 'hunter2\n');
    const good1 = commit(site('192.0.2.1'), 'first');
    start(['--interval', '1h', '--webhook', '0.0.0.0:9000', '--webhook-secret-file', secretFile]);
    expect(await outcomeOf(good1)).toBe('applied');
    await waitUntil('the webhook to listen', () => output.includes('GITOPS_WEBHOOK_LISTENING'));
    const good2 = commit(site('192.0.2.254'), 'second');
    const body = JSON.stringify({ ref: 'refs/heads/main', after: good2 });
    const signature = `sha256=${createHmac('sha256', 'hunter2').update(body).digest('hex')}`;
    await cli.addAddress('eth0', '192.0.2.9/24');
    // The forge's side: a POST from another host on the link (node's fetch, in the client namespace).
    const post = (sig: string): Promise<string> => cli.exec(process.execPath, ['-e',
      `fetch('http://192.0.2.1:9000/hooks/git', { method: 'POST', headers: { 'X-Hub-Signature-256': ${JSON.stringify(sig)} }, body: ${JSON.stringify(body)} })`
      + '.then((r) => process.stdout.write(String(r.status)))']);
    expect(await post('sha256=00')).toBe('401');
    expect(await post(signature)).toBe('202');
    expect(await outcomeOf(good2)).toBe('applied');

    const shown = gitdhcp(['status', '--state-dir', path.join(dir, 'state')]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`serving:    ${good2.slice(0, 12)}`);
    expect(shown.stdout).toMatch(/Ready=True/);
    const json = JSON.parse(gitdhcp(['status', '--state-dir', path.join(dir, 'state'), '--format', 'json']).stdout) as Status;
    expect(json.history.map((h) => h.outcome)).toEqual(['applied', 'applied']);
  });

  it('with --block-lease-impact, a revision whose pools no longer hold an active lease is refused, with the plan', async () => {
    const good = commit(site('192.0.2.1'), 'first');
    start(['--interval', '300ms', '--block-lease-impact']);
    expect(await outcomeOf(good)).toBe('applied');
    const held = await lease(1);
    const shrunk = commit(site('192.0.2.1').replace('192.0.2.100 - 192.0.2.150', '192.0.2.200 - 192.0.2.250'), 'move the pool');
    expect(await outcomeOf(shrunk)).toBe('blocked');
    const entry = status().history.find((h) => h.revision === shrunk) as { plan?: string[] };
    expect(entry.plan?.[0]).toBe(`1 active lease(s) stranded (outside-pools): ${held.address}`);
    expect(status().lastApplied).toBe(good);
    expect((await lease(2)).address).toBe(held.address);
  });

  it('rollback --to serves an earlier revision, pinned until a newer commit; suspend and resume; all over the control socket', async () => {
    const stateDir = path.join(dir, 'state');
    const ctl = (...args: string[]): ReturnType<typeof gitdhcp> => gitdhcp([...args, '--state-dir', stateDir]);
    const good1 = commit(site('192.0.2.1'), 'first');
    start(['--interval', '1h']);
    expect(await outcomeOf(good1)).toBe('applied');
    const good2 = commit(site('192.0.2.254'), 'second');
    expect(ctl('reconcile').status).toBe(0);
    expect(status().lastApplied).toBe(good2);
    expect((await lease(1)).routers).toEqual(['192.0.2.254']);
    expect(statSync(path.join(stateDir, 'control.sock')).mode & 0o777).toBe(0o600);

    const back = ctl('rollback', '--to', good1.slice(0, 8));
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toContain(`${good1.slice(0, 12)} is serving (was ${good2.slice(0, 12)})`);
    expect((await lease(2)).routers).toEqual(['192.0.2.1']);
    expect(ctl('reconcile').status).toBe(0); // the same head: the pin holds
    expect(status()).toMatchObject({ lastApplied: good1, pinned: { revision: good1 } });
    expect(ctl('status').stdout).toContain(`pinned:     ${good1.slice(0, 12)}`);
    const wrong = ctl('rollback', '--to', 'deadbeef');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/deadbeef is not a healthy revision in the history/);

    expect(ctl('suspend').status).toBe(0);
    const good3 = commit(site('192.0.2.3'), 'third');
    const refused = ctl('reconcile');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('suspended');
    expect(status().lastApplied).toBe(good1);
    expect(ctl('resume').status).toBe(0); // a newer commit than the pin's: applied, unpinned
    expect(status()).toMatchObject({ lastApplied: good3, pinned: null, suspended: null });
    expect((await lease(3)).routers).toEqual(['192.0.2.3']);
    expect(ctl('unpin').stdout).toBe('nothing is pinned\n');

    await stop();
    const gone = ctl('rollback');
    expect(gone.status).toBe(2);
    expect(gone.stderr).toMatch(/no appliance is listening there/);
    expect(ctl('status').stdout).toContain('the appliance is not running');
  });

  it('loads hook libraries kept in the repository, and a changed module is loaded afresh on the next revision', async () => {
    const hook = (version: string): void => {
      mkdirSync(path.join(repo, 'hooks'), { recursive: true });
      writeFileSync(path.join(repo, 'hooks', 'stamp.mjs'), [
        'let seen = 0;',
        'export function load(api) {',
        `  api.registerCommand('stamp-get', () => ({ result: 0, text: 'stamp', arguments: { version: '${version}', site: api.parameters.site, seen } }));`,
        "  api.register('pkt4_receive', () => { seen++; });",
        '}',
        '',
      ].join('\n'));
      git('add', 'hooks');
    };
    const withHook = (routers: string): string => `${site(routers)}  hooks-libraries: [ { library: hooks/stamp.mjs, parameters: { site: lab } } ]\n`;
    hook('v1');
    const first = commit(withHook('192.0.2.1'), 'stamp v1');
    start();
    expect(await outcomeOf(first)).toBe('applied');
    const socket = path.join(dir, 'state', 'control.sock');
    await lease(1);
    const v1 = await sendCommand(socket, { command: 'stamp-get' });
    expect(v1).toMatchObject({ result: 0, arguments: { version: 'v1', site: 'lab' } });
    expect((v1.arguments as { seen: number }).seen).toBeGreaterThanOrEqual(2); // the client's DISCOVER and REQUEST (and the probe's)
    hook('v2');
    const second = commit(withHook('192.0.2.2'), 'stamp v2');
    expect(await outcomeOf(second)).toBe('applied');
    expect(await sendCommand(socket, { command: 'stamp-get' })).toMatchObject({ result: 0, arguments: { version: 'v2' } });
    // The library is gone with a revision that does not load it: so is its command.
    const third = commit(site('192.0.2.3'), 'no hooks');
    expect(await outcomeOf(third)).toBe('applied');
    expect(await sendCommand(socket, { command: 'stamp-get' })).toMatchObject({ result: 2 });
    // A restart with the remote gone serves the last healthy revision, hooks and all, from the state directory.
    const fourth = commit(withHook('192.0.2.4'), 'stamp v2 again');
    expect(await outcomeOf(fourth)).toBe('applied');
    await stop();
    renameSync(repo, `${repo}.gone`);
    start();
    await waitUntil(`the snapshot served\n${output}`, () => output.includes('GITOPS_SNAPSHOT_SERVED'), { timeoutMs: 15_000 });
    await waitUntil('the control socket', async () => (await sendCommand(socket, { command: 'stamp-get' }).catch(() => undefined))?.result === 0);
  });

  it.skipIf(findPerfdhcp() === null)('the watch window rolls back a revision that drops real traffic the probes do not show', async () => {
    const wide = (routers: string): string => site(routers).replace('192.0.2.100 - 192.0.2.150', '192.0.2.10 - 192.0.2.250');
    const good1 = commit(wide('192.0.2.1'), 'first');
    start(['--interval', '300ms', '--watch', '3s', '--watch-min', '20']);
    expect(await outcomeOf(good1)).toBe('applied');
    await cli.addAddress('eth0', '192.0.2.9/24');
    // perfdhcp as a relay at 192.0.2.9: 100 DORA/s for 12 s from 200 clients (who keep their leases).
    const load = runPerfdhcp(cli.name, ['-4', '-l', '192.0.2.9', '-r', '100', '-R', '200', '-p', '12', '192.0.2.1'], { timeoutMs: 60_000 });
    const leases = (): number => readFileSync(path.join(dir, 'data', 'kea-leases4.csv'), 'utf8').split('\n').length;
    await waitUntil('perfdhcp traffic', () => leases() > 100, { timeoutMs: 15_000 });
    // A harmless change under load: the window sees the same (zero) drop rate, applied.
    const good2 = commit(wide('192.0.2.2'), 'new router');
    expect(await outcomeOf(good2)).toBe('applied');
    expect((status().history.find((h) => h.revision === good2) as unknown as { timingsMs: Record<string, number> }).timingsMs['watch']).toBeGreaterThanOrEqual(2900);
    // A class that drops everything the relay at 192.0.2.9 sends: the probes (relayed from
    // 127.0.0.1) still get their OFFERs, the watch window sees the drops: rolled back.
    const dropper = commit(`${wide('192.0.2.66')}  client-classes: [ { name: DROP, test: "pkt4.giaddr == 192.0.2.9" } ]\n`, 'drop the relay');
    expect(await outcomeOf(dropper)).toBe('rolled-back');
    expect(status().history.find((h) => h.revision === dropper)?.reasons[0]).toMatch(/^watch: \d+\.\d % of \d+ packets received in [\d.]+ s after the apply were dropped, against 0\.0 % before it/);
    expect(status()).toMatchObject({ lastApplied: good2, quarantine: [dropper] });
    const run = await load;
    expect(run.report.rate).toBeGreaterThan(0);
  });
});
