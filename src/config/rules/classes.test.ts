/**
 * Client class rules (§14 C1-C30, lifetimes excepted). Cases follow Kea's
 * client_class_def_parser_unittest.cc and were checked against kea-dhcp4 -t where the behaviour
 * is unchanged since 2.2.
 */
import { describe, expect, it } from 'vitest';
import { brief, runDaemonRule } from './test-helpers.js';
import { escapeClassName } from '../../eval/index.js';
import { checkOptionsAndClasses } from './options.js';

const run = (text: string) => brief(runDaemonRule(text, checkOptionsAndClasses));

/** A daemon map with one class per entry; the first class starts on line 3. */
function classes(family: 4 | 6, ...entries: string[]): string {
  return `{"Dhcp${family}": {\n"client-classes": [\n${entries.join(',\n')}\n]}}`;
}

describe('class names', () => {
  it('accepts the punctuation Kea allows without a warning', () => {
    expect(run(classes(4, '{"name": "a.b-c_d:e/f@g+h~i|j!k#l$m%n&o*p?q^r"}'))).toEqual([]);
  });

  it.each([
    ['a blank', 'a b', 'a%20b'],
    ['quotes and brackets', `it's(x)`, 'it%27s%28x%29'],
    ['non-ASCII text', 'café', 'caf%c3%a9'],
  ])('warns about %s (Kea logs DHCPSRV_CLASS_BAD_NAME)', (_label, name, escaped) => {
    const issues = runDaemonRule(classes(4, `{"name":\n${JSON.stringify(name)}}`), checkOptionsAndClasses);
    expect(brief(issues)).toEqual(['warning class-name-characters 4:1 /Dhcp4/client-classes/0/name']);
    expect(issues[0]?.message).toContain(`Kea suggests '${escaped}'`);
    expect(escapeClassName(name)).toBe(escaped);
  });

  it('refuses a second class of the same name, at the second', () => {
    expect(run(classes(4, '{"name": "a"}', '{"name": "b"}', '{"name":\n"a"}'))).toEqual(['error duplicate-client-class 6:1 /Dhcp4/client-classes/2/name']);
  });

  it('compares names exactly (case included)', () => {
    expect(run(classes(4, '{"name": "a"}', '{"name": "A"}'))).toEqual([]);
  });
});

