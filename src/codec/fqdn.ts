/**
 * Domain names in DNS wire format (RFC 1035 §3.1), with Kea's text rules (Kea src/lib/dns/name.cc:
 * `Name(const std::string&)` and `Name::toText`). No compression on write. Pure: no I/O.
 */

import { ByteWriter } from './byte-writer.js';
import { utf8Encode } from './kea-text.js';

/** RFC 1035 §2.3.4: a label is at most 63 octets, a name at most 255. */
const MAX_LABEL = 63;
const MAX_WIRE = 255;

const LOWER = new Uint8Array(256);
for (let i = 0; i < 256; i++) LOWER[i] = i >= 0x41 && i <= 0x5a ? i + 0x20 : i;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Encodes a domain name in wire format as Kea's text parser does: labels split on `.`, `\c` and
 * `\DDD` escapes, a trailing dot optional, `.` alone (or `@`) is the root. Non-ASCII characters
 * are taken as their UTF-8 bytes. Returns the bytes or the reason the name is invalid.
 */
export function fqdnToWire(text: string, downcase = false): Uint8Array | string {
  const out = new ByteWriter(text.length + 2);
  const why = writeFqdn(out, text, downcase);
  return why ?? out.finish();
}

/** Appends a name in wire format to `out` (see {@link fqdnToWire}); returns why it is invalid. */
export function writeFqdn(out: ByteWriter, text: string, downcase: boolean): string | null {
  if (text === '') return 'empty domain name';
  if (text === '.' || text === '@') {
    out.byte(0);
    return null;
  }
  const isAscii = ascii(text);
  if (isAscii && !text.includes('\\')) return writePlainFqdn(out, text, downcase);
  const src = isAscii ? text : utf8Encode(text);
  const base = out.length;
  let lenAt = -1;
  let count = 0;
  for (let i = 0; i < src.length; i++) {
    let c = at(src, i);
    if (lenAt < 0) {
      if (c === 0x2e) return `empty label in '${text}'`;
      lenAt = out.length;
      out.byte(0);
      count = 0;
    }
    if (c === 0x2e) {
      out.setByte(lenAt, count);
      lenAt = -1;
      continue;
    }
    if (c === 0x5c) {
      if (i + 1 >= src.length) return `incomplete escape at the end of '${text}'`;
      const next = at(src, i + 1);
      if (isDigit(next)) {
        const d2 = i + 2 < src.length ? at(src, i + 2) : -1;
        const d3 = i + 3 < src.length ? at(src, i + 3) : -1;
        if (!isDigit(d2) || !isDigit(d3)) return `bad \\DDD escape in '${text}'`;
        c = (next - 0x30) * 100 + (d2 - 0x30) * 10 + (d3 - 0x30);
        if (c > 255) return `escaped value \\${String.fromCharCode(next, d2, d3)} is above 255`;
        i += 3;
      } else {
        c = next;
        i += 1;
      }
    }
    if (++count > MAX_LABEL) return `label longer than ${MAX_LABEL} octets in '${text}'`;
    out.byte(downcase ? (LOWER[c] as number) : c);
  }
  if (lenAt >= 0) out.setByte(lenAt, count);
  out.byte(0);
  if (out.length - base > MAX_WIRE) return `'${text}' is longer than ${MAX_WIRE} octets in wire format`;
  return null;
}

/** The common case: ASCII labels without escapes, copied label by label. */
function writePlainFqdn(out: ByteWriter, text: string, downcase: boolean): string | null {
  const base = out.length;
  let start = 0;
  while (start < text.length) {
    const dot = text.indexOf('.', start);
    const end = dot < 0 ? text.length : dot;
    if (end === start) return `empty label in '${text}'`;
    if (end - start > MAX_LABEL) return `label longer than ${MAX_LABEL} octets in '${text}'`;
    out.byte(end - start);
    out.ascii(text, start, end, downcase);
    start = end + 1;
  }
  out.byte(0);
  if (out.length - base > MAX_WIRE) return `'${text}' is longer than ${MAX_WIRE} octets in wire format`;
  return null;
}

function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function at(src: string | Uint8Array, i: number): number {
  return typeof src === 'string' ? src.charCodeAt(i) : (src[i] as number);
}

/**
 * Reads one uncompressed wire-format name starting at `pos`; returns the offset just past its
 * terminating zero, or the reason it is invalid. Compression pointers are refused.
 */
export function readWireName(bytes: Uint8Array, pos: number, end: number): number | string {
  let p = pos;
  while (p < end) {
    const len = bytes[p] as number;
    if (len === 0) return p + 1 - pos > MAX_WIRE ? 'domain name longer than 255 octets' : p + 1;
    if (len > MAX_LABEL) {
      return (len & 0xc0) === 0xc0
        ? 'compressed domain names are not supported'
        : `invalid label length ${len} in domain name`;
    }
    p += len + 1;
  }
  return 'incomplete domain name (no terminating zero label)';
}

/** Name characters Kea's `toText` escapes with a backslash. */
const ESCAPED = new Set([0x22, 0x28, 0x29, 0x2e, 0x3b, 0x5c, 0x40, 0x24]);

/** Formats a valid wire name (from {@link readWireName}) as Kea prints it, with a final dot. */
export function wireNameToText(bytes: Uint8Array, pos: number): string {
  let p = pos;
  let out = '';
  for (;;) {
    const len = bytes[p++] as number;
    if (len === 0) return out === '' ? '.' : `${out}.`;
    if (out !== '') out += '.';
    for (let i = 0; i < len; i++) {
      const c = bytes[p++] as number;
      if (ESCAPED.has(c)) out += `\\${String.fromCharCode(c)}`;
      else if (c > 0x20 && c < 0x7f) out += String.fromCharCode(c);
      else out += `\\${String(c).padStart(3, '0')}`;
    }
  }
}
