/**
 * Does `std::regex(pattern, std::regex::extended)` accept a pattern? Kea compiles
 * `hostname-char-set` that way (util/str.cc StringSanitizer) and rejects the configuration
 * when it throws. JavaScript's RegExp reads a different language (`\d`, lookahead, no
 * `[[:alpha:]]`), so this is a transcription of libstdc++'s regex compiler (GCC 12,
 * bits/regex_compiler.tcc) that builds the same NFA state by state: the compiler also refuses
 * patterns whose NFA grows past 100000 states (`a{100000}`), which only a faithful
 * construction predicts. Pure; imports only the scanner.
 */
import { CLASS_NAMES, COLLATE_NAMES, RegexScanner, RegexSyntaxError, type TokenKind } from './params-regex-scanner.js';

/** The outcome of compiling a pattern. */
export interface PosixRegexCheck {
  /** Why std::regex rejects the pattern, or `null` when it compiles. */
  readonly error: string | null;
  /**
   * Escapes of ordinary characters outside brackets (`\d`, `\-`), in pattern order: Kea built
   * in GNU C++ mode reads them as the character, Kea built in strict ISO mode refuses them.
   */
  readonly ordinaryEscapes: readonly string[];
  /** Backslash-letter pairs inside brackets (`[^\w]`): POSIX reads a literal backslash and the letter. */
  readonly bracketBackslashes: readonly string[];
}

/** libstdc++'s `_GLIBCXX_REGEX_STATE_LIMIT`. */
const STATE_LIMIT = 100000;
const INT_MAX = 2147483647n;

const Op = { Dummy: 0, Alt: 1, Repeat: 2, Match: 3, SubBegin: 4, SubEnd: 5, LineBegin: 6, LineEnd: 7 } as const;
type Op = (typeof Op)[keyof typeof Op];
const hasAlt = (op: Op): boolean => op === Op.Alt || op === Op.Repeat;

interface Seq { start: number; end: number }

const latin = (bytes: readonly number[]): string => String.fromCharCode(...bytes);
/** std::regex compares `char`, which is signed on the platforms Kea runs on. */
const signed = (b: number): number => (b > 127 ? b - 256 : b);

/**
 * Compiles `pattern` as libstdc++'s `std::regex::extended` does (GNU mode, see the scanner)
 * and reports whether it throws. Never throws for any pattern.
 * @example checkPosixExtendedRegex('[^A-Za-z0-9.-]').error // null
 */
export function checkPosixExtendedRegex(pattern: string): PosixRegexCheck {
  const scanner = new RegexScanner(new TextEncoder().encode(pattern));
  const notes = () => ({ ordinaryEscapes: scanner.ordinaryEscapes, bracketBackslashes: scanner.bracketBackslashes });
  try {
    scanner.advance();
    new RegexCompiler(scanner).compile();
    return { error: null, ...notes() };
  } catch (err) {
    if (err instanceof RegexSyntaxError) return { error: err.message, ...notes() };
    // LIMITATION: a nesting deep enough to exhaust the JavaScript stack is not judged.
    if (err instanceof RangeError) return { error: null, ...notes() };
    throw err;
  }
}

type BracketLast = { kind: 'none' } | { kind: 'class' } | { kind: 'char'; ch: number };

class RegexCompiler {
  readonly #op: Op[] = [];
  readonly #next: number[] = [];
  readonly #alt: number[] = [];
  readonly #stack: Seq[] = [];
  /** The value of the token matched last (`_M_value`). */
  #value: number[] = [];

  constructor(private readonly scanner: RegexScanner) {}

  compile(): void {
    const r: Seq = { start: 0, end: 0 };
    this.#append(r, this.#insert(Op.SubBegin));
    this.#disjunction();
    if (!this.#match('eof')) throw new RegexSyntaxError('unmatched ")" or a repetition operator with nothing to repeat');
    this.#appendSeq(r, this.#pop());
    this.#append(r, this.#insert(Op.SubEnd));
  }

  #insert(op: Op, next = -1, alt = -1): number {
    this.#op.push(op);
    this.#next.push(next);
    this.#alt.push(alt);
    if (this.#op.length > STATE_LIMIT) {
      throw new RegexSyntaxError(`the pattern is too complex: std::regex stops at ${STATE_LIMIT} states (use smaller {m,n} counts)`);
    }
    return this.#op.length - 1;
  }

