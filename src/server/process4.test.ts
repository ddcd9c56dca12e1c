import { beforeEach, describe, expect, it } from 'vitest';
import { AllocEngine4 } from '../alloc/index.js';
import { FakeClock, config4, ip, ipText, seededRandom } from '../alloc/test-helpers.js';
import { MessageType4, createPacket4, decodePacket4, encodePacket4, type Packet4 } from '../codec/index.js';
import { LeaseState, MemoryLeaseStore4 } from '../lease/index.js';
import { Dhcp4Processor, snapshot4, type MaybeParked4, type Outcome4 } from './process4.js';
import { StatsRegistry } from './stats.js';
import type { RecvMeta4 } from './transport/types.js';

/** The outcome of a packet no callout parked. */
function settled(o: MaybeParked4): Outcome4 {
  if (o instanceof Promise) throw new Error('the packet was parked');
  return o;
}

const SERVER = ip('192.0.2.1');
const BCAST = 0xffffffff;
const MAC = Uint8Array.of(2, 0, 0, 0, 0, 1, ...new Array<number>(10).fill(0));
const MAC2 = Uint8Array.of(2, 0, 0, 0, 0, 2, ...new Array<number>(10).fill(0));

const BASE = {
  'interfaces-config': { interfaces: ['eth0'] },
  'valid-lifetime': 4000,
  'option-data': [
    { name: 'domain-name-servers', data: '192.0.2.53' },
    { name: 'domain-name', data: 'example.org' },
  ],
  'client-classes': [
    { name: 'phones', test: "substring(option[60].text, 0, 7) == 'Polycom'", 'option-data': [{ name: 'tftp-server-name', data: 'tftp.phones', 'always-send': true }] },
    { name: 'DROP', test: "option[60].text == 'evil'" },
  ],
  subnet4: [
    {
      id: 1, subnet: '192.0.2.0/24', interface: 'eth0',
      pools: [{ pool: '192.0.2.100 - 192.0.2.109' }],
      'option-data': [{ name: 'routers', data: '192.0.2.1' }],
      reservations: [{ 'hw-address': '02:00:00:00:00:09', 'ip-address': '192.0.2.9', hostname: 'nine', 'next-server': '192.0.2.7' }],
    },
    {
      id: 2, subnet: '10.1.0.0/16', relay: { 'ip-addresses': ['10.1.0.1'] },
      pools: [{ pool: '10.1.0.10 - 10.1.0.20' }],
      'option-data': [{ name: 'routers', data: '10.1.0.1' }],
    },
  ],
};

const direct: RecvMeta4 = { iface: 'eth0', ifindex: 2, srcAddress: 0, srcPort: 68, dstAddress: BCAST, localAddress: SERVER };

function query(type: number, init: Partial<Packet4> = {}, options: Record<number, Uint8Array> = {}): Packet4 {
  const p = createPacket4({ xid: 0x1234, chaddr: MAC, ...init });
  p.options.set(53, Uint8Array.of(type));
  for (const [code, payload] of Object.entries(options)) p.options.set(Number(code), payload);
  return p;
}

const be32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

interface Harness {
  processor: Dhcp4Processor;
  store: MemoryLeaseStore4;
  stats: StatsRegistry;
  clock: FakeClock;
  send(p: Packet4, meta?: RecvMeta4): Outcome4;
  reply(p: Packet4, meta?: RecvMeta4): Packet4;
}

function harness(dhcp4: Record<string, unknown> = BASE): Harness {
  const clock = new FakeClock();
  const stats = new StatsRegistry(clock);
  const store = new MemoryLeaseStore4();
  const processor = new Dhcp4Processor(new AllocEngine4(store, stats, clock, seededRandom(1)), stats, clock);
  processor.configure(snapshot4(config4(dhcp4), [SERVER]));
  const send = (p: Packet4, meta: RecvMeta4 = direct): Outcome4 => settled(processor.process({ data: encodePacket4(p), meta }));
  const reply = (p: Packet4, meta?: RecvMeta4): Packet4 => {
    const o = send(p, meta);
    if (o.kind !== 'reply') throw new Error(`no reply: ${o.kind} ${o.detail}`);
    const d = decodePacket4(o.out.data);
    if (!d.ok) throw new Error(d.message);
    return d.packet;
  };
  return { processor, store, stats, clock, send, reply };
}

