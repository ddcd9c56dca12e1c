// Dhcp4Server in this process, on the loopback interface and an unprivileged port, talking to a
// dgram socket that plays a relay (giaddr 127.0.0.1, RAI relay-port sub-option 19 so that
// replies come back to its own port, RFC 8357). Real sockets, real lease files; no root needed.
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, config4 } from '../alloc/test-helpers.js';
import { MessageType4, createPacket4, decodePacket4, encodePacket4, type Packet4 } from '../codec/index.js';
import { formatIPv4 } from '../net/index.js';
import { Dhcp4Server } from './dhcp4-server.js';
import { createLogs } from './logging.js';
import { Udp4Transport } from './transport/udp4.js';
import { probeSubnets } from '../gitops/probe.js';

const PORT = 10067 + (process.pid % 1000);
const LOOP = 0x7f000001;

function dhcp4(dir: string, routers = '127.0.0.1', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'interfaces-config': { interfaces: ['lo'] },
    'lease-database': { type: 'memfile', name: path.join(dir, 'leases4.csv'), 'lfc-interval': 0 },
    'valid-lifetime': 600,
    subnet4: [{ id: 7, subnet: '127.0.0.0/8', pools: [{ pool: '127.0.1.1 - 127.0.1.50' }], 'option-data': [{ name: 'routers', data: routers }] }],
    loggers: [{ name: 'kea-dhcp4', severity: 'NONE' }],
    ...extra,
  };
}

class Relay {
  readonly socket = dgram.createSocket('udp4');
  readonly replies: Packet4[] = [];

  async open(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    this.socket.on('message', (msg) => {
      const d = decodePacket4(msg);
      if (d.ok) this.replies.push(d.packet);
    });
  }

  send(type: number, mac: number, options: Record<number, Uint8Array> = {}): void {
    const p = createPacket4({ xid: mac, chaddr: Uint8Array.of(2, 0, 0, 0, 0, mac), giaddr: LOOP, hops: 1 });
    p.options.set(53, Uint8Array.of(type));
    p.options.set(82, Uint8Array.of(19, 0));
    for (const [code, payload] of Object.entries(options)) p.options.set(Number(code), payload);
    this.socket.send(encodePacket4(p), PORT, '127.0.0.1');
  }

