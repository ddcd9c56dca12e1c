// Real datagrams (test/fixtures/packets/*.hex): dhclient 4.4.3-P1, busybox udhcpc 1.35.0,
// dhcpcd 9.4.1 and perfdhcp 2.2.0 against Kea 2.2.0, Kea 2.2.0's own replies, and the captures of
// Kea's unit tests (src/lib/dhcp/testutils/pkt_captures4.cc). Each file's header says how it was made.
import { describe, expect, it } from 'vitest';
import { decodePacket4 } from './decode-packet4.js';
import { encodePacket4 } from './encode-packet4.js';
import type { Packet4 } from './packet4.js';
import { decodeSubOptions, vendorOptions125 } from './sub-options4.js';
import { fixtureNames, loadFixture, packetSummary, toHex } from './test-helpers.js';

function decodeFixture(name: string): Packet4 {
  const r = decodePacket4(loadFixture(name));
  if (!r.ok) throw new Error(`${name}: ${r.code} at ${r.offset}: ${r.message}`);
  return r.packet;
}

const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));
const hex = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : toHex(b));
const list = (b: Uint8Array | undefined): number[] | undefined => (b === undefined ? undefined : [...b]);

interface Expected {
  type: number;
  mac: string;
  xid: number;
  clientId?: string;
  prl?: number[];
  hostname?: string;
  ciaddr?: number;
  giaddr?: number;
  requested?: string;
  serverId?: string;
  extra?: Record<number, string>;
}

const MAC0 = '02005e102030';
const MAC1 = '02005e102031';
const MAC2 = '02005e102032';
const MAC3 = '02005e102033';
const DHCPCD_CID = 'ff5e102032000100013296dbd502005e102032';
const DHCPCD_VCI = toHex(new TextEncoder().encode('dhcpcd-9.4.1:Linux-6.18.44-fc-v669:x86_64:AuthenticAMD'));
const FQDN = '0500000767642d6671646e076578616d706c6503636f6d00';

const clients: Array<[string, Expected]> = [
  ['dhclient-4.4-discover', { type: 1, mac: MAC0, xid: 0x11a61914, hostname: 'gd-dhclient', prl: [1, 28, 3, 15, 6, 12, 26] }],
  ['dhclient-4.4-request', { type: 3, mac: MAC0, xid: 0x11a61914, hostname: 'gd-dhclient', prl: [1, 28, 3, 15, 6, 12, 26], requested: 'c0000264', serverId: 'c0000201' }],
  ['dhclient-4.4-release', { type: 7, mac: MAC0, xid: 0x18a8814c, hostname: 'gd-dhclient', ciaddr: 0xc0000264, serverId: 'c0000201' }],
  ['dhclient-4.4-fqdn-discover', { type: 1, mac: MAC3, xid: 0x0b77eb62, clientId: toHex(new TextEncoder().encode('gd-client-id-1')), prl: [1, 3, 15, 6, 119, 42], extra: { 81: FQDN, 51: '00000e10', 60: toHex(new TextEncoder().encode('gitdhcp-test')) } }],
  ['dhclient-4.4-fqdn-request', { type: 3, mac: MAC3, xid: 0x0b77eb62, clientId: toHex(new TextEncoder().encode('gd-client-id-1')), prl: [1, 3, 15, 6, 119, 42], requested: 'c0000267', serverId: 'c0000201', extra: { 81: FQDN } }],
  ['dhclient-4.4-fqdn-release', { type: 7, mac: MAC3, xid: 0x6db7632e, clientId: toHex(new TextEncoder().encode('gd-client-id-1')), ciaddr: 0xc0000267, serverId: 'c0000201' }],
  ['udhcpc-1.35-discover', { type: 1, mac: MAC1, xid: 0xb7936825, clientId: '01' + MAC1, hostname: 'gd-udhcpc', prl: [1, 3, 6, 12, 15, 28, 42], extra: { 57: '0240', 60: toHex(new TextEncoder().encode('udhcp 1.35.0')) } }],
  ['udhcpc-1.35-request', { type: 3, mac: MAC1, xid: 0xb7936825, clientId: '01' + MAC1, hostname: 'gd-udhcpc', prl: [1, 3, 6, 12, 15, 28, 42], requested: 'c0000265', serverId: 'c0000201' }],
  ['udhcpc-1.35-release', { type: 7, mac: MAC1, xid: 0x4c39fd0a, clientId: '01' + MAC1, ciaddr: 0xc0000265, serverId: 'c0000201' }],
  ['dhcpcd-9.4-discover', { type: 1, mac: MAC2, xid: 0xf1c04be6, clientId: DHCPCD_CID, hostname: 'gd-dhcpcd', prl: [1, 3, 6, 12, 15, 28, 33, 51, 54, 58, 59], extra: { 57: '05c0', 60: DHCPCD_VCI, 145: '01' } }],
  ['dhcpcd-9.4-request', { type: 3, mac: MAC2, xid: 0xf1c04be6, clientId: DHCPCD_CID, hostname: 'gd-dhcpcd', prl: [1, 3, 6, 12, 15, 28, 33, 51, 54, 58, 59], requested: 'c0000266', serverId: 'c0000201' }],
  ['dhcpcd-9.4-release', { type: 7, mac: MAC2, xid: 0x8cce2ab1, clientId: DHCPCD_CID, ciaddr: 0xc0000266, serverId: 'c0000201' }],
  ['dhcpcd-9.4-inform', { type: 8, mac: MAC2, xid: 0x1d9f555c, clientId: DHCPCD_CID, hostname: 'gd-dhcpcd', prl: [1, 3, 6, 12, 15, 28, 33, 51, 54], ciaddr: 0xc000023c }],
  ['perfdhcp-2.2-discover', { type: 1, mac: '000c01020304', xid: 0, clientId: '01000c01020304', hostname: 'gd-perfdhcp', prl: [1, 28, 2, 3, 15, 6, 12], giaddr: 0xc0000232 }],
  ['perfdhcp-2.2-request', { type: 3, mac: '000c01020304', xid: 0, clientId: '01000c01020304', hostname: 'gd-perfdhcp', prl: [1, 28, 2, 3, 15, 6, 12], requested: 'c0000268', serverId: 'c0000201', giaddr: 0xc0000232 }],
  ['perfdhcp-2.2-release', { type: 7, mac: '000c01020304', xid: 4, clientId: '01000c01020304', hostname: 'gd-perfdhcp', ciaddr: 0xc0000268, serverId: 'c0000201', giaddr: 0xc0000232 }],
];

