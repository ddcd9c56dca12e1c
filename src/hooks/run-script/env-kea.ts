/**
 * The environment of Kea's own run-script hook, `libdhcp_run_script.so`: for each DHCPv4 hook
 * point it handles, the variables `RunScriptImpl::extract*` builds (Kea
 * src/hooks/dhcp/run_script/run_script.cc and run_script_callouts.cc; ARM 3.0 "Run Script
 * Support"), with Kea's names, order and text forms:
 *
 * - addresses dotted (`IOAddress::toText`), integers decimal, booleans `true`/`false`;
 * - hardware addresses and client ids as lowercase colon hex (`00:0c:01:02:03:04`), with
 *   `*_HWADDR_TYPE` the hardware type;
 * - option 82 and its sub-options 1 and 2 as `0x` + uppercase hex of the payload, present only
 *   when the query carries them;
 * - an absent argument (no subnet, no lease) gives the same names with empty values, as Kea's
 *   null-pointer branches do; an absent lease list gives `*_SIZE=0`.
 *
 * Pure: no I/O, no clock.
 */
import type { Packet4 } from '../../codec/index.js';
import { decodeSubOptions } from '../../codec/index.js';
import type { Subnet4 } from '../../config/index.js';
import type { Lease4 } from '../../lease/index.js';
import {
  addr4, DHCP4_CLIENT_PORT, DHCP4_SERVER_PORT, hexColon, isRelayed4, messageName4, optionHex, packetArg,
  leaseStateText, packetHwaddr4, put, raiHex, subnetPrefixAddress, type ArgReader, type EnvContext4, type PacketMeta4, type ScriptEnv,
} from './env-format.js';

/** The DHCPv4 points `libdhcp_run_script.so` registers (ARM 3.0, run_script_callouts.cc). */
export const KEA_RUN_SCRIPT_POINTS4 = [
  'lease4_renew', 'lease4_expire', 'lease4_recover', 'leases4_committed', 'lease4_release', 'lease4_decline',
] as const;
export type KeaRunScriptPoint4 = (typeof KEA_RUN_SCRIPT_POINTS4)[number];

/** `extractHWAddr`: `<prefix>` and `<prefix>_TYPE`; both empty when there is no address. */
function putHwaddr(env: ScriptEnv, prefix: string, bytes: Uint8Array | undefined, htype: number): void {
  put(env, prefix, bytes === undefined ? '' : hexColon(bytes));
  put(env, `${prefix}_TYPE`, bytes === undefined ? '' : htype);
}

const PKT4_FIELDS = [
  'TYPE', 'TXID', 'LOCAL_ADDR', 'LOCAL_PORT', 'REMOTE_ADDR', 'REMOTE_PORT', 'IFACE_INDEX', 'IFACE_NAME', 'HOPS',
  'SECS', 'FLAGS', 'CIADDR', 'SIADDR', 'YIADDR', 'GIADDR', 'RELAYED',
] as const;

/**
 * `extractPkt4`. Without transport metadata the addresses and ports are those of a Pkt4 the
 * transport never touched (0.0.0.0, 67, 0.0.0.0, 68) and the interface is empty.
 */
function putPkt4(env: ScriptEnv, prefix: string, pkt: Packet4 | undefined, meta: PacketMeta4 | undefined): void {
  if (pkt === undefined) {
    for (const f of PKT4_FIELDS) put(env, `${prefix}_${f}`, '');
    for (const f of ['HWADDR', 'LOCAL_HWADDR', 'REMOTE_HWADDR']) putHwaddr(env, `${prefix}_${f}`, undefined, 0);
    return;
  }
  put(env, `${prefix}_TYPE`, messageName4(pkt));
  put(env, `${prefix}_TXID`, pkt.xid);
  put(env, `${prefix}_LOCAL_ADDR`, addr4(meta?.dstAddress ?? 0));
  put(env, `${prefix}_LOCAL_PORT`, meta?.localPort ?? DHCP4_SERVER_PORT);
  put(env, `${prefix}_REMOTE_ADDR`, addr4(meta?.srcAddress ?? 0));
  put(env, `${prefix}_REMOTE_PORT`, meta?.srcPort ?? DHCP4_CLIENT_PORT);
  put(env, `${prefix}_IFACE_INDEX`, meta?.ifindex ?? '');
  put(env, `${prefix}_IFACE_NAME`, meta?.iface ?? '');
  put(env, `${prefix}_HOPS`, pkt.hops);
  put(env, `${prefix}_SECS`, pkt.secs);
  put(env, `${prefix}_FLAGS`, pkt.flags);
  put(env, `${prefix}_CIADDR`, addr4(pkt.ciaddr));
  put(env, `${prefix}_SIADDR`, addr4(pkt.siaddr));
  put(env, `${prefix}_YIADDR`, addr4(pkt.yiaddr));
  put(env, `${prefix}_GIADDR`, addr4(pkt.giaddr));
  put(env, `${prefix}_RELAYED`, isRelayed4(pkt) ? 'true' : 'false');
  putHwaddr(env, `${prefix}_HWADDR`, packetHwaddr4(pkt), pkt.htype);
  // Kea's raw (LPF) socket records the frame's Ethernet addresses, hardware type 1.
  putHwaddr(env, `${prefix}_LOCAL_HWADDR`, meta?.localHwaddr, 1);
  putHwaddr(env, `${prefix}_REMOTE_HWADDR`, meta?.remoteHwaddr, 1);
  putRai(env, prefix, pkt.options.get(82));
}

