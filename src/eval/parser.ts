/**
 * A recursive-descent parser for Kea's classification expressions (the language of
 * src/lib/eval/parser.yy in Kea 3.3), run once when the configuration is resolved.
 * Pure: no I/O.
 *
 * Precedence, lowest first: `sor` < `or` < `sand` < `and` < `not` < `==` < `+`; the binary
 * operators are left-associative and `==` does not chain. Kea's grammar keeps booleans and
 * strings apart; here every operand is parsed the same way and its kind is checked, which
 * accepts the same language and gives clearer messages.
 */
import { isBoolExpr, type BoolExpr, type Expr, type StringExpr } from './ast.js';
import { compileKeaRegex } from './kea-regex.js';
import { ExpressionSyntaxError, describeToken, type Token } from './lexer.js';
import { ParseState, columnOf, isWord, type ParseContext } from './parse-state.js';
import { parseOption, parsePktField, parseRelay4, parseRelay6, parseVendor, parseVendorClass } from './parse-terminals.js';
import { parseIPv4, parseIPv6, ipv4ToBytes, ipv6ToBytes } from '../net/index.js';

export type { ParseContext } from './parse-state.js';

/** `bool` for `test` (and most hook expressions), `string` for `template-test`, flex-id, etc. */
export type ExpressionKind = 'bool' | 'string';

export type ParseResult =
  | { ok: true; ast: Expr; referencedClasses: readonly string[]; dependsOnKnown: boolean }
  /** `column`: 1-based character offset in the expression text (the column of a one-line text). */
  | { ok: false; message: string; column: number };

const BINARY_LEVELS = ['sor', 'or', 'sand', 'and'] as const;
const UINT32_MAX = 4294967295n;
const UTF8 = new TextEncoder();

/**
 * Parses `text` as a boolean (`kind: 'bool'`) or string (`kind: 'string'`) expression.
 * `referencedClasses` lists every `member('X')` name in order of first use (the caller checks
 * that each is built in or defined earlier); `dependsOnKnown` is true when KNOWN or UNKNOWN is
 * referenced directly.
 *
 * @example
 * const r = parseExpression("option[host-name].text == 'foo'", 'bool', { family: 4, resolveOptionName });
 * if (!r.ok) console.log(r.message); // e.g. "unknown option name 'rooters' in space dhcp4 at column 8"
 */
export function parseExpression(text: string, kind: ExpressionKind, ctx: ParseContext): ParseResult {
  const st = new ParseState(text, ctx);
  try {
    const ast = parseTop(st, kind);
    return { ok: true, ast, referencedClasses: st.referencedClasses, dependsOnKnown: st.dependsOnKnown };
  } catch (err) {
    if (!(err instanceof ExpressionSyntaxError)) throw err;
    return { ok: false, message: `${err.message} ${positionText(text, err.offset)}`, column: err.offset + 1 };
  }
}

