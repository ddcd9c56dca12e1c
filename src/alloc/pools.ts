/**
 * A subnet's pools sorted by first address (Kea keeps them so: subnet.cc:509-511), with the
 * lookups the engine needs: the pool containing an address (`Subnet::getPool(type, addr, false)`,
 * a binary search) and class-aware capacity. Pure.
 */
import type { Pool4 } from './deps.js';
import { guardPasses, type ClassSet } from './network.js';

/** A copy of `pools` sorted by first address. */
export function sortPools4(pools: readonly Pool4[]): Pool4[] {
  return [...pools].sort((a, b) => a.first - b.first);
}

/** Index of the pool containing `address` in `sorted`, or -1. */
export function poolIndexOf4(sorted: readonly Pool4[], address: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = sorted[mid] as Pool4;
    if (address < p.first) hi = mid - 1;
    else if (address > p.last) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export function poolSize4(pool: Pool4): number {
  return pool.last - pool.first + 1;
}

/** Kea's `getPoolCapacity(classes)`: the summed size of the pools whose guard passes. */
export function allowedCapacity4(sorted: readonly Pool4[], classes: ClassSet): number {
  let sum = 0;
  for (const p of sorted) if (guardPasses(p.clientClasses, classes)) sum += poolSize4(p);
  return sum;
}
