// Udp4Transport over the native addon, on real links: network namespaces joined by veth pairs and
// bridges. The server side runs in its own namespace in a child process (test/helpers/
// udp-agent.mjs, which uses dist/); clients are plain node:dgram sockets in namespaces of their
// own. The loopback part at the end runs in this process and needs no root.
//
//   ns srv: ethA 192.0.2.1/24 + 192.0.2.2/24     ethB 198.51.100.1/24      (no default route)
//             │                                     │
//   ns sw:   brA (a0, a1)                          brB (b0, b1)
//             │                                     │
//   ns ca:   eth0 192.0.2.10/24                    ns cb: eth0 198.51.100.10/24
//
// Configs: interfaces-config lists only (['ethA', 'ethB'], ['*'], ['ethA/192.0.2.2', …]).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { netnsSkipReason, TestNet, waitUntil } from '../helpers/netns.js';
import type { Netns } from '../helpers/netns.js';
import { UdpAgent } from '../helpers/udp-agent.js';
import { Udp4Transport } from '../../src/server/transport/udp4.js';
import type { Datagram4 } from '../../src/server/transport/types.js';
import { formatIPv4, parseIPv4 } from '../../src/net/index.js';

const skipReason = netnsSkipReason();
// Locally without root: skip and say why. In CI (root) a missing capability must fail, not skip.
const shouldSkip = skipReason !== null && !process.env.CI;
if (shouldSkip) console.warn(`transport namespace tests skipped: ${skipReason}`);

const BROADCAST = '255.255.255.255';

interface Bound { iface: string; ifindex: number; port: number; localAddress: string }
interface Report { opened: Bound[]; kept: Bound[]; removed: string[]; bound: Bound[]; failed: Array<{ spec: string; iface: string; error: { code: string; message: string } }> }

interface Lab {
  srv: Netns;
  server: UdpAgent;
  clientA: UdpAgent;
  clientB: UdpAgent;
}

/** Builds the two-link topology above and starts one agent per end; clients listen on 0.0.0.0:68. */
async function twoLinks(net: TestNet): Promise<Lab> {
  const [srv, sw, ca, cb] = [await net.namespace('srv'), await net.namespace('sw'), await net.namespace('ca'), await net.namespace('cb')];
  await net.veth(srv, 'ethA', sw, 'a0');
  await net.veth(ca, 'eth0', sw, 'a1');
  await net.veth(srv, 'ethB', sw, 'b0');
  await net.veth(cb, 'eth0', sw, 'b1');
  await net.bridge(sw, 'brA', ['a0', 'a1']);
  await net.bridge(sw, 'brB', ['b0', 'b1']);
  await srv.addAddress('ethA', '192.0.2.1/24');
  await srv.addAddress('ethA', '192.0.2.2/24');
  await srv.addAddress('ethB', '198.51.100.1/24');
  await ca.addAddress('eth0', '192.0.2.10/24');
  await cb.addAddress('eth0', '198.51.100.10/24');
  // Clients send from 0.0.0.0 to 255.255.255.255, which needs a route; the server has none.
  await ca.ip('route', 'add', 'default', 'dev', 'eth0');
  await cb.ip('route', 'add', 'default', 'dev', 'eth0');
  const [server, clientA, clientB] = await Promise.all([UdpAgent.start(srv), UdpAgent.start(ca), UdpAgent.start(cb)]);
  for (const c of [clientA, clientB]) await c.request('udpOpen', { name: 'c', address: '0.0.0.0', port: 68 });
  return { srv, server, clientA, clientB };
}

async function ifindexOf(ns: Netns, dev: string): Promise<number> {
  const [link] = JSON.parse(await ns.ip('-j', 'link', 'show', 'dev', dev)) as Array<{ ifindex: number }>;
  return link?.ifindex ?? 0;
}

