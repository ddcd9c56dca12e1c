// encodePacket4: Kea's pkt4_unittest.cc / libdhcp++_unittest.cc pack vectors, padding, RFC 3396
// splitting, option overload and header range checks.
import { describe, expect, it } from 'vitest';
import { decodePacket4 } from './decode-packet4.js';
import { encodePacket4 } from './encode-packet4.js';
import { Options4 } from './options4.js';
import { createPacket4, type Packet4 } from './packet4.js';
import { KEA_DUMMY, keaTestHeader, packetSummary, toHex } from './test-helpers.js';

const bytes = (n: number, f: (i: number) => number = (i) => i): Uint8Array => Uint8Array.from({ length: n }, (_, i) => f(i) & 255);

/** Kea generateTestPacket1(): the packet whose wire form is generateTestPacket2(). */
function keaTestPacket1(type: number): Packet4 {
  return createPacket4({
    op: 1, htype: 6, hlen: 6, hops: 13, xid: 0x12345678, secs: 42, flags: 0x8000,
    ciaddr: 0xc0000201, yiaddr: 0x01020304, siaddr: 0xc00002ff, giaddr: 0xffffffff,
    chaddr: Uint8Array.of(0, 1, 2, 3, 4, 5), sname: KEA_DUMMY.sname, file: KEA_DUMMY.file,
    options: new Options4([[53, Uint8Array.of(type)]]),
  });
}

/** The option bytes after the cookie, END excluded (for minSize 0 encodings). */
function optionBytes(wire: Uint8Array): string {
  expect(wire[wire.length - 1]).toBe(255);
  return toHex(wire.subarray(240, wire.length - 1));
}

describe('encodePacket4: Kea vectors', () => {
  it('fixedFieldsPack: the header is generateTestPacket2(), then cookie, 53 and END', () => {
    const wire = encodePacket4(keaTestPacket1(1), { minSize: 0 });
    expect(wire.length).toBe(236 + 4 + 3 + 1);
    expect(toHex(wire.subarray(0, 236))).toBe(toHex(keaTestHeader()));
    expect(toHex(wire.subarray(236))).toBe('63825363350101ff');
  });

  it('Pkt4Test.options: 53 first, then by code, whatever the insertion order', () => {
    const p = keaTestPacket1(2);
    for (const [code, i] of [[12, 0], [60, 2], [14, 1], [254, 4], [128, 3]] as const) p.options.set(code, bytes(3, (j) => i * 10 + j));
    const wire = encodePacket4(p, { minSize: 0 });
    expect(wire.length).toBe(236 + 4 + 28 + 1);
    expect(optionBytes(wire)).toBe(toHex(Uint8Array.of(53, 1, 2, 12, 3, 0, 1, 2, 14, 3, 10, 11, 12, 60, 3, 20, 21, 22, 128, 3, 30, 31, 32, 254, 3, 40, 41, 42)));
  });

  it('packOptions4Order: option 82 goes last', () => {
    const p = createPacket4();
    p.options.set(82, bytes(3, (j) => 20 + j));
    p.options.set(12, bytes(3));
    p.options.set(99, bytes(3, (j) => 10 + j));
    expect(optionBytes(encodePacket4(p, { minSize: 0 }))).toBe('0c030001026303' + '0a0b0c' + '5203141516');
  });

  it('nullTerminatedOptions: packed in code order 12, 14, 15, 17', () => {
    const p = keaTestPacket1(1);
    p.options.set(12, Uint8Array.of(0x74, 0x77, 0x6f));
    p.options.set(17, Uint8Array.of(0x6e, 0x6f, 0x6e, 0x65));
    p.options.set(14, Uint8Array.of(0x6f, 0x6e, 0x65));
    p.options.set(15, Uint8Array.of(0x65, 0x6d, 0, 0x62, 0x65, 0x64));
    expect(optionBytes(encodePacket4(p, { minSize: 0 }))).toBe('350101' + '0c0374776f' + '0e036f6e65' + '0f06656d00626564' + '11046e6f6e65');
  });

  it.each(Array.from({ length: 17 }, (_, n) => n))('hwAddr: chaddr of %i octets is zero-padded at offset 28', (n) => {
    const mac = bytes(n, (i) => 128 + i);
    const wire = encodePacket4(createPacket4({ htype: 255 - n * 10, hlen: n, chaddr: mac }));
    expect(toHex(wire.subarray(28, 44))).toBe(toHex(mac) + '00'.repeat(16 - n));
    expect([wire[1], wire[2]]).toEqual([255 - n * 10, n]);
  });

  it.each([0, 1, 63, 64])('sname: %i octets at offset 44, zero-padded', (n) => {
    const wire = encodePacket4(createPacket4({ sname: bytes(n, (i) => i + 1) }));
    expect(toHex(wire.subarray(44, 108))).toBe(toHex(bytes(n, (i) => i + 1)) + '00'.repeat(64 - n));
  });

  it.each([0, 1, 127, 128])('file: %i octets at offset 108, zero-padded', (n) => {
    const wire = encodePacket4(createPacket4({ file: bytes(n, (i) => i + 1) }));
    expect(toHex(wire.subarray(108, 236))).toBe(toHex(bytes(n, (i) => i + 1)) + '00'.repeat(128 - n));
  });

  it('splitLongOption: 2560 octets become 11 instances (10 × 255 + 10), decoded back whole', () => {
    const p = createPacket4({ options: new Options4([[231, bytes(2560)]]) });
    const wire = encodePacket4(p, { minSize: 0 });
    expect(wire.length).toBe(240 + 2560 + 11 * 2 + 1);
    expect([wire[240], wire[241], wire[240 + 257], wire[241 + 257]]).toEqual([231, 255, 231, 255]);
    expect(wire[240 + 10 * 257 + 1]).toBe(10);
    const back = decodePacket4(wire);
    expect(back.ok && toHex(back.packet.options.get(231) as Uint8Array)).toBe(toHex(bytes(2560)));
  });

  it('a payload of exactly 255 octets stays one instance, 256 becomes two', () => {
    expect(encodePacket4(createPacket4({ options: new Options4([[43, bytes(255)]]) }), { minSize: 0 }).length).toBe(240 + 257 + 1);
    expect(encodePacket4(createPacket4({ options: new Options4([[43, bytes(256)]]) }), { minSize: 0 }).length).toBe(240 + 260 + 1);
  });

  it('a zero-length option is written as code + 0', () => {
    expect(optionBytes(encodePacket4(createPacket4({ options: new Options4([[80, new Uint8Array(0)]]) }), { minSize: 0 }))).toBe('5000');
  });
});

