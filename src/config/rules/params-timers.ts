/**
 * Renew/rebind timers and T1/T2 percentages of one subnet or shared network, on the values
 * Kea derives into it (base_network_parser.cc `parseCommon`, `parseTeePercents`).
 */
import { bool, int, num, type DaemonView, type RuleContext } from './context.js';
import { checkedParam, describeOrigin, type EffectiveParam, type ParamScope } from './params-inherit.js';
import type { ReportOnce } from './params-report.js';

/** A subnet or shared network with its message label. */
export type LabelledScope = ParamScope & { readonly label: string };

/** L3: renew-timer above rebind-timer is only a warning; Kea then does not send T1. */
export function checkRenewRebind(view: DaemonView, scope: LabelledScope, ctx: RuleContext, once: ReportOnce): void {
  const renew = checkedParam(view, scope, 'renew-timer');
  const rebind = checkedParam(view, scope, 'rebind-timer');
  const r = renew && int(renew.value);
  const b = rebind && int(rebind.value);
  if (!renew || !rebind || r === undefined || b === undefined || r < 0 || b < 0 || r <= b) return;
  const at = once.claim('renew-after-rebind', [renew, rebind], scope.path);
  if (at === null) return;
  ctx.warn('renew-after-rebind', at,
    `${scope.label}: renew-timer ${r}${describeOrigin(renew)} is greater than rebind-timer ${b}${describeOrigin(rebind)}; Kea accepts this but ignores renew-timer`,
    'clients renew (T1) before they rebind (T2): make renew-timer smaller than rebind-timer (Kea 2.2 even rejected this)');
}

/**
 * L13-L15: with calculate-tee-times on, t1-percent and t2-percent must lie strictly between 0
 * and 1 and t1-percent must be below t2-percent (Kea's defaults: v4 0.5/0.875, v6 0.5/0.8).
 */
export function checkTeePercents(view: DaemonView, scope: LabelledScope, ctx: RuleContext, once: ReportOnce): void {
  const calc = checkedParam(view, scope, 'calculate-tee-times');
  if (!calc || bool(calc.value) !== true) return;
  const when = `when calculate-tee-times is true${describeOrigin(calc)}`;
  const t1 = checkedParam(view, scope, 't1-percent');
  const t2 = checkedParam(view, scope, 't2-percent');
  const t1ok = t1 === undefined || percentInRange(t1, 't1-percent', scope, when, ctx, once);
  const t2ok = t2 === undefined || percentInRange(t2, 't2-percent', scope, when, ctx, once);
  const v1 = t1 && num(t1.value);
  const v2 = t2 && num(t2.value);
  if (!t1ok || !t2ok || !t1 || !t2 || v1 === undefined || v2 === undefined || v1 < v2) return;
  const at = once.claim('tee-percent-invalid', [t1, t2], scope.path);
  if (at === null) return;
  ctx.error('tee-percent-invalid', at,
    `${scope.label}: t1-percent ${v1}${describeOrigin(t1)} must be below t2-percent ${v2}${describeOrigin(t2)} ${when}`,
    'T1 (renew) must come before T2 (rebind), e.g. t1-percent 0.5 and t2-percent 0.875');
}

function percentInRange(p: EffectiveParam, key: string, scope: LabelledScope, when: string, ctx: RuleContext, once: ReportOnce): boolean {
  const v = num(p.value);
  if (v === undefined) return false; // wrong type: the schema reported it
  if (v > 0 && v < 1) return true;
  const at = once.claim('tee-percent-invalid', [p], scope.path);
  if (at !== null) {
    ctx.error('tee-percent-invalid', at,
      `${scope.label}: ${key} ${v}${describeOrigin(p)} must be greater than 0 and less than 1 ${when}`,
      `${key} is a fraction of the lease lifetime, e.g. ${key === 't1-percent' ? '0.5' : '0.875'}`);
  }
  return false;
}
