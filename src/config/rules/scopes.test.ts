import { describe, expect, it } from 'vitest';
import { daemonView, type Obj } from './context.js';
import { daemonScopes, labelOf, scopeLabel } from './scopes.js';

const v6 = daemonView({
  reservations: [{ duid: '01:02:03' }],
  'shared-networks': [
    { name: 'blue', subnet6: [{ id: 1, subnet: ' 2001:db8:1::/64 ', pools: [{ pool: ' 2001:db8:1::10 - 2001:db8:1::20' }] }] },
    { subnet6: [{ id: 2, subnet: '2001:db8:2::/64', 'pd-pools': [{ prefix: '2001:db8:f::', 'prefix-len': 48, 'delegated-len': 64 }] }] },
  ],
  subnet6: [{ id: 3, reservations: [{ 'hw-address': '01:02:03:04:05:06' }] }],
} as Obj, 6);

describe('daemonScopes', () => {
  it('walks each shared network with its subnets first, then the top-level subnets, as Kea parses them', () => {
    expect(daemonScopes(v6).map(labelOf)).toEqual([
      'the global level',
      'shared network "blue"',
      'subnet 2001:db8:1::/64',
      'pool 2001:db8:1::10 - 2001:db8:1::20 of subnet 2001:db8:1::/64',
      'shared network (no name)',
      'subnet 2001:db8:2::/64',
      'pd-pool 2001:db8:f::/48 of subnet 2001:db8:2::/64',
      'subnet (no prefix)',
      'reservation hw-address 01:02:03:04:05:06 in subnet (no prefix)',
      'global reservation duid 01:02:03',
    ]);
  });

  it('gives only the kinds asked for, and subnets their shared network', () => {
    const scopes = daemonScopes(v6, ['network', 'subnet']);
    expect(scopes.map((s) => s.kind)).toEqual(['network', 'subnet', 'network', 'subnet', 'subnet']);
    expect(scopes[1]?.network?.path).toBe('/Dhcp6/shared-networks/0');
    expect(scopes[4]?.network).toBeUndefined();
    expect(scopes.filter((s) => s.isSelectedByGuard).map((s) => s.path))
      .toEqual(['/Dhcp6/shared-networks/0', '/Dhcp6/shared-networks/1', '/Dhcp6/subnet6/0']);
  });
});

describe('scopeLabel', () => {
  it('trims a subnet prefix and keeps a shared network name as written', () => {
    expect(scopeLabel({ value: { subnet: ' 10.0.0.0/24 ' }, path: '' }, 'subnet')).toBe('subnet 10.0.0.0/24');
    expect(scopeLabel({ value: { name: ' blue' }, path: '' }, 'network')).toBe('shared network " blue"');
  });
});
