/**
 * One host reservation on its own: exactly one identifier, its value, and the DHCPv4 fields
 * (`ip-address`, `next-server`, `server-hostname`, `boot-file-name`). Mirrors Kea's
 * host_reservation_parser.cc and host.cc (`Host::setIdentifier`, `setIPv4Reservation`,
 * `setNextServer`, ...). The DHCPv6 resources are in reservations-v6.ts.
 *
 * Values the JSON Schema already rejects (wrong type, bad format, too many characters) are
 * skipped silently, so one mistake gives one issue.
 */
import { decodeIdentifier, IdentifierTypes, parseIPv4, type Family, type IdentifierType } from '../../net/index.js';
import { Formats } from '../../schema/index.js';
import { joinPointer } from '../issues.js';
import { checkBootFieldBytes, checkNextServerNotBroadcast } from './boot-fields.js';
import { str, type Located, type RuleContext } from './context.js';
import { checkHost6, type Resource6 } from './reservations-v6.js';

/**
 * What the cross-reservation checks need from one reservation: only values that passed every
 * check. Pointers of fields are built only when an issue is reported (they cost time).
 */
export interface ParsedHost {
  readonly path: string;
  readonly identifier: HostIdentifier | undefined;
  /** DHCPv4 `ip-address` as a 32-bit number. */
  readonly address4: number | undefined;
  /** DHCPv6 `ip-addresses` then `prefixes`, Kea's order. */
  readonly resources6: readonly Resource6[];
}

export interface HostIdentifier {
  readonly type: IdentifierType;
  /** One letter for the type, then one character per octet: the key for duplicate checks. */
  readonly key: string;
  /** The value as written. */
  readonly text: string;
}

/**
 * Kea visits the keys of a map in std::map (byte) order; the identifier keys, so sorted (they
 * are ASCII: code-unit order is byte order). DHCPv6 reservations have no circuit-id or client-id.
 */
const IDENTIFIER_KEYS: Readonly<Record<Family, readonly IdentifierType[]>> = {
  4: [...IdentifierTypes].sort(),
  6: IdentifierTypes.filter((t) => t !== 'circuit-id' && t !== 'client-id').sort(),
};

const TYPE_LETTER: Readonly<Record<IdentifierType, string>> = {
  'circuit-id': 'c', 'client-id': 'l', duid: 'd', 'flex-id': 'f', 'hw-address': 'h',
};

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Kea 2.4+ builds a DUID object from a `duid` identifier when adding the host (CfgHosts::add4). */
const DUID_MIN_OCTETS = 3;
/** Pkt4 sname is 64 octets and file 128, each with a terminating NUL (host.cc). */
const SNAME_MAX = 63;
const FILE_MAX = 127;

const hostIdentifierFormat = Formats['host-identifier'];

/** Checks one reservation of a DHCPv4 or DHCPv6 map and returns what it reserves. */
export function checkHost(r: Located, family: Family, ctx: RuleContext): ParsedHost {
  const identifier = checkIdentifier(r, family, ctx);
  if (family === 6) {
    return { path: r.path, identifier, address4: undefined, resources6: checkHost6(r, ctx) };
  }
  if (r.value['next-server'] !== undefined || r.value['server-hostname'] !== undefined || r.value['boot-file-name'] !== undefined) {
    checkBootFields(r, ctx);
  }
  return { path: r.path, identifier, address4: checkAddress4(r, ctx), resources6: NONE };
}

const NONE: readonly Resource6[] = [];

/** How an identifier shows in a message: as written, plus its octets when written otherwise. */
export function showIdentifier(id: HostIdentifier): string {
  const octets: string[] = [];
  for (let i = 1; i < id.key.length; i++) octets.push(HEX[id.key.charCodeAt(i)] as string);
  const colon = octets.join(':');
  return colon === id.text.toLowerCase() ? id.text : `${clip(id.text)} (${clip(colon)})`;
}

