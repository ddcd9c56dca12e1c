/**
 * Evaluation vectors from Kea's token_unittest.cc, evaluate_unittest.cc and boolean_unittest.cc,
 * run through the parser and evaluator against a small in-memory EvalPacket.
 */
import { describe, expect, it } from 'vitest';
import {
  EvalRuntimeError, evaluateBool, evaluateString, formatOptionTextGeneric, parseExpression,
  type EvalHeader4, type EvalHeader6, type EvalPacket, type EvalRelay6, type Expr, type OptionScope,
} from './index.js';
import { asciiBytes, bytesToLatin1 } from './bytes.js';
import { ipv4ToBytes, ipv6ToBytes, parseIPv4, parseIPv6 } from '../net/index.js';

// ---------------------------------------------------------------------------------------------
// Fake packet: options are trees of payloads; text options behave like Kea's OptionString
// (`.text` is the payload), byte options like an option without a definition.


/** An option: a text payload (string-typed) or bytes (no definition), with sub-options. */
interface FakeOption {
  readonly data: string | Uint8Array;
  readonly sub?: Readonly<Record<number, FakeOption>>;
}
type FakeOptions = Readonly<Record<number, FakeOption>>;

interface FakeRelay {
  readonly peer: string;
  readonly link: string;
  readonly options: FakeOptions;
}

interface FakePacketInit {
  readonly family: 4 | 6;
  readonly options?: FakeOptions;
  readonly iface?: string;
  readonly src?: string;
  readonly dst?: string;
  readonly len?: number;
  readonly header4?: Partial<EvalHeader4>;
  readonly header6?: Partial<EvalHeader6>;
  readonly relays?: readonly FakeRelay[];
  readonly vendor?: { readonly id: number; readonly options: FakeOptions };
  readonly vendorClass?: { readonly id: number; readonly data: readonly string[] };
  readonly classes?: readonly string[];
}

function addressBytes(text: string): Uint8Array {
  const v4 = parseIPv4(text);
  if (v4 !== null) return ipv4ToBytes(v4);
  const v6 = parseIPv6(text);
  if (v6 === null) throw new Error(`bad address in test: ${text}`);
  return ipv6ToBytes(v6);
}

function payload(o: FakeOption): Uint8Array {
  return typeof o.data === 'string' ? asciiBytes(o.data) : o.data;
}

function walk(options: FakeOptions | undefined, path: readonly number[]): FakeOption | undefined {
  let current: FakeOption | undefined;
  let level = options;
  for (const code of path) {
    current = level?.[code];
    if (current === undefined) return undefined;
    level = current.sub;
  }
  return current;
}

function find(options: FakeOptions | undefined, path: readonly number[]): Uint8Array | undefined {
  const o = walk(options, path);
  return o === undefined ? undefined : payload(o);
}

function fakePacket(init: FakePacketInit): EvalPacket {
  const family = init.family;
  const h4 = init.header4;
  const relays: EvalRelay6[] = (init.relays ?? []).map((r) => ({
    peerAddr: addressBytes(r.peer),
    linkAddr: addressBytes(r.link),
    option: (path) => find(r.options, path),
  }));
  const scopeOptions = (scope: OptionScope): FakeOptions | undefined =>
    scope === 'vendor' ? init.vendor?.options : init.options;
  return {
    family,
    option: (code) => find(init.options, [code]),
    subOption: (path) => find(init.options, path),
    optionText: (scope, path, bytes) => {
      // relay6 options are looked up in the first relay holding the path (good enough here)
      const o = scope === 'relay6'
        ? init.relays?.map((r) => walk(r.options, path)).find((x) => x !== undefined)
        : walk(scopeOptions(scope), path);
      if (o !== undefined && typeof o.data === 'string') return bytes;
      return formatOptionTextGeneric(family, path[path.length - 1] ?? 0, bytes);
    },
    iface: init.iface ?? '',
    src: addressBytes(init.src ?? (family === 4 ? '0.0.0.0' : '::')),
    dst: addressBytes(init.dst ?? (family === 4 ? '0.0.0.0' : '::')),
    len: init.len ?? 0,
    header4: family === 4
      ? {
          mac: h4?.mac ?? new Uint8Array(0), hlen: h4?.hlen ?? 0, htype: h4?.htype ?? 1,
          ciaddr: h4?.ciaddr ?? 0, giaddr: h4?.giaddr ?? 0, yiaddr: h4?.yiaddr ?? 0, siaddr: h4?.siaddr ?? 0,
          msgtype: h4?.msgtype ?? 1, transid: h4?.transid ?? 12345,
        }
      : undefined,
    header6: family === 6 ? { msgtype: init.header6?.msgtype ?? 1, transid: init.header6?.transid ?? 12345 } : undefined,
    relays6: relays,
    vendorEnterpriseId: init.vendor?.id,
    vendorSubOption: (path) => find(init.vendor?.options, path),
    vendorClassEnterpriseId: init.vendorClass?.id,
    vendorClassData: (index) => {
      const d = init.vendorClass?.data[index];
      return d === undefined ? undefined : asciiBytes(d);
    },
    isMember: (name) => init.classes?.includes(name) ?? false,
  };
}

// ---------------------------------------------------------------------------------------------

const NAMES: Readonly<Record<string, number>> = { 'host-name': 12 };

