import { describe, expect, it } from 'vitest';
import {
  decodeFormattedHex,
  decodeIdentifier,
  decodeQuotedText,
  decodeSeparatedHex,
  formatIPv4,
  formatIPv6,
  formatRange,
  hasHostBits,
  parseIPv4,
  parseIPv6,
  parsePool,
  parsePrefix,
  parseSubnetPrefix,
  rangeContains,
  rangesOverlap,
} from './index.js';

const hex = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('hex'));

describe('IPv4', () => {
  it.each([
    ['192.0.2.1', 0xc0000201],
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
  ])('parses %s', (text, value) => {
    expect(parseIPv4(text)).toBe(value);
    expect(formatIPv4(value)).toBe(text);
  });

  it.each(['192.0.2', '192.0.2.1.1', '192.0.2.256', '01.2.3.4', '1.2.3.', ' 1.2.3.4', '1..2.3', 'a.b.c.d', ''])(
    'rejects %j as inet_pton does',
    (text) => expect(parseIPv4(text)).toBeNull(),
  );
});

describe('IPv6', () => {
  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // RFC 5952 4.2.2: a single 0 is not compressed
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run is compressed
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
  ])('parses %s and formats it as %s', (text, canonical) => {
    const v = parseIPv6(text);
    expect(v).not.toBeNull();
    expect(formatIPv6(v as bigint)).toBe(canonical);
  });

  it.each(['2001:db8::1::1', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '2001:db8::1%eth0', ':1', '1:'])(
    'rejects %j',
    (text) => expect(parseIPv6(text)).toBeNull(),
  );
});

describe('prefixes and pools', () => {
  it('parses prefixes and detects host bits', () => {
    expect(parsePrefix('10.0.0.0/8')).toMatchObject({ family: 4, length: 8 });
    expect(parsePrefix('10.0.0.0/33')).toBeNull();
    expect(parsePrefix('2001:db8::/129')).toBeNull();
    expect(hasHostBits(parsePrefix('10.0.0.1/24')!)).toBe(true);
    expect(hasHostBits(parsePrefix('10.0.0.0/24')!)).toBe(false);
  });

  it('ignores whitespace in subnets and pools, as Kea strips it', () => {
    expect(parseSubnetPrefix('192.0.2.0 / 24', 4)).toMatchObject({ length: 24 });
    expect(formatRange(parsePool(' 192.0.2.10 -192.0.2.20 ', 4)!)).toBe('192.0.2.10-192.0.2.20');
    expect(formatRange(parsePool('192.0.2.64/26', 4)!)).toBe('192.0.2.64-192.0.2.127');
    expect(formatRange(parsePool('2001:db8::10 - 2001:db8::ff', 6)!)).toBe('2001:db8::10-2001:db8::ff');
  });

  it('rejects reversed, wrong-family and malformed pools', () => {
    expect(parsePool('192.0.2.20 - 192.0.2.10', 4)).toBeNull();
    expect(parsePool('2001:db8::1 - 2001:db8::2', 4)).toBeNull();
    expect(parsePool('192.0.2.1', 4)).toBeNull();
  });

  it('compares ranges', () => {
    const subnet = parsePool('10.0.0.0/24', 4)!;
    expect(rangeContains(subnet, parsePool('10.0.0.10-10.0.0.20', 4)!)).toBe(true);
    expect(rangeContains(subnet, parsePool('10.0.0.10-10.0.1.20', 4)!)).toBe(false);
    expect(rangesOverlap(parsePool('10.0.0.10-10.0.0.20', 4)!, parsePool('10.0.0.20-10.0.0.30', 4)!)).toBe(true);
    expect(rangesOverlap(parsePool('10.0.0.10-10.0.0.20', 4)!, parsePool('10.0.0.21-10.0.0.30', 4)!)).toBe(false);
  });
});

describe("Kea's hex and identifier text (src/lib/util/str.cc)", () => {
  it.each([
    ['01:02:0a:ff', '01020aff'],
    ['1:2:a', '01020a'],
    ['01 02 0a', '01020a'],
    ['0x01020a', '01020a'],
    ['1020a', '01020a'],
    ['', ''],
  ])('decodes %j', (text, bytes) => expect(hex(decodeFormattedHex(text))).toBe(bytes));

  it.each(['01::02', '012:03', '0g', '0x0g', '01:02:'])('rejects %j', (text) => expect(decodeFormattedHex(text)).toBeNull());

  it('decodes separated hex with one separator only', () => {
    expect(hex(decodeSeparatedHex('aa-bb', '-'))).toBe('aabb');
    expect(decodeSeparatedHex('aa::bb', ':')).toBeNull();
  });

  it('decodes quoted text, trimmed inside and outside the quotes', () => {
    expect(Buffer.from(decodeQuotedText(" ' foo ' ")!).toString()).toBe('foo');
    expect(decodeQuotedText("''")).toBeNull();
    expect(decodeQuotedText('foo')).toBeNull();
  });

  it('decodes identifiers with Kea limits', () => {
    expect(hex(decodeIdentifier('hw-address', '1a:1b:1c:1d:1e:1f') as Uint8Array)).toBe('1a1b1c1d1e1f');
    expect(hex(decodeIdentifier('circuit-id', "'port-1'") as Uint8Array)).toBe(Buffer.from('port-1').toString('hex'));
    expect(decodeIdentifier('hw-address', '')).toBe('empty identifier');
    expect(decodeIdentifier('hw-address', '00:'.repeat(20) + '00')).toMatch(/longer than the 20/);
    expect(decodeIdentifier('duid', 'zz')).toMatch(/not hex octets/);
  });
});