describe('test and template-test', () => {
  it.each<[string, 4 | 6, string[]]>([
    ['a test on a standard option', 4, [`{"name": "pxe", "test": "substring(option[vendor-class-identifier].text, 0, 9) == 'PXEClient'"}`]],
    ['a test using a class defined before it', 4, ['{"name": "a", "test": "pkt4.mac == 0x010203040506"}', `{"name": "b", "test": "member('a') and not member('KNOWN')"}`]],
    ['built-in and prefixed built-in classes', 4, [`{"name": "b", "test": "member('ALL') or member('VENDOR_CLASS_docsis3.0') or member('HA_server1')"}`]],
    ['a template-test referring to any class, even a later one', 4, [`{"name": "t", "template-test": "ifelse(member('later'), 'x', 'y')"}`, '{"name": "later"}']],
    ['a DHCPv6 test', 6, ["{\"name\": \"v6\", \"test\": \"option[dns-servers].exists and relay6[0].peeraddr == 2001:db8::1\"}"]],
    ['DROP depending on KNOWN (allowed since Kea 1.9.8)', 4, [`{"name": "DROP", "test": "not member('KNOWN')"}`]],
    ['a built-in class carrying options only', 4, ['{"name": "KNOWN", "option-data": [{"name": "domain-name", "data": "known.example"}]}']],
  ])('accepts %s', (_label, family, entries) => {
    expect(run(classes(family, ...entries))).toEqual([]);
  });

  it('resolves option names of global option-def entries in expressions', () => {
    const text = `{"Dhcp4": {"option-def": [{"name": "site", "code": 224, "type": "string"}],
"client-classes": [{"name": "c", "test": "option[site].text == 'lab'"}]}}`;
    expect(run(text)).toEqual([]);
  });

  it('does not report an option name again when its option-def is already reported', () => {
    const text = `{"Dhcp4": {"option-def": [{"name": "site", "code": 224, "type": "record", "record-types": "uint8"}],
"client-classes": [{"name": "c", "test": "option[site].exists"}]}}`;
    expect(run(text)).toEqual(['error invalid-option-def 1:91 /Dhcp4/option-def/0/record-types']);
  });

  it('does not resolve option names of the class\'s own option-def (Kea: not visible to expressions)', () => {
    const text = `{"Dhcp4": {"client-classes": [{"name": "c", "option-def": [{"name": "boot", "code": 224, "type": "string"}],
"test": "option[boot].exists"}]}}`;
    const issues = runDaemonRule(text, checkOptionsAndClasses);
    expect(brief(issues)).toEqual(['error invalid-class-expression 2:9 /Dhcp4/client-classes/0/test']);
    expect(issues[0]?.message).toBe(`client class 'c': test "option[boot].exists": unknown option name 'boot' in space dhcp4 at column 8`);
  });

  it.each<[string, 4 | 6, string, string]>([
    ['test and template-test together', 4, `{"name": "c", "test": "member('ALL')",\n"template-test": "'x'"}`, 'error class-test-conflict 4:18 /Dhcp4/client-classes/0/template-test'],
    ['an empty template-test', 4, '{"name": "c",\n"template-test": ""}', 'error invalid-class-expression 4:18 /Dhcp4/client-classes/0/template-test'],
    ['an empty test (a syntax error in Kea, not "no test")', 4, '{"name": "c",\n"test": ""}', 'error invalid-class-expression 4:9 /Dhcp4/client-classes/0/test'],
    ['a syntax error', 4, '{"name": "c",\n"test": "option[3].hex =="}', 'error invalid-class-expression 4:9 /Dhcp4/client-classes/0/test'],
    ['a string expression as test', 4, '{"name": "c",\n"test": "option[3].hex"}', 'error invalid-class-expression 4:9 /Dhcp4/client-classes/0/test'],
    ['a condition as template-test', 4, `{"name": "c",\n"template-test": "member('ALL')"}`, 'error invalid-class-expression 4:18 /Dhcp4/client-classes/0/template-test'],
    ['an unknown option name', 6, '{"name": "c",\n"test": "option[routers].exists"}', 'error invalid-class-expression 4:9 /Dhcp6/client-classes/0/test'],
    ['an option code out of range', 4, '{"name": "c",\n"test": "option[256].exists"}', 'error invalid-class-expression 4:9 /Dhcp4/client-classes/0/test'],
    ['relay6 in DHCPv4', 4, '{"name": "c",\n"test": "relay6[0].peeraddr == 2001:db8::1"}', 'error invalid-class-expression 4:9 /Dhcp4/client-classes/0/test'],
    ['member() of an undefined class', 4, `{"name": "c",\n"test": "member('nope')"}`, 'error undefined-class-reference 4:9 /Dhcp4/client-classes/0/test'],
    ['member() of its own class', 4, `{"name": "c",\n"test": "member('c')"}`, 'error undefined-class-reference 4:9 /Dhcp4/client-classes/0/test'],
    ['member(\'DROP\') without a DROP class (DROP is not built in)', 4, `{"name": "c",\n"test": "member('DROP')"}`, 'error undefined-class-reference 4:9 /Dhcp4/client-classes/0/test'],
    ['a bare built-in prefix', 4, `{"name": "c",\n"test": "member('VENDOR_CLASS_')"}`, 'error undefined-class-reference 4:9 /Dhcp4/client-classes/0/test'],
  ])('refuses %s', (_label, family, entry, expected) => {
    expect(run(classes(family, entry))).toEqual([expected]);
  });

  it('refuses a forward reference and says where the class is', () => {
    const issues = runDaemonRule(classes(4, `{"name": "a",\n"test": "member('b')"}`, '{"name": "b"}'), checkOptionsAndClasses);
    expect(brief(issues)).toEqual(['error undefined-class-reference 4:9 /Dhcp4/client-classes/0/test']);
    expect(issues[0]?.message).toBe("client class 'a': test uses member('b'), but class 'b' is defined only later (/Dhcp4/client-classes/1)");
    expect(issues[0]?.hint).toMatch(/^move class 'b' above 'a'/);
  });
});

