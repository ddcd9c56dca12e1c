/**
 * Evaluates a parsed expression against one packet, with the semantics of Kea's tokens
 * (src/lib/eval/token.cc). Runs per packet: it allocates only the byte strings it produces,
 * compiles nothing and creates no closures. Pure: no I/O.
 */
import type { BoolExpr, Expr, OptionRef, Pkt4Field, PktField, StringExpr } from './ast.js';
import { isBoolExpr } from './ast.js';
import { EMPTY, bytesEqual, bytesToLatin1, uint32Bytes } from './bytes.js';
import {
  addressToText, concatBytes, hexString, intToText, lowerCase, splitBytes, substringBytes, upperCase,
} from './functions.js';
import { EvalRuntimeError } from './errors.js';
import type { EvalPacket } from './packet.js';

const UTF8 = new TextEncoder();

/**
 * Evaluates a boolean expression (a class `test`).
 * @throws {EvalRuntimeError} where Kea's evaluation throws (e.g. `addrtotext` of 5 bytes, or a
 *   packet of the wrong family); Kea then logs the error and does not assign the class.
 * @example
 * if (evaluateBool(cls.test, pkt)) classes.add(cls.name);
 */
export function evaluateBool(ast: Expr, pkt: EvalPacket): boolean {
  if (!isBoolExpr(ast)) throw new EvalRuntimeError('a string expression was evaluated as a condition');
  return evalBool(ast, pkt);
}

/**
 * Evaluates a string expression (a `template-test`, flex-id, ...). The result is a fresh copy.
 * @throws {EvalRuntimeError} as for `evaluateBool`.
 */
export function evaluateString(ast: Expr, pkt: EvalPacket): Uint8Array {
  if (isBoolExpr(ast)) throw new EvalRuntimeError('a condition was evaluated as a string expression');
  return evalString(ast, pkt).slice();
}

function evalBool(e: BoolExpr, pkt: EvalPacket): boolean {
  switch (e.type) {
    case 'not':
      return !evalBool(e.operand, pkt);
    case 'and':
      return evalBool(e.left, pkt) && evalBool(e.right, pkt);
    case 'or':
      return evalBool(e.left, pkt) || evalBool(e.right, pkt);
    case 'sand': {
      const l = evalBool(e.left, pkt);
      const r = evalBool(e.right, pkt);
      return l && r;
    }
    case 'sor': {
      const l = evalBool(e.left, pkt);
      const r = evalBool(e.right, pkt);
      return l || r;
    }
    case 'equal':
      return bytesEqual(evalString(e.left, pkt), evalString(e.right, pkt));
    case 'member':
      return pkt.isMember(e.className);
    case 'match':
      return regexMatches(e.regex, bytesToLatin1(evalString(e.operand, pkt)));
    case 'optionExists':
      return findOption(e.option, pkt) !== undefined;
    case 'vendorExists':
      return vendorMatches(e.enterpriseId, pkt.vendorEnterpriseId);
    case 'vendorClassExists':
      return vendorMatches(e.enterpriseId, pkt.vendorClassEnterpriseId);
  }
}

function evalString(e: StringExpr, pkt: EvalPacket): Uint8Array {
  switch (e.type) {
    case 'literal':
      return e.value;
    case 'option': {
      const payload = findOption(e.option, pkt);
      if (payload === undefined) return EMPTY;
      return e.repr === 'hex' ? payload : pkt.optionText(e.option.scope, e.option.path, payload);
    }
    case 'concat':
      return concatBytes(evalString(e.left, pkt), evalString(e.right, pkt));
    case 'substring':
      return substringBytes(evalString(e.operand, pkt), e.start, e.length);
    case 'split':
      return splitBytes(evalString(e.operand, pkt), evalString(e.delimiters, pkt), e.field);
    case 'ifelse':
      return evalIfElse(e, pkt);
    case 'hexstring':
      return hexString(evalString(e.operand, pkt), evalString(e.separator, pkt));
    case 'lcase':
      return lowerCase(evalString(e.operand, pkt));
    case 'ucase':
      return upperCase(evalString(e.operand, pkt));
    case 'addrtotext':
      return addressToText(evalString(e.operand, pkt));
    case 'inttotext':
      return intToText(evalString(e.operand, pkt), e.bits, e.signed);
    default:
      return evalPacketField(e, pkt);
  }
}

function evalIfElse(e: Extract<StringExpr, { type: 'ifelse' }>, pkt: EvalPacket): Uint8Array {
  const cond = evalBool(e.condition, pkt);
  if (!e.strict) return evalString(cond ? e.ifTrue : e.ifFalse, pkt);
  // sifelse evaluates both branches (so an error in either one fails the evaluation).
  const t = evalString(e.ifTrue, pkt);
  const f = evalString(e.ifFalse, pkt);
  return cond ? t : f;
}

