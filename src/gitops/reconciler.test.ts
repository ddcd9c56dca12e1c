// The reconciler over a real temporary git repository and a fake server port (the black-box
// test runs the real server): what is applied, recorded, rolled back, quarantined and retried.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedConfig4 } from '../config/index.js';
import type { Log } from '../server/logging.js';
import { GitSource, type SignatureTrust } from './git-source.js';
import { Reconciler, type GitopsEvent, type ReconcilerOptions, type ServerPort, type TrafficCounters, type UserChecks } from './reconciler.js';
import { urlNotifier } from './notify.js';
import http from 'node:http';
import { StateDir } from './state.js';
import type { LeasePlan } from './plan.js';

const quiet: Log = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, isDebug: false };

function yaml(routers: string, extra = ''): string {
  return `Dhcp4:\n  subnet4:\n    - id: 1\n      subnet: 192.0.2.0/24\n      option-data: [ { name: routers, data: ${routers} } ]\n${extra}`;
}

class FakeServer implements ServerPort {
  applied: string[] = [];
  baseDirs: Array<string | undefined> = [];
  strands = new Set<string>();
  unhealthy = new Set<string>();
  failApply = new Set<string>();
  /** Traffic per counters() call while a router is serving: [received, dropped, requests, naks]. */
  traffic = new Map<string, [number, number, number, number]>();
  #counters: TrafficCounters = { received: 0, dropped: 0, requests: 0, naks: 0 };

  async apply(cfg: ResolvedConfig4, baseDir?: string): Promise<void> {
    const router = routerOf(cfg);
    if (this.failApply.has(router)) throw new Error(`cannot apply ${router}`);
    this.applied.push(router);
    this.baseDirs.push(baseDir);
  }

  counters(): TrafficCounters | undefined {
    if (this.applied.length === 0) return undefined;
    const [r, d, q, n] = this.traffic.get(this.applied.at(-1) as string) ?? [10, 0, 5, 0];
    const c = this.#counters;
    this.#counters = { received: c.received + r, dropped: c.dropped + d, requests: c.requests + q, naks: c.naks + n };
    return this.#counters;
  }

  plan(cfg: ResolvedConfig4): LeasePlan | undefined {
    const stranded = this.strands.has(routerOf(cfg)) ? [{ address: '192.0.2.170', subnetId: 1, reason: 'outside-pools' as const }] : [];
    return { activeLeases: 3, stranded, reservationConflicts: [], capacity: [] };
  }

  async health(cfg: ResolvedConfig4): Promise<string[]> {
    return this.unhealthy.has(routerOf(cfg)) ? [`probe for ${routerOf(cfg)} got no offer`] : [];
  }
}

function routerOf(cfg: ResolvedConfig4): string {
  const p = cfg.subnets[0]?.options.byCode.get(3)?.[0]?.payload;
  return p === undefined ? '' : Array.from(p).join('.');
}

