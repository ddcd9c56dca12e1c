/**
 * The DHCPv4 packet pipeline: one received datagram in, at most one reply out, as Kea's
 * `Dhcpv4Srv::processPacket` (dhcp4_srv.cc) does it, step by step:
 *
 *   count → decode (drop: pkt4-parse-failed) → classify (pass 1) → accept (message type, direct
 *   INFORM, server identifier: pkt4-rfc-violation / pkt4-not-for-us) → DROP class
 *   (pkt4-admin-filtered) → early global reservation → sanity checks → subnet selection →
 *   host lookup, KNOWN/UNKNOWN, pass 2 → DISCOVER / REQUEST / RELEASE / DECLINE / INFORM →
 *   reply options, fixed fields, server identifier → destination → encode.
 *
 * Synchronous and pure apart from the lease store behind the allocation engine (memory now,
 * file rows queued): the server sends the replies of one event-loop turn after the store has
 * written that turn's rows. Every error inside a packet drops that packet and is counted
 * (pkt4-processing-failed); none escapes. Behaviour references: the ARM's "The DHCPv4 Server"
 * and the catalogue in the issue notes (sections cited as Kea source files).
 */
import {
  AllocEngine4, HostMatch4, belongsToClient4, clientIdentity4, isExpired4, type AllocHooks4, findGlobalHost4, findHosts4, type AllocResult4, type ClientIdentity4,
} from '../alloc/index.js';
import {
  BOOTP_BROADCAST_FLAG, MessageType4, decodePacket4, encodePacket4, newReply4, vendorClasses124, vendorOptions125, decodeSubOptions,
  type Packet4,
} from '../codec/index.js';
import type { Pool4, Reservation4, ResolvedConfig4, Subnet4 } from '../config/index.js';
import { formatIPv4, ipv4FromBytes, ipv4ToBytes } from '../net/index.js';
import { applyHostClasses4, classifyAdditional4, classifyInitial4, classifyKnown4, type EvalErrorSink } from './classify4.js';
import { replyDestination4 } from './destination4.js';
import { EvalPacket4 } from './eval-packet4.js';
import { decideHostname4, generatedHostname4 } from './hostname4.js';
import { malformedOption4 } from './option-check4.js';
import { selectOptions4, type OptionLevels4 } from './options4.js';
import { selectSubnet4 } from './select4.js';
import type { Clock, StatsRegistry } from './stats.js';
import { LeaseState, type Lease4 } from '../lease/index.js';
import type { Datagram4, OutgoingDatagram4, RecvMeta4, SendTarget4 } from './transport/types.js';
import type { HookManager } from '../hooks/manager.js';

const BROADCAST = 0xffffffff;
const UTF8 = new TextEncoder();

/** Drop reasons, as Kea's statistics name them. Each also counts `pkt4-receive-drop`. */
export type DropReason4 = 'pkt4-parse-failed' | 'pkt4-rfc-violation' | 'pkt4-not-for-us' | 'pkt4-admin-filtered' | 'pkt4-processing-failed';

/** Why a packet got no reply: a counted drop, or Kea's silent outcomes (no subnet, no address, NAK not owed). */
export type Silence4 = { readonly kind: 'drop'; readonly reason: DropReason4; readonly detail: string }
  | { readonly kind: 'silent'; readonly detail: string };

/** The outcome of one datagram. */
export type Outcome4 = { readonly kind: 'reply'; readonly out: OutgoingDatagram4; readonly type: number } | Silence4;

/** An outcome now, or later for a packet a callout parked (lease4_offer, leases4_committed). */
export type MaybeParked4 = Outcome4 | Promise<Outcome4>;

/** What the pipeline tells the log (Kea's message ids). */
export interface ProcessEvents4 {
  readonly evalError?: (className: string, err: unknown) => void;
  /** A lease event (Kea's message id, the address or 0, the subnet id or 0). Called only when `isLeaseDebug()`. */
  readonly leaseEvent?: (code: string, address: number, subnetId: number) => void;
  /** Whether lease events are wanted (the leases logger is at debug): nothing is built otherwise. */
  readonly isLeaseDebug?: () => boolean;
}

/** Every packet statistic Kea 3.x creates at startup with value 0 (dhcp4_srv.cc). */
export const PACKET_STATS4 = [
  'pkt4-received', 'pkt4-discover-received', 'pkt4-offer-received', 'pkt4-request-received', 'pkt4-ack-received',
  'pkt4-nak-received', 'pkt4-release-received', 'pkt4-decline-received', 'pkt4-inform-received', 'pkt4-lease-query-received',
  'pkt4-unknown-received', 'pkt4-sent', 'pkt4-offer-sent', 'pkt4-ack-sent', 'pkt4-nak-sent',
  'pkt4-lease-query-response-unassigned-sent', 'pkt4-lease-query-response-unknown-sent',
  'pkt4-lease-query-response-active-sent', 'pkt4-service-disabled', 'pkt4-parse-failed', 'pkt4-queue-full',
  'pkt4-duplicate', 'pkt4-rfc-violation', 'pkt4-admin-filtered', 'pkt4-not-for-us', 'pkt4-processing-failed',
  'pkt4-limit-exceeded', 'pkt4-receive-drop', 'v4-allocation-fail', 'v4-allocation-fail-shared-network',
  'v4-allocation-fail-subnet', 'v4-allocation-fail-no-pools', 'v4-allocation-fail-classes', 'v4-reservation-conflicts',
  'v4-lease-reuses',
] as const;