function parse(text: string, family: 4 | 6, kind: 'bool' | 'string'): Expr {
  const r = parseExpression(text, kind, { family, resolveOptionName: (_space, name) => NAMES[name] });
  if (!r.ok) throw new Error(`${text}: ${r.message}`);
  return r.ast;
}

/** Evaluates a condition. */
function test(text: string, pkt: EvalPacket): boolean {
  return evaluateBool(parse(text, pkt.family, 'bool'), pkt);
}

/** Evaluates a string expression; the bytes come back as a Latin-1 string for easy comparison. */
function value(text: string, pkt: EvalPacket): string {
  return bytesToLatin1(evaluateString(parse(text, pkt.family, 'string'), pkt));
}

/** Kea's EvalContext::fromUint32, as a Latin-1 string. */
function u32(n: number): string {
  return bytesToLatin1(Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255));
}

// token_unittest.cc's fixture: DISCOVER / SOLICIT, transid 12345, option 100 holding a string.
const pkt4 = fakePacket({ family: 4, options: { 100: { data: 'hundred4' } } });
const pkt6 = fakePacket({ family: 6, options: { 100: { data: 'hundred6' } } });

describe('literals', () => {
  it.each([
    ["'foo'", 'foo'],
    ["''", ''],
    ['0x666f6f', 'foo'],
    ['0X666F6F', 'foo'],
    ['0x7', '\x07'],
    ['0x63825363', '\x63\x82\x53\x63'],
    ['10.0.0.1', '\x0a\x00\x00\x01'],
    ['2001:db8::1', '\x20\x01\x0d\xb8' + '\x00'.repeat(11) + '\x01'],
    ['::ffff:10.0.0.1', '\x00'.repeat(10) + '\xff\xff\x0a\x00\x00\x01'],
    ['0', u32(0)],
    ['6', u32(6)],
    ['255', u32(255)],
    ['256', u32(256)],
    ['1410', u32(1410)],
    ['4294967295', u32(4294967295)],
  ])('%s', (text, expected) => {
    expect(value(text, pkt4)).toBe(expected);
    expect(value(text, pkt6)).toBe(expected);
  });

  it('keeps control characters inside quoted strings (string4Complex)', () => {
    const s = "12345~!@#$%^&*()_+{}[];:<>/?\\67890\t \0\b\r\f";
    expect(value(`'${s}'`, pkt4)).toBe(s);
  });

  it('encodes non-ASCII string literals as UTF-8, as Kea sees the config text', () => {
    expect(value("'é'", pkt4)).toBe('\xc3\xa9');
  });
});

describe('options', () => {
  it.each([
    ['option[100].text', 'hundred4'],
    ['option[101].text', ''],
    ['option[100].hex', 'hundred4'],
    ['option[101].hex', ''],
  ])('%s (v4)', (text, expected) => expect(value(text, pkt4)).toBe(expected));

  it.each([
    ['option[100].text', 'hundred6'],
    ['option[101].text', ''],
    ['option[100].hex', 'hundred6'],
  ])('%s (v6)', (text, expected) => expect(value(text, pkt6)).toBe(expected));

  it('tests existence, also of an empty option', () => {
    const p = fakePacket({ family: 4, options: { 100: { data: 'x' }, 80: { data: new Uint8Array(0) } } });
    expect(test('option[100].exists', p)).toBe(true);
    expect(test('option[101].exists', p)).toBe(false);
    expect(test('option[80].exists', p)).toBe(true);
    expect(value('option[80].hex', p)).toBe('');
  });

  it('resolves option names at parse time', () => {
    const p = fakePacket({ family: 4, options: { 12: { data: 'myhost' } } });
    expect(test("option[host-name].text == 'myhost'", p)).toBe(true);
    expect(test("option[  host-name  ].text == 'myhost'", p)).toBe(true);
  });

  it('follows sub-option chains of any depth (optionString4Multiple)', () => {
    // option 100 > 1 > 2 > ... > 128, each holding its own number as text
    let inner: FakeOption = { data: '128' };
    for (let i = 127; i >= 1; i--) inner = { data: String(i), sub: { [i + 1]: inner } };
    const p = fakePacket({ family: 4, options: { 100: { data: 'top', sub: { 1: inner } } } });
    const chain = Array.from({ length: 128 }, (_, i) => `.option[${i + 1}]`).join('');
    expect(value(`option[100]${chain}.text`, p)).toBe('128');
    expect(test(`option[100]${chain}.exists`, p)).toBe(true);
    expect(test('option[100].option[1].option[3].exists', p)).toBe(false);
    expect(value('option[101].option[1].hex', p)).toBe('');
  });

  it('reads RAI sub-options through option[82].option[x] (subOption tests)', () => {
    const p = fakePacket({
      family: 4,
      options: { 82: { data: 'rai', sub: { 1: { data: 'one' }, 13: { data: 'thirteen' } } }, 13: { data: 'THIRTEEN' } },
    });
    expect(value('option[82].option[13].text', p)).toBe('thirteen');
    expect(value('option[82].option[1].text', p)).toBe('one');
    expect(value('option[82].option[70].text', p)).toBe('');
    expect(test('option[82].option[1].exists', p)).toBe(true);
    expect(test('option[82].option[70].exists', p)).toBe(false);
  });

  it('renders .text of an option without a definition as Kea does', () => {
    const bytes = Uint8Array.of(0x61, 0x62, 0x63);
    const p4 = fakePacket({ family: 4, options: { 222: { data: bytes }, 223: { data: Uint8Array.of(1, 0xff) } } });
    expect(value('option[222].text', p4)).toBe("type=222, len=003: 61:62:63 'abc'");
    expect(value('option[223].text', p4)).toBe('type=223, len=002: 01:ff');
    expect(value('option[222].hex', p4)).toBe('abc');
    const p6 = fakePacket({ family: 6, options: { 1234: { data: new Uint8Array(0) } } });
    expect(value('option[1234].text', p6)).toBe("type=01234, len=00000: ''");
    expect(bytesToLatin1(formatOptionTextGeneric(6, 7, Uint8Array.of(0x41)))).toBe("type=00007, len=00001: 41 'A'");
  });
});

