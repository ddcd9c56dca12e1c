/**
 * The tokenizer half of the POSIX extended regular expression check (see
 * `params-posix-regex.ts`): a transcription of libstdc++'s `std::__detail::_Scanner` for
 * `std::regex::extended` (GCC 12, bits/regex_scanner.tcc). It works on the UTF-8 bytes of the
 * pattern, as Kea's `std::string` does. An escaped ordinary character (`\d`, `\-`) depends on
 * how Kea was compiled: in GNU mode (meson's default) it is that character, in strict ISO mode
 * (`-D cpp_std=c++20`, used for NETCONF builds, defines `__STRICT_ANSI__`) it is an error. The
 * scanner follows GNU mode and lists such escapes so a rule can warn. Pure; no imports.
 */

export type TokenKind =
  | 'eof' | 'ord' | 'line-begin' | 'line-end' | 'anychar' | 'closure0' | 'closure1' | 'opt' | 'or'
  | 'subexpr-begin' | 'subexpr-end' | 'bracket-begin' | 'bracket-neg-begin' | 'bracket-end' | 'bracket-dash'
  | 'collsymbol' | 'equiv-class' | 'char-class' | 'interval-begin' | 'interval-end' | 'dup-count' | 'comma';

/** Character names of `[[.name.]]` and `[[=name=]]`, indexed by character code (regex.tcc `lookup_collatename`). */
export const COLLATE_NAMES: readonly string[] = [
  'NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'alert', 'backspace', 'tab', 'newline', 'vertical-tab',
  'form-feed', 'carriage-return', 'SO', 'SI', 'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN',
  'EM', 'SUB', 'ESC', 'IS4', 'IS3', 'IS2', 'IS1', 'space', 'exclamation-mark', 'quotation-mark', 'number-sign',
  'dollar-sign', 'percent-sign', 'ampersand', 'apostrophe', 'left-parenthesis', 'right-parenthesis', 'asterisk',
  'plus-sign', 'comma', 'hyphen', 'period', 'slash', 'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven',
  'eight', 'nine', 'colon', 'semicolon', 'less-than-sign', 'equals-sign', 'greater-than-sign', 'question-mark',
  'commercial-at', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'left-square-bracket', 'backslash', 'right-square-bracket',
  'circumflex', 'underscore', 'grave-accent', ...'abcdefghijklmnopqrstuvwxyz', 'left-curly-bracket',
  'vertical-line', 'right-curly-bracket', 'tilde', 'DEL',
];

/** Class names of `[[:name:]]`, compared in lower case (regex.tcc `lookup_classname`). */
export const CLASS_NAMES: ReadonlySet<string> = new Set(['d', 'w', 's', 'alnum', 'alpha', 'blank', 'cntrl', 'digit',
  'graph', 'lower', 'print', 'punct', 'space', 'upper', 'xdigit']);

/** A pattern std::regex refuses; `reason` says why in words. */
export class RegexSyntaxError extends Error {}

