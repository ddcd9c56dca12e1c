/**
 * The resolved DHCPv4 configuration: what the server reads per packet. Kea's inheritance
 * (global → shared network → subnet → pool, classes and reservations on top) is worked out once
 * here, addresses are numbers, option data is wire bytes and client-class expressions are parsed
 * ASTs. Everything is read-only; the snapshot is deep-frozen.
 */
import type { OptionCatalogue } from '../../codec/index.js';
import type { BoolExpr, StringExpr } from '../../eval/index.js';
import type { IdentifierType } from '../../net/index.js';
import type { Dhcp4Config } from '../../schema/index.js';

/** A configured option, ready to be put in a reply. */
export interface OptionEntry4 {
  readonly code: number;
  /** The payload, with the sub-options of an encapsulated space already inside. */
  readonly payload: Uint8Array;
  readonly alwaysSend: boolean;
  readonly neverSend: boolean;
  /** Class tagging: sent only to members of one of these classes (none: to everyone). */
  readonly clientClasses: readonly string[];
}

/** The dhcp4-space options of one scope, by code (the first entry of a code wins, as in Kea). */
export interface OptionSet4 {
  readonly byCode: ReadonlyMap<number, readonly OptionEntry4[]>;
  /** Codes in configuration order. */
  readonly codes: readonly number[];
  /** Vendor-specific options (option 125) by enterprise id: encoded sub-options. */
  readonly vendor: ReadonlyMap<number, readonly OptionEntry4[]>;
}

export interface Lifetime {
  readonly min: number;
  readonly def: number;
  readonly max: number;
}

/** Kea's DDNS behaviour parameters, resolved for a scope (used by the DDNS work). */
export interface DdnsParams4 {
  readonly sendUpdates: boolean;
  readonly overrideNoUpdate: boolean;
  readonly overrideClientUpdate: boolean;
  readonly replaceClientName: 'never' | 'always' | 'when-present' | 'when-not-present';
  readonly generatedPrefix: string;
  readonly qualifyingSuffix: string;
  readonly updateOnRenew: boolean;
  readonly conflictResolutionMode: string;
  readonly ttlPercent: number | undefined;
  readonly ttl: number | undefined;
  readonly ttlMin: number | undefined;
  readonly ttlMax: number | undefined;
  readonly hostnameCharSet: string;
  readonly hostnameCharReplacement: string;
}

/** The network parameters a subnet ends up with after inheritance. */
export interface NetworkParams4 {
  readonly validLifetime: Lifetime;
  /** Explicit T1 / T2 in seconds, when configured. */
  readonly renewTimer: number | undefined;
  readonly rebindTimer: number | undefined;
  readonly calculateTeeTimes: boolean;
  readonly t1Percent: number;
  readonly t2Percent: number;
  readonly cacheThreshold: number | undefined;
  readonly cacheMaxAge: number | undefined;
  readonly adaptiveLeaseTimeThreshold: number | undefined;
  readonly offerLifetime: number;
  readonly allocator: 'iterative' | 'random' | 'flq' | 'shared-flq';
  readonly authoritative: boolean;
  readonly matchClientId: boolean;
  readonly nextServer: number;
  readonly serverHostname: string;
  readonly bootFileName: string;
  readonly reservationsGlobal: boolean;
  readonly reservationsInSubnet: boolean;
  readonly reservationsOutOfPool: boolean;
  readonly storeExtendedInfo: boolean;
  readonly ddns: DdnsParams4;
}

export interface Pool4 {
  readonly first: number;
  readonly last: number;
  /** Kea's pool-id (0 when not set). */
  readonly id: number;
  /** Index of the pool in its subnet (for `subnet[id].pool[n]` statistics when pool-id is 0). */
  readonly index: number;
  /** Class guard: a client must be in one of these (none: anyone). */
  readonly clientClasses: readonly string[];
  readonly evaluateAdditionalClasses: readonly string[];
  readonly options: OptionSet4;
  /** DDNS parameters when the pool overrides any of the subnet's. */
  readonly ddns: DdnsParams4;
}

export interface Reservation4 {
  /** 0 for a global reservation. */
  readonly subnetId: number;
  readonly identifierType: IdentifierType;
  readonly identifier: Uint8Array;
  readonly ipAddress: number | undefined;
  readonly hostname: string;
  readonly clientClasses: readonly string[];
  readonly options: OptionSet4;
  readonly nextServer: number | undefined;
  readonly serverHostname: string | undefined;
  readonly bootFileName: string | undefined;
}

/** Host reservations of one scope (a subnet or the global level). */
export interface Reservations4 {
  /** By `identifierType + '/' + hex(identifier)`. */
  readonly byIdentifier: ReadonlyMap<string, Reservation4>;
  /** By reserved address (several when ip-reservations-unique is false). */
  readonly byAddress: ReadonlyMap<number, readonly Reservation4[]>;
  readonly size: number;
}

export interface SharedNetwork4 {
  readonly name: string;
  readonly subnets: readonly Subnet4[];
  readonly clientClasses: readonly string[];
  readonly evaluateAdditionalClasses: readonly string[];
  readonly options: OptionSet4;
}

