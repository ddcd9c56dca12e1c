/**
 * Allocator choices Kea refuses after deriving `allocator` / `pd-allocator` into shared
 * networks and subnets: the free lease queue cannot allocate IPv6 addresses
 * (shared_network_parser.cc, subnet.cc `createAllocators`), and the shared free lease queue
 * (Kea 3.2+) needs a MySQL or PostgreSQL lease database and pools of at most 2^24 leases
 * (srv_config.cc `sanityChecksSflqAllocator`, sflq_allocator.cc). Unknown allocator names are
 * the schema's to report.
 */
import { formatIPv6, formatRange, rangeSize } from '../../net/index.js';
import { joinPointer } from '../issues.js';
import { isObj, str, type DaemonView, type RuleContext } from './context.js';
import { checkedParam, describeOrigin } from './params-inherit.js';
import type { ReportOnce } from './params-report.js';
import type { LabelledScope } from './params-timers.js';
import type { ParsedSubnet } from './subnets.js';

/** sflq_allocator.h MAX_V4_POOL_SIZE / MAX_V6_POOL_SIZE. */
const SFLQ_MAX_POOL = 16777216n;

/** S23/N14: `flq` as the (derived) address allocator of a DHCPv6 subnet or shared network. */
export function checkFlqForAddresses6(view: DaemonView, scope: LabelledScope, ctx: RuleContext, once: ReportOnce): void {
  if (view.family !== 6) return;
  const alloc = checkedParam(view, scope, 'allocator');
  if (!alloc || str(alloc.value) !== 'flq') return;
  const at = once.claim('allocator-unsupported', [alloc], scope.path);
  if (at === null) return;
  ctx.error('allocator-unsupported', at,
    `${scope.label}: allocator "flq"${describeOrigin(alloc)} cannot allocate IPv6 addresses`,
    'Kea offers the free lease queue for DHCPv4 addresses and for DHCPv6 prefixes (pd-allocator) only; use "iterative" or "random" here');
}

/** G19/G20: every subnet (as `checkSubnets` parsed it) whose effective allocator is shared-flq. */
export function checkSharedFlq(view: DaemonView, subnets: readonly ParsedSubnet[], ctx: RuleContext, once: ReportOnce): void {
  const db = view.root['lease-database'];
  const type = isObj(db) ? db['type'] : undefined;
  if (type !== undefined && typeof type !== 'string') return; // the schema reported it
  const isSql = type === 'mysql' || type === 'postgresql';
  for (const subnet of subnets) {
    const alloc = checkedParam(view, subnet, 'allocator');
    if (!alloc || str(alloc.value) !== 'shared-flq') continue;
    const at = isSql ? null : once.claim('shared-flq-needs-sql', [alloc], subnet.path);
    if (at !== null) {
      ctx.error('shared-flq-needs-sql', at,
        `${subnet.label}: allocator "shared-flq"${describeOrigin(alloc)} needs a mysql or postgresql lease-database, not ${type === undefined ? 'memfile (the default)' : type}`,
        'the shared free lease queue lives in the SQL lease database; change lease-database.type or choose another allocator');
    }
    checkSharedFlqPools(view, subnet, ctx);
  }
}

function checkSharedFlqPools(view: DaemonView, subnet: ParsedSubnet, ctx: RuleContext): void {
  for (const { range, path } of subnet.pools) {
    if (rangeSize(range) <= SFLQ_MAX_POOL) continue;
    ctx.error('shared-flq-pool-too-large', path,
      `${subnet.label}: pool ${formatRange(range)} holds ${rangeSize(range)} addresses; the shared-flq allocator takes pools of at most ${SFLQ_MAX_POOL}`,
      view.family === 4 ? 'split the pool into pools of at most a /8, or choose another allocator' : 'use a pool of at most a /104, or choose another allocator');
  }
  if (view.family !== 6) return;
  const pd = checkedParam(view, subnet, 'pd-allocator');
  if (!pd || str(pd.value) !== 'shared-flq') return;
  for (const { range, path, prefixLen: len, delegatedLen: delegated } of subnet.pdPools) {
    // 2^(delegated-len - prefix-len) prefixes; at most 2^24 = SFLQ_MAX_POOL.
    if (delegated - len <= 24) continue;
    ctx.error('shared-flq-pool-too-large', joinPointer(path, 'delegated-len'),
      `${subnet.label}: pd-pool ${formatIPv6(range.first)}/${len} delegates 2^${delegated - len} prefixes of /${delegated}; the shared-flq pd-allocator takes pools of at most 2^24`,
      'shorten delegated-len or lengthen prefix-len so that delegated-len - prefix-len is at most 24, or choose another pd-allocator');
  }
}