describe('encodePacket4: padding', () => {
  it('pads to 300 octets by default (RFC 1542 §2.1) with zeros after END', () => {
    const wire = encodePacket4(keaTestPacket1(5));
    expect(wire.length).toBe(300);
    expect(toHex(wire.subarray(240, 245))).toBe('350105ff00');
    expect(wire.subarray(244).every((b) => b === 0)).toBe(true);
  });

  it('never pads past maxSize, and a BOOTP packet gets the cookie and END', () => {
    expect(encodePacket4(createPacket4(), { maxSize: 260 }).length).toBe(260);
    expect(toHex(encodePacket4(createPacket4(), { minSize: 0 }).subarray(236))).toBe('63825363ff');
  });

  it('ignores option 52 set by the caller: the encoder owns overload', () => {
    const p = createPacket4({ options: new Options4([[53, Uint8Array.of(5)], [52, Uint8Array.of(3)]]) });
    expect(optionBytes(encodePacket4(p, { minSize: 0 }))).toBe('350105');
  });
});

/** The option codes on the wire: options field, then file and sname when option 52 says so. */
function wireCodes(wire: Uint8Array): number[] {
  const codes: number[] = [];
  let overload = 0;
  const scan = (start: number, end: number): void => {
    for (let p = start; p < end && wire[p] !== 255;) {
      const c = wire[p] as number;
      if (c === 0) { p++; continue; }
      codes.push(c);
      if (c === 52) overload = wire[p + 2] as number;
      p += 2 + (wire[p + 1] as number);
    }
  };
  scan(240, wire.length);
  if (overload & 1) scan(108, 236);
  if (overload & 2) scan(44, 108);
  return codes;
}

/** An ACK whose options need `n` octets or so: 53 + `count` options of `size` octets. */
function bigAck(count: number, size: number, init: Partial<Packet4> = {}): Packet4 {
  const p = createPacket4({ op: 2, xid: 99, ...init });
  p.options.set(53, Uint8Array.of(5));
  for (let i = 0; i < count; i++) p.options.set(200 + i, bytes(size, (j) => i + j));
  return p;
}