const RECEIVED_STAT: Readonly<Record<number, string>> = {
  [MessageType4.Discover]: 'pkt4-discover-received',
  [MessageType4.Offer]: 'pkt4-offer-received',
  [MessageType4.Request]: 'pkt4-request-received',
  [MessageType4.Decline]: 'pkt4-decline-received',
  [MessageType4.Ack]: 'pkt4-ack-received',
  [MessageType4.Nak]: 'pkt4-nak-received',
  [MessageType4.Release]: 'pkt4-release-received',
  [MessageType4.Inform]: 'pkt4-inform-received',
};

/** `pkt4-<type>-sent` of a reply type. */
export const SENT_STAT: Readonly<Record<number, string>> = {
  [MessageType4.Offer]: 'pkt4-offer-sent',
  [MessageType4.Ack]: 'pkt4-ack-sent',
  [MessageType4.Nak]: 'pkt4-nak-sent',
};

const ACCEPTED = new Set<number>([MessageType4.Discover, MessageType4.Request, MessageType4.Release, MessageType4.Decline, MessageType4.Inform]);

/** The configuration a pipeline serves: the resolved config plus facts about this server. */
export interface Snapshot4 {
  readonly cfg: ResolvedConfig4;
  /** Addresses of the interfaces with an open socket (server identifiers that are ours). */
  readonly localAddresses: ReadonlySet<number>;
  /** Option 54 values configured on subnets, shared networks and globally. */
  readonly configuredServerIds: ReadonlySet<number>;
  /** The callouts of the configured hook libraries, or undefined when none is configured. */
  readonly hooks: HookManager | undefined;
}

/** Builds a {@link Snapshot4}. */
export function snapshot4(cfg: ResolvedConfig4, localAddresses: Iterable<number>, hooks?: HookManager): Snapshot4 {
  const ids = new Set<number>();
  const add = (payloads: readonly { payload: Uint8Array }[] | undefined): void => {
    for (const e of payloads ?? []) if (e.payload.length === 4) ids.add(ipv4FromBytes(e.payload, 0));
  };
  add(cfg.globalOptions.byCode.get(54));
  for (const s of cfg.subnets) add(s.options.byCode.get(54));
  for (const n of cfg.sharedNetworks) add(n.options.byCode.get(54));
  return { cfg, localAddresses: new Set(localAddresses), configuredServerIds: ids, hooks: hooks === undefined || hooks.isEmpty ? undefined : hooks };
}


/** A query being processed: what every step reads. */
interface Query4 {
  readonly q: Packet4;
  readonly d: Datagram4;
  readonly classes: Set<string>;
  readonly pkt: EvalPacket4;
  readonly relayed: boolean;
  readonly clientId: Uint8Array | null;
  /** Option 82 was recovered from the lease (`stash-agent-options`): not echoed, not stored. */
  readonly isRaiStashed: boolean;
  /** The sub-options of option 82, or undefined without one. */
  readonly rai: ReadonlyMap<number, Uint8Array> | undefined;
}

/**
 * Where each packet seen by hook callouts came from (interface, addresses, ports): the run-script
 * hooks print them (QUERY4_IFACE_NAME, QUERY4_REMOTE_ADDR, ...). Filled only when hook libraries
 * are configured.
 */
const packetMetas = new WeakMap<Packet4, RecvMeta4>();

/** The receive metadata of a query (or of the reply to it) handed to a hook callout. */
export function packetMeta4(packet: Packet4): RecvMeta4 | undefined {
  return packetMetas.get(packet);
}

const drop = (reason: DropReason4, detail: string): Silence4 => ({ kind: 'drop', reason, detail });
const silent = (detail: string): Silence4 => ({ kind: 'silent', detail });

/**
 * @example
 * const p = new Dhcp4Processor(engine, stats, clock);
 * p.configure(snapshot4(cfg, [0xc0000201]));
 * const outcome = p.process({ data, meta });
 */
export class Dhcp4Processor {
  readonly #stats: StatsRegistry;
  readonly #clock: Clock;
  #engine: AllocEngine4;
  /** Packets a callout parked, waiting. */
  #parked = 0;
  #snap: Snapshot4 | undefined;
  readonly #events: ProcessEvents4;
  readonly #onEvalError: EvalErrorSink;

  constructor(engine: AllocEngine4, stats: StatsRegistry, clock: Clock, events: ProcessEvents4 = {}) {
    this.#engine = engine;
    this.#clock = clock;
    this.#stats = stats;
    this.#events = events;
    this.#onEvalError = (name, err) => events.evalError?.(name, err);
    for (const name of PACKET_STATS4) if (!stats.has(name)) stats.set(name, 0);
  }

  /** The engine in use (replaced when the lease database changes). */
  get engine(): AllocEngine4 {
    return this.#engine;
  }

  /** Serves `snap` from the next packet on; `engine` when the lease store changed. */
  configure(snap: Snapshot4, engine: AllocEngine4 = this.#engine): void {
    this.#engine = engine;
    engine.configure(snap.cfg);
    this.#snap = snap;
  }

  #leaseEvent(code: string, address: number, subnetId: number): void {
    if (this.#events.isLeaseDebug?.() === true) this.#events.leaseEvent?.(code, address, subnetId);
  }

