/**
 * Kea's statistics commands (src/lib/stats/stats_mgr.cc): `statistic-get` (`{"name": ...}` →
 * `{"<name>": [[value, "timestamp"], ...]}`, newest sample first, `{}` for an unknown name) and
 * `statistic-get-all`. Timestamps are local time as Kea's clockToText prints them
 * (`2026-11-23 14:05:09.123000`).
 */
import { CommandResult, type CommandRegistry } from '../control/commands.js';
import type { StatsRegistry } from './stats.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Statistics read per event-loop turn by statistic-get-all. */
const SLICE = 5000;

/**
 * A printer of sample times as Kea prints them (local time with microseconds) that keeps the text
 * of the last second it printed: statistic-get-all prints hundreds of thousands of samples, most
 * of them from a few seconds.
 */
function timestampPrinter(): (ms: number) => string {
  let second = Number.NaN;
  let secondText = '';
  return (ms) => {
    const s = Math.floor(ms / 1000);
    if (s !== second) {
      const d = new Date(s * 1000);
      secondText = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      second = s;
    }
    return `${secondText}.${pad(Math.round((ms - s * 1000) * 1000), 6)}`;
  };
}

/** A sample time as Kea prints it: local time with microseconds (`2026-11-23 14:05:09.123000`). */
export function keaTimestamp(ms: number): string {
  return timestampPrinter()(ms);
}

function observation(stats: StatsRegistry, name: string, print: (ms: number) => string = keaTimestamp): Array<[number, string]> {
  return (stats.samples(name) ?? []).map(([v, t]) => [v, print(t)]);
}

type Args = Readonly<Record<string, unknown>>;
type Check<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly text: string };

/** StatsMgr::getStatName. */
function nameOf(args: Args): Check<string> {
  const name = args['name'];
  if (name === undefined) return { ok: false, text: "Missing mandatory 'name' parameter." };
  if (typeof name !== 'string') return { ok: false, text: "'name' parameter expected to be a string." };
  return { ok: true, value: name };
}

/**
 * StatsMgr::getStatDuration. Kea does not check the type (a string fails in intValue() with
 * "Error during command processing: intValue() called on non-integer Element", and a negative
 * number crashes Kea 2.2); here anything but a non-negative integer is refused.
 */
function durationOf(args: Args): Check<number> {
  const d = args['duration'];
  if (d === undefined) return { ok: false, text: "Missing mandatory 'duration' parameter." };
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) return { ok: false, text: "'duration' parameter expected to be a non-negative integer (seconds)." };
  return { ok: true, value: d };
}

/** StatsMgr::getStatMaxSamples. */
function maxSamplesOf(args: Args): Check<number> {
  const n = args['max-samples'];
  if (n === undefined) return { ok: false, text: "Missing mandatory 'max-samples' parameter." };
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) return { ok: false, text: "'max-samples' parameter expected to be an integer." };
  return { ok: true, value: n };
}

const fail = (text: string) => ({ result: CommandResult.Error, text });
const ok = (text: string) => ({ result: CommandResult.Success, text });
const notFound = (name: string) => fail(`No '${name}' statistic found`);

/**
 * Adds Kea's statistic commands over `stats` to `registry` (as `source`), with the texts of
 * Kea's StatsMgr handlers (src/lib/stats/stats_mgr.cc, Kea 3.0): statistic-get, -get-all,
 * -reset, -reset-all, -remove, -remove-all, -sample-age-set(-all), -sample-count-set(-all).
 */
export function registerStatisticCommands(registry: CommandRegistry, stats: StatsRegistry, source: string): void {
  registry.register('statistic-get', (args) => {
    const name = nameOf(args);
    if (!name.ok) return fail(name.text);
    return { result: CommandResult.Success, arguments: stats.has(name.value) ? { [name.value]: observation(stats, name.value) } : {} };
  }, source);
  registry.register('statistic-get-all', async () => {
    // 10 000 subnets have some 200 000 statistics: built in slices, with the event loop free
    // between them to answer DHCP, instead of in one block of most of a second.
    const all: Record<string, Array<[number, string]>> = {};
    const names = stats.names();
    const print = timestampPrinter();
    for (let i = 0; i < names.length; i += SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const n of names.slice(i, i + SLICE)) if (stats.has(n)) all[n] = observation(stats, n, print);
    }
    return { result: CommandResult.Success, arguments: all };
  }, source);
  registry.register('statistic-reset', (args) => {
    const name = nameOf(args);
    if (!name.ok) return fail(name.text);
    return stats.reset(name.value) ? ok(`Statistic '${name.value}' reset.`) : notFound(name.value);
  }, source);
  registry.register('statistic-reset-all', () => {
    stats.resetAll();
    return ok('All statistics reset to neutral values.');
  }, source);
  registry.register('statistic-remove', (args) => {
    const name = nameOf(args);
    if (!name.ok) return fail(name.text);
    return stats.remove(name.value) ? ok(`Statistic '${name.value}' removed.`) : notFound(name.value);
  }, source);
  registry.register('statistic-remove-all', () => {
    stats.removeAll();
    return ok('Warning: statistic-remove-all command is deprecated. All statistics removed.');
  }, source);
  registry.register('statistic-sample-age-set', (args) => {
    const name = nameOf(args);
    if (!name.ok) return fail(name.text);
    const d = durationOf(args);
    if (!d.ok) return fail(d.text);
    return stats.setMaxSampleAge(name.value, d.value) ? ok(`Statistic '${name.value}' duration limit is set.`) : notFound(name.value);
  }, source);
  registry.register('statistic-sample-count-set', (args) => {
    const name = nameOf(args);
    if (!name.ok) return fail(name.text);
    const n = maxSamplesOf(args);
    if (!n.ok) return fail(n.text);
    // Kea checks zero only in -set-all; a single statistic with max-samples 0 then fails every
    // statistic-get ("Observation storage container empty"), so it is refused here too.
    if (n.value === 0) return fail("'max-samples' parameter must not be zero");
    return stats.setMaxSampleCount(name.value, n.value) ? ok(`Statistic '${name.value}' count limit is set.`) : notFound(name.value);
  }, source);
  registry.register('statistic-sample-age-set-all', (args) => {
    const d = durationOf(args);
    if (!d.ok) return fail(d.text);
    stats.setMaxSampleAgeAll(d.value);
    return ok('All statistics duration limit are set.');
  }, source);
  registry.register('statistic-sample-count-set-all', (args) => {
    const n = maxSamplesOf(args);
    if (!n.ok) return fail(n.text);
    if (n.value === 0) return fail("'max-samples' parameter must not be zero");
    stats.setMaxSampleCountAll(n.value);
    return ok('All statistics count limit are set.');
  }, source);
}
