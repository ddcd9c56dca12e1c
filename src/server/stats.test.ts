import { describe, expect, it } from 'vitest';
import { poolStat, StatsRegistry, subnetStat } from './stats.js';

function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

describe('StatsRegistry', () => {
  it('counts, and keeps the newest samples up to the sample count', () => {
    const clock = fakeClock();
    const stats = new StatsRegistry(clock, 3);
    for (let i = 0; i < 5; i++) {
      stats.add('pkt4-received');
      clock.advance(10);
    }
    expect(stats.get('pkt4-received')).toBe(5);
    expect(stats.samples('pkt4-received')).toEqual([[5, 1_000_040], [4, 1_000_030], [3, 1_000_020]]);
    expect(stats.get('missing')).toBe(0);
  });

  it('drops samples older than the sample age', () => {
    const clock = fakeClock();
    const stats = new StatsRegistry(clock, 20, 1);
    stats.set('x', 1);
    clock.advance(1500);
    stats.set('x', 2);
    expect(stats.samples('x')).toEqual([[2, 1_001_500]]);
  });

  it('resizes histories when the sample count changes, keeping the newest', () => {
    const clock = fakeClock();
    const stats = new StatsRegistry(clock, 5);
    for (let i = 1; i <= 5; i++) stats.set('x', i);
    stats.setSampleLimits(2, 0);
    expect(stats.samples('x')?.map(([v]) => v)).toEqual([5, 4]);
    stats.set('x', 6);
    expect(stats.samples('x')?.map(([v]) => v)).toEqual([6, 5]);
  });

  it('resets, removes and removes by prefix', () => {
    const stats = new StatsRegistry(fakeClock());
    stats.add(subnetStat(1, 'assigned-addresses'), 4);
    stats.add(poolStat(1, 0, 'assigned-addresses'), 4);
    stats.add('pkt4-received', 9);
    expect(stats.names()).toEqual(['subnet[1].assigned-addresses', 'subnet[1].pool[0].assigned-addresses', 'pkt4-received']);
    stats.removePrefix('subnet[1].');
    expect(stats.names()).toEqual(['pkt4-received']);
    stats.resetAll();
    expect(stats.get('pkt4-received')).toBe(0);
    expect(stats.remove('pkt4-received')).toBe(true);
    expect(stats.reset('pkt4-received')).toBe(false);
  });

  it('a statistic removed and created again (a reload) starts afresh, whichever removed ring it reuses', () => {
    const stats = new StatsRegistry(fakeClock(), 5);
    for (let i = 1; i <= 4; i++) stats.set('subnet[1].total-addresses', i);
    stats.add('subnet[2].total-addresses', 7);
    stats.remove('subnet[1].total-addresses');
    stats.remove('subnet[2].total-addresses');
    stats.set('subnet[3].total-addresses', 50);
    stats.set('subnet[1].total-addresses', 60);
    expect(stats.samples('subnet[3].total-addresses')?.map(([v]) => v)).toEqual([50]);
    expect(stats.samples('subnet[1].total-addresses')?.map(([v]) => v)).toEqual([60]);
    stats.releaseSpare();
    stats.add('subnet[4].total-addresses');
    expect(stats.samples('subnet[4].total-addresses')?.map(([v]) => v)).toEqual([1]);
  });
});
