/**
 * `LeaseRecord4`: the flat form a lease has inside the stores and the CSV code. Identifiers are
 * byte strings (one char per octet, '' when absent) so they serve as index keys without copies,
 * and a whole table of them costs far less than one Uint8Array per lease. Pure.
 */
import { formatIPv4 } from '../net/index.js';
import { LeaseStoreError } from './errors.js';
import { checkUserContext } from './kea-json.js';
import { LeaseState, type Lease4 } from './lease4.js';

export interface LeaseRecord4 {
  address: number;
  /** Hardware address octets as a byte string; '' when none. */
  hw: string;
  htype: number;
  /** Client identifier octets as a byte string; '' when none. */
  cid: string;
  validLifetime: number;
  cltt: number;
  subnetId: number;
  poolId: number;
  fqdnFwd: boolean;
  fqdnRev: boolean;
  hostname: string;
  state: LeaseState;
  userContext: Readonly<Record<string, unknown>> | null;
}

/** Kea's limits: HWAddr::MAX_HWADDR_LEN and ClientId (IdentifierType<2, 255>). */
export const MAX_HWADDR_LEN = 20;
export const MIN_CLIENT_ID_LEN = 2;
export const MAX_CLIENT_ID_LEN = 255;
const U32_MAX = 0xffffffff;

export function bytesToKey(bytes: Uint8Array): string {
  return bytes.length === 0 ? '' : String.fromCharCode.apply(null, bytes as unknown as number[]);
}

export function keyToBytes(key: string): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) out[i] = key.charCodeAt(i);
  return out;
}

export function emptyRecord4(): LeaseRecord4 {
  return {
    address: 0, hw: '', htype: 1, cid: '', validLifetime: 0, cltt: 0, subnetId: 0, poolId: 0,
    fqdnFwd: false, fqdnRev: false, hostname: '', state: LeaseState.Default, userContext: null,
  };
}

function isU32(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= U32_MAX;
}

/**
 * Checks a lease given to put() and converts it. Kea's rules: CSVLeaseFile4::append (a lease needs
 * a hardware address or a client id unless declined), HWAddr and ClientId lengths.
 * @throws LeaseStoreError `ERR_LEASE_INVALID`
 */
export function recordFromLease4(lease: Lease4): LeaseRecord4 {
  const where = `lease ${isU32(lease.address) ? formatIPv4(lease.address) : String(lease.address)}`;
  const fail = (what: string): never => {
    throw new LeaseStoreError('ERR_LEASE_INVALID', `${where}: ${what}`);
  };
  if (!isU32(lease.address)) fail('address must be an unsigned 32-bit integer');
  if (!(lease.hwaddr instanceof Uint8Array) || lease.hwaddr.length > MAX_HWADDR_LEN) fail(`hwaddr must be at most ${MAX_HWADDR_LEN} octets`);
  const cid = lease.clientId;
  if (cid !== null && (!(cid instanceof Uint8Array) || cid.length === 1 || cid.length > MAX_CLIENT_ID_LEN)) {
    fail(`client id must be ${MIN_CLIENT_ID_LEN} to ${MAX_CLIENT_ID_LEN} octets`);
  }
  // Kea's RELEASE with lease affinity keeps the lease in state released with lifetime 0, and
  // reclaiming it keeps lifetime 0 in state expired-reclaimed; such a row (lifetime 0) deletes the
  // lease when the file is read again, exactly as Kea's own file does.
  const mayBeZero = lease.state === LeaseState.Released || lease.state === LeaseState.ExpiredReclaimed;
  if (!isU32(lease.validLifetime) || (lease.validLifetime === 0 && !mayBeZero)) {
    fail('validLifetime must be 1..4294967295, or 0 for a released or reclaimed lease (remove a lease with delete())');
  }
  if (!Number.isSafeInteger(lease.cltt) || !Number.isSafeInteger(lease.cltt + lease.validLifetime) || lease.cltt + lease.validLifetime < 0) {
    fail('cltt + validLifetime must be a non-negative safe integer');
  }
  if (!isU32(lease.subnetId) || !isU32(lease.poolId)) fail('subnetId and poolId must be unsigned 32-bit integers');
  if (!Number.isInteger(lease.htype) || lease.htype < 0 || lease.htype > 0xffff) fail('htype must be 0..65535');
  if (!Object.values(LeaseState).includes(lease.state)) fail(`unknown state ${String(lease.state)}`);
  if (typeof lease.hostname !== 'string') fail('hostname must be a string');
  const ctx = lease.userContext;
  const ctxProblem = ctx === null ? null : checkUserContext(ctx);
  if (ctxProblem !== null) fail(ctxProblem);
  const record: LeaseRecord4 = {
    address: lease.address, hw: bytesToKey(lease.hwaddr), htype: lease.htype,
    cid: cid === null ? '' : bytesToKey(cid), validLifetime: lease.validLifetime, cltt: lease.cltt,
    subnetId: lease.subnetId, poolId: lease.poolId, fqdnFwd: lease.fqdnFwd === true, fqdnRev: lease.fqdnRev === true,
    hostname: lease.hostname, state: lease.state, userContext: ctx,
  };
  if (record.hw === '' && record.cid === '' && record.state !== LeaseState.Declined) {
    fail('has neither hardware address nor client id (only a declined lease may)');
  }
  return record;
}

/** A fresh Lease4 (own Uint8Arrays) with the values of `r`. */
export function leaseFromRecord4(r: LeaseRecord4): Lease4 {
  return {
    address: r.address, hwaddr: keyToBytes(r.hw), htype: r.htype,
    clientId: r.cid === '' ? null : keyToBytes(r.cid), validLifetime: r.validLifetime, cltt: r.cltt,
    subnetId: r.subnetId, poolId: r.poolId, fqdnFwd: r.fqdnFwd, fqdnRev: r.fqdnRev,
    hostname: r.hostname, state: r.state, userContext: r.userContext,
  };
}
