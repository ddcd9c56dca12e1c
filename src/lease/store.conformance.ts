/**
 * The conformance suite every `LeaseStore4` passes: `runLeaseStoreSuite(name, factory)` (STYLE.md).
 * A store that persists also gives `reopen`, and one that writes gives `failWrites`, which turn
 * on the durability cases. Test-only: imports vitest.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LeaseState, type Lease4 } from './lease4.js';
import type { LeaseStore4 } from './store.js';

export interface LeaseStoreHarness {
  readonly store: LeaseStore4;
  /** Closes the store and opens it again from what it persisted. */
  readonly reopen?: () => Promise<LeaseStore4>;
  /** Makes every write fail (true) or succeed again (false). */
  readonly failWrites?: (fail: boolean) => void;
  /** Errors the store reported through its error callback. */
  readonly reportedErrors?: () => readonly unknown[];
  readonly cleanup?: () => Promise<void>;
  /** The persisted form has no pool_id (Kea's schema 2.1): pool ids read back as 0. */
  readonly losesPoolId?: boolean;
}

/** A lease with sensible defaults: 10.0.0.<n>, hwaddr 02:00:00:00:00:<n>, subnet 1. */
export function makeLease4(n: number, overrides: Partial<Lease4> = {}): Lease4 {
  return {
    address: (0x0a000000 + n) >>> 0,
    hwaddr: Uint8Array.of(2, 0, 0, 0, (n >> 8) & 255, n & 255),
    htype: 1,
    clientId: Uint8Array.of(1, 2, 0, 0, 0, (n >> 8) & 255, n & 255),
    validLifetime: 3600,
    cltt: 1_700_000_000,
    subnetId: 1,
    poolId: 0,
    fqdnFwd: false,
    fqdnRev: false,
    hostname: '',
    state: LeaseState.Default,
    userContext: null,
    ...overrides,
  };
}

const addresses = (leases: readonly Lease4[]): number[] => leases.map((l) => l.address);

