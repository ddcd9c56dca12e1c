/**
 * Resolves a validated `Dhcp4` map into the {@link ResolvedConfig4} the server reads per packet.
 * It assumes `validateConfig` passed: an inconsistency found here is a bug and throws.
 * Pure: no I/O.
 */
import { OptionCatalogue } from '../../codec/index.js';
import { parsePool, parseSubnetPrefix, parseIPv4 } from '../../net/index.js';
import type { Dhcp4Config, Pool4 as PoolConfig, SharedNetwork4 as NetworkConfig, Subnet4 as SubnetConfig } from '../../schema/index.js';
import { optionDefinitionOf } from '../option-lookup.js';
import { compileClasses4 } from './classes4.js';
import { compileOptions4, type OptionScopeInput } from './options4.js';
import { ddnsParams, networkParams, type ParamScope } from './params4.js';
import { compileReservations4 } from './reservations4.js';
import type {
  ExpiredLeasesProcessing, InterfaceSpec, Logger, Pool4, ResolvedConfig4, SharedNetwork4, Subnet4,
} from './types4.js';

/** Resolves the Dhcp4 map of a valid configuration. */
export function resolveDhcp4(d: Dhcp4Config): ResolvedConfig4 {
  const catalogue = (d['option-def'] ?? []).length === 0
    ? OptionCatalogue.standard(4)
    : OptionCatalogue.standard(4).extend((d['option-def'] ?? []).map((o) => optionDefinitionOf(o, 4)));
  const scope: OptionScopeInput = { catalogue, isGlobal: false };
  const globalScope = asScope(d);
  const classes = compileClasses4(d['client-classes'], catalogue);
  const networks: SharedNetwork4[] = [];
  const subnets: Subnet4[] = [];
  for (const n of d['shared-networks'] ?? []) {
    const members: Subnet4[] = [];
    const network: SharedNetwork4 = {
      name: n.name ?? '',
      subnets: members,
      clientClasses: guardOf(n),
      evaluateAdditionalClasses: n['evaluate-additional-classes'] ?? n['require-client-classes'] ?? [],
      options: compileOptions4(n['option-data'], scope),
    };
    for (const s of n.subnet4 ?? []) members.push(resolveSubnet(s, n, network, globalScope, scope));
    networks.push(network);
    subnets.push(...members);
  }
  for (const s of d.subnet4 ?? []) subnets.push(resolveSubnet(s, undefined, undefined, globalScope, scope));
  const compat = d.compatibility ?? {};
  return {
    interfaces: interfacesOf(d),
    socketType: d['interfaces-config']?.['dhcp-socket-type'] ?? 'raw',
    outboundInterface: d['interfaces-config']?.['outbound-interface'] ?? 'same-as-inbound',
    leaseDatabase: {
      persist: d['lease-database']?.persist ?? true,
      name: d['lease-database']?.name,
      lfcIntervalSec: d['lease-database']?.['lfc-interval'] ?? 3600,
    },
    expiredLeases: expiredOf(d),
    declineProbationSec: d['decline-probation-period'] ?? 86400,
    echoClientId: d['echo-client-id'] ?? true,
    parkedPacketLimit: d['parked-packet-limit'] ?? 256,
    hooksLibraries: (d['hooks-libraries'] ?? []).map((h) => ({ library: h.library, parameters: (h.parameters ?? {}) as Record<string, unknown> })),
    stashAgentOptions: d['stash-agent-options'] ?? false,
    hostReservationIdentifiers: d['host-reservation-identifiers'] ?? ['hw-address', 'duid', 'circuit-id', 'client-id'],
    earlyGlobalReservationsLookup: d['early-global-reservations-lookup'] ?? false,
    ipReservationsUnique: d['ip-reservations-unique'] ?? true,
    ignoreServerIdentifier: compat['ignore-dhcp-server-identifier'] ?? false,
    ignoreRaiLinkSelection: compat['ignore-rai-link-selection'] ?? false,
    excludeFirstLast24: compat['exclude-first-last-24'] ?? false,
    lenientOptionParsing: compat['lenient-option-parsing'] ?? false,
    global: networkParams([globalScope]),
    globalOptions: compileOptions4(d['option-data'], { catalogue, isGlobal: true }),
    globalReservations: compileReservations4(d.reservations, 0, scope),
    subnets,
    subnetById: new Map(subnets.map((s) => [s.id, s])),
    subnetsInIdOrder: [...subnets].sort((a, b) => a.id - b.id),
    sharedNetworks: networks,
    classes,
    classByName: new Map(classes.map((c) => [c.name, c])),
    catalogue,
    statistics: { sampleCount: d['statistic-default-sample-count'] ?? 20, sampleAgeSec: d['statistic-default-sample-age'] ?? 0 },
    loggers: loggersOf(d),
    source: d,
  };
}

