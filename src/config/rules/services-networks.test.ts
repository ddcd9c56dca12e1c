import { describe, expect, it } from 'vitest';
import { checkNetworkScopes } from './services-networks.js';
import { brief, fakeHost, runDaemonRule } from './test-helpers.js';
import type { HostFacts } from './context.js';

const run = (text: string, host?: HostFacts) =>
  brief(runDaemonRule(text, (view, ctx) => { checkNetworkScopes(view, ctx); }, host ? { host } : {}));

/** A shared network (line 1) holding the given subnets, one per line from line 3. */
function net(daemon: 'Dhcp4' | 'Dhcp6', netFields: string, ...subnets: string[]): string {
  const key = daemon === 'Dhcp4' ? 'subnet4' : 'subnet6';
  return `{"${daemon}": {"shared-networks": [{"name": "n"${netFields},\n"${key}": [\n${subnets.join(',\n')}]}]}}`;
}

const s4 = (n: number, extra = '') => `{"id": ${n}, "subnet": "10.0.${n}.0/24"${extra}}`;
const s6 = (n: number, extra = '') => `{"id": ${n}, "subnet": "2001:db8:${n}::/64"${extra}}`;

describe('authoritative in shared networks (DHCPv4)', () => {
  it.each([
    ['', [s4(1), s4(2)]],
    [', "authoritative": true', [s4(1), s4(2, ', "authoritative": true')]],
    ['', [s4(1, ', "authoritative": false')]],
  ])('accepts network%s with subnets %j', (fields, subnets) => {
    expect(run(net('Dhcp4', fields, ...subnets))).toEqual([]);
  });

  it('rejects a subnet that differs from the network, which Kea compares without the global value', () => {
    const text = `{"Dhcp4": {"authoritative": true, "shared-networks": [{"name": "n",\n"subnet4": [\n${s4(1, ',\n"authoritative": true')}]}]}}`;
    const issues = runDaemonRule(text, (view, ctx) => { checkNetworkScopes(view, ctx); });
    expect(brief(issues)).toEqual(['error authoritative-mismatch 4:18 /Dhcp4/shared-networks/0/subnet4/0/authoritative']);
    expect(issues[0]?.message).toMatch(/false \(not set there; Kea ignores the global value/);
    expect(run(net('Dhcp4', ', "authoritative": true', s4(1, ',\n"authoritative": false'))))
      .toEqual(['error authoritative-mismatch 4:18 /Dhcp4/shared-networks/0/subnet4/0/authoritative']);
  });
});

describe('interface agreement in shared networks', () => {
  it.each([
    ['Dhcp4', ', "interface": "eth0"', [s4(1), s4(2, ', "interface": "eth0"')]],
    ['Dhcp4', '', [s4(1), s4(2, ', "interface": "eth1"'), s4(3), s4(4, ', "interface": "eth1"')]],
  ] as const)('accepts %s network%s with %j', (daemon, fields, subnets) => {
    expect(run(net(daemon, fields, ...subnets))).toEqual([]);
  });

  it('rejects a subnet whose interface differs from the network or from an earlier subnet', () => {
    expect(run(net('Dhcp4', ', "interface": "eth0"', s4(1, ',\n"interface": "eth1"'))))
      .toEqual(['error interface-mismatch 4:14 /Dhcp4/shared-networks/0/subnet4/0/interface']);
    expect(run(net('Dhcp6', '', s6(1, ', "interface": "eth0"'), s6(2, ',\n"interface": "eth1"'))))
      .toEqual(['error interface-mismatch 5:14 /Dhcp6/shared-networks/0/subnet6/1/interface']);
  });
});

describe('rapid-commit in shared networks (DHCPv6)', () => {
  it.each([
    ['', [s6(1), s6(2, ', "rapid-commit": false')]],
    [', "rapid-commit": true', [s6(1), s6(2, ', "rapid-commit": true')]],
  ])('accepts network%s with %j', (fields, subnets) => {
    expect(run(net('Dhcp6', fields, ...subnets))).toEqual([]);
  });

  it('rejects subnets that disagree, explicitly or by inheritance', () => {
    expect(run(net('Dhcp6', '', s6(1), s6(2, ',\n"rapid-commit": true'))))
      .toEqual(['error rapid-commit-mismatch 5:17 /Dhcp6/shared-networks/0/subnet6/1/rapid-commit']);
    expect(run(net('Dhcp6', '', s6(1, ', "rapid-commit": true'), s6(2))))
      .toEqual(['error rapid-commit-mismatch 4:1 /Dhcp6/shared-networks/0/subnet6/1']);
  });
});

describe('interface and interface-id (DHCPv6)', () => {
  it('accepts one or the other', () => {
    expect(run('{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/64", "interface": "eth0", "interface-id": ""}]}}')).toEqual([]);
  });

  it('rejects both, on subnets and shared networks', () => {
    expect(run('{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/64", "interface": "eth0",\n"interface-id": "relay1"}]}}'))
      .toEqual(['error mutually-exclusive-keys 2:17 /Dhcp6/subnet6/0/interface-id']);
    expect(run(net('Dhcp6', ', "interface": "eth0",\n"interface-id": "r1"')))
      .toEqual(['error mutually-exclusive-keys 2:17 /Dhcp6/shared-networks/0/interface-id']);
  });
});

describe('interfaces on the host', () => {
  const host = fakeHost(['eth0']);

  it('accepts interfaces that exist, and checks nothing without host facts', () => {
    expect(run(net('Dhcp4', ', "interface": "eth0"', s4(1, ', "interface": "eth0"')), host)).toEqual([]);
    expect(run(net('Dhcp4', ', "interface": "eth9"'))).toEqual([]);
  });

  it('rejects a missing interface on a shared network and on a subnet', () => {
    expect(run(net('Dhcp4', ', "interface": "eth9"'), host)).toEqual(['error interface-not-found 1:59 /Dhcp4/shared-networks/0/interface']);
    expect(run('{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/64",\n"interface": "eth9"}]}}', host))
      .toEqual(['error interface-not-found 2:14 /Dhcp6/subnet6/0/interface']);
  });
});

describe('server-hostname and boot-file-name bytes (DHCPv4)', () => {
  it('accepts ASCII up to the limit', () => {
    const text = `{"Dhcp4": {"subnet4": [${s4(1, `, "server-hostname": "${'a'.repeat(63)}", "boot-file-name": "${'b'.repeat(128)}"`)}]}}`;
    expect(run(text)).toEqual([]);
  });

  it('rejects values within the character limit but over the byte limit', () => {
    const text = `{"Dhcp4": {"subnet4": [${s4(1, `,\n"server-hostname": "${'é'.repeat(40)}"`)}],\n"shared-networks": [{"name": "n",\n"boot-file-name": "${'ü'.repeat(100)}"}]}}`;
    expect(run(text)).toEqual([
      'error boot-field-too-long 4:19 /Dhcp4/shared-networks/0/boot-file-name',
      'error boot-field-too-long 2:20 /Dhcp4/subnet4/0/server-hostname',
    ]);
  });
});

describe('relay addresses', () => {
  it('accepts distinct addresses', () => {
    expect(run(`{"Dhcp4": {"subnet4": [${s4(1, ', "relay": {"ip-addresses": ["192.0.2.1", "192.0.2.2"]}')}]}}`)).toEqual([]);
  });

  it('rejects the same address twice in one relay, compared as addresses', () => {
    expect(run(`{"Dhcp6": {"subnet6": [${s6(1, ', "relay": {"ip-addresses": ["2001:db8::1",\n"2001:DB8:0::1"]}')}]}}`))
      .toEqual(['error duplicate-relay-address 2:1 /Dhcp6/subnet6/0/relay/ip-addresses/1']);
    expect(run(net('Dhcp4', ', "relay": {"ip-addresses": ["192.0.2.1",\n"192.0.2.1"]}')))
      .toEqual(['error duplicate-relay-address 2:1 /Dhcp4/shared-networks/0/relay/ip-addresses/1']);
  });
});
