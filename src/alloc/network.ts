/**
 * Class guards and the walk over a shared network's subnets, as Kea does them:
 * `Subnet4::clientSupported` (subnet.cc:315) and `Subnet4::getNextSubnet` (subnet.cc:287,
 * shared_network.cc:236): from a first subnet, the other subnets of its network in ascending
 * subnet-id order, wrapping around, skipping those whose guard fails. Pure.
 */
import type { Subnet4 } from './deps.js';

/** Packet classes: an insertion-ordered set (class order matters for lifetimes). */
export type ClassSet = ReadonlySet<string>;

/** A class guard passes when it is empty or names one of the packet's classes. */
export function guardPasses(guard: readonly string[], classes: ClassSet): boolean {
  if (guard.length === 0) return true;
  for (const name of guard) if (classes.has(name)) return true;
  return false;
}

/** Kea's `Subnet4::clientSupported`: the shared network's guard and the subnet's own. */
export function isClientSupported4(subnet: Subnet4, classes: ClassSet): boolean {
  const network = subnet.sharedNetwork;
  if (network !== undefined && !guardPasses(network.clientClasses, classes)) return false;
  return guardPasses(subnet.clientClasses, classes);
}

/** The subnets of `subnet`'s shared network in ascending id order (the subnet alone when none). */
export function networkSubnetsById(subnet: Subnet4): readonly Subnet4[] {
  const list = subnet.sharedNetwork?.subnets;
  if (list === undefined) return [subnet];
  for (let i = 1; i < list.length; i++) {
    if ((list[i - 1] as Subnet4).id > (list[i] as Subnet4).id) return [...list].sort((a, b) => a.id - b.id);
  }
  return list;
}

/**
 * `first` followed by every other subnet of its shared network whose guard passes, in Kea's
 * "next subnet" order. `first` itself is included without a guard check, as Kea's loops start
 * with it unconditionally.
 */
export function networkWalk4(first: Subnet4, classes: ClassSet): Subnet4[] {
  if (first.sharedNetwork === undefined) return [first];
  const ordered = networkSubnetsById(first);
  let start = 0;
  while (start < ordered.length && (ordered[start] as Subnet4).id !== first.id) start++;
  const out: Subnet4[] = [first];
  for (let i = 1; i < ordered.length; i++) {
    const s = ordered[(start + i) % ordered.length] as Subnet4;
    if (isClientSupported4(s, classes)) out.push(s);
  }
  return out;
}

/** Kea's `getNextSubnet(first, classes)` called on `first`: the next allowed subnet, or undefined. */
export function nextAllowedSubnet4(first: Subnet4, classes: ClassSet): Subnet4 | undefined {
  return networkWalk4(first, classes)[1];
}
