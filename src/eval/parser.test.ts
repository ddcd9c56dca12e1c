/**
 * Parser acceptance over the expressions of Kea's context_unittest.cc and the ARM, and
 * rejection cases with their message and column.
 */
import { describe, expect, it } from 'vitest';
import { parseExpression, type Expr, type ExpressionKind, type ParseResult } from './index.js';

const OPTION_NAMES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  dhcp4: { 'host-name': 12, routers: 3, 'boot-size': 13, 'vendor-class-identifier': 60, 'dhcp-agent-options': 82 },
  dhcp6: { 'dns-servers': 23, 'vendor-opts': 17, clientid: 1 },
};

function parse(text: string, family: 4 | 6 = 4, kind: ExpressionKind = 'bool'): ParseResult {
  return parseExpression(text, kind, { family, resolveOptionName: (space, name) => OPTION_NAMES[space]?.[name] });
}

function ast(text: string, family: 4 | 6 = 4, kind: ExpressionKind = 'bool'): Expr {
  const r = parse(text, family, kind);
  if (!r.ok) throw new Error(`${text}: ${r.message}`);
  return r.ast;
}

/** A compact rendering of the tree, to check structure without positions. */
function show(e: Expr): string {
  switch (e.type) {
    case 'not': return `not(${show(e.operand)})`;
    case 'and': case 'or': case 'sand': case 'sor': return `${e.type}(${show(e.left)}, ${show(e.right)})`;
    case 'equal': return `eq(${show(e.left)}, ${show(e.right)})`;
    case 'concat': return `cat(${show(e.left)}, ${show(e.right)})`;
    case 'literal': return `${e.form}:${Buffer.from(e.value).toString('hex')}`;
    case 'option': return `${e.option.scope}${JSON.stringify(e.option)}.${e.repr}`;
    case 'optionExists': return `${e.option.scope}${JSON.stringify(e.option)}.exists`;
    case 'member': return `member(${e.className})`;
    default: return e.type;
  }
}

const combos = [
  'option[123].exists', 'not option[123].exists', 'option[123].exists sand option[123].exists',
  'option[123].exists sor option[123].exists', 'option[123].exists and option[123].exists',
  'option[123].exists or option[123].exists', 'not option[123].exists sand option[123].exists',
  'option[123].exists sor option[123].exists sand option[123].exists',
  'not (option[123].exists and option[123].exists)', '(option[123].exists or option[123].exists) and option[123].exists',
];
const chain128 = Array.from({ length: 128 }, (_, i) => `.option[${i}]`).join('');

