/**
 * The DHCPv6 resources of one reservation: `ip-addresses`, `prefixes` and `excluded-prefixes`
 * (host_reservation_parser.cc `HostReservationParser6` and its `parsePrefix`, host.cc
 * `IPv6Resrv::set` and `Host::addReservation`, option6_pdexclude.cc).
 *
 * Values the schema already rejects are skipped. Kea's own prefix parser is stricter than the
 * schema's `ipv6-prefix` format in a few ways (no blanks, length 1..128, no bits after the
 * length, no multicast), and those are reported here.
 */
import { formatIPv6, parseIPv6, prefixMask } from '../../net/index.js';
import { Formats } from '../../schema/index.js';
import { joinPointer } from '../issues.js';
import { str, type Located, type RuleContext } from './context.js';

/** A reserved address (length 128) or delegated prefix that passed every check. */
export interface Resource6 {
  readonly kind: 'address' | 'prefix';
  readonly value: bigint;
  readonly length: number;
  /** Where it is: `ip-addresses` or `prefixes`, and the position in that list. */
  readonly key: 'ip-addresses' | 'prefixes';
  readonly index: number;
}

/** Canonical text of a resource: `2001:db8::5` or `2001:db8:1::/64`. */
export function resourceText(res: Resource6): string {
  return res.kind === 'address' ? formatIPv6(res.value) : `${formatIPv6(res.value)}/${res.length}`;
}

/** Pointer of a resource of the reservation at `hostPath`. */
export function resourcePath(hostPath: string, res: Resource6): string {
  return joinPointer(hostPath, res.key, res.index);
}

interface Prefix6 {
  readonly value: bigint;
  readonly length: number;
  /** False when the length has a sign or more than 3 digits, which the schema's format refuses. */
  readonly plain: boolean;
}

const prefixFormat = Formats['ipv6-prefix'];
const BLANK = /\s/;
/** The masks of every IPv6 prefix length, computed once. */
const MASKS: readonly bigint[] = Array.from({ length: 129 }, (_, len) => prefixMask(6, len));

const isMulticast = (v: bigint): boolean => v >> 120n === 0xffn;

/** Checks the DHCPv6 resources of a reservation and returns the valid ones. */
export function checkHost6(r: Located, ctx: RuleContext): Resource6[] {
  const out: Resource6[] = [];
  const addresses = r.value['ip-addresses'];
  if (Array.isArray(addresses)) {
    addresses.forEach((v, index) => {
      const text = str(v);
      const value = text === undefined ? null : parseIPv6(text);
      if (value === null) return; // not an IPv6 address: reported by the schema
      if (isMulticast(value)) {
        ctx.error('invalid-reserved-address', joinPointer(r.path, 'ip-addresses', index),
          `ip-addresses entry ${text} is a multicast address and cannot be reserved`);
        return;
      }
      add(r.path, { kind: 'address', value, length: 128, key: 'ip-addresses', index }, out, ctx);
    });
  }
  const prefixes = r.value['prefixes'];
  const excluded = r.value['excluded-prefixes'] === undefined ? undefined : excludedList(r, ctx);
  if (Array.isArray(prefixes)) {
    prefixes.forEach((v, index) => {
      const res = checkPrefix(r, v, index, ctx);
      if (res === undefined) return;
      if (excluded !== undefined) checkExcluded(excluded[index], joinPointer(r.path, 'excluded-prefixes', index), res, ctx);
      add(r.path, res, out, ctx);
    });
  }
  return out;
}

function checkPrefix(r: Located, v: unknown, index: number, ctx: RuleContext): Resource6 | undefined {
  const text = str(v);
  if (text === undefined) return undefined;
  const p = parseReservedPrefix(text, 'prefix');
  if ('error' in p) {
    // Reported here only when the schema's ipv6-prefix format let it through.
    if (prefixFormat?.validate(text) === true) ctx.error('invalid-reserved-prefix', joinPointer(r.path, 'prefixes', index), p.error, p.hint);
    return undefined;
  }
  if (!p.plain && prefixFormat?.validate(text) !== true) return undefined;
  if (isMulticast(p.value)) {
    ctx.error('invalid-reserved-prefix', joinPointer(r.path, 'prefixes', index), `prefix ${text} is a multicast prefix and cannot be delegated`);
    return undefined;
  }
  return { kind: 'prefix', value: p.value, length: p.length, key: 'prefixes', index };
}

/** H25: Host::addReservation refuses the same (type, address, length) twice in one host. */
function add(hostPath: string, res: Resource6, out: Resource6[], ctx: RuleContext): void {
  // A reservation holds a handful of resources: a scan is cheaper than a set of string keys.
  // LIMITATION: quadratic in the resources of one reservation (thousands are unheard of).
  for (const o of out) {
    if (o.value === res.value && o.kind === res.kind && o.length === res.length) {
      ctx.error('duplicate-reserved-address', resourcePath(hostPath, res), `${res.kind} ${resourceText(res)} is listed twice in this reservation`);
      return;
    }
  }
  out.push(res);
}

