/**
 * Reads an option payload the way Kea builds an option object from it
 * (`OptionDefinition::optionFactory` and the option classes it picks), to reject what Kea rejects
 * and, on request, to print each data field. Pure: no I/O.
 *
 * The standard options with their own classes (IA, client FQDN, vendor, status code, ...) are
 * checked in option-special.ts; everything else goes through the generic rules of `OptionCustom`,
 * `OptionInt`, `OptionIntArray`, `Option4AddrLst`/`Option6AddrLst`, `OptionString` and
 * `OptionOpaqueDataTuples` here.
 */
import { formatIPv4, formatIPv6, ipv6FromBytes } from '../net/index.js';
import { readWireName, wireNameToText } from './fqdn.js';
import { checkSubOptions } from './sub-options.js';
import { csvEscape, encodeHexUpper, keaTrim, utf8Decode } from './kea-text.js';
import type { OptionDefinition } from './option-defs.js';
import { fixedTypeLength, isIntegerType, type OptionDataType } from './option-types.js';

/** Finds the definition of a sub-option (Kea's standard and vendor definitions). */
export type SubOptionLookup = (space: string, code: number) => OptionDefinition | undefined;

/** Where printed fields go; `trailing` is set when bytes remain after the defined fields. */
export interface FieldSink {
  readonly texts: string[];
  trailing: boolean;
  /** False once a field has no csv text that gives the same bytes back. */
  printable: boolean;
}

/** The reading context of one payload. */
export interface ReadContext {
  readonly family: 4 | 6;
  readonly lookup: SubOptionLookup;
  readonly sink: FieldSink | null;
  /** The full payload check (special classes included), applied to sub-options. */
  readonly check: (def: OptionDefinition, data: Uint8Array, ctx: ReadContext) => string | null;
}

/** The tuple length-field size: 2 octets in DHCPv6 and for code 143 (see option-fields.ts). */
export function tupleLengthSize(def: OptionDefinition, family: 4 | 6): 1 | 2 {
  return family === 6 || def.code === 143 ? 2 : 1;
}

/** Reads a tuple at `pos`; returns the offset past it or the reason it is truncated. */
export function readTuple(b: Uint8Array, pos: number, end: number, lsize: 1 | 2): number | string {
  if (end - pos < lsize) return 'truncated tuple length';
  const len = lsize === 1 ? (b[pos] as number) : ((b[pos] as number) << 8) | (b[pos + 1] as number);
  if (end - pos - lsize < len) return `tuple of ${len} octets is truncated`;
  return pos + lsize + len;
}

/** OptionCustom::bufferLength: the size of the field at `pos`, or why it cannot be read. */
function fieldLength(def: OptionDefinition, type: OptionDataType, inArray: boolean,
  b: Uint8Array, pos: number, end: number, family: 4 | 6): number | string {
  const fixed = fixedTypeLength(type);
  if (fixed > 0) return fixed;
  switch (type) {
    case 'fqdn': {
      const next = readWireName(b, pos, end);
      return typeof next === 'string' ? next : next - pos;
    }
    case 'binary': case 'string':
      return def.array ? 'option buffer truncated' : end - pos;
    case 'ipv6-prefix': {
      if (pos === end && !inArray) return 0;
      if (pos === end) return 'truncated prefix';
      const len = b[pos] as number;
      if (len > 128) return `prefix length ${len} is above 128`;
      const size = 1 + Math.ceil(len / 8);
      return end - pos < size ? `prefix of length ${len} is truncated` : size;
    }
    case 'tuple': {
      const next = readTuple(b, pos, end, family === 6 ? 2 : 1);
      return typeof next === 'string' ? next : next - pos;
    }
    default:
      return 'option buffer truncated';
  }
}

/** The csv text of one field, or `null` when no csv text gives these bytes back. */
export function fieldText(type: OptionDataType, b: Uint8Array, pos: number, end: number,
  tupleLsize: 1 | 2): string | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (type) {
    case 'boolean': return b[pos] === 1 ? 'true' : b[pos] === 0 ? 'false' : null;
    case 'int8': return String(view.getInt8(pos));
    case 'int16': return String(view.getInt16(pos));
    case 'int32': return String(view.getInt32(pos));
    case 'uint8': return String(b[pos]);
    case 'uint16': return String(view.getUint16(pos));
    case 'uint32': return String(view.getUint32(pos));
    case 'ipv4-address': return formatIPv4(view.getUint32(pos));
    case 'ipv6-address': return formatIPv6(ipv6FromBytes(b, pos));
    case 'binary': return encodeHexUpper(b.subarray(pos, end));
    case 'fqdn': return csvEscape(wireNameToText(b, pos));
    case 'ipv6-prefix': {
      if (pos === end) return '::/0';
      const prefix = new Uint8Array(16);
      prefix.set(b.subarray(pos + 1, end));
      return `${formatIPv6(ipv6FromBytes(prefix))}/${b[pos]}`;
    }
    case 'psid': {
      const len = b[pos] as number;
      const field = view.getUint16(pos + 1);
      if (len > 16 || (len < 16 && (field & (0xffff >> len)) !== 0)) return null;
      return `${len === 0 ? 0 : field >> (16 - len)}/${len}`;
    }
    case 'string': return printableText(b.subarray(pos, end));
    case 'tuple': return printableText(b.subarray(pos + tupleLsize, end));
    default: return null;
  }
}

/** Text that survives Kea's per-field trim and UTF-8 round trip, escaped for csv. */
function printableText(bytes: Uint8Array): string | null {
  const text = utf8Decode(bytes);
  if (text === null || keaTrim(text) !== text) return null;
  return csvEscape(text);
}