describe('real client packets', () => {
  it.each(clients)('%s', (name, e) => {
    const p = decodeFixture(name);
    expect(p.op).toBe(1);
    expect(p.messageType).toBe(e.type);
    expect([p.htype, p.hlen]).toEqual([1, 6]);
    expect(toHex(p.chaddr.subarray(0, p.hlen))).toBe(e.mac);
    expect(p.xid).toBe(e.xid);
    expect(hex(p.options.get(61))).toBe(e.clientId);
    expect(list(p.options.get(55))).toEqual(e.prl);
    expect(text(p.options.get(12))).toBe(e.hostname);
    expect(p.ciaddr).toBe(e.ciaddr ?? 0);
    expect(p.giaddr).toBe(e.giaddr ?? 0);
    expect(hex(p.options.get(50))).toBe(e.requested);
    expect(hex(p.options.get(54))).toBe(e.serverId);
    for (const [code, value] of Object.entries(e.extra ?? {})) expect(hex(p.options.get(Number(code)))).toBe(value);
  });
});

describe('Kea 2.2 replies', () => {
  it.each(['kea-2.2-offer-dhclient', 'kea-2.2-ack-dhclient', 'kea-2.2-ack-inform', 'kea-2.2-offer-relayed', 'kea-2.2-ack-fqdn'])(
    '%s re-encodes to the same bytes (Kea\'s option order, no padding)', (name) => {
      const wire = loadFixture(name);
      expect(toHex(encodePacket4(decodeFixture(name), { minSize: 0 }))).toBe(toHex(wire));
    });

  it('the ACK carries what the server configured', () => {
    const p = decodeFixture('kea-2.2-ack-dhclient');
    expect([p.op, p.messageType, p.yiaddr]).toEqual([2, 5, 0xc0000264]);
    expect(hex(p.options.get(6))).toBe('c0000201c0000202');
    expect(text(p.options.get(15))).toBe('example.com');
    expect(hex(p.options.get(51))).toBe('00000258');
  });
});

describe('Kea unit-test captures (pkt_captures4.cc)', () => {
  it('captureRelayedDiscover: DOCSIS modem through a relay, RAI sub-options and VIVSO', () => {
    const p = decodeFixture('kea-capture-docsis-relayed-discover');
    expect([p.messageType, p.hops, p.giaddr, p.xid]).toEqual([1, 1, 0x0afee201, 0x5d05478d]);
    expect(toHex(p.chaddr.subarray(0, 6))).toBe('20e52ab81514');
    expect(text(p.options.get(60))).toBe('docsis3.0:');
    const rai = decodeSubOptions(p.options.get(82) as Uint8Array);
    expect(Object.fromEntries([...rai].map(([c, v]) => [c, toHex(v)]))).toEqual({ 1: '20000002', 2: '20e52ab81514', 9: '0000118b0401020300' });
    const vivso = vendorOptions125(p.options.get(125) as Uint8Array);
    expect([...(vivso?.keys() ?? [])]).toEqual([4491]);
    expect(decodeSubOptions(vivso?.get(4491) as Uint8Array).get(1)).toEqual(Uint8Array.of(2));
  });

  it('discoverWithValidVIVSO: option 125 of 133 octets for CableLabs', () => {
    const p = decodeFixture('kea-capture-discover-valid-vivso');
    expect(p.options.get(125)?.length).toBe(133);
    expect(vendorOptions125(p.options.get(125) as Uint8Array)?.get(4491)?.length).toBe(128);
  });

  it('discoverWithTruncatedVIVSO: option 125 of one octet is dropped by its reader, the packet kept', () => {
    const p = decodeFixture('kea-capture-discover-truncated-vivso');
    expect(p.messageType).toBe(1);
    expect(hex(p.options.get(125))).toBe('00');
    expect(vendorOptions125(p.options.get(125) as Uint8Array)).toBeNull();
  });

  it('captureBadRelayedDiscover: option 82 with a sub-option past its end reads as no sub-options', () => {
    const p = decodeFixture('kea-capture-bad-relayed-discover');
    expect(decodeSubOptions(p.options.get(82) as Uint8Array).size).toBe(0);
  });

  it('discoverGenexis: padding after END is ignored', () => {
    const p = decodeFixture('kea-capture-discover-genexis');
    expect([...p.options.codes()]).toEqual([53, 60, 51, 55]);
    expect(text(p.options.get(60))).toBe('HMC1000.v1.3.0-R,Element-P1090,genexis.eu');
  });
});

describe('round trip of every fixture', () => {
  it.each(fixtureNames())('%s: decode(encode(decode(x))) equals decode(x)', (name) => {
    const p = decodeFixture(name);
    for (const opts of [{}, { minSize: 0 }, { maxSize: 548 }, { maxSize: 300 }]) {
      const back = decodePacket4(encodePacket4(p, opts));
      expect(back.ok && packetSummary(back.packet)).toBe(packetSummary(p));
    }
  });
});