describe('relay4', () => {
  const rai = { 82: { data: 'rai', sub: { 1: { data: 'one' }, 13: { data: 'thirteen' } } } };

  it('reads RAI sub-options (relay4Option, relay4OptionNoSuboption)', () => {
    const p = fakePacket({ family: 4, options: rai });
    expect(value('relay4[13].text', p)).toBe('thirteen');
    expect(value('relay4[15].text', p)).toBe('');
  });

  it('gives empty / false without a RAI (relay4OptionNoRai)', () => {
    expect(value('relay4[13].text', pkt4)).toBe('');
    expect(test('relay4[13].exists', pkt4)).toBe(false);
  });

  it('searches only the RAI (relay4RAIOnly)', () => {
    const p = fakePacket({ family: 4, options: { ...rai, 13: { data: 'THIRTEEN' }, 70: { data: 'SEVENTY' } } });
    expect(value('relay4[13].text', p)).toBe('thirteen');
    expect(value('relay4[1].text', p)).toBe('one');
    expect(value('relay4[70].text', p)).toBe('');
    expect(test('relay4[1].exists', p)).toBe(true);
    expect(test('relay4[70].exists', p)).toBe(false);
  });

  it('follows chains below a RAI sub-option (relay4OptionMultiple)', () => {
    const p = fakePacket({
      family: 4,
      options: { 82: { data: 'rai', sub: { 100: { data: 'one', sub: { 1: { data: '1', sub: { 2: { data: '2' } } } } } } } },
    });
    expect(value('relay4[100].option[1].option[2].text', p)).toBe('2');
    expect(value('relay4[100].option[1].option[3].text', p)).toBe('');
  });
});

describe('relay6', () => {
  // addRelay6Encapsulations(): relay 0 is closest to the server.
  const relayed = fakePacket({
    family: 6,
    relays: [
      { peer: '::', link: '::', options: { 100: { data: 'hundred.zero' }, 101: { data: 'hundredone.zero' } } },
      { peer: '1::2', link: '1::1', options: { 100: { data: 'hundred.one' }, 102: { data: 'hundredtwo.one' } } },
    ],
  });

  it.each([
    [0, 100, 'text', 'hundred.zero'],
    [0, 100, 'exists', 'true'],
    [0, 101, 'text', 'hundredone.zero'],
    [0, 102, 'text', ''],
    [0, 102, 'exists', 'false'],
    [1, 100, 'text', 'hundred.one'],
    [1, 101, 'text', ''],
    [1, 102, 'text', 'hundredtwo.one'],
    [2, 100, 'text', ''],
    [-1, 100, 'text', 'hundred.one'],
    [-1, 101, 'text', ''],
    [-1, 102, 'text', 'hundredtwo.one'],
    [-2, 100, 'text', 'hundred.zero'],
    [-2, 100, 'exists', 'true'],
    [-2, 101, 'text', 'hundredone.zero'],
    [-2, 102, 'text', ''],
    [-2, 102, 'exists', 'false'],
    [-3, 100, 'text', ''],
    [-32, 100, 'exists', 'false'],
    [31, 100, 'exists', 'false'],
  ])('relay6[%i].option[%i].%s is %j (relay6Option)', (nest, code, repr, expected) => {
    const text = `relay6[${nest}].option[${code}].${repr}`;
    if (repr === 'exists') expect(String(test(text, relayed))).toBe(expected);
    else expect(value(text, relayed)).toBe(expected);
  });

  it('follows chains inside a relay option (relay6OptionMultiple)', () => {
    const p = fakePacket({
      family: 6,
      relays: [{ peer: '::', link: '::', options: { 100: { data: 'z', sub: { 1: { data: '1', sub: { 2: { data: '2' } } } } } } }],
    });
    expect(value('relay6[0].option[100].option[1].option[2].text', p)).toBe('2');
  });

  const zero = '\x00'.repeat(16);
  const link1 = '\x00\x01' + '\x00'.repeat(13) + '\x01';
  const peer1 = '\x00\x01' + '\x00'.repeat(13) + '\x02';
  it.each([
    [0, 'linkaddr', zero],
    [0, 'peeraddr', zero],
    [1, 'linkaddr', link1],
    [1, 'peeraddr', peer1],
    [2, 'linkaddr', ''],
    [-1, 'linkaddr', link1],
    [-1, 'peeraddr', peer1],
    [-2, 'linkaddr', zero],
    [-2, 'peeraddr', zero],
    [-3, 'linkaddr', ''],
  ])('relay6[%i].%s (relay6Field)', (nest, field, expected) => {
    expect(value(`relay6[${nest}].${field}`, relayed)).toBe(expected);
  });

  it('compares a relay address with an address literal', () => {
    expect(test('relay6[1].linkaddr == 1::1', relayed)).toBe(true);
    expect(test("relay6[0].peeraddr == ''", pkt6)).toBe(true);
  });
});

