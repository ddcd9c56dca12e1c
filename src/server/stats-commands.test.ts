// statistic-get and statistic-get-all in Kea's shapes (stats_mgr.cc, clockToText).
import { describe, expect, it } from 'vitest';
import { CommandRegistry } from '../control/commands.js';
import { StatsRegistry } from './stats.js';
import { keaTimestamp, registerStatisticCommands } from './stats-commands.js';

describe('statistics commands', () => {
  let now = new Date(2026, 10, 23, 9, 5, 7, 250).getTime();
  const stats = new StatsRegistry({ now: () => now }, 3);
  const registry = new CommandRegistry();
  registerStatisticCommands(registry, stats, 'server');

  it('prints sample times as Kea does: local time with microseconds', () => {
    expect(keaTimestamp(now)).toBe('2026-11-23 09:05:07.250000');
  });

  it('statistic-get gives the samples newest first, {} for an unknown name, and Kea\'s errors', async () => {
    stats.add('pkt4-received');
    now += 1000;
    stats.add('pkt4-received', 2);
    expect(await registry.dispatch({ command: 'statistic-get', arguments: { name: 'pkt4-received' } })).toEqual({
      result: 0, arguments: { 'pkt4-received': [[3, '2026-11-23 09:05:08.250000'], [1, '2026-11-23 09:05:07.250000']] },
    });
    expect(await registry.dispatch({ command: 'statistic-get', arguments: { name: 'nope' } })).toEqual({ result: 0, arguments: {} });
    expect(await registry.dispatch({ command: 'statistic-get' })).toEqual({ result: 1, text: "Missing mandatory 'name' parameter." });
    expect(await registry.dispatch({ command: 'statistic-get', arguments: { name: 5 } })).toEqual({ result: 1, text: "'name' parameter expected to be a string." });
  });

  it('statistic-get-all gives every statistic', async () => {
    const all = await registry.dispatch({ command: 'statistic-get-all' });
    expect(all.result).toBe(0);
    expect(Object.keys(all.arguments as object)).toEqual(stats.names());
  });
});
