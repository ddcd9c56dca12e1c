/**
 * Statistics as Kea keeps them (src/lib/stats): named values, each with a bounded history of
 * samples `[value, timestamp]` (`statistic-default-sample-count`, default 20, and/or
 * `statistic-default-sample-age`). Names are Kea's (`pkt4-received`,
 * `subnet[1].assigned-addresses`, `subnet[1].pool[0].total-addresses`, ...), so dashboards and
 * scripts built for Kea read them unchanged. The registry outlives configuration snapshots:
 * statistics survive a reload.
 *
 * Updating is allocation-free: each statistic keeps its samples in a ring of two parallel
 * Float64Arrays. Pure: time comes from the injected clock.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** One statistic: the current value and its recent history. */
class Statistic {
  values: Float64Array;
  times: Float64Array;
  /** Index of the newest sample. */
  head = -1;
  count = 0;
  /** This statistic's own age limit (statistic-sample-age-set / -count-set), else the registry's. */
  maxAgeMs: number | undefined;

  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(1, capacity));
    this.times = new Float64Array(Math.max(1, capacity));
  }

  get value(): number {
    return this.head === -1 ? 0 : (this.values[this.head] as number);
  }

  /** Forgets every sample (a removed statistic taken again for another name). */
  clear(): void {
    this.head = -1;
    this.count = 0;
    this.maxAgeMs = undefined;
  }

  record(value: number, at: number): void {
    this.head = (this.head + 1) % this.values.length;
    this.values[this.head] = value;
    this.times[this.head] = at;
    if (this.count < this.values.length) this.count++;
  }

  resize(capacity: number): void {
    const samples = this.samples(Number.POSITIVE_INFINITY, 0);
    this.values = new Float64Array(Math.max(1, capacity));
    this.times = new Float64Array(Math.max(1, capacity));
    this.head = -1;
    this.count = 0;
    for (const [v, t] of samples.slice(0, capacity).reverse()) this.record(v, t);
  }

  /** Samples newest first, at most `maxAgeMs` old (relative to `now`); 0 = no age limit. */
  samples(maxAgeMs: number, now: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0, at = this.head; i < this.count; i++, at = (at - 1 + this.values.length) % this.values.length) {
      const t = this.times[at] as number;
      if (maxAgeMs > 0 && now - t > maxAgeMs) break;
      out.push([this.values[at] as number, t]);
    }
    return out;
  }
}

/** Kea's statistics manager. */
export class StatsRegistry {
  #stats = new Map<string, Statistic>();
  /**
   * Removed statistics, reused for the next new names: a reload removes and re-creates the
   * statistics of every subnet and pool (Kea's removeStatistics + updateStatistics), which for
   * 10 000 subnets would otherwise allocate and collect 200 000 sample rings at once.
   */
  #spare: Statistic[] = [];
  #clock: Clock;
  #sampleCount: number;
  #sampleAgeMs: number;

  constructor(clock: Clock, sampleCount = 20, sampleAgeSec = 0) {
    this.#clock = clock;
    this.#sampleCount = sampleCount;
    this.#sampleAgeMs = sampleAgeSec * 1000;
  }

  #get(name: string): Statistic {
    let s = this.#stats.get(name);
    if (s === undefined) {
      s = this.#spare.pop();
      if (s === undefined) s = new Statistic(this.#sampleCount);
      else s.clear();
      this.#stats.set(name, s);
    }
    return s;
  }

