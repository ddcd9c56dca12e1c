/**
 * One `option-data` list, in any scope: what Kea's OptionDataParser::createOption refuses
 * (lib/dhcpsrv/parsers/option_data_parser.cc:268-448). Definitions are looked up in Kea's order:
 * the client class's own option-def, the standard definitions (and vendor ones through
 * `vendor-<N>`), the global option-def list, then the last-resort definition of dhcp4 option 43.
 * Entries the schema already reports (wrong types, code out of range, a blank in the name, a bad
 * space name, neither code nor name) are skipped.
 */
import {
  OptionCatalogue, encodeOptionText, isValidOptionName, type OptionDefinition,
} from '../../codec/index.js';
import { findOptionDefinition } from '../option-lookup.js';
import { joinPointer } from '../issues.js';
import { bool, int, isObj, str, type Located, type Obj, type RuleContext } from './context.js';
import type { BrokenDefs } from './option-defs.js';

/** Where an option-data list is and what its entries can see. */
export interface OptionScope {
  readonly family: 4 | 6;
  /** Standard definitions plus the global option-def entries. */
  readonly catalogue: OptionCatalogue;
  readonly broken: BrokenDefs;
  /** Kea injects csv-format true into global option-data only (§0.2); elsewhere it stays unspecified. */
  readonly isGlobal: boolean;
  /** The standard definitions extended with the client class's own option-def entries (`checkClassOptionDefs`). */
  readonly local?: OptionCatalogue;
  /** Names the scope in messages (`global option-data`, `subnet 10.0.0.0/24`), or builds that name when needed. */
  readonly label: string | (() => string);
}

function labelText(scope: OptionScope): string {
  return typeof scope.label === 'string' ? scope.label : scope.label();
}

/** One entry as read, with Kea's defaults; undefined when the schema already reports it. */
interface Entry {
  /** The entry; its pointer is built only when an issue is reported (30 000 entries must check fast). */
  readonly at: { readonly value: Obj; readonly parentPath: string; readonly index: number };
  readonly code: number | undefined;
  readonly name: string | undefined;
  readonly space: string;
  readonly csv: boolean | undefined;
  readonly isCsvWritten: boolean;
}

/** Checks every entry of `parent['option-data']`. */
export function checkOptionDataList(parent: Located, scope: OptionScope, ctx: RuleContext): void {
  const list = parent.value['option-data'];
  if (!Array.isArray(list)) return;
  for (let index = 0; index < list.length; index++) {
    const value: unknown = list[index];
    if (!isObj(value)) continue;
    const entry = readEntry({ value, parentPath: parent.path, index }, scope);
    if (entry !== undefined) checkEntry(entry, scope, ctx);
  }
}

/** The pointer of `key` in the entry. */
function pathOf(e: Entry, key: string): string {
  return joinPointer(e.at.parentPath, 'option-data', e.at.index, key);
}

function readEntry(at: Entry['at'], scope: OptionScope): Entry | undefined {
  const v = at.value;
  const code = int(v['code']);
  const name = str(v['name']);
  const space = v['space'] === undefined ? scope.catalogue.topSpace : str(v['space']);
  const csvWritten = v['csv-format'];
  const csv = csvWritten === undefined ? (scope.isGlobal ? true : undefined) : bool(csvWritten);
  const max = scope.family === 4 ? 255 : 65535;
  if ((v['code'] !== undefined && (code === undefined || code < 0 || code > max))
    || (v['name'] !== undefined && (name === undefined || name.includes(' ')))
    || (code === undefined && name === undefined)
    || space === undefined || (v['space'] !== undefined && !isValidOptionName(space))
    || (csvWritten !== undefined && csv === undefined)) return undefined;
  return { at, code, name, space, csv, isCsvWritten: csvWritten !== undefined };
}

function findDefinition(e: Entry, scope: OptionScope): OptionDefinition | undefined {
  return findOptionDefinition(e, scope.catalogue, scope.local);
}

