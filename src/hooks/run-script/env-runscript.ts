/**
 * The environment of the third-party kea-hook-runscript (zorun/kea-hook-runscript,
 * src/callouts.cc; its README lists the variables per point): `KEA_`-prefixed names, booleans
 * `1`/`0`, hardware addresses as lowercase colon hex, option 82 and its circuit-id/remote-id as
 * `0x` + uppercase hex, option 60 as its text. Variables are present at a point exactly as the
 * hook builds them: `KEA_QUERY4_OPTION60` and the `KEA_QUERY4_RAI*` only when the query
 * carries those options (at every point with a query, as the hook's code does; its README lists
 * option 60 under pkt4_receive only).
 *
 * Pure: no I/O; the clock comes in `EnvContext4.nowSec`.
 */
import type { Packet4 } from '../../codec/index.js';
import { decodeSubOptions } from '../../codec/index.js';
import type { Subnet4 } from '../../config/index.js';
import type { Lease4 } from '../../lease/index.js';
import {
  addr4, hexColon, isRelayed4, leaseStateText, messageName4, optionHex, packetArg, packetHwaddr4, put, raiHex,
  subnetPrefixAddress,
  type ArgReader, type EnvContext4, type PacketMeta4, type ScriptEnv,
} from './env-format.js';

/** The DHCPv4 points kea-hook-runscript registers (its callouts.cc and README). */
export const RUNSCRIPT_POINTS4 = [
  'pkt4_receive', 'pkt4_send', 'subnet4_select', 'lease4_select', 'lease4_renew', 'lease4_release',
  'lease4_decline', 'lease4_expire', 'lease4_recover',
] as const;
export type RunscriptPoint4 = (typeof RUNSCRIPT_POINTS4)[number];

/** Kea's `Lease::INFINITY_LFT`: a lease with this lifetime never expires. */
const INFINITY_LFT = 0xffffffff;

const bool01 = (b: boolean): string => (b ? '1' : '0');

const UTF8 = new TextDecoder('utf-8');

/** `OptionString::toString()`: the text, trailing NULs trimmed (Kea drops an all-NUL option). */
function optionText(payload: Uint8Array): string | undefined {
  let end = payload.length;
  while (end > 0 && payload[end - 1] === 0) end--;
  return end === 0 ? undefined : UTF8.decode(payload.subarray(0, end));
}

/** `extract_pkt4` with prefix `KEA_QUERY4_` or `KEA_RESPONSE4_`. */
function putPkt4(env: ScriptEnv, prefix: string, pkt: Packet4 | undefined, meta: PacketMeta4 | undefined): void {
  if (pkt === undefined) return; // the hook dereferences it; Kea always passes one
  put(env, `${prefix}TYPE`, messageName4(pkt));
  put(env, `${prefix}INTERFACE`, meta?.iface ?? '');
  put(env, `${prefix}IFINDEX`, meta?.ifindex ?? '');
  put(env, `${prefix}HWADDR`, hexColon(packetHwaddr4(pkt)));
  put(env, `${prefix}HWADDR_TYPE`, pkt.htype);
  // HWAddr::source_ of a chaddr-built address: HWADDR_SOURCE_UNKNOWN (Kea sets it only in v6).
  put(env, `${prefix}HWADDR_SOURCE`, 0);
  put(env, `${prefix}CIADDR`, addr4(pkt.ciaddr));
  put(env, `${prefix}SIADDR`, addr4(pkt.siaddr));
  put(env, `${prefix}YIADDR`, addr4(pkt.yiaddr));
  put(env, `${prefix}GIADDR`, addr4(pkt.giaddr));
  put(env, `${prefix}RELAYED`, bool01(isRelayed4(pkt)));
  put(env, `${prefix}RELAY_HOPS`, pkt.hops);
  const vendorClass = pkt.options.get(60);
  const text = vendorClass === undefined ? undefined : optionText(vendorClass);
  if (text !== undefined) put(env, `${prefix}OPTION60`, text);
  const rai = pkt.options.get(82);
  if (rai === undefined) return;
  const subs = decodeSubOptions(rai);
  put(env, `${prefix}RAI`, raiHex(subs));
  const circuitId = subs.get(1);
  if (circuitId !== undefined) put(env, `${prefix}RAI_CIRCUIT_ID`, optionHex(circuitId));
  const remoteId = subs.get(2);
  if (remoteId !== undefined) put(env, `${prefix}RAI_REMOTE_ID`, optionHex(remoteId));
}

