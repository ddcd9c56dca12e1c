// decodePacket4: Kea's pkt4_unittest.cc / libdhcp++_unittest.cc unpack vectors, option overload,
// RFC 3396 concatenation and BOOTP.
import { describe, expect, it } from 'vitest';
import { decodePacket4, type DecodeResult4 } from './decode-packet4.js';
import type { Packet4 } from './packet4.js';
import { KEA_DUMMY, keaTestHeader, plainHeader, toHex, withOptions } from './test-helpers.js';

function decoded(r: DecodeResult4): Packet4 {
  if (!r.ok) throw new Error(`${r.code} at ${r.offset}: ${r.message}`);
  return r.packet;
}

function optionsOf(p: Packet4): Record<number, string> {
  return Object.fromEntries([...p.options].map(([c, v]) => [c, toHex(v)]));
}

/** Kea pkt4_unittest.cc v4_opts. */
const KEA_V4_OPTS = [53, 1, 2, 12, 3, 0, 1, 2, 14, 3, 10, 11, 12, 60, 3, 20, 21, 22, 128, 3, 30, 31, 32, 254, 3, 40, 41, 42];

describe('decodePacket4: Kea pkt4_unittest.cc vectors', () => {
  it('fixedFieldsUnpack: every fixed field', () => {
    const p = decoded(decodePacket4(withOptions(keaTestHeader(), [0x35, 1, 1])));
    expect({ op: p.op, htype: p.htype, hlen: p.hlen, hops: p.hops, xid: p.xid, secs: p.secs, flags: p.flags })
      .toEqual({ op: 1, htype: 6, hlen: 6, hops: 13, xid: 0x12345678, secs: 42, flags: 0x8000 });
    expect([p.ciaddr, p.yiaddr, p.siaddr, p.giaddr]).toEqual([0xc0000201, 0x01020304, 0xc00002ff, 0xffffffff]);
    expect(toHex(p.chaddr)).toBe('00010203040500000000000000000000');
    expect(p.sname).toEqual(KEA_DUMMY.sname);
    expect(p.file).toEqual(KEA_DUMMY.file);
    expect(p.messageType).toBe(1);
  });

  it('unpackOptions: options in wire order, payloads as sent', () => {
    const p = decoded(decodePacket4(withOptions(keaTestHeader(), KEA_V4_OPTS)));
    expect([...p.options.codes()]).toEqual([53, 12, 14, 60, 128, 254]);
    expect(optionsOf(p)).toEqual({ 53: '02', 12: '000102', 14: '0a0b0c', 60: '141516', 128: '1e1f20', 254: '28292a' });
    expect(p.messageType).toBe(2);
  });

  it('unpackMalformed: a truncated last option drops only that option when lenient (Kea always)', () => {
    const orig = withOptions(keaTestHeader(), [53, 1, 2, 12, 3, 102, 111, 111]);
    expect(optionsOf(decoded(decodePacket4(orig)))).toEqual({ 53: '02', 12: '666f6f' });
    const noLength = orig.subarray(0, orig.length - 4);
    const shorty = orig.subarray(0, orig.length - 1);
    for (const b of [noLength, shorty]) {
      expect(optionsOf(decoded(decodePacket4(b, { lenient: true })))).toEqual({ 53: '02' });
      expect(decodePacket4(b)).toMatchObject({ ok: false, code: 'ERR_CODEC_OPTION_OVERFLOW', offset: 243 });
    }
  });

  it('nullTerminatedOptions: text options are kept as sent (NULs are the catalogue\'s business)', () => {
    const b = withOptions(keaTestHeader(), [0x35, 1, 1, 12, 5, 0x74, 0x77, 0x6f, 0, 0, 17, 4, 0x6e, 0x6f, 0x6e, 0x65,
      14, 4, 0x6f, 0x6e, 0x65, 0, 15, 6, 0x65, 0x6d, 0, 0x62, 0x65, 0x64, 255]);
    expect(optionsOf(decoded(decodePacket4(b)))).toEqual({ 53: '01', 12: '74776f0000', 17: '6e6f6e65', 14: '6f6e6500', 15: '656d00626564' });
  });

  it('getType: no option 53 is a BOOTP packet', () => {
    expect(decoded(decodePacket4(withOptions(keaTestHeader(), [12, 1, 0x61, 255]))).messageType).toBeNull();
  });
});

describe('decodePacket4: Kea libdhcp++_unittest.cc unpackOptions4 vectors', () => {
  it('emptyHostName: an empty option 12 is dropped, the next option kept', () => {
    const p = decoded(decodePacket4(withOptions(plainHeader(), [12, 0, 60, 3, 10, 11, 12])));
    expect(optionsOf(p)).toEqual({ 60: '0a0b0c' });
  });

  it('fuseNotAligned: instances of a code are concatenated in order (RFC 3396)', () => {
    const p = decoded(decodePacket4(withOptions(plainHeader(), [1, 2, 192, 0, 60, 3, 0x66, 0x6f, 0x6f, 1, 2, 2, 1, 60, 3, 0x62, 0x61, 0x72])));
    expect(optionsOf(p)).toEqual({ 1: 'c0000201', 60: '666f6f626172' });
    expect([...p.options.codes()]).toEqual([1, 60]);
  });

  it('fuseLongOption: 256 instances of 64 octets make one 16384-octet payload', () => {
    const opts: number[] = [];
    for (let i = 0; i < 256; i++) opts.push(231, 64, ...Array.from({ length: 64 }, (_, j) => j));
    const payload = decoded(decodePacket4(withOptions(plainHeader(), opts))).options.get(231) as Uint8Array;
    expect(payload.length).toBe(16384);
    expect(payload.every((v, i) => v === i % 64)).toBe(true);
  });

  it('unpackEmptyOption4: a zero-length option is kept', () => {
    expect(optionsOf(decoded(decodePacket4(withOptions(plainHeader(), [0xfe, 0x00]))))).toEqual({ 254: '' });
  });

  it('PAD is skipped, END stops, bytes after END are ignored', () => {
    const p = decoded(decodePacket4(withOptions(plainHeader(), [0, 0, 53, 1, 3, 0, 255, 12, 200, 1])));
    expect(optionsOf(p)).toEqual({ 53: '03' });
  });
});