const ACCEPTED_V4: readonly string[] = [
  "option[123].text == 'MSFT'", "'foo' == 'bar'", "substring(option[123].text, 0, 2) == '42'",
  "0x666f6f == 'foo'", "0X7 == 'foo'", "10.0.0.1 == 'foo'", "2001:db8::1 == 'foo'", "::10.0.0.1 == 'foo'",
  ":: == 'foo'", "2001:db8:: == 'foo'", "option[host-name].text == 'foo'", 'option[100].exists',
  "option[  host-name  ].text == 'foo'", "option[\n host-name \n ].text == \n'foo'", 'option[123].hex == 0x666F6F',
  "relay4[13].text == 'thirteen'", 'relay4[13].exists', "relay4[13].hex == 'thirteen'",
  "relay4[13].option[1].option[host-name].hex == 'x'", `relay4[13]${chain128}.exists`,
  "pkt.iface == 'eth0'", 'pkt.src == fe80::1', 'pkt.dst == fe80::2', 'pkt.len == 0x00000100',
  'pkt4.mac == 0x000102030405', "hexstring(pkt4.mac, ':') == '00:01:02:03:04:05'", 'pkt4.hlen == 0x6',
  'pkt4.htype == 0x1', 'pkt4.ciaddr == 192.0.2.1', 'pkt4.giaddr == 192.0.2.1', 'pkt4.yiaddr == 192.0.2.1',
  'pkt4.siaddr == 192.0.2.1', 'pkt4.msgtype == 1', 'pkt4.transid == 1', "member('foo')", ...combos,
  "substring('foobar',2,all) == 'obar'", "concat('foo','bar') == 'foobar'", "'foo' + 'bar' == 'foobar'",
  "'a' + 'b' + 'c' == 'abc'", "'a' + ('b' + 'c') == 'abc'", "sifelse('foo' == 'bar', 'us', 'them') == 'you'",
  "ifelse('foo' == 'bar', 'us', 'them') == 'you'", "'foo' + sifelse('a' == 'a', 'bar', '') == 'foobar'",
  "'foo' + ifelse('a' == 'a', 'bar', '') == 'foobar'", "hexstring(0x666f,'-') == '66-6f'",
  "lcase('LoWeR') == 'lower'", "ucase('uPpEr') == 'UPPER'", "addrtotext(10.0.0.1) == '10.0.0.1'",
  "addrtotext(2001:db8::1) == '2001:db8::1'", "int8totext(255) == '-1'", "int16totext(65535) == '-1'",
  "int32totext(4294967295) == '-1'", "uint8totext(255) == '255'", "uint16totext(65535) == '65535'",
  "uint32totext(4294967295) == '4294967295'", 'vendor[4491].exists', 'vendor[*].exists', 'vendor.enterprise == 0x1234',
  "vendor[4491].option[1].text == 'foo'", `vendor[4491]${chain128}.text == 'foo'`, 'vendor[4491].option[1].exists',
  'vendor[4491].option[1].hex == 0x1234', "vendor[4491].option[1].option[host-name].exists", 'vendor-class[4491].exists',
  'vendor-class[*].exists', 'vendor-class.enterprise == 0x1234', 'vendor-class[4491].data == 0x1234',
  'vendor-class[*].data == 0x1234', 'vendor-class[4491].data[3] == 0x1234', "option[123].option[234].text == 'foo'",
  `option[123]${chain128}.text == 'foo'`, "option[host-name].option[123].text == 'foo'", 'option[100].option[200].exists',
  'option[123].option[234].hex == 0x666F6F', '1 == 2', "match('foo.*', 'foobar')", '4294967295 == 0',
  // ARM
  "substring('foobar', -1, -3) == 'oba'", "split ('one.two..four', '.', 2) == 'two'",
  "not (substring('foobar', 3, 3) == 'bar')", "match('foo.*', lcase('FooBar'))", "match('^.*foo.*$', 'is it foo or bar')",
  "member('KNOWN')", "not member('KNOWN')", "option[123].hex == 0x000C4B1E", "split(option[39].text, 0x27, 1) == 'x'",
  "vendor-class[4491].data[0] == 'docsis3.0'", "substring(option[60].hex,0,9) == 'PXEClient'",
  "option[vendor-class-identifier].text == 'MSFT'",
  // lexer corner cases that flex accepts
  'notoption[1].exists', "option[1].exists\tand\noption[2].exists", "'a'=='a'",
];

const ACCEPTED_V6: readonly string[] = [
  "relay6[0].option[123].text == 'foo'", `relay6[0]${chain128}.text == 'foo'`, 'relay6[1].option[75].exists',
  `relay6[1]${chain128}.exists`, "relay6[2].option[85].hex == 'foo'", "relay6[-1].option[123].text == 'foo'",
  "relay6[31].option[123].text == 'foo'", "relay6[-32].option[123].text == 'foo'", 'relay6[0].linkaddr == ::',
  'relay6[1].peeraddr == ::', 'relay6[0].option[123].option[dns-servers].exists', 'pkt6.msgtype == 1',
  'pkt6.transid == 1', 'option[65535].exists', "option[dns-servers].hex == 2001:db8::1", 'vendor[4491].exists',
  "pkt.src == fe80::1", "member('UNKNOWN')", ...combos,
];

const ACCEPTED_STRING: readonly [string, 4 | 6][] = [
  ['option[100].hex', 4], ['option[200].hex', 6], ["ifelse(option[100].exists,'foo','bar')", 4],
  ["ifelse(option[200].exists,option[200].hex,ifelse(option[100].exists,option[100].hex,'none?'))", 4],
  ["hexstring(0x1234,':')", 4], ["hexstring(0xf01234,'..')", 4], ['pkt4.mac', 4], ["'foobar'", 4],
  ["addrtotext('')", 4], ["int8totext('')", 4], ['(pkt6.transid)', 6],
  ["ifelse(relay6[0].peeraddr == '', '', addrtotext(relay6[0].peeraddr))", 6],
  ["ifelse(option[230].exists, option[230].hex, 'none')", 4],
];

