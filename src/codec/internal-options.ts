/**
 * The `internal` option types' text forms: DHCPv4 classless static routes (121, RFC 3442) in
 * Kea's `prefix - router` notation (option_classless_static_route.cc), and the Encrypted DNS
 * options v4-dnr (162) / v6-dnr (144, RFC 9463) in Kea's convenient notation
 * (option4_dnr.cc, option6_dnr.cc). Text → wire and wire → text. Pure: no I/O.
 */
import { formatIPv4, parseIPv4 } from '../net/index.js';
import { fqdnToWire, readWireName, wireNameToText } from './fqdn.js';
import { readU16, readU32 } from './byte-writer.js';
import { keaTokens, keaTrim } from './kea-text.js';
import { DnrWireError, decodeDnrSvcParams, encodeDnrSvcParams, formatDnrAddresses,
  parseDnrAddresses } from './dnr-params.js';

const PREFIX_LEN_TEXT = /^\+?\d{1,5}$/;

/** Kea's text for option 121: `10.229.0.0/16 - 10.229.0.1, 10.198.122.47/32 - 10.198.122.1`. */
export function encodeClasslessRoutes(text: string): Uint8Array | string {
  if (text.length < 5) {
    return `'${text}' is not a route list (write prefix - router, e.g. 10.0.0.0/8 - 10.0.0.1)`;
  }
  const out: number[] = [];
  for (const routeText of keaTokens(text, ',', false)) {
    const parts = keaTokens(keaTrim(routeText), '-', false);
    const [dest, via] = parts;
    if (parts.length !== 2 || dest === undefined || via === undefined) {
      return `route '${keaTrim(routeText)}' is not prefix - router, e.g. 10.229.0.128/25 - 10.229.0.1`;
    }
    const prefix = keaTrim(dest);
    const slash = prefix.indexOf('/');
    if (slash < 0) return `'${prefix}' is not an IPv4 prefix (address/length)`;
    const subnet = parseIPv4(prefix.slice(0, slash));
    if (subnet === null) return `'${prefix.slice(0, slash)}' is not an IPv4 address`;
    const lenText = prefix.slice(slash + 1);
    const width = PREFIX_LEN_TEXT.test(lenText) ? Number(lenText) : NaN;
    if (!(width <= 32)) return `prefix length '${lenText}' is not valid (0..32)`;
    const router = parseIPv4(keaTrim(via));
    if (router === null) return `router '${keaTrim(via)}' is not an IPv4 address`;
    // RFC 3442 §5: the width, then only the significant octets of the destination (Kea does
    // not clear host bits inside the last octet), then the router.
    out.push(width);
    for (let i = 0; i < Math.ceil(width / 8); i++) out.push((subnet >>> (24 - 8 * i)) & 0xff);
    out.push(router >>> 24, (router >>> 16) & 0xff, (router >>> 8) & 0xff, router & 0xff);
  }
  return Uint8Array.from(out);
}

/** Reads option 121 wire data; returns Kea's text notation or the reason the data is malformed. */
export function decodeClasslessRoutes(b: Uint8Array): { text: string } | string {
  if (b.length < 5) return `classless static routes need at least 5 octets, got ${b.length}`;
  const routes: string[] = [];
  let p = 0;
  while (p < b.length) {
    if (b.length - p < 5) return `route at offset ${p} is truncated`;
    const width = b[p++] as number;
    if (width > 32) return `subnet mask width ${width} is above 32`;
    const octets = Math.ceil(width / 8);
    if (b.length - p < octets + 4) return `route at offset ${p - 1} is truncated`;
    let subnet = 0;
    for (let i = 0; i < 4; i++) subnet = subnet * 256 + (i < octets ? (b[p + i] as number) : 0);
    p += octets;
    const router = readU32(b, p);
    p += 4;
    routes.push(`${formatIPv4(subnet)}/${width} - ${formatIPv4(router)}`);
  }
  return { text: routes.join(', ') };
}

/** One parsed DNR instance, family-neutral. */
interface DnrInstance {
  readonly priority: number;
  readonly adn: Uint8Array;
  readonly addresses: Uint8Array | null; // null = ADN-only mode
  readonly svcParams: Uint8Array;
}

const PRIORITY_TEXT = /^\+?\d{1,5}$/;

/** DnrInstance::parseDnrInstanceConfigData: `priority, adn[, addresses[, svc-params]]`. */
function parseDnrInstance(text: string, family: 4 | 6): DnrInstance | string {
  const fields = keaTokens(text, ',', true);
  if (fields.length < 2) {
    return `DNR instance '${keaTrim(text)}' needs at least a service priority and an ADN`;
  }
  if (fields.length > 4) {
    return `DNR instance '${keaTrim(text)}' has more than 4 fields (priority, ADN, addresses, svc-params)`;
  }
  const prioText = keaTrim(fields[0] as string);
  const priority = PRIORITY_TEXT.test(prioText) ? Number(prioText) : NaN;
  if (!(priority <= 0xffff)) return `service priority '${prioText}' is not a uint16`;
  const adnText = keaTrim(fields[1] as string);
  const adn = fqdnToWire(adnText, true);
  if (typeof adn === 'string') return `ADN '${adnText}' is not a domain name: ${adn}`;
  if (fields.length === 2) return { priority, adn, addresses: null, svcParams: new Uint8Array(0) };
  const addresses = parseDnrAddresses(keaTrim(fields[2] as string), family);
  if (typeof addresses === 'string') return addresses;
  const svc = fields.length === 4 ? encodeDnrSvcParams(keaTrim(fields[3] as string)) : new Uint8Array(0);
  if (typeof svc === 'string') return svc;
  return { priority, adn, addresses, svcParams: svc };
}

