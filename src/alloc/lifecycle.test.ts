import { describe, expect, it } from 'vitest';
import { LeaseState } from './deps.js';
import { timerReclaimLimits4 } from './engine.js';
import { Harness, ip, ipText, mac } from './test-helpers.js';

const SUBNET = { id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.14' }] };
const cid = (b: number): Uint8Array => Uint8Array.of(1, 0, 0, 0, 0, 0, b);

describe('RELEASE (§8)', () => {
  it('with lease affinity (defaults): kept in state released, lifetime 0, assigned −1', () => {
    const h = new Harness({ 'valid-lifetime': 4000, subnet4: [SUBNET] });
    const lease = h.dora({ mac: 1, hostname: 'a.example.', fqdnFwd: true }).lease!;
    const check = h.engine.checkRelease(lease.address, h.identity({ mac: 1 }));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const out = h.engine.release(check.lease);
    expect(out.isDeleted).toBe(false);
    expect(h.lease('10.0.0.10')).toMatchObject({ state: LeaseState.Released, validLifetime: 0, cltt: lease.cltt, hostname: 'a.example.' });
    expect(h.stat('assigned-addresses')).toBe(0);
    expect(h.stat('subnet[1].assigned-addresses')).toBe(0);
    expect(h.stat('subnet[1].pool[0].assigned-addresses')).toBe(0);
    // A second RELEASE does nothing (3.x: only assigned leases).
    expect(h.engine.checkRelease(lease.address, h.identity({ mac: 1 }))).toEqual({ ok: false, reason: 'not-assigned' });
    // Reclamation of a released lease does not count assigned again.
    h.engine.reclaim({ maxLeases: 0, maxTimeMs: 0, remove: false });
    expect(h.table()).toEqual(['10.0.0.10:reclaimed']);
    expect(h.stat('reclaimed-leases')).toBe(1);
    expect(h.stat('assigned-addresses')).toBe(0);
  });

  it('without affinity (flush timer 0 or hold 0): deleted', () => {
    for (const e of [{ 'flush-reclaimed-timer-wait-time': 0 }, { 'hold-reclaimed-time': 0 }]) {
      const h = new Harness({ 'expired-leases-processing': e, subnet4: [SUBNET] });
      const lease = h.dora({ mac: 1 }).lease!;
      const out = h.engine.release(lease);
      expect(out.isDeleted).toBe(true);
      expect(h.table()).toEqual([]);
      expect(h.stat('assigned-addresses')).toBe(0);
    }
  });

  it('ownership: another client, or another client id, is ignored; the client id counts even with match-client-id off', () => {
    const h = new Harness({ 'match-client-id': false, subnet4: [SUBNET] });
    h.dora({ mac: 1, clientId: cid(1) });
    expect(h.engine.checkRelease(ip('10.0.0.10'), h.identity({ mac: 2 }))).toEqual({ ok: false, reason: 'not-owner' });
    // The stored lease has no client id: the hwaddr decides.
    expect(h.engine.checkRelease(ip('10.0.0.10'), h.identity({ mac: 1, clientId: cid(9) })).ok).toBe(true);
    expect(h.engine.checkRelease(ip('10.0.0.99'), h.identity({ mac: 1 }))).toEqual({ ok: false, reason: 'no-lease' });
    const m = new Harness({ subnet4: [SUBNET] });
    m.dora({ mac: 1, clientId: cid(1) });
    expect(m.engine.checkRelease(ip('10.0.0.10'), m.identity({ mac: 1, clientId: cid(2) }))).toEqual({ ok: false, reason: 'not-owner' });
  });
});

describe('DECLINE (§9)', () => {
  it('declines: identity cleared, probation lifetime, declined +1, assigned unchanged', () => {
    const h = new Harness({ 'decline-probation-period': 600, subnet4: [SUBNET] });
    h.dora({ mac: 1, clientId: cid(1), hostname: 'x', fqdnFwd: true });
    const check = h.engine.checkDecline(ip('10.0.0.10'), h.identity({ mac: 1, clientId: cid(1) }));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const out = h.engine.decline(check.lease);
    expect(out.before.hostname).toBe('x');
    expect(h.lease('10.0.0.10')).toMatchObject({
      state: LeaseState.Declined, validLifetime: 600, cltt: h.clock.sec, clientId: null, hostname: '', fqdnFwd: false, userContext: null,
    });
    expect(h.lease('10.0.0.10')?.hwaddr.length).toBe(0);
    for (const n of ['declined-addresses', 'subnet[1].declined-addresses', 'subnet[1].pool[0].declined-addresses']) expect(h.stat(n)).toBe(1);
    expect(h.stat('assigned-addresses')).toBe(1);
    // Not offered during probation.
    expect(ipText(h.discover({ mac: 2 }).lease?.address)).toBe('10.0.0.11');
    // A second DECLINE: not default any more.
    expect(h.engine.checkDecline(ip('10.0.0.10'), h.identity({ mac: 1, clientId: cid(1) }))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects expired leases and other clients (3.x)', () => {
    const h = new Harness({ 'valid-lifetime': 100, subnet4: [SUBNET] });
    h.dora({ mac: 1 });
    expect(h.engine.checkDecline(ip('10.0.0.10'), h.identity({ mac: 2 })).ok).toBe(false);
    h.clock.advance(101);
    expect(h.engine.checkDecline(ip('10.0.0.10'), h.identity({ mac: 1 })).ok).toBe(false);
    expect(h.engine.checkDecline(ip('10.0.0.50'), h.identity({ mac: 1 }))).toEqual({ ok: false, reason: 'no-lease' });
  });

  it('recovery after probation by reclamation: deleted, declined −1, reclaimed-declined +1, assigned −1', () => {
    const h = new Harness({ 'decline-probation-period': 600, subnet4: [SUBNET] });
    const lease = h.dora({ mac: 1 }).lease!;
    h.engine.decline(lease);
    h.clock.advance(601);
    const out = h.engine.reclaim(timerReclaimLimits4(h.cfg));
    expect(out.reclaimed.map((l) => l.state)).toEqual([LeaseState.Declined]);
    expect(h.table()).toEqual([]);
    for (const n of ['declined-addresses', 'subnet[1].declined-addresses', 'subnet[1].pool[0].declined-addresses', 'assigned-addresses']) {
      expect(h.stat(n)).toBe(0);
    }
    for (const n of ['reclaimed-declined-addresses', 'subnet[1].reclaimed-declined-addresses', 'subnet[1].pool[0].reclaimed-declined-addresses', 'reclaimed-leases']) {
      expect(h.stat(n)).toBe(1);
    }
  });

  it('recovery by the allocator reusing the address after probation', () => {
    const h = new Harness({ 'decline-probation-period': 600, subnet4: [{ ...SUBNET, pools: [{ pool: '10.0.0.10 - 10.0.0.10' }] }] });
    h.engine.decline(h.dora({ mac: 1 }).lease!);
    expect(h.dora({ mac: 2 }).lease).toBeNull();
    h.clock.advance(601);
    expect(ipText(h.dora({ mac: 2 }).lease?.address)).toBe('10.0.0.10');
    expect(h.stat('declined-addresses')).toBe(0);
    expect(h.stat('reclaimed-declined-addresses')).toBe(1);
    expect(h.stat('assigned-addresses')).toBe(1);
  });

  it('server decline of an offer that was not stored counts it as assigned too', () => {
    const h = new Harness({ subnet4: [SUBNET] });
    const offer = h.discover({ mac: 1 }).lease!;
    h.engine.serverDecline(offer, false);
    expect(h.table()).toEqual(['10.0.0.10:declined']);
    expect(h.stat('declined-addresses')).toBe(1);
    expect(h.stat('assigned-addresses')).toBe(1);
  });
});

describe('INIT-REBOOT pre-check (§7.2)', () => {
  const run = (h: Harness, c: { mac: number; clientId?: Uint8Array }, requested: string, subnet: number | null = 1) =>
    h.engine.initReboot({ subnet: subnet === null ? undefined : h.subnet(subnet), classes: new Set(['ALL']), identity: h.identity(c), requested: ip(requested) });

  it('known client: same address → continue, other → NAK; unknown → silence unless authoritative', () => {
    const h = new Harness({ subnet4: [SUBNET] });
    h.dora({ mac: 1 });
    expect(run(h, { mac: 1 }, '10.0.0.10')).toBe('continue');
    expect(run(h, { mac: 1 }, '10.0.0.11')).toBe('nak');
    expect(run(h, { mac: 2 }, '10.0.0.10')).toBe('drop');
    expect(run(h, { mac: 2 }, '10.0.0.10', null)).toBe('drop');
    const a = new Harness({ authoritative: true, subnet4: [SUBNET] });
    a.dora({ mac: 1 });
    expect(run(a, { mac: 2 }, '10.0.0.10')).toBe('nak');
    expect(run(a, { mac: 1 }, '10.0.0.10')).toBe('continue');
    expect(run(a, { mac: 1 }, '10.0.0.10', null)).toBe('nak');
  });

  it('the lease is looked up by client id first, whatever match-client-id says', () => {
    const h = new Harness({ 'match-client-id': false, subnet4: [SUBNET] });
    h.dora({ mac: 1, clientId: cid(1) });
    // Stored without client id: found by hwaddr; belongs (no client id on the lease).
    expect(run(h, { mac: 1, clientId: cid(1) }, '10.0.0.10')).toBe('continue');
    const m = new Harness({ subnet4: [SUBNET] });
    m.dora({ mac: 1, clientId: cid(1) });
    // Found by client id from another MAC: the client ids match → known.
    expect(run(m, { mac: 7, clientId: cid(1) }, '10.0.0.10')).toBe('continue');
    // Found by hwaddr but with another client id: not known → silence.
    expect(run(m, { mac: 1, clientId: cid(2) }, '10.0.0.10')).toBe('drop');
  });
});

describe('reclamation (§13)', () => {
  const SHORT = { 'valid-lifetime': 100, subnet4: [SUBNET] };

  it('keeps expired leases as expired-reclaimed with user context cleared; counts g/s/p', () => {
    const h = new Harness({ ...SHORT, 'store-extended-info': true });
    h.dora({ mac: 1, hostname: 'a.example.', fqdnFwd: true, fqdnRev: true, rai: Uint8Array.of(1, 1, 7) });
    h.clock.advance(101);
    const out = h.engine.reclaim(timerReclaimLimits4(h.cfg));
    expect(out.isComplete).toBe(true);
    expect(out.reclaimed.map((l) => l.hostname)).toEqual(['a.example.']);
    expect(h.lease('10.0.0.10')).toMatchObject({
      state: LeaseState.ExpiredReclaimed, hostname: '', fqdnFwd: false, fqdnRev: false, userContext: null,
    });
    expect(h.lease('10.0.0.10')?.hwaddr).toEqual(mac(1));
    for (const n of ['reclaimed-leases', 'subnet[1].reclaimed-leases', 'subnet[1].pool[0].reclaimed-leases']) expect(h.stat(n)).toBe(1);
    for (const n of ['assigned-addresses', 'subnet[1].assigned-addresses', 'subnet[1].pool[0].assigned-addresses']) expect(h.stat(n)).toBe(0);
  });

  it('affinity: a returning client gets its old address back, even when the cursor moved on', () => {
    const h = new Harness(SHORT);
    h.dora({ mac: 1 });
    h.clock.advance(101);
    h.engine.reclaim(timerReclaimLimits4(h.cfg));
    h.discover({ mac: 2 });
    const back = h.dora({ mac: 1 });
    expect(ipText(back.lease?.address)).toBe('10.0.0.10');
    expect(h.stat('assigned-addresses')).toBe(1);
    expect(h.stat('cumulative-assigned-addresses')).toBe(2);
  });

  it('deletes when the flush timer is 0 (or remove: true)', () => {
    const h = new Harness({ ...SHORT, 'expired-leases-processing': { 'flush-reclaimed-timer-wait-time': 0 } });
    h.dora({ mac: 1 });
    h.clock.advance(101);
    expect(timerReclaimLimits4(h.cfg).remove).toBe(true);
    h.engine.reclaim(timerReclaimLimits4(h.cfg));
    expect(h.table()).toEqual([]);
    expect(h.stat('reclaimed-leases')).toBe(1);
  });

  it('limits: max leases per run (oldest first), incomplete runs, the slow warning', () => {
    const h = new Harness({ ...SHORT, 'expired-leases-processing': { 'max-reclaim-leases': 2, 'unwarned-reclaim-cycles': 1 } });
    for (let m = 1; m <= 5; m++) {
      h.dora({ mac: m });
      h.clock.advance(1);
    }
    h.clock.advance(200);
    const limits = timerReclaimLimits4(h.cfg);
    const r1 = h.engine.reclaim(limits);
    expect(r1.reclaimed.map((l) => ipText(l.address))).toEqual(['10.0.0.10', '10.0.0.11']);
    expect([r1.isComplete, r1.isSlow]).toEqual([false, false]);
    const r2 = h.engine.reclaim(limits);
    expect([r2.isComplete, r2.isSlow]).toEqual([false, true]);
    const r3 = h.engine.reclaim(limits);
    expect(r3.reclaimed.length).toBe(1);
    expect(r3.isComplete).toBe(true);
    expect(h.stat('reclaimed-leases')).toBe(5);
    expect(h.stat('assigned-addresses')).toBe(0);
  });

  it('limits: the time budget stops a run after at least one lease', () => {
    const h = new Harness(SHORT);
    for (let m = 1; m <= 3; m++) h.dora({ mac: m });
    h.clock.advance(200);
    h.clock.stepMs = 300;
    const r = h.engine.reclaim({ maxLeases: 0, maxTimeMs: 250, remove: false });
    h.clock.stepMs = 0;
    expect(r.reclaimed.length).toBe(1);
    expect(r.isComplete).toBe(false);
  });

  it('leases-reclaim: one unlimited run; infinite leases never expire', () => {
    const h = new Harness(SHORT);
    for (let m = 1; m <= 3; m++) h.dora({ mac: m });
    h.put({ address: ip('10.0.0.14'), hwaddr: mac(9), validLifetime: 0xffffffff, cltt: h.clock.sec - 1_000_000 });
    h.clock.advance(200);
    const r = h.engine.reclaim({ maxLeases: 0, maxTimeMs: 0, remove: true });
    expect(r.reclaimed.length).toBe(3);
    expect(r.isComplete).toBe(true);
    expect(h.table()).toEqual(['10.0.0.14:default']);
  });

  it('flush: expired-reclaimed leases older than the hold time are deleted, without statistics', () => {
    const h = new Harness(SHORT);
    h.dora({ mac: 1 });
    h.clock.advance(50);
    h.dora({ mac: 2 });
    h.clock.advance(101);
    h.engine.reclaim(timerReclaimLimits4(h.cfg));
    expect(h.table()).toEqual(['10.0.0.10:reclaimed', '10.0.0.11:reclaimed']);
    // Lease 1 expired 51 s ago, lease 2 1 s ago.
    expect(h.engine.flushReclaimed(52)).toBe(0);
    expect(h.engine.flushReclaimed(50)).toBe(1);
    expect(h.table()).toEqual(['10.0.0.11:reclaimed']);
    expect(h.engine.flushReclaimed(0)).toBe(1);
    expect(h.stat('reclaimed-leases')).toBe(2);
  });
});

describe('lease statistics at (re)configuration (§14.2)', () => {
  it('totals, zeroed counters and a recount from the store (declined counts as assigned; reclaimed/released not)', () => {
    const h = new Harness({
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.19', 'pool-id': 5 }, { pool: '10.0.0.30 - 10.0.0.34', 'pool-id': 5 }, { pool: '10.0.0.40 - 10.0.0.40' }] }],
    });
    expect(h.stat('subnet[1].total-addresses')).toBe(16);
    expect(h.stat('subnet[1].pool[5].total-addresses')).toBe(15);
    expect(h.stat('subnet[1].pool[0].total-addresses')).toBe(1);
    expect(h.stats.has('subnet[1].v4-lease-reuses')).toBe(true);
    expect(h.stats.has('subnet[1].v4-reservation-conflicts')).toBe(true);
    expect(h.stats.has('subnet[1].v4-allocation-fail')).toBe(false);
    h.put({ address: ip('10.0.0.10'), poolId: 5 });
    h.put({ address: ip('10.0.0.11'), poolId: 5, hwaddr: mac(2), state: LeaseState.Declined, cltt: h.clock.sec - 999_999 });
    h.put({ address: ip('10.0.0.12'), poolId: 5, hwaddr: mac(3), state: LeaseState.ExpiredReclaimed });
    h.put({ address: ip('10.0.0.13'), poolId: 5, hwaddr: mac(4), state: LeaseState.Released });
    // Expired but not reclaimed: still counted.
    h.put({ address: ip('10.0.0.40'), hwaddr: mac(5), cltt: h.clock.sec - 999_999 });
    h.stats.set('cumulative-assigned-addresses', 7);
    h.stats.set('subnet[1].cumulative-assigned-addresses', 7);
    h.stats.set('subnet[1].v4-lease-reuses', 3);
    h.reconfigure({
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.19', 'pool-id': 5 }, { pool: '10.0.0.30 - 10.0.0.34', 'pool-id': 5 }, { pool: '10.0.0.40 - 10.0.0.40' }] }],
    });
    expect(h.stat('assigned-addresses')).toBe(3);
    expect(h.stat('declined-addresses')).toBe(1);
    expect(h.stat('subnet[1].assigned-addresses')).toBe(3);
    expect(h.stat('subnet[1].declined-addresses')).toBe(1);
    expect(h.stat('subnet[1].pool[5].assigned-addresses')).toBe(2);
    expect(h.stat('subnet[1].pool[5].declined-addresses')).toBe(1);
    expect(h.stat('subnet[1].pool[0].assigned-addresses')).toBe(1);
    // Per-subnet cumulative counters restart (quirk 10), global ones and v4-lease-reuses survive.
    expect(h.stat('cumulative-assigned-addresses')).toBe(7);
    expect(h.stat('subnet[1].cumulative-assigned-addresses')).toBe(0);
    expect(h.stat('subnet[1].v4-lease-reuses')).toBe(3);
  });

  it('statistics of removed subnets are deleted', () => {
    const h = new Harness({ subnet4: [SUBNET, { id: 2, subnet: '10.0.2.0/24', pools: [{ pool: '10.0.2.10 - 10.0.2.20' }] }] });
    expect(h.stats.has('subnet[2].total-addresses')).toBe(true);
    h.reconfigure({ subnet4: [SUBNET] });
    expect(h.stats.has('subnet[2].total-addresses')).toBe(false);
    expect(h.stats.has('subnet[2].pool[0].total-addresses')).toBe(false);
  });
});
