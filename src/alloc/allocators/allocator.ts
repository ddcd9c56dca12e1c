/**
 * The allocator port (§5.8): picks a candidate address in a subnet's pools allowed for the
 * client's classes, never checks it (the engine does). One allocator per subnet, rebuilt on
 * every (re)configuration as Kea does. Pure; randomness is injected.
 */
import type { ClassSet } from '../network.js';

export type AllocatorKind4 = 'iterative' | 'random' | 'flq';

export interface Allocator4 {
  readonly kind: AllocatorKind4;
  /** A candidate address (unsigned 32-bit), or 0 when the allowed pools have none to offer. */
  pick(classes: ClassSet): number;
  /**
   * When this subnet's allocator last picked an address (a sequence number; 0 = never).
   * Kea's subnet "last allocated time", set only by the iterative allocator.
   */
  readonly lastPickSeq: number;
  /** FLQ only (0 otherwise): share of the allowed pools in use, counting `address` as used. */
  occupancyRate(address: number, classes: ClassSet): number;
  /** A lease of this subnet was stored or removed: `isFree` when the address can be handed out. */
  noteLease(address: number, isFree: boolean): void;
  /**
   * After a reconfiguration: carry on where `previous` (this subnet's allocator under the old
   * configuration) left off, when it is of the same kind over the same pools. Otherwise the
   * reload restarts the iteration at the pools' starts and offers again addresses just offered
   * to clients whose REQUESTs are still on the way: they would be NAKed.
   */
  continueFrom?(previous: Allocator4): void;
}

/** Shared by the allocators of one engine: the order of "last allocation" events. */
export interface PickCounter {
  next(): number;
}

/** Uniform integer in [0, n), from a [0, 1) generator. */
export function randomIndex(random: () => number, n: number): number {
  const i = Math.floor(random() * n);
  return i >= n ? n - 1 : i;
}
