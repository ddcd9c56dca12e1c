/**
 * `DhcpDdns.forward-ddns` / `reverse-ddns`: the checks of kea-dhcp-ddns's domain and DNS server
 * parsers (src/lib/d2srv/d2_config.cc `DdnsDomainListParser`, `DdnsDomainParser`,
 * `DnsServerInfoParser`, and d2_parser.yy), plus warnings for domains that Kea accepts but can
 * never match: D2 matches a request's name (always written with a final dot) against the domain
 * names as text (`DdnsDomainListMgr::matchDomain`, case-insensitive suffix on a label boundary).
 */
import { Formats } from '../../schema/index.js';
import { parseAddress } from '../../net/index.js';
import { joinPointer } from '../issues.js';
import { eachObj, int, isObj, str, type Located, type RuleContext } from './context.js';

type Direction = 'forward-ddns' | 'reverse-ddns';

/** Names already seen in one direction: exact text and letter-case-folded text, to their path. */
interface SeenNames {
  readonly exact: Map<string, string>;
  readonly folded: Map<string, { readonly name: string; readonly path: string }>;
}

/** Checks both domain lists against the TSIG key names defined (`keys`, exact strings). */
export function checkDdnsDomains(d2: Located, keys: ReadonlySet<string>, ctx: RuleContext): void {
  for (const direction of ['forward-ddns', 'reverse-ddns'] as const) {
    const set = d2.value[direction];
    if (!isObj(set)) continue;
    const seen: SeenNames = { exact: new Map(), folded: new Map() };
    for (const domain of eachObj({ value: set, path: joinPointer(d2.path, direction) }, 'ddns-domains')) {
      checkDomainName(domain, direction, seen, ctx);
      checkDomainKeys(domain, direction, keys, ctx);
      checkServers(domain, direction, ctx);
    }
  }
}

const domainLabel = (domain: Located, direction: Direction): string => {
  const name = str(domain.value['name']);
  return name === undefined || name === '' ? `${direction} domain at ${domain.path}` : `${direction} domain '${name}'`;
};

function checkDomainName(domain: Located, direction: Direction, seen: SeenNames, ctx: RuleContext): void {
  const name = str(domain.value['name']);
  if (name === undefined) return;
  const path = joinPointer(domain.path, 'name');
  if (name === '') {
    ctx.error('domain-name-blank', path, `${direction} domain name is empty`,
      'give the zone name, e.g. example.com., or "*" for every name not matched otherwise');
    return;
  }
  if (!checkDuplicate(name, path, direction, seen, ctx) || name === '*') return;
  if (direction === 'forward-ddns' && Formats['dns-name']?.validate(name) === false) {
    ctx.warn('ddns-domain-name-invalid', path, `${direction} domain '${name}' is not a valid domain name`,
      'Kea accepts this, but no client name will match it; use a zone name such as example.com.');
    return;
  }
  if (!name.endsWith('.')) {
    ctx.warn('ddns-domain-no-trailing-dot', path,
      `${direction} domain '${name}' has no final dot, and kea-dhcp-ddns compares it as text with names that always end with one, so it never matches`,
      `Kea accepts this; write '${name}.'`);
  }
  if (direction === 'reverse-ddns') checkReverseZone(name, path, ctx);
}

/** DM5: duplicates are errors (exact text); names that differ only in letter case, warnings. */
function checkDuplicate(name: string, path: string, direction: Direction, seen: SeenNames, ctx: RuleContext): boolean {
  const first = seen.exact.get(name);
  if (first !== undefined) {
    ctx.error('duplicate-ddns-domain', path, `${direction} domain '${name}' is already defined at ${first}`,
      'each zone may be listed once per direction; merge the dns-servers of the two entries');
    return false;
  }
  seen.exact.set(name, path);
  const other = seen.folded.get(name.toLowerCase());
  if (other !== undefined) {
    ctx.warn('ddns-domain-case-duplicate', path,
      `${direction} domain '${name}' differs from '${other.name}' (${other.path}) only in letter case; kea-dhcp-ddns matches names case-insensitively, so only one of them is used`,
      'Kea accepts this; remove one of the two');
  } else {
    seen.folded.set(name.toLowerCase(), { name, path });
  }
  return true;
}

const V4_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const V6_NIBBLE = /^[0-9a-f]$/;

/**
 * D2 builds reverse names as `d.c.b.a.in-addr.arpa.` (decimal octets without leading zeros) or
 * 32 single hex digits then `ip6.arpa.`; a reverse domain of another form never matches.
 */
