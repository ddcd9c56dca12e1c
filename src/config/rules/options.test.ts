/**
 * option-data rules (§11 O1-O18) in every scope, with Kea's csv-format default injected only
 * into global option-data (§0.2), and the speed budget of the whole option/class pass.
 */
import { describe, expect, it } from 'vitest';
import { SecretStore } from '../load.js';
import { RuleContext, daemonView } from './context.js';
import { brief, runDaemonRule } from './test-helpers.js';
import { checkOptionsAndClasses } from './options.js';

const run = (text: string) => brief(runDaemonRule(text, checkOptionsAndClasses));

/** Global option-data of one family; the entry under test starts on line 3. */
function globalData(family: 4 | 6, ...entries: string[]): string {
  return `{"Dhcp${family}": {\n"option-data": [\n${entries.join(',\n')}\n]}}`;
}

/** The same entries in a DHCPv4 subnet (where csv-format is unspecified); entries start on line 4. */
function subnetData(...entries: string[]): string {
  return `{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"option-data": [\n\n${entries.join(',\n')}\n]}]}}`;
}

describe('option-data: definitions and names', () => {
  it.each<[string, string]>([
    ['a standard option by name', '{"name": "routers", "data": "10.0.0.1, 10.0.0.2"}'],
    ['a standard option by code', '{"code": 6, "data": "10.0.0.53"}'],
    ['name and code that agree', '{"name": "domain-name", "code": 15, "data": "example.com"}'],
    ['an undefined code as hex with csv-format false', '{"code": 200, "csv-format": false, "data": "0a0b"}'],
    ['quoted text without a definition', '{"code": 200, "csv-format": false, "data": "\'abc\'"}'],
    ['csv-format false on a defined option', '{"name": "routers", "csv-format": false, "data": "0a000001"}'],
    ['a vendor option', '{"space": "vendor-4491", "code": 2, "data": "10.0.0.9"}'],
    ['option 43 through its last-resort definition', '{"name": "vendor-encapsulated-options"}'],
    ['an empty option cancelled without data', '{"name": "routers", "never-send": true}'],
  ])('accepts %s at the global level', (_label, entry) => {
    expect(run(globalData(4, entry))).toEqual([]);
  });

  it('accepts DHCPv6 options', () => {
    expect(run(globalData(6, '{"name": "dns-servers", "data": "2001:db8::53"}', '{"code": 1000, "csv-format": false, "data": "01"}'))).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['an undefined code (csv-format defaults to true globally)', '{"code": 200,\n"data": "0a0b"}', 'error unknown-option 3:10 /Dhcp4/option-data/0/code'],
    ['an undefined code with name, csv true', '{"code": 200,\n"name": "mine", "data": "0a0b"}', 'error unknown-option 4:9 /Dhcp4/option-data/0/name'],
    ['an unknown name', '{"name":\n"rooters", "data": "10.0.0.1"}', 'error unknown-option 4:1 /Dhcp4/option-data/0/name'],
    ['a name that is not the code\'s', '{"code": 6,\n"name": "routers", "data": "10.0.0.1"}', 'error option-name-mismatch 4:9 /Dhcp4/option-data/0/name'],
    ['the dhcp6 space in DHCPv4', '{"code": 23,\n"space": "dhcp6", "data": "01"}', 'error option-space-reserved 4:10 /Dhcp4/option-data/0/space'],
    ['a value that does not fit the definition', '{"name": "routers",\n"data": "10.0.0.x"}', 'error invalid-option-data 4:9 /Dhcp4/option-data/0/data'],
    ['csv-format false data that does not fit', '{"name": "routers", "csv-format": false,\n"data": "0a0b0c"}', 'error invalid-option-data 4:9 /Dhcp4/option-data/0/data'],
    ['data that is not hex (no definition)', '{"code": 200, "csv-format": false,\n"data": "0x01:02"}', 'error invalid-option-data 4:9 /Dhcp4/option-data/0/data'],
    ['PAD', '{"csv-format": false,\n"code": 0, "data": "00"}', 'error reserved-option-code 4:9 /Dhcp4/option-data/0/code'],
    ['END, even without csv-format false', '{"data": "",\n"code": 255}', 'error reserved-option-code 4:9 /Dhcp4/option-data/0/code'],
    ['a cancelled option without a definition (csv-format true is injected first)', '{"never-send": true,\n"code": 200}', 'error unknown-option 4:9 /Dhcp4/option-data/0/code'],
    ['a missing value', '{"name": "domain-name",\n"never-send": false}', 'error invalid-option-data 3:10 /Dhcp4/option-data/0/name'],
  ])('refuses %s', (_label, entry, expected) => {
    expect(run(globalData(4, entry))).toEqual([expected]);
  });

  it.each<[string, string, string]>([
    ['the dhcp4 space', '{"code": 3,\n"space": "dhcp4", "data": "01"}', 'error option-space-reserved 4:10 /Dhcp6/option-data/0/space'],
    ['code 0', '{"csv-format": false,\n"code": 0, "data": "00"}', 'error reserved-option-code 4:9 /Dhcp6/option-data/0/code'],
    ['a bad address', '{"name": "dns-servers",\n"data": "10.0.0.1.5"}', 'error invalid-option-data 4:9 /Dhcp6/option-data/0/data'],
  ])('refuses %s in DHCPv6', (_label, entry, expected) => {
    expect(run(globalData(6, entry))).toEqual([expected]);
  });

  it('explains the global csv-format default in the hint', () => {
    const [issue] = runDaemonRule(globalData(4, '{"code": 200, "data": "0a0b"}'), checkOptionsAndClasses);
    expect(issue?.message).toBe("global option-data: no definition is known for option code 200 in space 'dhcp4', so its data cannot be read as csv text");
    expect(issue?.hint).toMatch(/global option-data is read with csv-format true unless it says otherwise/);
  });
});