/** H22, H23: `excluded-prefixes` pairs with `prefixes` by position. Returns it when usable. */
function excludedList(r: Located, ctx: RuleContext): readonly unknown[] | undefined {
  const ex = r.value['excluded-prefixes'];
  if (!Array.isArray(ex)) return undefined;
  const prefixes = r.value['prefixes'];
  const path = joinPointer(r.path, 'excluded-prefixes');
  if (prefixes === undefined) {
    ctx.error('invalid-excluded-prefix', path, '"excluded-prefixes" is given without "prefixes"',
      'each excluded prefix belongs to the delegated prefix at the same position in "prefixes"');
    return undefined;
  }
  if (!Array.isArray(prefixes)) return undefined;
  if (ex.length !== prefixes.length) {
    ctx.error('invalid-excluded-prefix', path,
      `"excluded-prefixes" has ${ex.length} entr${ex.length === 1 ? 'y' : 'ies'} but "prefixes" has ${prefixes.length}; they are paired by position`,
      'use "" for a delegated prefix without an excluded prefix');
    return undefined;
  }
  return ex;
}

/** H24: RFC 6603, the excluded prefix is longer than and inside its delegated prefix. */
function checkExcluded(entry: unknown, path: string, delegated: Resource6, ctx: RuleContext): void {
  const text = str(entry);
  if (text === undefined || text === '') return;
  const p = parseReservedPrefix(text, 'excluded prefix');
  if ('error' in p || !p.plain) {
    // Reported here only when the schema's ipv6-prefix format let it through.
    if ('error' in p && prefixFormat?.validate(text) === true) ctx.error('invalid-excluded-prefix', path, p.error, p.hint);
  } else if (p.length <= delegated.length) {
    ctx.error('invalid-excluded-prefix', path,
      `excluded prefix ${text} must be longer than the delegated prefix ${resourceText(delegated)}`);
  } else if ((p.value & (MASKS[delegated.length] as bigint)) !== delegated.value) {
    ctx.error('invalid-excluded-prefix', path, `excluded prefix ${text} is not inside the delegated prefix ${resourceText(delegated)}`,
      `it must start with the first ${delegated.length} bits of ${resourceText(delegated)} (RFC 6603)`);
  }
}

/** A parse failure: the message and, when the fix is obvious, a hint. */
interface Failure {
  readonly error: string;
  readonly hint?: string;
}

function failure(error: string, hint?: string): Failure {
  return hint === undefined ? { error } : { error, hint };
}

/** Kea's `parsePrefix` for reservations (H16-H21): `address/length`, exactly. */
function parseReservedPrefix(text: string, what: string): Prefix6 | Failure {
  if (BLANK.test(text)) {
    return failure(`${what} "${text}" contains blanks, which Kea does not accept in reservations`, `write ${text.replace(/\s+/g, '')}`);
  }
  const slash = text.indexOf('/');
  if (slash === -1) return failure(`${what} ${text} has no length`, `write ${text}/64 (or the length to delegate)`);
  const len = parseLength(text, slash + 1);
  if (len === null) return failure(`${what} ${text}: length "${text.slice(slash + 1)}" is not a number`);
  if (len.value === 0 || len.value > 128) {
    return failure(`${what} ${text}: length ${text.slice(slash + 1)} is out of range; it must be between 1 and 128`);
  }
  const value = parseIPv6(text.slice(0, slash));
  if (value === null) return failure(`${what} ${text}: "${text.slice(0, slash)}" is not an IPv6 address`);
  const first = value & (MASKS[len.value] as bigint);
  if (first !== value) {
    return failure(`${what} ${text} has bits set after /${len.value}`, `write ${formatIPv6(first)}/${len.value}`);
  }
  return { value, length: len.value, plain: len.plain };
}

/**
 * The length after the slash as `boost::lexical_cast<unsigned int>` reads it: digits with an
 * optional sign (a negative length wraps around, so it is out of range: 1e9 stands for it).
 */
function parseLength(text: string, from: number): { value: number; plain: boolean } | null {
  let i = from;
  const sign = text.charCodeAt(i);
  const signed = sign === 0x2b || sign === 0x2d;
  if (signed) i++;
  if (i >= text.length) return null;
  let value = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return null;
    value = Math.min(value * 10 + c, 1e9);
  }
  if (sign === 0x2d && value !== 0) value = 1e9;
  return { value, plain: !signed && text.length - from <= 3 };
}
