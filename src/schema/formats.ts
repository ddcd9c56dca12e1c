/**
 * The string formats the schemas use (`"format": "ipv4-pool"`), implemented with the `net`
 * value types so that the schema and the semantic rules agree on what an address is.
 * Each entry says what a value must look like, for the error message.
 */
import {
  decodeFormattedHex,
  decodeQuotedText,
  isIPv4,
  isIPv6,
  parsePool,
  parseSubnetPrefix,
} from '../net/index.js';

export interface FormatSpec {
  readonly validate: (value: string) => boolean;
  /** Completes "must be …" in an error message. */
  readonly expected: string;
}

const interfaceName = /^[^\s/*]+$/;

function isInterfaceSpec(s: string): boolean {
  if (s === '*') return true;
  const slash = s.indexOf('/');
  if (slash === -1) return interfaceName.test(s);
  const name = s.slice(0, slash);
  const addr = s.slice(slash + 1);
  return interfaceName.test(name) && (isIPv4(addr) || isIPv6(addr));
}

const dnsLabel = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

/** A domain name as Kea's D2 and DDNS settings accept it: labels of 1..63, 255 octets, optional final dot. */
function isDnsName(s: string): boolean {
  if (s === '.') return true;
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  if (name === '' || name.length > 253) return false;
  return name.split('.').every((label) => dnsLabel.test(label));
}

function ciEnum(values: readonly string[]): (s: string) => boolean {
  const set = new Set(values.map((v) => v.toLowerCase()));
  return (s) => set.has(s.toLowerCase());
}

export const Formats: Readonly<Record<string, FormatSpec>> = {
  'ipv4-address': { validate: isIPv4, expected: 'an IPv4 address such as 192.0.2.1' },
  'ipv6-address': { validate: isIPv6, expected: 'an IPv6 address such as 2001:db8::1' },
  'ip-address': { validate: (s) => isIPv4(s) || isIPv6(s), expected: 'an IPv4 or IPv6 address' },
  'ipv4-prefix': { validate: (s) => parseSubnetPrefix(s, 4) !== null, expected: 'an IPv4 prefix such as 192.0.2.0/24' },
  'ipv6-prefix': { validate: (s) => parseSubnetPrefix(s, 6) !== null, expected: 'an IPv6 prefix such as 2001:db8::/64' },
  'ipv4-pool': {
    validate: (s) => parsePool(s, 4) !== null,
    expected: 'an IPv4 pool: "first - last" (first <= last) or a prefix such as 192.0.2.64/26',
  },
  'ipv6-pool': {
    validate: (s) => parsePool(s, 6) !== null,
    expected: 'an IPv6 pool: "first - last" (first <= last) or a prefix such as 2001:db8:1::/80',
  },
  'interface-spec': {
    validate: isInterfaceSpec,
    expected: 'an interface name ("eth0"), an interface and address ("eth0/192.0.2.1") or "*"',
  },
  'dns-name': { validate: isDnsName, expected: 'a domain name such as example.com.' },
  'host-identifier': {
    validate: (s) => s !== '' && (decodeQuotedText(s) !== null || (decodeFormattedHex(s)?.length ?? 0) > 0),
    expected: "hex octets such as 01:02:03:04:05:06, or text in single quotes ('foo')",
  },
  'ddns-replace-client-name-ci': {
    validate: ciEnum(['when-present', 'never', 'always', 'when-not-present', 'true', 'false']),
    expected: 'one of when-present, never, always, when-not-present (any case)',
  },
  'ncr-protocol-ci': { validate: ciEnum(['UDP', 'TCP']), expected: 'UDP or TCP' },
  'ncr-format-ci': { validate: ciEnum(['JSON']), expected: 'JSON' },
};

/** The formats in the shape ajv's generated validator calls (`FORMATS[name].validate(s)`). */
export const FORMAT_VALIDATORS: Readonly<Record<string, { readonly type: 'string'; validate(s: string): boolean }>> =
  Object.fromEntries(Object.entries(Formats).map(([name, spec]) => [name, { type: 'string', validate: spec.validate }]));

/**
 * String length in Unicode code points, as JSON Schema's minLength/maxLength count it (a
 * surrogate pair is one character). Used by the generated validator.
 */
export function ucs2length(s: string): number {
  let length = 0;
  for (let i = 0; i < s.length; i++) {
    length++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return length;
}
