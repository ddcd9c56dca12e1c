import { describe, expect, it } from 'vitest';
import { checkInterfaces } from './interfaces.js';
import { brief, fakeHost, runDaemonRule } from './test-helpers.js';
import type { HostFacts } from './context.js';

const run = (text: string, host?: HostFacts) =>
  brief(runDaemonRule(text, (view, ctx) => { checkInterfaces(view, ctx); }, host ? { host } : {}));

/** A daemon map whose interfaces list holds one entry per line, from line 2. */
const cfg = (daemon: 'Dhcp4' | 'Dhcp6', ...entries: string[]) =>
  `{"${daemon}": {"interfaces-config": {"interfaces": [\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]}}}`;

const at = (daemon: string, i: number) => `/${daemon}/interfaces-config/interfaces/${i}`;

describe('interfaces-config duplicates', () => {
  it.each([
    ['Dhcp4', ['*', 'eth0', 'eth1/192.0.2.1', 'eth1/192.0.2.2']],
    ['Dhcp6', ['eth0', 'eth0/2001:db8::1', 'eth1/2001:db8:1::1']],
    ['Dhcp4', [' eth0 ', 'eth1']],
  ] as const)('accepts %s %j', (daemon, entries) => {
    expect(run(cfg(daemon, ...entries))).toEqual([]);
  });

  it.each([
    ['Dhcp4', ['*', '*'], 1],
    ['Dhcp4', ['eth0', 'eth0'], 1],
    ['Dhcp6', ['eth0', ' eth0'], 1],
    ['Dhcp4', ['eth0', 'eth0/192.0.2.1'], 1],
    ['Dhcp4', ['eth0/192.0.2.1', 'eth0'], 1],
    ['Dhcp4', ['eth0/192.0.2.1', 'eth0/192.0.2.1'], 1],
    ['Dhcp6', ['eth0/2001:db8::1', 'eth0/2001:DB8::0:1'], 1],
  ] as const)('rejects %s %j at entry %i', (daemon, entries, i) => {
    expect(run(cfg(daemon, ...entries))).toEqual([`error interface-duplicate ${i + 2}:1 ${at(daemon, i)}`]);
  });
});

describe('interfaces-config addresses', () => {
  it.each([
    ['Dhcp4', 'eth0/2001:db8::1'],
    ['Dhcp6', 'eth0/192.0.2.1'],
    ['Dhcp6', 'eth0/ff02::1:2'],
  ] as const)('rejects %s %s (wrong family or multicast)', (daemon, entry) => {
    expect(run(cfg(daemon, entry))).toEqual([`error interface-address-invalid 2:1 ${at(daemon, 0)}`]);
  });

  it('warns about a link-local unicast address in DHCPv6, which Kea accepts', () => {
    expect(run(cfg('Dhcp6', 'eth0/fe80::1'))).toEqual([`warning interface-link-local 2:1 ${at('Dhcp6', 0)}`]);
  });

  it('leaves malformed entries to the schema', () => {
    expect(run(cfg('Dhcp4', '', '*/192.0.2.1', 'eth0/', '/192.0.2.1', 'eth0/999.1.1.1'))).toEqual([]);
  });
});

describe('interfaces-config on the host', () => {
  const host = fakeHost(['lo', 'eth0']);

  it('accepts interfaces that exist, and checks nothing without host facts', () => {
    expect(run(cfg('Dhcp4', 'eth0', 'lo/127.0.0.1', '*'), host)).toEqual([]);
    expect(run(cfg('Dhcp4', 'wlan9'))).toEqual([]);
  });

  it('rejects interfaces that do not exist, with or without an address', () => {
    expect(run(cfg('Dhcp4', 'eth1', 'eth2/192.0.2.1'), host)).toEqual([
      `error interface-not-found 2:1 ${at('Dhcp4', 0)}`,
      `error interface-not-found 3:1 ${at('Dhcp4', 1)}`,
    ]);
  });

  it('lists the interfaces of the host in the hint', () => {
    const issues = runDaemonRule(cfg('Dhcp6', 'eth1'), (view, ctx) => { checkInterfaces(view, ctx); }, { host });
    expect(issues[0]?.hint).toBe('interfaces here: eth0, lo');
  });
});

it('never throws on values of the wrong type', () => {
  expect(run('{"Dhcp4": {"interfaces-config": {"interfaces": [1, null, ["eth0"]]}}}')).toEqual([]);
  expect(run('{"Dhcp4": {"interfaces-config": {"interfaces": "eth0"}}}')).toEqual([]);
  expect(run('{"Dhcp6": {"interfaces-config": []}}')).toEqual([]);
});
