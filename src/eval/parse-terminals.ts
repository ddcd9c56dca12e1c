/**
 * Parsing of the packet-reading terminals: option chains, relay4, relay6, pkt / pkt4 / pkt6,
 * vendor and vendor-class. Grammar and range rules follow Kea 3.3 (parser.yy, eval_context.cc).
 * Pure: no I/O.
 */
import type { Expr, OptionRef, Pkt4Field, Pkt6Field, PktField } from './ast.js';
import { describeToken, type Token } from './lexer.js';
import { columnOf, isWord, type ParseState } from './parse-state.js';

const PKT_FIELDS: readonly PktField[] = ['iface', 'src', 'dst', 'len'];
const PKT4_FIELDS: readonly Pkt4Field[] = ['mac', 'hlen', 'htype', 'ciaddr', 'giaddr', 'yiaddr', 'siaddr', 'msgtype', 'transid'];
const PKT6_FIELDS: readonly Pkt6Field[] = ['msgtype', 'transid'];

const UINT32_MAX = 4294967295n;
/** Kea: HOP_COUNT_LIMIT is 32, nest levels are -32..31 (eval_context.cc, convertNestLevelNumber). */
const NEST_MIN = -32n;
const NEST_MAX = 31n;

/** Whether an option name is accepted at a position of a chain (Kea 3.3 parser.yy). */
type NamePolicy = { readonly allowName: true } | { readonly allowName: false; readonly why: string };
const CODE_OR_NAME: NamePolicy = { allowName: true };

function familyOnly(st: ParseState, t: Token, family: 4 | 6): void {
  if (st.family !== family) st.fail(`${t.text} can only be used in DHCPv${family} expressions`, t);
}

/** Reads an integer literal and checks it against [min, max]; `what` names it in the message. */
function integerIn(st: ParseState, min: bigint, max: bigint, what: string): number {
  const t = st.next();
  if (t.kind !== 'integer') st.fail(`expected ${what} (an integer), found ${describeToken(t)}`, t);
  const v = BigInt(t.text);
  if (v < min || v > max) st.fail(`${what} ${t.text} is out of range ${min}..${max}`, t);
  return Number(v);
}

/** An option code (0..255 in DHCPv4, 0..65535 in DHCPv6, as convertOptionCode) or, when allowed, a name. */
function optionCode(st: ParseState, policy: NamePolicy): number {
  const t = st.next();
  if (t.kind === 'optionName') {
    if (!policy.allowName) st.fail(`${policy.why}, not by name ('${t.text}')`, t);
    const code = st.ctx.resolveOptionName(st.optionSpace, t.text);
    if (code === undefined) st.fail(`unknown option name '${t.text}' in space ${st.optionSpace}`, t);
    return code;
  }
  if (t.kind !== 'integer') {
    const expected = policy.allowName ? 'an option code or name' : 'an option code';
    st.fail(`expected ${expected} inside '[...]', found ${describeToken(t)}`, t);
  }
  const max = st.family === 4 ? 255n : 65535n;
  const v = BigInt(t.text);
  if (v < 0n || v > max) st.fail(`option code ${t.text} is out of range 0..${max} for DHCPv${st.family}`, t);
  return Number(v);
}

/** `[ code ]` after `option`, `relay4`. */
function bracketedCode(st: ParseState, policy: NamePolicy): number {
  st.expect('[', "after 'option'");
  const code = optionCode(st, policy);
  st.expect(']', 'after the option code');
  return code;
}

/**
 * The rest of a chain after its first element: `(.option[code])* .exists|.hex|.text`.
 * Kea 3.3 accepts names in these positions except in a plain `option[...]` chain.
 */
function chainTail(st: ParseState, path: number[], later: NamePolicy): 'exists' | 'hex' | 'text' {
  for (;;) {
    st.expect('.', 'after the option');
    const t = st.next();
    if (isWord(t, 'option')) {
      path.push(bracketedCode(st, later));
    } else if (isWord(t, 'exists') || isWord(t, 'hex') || isWord(t, 'text')) {
      return t.text as 'exists' | 'hex' | 'text';
    } else {
      st.fail(`expected 'exists', 'hex', 'text' or 'option' after '.', found ${describeToken(t)}`, t);
    }
  }
}

function optionNode(option: OptionRef, repr: 'exists' | 'hex' | 'text', column: number): Expr {
  return repr === 'exists' ? { type: 'optionExists', column, option } : { type: 'option', column, option, repr };
}

/** `option[code|name](.option[code])*.(exists|hex|text)` */
export function parseOption(st: ParseState, kw: Token): Expr {
  const path = [bracketedCode(st, CODE_OR_NAME)];
  const repr = chainTail(st, path, { allowName: false, why: 'a sub-option must be given by its code' });
  return optionNode({ scope: 'packet', path }, repr, columnOf(kw));
}

/** `relay4[code](.option[code|name])*.(exists|hex|text)`: sub-options of the RAI (option 82). */
export function parseRelay4(st: ParseState, kw: Token): Expr {
  familyOnly(st, kw, 4);
  st.expect('[', "after 'relay4'");
  const sub = optionCode(st, { allowName: false, why: 'the sub-option in relay4[...] must be given by its code' });
  st.expect(']', 'after the sub-option code');
  const path = [82, sub];
  const repr = chainTail(st, path, CODE_OR_NAME);
  return optionNode({ scope: 'relay4', path }, repr, columnOf(kw));
}

