/**
 * The tokenizer of Kea's expression language, with the same token boundaries as Kea's flex
 * scanner (src/lib/eval/lexer.ll): at each position the longest match wins, and on a tie the
 * earlier rule (string, hex, integer, option name, address, keyword, punctuation) wins.
 * Keywords need no word boundary (`notmember(...)` is `not member(...)`), exactly as in flex.
 * Pure: no I/O.
 */
import { parseIPv4, parseIPv6 } from '../net/index.js';

/** Token classes of Kea's scanner; `keyword` and `punct` carry the word in `text`. */
export type TokenKind = 'string' | 'hex' | 'integer' | 'optionName' | 'address' | 'keyword' | 'punct' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /**
   * string: the text between the quotes; optionName: the name without trailing blanks;
   * keyword / punct: the keyword; others: the lexeme; end: ''.
   */
  readonly text: string;
  /** 0-based offset of the token's first character. */
  readonly start: number;
}

/** A syntax error at a 0-based offset; the parser turns it into `{ ok: false }`. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

/** Kea's keywords (lexer.ll). */
const KEYWORDS: readonly string[] = [
  'option', 'relay4', 'relay6', 'peeraddr', 'linkaddr', 'text', 'hex', 'exists', 'pkt', 'iface', 'src', 'dst',
  'len', 'pkt4', 'mac', 'hlen', 'htype', 'ciaddr', 'giaddr', 'yiaddr', 'siaddr', 'pkt6', 'msgtype', 'transid',
  'vendor', 'vendor-class', 'data', 'enterprise', 'substring', 'lcase', 'ucase', 'split', 'all', 'concat',
  'ifelse', 'sifelse', 'hexstring', 'addrtotext', 'int8totext', 'int16totext', 'int32totext', 'uint8totext',
  'uint16totext', 'uint32totext', 'not', 'and', 'sand', 'or', 'sor', 'member', 'match',
];

const PUNCTUATION: readonly string[] = ['==', '.', '(', ')', '[', ']', ',', '*', '+'];

const HEX_RE = /0[xX][0-9a-fA-F]+/y;
const INT_RE = /-?[0-9]+/y;
/** flex: `[A-Za-z]([-_A-Za-z0-9]*[A-Za-z0-9])?({blank}|\n)*` with trailing context `]`. */
const NAME_RE = /[A-Za-z](?:[-_A-Za-z0-9]*[A-Za-z0-9])?[ \t\n]*\]/y;
const ADDR4_RE = /[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/y;
const ADDR6_RE = /[0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:.]*/y;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Length of the match of a sticky regex at `pos`, or 0. */
function matchLength(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m === null ? 0 : m[0].length;
}

function longestWord(words: readonly string[], text: string, pos: number): string {
  let best = '';
  for (const w of words) if (w.length > best.length && text.startsWith(w, pos)) best = w;
  return best;
}

/** Tokenizes on demand, one token at a time, so errors surface in Kea's order. */
export class Lexer {
  readonly #text: string;
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
  }

  /** Returns the next token; throws `ExpressionSyntaxError` on an invalid character or literal. */
  next(): Token {
    const text = this.#text;
    while (this.#pos < text.length && ' \t\n'.includes(text.charAt(this.#pos))) this.#pos++;
    const pos = this.#pos;
    if (pos >= text.length) return { kind: 'end', text: '', start: pos };
    if (text.charAt(pos) === "'") return this.#string(pos);

    // Candidate lengths in flex rule order; the longest wins, the earliest on a tie.
    const nameWithBracket = matchLength(NAME_RE, text, pos); // includes the trailing-context ']'
    const addr4 = matchLength(ADDR4_RE, text, pos);
    const addr6 = matchLength(ADDR6_RE, text, pos);
    const keyword = longestWord(KEYWORDS, text, pos);
    const punct = longestWord(PUNCTUATION, text, pos);
    const candidates: readonly [TokenKind, number][] = [
      ['hex', matchLength(HEX_RE, text, pos)],
      ['integer', matchLength(INT_RE, text, pos)],
      ['optionName', nameWithBracket],
      ['address', Math.max(addr4, addr6)],
      ['keyword', keyword.length],
      ['punct', punct.length],
    ];
    let kind: TokenKind = 'end';
    let length = 0;
    for (const [k, len] of candidates) {
      if (len > length) {
        kind = k;
        length = len;
      }
    }
    if (length === 0) {
      throw new ExpressionSyntaxError(`invalid character '${text.charAt(pos)}'`, pos);
    }
    if (kind === 'optionName') {
      // The ']' is trailing context: it stays in the input for the next token.
      this.#pos = pos + length - 1;
      return { kind, text: text.slice(pos, pos + length - 1).trimEnd(), start: pos };
    }
    this.#pos = pos + length;
    const lexeme = text.slice(pos, pos + length);
    if (kind === 'integer') checkInt64(lexeme, pos);
    if (kind === 'address' && parseIPv4(lexeme) === null && parseIPv6(lexeme) === null) {
      throw new ExpressionSyntaxError(`'${lexeme}' is not a valid IP address`, pos);
    }
    return { kind, text: lexeme, start: pos };
  }

  /** flex: `\'[^\'\n]*\'`; an unterminated quote is an invalid character. */
  #string(pos: number): Token {
    const text = this.#text;
    for (let i = pos + 1; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === '\n') break;
      if (c === "'") {
        this.#pos = i + 1;
        return { kind: 'string', text: text.slice(pos + 1, i), start: pos };
      }
    }
    throw new ExpressionSyntaxError('unterminated string: no closing quote on the same line', pos);
  }
}

/** Kea's scanner rejects integers that do not fit in int64 (lexer.ll, boost::lexical_cast<int64_t>). */
function checkInt64(lexeme: string, pos: number): void {
  const v = BigInt(lexeme);
  if (v < INT64_MIN || v > INT64_MAX) {
    throw new ExpressionSyntaxError(`integer ${lexeme} does not fit in 64 bits`, pos);
  }
}

/** Describes a token for error messages: `'and'`, `string 'foo'`, `end of expression`. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'end of expression';
    case 'string':
      return `string '${t.text}'`;
    case 'hex':
      return `hex string ${t.text}`;
    case 'integer':
      return `integer ${t.text}`;
    case 'address':
      return `address ${t.text}`;
    case 'optionName':
      return `option name '${t.text}'`;
    case 'keyword':
    case 'punct':
      return `'${t.text}'`;
  }
}