describe('decodePacket4: payloads are views into the datagram', () => {
  it('does not copy a single-instance payload, copies a concatenated one', () => {
    const b = withOptions(plainHeader(), [53, 1, 1, 61, 2, 1, 2, 77, 1, 9, 77, 1, 8]);
    const p = decoded(decodePacket4(b));
    expect((p.options.get(61) as Uint8Array).buffer).toBe(b.buffer);
    expect(p.chaddr.buffer).toBe(b.buffer);
    expect(toHex(p.options.get(77) as Uint8Array)).toBe('0908');
    expect((p.options.get(77) as Uint8Array).buffer).not.toBe(b.buffer);
  });
});

/** A packet with zero sname/file, then `file`/`sname` option bytes written into those fields. */
function overloaded(main: number[], file: number[] | null, sname: number[] | null): Uint8Array {
  const h = plainHeader();
  if (file !== null) h.set(file, 108);
  if (sname !== null) h.set(sname, 44);
  return withOptions(h, main);
}

describe('decodePacket4: option overload (RFC 2131 §4.1)', () => {
  it.each([
    ['1: file', 1, { 53: '01', 52: '01', 12: '66', 3: 'c0000201' }, 0, 64],
    ['2: sname', 2, { 53: '01', 52: '02', 12: '66', 6: '08080808' }, 128, 0],
    ['3: both, file before sname', 3, { 53: '01', 52: '03', 12: '6666', 3: 'c0000201', 6: '08080808' }, 0, 0],
  ] as const)('overload %s', (_name, value, options, fileLength, snameLength) => {
    const b = overloaded([53, 1, 1, 52, 1, value, 255], [12, 1, 0x66, 3, 4, 192, 0, 2, 1, 255], [12, 1, 0x66, 6, 4, 8, 8, 8, 8, 255]);
    const p = decoded(decodePacket4(b));
    expect(optionsOf(p)).toEqual(options);
    expect(p.file.length).toBe(fileLength);
    expect(p.sname.length).toBe(snameLength);
  });

  it('concatenates one code across options, file and sname, in that order (RFC 3396 §7)', () => {
    const b = overloaded([53, 1, 1, 52, 1, 3, 119, 2, 0x61, 0x62, 255], [119, 2, 0x63, 0x64, 255], [119, 1, 0x65, 255]);
    expect(toHex(decoded(decodePacket4(b)).options.get(119) as Uint8Array)).toBe('6162636465');
  });

  it('reads an overloaded field to its end when it has no END', () => {
    const file = Array.from({ length: 128 }, () => 0);
    file.splice(0, 3, 66, 1, 0x41);
    const p = decoded(decodePacket4(overloaded([52, 1, 1], file, null)));
    expect(optionsOf(p)).toEqual({ 52: '01', 66: '41' });
  });

  it('ignores option 52 inside an overloaded field when lenient (no loops)', () => {
    const b = overloaded([53, 1, 1, 52, 1, 1, 255], [52, 1, 3, 12, 1, 0x66, 255], [6, 4, 8, 8, 8, 8, 255]);
    const p = decoded(decodePacket4(b, { lenient: true }));
    expect(optionsOf(p)).toEqual({ 53: '01', 52: '01', 12: '66' });
    expect(p.sname.length).toBe(64);
  });

  it('reads options in file/sname only when option 52 says so', () => {
    const b = overloaded([53, 1, 1, 255], [12, 1, 0x66, 255], null);
    const p = decoded(decodePacket4(b));
    expect(optionsOf(p)).toEqual({ 53: '01' });
    expect(p.file[0]).toBe(12);
  });

  it('lenient: option 52 with a value outside 1-3 is ignored, a longer one read from its first octet', () => {
    expect(optionsOf(decoded(decodePacket4(overloaded([52, 1, 7, 255], [12, 1, 0x66, 255], null), { lenient: true }))))
      .toEqual({ 52: '07' });
    expect(optionsOf(decoded(decodePacket4(overloaded([52, 2, 1, 9, 255], [12, 1, 0x66, 255], null), { lenient: true }))))
      .toEqual({ 52: '0109', 12: '66' });
  });
});

describe('decodePacket4: BOOTP (RFC 951)', () => {
  it('a 236-octet datagram without vendor area decodes with no options', () => {
    const p = decoded(decodePacket4(plainHeader()));
    expect(p.options.size).toBe(0);
    expect(p.messageType).toBeNull();
    expect(p.xid).toBe(0xdeadbeef);
  });

  it('a zero-filled 64-octet vendor area (no RFC 1048 cookie) decodes with no options', () => {
    const b = new Uint8Array(300);
    b.set(plainHeader());
    expect(decoded(decodePacket4(b)).options.size).toBe(0);
  });

  it('a BOOTP packet with the cookie and RFC 1497 options but no option 53', () => {
    const p = decoded(decodePacket4(withOptions(plainHeader(), [1, 4, 255, 255, 255, 0, 255])));
    expect(p.messageType).toBeNull();
    expect(optionsOf(p)).toEqual({ 1: 'ffffff00' });
  });
});
