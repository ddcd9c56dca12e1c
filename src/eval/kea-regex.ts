/**
 * Compiles the pattern of `match('<regex>', value)` into a JavaScript RegExp that behaves like
 * Kea's `std::regex(pattern)` (ECMAScript grammar, libstdc++, "C" locale) used with
 * `std::regex_match` (token.cc, TokenMatch). Pure: no I/O.
 *
 * Values are byte strings, so both pattern and subject are matched as Latin-1 strings: one
 * character per byte. The pattern text is first encoded to UTF-8, as Kea sees it.
 *
 * Translations:
 * - the whole pattern is anchored (`^(?:...)$`), since regex_match must match the whole value;
 * - POSIX bracket classes (`[[:alpha:]]`, `[[:digit:]]`, ... and libstdc++'s `[[:w:]]`,
 *   `[[:d:]]`, `[[:s:]]`) become ASCII ranges;
 * - `\s` / `\S` become the C-locale space set and its complement (JavaScript's `\s` also
 *   matches byte 0xA0);
 * - `\0` is NUL (later digits are literal), `\cX` is the literal X (libstdc++ reads it so),
 *   `\x` / `\u` need exactly 2 / 4 hex digits;
 * - lookbehind and named groups (`(?<`), which std::regex rejects, are rejected;
 * - a back reference to a group not closed before it, or inside brackets, which std::regex
 *   rejects and JavaScript reads as an empty match or an octal escape, is rejected;
 * - a `{` that does not start a repetition count (`a{`, `a{,2}`), which std::regex rejects and
 *   JavaScript reads as a literal, is rejected.
 *
 * LIMITATION: checked against libstdc++ 12 over a corpus of patterns; two differences remain.
 * A quantifier applied to a quantifier (`a**`, `a{2}{3}`), which std::regex accepts as
 * `(a*)*`, is a syntax error here; collating elements and equivalence classes (`[[.-.]]`,
 * `[[=a=]]`) are rejected rather than looked up. And where libstdc++ gives up on a pathological
 * backtracking match with an exception (which Kea counts as "no match"), V8 keeps
 * backtracking: the ReDoS risk the Kea ARM warns about.
 */

import { bytesToLatin1 } from './bytes.js';

/** libstdc++ regex_traits::lookup_classname in the "C" locale, as bracket-expression ranges. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  d: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  s: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  w: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const C_SPACE = '\\t\\n\\v\\f\\r ';
/** Every byte but the C-locale spaces, for `\S` inside brackets (subjects are Latin-1). */
const NOT_C_SPACE = '\\x00-\\x08\\x0e-\\x1f!-\\xff';

/** Encodes text as UTF-8 and returns one Latin-1 character per byte. */
export function toByteString(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return bytesToLatin1(bytes);
}

/** Compiles a Kea `match()` pattern; returns the RegExp or the reason it is invalid. */
export function compileKeaRegex(pattern: string): RegExp | string {
  const translated = translate(toByteString(pattern));
  if (typeof translated !== 'string') return translated.error;
  try {
    return new RegExp(`^(?:${translated})$`);
  } catch (err) {
    if (err instanceof SyntaxError) return err.message.replace(/^Invalid regular expression: /, '');
    throw err;
  }
}

/** A character as a literal, escaped when it is not alphanumeric (valid inside and outside brackets). */
function literal(c: string): string {
  return /[0-9A-Za-z]/.test(c) ? c : `\\${c}`;
}

type Translation = string | { readonly error: string };

/** Cursor state of `translate`. */
interface Scan {
  readonly p: string;
  i: number;
  inClass: boolean;
  /** Capturing groups opened so far, and the open ones (0 for a non-capturing group). */
  opened: number;
  readonly open: number[];
  readonly closed: Set<number>;
}

/**
 * One escape sequence at `s.i` (the backslash), as libstdc++'s _M_eat_escape_ecma reads it:
 * `\0` is NUL, `\cX` is the literal X, `\x` / `\u` need exactly 2 / 4 hex digits, digits are a
 * back reference (to a group already closed; never inside brackets).
 */