function emit(ctx: ReadContext, type: OptionDataType, b: Uint8Array, pos: number, end: number): void {
  const sink = ctx.sink;
  if (sink === null) return;
  const text = fieldText(type, b, pos, end, ctx.family === 6 ? 2 : 1);
  if (text === null) sink.printable = false;
  else sink.texts.push(text);
}

/** Bytes after the fields: sub-options when the option encapsulates a space, else ignored. */
export function readTrailing(def: OptionDefinition, b: Uint8Array, pos: number,
  ctx: ReadContext): string | null {
  if (pos >= b.length) return null;
  if (ctx.sink !== null) ctx.sink.trailing = true;
  return def.encapsulate === '' ? null : checkSubOptions(def.encapsulate, b, pos, b.length, ctx);
}

/** OptionCustom::createBuffers for a record. */
function readRecord(def: OptionDefinition, b: Uint8Array, ctx: ReadContext): string | null {
  let pos = 0;
  for (const type of def.recordTypes) {
    const size = fieldLength(def, type, false, b, pos, b.length, ctx.family);
    if (typeof size === 'string') return size;
    if (b.length - pos < size) return 'option buffer truncated';
    emit(ctx, type, b, pos, pos + size);
    pos += size;
  }
  const last = def.recordTypes[def.recordTypes.length - 1];
  if (def.array && last !== undefined) {
    while (pos < b.length) {
      const size = fieldLength(def, last, true, b, pos, b.length, ctx.family);
      if (typeof size === 'string') return size;
      if (b.length - pos < size) break; // Kea drops an incomplete last element
      emit(ctx, last, b, pos, pos + size);
      pos += size;
    }
    if (pos < b.length && ctx.sink !== null) ctx.sink.trailing = true;
    return null;
  }
  return readTrailing(def, b, pos, ctx);
}

/** OptionCustom::createBuffers for a single value or an array of one type. */
function readCustomValues(def: OptionDefinition, b: Uint8Array, ctx: ReadContext): string | null {
  const type = def.type;
  if (b.length < fixedTypeLength(type)) return 'option buffer truncated';
  let pos = 0;
  if (def.array) {
    while (pos < b.length) {
      const size = fieldLength(def, type, true, b, pos, b.length, ctx.family);
      if (typeof size === 'string') return size;
      if (b.length - pos < size) break;
      emit(ctx, type, b, pos, pos + size);
      pos += size;
    }
    if (pos < b.length && ctx.sink !== null) ctx.sink.trailing = true;
    return null;
  }
  const size = fieldLength(def, type, false, b, 0, b.length, ctx.family);
  if (typeof size === 'string') return size;
  if (size === 0 || b.length < size) return 'option buffer truncated';
  emit(ctx, type, b, 0, size);
  return readTrailing(def, b, size, ctx);
}

/** Reads fixed-size elements filling the whole payload (OptionIntArray, Option4/6AddrLst). */
function readFixedArray(def: OptionDefinition, b: Uint8Array, ctx: ReadContext, size: number,
  allowEmpty: boolean): string | null {
  if (b.length === 0 && !allowEmpty) return 'an array option needs at least one value';
  if (b.length % size !== 0) return `length ${b.length} is not a multiple of ${size}`;
  for (let pos = 0; pos < b.length; pos += size) emit(ctx, def.type, b, pos, pos + size);
  return null;
}

/** Reads a whole tuple list (OptionOpaqueDataTuples): every tuple must be complete. */
export function readTupleList(b: Uint8Array, ctx: ReadContext, lsize: 1 | 2): string | null {
  let pos = 0;
  while (pos < b.length) {
    const next = readTuple(b, pos, b.length, lsize);
    if (typeof next === 'string') return next;
    if (ctx.sink !== null) {
      const text = fieldText('tuple', b, pos, next, lsize);
      if (text === null) ctx.sink.printable = false;
      else ctx.sink.texts.push(text);
    }
    pos = next;
  }
  return null;
}

/**
 * Checks a payload against a definition with Kea's generic option classes; prints the fields
 * into `ctx.sink` when given. Returns the reason Kea would reject it, or `null`.
 */
export function readGenericPayload(def: OptionDefinition, b: Uint8Array, ctx: ReadContext): string | null {
  const type = def.type;
  if (type === 'empty') return def.encapsulate === '' ? null : readTrailing(def, b, 0, ctx);
  if (type === 'binary' || type === 'internal') {
    emit(ctx, 'binary', b, 0, b.length);
    return null;
  }
  if (isIntegerType(type)) {
    const size = fixedTypeLength(type);
    if (def.array) return readFixedArray(def, b, ctx, size, false);
    if (b.length < size) return `option buffer truncated (a ${type} needs ${size} octets)`;
    emit(ctx, type, b, 0, size);
    return readTrailing(def, b, size, ctx);
  }
  if (def.array && type === 'ipv4-address') return readFixedArray(def, b, ctx, 4, true);
  if (def.array && type === 'ipv6-address') return readFixedArray(def, b, ctx, 16, true);
  if (type === 'string') return readStringPayload(b, ctx);
  if (def.array && type === 'tuple') return readTupleList(b, ctx, ctx.family === 6 ? 2 : 1);
  if (type === 'record') return readRecord(def, b, ctx);
  return readCustomValues(def, b, ctx);
}

/** OptionString: trailing NULs are dropped; nothing may be left. */
function readStringPayload(b: Uint8Array, ctx: ReadContext): string | null {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  if (end === 0) {
    return b.length === 0 ? 'a string option must not be empty' : 'the string holds only NUL octets';
  }
  if (end < b.length && ctx.sink !== null) ctx.sink.trailing = true;
  emit(ctx, 'string', b, 0, end);
  return null;
}