export function runLeaseStoreSuite(name: string, factory: () => Promise<LeaseStoreHarness> | LeaseStoreHarness): void {
  describe(`${name} (LeaseStore4 conformance)`, () => {
    let harness: LeaseStoreHarness | null = null;
    const open = async (): Promise<LeaseStoreHarness> => (harness = await factory());
    afterEach(async () => {
      await harness?.store.close().catch(() => undefined);
      await harness?.cleanup?.();
      harness = null;
    });

    it('returns what was put, as a copy', async () => {
      const { store } = await open();
      const lease = makeLease4(1, { hostname: 'a,b&c', userContext: { ISC: { 'relay-agent-info': { sub: 1 } } }, fqdnFwd: true, poolId: 4 });
      store.put(lease);
      expect(store.get(lease.address)).toEqual(lease);
      (store.get(lease.address) as Lease4).hwaddr[0] = 99;
      expect(store.get(lease.address)?.hwaddr[0]).toBe(2);
      expect(store.get(makeLease4(2).address)).toBeUndefined();
      expect(store.count()).toBe(1);
    });

    it('replaces by address and re-indexes', async () => {
      const { store } = await open();
      const first = makeLease4(1);
      store.put(first);
      const second = makeLease4(1, { hwaddr: Uint8Array.of(9, 9, 9, 9, 9, 9), clientId: null, subnetId: 2 });
      store.put(second);
      expect(store.count()).toBe(1);
      expect(store.getByHwAddr(first.hwaddr)).toEqual([]);
      expect(store.getByClientId(first.clientId as Uint8Array)).toEqual([]);
      expect(store.getByHwAddr(second.hwaddr)).toEqual([second]);
      expect(store.countBySubnet(1)).toEqual({ assigned: 0, declined: 0 });
      expect(store.countBySubnet(2)).toEqual({ assigned: 1, declined: 0 });
    });

    it('finds leases by hwaddr and client id, in every subnet or in one', async () => {
      const { store } = await open();
      const hw = Uint8Array.of(2, 0, 0, 0, 0, 7);
      const cid = Uint8Array.of(1, 2, 3);
      store.put(makeLease4(1, { hwaddr: hw, clientId: cid, subnetId: 1 }));
      store.put(makeLease4(2, { hwaddr: hw, clientId: cid, subnetId: 2 }));
      store.put(makeLease4(3, { hwaddr: hw, clientId: null, subnetId: 2 }));
      expect(addresses(store.getByHwAddr(hw)).sort()).toEqual(addresses([makeLease4(1), makeLease4(2), makeLease4(3)]));
      expect(addresses(store.getByHwAddr(hw, 2)).sort()).toEqual(addresses([makeLease4(2), makeLease4(3)]));
      expect(addresses(store.getByClientId(cid)).sort()).toEqual(addresses([makeLease4(1), makeLease4(2)]));
      expect(addresses(store.getByClientId(cid, 1))).toEqual(addresses([makeLease4(1)]));
      expect(store.getByClientId(Uint8Array.of(1, 2, 4))).toEqual([]);
      store.delete(makeLease4(2).address);
      expect(addresses(store.getByHwAddr(hw)).sort()).toEqual(addresses([makeLease4(1), makeLease4(3)]));
      expect(addresses(store.getByClientId(cid))).toEqual(addresses([makeLease4(1)]));
    });

    it('returns leases sharing a hardware address or client id first-added first, as Kea; an update keeps the place', async () => {
      const { store } = await open();
      const hw = Uint8Array.of(7, 7, 7, 7, 7, 7);
      const cid = Uint8Array.of(1, 7, 7, 7, 7, 7, 7);
      for (const n of [5, 2, 9]) store.put(makeLease4(n, { hwaddr: hw, clientId: cid }));
      const order = [makeLease4(5), makeLease4(2), makeLease4(9)].map((l) => l.address);
      expect(store.getByHwAddr(hw).map((l) => l.address)).toEqual(order);
      store.put(makeLease4(5, { hwaddr: hw, clientId: cid, hostname: 'renewed' }));
      expect(store.getByHwAddr(hw).map((l) => l.address)).toEqual(order);
      expect(store.getByClientId(cid).map((l) => l.address)).toEqual(order);
      store.put(makeLease4(5, { hwaddr: hw, clientId: null }));
      expect(store.getByClientId(cid).map((l) => l.address)).toEqual(order.slice(1));
      store.put(makeLease4(5, { hwaddr: hw, clientId: cid }));
      expect(store.getByClientId(cid).map((l) => l.address)).toEqual([...order.slice(1), order[0]]);
    });

    it('deletes: true once, then false; indexes and counts follow', async () => {
      const { store } = await open();
      const lease = makeLease4(5);
      store.put(lease);
      expect(store.delete(lease.address)).toBe(true);
      expect(store.delete(lease.address)).toBe(false);
      expect(store.get(lease.address)).toBeUndefined();
      expect(store.getByHwAddr(lease.hwaddr)).toEqual([]);
      expect(store.count()).toBe(0);
      expect(store.countBySubnet(1)).toEqual({ assigned: 0, declined: 0 });
      expect([...store.all()]).toEqual([]);
    });

    it('lists expired leases oldest first, up to the limit, not the reclaimed ones', async () => {
      const { store } = await open();
      const t = 1_700_000_000;
      store.put(makeLease4(1, { cltt: t - 100, validLifetime: 50 })); // expired at t-50
      store.put(makeLease4(2, { cltt: t - 300, validLifetime: 100 })); // t-200
      store.put(makeLease4(3, { cltt: t - 100, validLifetime: 100 })); // t: expire <= now counts
      store.put(makeLease4(4, { cltt: t - 100, validLifetime: 101 })); // t+1: not yet
      store.put(makeLease4(5, { cltt: t - 1000, validLifetime: 10, state: LeaseState.ExpiredReclaimed }));
      store.put(makeLease4(6, { cltt: t - 400, validLifetime: 10, state: LeaseState.Declined, hwaddr: new Uint8Array(0), clientId: null }));
      store.put(makeLease4(7, { cltt: t, validLifetime: 0xffffffff }));
      expect(addresses(store.expired(t, 10))).toEqual(addresses([makeLease4(6), makeLease4(2), makeLease4(1), makeLease4(3)]));
      expect(addresses(store.expired(t, 2))).toEqual(addresses([makeLease4(6), makeLease4(2)]));
      expect(store.expired(t - 1000, 10)).toEqual([]);
      expect(store.expired(t, 0)).toEqual([]);
      store.put(makeLease4(2, { cltt: t - 300, validLifetime: 100, state: LeaseState.ExpiredReclaimed }));
      expect(addresses(store.expired(t + 1, 10))).toEqual(addresses([makeLease4(6), makeLease4(1), makeLease4(3), makeLease4(4)]));
    });

    it('lists reclaimed leases whose hold time is over', async () => {
      const { store } = await open();
      const t = 1_700_000_000;
      store.put(makeLease4(1, { cltt: t - 100, validLifetime: 50, state: LeaseState.ExpiredReclaimed }));
      store.put(makeLease4(2, { cltt: t - 300, validLifetime: 50, state: LeaseState.ExpiredReclaimed }));
      store.put(makeLease4(3, { cltt: t - 300, validLifetime: 50 }));
      expect(addresses(store.reclaimedBefore(t - 50, 10))).toEqual(addresses([makeLease4(2), makeLease4(1)]));
      expect(addresses(store.reclaimedBefore(t - 51, 10))).toEqual(addresses([makeLease4(2)]));
      expect(addresses(store.reclaimedBefore(t, 1))).toEqual(addresses([makeLease4(2)]));
      store.delete(makeLease4(2).address);
      expect(addresses(store.reclaimedBefore(t, 10))).toEqual(addresses([makeLease4(1)]));
    });

    it('counts assigned and declined leases per subnet', async () => {
      const { store } = await open();
      store.put(makeLease4(1, { subnetId: 1 }));
      store.put(makeLease4(2, { subnetId: 1 }));
      store.put(makeLease4(3, { subnetId: 2, state: LeaseState.Declined, hwaddr: new Uint8Array(0), clientId: null }));
      store.put(makeLease4(4, { subnetId: 2, state: LeaseState.ExpiredReclaimed }));
      expect(store.countBySubnet(1)).toEqual({ assigned: 2, declined: 0 });
      expect(store.countBySubnet(2)).toEqual({ assigned: 0, declined: 1 });
      store.put(makeLease4(2, { subnetId: 1, state: LeaseState.Declined }));
      expect(store.countBySubnet(1)).toEqual({ assigned: 1, declined: 1 });
      expect(store.countBySubnet(3)).toEqual({ assigned: 0, declined: 0 });
      expect(store.count()).toBe(4);
      expect(addresses([...store.all()]).sort()).toEqual(addresses([1, 2, 3, 4].map((n) => makeLease4(n))));
    });

    it.each([
      ['no hwaddr and no client id, not declined', makeLease4(1, { hwaddr: new Uint8Array(0), clientId: null })],
      ['valid lifetime 0 in state default', makeLease4(1, { validLifetime: 0 })],
      ['address above 32 bits', makeLease4(1, { address: 2 ** 32 })],
      ['hwaddr of 21 octets', makeLease4(1, { hwaddr: new Uint8Array(21) })],
      ['client id of 1 octet', makeLease4(1, { clientId: Uint8Array.of(1) })],
      ['unknown state', makeLease4(1, { state: 9 as LeaseState })],
      ['a user context that is a list', makeLease4(1, { userContext: [] as unknown as Record<string, unknown> })],
      ['a cyclic user context', makeLease4(1, { userContext: ((): Record<string, unknown> => { const o: Record<string, unknown> = {}; o['self'] = o; return o; })() })],
      ['a user context holding a function', makeLease4(1, { userContext: { f: () => 1 } })],
    ])('refuses a lease with %s and changes nothing', async (_what, lease) => {
      const { store } = await open();
      expect(() => store.put(lease)).toThrow(expect.objectContaining({ code: 'ERR_LEASE_INVALID' }));
      expect(store.count()).toBe(0);
      await store.flush();
    });

    it('pages through leases in address order; added and deleted addresses show on the next page, updates keep the order', async () => {
      const { store } = await open();
      for (const n of [9, 3, 200, 7, 1, 150]) store.put(makeLease4(n));
      const addresses = (leases: Lease4[]): number[] => leases.map((l) => l.address - 0x0a000000);
      expect(addresses(store.page(0, 4))).toEqual([1, 3, 7, 9]);
      expect(addresses(store.page(0x0a000000 + 9, 4))).toEqual([150, 200]);
      store.put(makeLease4(7, { hostname: 'renewed' }));
      store.put(makeLease4(8));
      expect(store.delete(0x0a000000 + 3)).toBe(true);
      const page = store.page(0x0a000000 + 1, 3);
      expect(addresses(page)).toEqual([7, 8, 9]);
      expect(page[0]?.hostname).toBe('renewed');
      expect(store.page(0x0a000000 + 200, 10)).toEqual([]);
    });

    it('keeps a declined lease without identifiers', async () => {
      const { store } = await open();
      const lease = makeLease4(9, { hwaddr: new Uint8Array(0), clientId: null, state: LeaseState.Declined });
      store.put(lease);
      expect(store.get(lease.address)).toEqual(lease);
    });

    it('flush resolves when nothing is pending and after changes', async () => {
      const { store } = await open();
      await store.flush();
      store.put(makeLease4(1));
      store.delete(makeLease4(1).address);
      store.put(makeLease4(2));
      await store.flush();
      await store.flush();
    });

    it('refuses changes after close', async () => {
      const { store } = await open();
      await store.close();
      expect(() => store.put(makeLease4(1))).toThrow(expect.objectContaining({ code: 'ERR_LEASE_CLOSED' }));
      expect(() => store.delete(1)).toThrow(expect.objectContaining({ code: 'ERR_LEASE_CLOSED' }));
    });

    it('persists puts, replacements and deletes across a reopen', async (ctx) => {
      const h = await open();
      if (h.reopen === undefined) return ctx.skip();
      const kept = [
        makeLease4(1, { hostname: 'wörk,station&1\n', userContext: { 'clé': 'ü', list: [1, 2.5, 'x"y', null, true], nested: {} }, fqdnFwd: true, fqdnRev: true }),
        makeLease4(2, { clientId: null, poolId: 7, validLifetime: 0xffffffff }),
        makeLease4(3, { hwaddr: new Uint8Array(0), clientId: null, state: LeaseState.Declined, subnetId: 9 }),
      ];
      for (const l of kept) h.store.put(l);
      h.store.put(makeLease4(4));
      h.store.put(makeLease4(2, { hostname: 'old' }));
      h.store.put(kept[1] as Lease4);
      h.store.delete(makeLease4(4).address);
      await h.store.flush();
      const again = await h.reopen();
      harness = { ...h, store: again };
      const expected = h.losesPoolId === true ? kept.map((l) => ({ ...l, poolId: 0 })) : kept;
      expect([...again.all()].sort((a, b) => a.address - b.address)).toEqual(expected);
      expect(again.countBySubnet(9)).toEqual({ assigned: 0, declined: 1 });
    });

    it('rejects flush when the write fails, reports it, keeps the change and writes it later', async (ctx) => {
      const h = await open();
      if (h.failWrites === undefined || h.reopen === undefined) return ctx.skip();
      h.failWrites(true);
      h.store.put(makeLease4(1));
      await expect(h.store.flush()).rejects.toMatchObject({ code: 'ERR_LEASE_WRITE' });
      expect(h.reportedErrors?.().length).toBeGreaterThan(0);
      expect(h.store.get(makeLease4(1).address)).toEqual(makeLease4(1));
      h.failWrites(false);
      h.store.put(makeLease4(2));
      await h.store.flush();
      const again = await h.reopen();
      harness = { ...h, store: again };
      expect(addresses([...again.all()]).sort()).toEqual(addresses([makeLease4(1), makeLease4(2)]));
    });
  });
}
