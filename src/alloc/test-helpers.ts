/**
 * Helpers of the allocation engine's tests: a configuration from a Dhcp4 map (validated then
 * resolved, so every test config is one Kea accepts), a fake clock, a seeded generator, and a
 * harness that builds requests for a client. Test-only.
 */
import { expect } from 'vitest';
import { prng } from '../codec/v4/test-helpers.js';
import { loadConfigText, validateConfig } from '../config/index.js';
import { resolveDhcp4 } from '../config/resolve/resolve4.js';
import { MemoryLeaseStore4 } from '../lease/index.js';
import { formatIPv4, parseIPv4 } from '../net/index.js';
import type { Dhcp4Config } from '../schema/index.js';
import { StatsRegistry } from '../server/stats.js';
import type { AllocKind4, AllocRequest4, AllocResult4 } from './context.js';
import type { Lease4, LeaseStore4, Reservation4, ResolvedConfig4, Subnet4 } from './deps.js';
import { LeaseState } from './deps.js';
import { AllocEngine4 } from './engine.js';
import { findGlobalHost4, findHosts4, type HostMatch4 } from './hosts.js';
import { clientIdentity4, type ClientIdentity4 } from './identity.js';

export const ip = (s: string): number => parseIPv4(s) as number;
export const ipText = (n: number | undefined): string | undefined => (n === undefined ? undefined : formatIPv4(n));

/** A validated and resolved configuration. */
export function config4(dhcp4: Record<string, unknown>): ResolvedConfig4 {
  const out = loadConfigText('t.json', JSON.stringify({ Dhcp4: dhcp4 }));
  if (!out.ok) throw new Error('test config does not load');
  const v = validateConfig(out.config);
  expect(v.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return resolveDhcp4((out.config.value as { Dhcp4: Dhcp4Config }).Dhcp4);
}

/** A clock that moves only when told; starts at 1 700 000 000 s. */
export class FakeClock {
  ms = 1_700_000_000_000;
  /** Added to the time at every read (to make reclamation time budgets run out). */
  stepMs = 0;

  now(): number {
    const t = this.ms;
    this.ms += this.stepMs;
    return t;
  }

  get sec(): number {
    return Math.floor(this.ms / 1000);
  }

  advance(sec: number): void {
    this.ms += sec * 1000;
  }
}

/** mulberry32: a small deterministic [0, 1) generator (the codec fuzzer's). */
export const seededRandom = prng;

export interface ClientSpec {
  /** Last octet(s) of the MAC, e.g. 1 → 00:00:00:00:00:01. */
  readonly mac: number;
  readonly htype?: number;
  readonly clientId?: Uint8Array | null;
  readonly circuitId?: Uint8Array | null;
  readonly classes?: readonly string[];
  readonly hint?: string;
  readonly requestedLifetime?: number;
  readonly subnet?: number;
  readonly hostname?: string;
  readonly fqdnFwd?: boolean;
  readonly fqdnRev?: boolean;
  readonly rai?: Uint8Array | null;
  readonly earlyGlobal?: Reservation4;
}

export function mac(n: number): Uint8Array {
  return Uint8Array.of(0, 0, 0, 0, (n >> 8) & 0xff, n & 0xff);
}

/** An engine over a memory store, with helpers to talk to it as a client would. */
export class Harness {
  readonly store: LeaseStore4;
  readonly clock = new FakeClock();
  readonly stats: StatsRegistry;
  readonly engine: AllocEngine4;
  cfg: ResolvedConfig4;

  constructor(dhcp4: Record<string, unknown>, seed = 1, store: LeaseStore4 = new MemoryLeaseStore4()) {
    this.store = store;
    this.cfg = config4(dhcp4);
    this.stats = new StatsRegistry(this.clock);
    this.engine = new AllocEngine4(this.store, this.stats, this.clock, seededRandom(seed));
    this.engine.configure(this.cfg);
  }

  reconfigure(dhcp4: Record<string, unknown>): void {
    this.cfg = config4(dhcp4);
    this.engine.configure(this.cfg);
  }

  subnet(id: number): Subnet4 {
    const s = this.cfg.subnetById.get(id);
    if (s === undefined) throw new Error(`no subnet ${id}`);
    return s;
  }

  identity(c: ClientSpec): ClientIdentity4 {
    return clientIdentity4(this.cfg, {
      htype: c.htype ?? 1, chaddr: mac(c.mac), hlen: 6, clientId: c.clientId ?? null, circuitId: c.circuitId ?? null,
    });
  }

  classes(c: ClientSpec): Set<string> {
    return new Set(['ALL', ...(c.classes ?? [])]);
  }

  hosts(c: ClientSpec, subnet: Subnet4): HostMatch4 {
    const id = this.identity(c);
    const early = this.cfg.earlyGlobalReservationsLookup ? (c.earlyGlobal ?? findGlobalHost4(this.cfg, id)) : undefined;
    return findHosts4(this.cfg, subnet, id, this.classes(c), early);
  }

  request(kind: AllocKind4, c: ClientSpec): AllocRequest4 {
    const subnet = this.subnet(c.subnet ?? this.cfg.subnets[0]!.id);
    return {
      kind,
      subnet,
      classes: this.classes(c),
      identity: this.identity(c),
      hint: c.hint === undefined ? 0 : ip(c.hint),
      requestedLifetime: c.requestedLifetime ?? 0,
      hosts: this.hosts(c, subnet),
      hostname: c.hostname ?? '',
      fqdnFwd: c.fqdnFwd ?? false,
      fqdnRev: c.fqdnRev ?? false,
      relayAgentInfo: c.rai ?? null,
    };
  }

  discover(c: ClientSpec): AllocResult4 {
    return this.engine.allocate(this.request('discover', c));
  }

  req(c: ClientSpec): AllocResult4 {
    return this.engine.allocate(this.request('request', c));
  }

  /** DISCOVER then REQUEST of the offered address; returns the ACKed result. */
  dora(c: ClientSpec): AllocResult4 {
    const offer = this.discover(c);
    if (offer.lease === null) return offer;
    return this.req({ ...c, hint: ipText(offer.lease.address) });
  }

  lease(address: string): Lease4 | undefined {
    return this.store.get(ip(address));
  }

  /** Addresses in the store, sorted, with their state. */
  table(): string[] {
    return [...this.store.all()].sort((a, b) => a.address - b.address).map((l) => `${formatIPv4(l.address)}:${stateName(l.state)}`);
  }

  stat(name: string): number {
    return this.stats.get(name);
  }

  /** Puts a lease directly (as the lease file loader would). */
  put(lease: Partial<Lease4> & { address: number }): Lease4 {
    const full: Lease4 = {
      hwaddr: mac(99), htype: 1, clientId: null, validLifetime: 3600, cltt: this.clock.sec, subnetId: 1, poolId: 0,
      fqdnFwd: false, fqdnRev: false, hostname: '', state: LeaseState.Default, userContext: null, ...lease,
    };
    this.store.put(full);
    return full;
  }
}

function stateName(s: number): string {
  return ['default', 'declined', 'reclaimed', 'released', 'registered'][s] ?? String(s);
}
