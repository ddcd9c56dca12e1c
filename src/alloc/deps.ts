/**
 * The one place where alloc/ reaches into other folders. config/ does not export its resolved
 * types from its index yet; when it does, only these lines change (to `../config/index.js`).
 * server/stats.ts is pure (no I/O, injected clock) and is the statistics registry the engine
 * updates.
 */
export type {
  ClientClass4, Lifetime, NetworkParams4, Pool4, Reservation4, Reservations4, ResolvedConfig4,
  SharedNetwork4, Subnet4,
} from '../config/resolve/types4.js';
export { identifierKey } from '../config/resolve/reservations4.js';
export { bytesEqual } from '../net/index.js';
export type { IdentifierType } from '../net/index.js';
export { LeaseState, leaseExpire } from '../lease/index.js';
export type { Lease4, LeaseStore4 } from '../lease/index.js';
export { StatsRegistry, poolStat, subnetStat } from '../server/stats.js';
export type { Clock } from '../server/stats.js';
