/**
 * Kea's text forms of option data: the `data` string of an `option-data` entry → payload bytes,
 * exactly as Kea's option-data parser builds them (option_data_parser.cc createOption,
 * option_definition.cc optionFactory/writeToBuffer), and payload bytes → canonical text.
 * Pure: no I/O.
 */
import { ByteWriter } from './byte-writer.js';
import { encodeClasslessRoutes, encodeDnr, decodeClasslessRoutes, decodeDnr } from './internal-options.js';
import { decodeOptionBinary, encodeHexUpper, keaTokens, keaTrim, utf8Encode } from './kea-text.js';
import { OptionCatalogue } from './option-catalogue.js';
import type { OptionDefinition } from './option-defs.js';
import { writeField, type FieldError } from './option-fields.js';
import { checkPayload, specialKind } from './option-special.js';
import { tupleLengthSize, type FieldSink, type ReadContext } from './option-wire.js';
import type { OptionDataType } from './option-types.js';

export { checkOptionDefinition } from './option-def-check.js';

/** The payload bytes, or why Kea would refuse the data (lowercase, names the bad value). */
export type EncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

const EMPTY = new Uint8Array(0);
const ok = (bytes: Uint8Array): EncodeResult => ({ ok: true, bytes });
const fail = (message: string): EncodeResult => ({ ok: false, message });

const contexts = {
  4: makeContext(OptionCatalogue.standard(4)),
  6: makeContext(OptionCatalogue.standard(6)),
} as const;

function makeContext(catalogue: OptionCatalogue): ReadContext {
  return {
    family: catalogue.family, lookup: (space, code) => catalogue.find(space, code), sink: null, check: checkPayload,
  };
}

/** The reading context: the standard one unless a config's catalogue is given. */
function contextFor(family: 4 | 6, catalogue: OptionCatalogue | undefined): ReadContext {
  return catalogue === undefined || catalogue === OptionCatalogue.standard(family)
    ? contexts[family] : makeContext(catalogue);
}

/**
 * The payload bytes for an option-data `data` string, as Kea's option-data parser builds them.
 *
 * - `csvFormat` true (or undefined = not given, Kea's default) with a definition: comma-separated
 *   fields in definition order, `\,` for a literal comma, each field trimmed; an array repeats
 *   its (last) field.
 * - `csvFormat` false: hex (`0a0b`, `0x0a0b`, `0a:0b`, `0a 0b`) or `'quoted text'`, checked
 *   against the definition when there is one.
 * - `def` undefined (no definition known): only hex/quoted data, as Kea; an explicit
 *   `csvFormat: true` is refused, a missing one means hex.
 *
 *
 * Sub-options inside csv-format false data (containers, IA options, vendor blocks) are checked
 * against `catalogue` (the config's, with its option-def entries) or, when it is not given, the
 * standard definitions; a truncated last sub-option is ignored, as Kea does.
 *
 * @example encodeOptionText(cat.findByName('dhcp4', 'routers'), '10.0.0.1, 10.0.0.2', true, 4)
 *   // { ok: true, bytes: 0a000001 0a000002 }
 */
export function encodeOptionText(def: OptionDefinition | undefined, data: string,
  csvFormat: boolean | undefined, family: 4 | 6, catalogue?: OptionCatalogue): EncodeResult {
  if (def === undefined) {
    if (csvFormat === true) {
      return fail('no definition is known for this option, so csv-format must be false and data hex '
        + '(or add an option-def)');
    }
    const bytes = decodeOptionBinary(data);
    return bytes === null ? fail(notHex('option data', data)) : ok(bytes);
  }
  const ctx = contextFor(family, catalogue);
  return csvFormat === false ? encodeBinary(def, data, ctx) : encodeCsv(def, data, ctx);
}

function notHex(what: string, data: string): string {
  return `${what}: '${data}' is not hex (e.g. 0a0b, 0x0a0b, 0a:0b or 0a 0b) or a 'quoted string'`;
}

/** csv-format false: raw bytes, then the checks of the option class Kea builds from them. */
function encodeBinary(def: OptionDefinition, data: string, ctx: ReadContext): EncodeResult {
  const bytes = decodeOptionBinary(data);
  if (bytes === null) return fail(notHex(`option '${def.name}'`, data));
  const why = checkPayload(def, bytes, ctx);
  if (why !== null) return fail(`option '${def.name}' data does not match its definition: ${why}`);
  // Kea's plain `empty` option drops any data; OptionString drops trailing NULs.
  if (def.type === 'empty' && def.encapsulate === '') return ok(EMPTY);
  if (def.type === 'string' && specialKind(def, ctx.family) === null) {
    let end = bytes.length;
    while (end > 0 && bytes[end - 1] === 0) end--;
    return ok(bytes.subarray(0, end));
  }
  return ok(bytes);
}

const VOWEL_SOUND = /^(?:[aeio]|fqdn)/;

function article(type: string): string {
  return VOWEL_SOUND.test(type) ? 'an' : 'a';
}

/** The message for a field that failed; `index` is the record field index or null. */
function fieldMessage(def: OptionDefinition, index: number | null, type: OptionDataType,
  value: string, err: FieldError): string {
  if (err.kind === 'detail') {
    return `option '${def.name}'${index === null ? '' : ` field ${index + 1}`}: ${err.reason}`;
  }
  const what = index !== null ? `${article(type)} ${type} in field ${index + 1}`
    : def.array ? `${type} values` : `${article(type)} ${type} value`;
  const hint = err.reason === '' ? '' : ` (${err.reason})`;
  return `option '${def.name}' expects ${what}; '${value}' is not one${hint}`;
}