  #append(seq: Seq, id: number): void {
    this.#next[seq.end] = id;
    seq.end = id;
  }

  #appendSeq(seq: Seq, other: Seq): void {
    this.#next[seq.end] = other.start;
    seq.end = other.end;
  }

  #pop(): Seq {
    return this.#stack.pop() ?? { start: 0, end: 0 };
  }

  #match(kind: TokenKind): boolean {
    if (this.scanner.token !== kind) return false;
    this.#value = this.scanner.value;
    this.scanner.advance();
    return true;
  }

  /** `_StateSeq::_M_clone`: a depth-first copy that, like the original, may copy a state twice. */
  #clone(seq: Seq): Seq {
    const map = new Map<number, number>();
    const todo = [seq.start];
    while (todo.length > 0) {
      const u = todo.pop() ?? 0;
      const [op, next, alt] = [this.#op[u] ?? Op.Dummy, this.#next[u] ?? -1, this.#alt[u] ?? -1];
      map.set(u, this.#insert(op, next, alt));
      if (hasAlt(op) && alt !== -1 && !map.has(alt)) todo.push(alt);
      if (u === seq.end) continue;
      if (next !== -1 && !map.has(next)) todo.push(next);
    }
    for (const id of map.values()) {
      const next = this.#next[id] ?? -1;
      if (next !== -1) this.#next[id] = map.get(next) ?? next;
      const alt = this.#alt[id] ?? -1;
      if (hasAlt(this.#op[id] ?? Op.Dummy) && alt !== -1) this.#alt[id] = map.get(alt) ?? alt;
    }
    return { start: map.get(seq.start) ?? 0, end: map.get(seq.end) ?? 0 };
  }

  #disjunction(): void {
    this.#alternative();
    while (this.#match('or')) {
      const alt1 = this.#pop();
      this.#alternative();
      const alt2 = this.#pop();
      const end = this.#insert(Op.Dummy);
      this.#append(alt1, end);
      this.#append(alt2, end);
      this.#stack.push({ start: this.#insert(Op.Alt, alt2.start, alt1.start), end });
    }
  }

  /** libstdc++ recurses once per term; the same states, inserted in the same order, by a loop. */
  #alternative(): void {
    const terms: Seq[] = [];
    while (this.#term()) terms.push(this.#pop());
    let tail: Seq = { start: this.#insert(Op.Dummy), end: 0 };
    tail.end = tail.start;
    for (let i = terms.length - 1; i >= 0; i--) {
      const t = terms[i] ?? tail;
      this.#appendSeq(t, tail);
      tail = t;
    }
    this.#stack.push(tail);
  }

  #term(): boolean {
    if (this.#match('line-begin')) return this.#pushState(Op.LineBegin);
    if (this.#match('line-end')) return this.#pushState(Op.LineEnd);
    if (!this.#atom()) return false;
    while (this.#quantifier());
    return true;
  }

  #pushState(op: Op): true {
    const id = this.#insert(op);
    this.#stack.push({ start: id, end: id });
    return true;
  }

  #atom(): boolean {
    if (this.#match('anychar') || this.#match('ord')) return this.#pushState(Op.Match);
    if (this.#match('subexpr-begin')) {
      const r: Seq = { start: this.#insert(Op.SubBegin), end: 0 };
      r.end = r.start;
      this.#disjunction();
      if (!this.#match('subexpr-end')) throw new RegexSyntaxError('unmatched "("');
      this.#appendSeq(r, this.#pop());
      this.#append(r, this.#insert(Op.SubEnd));
      this.#stack.push(r);
      return true;
    }
    const neg = this.#match('bracket-neg-begin');
    if (!neg && !this.#match('bracket-begin')) return false;
    this.#bracket();
    return this.#pushState(Op.Match);
  }

  #quantifier(): boolean {
    if (this.#match('closure0')) {
      const e = this.#pop();
      const r: Seq = { start: this.#insert(Op.Repeat, -1, e.start), end: 0 };
      r.end = r.start;
      this.#appendSeq(e, r);
      this.#stack.push(r);
    } else if (this.#match('closure1')) {
      const e = this.#pop();
      this.#append(e, this.#insert(Op.Repeat, -1, e.start));
      this.#stack.push(e);
    } else if (this.#match('opt')) {
      const e = this.#pop();
      const end = this.#insert(Op.Dummy);
      const r: Seq = { start: this.#insert(Op.Repeat, -1, e.start), end: 0 };
      r.end = r.start;
      this.#append(e, end);
      this.#append(r, end);
      this.#stack.push(r);
    } else if (this.#match('interval-begin')) {
      this.#interval();
    } else {
      return false;
    }
    return true;
  }

  /** `{m}`, `{m,}`, `{m,n}`: m copies of the atom, then a loop or n-m optional copies. */
  #interval(): void {
    if (!this.#match('dup-count')) throw new RegexSyntaxError('"{" must be followed by a repeat count');
    const r = this.#pop();
    const e: Seq = { start: this.#insert(Op.Dummy), end: 0 };
    e.end = e.start;
    const min = this.#count();
    let infinite = false;
    let n = 0;
    if (this.#match('comma')) {
      if (this.#match('dup-count')) n = this.#count() - min;
      else infinite = true;
    }
    if (!this.#match('interval-end')) throw new RegexSyntaxError('a {m,n} repetition is not closed by "}"');
    for (let i = 0; i < min; i++) this.#appendSeq(e, this.#clone(r));
    if (infinite) {
      const tmp = this.#clone(r);
      const s: Seq = { start: this.#insert(Op.Repeat, -1, tmp.start), end: 0 };
      s.end = s.start;
      this.#appendSeq(tmp, s);
      this.#appendSeq(e, s);
    } else {
      if (n < 0) throw new RegexSyntaxError(`in {m,n} the maximum ${min + n} is below the minimum ${min}`);
      const end = this.#insert(Op.Dummy);
      for (let i = 0; i < n; i++) {
        const tmp = this.#clone(r);
        const alt = this.#insert(Op.Repeat, tmp.start, end);
        this.#appendSeq(e, { start: alt, end: tmp.end });
      }
      this.#append(e, end);
    }
    this.#stack.push(e);
  }

  /** The value of the digits just matched (newer libstdc++ refuses counts beyond `int`). */
  #count(): number {
    const v = BigInt(latin(this.#value));
    if (v > INT_MAX) throw new RegexSyntaxError(`repeat count ${v} is too large`);
    return Number(v);
  }

  #bracket(): void {
    let last: BracketLast = { kind: 'none' };
    if (this.#match('ord')) last = { kind: 'char', ch: this.#value[0] ?? 0 };
    else if (this.#match('bracket-dash')) last = { kind: 'char', ch: 0x2d };
    for (;;) {
      const step = this.#bracketTerm(last);
      if (step === null) return;
      last = step;
    }
  }

  /** One `_M_expression_term`: the new "last" state, or `null` at the closing `]`. */
  #bracketTerm(last: BracketLast): BracketLast | null {
    if (this.#match('bracket-end')) return null;
    const name = (): string => latin(this.#value);
    if (this.#match('collsymbol')) {
      const index = COLLATE_NAMES.indexOf(name());
      if (index < 0) throw new RegexSyntaxError(`"[.${name()}.]" is not a collating element std::regex knows`);
      return { kind: 'char', ch: index };
    }
    if (this.#match('equiv-class')) {
      if (!COLLATE_NAMES.includes(name())) throw new RegexSyntaxError(`"[=${name()}=]" is not an equivalence class std::regex knows`);
      return { kind: 'class' };
    }
    if (this.#match('char-class')) {
      if (!CLASS_NAMES.has(name().replace(/[A-Z]/g, (c) => c.toLowerCase()))) {
        throw new RegexSyntaxError(`"[:${name()}:]" is not a character class (alpha, digit, alnum, upper, lower, space, punct, ...)`);
      }
      return { kind: 'class' };
    }
    if (this.#match('ord')) return { kind: 'char', ch: this.#value[0] ?? 0 };
    if (this.#match('bracket-dash')) return this.#bracketDash(last);
    throw new RegexSyntaxError('a bracket expression "[" is not closed by "]"');
  }

  #bracketDash(last: BracketLast): BracketLast | null {
    if (this.#match('bracket-end')) return null; // "-]": a literal dash
    if (last.kind === 'class') throw new RegexSyntaxError('a range in a bracket expression cannot start with a character class');
    if (last.kind === 'none') {
      throw new RegexSyntaxError('"-" in the middle of a bracket expression must be escaped by putting it first or last');
    }
    let hi: number;
    if (this.#match('ord')) hi = this.#value[0] ?? 0;
    else if (this.#match('bracket-dash')) hi = 0x2d;
    else throw new RegexSyntaxError('a range in a bracket expression has no end character');
    if (signed(last.ch) > signed(hi)) {
      throw new RegexSyntaxError(`range "${latin([last.ch])}-${latin([hi])}" in a bracket expression is reversed`);
    }
    return { kind: 'none' };
  }
}
