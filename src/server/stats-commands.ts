/**
 * Kea's statistics commands (src/lib/stats/stats_mgr.cc): `statistic-get` (`{"name": ...}` →
 * `{"<name>": [[value, "timestamp"], ...]}`, newest sample first, `{}` for an unknown name) and
 * `statistic-get-all`. Timestamps are local time as Kea's clockToText prints them
 * (`2026-11-23 14:05:09.123000`).
 */
import { CommandResult, type CommandRegistry } from '../control/commands.js';
import type { StatsRegistry } from './stats.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A sample time as Kea prints it: local time with microseconds. */
export function keaTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(Math.round((ms % 1000) * 1000), 6)}`;
}

function observation(stats: StatsRegistry, name: string): Array<[number, string]> {
  return (stats.samples(name) ?? []).map(([v, t]) => [v, keaTimestamp(t)]);
}

/** Adds statistic-get and statistic-get-all over `stats` to `registry` (as `source`). */
export function registerStatisticCommands(registry: CommandRegistry, stats: StatsRegistry, source: string): void {
  registry.register('statistic-get', (args) => {
    const name = args['name'];
    if (name === undefined) return { result: CommandResult.Error, text: "Missing mandatory 'name' parameter." };
    if (typeof name !== 'string') return { result: CommandResult.Error, text: "'name' parameter expected to be a string." };
    return { result: CommandResult.Success, arguments: stats.has(name) ? { [name]: observation(stats, name) } : {} };
  }, source);
  registry.register('statistic-get-all', () => ({
    result: CommandResult.Success,
    arguments: Object.fromEntries(stats.names().map((n) => [n, observation(stats, n)])),
  }), source);
}
