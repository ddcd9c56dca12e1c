import { describe, expect, it } from 'vitest';
import { diffConfig } from './diff.js';

type Doc = Record<string, unknown>;

const v4 = (...subnets: Doc[]): Doc => ({ Dhcp4: { subnet4: subnets } });
const v6 = (...subnets: Doc[]): Doc => ({ Dhcp6: { subnet6: subnets } });
const subnet = (id: number, prefix: string, extra: Doc = {}): Doc => ({ id, subnet: prefix, ...extra });

/** `kind subject => impact` for every change, so a test sees what is and is not flagged. */
function impacts(before: unknown, after: unknown): string[] {
  return diffConfig(before, after).changes.map((c) => `${c.kind} ${c.subject}${c.leaseImpact === undefined ? '' : ` => ${c.leaseImpact}`}`);
}

describe('subnets', () => {
  it('flags a removed subnet: its leases are orphaned', () => {
    expect(impacts(v4(subnet(12, '10.0.12.0/24'), subnet(13, '10.0.13.0/24')), v4(subnet(13, '10.0.13.0/24')))).toEqual([
      'removed Dhcp4 subnet 12 (10.0.12.0/24) => leases in 10.0.12.0/24 (subnet 12) will be orphaned',
    ]);
  });

  it('flags a subnet id now on another prefix', () => {
    expect(impacts(v4(subnet(12, '10.0.12.0/24')), v4(subnet(12, '10.0.99.0/24')))).toEqual([
      'changed Dhcp4 subnet 12 (10.0.99.0/24) => subnet 12 was 10.0.12.0/24, now 10.0.99.0/24: leases recorded under id 12 now refer to a different network',
    ]);
  });

  it('flags the same prefix under another id, on both the old and the new subnet', () => {
    const diff = diffConfig(v4(subnet(12, '10.0.12.0/24')), v4(subnet(13, '10.0.12.0/24')));
    expect(impacts(v4(subnet(12, '10.0.12.0/24')), v4(subnet(13, '10.0.12.0/24')))).toEqual([
      'removed Dhcp4 subnet 12 (10.0.12.0/24) => 10.0.12.0/24 moved from subnet 12 to subnet 13: its leases keep id 12',
      'added Dhcp4 subnet 13 (10.0.12.0/24) => 10.0.12.0/24 moved from subnet 12 to subnet 13: its leases keep id 12',
    ]);
    expect(diff.leaseAffecting).toBe(2);
  });

  it('flags both halves of two subnets that swapped prefixes', () => {
    expect(impacts(v4(subnet(1, '10.0.1.0/24'), subnet(2, '10.0.2.0/24')), v4(subnet(1, '10.0.2.0/24'), subnet(2, '10.0.1.0/24')))).toEqual([
      'changed Dhcp4 subnet 1 (10.0.2.0/24) => subnet 1 was 10.0.1.0/24, now 10.0.2.0/24: leases recorded under id 1 now refer to a different network; 10.0.2.0/24 moved from subnet 2 to subnet 1: its leases keep id 2',
      'changed Dhcp4 subnet 2 (10.0.1.0/24) => 10.0.1.0/24 moved from subnet 1 to subnet 2: its leases keep id 1; subnet 2 was 10.0.2.0/24, now 10.0.1.0/24: leases recorded under id 2 now refer to a different network',
    ]);
  });

  it('does not flag a subnet moved into a shared network', () => {
    const diff = diffConfig(v4(subnet(12, '10.0.12.0/24')), { Dhcp4: { 'shared-networks': [{ name: 'floor1', subnet4: [subnet(12, '10.0.12.0/24')] }] } });
    expect(diff.leaseAffecting).toBe(0);
  });
});

