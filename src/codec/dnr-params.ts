/**
 * The parts of an Encrypted DNS (DNR, RFC 9463) instance after the ADN: resolver addresses and
 * SvcParams (RFC 9460 §2.2, §7), with Kea's rules (option4_dnr.cc DnrInstance). Pure: no I/O.
 */
import { formatIPv4, formatIPv6, ipv6FromBytes, ipv6ToBytes, parseIPv4, parseIPv6 } from '../net/index.js';
import { readU16, readU32 } from './byte-writer.js';
import { keaTokens, keaTrim, utf8Decode, utf8Encode } from './kea-text.js';

/** RFC 9460 §14.3.2 SvcParamKeys Kea knows, by name. */
const SVC_PARAM_KEYS: ReadonlyMap<string, number> = new Map([
  ['mandatory', 0], ['alpn', 1], ['no-default-alpn', 2], ['port', 3], ['ipv4hint', 4],
  ['ech', 5], ['ipv6hint', 6], ['dohpath', 7], ['ohttp', 8],
]);
const SVC_PARAM_NAMES: readonly string[] = [...SVC_PARAM_KEYS.keys()];
/** RFC 9463 §3.1.8: these keys must not appear. */
const FORBIDDEN = new Set([4, 6]);
/** The keys Kea supports in DNR: alpn, port, dohpath (packed in this order). */
const SUPPORTED = [1, 3, 7] as const;

function isSupported(key: number): boolean {
  return key === 1 || key === 3 || key === 7;
}

/** ALPN protocol ids Kea accepts in DNR text (IANA TLS ALPN registry, as listed in option4_dnr.cc). */
export const DNR_ALPN_IDS: ReadonlySet<string> = new Set([
  'http/0.9', 'http/1.0', 'http/1.1', 'spdy/1', 'spdy/2', 'spdy/3', 'stun.turn',
  'stun.nat-discovery', 'h2', 'h2c', 'webrtc', 'c-webrtc', 'ftp', 'imap', 'pop3', 'managesieve',
  'coap', 'xmpp-client', 'xmpp-server', 'acme-tls/1', 'mqtt', 'dot', 'ntske/1', 'sunrpc', 'h3',
  'smb', 'irc', 'nntp', 'nnsp', 'doq', 'sip/2', 'tds/8.0', 'dicom',
]);

const PORT_TEXT = /^\+?\d{1,5}$/;

/** A DNR payload Kea would reject; thrown inside the DNR readers and turned into a reason. */
export class DnrWireError extends Error {}