describe('parseExpression accepts', () => {
  it.each(ACCEPTED_V4)('v4: %j', (text) => expect(parse(text, 4)).toMatchObject({ ok: true }));
  it.each(ACCEPTED_V6)('v6: %j', (text) => expect(parse(text, 6)).toMatchObject({ ok: true }));
  it.each(ACCEPTED_STRING)('string: %j (v%i)', (text, family) => expect(parse(text, family, 'string')).toMatchObject({ ok: true }));
});

describe('parseExpression builds', () => {
  it.each([
    ["'a' == 'b'", 'eq(string:61, string:62)'],
    ["0x7 == 0x0102", 'eq(hex:07, hex:0102)'],
    ['10.0.0.1 == 1410', 'eq(address:0a000001, integer:00000582)'],
    ['::1 == 4294967295', 'eq(address:00000000000000000000000000000001, integer:ffffffff)'],
    ["'a' + 'b' + 'c' == 'x'", 'eq(cat(cat(string:61, string:62), string:63), string:78)'],
    ["'a' + ('b' + 'c') == 'x'", 'eq(cat(string:61, cat(string:62, string:63)), string:78)'],
    ["'x' == 'a' + 'b'", 'eq(string:78, cat(string:61, string:62))'],
    ["member('a') and member('b') or member('c')", 'or(and(member(a), member(b)), member(c))'],
    ["member('a') or member('b') and member('c')", 'or(member(a), and(member(b), member(c)))'],
    ["not member('a') and member('b')", 'and(not(member(a)), member(b))'],
    ["member('a') sor member('b') or member('c')", 'sor(member(a), or(member(b), member(c)))'],
    ["member('a') or member('b') sor member('c')", 'sor(or(member(a), member(b)), member(c))'],
    ["member('a') sand member('b') and member('c')", 'sand(member(a), and(member(b), member(c)))'],
    ["member('a') or member('b') sand member('c')", 'or(member(a), sand(member(b), member(c)))'],
    ["member('a') and member('b') and member('c')", 'and(and(member(a), member(b)), member(c))'],
    ["not not member('a')", 'not(not(member(a)))'],
    ["not 'a' == 'b'", 'not(eq(string:61, string:62))'],
    ['option[host-name].exists', 'packet{"scope":"packet","path":[12]}.exists'],
    ['option[host-name].option[123].text == 1', 'eq(packet{"scope":"packet","path":[12,123]}.text, integer:00000001)'],
    ['relay4[13].option[routers].exists', 'relay4{"scope":"relay4","path":[82,13,3]}.exists'],
    ['vendor[*].option[2].hex == 1', 'eq(vendor{"scope":"vendor","enterpriseId":0,"path":[2]}.hex, integer:00000001)'],
    ['notoption[1].exists', 'not(packet{"scope":"packet","path":[1]}.exists)'],
  ])('%s as %s', (text, expected) => expect(show(ast(text))).toBe(expected));

  it('keeps relay6 nest levels and vendor ids', () => {
    expect(ast('relay6[-2].option[1].option[dns-servers].exists', 6)).toMatchObject({
      type: 'optionExists', option: { scope: 'relay6', nest: -2, path: [1, 23] },
    });
    expect(ast('relay6[3].linkaddr == ::', 6)).toMatchObject({ left: { type: 'relay6Field', nest: 3, field: 'linkaddr' } });
    expect(ast('vendor-class[4294967295].data[255] == 0x00', 4)).toMatchObject({
      left: { type: 'vendorClassData', enterpriseId: 4294967295, index: 255 },
    });
    expect(ast("substring('x', -5, all) == ''")).toMatchObject({ left: { type: 'substring', start: -5, length: 'all' } });
    expect(ast("split('x', '.', 9223372036854775807) == ''")).toMatchObject({ left: { type: 'split' } });
  });

  it('records columns (1-based) on nodes', () => {
    expect(ast("  member('a') and pkt4.hlen == 6")).toMatchObject({
      column: 3, left: { column: 3 }, right: { type: 'equal', column: 19, left: { column: 19 }, right: { column: 32 } },
    });
  });

  it('compiles match() patterns once, anchored', () => {
    const e = ast("match('fo+', 'foo')");
    expect(e).toMatchObject({ type: 'match', pattern: 'fo+' });
    if (e.type === 'match') expect(e.regex.source).toBe('^(?:fo+)$');
  });
});

