/**
 * One option data field at a time: Kea's text → wire writers (`OptionDefinition::writeToBuffer`,
 * `OptionDataTypeUtil::write*` in option_definition.cc / option_data_types.cc). Pure: no I/O.
 *
 * A writer appends to `out` and returns `null`, or returns why the text is not a value of the
 * type; the caller adds which option and field it was (and discards `out` on failure).
 */
import { parseIPv4 } from '../net/index.js';
import type { ByteWriter } from './byte-writer.js';
import { writeFqdn } from './fqdn.js';
import { parseIPv6Bytes } from '../net/index.js';
import { decodeBase16, utf8Encode } from './kea-text.js';
import { hexDigit } from '../net/index.js';
import { IntegerRanges, type IntegerType, type OptionDataType } from './option-types.js';

/** Why a field failed: `mismatch` = not a value of the type at all, `range`/`other` = a detail. */
export interface FieldError {
  readonly kind: 'mismatch' | 'detail';
  readonly reason: string;
}

const mismatch = (reason = ''): FieldError => ({ kind: 'mismatch', reason });
const detail = (reason: string): FieldError => ({ kind: 'detail', reason });

/**
 * Kea `lexicalCastWithRangeCheck` before the range check: a decimal integer (optional sign),
 * else what `std::hex` stream extraction reads (optional sign, optional `0x`/`0X`, hex digits:
 * so `ff` is 255 and `1e` is 30). Returns `null` when neither form matches the whole text.
 */
export function parseKeaInteger(text: string): number | null {
  const n = text.length;
  if (n === 0) return null;
  let i = 0;
  let sign = 1;
  const first = text.charCodeAt(0);
  if (first === 0x2b || first === 0x2d) {
    sign = first === 0x2d ? -1 : 1;
    i = 1;
  }
  if (i === n) return null;
  let allDecimal = true;
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c < 0x30 || c > 0x39) { allDecimal = false; break; }
  }
  // Integers longer than 15 digits cannot be in any option integer's range anyway.
  if (allDecimal) {
    if (n - i > 15) return sign * Infinity;
    let v = 0;
    for (let j = i; j < n; j++) v = v * 10 + (text.charCodeAt(j) - 0x30);
    return sign * v;
  }
  if (n - i > 2 && text.charCodeAt(i) === 0x30 && (text.charCodeAt(i + 1) | 0x20) === 0x78) i += 2;
  if (i === n) return null;
  let v = 0;
  for (let j = i; j < n; j++) {
    const d = hexDigit(text.charCodeAt(j));
    if (d < 0) return null;
    v = v * 16 + d;
  }
  return sign * v;
}

/** Parses an integer of `type` with Kea's range check. */
export function parseIntegerField(type: IntegerType, text: string): number | FieldError {
  const v = parseKeaInteger(text);
  const r = IntegerRanges[type];
  if (v === null) return mismatch('expected a decimal or hex integer');
  if (v < r.min || v > r.max || !Number.isFinite(v)) {
    return detail(`'${text}' is out of range for ${type} (${r.min}..${r.max})`);
  }
  return v;
}