describe('encodePacket4: option overload past maxSize (RFC 2131 §4.1)', () => {
  it('fits 548 octets by moving whole options into file and sname', () => {
    const p = bigAck(11, 38); // 3 + 11 × 40 = 443 octets of options: 684 octets without overload
    const wire = encodePacket4(p, { maxSize: 548 });
    expect(wire.length).toBeLessThanOrEqual(548);
    expect(toHex(wire.subarray(240, 246))).toBe('350105340103');
    const back = decodePacket4(wire);
    expect(back.ok && packetSummary(back.packet)).toBe(packetSummary(p));
    expect(back.ok && back.packet.file.length + back.packet.sname.length).toBe(0);
    expect(wireCodes(wire)).toEqual([53, 52, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210]);
  });

  it('uses only the file field when sname is in use (value 1)', () => {
    const p = bigAck(9, 38, { sname: new TextEncoder().encode('server.example') });
    const wire = encodePacket4(p, { maxSize: 548 });
    expect(wire.length).toBeLessThanOrEqual(548);
    expect(toHex(wire.subarray(243, 246))).toBe('340101');
    expect(toHex(wire.subarray(44, 58))).toBe(toHex(new TextEncoder().encode('server.example')));
    const back = decodePacket4(wire);
    expect(back.ok && packetSummary(back.packet)).toBe(packetSummary(p));
  });

  it('splits an option over 255 octets across the areas in RFC 3396 order', () => {
    const p = bigAck(1, 450);
    const wire = encodePacket4(p, { maxSize: 548 });
    expect(wire.length).toBe(548);
    expect(wireCodes(wire)).toEqual([53, 52, 200, 200, 200, 200]);
    const back = decodePacket4(wire);
    expect(back.ok && toHex(back.packet.options.get(200) as Uint8Array)).toBe(toHex(bytes(450)));
  });

  it('packs largest-first when wire-order first-fit leaves no single area big enough', () => {
    const p = bigAck(0, 0);
    for (const [code, len] of [[1, 4], [3, 4], [6, 8], [12, 23], [15, 16], [28, 4], [42, 8], [51, 4], [54, 4], [61, 7], [119, 60], [252, 62]]) {
      p.options.set(code as number, bytes(len as number, (i) => (code as number) + i));
    }
    const wire = encodePacket4(p, { maxSize: 330 });
    expect(wire.length).toBeLessThanOrEqual(330);
    expect(wireCodes(wire).slice(0, 3)).toEqual([53, 52, 252]);
    const back = decodePacket4(wire);
    expect(back.ok && back.packet.options.get(52)).toEqual(Uint8Array.of(3));
    expect(back.ok && packetSummary(back.packet)).toBe(packetSummary(p));
  });

  it('falls back to the unlimited encoding when overload cannot make it fit', () => {
    const p = bigAck(20, 38);
    const wire = encodePacket4(p, { maxSize: 548 });
    expect(wire.length).toBe(240 + 3 + 20 * 40 + 1);
    expect(wireCodes(wire)).not.toContain(52);
  });

  it('does not overload when sname and file are both in use', () => {
    const p = bigAck(12, 38, { sname: Uint8Array.of(1), file: Uint8Array.of(2) });
    expect(encodePacket4(p, { maxSize: 548 }).length).toBe(240 + 3 + 12 * 40 + 1);
  });

  it('does not overload without maxSize (Kea never does)', () => {
    expect(encodePacket4(bigAck(12, 38)).length).toBe(240 + 3 + 12 * 40 + 1);
  });
});

describe('encodePacket4: header ranges', () => {
  it.each([
    ['chaddr of 17 octets', { chaddr: new Uint8Array(17) }, 'chaddr has 17 octets; the field holds 16'],
    ['sname of 65 octets', { sname: new Uint8Array(65) }, 'sname has 65 octets; the field holds 64'],
    ['file of 129 octets', { file: new Uint8Array(129) }, 'file has 129 octets; the field holds 128'],
    ['negative xid', { xid: -1 }, 'xid -1 is not an integer in 0-4294967295'],
    ['xid of 2^32', { xid: 2 ** 32 }, 'xid 4294967296 is not an integer in 0-4294967295'],
    ['op 256', { op: 256 }, 'op 256 is not an integer in 0-255'],
    ['fractional secs', { secs: 1.5 }, 'secs 1.5 is not an integer in 0-65535'],
  ] as const)('%s throws ERR_CODEC_FIELD_RANGE', (_name, init, message) => {
    expect(() => encodePacket4(createPacket4(init))).toThrow(expect.objectContaining({ code: 'ERR_CODEC_FIELD_RANGE', message }));
  });
});