/** `relay6[nest].(peeraddr|linkaddr)` or `relay6[nest].option[code](.option[code|name])*.(exists|hex|text)` */
export function parseRelay6(st: ParseState, kw: Token): Expr {
  familyOnly(st, kw, 6);
  st.expect('[', "after 'relay6'");
  const nest = integerIn(st, NEST_MIN, NEST_MAX, 'relay6 nest level');
  st.expect(']', 'after the nest level');
  st.expect('.', 'after relay6[...]');
  const t = st.next();
  const column = columnOf(kw);
  if (isWord(t, 'peeraddr') || isWord(t, 'linkaddr')) {
    return { type: 'relay6Field', column, nest, field: t.text as 'peeraddr' | 'linkaddr' };
  }
  if (!isWord(t, 'option')) {
    st.fail(`expected 'peeraddr', 'linkaddr' or 'option' after relay6[...]., found ${describeToken(t)}`, t);
  }
  const path = [bracketedCode(st, { allowName: false, why: 'the option in relay6[...].option[...] must be given by its code' })];
  const repr = chainTail(st, path, CODE_OR_NAME);
  return optionNode({ scope: 'relay6', nest, path }, repr, column);
}

/** `pkt.<field>`, `pkt4.<field>` (DHCPv4 only), `pkt6.<field>` (DHCPv6 only). */
export function parsePktField(st: ParseState, kw: Token): Expr {
  if (kw.text === 'pkt4') familyOnly(st, kw, 4);
  if (kw.text === 'pkt6') familyOnly(st, kw, 6);
  st.expect('.', `after '${kw.text}'`);
  const t = st.next();
  const fields: readonly string[] = kw.text === 'pkt' ? PKT_FIELDS : kw.text === 'pkt4' ? PKT4_FIELDS : PKT6_FIELDS;
  if (t.kind !== 'keyword' || !fields.includes(t.text)) {
    st.fail(`expected one of ${fields.join(', ')} after '${kw.text}.', found ${describeToken(t)}`, t);
  }
  const column = columnOf(kw);
  if (kw.text === 'pkt') return { type: 'pkt', column, field: t.text as PktField };
  if (kw.text === 'pkt4') return { type: 'pkt4', column, field: t.text as Pkt4Field };
  return { type: 'pkt6', column, field: t.text as Pkt6Field };
}

/** `[ id|* ]`: an enterprise id, 0 (or `*`) meaning any vendor. */
function enterpriseId(st: ParseState, kw: Token): number {
  st.expect('[', `after '${kw.text}'`);
  const id = st.accept('*') ? 0 : integerIn(st, 0n, UINT32_MAX, 'enterprise id');
  st.expect(']', 'after the enterprise id');
  return id;
}

/** `vendor.enterprise`, `vendor[id].exists`, `vendor[id].option[code](.option[code|name])*.(exists|hex|text)` */
export function parseVendor(st: ParseState, kw: Token): Expr {
  const column = columnOf(kw);
  if (st.accept('.')) {
    st.expect('enterprise', "after 'vendor.'");
    return { type: 'vendorEnterprise', column };
  }
  if (!isWord(st.peek(), '[')) st.fail(`expected '[' or '.' after 'vendor', found ${describeToken(st.peek())}`, st.peek());
  const id = enterpriseId(st, kw);
  st.expect('.', 'after vendor[...]');
  const t = st.next();
  if (isWord(t, 'exists')) return { type: 'vendorExists', column, enterpriseId: id };
  if (!isWord(t, 'option')) st.fail(`expected 'exists' or 'option' after vendor[...]., found ${describeToken(t)}`, t);
  const path = [bracketedCode(st, { allowName: false, why: 'a vendor sub-option must be given by its code' })];
  const repr = chainTail(st, path, CODE_OR_NAME);
  return optionNode({ scope: 'vendor', enterpriseId: id, path }, repr, column);
}

/** `vendor-class.enterprise`, `vendor-class[id].exists`, `vendor-class[id].data`, `vendor-class[id].data[i]` */
export function parseVendorClass(st: ParseState, kw: Token): Expr {
  const column = columnOf(kw);
  if (st.accept('.')) {
    st.expect('enterprise', "after 'vendor-class.'");
    return { type: 'vendorClassEnterprise', column };
  }
  if (!isWord(st.peek(), '[')) {
    st.fail(`expected '[' or '.' after 'vendor-class', found ${describeToken(st.peek())}`, st.peek());
  }
  const id = enterpriseId(st, kw);
  st.expect('.', 'after vendor-class[...]');
  const t = st.next();
  if (isWord(t, 'exists')) return { type: 'vendorClassExists', column, enterpriseId: id };
  if (!isWord(t, 'data')) st.fail(`expected 'exists' or 'data' after vendor-class[...]., found ${describeToken(t)}`, t);
  let index = 0;
  if (st.accept('[')) {
    // Kea: convertUint8 (0..255).
    index = integerIn(st, 0n, 255n, 'vendor-class data index');
    st.expect(']', 'after the data index');
  }
  return { type: 'vendorClassData', column, enterpriseId: id, index };
}
