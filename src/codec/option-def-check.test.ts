/**
 * checkOptionDefinition: Kea's option-def acceptance rules (option_definition_unittest.cc
 * validate; config_parser_unittest.cc optionDef*).
 */
import { describe, expect, it } from 'vitest';
import type { OptionDefinition } from './option-defs.js';
import { checkOptionDefinition } from './option-text.js';
import { parseRecordTypes } from './option-types.js';

function def(over: Partial<Omit<OptionDefinition, 'type' | 'recordTypes'>> & { type?: string; recordTypes?: string[] }): OptionDefinition {
  return {
    name: 'foo', code: 222, space: 'dhcp4', array: false, encapsulate: '', ...over,
    type: (over.type ?? 'string') as OptionDefinition['type'],
    recordTypes: (over.recordTypes ?? []) as OptionDefinition['recordTypes'],
  };
}

describe('checkOptionDefinition', () => {
  it.each<[string, OptionDefinition, 4 | 6]>([
    ['underscores', def({ name: 'option_clientid' }), 4],
    ['digits', def({ name: 'option_123' }), 4],
    ['upper-case space', def({ space: 'SPACE' }), 4],
    ['space with hyphen', def({ space: 'my-space' }), 4],
    ['record', def({ type: 'record', recordTypes: ['uint8', 'string'] }), 4],
    ['record array of addresses', def({ type: 'record', recordTypes: ['uint8', 'ipv4-address'], array: true }), 4],
    ['encapsulating uint32', def({ type: 'uint32', encapsulate: 'sub-space' }), 4],
    ['unassigned v4 code', def({ code: 109 }), 4],
    ['v6 code', def({ code: 65535, space: 'dhcp6' }), 6],
    ['code 0 outside dhcp4', def({ code: 0, space: 'my-space' }), 4],
    ['array of fqdn', def({ type: 'fqdn', array: true }), 4],
    ['array of tuples', def({ type: 'tuple', array: true }), 6],
  ])('accepts %s', (_label, d, family) => {
    expect(checkOptionDefinition(d, family)).toBeNull();
  });

  it.each<[string, OptionDefinition, 4 | 6, string]>([
    ['unknown type', def({ type: 'non-existent-type' }), 4, "option type 'non-existent-type' is not one of Kea's data types"],
    ['empty name', def({ name: '' }), 4, "option name '' is invalid; use letters, digits, '-' and '_', not starting or ending with '-' or '_'"],
    ['leading blank', def({ name: ' OPTION_CLIENTID' }), 4, "option name ' OPTION_CLIENTID' is invalid"],
    ['inner blank', def({ name: 'OPTION CLIENTID' }), 4, 'is invalid'],
    ['leading hyphen', def({ name: '-option-clientid' }), 4, 'is invalid'],
    ['leading underscore', def({ name: '_option-clientid' }), 4, 'is invalid'],
    ['trailing underscore', def({ name: 'option-clientid_' }), 4, 'is invalid'],
    ['trailing hyphen', def({ name: 'option-clientid-' }), 4, 'is invalid'],
    ['empty space', def({ space: '' }), 4, "option space name '' is invalid"],
    ['space with blank', def({ space: 'my space' }), 4, "option space name 'my space' is invalid"],
    ['space with leading hyphen', def({ space: '-space' }), 4, 'is invalid'],
    ['space with trailing underscore', def({ space: 'space_' }), 4, 'is invalid'],
    ['array of strings', def({ array: true }), 6, 'an array of string values is not a valid option definition'],
    ['array of binary', def({ type: 'binary', array: true }), 6, 'an array of binary values'],
    ['array of empty', def({ type: 'empty', array: true }), 6, 'an array of empty values'],
    ['array of internal', def({ type: 'internal', array: true }), 6, 'an array of internal values'],
    ['string before another field', def({ type: 'record', recordTypes: ['string', 'uint16'] }), 6,
      'a string field can only be the last of a record (it takes the rest of the option)'],
    ['binary before another field', def({ type: 'record', recordTypes: ['binary', 'uint16'] }), 6, 'a binary field can only be the last'],
    ['record array ending in a string', def({ type: 'record', recordTypes: ['uint8', 'string'], array: true }), 6,
      'a record whose last field is string cannot be an array'],
    ['record of one field', def({ type: 'record', recordTypes: ['uint8'] }), 4, 'a record needs at least 2 record-types, got 1'],
    ['record of nothing', def({ type: 'record' }), 4, 'a record needs at least 2 record-types, got 0'],
    ['empty in a record', def({ type: 'record', recordTypes: ['uint8', 'empty'] }), 4, "'empty' cannot be a record field"],
    ['record in a record', def({ type: 'record', recordTypes: ['uint8', 'record'] }), 4, "'record' cannot be a record field"],
    ['unknown record field', def({ type: 'record', recordTypes: ['uint8', 'sting'] }), 4, "'sting' cannot be a record field"],
    ['internal in a record', def({ type: 'record', recordTypes: ['uint8', 'internal'] }), 4, 'an internal field cannot be stored in a record'],
    ['record-types without record', def({ type: 'uint8', recordTypes: ['uint8', 'uint8'] }), 4,
      "record-types is only allowed with type 'record', not 'uint8'"],
    ['bad encapsulated space', def({ type: 'uint32', encapsulate: 'invalid%space%name' }), 6, "encapsulated option space name 'invalid%space%name' is invalid"],
    // config_parser_unittest.cc optionDefEncapsulatedSpaceAndArray / optionDefEncapsulateOwnSpace
    ['array with encapsulation', def({ type: 'uint32', array: true, encapsulate: 'sub' }), 4,
      "option 'dhcp4.foo' is an array and so cannot encapsulate an option space"],
    ['encapsulating its own space', def({ space: 'my-space', type: 'uint32', encapsulate: 'my-space' }), 4,
      "option 'my-space.foo' cannot encapsulate its own space 'my-space'"],
    // config_parser_unittest.cc optionCodeNonUint8 / optionCodeZero; dhcp_parsers.cc
    ['v4 code above 255', def({ code: 257 }), 4, 'option code 257 is above 255, the largest DHCPv4 option code'],
    ['v6 code above 65535', def({ code: 65536, space: 'dhcp6' }), 6, 'option code 65536 is above 65535, the largest DHCPv6 option code'],
    ['negative code', def({ code: -4 }), 4, 'option code -4 must be a non-negative integer'],
    ['PAD', def({ code: 0 }), 4, "option code 0 is reserved for PAD in space 'dhcp4'"],
    ['END', def({ code: 255 }), 4, "option code 255 is reserved for END in space 'dhcp4'"],
    ['v6 code 0', def({ code: 0, space: 'dhcp6' }), 6, "option code 0 is reserved in space 'dhcp6'"],
  ])('refuses %s', (_label, d, family, message) => {
    expect(checkOptionDefinition(d, family)).toContain(message);
  });

  it('parseRecordTypes splits Kea record-types text', () => {
    expect(parseRecordTypes(' uint8, ipv4-address ,,fqdn ')).toEqual(['uint8', 'ipv4-address', 'fqdn']);
    expect(parseRecordTypes('')).toEqual([]);
  });
});