/** Device → socket inode of every UDP socket bound to 0.0.0.0%DEV:port, as the kernel lists them. */
async function deviceSockets(ns: Netns, port: number): Promise<Map<string, string>> {
  const out = await ns.exec('ss', ['-Huane']);
  const found = new Map<string, string>();
  for (const m of out.matchAll(/0\.0\.0\.0%(\S+):(\d+)\s.*?ino:(\d+)/g)) if (Number(m[2]) === port) found.set(m[1] ?? '', m[3] ?? '');
  return found;
}

const seq = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

describe.skipIf(shouldSkip)('Udp4Transport on two links (network namespaces)', () => {
  let net: TestNet;
  let lab: Lab;
  const agents = (): UdpAgent[] => (lab ? [lab.server, lab.clientA, lab.clientB] : []);

  afterEach(async () => {
    try {
      await Promise.all(agents().map((a) => a.stop()));
    } finally {
      await net.destroy();
    }
  });

  async function setup(): Promise<Lab> {
    net = new TestNet();
    lab = await twoLinks(net);
    return lab;
  }

  it('reports each broadcast with the interface of the link it arrived on', async () => {
    const { srv, server, clientA, clientB } = await setup();
    const star = await server.request<Report>('apply', { specs: ['*'], port: 67 });
    expect(star.bound.map((b) => b.iface).sort()).toEqual(['ethA', 'ethB']); // not lo, and only up ones
    expect(star.failed).toEqual([]);

    await clientA.request('udpSend', { name: 'c', address: BROADCAST, port: 67, payloads: ['hello-A'] });
    await clientB.request('udpSend', { name: 'c', address: BROADCAST, port: 67, payloads: ['hello-B'] });
    const got = await server.waitReceived('hello-', 2);
    const a = got.find((d) => d.payload === 'hello-A');
    const b = got.find((d) => d.payload === 'hello-B');
    expect(a).toMatchObject({ iface: 'ethA', ifindex: await ifindexOf(srv, 'ethA'), src: '192.0.2.10', srcPort: 68, dst: BROADCAST, local: '192.0.2.1' });
    expect(b).toMatchObject({ iface: 'ethB', ifindex: await ifindexOf(srv, 'ethB'), src: '198.51.100.10', srcPort: 68, dst: BROADCAST, local: '198.51.100.1' });

    // Each broadcast is seen by its own link's socket only: after a later marker on each link
    // has arrived, there is still exactly one copy of each.
    await clientA.request('udpSend', { name: 'c', address: BROADCAST, port: 67, payloads: ['mark-A'] });
    await clientB.request('udpSend', { name: 'c', address: BROADCAST, port: 67, payloads: ['mark-B'] });
    await server.waitReceived('mark-', 2);
    expect(server.received('hello-').map((d) => `${d.iface}:${d.payload}`).sort()).toEqual(['ethA:hello-A', 'ethB:hello-B']);
  });

  it('sends a broadcast reply out of one interface only, from that interface address', async () => {
    const { server, clientA, clientB } = await setup();
    await server.request('apply', { specs: ['ethA', 'ethB'], port: 67 });
    await server.request('send', { iface: 'ethA', address: BROADCAST, port: 68, payload: 'offer-A' });
    await server.request('send', { iface: 'ethB', address: BROADCAST, port: 68, payload: 'offer-B' });
    const [toA] = await clientA.waitClientReceived('offer-');
    const [toB] = await clientB.waitClientReceived('offer-');
    expect(toA).toMatchObject({ payload: 'offer-A', src: '192.0.2.1', srcPort: 67 });
    expect(toB).toMatchObject({ payload: 'offer-B', src: '198.51.100.1', srcPort: 67 });

    // An explicit source address, then the spec's address (`ethA/192.0.2.2`) on the kept socket.
    await server.request('send', { iface: 'ethA', address: BROADCAST, port: 68, from: '192.0.2.2', payload: 'from-2' });
    expect((await clientA.waitClientReceived('from-2'))[0]?.src).toBe('192.0.2.2');
    const re = await server.request<Report>('apply', { specs: ['ethA/192.0.2.2', 'ethB'] });
    expect(re.kept.map((k) => `${k.iface}/${k.localAddress}`).sort()).toEqual(['ethA/192.0.2.2', 'ethB/198.51.100.1']);
    expect(re.opened).toEqual([]);
    await server.request('send', { iface: 'ethA', address: BROADCAST, port: 68, payload: 'spec-2' });
    expect((await clientA.waitClientReceived('spec-2'))[0]?.src).toBe('192.0.2.2');

    // sendmmsg over both interfaces: each client gets its own half, in order, and nothing else.
    const items = seq('batch-', 100).map((payload, i) => ({ iface: i % 2 ? 'ethB' : 'ethA', address: BROADCAST, port: 68, payload }));
    expect(await server.request('sendBatch', { items })).toEqual({ sent: 100, failed: [] });
    const gotA = await clientA.waitClientReceived('batch-', 50);
    const gotB = await clientB.waitClientReceived('batch-', 50);
    expect(gotA.map((d) => d.payload)).toEqual(items.filter((i) => i.iface === 'ethA').map((i) => i.payload));
    expect(gotB.map((d) => d.payload)).toEqual(items.filter((i) => i.iface === 'ethB').map((i) => i.payload));
    expect(clientA.clientReceived('offer-B')).toEqual([]);
    expect(clientB.clientReceived('offer-A')).toEqual([]);
  });

  it('receives unicast to the server addresses (relay traffic) with the right interface and destination', async () => {
    const { server, clientA } = await setup();
    await server.request('apply', { specs: ['ethA', 'ethB'], port: 67 });
    // A relay agent sends from its giaddr, port 67, to the server's address.
    await clientA.request('udpOpen', { name: 'relay', address: '192.0.2.10', port: 67 });
    await clientA.request('udpSend', { name: 'relay', address: '192.0.2.1', port: 67, payloads: ['uni-1'] });
    await clientA.request('udpSend', { name: 'relay', address: '192.0.2.2', port: 67, payloads: ['uni-2'] });
    // Linux accepts any local address on any interface: ethB's address, arriving on link A.
    await clientA.request('udpSend', { name: 'relay', address: '198.51.100.1', port: 67, payloads: ['uni-B'] });
    const got = await server.waitReceived('uni-', 3);
    expect(got.map((d) => [d.payload, d.iface, d.dst, d.src, d.srcPort])).toEqual([
      ['uni-1', 'ethA', '192.0.2.1', '192.0.2.10', 67],
      ['uni-2', 'ethA', '192.0.2.2', '192.0.2.10', 67],
      ['uni-B', 'ethA', '198.51.100.1', '192.0.2.10', 67],
    ]);
    // The reply to the relay goes back unicast through the same interface.
    await server.request('send', { iface: 'ethA', address: '192.0.2.10', port: 67, payload: 'to-relay' });
    expect((await clientA.waitClientReceived('to-relay'))[0]).toMatchObject({ name: 'relay', src: '192.0.2.1', srcPort: 67 });
  });

  it('reconciles: a kept socket receives without interruption, a removed one closes', async () => {
    const { srv, server, clientA, clientB } = await setup();
    const first = await server.request<Report>('apply', { specs: ['ethA', 'ethB'], port: 67 });
    expect(first.opened.map((o) => o.iface)).toEqual(['ethA', 'ethB']);
    const before = await deviceSockets(srv, 67);
    expect([...before.keys()].sort()).toEqual(['ethA', 'ethB']);

    // A steady stream on link A while the set changes under it.
    const stream = clientA.request('udpStream', { name: 'c', address: BROADCAST, port: 67, count: 400, intervalMs: 1, prefix: 'seq-' });
    await server.waitReceived('seq-', 50);
    const second = await server.request<Report>('apply', { specs: ['ethA'] });
    expect(second).toMatchObject({ opened: [], removed: ['ethB'], failed: [] });
    expect(second.kept.map((k) => k.iface)).toEqual(['ethA']);
    expect(second.bound.map((k) => k.iface)).toEqual(['ethA']);
    await stream;
    const got = await server.waitReceived('seq-', 400);
    expect(got.map((d) => d.payload)).toEqual(Array.from({ length: 400 }, (_, i) => `seq-${i}`));
    expect(got.every((d) => d.iface === 'ethA')).toBe(true);

    // The kernel agrees: ethA's socket is the same one (same inode), ethB's is gone.
    const after = await deviceSockets(srv, 67);
    expect([...after.entries()]).toEqual([['ethA', before.get('ethA')]]);

    // Back again: ethB is opened anew and receives.
    const third = await server.request<Report>('apply', { specs: ['ethA', 'ethB'] });
    expect(third.opened.map((o) => o.iface)).toEqual(['ethB']);
    await clientB.request('udpSend', { name: 'c', address: BROADCAST, port: 67, payloads: ['back-B'] });
    expect((await server.waitReceived('back-B'))[0]?.iface).toBe('ethB');
  });

  it('reports bind errors per interface without crashing, and keeps the rest', async () => {
    const { srv, server } = await setup();
    const r = await server.request<Report>('apply', { specs: ['nope0', 'ethA', 'ethA/203.0.113.9', 'ethB/x', 'this-name-is-too-long'], port: 67 });
    expect(r.bound.map((b) => b.iface)).toEqual(['ethA']);
    expect(r.failed.map((f) => [f.spec, f.error.code])).toEqual([
      ['ethA/203.0.113.9', 'EADDRNOTAVAIL'],
      ['ethB/x', 'EINVAL'],
      ['this-name-is-too-long', 'EINVAL'],
      ['nope0', 'ENODEV'],
    ]);
    expect(r.failed.find((f) => f.iface === 'nope0')?.error.message).toBe('setsockopt(SO_BINDTODEVICE) ENODEV 0.0.0.0:67 on nope0');
    const noSocket = await server.call('send', { iface: 'ethB', address: BROADCAST, port: 68, payload: 'x' });
    expect(noSocket.error?.code).toBe('ENODEV');
    expect(await server.request('bound')).toHaveLength(1); // still serving

    // EADDRINUSE: another program holds the port without SO_REUSEADDR.
    const other = await UdpAgent.start(srv);
    try {
      await other.request('udpOpen', { name: 'blocker', address: '0.0.0.0', port: 6767, reuse: false });
      const second = await UdpAgent.start(srv);
      try {
        const inUse = await second.request<Report>('apply', { specs: ['ethA'], port: 6767 });
        expect(inUse.failed.map((f) => f.error.code)).toEqual(['EADDRINUSE']);
        expect(inUse.bound).toEqual([]);
      } finally {
        await second.stop();
      }
    } finally {
      await other.stop();
    }
  });

  it('receives 1000 datagrams in batches, all of them, in order', async () => {
    const { srv, server, clientA } = await setup();
    // Staged sockets are bound but do not read: the burst waits in the kernel until commit,
    // so the first wake-up finds a full queue and must drain it 64 at a time.
    const staged = await server.request<Report>('stage', { specs: ['ethA', 'ethB'], port: 67, recvBufferBytes: 4 << 20 });
    expect(staged.opened.map((o) => o.iface)).toEqual(['ethA', 'ethB']);
    const burst = seq('b-', 1000);
    expect(await clientA.request('udpSend', { name: 'c', address: BROADCAST, port: 67, payloads: burst })).toBe(1000);
    expect(server.received('b-')).toEqual([]);
    await server.request('commit');
    const got = await server.waitReceived('b-', 1000);
    expect(got.map((d) => d.payload)).toEqual(burst);
    const stats = await server.request<{ received: number; maxBatch: number; batches: number; truncated: number }>('stats');
    expect(stats).toMatchObject({ received: 1000, maxBatch: 64, truncated: 0 });

    // And live: a unicast burst while reading (after one datagram has resolved ARP: the
    // kernel queues only a few packets for an unresolved neighbour).
    await clientA.request('udpSend', { name: 'c', address: '192.0.2.1', port: 67, payloads: ['warm-up'] });
    await server.waitReceived('warm-up');
    const live = seq('l-', 1000);
    await clientA.request('udpSend', { name: 'c', address: '192.0.2.1', port: 67, payloads: live });
    expect((await server.waitReceived('l-', 1000)).map((d) => d.payload)).toEqual(live);

    // discardStaged closes what stage opened and leaves the running sockets alone.
    await server.request('apply', { specs: ['ethA'] });
    await server.request('stage', { specs: ['ethA', 'ethB'] });
    expect([...(await deviceSockets(srv, 67)).keys()].sort()).toEqual(['ethA', 'ethB']);
    await server.request('discard');
    expect([...(await deviceSockets(srv, 67)).keys()]).toEqual(['ethA']);
  });
});