  /**
   * Processes one datagram. Never throws. The outcome is a promise only for a packet that a
   * lease4_offer or leases4_committed callout parked.
   */
  process(d: Datagram4): MaybeParked4 {
    this.#stats.add('pkt4-received');
    const outcome = this.#process(d);
    if (outcome instanceof Promise) {
      this.#parked++;
      return outcome
        .catch((err: unknown) => drop('pkt4-processing-failed', err instanceof Error ? err.message : String(err)))
        .then((o) => {
          this.#parked--;
          return this.#counted(o);
        });
    }
    return this.#counted(outcome);
  }

  #counted(outcome: Outcome4): Outcome4 {
    if (outcome.kind === 'drop') {
      this.#stats.add(outcome.reason);
      this.#stats.add('pkt4-receive-drop');
    }
    return outcome;
  }

  #process(d: Datagram4): MaybeParked4 {
    const snap = this.#snap;
    if (snap === undefined) return drop('pkt4-processing-failed', 'no configuration');
    const { cfg, hooks } = snap;
    let data = d.data;
    if (hooks?.has('buffer4_receive')) {
      const call = hooks.call('buffer4_receive', { query4: data });
      if (call.handle.status === 'drop') return silent('dropped by a buffer4_receive callout');
      data = call.handle.get<Uint8Array>('query4');
    }
    const decoded = decodePacket4(data, { ignoreTruncated: true, lenient: cfg.lenientOptionParsing });
    if (!decoded.ok) return drop('pkt4-parse-failed', `${decoded.code} at octet ${decoded.offset}: ${decoded.message}`);
    const q = decoded.packet;
    if (hooks !== undefined) packetMetas.set(q, d.meta);
    const bad = malformedOption4(q.options, cfg.catalogue, cfg.lenientOptionParsing);
    if (bad !== undefined) return drop('pkt4-parse-failed', `option ${bad} does not parse by its definition`);
    this.#stats.add(RECEIVED_STAT[q.messageType ?? 0] ?? 'pkt4-unknown-received');
    try {
      return this.#accepted(snap, q, d);
    } catch (err) {
      return drop('pkt4-processing-failed', err instanceof Error ? err.message : String(err));
    }
  }

  #accepted(snap: Snapshot4, q: Packet4, d: Datagram4): MaybeParked4 {
    const { cfg } = snap;
    const classes = new Set<string>();
    const type = q.messageType ?? 0;
    const relayed = q.giaddr !== 0 && q.giaddr !== BROADCAST;
    const isRaiStashed = cfg.stashAgentOptions && type === MessageType4.Request && !relayed && this.#recoverStashedRai(q, classes);
    const pkt = new EvalPacket4(q, d.meta, d.data.length, classes, cfg.catalogue);
    classifyInitial4(cfg, pkt, classes, this.#onEvalError);
    // accept() — dhcp4_srv.cc acceptMessageType, acceptDirectRequest, acceptServerId.
    if (!ACCEPTED.has(type)) return drop('pkt4-rfc-violation', `message type ${type} is not one a server accepts`);
    if (type === MessageType4.Inform && !relayed && d.meta.srcAddress === 0 && q.ciaddr === 0) {
      return drop('pkt4-rfc-violation', 'direct DHCPINFORM from 0.0.0.0 with ciaddr 0.0.0.0');
    }
    const raiPayload = q.options.get(82);
    const raiSubs = raiPayload === undefined ? undefined : decodeSubOptions(raiPayload);
    const serverId = q.options.get(54);
    if (serverId !== undefined) {
      if (serverId.length !== 4) return drop('pkt4-rfc-violation', 'server identifier is not one IPv4 address');
      if (!this.#isOurServerId(snap, raiSubs, classes, ipv4FromBytes(serverId, 0))) return drop('pkt4-not-for-us', 'server identifier names another server');
    }
    if (snap.hooks?.has('pkt4_receive')) {
      const status = snap.hooks.call('pkt4_receive', { query4: q }).handle.status;
      if (status === 'skip' || status === 'drop') return silent(`dropped by a pkt4_receive callout (${status})`);
    }
    if (classes.has('DROP')) return drop('pkt4-admin-filtered', 'client is in class DROP');
    const clientId = q.options.get(61) ?? null;
    if (clientId !== null && clientId.length < 2) return drop('pkt4-processing-failed', 'client identifier shorter than 2 octets');
    const query: Query4 = { q, d, classes, pkt, relayed, clientId, isRaiStashed, rai: raiSubs };
    // Early global reservation lookup (before the sanity checks and subnet selection).
    let earlyGlobal: Reservation4 | undefined;
    if (cfg.earlyGlobalReservationsLookup) {
      earlyGlobal = findGlobalHost4(cfg, this.#identity(query, true));
      if (earlyGlobal !== undefined) {
        applyHostClasses4(cfg, pkt, classes, earlyGlobal.clientClasses, this.#onEvalError);
        classifyKnown4(cfg, pkt, classes, true, this.#onEvalError);
        if (classes.has('DROP')) return drop('pkt4-admin-filtered', 'client is in class DROP');
      }
    }
    // sanityCheck.
    if (type === MessageType4.Discover && serverId !== undefined) return drop('pkt4-rfc-violation', 'DHCPDISCOVER with a server identifier');
    if (Math.min(q.hlen, q.chaddr.length) === 0 && clientId === null) return drop('pkt4-rfc-violation', 'neither chaddr nor client identifier');
    switch (type) {
      case MessageType4.Release: return this.#release(snap, query);
      case MessageType4.Decline: return this.#decline(snap, query);
      default: return this.#exchange(snap, query, earlyGlobal);
    }
  }

  /**
   * `stash-agent-options` (Kea 3.x recoverStashedAgentOption): a renewing client's unicast
   * REQUEST carries no option 82, so the one stored with its lease (store-extended-info) is put
   * back into the query, which joins class STASH_AGENT_OPTIONS. Returns true when it did.
   */
  #recoverStashedRai(q: Packet4, classes: Set<string>): boolean {
    if (q.ciaddr === 0) return false;
    const current = q.options.get(82);
    if (current !== undefined && current.length > 0) return false;
    const lease = this.#engine.leaseOf(q.ciaddr);
    if (lease === undefined || lease.state !== LeaseState.Default || isExpired4(lease, Math.floor(this.#clock.now() / 1000))) return false;
    const isc = lease.userContext?.['ISC'] as Record<string, unknown> | undefined;
    const info = isc?.['relay-agent-info'];
    const text = typeof info === 'string' ? info : (info as Record<string, unknown> | undefined)?.['sub-options'];
    if (typeof text !== 'string') return false;
    const hex = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
    if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) return false;
    const hw = q.chaddr.subarray(0, Math.min(q.hlen, 16));
    if (!belongsToClient4(lease, hw, q.htype, q.options.get(61) ?? null)) return false;
    q.options.set(82, Uint8Array.from(hex.match(/../g) as string[], (b) => parseInt(b, 16)));
    classes.add('STASH_AGENT_OPTIONS');
    return true;
  }

  /** acceptServerId: ours when it is an address we listen on, or a configured option 54. */
  #isOurServerId(snap: Snapshot4, rai: ReadonlyMap<number, Uint8Array> | undefined, classes: ReadonlySet<string>, id: number): boolean {
    const override = rai?.get(11);
    if (override !== undefined && override.length === 4 && ipv4FromBytes(override, 0) === id) return true;
    if (snap.cfg.ignoreServerIdentifier || snap.localAddresses.has(id) || snap.configuredServerIds.has(id)) return true;
    for (const name of classes) {
      for (const e of snap.cfg.classByName.get(name)?.options.byCode.get(54) ?? []) {
        if (e.payload.length === 4 && ipv4FromBytes(e.payload, 0) === id) return true;
      }
    }
    return false;
  }

  #identity(query: Query4, withClientId: boolean): ClientIdentity4 {
    const circuitId = query.rai?.get(1) ?? null;
    const { cfg, hooks } = this.#snap as Snapshot4;
    let flexId: Uint8Array | null = null;
    // host4_identifier: a callout computes the flex-id (anything but CONTINUE: not used).
    if (hooks?.has('host4_identifier') && cfg.hostReservationIdentifiers.includes('flex-id')) {
      const call = hooks.call('host4_identifier', { query4: query.q, id_type: 'flex-id', id_value: new Uint8Array(0) });
      const value = call.handle.get<unknown>('id_value');
      if (call.handle.status === 'continue' && value instanceof Uint8Array) flexId = value;
    }
    return clientIdentity4(cfg, {
      htype: query.q.htype, chaddr: query.q.chaddr, hlen: query.q.hlen, clientId: withClientId ? query.clientId : null, circuitId, flexId,
    });
  }

  /** DISCOVER, REQUEST and INFORM: subnet, hosts, classes, then the message's own processing. */
  #exchange(snap: Snapshot4, query: Query4, earlyGlobal: Reservation4 | undefined): MaybeParked4 {
    const { cfg } = snap;
    const { q, d, classes, pkt } = query;
    const linkSel = cfg.ignoreRaiLinkSelection ? undefined : query.rai?.get(5);
    const subnetSel = q.options.get(118);
    let subnet = selectSubnet4(cfg, {
      giaddr: q.giaddr, ciaddr: q.ciaddr, srcAddress: d.meta.srcAddress, dstAddress: d.meta.dstAddress, iface: d.meta.iface,
      ifaceAddress: d.meta.localAddress,
      linkSelection: linkSel !== undefined && linkSel.length === 4 ? ipv4FromBytes(linkSel, 0) : undefined,
      subnetSelection: subnetSel !== undefined && subnetSel.length === 4 ? ipv4FromBytes(subnetSel, 0) : undefined,
      classes,
    });
    if (snap.hooks?.has('subnet4_select')) {
      const call = snap.hooks.call('subnet4_select', { query4: q, subnet4: subnet, subnet4collection: cfg.subnets });
      if (call.handle.status === 'drop') return silent('dropped by a subnet4_select callout');
      subnet = call.handle.status === 'skip' ? undefined : call.handle.get<Subnet4 | undefined>('subnet4');
    }
    // Kea sets the client id used for identifiers and leases only when a subnet was selected.
    const identity = this.#identity(query, subnet !== undefined || cfg.earlyGlobalReservationsLookup);
    const hosts = subnet === undefined && earlyGlobal === undefined ? HostMatch4.none : findHosts4(cfg, subnet, identity, classes, earlyGlobal);
    const host = hosts.currentHost(subnet);
    if (host !== undefined && host.clientClasses.length > 0
      && ((!cfg.earlyGlobalReservationsLookup && host.subnetId === 0) || subnet?.sharedNetwork === undefined)) {
      applyHostClasses4(cfg, pkt, classes, host.clientClasses, this.#onEvalError);
    }
    classifyKnown4(cfg, pkt, classes, hosts.isKnown, this.#onEvalError);
    if (classes.has('DROP')) return drop('pkt4-admin-filtered', 'client is in class DROP');
    const type = q.messageType;
    if (type === MessageType4.Inform) return this.#inform(snap, query, subnet, hosts);
    if (type === MessageType4.Discover) return this.#discover(snap, query, subnet, hosts, identity);
    return this.#request(snap, query, subnet, hosts, identity);
  }

  #discover(snap: Snapshot4, query: Query4, subnet: Subnet4 | undefined, hosts: HostMatch4, identity: ClientIdentity4): MaybeParked4 {
    if (subnet === undefined) return silent('DHCP4_PACKET_NAK_0001 no subnet for this DHCPDISCOVER');
    if (query.classes.has('REJECT')) return silent('client is in class REJECT: no offer');
    const result = this.#allocate(query, 'discover', subnet, hosts, identity);
    if (result.outcome !== undefined) return result.outcome;
    return this.#leaseReply(snap, query, MessageType4.Offer, hosts, result.alloc, result.replyName);
  }

  #request(snap: Snapshot4, query: Query4, subnet: Subnet4 | undefined, hosts: HostMatch4, identity: ClientIdentity4): MaybeParked4 {
    const { q, d, classes } = query;
    const requested = q.options.get(50);
    const isInitReboot = !q.options.has(54) && requested !== undefined;
    if (subnet === undefined) {
      if (isInitReboot) return snap.cfg.global.authoritative ? this.#nak(snap, query) : silent('DHCP4_NO_LEASE_INIT_REBOOT no subnet');
      if (requested === undefined && q.ciaddr !== 0 && d.meta.dstAddress === BROADCAST) return silent('rebinding client with no subnet');
      return this.#nak(snap, query);
    }
    if (isInitReboot && requested.length === 4) {
      const verdict = this.#engine.initReboot({ subnet, classes, identity, requested: ipv4FromBytes(requested, 0) });
      if (verdict === 'drop') return silent('DHCP4_NO_LEASE_INIT_REBOOT unknown client, not authoritative');
      if (verdict === 'nak') return this.#nak(snap, query);
    }
    if (classes.has('REJECT')) return this.#nak(snap, query);
    const result = this.#allocate(query, 'request', subnet, hosts, identity);
    if (result.outcome !== undefined) return result.outcome;
    return this.#leaseReply(snap, query, MessageType4.Ack, hosts, result.alloc, result.replyName);
  }

  /** Name decision, allocation, and the generated name (postAllocateNameUpdate). */
  #allocate(query: Query4, kind: 'discover' | 'request', subnet: Subnet4, hosts: HostMatch4, identity: ClientIdentity4):
    { outcome: MaybeParked4; alloc?: undefined; replyName?: undefined } | { outcome?: undefined; alloc: AllocResult4; replyName: string | undefined } {
    const { q } = query;
    const host = hosts.currentHost(subnet);
    const ddns = subnet.params.ddns;
    const name12 = q.options.get(12);
    const queryName = name12 === undefined ? undefined : trimNuls(name12);
    const decision = decideHostname4(queryName === '' ? undefined : queryName, host?.hostname ?? '', ddns);
    const requested = q.options.get(50);
    const lifetime = q.options.get(51);
    let alloc = this.#engine.allocate({
      kind, subnet, classes: query.classes, identity,
      hint: requested !== undefined && requested.length === 4 ? ipv4FromBytes(requested, 0) : q.ciaddr,
      requestedLifetime: lifetime !== undefined && lifetime.length === 4 ? ipv4FromBytes(lifetime, 0) : 0,
      hosts, hostname: decision.leaseName, fqdnFwd: false, fqdnRev: false,
      relayAgentInfo: query.isRaiStashed ? null : (q.options.get(82) ?? null),
      ...(this.#snap?.hooks !== undefined ? { hooks: this.#allocHooks(this.#snap.hooks, query, identity) } : {}),
    });
    if (alloc.lease === null) {
      if (kind === 'discover' || alloc.failureReply === 'none') return { outcome: silent(`no address: ${alloc.failure ?? 'unknown'}`) };
      if (alloc.failureReply === 'drop') return { outcome: silent(`request for ${alloc.failure ?? 'unknown'} address: not answered`) };
      return { outcome: this.#nak(this.#snap as Snapshot4, query) };
    }
    this.#leaseEvent(kind === 'discover' ? 'DHCP4_LEASE_OFFER' : 'DHCP4_LEASE_ALLOC', alloc.lease.address, alloc.lease.subnetId);
    let replyName = decision.replyName;
    const finalSubnet = alloc.subnet ?? subnet;
    if (replyName !== undefined && alloc.lease.hostname === '') {
      replyName = generatedHostname4(alloc.lease.address, finalSubnet.params.ddns);
      alloc = this.#engine.renameLease(alloc, { hostname: replyName, fqdnFwd: false, fqdnRev: false });
    }
    return { alloc, replyName };
  }

  /** lease4_select and lease4_renew, as the engine calls them; built only when hooks are configured. */
  #allocHooks(hooks: HookManager, query: Query4, identity: ClientIdentity4): AllocHooks4 {
    const { q } = query;
    return {
      ...(hooks.has('lease4_select') ? {
        select: (lease: Lease4, subnet: Subnet4, fake: boolean): Lease4 | null => {
          const call = hooks.call('lease4_select', { query4: q, subnet4: subnet, fake_allocation: fake, lease4: lease });
          return call.handle.status === 'skip' ? null : call.handle.get<Lease4>('lease4');
        },
      } : {}),
      ...(hooks.has('lease4_renew') ? {
        renew: (lease: Lease4, subnet: Subnet4): Lease4 | null => {
          const call = hooks.call('lease4_renew', { query4: q, subnet4: subnet, clientid: identity.clientId, hwaddr: identity.hwaddr, lease4: lease });
          return call.handle.status === 'skip' ? null : call.handle.get<Lease4>('lease4');
        },
      } : {}),
    };
  }

  #release(snap: Snapshot4, query: Query4): MaybeParked4 {
    const { q } = query;
    const check = this.#engine.checkRelease(q.ciaddr, { hwaddr: q.chaddr.subarray(0, Math.min(q.hlen, 16)), htype: q.htype, clientId: query.clientId });
    if (!check.ok) return silent(`DHCP4_RELEASE_FAIL ${check.reason}`);
    if (snap.hooks?.has('lease4_release')) {
      const status = snap.hooks.call('lease4_release', { query4: q, lease4: check.lease }).handle.status;
      if (status === 'skip' || status === 'drop') return silent(`lease kept: a lease4_release callout said ${status}`);
    }
    this.#engine.release(check.lease);
    this.#leaseEvent('DHCP4_RELEASE', check.lease.address, check.lease.subnetId);
    return this.#committed(snap, query, undefined, [], [check.lease], () => silent('released'));
  }

  #decline(snap: Snapshot4, query: Query4): MaybeParked4 {
    const { q } = query;
    const requested = q.options.get(50);
    if (requested === undefined || requested.length !== 4) return drop('pkt4-rfc-violation', 'DHCPDECLINE without a requested address');
    const check = this.#engine.checkDecline(ipv4FromBytes(requested, 0), { hwaddr: q.chaddr.subarray(0, Math.min(q.hlen, 16)), htype: q.htype, clientId: query.clientId });
    if (!check.ok) return silent(check.reason === 'no-lease' ? 'DHCP4_DECLINE_LEASE_NOT_FOUND' : 'DHCP4_DECLINE_LEASE_MISMATCH');
    if (snap.hooks?.has('lease4_decline')) {
      const status = snap.hooks.call('lease4_decline', { query4: q, lease4: check.lease }).handle.status;
      if (status === 'skip' || status === 'drop') return silent(`lease not declined: a lease4_decline callout said ${status}`);
    }
    const out = this.#engine.decline(check.lease);
    this.#leaseEvent('DHCP4_DECLINE_LEASE', check.lease.address, check.lease.subnetId);
    return this.#committed(snap, query, undefined, [out.after], [], () => silent('declined'));
  }

  #inform(snap: Snapshot4, query: Query4, subnet: Subnet4 | undefined, hosts: HostMatch4): MaybeParked4 {
    const { classes } = query;
    const reply = this.#skeleton(snap, query, MessageType4.Ack);
    if (subnet !== undefined) {
      const host = hosts.currentHost(subnet);
      if (subnet.sharedNetwork !== undefined && host !== undefined && host.subnetId !== 0) for (const c of host.clientClasses) classes.add(c);
      classifyAdditional4(snap.cfg, query.pkt, classes, [subnet.evaluateAdditionalClasses, subnet.sharedNetwork?.evaluateAdditionalClasses ?? []], this.#onEvalError);
      this.#addConfiguredOptions(query, reply, this.#levels(snap, classes, subnet, undefined, host));
      this.#setFixedFields(snap, classes, reply, subnet, host);
    }
    return this.#finish(snap, query, reply, { subnet });
  }

  /** OFFER or ACK carrying a lease. */
  #leaseReply(snap: Snapshot4, query: Query4, type: number, hosts: HostMatch4, alloc: AllocResult4, replyName: string | undefined): MaybeParked4 {
    const { q, classes } = query;
    const lease = alloc.lease;
    const subnet = alloc.subnet;
    if (lease === null || subnet === undefined) return silent('no lease');
    const reply = this.#skeleton(snap, query, type);
    reply.yiaddr = lease.address;
    if (type === MessageType4.Ack) reply.ciaddr = q.ciaddr;
    const host = hosts.currentHost(subnet);
    if (subnet.sharedNetwork !== undefined && host !== undefined && host.subnetId !== 0) for (const c of host.clientClasses) classes.add(c);
    const pool = alloc.pool;
    classifyAdditional4(snap.cfg, query.pkt, classes,
      [pool?.evaluateAdditionalClasses ?? [], subnet.evaluateAdditionalClasses, subnet.sharedNetwork?.evaluateAdditionalClasses ?? []], this.#onEvalError);
    reply.options.set(51, ipv4ToBytes(alloc.validLifetime));
    reply.options.set(1, ipv4ToBytes(subnet.prefixLength === 0 ? 0 : (0xffffffff << (32 - subnet.prefixLength)) >>> 0));
    if (alloc.t1 !== undefined) reply.options.set(58, ipv4ToBytes(alloc.t1));
    if (alloc.t2 !== undefined) reply.options.set(59, ipv4ToBytes(alloc.t2));
    if (replyName !== undefined) reply.options.set(12, UTF8.encode(replyName));
    this.#addConfiguredOptions(query, reply, this.#levels(snap, classes, subnet, pool, host));
    this.#setFixedFields(snap, classes, reply, subnet, host);
    return this.#finish(snap, query, reply, { subnet, alloc, host });
  }

  #nak(snap: Snapshot4, query: Query4): MaybeParked4 {
    const reply = this.#skeleton(snap, query, MessageType4.Nak);
    this.#leaseEvent('DHCP4_NAK', 0, 0);
    return this.#finish(snap, query, reply, {});
  }

  /** initResponse + copyDefaultFields: the header, and the echoed options 61, 118 and 82. */
  #skeleton(snap: Snapshot4, query: Query4, type: number): Packet4 {
    const { q, clientId } = query;
    const reply = newReply4(q, type);
    if (snap.hooks !== undefined) packetMetas.set(reply, query.d.meta);
    reply.secs = 0;
    if (clientId !== null && snap.cfg.echoClientId) reply.options.set(61, clientId);
    const sel = q.options.get(118);
    if (sel !== undefined) reply.options.set(118, sel);
    const rai = q.options.get(82);
    if (rai !== undefined && rai.length > 0 && !query.isRaiStashed) reply.options.set(82, rai);
    return reply;
  }

  /** buildCfgOptionList: host, pool, subnet, shared network, classes in class order, global. */
  #levels(snap: Snapshot4, classes: ReadonlySet<string>, subnet: Subnet4, pool: Pool4 | undefined, host: Reservation4 | undefined): OptionLevels4 {
    const levels = [];
    if (host !== undefined) levels.push(host.options);
    if (pool !== undefined) levels.push(pool.options);
    levels.push(subnet.options);
    if (subnet.sharedNetwork !== undefined) levels.push(subnet.sharedNetwork.options);
    for (const name of classes) {
      const c = snap.cfg.classByName.get(name);
      if (c !== undefined && c.options.codes.length + c.options.vendor.size > 0) levels.push(c.options);
    }
    levels.push(snap.cfg.globalOptions);
    return levels;
  }

  #addConfiguredOptions(query: Query4, reply: Packet4, levels: OptionLevels4): void {
    const { q, classes } = query;
    const vendorIds: number[] = [];
    const v125 = q.options.get(125);
    const vivso = v125 === undefined ? null : vendorOptions125(v125);
    if (vivso !== null) vendorIds.push(...vivso.keys());
    const v124 = q.options.get(124);
    if (v124 !== undefined) {
      const vivco = vendorClasses124(v124, { lenient: true });
      if (vivco !== null) vendorIds.push(...vivco.keys());
    }
    const oro = vivso?.get(4491);
    const present = new Set(reply.options.codes());
    const chosen = selectOptions4(levels, {
      prl: q.options.get(55), classes, queryVendorIds: vendorIds, cableLabsOro: oro === undefined ? undefined : decodeSubOptions(oro).get(1),
    }, present);
    for (const [code, payload] of chosen) reply.options.set(code, payload);
  }

  /** setFixedFields: subnet, then the first class defining each field, then the host. */
  #setFixedFields(snap: Snapshot4, classes: ReadonlySet<string>, reply: Packet4, subnet: Subnet4, host: Reservation4 | undefined): void {
    const p = subnet.params;
    let siaddr = p.nextServer;
    let sname = p.serverHostname;
    let file = p.bootFileName;
    let gotNext = false;
    let gotSname = false;
    let gotFile = false;
    for (const name of classes) {
      const c = snap.cfg.classByName.get(name);
      if (c === undefined) continue;
      if (!gotNext && c.nextServer !== undefined && c.nextServer !== 0) { siaddr = c.nextServer; gotNext = true; }
      if (!gotSname && c.serverHostname !== undefined && c.serverHostname !== '') { sname = c.serverHostname; gotSname = true; }
      if (!gotFile && c.bootFileName !== undefined && c.bootFileName !== '') { file = c.bootFileName; gotFile = true; }
    }
    if (host !== undefined) {
      if (host.nextServer !== undefined) siaddr = host.nextServer;
      if (host.serverHostname !== undefined) sname = host.serverHostname;
      if (host.bootFileName !== undefined) file = host.bootFileName;
    }
    reply.siaddr = siaddr;
    if (sname !== '') reply.sname = UTF8.encode(sname);
    if (file !== '') reply.file = UTF8.encode(file);
  }

  /**
   * leases4_committed for a REQUEST, RELEASE or DECLINE (DROP: no reply; a promise parks the
   * packet), then `next`.
   */
  #committed(snap: Snapshot4, query: Query4, response: Packet4 | undefined, leases: readonly Lease4[], deleted: readonly Lease4[],
    next: () => Outcome4): MaybeParked4 {
    if (!snap.hooks?.has('leases4_committed')) return next();
    const call = snap.hooks.call('leases4_committed', { query4: query.q, response4: response, leases4: leases, deleted_leases4: deleted });
    const after = (): Outcome4 => (call.handle.status === 'drop' ? silent('dropped by a leases4_committed callout') : next());
    return call.parked === undefined ? after() : this.#park(snap, call.parked, after);
  }

  /** Waits for a parked packet, within `parked-packet-limit`. */
  #park(snap: Snapshot4, parked: Promise<void>, after: () => Outcome4): MaybeParked4 {
    if (this.#parked >= snap.cfg.parkedPacketLimit) {
      parked.catch(() => {});
      return drop('pkt4-processing-failed', `parked-packet-limit (${snap.cfg.parkedPacketLimit}) reached: packet dropped`);
    }
    return parked.then(after);
  }

  /** Server identifier and destination, the hooks of a finished reply, then encoding. */
  #finish(snap: Snapshot4, query: Query4, reply: Packet4, ctx: ReplyContext4): MaybeParked4 {
    const { q, d } = query;
    const meta = d.meta;
    const type = reply.messageType ?? 0;
    const isNak = type === MessageType4.Nak;
    // A NAK never carries configured options, so its server identifier is always generated.
    if (isNak || !reply.options.has(54)) {
      const id = meta.dstAddress !== BROADCAST && meta.dstAddress !== 0 ? meta.dstAddress : meta.localAddress;
      reply.options.set(54, ipv4ToBytes(id));
    }
    const dest = replyDestination4({
      isInform: q.messageType === MessageType4.Inform, isNak, giaddr: q.giaddr, ciaddr: q.ciaddr, yiaddr: reply.yiaddr,
      broadcastFlag: (q.flags & BOOTP_BROADCAST_FLAG) !== 0, srcAddress: meta.srcAddress, srcPort: meta.srcPort,
      relayPort: query.rai?.has(19) === true,
    });
    if (dest.setBroadcastFlag) reply.flags |= BOOTP_BROADCAST_FLAG;
    if (dest.stripRelay) {
      reply.hops = 0;
      reply.giaddr = 0;
      reply.options.delete(82);
    }
    const fromAddress = meta.dstAddress !== BROADCAST && meta.dstAddress !== 0 ? meta.dstAddress : undefined;
    const target = { iface: meta.iface, address: dest.address, port: dest.port, ...(fromAddress !== undefined ? { fromAddress } : {}) };
    const send = (): Outcome4 => this.#send(snap, query, reply, ctx, target);
    const hooks = snap.hooks;
    if (hooks === undefined) return send();
    const lease = ctx.alloc?.lease ?? null;
    if (type === MessageType4.Offer && hooks.has('lease4_offer')) {
      const call = hooks.call('lease4_offer', {
        query4: q, response4: reply, leases4: lease === null ? [] : [lease], offer_lifetime: ctx.alloc?.offerLifetime ?? 0,
        old_lease: ctx.alloc?.oldLease ?? null, host: ctx.host, offer_address_in_use: false,
      });
      const after = (): Outcome4 => {
        // A callout (a ping check) found the address in use: Kea declines it and sends nothing.
        if (lease !== null && call.handle.get<unknown>('offer_address_in_use') === true) {
          const declined = this.#engine.serverDecline(lease, ctx.alloc?.isWritten === true);
          if (hooks.has('lease4_server_decline')) hooks.call('lease4_server_decline', { query4: q, lease4: declined.after });
          return silent(`offered address ${formatIPv4(lease.address)} is in use: declined`);
        }
        return call.handle.status === 'drop' ? silent('offer dropped by a lease4_offer callout') : send();
      };
      return call.parked === undefined ? after() : this.#park(snap, call.parked, after);
    }
    if (q.messageType === MessageType4.Request) {
      const deleted = ctx.alloc?.deletedLease;
      return this.#committed(snap, query, reply, type === MessageType4.Ack && lease !== null ? [lease] : [], deleted ? [deleted] : [], send);
    }
    return send();
  }

  /** pkt4_send, encoding, buffer4_send. */
  #send(snap: Snapshot4, query: Query4, reply: Packet4, ctx: ReplyContext4, target: SendTarget4): Outcome4 {
    const hooks = snap.hooks;
    if (hooks?.has('pkt4_send')) {
      // SKIP (the callout packs the buffer itself) is served as CONTINUE: it may change response4.
      const status = hooks.call('pkt4_send', { query4: query.q, response4: reply, subnet4: ctx.subnet }).handle.status;
      if (status === 'drop') return silent('reply dropped by a pkt4_send callout');
    }
    let data = encodePacket4(reply, { minSize: 0 });
    if (hooks?.has('buffer4_send')) {
      const call = hooks.call('buffer4_send', { response4: reply, buffer4: data });
      if (call.handle.status === 'skip' || call.handle.status === 'drop') return silent(`reply not sent: a buffer4_send callout said ${call.handle.status}`);
      data = call.handle.get<Uint8Array>('buffer4');
    }
    return { kind: 'reply', type: reply.messageType ?? 0, out: { data, target } };
  }
}

/** What the hooks of a finished reply are told. */
interface ReplyContext4 {
  readonly subnet?: Subnet4 | undefined;
  readonly alloc?: AllocResult4;
  readonly host?: Reservation4 | undefined;
}

function trimNuls(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return new TextDecoder('latin1').decode(b.subarray(0, end));
}
