// Every DHCPv4 hook point reached from the pipeline with Kea's arguments, and each status with
// the effect Kea gives it (kea-inventory §5; shared/seeds/kea-dhcpv6-hooks.dox.txt).
import { describe, expect, it } from 'vitest';
import { AllocEngine4 } from '../alloc/index.js';
import { FakeClock, config4, ip, ipText, seededRandom } from '../alloc/test-helpers.js';
import { MessageType4, createPacket4, decodePacket4, encodePacket4, type Packet4 } from '../codec/index.js';
import type { Subnet4 } from '../config/index.js';
import { HookManager } from '../hooks/manager.js';
import type { Callout, HookPoint4 } from '../hooks/types.js';
import { LeaseState, MemoryLeaseStore4, type Lease4 } from '../lease/index.js';
import { Dhcp4Processor, snapshot4, type MaybeParked4, type Outcome4 } from './process4.js';
import { StatsRegistry } from './stats.js';
import type { RecvMeta4 } from './transport/types.js';

const SERVER = ip('192.0.2.1');
const meta: RecvMeta4 = { iface: 'eth0', ifindex: 2, srcAddress: 0, srcPort: 68, dstAddress: 0xffffffff, localAddress: SERVER };
const be32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);

const CFG = {
  'interfaces-config': { interfaces: ['eth0'] },
  'valid-lifetime': 4000,
  'host-reservation-identifiers': ['hw-address', 'flex-id'],
  subnet4: [
    { id: 1, subnet: '192.0.2.0/24', interface: 'eth0', pools: [{ pool: '192.0.2.100 - 192.0.2.101' }],
      reservations: [{ 'flex-id': "'vip'", 'ip-address': '192.0.2.7' }] },
    { id: 2, subnet: '198.51.100.0/24', pools: [{ pool: '198.51.100.10 - 198.51.100.20' }] },
  ],
};

function setup(callouts: Partial<Record<HookPoint4, Callout>>) {
  const clock = new FakeClock();
  const stats = new StatsRegistry(clock);
  const store = new MemoryLeaseStore4();
  const failures: string[] = [];
  const hooks = new HookManager((f) => failures.push(`${f.point}: ${String(f.error)}`));
  for (const [point, fn] of Object.entries(callouts)) hooks.register('test', point as HookPoint4, fn as Callout);
  const engine = new AllocEngine4(store, stats, clock, seededRandom(1));
  const p = new Dhcp4Processor(engine, stats, clock);
  p.configure(snapshot4(config4(CFG), [SERVER], hooks));
  const run = (q: Packet4): MaybeParked4 => p.process({ data: encodePacket4(q), meta });
  const now = (q: Packet4): Outcome4 => {
    const o = run(q);
    if (o instanceof Promise) throw new Error('parked');
    return o;
  };
  const reply = (q: Packet4): Packet4 | undefined => {
    const o = now(q);
    if (o.kind !== 'reply') return undefined;
    const d = decodePacket4(o.out.data);
    return d.ok ? d.packet : undefined;
  };
  return { clock, stats, store, engine, failures, run, now, reply, cfg: config4(CFG) };
}

function msg(type: number, mac = 1, init: Partial<Packet4> = {}, options: Record<number, Uint8Array> = {}): Packet4 {
  const p = createPacket4({ xid: 7, chaddr: Uint8Array.of(2, 0, 0, 0, 0, mac), ...init });
  p.options.set(53, Uint8Array.of(type));
  for (const [c, v] of Object.entries(options)) p.options.set(Number(c), v);
  return p;
}

const dora = (h: ReturnType<typeof setup>, mac = 1): Packet4 | undefined => {
  const offer = h.reply(msg(MessageType4.Discover, mac));
  if (offer === undefined) return undefined;
  return h.reply(msg(MessageType4.Request, mac, {}, { 50: be32(offer.yiaddr), 54: be32(SERVER) }));
};

