/**
 * The standard options Kea builds with their own classes instead of the generic ones
 * (`OptionDefinition::factorySpecialFormatOption`, option_definition.cc), and the payload check
 * that dispatches to them. Pure: no I/O.
 */
import { decodeClasslessRoutes, decodeDnr } from './internal-options.js';
import { readWireName } from './fqdn.js';
import type { OptionDefinition } from './option-defs.js';
import { readGenericPayload, readTupleList, type ReadContext } from './option-wire.js';
import { checkSubOptions, checkVendorBlock4, checkVendorBlock6 } from './sub-options.js';

/** Which special class Kea uses for a definition, or `null` for the generic ones. */
export type SpecialKind =
  | 'ia' | 'iaaddr' | 'iaprefix' | 'fqdn6' | 'vendor6' | 'vendor-class' | 'status6' | 'tuples2'
  | 'pd-exclude' | 'dnr' | 'slp-scope' | 'fqdn4' | 'routes' | 'vendor4' | 'fqdn-list';

const V6_SPECIAL: ReadonlyMap<number, SpecialKind> = new Map([
  [3, 'ia'], [25, 'ia'], [5, 'iaaddr'], [26, 'iaprefix'], [39, 'fqdn6'], [17, 'vendor6'],
  [16, 'vendor-class'], [13, 'status6'], [60, 'tuples2'], [67, 'pd-exclude'], [144, 'dnr'],
]);
const V4_SPECIAL: ReadonlyMap<number, SpecialKind> = new Map([
  [79, 'slp-scope'], [81, 'fqdn4'], [121, 'routes'], [124, 'vendor-class'], [125, 'vendor4'],
  [143, 'tuples2'], [162, 'dnr'],
]);

/** Kea picks a special class by universe, space and code only (not by type). */
export function specialKind(def: OptionDefinition, family: 4 | 6): SpecialKind | null {
  if (family === 6 && def.space === 'dhcp6') return V6_SPECIAL.get(def.code) ?? null;
  if (family === 4 && def.space === 'dhcp4') {
    const kind = V4_SPECIAL.get(def.code);
    if (kind !== undefined) return kind;
  }
  // Any DHCPv4 array of FQDNs is read as a list of (possibly compressed) names.
  return family === 4 && def.type === 'fqdn' && def.array ? 'fqdn-list' : null;
}

/**
 * Checks a payload as Kea's option factory would build the option from it; prints fields into
 * `ctx.sink` for the generic kinds. Returns the reason Kea rejects it, or `null`.
 */
export function checkPayload(def: OptionDefinition, b: Uint8Array, ctx: ReadContext): string | null {
  const kind = specialKind(def, ctx.family);
  if (kind === null) return readGenericPayload(def, b, ctx);
  if (kind === 'tuples2') return readTupleList(b, ctx, 2);
  const why = checkSpecial(kind, b, ctx.sink === null ? ctx : { ...ctx, sink: null });
  if (why !== null) return why;
  // The special classes print like their generic definition; internal types print elsewhere.
  if (ctx.sink !== null && kind !== 'routes' && kind !== 'dnr') {
    const printed = readGenericPayload(def, b, ctx);
    if (printed !== null) ctx.sink.printable = false;
  }
  return null;
}

function u16(b: Uint8Array, p: number): number {
  return ((b[p] as number) << 8) | (b[p + 1] as number);
}