describe('Reconciler', () => {
  let dir: string;
  let repo: string;
  const git = (...args: string[]): string => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
  const commit = (text: string): string => {
    writeFileSync(path.join(repo, 'site.yaml'), text);
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', 'x');
    return git('rev-parse', 'HEAD');
  };
  const make = async (server: FakeServer, checks?: UserChecks, blockLeaseImpact = false, signatures?: SignatureTrust, more: Partial<ReconcilerOptions> = {}): Promise<Reconciler> => {
    const source = await GitSource.open(repo, 'main', path.join(dir, 'state', 'repo.git'));
    return new Reconciler({
      source, state: new StateDir(path.join(dir, 'state')), path: 'site.yaml', intervalMs: 60_000, server, log: quiet, blockLeaseImpact,
      ...(checks ? { checks } : {}), ...(signatures ? { signatures } : {}), ...more,
    });
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-rec-'));
    repo = path.join(dir, 'repo');
    mkdirSync(repo);
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies a valid revision once, and records it as applied and healthy', async () => {
    const server = new FakeServer();
    const r = await make(server);
    const rev = commit(yaml('192.0.2.1'));
    await r.reconcile();
    await r.reconcile();
    expect(server.applied).toEqual(['192.0.2.1']);
    expect(r.status).toMatchObject({ lastAttempted: rev, lastApplied: rev, lastHealthy: rev });
    expect(r.status.conditions.find((c) => c.type === 'Ready')?.status).toBe(true);
  });

  it('never applies an invalid revision, and says why with file:line', async () => {
    const server = new FakeServer();
    const r = await make(server);
    const good = commit(yaml('192.0.2.1'));
    await r.reconcile();
    const bad = commit(yaml('192.0.2.1', '  valid-lifetime: -5\n'));
    await r.reconcile();
    expect(server.applied).toEqual(['192.0.2.1']);
    expect(r.status.lastApplied).toBe(good);
    const entry = r.status.history.find((h) => h.revision === bad);
    expect(entry?.outcome).toBe('invalid');
    expect(entry?.reasons.join('\n')).toMatch(/site\.yaml:\d+:\d+: error/);
  });

  it('rolls an unhealthy revision back to the last healthy one and does not retry it until a newer commit', async () => {
    const server = new FakeServer();
    server.unhealthy.add('192.0.2.254');
    const r = await make(server);
    const good = commit(yaml('192.0.2.1'));
    await r.reconcile();
    const bad = commit(yaml('192.0.2.254'));
    await r.reconcile();
    expect(server.applied).toEqual(['192.0.2.1', '192.0.2.254', '192.0.2.1']);
    expect(r.status).toMatchObject({ lastApplied: good, lastHealthy: good, quarantine: [bad] });
    expect(r.status.conditions.find((c) => c.type === 'Remediated')?.status).toBe(true);
    await r.reconcile();
    expect(server.applied).toHaveLength(3);
    const fixed = commit(yaml('192.0.2.2'));
    await r.reconcile();
    expect(r.status).toMatchObject({ lastApplied: fixed, lastHealthy: fixed });
  });

  it('a revision the server refuses (apply fails) changes nothing and is quarantined', async () => {
    const server = new FakeServer();
    server.failApply.add('192.0.2.9');
    const r = await make(server);
    const good = commit(yaml('192.0.2.1'));
    await r.reconcile();
    const bad = commit(yaml('192.0.2.9'));
    await r.reconcile();
    expect(r.status).toMatchObject({ lastApplied: good, quarantine: [bad] });
    expect(r.status.history.at(-1)).toMatchObject({ outcome: 'apply-failed', reasons: ['cannot apply 192.0.2.9'] });
  });

  it('an unreachable remote is a Stalled condition; a restart serves the last healthy snapshot first', async () => {
    const server = new FakeServer();
    const r = await make(server);
    commit(yaml('192.0.2.1'));
    await r.reconcile();
    renameSync(repo, `${repo}.gone`);
    await r.reconcile();
    expect(r.status.conditions.find((c) => c.type === 'Stalled')).toMatchObject({ status: true, reason: 'FetchFailed' });
    const again = new FakeServer();
    const r2 = await make(again);
    await r2.start();
    r2.stop();
    expect(again.applied).toEqual(['192.0.2.1']);
  });

  it('a check program from the revision itself must exit 0, or the revision is rolled back', async () => {
    const server = new FakeServer();
    const r = await make(server, { command: 'checks/ok.sh', timeoutMs: 5000 });
    mkdirSync(path.join(repo, 'checks'));
    writeFileSync(path.join(repo, 'checks', 'ok.sh'), '#!/bin/sh\n[ -n "$GITDHCP_REVISION" ] || exit 9\nexit 0\n');
    const good = commit(yaml('192.0.2.1'));
    await r.reconcile();
    expect(r.status.lastHealthy).toBe(good);
    writeFileSync(path.join(repo, 'checks', 'ok.sh'), '#!/bin/sh\necho "dns is not answering" >&2\nexit 1\n');
    const bad = commit(yaml('192.0.2.2'));
    await r.reconcile();
    expect(r.status).toMatchObject({ lastApplied: good, quarantine: [bad] });
    expect(r.status.history.at(-1)?.reasons).toEqual(['check checks/ok.sh exited 1: dns is not answering']);
  });

  it('records the lease plan; with --block-lease-impact a revision that strands leases is not applied', async () => {
    const server = new FakeServer();
    server.strands.add('192.0.2.2');
    const r = await make(server, undefined, true);
    const good = commit(yaml('192.0.2.1'));
    await r.reconcile();
    const risky = commit(yaml('192.0.2.2'));
    await r.reconcile();
    expect(server.applied).toEqual(['192.0.2.1']);
    expect(r.status.lastApplied).toBe(good);
    expect(r.status.history.at(-1)).toMatchObject({
      revision: risky, outcome: 'blocked', reasons: ['blocked by --block-lease-impact: 1 of 3 active leases would be stranded'],
      plan: ['1 active lease(s) stranded (outside-pools): 192.0.2.170'],
    });
    await r.reconcile();
    expect(server.applied).toEqual(['192.0.2.1']); // not retried until a newer commit
  });

  it('with allowed signers, only commits signed by an allowed SSH key are applied', async () => {
    const key = (name: string): string => {
      const file = path.join(dir, name);
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
      return file;
    };
    const ops = key('ops');
    const intruder = key('intruder');
    const signers = path.join(dir, 'allowed_signers');
    writeFileSync(signers, `ops@example.org ${readFileSync(`${ops}.pub`, 'utf8')}`);
    const signedCommit = (text: string, keyFile: string | null): string => {
      writeFileSync(path.join(repo, 'site.yaml'), text);
      git('add', '.');
      const sign = keyFile === null ? [] : ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${keyFile}.pub`];
      git(...sign, '-c', 'user.name=t', '-c', 'user.email=ops@example.org', 'commit', '-q', ...(keyFile === null ? [] : ['-S']), '-m', 'x');
      return git('rev-parse', 'HEAD');
    };
    const server = new FakeServer();
    const r = await make(server, undefined, false, { allowedSigners: signers });
    const unsigned = signedCommit(yaml('192.0.2.1'), null);
    await r.reconcile();
    expect(r.status.history.at(-1)).toMatchObject({ revision: unsigned, outcome: 'unsigned' });
    const foreign = signedCommit(yaml('192.0.2.2'), intruder);
    await r.reconcile();
    expect(r.status.history.at(-1)).toMatchObject({ revision: foreign, outcome: 'unsigned' });
    const good = signedCommit(yaml('192.0.2.3'), ops);
    await r.reconcile();
    expect(r.status.history.at(-1)).toMatchObject({ revision: good, outcome: 'applied' });
    expect(server.applied).toEqual(['192.0.2.3']);
  });

  it('posts every outcome to the notification URL (best effort, JSON)', async () => {
    const received: GitopsEvent[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as GitopsEvent);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const source = await GitSource.open(repo, 'main', path.join(dir, 'state', 'repo.git'));
      const r = new Reconciler({
        source, state: new StateDir(path.join(dir, 'state')), path: 'site.yaml', intervalMs: 60_000, server: new FakeServer(), log: quiet,
        notify: urlNotifier(`http://127.0.0.1:${port}/events`, quiet),
      });
      const good = commit(yaml('192.0.2.1'));
      await r.reconcile();
      const bad = commit(yaml('192.0.2.1', '  valid-lifetime: -5\n'));
      await r.reconcile();
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 5000;
        const poll = (): void => (received.length >= 2 ? resolve() : Date.now() > deadline ? reject(new Error('no notifications')) : void setTimeout(poll, 10));
        poll();
      });
      expect(received.map((e) => [e.entry.revision, e.entry.outcome, e.serving])).toEqual([[good, 'applied', good], [bad, 'invalid', good]]);
    } finally {
      server.close();
    }
  });

  it('with a GnuPG home, only commits signed by one of its keys are applied', async () => {
    const gnupg = path.join(dir, 'gnupg');
    mkdirSync(gnupg, { mode: 0o700 });
    const env = { ...process.env, GNUPGHOME: gnupg };
    execFileSync('gpg', ['--batch', '--quiet', '--passphrase', '', '--quick-gen-key', 'Ops <ops@example.org>', 'ed25519', 'sign', 'never'], { env, stdio: 'ignore' });
    const commitAs = (text: string, signed: boolean): string => {
      writeFileSync(path.join(repo, 'site.yaml'), text);
      git('add', '.');
      execFileSync('git', ['-C', repo, '-c', 'user.name=Ops', '-c', 'user.email=ops@example.org', '-c', 'user.signingkey=ops@example.org',
        'commit', '-q', ...(signed ? ['-S'] : []), '-m', 'x'], { env });
      return git('rev-parse', 'HEAD');
    };
    const server = new FakeServer();
    const r = await make(server, undefined, false, { gnupgHome: gnupg });
    const unsigned = commitAs(yaml('192.0.2.1'), false);
    await r.reconcile();
    expect(r.status.history.at(-1)).toMatchObject({ revision: unsigned, outcome: 'unsigned' });
    const signed = commitAs(yaml('192.0.2.2'), true);
    await r.reconcile();
    expect(r.status.history.at(-1)).toMatchObject({ revision: signed, outcome: 'applied' });
    expect(server.applied).toEqual(['192.0.2.2']);
  });

  it('a check URL must answer 2xx, or the revision is rolled back', async () => {
    let status = 200;
    const http200 = http.createServer((_req, res) => res.writeHead(status).end());
    await new Promise<void>((resolve) => http200.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http200.address() as { port: number }).port}/health`;
    try {
      const server = new FakeServer();
      const r = await make(server, { url, timeoutMs: 2000 });
      const good = commit(yaml('192.0.2.1'));
      await r.reconcile();
      expect(r.status.lastHealthy).toBe(good);
      status = 503;
      const bad = commit(yaml('192.0.2.2'));
      await r.reconcile();
      expect(r.status).toMatchObject({ lastApplied: good, quarantine: [bad] });
      expect(r.status.history.at(-1)?.reasons).toEqual([`check ${url} answered 503`]);
    } finally {
      http200.close();
    }
  });

  it('rolls back by hand to an earlier healthy revision and pins it until a newer commit', async () => {
    const server = new FakeServer();
    const r = await make(server);
    const first = commit(yaml('192.0.2.1'));
    await r.reconcile();
    const second = commit(yaml('192.0.2.2'));
    await r.reconcile();
    const invalid = commit(yaml('192.0.2.2', '  valid-lifetime: -5\n'));
    await r.reconcile();
    expect(await r.rollback(invalid.slice(0, 8))).toMatchObject({ ok: false, text: expect.stringMatching(/is not a healthy revision/) });
    const done = await r.rollback();
    expect(done).toMatchObject({ ok: true, text: expect.stringContaining(`${first.slice(0, 12)} is serving (was ${second.slice(0, 12)})`) });
    expect(server.applied.at(-1)).toBe('192.0.2.1');
    expect(r.status).toMatchObject({ lastApplied: first, lastHealthy: first, pinned: { revision: first, head: invalid } });
    expect(r.status.history.at(-1)).toMatchObject({ revision: first, outcome: 'rollback' });
    // Pinned: fetching the same head changes nothing, also after a restart.
    await r.reconcile();
    const again = new FakeServer();
    const r2 = await make(again);
    await r2.start();
    r2.stop();
    expect(again.applied).toEqual(['192.0.2.1']);
    // --to any healthy revision of the history, by prefix.
    expect(await r2.rollback(second.slice(0, 7))).toMatchObject({ ok: true });
    expect(again.applied.at(-1)).toBe('192.0.2.2');
    // A newer commit ends the pin.
    const newer = commit(yaml('192.0.2.3'));
    await r2.reconcile();
    expect(r2.status).toMatchObject({ lastApplied: newer, pinned: null });
  });

  it('a manual rollback whose health checks fail leaves the serving revision in place', async () => {
    const server = new FakeServer();
    const r = await make(server);
    commit(yaml('192.0.2.1'));
    await r.reconcile();
    const second = commit(yaml('192.0.2.2'));
    await r.reconcile();
    server.unhealthy.add('192.0.2.1');
    const res = await r.rollback();
    expect(res).toMatchObject({ ok: false, text: expect.stringMatching(/failed its health checks, .* serves again: probe for 192.0.2.1 got no offer/) });
    expect(server.applied).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.1', '192.0.2.2']);
    expect(r.status).toMatchObject({ lastApplied: second, lastHealthy: second });
    expect(r.status.pinned ?? null).toBeNull();
  });

  it('unpin follows the branch again: its newest commit is applied', async () => {
    const server = new FakeServer();
    const r = await make(server);
    commit(yaml('192.0.2.1'));
    await r.reconcile();
    const head = commit(yaml('192.0.2.2'));
    await r.reconcile();
    await r.rollback();
    expect(server.applied.at(-1)).toBe('192.0.2.1');
    expect(await r.unpin()).toMatchObject({ ok: true });
    expect(server.applied.at(-1)).toBe('192.0.2.2');
    expect(r.status).toMatchObject({ lastApplied: head, pinned: null });
    expect(await r.unpin()).toEqual({ ok: true, text: 'nothing is pinned' });
  });

  it('suspend stops fetching and applying, also across a restart; resume applies what came meanwhile', async () => {
    const server = new FakeServer();
    const r = await make(server);
    const first = commit(yaml('192.0.2.1'));
    await r.reconcile();
    await r.suspend();
    commit(yaml('192.0.2.2'));
    await r.reconcile();
    expect(r.status.lastApplied).toBe(first);
    expect(r.status.conditions.find((c) => c.type === 'Reconciling')).toMatchObject({ status: false, reason: 'Suspended' });
    const again = new FakeServer();
    const r2 = await make(again);
    await r2.start();
    r2.stop();
    expect(again.applied).toEqual(['192.0.2.1']);
    expect(r2.status.suspended).toBeTruthy();
    await r2.resume();
    expect(again.applied).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(r2.status.suspended).toBeNull();
  });

  it('the watch window rolls back a revision after which the server drops far more than before', async () => {
    const server = new FakeServer();
    server.traffic.set('192.0.2.9', [100, 90, 40, 0]);
    const r = await make(server, undefined, false, undefined, { watch: { windowMs: 600, maxIncrease: 0.05, minEvents: 20 } });
    commit(yaml('192.0.2.1'));
    await r.reconcile();
    // The first revision has no traffic before it to compare with: no window.
    expect(r.status.history.at(-1)?.timingsMs['watch']).toBeUndefined();
    const good = commit(yaml('192.0.2.2'));
    await r.reconcile();
    expect(r.status.history.at(-1)).toMatchObject({ revision: good, outcome: 'applied' });
    expect(r.status.history.at(-1)?.timingsMs['watch']).toBeGreaterThanOrEqual(500);
    const bad = commit(yaml('192.0.2.9'));
    await r.reconcile();
    expect(r.status).toMatchObject({ lastApplied: good, quarantine: [bad] });
    expect(r.status.history.at(-1)?.reasons[0]).toMatch(/^watch: 90\.0 % of \d+ packets received in [\d.]+ s after the apply were dropped, against 0\.0 % before it \(allowed: 5\.0 % more\)$/);
  });

  it('the watch window judges NAKs, except when the plan strands leases (those clients are meant to be NAKed)', async () => {
    const server = new FakeServer();
    server.traffic.set('192.0.2.7', [100, 0, 40, 30]);
    server.traffic.set('192.0.2.8', [100, 0, 40, 30]);
    server.strands.add('192.0.2.8');
    const r = await make(server, undefined, false, undefined, { watch: { windowMs: 400, maxIncrease: 0.05, minEvents: 20 } });
    commit(yaml('192.0.2.1'));
    await r.reconcile();
    commit(yaml('192.0.2.7'));
    await r.reconcile();
    expect(r.status.history.at(-1)?.outcome).toBe('rolled-back');
    expect(r.status.history.at(-1)?.reasons[0]).toMatch(/^watch: 75\.0 % of \d+ REQUESTs .* were NAKed/);
    const renumbered = commit(yaml('192.0.2.8'));
    await r.reconcile();
    expect(r.status.history.at(-1)).toMatchObject({ revision: renumbered, outcome: 'applied' });
  });

  it('hook libraries kept in the repository are loaded from the revision\'s own files', async () => {
    const server = new FakeServer();
    const r = await make(server);
    mkdirSync(path.join(repo, 'hooks'));
    writeFileSync(path.join(repo, 'hooks', 'mark.mjs'), 'export function load() {}\n');
    const rev = commit(yaml('192.0.2.1', '  hooks-libraries: [ { library: hooks/mark.mjs } ]\n'));
    await r.reconcile();
    const base = server.baseDirs.at(-1) as string;
    expect(base).toBe(path.join(dir, 'state', 'trees', rev, '.'));
    expect(readFileSync(path.join(base, 'hooks', 'mark.mjs'), 'utf8')).toContain('export function load');
    commit(yaml('192.0.2.2'));
    await r.reconcile();
    expect(server.baseDirs.at(-1)).toBeUndefined();
  });

  it('a commit that leaves the configuration as it is applies nothing, and the history says so with its digest', async () => {
    const server = new FakeServer();
    const r = await make(server);
    const first = commit(yaml('192.0.2.1'));
    await r.reconcile();
    writeFileSync(path.join(repo, 'README.md'), 'our DHCP\n');
    const docs = commit(yaml('192.0.2.1'));
    await r.reconcile();
    expect(server.applied).toEqual(['192.0.2.1']);
    const [a, b] = r.status.history;
    expect(b).toMatchObject({ revision: docs, outcome: 'applied', plan: ['the configuration is unchanged: nothing applied'] });
    expect(a?.revision).toBe(first);
    expect(b?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b?.digest).toBe(a?.digest);
    expect(r.status).toMatchObject({ lastApplied: docs, lastHealthy: docs });
  });

  it('after a restart, a revision whose attempt never finished is tried again', async () => {
    const server = new FakeServer();
    const r = await make(server);
    const first = commit(yaml('192.0.2.1'));
    await r.reconcile();
    const second = commit(yaml('192.0.2.2'));
    // The process stopped while applying `second`: attempted, not finished, not healthy.
    const state = new StateDir(path.join(dir, 'state'));
    state.writeStatus({ ...r.status, lastAttempted: second, lastApplied: second });
    const again = new FakeServer();
    const r2 = await make(again);
    await r2.start();
    r2.stop();
    expect(again.applied).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(r2.status).toMatchObject({ lastApplied: second, lastHealthy: second });
    expect(first).not.toBe(second);
  });
});
