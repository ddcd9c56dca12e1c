/**
 * DHCPv4 datagram → `Packet4` (RFC 2131 §2-§4, RFC 2132, RFC 3396), with Kea's acceptance rules
 * (`Pkt4::unpack` in src/lib/dhcp/pkt4.cc, `LibDHCP::unpackOptions4` in libdhcp++.cc).
 * Pure: no I/O. Never throws.
 */
import type { CodecErrorCode } from './errors.js';
import { addInstance, fuseInstances, type Repeats } from './instances.js';
import { Options4 } from './options4.js';
import { Header4, Packet4Record, type Packet4 } from './packet4.js';

/** How to decode. */
export interface DecodeOptions4 {
  /**
   * Kea's `lenient-option-parsing`. When set, a truncated option drops the rest of its area
   * instead of the packet, an option overload (52) inside file/sname is ignored, and option
   * 52/53 longer than one octet is read from its first octet.
   */
  lenient?: boolean;
  /**
   * Keep the options before a truncated one and ignore the rest of its area, as Kea always
   * does ("Jon Postel's law", `Pkt4::unpack`), without relaxing anything else. The server sets
   * it; strict decoding (the default) drops such a packet.
   */
  ignoreTruncated?: boolean;
}

/** The outcome of `decodePacket4`: the packet, or why it was rejected and where. */
export type DecodeResult4 =
  | { ok: true; packet: Packet4 }
  | { ok: false; code: CodecErrorCode; offset: number; message: string };

type Failure = { ok: false; code: CodecErrorCode; offset: number; message: string };

const AREA_MAIN = 0;
const AREA_FILE = 1;
const AREA_SNAME = 2;
const AREA_NAMES = ['options', 'file', 'sname'] as const;
const EMPTY = new Uint8Array(0);

/** Per-datagram scan state: one object per decode, nothing per option but the payload views. */
interface Scan {
  readonly buf: Uint8Array;
  readonly options: Options4;
  readonly lenient: boolean;
  readonly ignoreTruncated: boolean;
  /** Instances of codes seen more than once, to concatenate (RFC 3396 §5); created on demand. */
  parts: Repeats;
  /** Offset of the first option 52 and 53 (for error reports), -1 when absent. */
  at52: number;
  at53: number;
}

function fail(code: CodecErrorCode, offset: number, message: string): Failure {
  return { ok: false, code, offset, message };
}

function readU32(b: Uint8Array, p: number): number {
  return (b[p] as number) * 0x1000000 + (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number));
}

/**
 * Decodes one DHCPv4 (or BOOTP) datagram. Option payloads are views into `buf` (do not reuse
 * the buffer while the packet is in use), except for codes that appear more than once, whose
 * instances are concatenated into a new array (RFC 3396), across the options, file and sname
 * areas in that order. Option overload (52) makes file (1), sname (2) or both (3) option areas
 * (RFC 2131 §4.1); such a field is then empty in the packet. Option 52 stays in `options`.
 *
 * Accepted though Kea drops them: a 236-octet datagram without vendor area, and one whose vendor
 * area is all zeros (RFC 951 BOOTP without RFC 1048 extensions); both decode with no options.
 * Dropped silently as Kea does: an empty host name (option 12).
 *
 * Errors (`ok: false`, with the offset of the offending octet): `ERR_CODEC_TRUNCATED`,
 * `ERR_CODEC_BAD_COOKIE`, `ERR_CODEC_BAD_HLEN`, `ERR_CODEC_OPTION_OVERFLOW`,
 * `ERR_CODEC_BAD_OVERLOAD`, `ERR_CODEC_OVERLOAD_LOOP`, `ERR_CODEC_BAD_MESSAGE_TYPE`.
 *
 * @example
 * const r = decodePacket4(datagram);
 * if (!r.ok) return drop(r.code, r.offset, r.message);
 * r.packet.messageType; // 1 (DHCPDISCOVER)
 */
export function decodePacket4(buf: Uint8Array, opts?: DecodeOptions4): DecodeResult4 {
  const n = buf.length;
  if (n < Header4.length) {
    return fail('ERR_CODEC_TRUNCATED', n, `datagram of ${n} octets is shorter than the 236-octet BOOTP header`);
  }
  const hlen = buf[2] as number;
  if (hlen > Header4.maxHlen) {
    return fail('ERR_CODEC_BAD_HLEN', 2, `hlen ${hlen} is more than the 20 octets of a hardware address`);
  }
  const options = new Options4();
  const packet = readHeader(buf, options);
  if (n === Header4.length) return { ok: true, packet };
  if (n < Header4.optionsOffset) {
    return fail('ERR_CODEC_TRUNCATED', Header4.cookieOffset,
      `vendor area of ${n - Header4.length} octets cannot hold the 4-octet magic cookie`);
  }
  const cookie = readU32(buf, Header4.cookieOffset);
  if (cookie !== Header4.cookie) {
    if (isZero(buf, Header4.cookieOffset, n)) return { ok: true, packet };
    return fail('ERR_CODEC_BAD_COOKIE', Header4.cookieOffset,
      `vendor area starts with 0x${cookie.toString(16).padStart(8, '0')}, not the DHCP magic cookie 0x63825363`);
  }
  const scan: Scan = { buf, options, lenient: opts?.lenient === true,
    ignoreTruncated: opts?.lenient === true || opts?.ignoreTruncated === true, parts: null, at52: -1, at53: -1 };
  const failure = scanAll(scan, packet);
  return failure ?? checkMessageType(scan) ?? { ok: true, packet };
}