export interface Subnet4 {
  readonly id: number;
  /** The prefix as written (`10.0.0.0/24`). */
  readonly prefixText: string;
  readonly network: number;
  readonly prefixLength: number;
  /** First and last address of the prefix. */
  readonly first: number;
  readonly last: number;
  readonly pools: readonly Pool4[];
  /** Sum of the pools' sizes (Kea's `subnet[id].total-addresses`). */
  readonly totalAddresses: number;
  readonly sharedNetwork: SharedNetwork4 | undefined;
  /** The interface the subnet is directly reachable on (its own, or its shared network's). */
  readonly interface: string | undefined;
  /** Relay addresses selecting this subnet (its own, else its shared network's). */
  readonly relayAddresses: readonly number[];
  readonly clientClasses: readonly string[];
  readonly evaluateAdditionalClasses: readonly string[];
  readonly options: OptionSet4;
  readonly reservations: Reservations4;
  readonly params: NetworkParams4;
}

export interface ClientClass4 {
  readonly name: string;
  readonly test: BoolExpr | undefined;
  readonly templateTest: StringExpr | undefined;
  readonly onlyInAdditionalList: boolean;
  /** The test depends on KNOWN/UNKNOWN, directly or through other classes: evaluated after host lookup. */
  readonly dependsOnKnown: boolean;
  readonly options: OptionSet4;
  readonly nextServer: number | undefined;
  readonly serverHostname: string | undefined;
  readonly bootFileName: string | undefined;
  readonly validLifetime: Lifetime | undefined;
  readonly offerLifetime: number | undefined;
  /** Catalogue with the class's own option-def entries (for decoding options 43 and 224-254). */
  readonly catalogue: OptionCatalogue | undefined;
}

export type InterfaceSpec = { readonly kind: 'all' } | { readonly kind: 'named'; readonly name: string; readonly address: number | undefined };

export interface ExpiredLeasesProcessing {
  readonly reclaimTimerWaitSec: number;
  readonly flushReclaimedTimerWaitSec: number;
  readonly holdReclaimedSec: number;
  readonly maxReclaimLeases: number;
  readonly maxReclaimTimeMs: number;
  readonly unwarnedReclaimCycles: number;
}

export interface LeaseDatabase4 {
  readonly persist: boolean;
  /** The lease file as configured (a name or path), or undefined for Kea's default name. */
  readonly name: string | undefined;
  readonly lfcIntervalSec: number;
}

export interface Logger {
  readonly name: string;
  readonly severity: 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'NONE';
  readonly debuglevel: number;
  readonly outputs: readonly string[];
}

export interface ResolvedConfig4 {
  readonly interfaces: readonly InterfaceSpec[];
  readonly socketType: 'raw' | 'udp';
  readonly outboundInterface: 'same-as-inbound' | 'use-routing';
  readonly leaseDatabase: LeaseDatabase4;
  readonly expiredLeases: ExpiredLeasesProcessing;
  readonly declineProbationSec: number;
  readonly echoClientId: boolean;
  readonly stashAgentOptions: boolean;
  readonly hostReservationIdentifiers: readonly IdentifierType[];
  readonly earlyGlobalReservationsLookup: boolean;
  readonly ipReservationsUnique: boolean;
  readonly ignoreServerIdentifier: boolean;
  readonly ignoreRaiLinkSelection: boolean;
  readonly excludeFirstLast24: boolean;
  readonly lenientOptionParsing: boolean;
  /** `hooks-libraries`, in order: the library as written and its parameters. */
  readonly hooksLibraries: ReadonlyArray<{ readonly library: string; readonly parameters: Readonly<Record<string, unknown>> }>;
  /** Packets hook callouts may park at once (`parked-packet-limit`, default 256). */
  readonly parkedPacketLimit: number;
  /** Parameters at the global level (what a subnet gets when nothing overrides them). */
  readonly global: NetworkParams4;
  readonly globalOptions: OptionSet4;
  readonly globalReservations: Reservations4;
  /** Every subnet: those of shared networks first (in order), then the top-level list. */
  readonly subnets: readonly Subnet4[];
  /** Every subnet in ascending id order: Kea's order for subnet selection. */
  readonly subnetsInIdOrder: readonly Subnet4[];
  readonly subnetById: ReadonlyMap<number, Subnet4>;
  readonly sharedNetworks: readonly SharedNetwork4[];
  readonly classes: readonly ClientClass4[];
  readonly classByName: ReadonlyMap<string, ClientClass4>;
  readonly catalogue: OptionCatalogue;
  readonly statistics: { readonly sampleCount: number; readonly sampleAgeSec: number };
  readonly loggers: readonly Logger[];
  /**
   * The `Dhcp4` map this was resolved from (includes inlined), for what answers in Kea's
   * configuration shape: config-get, subnet4-get, reservation-get, class-get. Not to be changed.
   */
  readonly source: Readonly<Dhcp4Config>;
}
