/**
 * Kea's lifetime triplets: `X`, `min-X`, `max-X` for X = valid-lifetime (and preferred-lifetime
 * in DHCPv6). The same rules apply to the global level (srv_config.cc `sanityChecksLifetime`),
 * to each subnet and shared network on derived values, and to client classes as written
 * (simple_parser.cc `parseIntTriplet`): a lone value or bound is fine; both bounds need X;
 * min ≤ X ≤ max otherwise. Values out of 0..4294967295 are the schema's to report.
 */
import { int, type RuleContext } from './context.js';
import { describeOrigin, type EffectiveParam } from './params-inherit.js';
import type { ReportOnce } from './params-report.js';

export type TripletName = 'valid-lifetime' | 'preferred-lifetime';

/** The three values of one triplet as a scope sees them; absent members are `undefined`. */
export interface TripletValues {
  readonly value: EffectiveParam | undefined;
  readonly min: EffectiveParam | undefined;
  readonly max: EffectiveParam | undefined;
}

/** Where and how to report for one scope. */
export interface TripletScope {
  /** `subnet 10.0.1.0/24`, `Dhcp4`, `client class "voip"`. */
  readonly label: string;
  /** Path used when every involved value is a Kea default. */
  readonly path: string;
  readonly ctx: RuleContext;
  readonly once: ReportOnce;
}

const U32_MAX = 4294967295;
const u32 = (p: EffectiveParam | undefined): number | undefined => {
  const v = p === undefined ? undefined : int(p.value);
  return v !== undefined && v >= 0 && v <= U32_MAX ? v : undefined;
};
const say = (key: string, p: EffectiveParam, v: number): string => `${key} ${v}${describeOrigin(p)}`;

/** Reports the first rule the triplet breaks, as Kea would (it stops at the first). */
export function checkTriplet(name: TripletName, t: TripletValues, scope: TripletScope): void {
  const [v, min, max] = [u32(t.value), u32(t.min), u32(t.max)];
  // A member of the wrong type or out of range: the schema reported it; judge nothing.
  if ((t.value && v === undefined) || (t.min && min === undefined) || (t.max && max === undefined)) return;
  const { label, ctx, once } = scope;
  const minKey = `min-${name}`;
  const maxKey = `max-${name}`;
  if (t.value === undefined || v === undefined) {
    if (t.min === undefined || t.max === undefined || min === undefined || max === undefined) return;
    const at = once.claim('lifetime-default-missing', [t.min, t.max], scope.path);
    if (at !== null) {
      ctx.error('lifetime-default-missing', at,
        `${label}: ${say(minKey, t.min, min)} and ${say(maxKey, t.max, max)} are set but ${name} is not`,
        `Kea needs ${name} whenever both bounds are set; add ${name} between ${min} and ${max}`);
    }
    return;
  }
  if (t.min === undefined && t.max === undefined) return;
  const lo = min ?? v;
  const hi = max ?? v;
  // The values the rule compares, the one named first being the one pointed at on equal ranks.
  let message: string | undefined;
  let involved: EffectiveParam[] = [];
  if (lo > hi) {
    if (t.min && t.max) {
      message = `${say(minKey, t.min, lo)} is above ${say(maxKey, t.max, hi)}`;
      involved = [t.min, t.max];
    } else if (t.min) {
      message = `${say(minKey, t.min, lo)} is above ${say(name, t.value, v)}`;
      involved = [t.min, t.value];
    } else if (t.max) {
      message = `${say(name, t.value, v)} is above ${say(maxKey, t.max, hi)}`;
      involved = [t.value, t.max];
    }
  } else if ((v < lo || v > hi) && t.min && t.max) {
    message = `${say(name, t.value, v)} is not between ${say(minKey, t.min, lo)} and ${say(maxKey, t.max, hi)}`;
    involved = [t.value, t.min, t.max];
  }
  if (message === undefined) return;
  const at = once.claim('lifetime-out-of-bounds', involved, scope.path);
  if (at === null) return;
  const hint = t.value.origin === 'default'
    ? `no ${name} is set, so Kea uses its default ${v}; set ${name} within the bounds or change the bounds`
    : `the values must satisfy ${minKey} ≤ ${name} ≤ ${maxKey}`;
  ctx.error('lifetime-out-of-bounds', at, `${label}: ${message}`, hint);
}