function readHeader(b: Uint8Array, options: Options4): Packet4Record {
  const p = new Packet4Record(
    b.subarray(Header4.chaddrOffset, Header4.snameOffset),
    b.subarray(Header4.snameOffset, Header4.fileOffset),
    b.subarray(Header4.fileOffset, Header4.length),
    options,
  );
  p.op = b[0] as number;
  p.htype = b[1] as number;
  p.hlen = b[2] as number;
  p.hops = b[3] as number;
  p.xid = readU32(b, 4);
  p.secs = ((b[8] as number) << 8) | (b[9] as number);
  p.flags = ((b[10] as number) << 8) | (b[11] as number);
  p.ciaddr = readU32(b, 12);
  p.yiaddr = readU32(b, 16);
  p.siaddr = readU32(b, 20);
  p.giaddr = readU32(b, 24);
  return p;
}

/** The options area, then file and sname as option 52 says (RFC 2131 §4.1, RFC 3396 §7). */
function scanAll(scan: Scan, packet: Packet4Record): Failure | null {
  const main = scanArea(scan, Header4.optionsOffset, scan.buf.length, AREA_MAIN);
  if (main !== null) return main;
  fuseParts(scan);
  const overload = readOverload(scan);
  if (typeof overload !== 'number') return overload;
  if ((overload & 1) !== 0) {
    const file = scanArea(scan, Header4.fileOffset, Header4.length, AREA_FILE);
    if (file !== null) return file;
    packet.file = EMPTY;
  }
  if ((overload & 2) !== 0) {
    const sname = scanArea(scan, Header4.snameOffset, Header4.fileOffset, AREA_SNAME);
    if (sname !== null) return sname;
    packet.sname = EMPTY;
  }
  fuseParts(scan);
  return null;
}

/** Reads the options of `[start, end)` up to END; PAD is skipped. */
function scanArea(scan: Scan, start: number, end: number, area: number): Failure | null {
  const b = scan.buf;
  let p = start;
  while (p < end) {
    const code = b[p] as number;
    if (code === 0) { p++; continue; }
    if (code === 255) return null;
    const len = p + 1 < end ? (b[p + 1] as number) : -1;
    if (len < 0 || p + 2 + len > end) {
      // Kea stops at a truncated option and keeps the ones before it (libdhcp++.cc
      // unpackOptions4, "the option is truncated"); strict mode drops the packet instead.
      return scan.ignoreTruncated ? null : truncated(code, p, len, end, area);
    }
    const at = p;
    p += 2 + len;
    // libdhcp++.cc unpackOptions4: "While an empty Host Name option is non-RFC compliant, some
    // clients do send it. [...] we'll just drop it".
    if (code === 12 && len === 0) continue;
    if (code === 52 && area !== AREA_MAIN) {
      if (scan.lenient) continue;
      return fail('ERR_CODEC_OVERLOAD_LOOP', at,
        `option 52 (overload) at offset ${at} is inside the ${AREA_NAMES[area]} field; it may appear only in the options field`);
    }
    if (code === 52 && scan.at52 < 0) scan.at52 = at;
    if (code === 53 && scan.at53 < 0) scan.at53 = at;
    addOption(scan, code, b.subarray(at + 2, p));
  }
  return null;
}

function truncated(code: number, at: number, len: number, end: number, area: number): Failure {
  const where = AREA_NAMES[area] as string;
  const message = len < 0
    ? `option ${code} at offset ${at} has no length octet before the end of the ${where} area`
    : `option ${code} at offset ${at} has length ${len} but only ${end - at - 2} octets remain in the ${where} area`;
  return fail('ERR_CODEC_OPTION_OVERFLOW', at, message);
}

function addOption(scan: Scan, code: number, payload: Uint8Array): void {
  scan.parts = addInstance(scan.options, scan.parts, code, payload);
}

/** Concatenates the instances of each repeated code (RFC 3396 §5), one copy per code. */
function fuseParts(scan: Scan): void {
  fuseInstances(scan.options, scan.parts);
  scan.parts = null;
}

/** The overload value (0 when none), or why option 52 is unusable. */
function readOverload(scan: Scan): number | Failure {
  const ov = scan.options.get(52);
  if (ov === undefined) return 0;
  // Kea's OptionInt<uint8_t> factory rejects an empty payload even when lenient.
  if (ov.length === 0) return fail('ERR_CODEC_BAD_OVERLOAD', scan.at52, 'option 52 (overload) is empty');
  if (ov.length > 1 && !scan.lenient) {
    return fail('ERR_CODEC_BAD_OVERLOAD', scan.at52, `option 52 (overload) has ${ov.length} octets instead of 1`);
  }
  const value = ov[0] as number;
  if (value >= 1 && value <= 3) return value;
  if (scan.lenient) return 0;
  return fail('ERR_CODEC_BAD_OVERLOAD', scan.at52,
    `option 52 (overload) is ${value}, not 1 (file), 2 (sname) or 3 (both)`);
}

/** Kea's OptionInt<uint8_t> and sanityCheckScalarLength rules for option 53. */
function checkMessageType(scan: Scan): Failure | null {
  const mt = scan.options.get(53);
  if (mt === undefined || mt.length === 1) return null;
  if (mt.length === 0) return fail('ERR_CODEC_BAD_MESSAGE_TYPE', scan.at53, 'option 53 (message type) is empty');
  if (scan.lenient) return null;
  return fail('ERR_CODEC_BAD_MESSAGE_TYPE', scan.at53, `option 53 (message type) has ${mt.length} octets instead of 1`);
}

function isZero(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0) return false;
  return true;
}
