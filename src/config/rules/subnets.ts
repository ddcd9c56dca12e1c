/**
 * Subnets, pools, pd-pools and shared networks: the checks Kea's subnet and pool parsers make
 * (src/lib/dhcpsrv/subnet.cc `addPool`, cfg_subnets4/6.cc `add`, pool.cc, and
 * json_config_parser.cc for shared networks).
 */
import {
  formatAddress,
  formatRange,
  hasHostBits,
  parseAddress,
  parsePool,
  parseSubnetPrefix,
  prefixMask,
  prefixRange,
  rangeContains,
  rangesOverlap,
  type AddressRange,
  type Prefix,
} from '../../net/index.js';
import { joinPointer } from '../issues.js';
import { eachObj, int, str, type DaemonView, type Located, type RuleContext } from './context.js';
import { scopeLabel } from './scopes.js';

/** A subnet as checkSubnets read it, for other rules (reservations, allocators) to reuse. */
export interface ParsedSubnet extends Located {
  /** The shared network the subnet belongs to, if any. */
  readonly network?: Located;
  readonly prefix: Prefix | undefined;
  readonly range: AddressRange | undefined;
  readonly id: number | undefined;
  /** How messages name it: `subnet 10.0.0.0/24` (see `scopeLabel`). */
  readonly label: string;
  /** Address pools (v4 `pools`, v6 `pools`) that parsed; `path` points at the `pool` value. */
  readonly pools: ReadonlyArray<{ readonly range: AddressRange; readonly path: string }>;
  /** v6 `pd-pools` whose prefix parsed and whose lengths are in range (always empty in v4). */
  readonly pdPools: readonly ParsedPdPool[];
}

/**
 * A pd-pool whose prefix, prefix-len and delegated-len are usable. Other mistakes in it (bits
 * after the prefix length, a bad excluded prefix) are reported but do not drop it.
 */
export interface ParsedPdPool {
  /** The addresses of the pool prefix. */
  readonly range: AddressRange;
  /** The pd-pool object's pointer. */
  readonly path: string;
  readonly prefixLen: number;
  readonly delegatedLen: number;
}

/** Runs the subnet rules and returns each subnet with its parsed prefix and pools. */
export function checkSubnets(view: DaemonView, ctx: RuleContext): ParsedSubnet[] {
  const byId = new Map<number, string>();
  const byPrefix = new Map<string, string>();
  const parsed: ParsedSubnet[] = [];
  for (const s of view.subnets) {
    const text = str(s.value['subnet']);
    const prefix = text === undefined ? undefined : (parseSubnetPrefix(text, view.family) ?? undefined);
    const label = scopeLabel(s, 'subnet');
    const id = int(s.value['id']);
    checkId(s, id, label, byId, ctx);
    if (prefix !== undefined) {
      checkPrefix(s, prefix, label, byPrefix, ctx);
    }
    const range = prefix === undefined ? undefined : prefixRange(prefix);
    const { pools, pdPools } = checkPools(s, range, label, view, ctx);
    parsed.push({ ...s, prefix, range, id, label, pools, pdPools });
  }
  checkSharedNetworks(view, ctx);
  return parsed;
}

function checkId(s: Located, id: number | undefined, label: string, byId: Map<number, string>, ctx: RuleContext): void {
  if (s.value['id'] === undefined) {
    ctx.error('missing-subnet-id', s.path, `${label} has no "id"; Kea 2.6 and later require one`,
      'run `gitdhcp convert --assign-ids FILE` to add the ids Kea 2.x assigned automatically (so existing leases keep their subnet)');
    return;
  }
  if (id === undefined) return; // wrong type: reported by the schema
  const first = byId.get(id);
  if (first !== undefined) {
    ctx.error('duplicate-subnet-id', joinPointer(s.path, 'id'), `subnet id ${id} of ${label} is already used by the subnet at ${first}`,
      'subnet ids must be unique within Dhcp4 (or Dhcp6), shared networks included; leases refer to subnets by id');
  } else {
    byId.set(id, s.path);
  }
}

