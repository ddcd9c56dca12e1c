/**
 * Kea's DHCPv4 memfile CSV format (src/lib/dhcpsrv/csv_lease_file4.cc over util/csv_file.cc and
 * util/versioned_csv_file.cc): the columns and their schema versions, the header check that
 * decides upgrade or downgrade, the `&#xHH` escaping of hostname and user_context, and rows
 * rendered byte for byte as Kea renders them. Pure. Parsing rows is in csv4-parse.ts.
 */
import { HEX_OCTETS, formatIPv4 } from '../net/index.js';
import { toKeaJson, utf8ToLatin1 } from './kea-json.js';
import type { LeaseRecord4 } from './lease-record4.js';

/** Column names in file order; the schema version of the file is the one of its last column. */
export const LEASE4_COLUMNS = [
  'address', 'hwaddr', 'client_id', 'valid_lifetime', 'expire', 'subnet_id', 'fqdn_fwd', 'fqdn_rev',
  'hostname', 'state', 'user_context', 'pool_id',
] as const;
/** CSVLeaseFile4::initColumns: the version each column appeared in, and its upgrade default. */
const COLUMN_VERSIONS = ['1.0', '1.0', '1.0', '1.0', '1.0', '1.0', '1.0', '1.0', '1.0', '2.0', '2.1', '3.0'] as const;
export const LEASE4_COLUMN_DEFAULTS: readonly string[] = ['', '', '', '', '', '', '', '', '', '0', '', '0'];
/** setMinimumValidColumns("hostname"): a file must have at least the columns up to hostname. */
export const LEASE4_MIN_VALID_COLUMNS = 9;

/**
 * The schema we write: 3.0 (Kea 2.4 and later) by default; 2.1 (Kea 2.2, no pool_id) on request.
 * Both are read whatever is selected.
 */
export type Lease4Schema = '3.0' | '2.1';
export const LEASE4_SCHEMA_COLUMNS: Readonly<Record<Lease4Schema, number>> = { '3.0': 12, '2.1': 11 };

/** The header line (without newline) of a file of `schema`. */
export function lease4Header(schema: Lease4Schema = '3.0'): string {
  return LEASE4_COLUMNS.slice(0, LEASE4_SCHEMA_COLUMNS[schema]).join(',');
}

/** What the header of a file says about its rows (VersionedCSVFile::validateHeader). */
export interface Lease4HeaderInfo {
  /** Columns of the header that match ours, in order (at least 9). */
  readonly validColumns: number;
  /** Columns in the header (more than ours: a later schema, the extra ones are ignored). */
  readonly headerColumns: number;
  /** Schema version of the file's last known column ("2.1", "3.0" ...). */
  readonly version: string;
}

/** Checks a header's fields; returns its description or the reason Kea refuses the file. */
export function checkLease4Header(fields: readonly string[]): Lease4HeaderInfo | string {
  let i = 0;
  for (; i < fields.length && i < LEASE4_COLUMNS.length; i++) {
    if (fields[i] !== LEASE4_COLUMNS[i]) return `header contains an invalid column: '${fields[i] ?? ''}'`;
  }
  if (i < LEASE4_MIN_VALID_COLUMNS) {
    return `header has only ${i} valid column(s), it must have at least ${LEASE4_MIN_VALID_COLUMNS}`;
  }
  return { validColumns: i, headerColumns: fields.length, version: COLUMN_VERSIONS[i - 1] as string };
}

/** True when a file with this header is not exactly in `schema` (Kea then runs LFC to convert it). */
export function lease4NeedsConversion(info: Lease4HeaderInfo, schema: Lease4Schema): boolean {
  const n = LEASE4_SCHEMA_COLUMNS[schema];
  return info.headerColumns !== n || info.validColumns !== n;
}

const HEX = HEX_OCTETS;
/** Characters that need no escaping: printable ASCII except the separator and '&'. */
const PLAIN = /^[^,&\x00-\x1f\x7f-\uffff]*$/;

/**
 * CSVRow::escapeCharacters (Kea 3.3): every byte below 0x20 or above 0x7e, ',' and '&' becomes
 * `&#x` + two lowercase hex digits. `bytes` holds one byte per char. (Kea up to 3.2 escaped only
 * ',' and '&' and wrote control characters raw, which broke rows; every version reads `&#xHH`.)
 */
export function escapeCsvBytes(bytes: string): string {
  if (PLAIN.test(bytes)) return bytes;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    out += c < 0x20 || c > 0x7e || c === 0x2c || c === 0x26 ? `&#x${HEX[c & 0xff]}` : bytes[i];
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * CSVRow::unescapeCharacters, quirks included: `&#x` followed by two hex digits is that byte,
 * by anything else it stays as it is, and `&#x` with fewer than two characters after it is a
 * NUL byte (Kea never checks that case). Works on byte strings.
 */
export function unescapeCsvBytes(text: string): string {
  let pos = text.indexOf('&#x');
  if (pos < 0) return text;
  let out = '';
  let start = 0;
  while (pos >= 0) {
    out += text.slice(start, pos);
    let dig = pos + 3;
    if (dig <= text.length - 2) {
      const hi = hexValue(text.charCodeAt(dig));
      const lo = hexValue(text.charCodeAt(dig + 1));
      if (hi >= 0 && lo >= 0) {
        out += String.fromCharCode((hi << 4) | lo);
        dig += 2;
      } else {
        out += '&#x';
      }
    } else {
      out += '\0';
    }
    start = dig;
    pos = text.indexOf('&#x', start);
  }
  return out + text.slice(start);
}

/** Colon-separated lowercase hex of a byte string (HWAddr::toText(false), DUID::toText). */
export function formatKeyHex(key: string): string {
  if (key === '') return '';
  let out = HEX[key.charCodeAt(0)] as string;
  for (let i = 1; i < key.length; i++) out += `:${HEX[key.charCodeAt(i)] as string}`;
  return out;
}

/** The hostname column: its UTF-8 bytes, escaped. */
export function formatHostnameField(hostname: string): string {
  return PLAIN.test(hostname) ? hostname : escapeCsvBytes(utf8ToLatin1(hostname));
}

/** The user_context column: Kea's JSON text, escaped; '' when there is none. */
export function formatUserContextField(ctx: Readonly<Record<string, unknown>> | null): string {
  return ctx === null ? '' : escapeCsvBytes(utf8ToLatin1(toKeaJson(ctx)));
}

/**
 * The CSV row of a lease (CSVLeaseFile4::append), without the newline. `validLifetime` overrides
 * the lease's (0 for a delete row: Kea appends the stored lease with valid_lft 0, so its
 * expire is its cltt).
 */
export function renderLease4Row(r: LeaseRecord4, schema: Lease4Schema = '3.0', validLifetime = r.validLifetime): string {
  const row =
    `${formatIPv4(r.address)},${formatKeyHex(r.hw)},${formatKeyHex(r.cid)},${validLifetime},${r.cltt + validLifetime},` +
    `${r.subnetId},${r.fqdnFwd ? 1 : 0},${r.fqdnRev ? 1 : 0},${formatHostnameField(r.hostname)},${r.state},` +
    formatUserContextField(r.userContext);
  return schema === '3.0' ? `${row},${r.poolId}` : row;
}
