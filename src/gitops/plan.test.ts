import { describe, expect, it } from 'vitest';
import { config4, ip } from '../alloc/test-helpers.js';
import { LeaseState, type Lease4 } from '../lease/index.js';
import { describePlan, planLeaseImpact } from './plan.js';

const NOW = 1_700_000_000;

function lease(address: string, subnetId: number, mac: number, over: Partial<Lease4> = {}): Lease4 {
  return {
    address: ip(address), hwaddr: Uint8Array.of(2, 0, 0, 0, 0, mac), htype: 1, clientId: null, validLifetime: 3600, cltt: NOW - 10,
    subnetId, poolId: 0, fqdnFwd: false, fqdnRev: false, hostname: '', state: LeaseState.Default, userContext: null, ...over,
  };
}

const BEFORE = config4({
  subnet4: [
    { id: 1, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.100 - 192.0.2.199' }] },
    { id: 2, subnet: '198.51.100.0/24', pools: [{ pool: '198.51.100.10 - 198.51.100.20' }] },
  ],
});

describe('planLeaseImpact', () => {
  it('finds leases stranded by a shrunk pool, a removed subnet and a reused id; ignores expired and released ones', () => {
    const after = config4({
      subnet4: [
        { id: 1, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.100 - 192.0.2.149' }], reservations: [{ 'hw-address': '02:00:00:00:00:07', 'ip-address': '192.0.2.160' }] },
        { id: 3, subnet: '203.0.113.0/24', pools: [{ pool: '203.0.113.10 - 203.0.113.20' }] },
      ],
    });
    const leases = [
      lease('192.0.2.120', 1, 1), // still in the pool
      lease('192.0.2.170', 1, 2), // outside the shrunk pool
      lease('192.0.2.160', 1, 7), // outside the pool but reserved (for this client)
      lease('198.51.100.12', 2, 3), // subnet 2 removed
      lease('192.0.2.180', 1, 4, { cltt: NOW - 7200 }), // expired: not counted
      lease('192.0.2.181', 1, 5, { state: LeaseState.Released, validLifetime: 0 }), // released: not counted
    ];
    const plan = planLeaseImpact(BEFORE, after, leases, NOW);
    expect(plan.activeLeases).toBe(4);
    expect(plan.stranded).toEqual([
      { address: '192.0.2.170', subnetId: 1, reason: 'outside-pools' },
      { address: '198.51.100.12', subnetId: 2, reason: 'subnet-removed' },
    ]);
    expect(plan.capacity).toEqual([
      { subnetId: 1, prefix: '192.0.2.0/24', before: 100, after: 50 },
      { subnetId: 2, prefix: '198.51.100.0/24', before: 11, after: 0 },
      { subnetId: 3, prefix: '203.0.113.0/24', before: 0, after: 11 },
    ]);
    expect(describePlan(plan)[0]).toBe('1 active lease(s) stranded (outside-pools): 192.0.2.170');

    const reused = config4({ subnet4: [{ id: 2, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.20' }] }] });
    expect(planLeaseImpact(BEFORE, reused, [lease('198.51.100.12', 2, 3)], NOW).stranded).toEqual([{ address: '198.51.100.12', subnetId: 2, reason: 'subnet-id-reused' }]);
  });

  it("reports a new reservation whose address another client holds, not the client's own", () => {
    const after = config4({
      subnet4: [{ id: 1, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.100 - 192.0.2.199' }],
        reservations: [{ 'hw-address': '02:00:00:00:00:09', 'ip-address': '192.0.2.120' }, { 'hw-address': '02:00:00:00:00:01', 'ip-address': '192.0.2.121' }] }],
    });
    const plan = planLeaseImpact(BEFORE, after, [lease('192.0.2.120', 1, 1), lease('192.0.2.121', 1, 1)], NOW);
    expect(plan.reservationConflicts).toEqual([{ address: '192.0.2.120', subnetId: 1, reservedFor: 'hw-address=02:00:00:00:00:09' }]);
    expect(plan.stranded).toEqual([]);
  });
});