describe('pkt metadata', () => {
  it('reads DHCPv4 metadata (pkt4MetaData)', () => {
    const p = fakePacket({ family: 4, iface: 'eth0', dst: '10.0.0.1', src: '10.0.0.2', len: 249 });
    expect(value('pkt.iface', p)).toBe('eth0');
    expect(value('pkt.src', p)).toBe('\x0a\x00\x00\x02');
    expect(value('pkt.dst', p)).toBe('\x0a\x00\x00\x01');
    expect(value('pkt.len', p)).toBe(u32(249));
    expect(test('pkt.len == 249', p)).toBe(true);
    expect(test('pkt.src == 10.0.0.2', p)).toBe(true);
  });

  it('reads DHCPv6 metadata (pkt6MetaData)', () => {
    const p = fakePacket({ family: 6, iface: 'eth0', dst: 'ff02::1:2', src: 'fe80::1234', len: 16 });
    expect(value('pkt.iface', p)).toBe('eth0');
    expect(test('pkt.src == fe80::1234', p)).toBe(true);
    expect(test('pkt.dst == ff02::1:2', p)).toBe(true);
    expect(test('pkt.len == 0x00000010', p)).toBe(true);
  });
});

describe('pkt4 and pkt6 fields', () => {
  const p = fakePacket({
    family: 4,
    header4: {
      mac: Uint8Array.of(1, 2, 3, 4, 5, 6, 7), hlen: 7, htype: 123,
      giaddr: 0xc0000201, ciaddr: 0xc0000202, yiaddr: 0xc0000203, siaddr: 0xc0000204,
    },
  });

  it.each([
    ['pkt4.mac', '\x01\x02\x03\x04\x05\x06\x07'],
    ['pkt4.hlen', u32(7)],
    ['pkt4.htype', u32(123)],
    ['pkt4.giaddr', '\xc0\x00\x02\x01'],
    ['pkt4.ciaddr', '\xc0\x00\x02\x02'],
    ['pkt4.yiaddr', '\xc0\x00\x02\x03'],
    ['pkt4.siaddr', '\xc0\x00\x02\x04'],
    ['pkt4.msgtype', u32(1)],
    ['pkt4.transid', u32(12345)],
  ])('%s (pkt4Fields)', (text, expected) => expect(value(text, p)).toBe(expected));

  it.each([
    ['pkt4.mac == 0x01020304050607', true],
    ["hexstring(pkt4.mac, ':') == '01:02:03:04:05:06:07'", true],
    ['pkt4.hlen == 7', true],
    ['pkt4.hlen == 6', false],
    ['pkt4.htype == 123', true],
    ['pkt4.htype == 0x7b', false], // one byte is not the 4-byte value
    ['pkt4.giaddr == 192.0.2.1', true],
    ['pkt4.transid == 12345', true],
    ['pkt4.transid == 0', false],
    ['pkt4.msgtype == 1', true],
  ])('%s is %s (expressionsPkt4Hlen)', (text, expected) => expect(test(text, p)).toBe(expected));

  it('reads the default packet (hlen 0, htype 1)', () => {
    expect(test('pkt4.hlen == 0', pkt4)).toBe(true);
    expect(test('pkt4.htype == 1', pkt4)).toBe(true);
  });

  it.each([
    ['pkt6.msgtype == 1', true],
    ['pkt6.msgtype == 2', false],
    ['pkt6.msgtype == 0x00000001', true],
    ['pkt6.transid == 0', false],
    ['pkt6.transid == 12345', true],
  ])('%s is %s (expressionsInteger1/2)', (text, expected) => expect(test(text, pkt6)).toBe(expected));

  it('fails on a packet of the other family, as Kea throws EvalTypeError', () => {
    const ast = parse('pkt4.hlen == 0', 4, 'bool');
    expect(() => evaluateBool(ast, pkt6)).toThrow(EvalRuntimeError);
    const ast6 = parse('pkt6.transid == 0', 6, 'bool');
    expect(() => evaluateBool(ast6, pkt4)).toThrow(EvalRuntimeError);
    const relay = parse("relay6[0].linkaddr == ''", 6, 'bool');
    expect(() => evaluateBool(relay, pkt4)).toThrow(EvalRuntimeError);
  });
});

