// Kea's statistic commands in Kea's shapes and texts (stats_mgr.cc, clockToText).
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

  it('statistic-reset and statistic-remove act on one name and say so as Kea does', async () => {
    stats.set('pkt4-ack-sent', 7);
    expect(await registry.dispatch({ command: 'statistic-reset', arguments: { name: 'pkt4-ack-sent' } })).toEqual({ result: 0, text: "Statistic 'pkt4-ack-sent' reset." });
    expect(stats.get('pkt4-ack-sent')).toBe(0);
    expect(await registry.dispatch({ command: 'statistic-reset', arguments: { name: 'nope' } })).toEqual({ result: 1, text: "No 'nope' statistic found" });
    expect(await registry.dispatch({ command: 'statistic-remove', arguments: { name: 'pkt4-ack-sent' } })).toEqual({ result: 0, text: "Statistic 'pkt4-ack-sent' removed." });
    expect(stats.has('pkt4-ack-sent')).toBe(false);
    expect(await registry.dispatch({ command: 'statistic-remove', arguments: {} })).toEqual({ result: 1, text: "Missing mandatory 'name' parameter." });
  });

  it('sample limits per statistic and for all of them', async () => {
    const s = new StatsRegistry({ now: () => now }, 10);
    const r = new CommandRegistry();
    registerStatisticCommands(r, s, 'server');
    for (let i = 0; i < 6; i++) {
      s.add('a');
      s.add('b');
      now += 1000;
    }
    expect(await r.dispatch({ command: 'statistic-sample-count-set', arguments: { name: 'a', 'max-samples': 2 } })).toEqual({ result: 0, text: "Statistic 'a' count limit is set." });
    expect(s.samples('a')?.map(([v]) => v)).toEqual([6, 5]);
    expect(s.samples('b')).toHaveLength(6);
    expect(await r.dispatch({ command: 'statistic-sample-age-set', arguments: { name: 'b', duration: 2 } })).toEqual({ result: 0, text: "Statistic 'b' duration limit is set." });
    expect(s.samples('b')?.map(([v]) => v)).toEqual([6, 5]);
    expect(await r.dispatch({ command: 'statistic-sample-age-set', arguments: { name: 'c', duration: 2 } })).toEqual({ result: 1, text: "No 'c' statistic found" });
    expect(await r.dispatch({ command: 'statistic-sample-age-set', arguments: { name: 'b' } })).toEqual({ result: 1, text: "Missing mandatory 'duration' parameter." });
    expect(await r.dispatch({ command: 'statistic-sample-count-set-all', arguments: { 'max-samples': 0 } })).toEqual({ result: 1, text: "'max-samples' parameter must not be zero" });
    expect(await r.dispatch({ command: 'statistic-sample-count-set-all', arguments: { 'max-samples': 'x' } })).toEqual({ result: 1, text: "'max-samples' parameter expected to be an integer." });
    expect(await r.dispatch({ command: 'statistic-sample-count-set-all', arguments: { 'max-samples': 3 } })).toEqual({ result: 0, text: 'All statistics count limit are set.' });
    expect(s.samples('b')).toHaveLength(3);
    s.add('new');
    s.add('new');
    s.add('new');
    s.add('new');
    expect(s.samples('new')).toHaveLength(3);
    expect(await r.dispatch({ command: 'statistic-sample-age-set-all', arguments: { duration: 1 } })).toEqual({ result: 0, text: 'All statistics duration limit are set.' });
    expect(s.samples('a')?.map(([v]) => v)).toEqual([6]);
  });

  it('statistic-reset-all keeps the names at 0; statistic-remove-all drops them with Kea\'s deprecation text', async () => {
    stats.set('x', 4);
    expect(await registry.dispatch({ command: 'statistic-reset-all' })).toEqual({ result: 0, text: 'All statistics reset to neutral values.' });
    expect(stats.get('x')).toBe(0);
    expect(stats.has('x')).toBe(true);
    expect(await registry.dispatch({ command: 'statistic-remove-all' })).toEqual({ result: 0, text: 'Warning: statistic-remove-all command is deprecated. All statistics removed.' });
    expect(stats.names()).toEqual([]);
  });
});
