/**
 * A JSON parser with Kea's extensions (ARM "Configuration Files"; Kea's `*_lexer.ll`):
 * `#`, `//` and `/* *\/` comments, `<?include "path"?>` directives (lexical, anywhere, nested
 * at most 10 deep), trailing commas (a warning), duplicate keys (an error), a leading `+` on a
 * number (an error), leading zeros (a warning), `\u` escapes limited to Latin-1.
 *
 * Every value's position goes into a {@link SourceMap}. An include path that is not absolute
 * resolves against the directory of the including file (Kea resolves it against the working
 * directory; ours makes a repository relocatable and is documented in the README).
 */
import path from 'node:path';
import { SourceMap } from './source-map.js';
import type { ConfigIssue, ConfigIssueCode } from './issues.js';
import { isSecretKey } from './redact.js';

/** Reads a file as UTF-8; throws (with `code` like ENOENT) when it cannot. Injected for tests. */
export type ReadText = (filePath: string) => string;

/** Raised for text that cannot be parsed; `issue` is located. */
export class JsonSyntaxFailure extends Error {
  constructor(readonly issue: ConfigIssue) {
    super(issue.message);
  }
}

/** Kea's cap on include nesting (`Parser4Context::includeFile`). */
export const MAX_INCLUDE_DEPTH = 10;

/** Limits that keep a small hostile file from taking unbounded time or memory. */
export const INPUT_LIMITS = {
  /** Maps and lists nested deeper than this are refused (Kea's own files nest about 8 deep). */
  maxDepth: 200,
  /** Text read in all, counting every splice of an included file. */
  maxBytes: 256 * 1024 * 1024,
} as const;

/** Token kinds. */
const T = {
  LBrace: 0, RBrace: 1, LBracket: 2, RBracket: 3, Colon: 4, Comma: 5,
  Str: 6, Num: 7, True: 8, False: 9, Null: 10, Eof: 11,
} as const;
type T = (typeof T)[keyof typeof T];

interface Frame {
  readonly fileIndex: number;
  readonly text: string;
  readonly dir: string;
  readonly absPath: string;
  /** The path as shown in messages: the including file's shown directory joined with the include path. */
  readonly shown: string;
  pos: number;
}

/** Parses `text` (the contents of `filePath`) with Kea's extensions into plain values. */
export function parseKeaJson(
  filePath: string,
  displayPath: string,
  text: string,
  map: SourceMap,
  readText: ReadText,
  warnings: ConfigIssue[],
): unknown {
  const parser = new KeaJsonParser(map, readText, warnings);
  return parser.parseDocument(filePath, displayPath, text);
}

class KeaJsonParser {
  #map: SourceMap;
  #readText: ReadText;
  #warnings: ConfigIssue[];
  #frames: Frame[] = [];
  // current token
  #tok: T = T.Eof;
  #tokPos = 0; // packed position
  #tokStr = '';
  #tokNum = 0;
  /** True while the value of a secret key (`password`, `secret`, ...) is being read: never echo it. */
  #inSecret = false;
  #depth = 0;
  #bytesRead = 0;
  /** Included files read so far, by absolute path: each is read once, however often it is spliced. */
  #included = new Map<string, string>();

  constructor(map: SourceMap, readText: ReadText, warnings: ConfigIssue[]) {
    this.#map = map;
    this.#readText = readText;
    this.#warnings = warnings;
  }