describe('option-data outside the global level: csv-format is unspecified', () => {
  it.each<[string, string]>([
    ['an undefined code with hex data', '{"code": 201, "data": "0a0b"}'],
    ['an undefined code with a name Kea ignores', '{"code": 201, "name": "mine", "data": "0a0b"}'],
    ['a cancelled option without data, even PAD (Kea parses nothing)', '{"code": 0, "never-send": true}'],
    ['a standard option as csv', '{"name": "routers", "data": "10.0.0.1"}'],
  ])('accepts %s', (_label, entry) => {
    expect(run(subnetData(entry))).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['an undefined code with explicit csv-format true', '{"code": 201, "csv-format": true,\n"data": "0a0b"}', 'error unknown-option 4:10 /Dhcp4/subnet4/0/option-data/0/code'],
    ['an unknown name', '{"name":\n"mine", "data": "0a0b"}', 'error unknown-option 5:1 /Dhcp4/subnet4/0/option-data/0/name'],
    ['data that is not hex', '{"code": 201,\n"data": "zz"}', 'error invalid-option-data 5:9 /Dhcp4/subnet4/0/option-data/0/data'],
    ['PAD with data', '{"code": 0,\n"data": "00"}', 'error reserved-option-code 4:10 /Dhcp4/subnet4/0/option-data/0/code'],
  ])('refuses %s', (_label, entry, expected) => {
    expect(run(subnetData(entry))).toEqual([expected]);
  });
});

describe('option-data in every scope', () => {
  const BAD = '{"name": "routers",\n"data": "10.0.0.x"}';
  it.each<[string, string, string]>([
    ['a shared network', `{"Dhcp4": {"shared-networks": [{"name": "net",\n"option-data": [${BAD}]}]}}`, '/Dhcp4/shared-networks/0/option-data/0/data'],
    ['a subnet in a shared network', `{"Dhcp4": {"shared-networks": [{"name": "net", "subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"option-data": [${BAD}]}]}]}}`, '/Dhcp4/shared-networks/0/subnet4/0/option-data/0/data'],
    ['a pool', `{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "pools": [{"pool": "10.0.0.10-10.0.0.20",\n"option-data": [${BAD}]}]}]}}`, '/Dhcp4/subnet4/0/pools/0/option-data/0/data'],
    ['a subnet reservation', `{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "reservations": [{"hw-address": "01:02:03:04:05:06",\n"option-data": [${BAD}]}]}]}}`, '/Dhcp4/subnet4/0/reservations/0/option-data/0/data'],
    ['a global reservation', `{"Dhcp4": {"reservations": [{"hw-address": "01:02:03:04:05:06",\n"option-data": [${BAD}]}]}}`, '/Dhcp4/reservations/0/option-data/0/data'],
    ['a client class', `{"Dhcp4": {"client-classes": [{"name": "c",\n"option-data": [${BAD}]}]}}`, '/Dhcp4/client-classes/0/option-data/0/data'],
  ])('checks %s', (_label, text, path) => {
    expect(run(text)).toEqual([`error invalid-option-data 3:9 ${path}`]);
  });

  it('checks DHCPv6 pd-pools and labels the scope in the message', () => {
    const text = `{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/48", "pd-pools": [{"prefix": "2001:db8:1::", "prefix-len": 48, "delegated-len": 64,
"option-data": [{"name": "dns-servers",
"data": "10.0.0.x"}]}]}]}}`;
    const issues = runDaemonRule(text, checkOptionsAndClasses);
    expect(brief(issues)).toEqual(['error invalid-option-data 3:9 /Dhcp6/subnet6/0/pd-pools/0/option-data/0/data']);
    expect(issues[0]?.message).toMatch(/^pd-pool 2001:db8:1::\/48 of subnet 2001:db8::\/48: option 'dns-servers'/);
  });
});

