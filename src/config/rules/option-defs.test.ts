/**
 * option-def rules (§13 OD1-OD23): global lists in both families and DHCPv4 class-level lists.
 * Cases follow Kea's config_parser_unittest.cc optionDef* tests and were checked against
 * kea-dhcp4 -t where the behaviour is unchanged since 2.2.
 */
import { describe, expect, it } from 'vitest';
import { brief, runDaemonRule } from './test-helpers.js';
import { checkOptionsAndClasses } from './options.js';

const run = (text: string) => brief(runDaemonRule(text, checkOptionsAndClasses));

/** A daemon map with one option-def per line; the entry under test is on line 3. */
function defs(family: 4 | 6, ...entries: string[]): string {
  return `{"Dhcp${family}": {\n"option-def": [\n${entries.join(',\n')}\n]}}`;
}

const FOO = '{"name": "foo", "code": 222, "type": "uint8"}';

describe('global option-def', () => {
  it.each<[string, 4 | 6, string]>([
    ['a custom dhcp4 option', 4, FOO],
    ['a record', 4, '{"name": "rec", "code": 223, "type": "record", "record-types": "uint8, ipv4-address"}'],
    ['a record array of addresses', 4, '{"name": "rec", "code": 223, "type": "record", "record-types": "uint8, ipv4-address", "array": true}'],
    ['codes 0 and 255 outside dhcp4', 4, '{"name": "z", "code": 0, "space": "my-space", "type": "uint8"},\n{"name": "e", "code": 255, "space": "my-space", "type": "uint8"}'],
    ['dhcp4 option 43 (only a last-resort definition in Kea)', 4, '{"name": "v43", "code": 43, "type": "binary"}'],
    ['a vendor-4491 option (Kea keeps DOCSIS as docsis3-v4)', 4, '{"name": "my-oro", "code": 1, "space": "vendor-4491", "type": "string"}'],
    ['an encapsulating option', 4, '{"name": "outer", "code": 224, "type": "empty", "encapsulate": "my-sub"}'],
    ['a DHCPv6 option', 6, '{"name": "big", "code": 65535, "type": "uint16"}'],
  ])('accepts %s', (_label, family, entry) => {
    expect(run(defs(family, entry))).toEqual([]);
  });

  it.each<[string, 4 | 6, string, string]>([
    ['PAD in dhcp4', 4, '{"name": "pad",\n"code": 0, "type": "uint8"}', 'error invalid-option-def 4:9 /Dhcp4/option-def/0/code'],
    ['END in dhcp4', 4, '{"name": "end",\n"code": 255, "type": "uint8"}', 'error invalid-option-def 4:9 /Dhcp4/option-def/0/code'],
    ['code 0 in dhcp6', 6, '{"name": "zero",\n"code": 0, "type": "uint8"}', 'error invalid-option-def 4:9 /Dhcp6/option-def/0/code'],
    ['an array that encapsulates', 4, '{"name": "a", "code": 224, "type": "uint8",\n"array": true, "encapsulate": "sub"}', 'error invalid-option-def 4:10 /Dhcp4/option-def/0/array'],
    ['an option encapsulating its own space', 4, '{"name": "a", "code": 1, "space": "s", "type": "uint8",\n"encapsulate": "s"}', 'error invalid-option-def 4:16 /Dhcp4/option-def/0/encapsulate'],
    ['record-types without type record', 4, '{"name": "a", "code": 224, "type": "uint8",\n"record-types": "uint8, uint8"}', 'error invalid-option-def 4:17 /Dhcp4/option-def/0/record-types'],
    ['a record of one field', 4, '{"name": "a", "code": 224, "type": "record",\n"record-types": "uint8"}', 'error invalid-option-def 4:17 /Dhcp4/option-def/0/record-types'],
    ['a record without record-types', 4, '{"name": "a", "code": 224,\n"type": "record"}', 'error invalid-option-def 4:9 /Dhcp4/option-def/0/type'],
    ['a string field before another field', 6, '{"name": "a", "code": 224, "type": "record",\n"record-types": "string, uint16"}', 'error invalid-option-def 4:17 /Dhcp6/option-def/0/record-types'],
    ['an unknown record field type', 4, '{"name": "a", "code": 224, "type": "record",\n"record-types": "uint8, sting"}', 'error invalid-option-def 4:17 /Dhcp4/option-def/0/record-types'],
    ['an array of strings', 6, '{"name": "a", "code": 224, "type": "string",\n"array": true}', 'error invalid-option-def 4:10 /Dhcp6/option-def/0/array'],
    ['a standard code', 4, '{"name": "my-routers",\n"code": 3, "type": "uint8"}', 'error option-def-redefines-standard 4:9 /Dhcp4/option-def/0/code'],
    ['a standard name', 4, '{"name": "routers",\n"code": 224, "type": "uint8"}', 'error option-def-redefines-standard 3:10 /Dhcp4/option-def/0/name'],
    ['a standard sub-option', 4, '{"name": "x", "space": "dhcp-agent-options-space",\n"code": 1, "type": "binary"}', 'error option-def-redefines-standard 4:9 /Dhcp4/option-def/0/code'],
    ['a DHCPv6 standard option in a DHCPv4 file', 4, '{"name": "x", "space": "dhcp6",\n"code": 23, "type": "uint8"}', 'error option-def-redefines-standard 4:9 /Dhcp4/option-def/0/code'],
    ['a standard DHCPv6 code', 6, '{"name": "x",\n"code": 23, "type": "uint8"}', 'error option-def-redefines-standard 4:9 /Dhcp6/option-def/0/code'],
  ])('refuses %s', (_label, family, entry, expected) => {
    expect(run(defs(family, entry))).toEqual([expected]);
  });

  it('refuses a second definition of a code or a name in one space, at the second', () => {
    const text = defs(4, FOO, '{"name": "bar",\n"code": 222, "type": "uint8"}', '{"name": "foo", "code": 223, "type": "uint8"}',
      '{"name": "foo", "code": 222, "space": "other", "type": "uint8"}');
    expect(run(text)).toEqual([
      'error duplicate-option-def 5:9 /Dhcp4/option-def/1/code',
      'error duplicate-option-def 6:10 /Dhcp4/option-def/2/name',
    ]);
  });

  it('skips entries the schema reports, and option-data naming them', () => {
    const text = `{"Dhcp4": {"option-def": [{"name": "-bad", "code": 224, "type": "uint8"},
{"name": "big", "code": 300, "type": "uint8"},
{"name": "t", "code": 225, "type": "uint9"}],
"option-data": [{"name": "-bad", "data": "1"}, {"code": 225, "data": "1"}, {"name": "t", "data": "1"}]}}`;
    expect(run(text)).toEqual([]);
  });

  it('does not hide the standard option when a definition reusing its name is refused', () => {
    const text = `{"Dhcp4": {"option-def": [{"name": "routers", "code": 224, "type": "uint8"}],
"option-data": [{"name": "routers",
"data": "10.0.0.x"}]}}`;
    expect(run(text)).toEqual([
      'error option-def-redefines-standard 1:36 /Dhcp4/option-def/0/name',
      'error invalid-option-data 3:9 /Dhcp4/option-data/0/data',
    ]);
  });
});