/** "at column 7", or "at line 2, column 3" for a multi-line expression. */
function positionText(text: string, offset: number): string {
  if (!text.includes('\n')) return `at column ${offset + 1}`;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `at line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function parseTop(st: ParseState, kind: ExpressionKind): Expr {
  if (st.peek().kind === 'end') st.fail('the expression is empty', st.peek());
  const e = parseExpr(st);
  const t = st.peek();
  if (t.kind !== 'end') {
    const expected = isBoolExpr(e) ? "'and', 'or', 'sand', 'sor'" : "'==', '+'";
    st.fail(`expected ${expected} or the end of the expression, found ${describeToken(t)}`, t);
  }
  if (kind === 'bool') return st.requireBool(e, 'the expression');
  return st.requireString(e, 'the expression');
}

/** Any expression; the caller checks its kind. */
function parseExpr(st: ParseState): Expr {
  st.enter('nest');
  const e = parseBinary(st, 0);
  st.leave('nest');
  return e;
}

function parseBinary(st: ParseState, level: number): Expr {
  const op = BINARY_LEVELS[level];
  if (op === undefined) return parseNot(st);
  let left = parseBinary(st, level + 1);
  let operands = 1;
  while (isWord(st.peek(), op)) {
    st.next();
    st.enter('chain'); // a chain builds a left-deep tree
    operands++;
    const l = st.requireBool(left, `the left side of '${op}'`);
    const r = st.requireBool(parseBinary(st, level + 1), `the right side of '${op}'`);
    left = { type: op, column: l.column, left: l, right: r };
  }
  st.leave('chain', operands - 1);
  return left;
}

function parseNot(st: ParseState): Expr {
  const t = st.accept('not');
  if (t === undefined) return parseEquality(st);
  st.enter('nest');
  const operand = st.requireBool(parseNot(st), "the operand of 'not'");
  st.leave('nest');
  return { type: 'not', column: columnOf(t), operand };
}

function parseEquality(st: ParseState): Expr {
  const left = parseConcat(st);
  if (!isWord(st.peek(), '==')) return left;
  st.next();
  const l = st.requireString(left, "the left side of '=='");
  const r = st.requireString(parseConcat(st), "the right side of '=='");
  return { type: 'equal', column: l.column, left: l, right: r };
}

function parseConcat(st: ParseState): Expr {
  let left = parsePrimary(st);
  let operands = 1;
  while (isWord(st.peek(), '+')) {
    st.next();
    st.enter('chain');
    operands++;
    const l = st.requireString(left, "the left side of '+'");
    const r = st.requireString(parsePrimary(st), "the right side of '+'");
    left = { type: 'concat', column: l.column, left: l, right: r };
  }
  st.leave('chain', operands - 1);
  return left;
}

function parsePrimary(st: ParseState): Expr {
  const t = st.next();
  const column = columnOf(t);
  switch (t.kind) {
    case 'string':
      return { type: 'literal', column, form: 'string', value: UTF8.encode(t.text) };
    case 'hex':
      return { type: 'literal', column, form: 'hex', value: hexLiteral(t.text) };
    case 'address':
      return { type: 'literal', column, form: 'address', value: addressLiteral(t.text) };
    case 'integer':
      return { type: 'literal', column, form: 'integer', value: integerLiteral(st, t) };
    case 'punct':
      if (t.text === '(') {
        const e = parseExpr(st);
        st.expect(')', `to match the '(' opened at column ${column}`);
        return e;
      }
      break;
    case 'keyword':
      return parseKeyword(st, t);
    default:
      break;
  }
  return st.fail(`expected a value or a condition, found ${describeToken(t)}`, t);
}

function parseKeyword(st: ParseState, t: Token): Expr {
  switch (t.text) {
    case 'option': return parseOption(st, t);
    case 'relay4': return parseRelay4(st, t);
    case 'relay6': return parseRelay6(st, t);
    case 'pkt': case 'pkt4': case 'pkt6': return parsePktField(st, t);
    case 'vendor': return parseVendor(st, t);
    case 'vendor-class': return parseVendorClass(st, t);
    case 'member': return parseMember(st, t);
    case 'match': return parseMatch(st, t);
    default: return parseFunction(st, t);
  }
}

/** `member('class')` */
function parseMember(st: ParseState, t: Token): BoolExpr {
  st.expect('(', "after 'member'");
  const name = st.next();
  if (name.kind !== 'string') st.fail(`member() takes a class name in quotes, found ${describeToken(name)}`, name);
  st.expect(')', 'after the class name');
  st.addClass(name.text);
  return { type: 'member', column: columnOf(t), className: name.text };
}

/** `match('regex', value)`: the regex is compiled here, and a bad one is a syntax error (as in Kea). */
function parseMatch(st: ParseState, t: Token): BoolExpr {
  st.expect('(', "after 'match'");
  const pattern = st.next();
  if (pattern.kind !== 'string') {
    st.fail(`match() takes a regular expression in quotes first, found ${describeToken(pattern)}`, pattern);
  }
  const regex = compileKeaRegex(pattern.text);
  if (typeof regex === 'string') st.fail(`invalid regular expression '${pattern.text}': ${regex}`, pattern);
  st.expect(',', 'after the regular expression');
  const operand = stringArg(st, 'match', 'second');
  st.expect(')', 'after the last argument of match()');
  return { type: 'match', column: columnOf(t), pattern: pattern.text, regex, operand };
}

function stringArg(st: ParseState, fn: string, ordinal: string): StringExpr {
  return st.requireString(parseExpr(st), `the ${ordinal} argument of ${fn}()`);
}

/** An integer literal argument (substring start/length, split field): any 64-bit value, as in Kea. */
function integerArg(st: ParseState, what: string): number {
  const t = st.next();
  if (t.kind !== 'integer') st.fail(`${what} must be an integer, found ${describeToken(t)}`, t);
  return Number(t.text);
}

const INT_TO_TEXT: Readonly<Record<string, readonly [8 | 16 | 32, boolean]>> = {
  int8totext: [8, true], int16totext: [16, true], int32totext: [32, true],
  uint8totext: [8, false], uint16totext: [16, false], uint32totext: [32, false],
};

/** The string functions: substring, split, concat, ifelse, sifelse, hexstring, lcase, ucase, addrtotext, int*totext. */
function parseFunction(st: ParseState, t: Token): StringExpr {
  const fn = t.text;
  const column = columnOf(t);
  const intToText = INT_TO_TEXT[fn];
  const unary = fn === 'lcase' || fn === 'ucase' || fn === 'addrtotext' || intToText !== undefined;
  const known = unary || ['substring', 'split', 'concat', 'ifelse', 'sifelse', 'hexstring'].includes(fn);
  if (!known) st.fail(`expected a value or a condition, found '${fn}'`, t);
  st.expect('(', `after '${fn}'`);
  let e: StringExpr;
  if (fn === 'ifelse' || fn === 'sifelse') {
    const condition = st.requireBool(parseExpr(st), `the first argument of ${fn}()`);
    st.expect(',', `after the condition of ${fn}()`);
    const ifTrue = stringArg(st, fn, 'second');
    st.expect(',', `after the second argument of ${fn}()`);
    const ifFalse = stringArg(st, fn, 'third');
    e = { type: 'ifelse', column, strict: fn === 'sifelse', condition, ifTrue, ifFalse };
  } else {
    const operand = stringArg(st, fn, 'first');
    if (unary) {
      e = intToText === undefined
        ? { type: fn as 'lcase' | 'ucase' | 'addrtotext', column, operand }
        : { type: 'inttotext', column, bits: intToText[0], signed: intToText[1], operand };
    } else {
      st.expect(',', `after the first argument of ${fn}()`);
      e = parseRestOfCall(st, fn, column, operand);
    }
  }
  st.expect(')', `after the last argument of ${fn}()`);
  return e;
}

/** The arguments after the first, for the functions that take more than one. */
function parseRestOfCall(st: ParseState, fn: string, column: number, operand: StringExpr): StringExpr {
  switch (fn) {
    case 'substring': {
      const start = integerArg(st, 'the start of substring()');
      st.expect(',', 'after the start of substring()');
      const length = st.accept('all') ? 'all' : integerArg(st, "the length of substring() (or 'all')");
      return { type: 'substring', column, operand, start, length };
    }
    case 'split': {
      const delimiters = stringArg(st, fn, 'second');
      st.expect(',', 'after the delimiters of split()');
      return { type: 'split', column, operand, delimiters, field: integerArg(st, 'the field number of split()') };
    }
    case 'concat':
      return { type: 'concat', column, left: operand, right: stringArg(st, fn, 'second') };
    default:
      return { type: 'hexstring', column, operand, separator: stringArg(st, fn, 'second') };
  }
}

/** `0x...`: an odd digit count gets a leading zero (token.cc, TokenHexString). */
function hexLiteral(text: string): Uint8Array {
  const digits = text.length % 2 === 1 ? `0${text.slice(2)}` : text.slice(2);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function addressLiteral(text: string): Uint8Array {
  const v4 = parseIPv4(text);
  if (v4 !== null) return ipv4ToBytes(v4);
  return ipv6ToBytes(parseIPv6(text) ?? 0n); // the lexer only returns valid addresses
}

/** An integer used as a value is a 4-byte big-endian uint32 (eval_context.cc, convertUint32). */
function integerLiteral(st: ParseState, t: Token): Uint8Array {
  const v = BigInt(t.text);
  if (v < 0n || v > UINT32_MAX) {
    st.fail(`integer ${t.text} is out of range 0..4294967295 (integer values are 32-bit unsigned)`, t);
  }
  const n = Number(v);
  return Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}
