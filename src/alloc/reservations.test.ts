import { describe, expect, it } from 'vitest';
import { findHosts4 } from './hosts.js';
import { hostIdentifiers4 } from './identity.js';
import { Harness, config4, ipText, mac } from './test-helpers.js';

const hw = (n: number): string => `00:00:00:00:00:${n.toString(16).padStart(2, '0')}`;

const SUBNET = {
  id: 1,
  subnet: '10.0.0.0/24',
  pools: [{ pool: '10.0.0.10 - 10.0.0.20' }],
  reservations: [
    { 'hw-address': hw(1), 'ip-address': '10.0.0.15' },
    { 'hw-address': hw(2), 'ip-address': '10.0.0.200' },
    { 'hw-address': hw(3), hostname: 'dyn' },
  ],
};

describe('host identifiers and lookup (§4)', () => {
  it('builds identifiers in the configured order with Kea\'s rules', () => {
    const cfg = config4({ 'host-reservation-identifiers': ['client-id', 'duid', 'hw-address', 'circuit-id'] });
    const cid = Uint8Array.of(0xff, 1, 2, 3, 4, 0, 1, 0xaa);
    const ids = hostIdentifiers4(cfg, Uint8Array.of(1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 6, cid, Uint8Array.of(9));
    expect(ids.map((i) => `${i.type}=${Buffer.from(i.value).toString('hex')}`)).toEqual([
      'client-id=ff010203040001aa', 'duid=0001aa', 'hw-address=010203040506', 'circuit-id=09',
    ]);
    // No DUID from a client id that does not start with 0xff, nothing from empty values.
    expect(hostIdentifiers4(cfg, new Uint8Array(16), 0, Uint8Array.of(1, 2), Uint8Array.of()).map((i) => i.type)).toEqual(['client-id']);
  });

  it('finds the subnet host (first identifier wins), KNOWN, currentHost', () => {
    const h = new Harness({
      subnet4: [{ ...SUBNET, reservations: [{ 'client-id': '01:00:00:00:00:00:01', 'ip-address': '10.0.0.16' }, ...SUBNET.reservations] }],
    });
    const m = h.hosts({ mac: 1, clientId: Uint8Array.of(1, 0, 0, 0, 0, 0, 1) }, h.subnet(1));
    expect(m.isKnown).toBe(true);
    // hw-address comes before client-id in the default order.
    expect(ipText(m.currentHost(h.subnet(1))?.ipAddress)).toBe('10.0.0.15');
    expect(h.hosts({ mac: 9 }, h.subnet(1)).isKnown).toBe(false);
  });

  it('global reservations only with reservations-global; early lookup makes the client KNOWN regardless', () => {
    const dhcp4 = {
      reservations: [{ 'hw-address': hw(1), 'ip-address': '10.0.0.99' }],
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.20' }] }],
    };
    const off = new Harness(dhcp4);
    expect(off.hosts({ mac: 1 }, off.subnet(1)).isKnown).toBe(false);
    const on = new Harness({ ...dhcp4, 'reservations-global': true });
    expect(ipText(on.hosts({ mac: 1 }, on.subnet(1)).globalHost(on.subnet(1))?.ipAddress)).toBe('10.0.0.99');
    const early = new Harness({ ...dhcp4, 'early-global-reservations-lookup': true });
    const m = early.hosts({ mac: 1 }, early.subnet(1));
    expect(m.isKnown).toBe(true);
    expect(m.globalHost(early.subnet(1))).toBeUndefined();
  });

  it('quirk 6: in a shared network with more subnets than identifiers the last matching identifier wins', () => {
    const cid = Uint8Array.of(1, 0, 0, 0, 0, 0, 1);
    const reservations = [{ 'hw-address': hw(1), 'ip-address': '10.0.1.15' }, { 'client-id': '01:00:00:00:00:00:01', 'ip-address': '10.0.1.16' }];
    const net = new Harness({
      'shared-networks': [{
        name: 'n',
        subnet4: [
          { id: 1, subnet: '10.0.1.0/24', reservations },
          { id: 2, subnet: '10.0.2.0/24' },
          { id: 3, subnet: '10.0.3.0/24' },
        ],
      }],
    });
    const m = findHosts4(net.cfg, net.subnet(1), net.identity({ mac: 1, clientId: cid }), new Set(['ALL']));
    expect(ipText(m.currentHost(net.subnet(1))?.ipAddress)).toBe('10.0.1.16');
    const plain = new Harness({ subnet4: [{ id: 1, subnet: '10.0.1.0/24', reservations }] });
    const p = findHosts4(plain.cfg, plain.subnet(1), plain.identity({ mac: 1, clientId: cid }), new Set(['ALL']));
    expect(ipText(p.currentHost(plain.subnet(1))?.ipAddress)).toBe('10.0.1.15');
  });
});

describe('reservations in allocation (§5.3)', () => {
  it('an in-pool reservation is offered and committed', () => {
    const h = new Harness({ subnet4: [SUBNET] });
    expect(ipText(h.discover({ mac: 1 }).lease?.address)).toBe('10.0.0.15');
    expect(ipText(h.dora({ mac: 1 }).lease?.address)).toBe('10.0.0.15');
    expect(h.table()).toEqual(['10.0.0.15:default']);
    expect(h.stat('subnet[1].pool[0].assigned-addresses')).toBe(1);
  });

  it('an out-of-pool reservation is given (no pool stat)', () => {
    const h = new Harness({ subnet4: [SUBNET] });
    const r = h.dora({ mac: 2 });
    expect(ipText(r.lease?.address)).toBe('10.0.0.200');
    expect(r.pool).toBeUndefined();
    expect(h.stat('subnet[1].assigned-addresses')).toBe(1);
    expect(h.stat('subnet[1].pool[0].assigned-addresses')).toBe(0);
  });

  it('a dynamic reservation (no address) gets a pool address and makes the client known', () => {
    const h = new Harness({ subnet4: [SUBNET] });
    expect(h.hosts({ mac: 3 }, h.subnet(1)).isKnown).toBe(true);
    expect(ipText(h.dora({ mac: 3 }).lease?.address)).toBe('10.0.0.10');
  });

  it('an address reserved for another client is skipped by the allocator and NAKed when requested', () => {
    const h = new Harness({ subnet4: [SUBNET] });
    const r = h.req({ mac: 5, hint: '10.0.0.15' });
    expect(r.failure).toBe('reserved-for-other');
    expect(r.failureReply).toBe('nak');
    const got: string[] = [];
    for (let m = 10; m < 20; m++) got.push(ipText(h.dora({ mac: m }).lease?.address) ?? '-');
    expect(got).toEqual(['10.0.0.10', '10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.14', '10.0.0.16', '10.0.0.17', '10.0.0.18', '10.0.0.19', '10.0.0.20']);
    // The pool is full except the reserved address: the next client gets nothing.
    expect(h.dora({ mac: 30 }).lease).toBeNull();
  });

  it('a conflicting lease on the reserved address: v4-reservation-conflicts, a dynamic address meanwhile', () => {
    const h = new Harness({ subnet4: [SUBNET] });
    h.put({ address: 0x0a00000f, hwaddr: mac(77), subnetId: 1 });
    const r = h.discover({ mac: 1 });
    expect(ipText(r.lease?.address)).toBe('10.0.0.10');
    expect(h.stat('v4-reservation-conflicts')).toBe(1);
    expect(h.stat('subnet[1].v4-reservation-conflicts')).toBe(1);
    // REQUEST of another address while the reserved one is in use: ACK (§7.3 b does not apply).
    expect(ipText(h.req({ mac: 1, hint: '10.0.0.10' }).lease?.address)).toBe('10.0.0.10');
  });

  it('§7.3 b: requesting another address while the reservation is free → NAK', () => {
    const h = new Harness({ subnet4: [SUBNET] });
    const r = h.req({ mac: 1, hint: '10.0.0.11' });
    expect(r.failure).toBe('reservation-elsewhere');
    expect(r.failureReply).toBe('nak');
    // With no address requested, the reservation is given.
    expect(ipText(h.req({ mac: 1 }).lease?.address)).toBe('10.0.0.15');
  });

  it('a client whose lease is now reserved for someone else moves to a new address', () => {
    const h = new Harness({ subnet4: [{ ...SUBNET, reservations: [] }] });
    h.dora({ mac: 8 });
    h.reconfigure({ subnet4: [{ ...SUBNET, reservations: [{ 'hw-address': hw(1), 'ip-address': '10.0.0.10' }] }] });
    expect(ipText(h.discover({ mac: 8 }).lease?.address)).toBe('10.0.0.11');
  });

  it('reservations-out-of-pool: in-pool reservations are neither honoured nor protected', () => {
    const h = new Harness({ subnet4: [{ ...SUBNET, 'reservations-out-of-pool': true }] });
    expect(ipText(h.discover({ mac: 1 }).lease?.address)).toBe('10.0.0.10');
    expect(ipText(h.req({ mac: 5, hint: '10.0.0.15' }).lease?.address)).toBe('10.0.0.15');
    expect(ipText(h.dora({ mac: 2 }).lease?.address)).toBe('10.0.0.200');
  });

  it('3.x global reservations: used when in an eligible subnet\'s range; never protected (quirk 5)', () => {
    const base = {
      'reservations-global': true,
      reservations: [{ 'hw-address': hw(1), 'ip-address': '10.0.0.12' }, { 'hw-address': hw(2), 'ip-address': '192.168.9.9' }],
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.20' }] }],
    };
    const h = new Harness(base);
    expect(ipText(h.dora({ mac: 1 }).lease?.address)).toBe('10.0.0.12');
    // Outside every subnet: ignored, a dynamic address instead.
    expect(ipText(h.dora({ mac: 2 }).lease?.address)).toBe('10.0.0.10');
    // Another client can be given the globally reserved address.
    const g = new Harness(base);
    expect(ipText(g.req({ mac: 5, hint: '10.0.0.12' }).lease?.address)).toBe('10.0.0.12');
  });

  it('a dynamic subnet reservation overrides the global address', () => {
    const h = new Harness({
      'reservations-global': true,
      'reservations-in-subnet': true,
      reservations: [{ 'hw-address': hw(1), 'ip-address': '10.0.0.12' }],
      subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.20' }], reservations: [{ 'hw-address': hw(1) }] }],
    });
    expect(ipText(h.discover({ mac: 1 }).lease?.address)).toBe('10.0.0.10');
  });

  it('a reservation in another subnet of the shared network moves the client there', () => {
    const h = new Harness({
      'shared-networks': [{
        name: 'n',
        subnet4: [
          { id: 1, subnet: '10.0.1.0/24', pools: [{ pool: '10.0.1.10 - 10.0.1.20' }] },
          { id: 2, subnet: '10.0.2.0/24', pools: [{ pool: '10.0.2.10 - 10.0.2.20' }], reservations: [{ 'hw-address': hw(1), 'ip-address': '10.0.2.50' }] },
        ],
      }],
    });
    const r = h.dora({ mac: 1, subnet: 1 });
    expect(r.subnet?.id).toBe(2);
    expect(ipText(r.lease?.address)).toBe('10.0.2.50');
    expect(h.lease('10.0.2.50')?.subnetId).toBe(2);
  });
});