describe('vendor and vendor-class', () => {
  const withVendor = (family: 4 | 6, id: number | undefined, sub?: number): EvalPacket =>
    fakePacket({
      family,
      ...(id === undefined ? {} : { vendor: { id, options: sub === undefined ? {} : { [sub]: { data: 'alpha' } } } }),
    });

  describe.each([4, 6] as const)('DHCPv%i', (family) => {
    it.each([
      [4491, undefined, false],
      [4491, 1234, false],
      [4491, 4491, true],
      ['*', undefined, false],
      ['*', 1234, true],
      ['*', 4491, true],
      [0, 1234, true],
    ])('vendor[%s].exists with option id %s is %s', (token, id, expected) => {
      expect(test(`vendor[${token}].exists`, withVendor(family, id))).toBe(expected);
    });

    it.each([
      [undefined, ''],
      [1234, u32(1234)],
      [4294967295, u32(4294967295)],
    ])('vendor.enterprise with option id %s', (id, expected) => {
      expect(value('vendor.enterprise', withVendor(family, id))).toBe(expected);
    });

    it.each([
      [undefined, undefined, false, ''],
      [1234, undefined, false, ''],
      [1234, 1, false, ''],
      [4491, 2, false, ''],
      [4491, 1, true, 'alpha'],
    ])('vendor[4491].option[1] with option id %s and sub-option %s', (id, sub, exists, hex) => {
      const p = withVendor(family, id, sub);
      expect(test('vendor[4491].option[1].exists', p)).toBe(exists);
      expect(value('vendor[4491].option[1].hex', p)).toBe(hex);
    });

    const greek = ['alpha', 'beta', 'delta', 'gamma', 'epsilon'];
    const withClass = (id: number | undefined, tuples: number): EvalPacket =>
      fakePacket({ family, ...(id === undefined ? {} : { vendorClass: { id, data: greek.slice(0, tuples) } }) });

    it.each([
      [4491, undefined, false],
      [4491, 1234, false],
      [4491, 4491, true],
      ['*', undefined, false],
      ['*', 1234, true],
    ])('vendor-class[%s].exists with option id %s is %s', (token, id, expected) => {
      expect(test(`vendor-class[${token}].exists`, withClass(id, 0))).toBe(expected);
    });

    it('reads vendor-class.enterprise', () => {
      expect(value('vendor-class.enterprise', withClass(undefined, 0))).toBe('');
      expect(value('vendor-class.enterprise', withClass(1234, 0))).toBe(u32(1234));
    });

    it.each([
      ['4491', '', undefined, 0, ''],
      ['4491', '', 1234, 1, ''],
      ['4491', '', 4491, 0, ''],
      ['4491', '', 4491, 1, 'alpha'],
      ['*', '', 1234, 1, 'alpha'],
      ['4491', '[3]', undefined, 0, ''],
      ['4491', '[3]', 4491, 3, ''],
      ['4491', '[3]', 1234, 5, ''],
      ['4491', '[3]', 4491, 5, 'gamma'],
    ])('vendor-class[%s].data%s with option id %s and %i chunks', (token, index, id, tuples, expected) => {
      expect(value(`vendor-class[${token}].data${index}`, withClass(id, tuples))).toBe(expected);
    });
  });
});

