/**
 * The parser's cursor over the token stream, plus what the parse collects on the way
 * (`member()` class names). Shared by parser.ts and parse-terminals.ts. Pure: no I/O.
 */
import { isBoolExpr, type BoolExpr, type Expr, type StringExpr } from './ast.js';
import { isKnownClassName } from './classes.js';
import { ExpressionSyntaxError, Lexer, describeToken, type Token } from './lexer.js';

/** Parentheses, arguments and `not` inside each other (each costs the parser about a dozen frames). */
const MAX_NESTING = 100;
/** Height of the tree, which the evaluator walks recursively. */
const MAX_DEPTH = 1000;

/** What the parser needs from the configuration. */
export interface ParseContext {
  readonly family: 4 | 6;
  /**
   * Resolves an option name (as written inside option[...], relay4[...], relay6[n].option[...],
   * vendor[...].option[...]) to a code in the given space, or undefined when unknown.
   * Like Kea (eval_context.cc, convertOptionName), the parser always asks for the global space,
   * `dhcp4` or `dhcp6`, whatever the chain: standard, then runtime (option-def), then last-resort
   * definitions.
   */
  resolveOptionName(space: string, name: string): number | undefined;
}

/** The cursor over one expression's tokens (one token of lookahead), and what the parse collects. */
export class ParseState {
  readonly ctx: ParseContext;
  readonly #lexer: Lexer;
  #peeked: Token | undefined;
  readonly #classes: string[] = [];
  #dependsOnKnown = false;
  #depth = 0;
  #nesting = 0;

  constructor(text: string, ctx: ParseContext) {
    this.ctx = ctx;
    this.#lexer = new Lexer(text);
  }

  get family(): 4 | 6 {
    return this.ctx.family;
  }

  /** The option space that Kea resolves every option name in (eval_context.cc, convertOptionName). */
  get optionSpace(): 'dhcp4' | 'dhcp6' {
    return this.ctx.family === 4 ? 'dhcp4' : 'dhcp6';
  }

  get referencedClasses(): readonly string[] {
    return this.#classes;
  }

  get dependsOnKnown(): boolean {
    return this.#dependsOnKnown;
  }

  peek(): Token {
    this.#peeked ??= this.#lexer.next();
    return this.#peeked;
  }

  next(): Token {
    const t = this.peek();
    this.#peeked = undefined;
    return t;
  }

  /** Consumes and returns the next token when it is the keyword or punctuation `word`. */
  accept(word: string): Token | undefined {
    return isWord(this.peek(), word) ? this.next() : undefined;
  }

  /** Consumes the keyword or punctuation `word`, or fails with "expected 'word' <context>, found ...". */
  expect(word: string, context: string): Token {
    const t = this.next();
    if (!isWord(t, word)) this.fail(`expected '${word}' ${context}, found ${describeToken(t)}`, t);
    return t;
  }

  /** Throws the syntax error that `parseExpression` reports, positioned at `at`. */
  fail(message: string, at: Token | Expr): never {
    throw new ExpressionSyntaxError(message, 'type' in at ? at.column - 1 : at.start);
  }

  requireBool(e: Expr, role: string): BoolExpr {
    if (!isBoolExpr(e)) {
      this.fail(`${role} must be a condition, but it is a string expression (compare strings with '==')`, e);
    }
    return e;
  }

  requireString(e: Expr, role: string): StringExpr {
    if (isBoolExpr(e)) this.fail(`${role} must be a string expression, but it is a condition`, e);
    return e;
  }

  /**
   * Guards recursion so that no input overflows the stack: `nest` for what the parser recurses
   * into (parentheses, arguments, `not`), `chain` for each extra operand of an operator chain,
   * which makes the tree one level deeper for the (recursive) evaluator.
   */
  enter(kind: 'nest' | 'chain'): void {
    if (kind === 'nest' && ++this.#nesting > MAX_NESTING) {
      this.fail(`the expression is nested more than ${MAX_NESTING} levels deep`, this.peek());
    }
    if (++this.#depth > MAX_DEPTH) this.fail(`the expression is more than ${MAX_DEPTH} levels deep`, this.peek());
  }

  leave(kind: 'nest' | 'chain', levels = 1): void {
    if (kind === 'nest') this.#nesting -= levels;
    this.#depth -= levels;
  }

  /** Records a `member('name')` reference. */
  addClass(name: string): void {
    if (!this.#classes.includes(name)) this.#classes.push(name);
    if (isKnownClassName(name)) this.#dependsOnKnown = true;
  }
}

/** True when `t` is the keyword or punctuation `word`. */
export function isWord(t: Token, word: string): boolean {
  return (t.kind === 'keyword' || t.kind === 'punct') && t.text === word;
}

/** 1-based column of a token. */
export function columnOf(t: Token): number {
  return t.start + 1;
}