  async next(): Promise<Packet4> {
    const deadline = Date.now() + 5000;
    while (this.replies.length === 0) {
      if (Date.now() > deadline) throw new Error('no reply within 5 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.replies.shift() as Packet4;
  }

  async dora(mac: number): Promise<Packet4> {
    this.send(MessageType4.Discover, mac);
    const offer = await this.next();
    this.send(MessageType4.Request, mac, { 50: be32(offer.yiaddr), 54: offer.options.get(54) as Uint8Array });
    return this.next();
  }
}

const be32 = (n: number): Uint8Array => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const ipOf = (b: Uint8Array | undefined): string => (b === undefined ? '' : formatIPv4(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0));

describe('Dhcp4Server on loopback', () => {
  let dir: string;
  let server: Dhcp4Server | undefined;
  let relay: Relay;
  const logs = createLogs([{ name: 'kea-dhcp4', severity: 'NONE', debuglevel: 0, outputs: ['stdout'] }], 'kea-dhcp4');

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-srv-'));
    relay = new Relay();
    await relay.open();
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    relay.socket.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (clock?: FakeClock): Promise<Dhcp4Server> => {
    server = await Dhcp4Server.start(config4(dhcp4(dir)), { logs, dataDir: dir, transport: new Udp4Transport({ port: PORT }), ...(clock ? { clock } : {}) });
    return server;
  };

  it('serves a relayed DORA, writes the lease before the ACK, and counts Kea statistics', async () => {
    const srv = await start();
    const ack = await relay.dora(1);
    expect(ack.messageType).toBe(MessageType4.Ack);
    expect(formatIPv4(ack.yiaddr)).toBe('127.0.1.1');
    // The ACK left only after its row was written.
    expect(readFileSync(path.join(dir, 'leases4.csv'), 'utf8')).toContain('127.0.1.1,02:00:00:00:00:01,');
    expect(srv.stats.get('pkt4-received')).toBe(2);
    expect(srv.stats.get('pkt4-offer-sent')).toBe(1);
    expect(srv.stats.get('pkt4-ack-sent')).toBe(1);
    expect(srv.stats.get('pkt4-sent')).toBe(2);
    expect(srv.stats.get('subnet[7].assigned-addresses')).toBe(1);
    expect(srv.stats.get('subnet[7].total-addresses')).toBe(50);
  });

  it('reconfigures in place: new options at once; leases, statistics and the socket stay', async () => {
    const srv = await start();
    await relay.dora(1);
    await srv.reconfigure(config4(dhcp4(dir, '127.0.0.254')));
    expect(srv.interfaces.map((i) => i.iface)).toEqual(['lo']);
    relay.send(MessageType4.Discover, 1);
    const offer = await relay.next();
    expect(formatIPv4(offer.yiaddr)).toBe('127.0.1.1');
    expect(ipOf(offer.options.get(3))).toBe('127.0.0.254');
    expect(srv.stats.get('pkt4-received')).toBe(3);
    expect(srv.stats.get('subnet[7].assigned-addresses')).toBe(1);
  });

  it('rejects a lease database it cannot open and keeps serving with the old one', async () => {
    const srv = await start();
    await relay.dora(1);
    writeFileSync(path.join(dir, 'not-a-dir'), 'x');
    const bad = dhcp4(dir, '127.0.0.1', { 'lease-database': { type: 'memfile', name: path.join(dir, 'not-a-dir', 'leases4.csv') } });
    await expect(srv.reconfigure(config4(bad))).rejects.toMatchObject({ code: 'ERR_LEASE_FILE' });
    const ack = await relay.dora(2);
    expect(formatIPv4(ack.yiaddr)).toBe('127.0.1.2');
    expect(srv.leaseStore.count()).toBe(2);
    expect(readFileSync(path.join(dir, 'leases4.csv'), 'utf8')).toContain('127.0.1.2,');
  });

  it('reclaims an expired lease when the timer runs: assigned goes down, reclaimed up, the lease stays for affinity', async () => {
    const clock = new FakeClock();
    const srv = await start(clock);
    await relay.dora(1);
    clock.advance(601);
    expect(srv.reclaimNow()).toBe(1);
    expect(srv.stats.get('subnet[7].assigned-addresses')).toBe(0);
    expect(srv.stats.get('reclaimed-leases')).toBe(1);
    expect(srv.leaseStore.get(0x7f000101)?.state).toBe(2);
  });

  it('stop() writes every lease and a new server loads them', async () => {
    const srv = await start();
    for (let mac = 1; mac <= 5; mac++) await relay.dora(mac);
    await srv.stop();
    server = undefined;
    const again = await start();
    expect(again.leaseStore.count()).toBe(5);
    expect(again.stats.get('subnet[7].assigned-addresses')).toBe(5);
  });

  it('a hook module adds a control command, command_processed sees it, and a reload replaces both', async () => {
    const mod = path.join(dir, 'cmd.mjs');
    writeFileSync(mod, `export function load(api) {
      api.registerCommand('pool-usage', () => ({ result: 0, text: api.parameters.tag, arguments: { n: 1 } }));
      api.register('command_processed', (h) => { const r = h.get('response'); h.set('response', { ...r, text: r.text + ' (seen)' }); });
    }`);
    const withHook = (tag: string): Record<string, unknown> => dhcp4(dir, '127.0.0.1', { 'hooks-libraries': [{ library: mod, parameters: { tag } }] });
    server = await Dhcp4Server.start(config4(withHook('v1')), { logs, dataDir: dir, transport: new Udp4Transport({ port: PORT }) });
    expect(await server.commands.dispatch({ command: 'pool-usage' })).toEqual({ result: 0, text: 'v1 (seen)', arguments: { n: 1 } });
    expect((await server.commands.dispatch({ command: 'list-commands' })).arguments).toEqual(expect.arrayContaining(['list-commands', 'pool-usage', 'statistic-get', 'lease4-get']));
    await server.reconfigure(config4(withHook('v2')));
    expect((await server.commands.dispatch({ command: 'pool-usage' })).text).toBe('v2 (seen)');
    await server.reconfigure(config4(dhcp4(dir)));
    expect(await server.commands.dispatch({ command: 'pool-usage' })).toEqual({ result: 2, text: "'pool-usage' command not supported." });
  });

  it("answers the reconciler's loopback probe (relayed DISCOVER with link-selection and relay-port) from the named subnet, committing nothing", async () => {
    const srv = await start();
    const subnet = srv.config.subnetById.get(7)!;
    const [result] = await probeSubnets([subnet], PORT, 3000);
    expect(result).toEqual({ id: 7, ok: true, offered: '127.0.1.1' });
    expect(srv.leaseStore.count()).toBe(0);
    const missing = await probeSubnets([{ ...subnet, id: 8, network: 0x0a000000, first: 0x0a000000, last: 0x0affffff }], PORT, 300);
    expect(missing).toEqual([{ id: 8, ok: false, reason: 'no OFFER within 300 ms' }]);
  });

  it('probes 2000 subnets at once without losing one to a full socket buffer (a window of probes in flight)', async () => {
    const subnets = Array.from({ length: 2000 }, (_, i) => ({ id: i + 1, subnet: `10.${i >> 8}.${i & 255}.0/24`, pools: [{ pool: `10.${i >> 8}.${i & 255}.10 - 10.${i >> 8}.${i & 255}.20` }] }));
    server = await Dhcp4Server.start(config4(dhcp4(dir, '127.0.0.1', { subnet4: subnets })), { logs, dataDir: dir, transport: new Udp4Transport({ port: PORT }) });
    const results = await probeSubnets([...server.config.subnets], PORT, 3000);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results).toHaveLength(2000);
    expect(server.leaseStore.count()).toBe(0);
  });
});