describe('string functions', () => {
  it.each([
    // substringWholeString / Trailer / Middle / LastLetter / Length / StartingPosition / ReturnEmpty
    ['0', '6', 'foobar'], ['0', 'all', 'foobar'], ['0', '123456', 'foobar'], ['-6', 'all', 'foobar'],
    ['3', '3', 'bar'], ['3', 'all', 'bar'], ['-3', 'all', 'bar'], ['-3', '123', 'bar'],
    ['1', '4', 'ooba'], ['-5', '4', 'ooba'], ['-1', '-4', 'ooba'], ['5', '-4', 'ooba'],
    ['5', 'all', 'r'], ['5', '1', 'r'], ['5', '5', 'r'], ['-1', 'all', 'r'], ['-1', '1', 'r'], ['-1', '5', 'r'],
    ['0', '-4', ''], ['1', '-4', 'f'], ['2', '-4', 'fo'], ['3', '-4', 'foo'],
    ['3', '4', 'bar'], ['4', '4', 'ar'], ['5', '4', 'r'], ['6', '4', ''],
    ['-7', '1', ''], ['-7', '-11', ''], ['-7', 'all', ''], ['6', '1', ''], ['6', '-11', ''], ['6', 'all', ''],
    ['0', '0', ''],
    // ARM examples
    ['-1', '-3', 'oba'], ['4', '-2', 'ob'], ['10', '2', ''],
  ])("substring('foobar', %s, %s) is %j", (start, length, expected) => {
    expect(value(`substring('foobar', ${start}, ${length})`, pkt4)).toBe(expected);
  });

  it('gives an empty string for an empty operand before looking at start and length', () => {
    expect(value("substring('', 0, all)", pkt4)).toBe('');
    expect(value("substring('', 3000000000, 1)", pkt4)).toBe('');
  });

  it('fails at run time when start or length is not a 32-bit integer (boost::lexical_cast<int>)', () => {
    expect(() => value("substring('foobar', 3000000000, 1)", pkt4)).toThrow(EvalRuntimeError);
    expect(() => value("substring('foobar', 0, -3000000000)", pkt4)).toThrow(EvalRuntimeError);
  });

  it('evaluates the substringEquals and complex examples', () => {
    expect(test("substring('foobar', 1, 4) == 'ooba'", pkt4)).toBe(true);
    expect(test("substring('foobar', 1, 4) == 'foob'", pkt4)).toBe(false);
    expect(test("substring(option[100].text, 0, 7) == 'hundred'", pkt4)).toBe(true);
    expect(test("substring(option[100].text, 0, 7) == 'hundred'", pkt6)).toBe(true);
  });

  it.each([
    ['', '.', '1', ''],
    ['.two.three..five.', '', '1', '.two.three..five.'],
    ['.two.three..five.', '.', '0', ''],
    ['.two.three..five.', '.', '1', ''],
    ['.two.three..five.', '.', '2', 'two'],
    ['.two.three..five.', '.', '3', 'three'],
    ['.two.three..five.', '.', '4', ''],
    ['.two.three..five.', '.', '5', 'five'],
    ['.two.three..five.', '.', '6', ''],
    ['.two.three..five.', '.', '7', ''],
    ['just_one', '.', '1', 'just_one'],
    ['.two:three.:five.', '.:', '2', 'two'],
    ['.two:three.:five.', '.:', '3', 'three'],
    ['.two:three.:five.', '.:', '4', ''],
    ['.two:three.:five.', '.:', '5', 'five'],
    ['.two:three.:five.', '.:', '6', ''],
    ['one.two..four', '.', '1', 'one'],
    ['one.two..four', '.', '-1', ''],
  ])("split('%s', '%s', %s) is %j", (s, delims, field, expected) => {
    expect(value(`split('${s}', '${delims}', ${field})`, pkt4)).toBe(expected);
  });

  it('splits on a hex delimiter (ARM: split(option[39].text, 0x27, 1))', () => {
    expect(value("split('a' + 0x27 + 'b', 0x27, 2)", pkt4)).toBe('b');
  });

  it('fails at run time when the split field is not a 32-bit integer', () => {
    expect(() => value("split('a.b', '.', 3000000000)", pkt4)).toThrow(EvalRuntimeError);
    expect(value("split('', '.', 3000000000)", pkt4)).toBe('');
  });

  it.each([
    ["concat('foo', 'bar')", 'foobar'],
    ["'foo' + 'bar'", 'foobar'],
    ["'a' + 'b' + 'c'", 'abc'],
    ["'a' + ('b' + 'c')", 'abc'],
    ["concat('', '')", ''],
    ["'foo' + 1", 'foo\x00\x00\x00\x01'],
  ])('%s is %j', (text, expected) => expect(value(text, pkt4)).toBe(expected));

  it.each([
    ["hexstring('foo', '-')", '66-6f-6f'],
    ["hexstring(0x1234, ':')", '12:34'],
    ["hexstring(0x56789a, '-')", '56-78-9a'],
    ["hexstring(0xbcde, '')", 'bcde'],
    ["hexstring(0xf01234, '..')", 'f0..12..34'],
    ["hexstring('', ':')", ''],
  ])('%s is %j (tohexstring)', (text, expected) => expect(value(text, pkt4)).toBe(expected));

  it('changes case of ASCII letters only (lcase/ucase, *Complex)', () => {
    expect(value("lcase('LoWeR')", pkt6)).toBe('lower');
    expect(value("ucase('uPpEr')", pkt6)).toBe('UPPER');
    const s = "12345~!@#$%^&*()_+LoWeR{}[];:<>/?\\67890\t \0\b\r\f";
    expect(value(`lcase('${s}')`, pkt4)).toBe(s.replace('LoWeR', 'lower'));
    expect(value(`ucase('${s}')`, pkt4)).toBe(s.replace('LoWeR', 'LOWER'));
    expect(value('lcase(0xc9d0)', pkt4)).toBe('\xc9\xd0');
  });

  it.each([
    ['addrtotext(10.0.0.1)', '10.0.0.1'],
    ['addrtotext(2001:db8::1)', '2001:db8::1'],
    ["addrtotext('')", ''],
    ['addrtotext(::)', '::'],
    ['addrtotext(::1)', '::1'],
    ['addrtotext(::10.0.0.1)', '::10.0.0.1'],
    ['addrtotext(::ffff:10.0.0.1)', '::ffff:10.0.0.1'],
    ['addrtotext(::1:0:0:1)', '::1:0:0:1'],
    ['addrtotext(1:0:0:1:0:0:0:1)', '1:0:0:1::1'],
    ['addrtotext(1:0:0:2:0:0:3:4)', '1::2:0:0:3:4'],
    ['addrtotext(1:2:3:4:5:6:7:0)', '1:2:3:4:5:6:7:0'],
    ['addrtotext(FE80::ABCD)', 'fe80::abcd'],
  ])('%s is %j (addressToText, inet_ntop forms)', (text, expected) => expect(value(text, pkt4)).toBe(expected));

  it('fails addrtotext on a value that is not 4 or 16 bytes', () => {
    expect(() => value("addrtotext('10.0.0.1')", pkt4)).toThrow(EvalRuntimeError);
    expect(() => value("addrtotext('10.0.0.1')", pkt4)).toThrow('addrtotext() needs 4 or 16 bytes, got 8');
  });

  it.each([
    ['int8totext(0xff)', '-1'],
    ['int16totext(0xffff)', '-1'],
    ['int32totext(0xffffffff)', '-1'],
    ['uint8totext(0xff)', '255'],
    ['uint16totext(0xffff)', '65535'],
    ['uint32totext(0xffffffff)', '4294967295'],
    ['int32totext(4294967295)', '-1'],
    ['uint32totext(4294967295)', '4294967295'],
    ['int8totext(0x7f)', '127'],
    ['int16totext(0x8000)', '-32768'],
    ['uint16totext(0x0102)', '258'],
    ["int8totext('')", ''],
    ["int16totext('')", ''],
    ["int32totext('')", ''],
    ["uint8totext('')", ''],
    ["uint16totext('')", ''],
    ["uint32totext('')", ''],
  ])('%s is %j (integerToText)', (text, expected) => expect(value(text, pkt4)).toBe(expected));

  it.each(['int8totext', 'int16totext', 'int32totext', 'uint8totext', 'uint16totext', 'uint32totext'])(
    "%s('0123456789') fails (invalid data size)",
    (fn) => expect(() => value(`${fn}('0123456789')`, pkt4)).toThrow(EvalRuntimeError),
  );

  it('evaluates ifelse lazily and sifelse strictly', () => {
    expect(value("ifelse('a' == 'a', 'foo', 'bar')", pkt4)).toBe('foo');
    expect(value("ifelse('a' == 'b', 'foo', 'bar')", pkt4)).toBe('bar');
    expect(value("sifelse('a' == 'a', 'foo', 'bar')", pkt4)).toBe('foo');
    expect(value("sifelse('a' == 'b', 'foo', 'bar')", pkt4)).toBe('bar');
    // only the strict form evaluates the branch that is not taken, and so fails
    expect(value("ifelse('a' == 'a', 'ok', addrtotext('bad'))", pkt4)).toBe('ok');
    expect(() => value("sifelse('a' == 'a', 'ok', addrtotext('bad'))", pkt4)).toThrow(EvalRuntimeError);
  });

  it('evaluates the evaluateString examples of evaluate_unittest.cc', () => {
    expect(value('option[100].hex', pkt4)).toBe('hundred4');
    expect(value('option[100].hex', pkt6)).toBe('hundred6');
    expect(value('option[200].hex', pkt4)).toBe('');
    expect(value("ifelse(option[100].exists,'foo','bar')", pkt4)).toBe('foo');
    expect(value("ifelse(option[200].exists,'foo','bar')", pkt4)).toBe('bar');
    expect(value("ifelse(option[200].exists,option[200].hex,ifelse(option[100].exists,option[100].hex,'none?'))", pkt4))
      .toBe('hundred4');
  });
});