  /** Adds `delta` (negative to subtract); creates the statistic at 0 first. */
  add(name: string, delta = 1): void {
    const s = this.#get(name);
    s.record(s.value + delta, this.#clock.now());
  }

  set(name: string, value: number): void {
    this.#get(name).record(value, this.#clock.now());
  }

  /** Current value, 0 for a statistic that does not exist. */
  get(name: string): number {
    return this.#stats.get(name)?.value ?? 0;
  }

  has(name: string): boolean {
    return this.#stats.has(name);
  }

  /** Sets every statistic to 0 (Kea's statistic-reset-all), keeping the names. */
  resetAll(): void {
    for (const name of this.#stats.keys()) this.set(name, 0);
  }

  reset(name: string): boolean {
    if (!this.#stats.has(name)) return false;
    this.set(name, 0);
    return true;
  }

  remove(name: string): boolean {
    const s = this.#stats.get(name);
    if (s === undefined) return false;
    this.#stats.delete(name);
    this.#spare.push(s);
    return true;
  }

  /** Removes every statistic (Kea's deprecated statistic-remove-all). */
  removeAll(): void {
    for (const name of [...this.#stats.keys()]) this.remove(name);
  }

  /**
   * statistic-sample-count-set: keeps the newest `count` samples of `name`, with no age limit
   * (Kea's setMaxSampleCount turns the age limit off). @returns false when there is no such statistic
   */
  setMaxSampleCount(name: string, count: number): boolean {
    const s = this.#stats.get(name);
    if (s === undefined) return false;
    s.resize(count);
    s.maxAgeMs = 0;
    return true;
  }

  /**
   * statistic-sample-age-set: returns only samples at most `seconds` old for `name`. Kea then
   * keeps every sample of that age, however many; here the ring keeps its count, so the age
   * limit can only shorten the history. @returns false when there is no such statistic
   */
  setMaxSampleAge(name: string, seconds: number): boolean {
    const s = this.#stats.get(name);
    if (s === undefined) return false;
    s.maxAgeMs = seconds * 1000;
    return true;
  }

  /** statistic-sample-count-set-all: the count for every statistic and the ones to come, no age limit. */
  setMaxSampleCountAll(count: number): void {
    this.#sampleAgeMs = 0;
    this.#sampleCount = count;
    this.#spare = [];
    for (const s of this.#stats.values()) {
      s.resize(count);
      s.maxAgeMs = undefined;
    }
  }

  /** statistic-sample-age-set-all: the age limit for every statistic and the ones to come. */
  setMaxSampleAgeAll(seconds: number): void {
    this.#sampleAgeMs = seconds * 1000;
    for (const s of this.#stats.values()) s.maxAgeMs = undefined;
  }

  /** Removes every statistic whose name starts with `prefix` (e.g. `subnet[3].`). */
  removePrefix(prefix: string): void {
    for (const name of [...this.#stats.keys()]) if (name.startsWith(prefix)) this.remove(name);
  }

  /** Lets go of the removed statistics not taken again (call after a reload's recount). */
  releaseSpare(): void {
    this.#spare = [];
  }

  names(): string[] {
    return [...this.#stats.keys()];
  }

  /** Samples of one statistic, newest first, as `[value, time in ms]`. */
  samples(name: string): Array<[number, number]> | undefined {
    const s = this.#stats.get(name);
    return s?.samples(s.maxAgeMs ?? this.#sampleAgeMs, this.#clock.now());
  }

  /** Applies `statistic-default-sample-count` / `-age` from a new configuration. */
  setSampleLimits(sampleCount: number, sampleAgeSec: number): void {
    this.#sampleAgeMs = sampleAgeSec * 1000;
    if (sampleCount === this.#sampleCount) return;
    this.#sampleCount = sampleCount;
    this.#spare = [];
    for (const s of this.#stats.values()) s.resize(sampleCount);
  }
}

/**
 * The names of per-subnet and per-pool statistics, built once and reused: a Map lookup with a
 * string it has seen hashes nothing, one with a freshly built string hashes all of it, and a
 * reload of 10 000 subnets looks up 200 000 of them several times. Cleared when it grows past
 * NAME_CACHE_LIMIT names (subnet ids that keep changing).
 */
const names = new Map<number, Map<string, string>>();
const NAME_CACHE_LIMIT = 1_000_000;
let cachedNames = 0;

function lookup(key: number, name: string): string | undefined {
  return names.get(key)?.get(name);
}

function remember(key: number, name: string, text: string): string {
  let byName = names.get(key);
  if (byName === undefined) {
    if (cachedNames > NAME_CACHE_LIMIT) {
      names.clear();
      cachedNames = 0;
    }
    byName = new Map();
    names.set(key, byName);
  }
  byName.set(name, text);
  cachedNames++;
  return text;
}

/** Kea's per-subnet statistic name: `subnet[12].assigned-addresses`. */
export function subnetStat(subnetId: number, name: string): string {
  return lookup(subnetId, name) ?? remember(subnetId, name, `subnet[${subnetId}].${name}`);
}

/** Kea's per-pool statistic name: `subnet[12].pool[0].assigned-addresses`. */
export function poolStat(subnetId: number, poolId: number, name: string): string {
  if (poolId >= 65536) return `subnet[${subnetId}].pool[${poolId}].${name}`;
  // Subnet ids are below 2^32, pool ids below 2^16 here: one negative number keys both.
  const key = -(subnetId * 65536 + poolId) - 1;
  return lookup(key, name) ?? remember(key, name, `subnet[${subnetId}].pool[${poolId}].${name}`);
}
