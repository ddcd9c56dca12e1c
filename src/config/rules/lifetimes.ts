/**
 * Lease lifetimes, timers and allocators: the checks Kea makes after injecting its defaults
 * and deriving global values into shared networks and subnets (§0.2 of the checklist). Global
 * lifetime triplets are checked even without subnets (srv_config.cc `sanityChecksLifetime`);
 * everything else only on the values each subnet and shared network really gets, and client
 * classes as written (client_class_def_parser.cc). An issue caused by one global value is
 * reported once, at that value.
 */
import { joinPointer } from '../issues.js';
import { bool, eachObj, str, type DaemonView, type Located, type RuleContext } from './context.js';
import { checkFlqForAddresses6, checkSharedFlq } from './params-allocator.js';
import { effectiveParam, type EffectiveParam } from './params-inherit.js';
import { ReportOnce } from './params-report.js';
import { checkRenewRebind, checkTeePercents } from './params-timers.js';
import { checkTriplet, type TripletName, type TripletScope } from './params-triplet.js';
import { daemonScopes, GLOBAL_LABEL, labelOf } from './scopes.js';
import type { ParsedSubnet } from './subnets.js';

/**
 * Runs the lifetime, timer and allocator rules over one DHCP daemon's map. `subnets` is what
 * `checkSubnets` returned for the same view (the allocator rules use its parsed pools).
 * @example checkLifetimes(view, checkSubnets(view, ctx), ctx)
 */
export function checkLifetimes(view: DaemonView, subnets: readonly ParsedSubnet[], ctx: RuleContext): void {
  const once = new ReportOnce();
  // v6 checks preferred-lifetime before valid-lifetime (dhcp6 json_config_parser.cc sanityChecks).
  const triplets: TripletName[] = view.family === 6 ? ['preferred-lifetime', 'valid-lifetime'] : ['valid-lifetime'];
  const globalScope: TripletScope = { label: GLOBAL_LABEL, path: view.base, ctx, once };
  for (const name of triplets) checkTriplet(name, globalTriplet(view, name), globalScope);
  for (const s of daemonScopes(view, ['network', 'subnet'])) {
    const scope = { ...s, label: labelOf(s) };
    const at: TripletScope = { label: scope.label, path: scope.path, ctx, once };
    for (const name of triplets) {
      checkTriplet(name, {
        value: effectiveParam(view, scope, name),
        min: effectiveParam(view, scope, `min-${name}`),
        max: effectiveParam(view, scope, `max-${name}`),
      }, at);
    }
    checkRenewRebind(view, scope, ctx, once);
    checkTeePercents(view, scope, ctx, once);
    checkFlqForAddresses6(view, scope, ctx, once);
  }
  checkSharedFlq(view, subnets, ctx, once);
  checkClassLifetimes(view, ctx, once);
}

/** The global triplet; a global value is the global scope's own (no "inherited" wording). */
function globalTriplet(view: DaemonView, name: TripletName) {
  const own = (key: string): EffectiveParam | undefined => {
    const p = effectiveParam(view, undefined, key);
    return p?.origin === 'global' ? { ...p, origin: 'scope' } : p;
  };
  return { value: own(name), min: own(`min-${name}`), max: own(`max-${name}`) };
}

/** Client classes: triplets as written (no derivation), and L23. */
function checkClassLifetimes(view: DaemonView, ctx: RuleContext, once: ReportOnce): void {
  const root: Located = { value: view.root, path: view.base };
  for (const cls of eachObj(root, 'client-classes')) {
    const name = str(cls.value['name']);
    const label = name === undefined ? 'client class (no name)' : `client class "${name}"`;
    const written = (key: string): EffectiveParam | undefined =>
      cls.value[key] === undefined ? undefined : { value: cls.value[key], path: joinPointer(cls.path, key), origin: 'scope' };
    const names: TripletName[] = view.family === 6 ? ['valid-lifetime', 'preferred-lifetime'] : ['valid-lifetime'];
    for (const n of names) {
      checkTriplet(n, { value: written(n), min: written(`min-${n}`), max: written(`max-${n}`) }, { label, path: cls.path, ctx, once });
    }
    checkAdditionalWithLifetimes(view, cls, label, ctx);
  }
}

/**
 * L23: a class evaluated only from evaluate-additional-classes is evaluated after the lease is
 * chosen, so Kea warns that its lifetimes are ignored.
 */
function checkAdditionalWithLifetimes(view: DaemonView, cls: Located, label: string, ctx: RuleContext): void {
  const additionalKey = cls.value['only-in-additional-list'] !== undefined ? 'only-in-additional-list' : 'only-if-required';
  // Both keys together is an error another rule reports; Kea stops there.
  if (additionalKey === 'only-in-additional-list' && cls.value['only-if-required'] !== undefined) return;
  if (bool(cls.value[additionalKey]) !== true) return;
  const lifetimeKeys = view.family === 4
    ? ['valid-lifetime', 'min-valid-lifetime', 'max-valid-lifetime', 'offer-lifetime']
    : ['valid-lifetime', 'min-valid-lifetime', 'max-valid-lifetime', 'preferred-lifetime', 'min-preferred-lifetime', 'max-preferred-lifetime'];
  const set = lifetimeKeys.filter((k) => cls.value[k] !== undefined);
  if (set.length === 0) return;
  ctx.warn('class-lifetimes-ignored', joinPointer(cls.path, additionalKey),
    `${label} has ${additionalKey} true, so Kea accepts but ignores its ${set.join(', ')}`,
    'lifetimes of a class only count when the class is assigned before the lease is chosen; drop them or drop the flag');
}
