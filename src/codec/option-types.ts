/**
 * Kea's option data types (src/lib/dhcp/option_data_types.cc): the names `option-def.type` and
 * `record-types` accept, their fixed wire sizes and integer ranges. Pure: no I/O.
 */

/** Every data type name Kea accepts, in Kea's enum order (`OptionDataType`). */
export const OptionDataTypes = [
  'empty', 'binary', 'boolean', 'int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32',
  'ipv4-address', 'ipv6-address', 'ipv6-prefix', 'psid', 'string', 'tuple', 'fqdn',
  'internal', 'record',
] as const;
export type OptionDataType = (typeof OptionDataTypes)[number];

/** The integer types and their ranges (Kea `lexicalCastWithRangeCheck`). */
export const IntegerRanges = {
  int8: { min: -128, max: 127, size: 1 },
  int16: { min: -32768, max: 32767, size: 2 },
  int32: { min: -2147483648, max: 2147483647, size: 4 },
  uint8: { min: 0, max: 255, size: 1 },
  uint16: { min: 0, max: 65535, size: 2 },
  uint32: { min: 0, max: 4294967295, size: 4 },
} as const;
export type IntegerType = keyof typeof IntegerRanges;

const TYPE_SET: ReadonlySet<string> = new Set(OptionDataTypes);

/** True when `name` is one of Kea's data type names. */
export function isOptionDataType(name: string): name is OptionDataType {
  return TYPE_SET.has(name);
}

/** True for int8..uint32. */
export function isIntegerType(type: OptionDataType): type is IntegerType {
  return Object.hasOwn(IntegerRanges, type);
}

/**
 * The wire size of a fixed-size type, or 0 for a variable-size one
 * (Kea `OptionDataTypeUtil::getDataTypeLen`).
 */
export function fixedTypeLength(type: OptionDataType): number {
  switch (type) {
    case 'boolean': case 'int8': case 'uint8': return 1;
    case 'int16': case 'uint16': return 2;
    case 'int32': case 'uint32': return 4;
    case 'ipv4-address': return 4;
    case 'ipv6-address': return 16;
    case 'psid': return 3;
    default: return 0;
  }
}

/**
 * Splits Kea's `record-types` text (`"uint8, ipv4-address"`) into names, as the option-def
 * parser does: comma separated, each trimmed, empty entries dropped (dhcp_parsers.cc).
 * Unknown names are kept; {@link checkOptionDefinition} reports them.
 */
export function parseRecordTypes(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(',')) {
    const t = part.trim();
    if (t !== '') out.push(t);
  }
  return out;
}