/** csv-format true: Kea's OptionDefinition::optionFactory(values) then the option class checks. */
function encodeCsv(def: OptionDefinition, data: string, ctx: ReadContext): EncodeResult {
  const family = ctx.family;
  const tokens = keaTokens(data, ',', true);
  if (def.type === 'internal') return encodeInternal(def, tokens, family);
  if (def.type === 'empty') {
    return tokens.length === 0 ? ok(EMPTY) : fail(`option '${def.name}' carries no data of its own`
      + (def.encapsulate === '' ? '' : `; configure its sub-options in space '${def.encapsulate}'`)
      + `, so data must be empty (got '${data}')`);
  }
  const out = new ByteWriter(data.length + 4);
  const lsize = tupleLengthSize(def, family);
  if (def.type !== 'record') {
    // Kea uses only the first value of a non-array option and ignores the rest.
    const count = def.array ? tokens.length : Math.min(tokens.length, 1);
    if (count === 0 && !def.array) return fail(`option '${def.name}' needs a value`);
    for (let i = 0; i < count; i++) {
      const value = keaTrim(tokens[i] as string);
      const err = writeField(out, def.type, value, lsize);
      if (err !== null) return fail(fieldMessage(def, null, def.type, value, err));
    }
  } else {
    const fields = def.recordTypes;
    if (tokens.length < fields.length) {
      return fail(`option '${def.name}' needs ${fields.length} comma-separated values `
        + `(${fields.join(', ')}); got ${tokens.length}`);
    }
    const count = def.array ? tokens.length : fields.length;
    for (let i = 0; i < count; i++) {
      const type = fields[Math.min(i, fields.length - 1)] as OptionDataType;
      const value = keaTrim(tokens[i] as string);
      const err = writeField(out, type, value, lsize);
      if (err !== null) return fail(fieldMessage(def, Math.min(i, fields.length - 1), type, value, err));
    }
  }
  const bytes = out.finish();
  const why = checkPayload(def, bytes, ctx);
  return why === null ? ok(bytes) : fail(`option '${def.name}': ${why}`);
}

/**
 * An `internal` option in csv form: Kea joins the values back with `,` (re-escaping commas that
 * were escaped) and hands the text to the option's own parser; without one, the text is the data.
 */
function encodeInternal(def: OptionDefinition, tokens: string[], family: 4 | 6): EncodeResult {
  if (tokens.length === 0) return fail(`option '${def.name}' needs a value`);
  const text = tokens.map((t) => t.replaceAll(',', '\\,')).join(',');
  const kind = specialKind(def, family);
  const bytes = kind === 'routes' ? encodeClasslessRoutes(text)
    : kind === 'dnr' ? encodeDnr(text, family)
      : utf8Encode(text);
  return typeof bytes === 'string' ? fail(`option '${def.name}': ${bytes}`) : ok(bytes);
}

/** A payload's text form: csv text when Kea's csv form gives the same bytes back, else hex. */
export interface OptionDataText {
  readonly csvFormat: boolean;
  readonly data: string;
}

/**
 * The canonical text of a payload: csv-format text that {@link encodeOptionText} turns back into
 * exactly these bytes, or, when there is none (no definition, sub-options, values Kea's csv form
 * cannot express), uppercase hex with `csvFormat: false`, as Kea's config-get prints it.
 */
export function describeOptionData(def: OptionDefinition | undefined, bytes: Uint8Array,
  family: 4 | 6, catalogue?: OptionCatalogue): OptionDataText {
  const hex = { csvFormat: false, data: encodeHexUpper(bytes) };
  if (def === undefined) return hex;
  const text = csvText(def, bytes, contextFor(family, catalogue));
  if (text === null) return hex;
  const back = encodeOptionText(def, text, true, family, catalogue);
  return back.ok && sameBytes(back.bytes, bytes) ? { csvFormat: true, data: text } : hex;
}

/**
 * The canonical csv-format text of a payload (the inverse of {@link encodeOptionText});
 * uppercase hex when the payload has no csv form (see {@link describeOptionData}).
 * @example decodeOptionText(routersDef, Uint8Array.of(10, 0, 0, 1), 4) // "10.0.0.1"
 */
export function decodeOptionText(def: OptionDefinition | undefined, bytes: Uint8Array,
  family: 4 | 6, catalogue?: OptionCatalogue): string {
  return describeOptionData(def, bytes, family, catalogue).data;
}

function csvText(def: OptionDefinition, bytes: Uint8Array, ctx: ReadContext): string | null {
  const family = ctx.family;
  if (def.type === 'empty') return bytes.length === 0 ? '' : null;
  if (def.type === 'internal') {
    const kind = specialKind(def, family);
    const r = kind === 'routes' ? decodeClasslessRoutes(bytes)
      : kind === 'dnr' ? decodeDnr(bytes, family) : null;
    return r === null || typeof r === 'string' ? null : r.text;
  }
  const sink: FieldSink = { texts: [], trailing: false, printable: true };
  const why = checkPayload(def, bytes, { ...ctx, sink });
  return why === null && sink.printable && !sink.trailing ? sink.texts.join(', ') : null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