describe('hook points in the DHCPv4 pipeline', () => {
  it('buffer4_receive gets the raw datagram; DROP drops it, and a callout may rewrite it', () => {
    let seen: Uint8Array | undefined;
    const h = setup({ buffer4_receive: (c) => { seen = c.get<Uint8Array>('query4'); if (seen[28] === 2 && seen[33] === 9) c.setStatus('drop'); } });
    expect(h.now(msg(MessageType4.Discover, 9))).toMatchObject({ kind: 'silent' });
    expect(seen?.length).toBeGreaterThanOrEqual(240);
    expect(h.reply(msg(MessageType4.Discover, 1))?.messageType).toBe(MessageType4.Offer);
  });

  it('pkt4_receive gets query4 after classification; DROP and SKIP discard the packet', () => {
    const h = setup({ pkt4_receive: (c) => { if (c.get<Packet4>('query4').chaddr[5] === 3) c.setStatus('skip'); } });
    expect(h.reply(msg(MessageType4.Discover, 3))).toBeUndefined();
    expect(h.reply(msg(MessageType4.Discover, 4))?.messageType).toBe(MessageType4.Offer);
  });

  it('subnet4_select sees the selected subnet and the collection; a callout can pick another, SKIP leaves none', () => {
    let names: string[] = [];
    const h = setup({
      subnet4_select: (c) => {
        names = c.getArgumentNames();
        const all = c.get<readonly Subnet4[]>('subnet4collection');
        const mac = c.get<Packet4>('query4').chaddr[5];
        if (mac === 5) c.set('subnet4', all.find((s) => s.id === 2));
        if (mac === 6) c.setStatus('skip');
      },
    });
    expect(names).toEqual([]);
    expect(ipText(h.reply(msg(MessageType4.Discover, 5))?.yiaddr)).toBe('198.51.100.10');
    expect(names.sort()).toEqual(['query4', 'subnet4', 'subnet4collection']);
    expect(h.reply(msg(MessageType4.Discover, 6))).toBeUndefined();
  });

  it('host4_identifier supplies a flex-id that matches a reservation', () => {
    const h = setup({ host4_identifier: (c) => { if (c.get<Packet4>('query4').chaddr[5] === 8) c.set('id_value', new TextEncoder().encode('vip')); } });
    expect(ipText(h.reply(msg(MessageType4.Discover, 8))?.yiaddr)).toBe('192.0.2.7');
  });

  it('lease4_select: fake_allocation on DISCOVER; SKIP moves to the next address, and with none left no OFFER', () => {
    const calls: Array<{ fake: boolean; address: string | undefined }> = [];
    const h = setup({
      lease4_select: (c) => {
        const lease = c.get<Lease4>('lease4');
        calls.push({ fake: c.get<boolean>('fake_allocation'), address: ipText(lease.address) });
        if (lease.address === ip('192.0.2.100')) c.setStatus('skip');
      },
    });
    const ack = dora(h);
    expect(ipText(ack?.yiaddr)).toBe('192.0.2.101');
    expect(calls.filter((x) => x.fake).map((x) => x.address)).toContain('192.0.2.100');
    expect(calls.some((x) => !x.fake && x.address === '192.0.2.101')).toBe(true);
    expect(h.reply(msg(MessageType4.Discover, 2))).toBeUndefined(); // .100 skipped, .101 taken
  });

  it('lease4_renew: SKIP leaves the stored lease as it was', () => {
    const h = setup({ lease4_renew: (c) => c.setStatus('skip') });
    const ack = dora(h);
    const before = h.store.get(ack!.yiaddr)!;
    h.clock.advance(3000);
    const renew = h.reply(msg(MessageType4.Request, 1, { ciaddr: ack!.yiaddr }));
    expect(renew?.messageType).toBe(MessageType4.Ack);
    expect(h.store.get(ack!.yiaddr)?.cltt).toBe(before.cltt);
  });

  it('lease4_release: SKIP keeps the lease; lease4_decline: SKIP leaves it undeclined', () => {
    const h = setup({ lease4_release: (c) => c.setStatus('skip'), lease4_decline: (c) => c.setStatus('skip') });
    const ack = dora(h)!;
    h.now(msg(MessageType4.Release, 1, { ciaddr: ack.yiaddr }));
    expect(h.store.get(ack.yiaddr)?.state).toBe(LeaseState.Default);
    h.now(msg(MessageType4.Decline, 1, {}, { 50: be32(ack.yiaddr) }));
    expect(h.store.get(ack.yiaddr)?.state).toBe(LeaseState.Default);
  });

  it('a callout that throws sets DROP (Kea), is counted, and the server goes on', () => {
    const h = setup({ lease4_release: () => { throw new Error('boom'); } });
    const ack = dora(h)!;
    h.now(msg(MessageType4.Release, 1, { ciaddr: ack.yiaddr }));
    expect(h.store.get(ack.yiaddr)?.state).toBe(LeaseState.Default);
    expect(h.failures).toEqual(['lease4_release: Error: boom']);
    expect(ipText(dora(h, 2)?.yiaddr)).toBe('192.0.2.101');
  });

  it('a promise at a point that cannot wait is an error (DROP), not a hang', () => {
    const h = setup({ pkt4_receive: async () => {} });
    expect(h.reply(msg(MessageType4.Discover))).toBeUndefined();
    expect(h.failures[0]).toMatch(/cannot wait/);
  });

  it('lease4_offer: DROP discards the OFFER; a promise parks it until it resolves', async () => {
    let release: () => void = () => {};
    const h = setup({
      lease4_offer: (c) => {
        expect(c.getArgumentNames().sort()).toEqual(['host', 'leases4', 'offer_address_in_use', 'offer_lifetime', 'old_lease', 'query4', 'response4']);
        if (c.get<Packet4>('query4').chaddr[5] === 1) { c.setStatus('drop'); return undefined; }
        return new Promise<void>((r) => { release = r; });
      },
    });
    expect(h.reply(msg(MessageType4.Discover, 1))).toBeUndefined();
    const parked = h.run(msg(MessageType4.Discover, 2));
    expect(parked).toBeInstanceOf(Promise);
    release();
    const o = await parked;
    expect(o.kind).toBe('reply');
  });

  it('leases4_committed: the new and deleted leases of a REQUEST, and of a RELEASE; DROP withholds the ACK', () => {
    const seen: Array<{ leases: number; deleted: number; response: boolean }> = [];
    const h = setup({
      leases4_committed: (c) => {
        seen.push({ leases: c.get<Lease4[]>('leases4').length, deleted: c.get<Lease4[]>('deleted_leases4').length, response: c.get('response4') !== undefined });
        if (c.get<Packet4>('query4').chaddr[5] === 9) c.setStatus('drop');
      },
    });
    const ack = dora(h)!;
    h.now(msg(MessageType4.Release, 1, { ciaddr: ack.yiaddr }));
    expect(seen).toEqual([{ leases: 1, deleted: 0, response: true }, { leases: 0, deleted: 1, response: false }]);
    expect(dora(h, 9)).toBeUndefined();
    expect(h.store.count()).toBe(2); // the lease is committed even though the ACK was withheld
  });

  it('pkt4_send may change the response; buffer4_send may replace the wire bytes or withhold them', () => {
    const h = setup({
      pkt4_send: (c) => c.get<Packet4>('response4').options.set(66, new TextEncoder().encode('tftp.example')),
      buffer4_send: (c) => { if (c.get<Packet4>('response4').chaddr[5] === 2) c.setStatus('skip'); },
    });
    expect(new TextDecoder().decode(h.reply(msg(MessageType4.Discover, 1))?.options.get(66))).toBe('tftp.example');
    expect(h.reply(msg(MessageType4.Discover, 2))).toBeUndefined();
  });

  it('lease4_expire: SKIP leaves the lease to the callout (statistics still change); lease4_recover: SKIP keeps it declined', () => {
    const h = setup({});
    const a = dora(h, 1)!;
    const b = dora(h, 2)!;
    h.now(msg(MessageType4.Decline, 2, {}, { 50: be32(b.yiaddr) }));
    h.clock.advance(90_000);
    const expired: string[] = [];
    const out = h.engine.reclaim({ maxLeases: 0, maxTimeMs: 0, remove: false }, {
      expire: (lease, remove) => { expired.push(`${ipText(lease.address)} remove=${String(remove)}`); return lease.address === a.yiaddr; },
      recover: () => true,
    });
    expect(out.reclaimed).toHaveLength(2);
    expect(expired.sort()).toEqual([`${ipText(a.yiaddr)} remove=false`, `${ipText(b.yiaddr)} remove=false`]);
    expect(h.store.get(a.yiaddr)?.state).toBe(LeaseState.Default);
    expect(h.stats.get('subnet[1].reclaimed-leases')).toBe(1);
    expect(h.store.get(b.yiaddr)?.state).toBe(LeaseState.Declined);
  });

  it('lease4_offer with offer_address_in_use: the address is declined, lease4_server_decline is called, no OFFER', () => {
    const declined: string[] = [];
    const h = setup({
      lease4_offer: (c) => c.set('offer_address_in_use', true),
      lease4_server_decline: (c) => { declined.push(ipText(c.get<Lease4>('lease4').address) ?? ''); },
    });
    expect(h.reply(msg(MessageType4.Discover, 1))).toBeUndefined();
    expect(declined).toEqual(['192.0.2.100']);
    expect(h.store.get(ip('192.0.2.100'))?.state).toBe(LeaseState.Declined);
    expect(h.stats.get('declined-addresses')).toBe(1);
  });
});
