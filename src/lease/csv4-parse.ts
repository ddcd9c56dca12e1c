/**
 * Parses rows of a Kea DHCPv4 lease file from bytes, as CSVLeaseFile4::next reads them. Pure.
 *
 * Kea's rules, reproduced: a row is split at every ','; a row shorter than the header's valid
 * columns is an error, a shorter row of an older schema gets the defaults of the missing columns,
 * and columns beyond ours are ignored (CSVLeaseFile4::next ignores the column-count verdict of
 * VersionedCSVFile::next, so only a missing column fails). Address: strict dotted quad. hwaddr:
 * colon-separated hex, at most 20 octets. client_id: any of Kea's hex forms, 2 to 255 octets.
 * Numbers: decimal, an optional '+', in range. Booleans: 0 or 1. A lease needs a hwaddr or a
 * client id unless declined. user_context must be a JSON map.
 *
 * Deviations (the row is rejected where Kea would accept it): a '-' sign (boost::lexical_cast
 * wraps it for unsigned types), an IPv6 address, a state above 4, an expire beyond 2^53.
 */
import { hexDigit } from '../net/index.js';
import { LEASE4_COLUMNS, unescapeCsvBytes } from './csv4.js';
import { latin1ToUtf8, parseKeaUserContext } from './kea-json.js';
import { LeaseState } from './lease4.js';
import { MAX_CLIENT_ID_LEN, MAX_HWADDR_LEN, MIN_CLIENT_ID_LEN, type LeaseRecord4 } from './lease-record4.js';

/** Reads bytes [start, end) of the current buffer as a string, one char per byte. */
export type Latin1Slicer = (start: number, end: number) => string;

const COLUMNS = LEASE4_COLUMNS.length;
const U32_MAX = 0xffffffff;
const COMMA = 0x2c;

/** Reusable state of one parser: field bounds and a byte scratch for identifiers. */
export class Lease4RowParser {
  readonly #starts = new Int32Array(COLUMNS + 1);
  readonly #ends = new Int32Array(COLUMNS + 1);
  readonly #scratch: number[][] = Array.from({ length: MAX_CLIENT_ID_LEN + 1 }, (_, n) => new Array<number>(n).fill(0));
  readonly #bytes = new Uint8Array(MAX_CLIENT_ID_LEN + 1);

  /**
   * Parses the row `buf[start, end)` (no newline) of a file whose header has `validColumns`
   * matching columns into `out`. Returns null, or why the row is rejected.
   */
  parse(buf: Uint8Array, start: number, end: number, validColumns: number, latin1: Latin1Slicer, out: LeaseRecord4): string | null {
    const n = this.#split(buf, start, end);
    if (n < validColumns) return `the row has ${n} columns, the file's header has ${validColumns}`;
    // In the order of CSVLeaseFile4::next, so the first problem Kea would see is the one reported.
    return this.#identity(buf, n, latin1, out) ?? this.#values(buf, n, latin1, out);
  }