  /** The current token kind (a method, so that TypeScript does not narrow it across #next()). */
  #cur(): T {
    return this.#tok;
  }

  parseDocument(filePath: string, displayPath: string, text: string): unknown {
    this.#pushFile(path.resolve(filePath), displayPath, text);
    this.#next();
    this.#map.setRoot(this.#tokPos);
    const value = this.#value();
    if (this.#cur() !== T.Eof) this.#fail(this.#tokPos, 'unexpected text after the end of the configuration');
    return value;
  }

  // ---- values -------------------------------------------------------------------------------

  #value(): unknown {
    switch (this.#cur()) {
      case T.LBrace: return this.#object();
      case T.LBracket: return this.#array();
      case T.Str: { const s = this.#tokStr; this.#next(); return s; }
      case T.Num: { const n = this.#tokNum; this.#next(); return n; }
      case T.True: this.#next(); return true;
      case T.False: this.#next(); return false;
      case T.Null: this.#next(); return null;
      case T.Eof: return this.#fail(this.#tokPos, 'unexpected end of file: a value is missing');
      default: return this.#fail(this.#tokPos, `expected a value, found ${this.#tokenText()}`);
    }
  }

  #enter(): void {
    if (++this.#depth > INPUT_LIMITS.maxDepth) {
      this.#fail(this.#tokPos, `maps and lists nest more than ${INPUT_LIMITS.maxDepth} levels deep`, 'input-too-large');
    }
  }

  #object(): Record<string, unknown> {
    this.#enter();
    const obj: Record<string, unknown> = {};
    this.#map.container(obj, this.#tokPos);
    this.#next();
    while (this.#cur() !== T.RBrace) {
      if (this.#cur() !== T.Str) {
        this.#fail(this.#tokPos, this.#cur() === T.Eof
          ? "unexpected end of file: a '}' is missing"
          : `expected a quoted key or '}', found ${this.#tokenText()}`);
      }
      const key = this.#tokStr;
      const keyPos = this.#tokPos;
      if (Object.prototype.hasOwnProperty.call(obj, key)) {
        this.#fail(keyPos, `duplicate key "${key}" in the same map`, 'duplicate-key');
      }
      const outerSecret = this.#inSecret;
      this.#inSecret = outerSecret || isSecretKey(key);
      this.#next();
      if (this.#cur() !== T.Colon) this.#fail(this.#tokPos, `expected ':' after "${key}", found ${this.#tokenText()}`);
      this.#next();
      const valuePos = this.#tokPos;
      const value = this.#value();
      this.#inSecret = outerSecret;
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      this.#map.member(obj, key, keyPos, valuePos);
      if (this.#cur() === T.Comma) {
        const commaPos = this.#tokPos;
        this.#next();
        if (this.#cur() === T.RBrace) this.#trailingComma(commaPos);
      } else if (this.#cur() !== T.RBrace) {
        this.#fail(this.#tokPos, this.#cur() === T.Eof
          ? "unexpected end of file: a '}' is missing"
          : `expected ',' or '}' after the value of "${key}", found ${this.#tokenText()}`);
      }
    }
    this.#next();
    this.#depth--;
    return obj;
  }

  #array(): unknown[] {
    this.#enter();
    const arr: unknown[] = [];
    this.#map.container(arr, this.#tokPos);
    this.#next();
    while (this.#cur() !== T.RBracket) {
      this.#map.item(arr, this.#tokPos);
      arr.push(this.#value());
      if (this.#cur() === T.Comma) {
        const commaPos = this.#tokPos;
        this.#next();
        if (this.#cur() === T.RBracket) this.#trailingComma(commaPos);
      } else if (this.#cur() !== T.RBracket) {
        this.#fail(this.#tokPos, this.#cur() === T.Eof
          ? "unexpected end of file: a ']' is missing"
          : `expected ',' or ']' in a list, found ${this.#tokenText()}`);
      }
    }
    this.#next();
    this.#depth--;
    return arr;
  }

  #trailingComma(pos: number): void {
    this.#warn(pos, 'trailing-comma', 'extra comma before the closing bracket', 'remove the comma; Kea accepts it with a warning too');
  }

  // ---- lexer ----------------------------------------------------------------------------------

  #pushFile(absPath: string, shown: string, text: string): void {
    this.#bytesRead += text.length;
    if (this.#bytesRead > INPUT_LIMITS.maxBytes) {
      this.#fail(this.#frames.length === 0 ? 0 : this.#tokPos, `the configuration, with what it includes, is over ${INPUT_LIMITS.maxBytes / 1024 / 1024} MiB of text`, 'input-too-large');
    }
    const fileIndex = this.#map.addFile({ path: shown, absPath, text });
    this.#frames.push({ fileIndex, text, dir: path.dirname(absPath), absPath, shown, pos: 0 });
  }

  /** Advances to the next token, crossing include boundaries. */
  #next(): void {
    for (;;) {
      const f = this.#frames[this.#frames.length - 1] as Frame;
      this.#skipBlank(f);
      if (f.pos >= f.text.length) {
        if (this.#frames.length > 1) { this.#frames.pop(); continue; }
        this.#tok = T.Eof;
        this.#tokPos = SourceMap.pos(f.fileIndex, f.pos);
        return;
      }
      const c = f.text.charCodeAt(f.pos);
      if (c === 0x3c /* < */ && f.text.charCodeAt(f.pos + 1) === 0x3f /* ? */) {
        this.#include(f);
        continue;
      }
      this.#tokPos = SourceMap.pos(f.fileIndex, f.pos);
      this.#lexToken(f, c);
      return;
    }
  }

  /** Skips whitespace and the three comment forms. */
  #skipBlank(f: Frame): void {
    const text = f.text;
    let i = f.pos;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) { i++; continue; }
      if (c === 0x23 /* # */ || (c === 0x2f && text.charCodeAt(i + 1) === 0x2f)) {
        const nl = text.indexOf('\n', i);
        i = nl === -1 ? text.length : nl + 1;
        continue;
      }
      if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
        const end = text.indexOf('*/', i + 2);
        if (end === -1) this.#fail(SourceMap.pos(f.fileIndex, i), "comment not closed: '/*' has no matching '*/'");
        i = end + 2;
        continue;
      }
      break;
    }
    f.pos = i;
  }

  /** Handles `<?include "path"?>`: reads the file and makes it the current frame. */
  #include(f: Frame): void {
    const start = f.pos;
    const startPos = SourceMap.pos(f.fileIndex, start);
    INCLUDE.lastIndex = start;
    const m = INCLUDE.exec(f.text);
    if (m === null) {
      this.#fail(startPos, 'malformed directive: expected <?include "path"?>');
    }
    f.pos = start + m[0].length;
    if (this.#frames.length > MAX_INCLUDE_DEPTH) {
      this.#fail(startPos, `too many nested includes (the limit is ${MAX_INCLUDE_DEPTH})`, 'include-depth');
    }
    const target = path.resolve(f.dir, m[1] as string);
    if (this.#frames.some((fr) => fr.absPath === target)) {
      this.#fail(startPos, `include cycle: "${m[1]}" includes itself`, 'include-cycle');
    }
    let text = this.#included.get(target);
    if (text === undefined) {
      try {
        text = this.#readText(target);
      } catch (err) {
        this.#fail(startPos, `cannot read included file "${m[1]}": ${describeReadError(err, target)}`, 'unreadable-file');
      }
      this.#included.set(target, text);
    }
    const arg = m[1] as string;
    this.#pushFile(target, path.isAbsolute(arg) ? arg : path.join(path.dirname(f.shown), arg), text);
  }

  #lexToken(f: Frame, c: number): void {
    switch (c) {
      case 0x7b: this.#tok = T.LBrace; f.pos++; return;
      case 0x7d: this.#tok = T.RBrace; f.pos++; return;
      case 0x5b: this.#tok = T.LBracket; f.pos++; return;
      case 0x5d: this.#tok = T.RBracket; f.pos++; return;
      case 0x3a: this.#tok = T.Colon; f.pos++; return;
      case 0x2c: this.#tok = T.Comma; f.pos++; return;
      case 0x22: this.#lexString(f); return;
      default:
        if (c === 0x2d || c === 0x2b || c === 0x2e || (c >= 0x30 && c <= 0x39)) { this.#lexNumber(f); return; }
        this.#lexWord(f);
    }
  }

  #lexWord(f: Frame): void {
    WORD.lastIndex = f.pos;
    const m = WORD.exec(f.text);
    const word = m === null ? f.text.charAt(f.pos) : m[0];
    if (word === 'true') this.#tok = T.True;
    else if (word === 'false') this.#tok = T.False;
    else if (word === 'null') this.#tok = T.Null;
    else if (/^(true|false|null)$/i.test(word)) {
      this.#fail(this.#tokPos, `${this.#shown(`'${word}'`, 'a word')} is not a value: JSON booleans and null are lowercase${this.#inSecret ? '' : ` (${word.toLowerCase()})`}`);
    } else {
      this.#fail(this.#tokPos, `unexpected ${this.#shown(`'${word}'`, 'word')}: strings must be in double quotes`);
    }
    f.pos += word.length;
  }

  #lexNumber(f: Frame): void {
    if (f.text.charCodeAt(f.pos) === 0x2b) {
      PLUS_NUMBER.lastIndex = f.pos;
      this.#fail(this.#tokPos, `a number may not start with '+'${this.#inSecret ? '' : ` (${PLUS_NUMBER.exec(f.text)?.[0] ?? '+'})`}; Kea rejects it`);
    }
    NUMBER.lastIndex = f.pos;
    const m = NUMBER.exec(f.text);
    if (m === null) this.#fail(this.#tokPos, `${this.#shown(`'${f.text.slice(f.pos, f.pos + 20).split(/[\s,}\]]/)[0] ?? ''}'`, 'this')} is not a number`);
    const lit = m[0];
    const digits = lit.replace(/^-/, '');
    if (/^0\d/.test(digits)) {
      this.#warn(this.#tokPos, 'leading-zeros', `leading zeros in ${this.#shown(`the number ${lit}`, 'a number')}`,
        `${this.#inSecret ? 'drop them' : `write ${Number(lit)}`}; Kea warns that leading zeros will be deprecated`);
    }
    const value = Number(lit);
    if (/^-?\d+$/.test(lit) && !Number.isSafeInteger(value)) {
      this.#fail(this.#tokPos, `${this.#shown(`the integer ${lit}`, 'an integer')} is too large to be represented exactly`);
    }
    this.#tok = T.Num;
    this.#tokNum = value;
    f.pos += lit.length;
  }

  #lexString(f: Frame): void {
    const text = f.text;
    let i = f.pos + 1;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= text.length) this.#fail(this.#tokPos, 'unterminated string: a closing \'"\' is missing');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) {
        this.#fail(SourceMap.pos(f.fileIndex, i), c === 0x0a
          ? 'unterminated string: a line ends inside the quotes'
          : `invalid control character 0x${c.toString(16).padStart(2, '0')} in a string; write it as an escape`);
      }
      if (c !== 0x5c) { i++; continue; }
      out += text.slice(chunk, i);
      const e = text.charAt(i + 1);
      const simple = ESCAPES[e];
      if (simple !== undefined) { out += simple; i += 2; chunk = i; continue; }
      if (e === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.#fail(SourceMap.pos(f.fileIndex, i), `bad unicode escape ${this.#shown(`'\\u${hex}'`, 'in a string')}`);
        if (!hex.startsWith('00')) {
          this.#fail(SourceMap.pos(f.fileIndex, i), `unsupported unicode escape ${this.#shown(`'\\u${hex}'`, 'in a string')}: Kea accepts only \\u0000 to \\u00ff`);
        }
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        chunk = i;
        continue;
      }
      this.#fail(SourceMap.pos(f.fileIndex, i), this.#inSecret ? 'bad escape in a string' : `bad escape '\\${e}' in a string`);
    }
    this.#tok = T.Str;
    this.#tokStr = chunk === f.pos + 1 ? text.slice(chunk, i) : out + text.slice(chunk, i);
    f.pos = i + 1;
  }

  /** The current token as a message shows it: quoted, or only its kind inside a secret. */
  #tokenText(): string {
    switch (this.#tok) {
      case T.LBrace: return "'{'";
      case T.RBrace: return "'}'";
      case T.LBracket: return "'['";
      case T.RBracket: return "']'";
      case T.Colon: return "':'";
      case T.Comma: return "','";
      case T.Str: return this.#shown(`'"${this.#tokStr}"'`, 'a string');
      case T.Num: return this.#shown(`'${this.#tokNum}'`, 'a number');
      case T.True: return "'true'";
      case T.False: return "'false'";
      case T.Null: return "'null'";
      default: return 'end of file';
    }
  }

  /** `text` as written, or only `kind` while reading a secret's value. */
  #shown(text: string, kind: string): string {
    return this.#inSecret ? kind : text;
  }

  // ---- issues ---------------------------------------------------------------------------------

  #issue(pos: number, severity: 'error' | 'warning', code: ConfigIssueCode, message: string, hint?: string): ConfigIssue {
    const loc = this.#map.toLocation(pos);
    return {
      severity, code, message, path: '',
      ...(hint === undefined ? {} : { hint }),
      ...(loc === undefined ? {} : { file: loc.file, line: loc.line, column: loc.column }),
    };
  }

  #warn(pos: number, code: ConfigIssueCode, message: string, hint?: string): void {
    this.#warnings.push(this.#issue(pos, 'warning', code, message, hint));
  }

  #fail(pos: number, message: string, code: ConfigIssueCode = 'syntax-error'): never {
    throw new JsonSyntaxFailure(this.#issue(pos, 'error', code, message));
  }
}

/**
 * Why a file could not be read: the system error code with the path (`ENOENT: /etc/x.json`),
 * or, for readers that are not the file system (git revisions), their own message.
 */
export function describeReadError(err: unknown, target: string): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && e.code.startsWith('E') && e.message?.includes(e.code)) return `${e.code}: ${target}`;
  return e?.message ?? String(err);
}

const NUMBER = /-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/y;
const PLUS_NUMBER = /\+[\d.eE+-]*/y;
const WORD = /[A-Za-z_][A-Za-z0-9_-]*/y;
const INCLUDE = /<\?[ \t\r\n]*include[ \t\r\n]*"([^"\n]+)"[ \t\r\n]*\?>/y;

const ESCAPES: Record<string, string> = {
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};