/** Space-separated resolver addresses of the family; at least one (RFC 9463 §3.1.8). */
export function parseDnrAddresses(text: string, family: 4 | 6): Uint8Array | string {
  const out: number[] = [];
  for (const t of keaTokens(text, ' ', false)) {
    const a = keaTrim(t);
    if (family === 4) {
      const v = parseIPv4(a);
      if (v === null) return `DNR resolver '${a}' is not an IPv4 address`;
      out.push(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    } else {
      const v = parseIPv6(a);
      if (v === null) return `DNR resolver '${a}' is not an IPv6 address`;
      out.push(...ipv6ToBytes(v));
    }
  }
  if (out.length === 0) return 'a DNR instance with more than an ADN needs at least one resolver address';
  return Uint8Array.from(out);
}

/** Formats packed resolver addresses, space-separated. */
export function formatDnrAddresses(b: Uint8Array, family: 4 | 6): string {
  const parts: string[] = [];
  const size = family === 4 ? 4 : 16;
  for (let p = 0; p < b.length; p += size) {
    parts.push(family === 4 ? formatIPv4(readU32(b, p)) : formatIPv6(ipv6FromBytes(b, p)));
  }
  return parts.join(' ');
}

/** Encodes one SvcParam value from text, or returns why it is invalid. */
function svcValue(key: number, value: string): { bytes: Uint8Array; http: boolean } | string {
  if (key === 1) {
    const out: number[] = [];
    let http = false;
    for (const id of keaTokens(value, ',', false)) {
      if (!DNR_ALPN_IDS.has(id)) return `alpn id '${id}' is not in the ALPN registry`;
      if (id.startsWith('h')) http = true;
      out.push(id.length, ...utf8Encode(id));
    }
    return { bytes: Uint8Array.from(out), http };
  }
  if (key === 3) {
    const port = PORT_TEXT.test(value) ? Number(value) : NaN;
    if (!(port <= 0xffff)) return `port '${value}' is not a uint16`;
    return { bytes: Uint8Array.of(port >> 8, port & 0xff), http: false };
  }
  // RFC 9461 §5: dohpath is a relative URI template with a "dns" variable.
  if (!value.includes('{?dns}')) return `dohpath '${value}' must contain the {?dns} variable`;
  return { bytes: utf8Encode(value), http: false };
}

/** Kea DnrInstance::parseSvcParams: space-separated `key=value`, packed in key order. */
export function encodeDnrSvcParams(text: string): Uint8Array | string {
  const values = new Map<number, Uint8Array>();
  let http = false;
  for (const pair of keaTokens(text, ' ', false)) {
    const kv = keaTokens(keaTrim(pair), '=', false);
    if (kv.length !== 2) return `SvcParam '${pair}' is not key=value`;
    const name = keaTrim(kv[0] as string);
    const key = SVC_PARAM_KEYS.get(name);
    if (key !== undefined && FORBIDDEN.has(key)) {
      return `SvcParam ${name} must not be used in DNR (RFC 9463 §3.1.8)`;
    }
    if (key === undefined) return `SvcParam key '${name}' is not in the SvcParamKeys registry`;
    if (!isSupported(key)) return `SvcParam ${name} is not supported in DNR (use alpn, port, dohpath)`;
    if (values.has(key)) return `SvcParam ${name} is given twice`;
    const value = keaTrim(kv[1] as string);
    if (value === '') return `SvcParam ${name} has an empty value`;
    const encoded = svcValue(key, value);
    if (typeof encoded === 'string') return encoded;
    http ||= encoded.http;
    values.set(key, encoded.bytes);
  }
  if (http && !values.has(7)) return 'alpn names an HTTP protocol, so dohpath must be given (RFC 9461 §5)';
  const out: number[] = [];
  for (const key of SUPPORTED) {
    const v = values.get(key);
    if (v !== undefined) out.push(0, key, v.length >> 8, v.length & 0xff, ...v);
  }
  return Uint8Array.from(out);
}

/**
 * One SvcParam value as text, or `null` when it has no text form (Kea does not check the values
 * when reading wire data, so neither do we: such a payload is valid but printed as hex).
 */
function svcValueText(key: number, v: Uint8Array, family: 4 | 6): string | null {
  if (key === 1) {
    const ids: string[] = [];
    for (let p = 0; p < v.length;) {
      const len = v[p] as number;
      const id = v.length - p - 1 < len ? null : utf8Decode(v.subarray(p + 1, p + 1 + len));
      if (id === null) return null;
      ids.push(id);
      p += 1 + len;
    }
    // Commas between ids are escaped for Kea's csv split (option_data_parser.cc tokens).
    return ids.join('\\,');
  }
  if (key === 3) return v.length === 2 ? String(readU16(v, 0)) : null;
  const path = utf8Decode(v);
  if (path === null) return null;
  return family === 4 ? path.replaceAll('|', '\\|') : path;
}

/**
 * Kea DnrInstance::unpackSvcParams, printing `key=value` pairs (`null` when a value has no text
 * form); throws DnrWireError where Kea rejects the data.
 */
export function decodeDnrSvcParams(b: Uint8Array, family: 4 | 6): string | null {
  const parts: string[] = [];
  let printable = true;
  let prev = -1;
  for (let p = 0; p < b.length;) {
    if (b.length - p < 4) throw new DnrWireError(`SvcParams truncated to ${b.length - p} octets`);
    const key = readU16(b, p);
    const name = SVC_PARAM_NAMES[key];
    if (name === undefined) throw new DnrWireError(`SvcParam key ${key} is not in the SvcParamKeys registry`);
    if (FORBIDDEN.has(key)) throw new DnrWireError(`SvcParam ${name} must not be used in DNR`);
    if (!isSupported(key)) throw new DnrWireError(`SvcParam ${name} is not supported in DNR`);
    if (key <= prev) throw new DnrWireError('SvcParam keys are not in increasing order or repeat');
    prev = key;
    const len = readU16(b, p + 2);
    if (b.length - p - 4 < len) throw new DnrWireError(`SvcParam ${name} value is truncated`);
    const value = svcValueText(key, b.subarray(p + 4, p + 4 + len), family);
    if (value === null) printable = false;
    parts.push(`${name}=${value ?? ''}`);
    p += 4 + len;
  }
  return printable ? parts.join(' ') : null;
}
