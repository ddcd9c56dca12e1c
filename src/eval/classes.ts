/**
 * Kea's built-in client classes: the names `member('...')` may use without a definition.
 * Pure: no I/O.
 *
 * Source: src/lib/dhcpsrv/client_class_def.cc (`builtinNames`, `builtinPrefixes`,
 * `isClientClassBuiltIn`, `isClientClassDefined`).
 */

/**
 * Names that are built in. DROP is deliberately absent: Kea treats it as special but not
 * built in, so `member('DROP')` needs a DROP class defined earlier. SKIP_DDNS is absent too, so
 * that users can give it a test.
 */
const BUILTIN_NAMES: ReadonlySet<string> = new Set(['ALL', 'KNOWN', 'UNKNOWN', 'BOOTP']);

/**
 * Prefixes that make a name built in, when something follows the prefix. SPAWN_ is deliberately
 * absent: Kea leaves it out so that a regular class may use the prefix (template classes are
 * parsed without the "defined" check instead).
 */
const BUILTIN_PREFIXES: readonly string[] = ['VENDOR_CLASS_', 'HA_', 'AFTER_', 'EXTERNAL_'];

/**
 * True when Kea treats `name` as a built-in class: ALL, KNOWN, UNKNOWN, BOOTP, or a name that
 * starts with VENDOR_CLASS_, HA_, AFTER_ or EXTERNAL_ and is longer than the prefix.
 *
 * @example
 * isBuiltinClassName('KNOWN');          // true
 * isBuiltinClassName('VENDOR_CLASS_');  // false: nothing after the prefix
 * isBuiltinClassName('DROP');           // false: must be defined
 */
export function isBuiltinClassName(name: string): boolean {
  if (BUILTIN_NAMES.has(name)) return true;
  return BUILTIN_PREFIXES.some((p) => name.length > p.length && name.startsWith(p));
}

/** True for KNOWN and UNKNOWN, whose use defers a class's evaluation until after host lookup. */
export function isKnownClassName(name: string): boolean {
  return name === 'KNOWN' || name === 'UNKNOWN';
}

/** ClientClasses::CLIENT_CLASS_VALID_CHARACTERS (lib/dhcp/classify.cc). */
const VALID_NAME_CHARS = (() => {
  const ok = new Array<boolean>(128).fill(false);
  for (const c of '!#$%&*+-./:?@^_|~') ok[c.charCodeAt(0)] = true;
  for (let c = 48; c <= 57; c++) ok[c] = true;
  for (let c = 65; c <= 90; c++) ok[c] = true;
  for (let c = 97; c <= 122; c++) ok[c] = true;
  return ok;
})();

/** Kea's `ClientClasses::escape`: each byte outside the safe set becomes %xx (Kea 3.3). */
export function escapeClassBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    out += b < 128 && VALID_NAME_CHARS[b] === true ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** {@link escapeClassBytes} of a name's UTF-8 bytes. */
export function escapeClassName(name: string): string {
  return escapeClassBytes(new TextEncoder().encode(name));
}