function checkReverseZone(name: string, path: string, ctx: RuleContext): void {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  const tail = labels.slice(-2).join('.');
  const head = labels.slice(0, -2);
  let why: string | undefined;
  if (tail === 'in-addr.arpa') {
    if (head.length > 4 || !head.every((l) => V4_OCTET.test(l) && Number(l) <= 255)) {
      why = 'an IPv4 reverse zone is at most 4 decimal octets (0-255, no leading zeros) before in-addr.arpa.';
    }
  } else if (tail === 'ip6.arpa') {
    if (head.length > 32 || !head.every((l) => V6_NIBBLE.test(l))) {
      why = 'an IPv6 reverse zone is at most 32 single hex digits before ip6.arpa.';
    }
  } else {
    why = 'it is not under in-addr.arpa. or ip6.arpa.';
  }
  if (why !== undefined) {
    ctx.warn('reverse-domain-not-reverse-zone', path, `reverse-ddns domain '${name}' never matches a lease address: ${why}`,
      'Kea accepts this; for 192.0.2.0/24 write 2.0.192.in-addr.arpa., for 2001:db8:1::/48 write 1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.');
  }
}

/** Points at a defined key whose name differs only in letter case or the final dot. */
function keyHint(ref: string, keys: ReadonlySet<string>): string {
  const norm = (s: string): string => s.toLowerCase().replace(/\.$/, '');
  const near = [...keys].find((k) => norm(k) === norm(ref));
  return near === undefined
    ? 'define the key in tsig-keys, or fix the name'
    : `did you mean '${near}'? key names are compared exactly, letter case and final dot included`;
}

/** DM4 and DS1: Kea checks the domain's key only for servers that have no key-name of their own. */
function checkDomainKeys(domain: Located, direction: Direction, keys: ReadonlySet<string>, ctx: RuleContext): void {
  const servers = eachObj(domain, 'dns-servers');
  let inherits = false;
  for (const server of servers) {
    const own = server.value['key-name'];
    if (own === undefined || own === '') {
      inherits = true;
    } else if (typeof own === 'string' && !keys.has(own)) {
      ctx.error('undefined-tsig-key', joinPointer(server.path, 'key-name'),
        `${serverLabel(server)} of ${domainLabel(domain, direction)} uses key-name '${own}', which is not in tsig-keys`,
        keyHint(own, keys));
    }
  }
  const key = str(domain.value['key-name']);
  if (key === undefined || key === '' || keys.has(key) || servers.length === 0) return;
  const path = joinPointer(domain.path, 'key-name');
  if (inherits) {
    ctx.error('undefined-tsig-key', path, `${domainLabel(domain, direction)} uses key-name '${key}', which is not in tsig-keys`,
      keyHint(key, keys));
  } else {
    ctx.warn('undefined-tsig-key-unused', path,
      `${domainLabel(domain, direction)} uses key-name '${key}', which is not in tsig-keys; every server has its own key-name, so Kea does not check it`,
      `Kea accepts this; ${keyHint(key, keys)}`);
  }
}

const serverLabel = (server: Located): string => {
  const ip = str(server.value['ip-address']);
  return ip === undefined || ip === '' ? `dns server at ${server.path}` : `dns server ${ip}`;
};

function checkServers(domain: Located, direction: Direction, ctx: RuleContext): void {
  const seen = new Map<string, string>();
  for (const server of eachObj(domain, 'dns-servers')) {
    const port = int(server.value['port']) ?? 53;
    if (port === 0) {
      // d2_parser.yy: "port must be greater than zero but less than 65536".
      ctx.error('out-of-range', joinPointer(server.path, 'port'),
        `${serverLabel(server)} of ${domainLabel(domain, direction)}: port 0 is out of range (1 to 65535)`,
        'leave port out for 53');
    }
    const addr = parseAddress(str(server.value['ip-address']) ?? '');
    if (addr === null) continue;
    const id = `${addr.family}/${addr.value}/${port}`;
    const first = seen.get(id);
    if (first !== undefined) {
      ctx.warn('duplicate-dns-server', server.path,
        `${serverLabel(server)} port ${port} is listed twice in ${domainLabel(domain, direction)} (first at ${first})`,
        'Kea accepts this; a second try at the same server only delays the failure, remove one');
    } else {
      seen.set(id, server.path);
    }
  }
}
