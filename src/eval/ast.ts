/**
 * The syntax tree of a Kea classification expression, as built by `parseExpression`.
 * Pure data: readonly discriminated unions on `type`, split by value kind (boolean or string),
 * so that the evaluator never has to check a value's type at run time.
 *
 * Every node carries `column`: the 1-based character offset of its first token in the
 * expression text (the column, for the usual one-line expression).
 */

/** Where an option chain starts. */
export type OptionScope = 'packet' | 'relay4' | 'relay6' | 'vendor';

/**
 * An option reached by a chain such as `option[a].option[b]`.
 * `path` lists codes from the outermost option inwards:
 * - `packet`: `[top-level code, sub-option code, ...]`
 * - `relay4`: `[82, RAI sub-option code, ...]` (Kea's `relay4[x]` is option 82's sub-option `x`)
 * - `relay6`: `[code in the relay encapsulation's options, sub-option code, ...]`
 * - `vendor`: `[sub-option code inside the vendor option, ...]`
 */
export type OptionRef =
  | { readonly scope: 'packet'; readonly path: readonly number[] }
  | { readonly scope: 'relay4'; readonly path: readonly number[] }
  | { readonly scope: 'relay6'; readonly nest: number; readonly path: readonly number[] }
  | { readonly scope: 'vendor'; readonly enterpriseId: number; readonly path: readonly number[] };

interface At {
  /** 1-based character offset of the node's first token in the expression text. */
  readonly column: number;
}

/** An expression whose value is a boolean (Kea: the strings "true" / "false"). */
export type BoolExpr =
  | (At & { readonly type: 'not'; readonly operand: BoolExpr })
  /** `and` / `or` short-circuit; `sand` / `sor` always evaluate both sides. */
  | (At & { readonly type: 'and' | 'or' | 'sand' | 'sor'; readonly left: BoolExpr; readonly right: BoolExpr })
  | (At & { readonly type: 'equal'; readonly left: StringExpr; readonly right: StringExpr })
  | (At & { readonly type: 'member'; readonly className: string })
  /** `regex` is compiled once at parse time and anchored at both ends (Kea uses std::regex_match). */
  | (At & { readonly type: 'match'; readonly pattern: string; readonly regex: RegExp; readonly operand: StringExpr })
  | (At & { readonly type: 'optionExists'; readonly option: OptionRef })
  /** `vendor[id].exists`; `enterpriseId` 0 means any vendor (`*`). */
  | (At & { readonly type: 'vendorExists'; readonly enterpriseId: number })
  /** `vendor-class[id].exists`; `enterpriseId` 0 means any vendor (`*`). */
  | (At & { readonly type: 'vendorClassExists'; readonly enterpriseId: number });

/** Where a literal came from; the value is always bytes. */
export type LiteralForm = 'string' | 'hex' | 'address' | 'integer';

/** Fields of `pkt.*`, `pkt4.*` and `pkt6.*`. */
export type PktField = 'iface' | 'src' | 'dst' | 'len';
export type Pkt4Field = 'mac' | 'hlen' | 'htype' | 'ciaddr' | 'giaddr' | 'yiaddr' | 'siaddr' | 'msgtype' | 'transid';
export type Pkt6Field = 'msgtype' | 'transid';

/** An expression whose value is a byte string. */
export type StringExpr =
  /** Integers are 4-byte big-endian; addresses are 4 or 16 bytes; strings are their UTF-8 bytes. */
  | (At & { readonly type: 'literal'; readonly form: LiteralForm; readonly value: Uint8Array })
  | (At & { readonly type: 'option'; readonly option: OptionRef; readonly repr: 'hex' | 'text' })
  | (At & { readonly type: 'pkt'; readonly field: PktField })
  | (At & { readonly type: 'pkt4'; readonly field: Pkt4Field })
  | (At & { readonly type: 'pkt6'; readonly field: Pkt6Field })
  | (At & { readonly type: 'relay6Field'; readonly nest: number; readonly field: 'peeraddr' | 'linkaddr' })
  | (At & { readonly type: 'vendorEnterprise' })
  | (At & { readonly type: 'vendorClassEnterprise' })
  | (At & { readonly type: 'vendorClassData'; readonly enterpriseId: number; readonly index: number })
  /**
   * `start` and `length` are the integer literals as written (any 64-bit value is accepted at
   * parse time, as Kea does; a value outside the 32-bit signed range fails at evaluation).
   */
  | (At & { readonly type: 'substring'; readonly operand: StringExpr; readonly start: number; readonly length: number | 'all' })
  | (At & { readonly type: 'split'; readonly operand: StringExpr; readonly delimiters: StringExpr; readonly field: number })
  | (At & { readonly type: 'concat'; readonly left: StringExpr; readonly right: StringExpr })
  /** `strict` is `sifelse` (both branches evaluated); `ifelse` evaluates only the chosen one. */
  | (At & {
      readonly type: 'ifelse';
      readonly strict: boolean;
      readonly condition: BoolExpr;
      readonly ifTrue: StringExpr;
      readonly ifFalse: StringExpr;
    })
  | (At & { readonly type: 'hexstring'; readonly operand: StringExpr; readonly separator: StringExpr })
  | (At & { readonly type: 'lcase' | 'ucase' | 'addrtotext'; readonly operand: StringExpr })
  | (At & { readonly type: 'inttotext'; readonly bits: 8 | 16 | 32; readonly signed: boolean; readonly operand: StringExpr });

/** A parsed expression: a condition or a string expression (see `isBoolExpr`). */
export type Expr = BoolExpr | StringExpr;

const BOOL_TYPES: ReadonlySet<Expr['type']> = new Set<BoolExpr['type']>([
  'not', 'and', 'or', 'sand', 'sor', 'equal', 'member', 'match', 'optionExists', 'vendorExists', 'vendorClassExists',
]);

/** True when `e` evaluates to a boolean (the `test` kind); false for string expressions. */
export function isBoolExpr(e: Expr): e is BoolExpr {
  return BOOL_TYPES.has(e.type);
}
