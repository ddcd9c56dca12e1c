/**
 * Which option definition Kea uses for an option-data entry (option_data_parser.cc
 * findOptionDefinition): the client class's own option-def, then the standard and vendor
 * definitions, then the global option-def entries, then the last-resort definition of dhcp4
 * option 43. Shared by the config rules and the resolver. Pure.
 *
 * Two catalogues, not one: a catalogue extended with the global entries puts them before the
 * standard ones, which is not Kea's order (a global option-def may define a code of a
 * vendor-<N> space that has a standard definition, and Kea uses the standard one), and one
 * catalogue extended with both the global and the class entries would hide a global definition
 * whose code a class entry reuses under another name. So the standard catalogue extended with
 * the class entries is asked first, without its last resort, then the global catalogue.
 */
import { DHCP4_LAST_RESORT_DEFS, OptionCatalogue, parseRecordTypes, type OptionDefinition } from '../codec/index.js';

const LAST_RESORT = DHCP4_LAST_RESORT_DEFS[0];

/** What an option-data entry names: a code or a name, in a space. */
export interface OptionKey {
  readonly space: string;
  readonly code: number | undefined;
  readonly name: string | undefined;
}

/**
 * The definition of `key`, or undefined when none is known.
 * @param global the standard definitions extended with the global option-def entries
 * @param local the standard definitions extended with a client class's own option-def entries
 */
export function findOptionDefinition(key: OptionKey, global: OptionCatalogue, local?: OptionCatalogue): OptionDefinition | undefined {
  const first = local ?? OptionCatalogue.standard(global.family);
  const byCode = key.code !== undefined;
  const def = byCode ? first.find(key.space, key.code as number) : first.findByName(key.space, key.name as string);
  if (def !== undefined && def !== LAST_RESORT) return def;
  return byCode ? global.find(key.space, key.code as number) : global.findByName(key.space, key.name as string);
}

/** An `option-def` entry of a valid configuration as a definition, with Kea's defaults. */
export function optionDefinitionOf(
  d: { name: string; code: number; type: string; space?: string; array?: boolean; 'record-types'?: string; encapsulate?: string },
  family: 4 | 6,
): OptionDefinition {
  return {
    name: d.name,
    code: d.code,
    space: d.space ?? (family === 4 ? 'dhcp4' : 'dhcp6'),
    type: d.type as OptionDefinition['type'],
    array: d.array ?? false,
    recordTypes: parseRecordTypes(d['record-types'] ?? '') as OptionDefinition['recordTypes'],
    encapsulate: d.encapsulate ?? '',
  };
}