// Relay-mode black-box tests bind the transport to `lo` on an ephemeral port, without namespaces.
describe('Udp4Transport on lo (this process)', () => {
  let transport: Udp4Transport;
  let client: dgram.Socket;

  beforeAll(async () => {
    transport = new Udp4Transport({ port: 0 });
    client = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    transport.close();
    client.close();
  });

  it('receives unicast on lo with its metadata and replies through it', async () => {
    const report = transport.apply(['lo']);
    expect(report.failed).toEqual([]);
    const [lo] = report.bound;
    expect(lo).toMatchObject({ iface: 'lo', localAddress: parseIPv4('127.0.0.1') });
    const got: Datagram4[] = [];
    transport.onDatagram((d) => got.push(d));
    client.send('ping', lo?.port ?? 0, '127.0.0.1');
    const [d] = await waitUntil('a datagram on lo', () => got.length > 0 && got);
    expect(Buffer.from(d?.data ?? []).toString()).toBe('ping');
    expect(d?.meta).toMatchObject({ iface: 'lo', srcPort: client.address().port, dstAddress: parseIPv4('127.0.0.1') });
    expect(formatIPv4(d?.meta.srcAddress ?? 0)).toBe('127.0.0.1');

    const replies: string[] = [];
    client.on('message', (m) => replies.push(m.toString()));
    transport.send(Buffer.from('pong'), { iface: 'lo', address: parseIPv4('127.0.0.1') ?? 0, port: client.address().port });
    const batch = transport.sendBatch(['a', 'b', 'c'].map((s) => ({ data: Buffer.from(s), target: { iface: 'lo', address: parseIPv4('127.0.0.1') ?? 0, port: client.address().port } })));
    expect(batch).toEqual({ sent: 3, failed: [] });
    expect(await waitUntil('4 replies', () => replies.length >= 4 && replies)).toEqual(['pong', 'a', 'b', 'c']);
    expect(transport.stats()).toMatchObject({ received: 1, sent: 4, sendFailed: 0 });
  });

  it('keeps the socket on a repeated apply and reports a throwing listener through onError', async () => {
    const [before] = transport.bound();
    const again = transport.apply(['lo']);
    expect(again).toMatchObject({ opened: [], removed: [], kept: [before] });
    const errors: unknown[] = [];
    const seen: string[] = [];
    const offError = transport.onError((e) => errors.push(e));
    const offBad = transport.onDatagram(() => {
      throw new Error('listener bug');
    });
    const offGood = transport.onDatagram((d) => seen.push(Buffer.from(d.data).toString()));
    try {
      client.send('one', before?.port ?? 0, '127.0.0.1');
      client.send('two', before?.port ?? 0, '127.0.0.1');
      await waitUntil('both datagrams', () => seen.length >= 2);
      expect(seen).toEqual(['one', 'two']);
      expect(errors).toEqual([
        { iface: 'lo', kind: 'listener', error: new Error('listener bug') },
        { iface: 'lo', kind: 'listener', error: new Error('listener bug') },
      ]);
      expect(transport.stats().listenerErrors).toBe(2);
    } finally {
      offBad();
      offGood();
      offError();
    }
  });

  it('turns a send on an interface without a socket into an ENODEV error', () => {
    expect(() => transport.send(Buffer.from('x'), { iface: 'eth9', address: 1, port: 1 })).toThrow(expect.objectContaining({ code: 'ENODEV' }));
  });
});