describe('client class option-def (DHCPv4)', () => {
  const klass = (...entries: string[]) => `{"Dhcp4": {"client-classes": [{"name": "c",\n"option-def": [\n${entries.join(',\n')}]}]}}`;

  it('accepts option 43 and the private codes 224-254 of dhcp4, even when defined globally too', () => {
    const text = `{"Dhcp4": {"option-def": [{"name": "site", "code": 224, "type": "string"}],
"client-classes": [{"name": "c", "option-def": [{"name": "v43", "code": 43, "type": "uint8"},
{"name": "p", "code": 224, "type": "uint16"}, {"name": "q", "code": 254, "type": "uint8"}]}]}}`;
    expect(run(text)).toEqual([]);
  });

  it.each([
    ['another dhcp4 code', '{"name": "v",\n"code": 100, "type": "uint8"}', 'error option-def-not-allowed-in-class 4:9 /Dhcp4/client-classes/0/option-def/0/code'],
    ['another space', '{"name": "v", "code": 224,\n"space": "my-space", "type": "uint8"}', 'error option-def-not-allowed-in-class 4:10 /Dhcp4/client-classes/0/option-def/0/space'],
    ['a standard name', '{"name":\n"routers", "code": 224, "type": "uint8"}', 'error option-def-redefines-standard 4:1 /Dhcp4/client-classes/0/option-def/0/name'],
    ['a bad record', '{"name": "v", "code": 224, "type": "record",\n"record-types": "uint8"}', 'error invalid-option-def 4:17 /Dhcp4/client-classes/0/option-def/0/record-types'],
  ])('refuses %s', (_label, entry, expected) => {
    expect(run(klass(entry))).toEqual([expected]);
  });

  it('looks up the class definitions first, then the global ones, also by a name the class reused the code of', () => {
    const text = `{"Dhcp4": {"option-def": [{"name": "site", "code": 224, "type": "uint8"}],
"client-classes": [{"name": "c", "option-def": [{"name": "mine", "code": 224, "type": "string"}],
"option-data": [{"code": 224, "data": "text"}, {"name": "mine", "data": "text"}, {"name": "site", "data": "7"},
{"name": "site",
"data": "not a number"}]}]}}`;
    expect(run(text)).toEqual(['error invalid-option-data 5:9 /Dhcp4/client-classes/0/option-data/3/data']);
  });

  it('refuses a duplicate within one class', () => {
    const text = klass('{"name": "a", "code": 43, "type": "uint8"}', '{"name": "b",\n"code": 43, "type": "uint16"}');
    expect(run(text)).toEqual(['error duplicate-option-def 5:9 /Dhcp4/client-classes/0/option-def/1/code']);
  });
});