const EXTENDED_SPECIAL = new Set([...'.[\\()*+?{|^$'].map((c) => c.charCodeAt(0)));
const TOKEN_TABLE = new Map<number, TokenKind>([
  [0x5e, 'line-begin'], [0x24, 'line-end'], [0x2e, 'anychar'], [0x2a, 'closure0'],
  [0x2b, 'closure1'], [0x3f, 'opt'], [0x7c, 'or'],
]);
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
const isAsciiAlnum = (b: number | undefined): boolean =>
  b !== undefined && (isDigit(b) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** One-token-lookahead scanner with libstdc++'s three states (normal, bracket, brace). */
export class RegexScanner {
  token: TokenKind = 'eof';
  /** The byte of an `ord` token, the digits of a `dup-count`, the name of a class or symbol. */
  value: number[] = [];
  /** Escapes of ordinary characters outside brackets (`\d`, `\-`): strict-mode builds refuse them. */
  readonly ordinaryEscapes: string[] = [];
  /** A backslash then a letter or digit inside brackets (`[\w]`): a literal backslash in POSIX. */
  readonly bracketBackslashes: string[] = [];
  #pos = 0;
  #state: 'normal' | 'bracket' | 'brace' = 'normal';
  #atBracketStart = false;

  /** Call `advance()` once to read the first token (it may throw). */
  constructor(private readonly bytes: Uint8Array) {}

  advance(): void {
    if (this.#pos >= this.bytes.length) {
      this.token = 'eof';
      return;
    }
    if (this.#state === 'normal') this.#scanNormal();
    else if (this.#state === 'bracket') this.#scanInBracket();
    else this.#scanInBrace();
  }

  #set(token: TokenKind, value: number[] = []): void {
    this.token = token;
    this.value = value;
  }

  #scanNormal(): void {
    const c = this.bytes[this.#pos++] ?? 0;
    // strchr() also finds the terminating NUL, so a NUL byte counts as special here.
    if (c !== 0 && !EXTENDED_SPECIAL.has(c)) return this.#set('ord', [c]);
    if (c === 0x5c) return this.#eatEscape();
    if (c === 0x28) return this.#set('subexpr-begin');
    if (c === 0x29) return this.#set('subexpr-end');
    if (c === 0x5b) {
      this.#state = 'bracket';
      this.#atBracketStart = true;
      if (this.bytes[this.#pos] === 0x5e) {
        this.#pos++;
        return this.#set('bracket-neg-begin');
      }
      return this.#set('bracket-begin');
    }
    if (c === 0x7b) {
      this.#state = 'brace';
      return this.#set('interval-begin');
    }
    if (c === 0) throw new RegexSyntaxError('a NUL character is not allowed');
    this.#set(TOKEN_TABLE.get(c) ?? 'ord', [c]);
  }

  /** `\x` outside brackets: the character x (in strict builds only when x is special). */
  #eatEscape(): void {
    const c = this.bytes[this.#pos];
    if (c === undefined) throw new RegexSyntaxError('the pattern ends with a lone backslash');
    if (c === 0 || !EXTENDED_SPECIAL.has(c)) this.ordinaryEscapes.push(`\\${String.fromCharCode(c)}`);
    this.#pos++;
    this.#set('ord', [c]);
  }

  #scanInBracket(): void {
    const c = this.bytes[this.#pos++] ?? 0;
    if (c === 0x2d) {
      this.#set('bracket-dash');
    } else if (c === 0x5b) {
      const next = this.bytes[this.#pos];
      if (next === undefined) throw new RegexSyntaxError('the pattern ends inside a bracket expression ("[[")');
      if (next === 0x2e || next === 0x3a || next === 0x3d) {
        this.#pos++;
        this.#set(next === 0x2e ? 'collsymbol' : next === 0x3a ? 'char-class' : 'equiv-class', this.#eatClass(next));
      } else {
        this.#set('ord', [c]);
      }
    } else if (c === 0x5d && !this.#atBracketStart) {
      this.#set('bracket-end');
      this.#state = 'normal';
    } else {
      // A backslash is an ordinary character inside a POSIX bracket expression.
      if (c === 0x5c && isAsciiAlnum(this.bytes[this.#pos])) {
        this.bracketBackslashes.push(`\\${String.fromCharCode(this.bytes[this.#pos] ?? 0)}`);
      }
      this.#set('ord', [c]);
    }
    this.#atBracketStart = false;
  }

  /** `[:name:]`, `[.name.]`, `[=name=]`: the name up to the closing delimiter and `]`. */
  #eatClass(delim: number): number[] {
    const start = this.#pos;
    while (this.#pos < this.bytes.length && this.bytes[this.#pos] !== delim) this.#pos++;
    const name = [...this.bytes.subarray(start, this.#pos)];
    const open = `[${String.fromCharCode(delim)}`;
    if (this.bytes[this.#pos] !== delim || this.bytes[this.#pos + 1] !== 0x5d) {
      throw new RegexSyntaxError(`"${open}${text(Uint8Array.from(name))}" is not closed by "${String.fromCharCode(delim)}]"`);
    }
    this.#pos += 2;
    return name;
  }

  #scanInBrace(): void {
    const c = this.bytes[this.#pos++] ?? 0;
    if (isDigit(c)) {
      const digits = [c];
      while (isDigit(this.bytes[this.#pos])) digits.push(this.bytes[this.#pos++] ?? 0);
      this.#set('dup-count', digits);
    } else if (c === 0x2c) {
      this.#set('comma');
    } else if (c === 0x7d) {
      this.#state = 'normal';
      this.#set('interval-end');
    } else {
      throw new RegexSyntaxError(`unexpected "${String.fromCharCode(c)}" inside a {m,n} repetition`);
    }
  }
}
