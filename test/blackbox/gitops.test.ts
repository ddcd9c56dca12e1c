// `gitdhcp serve --repo`: a temporary git repository, the real server in a namespace, a real
// client. Commit a valid config → applied and serving; an invalid one → rejected with file:line,
// the old one serving; one that fails its health check (a listener that cannot be opened) →
// rolled back and quarantined; a newer good one → applied; restart with the remote gone → the
// last healthy revision serves at once. Leases survive every step.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GITDHCP, gitdhcp } from '../helpers/cli.js';
import { createHmac } from 'node:crypto';
import { clientMissingReason } from '../helpers/dhcp-clients.js';
import { Lab4 } from '../helpers/lab4.js';
import { netnsSkipReason, waitUntil, type Netns } from '../helpers/netns.js';

const skipReason = netnsSkipReason() ?? clientMissingReason('udhcpc');
const shouldSkip = skipReason !== null && !process.env.CI;
if (shouldSkip) console.warn(`gitops tests skipped: ${skipReason}`);

interface Status {
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
  const start = (extra: string[] = ['--interval', '300ms']): void => {
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
});