describe('referencedClasses and dependsOnKnown', () => {
  it.each([
    ["member('foo')", ['foo'], false],
    ["member('KNOWN')", ['KNOWN'], true],
    ["not member('UNKNOWN') and member('a') or member('a')", ['UNKNOWN', 'a'], true],
    ["option[1].exists", [], false],
    ["ifelse(member('x'), 'a', 'b') == 'a'", ['x'], false],
  ])('%s', (text, classes, known) => {
    expect(parse(text)).toEqual({ ok: true, ast: expect.anything(), referencedClasses: classes, dependsOnKnown: known });
  });
});

const REJECTED: readonly [string, 4 | 6, ExpressionKind, string, number][] = [
  // scanErrors
  ["'", 4, 'bool', 'unterminated string: no closing quote on the same line at column 1', 1],
  ["'\n'", 4, 'bool', 'unterminated string: no closing quote on the same line at line 1, column 1', 1],
  ['0x123h', 4, 'bool', "invalid character 'h' at column 6", 6],
  [':1', 4, 'bool', "invalid character ':' at column 1", 1],
  ['=', 4, 'bool', "invalid character '=' at column 1", 1],
  ['subtring', 4, 'bool', "invalid character 's' at column 1", 1],
  ['foo', 4, 'bool', "invalid character 'f' at column 1", 1],
  [' bar', 4, 'bool', "invalid character 'b' at column 2", 2],
  ["relay[12].hex == 'foo'", 4, 'bool', "invalid character 'r' at column 1", 1],
  ['pkt4.ziaddr', 4, 'bool', "invalid character 'z' at column 6", 6],
  ["members('foo'", 4, 'bool', "invalid character 's' at column 7", 7],
  // scanParseErrors
  ['', 4, 'bool', 'the expression is empty at column 1', 1],
  [' ', 4, 'bool', 'the expression is empty at column 2', 2],
  ['0x', 4, 'bool', "invalid character 'x' at column 2", 2],
  ['0abc', 4, 'bool', "invalid character 'a' at column 2", 2],
  ['10.0.1', 4, 'bool', "expected '==', '+' or the end of the expression, found '.' at column 3", 3],
  ['10.256.0.1', 4, 'bool', "'10.256.0.1' is not a valid IP address at column 1", 1],
  [':::', 4, 'bool', "':::' is not a valid IP address at column 1", 1],
  ['===', 4, 'bool', "expected a value or a condition, found '==' at column 1", 1],
  ['option[-1].text', 4, 'bool', 'option code -1 is out of range 0..255 for DHCPv4 at column 8', 8],
  ['option[256].text', 4, 'bool', 'option code 256 is out of range 0..255 for DHCPv4 at column 8', 8],
  ['option[65536].text', 6, 'bool', 'option code 65536 is out of range 0..65535 for DHCPv6 at column 8', 8],
  ['option[12345678901234567890].text', 4, 'bool', 'integer 12345678901234567890 does not fit in 64 bits at column 8', 8],
  ['option[123]', 4, 'bool', "expected '.' after the option, found end of expression at column 12", 12],
  ["option[123].text < 'foo'", 4, 'bool', "invalid character '<' at column 18", 18],
  ['option[-ab].text', 4, 'bool', "invalid character '-' at column 8", 8],
  ['option[0ab].text', 4, 'bool', "expected ']' after the option code, found option name 'ab' at column 9", 9],
  ['option[ab_].hex', 4, 'bool', "invalid character 'a' at column 8", 8],
  ["option[\nhost-name\n].hex =\n= 'foo'", 4, 'bool', "invalid character '=' at line 3, column 7", 25],
  ["substring('foo',12345678901234567890,1)", 4, 'bool', 'integer 12345678901234567890 does not fit in 64 bits at column 17', 17],
  // parseErrors
  ["'foo''bar'", 4, 'bool', "expected '==', '+' or the end of the expression, found string 'bar' at column 6", 6],
  ["'foo' (", 4, 'bool', "expected '==', '+' or the end of the expression, found '(' at column 7", 7],
  ["== 'ab'", 4, 'bool', "expected a value or a condition, found '==' at column 1", 1],
  ["'foo' ==", 4, 'bool', 'expected a value or a condition, found end of expression at column 9', 9],
  ["('foo' == 'bar'", 4, 'bool', "expected ')' to match the '(' opened at column 1, found end of expression at column 16", 16],
  ["('foo' == 'bar') ''", 4, 'bool', "expected 'and', 'or', 'sand', 'sor' or the end of the expression, found string '' at column 18", 18],
  ['not', 4, 'bool', 'expected a value or a condition, found end of expression at column 4', 4],
  ["not 'foo'", 4, 'bool', "the operand of 'not' must be a condition, but it is a string expression (compare strings with '==') at column 5", 5],
  ['not()', 4, 'bool', "expected a value or a condition, found ')' at column 5", 5],
  ["(not('foo' 'bar')", 4, 'bool', "expected ')' to match the '(' opened at column 5, found string 'bar' at column 12", 12],
  ['and', 4, 'bool', "expected a value or a condition, found 'and' at column 1", 1],
  ["'foo' and", 4, 'bool', "the left side of 'and' must be a condition, but it is a string expression (compare strings with '==') at column 1", 1],
  ["'foo' == 'bar' and", 4, 'bool', 'expected a value or a condition, found end of expression at column 19', 19],
  ["'foo' == 'bar' or ''", 4, 'bool', "the right side of 'or' must be a condition, but it is a string expression (compare strings with '==') at column 19", 19],
  ["option 'ab'", 4, 'bool', "expected '[' after 'option', found string 'ab' at column 8", 8],
  ["option(10) == 'ab'", 4, 'bool', "expected '[' after 'option', found '(' at column 7", 7],
  ["option['ab'].text == 'foo'", 4, 'bool', "expected an option code or name inside '[...]', found string 'ab' at column 8", 8],
  ["option[ab].text == 'foo'", 4, 'bool', "unknown option name 'ab' in space dhcp4 at column 8", 8],
  ["option[rooters].hex == 10.0.0.1", 4, 'bool', "unknown option name 'rooters' in space dhcp4 at column 8", 8],
  ["option[routers].hex == 10.0.0.1", 6, 'bool', "unknown option name 'routers' in space dhcp6 at column 8", 8],
  ['option[all].exists', 4, 'bool', "unknown option name 'all' in space dhcp4 at column 8", 8],
  ['option[ text ].exists', 4, 'bool', "unknown option name 'text' in space dhcp4 at column 9", 9],
  ["option[0xa].text == 'ab'", 4, 'bool', "expected an option code or name inside '[...]', found hex string 0xa at column 8", 8],
  ['option[10].bin', 4, 'bool', "invalid character 'b' at column 12", 12],
  ['option[boot-size].bin', 4, 'bool', "invalid character 'b' at column 19", 19],
  ["option[10].exists == 'foo'", 4, 'bool', "the left side of '==' must be a string expression, but it is a condition at column 1", 1],
  ["substring('foobar') == 'f'", 4, 'bool', "expected ',' after the first argument of substring(), found ')' at column 19", 19],
  ["substring('foobar',3) == 'bar'", 4, 'bool', "expected ',' after the start of substring(), found ')' at column 21", 21],
  ["substring('foobar','3',3) == 'bar'", 4, 'bool', "the start of substring() must be an integer, found string '3' at column 20", 20],
  ["substring('foobar',1,a) == 'foo'", 4, 'bool', "invalid character 'a' at column 22", 22],
  ["concat('foobar') == 'f'", 4, 'bool', "expected ',' after the first argument of concat(), found ')' at column 16", 16],
  ["concat('foo','bar','') == 'foobar'", 4, 'bool', "expected ')' after the last argument of concat(), found ',' at column 19", 19],
  ["ifelse('foo'=='bar','foo')", 4, 'string', "expected ',' after the second argument of ifelse(), found ')' at column 26", 26],
  ["ifelse('foo'=='bar','foo','bar','')", 4, 'string', "expected ')' after the last argument of ifelse(), found ',' at column 32", 32],
  ["+ 'a' = 'a'", 4, 'bool', "expected a value or a condition, found '+' at column 1", 1],
  ["'a' + == 'a'", 4, 'bool', "expected a value or a condition, found '==' at column 7", 7],
  ["'a' ++ 'b' == 'ab'", 4, 'bool', "expected a value or a condition, found '+' at column 6", 6],
  ['addrtotext(10.0.0.1, 10.0.0.2)', 4, 'string', "expected ')' after the last argument of addrtotext(), found ',' at column 20", 20],
  ["addrtotext('')", 4, 'bool', "the expression must be a condition, but it is a string expression (compare strings with '==') at column 1", 1],
  // typeErrors
  ["'foobar'", 4, 'bool', "the expression must be a condition, but it is a string expression (compare strings with '==') at column 1", 1],
  ["substring('foobar',all,1) == 'foo'", 4, 'bool', "the start of substring() must be an integer, found 'all' at column 20", 20],
  ["substring('foobar',0x32,1) == 'foo'", 4, 'bool', 'the start of substring() must be an integer, found hex string 0x32 at column 20', 20],
  ["('foo' == 'bar') == 'false'", 4, 'bool', "the left side of '==' must be a string expression, but it is a condition at column 2", 2],
  ["'true' or 'false'", 4, 'bool', "the left side of 'or' must be a condition, but it is a string expression (compare strings with '==') at column 1", 1],
  ["ifelse('foobar','foo','bar')", 4, 'string', "the first argument of ifelse() must be a condition, but it is a string expression (compare strings with '==') at column 8", 8],
  ["ifelse('foo'=='bar','foo'=='foo','bar')", 4, 'string', 'the second argument of ifelse() must be a string expression, but it is a condition at column 21', 21],
  ["ifelse('foo'=='bar','foo','bar'=='bar')", 4, 'string', 'the third argument of ifelse() must be a string expression, but it is a condition at column 27', 27],
  ['member(foo)', 4, 'bool', "invalid character 'f' at column 8", 8],
  ['member(0x61)', 4, 'bool', 'member() takes a class name in quotes, found hex string 0x61 at column 8', 8],
  ['option[123].option[host-name].exists', 4, 'bool', "a sub-option must be given by its code, not by name ('host-name') at column 20", 20],
  // family rules
  ["relay4[13].hex == 'thirteen'", 6, 'bool', 'relay4 can only be used in DHCPv4 expressions at column 1', 1],
  ["relay6[0].option[123].text == 'foo'", 4, 'bool', 'relay6 can only be used in DHCPv6 expressions at column 1', 1],
  ['relay6[0].linkaddr == ::', 4, 'bool', 'relay6 can only be used in DHCPv6 expressions at column 1', 1],
  ["'x' + pkt4.mac == 'x'", 6, 'bool', 'pkt4 can only be used in DHCPv4 expressions at column 7', 7],
  ['pkt6.msgtype == 1', 4, 'bool', 'pkt6 can only be used in DHCPv6 expressions at column 1', 1],
  // nest levels, integers, enterprise ids
  ["relay6[32].option[123].text == 'foo'", 6, 'bool', 'relay6 nest level 32 is out of range -32..31 at column 8', 8],
  ["relay6[-33].option[123].text == 'foo'", 6, 'bool', 'relay6 nest level -33 is out of range -32..31 at column 8', 8],
  ['relay6[*].peeraddr == ::', 6, 'bool', "expected relay6 nest level (an integer), found '*' at column 8", 8],
  ['relay6[0].hex == ::', 6, 'bool', "expected 'peeraddr', 'linkaddr' or 'option' after relay6[...]., found 'hex' at column 11", 11],
  ['relay6[0].option[dns-servers].hex == ::', 6, 'bool', "the option in relay6[...].option[...] must be given by its code, not by name ('dns-servers') at column 18", 18],
  ['relay4[host-name].exists', 4, 'bool', "the sub-option in relay4[...] must be given by its code, not by name ('host-name') at column 8", 8],
  ['vendor[4491].option[vendor-opts].exists', 6, 'bool', "a vendor sub-option must be given by its code, not by name ('vendor-opts') at column 21", 21],
  ['4294967295 == -1', 4, 'bool', 'integer -1 is out of range 0..4294967295 (integer values are 32-bit unsigned) at column 15', 15],
  ['4294967296 == 0', 4, 'bool', 'integer 4294967296 is out of range 0..4294967295 (integer values are 32-bit unsigned) at column 1', 1],
  ['vendor[4294967296].exists', 4, 'bool', 'enterprise id 4294967296 is out of range 0..4294967295 at column 8', 8],
  ['vendor[-1].exists', 4, 'bool', 'enterprise id -1 is out of range 0..4294967295 at column 8', 8],
  ["vendor-class[1].data[256] == 'x'", 4, 'bool', 'vendor-class data index 256 is out of range 0..255 at column 22', 22],
  ['vendor-class[1].option[1].exists', 4, 'bool', "expected 'exists' or 'data' after vendor-class[...]., found 'option' at column 17", 17],
  ['vendor.exists', 4, 'bool', "expected 'enterprise' after 'vendor.', found 'exists' at column 8", 8],
  ['vendor', 4, 'bool', "expected '[' or '.' after 'vendor', found end of expression at column 7", 7],
  ['pkt.mac == 0x00', 4, 'bool', "expected one of iface, src, dst, len after 'pkt.', found 'mac' at column 5", 5],
  ['pkt6.mac == 0x00', 6, 'bool', "expected one of msgtype, transid after 'pkt6.', found 'mac' at column 6", 6],
  ['option[1].data == 0x00', 4, 'bool', "expected 'exists', 'hex', 'text' or 'option' after '.', found 'data' at column 11", 11],
  // regular expressions
  ["match('[bad', 'foobar')", 4, 'bool', "invalid regular expression '[bad': unterminated bracket expression at column 7", 7],
  ["match('(?<=a)b', 'ab')", 4, 'bool', "invalid regular expression '(?<=a)b': lookbehind and named groups are not supported at column 7", 7],
  ["match('(?<n>a)', 'a')", 4, 'bool', "invalid regular expression '(?<n>a)': lookbehind and named groups are not supported at column 7", 7],
  ["match('(a)\\2', 'aa')", 4, 'bool', "invalid regular expression '(a)\\2': back reference \\2 to a group that is not closed before it at column 7", 7],
  ["match('[[:foo:]]', 'a')", 4, 'bool', "invalid regular expression '[[:foo:]]': unknown character class [:foo:] at column 7", 7],
  ["match('a(b', 'a')", 4, 'bool', "invalid regular expression 'a(b': /^(?:a(b)$/: Unterminated group at column 7", 7],
  ["match('*a', 'a')", 4, 'bool', "invalid regular expression '*a': /^(?:*a)$/: Nothing to repeat at column 7", 7],
  ["match(option[1].hex, 'a')", 4, 'bool', "match() takes a regular expression in quotes first, found 'option' at column 7", 7],
  // expression kinds
  ['pkt4.msgtype == 1', 4, 'string', 'the expression must be a string expression, but it is a condition at column 1', 1],
  ["member('a')", 6, 'string', 'the expression must be a string expression, but it is a condition at column 1', 1],
  // multi-line positions
  ['option[1].exists and\n  option[2].exists and\n  +', 4, 'bool', "expected a value or a condition, found '+' at line 3, column 3", 47],
];

