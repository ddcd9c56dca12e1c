/**
 * eval: Kea's client-classification expression language. `parseExpression` turns the text of a
 * `test` / `template-test` (and the hook expressions that share the language) into a typed AST
 * once, when the configuration is resolved; `evaluateBool` / `evaluateString` run that AST
 * against one packet through the `EvalPacket` port, which the server implements over its
 * packet model. `isBuiltinClassName` gives Kea's rules for classes that need no definition.
 *
 * Pure: must not import node:*, config/, server/ or codec/ internals; depends on net/ and the
 * error base class (errors.ts) only.
 */
export type {
  BoolExpr, Expr, LiteralForm, OptionRef, OptionScope, Pkt4Field, Pkt6Field, PktField, StringExpr,
} from './ast.js';
export { isBoolExpr } from './ast.js';
export { escapeClassBytes, escapeClassName, isBuiltinClassName, isKnownClassName } from './classes.js';
export { EvalRuntimeError } from './errors.js';
export { evaluateBool, evaluateString } from './evaluate.js';
export type { EvalHeader4, EvalHeader6, EvalPacket, EvalRelay6 } from './packet.js';
export { formatOptionTextGeneric } from './packet.js';
export { parseExpression } from './parser.js';
export type { ExpressionKind, ParseContext, ParseResult } from './parser.js';