function checkEntry(e: Entry, scope: OptionScope, ctx: RuleContext): void {
  const otherTop = scope.family === 4 ? 'dhcp6' : 'dhcp4';
  if (e.space === otherTop) {
    ctx.error('option-space-reserved', pathOf(e, 'space'),
      `${labelText(scope)}: option space '${otherTop}' is reserved for the DHCPv${scope.family === 4 ? 6 : 4} server`,
      `DHCPv${scope.family} options belong to space '${scope.catalogue.topSpace}' (the default) or to a custom or vendor space`);
    return;
  }
  const def = findDefinition(e, scope);
  if (def === undefined && scope.broken.has(e.space, e.code, e.name)) return; // its option-def is reported
  if (def === undefined && (e.csv === true || e.code === undefined)) {
    if (!reportReservedCode(e, e.code, scope, ctx)) reportUnknown(e, scope, ctx);
    return;
  }
  if (def !== undefined && e.name !== undefined && def.name !== e.name) {
    ctx.error('option-name-mismatch', pathOf(e, 'name'),
      `${labelText(scope)}: option code ${def.code} in space '${e.space}' is '${def.name}', not '${e.name}'`,
      'give only the name or only the code, or make them name the same option');
    return;
  }
  const data = e.at.value['data'];
  // never-send without data cancels the option: Kea builds an empty option and parses nothing.
  if (bool(e.at.value['never-send']) === true && data === undefined) return;
  if (data !== undefined && typeof data !== 'string') return; // reported by the schema
  checkData(e, def, data ?? '', scope, ctx);
  reportReservedCode(e, def?.code ?? e.code, scope, ctx);
}

function checkData(e: Entry, def: OptionDefinition | undefined, data: string, scope: OptionScope, ctx: RuleContext): void {
  const r = encodeOptionText(def, data, e.csv, scope.family, scope.catalogue);
  if (r.ok) return;
  const at = pathOf(e, e.at.value['data'] === undefined ? (e.name === undefined ? 'code' : 'name') : 'data');
  if (def === undefined) {
    ctx.error('invalid-option-data', at,
      `${labelText(scope)}: option code ${e.code} in space '${e.space}' has no definition, so its data must be hex or 'quoted text'; '${data}' is neither`,
      'write the bytes as hex (e.g. 0a0b, 0a:0b or 0x0a0b), or add an option-def to write the value as text');
    return;
  }
  const hint = e.csv === false
    ? `with "csv-format": false the data is the option's bytes in hex; remove csv-format to write the value as text`
    : undefined;
  ctx.error('invalid-option-data', at, `${labelText(scope)}: ${r.message}`, hint);
}

/** Option codes 0 and 255 of dhcp4 (PAD, END) and 0 of dhcp6 cannot be configured. */
function reportReservedCode(e: Entry, code: number | undefined, scope: OptionScope, ctx: RuleContext): boolean {
  let why: string | undefined;
  if (e.space === 'dhcp4' && code === 0) why = 'reserved for PAD';
  else if (e.space === 'dhcp4' && code === 255) why = 'reserved for END';
  else if (e.space === 'dhcp6' && code === 0) why = 'reserved';
  if (why === undefined) return false;
  ctx.error('reserved-option-code', pathOf(e, e.at.value['code'] === undefined ? 'name' : 'code'),
    `${labelText(scope)}: option code ${code} in space '${e.space}' is ${why} and cannot be configured`);
  return true;
}

function reportUnknown(e: Entry, scope: OptionScope, ctx: RuleContext): void {
  if (e.code === undefined) {
    ctx.error('unknown-option', pathOf(e, 'name'),
      `${labelText(scope)}: no option named '${e.name}' is defined in space '${e.space}'`,
      'check the spelling, or add an option-def for it, or give its code with "csv-format": false and hex data');
    return;
  }
  const hint = !scope.isGlobal || e.isCsvWritten
    ? 'add an option-def for it, or set "csv-format": false and write the data as hex'
    : 'global option-data is read with csv-format true unless it says otherwise, and that needs a definition: '
      + 'add an option-def for it, or set "csv-format": false and write the data as hex';
  ctx.error('unknown-option', pathOf(e, e.name === undefined ? 'code' : 'name'),
    `${labelText(scope)}: no definition is known for option code ${e.code} in space '${e.space}', so its data cannot be read as csv text`,
    hint);
}