describe('parseExpression rejects', () => {
  it.each(REJECTED)('%j (v%i, %s)', (text, family, kind, message, column) => {
    expect(parse(text, family, kind)).toEqual({ ok: false, message, column });
  });
});

describe('error positions on sub-expressions', () => {
  it('points at a substring() node by its column, not its start argument', () => {
    expect(parse("'a' == 'a' and substring('abc', 2, 1)")).toEqual({
      ok: false,
      message: "the right side of 'and' must be a condition, but it is a string expression (compare strings with '==') at column 16",
      column: 16,
    });
  });
});

describe('nesting limits', () => {
  const eq = "'a' == 'a'";
  it('accepts 90 levels of parentheses or not, and chains of 900 operands', () => {
    expect(parse(`${'('.repeat(90)}${eq}${')'.repeat(90)}`)).toMatchObject({ ok: true });
    expect(parse(`${'not '.repeat(90)}${eq}`)).toMatchObject({ ok: true });
    expect(parse(`${"concat(".repeat(90)}'a'${", 'b')".repeat(90)} == 'a'`)).toMatchObject({ ok: true });
    expect(parse(Array(900).fill(eq).join(' and '))).toMatchObject({ ok: true });
    expect(parse(`${Array(900).fill("'a'").join(' + ')} == 'a'`)).toMatchObject({ ok: true });
  });

  it('rejects deeper trees instead of overflowing the stack', () => {
    expect(parse(`${'('.repeat(100000)}${eq}${')'.repeat(100000)}`)).toEqual({
      ok: false, message: 'the expression is nested more than 100 levels deep at column 101', column: 101,
    });
    expect(parse(`${'not '.repeat(100000)}${eq}`)).toMatchObject({ ok: false });
    expect(parse(Array(100000).fill(eq).join(' or '))).toEqual({
      ok: false, message: 'the expression is more than 1000 levels deep at column 14001', column: 14001,
    });
    expect(parse(`${Array(100000).fill("'a'").join(' + ')} == 'a'`)).toMatchObject({ ok: false });
  });
});
