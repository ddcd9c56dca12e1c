/**
 * Defensive readers of configuration values that may be of the wrong type: the schema reports
 * wrong types, and code that runs over the same (possibly invalid) document afterwards skips
 * them with these instead of failing. Pure.
 */

export type Obj = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
/** The value as a list; anything else is an empty list. */
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