  /** Finds the bounds of the first 12 fields; returns how many there are (at most 12). */
  #split(buf: Uint8Array, start: number, end: number): number {
    const starts = this.#starts;
    const ends = this.#ends;
    let n = 0;
    let fieldStart = start;
    for (let i = start; i < end && n < COLUMNS; i++) {
      if (buf[i] === COMMA) {
        starts[n] = fieldStart;
        ends[n++] = i;
        fieldStart = i + 1;
      }
    }
    // With COLUMNS fields found, a later ',' only starts columns Kea ignores.
    if (n < COLUMNS) {
      starts[n] = fieldStart;
      ends[n++] = end;
    }
    return n;
  }

  /** address, client_id, hwaddr, state, user_context. */
  #identity(buf: Uint8Array, n: number, latin1: Latin1Slicer, out: LeaseRecord4): string | null {
    const starts = this.#starts;
    const ends = this.#ends;
    const address = parseAddress(buf, starts[0] as number, ends[0] as number);
    if (address < 0) return `'${latin1(starts[0] as number, ends[0] as number)}' is not an IPv4 address`;
    out.address = address;

    const cs = starts[2] as number;
    const ce = ends[2] as number;
    const cid = ce > cs ? this.#decodeFormattedHex(buf, cs, ce) : '';
    if (cid === null) return `client_id '${latin1(cs, ce)}' is not hex`;
    if (cid !== '' && (cid.length < MIN_CLIENT_ID_LEN || cid.length > MAX_CLIENT_ID_LEN)) {
      return `client_id must be ${MIN_CLIENT_ID_LEN} to ${MAX_CLIENT_ID_LEN} octets`;
    }
    out.cid = cid;

    const hs = starts[1] as number;
    const he = ends[1] as number;
    const hw = he > hs ? this.#decodeSeparatedHex(buf, hs, he, 0x3a) : '';
    if (hw === null) return `hwaddr '${latin1(hs, he)}' is not colon-separated hex`;
    if (hw.length > MAX_HWADDR_LEN) return `hwaddr is longer than ${MAX_HWADDR_LEN} octets`;
    out.hw = hw;
    out.htype = 1;

    const state = n > 9 ? parseUnsigned(buf, starts[9] as number, ends[9] as number, U32_MAX) : LeaseState.Default;
    if (state < 0 || state > LeaseState.Registered) return `state '${n > 9 ? latin1(starts[9] as number, ends[9] as number) : ''}' is not a lease state`;
    out.state = state as LeaseState;
    if (hw === '' && cid === '' && state !== LeaseState.Declined) return 'the lease has neither hardware address nor client id';

    out.userContext = null;
    if (n > 10 && (ends[10] as number) > (starts[10] as number)) {
      const ctx = parseKeaUserContext(unescapeCsvBytes(latin1(starts[10] as number, ends[10] as number)));
      if (typeof ctx === 'string') return ctx;
      out.userContext = ctx;
    }
    return null;
  }

  /** valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, pool_id. */
  #values(buf: Uint8Array, n: number, latin1: Latin1Slicer, out: LeaseRecord4): string | null {
    const starts = this.#starts;
    const ends = this.#ends;
    const field = (i: number): string => latin1(starts[i] as number, ends[i] as number);
    const valid = parseUnsigned(buf, starts[3] as number, ends[3] as number, U32_MAX);
    if (valid < 0) return `valid_lifetime '${field(3)}' is not an unsigned 32-bit number`;
    const expire = parseUnsigned(buf, starts[4] as number, ends[4] as number, Number.MAX_SAFE_INTEGER);
    if (expire < 0) return `expire '${field(4)}' is not a number`;
    out.validLifetime = valid;
    out.cltt = expire - valid;

    const subnetId = parseUnsigned(buf, starts[5] as number, ends[5] as number, U32_MAX);
    if (subnetId < 0) return `subnet_id '${field(5)}' is not an unsigned 32-bit number`;
    out.subnetId = subnetId;
    const fwd = parseBool(buf, starts[6] as number, ends[6] as number);
    const rev = parseBool(buf, starts[7] as number, ends[7] as number);
    if (fwd < 0 || rev < 0) return 'fqdn_fwd and fqdn_rev must be 0 or 1';
    out.fqdnFwd = fwd === 1;
    out.fqdnRev = rev === 1;

    out.hostname = readHostname(buf, starts[8] as number, ends[8] as number, latin1);

    const poolId = n > 11 ? parseUnsigned(buf, starts[11] as number, ends[11] as number, U32_MAX) : 0;
    if (poolId < 0) return 'pool_id is not an unsigned 32-bit number';
    out.poolId = poolId;
    return null;
  }

  /** util::str::decodeSeparatedHexString into a byte string; null when malformed. */
  #decodeSeparatedHex(buf: Uint8Array, start: number, end: number, sep: number): string | null {
    const bytes = this.#bytes;
    let n = 0;
    let value = 0;
    let digits = 0;
    for (let i = start; i <= end; i++) {
      const c = i < end ? (buf[i] as number) : sep;
      if (c === sep) {
        if (digits === 0) return null; // two separators in a row, or one at an end
        if (n >= bytes.length) return null;
        bytes[n++] = value;
        value = 0;
        digits = 0;
        continue;
      }
      const d = hexDigit(c);
      if (d < 0 || ++digits > 2) return null;
      value = value * 16 + d;
    }
    return this.#key(n);
  }

  /** util::str::decodeFormattedHexString: ':'- or ' '-separated, else digits with optional 0x. */
  #decodeFormattedHex(buf: Uint8Array, start: number, end: number): string | null {
    let hasSpace = false;
    for (let i = start; i < end; i++) {
      if (buf[i] === 0x3a) return this.#decodeSeparatedHex(buf, start, end, 0x3a);
      if (buf[i] === 0x20) hasSpace = true;
    }
    if (hasSpace) return this.#decodeSeparatedHex(buf, start, end, 0x20);
    const odd = (end - start) % 2 === 1;
    if (end - start > 2 && buf[start] === 0x30 && buf[start + 1] === 0x78) start += 2;
    const bytes = this.#bytes;
    let n = 0;
    let high = odd ? 0 : -1;
    for (let i = start; i < end; i++) {
      const d = hexDigit(buf[i] as number);
      if (d < 0) return null;
      if (high < 0) {
        high = d;
      } else {
        if (n >= bytes.length) return null;
        bytes[n++] = (high << 4) | d;
        high = -1;
      }
    }
    return high >= 0 ? null : this.#key(n);
  }

  #key(n: number): string {
    const arr = this.#scratch[n];
    if (arr === undefined) return String.fromCharCode(...this.#bytes.subarray(0, n));
    for (let i = 0; i < n; i++) arr[i] = this.#bytes[i] as number;
    return String.fromCharCode.apply(null, arr);
  }
}

/** Strict dotted quad (inet_pton): returns the address or -1. */
function parseAddress(buf: Uint8Array, start: number, end: number): number {
  let value = 0;
  let octets = 0;
  let octet = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? (buf[i] as number) : 0x2e;
    if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 0x30);
      digits++;
      if (octet > 255) return -1;
    } else if (c === 0x2e) {
      if (digits === 0 || octets === 4) return -1;
      value = value * 256 + octet;
      octets++;
      octet = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  return octets === 4 ? value : -1;
}

/** boost::lexical_cast to an unsigned type (without its '-' wrap-around): the value or -1. */
function parseUnsigned(buf: Uint8Array, start: number, end: number, max: number): number {
  if (start < end && buf[start] === 0x2b) start++;
  if (start >= end) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + (c - 0x30);
    if (value > max) return -1;
  }
  return value;
}

function parseBool(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 1) return -1;
  const c = buf[start];
  return c === 0x30 ? 0 : c === 0x31 ? 1 : -1;
}

function readHostname(buf: Uint8Array, start: number, end: number, latin1: Latin1Slicer): string {
  if (start >= end) return '';
  let plain = true;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c === 0x26 || c >= 0x80) {
      plain = false;
      break;
    }
  }
  const text = latin1(start, end);
  return plain ? text : latin1ToUtf8(unescapeCsvBytes(text));
}
