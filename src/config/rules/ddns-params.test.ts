import { describe, expect, it } from 'vitest';
import { brief, runDaemonRule } from './test-helpers.js';
import { checkDdnsParams } from './ddns-params.js';

const issues = (text: string) => runDaemonRule(text, checkDdnsParams);
const run = (text: string) => brief(issues(text));
/** A Dhcp4 map with `global` keys and one subnet holding `subnet` keys and one pool holding `pool` keys. */
const v4 = (global: string, subnet = '', pool = '') =>
  `{"Dhcp4": {${global}\n"subnet4": [{"id": 1, "subnet": "10.0.0.0/24",${subnet}\n"pools": [{"pool": "10.0.0.10-10.0.0.20"${pool}}]}]}}`;

describe('ddns-ttl and its percent/min/max companions', () => {
  it.each([
    ['a fixed ddns-ttl', v4('"ddns-ttl": 300,')],
    ['percent with bounds', v4('"ddns-ttl-percent": 0.5, "ddns-ttl-min": 60, "ddns-ttl-max": 3600,')],
    ['equal bounds', v4('', '"ddns-ttl-min": 60, "ddns-ttl-max": 60,')],
    ['a maximum without minimum', v4('', '', ', "ddns-ttl-max": 10')],
    ['ddns-ttl in one scope and bounds in another (Kea compares within a scope only)', v4('"ddns-ttl": 300,', '"ddns-ttl-min": 1000,', ', "ddns-ttl-max": 500')],
  ])('accepts %s', (_what, text) => {
    expect(run(text)).toEqual([]);
  });

  it.each([
    ['global ddns-ttl with ddns-ttl-percent', v4('"ddns-ttl": 300,\n"ddns-ttl-percent": 0.5,'),
      ['error ddns-ttl-conflict 2:21 /Dhcp4/ddns-ttl-percent']],
    ['subnet ddns-ttl with both bounds', v4('', '"ddns-ttl": 300,\n"ddns-ttl-min": 60,\n"ddns-ttl-max": 600,'),
      ['error ddns-ttl-conflict 3:17 /Dhcp4/subnet4/0/ddns-ttl-min', 'error ddns-ttl-conflict 4:17 /Dhcp4/subnet4/0/ddns-ttl-max']],
    ['pool ddns-ttl with a minimum', v4('', '', ', "ddns-ttl": 300,\n"ddns-ttl-min": 60'),
      ['error ddns-ttl-conflict 4:17 /Dhcp4/subnet4/0/pools/0/ddns-ttl-min']],
    ['a global maximum below the minimum', v4('"ddns-ttl-min": 600,\n"ddns-ttl-max": 60,'),
      ['error ddns-ttl-max-below-min 2:17 /Dhcp4/ddns-ttl-max']],
    ['a shared network maximum below its minimum', '{"Dhcp6": {"shared-networks": [{"name": "a", "ddns-ttl-min": 600,\n"ddns-ttl-max": 60}]}}',
      ['error ddns-ttl-max-below-min 2:17 /Dhcp6/shared-networks/0/ddns-ttl-max']],
  ])('rejects %s', (_what, text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it('names the scope and the values', () => {
    expect(issues(v4('', '', ', "ddns-ttl-min": 600, "ddns-ttl-max": 60')).map((i) => i.message))
      .toEqual(['pool 10.0.0.10-10.0.0.20 of subnet 10.0.0.0/24: ddns-ttl-max 60 is below ddns-ttl-min 600']);
  });
});

describe('hostname-char-set', () => {
  it.each([
    ['Kea\'s default', v4('', '"hostname-char-set": "[^A-Za-z0-9.-]",')],
    ['POSIX classes', v4('', '"hostname-char-set": "[^[:alnum:]_.-]",')],
    ['an empty set (no sanitizing)', v4('', '"hostname-char-set": "",')],
    ['an empty set with a long replacement (nothing is compiled)', v4('', `"hostname-char-set": "", "hostname-char-replacement": "${'x'.repeat(5000)}",`)],
  ])('accepts %s', (_what, text) => {
    expect(run(text)).toEqual([]);
  });

  it.each([
    ['an unclosed bracket in a subnet', v4('', '\n"hostname-char-set": "[^a-z",'),
      'error hostname-char-set-invalid 3:22 /Dhcp4/subnet4/0/hostname-char-set'],
    ['a reversed range in a pool', v4('', '', ',\n"hostname-char-set": "[z-a]"'),
      'error hostname-char-set-invalid 4:22 /Dhcp4/subnet4/0/pools/0/hostname-char-set'],
    ['a JavaScript-only construct in a shared network', '{"Dhcp6": {"shared-networks": [{"name": "a",\n"hostname-char-set": "(?!x)"}]}}',
      'error hostname-char-set-invalid 2:22 /Dhcp6/shared-networks/0/hostname-char-set'],
    ['a set longer than 4096 bytes', v4('', `\n"hostname-char-set": "${'a'.repeat(4097)}",`),
      'error hostname-char-set-invalid 3:22 /Dhcp4/subnet4/0/hostname-char-set'],
    ['a replacement longer than 4096 bytes', v4('', `"hostname-char-set": "[^a-z]",\n"hostname-char-replacement": "${'é'.repeat(2049)}",`),
      'error hostname-char-set-invalid 3:30 /Dhcp4/subnet4/0/hostname-char-replacement'],
  ])('rejects %s', (_what, text, expected) => {
    expect(run(text)).toEqual([expected]);
  });

  it('explains what is wrong with the expression', () => {
    expect(issues(v4('', '"hostname-char-set": "[[:letter:]]",'))[0]?.message).toBe(
      "subnet 10.0.0.0/24: hostname-char-set '[[:letter:]]' is not a valid POSIX extended regular expression: \"[:letter:]\" is not a character class (alpha, digit, alnum, upper, lower, space, punct, ...)");
  });

  it('only warns about a bad global set, which Kea compiles per packet', () => {
    expect(run(v4('\n"hostname-char-set": "[a",'))).toEqual(['warning global-hostname-char-set-invalid 2:22 /Dhcp4/hostname-char-set']);
  });

  it('warns about escaped ordinary characters, which strict-mode Kea builds reject', () => {
    const found = issues(v4('', '\n"hostname-char-set": "[^a-z]|\\\\d|\\\\-",'));
    expect(brief(found)).toEqual(['warning hostname-char-set-escape 3:22 /Dhcp4/subnet4/0/hostname-char-set']);
    expect(found[0]?.message).toBe(
      "subnet 10.0.0.0/24: hostname-char-set '[^a-z]|\\d|\\-' escapes ordinary characters (\\d, \\-); Kea built in strict C++ mode (as for NETCONF) rejects it, other builds read \\d as the bare character");
  });

  it('accepts escaped special characters silently', () => {
    expect(run(v4('', '"hostname-char-set": "\\\\.|\\\\(|\\\\[",'))).toEqual([]);
  });

  it('warns about a backslash inside brackets, which Kea accepts', () => {
    const found = issues(v4('\n"hostname-char-set": "[^\\\\w.-]",'));
    expect(brief(found)).toEqual(['warning hostname-char-set-perl-escape 2:22 /Dhcp4/hostname-char-set']);
    expect(found[0]?.message).toContain('has \\w inside brackets, where a backslash is an ordinary character');
  });
});
