/**
 * codec: DHCP option definitions and option data text/wire conversion, with Kea's rules.
 *
 * - option-defs: Kea's standard option definitions as data tables (dhcp4, dhcp6, sub-option and
 *   vendor spaces); option-catalogue: lookup by space/code/name, custom `option-def` entries.
 * - option-text: an option-data `data` string → payload bytes exactly as Kea builds them, the
 *   canonical text of a payload, and the acceptance rules for `option-def`.
 *
 * Pure: imports only ../net. It must not import config/, server/, node:fs or node:dgram.
 */
export { OptionDataTypes, isOptionDataType, parseRecordTypes } from './option-types.js';
export type { OptionDataType } from './option-types.js';
export {
  DHCP4_LAST_RESORT_DEFS, DHCP4_OPTION_DEFS, DHCP4_SUBSPACE_DEFS, DHCP6_OPTION_DEFS,
  DHCP6_SUBSPACE_DEFS, OptionSpaces,
} from './option-defs.js';
export type { OptionDefinition } from './option-defs.js';
export { OptionCatalogue, vendorIdOfSpace } from './option-catalogue.js';
export {
  checkOptionDefinition, decodeOptionText, describeOptionData, encodeOptionText,
} from './option-text.js';
export type { EncodeResult, OptionDataText } from './option-text.js';
export { isValidOptionName } from './option-def-check.js';
export * from './v4/index.js';
