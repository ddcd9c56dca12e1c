/**
 * The client's host name (option 12), as Kea's processHostnameOption (dhcp4_srv.cc) decides
 * it before allocation, and the generated name after it: a reserved host name wins (qualified
 * with `ddns-qualifying-suffix`), `ddns-replace-client-name` may ask for a generated name, the
 * client's name is sanitised with `hostname-char-set` and qualified when it is a single label.
 * Pure.
 */
import { formatIPv4 } from '../net/index.js';
import type { DdnsParams4 } from '../config/index.js';

export interface HostnameDecision4 {
  /** Option 12 for the reply: a name, '.' for "generate one after allocation", or undefined. */
  readonly replyName: string | undefined;
  /** The host name stored with the lease ('' when none, or when it is to be generated). */
  readonly leaseName: string;
}

const GENERATE = '.';

/**
 * Kea's `D2ClientMgr::qualifyName` without a trailing dot: appends `ddns-qualifying-suffix`
 * unless the name ends with a dot or already ends with the suffix (at a label boundary).
 */
function qualify(name: string, suffix: string): string {
  const bare = suffix.endsWith('.') ? suffix.slice(0, -1) : suffix;
  let out = name;
  if (bare !== '' && !name.endsWith('.')) {
    const hasSuffix = name.endsWith(bare) && (name.length === bare.length || name[name.length - bare.length - 1] === '.');
    if (!hasSuffix) out = `${name}.${bare}`;
  }
  return out.endsWith('.') ? out.slice(0, -1) : out;
}

/** Labels of a name, ignoring a trailing dot; undefined when an inner label is empty. */
function labels(name: string): string[] | undefined {
  const body = name.endsWith('.') ? name.slice(0, -1) : name;
  if (body === '') return [];
  const parts = body.split('.');
  return parts.some((p) => p === '') ? undefined : parts;
}

const sanitizers = new Map<string, RegExp>();

/**
 * `hostname-char-set` is a POSIX extended regex of characters to replace. The common bracket
 * expressions translate directly to JavaScript; POSIX character classes are expanded.
 * LIMITATION: exotic POSIX constructs (collating elements, equivalence classes) are not
 * translated; config-test validates the set against libstdc++'s rules.
 */
function sanitizer(charSet: string): RegExp {
  let re = sanitizers.get(charSet);
  if (re === undefined) {
    const js = charSet
      .replace(/\[:alpha:\]/g, 'A-Za-z').replace(/\[:digit:\]/g, '0-9').replace(/\[:alnum:\]/g, 'A-Za-z0-9')
      .replace(/\[:upper:\]/g, 'A-Z').replace(/\[:lower:\]/g, 'a-z').replace(/\[:space:\]/g, ' \\t\\n\\r\\f\\v')
      .replace(/\[:punct:\]/g, '!-\\/:-@\\[-`{-~').replace(/\[:xdigit:\]/g, '0-9A-Fa-f');
    re = new RegExp(js, 'g');
    sanitizers.set(charSet, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * Decides option 12 for a DISCOVER or REQUEST.
 * @param queryName option 12 of the query (already trimmed of NULs), or undefined
 * @param reserved the reservation's host name ('' when none)
 */
export function decideHostname4(queryName: string | undefined, reserved: string, ddns: DdnsParams4): HostnameDecision4 {
  if (reserved !== '') {
    // A reserved name is always qualified (qualifyName), whatever its number of labels.
    const name = qualify(reserved, ddns.qualifyingSuffix).toLowerCase();
    return { replyName: name, leaseName: name };
  }
  const mode = ddns.replaceClientName;
  if (queryName === undefined) {
    return mode === 'always' || mode === 'when-not-present' ? { replyName: GENERATE, leaseName: '' } : { replyName: undefined, leaseName: '' };
  }
  const trimmed = queryName.trim();
  const parts = labels(trimmed);
  if (parts === undefined || (parts.length === 0 && mode !== 'always' && mode !== 'when-present')) {
    return { replyName: undefined, leaseName: '' };
  }
  if (mode === 'always' || mode === 'when-present' || parts.length === 0) return { replyName: GENERATE, leaseName: '' };
  let clean = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  if (ddns.hostnameCharSet !== '') clean = clean.replace(sanitizer(ddns.hostnameCharSet), ddns.hostnameCharReplacement);
  clean = clean.toLowerCase();
  if (clean === '') return { replyName: undefined, leaseName: '' };
  const name = parts.length === 1 ? qualify(clean, ddns.qualifyingSuffix) : clean;
  return { replyName: name, leaseName: name };
}

/** Kea's generated name for an address: `<prefix>-a-b-c-d[.suffix]` (postAllocateNameUpdate). */
export function generatedHostname4(address: number, ddns: DdnsParams4): string {
  const base = `${ddns.generatedPrefix}-${formatIPv4(address).replace(/\./g, '-')}`;
  return qualify(base, ddns.qualifyingSuffix).toLowerCase();
}