function checkPrefix(s: Located, prefix: Prefix, label: string, byPrefix: Map<string, string>, ctx: RuleContext): void {
  // Kea compares subnets by their prefix as text, the address as written but canonical.
  const key = `${formatAddress(prefix.family, prefix.address)}/${prefix.length}`;
  const first = byPrefix.get(key);
  if (first !== undefined) {
    ctx.error('duplicate-subnet', joinPointer(s.path, 'subnet'), `subnet ${key} is already defined at ${first}`,
      'each prefix may be configured once; merge the two subnets');
  } else {
    byPrefix.set(key, s.path);
  }
  if (prefix.length === 0) {
    ctx.error('invalid-subnet', joinPointer(s.path, 'subnet'), `${label} has prefix length 0`);
  } else if (hasHostBits(prefix)) {
    const net = formatAddress(prefix.family, prefixRange(prefix).first);
    ctx.warn('subnet-host-bits', joinPointer(s.path, 'subnet'), `${label} has bits set after the prefix length; it means ${net}/${prefix.length}`,
      `write ${net}/${prefix.length}`);
  }
}

/** Pools must lie inside their subnet and must not overlap each other (v6: nor the pd-pools). */
function checkPools(s: Located, subnet: AddressRange | undefined, label: string, view: DaemonView, ctx: RuleContext):
  Pick<ParsedSubnet, 'pools' | 'pdPools'> {
  const pools: Array<{ range: AddressRange; path: string }> = [];
  const seen: Seen[] = [];
  for (const p of eachObj(s, 'pools')) {
    const text = str(p.value['pool']);
    const range = text === undefined ? null : parsePool(text, view.family);
    if (range === null) continue; // malformed: reported by the schema format
    const at = joinPointer(p.path, 'pool');
    if (text !== undefined && !poolPrefixIsAligned(text, view, at, ctx)) continue;
    if (subnet !== undefined && !rangeContains(subnet, range)) {
      ctx.error('pool-outside-subnet', at, `pool ${formatRange(range)} is outside ${label}`,
        'move the pool into the subnet or widen the subnet');
    }
    reportOverlap(range, at, poolLabel, seen, label, ctx);
    seen.push({ range, path: at, what: poolLabel });
    pools.push({ range, path: at });
  }
  const pdPools = view.family === 6 ? checkPdPools(s, label, seen, ctx) : [];
  return { pools, pdPools };
}

/** Kea's Pool4/Pool6 constructors refuse a prefix pool with bits set after its length (pool.cc). */
function poolPrefixIsAligned(text: string, view: DaemonView, at: string, ctx: RuleContext): boolean {
  if (!text.includes('/')) return true;
  const prefix = parseSubnetPrefix(text, view.family);
  if (prefix === null) return true;
  if (prefix.length === 0) {
    ctx.error('invalid-pool', at, `pool ${text.trim()} has prefix length 0`);
    return false;
  }
  if (hasHostBits(prefix)) {
    const first = formatAddress(prefix.family, prefixRange(prefix).first);
    ctx.error('invalid-pool', at, `pool ${text.trim()} has bits set after /${prefix.length}`, `write ${first}/${prefix.length}`);
    return false;
  }
  return true;
}

/** A pool or pd-pool seen earlier in the subnet; `what` names it (built only for a message). */
interface Seen {
  readonly range: AddressRange;
  readonly path: string;
  readonly what: (range: AddressRange) => string;
}

const poolLabel = (range: AddressRange): string => `pool ${formatRange(range)}`;

function reportOverlap(range: AddressRange, at: string, what: Seen['what'], seen: readonly Seen[], label: string, ctx: RuleContext): void {
  const other = seen.find((o) => rangesOverlap(o.range, range));
  if (other !== undefined) {
    ctx.error('overlapping-pools', at, `${what(range)} overlaps ${other.what(other.range)} (${other.path}) in ${label}`,
      'pools of one subnet must not share addresses');
  }
}