describe('option-data and option-def visibility', () => {
  it('sees global definitions everywhere, with their csv form', () => {
    const text = `{"Dhcp4": {"option-def": [{"name": "site", "code": 224, "type": "record", "record-types": "uint8, string"}],
"option-data": [{"name": "site", "data": "1, lab"}],
"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "option-data": [{"code": 224,
"data": "x, lab"}]}]}}`;
    expect(run(text)).toEqual(['error invalid-option-data 4:9 /Dhcp4/subnet4/0/option-data/0/data']);
  });

  it('sees a class definition only in that class', () => {
    const text = `{"Dhcp4": {"client-classes": [{"name": "c", "option-def": [{"name": "boot", "code": 224, "type": "string"}],
"option-data": [{"name": "boot", "data": "pxe"}]}],
"option-data": [{"name":
"boot", "data": "pxe"}]}}`;
    expect(run(text)).toEqual(['error unknown-option 4:1 /Dhcp4/option-data/0/name']);
  });

  it('prefers the class definition of option 43 to the global one', () => {
    const text = `{"Dhcp4": {"option-def": [{"name": "v43", "code": 43, "type": "string"}],
"client-classes": [{"name": "c", "option-def": [{"name": "c43", "code": 43, "type": "uint8"}],
"option-data": [{"code": 43,
"data": "abc"}]}]}}`;
    expect(run(text)).toEqual(['error invalid-option-data 4:9 /Dhcp4/client-classes/0/option-data/0/data']);
  });

  it('uses the standard vendor definition before a global one in the same vendor space (as Kea does)', () => {
    const text = `{"Dhcp4": {"option-def": [{"name": "my-oro", "code": 1, "space": "vendor-4491", "type": "string"}],
"option-data": [{"space": "vendor-4491", "code": 1,
"data": "abc"}]}}`;
    expect(run(text)).toEqual(['error invalid-option-data 3:9 /Dhcp4/option-data/0/data']);
  });
});

describe('scale', () => {
  // Speed is measured by the config-test benchmark, not asserted here (it flakes on a busy machine).
  it('checks 10 000 subnets with 30 000 option-data entries without a false issue', () => {
    const subnet4 = Array.from({ length: 10_000 }, (_, i) => ({
      id: i + 1,
      subnet: `10.${i >> 8}.${i & 255}.0/24`,
      'client-classes': ['fast'],
      'option-data': [
        { name: 'routers', data: `10.${i >> 8}.${i & 255}.1` },
        { name: 'domain-name-servers', data: '10.0.0.53, 10.0.1.53' },
        { code: 224, data: '7, site', 'client-classes': ['fast'] },
      ],
    }));
    const root = {
      'option-def': [{ name: 'site', code: 224, type: 'record', 'record-types': 'uint8, string' }],
      'client-classes': [{ name: 'fast', test: "option[host-name].text == 'x'" }],
      subnet4,
    };
    const ctx = new RuleContext(new SecretStore(), undefined);
    checkOptionsAndClasses(daemonView(root, 4), ctx);
    expect(ctx.issues).toEqual([]);
  });
});
