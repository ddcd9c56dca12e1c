// Sub-option lists (option 82, 43) and vendor options 124/125: Kea's libdhcp++_unittest.cc vectors.
import { describe, expect, it } from 'vitest';
import {
  decodeSubOptions, encodeSubOptions, encodeVendorClasses124, encodeVendorOptions125, vendorClasses124, vendorOptions125,
} from './sub-options4.js';
import { toHex } from './test-helpers.js';

const u8 = (...b: number[]): Uint8Array => Uint8Array.from(b);
const asHex = (m: Map<number, Uint8Array> | null): Record<number, string> | null =>
  m === null ? null : Object.fromEntries([...m].map(([k, v]) => [k, toHex(v)]));
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

describe('decodeSubOptions', () => {
  it('Kea v4_opts RAI: circuit-id, remote-id and VSI', () => {
    const rai = u8(0x01, 0x04, 0x20, 0x00, 0x02, 0x00, 0x02, 0x06, 0x20, 0xe5, 0x2a, 0xb8, 0x15, 0x00,
      0x09, 0x09, 0x00, 0x00, 0x11, 0x8b, 0x04, 0x01, 0x02, 0x03, 0x00);
    expect(asHex(decodeSubOptions(rai))).toEqual({ 1: '20000200', 2: '20e52ab81500', 9: '0000118b0401020300' });
  });

  it('concatenates a repeated sub-option (Kea fuseLongOptionWithLongSuboption)', () => {
    const parts: number[] = [];
    for (let i = 0; i < 4; i++) parts.push(1, 64, ...Array.from({ length: 64 }, (_, j) => j));
    const circuit = decodeSubOptions(Uint8Array.from(parts)).get(1) as Uint8Array;
    expect(circuit.length).toBe(256);
    expect(circuit.every((v, i) => v === i % 64)).toBe(true);
  });

  it('ignores a truncated last sub-option, as Kea does', () => {
    expect(asHex(decodeSubOptions(u8(1, 1, 7, 2, 5, 1)))).toEqual({ 1: '07' });
    expect(asHex(decodeSubOptions(u8(1, 1, 7, 2)))).toEqual({ 1: '07' });
  });

  it('Kea option43Pad/option43End: 0 and 255 are PAD/END only with padEnd', () => {
    const buf = u8(0x00, 0x01, 0x00, 0x02, 0x01, 0x01);
    expect(asHex(decodeSubOptions(buf, { padEnd: true }))).toEqual({ 1: '', 2: '01' });
    expect(asHex(decodeSubOptions(buf))).toEqual({ 0: '00', 2: '01' });
    expect(asHex(decodeSubOptions(u8(0xff, 0x01, 0x02), { padEnd: true }))).toEqual({});
    expect(asHex(decodeSubOptions(u8(0xff, 0x01, 0x02)))).toEqual({ 255: '02' });
  });

  it('encodeSubOptions splits a long payload and round-trips', () => {
    const long = Uint8Array.from({ length: 300 }, (_, i) => i & 255);
    const wire = encodeSubOptions([[1, u8(9)], [2, long], [5, new Uint8Array(0)]]);
    expect(wire.length).toBe(3 + 300 + 4 + 2);
    expect(asHex(decodeSubOptions(wire))).toEqual({ 1: '09', 2: toHex(long), 5: '' });
    expect(() => encodeSubOptions([[256, u8(1)]])).toThrow(expect.objectContaining({ code: 'ERR_CODEC_BAD_OPTION_CODE' }));
  });
});