describe('Dhcp4Processor', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it('answers a DISCOVER with an OFFER from the pool of the receiving interface, with the basic options', () => {
    const offer = h.reply(query(MessageType4.Discover));
    expect(offer.messageType).toBe(MessageType4.Offer);
    expect(ipText(offer.yiaddr)).toBe('192.0.2.100');
    expect(offer.options.get(54)).toEqual(be32(SERVER));
    expect(offer.options.get(1)).toEqual(be32(0xffffff00));
    expect(offer.options.get(3)).toEqual(be32(ip('192.0.2.1')));
    expect(offer.options.get(6)).toEqual(be32(ip('192.0.2.53')));
    expect(new TextDecoder().decode(offer.options.get(15))).toBe('example.org');
    expect(offer.options.get(51)).toEqual(be32(4000));
    expect(h.store.count()).toBe(0);
    expect(h.stats.get('pkt4-discover-received')).toBe(1);
  });

  it('ACKs the REQUEST for the offered address, stores the lease, and broadcasts (UDP sockets)', () => {
    const offer = h.reply(query(MessageType4.Discover));
    const o = h.send(query(MessageType4.Request, {}, { 50: be32(offer.yiaddr), 54: be32(SERVER) }));
    expect(o.kind).toBe('reply');
    if (o.kind !== 'reply') return;
    expect(o.type).toBe(MessageType4.Ack);
    expect(o.out.target).toMatchObject({ iface: 'eth0', address: BCAST, port: 68 });
    const lease = h.store.get(offer.yiaddr);
    expect(lease?.state).toBe(LeaseState.Default);
    expect(h.stats.get('subnet[1].assigned-addresses')).toBe(1);
  });

  it('NAKs a REQUEST for an address another client holds', () => {
    const offer = h.reply(query(MessageType4.Discover));
    h.reply(query(MessageType4.Request, {}, { 50: be32(offer.yiaddr), 54: be32(SERVER) }));
    const nak = h.reply(query(MessageType4.Request, { chaddr: MAC2 }, { 50: be32(offer.yiaddr), 54: be32(SERVER) }));
    expect(nak.messageType).toBe(MessageType4.Nak);
    expect(nak.yiaddr).toBe(0);
    expect(nak.options.has(51)).toBe(false);
  });

  it('INIT-REBOOT from an unknown client: silence, or a NAK when authoritative', () => {
    const q = query(MessageType4.Request, {}, { 50: be32(ip('192.0.2.105')) });
    expect(h.send(q).kind).toBe('silent');
    const auth = harness({ ...BASE, authoritative: true });
    expect(auth.reply(q).messageType).toBe(MessageType4.Nak);
  });

  it('gives a reserved MAC its address, host name and next-server', () => {
    const q = query(MessageType4.Discover, { chaddr: Uint8Array.of(2, 0, 0, 0, 0, 9) }, { 55: Uint8Array.of(1, 3, 12) });
    const offer = h.reply(q);
    expect(ipText(offer.yiaddr)).toBe('192.0.2.9');
    expect(new TextDecoder().decode(offer.options.get(12))).toBe('nine');
    expect(ipText(offer.siaddr)).toBe('192.0.2.7');
  });

  it('serves a relayed client from the relay subnet, answers the relay on port 67, echoes option 82', () => {
    const rai = Uint8Array.of(1, 3, 0x61, 0x62, 0x63);
    const meta: RecvMeta4 = { ...direct, srcAddress: ip('10.1.0.1'), srcPort: 67, dstAddress: SERVER };
    const o = h.send(query(MessageType4.Discover, { giaddr: ip('10.1.0.1'), hops: 1 }, { 82: rai }), meta);
    expect(o.kind).toBe('reply');
    if (o.kind !== 'reply') return;
    expect(o.out.target).toMatchObject({ address: ip('10.1.0.1'), port: 67, fromAddress: SERVER });
    const d = decodePacket4(o.out.data);
    expect(d.ok && ipText(d.packet.yiaddr)).toBe('10.1.0.10');
    expect(d.ok && d.packet.options.get(82)).toEqual(rai);
    expect(d.ok && d.packet.options.get(3)).toEqual(be32(ip('10.1.0.1')));
  });

  it('echoes the client identifier (RFC 6842) unless echo-client-id is false', () => {
    const cid = Uint8Array.of(1, 2, 0, 0, 0, 0, 1);
    expect(h.reply(query(MessageType4.Discover, {}, { 61: cid })).options.get(61)).toEqual(cid);
    const noEcho = harness({ ...BASE, 'echo-client-id': false });
    expect(noEcho.reply(query(MessageType4.Discover, {}, { 61: cid })).options.has(61)).toBe(false);
  });

  it('classifies on option 60: class options always sent; DROP drops with pkt4-admin-filtered', () => {
    const phone = h.reply(query(MessageType4.Discover, {}, { 60: text('Polycom-VVX') }));
    expect(new TextDecoder().decode(phone.options.get(66))).toBe('tftp.phones');
    const other = h.reply(query(MessageType4.Discover, { chaddr: MAC2 }));
    expect(other.options.has(66)).toBe(false);
    const evil = h.send(query(MessageType4.Discover, {}, { 60: text('evil') }));
    expect(evil).toMatchObject({ kind: 'drop', reason: 'pkt4-admin-filtered' });
    expect(h.stats.get('pkt4-admin-filtered')).toBe(1);
    expect(h.stats.get('pkt4-receive-drop')).toBe(1);
  });

  it('drops and counts what Kea drops: garbage, a malformed option, a DISCOVER with a server id, another server id, OFFERs', () => {
    expect(h.send(query(MessageType4.Discover), direct).kind).toBe('reply');
    const garbage = settled(h.processor.process({ data: Uint8Array.of(1, 2, 3), meta: direct }));
    expect(garbage).toMatchObject({ kind: 'drop', reason: 'pkt4-parse-failed' });
    expect(h.send(query(MessageType4.Request, {}, { 50: Uint8Array.of(192, 0, 2) }))).toMatchObject({ reason: 'pkt4-parse-failed' });
    expect(h.send(query(MessageType4.Discover, {}, { 54: be32(SERVER) }))).toMatchObject({ reason: 'pkt4-rfc-violation' });
    expect(h.send(query(MessageType4.Request, {}, { 54: be32(ip('192.0.2.99')), 50: be32(ip('192.0.2.100')) }))).toMatchObject({ reason: 'pkt4-not-for-us' });
    expect(h.send(query(MessageType4.Offer))).toMatchObject({ reason: 'pkt4-rfc-violation' });
    expect(h.stats.get('pkt4-received')).toBe(6);
    expect(h.stats.get('pkt4-parse-failed')).toBe(2);
    expect(h.stats.get('pkt4-rfc-violation')).toBe(2);
    expect(h.stats.get('pkt4-not-for-us')).toBe(1);
    expect(h.stats.get('pkt4-receive-drop')).toBe(5);
  });

  it('RELEASE keeps the lease for affinity in state released; DECLINE puts it in probation', () => {
    const offer = h.reply(query(MessageType4.Discover));
    h.reply(query(MessageType4.Request, {}, { 50: be32(offer.yiaddr), 54: be32(SERVER) }));
    expect(h.send(query(MessageType4.Release, { ciaddr: offer.yiaddr }, { 54: be32(SERVER) }))).toEqual({ kind: 'silent', detail: 'released' });
    expect(h.store.get(offer.yiaddr)).toMatchObject({ state: LeaseState.Released, validLifetime: 0 });
    expect(h.stats.get('subnet[1].assigned-addresses')).toBe(0);

    const o2 = h.reply(query(MessageType4.Discover, { chaddr: MAC2 }));
    h.reply(query(MessageType4.Request, { chaddr: MAC2 }, { 50: be32(o2.yiaddr), 54: be32(SERVER) }));
    h.send(query(MessageType4.Decline, { chaddr: MAC2 }, { 50: be32(o2.yiaddr), 54: be32(SERVER) }));
    expect(h.store.get(o2.yiaddr)).toMatchObject({ state: LeaseState.Declined, validLifetime: 86400 });
    expect(h.stats.get('declined-addresses')).toBe(1);
  });

  it('answers an INFORM to ciaddr with options but no lease time', () => {
    const meta: RecvMeta4 = { ...direct, srcAddress: ip('192.0.2.50'), dstAddress: SERVER };
    const o = h.send(query(MessageType4.Inform, { ciaddr: ip('192.0.2.50') }, { 55: Uint8Array.of(6, 15) }), meta);
    expect(o.kind).toBe('reply');
    if (o.kind !== 'reply') return;
    expect(o.out.target).toMatchObject({ address: ip('192.0.2.50'), port: 68 });
    const d = decodePacket4(o.out.data);
    expect(d.ok && d.packet.options.has(51)).toBe(false);
    expect(d.ok && d.packet.options.get(6)).toEqual(be32(ip('192.0.2.53')));
    expect(h.store.count()).toBe(0);
  });

  it('gives nothing when the pool is exhausted, and counts the allocation failure', () => {
    for (let i = 0; i < 10; i++) {
      const mac = Uint8Array.of(4, 0, 0, 0, 0, i);
      const offer = h.reply(query(MessageType4.Discover, { chaddr: mac }));
      h.reply(query(MessageType4.Request, { chaddr: mac }, { 50: be32(offer.yiaddr), 54: be32(SERVER) }));
    }
    expect(h.send(query(MessageType4.Discover, { chaddr: Uint8Array.of(4, 0, 0, 0, 1, 0) })).kind).toBe('silent');
    expect(h.stats.get('v4-allocation-fail')).toBe(1);
  });

  it('renews: the same client asking again gets the same address', () => {
    const offer = h.reply(query(MessageType4.Discover));
    h.reply(query(MessageType4.Request, {}, { 50: be32(offer.yiaddr), 54: be32(SERVER) }));
    h.clock.advance(2000);
    const meta: RecvMeta4 = { ...direct, srcAddress: offer.yiaddr, dstAddress: SERVER };
    const ack = h.reply(query(MessageType4.Request, { ciaddr: offer.yiaddr }), meta);
    expect(ack.messageType).toBe(MessageType4.Ack);
    expect(ack.yiaddr).toBe(offer.yiaddr);
    expect(ack.ciaddr).toBe(offer.yiaddr);
    expect(h.store.get(offer.yiaddr)?.cltt).toBe(h.clock.sec);
  });

  it('stash-agent-options: a renewal without option 82 gets the relay info stored with its lease back, not echoed', () => {
    const stash = harness({ ...BASE, 'stash-agent-options': true, 'store-extended-info': true });
    const rai = Uint8Array.of(1, 4, 0x65, 0x74, 0x68, 0x31);
    const relayMeta: RecvMeta4 = { ...direct, srcAddress: ip('10.1.0.1'), srcPort: 67, dstAddress: SERVER };
    const offer = stash.reply(query(MessageType4.Discover, { giaddr: ip('10.1.0.1') }, { 82: rai }), relayMeta);
    stash.reply(query(MessageType4.Request, { giaddr: ip('10.1.0.1') }, { 50: be32(offer.yiaddr), 54: be32(SERVER), 82: rai }), relayMeta);
    expect(stash.store.get(offer.yiaddr)?.userContext).toMatchObject({ ISC: { 'relay-agent-info': { 'sub-options': '0x010465746831' } } });
    // The renewal comes unicast from the client, not through the relay: subnet by ciaddr.
    const renewMeta: RecvMeta4 = { ...direct, srcAddress: offer.yiaddr, dstAddress: SERVER };
    const ack = stash.reply(query(MessageType4.Request, { ciaddr: offer.yiaddr }), renewMeta);
    expect(ack.messageType).toBe(MessageType4.Ack);
    expect(ack.options.has(82)).toBe(false);
    // Classification sees the recovered option: a class on the relay's circuit id matches the renewal.
    const cls = harness({ ...BASE, 'stash-agent-options': true, 'store-extended-info': true,
      'client-classes': [{ name: 'eth1-port', test: "relay4[1].hex == 'eth1'", 'option-data': [{ name: 'tftp-server-name', data: 'port1', 'always-send': true }] }] });
    const o2 = cls.reply(query(MessageType4.Discover, { giaddr: ip('10.1.0.1') }, { 82: rai }), relayMeta);
    cls.reply(query(MessageType4.Request, { giaddr: ip('10.1.0.1') }, { 50: be32(o2.yiaddr), 54: be32(SERVER), 82: rai }), relayMeta);
    const ack2 = cls.reply(query(MessageType4.Request, { ciaddr: o2.yiaddr }), renewMeta);
    expect(new TextDecoder().decode(ack2.options.get(66))).toBe('port1');
  });
});
