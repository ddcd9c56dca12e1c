/**
 * `option-def` entries, global and (DHCPv4) client-class level: what Kea's OptionDefParser,
 * OptionDefinition::validate and CfgOptionDef::add refuse (dhcp_parsers.cc:140-274,
 * option_definition.cc:373-488, cfg_option_def.cc:74-104, client_class_def_parser.cc:146-177).
 * Entries the schema already reports (missing keys, wrong types, code out of range, bad name or
 * space syntax, unknown type) are skipped silently and remembered as broken, so that option-data
 * naming them is not reported a second time.
 */
import {
  OptionCatalogue, checkOptionDefinition, isValidOptionName, isOptionDataType, parseRecordTypes,
  type OptionDefinition,
} from '../../codec/index.js';
import { joinPointer } from '../issues.js';
import { bool, eachObj, int, str, type Located, type RuleContext } from './context.js';

/** Option names and codes whose definition is broken: option-data using them is not checked. */
export class BrokenDefs {
  readonly #keys = new Set<string>();

  add(space: string, code: number | undefined, name: string | undefined): void {
    if (code !== undefined) this.#keys.add(`${space}\u0000#${code}`);
    if (name !== undefined) this.#keys.add(`${space}\u0000=${name}`);
  }

  has(space: string, code: number | undefined, name: string | undefined): boolean {
    if (this.#keys.size === 0) return false;
    return code !== undefined ? this.#keys.has(`${space}\u0000#${code}`) : this.#keys.has(`${space}\u0000=${name}`);
  }
}

/** The definitions of one `option-def` list accepted so far, and what the duplicate checks look up. */
interface AcceptedDefs {
  readonly list: OptionDefinition[];
  /** By space and code. */
  readonly byCode: Map<string, OptionDefinition>;
  /** Space and name. */
  readonly names: Set<string>;
}

/** What checking one option-def list needs. */
interface DefListScope {
  readonly family: 4 | 6;
  readonly broken: BrokenDefs;
  /** `option-def` (global) or `client class 'x': option-def`. */
  readonly label: string;
  /** Client-class lists only accept dhcp4 code 43 and 224-254 (Kea's deferred-unpack options). */
  readonly isClassLevel: boolean;
}

/**
 * Checks the global `option-def` list and returns the family's catalogue extended with every
 * definition Kea would accept (the runtime definitions option-data and expressions see).
 */
export function checkGlobalOptionDefs(parent: Located, family: 4 | 6, broken: BrokenDefs, ctx: RuleContext): OptionCatalogue {
  const defs = checkDefList(parent, { family, broken, label: 'option-def', isClassLevel: false }, ctx);
  const standard = OptionCatalogue.standard(family);
  return defs.length === 0 ? standard : standard.extend(defs);
}

/**
 * Checks a DHCPv4 client class's own `option-def` list and returns the standard catalogue
 * extended with the definitions Kea would accept, or `undefined` when there are none. They are
 * visible to the class's option-data only, which looks them up before the standard ones and the
 * global option-def entries (options-data.ts `findDefinition`).
 */
export function checkClassOptionDefs(cls: Located, className: string, broken: BrokenDefs, ctx: RuleContext): OptionCatalogue | undefined {
  const defs = checkDefList(cls, { family: 4, broken, label: `client class '${className}': option-def`, isClassLevel: true }, ctx);
  return defs.length === 0 ? undefined : OptionCatalogue.standard(4).extend(defs);
}

function checkDefList(parent: Located, scope: DefListScope, ctx: RuleContext): OptionDefinition[] {
  const defs: AcceptedDefs = { list: [], byCode: new Map(), names: new Set() };
  for (const entry of eachObj(parent, 'option-def')) {
    const def = readDefinition(entry, scope);
    if (def === undefined) continue;
    if (!isAcceptable(def, entry, scope, defs, ctx)) {
      scope.broken.add(def.space, def.code, def.name);
      continue;
    }
    defs.list.push(def);
    defs.byCode.set(`${def.space}\u0000${def.code}`, def);
    defs.names.add(`${def.space}\u0000${def.name}`);
  }
  return defs.list;
}

/**
 * The definition an entry describes, with Kea's injected defaults (space = the family's, array
 * false, record-types and encapsulate empty), or undefined when the schema already reports it.
 */
function readDefinition(entry: Located, scope: DefListScope): OptionDefinition | undefined {
  const v = entry.value;
  const top = scope.family === 4 ? 'dhcp4' : 'dhcp6';
  const name = str(v['name']);
  const code = int(v['code']);
  const type = str(v['type']);
  const space = v['space'] === undefined ? top : str(v['space']);
  const array = v['array'] === undefined ? false : bool(v['array']);
  const records = v['record-types'] === undefined ? '' : str(v['record-types']);
  const encapsulate = v['encapsulate'] === undefined ? '' : str(v['encapsulate']);
  const max = scope.family === 4 ? 255 : 65535;
  const isSchemaValid = name !== undefined && isValidOptionName(name) && code !== undefined && code >= 0 && code <= max
    && type !== undefined && isOptionDataType(type) && space !== undefined && isValidOptionName(space)
    && array !== undefined && records !== undefined && encapsulate !== undefined
    && (encapsulate === '' || isValidOptionName(encapsulate));
  if (!isSchemaValid) {
    scope.broken.add(space ?? top, code, name);
    return undefined;
  }
  return {
    name, code, space, array, encapsulate, type,
    recordTypes: parseRecordTypes(records) as OptionDefinition['recordTypes'],
  };
}

/** The key of an option-def entry a checkOptionDefinition message is about. */
const MESSAGE_KEYS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^option code/, 'code'],
  [/^option space name/, 'space'],
  [/is an array and so cannot encapsulate/, 'array'],
  [/encapsulat/, 'encapsulate'],
  [/record/, 'record-types'],
  [/^option name/, 'name'],
  [/^option type/, 'type'],
  [/^an array/, 'array'],
];