/** The checks of each special class's unpack(). */
function checkSpecial(kind: SpecialKind, b: Uint8Array, ctx: ReadContext): string | null {
  const n = b.length;
  switch (kind) {
    case 'ia': return n < 12 ? `IA option truncated: ${n} of 12 octets` : checkSubOptions('dhcp6', b, 12, n, ctx);
    case 'iaaddr':
      return n < 24 ? `IAADDR option truncated: ${n} of 24 octets` : checkSubOptions('dhcp6', b, 24, n, ctx);
    case 'iaprefix':
      if (n < 25) return `IAPREFIX option truncated: ${n} of 25 octets`;
      if ((b[8] as number) > 128) return `prefix length ${b[8]} is above 128`;
      return checkSubOptions('dhcp6', b, 25, n, ctx);
    case 'fqdn6': return checkClientFqdn(b, 1, 0x04, ctx.family);
    case 'fqdn4': return checkClientFqdn(b, 3, 0x08, ctx.family);
    case 'vendor6': return checkVendorBlock6(b, ctx);
    case 'vendor4':
      return n < 4 ? 'truncated vendor option (needs a 4-octet enterprise id)' : checkVendorBlock4(b, ctx);
    case 'vendor-class': return checkVendorClass(b, ctx.family);
    case 'status6': return n < 2 ? 'status code option needs at least 2 octets' : null;
    case 'slp-scope':
      if (n < 1) return 'SLP service scope option needs at least 1 octet';
      return b[0] === 0 || b[0] === 1 ? null : `mandatory flag ${b[0]} is not a boolean (0 or 1)`;
    case 'tuples2': return readTupleList(b, ctx, 2);
    case 'pd-exclude':
      if (n < 2) return 'prefix exclude option needs at least 2 octets';
      return b[0] === 0 ? 'excluded prefix length must not be 0' : null;
    case 'routes': {
      const r = decodeClasslessRoutes(b);
      return typeof r === 'string' ? r : null;
    }
    case 'dnr': {
      const r = decodeDnr(b, ctx.family);
      return typeof r === 'string' ? r : null;
    }
    case 'fqdn-list': return checkFqdnList(b);
  }
}

/**
 * Option4ClientFqdn / Option6ClientFqdn: flags (+ two RCODEs in v4), then a possibly partial
 * name; N and S must not both be set (RFC 4702 §2.1, RFC 4704 §4.1). In DHCPv4 the name is only
 * read as wire format when the E flag (0x04) is set; ASCII names are accepted as they are.
 */
function checkClientFqdn(b: Uint8Array, fixed: number, flagN: number, family: 4 | 6): string | null {
  if (b.length < fixed) return `client FQDN option needs at least ${fixed} octet(s)`;
  const flags = b[0] as number;
  if ((flags & flagN) !== 0 && (flags & 0x01) !== 0) return 'client FQDN flags N and S are both set';
  if (b.length === fixed || (family === 4 && (flags & 0x04) === 0)) return null;
  // A partial name lacks the terminating zero; Kea appends one before parsing.
  const name = b[b.length - 1] === 0 ? b.subarray(fixed) : Uint8Array.from([...b.subarray(fixed), 0]);
  const end = readWireName(name, 0, name.length);
  return typeof end === 'string' ? `client FQDN domain name: ${end}` : null;
}

/** OptionVendorClass: an enterprise id, then tuples (v4: each after a repeated, equal id). */
function checkVendorClass(b: Uint8Array, family: 4 | 6): string | null {
  if (b.length < 4) return 'vendor class option needs a 4-octet enterprise id';
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const id = view.getUint32(0);
  const lsize = family === 4 ? 1 : 2;
  let p = 4;
  while (p < b.length) {
    if (b.length - p < lsize) return 'vendor class data tuple is truncated';
    const len = lsize === 1 ? (b[p] as number) : u16(b, p);
    if (b.length - p - lsize < len) return `vendor class data tuple of ${len} octets is truncated`;
    p += lsize + len;
    if (family === 4 && p < b.length) {
      if (b.length - p < 4) return 'truncated enterprise id in vendor class option';
      const other = view.getUint32(p);
      if (other !== id) return `vendor class option mixes enterprise ids ${id} and ${other}`;
      p += 4;
      if (p + 1 >= b.length) return 'vendor class option ends after an enterprise id with no data tuple';
    }
  }
  return null;
}

/** OptionDefinition::factoryFqdnList: at least one name, every name complete. */
function checkFqdnList(b: Uint8Array): string | null {
  if (b.length === 0) return 'a domain name list must not be empty';
  for (let p = 0; p < b.length;) {
    const next = readWireName(b, p, b.length);
    if (typeof next === 'string') return next;
    p = next;
  }
  return null;
}