describe('pools', () => {
  const pools = (...p: string[]): Doc => v4(subnet(12, '10.0.12.0/24', { pools: p.map((pool) => ({ pool })) }));

  it('flags a shrunk pool with the addresses that left the pools', () => {
    expect(impacts(pools('10.0.12.10 - 10.0.12.99'), pools('10.0.12.10 - 10.0.12.49'))).toEqual([
      'added Dhcp4 subnet 12 pool 10.0.12.10-10.0.12.49',
      'removed Dhcp4 subnet 12 pool 10.0.12.10-10.0.12.99 => 10.0.12.50-10.0.12.99 left the pools',
    ]);
  });

  it('flags a removed pool, minus what other pools still cover', () => {
    expect(impacts(pools('10.0.12.10-10.0.12.99', '10.0.12.100-10.0.12.199'), pools('10.0.12.100-10.0.12.150'))).toEqual([
      'removed Dhcp4 subnet 12 pool 10.0.12.10-10.0.12.99 => 10.0.12.10-10.0.12.99 left the pools',
      'added Dhcp4 subnet 12 pool 10.0.12.100-10.0.12.150',
      'removed Dhcp4 subnet 12 pool 10.0.12.100-10.0.12.199 => 10.0.12.151-10.0.12.199 left the pools',
    ]);
  });

  it('does not flag a pool split into pools that cover the same addresses, or grown', () => {
    expect(diffConfig(pools('10.0.12.0/25'), pools('10.0.12.0-10.0.12.63', '10.0.12.64/26')).leaseAffecting).toBe(0);
    expect(diffConfig(pools('10.0.12.10-10.0.12.99'), pools('10.0.12.10-10.0.12.199')).leaseAffecting).toBe(0);
  });

  it('flags the pools of a removed subnet only through the subnet', () => {
    expect(impacts(pools('10.0.12.10-10.0.12.99'), v4())).toEqual([
      'removed Dhcp4 subnet 12 (10.0.12.0/24) => leases in 10.0.12.0/24 (subnet 12) will be orphaned',
    ]);
  });

  it('flags delegated prefixes that left the pd-pools', () => {
    const pd = (prefix: string, len: number): Doc => v6(subnet(1, '2001:db8::/32', { 'pd-pools': [{ prefix, 'prefix-len': len, 'delegated-len': 56 }] }));
    expect(impacts(pd('2001:db8::', 47), pd('2001:db8:1::', 48))).toEqual([
      'removed Dhcp6 subnet 1 pd-pool 2001:db8::/47 => 2001:db8::/48 left the pd-pools',
      'added Dhcp6 subnet 1 pd-pool 2001:db8:1::/48',
    ]);
  });
});

describe('reservations', () => {
  const res = (...r: Doc[]): Doc => v4(subnet(12, '10.0.12.0/24', { reservations: r }));
  const A = 'aa:aa:aa:aa:aa:aa';
  const B = 'bb:bb:bb:bb:bb:bb';

  it('flags a reservation whose address changed', () => {
    expect(impacts(res({ 'hw-address': A, 'ip-address': '10.0.12.20' }), res({ 'hw-address': A, 'ip-address': '10.0.12.21' }))).toEqual([
      `changed Dhcp4 subnet 12 reservation hw-address ${A} => reservation moved: 10.0.12.20 → 10.0.12.21; the client's lease on 10.0.12.20 will be replaced at its next renewal`,
    ]);
  });

  it('flags an address now reserved to another identifier', () => {
    expect(impacts(res({ 'hw-address': A, 'ip-address': '10.0.12.20' }), res({ 'hw-address': B, 'ip-address': '10.0.12.20' }))).toEqual([
      `removed Dhcp4 subnet 12 reservation hw-address ${A}`,
      `added Dhcp4 subnet 12 reservation hw-address ${B} => 10.0.12.20 was reserved to hw-address ${A}, now to hw-address ${B}: the lease hw-address ${A} holds on it will not be renewed`,
    ]);
  });

  it('flags v6 reserved prefixes that moved', () => {
    const r6 = (p: string): Doc => v6(subnet(1, '2001:db8::/32', { reservations: [{ duid: '00:03:00:01:aa:bb', prefixes: [p] }] }));
    expect(diffConfig(r6('2001:db8:1::/56'), r6('2001:db8:2::/56')).changes[0]?.leaseImpact).toBe(
      "reservation moved: 2001:db8:1::/56 → 2001:db8:2::/56; the client's lease on 2001:db8:1::/56 will be replaced at its next renewal",
    );
  });

  it('does not flag a reservation whose other fields changed, or that was rewritten in another hex form', () => {
    expect(diffConfig(res({ 'hw-address': A, 'ip-address': '10.0.12.20', hostname: 'a' }), res({ 'hw-address': 'AAAAAAAAAAAA', 'ip-address': '10.0.12.20', hostname: 'b' })).leaseAffecting).toBe(0);
  });
});

describe('changes that leave leases alone', () => {
  it('does not flag a shorter valid-lifetime: existing leases keep their expiry', () => {
    const diff = diffConfig(
      { Dhcp4: { 'valid-lifetime': 7200, subnet4: [subnet(12, '10.0.12.0/24', { 'valid-lifetime': 7200 })] } },
      { Dhcp4: { 'valid-lifetime': 600, subnet4: [subnet(12, '10.0.12.0/24', { 'valid-lifetime': 600 })] } },
    );
    expect(diff.changes).toHaveLength(2);
    expect(diff.leaseAffecting).toBe(0);
  });
});
