import { describe, expect, it } from 'vitest';
import { brief, runDaemonRule } from './test-helpers.js';
import { checkSubnets } from './subnets.js';

const run = (text: string) => brief(runDaemonRule(text, (view, ctx) => { checkSubnets(view, ctx); }));

/** A Dhcp4 file with the given subnet4 entries, one key per line. */
function v4(...subnets: string[]): string {
  return `{"Dhcp4": {\n"subnet4": [\n${subnets.join(',\n')}\n]}}`;
}

describe('subnet ids and prefixes', () => {
  it('accepts distinct ids and prefixes', () => {
    expect(run(v4('{"id": 1,\n"subnet": "10.0.0.0/24"}', '{"id": 2,\n"subnet": "10.0.1.0/24"}'))).toEqual([]);
  });

  it('requires an id, with a hint to convert --assign-ids', () => {
    const issues = runDaemonRule(v4('{"subnet": "10.0.0.0/24"}'), (view, ctx) => { checkSubnets(view, ctx); });
    expect(brief(issues)).toEqual(['error missing-subnet-id 3:1 /Dhcp4/subnet4/0']);
    expect(issues[0]?.hint).toMatch(/gitdhcp convert --assign-ids/);
  });

  it('rejects a duplicate id at the second subnet, shared networks included', () => {
    const text = `{"Dhcp4": {
"shared-networks": [{"name": "a",
"subnet4": [{"id": 7,
"subnet": "10.0.0.0/24"}]}],
"subnet4": [{"id": 7,
"subnet": "10.0.1.0/24"}]}}`;
    expect(run(text)).toEqual(['error duplicate-subnet-id 5:20 /Dhcp4/subnet4/0/id']);
  });

  it('rejects the same prefix twice, compared in canonical form', () => {
    expect(run(v4('{"id": 1,\n"subnet": "10.0.0.0/24"}', '{"id": 2,\n"subnet": "10.0.0.0 / 24"}')))
      .toEqual(['error duplicate-subnet 6:11 /Dhcp4/subnet4/1/subnet']);
    const v6 = '{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/64"},\n{"id": 2, "subnet": "2001:DB8:0::/64"}]}}';
    expect(run(v6)).toEqual(['error duplicate-subnet 2:21 /Dhcp6/subnet6/1/subnet']);
  });

  it('warns (only) about host bits, which Kea accepts', () => {
    expect(run(v4('{"id": 1,\n"subnet": "10.0.0.1/24"}'))).toEqual(['warning subnet-host-bits 4:11 /Dhcp4/subnet4/0/subnet']);
  });
});

describe('pools', () => {
  it('accepts pools inside the subnet, in both forms', () => {
    expect(run(v4('{"id": 1, "subnet": "10.0.0.0/24",\n"pools": [{"pool": "10.0.0.10 - 10.0.0.20"}, {"pool": "10.0.0.128/25"}]}'))).toEqual([]);
  });

  it.each([
    ['10.0.1.10 - 10.0.1.20', 'error pool-outside-subnet 5:10 /Dhcp4/subnet4/0/pools/0/pool'],
    ['10.0.0.250 - 10.0.1.5', 'error pool-outside-subnet 5:10 /Dhcp4/subnet4/0/pools/0/pool'],
    ['10.0.0.1/24', 'error invalid-pool 5:10 /Dhcp4/subnet4/0/pools/0/pool'],
  ])('rejects %s in 10.0.0.0/24', (pool, expected) => {
    expect(run(v4(`{"id": 1, "subnet": "10.0.0.0/24",\n"pools": [\n{"pool": "${pool}"}]}`))).toEqual([expected]);
  });

  it('rejects overlapping pools at the later one', () => {
    const text = v4('{"id": 1, "subnet": "10.0.0.0/24",\n"pools": [{"pool": "10.0.0.10 - 10.0.0.20"},\n{"pool": "10.0.0.20 - 10.0.0.30"}]}');
    expect(run(text)).toEqual(['error overlapping-pools 5:10 /Dhcp4/subnet4/0/pools/1/pool']);
  });

  it('checks DHCPv6 address pools against prefix-delegation pools', () => {
    const text = `{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/48",
"pools": [{"pool": "2001:db8:0:1::/64"}],
"pd-pools": [{"prefix": "2001:db8::",
"prefix-len": 56,
"delegated-len": 64}]}]}}`;
    expect(run(text)).toEqual(['error overlapping-pools 3:25 /Dhcp6/subnet6/0/pd-pools/0/prefix']);
  });
});

describe('pd-pools', () => {
  const pd = (fields: string) => `{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/48",\n"pd-pools": [{${fields}}]}]}}`;

  it('accepts a consistent pd-pool with an excluded prefix', () => {
    expect(run(pd('"prefix": "3000::", "prefix-len": 48, "delegated-len": 56,\n"excluded-prefix": "3000:0:0:ff::", "excluded-prefix-len": 64'))).toEqual([]);
  });

  it.each([
    ['"prefix": "3000::", "prefix-len": 56,\n"delegated-len": 48', 'error invalid-pd-pool 3:18 /Dhcp6/subnet6/0/pd-pools/0/delegated-len'],
    ['"prefix":\n"3000::1", "prefix-len": 48, "delegated-len": 56', 'error invalid-pd-pool 3:1 /Dhcp6/subnet6/0/pd-pools/0/prefix'],
    ['"prefix": "3000::", "prefix-len": 48, "delegated-len": 56,\n"excluded-prefix": "3000::", "excluded-prefix-len": 56', 'error invalid-pd-pool 3:53 /Dhcp6/subnet6/0/pd-pools/0/excluded-prefix-len'],
    ['"prefix": "3000::", "prefix-len": 48, "delegated-len": 56,\n"excluded-prefix": "3001::", "excluded-prefix-len": 64', 'error invalid-pd-pool 3:20 /Dhcp6/subnet6/0/pd-pools/0/excluded-prefix'],
    ['"prefix": "3000::", "prefix-len": 48, "delegated-len": 56,\n"excluded-prefix": "3000::ff00"', 'error invalid-pd-pool 2:14 /Dhcp6/subnet6/0/pd-pools/0/excluded-prefix-len'],
  ])('rejects %s', (fields, expected) => {
    expect(run(pd(fields))).toEqual([expected]);
  });
});

describe('shared networks', () => {
  it('rejects duplicate and empty names', () => {
    const text = `{"Dhcp4": {"shared-networks": [{"name": "floor1"},
{"name": "floor1"},
{"name": " "}]}}`;
    expect(run(text)).toEqual([
      'error duplicate-shared-network 2:10 /Dhcp4/shared-networks/1/name',
      'error invalid-shared-network 3:10 /Dhcp4/shared-networks/2/name',
    ]);
  });
});
