// The engine over the lease module's MemoryLeaseStore4 (the other scenarios use a Kea-faithful
// fake from test-helpers.ts): a full lease life cycle, to catch contract drift between the two.
import { describe, expect, it } from 'vitest';
import { MemoryLeaseStore4 } from '../lease/index.js';
import { LeaseState } from './deps.js';
import { timerReclaimLimits4 } from './engine.js';
import { Harness, ipText } from './test-helpers.js';

const CFG = { 'valid-lifetime': 100, 'decline-probation-period': 50, subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.12' }] }] };

describe('AllocEngine4 over MemoryLeaseStore4', () => {
  it('DORA, renew, decline, reclamation with affinity, recovery, flush', () => {
    const h = new Harness(CFG, 1, new MemoryLeaseStore4());
    expect(ipText(h.dora({ mac: 1 }).lease?.address)).toBe('10.0.0.10');
    expect(ipText(h.dora({ mac: 2 }).lease?.address)).toBe('10.0.0.11');
    h.clock.advance(60);
    expect(h.req({ mac: 1, hint: '10.0.0.10' }).isWritten).toBe(true);
    const d = h.engine.checkDecline(0x0a00000b, h.identity({ mac: 2 }));
    expect(d.ok).toBe(true);
    if (d.ok) h.engine.decline(d.lease);
    h.clock.advance(101);
    const r = h.engine.reclaim(timerReclaimLimits4(h.cfg));
    expect(r.reclaimed.map((l) => l.state).sort()).toEqual([LeaseState.Default, LeaseState.Declined]);
    expect(h.table()).toEqual(['10.0.0.10:reclaimed']);
    expect(ipText(h.dora({ mac: 1 }).lease?.address)).toBe('10.0.0.10');
    expect(h.stat('assigned-addresses')).toBe(1);
    expect(h.stat('declined-addresses')).toBe(0);
    h.clock.advance(200);
    h.engine.reclaim(timerReclaimLimits4(h.cfg));
    expect(h.engine.flushReclaimed(0)).toBe(1);
    expect(h.table()).toEqual([]);
  });

  // Kea's RELEASE with lease affinity stores state released with lifetime 0
  // (lease_file_loader.h drops such rows on reload).
  it('RELEASE with affinity keeps the lease in state released', () => {
    const h = new Harness(CFG, 1, new MemoryLeaseStore4());
    const lease = h.dora({ mac: 1 }).lease!;
    h.engine.release(lease);
    expect(h.table()).toEqual(['10.0.0.10:released']);
  });
});
