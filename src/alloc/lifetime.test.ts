import { describe, expect, it } from 'vitest';
import type { NetworkParams4 } from './deps.js';
import { INFINITE_LIFETIME, cRound, teeTimes, validLifetime4 } from './lifetime.js';
import { Harness, config4, ipText } from './test-helpers.js';

const POOL = { id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.20' }] };

function params(p: Partial<NetworkParams4>): NetworkParams4 {
  const cfg = config4({ 'valid-lifetime': 4000 });
  return { ...cfg.global, renewTimer: undefined, rebindTimer: undefined, ...p };
}

describe('T1/T2 (§6.3 setTeeTimes)', () => {
  it.each([
    ['explicit timers', { renewTimer: 1000, rebindTimer: 2000 }, 4000, { t1: 1000, t2: 2000 }],
    ['explicit, larger than a reused lifetime: omitted', { renewTimer: 1000, rebindTimer: 2000 }, 300, {}],
    ['explicit renew only', { renewTimer: 1000 }, 4000, { t1: 1000 }],
    ['explicit rebind only', { rebindTimer: 3000 }, 4000, { t2: 3000 }],
    ['renew ≥ rebind: T1 not sent', { renewTimer: 3000, rebindTimer: 2000 }, 4000, { t2: 2000 }],
    ['T2 = valid is not sent; T1 ceiling is then valid', { renewTimer: 3999, rebindTimer: 4000 }, 4000, { t1: 3999 }],
    ['nothing configured, not calculated', {}, 4000, {}],
    ['calculated .5/.875', { calculateTeeTimes: true }, 4000, { t1: 2000, t2: 3500 }],
    ['calculated, rounding half away from zero (t1 2.5 → 3, t2 4.375 → 4)', { calculateTeeTimes: true }, 5, { t1: 3, t2: 4 }],
    ['calculated, t2 rounds up to valid: omitted', { calculateTeeTimes: true }, 3, { t1: 2 }],
    ['calculated on offer-lifetime 60', { calculateTeeTimes: true }, 60, { t1: 30, t2: 53 }],
    ['custom percents', { calculateTeeTimes: true, t1Percent: 0.25, t2Percent: 0.5 }, 1001, { t1: 250, t2: 501 }],
    ['explicit wins over calculate', { calculateTeeTimes: true, renewTimer: 10 }, 4000, { t1: 10, t2: 3500 }],
    ['infinite lifetime', { calculateTeeTimes: true }, INFINITE_LIFETIME, { t1: 2147483648, t2: 3758096383 }],
  ])('%s', (_name, p, valid, expected) => {
    expect(teeTimes(params(p), valid)).toEqual(expected);
  });

  it('C round()', () => {
    expect([cRound(2.5), cRound(-2.5), cRound(2.4999), cRound(0.5)]).toEqual([3, -3, 2, 1]);
  });
});

describe('valid lifetime (§6.1)', () => {
  const cfg = config4({
    'valid-lifetime': 4000,
    'client-classes': [
      { name: 'short', 'valid-lifetime': 600, 'min-valid-lifetime': 300, 'max-valid-lifetime': 900 },
      { name: 'long', 'valid-lifetime': 10000 },
    ],
    subnet4: [POOL, { id: 2, subnet: '10.0.2.0/24', 'valid-lifetime': 4000, 'min-valid-lifetime': 1000, 'max-valid-lifetime': 8000 }],
  });
  const s1 = cfg.subnetById.get(1)!;
  const s2 = cfg.subnetById.get(2)!;

  it('the first class in class order that sets a lifetime wins; requests are clamped to it', () => {
    const classes = new Set(['ALL', 'short', 'long']);
    expect(validLifetime4(cfg, s1, classes, 0)).toBe(600);
    expect(validLifetime4(cfg, s1, classes, 100)).toBe(300);
    expect(validLifetime4(cfg, s1, classes, 5000)).toBe(900);
    expect(validLifetime4(cfg, s1, classes, 700)).toBe(700);
    expect(validLifetime4(cfg, s1, new Set(['long', 'short']), 0)).toBe(10000);
  });

  it('the subnet triplet: a lone valid-lifetime ignores the request; min/max clamp it', () => {
    expect(validLifetime4(cfg, s1, new Set(['ALL']), 100)).toBe(4000);
    expect(validLifetime4(cfg, s2, new Set(['ALL']), 2000)).toBe(2000);
    expect(validLifetime4(cfg, s2, new Set(['ALL']), 1)).toBe(1000);
    expect(validLifetime4(cfg, s2, new Set(['ALL']), 99999)).toBe(8000);
  });

  it('BOOTP is infinite', () => {
    expect(validLifetime4(cfg, s1, new Set(['ALL', 'BOOTP']), 100)).toBe(INFINITE_LIFETIME);
  });

  it('the requested lifetime reaches the lease and option 51', () => {
    const h = new Harness({ 'valid-lifetime': 4000, 'min-valid-lifetime': 100, 'max-valid-lifetime': 5000, 'calculate-tee-times': true, subnet4: [POOL] });
    const r = h.dora({ mac: 1, requestedLifetime: 1000 });
    expect(r.validLifetime).toBe(1000);
    expect([r.t1, r.t2]).toEqual([500, 875]);
    expect(h.lease('10.0.0.10')?.validLifetime).toBe(1000);
  });
});

describe('lease caching (§5.7)', () => {
  it('3.x default threshold .25: a renewal within a quarter of the lifetime reuses the lease', () => {
    const h = new Harness({ 'valid-lifetime': 4000, 'calculate-tee-times': true, subnet4: [POOL] });
    h.dora({ mac: 1 });
    const t0 = h.clock.sec;
    h.clock.advance(500);
    const r = h.req({ mac: 1, hint: '10.0.0.10' });
    expect(r.isReused).toBe(true);
    expect(r.isWritten).toBe(false);
    expect(r.validLifetime).toBe(3500);
    expect([r.t1, r.t2]).toEqual([1750, 3063]);
    expect(h.lease('10.0.0.10')?.cltt).toBe(t0);
    expect(h.stat('v4-lease-reuses')).toBe(1);
    expect(h.stat('subnet[1].v4-lease-reuses')).toBe(1);
    // DISCOVER too (quirk 2).
    expect(h.discover({ mac: 1 }).validLifetime).toBe(3500);
    expect(h.stat('v4-lease-reuses')).toBe(2);
    // Older than the threshold: renewed and written.
    h.clock.advance(501);
    const late = h.req({ mac: 1, hint: '10.0.0.10' });
    expect(late.isReused).toBe(false);
    expect(late.validLifetime).toBe(4000);
    expect(h.lease('10.0.0.10')?.cltt).toBe(h.clock.sec);
  });

  it('any change prevents reuse: lifetime, hostname, FQDN flags', () => {
    const h = new Harness({ 'valid-lifetime': 4000, 'max-valid-lifetime': 8000, subnet4: [POOL] });
    h.dora({ mac: 1 });
    h.clock.advance(10);
    expect(h.req({ mac: 1, hint: '10.0.0.10', requestedLifetime: 5000 }).isReused).toBe(false);
    h.clock.advance(10);
    expect(h.req({ mac: 1, hint: '10.0.0.10', requestedLifetime: 5000 }).isReused).toBe(true);
    h.clock.advance(10);
    expect(h.req({ mac: 1, hint: '10.0.0.10', requestedLifetime: 5000, hostname: 'x' }).isReused).toBe(false);
    expect(h.lease('10.0.0.10')?.hostname).toBe('x');
  });

  it('cache-max-age bounds the age; cache-threshold 0 turns caching off', () => {
    const maxAge = new Harness({ 'valid-lifetime': 4000, 'cache-max-age': 600, subnet4: [POOL] });
    maxAge.dora({ mac: 1 });
    maxAge.clock.advance(700);
    expect(maxAge.req({ mac: 1, hint: '10.0.0.10' }).isReused).toBe(false);
    const onlyMaxAge = new Harness({ 'valid-lifetime': 4000, 'cache-max-age': 600, 'cache-threshold': 0.99, subnet4: [POOL] });
    onlyMaxAge.dora({ mac: 1 });
    onlyMaxAge.clock.advance(500);
    expect(onlyMaxAge.req({ mac: 1, hint: '10.0.0.10' }).validLifetime).toBe(3500);
    const off = new Harness({ 'valid-lifetime': 4000, 'cache-threshold': 0, subnet4: [POOL] });
    off.dora({ mac: 1 });
    off.clock.advance(1);
    expect(off.req({ mac: 1, hint: '10.0.0.10' }).isReused).toBe(false);
    expect(off.stat('v4-lease-reuses')).toBe(0);
  });

  it('a name set by the server after allocation cancels the reuse on REQUEST (postAllocateNameUpdate)', () => {
    const h = new Harness({ 'valid-lifetime': 4000, subnet4: [POOL] });
    h.dora({ mac: 1 });
    h.clock.advance(100);
    const r = h.req({ mac: 1, hint: '10.0.0.10' });
    expect(r.isReused).toBe(true);
    const named = h.engine.renameLease(r, { hostname: 'myhost-10-0-0-10', fqdnFwd: false, fqdnRev: false });
    expect(named.isReused).toBe(false);
    expect(named.validLifetime).toBe(4000);
    expect(h.lease('10.0.0.10')).toMatchObject({ hostname: 'myhost-10-0-0-10', cltt: h.clock.sec });
    expect(h.stat('v4-lease-reuses')).toBe(0);
  });
});

describe('offer-lifetime (§5.6)', () => {
  const OFFER = { 'valid-lifetime': 4000, 'offer-lifetime': 60, 'calculate-tee-times': true, subnet4: [POOL] };

  it('the DISCOVER stores the lease for offer-lifetime; option 51 is the full lifetime, T1/T2 from the offer (quirk 3)', () => {
    const h = new Harness(OFFER);
    const offer = h.discover({ mac: 1, hostname: 'a.example.', fqdnFwd: true, fqdnRev: true });
    expect(offer.isWritten).toBe(true);
    expect(offer.offerLifetime).toBe(60);
    expect(offer.validLifetime).toBe(4000);
    expect(offer.teeLifetime).toBe(60);
    expect([offer.t1, offer.t2]).toEqual([30, 53]);
    expect(h.lease('10.0.0.10')).toMatchObject({ validLifetime: 60, fqdnFwd: false, fqdnRev: false, hostname: 'a.example.' });
    expect(h.stat('assigned-addresses')).toBe(1);
    expect(h.stat('cumulative-assigned-addresses')).toBe(1);
    const ack = h.req({ mac: 1, hint: '10.0.0.10', hostname: 'a.example.', fqdnFwd: true, fqdnRev: true });
    expect(ack.validLifetime).toBe(4000);
    expect(h.lease('10.0.0.10')).toMatchObject({ validLifetime: 4000, fqdnFwd: true, fqdnRev: true });
    expect(h.stat('assigned-addresses')).toBe(1);
    expect(h.stat('cumulative-assigned-addresses')).toBe(1);
  });

  it('a class offer-lifetime comes first; BOOTP and REQUEST never use it', () => {
    const h = new Harness({ ...OFFER, 'client-classes': [{ name: 'fast', 'offer-lifetime': 30 }] });
    expect(h.discover({ mac: 1, classes: ['fast'] }).teeLifetime).toBe(30);
    expect(h.discover({ mac: 2, classes: ['BOOTP'] }).isWritten).toBe(false);
  });

  it('a lease that outlives the offer-lifetime is offered as is (3.x)', () => {
    const h = new Harness({ ...OFFER, 'cache-threshold': 0 });
    h.dora({ mac: 1 });
    h.clock.advance(100);
    const r = h.discover({ mac: 1 });
    expect(r.offerLifetime).toBe(0);
    expect(r.isWritten).toBe(false);
    expect(r.validLifetime).toBe(4000);
  });

  it('REQUEST for the stored offer while the old lease is unusable: the old lease is deleted', () => {
    const h = new Harness({
      'valid-lifetime': 4000, 'offer-lifetime': 60,
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.14', 'client-classes': ['old'] }, { pool: '10.0.0.100 - 10.0.0.104' }] }],
    });
    h.dora({ mac: 1, classes: ['old'] });
    const offer = h.discover({ mac: 1 });
    expect(ipText(offer.lease?.address)).toBe('10.0.0.100');
    expect(h.table()).toEqual(['10.0.0.10:default', '10.0.0.100:default']);
    expect(h.stat('assigned-addresses')).toBe(2);
    const ack = h.req({ mac: 1, hint: '10.0.0.100' });
    expect(ipText(ack.lease?.address)).toBe('10.0.0.100');
    expect(ipText(ack.deletedLease?.address)).toBe('10.0.0.10');
    expect(h.table()).toEqual(['10.0.0.100:default']);
    expect(h.stat('assigned-addresses')).toBe(1);
  });
});

describe('adaptive-lease-time-threshold (§6.2, FLQ only)', () => {
  it('at or above the threshold the minimum lifetime is given', () => {
    const h = new Harness({
      'valid-lifetime': 4000, 'min-valid-lifetime': 100, 'adaptive-lease-time-threshold': 0.5, allocator: 'flq',
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.13' }] }],
    });
    expect(h.dora({ mac: 1 }).validLifetime).toBe(4000);
    expect(h.dora({ mac: 2 }).validLifetime).toBe(100);
    // The iterative allocator knows no occupancy: never adaptive.
    const it = new Harness({
      'valid-lifetime': 4000, 'min-valid-lifetime': 100, 'adaptive-lease-time-threshold': 0.5,
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.11' }] }],
    });
    it.dora({ mac: 1 });
    expect(it.dora({ mac: 2 }).validLifetime).toBe(4000);
  });
});
