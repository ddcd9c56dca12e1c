/**
 * Reporting an issue about inherited parameter values once. Kea checks derived values in
 * every subnet and shared network, so one bad global value would otherwise be reported once
 * per subnet: an issue is reported the first time a given set of written values (code plus
 * the places the values come from) is found, at the most specific of those places.
 */
import type { EffectiveParam, ParamOrigin } from './params-inherit.js';

const RANK: Readonly<Record<ParamOrigin, number>> = { scope: 3, 'shared-network': 2, global: 1, default: 0 };

/** The pointer of the most specific written value among `involved` (the first on ties), else `fallback`. */
function mostSpecificPath(involved: readonly EffectiveParam[], fallback: string): string {
  let best: EffectiveParam | undefined;
  for (const p of involved) {
    if (p.origin !== 'default' && (best === undefined || RANK[p.origin] > RANK[best.origin])) best = p;
  }
  return best?.path ?? fallback;
}

/**
 * Remembers which issues were reported. Use:
 * `const at = once.claim('code', involved, scope.path); if (at !== null) ctx.error('code', at, ...)`.
 */
export class ReportOnce {
  readonly #seen = new Set<string>();

  /**
   * The path to report at (the most specific involved value, else `fallback`), or `null` when
   * the same code was already claimed for the same written values.
   */
  claim(code: string, involved: readonly EffectiveParam[], fallback: string): string | null {
    const key = [code, ...involved.map((p) => p.path)].join('\u0000');
    if (this.#seen.has(key)) return null;
    this.#seen.add(key);
    return mostSpecificPath(involved, fallback);
  }
}
