/**
 * DHCPv4 subnet selection, as Kea's CfgSubnets4::selectSubnet (cfg_subnets4.cc): RAI
 * link-selection (RFC 3527) or option 118 (RFC 3011) when present; else giaddr against the
 * subnets' relay addresses; else an address — giaddr, ciaddr or the source address of a unicast
 * packet — or the receiving interface; then the first subnet (in id order) that contains the
 * address and whose class guard the client passes. Pure.
 */
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

/** True when the client passes the subnet's and its shared network's class guards. */
export function clientSupported(subnet: Subnet4, classes: ReadonlySet<string>): boolean {
  const guardPasses = (guard: readonly string[]): boolean => guard.length === 0 || guard.some((c) => classes.has(c));
  return guardPasses(subnet.clientClasses) && (subnet.sharedNetwork === undefined || guardPasses(subnet.sharedNetwork.clientClasses));
}

function contains(s: Subnet4, address: number): boolean {
  return address >= s.first && address <= s.last;
}

/** The subnet a packet belongs to, or undefined. */
export function selectSubnet4(cfg: ResolvedConfig4, input: SelectInput4): Subnet4 | undefined {
  const subnets = cfg.subnetsInIdOrder;
  const { classes } = input;
  const explicit = input.linkSelection ?? input.subnetSelection;
  if (explicit !== undefined) return subnets.find((s) => contains(s, explicit) && clientSupported(s, classes));
  const relayed = input.giaddr !== 0 && input.giaddr !== BROADCAST;
  if (relayed) {
    const byRelay = subnets.find((s) => s.relayAddresses.includes(input.giaddr) && clientSupported(s, classes));
    if (byRelay !== undefined) return byRelay;
  }
  let address = 0;
  if (relayed) address = input.giaddr;
  else if (input.ciaddr !== 0 && input.dstAddress !== BROADCAST) address = input.ciaddr;
  else if (input.srcAddress !== 0 && input.dstAddress !== BROADCAST) address = input.srcAddress;
  else if (input.iface !== '') {
    const byIface = subnets.find((s) => s.interface === input.iface && clientSupported(s, classes));
    if (byIface !== undefined) return byIface;
    address = input.ifaceAddress;
  }
  if (address === 0) return undefined;
  return subnets.find((s) => contains(s, address) && clientSupported(s, classes));
}

/**
 * The subnets of `subnet`'s shared network in Kea's "next subnet" order: ascending id starting
 * at `subnet`, wrapping around, guard-filtered; just `subnet` when it is in no shared network.
 */
export function networkSubnets(subnet: Subnet4, classes: ReadonlySet<string>): Subnet4[] {
  const network = subnet.sharedNetwork;
  if (network === undefined) return [subnet];
  const byId = [...network.subnets].sort((a, b) => a.id - b.id);
  const start = byId.indexOf(subnet);
  const out: Subnet4[] = [];
  for (let i = 0; i < byId.length; i++) {
    const s = byId[(start + i) % byId.length] as Subnet4;
    if (s === subnet || clientSupported(s, classes)) out.push(s);
  }
  return out;
}
