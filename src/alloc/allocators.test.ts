import { describe, expect, it } from 'vitest';
import { AddressPermutation, RandomAllocator4 } from './allocators/random.js';
import { FreeQueue } from './allocators/flq.js';
import { LeaseState } from './deps.js';
import { Harness, ip, ipText, mac, seededRandom } from './test-helpers.js';

const twoPools = (allocator: string, extra: Record<string, unknown> = {}) => ({
  allocator,
  subnet4: [{
    id: 1, subnet: '10.0.0.0/24',
    // Listed out of order: Kea sorts pools by first address.
    pools: [{ pool: '10.0.0.20 - 10.0.0.21' }, { pool: '10.0.0.10 - 10.0.0.11' }],
    ...extra,
  }],
});

describe('iterative allocator (§5.8)', () => {
  it('walks the pools in address order; every DISCOVER advances the cursor; wraps around', () => {
    const h = new Harness(twoPools('iterative'));
    const got: string[] = [];
    for (let m = 1; m <= 5; m++) got.push(ipText(h.discover({ mac: m }).lease?.address) ?? '-');
    expect(got).toEqual(['10.0.0.10', '10.0.0.11', '10.0.0.20', '10.0.0.21', '10.0.0.10']);
    expect(h.table()).toEqual([]);
  });

  it('skips addresses in use; a reload over the same pools carries on, over other pools starts afresh', () => {
    const h = new Harness(twoPools('iterative'));
    h.dora({ mac: 1 });
    h.dora({ mac: 2 });
    expect(ipText(h.discover({ mac: 3 }).lease?.address)).toBe('10.0.0.20');
    h.reconfigure(twoPools('iterative'));
    // .20 was just offered to mac 3, whose REQUEST may still be on its way: not offered again
    // (Kea's reload restarts at the first pool and would offer .20 to the next client).
    expect(ipText(h.discover({ mac: 4 }).lease?.address)).toBe('10.0.0.21');
    h.reconfigure({ ...twoPools('iterative'), subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.11' }, { pool: '10.0.0.20 - 10.0.0.22' }] }] });
    // Other pools: back at the first one; .10 and .11 are taken, .20 is free.
    expect(ipText(h.discover({ mac: 5 }).lease?.address)).toBe('10.0.0.20');
  });

  it('a server started on leases begins each pool after its highest leased address, without trying the leased ones', () => {
    const first = new Harness({ subnet4: [{ id: 1, subnet: '10.0.0.0/16', pools: [{ pool: '10.0.0.10 - 10.0.255.250' }] }] });
    for (let m = 1; m <= 2000; m++) first.dora({ mac: m });
    // A new engine over the same store, as after a restart.
    const restarted = new Harness({ subnet4: [{ id: 1, subnet: '10.0.0.0/16', pools: [{ pool: '10.0.0.10 - 10.0.255.250' }] }] }, 1, first.store);
    const lookups: number[] = [];
    const get = restarted.store.get.bind(restarted.store);
    restarted.store.get = (address: number) => {
      lookups.push(address);
      return get(address);
    };
    const offered = restarted.discover({ mac: 9999 }).lease?.address;
    expect(ipText(offered)).toBe(ipText(ip('10.0.0.10') + 2000));
    expect(lookups.length).toBeLessThan(20);
  });

  it('only class-allowed pools are used', () => {
    const h = new Harness({
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.11', 'client-classes': ['gold'] }, { pool: '10.0.0.20 - 10.0.0.21' }] }],
    });
    expect(ipText(h.discover({ mac: 1 }).lease?.address)).toBe('10.0.0.20');
    expect(ipText(h.discover({ mac: 2, classes: ['gold'] }).lease?.address)).toBe('10.0.0.21');
    expect(ipText(h.discover({ mac: 3, classes: ['gold'] }).lease?.address)).toBe('10.0.0.10');
  });

  it('exclude-first-last-24 skips .0 and .255 in subnets of /24 or larger', () => {
    const h = new Harness({
      compatibility: { 'exclude-first-last-24': true },
      subnet4: [{ id: 1, subnet: '10.0.0.0/23', pools: [{ pool: '10.0.0.254 - 10.0.1.1' }] }],
    });
    const got: string[] = [];
    for (let m = 1; m <= 2; m++) got.push(ipText(h.dora({ mac: m }).lease?.address) ?? '-');
    expect(got).toEqual(['10.0.0.254', '10.0.1.1']);
    expect(h.dora({ mac: 3 }).lease).toBeNull();
  });
});

describe('random allocator (§5.8)', () => {
  it('a permutation hands out every address once, then is exhausted; reset starts over', () => {
    const p = new AddressPermutation(100, 20, seededRandom(7));
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) seen.add(p.next());
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(p.isExhausted).toBe(true);
    expect(p.next()).toBe(0);
    p.reset();
    expect(p.isExhausted).toBe(false);
    expect(p.next()).toBeGreaterThanOrEqual(100);
  });

  it('covers the allowed pools without repeats before starting again', () => {
    const h = new Harness(twoPools('random'));
    const pools = [...h.subnet(1).pools].sort((a, b) => a.first - b.first);
    const a = new RandomAllocator4(pools, seededRandom(3));
    const round = () => Array.from({ length: 4 }, () => a.pick(new Set(['ALL']))).sort((x, y) => x - y).map(ipText);
    const all = ['10.0.0.10', '10.0.0.11', '10.0.0.20', '10.0.0.21'];
    expect(round()).toEqual(all);
    expect(round()).toEqual(all);
  });

  it('gives distinct in-pool addresses through the engine', () => {
    const h = new Harness(twoPools('random'), 42);
    const got = new Set<string>();
    for (let m = 1; m <= 4; m++) got.add(ipText(h.dora({ mac: m }).lease?.address) ?? '-');
    expect([...got].sort()).toEqual(['10.0.0.10', '10.0.0.11', '10.0.0.20', '10.0.0.21']);
    expect(h.dora({ mac: 5 }).lease).toBeNull();
    expect(h.stat('v4-allocation-fail')).toBe(1);
  });
});

describe('free lease queue allocator (§5.8)', () => {
  it('FreeQueue: push is idempotent, remove anywhere, rotate moves the head to the tail', () => {
    const q = new FreeQueue(5);
    for (const o of [3, 1, 4, 1]) q.push(o);
    expect(q.count).toBe(3);
    expect(q.rotate()).toBe(3);
    q.remove(1);
    expect([q.rotate(), q.rotate(), q.rotate()]).toEqual([4, 3, 4]);
    q.remove(4);
    q.remove(3);
    expect(q.rotate()).toBe(-1);
  });

  it('is built from the store: leased addresses are not queued, expired and reclaimed ones are', () => {
    const h = new Harness({ allocator: 'flq', subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.13' }] }] });
    h.put({ address: ip('10.0.0.10'), hwaddr: mac(50) });
    h.put({ address: ip('10.0.0.11'), hwaddr: mac(51), cltt: h.clock.sec - 10_000 });
    h.put({ address: ip('10.0.0.12'), hwaddr: mac(52), state: LeaseState.ExpiredReclaimed, cltt: h.clock.sec - 10_000 });
    h.put({ address: ip('10.0.0.13'), hwaddr: mac(53), state: LeaseState.Declined, validLifetime: 86400 });
    h.reconfigure({ allocator: 'flq', subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.13' }] }] });
    const got = new Set<string>();
    for (let m = 1; m <= 2; m++) got.add(ipText(h.dora({ mac: m }).lease?.address) ?? '-');
    expect([...got].sort()).toEqual(['10.0.0.11', '10.0.0.12']);
    expect(h.dora({ mac: 3 }).lease).toBeNull();
    expect(h.stat('v4-allocation-fail')).toBe(1);
  });

  it('stays in sync with releases and reclamation done through the engine', () => {
    const h = new Harness({
      allocator: 'flq', 'valid-lifetime': 100,
      'expired-leases-processing': { 'flush-reclaimed-timer-wait-time': 0 },
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.11' }] }],
    });
    const a = h.dora({ mac: 1 }).lease!;
    h.dora({ mac: 2 });
    expect(h.discover({ mac: 3 }).lease).toBeNull();
    // Released without affinity: deleted, back in the queue.
    const check = h.engine.checkRelease(a.address, h.identity({ mac: 1 }));
    expect(check.ok).toBe(true);
    if (check.ok) h.engine.release(check.lease);
    expect(ipText(h.dora({ mac: 3 }).lease?.address)).toBe(ipText(a.address));
    h.clock.advance(200);
    h.engine.reclaim({ maxLeases: 0, maxTimeMs: 0, remove: true });
    expect(h.table()).toEqual([]);
    expect(h.dora({ mac: 4 }).lease).not.toBeNull();
    expect(h.dora({ mac: 5 }).lease).not.toBeNull();
    expect(h.dora({ mac: 6 }).lease).toBeNull();
  });
});
