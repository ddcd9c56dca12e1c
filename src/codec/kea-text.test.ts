import { describe, expect, it } from 'vitest';
import { ipv6ToBytes, parseIPv6 } from '../net/index.js';
import { fqdnToWire, readWireName, wireNameToText } from './fqdn.js';
import { parseIPv6Bytes } from '../net/index.js';
import {
  csvEscape, decodeBase16, decodeOptionBinary, keaTokens, keaTrim,
} from './kea-text.js';
import { decodeFormattedHex } from '../net/index.js';

const hex = (b: Uint8Array | null | string): string | null =>
  b === null || typeof b === 'string' ? null : Buffer.from(b).toString('hex');

describe('keaTokens (util/str.cc tokens)', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,b', ['a', 'b']], // empty tokens are dropped
    [',a,', ['a']],
    ['a, ,b', ['a', ' ', 'b']], // a blank token survives (and is trimmed later)
    ['a\\,b,c', ['a,b', 'c']], // escaped delimiter
    ['a\\\\b', ['a\\b']], // escaped escape
    ['a\\|b', ['a\\|b']], // escape before a non-delimiter is kept
    ['trailing\\', ['trailing\\']],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(keaTokens(text, ',', true)).toEqual(expected);
  });

  it('does not unescape when escapes are off', () => {
    expect(keaTokens('a\\,b', ',', false)).toEqual(['a\\', 'b']);
  });

  it('csvEscape gives the text back through keaTokens', () => {
    for (const s of ['plain', 'a,b', 'back\\slash', 'both\\,and,']) {
      expect(keaTokens(csvEscape(s), ',', true)).toEqual([s]);
    }
  });

  it('keaTrim strips spaces, tabs and newlines only', () => {
    expect(keaTrim(' \t a b\n')).toBe('a b');
    expect(keaTrim('\ra\r')).toBe('\ra\r');
  });
});

describe('hex decoders', () => {
  // config_parser_unittest.cc optionDataValidHexLiterals / optionDataInvalidHexLiterals
  it.each(['0a0b0C0D', '0A:0B:0C:0D', '0A 0B 0C 0D', 'A0B0C0D', '0xA0B0C0D'])(
    'csv-format false accepts %s', (text) => {
      expect(hex(decodeOptionBinary(text))).toBe('0a0b0c0d');
    });

  it.each(['01020R', '0x01:02', '0x01 02', '0X0102', '01.02', '0a::0b', '0a:123'])(
    'csv-format false rejects %s', (text) => {
      expect(decodeOptionBinary(text)).toBeNull();
    });

  it('reads quoted text as its bytes, trimmed inside the quotes', () => {
    expect(hex(decodeOptionBinary(" ' ab c ' "))).toBe('61622063');
    expect(hex(decodeOptionBinary("'é'"))).toBe('c3a9');
    expect(decodeOptionBinary("''")).toBeNull(); // empty quotes fall through to hex
  });

  it('empty data is zero bytes', () => {
    expect(hex(decodeFormattedHex(''))).toBe('');
  });

  // option_data_types_unittest.cc writeBinary
  it('decodeBase16 is plain digits, whitespace skipped, even count', () => {
    expect(hex(decodeBase16('000102030405060708090A0B'))).toBe('000102030405060708090a0b');
    expect(hex(decodeBase16('0a 0b'))).toBe('0a0b');
    expect(decodeBase16('0a:0b')).toBeNull();
    expect(decodeBase16('abc')).toBeNull();
    expect(decodeBase16('0x0a')).toBeNull();
  });
});

describe('parseIPv6Bytes', () => {
  it.each([
    '::', '::1', '1::', '2001:db8::1', '2001:db8:1::dead:beef', 'ff02::face:b00c',
    '1:2:3:4:5:6:7:8', '1::2:3:4:5:6:7', '1:2:3:4:5:6:7::', '::ffff:192.0.2.1', '::192.0.2.1',
    '1:2:3:4:5:6:1.2.3.4', 'FE80::ABCD', '0000:0000:0000:0000:0000:ffff:255.255.255.255',
    ':', ':::', '1:::2', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '::1:', ':1::',
    '12345::', 'g::', '1.2.3.4', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4', '::01.2.3.4', 'fe80::1%eth0',
  ])('agrees with net parseIPv6 on %s', (text) => {
    const mine = parseIPv6Bytes(text);
    const ref = parseIPv6(text);
    expect(mine === null ? null : hex(mine)).toBe(ref === null ? null : hex(ipv6ToBytes(ref)));
  });
});

describe('fqdn', () => {
  // option_data_types_unittest.cc writeFqdn
  it('writes labels with length octets and a terminating zero', () => {
    expect(hex(fqdnToWire('mydomain.example.com'))).toBe('086d79646f6d61696e076578616d706c6503636f6d00');
    expect(hex(fqdnToWire('hello.net.'))).toBe('0568656c6c6f036e657400');
    expect(hex(fqdnToWire('.'))).toBe('00');
  });

  it.each([
    ['', 'empty domain name'],
    ['example..com', "empty label in 'example..com'"],
    ['.example', "empty label in '.example'"],
    [`${'a'.repeat(64)}.com`, 'label longer than 63 octets'],
    ['a\\25', 'bad \\DDD escape'],
    ['a\\999', 'is above 255'],
  ])('rejects %j', (text, message) => {
    expect(fqdnToWire(text)).toContain(message);
  });

  it('rejects names longer than 255 octets', () => {
    const name = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.');
    expect(fqdnToWire(name)).toContain('longer than 255 octets');
  });

  it('handles escapes and prints them back as Kea does', () => {
    const wire = fqdnToWire('a\\.b\\032c.example');
    expect(hex(wire)).toBe('05612e622063076578616d706c6500');
    expect(wireNameToText(wire as Uint8Array, 0)).toBe('a\\.b\\032c.example.');
  });

  it('reads wire names and refuses compression', () => {
    const wire = Uint8Array.of(1, 0x61, 0);
    expect(readWireName(wire, 0, 3)).toBe(3);
    expect(readWireName(Uint8Array.of(1, 0x61), 0, 2)).toContain('incomplete');
    expect(readWireName(Uint8Array.of(0xc0, 0), 0, 2)).toContain('compressed');
  });
});