type FieldExpr = Exclude<
  StringExpr,
  { type: 'literal' | 'option' | 'concat' | 'substring' | 'split' | 'ifelse' | 'hexstring' | 'lcase' | 'ucase' | 'addrtotext' | 'inttotext' }
>;

/** The terminals that read the packet's header, metadata, relays and vendor options. */
function evalPacketField(e: FieldExpr, pkt: EvalPacket): Uint8Array {
  switch (e.type) {
    case 'pkt':
      return pktField(e.field, pkt);
    case 'pkt4':
      return pkt4Field(e.field, pkt);
    case 'pkt6': {
      const h = pkt.header6;
      if (h === undefined) throw new EvalRuntimeError('pkt6 fields need a DHCPv6 packet');
      return uint32Bytes(e.field === 'msgtype' ? h.msgtype : h.transid);
    }
    case 'relay6Field': {
      const relay = pkt.relays6[relayLevel(e.nest, pkt)];
      if (relay === undefined) return EMPTY;
      return e.field === 'peeraddr' ? relay.peerAddr : relay.linkAddr;
    }
    case 'vendorEnterprise':
      return optionalUint32(pkt.vendorEnterpriseId);
    case 'vendorClassEnterprise':
      return optionalUint32(pkt.vendorClassEnterpriseId);
    case 'vendorClassData':
      if (!vendorMatches(e.enterpriseId, pkt.vendorClassEnterpriseId)) return EMPTY;
      return pkt.vendorClassData(e.index) ?? EMPTY;
  }
}

function optionalUint32(n: number | undefined): Uint8Array {
  return n === undefined ? EMPTY : uint32Bytes(n);
}

function pktField(field: PktField, pkt: EvalPacket): Uint8Array {
  switch (field) {
    case 'iface':
      return UTF8.encode(pkt.iface);
    case 'src':
      return pkt.src;
    case 'dst':
      return pkt.dst;
    case 'len':
      return uint32Bytes(pkt.len);
  }
}

/** DHCPv4 header fields; the 1-byte ones are widened to 4 bytes, as in Kea. */
function pkt4Field(field: Pkt4Field, pkt: EvalPacket): Uint8Array {
  const h = pkt.header4;
  if (h === undefined) throw new EvalRuntimeError('pkt4 fields need a DHCPv4 packet');
  switch (field) {
    case 'mac':
      return h.mac;
    case 'hlen':
      return uint32Bytes(h.hlen);
    case 'htype':
      return uint32Bytes(h.htype);
    case 'ciaddr':
      return uint32Bytes(h.ciaddr);
    case 'giaddr':
      return uint32Bytes(h.giaddr);
    case 'yiaddr':
      return uint32Bytes(h.yiaddr);
    case 'siaddr':
      return uint32Bytes(h.siaddr);
    case 'msgtype':
      return uint32Bytes(h.msgtype);
    case 'transid':
      return uint32Bytes(h.transid);
  }
}

/**
 * The relay encapsulation a nest level names: 0 is closest to the server, -1 closest to the
 * client; -1 (no such relay) when out of range (token.cc, TokenRelay6Option / TokenRelay6Field).
 */
function relayLevel(nest: number, pkt: EvalPacket): number {
  if (pkt.family !== 6) throw new EvalRuntimeError('relay6 needs a DHCPv6 packet');
  const level = nest >= 0 ? nest : pkt.relays6.length + nest;
  return level >= 0 && level < pkt.relays6.length ? level : -1;
}

/**
 * Kea counts a run-time failure of the regex engine as no match (token.cc, TokenMatch::evaluate,
 * which logs EVAL_DEBUG_MATCH_ERROR). V8 fails that way only by running out of backtracking stack.
 */
function regexMatches(regex: RegExp, subject: string): boolean {
  try {
    return regex.test(subject);
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

/** 0 (or `*`) accepts any vendor; otherwise the option's enterprise id must be equal. */
function vendorMatches(wanted: number, actual: number | undefined): boolean {
  return actual !== undefined && (wanted === 0 || wanted === actual);
}

/** The payload of the option an `OptionRef` names, or undefined when any step is missing. */
function findOption(ref: OptionRef, pkt: EvalPacket): Uint8Array | undefined {
  switch (ref.scope) {
    case 'packet':
      return ref.path.length === 1 ? pkt.option(ref.path[0] as number) : pkt.subOption(ref.path);
    case 'relay4':
      return pkt.subOption(ref.path);
    case 'relay6':
      return pkt.relays6[relayLevel(ref.nest, pkt)]?.option(ref.path);
    case 'vendor':
      if (!vendorMatches(ref.enterpriseId, pkt.vendorEnterpriseId)) return undefined;
      return pkt.vendorSubOption(ref.path);
  }
}