/** Option 82, then its sub-options 1 (circuit-id) and 2 (remote-id) when present. */
function putRai(env: ScriptEnv, prefix: string, payload: Uint8Array | undefined): void {
  if (payload === undefined) return;
  const subs = decodeSubOptions(payload);
  put(env, `${prefix}_OPTION_82`, raiHex(subs));
  for (const code of [1, 2]) {
    const sub = subs.get(code);
    if (sub !== undefined) put(env, `${prefix}_OPTION_82_SUB_OPTION_${code}`, optionHex(sub));
  }
}

/** `extractSubnet4`: `SUBNET4_ID`, `_NAME` (`prefix/len`), `_PREFIX`, `_PREFIX_LEN`. */
function putSubnet4(env: ScriptEnv, prefix: string, subnet: Subnet4 | undefined): void {
  if (subnet === undefined) {
    for (const f of ['ID', 'NAME', 'PREFIX', 'PREFIX_LEN']) put(env, `${prefix}_${f}`, '');
    return;
  }
  const address = subnetPrefixAddress(subnet.prefixText, subnet.network);
  put(env, `${prefix}_ID`, subnet.id);
  put(env, `${prefix}_NAME`, `${address}/${subnet.prefixLength}`);
  put(env, `${prefix}_PREFIX`, address);
  put(env, `${prefix}_PREFIX_LEN`, subnet.prefixLength);
}

/** `extractLease4`: nine variables under `prefix`. */
function putLease4(env: ScriptEnv, prefix: string, lease: Lease4 | undefined): void {
  if (lease === undefined) {
    for (const f of ['ADDRESS', 'CLTT', 'HOSTNAME']) put(env, `${prefix}_${f}`, '');
    putHwaddr(env, `${prefix}_HWADDR`, undefined, 0);
    for (const f of ['STATE', 'SUBNET_ID', 'VALID_LIFETIME', 'CLIENT_ID']) put(env, `${prefix}_${f}`, '');
    return;
  }
  put(env, `${prefix}_ADDRESS`, addr4(lease.address));
  put(env, `${prefix}_CLTT`, lease.cltt);
  put(env, `${prefix}_HOSTNAME`, lease.hostname);
  putHwaddr(env, `${prefix}_HWADDR`, lease.hwaddr, lease.htype);
  put(env, `${prefix}_STATE`, leaseStateText(lease.state));
  put(env, `${prefix}_SUBNET_ID`, lease.subnetId);
  put(env, `${prefix}_VALID_LIFETIME`, lease.validLifetime);
  put(env, `${prefix}_CLIENT_ID`, lease.clientId === null ? '' : hexColon(lease.clientId));
}

/** `extractLeases4`: `<prefix>_SIZE` then `<prefix>_AT<i>_*` for each lease. */
function putLeases4(env: ScriptEnv, prefix: string, leases: readonly Lease4[] | undefined): void {
  put(env, `${prefix}_SIZE`, leases?.length ?? 0);
  leases?.forEach((lease, i) => putLease4(env, `${prefix}_AT${i}`, lease));
}

const asLease = (v: unknown): Lease4 | undefined => (typeof v === 'object' && v !== null && 'address' in v ? (v as Lease4) : undefined);
const asLeases = (v: unknown): readonly Lease4[] | undefined => (Array.isArray(v) ? (v as Lease4[]) : undefined);
const asSubnet = (v: unknown): Subnet4 | undefined => (typeof v === 'object' && v !== null && 'prefixLength' in v ? (v as Subnet4) : undefined);
const asBytes = (v: unknown): Uint8Array | undefined => (v instanceof Uint8Array ? v : undefined);

/**
 * The environment `libdhcp_run_script.so` gives its script at `point`, from the callout's
 * arguments (Kea's names: `query4`, `subnet4`, `clientid`, `hwaddr`, `lease4`, `leases4`,
 * `deleted_leases4`, `remove_lease`).
 *
 * @example
 * keaEnv4('lease4_release', (n) => ({ query4, lease4 })[n], { nowSec });
 * // { QUERY4_TYPE: 'DHCPRELEASE', ..., LEASE4_ADDRESS: '192.0.2.10', ... }
 */
export function keaEnv4(point: KeaRunScriptPoint4, arg: ArgReader, ctx: EnvContext4): ScriptEnv {
  const env: ScriptEnv = {};
  const query = packetArg(arg, 'query4');
  const queryPkt = (): void => putPkt4(env, 'QUERY4', query, query === undefined ? undefined : ctx.meta?.(query));
  switch (point) {
    case 'lease4_renew': {
      queryPkt();
      putSubnet4(env, 'SUBNET4', asSubnet(arg('subnet4')));
      const clientId = asBytes(arg('clientid'));
      put(env, 'PKT4_CLIENT_ID', clientId === undefined ? '' : hexColon(clientId));
      // The `hwaddr` argument is the query's hardware address: its type is the query's htype.
      putHwaddr(env, 'PKT4_HWADDR', asBytes(arg('hwaddr')), query?.htype ?? 1);
      putLease4(env, 'LEASE4', asLease(arg('lease4')));
      break;
    }
    case 'lease4_expire':
      putLease4(env, 'LEASE4', asLease(arg('lease4')));
      put(env, 'REMOVE_LEASE', arg('remove_lease') === true ? 'true' : 'false');
      break;
    case 'lease4_recover':
      putLease4(env, 'LEASE4', asLease(arg('lease4')));
      break;
    case 'leases4_committed':
      queryPkt();
      putLeases4(env, 'LEASES4', asLeases(arg('leases4')));
      putLeases4(env, 'DELETED_LEASES4', asLeases(arg('deleted_leases4')));
      break;
    case 'lease4_release':
    case 'lease4_decline':
      queryPkt();
      putLease4(env, 'LEASE4', asLease(arg('lease4')));
      break;
  }
  return env;
}
