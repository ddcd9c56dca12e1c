/**
 * DHCPv4 subnet selection, as Kea's CfgSubnets4::selectSubnet (cfg_subnets4.cc): RAI
 * link-selection (RFC 3527) or option 118 (RFC 3011) when present; else giaddr against the
 * subnets' relay addresses; else an address — giaddr, ciaddr or the source address of a unicast
 * packet — or the receiving interface; then the first subnet (in id order) that contains the
 * address and whose class guard the client passes. Pure.
 */
import { isClientSupported4 } from '../alloc/index.js';
import type { ResolvedConfig4, Subnet4 } from '../config/index.js';

export interface SelectInput4 {
  readonly giaddr: number;
  readonly ciaddr: number;
  readonly srcAddress: number;
  readonly dstAddress: number;
  /** Receiving interface name ('' when unknown). */
  readonly iface: string;
  /** First IPv4 address of the receiving interface (0 when it has none). */
  readonly ifaceAddress: number;
  /** RAI sub-option 5 (4 bytes) as an address, when present and not ignored. */
  readonly linkSelection: number | undefined;
  /** Option 118, when present. */
  readonly subnetSelection: number | undefined;
  readonly classes: ReadonlySet<string>;
}

const BROADCAST = 0xffffffff;

function contains(s: Subnet4, address: number): boolean {
  return address >= s.first && address <= s.last;
}

/** The subnet a packet belongs to, or undefined. */
export function selectSubnet4(cfg: ResolvedConfig4, input: SelectInput4): Subnet4 | undefined {
  const subnets = cfg.subnetsInIdOrder;
  const { classes } = input;
  const explicit = input.linkSelection ?? input.subnetSelection;
  if (explicit !== undefined) return subnets.find((s) => contains(s, explicit) && isClientSupported4(s, classes));
  const relayed = input.giaddr !== 0 && input.giaddr !== BROADCAST;
  if (relayed) {
    const byRelay = subnets.find((s) => s.relayAddresses.includes(input.giaddr) && isClientSupported4(s, classes));
    if (byRelay !== undefined) return byRelay;
  }
  let address = 0;
  if (relayed) address = input.giaddr;
  else if (input.ciaddr !== 0 && input.dstAddress !== BROADCAST) address = input.ciaddr;
  else if (input.srcAddress !== 0 && input.dstAddress !== BROADCAST) address = input.srcAddress;
  else if (input.iface !== '') {
    const byIface = subnets.find((s) => s.interface === input.iface && isClientSupported4(s, classes));
    if (byIface !== undefined) return byIface;
    address = input.ifaceAddress;
  }
  if (address === 0) return undefined;
  return subnets.find((s) => contains(s, address) && isClientSupported4(s, classes));
}