function keyOfMessage(message: string, entry: Located): string {
  const key = MESSAGE_KEYS.find(([re]) => re.test(message))?.[1] ?? 'name';
  return entry.value[key] === undefined ? (key === 'record-types' ? 'type' : 'name') : key;
}

/** Kea's checks in its order: the definition itself, the class-level restriction, then CfgOptionDef::add. */
function isAcceptable(def: OptionDefinition, entry: Located, scope: DefListScope, defs: AcceptedDefs, ctx: RuleContext): boolean {
  const what = `${scope.label} '${def.space}.${def.name}'`;
  const why = checkOptionDefinition(def, scope.family);
  if (why !== null) {
    ctx.error('invalid-option-def', joinPointer(entry.path, keyOfMessage(why, entry)), `${what}: ${why}`);
    return false;
  }
  if (scope.isClassLevel && !(def.space === 'dhcp4' && (def.code === 43 || (def.code >= 224 && def.code <= 254)))) {
    const key = def.space === 'dhcp4' ? 'code' : 'space';
    ctx.error('option-def-not-allowed-in-class', joinPointer(entry.path, key),
      `${what}: a client class may only define options of space 'dhcp4' with code 43 or 224-254, not code ${def.code} in space '${def.space}'`,
      'define the option in the global option-def list instead; class-level definitions are only for options Kea decodes per class (vendor option 43, private options 224-254)');
    return false;
  }
  return isNewDefinition(def, entry, what, defs, ctx) && isNotStandard(def, entry, what, scope, ctx);
}

function isNewDefinition(def: OptionDefinition, entry: Located, what: string, defs: AcceptedDefs, ctx: RuleContext): boolean {
  const sameCode = defs.byCode.get(`${def.space}\u0000${def.code}`);
  if (sameCode !== undefined) {
    ctx.error('duplicate-option-def', joinPointer(entry.path, 'code'),
      `${what}: code ${def.code} is already defined in space '${def.space}' (as '${sameCode.name}')`);
    return false;
  }
  if (defs.names.has(`${def.space}\u0000${def.name}`)) {
    ctx.error('duplicate-option-def', joinPointer(entry.path, 'name'),
      `${what}: an option named '${def.name}' is already defined in space '${def.space}'`);
    return false;
  }
  return true;
}

function isNotStandard(def: OptionDefinition, entry: Located, what: string, scope: DefListScope, ctx: RuleContext): boolean {
  const standard = OptionCatalogue.standard(scope.family);
  if (standard.isStandard(def.space, def.code)) {
    const known = standard.find(def.space, def.code)?.name;
    ctx.error('option-def-redefines-standard', joinPointer(entry.path, 'code'),
      `${what}: code ${def.code} in space '${def.space}' is a standard option${known === undefined ? '' : ` ('${known}')`} and cannot be redefined`,
      'use the standard option by name, or pick a code Kea does not define (e.g. 224-254 in dhcp4)');
    return false;
  }
  if (standard.isStandardName(def.space, def.name)) {
    ctx.error('option-def-redefines-standard', joinPointer(entry.path, 'name'),
      `${what}: '${def.name}' is the name of a standard option in space '${def.space}' and cannot be reused`,
      'choose another name for the custom option');
    return false;
  }
  return true;
}