function writeInt(out: ByteWriter, value: number, size: number): void {
  if (size === 1) out.byte(value);
  else if (size === 2) out.u16(value);
  else out.u32(value);
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const BLANKS = /[ \t]/g;

/** Kea `convertToBool`: true/false in any case, or an integer text equal to 0 or 1. */
function parseBool(text: string): boolean | null {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (!INTEGER_TEXT.test(text)) return null;
  const v = Number(text);
  return v === 1 ? true : v === 0 ? false : null;
}

/** Removes spaces and tabs anywhere, as Kea does for prefixes and PSIDs. */
function stripBlanks(text: string): string {
  return text.includes(' ') || text.includes('\t') ? text.replace(BLANKS, '') : text;
}

function writePrefix(out: ByteWriter, text: string): FieldError | null {
  const t = stripBlanks(text);
  const slash = t.indexOf('/');
  if (slash < 0) return mismatch('expected address/length, e.g. 2001:db8::/48');
  const addr = parseIPv6Bytes(t.slice(0, slash));
  if (addr === null) return mismatch(`'${t.slice(0, slash)}' is not an IPv6 address`);
  const len = parseKeaInteger(t.slice(slash + 1));
  if (len === null || len < 0 || len > 255) {
    return detail(`prefix length '${t.slice(slash + 1)}' is not valid`);
  }
  if (len > 128) return detail(`prefix length ${len} is above 128`);
  // option_data_types.cc writePrefix: the length, then only the octets the length covers,
  // with the bits beyond the length zeroed.
  out.byte(len);
  const octets = Math.ceil(len / 8);
  for (let i = 0; i < octets; i++) {
    const bitsLeft = len - 8 * i;
    out.byte(bitsLeft < 8 ? (addr[i] as number) & (0xff << (8 - bitsLeft)) : (addr[i] as number));
  }
  return null;
}

function writePsid(out: ByteWriter, text: string): FieldError | null {
  const t = stripBlanks(text);
  const slash = t.indexOf('/');
  if (slash < 0) return mismatch('expected psid/length, e.g. 3/4');
  const psid = parseKeaInteger(t.slice(0, slash));
  const len = parseKeaInteger(t.slice(slash + 1));
  if (psid === null || psid < 0 || psid > 0xffff) {
    return detail(`PSID '${t.slice(0, slash)}' is not valid (0..65535)`);
  }
  if (len === null || len < 0 || len > 255) return detail(`PSID length '${t.slice(slash + 1)}' is not valid`);
  if (len > 16) return detail(`PSID length ${len} is above 16`);
  if (len > 0 && psid > 0xffff >> (16 - len)) return detail(`PSID ${psid} does not fit in ${len} bits`);
  // RFC 7597 §5.1 / option_data_types.cc writePsid: the PSID sits in the high `len` bits.
  const field = len === 0 ? 0 : (psid << (16 - len)) & 0xffff;
  out.byte(len);
  out.u16(field);
  return null;
}

function writeTuple(out: ByteWriter, text: string, lengthSize: 1 | 2): FieldError | null {
  const bytes = utf8Encode(text);
  const max = lengthSize === 1 ? 255 : 65535;
  if (bytes.length > max) return detail(`tuple of ${bytes.length} octets is longer than ${max}`);
  if (lengthSize === 2) out.u16(bytes.length);
  else out.byte(bytes.length);
  out.bytes(bytes);
  return null;
}

/**
 * Appends one field of `type` from its (already trimmed) text. `tupleLengthSize` is 1 in DHCPv4
 * and 2 in DHCPv6, except for option code 143 (v4-sztp-redirect, RFC 8572 §8.3) which Kea writes
 * with 2 octets whatever the family (option_definition.cc writeToBuffer, OPT_TUPLE_TYPE).
 */
export function writeField(out: ByteWriter, type: OptionDataType, text: string,
  tupleLengthSize: 1 | 2): FieldError | null {
  switch (type) {
    case 'binary': {
      const bytes = decodeBase16(text);
      if (bytes === null) return mismatch('expected hex digits without separators, e.g. 0a0b0c');
      out.bytes(bytes);
      return null;
    }
    case 'boolean': {
      const b = parseBool(text);
      if (b === null) return mismatch('expected true, false, 1 or 0');
      out.byte(b ? 1 : 0);
      return null;
    }
    case 'int8': case 'int16': case 'int32': case 'uint8': case 'uint16': case 'uint32': {
      const v = parseIntegerField(type, text);
      if (typeof v !== 'number') return v;
      writeInt(out, v, IntegerRanges[type].size);
      return null;
    }
    case 'ipv4-address': {
      const v = parseIPv4(text);
      if (v === null) return mismatch();
      writeInt(out, v, 4);
      return null;
    }
    case 'ipv6-address': {
      const v = parseIPv6Bytes(text);
      if (v === null) return mismatch();
      out.bytes(v);
      return null;
    }
    case 'ipv6-prefix': return writePrefix(out, text);
    case 'psid': return writePsid(out, text);
    case 'string': out.bytes(utf8Encode(text)); return null;
    case 'tuple': return writeTuple(out, text, tupleLengthSize);
    case 'fqdn': {
      const why = writeFqdn(out, text, false);
      return why === null ? null : mismatch(why);
    }
    default:
      // empty, record and internal carry no single field (Kea: "attempt to write invalid
      // option data field type into the option buffer").
      return detail(`a ${type} field takes no value`);
  }
}