describe('conditions', () => {
  it.each([
    // boolean_unittest.cc, short-circuit and strict forms
    ["('a' == 'a') and (('a' == 'b') or ('b' == 'a'))", false],
    ["(('a' == 'a') and ('a' == 'b')) or ('b' == 'a')", false],
    ["not ('a' == 'a')", false],
    ["not ('a' == 'b')", true],
    ["('a' == 'a') and ('b' == 'b') and ('c' == 'c') and ('a' == 'c')", false],
    ["('a' == 'b') or ('a' == 'c') or ('b' == 'c') or ('b' == 'b')", true],
    ["('a' == 'a') or ('a' == 'b') or ('a' == 'c') or ('b' == 'c')", true],
    ["not (('a' == 'a') or ('a' == 'b'))", false],
    ["not (('a' == 'a') and ('a' == 'b'))", true],
    ["(not ('a' == 'a')) and ('a' == 'b')", false],
    ["('a' == 'a') sand (('a' == 'b') sor ('b' == 'a'))", false],
    ["(('a' == 'a') sand ('a' == 'b')) sor ('b' == 'a')", false],
    ["('a' == 'a') sand ('b' == 'b') sand ('c' == 'c') sand ('a' == 'c')", false],
    ["('a' == 'b') sor ('a' == 'c') sor ('b' == 'c') sor ('b' == 'b')", true],
    ["not (('a' == 'a') sand ('a' == 'b'))", true],
    // precedence: not > and > or, and A and B or C is (A and B) or C
    ["'a' == 'a' or 'a' == 'b' and 'a' == 'c'", true],
    ["not 'a' == 'b' and 'a' == 'a'", true],
    ["'a' == 'b' and 'a' == 'a' or 'a' == 'a'", true],
    // equality of integers and strings
    ['0 == 0', true],
    ['2 == 3', false],
    ['4294967295 == 0', false],
    ["'foo' == 'foo'", true],
    ["'foo' == 'Foo'", false],
    ["option[100].text == 'hundred4'", true],
    ["option[100].exists and not option[101].exists", true],
  ])('%s is %s', (text, expected) => expect(test(text, pkt4)).toBe(expected));

  it('short-circuits and / or but not sand / sor', () => {
    const bad = "addrtotext('bad') == ''";
    expect(test(`'a' == 'b' and ${bad}`, pkt4)).toBe(false);
    expect(test(`'a' == 'a' or ${bad}`, pkt4)).toBe(true);
    expect(() => test(`'a' == 'b' sand ${bad}`, pkt4)).toThrow(EvalRuntimeError);
    expect(() => test(`'a' == 'a' sor ${bad}`, pkt4)).toThrow(EvalRuntimeError);
  });

  it('tests class membership (member)', () => {
    expect(test("member('foo')", pkt4)).toBe(false);
    expect(test("member('foo')", fakePacket({ family: 4, classes: ['bar'] }))).toBe(false);
    expect(test("member('foo')", fakePacket({ family: 4, classes: ['bar', 'foo'] }))).toBe(true);
    expect(test("not member('KNOWN')", fakePacket({ family: 6, classes: ['UNKNOWN'] }))).toBe(true);
  });

  it.each([
    ['foo', 'foo', true],
    ['foo', 'foobar', false],
    ['^foo', 'foo', true],
    ['foo$', 'foo', true],
    ['^foo$', 'foo', true],
    ['foo.*', 'foo', true],
    ['foo.*', 'foobar', true],
    ['foo', 'Foo', false],
    ['Foo', 'foo', false],
    ['.*foo.*', 'foo', true],
    ['.*foo.*', 'foobar', true],
    ['.*foo.*', 'barfoo', true],
    ['.*foo.*', 'foofoofoo', true],
    ['[fo]{3}', 'foo', true],
    ['[abfor]{6}', 'foobar', true],
    ['[abfo]{6}', 'foobar', false],
    ['[^xyz]+', 'foobar', true],
    ['f(.)\\1bar', 'foobar', true],
    ['[[:alpha:]]{1,9}', 'Foobar', true],
    ['[[:alpha:]]{1,9}', 'FoObar', true],
    ['[[:alpha:]]{1,9}', 'Fo0bar', false],
    ['[^[:digit:]]+', 'abc', true],
    ['[^[:digit:]]+', 'a1c', false],
    ['[[:xdigit:][:space:]]+', 'ab 12', true],
    ['a|b', 'b', true],
    ['a|b', 'ab', false],
    ['\\s', ' ', true],
    ['\\s', '\xa0', false],
    ['(?:ab)+', 'abab', true],
    ['a(?=b)b', 'ab', true],
  ])("match('%s', '%s') is %s (match)", (pattern, subject, expected) => {
    const p = fakePacket({ family: 4, options: { 1: { data: subject } } });
    expect(test(`match('${pattern}', option[1].hex)`, p)).toBe(expected);
  });

  it('matches bytes, one character per byte, and a pattern in its UTF-8 form', () => {
    expect(test("match('.{2}', 0xc3a9)", pkt4)).toBe(true);
    expect(test("match('é', 0xc3a9)", pkt4)).toBe(true);
    expect(test("match('\\x00ab', 0x006162)", pkt4)).toBe(true);
  });

  it('matches the ARM examples', () => {
    expect(test("match('foo.*', lcase('FooBar'))", pkt4)).toBe(true);
    expect(test("match('.*foo.*', 'is it foo or bar')", pkt4)).toBe(true);
    expect(test("match('^.*foo.*$', 'is it foo or bar')", pkt4)).toBe(true);
  });
});