function translateEscape(s: Scan): Translation {
  const e = s.p.charAt(s.i + 1);
  s.i++;
  if (e === '') return { error: 'trailing backslash' };
  if (e === '0') return '\\x00';
  if (e >= '1' && e <= '9') {
    if (s.inClass) return { error: 'a back reference cannot appear inside [...]' };
    let digits = e;
    while (/[0-9]/.test(s.p.charAt(s.i + 1))) digits += s.p.charAt(++s.i);
    if (!s.closed.has(Number(digits))) return { error: `back reference \\${digits} to a group that is not closed before it` };
    return `\\${digits}`;
  }
  if (e === 'c') {
    const x = s.p.charAt(s.i + 1);
    if (x === '') return { error: 'invalid \\cX escape' };
    s.i++;
    return literal(x);
  }
  if (e === 'x' || e === 'u') {
    const n = e === 'x' ? 2 : 4;
    const hex = s.p.slice(s.i + 1, s.i + 1 + n);
    if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) return { error: `invalid \\${e} escape (needs ${n} hex digits)` };
    s.i += n;
    return `\\${e}${hex}`;
  }
  if (e === 's') return s.inClass ? C_SPACE : `[${C_SPACE}]`;
  if (e === 'S') return s.inClass ? NOT_C_SPACE : `[^${C_SPACE}]`;
  return `\\${e}`;
}

/** `[:name:]` inside a bracket expression, at `s.i` (the '['). */
function translatePosixClass(s: Scan): Translation {
  const kind = s.p.charAt(s.i + 1);
  if (kind !== ':') return { error: `collating elements and equivalence classes ([${kind}...${kind}]) are not supported` };
  const close = s.p.indexOf(':]', s.i + 2);
  if (close === -1) return { error: 'unterminated [: in a bracket expression' };
  const name = s.p.slice(s.i + 2, close);
  const ranges = Object.hasOwn(POSIX_CLASSES, name) ? POSIX_CLASSES[name] : undefined;
  if (ranges === undefined) return { error: `unknown character class [:${name}:]` };
  s.i = close + 1;
  return ranges;
}

/** A character outside brackets, at `s.i`. */
function translateOutside(s: Scan): Translation {
  const c = s.p.charAt(s.i);
  if (c === '[') {
    s.inClass = true;
    // A leading '^' negates; keep it out of the POSIX-class scan.
    if (s.p.charAt(s.i + 1) !== '^') return '[';
    s.i++;
    return '[^';
  }
  if (c === '{') {
    // std::regex rejects a brace that does not form a repetition count; V8 reads it as a literal.
    const m = /^\{[0-9]+(?:,[0-9]*)?\}/.exec(s.p.slice(s.i));
    if (m === null) return { error: "'{' must start a repetition count such as {2} or {2,5} (write \\{ for a brace)" };
    s.i += m[0].length - 1;
    return m[0];
  }
  if (c === '(') {
    if (s.p.charAt(s.i + 1) !== '?') {
      s.open.push(++s.opened);
    } else if (s.p.charAt(s.i + 2) === '<') {
      return { error: 'lookbehind and named groups are not supported' };
    } else {
      s.open.push(0);
    }
  } else if (c === ')') {
    const group = s.open.pop();
    if (group !== undefined && group > 0) s.closed.add(group);
  }
  return c;
}

/** Rewrites the std::regex-only constructs; see the file comment. */
function translate(p: string): Translation {
  const s: Scan = { p, i: 0, inClass: false, opened: 0, open: [], closed: new Set() };
  let out = '';
  for (; s.i < p.length; s.i++) {
    const c = p.charAt(s.i);
    let piece: Translation;
    if (c === '\\') {
      piece = translateEscape(s);
    } else if (!s.inClass) {
      piece = translateOutside(s);
    } else if (c === ']') {
      s.inClass = false;
      piece = c;
    } else if (c === '[' && ':.='.includes(p.charAt(s.i + 1)) && p.charAt(s.i + 1) !== '') {
      piece = translatePosixClass(s);
    } else {
      piece = c === '[' ? '\\[' : c;
    }
    if (typeof piece !== 'string') return piece;
    out += piece;
  }
  return s.inClass ? { error: 'unterminated bracket expression' } : out;
}