/** RFC 8415 prefix delegation pools: prefix, prefix-len, delegated-len, excluded-prefix (pool.cc Pool6). */
function checkPdPools(s: Located, label: string, seen: Seen[], ctx: RuleContext): ParsedPdPool[] {
  const pdPools: ParsedPdPool[] = [];
  for (const p of eachObj(s, 'pd-pools')) {
    const addr = str(p.value['prefix']);
    const len = int(p.value['prefix-len']);
    const delegated = int(p.value['delegated-len']);
    const parsedAddr = addr === undefined ? null : parseAddress(addr, 6);
    if (parsedAddr === null || len === undefined || delegated === undefined) continue;
    const what = `pd-pool ${addr}/${len}`;
    if (len < 1 || len > 128) {
      ctx.error('invalid-pd-pool', joinPointer(p.path, 'prefix-len'), `${what}: prefix-len must be between 1 and 128`);
      continue;
    }
    if (delegated < len || delegated > 128) {
      ctx.error('invalid-pd-pool', joinPointer(p.path, 'delegated-len'),
        `${what}: delegated-len ${delegated} must be between prefix-len (${len}) and 128`);
      continue;
    }
    const prefix: Prefix = { family: 6, address: parsedAddr.value, length: len };
    if (hasHostBits(prefix)) {
      ctx.error('invalid-pd-pool', joinPointer(p.path, 'prefix'), `${what}: the prefix has bits set after /${len}`,
        `write ${formatAddress(6, prefixRange(prefix).first)}`);
    }
    checkExcludedPrefix(p, prefix, what, delegated, ctx);
    const range = prefixRange(prefix);
    reportOverlap(range, joinPointer(p.path, 'prefix'), () => what, seen, label, ctx);
    seen.push({ range, path: joinPointer(p.path, 'prefix'), what: () => what });
    pdPools.push({ range, path: p.path, prefixLen: len, delegatedLen: delegated });
  }
  return pdPools;
}

/**
 * RFC 6603: the excluded prefix is longer than the delegated length and lies inside the
 * delegated prefix (pool.cc Pool6::init, option6_pdexclude.cc).
 */
function checkExcludedPrefix(p: Located, prefix: Prefix, what: string, delegated: number, ctx: RuleContext): void {
  const ex = str(p.value['excluded-prefix']);
  const exLen = int(p.value['excluded-prefix-len']);
  const exAddr = ex === undefined ? null : parseAddress(ex, 6);
  const hasEx = exAddr !== null && exAddr.value !== 0n;
  if (!hasEx && (exLen === undefined || exLen === 0)) return;
  if (hasEx && (exLen === undefined || exLen === 0)) {
    ctx.error('invalid-pd-pool', joinPointer(p.path, 'excluded-prefix-len'), `${what}: excluded-prefix ${ex} needs an excluded-prefix-len`);
  } else if (!hasEx) {
    ctx.error('invalid-pd-pool', joinPointer(p.path, 'excluded-prefix'), `${what}: excluded-prefix-len ${exLen} needs an excluded-prefix`);
  } else if (exLen !== undefined && exLen <= delegated) {
    ctx.error('invalid-pd-pool', joinPointer(p.path, 'excluded-prefix-len'),
      `${what}: excluded-prefix-len ${exLen} must be longer than delegated-len ${delegated}`);
  } else if ((exAddr.value & prefixMask(6, delegated)) !== (prefix.address & prefixMask(6, delegated))) {
    ctx.error('invalid-pd-pool', joinPointer(p.path, 'excluded-prefix'),
      `${what}: excluded prefix ${ex}/${exLen} is not inside the delegated prefix ${formatAddress(6, prefix.address & prefixMask(6, delegated))}/${delegated}`,
      'the excluded prefix must share the first delegated-len bits of the pool prefix (RFC 6603)');
  }
}

function checkSharedNetworks(view: DaemonView, ctx: RuleContext): void {
  const names = new Map<string, string>();
  for (const net of view.networks) {
    const name = str(net.value['name']);
    if (name === undefined) continue; // missing: reported by the schema
    if (name.trim() === '') {
      ctx.error('invalid-shared-network', joinPointer(net.path, 'name'), 'shared network name must not be empty');
      continue;
    }
    const first = names.get(name);
    if (first !== undefined) {
      ctx.error('duplicate-shared-network', joinPointer(net.path, 'name'), `${scopeLabel(net, 'network')} is already defined at ${first}`);
    } else {
      names.set(name, net.path);
    }
  }
}
