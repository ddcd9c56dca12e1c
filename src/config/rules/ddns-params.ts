/**
 * DDNS behaviour parameters, checked where they are written (Kea does not derive them): the
 * global level (srv_config.cc `sanityChecksDdnsTtlParameters`), shared networks, subnets and
 * address pools (base_network_parser.h `parseDdnsParameters`). ddns-ttl excludes
 * ddns-ttl-percent/min/max; ddns-ttl-max may not be below ddns-ttl-min; hostname-char-set must
 * compile as a POSIX extended regular expression with libstdc++'s std::regex, and it and its
 * replacement are limited to 4096 bytes (util/str.cc StringSanitizer).
 */
import { joinPointer } from '../issues.js';
import { int, str, type DaemonView, type Located, type RuleContext } from './context.js';
import { checkPosixExtendedRegex, type PosixRegexCheck } from './params-posix-regex.js';
import { daemonScopes, labelOf } from './scopes.js';

/** StringSanitizer::MAX_DATA_SIZE, in bytes. */
const MAX_SANITIZER_BYTES = 4096;

/**
 * Runs the DDNS parameter rules over one DHCP daemon's map.
 * @example checkDdnsParams(daemonView(root.Dhcp6, 6), ctx)
 */
export function checkDdnsParams(view: DaemonView, ctx: RuleContext): void {
  for (const scope of daemonScopes(view, ['global', 'network', 'subnet', 'pool'])) {
    const label = labelOf(scope);
    checkDdnsTtl(scope, label, ctx);
    if (scope.kind === 'global') checkGlobalCharSet(scope, label, ctx);
    else checkCharSet(scope, label, ctx);
  }
}

/** DD3-DD6, G17-G18. */
function checkDdnsTtl(scope: Located, label: string, ctx: RuleContext): void {
  const ttl = int(scope.value['ddns-ttl']);
  if (ttl !== undefined) {
    for (const key of ['ddns-ttl-percent', 'ddns-ttl-min', 'ddns-ttl-max']) {
      if (scope.value[key] === undefined) continue;
      ctx.error('ddns-ttl-conflict', joinPointer(scope.path, key),
        `${label}: ${key} cannot be combined with ddns-ttl (${ttl})`,
        `ddns-ttl sets a fixed TTL; remove either ddns-ttl or ${key}`);
    }
  }
  const min = int(scope.value['ddns-ttl-min']);
  const max = int(scope.value['ddns-ttl-max']);
  // Kea compares within one scope only; a missing minimum counts as 0.
  if (max !== undefined && max < (min ?? 0)) {
    ctx.error('ddns-ttl-max-below-min', joinPointer(scope.path, 'ddns-ttl-max'),
      `${label}: ddns-ttl-max ${max} is below ddns-ttl-min ${min ?? 0}`,
      'raise ddns-ttl-max or lower ddns-ttl-min (equal values are allowed)');
  }
}

const byteLength = (s: string): number => new TextEncoder().encode(s).length;

/** What Kea's StringSanitizer refuses (the key at fault and why), or `null` and the compiled check for escape warnings. */
type CharSetVerdict =
  | { readonly key: 'hostname-char-set' | 'hostname-char-replacement'; readonly problem: string }
  | { readonly key: null; readonly regex: PosixRegexCheck };

function judgeCharSet(charSet: string, replacement: string | undefined): CharSetVerdict {
  for (const [key, value] of [['hostname-char-set', charSet], ['hostname-char-replacement', replacement]] as const) {
    const bytes = value === undefined ? 0 : byteLength(value);
    if (bytes > MAX_SANITIZER_BYTES) return { key, problem: `${key} is ${bytes} bytes long; Kea allows at most ${MAX_SANITIZER_BYTES}` };
  }
  const regex = checkPosixExtendedRegex(charSet);
  if (regex.error !== null) {
    return { key: 'hostname-char-set', problem: `hostname-char-set ${quote(charSet)} is not a valid POSIX extended regular expression: ${regex.error}` };
  }
  return { key: null, regex };
}

/** DD2 for a shared network, subnet or pool. */
function checkCharSet(scope: Located, label: string, ctx: RuleContext): void {
  const charSet = str(scope.value['hostname-char-set']);
  if (charSet === undefined || charSet === '') return; // empty: no sanitizing, nothing compiled
  const verdict = judgeCharSet(charSet, str(scope.value['hostname-char-replacement']));
  if (verdict.key !== null) {
    ctx.error('hostname-char-set-invalid', joinPointer(scope.path, verdict.key), `${label}: ${verdict.problem}`,
      'hostname-char-set is a POSIX extended regular expression matching the characters to replace, e.g. [^A-Za-z0-9.-]');
    return;
  }
  warnEscapes(charSet, verdict.regex, joinPointer(scope.path, 'hostname-char-set'), label, ctx);
}

/** Kea compiles the global hostname-char-set only when it sanitizes a name, per packet. */
function checkGlobalCharSet(global: Located, label: string, ctx: RuleContext): void {
  const charSet = str(global.value['hostname-char-set']);
  if (charSet === undefined || charSet === '') return;
  const verdict = judgeCharSet(charSet, str(global.value['hostname-char-replacement']));
  if (verdict.key !== null) {
    ctx.warn('global-hostname-char-set-invalid', joinPointer(global.path, verdict.key), `${label}: ${verdict.problem}`,
      'Kea accepts this at load time but cannot sanitize host names in the subnets that inherit it; fix the expression');
    return;
  }
  warnEscapes(charSet, verdict.regex, joinPointer(global.path, 'hostname-char-set'), label, ctx);
}

/** Backslashes whose meaning depends on the Kea build, or that do not mean what Perl users expect. */
function warnEscapes(charSet: string, regex: PosixRegexCheck, at: string, label: string, ctx: RuleContext): void {
  if (regex.ordinaryEscapes.length > 0) {
    const list = [...new Set(regex.ordinaryEscapes)].join(', ');
    ctx.warn('hostname-char-set-escape', at,
      `${label}: hostname-char-set ${quote(charSet)} escapes ordinary characters (${list}); Kea built in strict C++ mode (as for NETCONF) rejects it, other builds read ${regex.ordinaryEscapes[0]} as the bare character`,
      'drop the backslash (a dash goes first or last inside brackets) or use a class such as [[:digit:]] or [[:alnum:]]');
  }
  if (regex.bracketBackslashes.length > 0) {
    const list = [...new Set(regex.bracketBackslashes)].join(', ');
    ctx.warn('hostname-char-set-perl-escape', at,
      `${label}: hostname-char-set ${quote(charSet)} has ${list} inside brackets, where a backslash is an ordinary character; Kea accepts this`,
      'POSIX brackets have no escapes: [\\w] matches a backslash or w; use classes such as [[:alnum:]] or [[:digit:]]');
  }
}

/** The pattern in messages, as Kea quotes it: in single quotes, control characters escaped, long ones shortened. */
function quote(s: string): string {
  const short = s.length > 80 ? `${s.slice(0, 77)}...` : s;
  return `'${short.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}