describe('additional-list flags and special names', () => {
  it.each([
    ['a class evaluated on request', '{"name": "c", "only-in-additional-list": true, "test": "member(\'ALL\')"}'],
    ['the deprecated flag alone (the schema warns)', '{"name": "c", "only-if-required": true}'],
    ['built-in classes with the flag false', '{"name": "ALL", "only-in-additional-list": false}'],
    ['a class using a built-in prefix', `{"name": "VENDOR_CLASS_x", "test": "member('ALL')"}`],
  ])('accepts %s', (_label, entry) => {
    expect(run(classes(4, entry))).toEqual([]);
  });

  it.each([
    ['both flags', '{"name": "c", "only-in-additional-list": true,\n"only-if-required": true}', 'error only-if-required-conflict 4:21 /Dhcp4/client-classes/0/only-if-required'],
    ['a built-in class on request', '{"name": "KNOWN",\n"only-in-additional-list": true}', 'error builtin-class-misuse 4:28 /Dhcp4/client-classes/0/only-in-additional-list'],
    ['a built-in class on request (old flag)', '{"name": "ALL",\n"only-if-required": true}', 'error builtin-class-misuse 4:21 /Dhcp4/client-classes/0/only-if-required'],
    ['a built-in class with a test', '{"name": "BOOTP",\n"test": "member(\'ALL\')"}', 'error builtin-class-misuse 4:9 /Dhcp4/client-classes/0/test'],
    ['a built-in class with a template-test', '{"name": "UNKNOWN",\n"template-test": "\'x\'"}', 'error builtin-class-misuse 4:18 /Dhcp4/client-classes/0/template-test'],
    ['DROP on request', '{"name": "DROP",\n"only-in-additional-list": true}', 'error special-class-misuse 4:28 /Dhcp4/client-classes/0/only-in-additional-list'],
    ['REJECT on request (Kea 3.2 and later only)', '{"name": "REJECT",\n"only-in-additional-list": true}', 'warning special-class-misuse 4:28 /Dhcp4/client-classes/0/only-in-additional-list'],
  ])('refuses %s', (_label, entry, expected) => {
    expect(run(classes(4, entry))).toEqual([expected]);
  });
});

describe('DHCPv4 boot fields', () => {
  it('accepts a next-server, server-hostname and boot-file-name that fit', () => {
    const entry = `{"name": "pxe", "next-server": "192.0.2.1", "server-hostname": "${'é'.repeat(31)}", "boot-file-name": "${'x'.repeat(128)}"}`;
    expect(run(classes(4, entry))).toEqual([]);
  });

  it.each([
    ['a broadcast next-server', '{"name": "c",\n"next-server": "255.255.255.255"}', 'error invalid-next-server 4:16 /Dhcp4/client-classes/0/next-server'],
    ['a server-hostname over 63 bytes in UTF-8', `{"name": "c",\n"server-hostname": "${'é'.repeat(32)}"}`, 'error boot-field-too-long 4:20 /Dhcp4/client-classes/0/server-hostname'],
    ['a boot-file-name over 128 bytes in UTF-8', `{"name": "c",\n"boot-file-name": "${'é'.repeat(65)}"}`, 'error boot-field-too-long 4:19 /Dhcp4/client-classes/0/boot-file-name'],
  ])('refuses %s', (_label, entry, expected) => {
    expect(run(classes(4, entry))).toEqual([expected]);
  });

  it('leaves too many characters to the schema', () => {
    expect(run(classes(4, `{"name": "c", "boot-file-name": "${'x'.repeat(129)}", "next-server": "not-an-address"}`))).toEqual([]);
  });
});
