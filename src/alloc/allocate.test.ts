import { describe, expect, it } from 'vitest';
import { LeaseState } from './deps.js';
import { Harness, ip, ipText, mac } from './test-helpers.js';

const POOL5 = { 'valid-lifetime': 4000, subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.14' }] }] };

describe('DISCOVER and REQUEST (§5.2, §5.4)', () => {
  it('a DISCOVER offers without writing anything; the REQUEST writes and counts', () => {
    const h = new Harness(POOL5);
    const offer = h.discover({ mac: 1 });
    expect(ipText(offer.lease?.address)).toBe('10.0.0.10');
    expect(offer.isWritten).toBe(false);
    expect(offer.validLifetime).toBe(4000);
    expect(h.table()).toEqual([]);
    expect(h.stat('assigned-addresses')).toBe(0);

    const ack = h.req({ mac: 1, hint: '10.0.0.10' });
    expect(ipText(ack.lease?.address)).toBe('10.0.0.10');
    expect(ack.isWritten).toBe(true);
    expect(h.table()).toEqual(['10.0.0.10:default']);
    const stored = h.lease('10.0.0.10')!;
    expect(stored).toMatchObject({ subnetId: 1, validLifetime: 4000, cltt: h.clock.sec, state: LeaseState.Default, poolId: 0 });
    expect([...stored.hwaddr]).toEqual([...mac(1)]);
    for (const name of ['assigned-addresses', 'cumulative-assigned-addresses']) {
      expect(h.stat(name)).toBe(1);
      expect(h.stat(`subnet[1].${name}`)).toBe(1);
      expect(h.stat(`subnet[1].pool[0].${name}`)).toBe(1);
    }
  });

  it('a REQUEST without an address is served by the allocator (Kea is liberal)', () => {
    const h = new Harness(POOL5);
    const ack = h.req({ mac: 1 });
    expect(ipText(ack.lease?.address)).toBe('10.0.0.10');
    expect(h.table()).toEqual(['10.0.0.10:default']);
  });

  it('exhaustion: no lease, no reply to DISCOVER, the allocation-fail statistics, classes always', () => {
    const h = new Harness(POOL5);
    for (let m = 1; m <= 5; m++) expect(h.dora({ mac: m }).lease).not.toBeNull();
    const r = h.discover({ mac: 6 });
    expect(r.lease).toBeNull();
    expect(r.failure).toBe('no-address');
    expect(r.failureReply).toBe('none');
    expect(h.stat('v4-allocation-fail-subnet')).toBe(1);
    expect(h.stat('subnet[1].v4-allocation-fail-subnet')).toBe(1);
    expect(h.stat('v4-allocation-fail')).toBe(1);
    expect(h.stat('subnet[1].v4-allocation-fail')).toBe(1);
    expect(h.stat('v4-allocation-fail-classes')).toBe(1);
    expect(h.stat('subnet[1].v4-allocation-fail-classes')).toBe(1);
    expect(h.stat('v4-allocation-fail-no-pools')).toBe(0);
    expect(h.stat('v4-allocation-fail-shared-network')).toBe(0);
    // A REQUEST with no address fails the same way, and is NAKed.
    const n = h.req({ mac: 6 });
    expect(n.failureReply).toBe('nak');
    expect(h.stat('v4-allocation-fail')).toBe(2);
    expect(h.stat('assigned-addresses')).toBe(5);
  });

  it('no allowed pool counts as v4-allocation-fail-no-pools', () => {
    const h = new Harness({ subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.14', 'client-classes': ['gold'] }] }] });
    expect(h.discover({ mac: 1 }).lease).toBeNull();
    expect(h.stat('v4-allocation-fail-no-pools')).toBe(1);
    expect(h.stat('subnet[1].v4-allocation-fail-no-pools')).toBe(1);
    expect(h.stat('v4-allocation-fail')).toBe(0);
    expect(h.stat('v4-allocation-fail-classes')).toBe(1);
    expect(ipText(h.discover({ mac: 1, classes: ['gold'] }).lease?.address)).toBe('10.0.0.10');
  });

  it('a DISCOVER with a free requested address in the pool is offered that address', () => {
    const h = new Harness(POOL5);
    expect(ipText(h.discover({ mac: 1, hint: '10.0.0.13' }).lease?.address)).toBe('10.0.0.13');
    // Outside the pools: ignored, the allocator picks.
    expect(ipText(h.discover({ mac: 1, hint: '10.0.0.200' }).lease?.address)).toBe('10.0.0.10');
  });
});

describe('requested address on REQUEST (§7.3, §7.6)', () => {
  it('a: a lease of another client, unexpired → NAK (in-use)', () => {
    const h = new Harness(POOL5);
    h.dora({ mac: 1 });
    const r = h.req({ mac: 2, hint: '10.0.0.10' });
    expect(r.failure).toBe('in-use');
    expect(r.failureReply).toBe('nak');
    expect(h.lease('10.0.0.10')?.hwaddr).toEqual(mac(1));
  });

  it('a free in-pool address the client never had → ACK, and its old lease is deleted (quirk 8)', () => {
    const h = new Harness(POOL5);
    h.dora({ mac: 1 });
    const r = h.req({ mac: 1, hint: '10.0.0.12' });
    expect(ipText(r.lease?.address)).toBe('10.0.0.12');
    expect(ipText(r.deletedLease?.address)).toBe('10.0.0.10');
    expect(ipText(r.oldLease?.address)).toBe('10.0.0.10');
    expect(h.table()).toEqual(['10.0.0.12:default']);
    expect(h.stat('assigned-addresses')).toBe(1);
    expect(h.stat('cumulative-assigned-addresses')).toBe(2);
  });

  it('c: outside every pool of the network → silence; in a pool the client may not use → NAK', () => {
    const h = new Harness({
      subnet4: [{
        id: 1, subnet: '10.0.0.0/24',
        pools: [{ pool: '10.0.0.10 - 10.0.0.14' }, { pool: '10.0.0.100 - 10.0.0.110', 'client-classes': ['gold'] }],
      }],
    });
    const foreign = h.req({ mac: 1, hint: '10.0.0.50' });
    expect(foreign.failure).toBe('unknown-requested-addr');
    expect(foreign.failureReply).toBe('drop');
    const guarded = h.req({ mac: 1, hint: '10.0.0.100' });
    expect(guarded.failure).toBe('unknown-requested-addr');
    expect(guarded.failureReply).toBe('nak');
    const other = h.req({ mac: 1, hint: '192.168.1.1' });
    expect(other.failureReply).toBe('drop');
    expect(h.table()).toEqual([]);
  });

  it('renewing (ciaddr) and rebinding its own lease: renewed in place, no new counts', () => {
    const h = new Harness({ ...POOL5, 'cache-threshold': 0 });
    h.dora({ mac: 1 });
    h.clock.advance(2000);
    const renew = h.req({ mac: 1, hint: '10.0.0.10' });
    expect(renew.isWritten).toBe(true);
    expect(h.lease('10.0.0.10')).toMatchObject({ cltt: h.clock.sec, validLifetime: 4000 });
    expect(h.stat('assigned-addresses')).toBe(1);
    expect(h.stat('cumulative-assigned-addresses')).toBe(1);
    expect(ipText(renew.oldLease?.address)).toBe('10.0.0.10');
    expect(renew.deletedLease).toBeNull();
  });

  it('an expired own lease renewed on REQUEST: reclaimed in memory, then assigned again', () => {
    const h = new Harness(POOL5);
    h.dora({ mac: 1, hostname: 'a.example.', fqdnFwd: true });
    h.clock.advance(5000);
    const r = h.req({ mac: 1, hint: '10.0.0.10' });
    expect(r.lease?.state).toBe(LeaseState.Default);
    expect(r.reclaimedLeases.map((l) => l.hostname)).toEqual(['a.example.']);
    expect(r.oldLease?.hostname).toBe('');
    expect(h.stat('reclaimed-leases')).toBe(1);
    expect(h.stat('subnet[1].reclaimed-leases')).toBe(1);
    expect(h.stat('subnet[1].pool[0].reclaimed-leases')).toBe(1);
    expect(h.stat('assigned-addresses')).toBe(1);
    expect(h.stat('cumulative-assigned-addresses')).toBe(2);
  });

  it('reusing another client\'s expired lease: reclaimed +1, assigned ±0, cumulative +1 (§5.4)', () => {
    const h = new Harness({ subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.10' }] }], 'valid-lifetime': 100 });
    h.dora({ mac: 1 });
    h.clock.advance(200);
    const r = h.dora({ mac: 2 });
    expect(ipText(r.lease?.address)).toBe('10.0.0.10');
    expect(r.lease?.hwaddr).toEqual(mac(2));
    expect(h.stat('reclaimed-leases')).toBe(1);
    expect(h.stat('assigned-addresses')).toBe(1);
    expect(h.stat('cumulative-assigned-addresses')).toBe(2);
  });

  it('reusing an expired-reclaimed lease: assigned +1, cumulative +1, no reclaim count', () => {
    const h = new Harness({ subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.10' }] }], 'valid-lifetime': 100 });
    h.dora({ mac: 1 });
    h.clock.advance(200);
    h.engine.reclaim({ maxLeases: 0, maxTimeMs: 0, remove: false });
    expect(h.table()).toEqual(['10.0.0.10:reclaimed']);
    expect(h.stat('assigned-addresses')).toBe(0);
    h.dora({ mac: 2 });
    expect(h.stat('reclaimed-leases')).toBe(1);
    expect(h.stat('assigned-addresses')).toBe(1);
    expect(h.stat('cumulative-assigned-addresses')).toBe(2);
  });
});

describe('ownership: client id, hwaddr and match-client-id (§5.0)', () => {
  const cid = (b: number): Uint8Array => Uint8Array.of(1, 0, 0, 0, 0, 0, b);

  it('the lease is found by client id even when the MAC changed', () => {
    const h = new Harness(POOL5);
    h.dora({ mac: 1, clientId: cid(1) });
    const r = h.discover({ mac: 7, clientId: cid(1) });
    expect(ipText(r.lease?.address)).toBe('10.0.0.10');
  });

  it('client id changed (same MAC): no lease found, another address', () => {
    const h = new Harness(POOL5);
    h.dora({ mac: 1, clientId: cid(1) });
    expect(ipText(h.discover({ mac: 1, clientId: cid(2) }).lease?.address)).toBe('10.0.0.11');
  });

  it('client id added (same MAC): found by hwaddr, and the stored client id is set', () => {
    const h = new Harness(POOL5);
    h.dora({ mac: 1 });
    const r = h.dora({ mac: 1, clientId: cid(1) });
    expect(ipText(r.lease?.address)).toBe('10.0.0.10');
    expect(h.lease('10.0.0.10')?.clientId).toEqual(cid(1));
  });

  it('match-client-id false: stored without client id, matched by hwaddr only', () => {
    const h = new Harness({ ...POOL5, 'match-client-id': false });
    h.dora({ mac: 1, clientId: cid(1) });
    expect(h.lease('10.0.0.10')?.clientId).toBeNull();
    expect(ipText(h.discover({ mac: 1, clientId: cid(2) }).lease?.address)).toBe('10.0.0.10');
    // The same client id on another MAC is another client.
    expect(ipText(h.discover({ mac: 2, clientId: cid(1) }).lease?.address)).toBe('10.0.0.11');
  });

  it('htype is part of hwaddr ownership', () => {
    const h = new Harness(POOL5);
    h.dora({ mac: 1 });
    expect(ipText(h.discover({ mac: 1, htype: 6 }).lease?.address)).toBe('10.0.0.11');
  });
});

describe('shared networks (§3.3, §5.5)', () => {
  const NET = {
    'shared-networks': [{
      name: 'floor',
      subnet4: [
        { id: 2, subnet: '10.0.2.0/24', pools: [{ pool: '10.0.2.10 - 10.0.2.11' }] },
        { id: 1, subnet: '10.0.1.0/24', pools: [{ pool: '10.0.1.10 - 10.0.1.11' }] },
        { id: 3, subnet: '10.0.3.0/24', pools: [{ pool: '10.0.3.10 - 10.0.3.11' }], 'client-classes': ['gold'] },
      ],
    }],
  };

  it('iterates subnets by id from the selected one, wrapping, skipping guarded subnets; stats on the last tried', () => {
    const h = new Harness(NET);
    const got: string[] = [];
    for (let m = 1; m <= 4; m++) {
      const r = h.dora({ mac: m, subnet: 2 });
      got.push(`${r.subnet?.id}:${ipText(r.lease?.address)}`);
    }
    expect(got).toEqual(['2:10.0.2.10', '2:10.0.2.11', '1:10.0.1.10', '1:10.0.1.11']);
    expect(h.stat('subnet[1].assigned-addresses')).toBe(2);
    const fail = h.discover({ mac: 9, subnet: 2 });
    expect(fail.lease).toBeNull();
    expect(h.stat('v4-allocation-fail-shared-network')).toBe(1);
    // Started at subnet 1 (allocated from last), then 2: the statistics name the last one tried.
    expect(h.stat('subnet[2].v4-allocation-fail-shared-network')).toBe(1);
    expect(h.stat('v4-allocation-fail')).toBe(1);
    // A gold client reaches subnet 3.
    expect(h.dora({ mac: 9, subnet: 2, classes: ['gold'] }).subnet?.id).toBe(3);
  });

  it('the preferred subnet is the one the iterative allocator used last (same guard)', () => {
    const h = new Harness(NET);
    h.dora({ mac: 1, subnet: 1 });
    // Selected subnet 2, but subnet 1 allocated last: start there.
    const r = h.discover({ mac: 2, subnet: 2 });
    expect(r.subnet?.id).toBe(1);
    expect(ipText(r.lease?.address)).toBe('10.0.1.11');
  });

  it('a client with a lease in another subnet of the network gets it (subnet moves)', () => {
    const h = new Harness(NET);
    h.dora({ mac: 1, subnet: 1 });
    const r = h.req({ mac: 1, subnet: 2, hint: '10.0.1.10' });
    expect(r.subnet?.id).toBe(1);
    expect(ipText(r.lease?.address)).toBe('10.0.1.10');
    expect(h.table()).toEqual(['10.0.1.10:default']);
  });

  it('a selected subnet the client may not use moves to the next allowed one; none → no-subnet', () => {
    const h = new Harness(NET);
    expect(h.discover({ mac: 1, subnet: 3 }).subnet?.id).toBe(1);
    const only = new Harness({ subnet4: [{ id: 5, subnet: '10.5.0.0/24', pools: [{ pool: '10.5.0.1 - 10.5.0.2' }], 'client-classes': ['x'] }] });
    const r = only.req({ mac: 1, subnet: 5 });
    expect(r.failure).toBe('no-subnet');
    expect(r.failureReply).toBe('nak');
  });
});

describe('extended info (§15.1)', () => {
  const RAI = Uint8Array.of(1, 2, 0xab, 0xcd, 2, 3, 0x01, 0x02, 0x0f, 12, 1, 0xee);

  it('stores the relay agent info in the 3.x map format and keeps other keys', () => {
    const h = new Harness({ ...POOL5, 'store-extended-info': true });
    h.dora({ mac: 1, rai: RAI });
    expect(h.lease('10.0.0.10')?.userContext).toEqual({
      ISC: { 'relay-agent-info': { 'sub-options': '0x0102ABCD020301020F0C01EE', 'remote-id': '01020F', 'relay-id': 'EE' } },
    });
    // Without RAI the stored value is left alone.
    h.clock.advance(10);
    h.req({ mac: 1, hint: '10.0.0.10' });
    expect(h.lease('10.0.0.10')?.userContext).toMatchObject({ ISC: { 'relay-agent-info': { 'relay-id': 'EE' } } });
  });

  it('is not stored when store-extended-info is off', () => {
    const h = new Harness(POOL5);
    h.dora({ mac: 1, rai: RAI });
    expect(h.lease('10.0.0.10')?.userContext).toBeNull();
  });
});

describe('requests use the configured snapshot', () => {
  it('an unknown subnet id throws ERR_ALLOC_UNKNOWN_SUBNET', () => {
    const h = new Harness(POOL5);
    const other = new Harness({ subnet4: [{ id: 9, subnet: '10.9.0.0/24' }] });
    expect(() => h.engine.allocate({ ...h.request('discover', { mac: 1 }), subnet: other.subnet(9) })).toThrow(
      expect.objectContaining({ code: 'ERR_ALLOC_UNKNOWN_SUBNET' }),
    );
  });

  it('ip helper sanity', () => {
    expect(ip('10.0.0.1')).toBe(0x0a000001);
  });
});