/** Packs one instance: DHCPv4 uses 1-octet ADN/address lengths, DHCPv6 2-octet ones. */
function packDnrInstance(inst: DnrInstance, family: 4 | 6): number[] {
  const out: number[] = [inst.priority >> 8, inst.priority & 0xff];
  const pushLen = (n: number): void => {
    if (family === 6) out.push(n >> 8);
    out.push(n & 0xff);
  };
  pushLen(inst.adn.length);
  out.push(...inst.adn);
  if (inst.addresses === null) return out;
  pushLen(inst.addresses.length);
  out.push(...inst.addresses, ...inst.svcParams);
  return out;
}

/**
 * Encodes Kea's DNR notation. `text` is the option data after Kea's csv handling (escaped commas
 * restored as `\,`). DHCPv4 allows several instances separated by `|` (RFC 9463 §5.1), each
 * prefixed with its 2-octet length; DHCPv6 carries exactly one.
 */
export function encodeDnr(text: string, family: 4 | 6): Uint8Array | string {
  if (family === 6) {
    const inst = parseDnrInstance(text, 6);
    return typeof inst === 'string' ? inst : Uint8Array.from(packDnrInstance(inst, 6));
  }
  const out: number[] = [];
  for (const instText of keaTokens(text, '|', true)) {
    const inst = parseDnrInstance(instText, 4);
    if (typeof inst === 'string') return inst;
    const body = packDnrInstance(inst, 4);
    if (body.length > 0xffff) return 'DNR instance is longer than 65535 octets';
    out.push(body.length >> 8, body.length & 0xff, ...body);
  }
  return Uint8Array.from(out);
}

/** Reads a length field of `size` octets at `p`. */
function readLen(b: Uint8Array, p: number, size: 1 | 2): number {
  return size === 1 ? (b[p] as number) : readU16(b, p);
}

/**
 * Reads one instance in [p, end) (after the v4 instance length); returns its text (`null` when it
 * has none) or throws DnrWireError where Kea rejects the data.
 */
function readDnrInstance(b: Uint8Array, p: number, end: number, family: 4 | 6): string | null {
  const lsize = family === 4 ? 1 : 2;
  if (end - p < 2 + lsize) throw new DnrWireError('DNR instance is truncated');
  const priority = readLen(b, p, 2);
  p += 2;
  const adnLen = readLen(b, p, lsize);
  p += lsize;
  if (adnLen === 0) throw new DnrWireError('the mandatory ADN is missing');
  if (end - p < adnLen) throw new DnrWireError(`ADN of ${adnLen} octets is truncated`);
  const nameEnd = readWireName(b, p, p + adnLen);
  if (typeof nameEnd === 'string') throw new DnrWireError(`ADN: ${nameEnd}`);
  let text = `${priority}, ${wireNameToText(b, p)}`;
  p += adnLen;
  if (p === end) return text;
  if (end - p < lsize) throw new DnrWireError('address length field is truncated');
  const addrLen = readLen(b, p, lsize);
  p += lsize;
  const size = family === 4 ? 4 : 16;
  if (addrLen === 0 || addrLen % size !== 0) {
    throw new DnrWireError(`address length ${addrLen} is not a non-zero multiple of ${size}`);
  }
  if (end - p < addrLen) throw new DnrWireError('addresses are truncated');
  text += `, ${formatDnrAddresses(b.subarray(p, p + addrLen), family)}`;
  p += addrLen;
  if (p === end) return text;
  const params = decodeDnrSvcParams(b.subarray(p, end), family);
  return params === null ? null : `${text}, ${params}`;
}

/**
 * Reads v4-dnr / v6-dnr wire data; returns Kea's notation (`null` when some value has no text
 * form) or the reason Kea would reject the data.
 */
export function decodeDnr(b: Uint8Array, family: 4 | 6): { text: string | null } | string {
  try {
    if (family === 6) {
      if (b.length < 4) return `DNR option needs at least 4 octets, got ${b.length}`;
      return { text: readDnrInstance(b, 0, b.length, 6) };
    }
    const parts: string[] = [];
    let printable = true;
    let p = 0;
    while (p < b.length) {
      if (b.length - p < 5) return `DNR instance at offset ${p} is truncated`;
      const len = readLen(b, p, 2);
      if (b.length - p - 2 < len) return `DNR instance at offset ${p} claims ${len} octets, more than remain`;
      const text = readDnrInstance(b, p + 2, p + 2 + len, 4);
      if (text === null) printable = false;
      else parts.push(text);
      p += 2 + len;
    }
    return { text: printable ? parts.join(' | ') : null };
  } catch (err) {
    if (err instanceof DnrWireError) return err.message;
    throw err;
  }
}
