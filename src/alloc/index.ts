/**
 * alloc: the DHCPv4 allocation engine — host reservation lookup, lease allocation over pools and
 * shared networks (iterative, random and FLQ allocators), lifetimes and T1/T2, INIT-REBOOT,
 * RELEASE, DECLINE, reclamation and Kea's lease statistics — behaving as ISC Kea 3.x.
 *
 * Pure: no sockets, no files, no Date.now (an injected clock and random generator). Imports only
 * config/ (resolved types), lease/ (the store port and the lease model), net/ and server/stats.ts,
 * all through deps.ts. Must not import codec/, server/ (other than stats), cli/ or any I/O module.
 */
export { AllocEngine4, timerReclaimLimits4 } from './engine.js';
export type {
  DeclineCheck4, DeclineOutcome4, InitRebootQuery4, InitRebootVerdict4, LeaseOwner4, ReclaimLimits4, ReclaimOutcome4,
  ReleaseCheck4, ReleaseOutcome4,
} from './engine.js';
export type { AllocFailure4, AllocHooks4, AllocKind4, AllocRequest4, AllocResult4, FailureReply4, LeaseName4 } from './context.js';
export { HostMatch4, findGlobalHost4, findHosts4, lookupHost4 } from './hosts.js';
export { belongsToClient4, clientIdentity4, hardwareAddress4, hostIdentifiers4 } from './identity.js';
export type { ClientIdentity4, HostIdentifier4, IdentitySource4 } from './identity.js';
export {
  INFINITE_LIFETIME, cRound, isExpired4, lifetimeTriplet4, offerLifetime4, remainingLifetime4, teeTimes, validLifetime4,
} from './lifetime.js';
export type { TeeTimes4 } from './lifetime.js';
export { guardPasses, isClientSupported4, networkWalk4 } from './network.js';
export type { ClassSet } from './network.js';
export { relayAgentInfo4, withRelayAgentInfo4 } from './extended-info.js';
export type { ReclaimHooks4 } from './reclaim.js';
export { AllocError, AllocErrorCodes } from './errors.js';
export type { AllocErrorCode } from './errors.js';
