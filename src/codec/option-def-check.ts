/**
 * Whether an `option-def` entry is one Kea accepts (dhcp_parsers.cc OptionDefParser::parse,
 * option_definition.cc OptionDefinition::validate / addRecordField). Redefining a standard option
 * is a separate check: {@link OptionCatalogue.isStandard}. Pure: no I/O.
 */
import type { OptionDefinition } from './option-defs.js';
import { isOptionDataType } from './option-types.js';

const NAME_CHARS = /^[A-Za-z0-9_-]+$/;
const EDGE_PUNCT = /^[-_]|[-_]$/;

/** Kea's rule for option and option space names: letters, digits, `-`, `_`, not at either end. */
export function isValidOptionName(name: string): boolean {
  return NAME_CHARS.test(name) && !EDGE_PUNCT.test(name);
}

/** Types without a length of their own cannot repeat (option_definition.cc validate). */
const NO_ARRAY_TYPES: ReadonlySet<string> = new Set(['string', 'binary', 'empty', 'internal']);

const NAME_RULE = "use letters, digits, '-' and '_', not starting or ending with '-' or '_'";

function checkCode(def: OptionDefinition, family: 4 | 6): string | null {
  const max = family === 4 ? 255 : 65535;
  if (!Number.isInteger(def.code) || def.code < 0) {
    return `option code ${def.code} must be a non-negative integer`;
  }
  if (def.code > max) {
    return `option code ${def.code} is above ${max}, the largest DHCPv${family} option code`;
  }
  if (def.space === 'dhcp4' && def.code === 0) return "option code 0 is reserved for PAD in space 'dhcp4'";
  if (def.space === 'dhcp4' && def.code === 255) {
    return "option code 255 is reserved for END in space 'dhcp4'";
  }
  if (def.space === 'dhcp6' && def.code === 0) return "option code 0 is reserved in space 'dhcp6'";
  return null;
}

function checkRecord(def: OptionDefinition): string | null {
  const fields = def.recordTypes;
  for (const t of fields) {
    if (!isOptionDataType(t) || t === 'record' || t === 'empty') {
      return `'${t}' cannot be a record field; use binary, boolean, an integer, an address, `
        + 'ipv6-prefix, psid, string, tuple or fqdn';
    }
  }
  if (fields.length < 2) {
    return `a record needs at least 2 record-types, got ${fields.length}; use the field's type instead`;
  }
  for (let i = 0; i < fields.length; i++) {
    const t = fields[i];
    if ((t === 'string' || t === 'binary') && i < fields.length - 1) {
      return `a ${t} field can only be the last of a record (it takes the rest of the option)`;
    }
    if (t === 'internal') return 'an internal field cannot be stored in a record';
  }
  const last = fields[fields.length - 1];
  if (def.array && (last === 'string' || last === 'binary')) {
    return `a record whose last field is ${last} cannot be an array`;
  }
  return null;
}

/**
 * Why Kea would refuse this option definition, or `null` when it is acceptable: name and space
 * syntax, code range for the family and space, type and record-types, and the array/encapsulate
 * rules.
 * @example checkOptionDefinition({ name: 'foo', code: 300, space: 'dhcp4', type: 'uint8',
 *   array: false, recordTypes: [], encapsulate: '' }, 4)
 *   // "option code 300 is above 255, the largest DHCPv4 option code"
 */
export function checkOptionDefinition(def: OptionDefinition, family: 4 | 6): string | null {
  const code = checkCode(def, family);
  if (code !== null) return code;
  if (!isValidOptionName(def.space)) return `option space name '${def.space}' is invalid; ${NAME_RULE}`;
  if (def.encapsulate !== '') {
    const which = `option '${def.space}.${def.name}'`;
    if (def.array) return `${which} is an array and so cannot encapsulate an option space`;
    if (def.encapsulate === def.space) return `${which} cannot encapsulate its own space '${def.space}'`;
  }
  const typeName: string = def.type;
  if (def.recordTypes.length > 0 && typeName !== 'record') {
    return `record-types is only allowed with type 'record', not '${typeName}'`;
  }
  if (!isValidOptionName(def.name)) return `option name '${def.name}' is invalid; ${NAME_RULE}`;
  if (def.encapsulate !== '' && !isValidOptionName(def.encapsulate)) {
    return `encapsulated option space name '${def.encapsulate}' is invalid; ${NAME_RULE}`;
  }
  if (!isOptionDataType(typeName)) return `option type '${typeName}' is not one of Kea's data types`;
  if (typeName === 'record') return checkRecord(def);
  if (def.array && NO_ARRAY_TYPES.has(typeName)) {
    return `an array of ${typeName} values is not a valid option definition`;
  }
  return null;
}