/** H1, H2, H6: exactly one identifier key, its value decodes and is not too long (or short). */
function checkIdentifier(r: Located, family: Family, ctx: RuleContext): HostIdentifier | undefined {
  const keys = IDENTIFIER_KEYS[family];
  let present = false;
  let clash = false;
  let chosenType: IdentifierType | undefined;
  let chosenText = '';
  for (const type of keys) {
    const v = r.value[type];
    if (v === undefined) continue;
    present = true;
    if (typeof v !== 'string') continue; // wrong type: reported by the schema
    // Kea only notices a second identifier when the first one had a non-empty value.
    if (chosenType !== undefined && chosenText !== '') {
      ctx.error('multiple-host-identifiers', joinPointer(r.path, type),
        `reservation has both "${chosenType}" and "${type}"; a reservation has exactly one identifier`,
        'split it into one reservation per identifier');
      clash = true;
      continue;
    }
    chosenType = type;
    chosenText = v;
  }
  if (!present) {
    ctx.error('missing-host-identifier', r.path, `reservation has no identifier; give it one of ${keys.join(', ')}`);
    return undefined;
  }
  if (clash || chosenType === undefined) return undefined;
  return decodeChosen(r, chosenType, chosenText, ctx);
}

function decodeChosen(r: Located, type: IdentifierType, text: string, ctx: RuleContext): HostIdentifier | undefined {
  const bytes = decodeIdentifier(type, text);
  if (typeof bytes === 'string') {
    // Not hex octets nor quoted text (or empty): the schema's host-identifier format said so.
    if (hostIdentifierFormat?.validate(text) !== true) return undefined;
    ctx.error('invalid-host-identifier', joinPointer(r.path, type), `${type} ${clip(text)}: ${bytes}`,
      'Kea limits hw-address to 20 octets, duid to 130, client-id to 255, circuit-id and flex-id to 128');
    return undefined;
  }
  if (type === 'duid' && bytes.length < DUID_MIN_OCTETS) {
    ctx.error('invalid-host-identifier', joinPointer(r.path, type),
      `duid ${text} is ${bytes.length} octet${bytes.length === 1 ? '' : 's'} long; Kea 2.4 and later reject a DUID shorter than ${DUID_MIN_OCTETS} octets`,
      'a DUID is a 2-octet type followed by at least one octet of data (RFC 8415 §11)');
    return undefined;
  }
  // One UTF-16 unit per octet: a short, flat string is the cheapest Map key.
  return { type, key: TYPE_LETTER[type] + String.fromCharCode.apply(null, bytes as unknown as number[]), text };
}

/** H9: neither 0.0.0.0 nor the broadcast address can be reserved (Host::setIPv4Reservation). */
function checkAddress4(r: Located, ctx: RuleContext): number | undefined {
  const text = str(r.value['ip-address']);
  if (text === undefined) return undefined;
  const value = parseIPv4(text);
  if (value === null) return undefined; // not an IPv4 address: reported by the schema
  if (value === 0 || value === 0xffffffff) {
    ctx.error('invalid-reserved-address', joinPointer(r.path, 'ip-address'),
      `ip-address ${text} cannot be reserved; Kea refuses ${value === 0 ? 'the unspecified address' : 'the broadcast address'}`,
      'reserve an address of the subnet, or remove "ip-address" to reserve only options, classes or a host name');
    return undefined;
  }
  return value;
}

/** H10-H12: siaddr, sname and file of a DHCPv4 reservation (Host::setNextServer, ...). */
function checkBootFields(r: Located, ctx: RuleContext): void {
  checkNextServerNotBroadcast(r, 'reservation', ctx);
  checkBootFieldBytes(r, 'server-hostname', SNAME_MAX, 'reservation', ctx);
  checkBootFieldBytes(r, 'boot-file-name', FILE_MAX, 'reservation', ctx);
}

/** Shortens a long value for a message. */
function clip(text: string): string {
  return text.length > 48 ? `${text.slice(0, 45)}...` : text;
}