/** A scope's class guard: `client-classes`, or the deprecated single `client-class`. */
function guardOf(s: { 'client-classes'?: string[]; 'client-class'?: string }): readonly string[] {
  return s['client-classes'] ?? (s['client-class'] !== undefined ? [s['client-class']] : []);
}

function resolveSubnet(s: SubnetConfig, n: NetworkConfig | undefined, network: SharedNetwork4 | undefined,
  globalScope: ParamScope, scope: OptionScopeInput): Subnet4 {
  const prefix = parseSubnetPrefix(s.subnet, 4);
  if (prefix === null || s.id === undefined) throw new Error(`subnet ${s.subnet}: not validated`);
  const length = prefix.length;
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  const first = (Number(prefix.address) & mask) >>> 0;
  const last = (first | (~mask >>> 0)) >>> 0;
  const chain: ParamScope[] = [asScope(s), asScope(n), globalScope];
  const pools = (s.pools ?? []).map((p, index) => resolvePool(p, index, chain, scope));
  const relay = s.relay ?? n?.relay;
  return {
    id: s.id,
    prefixText: s.subnet,
    network: first,
    prefixLength: length,
    first,
    last,
    pools,
    totalAddresses: pools.reduce((sum, p) => sum + (p.last - p.first + 1), 0),
    sharedNetwork: network,
    interface: nonEmpty(s.interface) ?? nonEmpty(n?.interface),
    relayAddresses: (relay?.['ip-addresses'] ?? []).map((a) => parseIPv4(a)).filter((a): a is number => a !== null),
    clientClasses: guardOf(s),
    evaluateAdditionalClasses: s['evaluate-additional-classes'] ?? s['require-client-classes'] ?? [],
    options: compileOptions4(s['option-data'], scope),
    reservations: compileReservations4(s.reservations, s.id, scope),
    params: networkParams(chain),
  };
}

function resolvePool(p: PoolConfig, index: number, chain: readonly ParamScope[], scope: OptionScopeInput): Pool4 {
  const range = parsePool(p.pool, 4);
  if (range === null) throw new Error(`pool ${p.pool}: not validated`);
  return {
    first: Number(range.first),
    last: Number(range.last),
    id: p['pool-id'] ?? 0,
    index,
    clientClasses: guardOf(p),
    evaluateAdditionalClasses: p['evaluate-additional-classes'] ?? p['require-client-classes'] ?? [],
    options: compileOptions4(p['option-data'], scope),
    ddns: ddnsParams([asScope(p), ...chain]),
  };
}

/** A configuration map read as parameters by name. */
function asScope(m: object | undefined): ParamScope {
  return m as ParamScope;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

function interfacesOf(d: Dhcp4Config): InterfaceSpec[] {
  return (d['interfaces-config']?.interfaces ?? []).map((spec): InterfaceSpec => {
    if (spec === '*') return { kind: 'all' };
    const slash = spec.indexOf('/');
    if (slash === -1) return { kind: 'named', name: spec.trim(), address: undefined };
    return { kind: 'named', name: spec.slice(0, slash).trim(), address: parseIPv4(spec.slice(slash + 1).trim()) ?? undefined };
  });
}

function expiredOf(d: Dhcp4Config): ExpiredLeasesProcessing {
  const e = d['expired-leases-processing'] ?? {};
  return {
    reclaimTimerWaitSec: e['reclaim-timer-wait-time'] ?? 10,
    flushReclaimedTimerWaitSec: e['flush-reclaimed-timer-wait-time'] ?? 25,
    holdReclaimedSec: e['hold-reclaimed-time'] ?? 3600,
    maxReclaimLeases: e['max-reclaim-leases'] ?? 100,
    maxReclaimTimeMs: e['max-reclaim-time'] ?? 250,
    unwarnedReclaimCycles: e['unwarned-reclaim-cycles'] ?? 5,
  };
}

function loggersOf(d: Dhcp4Config): Logger[] {
  return (d.loggers ?? []).map((l) => ({
    name: l.name ?? 'kea-dhcp4',
    severity: (l.severity ?? 'INFO').toUpperCase() as Logger['severity'],
    debuglevel: l.debuglevel ?? 0,
    outputs: (l['output-options'] ?? l.output_options ?? [{ output: 'stdout' }]).map((o) => o.output ?? 'stdout'),
  }));
}
