/**
 * Secret redaction for anything that shows a configuration: the diff, `config-get`, status and
 * logs. A value is secret when its key is named like a secret (`secret`, `password`,
 * `admin-password`, `client_secret`, ...); everything under such a key is hidden. The `*-file`
 * keys (`secret-file`, `password-file`) hold paths, not secrets, and stay visible. Pure.
 */

/** What a secret value is replaced with. */
export const REDACTED = '[redacted]';

/** Keys whose values are secrets wherever they appear (compared lowercase). */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'secret',
  'password',
  'passwd',
  'passphrase',
  'token',
  'api-key',
  'private-key',
  'shared-secret',
  'client-secret',
  'auth-token',
  'bearer-token',
]);

/** A key that ends in one of these words (after `-` or `_`) is a secret too. */
const SECRET_SUFFIX = /(^|[-_])(secret|password|passwd|passphrase|token)$/;

/**
 * True when the value under `key` must never be shown.
 * @example isSecretKey('password') === true; isSecretKey('password-file') === false
 */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/_/g, '-');
  if (k.endsWith('-file')) return false;
  return SECRET_KEYS.has(k) || SECRET_SUFFIX.test(k);
}

/**
 * A deep copy of `value` in which every value under a secret key is replaced by
 * {@link REDACTED}. Never mutates its input; a reference cycle (possible with YAML anchors)
 * is cut at the repeated object.
 * @example redactSecrets({ name: 'k', secret: 'c2VjcmV0' }) // { name: 'k', secret: '[redacted]' }
 */
export function redactSecrets<T>(value: T): T {
  return copy(value, new Set()) as T;
}

function copy(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[circular]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => copy(v, ancestors));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretKey(k) && v !== undefined ? REDACTED : copy(v, ancestors);
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}