describe('evaluateBool / evaluateString', () => {
  it('rejects an AST of the other kind', () => {
    expect(() => evaluateBool(parse("'foo'", 4, 'string'), pkt4)).toThrow(EvalRuntimeError);
    expect(() => evaluateString(parse("'a' == 'a'", 4, 'bool'), pkt4)).toThrow(EvalRuntimeError);
  });

  it('returns a copy, so callers cannot alter the AST literal', () => {
    const ast = parse("'abc'", 4, 'string');
    const first = evaluateString(ast, pkt4);
    first[0] = 0x7a;
    expect(bytesToLatin1(evaluateString(ast, pkt4))).toBe('abc');
  });

  it('evaluates the ARM forensic-logging template over a relayed SOLICIT (v6, string kind)', () => {
    const text = "ifelse(pkt6.msgtype == 3 or pkt6.msgtype == 5, 'Address: ' + addrtotext(substring(option[3].option[5].hex, 0, 16)) + ' has been assigned for ' + uint32totext(substring(option[3].option[5].hex, 20, 4)) + ' seconds to a device with DUID: ' + hexstring(option[1].hex, ':') + ifelse(relay6[0].peeraddr == '', '', ' connected via relay at address: ' + addrtotext(relay6[0].peeraddr) + ifelse(relay6[0].option[37].exists, ', remote-id: ' + hexstring(relay6[0].option[37].hex, ':'), '')), '')";
    const iaaddr = new Uint8Array(24);
    iaaddr.set(addressBytes('2001:db8:1::1'), 0);
    iaaddr.set(Uint8Array.of(0, 0, 2, 201), 20);
    const p = fakePacket({
      family: 6,
      header6: { msgtype: 3 },
      options: { 1: { data: Uint8Array.of(0x17, 0x34, 0xe2) }, 3: { data: 'ia', sub: { 5: { data: iaaddr } } } },
      relays: [{ peer: 'fe80::abcd', link: '3001::1', options: { 37: { data: Uint8Array.of(1, 2) } } }],
    });
    expect(value(text, p)).toBe(
      'Address: 2001:db8:1::1 has been assigned for 713 seconds to a device with DUID: 17:34:e2 ' +
        'connected via relay at address: fe80::abcd, remote-id: 01:02',
    );
  });
});

describe('deep trees', () => {
  it('evaluates the deepest trees the parser accepts without overflowing the stack', () => {
    const chain = Array(999).fill("'a' == 'a'").join(' and ');
    expect(test(chain, pkt4)).toBe(true);
    const concat = `${Array(999).fill("'a'").join(' + ')}`;
    expect(value(concat, pkt4)).toBe('a'.repeat(999));
    const nested = `${'not '.repeat(99)}'a' == 'b'`;
    expect(test(nested, pkt4)).toBe(true);
  });
});