/** `extract_subnet4`: empty values when no subnet was selected. */
function putSubnet4(env: ScriptEnv, subnet: Subnet4 | undefined): void {
  if (subnet === undefined) {
    for (const n of ['KEA_SUBNET4', 'KEA_SUBNET4_PREFIX', 'KEA_SUBNET4_PREFIXLEN']) put(env, n, '');
    return;
  }
  const address = subnetPrefixAddress(subnet.prefixText, subnet.network);
  put(env, 'KEA_SUBNET4', `${address}/${subnet.prefixLength}`);
  put(env, 'KEA_SUBNET4_PREFIX', address);
  put(env, 'KEA_SUBNET4_PREFIXLEN', subnet.prefixLength);
}

/** `extract_lease4` (without its undocumented KEA_LEASE4_DEBUG dump). */
function putLease4(env: ScriptEnv, lease: Lease4 | undefined, nowSec: number): void {
  if (lease === undefined) return; // the hook dereferences it; Kea always passes one
  put(env, 'KEA_LEASE4_TYPE', 'V4');
  put(env, 'KEA_LEASE4_STATE', leaseStateText(lease.state));
  // Lease::expired(): not infinite and cltt + valid_lft < now.
  put(env, 'KEA_LEASE4_IS_EXPIRED', bool01(lease.validLifetime !== INFINITY_LFT && lease.cltt + lease.validLifetime < nowSec));
  put(env, 'KEA_LEASE4_ADDRESS', addr4(lease.address));
  put(env, 'KEA_LEASE4_HWADDR', hexColon(lease.hwaddr));
  put(env, 'KEA_LEASE4_HOSTNAME', lease.hostname);
  put(env, 'KEA_LEASE4_CLIENT_LAST_TRANSMISSION', lease.cltt);
  put(env, 'KEA_LEASE4_VALID_LIFETIME', lease.validLifetime);
}

const asLease = (v: unknown): Lease4 | undefined => (typeof v === 'object' && v !== null && 'address' in v ? (v as Lease4) : undefined);
const asSubnet = (v: unknown): Subnet4 | undefined => (typeof v === 'object' && v !== null && 'prefixLength' in v ? (v as Subnet4) : undefined);

/**
 * The environment kea-hook-runscript gives its script at `point`, from the callout's arguments
 * (`query4`, `response4`, `subnet4`, `fake_allocation`, `lease4`, `remove_lease`).
 *
 * @example
 * runscriptEnv4('lease4_select', (n) => ({ query4, subnet4, fake_allocation: false, lease4 })[n], { nowSec });
 * // { KEA_QUERY4_TYPE: 'DHCPREQUEST', ..., KEA_FAKE_ALLOCATION: '0', KEA_LEASE4_ADDRESS: '192.0.2.10', ... }
 */
export function runscriptEnv4(point: RunscriptPoint4, arg: ArgReader, ctx: EnvContext4): ScriptEnv {
  const env: ScriptEnv = {};
  const query = packetArg(arg, 'query4');
  const queryMeta = query === undefined ? undefined : ctx.meta?.(query);
  const putQuery = (): void => putPkt4(env, 'KEA_QUERY4_', query, queryMeta);
  const lease = (): void => putLease4(env, asLease(arg('lease4')), ctx.nowSec);
  switch (point) {
    case 'pkt4_receive':
      putQuery();
      break;
    case 'pkt4_send': {
      // The hook extracts the response first. A response leaves on the query's interface.
      const response = packetArg(arg, 'response4');
      putPkt4(env, 'KEA_RESPONSE4_', response, (response === undefined ? undefined : ctx.meta?.(response)) ?? queryMeta);
      putQuery();
      break;
    }
    case 'subnet4_select':
      putQuery();
      putSubnet4(env, asSubnet(arg('subnet4')));
      break;
    case 'lease4_select':
      putQuery();
      putSubnet4(env, asSubnet(arg('subnet4')));
      put(env, 'KEA_FAKE_ALLOCATION', bool01(arg('fake_allocation') === true));
      lease();
      break;
    case 'lease4_renew':
      putQuery();
      putSubnet4(env, asSubnet(arg('subnet4')));
      lease();
      break;
    case 'lease4_release':
    case 'lease4_decline':
      putQuery();
      lease();
      break;
    case 'lease4_expire':
      lease();
      put(env, 'KEA_REMOVE_LEASE', bool01(arg('remove_lease') === true));
      break;
    case 'lease4_recover':
      lease();
      break;
  }
  return env;
}