describe('vendorOptions125 (RFC 3925 §4)', () => {
  it('Kea v4_opts: CableLabs (4491) with the TFTP servers sub-option', () => {
    expect(asHex(vendorOptions125(u8(0, 0, 0x11, 0x8b, 6, 2, 4, 10, 0, 0, 10)))).toEqual({ 4491: '02040a00000a' });
  });

  it('Kea extendVivso: blocks of one enterprise are joined, others kept apart', () => {
    const payload = u8(0, 0, 0, 1, 7, 16, 5, ...ascii('first'), 0, 0, 0, 2, 7, 128, 5, ...ascii('extra'),
      0, 0, 0, 1, 7, 64, 5, ...ascii('third'));
    const m = vendorOptions125(payload);
    expect(asHex(m)).toEqual({ 1: toHex(u8(16, 5, ...ascii('first'), 64, 5, ...ascii('third'))), 2: toHex(u8(128, 5, ...ascii('extra'))) });
  });

  it.each([
    ['fewer than 4 octets (Kea truncatedVendorLength)', u8(0)],
    ['data-len past the end (Kea unpackVendorMalformed)', u8(1, 2, 3, 4, 10, 128, 3, 102, 111, 111)],
    ['a sub-option without length', u8(1, 2, 3, 4, 6, 128, 3, 102, 111, 111, 129)],
    ['a sub-option past its block', u8(1, 2, 3, 4, 9, 128, 3, 102, 111, 111, 129, 3, 99, 98)],
  ])('null when malformed: %s', (_name, payload) => {
    expect(vendorOptions125(payload)).toBeNull();
  });

  it('an enterprise number without data-len maps to no data, as in Kea', () => {
    expect(asHex(vendorOptions125(u8(0, 0, 0x11, 0x8b)))).toEqual({ 4491: '' });
  });

  it('encodeVendorOptions125 round-trips and cuts long data at sub-option boundaries', () => {
    const subs: number[] = [];
    for (let i = 0; i < 5; i++) subs.push(i + 1, 98, ...Array.from({ length: 98 }, () => i));
    const data = Uint8Array.from(subs); // 5 × 100 octets
    const wire = encodeVendorOptions125([[4491, data], [311, u8(1, 1, 0)]]);
    // blocks of 200, 200, 100 octets (two whole sub-options each), then Microsoft's
    expect([wire[4], wire[4 + 205], wire[4 + 410]]).toEqual([200, 200, 100]);
    expect(asHex(vendorOptions125(wire))).toEqual({ 4491: toHex(data), 311: '010100' });
    expect(toHex(encodeVendorOptions125([[7, new Uint8Array(0)]]))).toBe('0000000700');
    expect(() => encodeVendorOptions125([[2 ** 32, u8()]])).toThrow(expect.objectContaining({ code: 'ERR_CODEC_FIELD_RANGE' }));
  });
});

describe('vendorClasses124 (RFC 3925 §3)', () => {
  const vivco = u8(0, 0, 0, 1, 5, ...ascii('first'), 0, 0, 0, 1, 6, ...ascii('second'), 0, 0, 0, 2, 5, ...ascii('extra'),
    0, 0, 0, 1, 5, ...ascii('third'));

  it('Kea extendVivco: one data block per tuple, grouped by enterprise', () => {
    const m = vendorClasses124(vivco);
    expect([...(m?.get(1) ?? [])].map((b) => new TextDecoder().decode(b))).toEqual(['first', 'second', 'third']);
    expect([...(m?.get(2) ?? [])].map((b) => new TextDecoder().decode(b))).toEqual(['extra']);
  });

  it('truncation: <4 octets is null, a block past the end stops (or is taken whole when lenient)', () => {
    expect(vendorClasses124(u8(0, 0, 1))).toBeNull();
    const payload = u8(0, 0, 0, 1, 2, 0x61, 0x62, 0, 0, 0, 2, 9, 0x63);
    const read = (lenient: boolean): Array<[number, string[]]> =>
      [...(vendorClasses124(payload, { lenient }) ?? [])].map(([k, v]) => [k, v.map(toHex)]);
    expect(read(false)).toEqual([[1, ['6162']]]);
    expect(read(true)).toEqual([[1, ['6162']], [2, ['63']]]);
  });

  it('encodeVendorClasses124 round-trips; a block over 255 octets throws', () => {
    const wire = encodeVendorClasses124([[1, [u8(...ascii('first')), u8(...ascii('second'))]], [2, [u8(...ascii('extra'))]]]);
    expect(toHex(wire)).toBe(toHex(vivco.subarray(0, 4 + 1 + 5 + 4 + 1 + 6 + 4 + 1 + 5)));
    expect(() => encodeVendorClasses124([[1, [new Uint8Array(256)]]])).toThrow(expect.objectContaining({ code: 'ERR_CODEC_FIELD_RANGE' }));
  });
});
