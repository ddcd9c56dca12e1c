/**
 * encodeOptionText: Kea's csv and binary option-data forms → payload bytes. Wire vectors come
 * from Kea 3.3's unit tests (test names in the comments).
 */
import { describe, expect, it } from 'vitest';
import { OptionCatalogue } from './option-catalogue.js';
import type { OptionDefinition } from './option-defs.js';
import { encodeOptionText } from './option-text.js';
import type { OptionDataType } from './option-types.js';

/** A custom definition of one type in `my-space`, as Kea's OptionDefinitionTest uses. */
function custom(type: OptionDataType | readonly OptionDataType[], array = false): OptionDefinition {
  return {
    name: 'my-option', code: 222, space: 'my-space', array, encapsulate: '',
    type: typeof type === 'string' ? type : 'record',
    recordTypes: typeof type === 'string' ? [] : type,
  };
}

type Target = string | OptionDefinition;

function defOf(family: 4 | 6, target: Target): OptionDefinition | undefined {
  if (typeof target !== 'string') return target;
  return OptionCatalogue.standard(family).findByName(family === 4 ? 'dhcp4' : 'dhcp6', target);
}

/** Encodes and returns lowercase hex, or the failure message. */
function enc(family: 4 | 6, target: Target, data: string, csv: boolean | undefined = true): string {
  const r = encodeOptionText(defOf(family, target), data, csv, family);
  return r.ok ? Buffer.from(r.bytes).toString('hex') : `ERR ${r.message}`;
}

const ascii = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

describe('csv-format true: one value of every data type', () => {
  it.each<[string, 4 | 6, Target, string, string]>([
    // option_data_types_unittest.cc writeBinary
    ['binary', 6, custom('binary'), '000102030405060708090A0B', '000102030405060708090a0b'],
    // option_definition_unittest.cc boolTokenized; config_parser_unittest.cc optionDataBoolean
    ['boolean true', 4, 'ip-forwarding', 'true', '01'],
    ['boolean FALSE', 4, 'ip-forwarding', 'FALSE', '00'],
    ['boolean 1', 4, 'ip-forwarding', '1', '01'],
    ['boolean 00001', 4, 'ip-forwarding', '00001', '01'],
    ['boolean 00000', 4, 'ip-forwarding', '00000', '00'],
    ['int8', 6, custom('int8'), '-128', '80'],
    ['int8 hex', 6, custom('int8'), '0x7f', '7f'],
    ['int16', 6, custom('int16'), '-2', 'fffe'],
    ['int32', 4, 'time-offset', '-1', 'ffffffff'],
    ['uint8', 4, 'default-ip-ttl', '255', 'ff'],
    ['uint8 hex without 0x (std::hex fallback)', 4, 'default-ip-ttl', 'ff', 'ff'],
    ['uint8 0X', 4, 'default-ip-ttl', '0X40', '40'],
    ['uint16 hex', 4, 'interface-mtu', '0x05DC', '05dc'],
    ['uint32 max', 4, 'dhcp-lease-time', '4294967295', 'ffffffff'],
    ['ipv4-address', 4, 'subnet-mask', '255.255.255.0', 'ffffff00'],
    // option_definition_unittest.cc recordIAAddr6Tokenized
    ['ipv6-address', 6, 'unicast', '2001:db8::ff00:42:8329', '20010db8000000000000ff0000428329'],
    // option_data_types_unittest.cc writePrefix
    ['ipv6-prefix /34 zeroes the spare bits', 6, custom('ipv6-prefix'), '2001:db8:FFFF::/34', '2220010db8c0'],
    ['ipv6-prefix /0', 6, custom('ipv6-prefix'), '2001:db8:FFFF::/0', '00'],
    ['ipv6-prefix /128', 6, custom('ipv6-prefix'), '2001:db8::FF/128', '8020010db80000000000000000000000ff'],
    // option_definition_unittest.cc prefixArrayTokenized (blanks are removed)
    ['ipv6-prefix with blanks', 6, custom('ipv6-prefix'), '3001:1:: /  48', '30300100010000'],
    // option_data_types_unittest.cc writePsid; option_definition_unittest.cc psidTokenized
    ['psid 8/4', 6, custom('psid'), '8/4', '048000'],
    ['psid 3 / 6', 6, custom('psid'), '3 / 6', '060c00'],
    ['psid length 0 ignores the value', 6, custom('psid'), '6/0', '000000'],
    ['psid length 16', 6, custom('psid'), '5/16', '100005'],
    ['string', 4, 'domain-name', 'example.com', ascii('example.com')],
    ['string UTF-8', 4, 'domain-name', 'zażółć', ascii('zażółć')],
    // option_data_types_unittest.cc writeTupleString
    ['tuple v4', 4, custom('tuple'), 'hello world', `0b${ascii('hello world')}`],
    ['tuple v6', 6, custom('tuple'), 'hello world', `000b${ascii('hello world')}`],
    // option_data_types_unittest.cc writeFqdn
    ['fqdn', 4, 'v4-lost', 'mydomain.example.com', '086d79646f6d61696e076578616d706c6503636f6d00'],
    ['record', 4, custom(['uint8', 'ipv4-address', 'string']), '7, 192.0.2.1, text', `07c0000201${ascii('text')}`],
  ])('%s', (_label, family, target, data, hex) => {
    expect(enc(family, target, data)).toBe(hex);
  });
});

describe('csv-format true: standard options', () => {
  it.each<[string, 4 | 6, Target, string, string]>([
    // config_parser_unittest.cc stdOptionData
    ['address list', 4, 'nis-servers', '192.0.2.10, 192.0.2.1, 192.0.2.3', 'c000020ac0000201c0000203'],
    ['fields are trimmed', 4, 'routers', ' 10.0.0.1 ,10.0.0.2 ', '0a0000010a000002'],
    ['empty tokens are dropped', 4, 'routers', '10.0.0.1,,10.0.0.2,', '0a0000010a000002'],
    ['an empty address list is allowed (Option4AddrLst)', 4, 'routers', '', ''],
    ['extra values of a scalar are ignored (Kea uses values[0])', 4, 'subnet-mask', '255.255.255.0, 1.2.3.4', 'ffffff00'],
    // config_parser_unittest.cc slpOptions
    ['record array', 4, 'slp-directory-agent', 'true, 10.0.0.3, 127.0.0.1', '010a0000037f000001'],
    ['record with an empty last string', 4, 'slp-service-scope', 'false, ', '00'],
    // config_parser_unittest.cc domainSearchOption
    ['fqdn list', 4, 'domain-search', 'mydomain.example.com, example.com',
      '086d79646f6d61696e076578616d706c6503636f6d00076578616d706c6503636f6d00'],
    // option_definition_unittest.cc tuple4ArrayOption143: 2-octet lengths in DHCPv4 (RFC 8572 §8.3)
    ['v4-sztp-redirect', 4, 'v4-sztp-redirect', 'hello, the, world', `0005${ascii('hello')}0003${ascii('the')}0005${ascii('world')}`],
    ['bootfile-param', 6, 'bootfile-param', 'a, bc', '00016100026263'],
    ['escaped comma in a string', 4, 'domain-name', 'a\\,b', ascii('a,b')],
    ['escaped comma in a record string', 4, custom(['uint8', 'string']), '1, hello\\, world', `01${ascii('hello, world')}`],
    ['vivso-suboptions is the enterprise id', 4, 'vivso-suboptions', '4491', '0000118b'],
    ['vendor-opts is the enterprise id', 6, 'vendor-opts', '4491', '0000118b'],
    ['vivco-suboptions: id and tuples', 4, 'vivco-suboptions', '4491, 0568656c6c6f', '0000118b0568656c6c6f'],
    ['vivco-suboptions: no tuples', 4, 'vivco-suboptions', '4491, ', '0000118b'],
    ['fqdn (81)', 4, 'fqdn', '1, 0, 0, example.com', '010000076578616d706c6503636f6d00'],
    ['client-fqdn (39)', 6, 'client-fqdn', '1, example.com', '01076578616d706c6503636f6d00'],
    ['status-code (13)', 6, 'status-code', '0, ok', '00006f6b'],
    ['ia-na (3)', 6, 'ia-na', '1, 2, 3', '000000010000000200000003'],
    ['iaprefix (26)', 6, 'iaprefix', '1, 2, 64, 2001:db8::', '00000001000000024020010db8000000000000000000000000'],
    ['pd-exclude (67)', 6, 'pd-exclude', '2001:db8::/64', '4020010db800000000'],
    ['option-6rd record array', 4, 'option-6rd', '1, 2, 2001:db8::, 10.0.0.1, 10.0.0.2',
      '010220010db80000000000000000000000000a0000010a000002'],
    ['v4-portparams (RFC 7618)', 4, 'v4-portparams', '0, 3/4', '00043000'],
    ['rdnss-selection v6', 6, 'rdnss-selection', '2001:db8::1, 1, example.com',
      '20010db800000000000000000000000101076578616d706c6503636f6d00'],
    ['containers take empty data', 4, 'dhcp-agent-options', '', ''],
    ['option 43 (last resort) takes empty data', 4, 'vendor-encapsulated-options', '', ''],
    ['S46 container', 6, 's46-cont-mape', '', ''],
    ['empty option', 6, 'rapid-commit', '', ''],
    ['blank tokens alone are no data', 4, 'cablelabs-client-conf', ',,', ''],
  ])('%s', (_label, family, target, data, hex) => {
    expect(enc(family, target, data)).toBe(hex);
  });

  it('encodes sub-space options found through the catalogue', () => {
    const v6 = OptionCatalogue.standard(6);
    const rule = v6.find('s46-cont-mape-options', 89);
    expect(enc(6, rule as OptionDefinition, '0, 8, 64, 192.0.2.0, 2001:db8::/32')).toBe('000840c00002002020010db8');
    expect(enc(6, v6.find('s46-rule-options', 93) as OptionDefinition, '0, 6/6')).toBe('0006' + '1800');
    expect(enc(6, v6.find('v6-ntp-server-suboptions', 3) as OptionDefinition, 'ntp.example.com'))
      .toBe('036e7470076578616d706c6503636f6d00');
    expect(enc(6, v6.find('vendor-4491', 1) as OptionDefinition, '32, 33')).toBe('00200021');
    expect(enc(4, OptionCatalogue.standard(4).find('vendor-4491', 1) as OptionDefinition, '2, 3')).toBe('0203');
  });
});

describe('csv-format true: internal types', () => {
  it.each<[string, 4 | 6, string, string, string]>([
    // option_classless_static_route_unittest.cc pack
    ['routes', 4, 'classless-static-route', '0.0.0.0/0 - 10.17.0.1,10.229.0.128/25-10.229.0.1, 10.27.129.0/24 - 10.27.129.1',
      '000a110001190ae500800ae50001180a1b810a1b8101'],
    ['routes from the brief', 4, 'classless-static-route', '10.229.0.0/16 - 10.229.0.1, 10.198.122.47/32 - 10.198.122.1',
      '100ae50ae50001200ac67a2f0ac67a01'],
    // option4_dnr_unittest.cc fromConfigCtorPackMixedDnrInstances
    ['v4-dnr mixed', 4, 'v4-dnr', '1, myhost1.example.com. | 2, myhost2.example.com., 192.168.0.1 192.168.0.2, alpn=dot\\,doq',
      `0018000115${'076d79686f737431076578616d706c6503636f6d00'}002d000215${'076d79686f737432076578616d706c6503636f6d00'}`
      + '08c0a80001c0a800020001000803646f7403646f71'],
    // option4_dnr_unittest.cc fromConfigCtorPackUnorderedSvcParams (packed in key order)
    ['v4-dnr svc params reordered', 4, 'v4-dnr', '2, myhost2.example.com., 192.168.0.1 192.168.0.2, port=85 alpn=dot\\,doq',
      '0033000215076d79686f737432076578616d706c6503636f6d0008c0a80001c0a800020001000803646f7403646f71000300020055'],
    // option6_dnr_unittest.cc fromConfigCtorPackAdnOnlyMode
    ['v6-dnr ADN only', 6, 'v6-dnr', '9, myhost.example.com.', '00090014066d79686f7374076578616d706c6503636f6d00'],
    // option6_dnr_unittest.cc pack
    ['v6-dnr', 6, 'v6-dnr', '9, myhost.example.com., 2001:db8:1::dead:beef ff02::face:b00c, alpn=imap',
      '00090014066d79686f7374076578616d706c6503636f6d00002020010db80001000000000000deadbeefff0200000000000000000000faceb00c0001000504696d6170'],
  ])('%s', (_label, family, name, data, hex) => {
    expect(enc(family, name, data)).toBe(hex);
  });

  // option_definition_unittest.cc internalOption4Dnr: instance lengths 53 and 60, ADN downcased
  it('v4-dnr: instance lengths and ADN case as Kea computes them', () => {
    const hex = enc(4, 'v4-dnr', '1234, Example.Some.Host.Org., 192.168.0.1 192.168.0.2, alpn=dot\\,doq port=2345 | '
      + '4321, myhost1.example.com., 192.169.0.1 192.169.0.2, alpn=h3 dohpath=/dns-query{?dns}');
    const bytes = Buffer.from(hex, 'hex');
    expect(bytes.readUInt16BE(0)).toBe(53);
    expect(bytes.subarray(5, 5 + 23).toString('latin1')).toContain('example');
    expect(bytes.readUInt16BE(2 + 53)).toBe(60);
  });

  it('a custom internal option carries its text', () => {
    // Values are joined back untrimmed, escaped commas re-escaped (optionFactory, OPT_INTERNAL_TYPE).
    expect(enc(4, custom('internal'), 'a, b\\,c')).toBe(ascii('a, b\\,c'));
  });
});

describe('csv-format true: rejected data', () => {
  it.each<[string, 4 | 6, Target, string, string]>([
    ['bad address', 4, 'routers', '10.0.0', "option 'routers' expects ipv4-address values; '10.0.0' is not one"],
    ['wrong family', 4, 'routers', '2001:db8::1', "option 'routers' expects ipv4-address values; '2001:db8::1' is not one"],
    ['bad single address', 6, 'unicast', '10.0.0.1', "option 'unicast' expects an ipv6-address value; '10.0.0.1' is not one"],
    ['uint8 range', 4, 'default-ip-ttl', '300', "option 'default-ip-ttl': '300' is out of range for uint8 (0..255)"],
    ['uint8 negative', 4, 'default-ip-ttl', '-1', "option 'default-ip-ttl': '-1' is out of range for uint8 (0..255)"],
    ['int32 range', 4, 'time-offset', '2147483648', "option 'time-offset': '2147483648' is out of range for int32 (-2147483648..2147483647)"],
    ['int8 hex range', 6, custom('int8'), '0xff', "option 'my-option': '0xff' is out of range for int8 (-128..127)"],
    ['not an integer', 4, 'default-ip-ttl', '1.5',
      "option 'default-ip-ttl' expects a uint8 value; '1.5' is not one (expected a decimal or hex integer)"],
    // config_parser_unittest.cc optionDataBoolean
    ['bogus boolean', 4, 'ip-forwarding', 'bogus', "option 'ip-forwarding' expects a boolean value; 'bogus' is not one (expected true, false, 1 or 0)"],
    ['boolean 2', 4, 'ip-forwarding', '2', "option 'ip-forwarding' expects a boolean value; '2' is not one (expected true, false, 1 or 0)"],
    ['no value', 4, 'domain-name', '', "option 'domain-name' needs a value"],
    ['blank string', 4, 'domain-name', ' ', "option 'domain-name': a string option must not be empty"],
    // option_data_types_unittest.cc writeFqdn
    ['empty label', 4, 'domain-search', 'example..com', "option 'domain-search' expects fqdn values; 'example..com' is not one (empty label in 'example..com')"],
    ['empty name list', 4, 'domain-search', '', "option 'domain-search': a domain name list must not be empty"],
    ['empty integer array', 4, 'dhcp-parameter-request-list', '', "option 'dhcp-parameter-request-list': an array option needs at least one value"],
    // option_definition_unittest.cc badPrefix
    ['prefix length', 6, custom('ipv6-prefix'), '::/ce', "option 'my-option': prefix length 206 is above 128"],
    ['prefix without length', 6, custom('ipv6-prefix'), '2001:db8::', "option 'my-option' expects an ipv6-prefix value; '2001:db8::' is not one (expected address/length, e.g. 2001:db8::/48)"],
    // option_data_types_unittest.cc writePsid
    ['psid length', 6, custom('psid'), '1/17', "option 'my-option': PSID length 17 is above 16"],
    ['psid too big', 6, custom('psid'), '16/4', "option 'my-option': PSID 16 does not fit in 4 bits"],
    ['tuple too long', 4, custom('tuple'), 'x'.repeat(256), "option 'my-option': tuple of 256 octets is longer than 255"],
    ['binary with colons', 4, 'dhcp-client-identifier', '01:02',
      "option 'dhcp-client-identifier' expects a binary value; '01:02' is not one (expected hex digits without separators, e.g. 0a0b0c)"],
    ['record too short', 4, 'slp-directory-agent', 'true', "option 'slp-directory-agent' needs 2 comma-separated values (boolean, ipv4-address); got 1"],
    ['record field', 4, 'v4-portparams', '0, 3', "option 'v4-portparams' expects a psid in field 2; '3' is not one (expected psid/length, e.g. 3/4)"],
    ['record array field', 4, 'slp-directory-agent', 'true, 10.0.0.1, nope', "option 'slp-directory-agent' expects an ipv4-address in field 2; 'nope' is not one"],
    ['vivco tuple', 4, 'vivco-suboptions', '4491, 0a0b', "option 'vivco-suboptions': vendor class data tuple of 10 octets is truncated"],
    ['vivco without data', 4, 'vivco-suboptions', '4491', "option 'vivco-suboptions' needs 2 comma-separated values (uint32, binary); got 1"],
    ['fqdn N and S', 4, 'fqdn', '9, 0, 0, example.com', "option 'fqdn': client FQDN flags N and S are both set"],
    ['data for a container', 4, 'dhcp-agent-options', '01',
      "option 'dhcp-agent-options' carries no data of its own; configure its sub-options in space 'dhcp-agent-options-space', so data must be empty (got '01')"],
    ['data for an empty option', 6, 'rapid-commit', ' ', "option 'rapid-commit' carries no data of its own, so data must be empty (got ' ')"],
    ['pd-exclude /0', 6, 'pd-exclude', '::/0', "option 'pd-exclude': prefix exclude option needs at least 2 octets"],
  ])('%s', (_label, family, target, data, message) => {
    expect(enc(family, target, data)).toBe(`ERR ${message}`);
  });

  // option_classless_static_route_unittest.cc bufferFromStrCtor*
  it.each([
    ['MissingDash', '0.0.0.0/0 - 10.17.0.1,10.229.0.128/25 10.229.0.1, 10.27.129.0/24 - 10.27.129.1', "route '10.229.0.128/25 10.229.0.1' is not prefix - router"],
    ['MissingPrefixLen', '0.0.0.0/0 - 10.17.0.1,10.229.0.128 - 10.229.0.1', "'10.229.0.128' is not an IPv4 prefix"],
    ['DestIpV6Given', '0.0.0.0/0 - 10.17.0.1,3001::5/64 - 10.229.0.1', "'3001::5' is not an IPv4 address"],
    ['DestInvalidAddr', '0.0.0.0/0 - 10.17.0.1,1.2.3.a/32 - 10.229.0.1', "'1.2.3.a' is not an IPv4 address"],
    ['InvalidPrefixLen', '0.0.0.0/0 - 10.17.0.1,1.2.3.4/a - 10.229.0.1', "prefix length 'a' is not valid (0..32)"],
    ['PrefixLenTooBig', '0.0.0.0/0 - 10.17.0.1,1.2.3.4/64 - 10.229.0.1', "prefix length '64' is not valid (0..32)"],
    ['RouterInvalidAddr', '0.0.0.0/0 - 10.17.0.1,1.2.3.4/31 - 10.229.0.a', "router '10.229.0.a' is not an IPv4 address"],
    ['RouterIpV6Given', '0.0.0.0/0 - 10.17.0.1,1.2.3.4/31 - 3001::5', "router '3001::5' is not an IPv4 address"],
    ['CommaMissing', '0.0.0.0/0 - 10.17.0.1 1.2.3.4/31 - 1.2.3.4', 'is not prefix - router'],
    ['DataTruncated', '0.0.', "'0.0.' is not a route list"],
  ])('classless-static-route %s', (_label, data, message) => {
    const got = enc(4, 'classless-static-route', data);
    expect(got.startsWith("ERR option 'classless-static-route': ")).toBe(true);
    expect(got).toContain(message);
  });

  // option4_dnr_unittest.cc fromConfigCtor* (a valid first instance, then the bad one)
  const prefix = '1, myhost1.example.com. | 2, myhost2.example.com., 192.168.0.1 192.168.0.2, alpn=dot\\,h3 dohpath=/some-path{?dns} | ';
  it.each([
    ['NotEnoughFields', '3', "DNR instance '3' needs at least a service priority and an ADN"],
    ['TooManyFields', '3, test.com., 10.2.3.4, port=1234, extra', 'has more than 4 fields'],
    ['WrongSvcPriority', 'what?, test.com., 10.2.3.4, port=1234', "service priority 'what?' is not a uint16"],
    ['WrongAdn', '100, , 10.2.3.4, port=1234', "ADN '' is not a domain name"],
    ['WrongIpAddr', '100, test.net. , what?, port=1234', "DNR resolver 'what?' is not an IPv4 address"],
    ['NoIpAddr', '100, test.net. , , port=1234', 'needs at least one resolver address'],
    ['WrongSvcParams', '100, test.net. , 10.2.3.4, =', "SvcParam '=' is not key=value"],
    ['ForbiddenSvcParam', '100, test.net. , 10.2.3.4, ipv4hint=1', 'SvcParam ipv4hint must not be used in DNR'],
    ['UnknownSvcParam', '100, test.net. , 10.2.3.4, unknown=1', "SvcParam key 'unknown' is not in the SvcParamKeys registry"],
    ['NotSupportedSvcParam', '100, test.net. , 10.2.3.4, ech=1', 'SvcParam ech is not supported in DNR'],
    ['DuplicatedSvcParam', '100, test.net. , 10.2.3.4, port=1234 port=2345', 'SvcParam port is given twice'],
    ['UnknownAlpnId', '100, test.net. , 10.2.3.4, alpn=dot\\,unknown', "alpn id 'unknown' is not in the ALPN registry"],
    ['SkippedDohpath', '100, test.net. , 10.2.3.4, alpn=h3', 'dohpath must be given'],
    ['WrongPort', '100, test.net. , 10.2.3.4, port=what?', "port 'what?' is not a uint16"],
    ['MissingVarInDohpath', '100, test.net. , 10.2.3.4, alpn=h3 dohpath=/q', 'must contain the {?dns} variable'],
    ['IPv6Address', '100, test.net. , 2001:db8::1', "DNR resolver '2001:db8::1' is not an IPv4 address"],
  ])('v4-dnr %s', (_label, bad, message) => {
    expect(enc(4, 'v4-dnr', prefix + bad)).toContain(`ERR option 'v4-dnr': `);
    expect(enc(4, 'v4-dnr', prefix + bad)).toContain(message);
  });

  // option6_dnr_unittest.cc fromConfigCtor*
  it.each([
    ['SvcParamsTwoEqualSignsPerParam', '100, dot1.example.org., 2001:db8::1 2001:db8::2, alpn=dot===doq', 'is not key=value'],
    ['SvcParamsForbiddenKey', '100, dot1.example.org., 2001:db8::1 2001:db8::2, ipv6hint=a', 'must not be used'],
    ['SvcParamsKeyRepeated', '100, dot1.example.org., 2001:db8::1 2001:db8::2, alpn=dot alpn=doq', 'given twice'],
    ['IPv4Address', '100, dot1.example.org., 10.0.2.3', "DNR resolver '10.0.2.3' is not an IPv6 address"],
  ])('v6-dnr %s', (_label, data, message) => {
    expect(enc(6, 'v6-dnr', data)).toContain(message);
  });
});

describe('csv-format false', () => {
  it.each<[string, 4 | 6, Target, string, string]>([
    // config_parser_unittest.cc optionDataValidHexLiterals (option 56, a string)
    ['hex', 4, 'dhcp-message', '0a0b0C0D', '0a0b0c0d'],
    ['colons', 4, 'dhcp-message', '0A:0B:0C:0D', '0a0b0c0d'],
    ['spaces', 4, 'dhcp-message', '0A 0B 0C 0D', '0a0b0c0d'],
    ['odd digit count', 4, 'dhcp-message', 'A0B0C0D', '0a0b0c0d'],
    ['0x prefix', 4, 'dhcp-message', '0xA0B0C0D', '0a0b0c0d'],
    ['quoted text', 4, 'domain-name', "'example.com'", ascii('example.com')],
    ['string option drops trailing NULs (OptionString)', 4, 'domain-name', '61620000', '6162'],
    // config_parser_unittest.cc optionDataBoolean, binary part
    ['boolean 01', 4, 'ip-forwarding', '01', '01'],
    ['address list', 4, 'routers', 'c0000201c0000202', 'c0000201c0000202'],
    ['container with sub-options', 4, 'dhcp-agent-options', '0103616263', '0103616263'],
    ['option 43 with sub-options', 4, 'vendor-encapsulated-options', '0104c0a80001', '0104c0a80001'],
    ['a truncated last sub-option is ignored, as Kea does', 4, 'dhcp-agent-options', '010361', '010361'],
    ['vivso with DOCSIS3 sub-options', 4, 'vivso-suboptions', '0000118b' + '04' + '01020203', '0000118b0401020203'],
    ['IA_NA with an IAADDR', 6, 'ia-na', '000000010000000200000003' + '0005' + '0018' + '20010db8000000000000000000000001' + '0000000a0000000b',
      '000000010000000200000003000500182001' + '0db8000000000000000000000001' + '0000000a0000000b'],
    ['classless routes wire', 4, 'classless-static-route', '000a110001', '000a110001'],
    ['plain empty option drops data', 6, 'rapid-commit', '0102', ''],
  ])('%s', (_label, family, target, data, hex) => {
    expect(enc(family, target, data, false)).toBe(hex);
  });

  it.each<[string, 4 | 6, Target, string, string]>([
    // config_parser_unittest.cc optionDataInvalidHexLiterals
    ['non hex digit', 4, 'dhcp-message', '01020R', "option 'dhcp-message': '01020R' is not hex (e.g. 0a0b, 0x0a0b, 0a:0b or 0a 0b) or a 'quoted string'"],
    ['0x with colons', 4, 'dhcp-message', '0x01:02', 'is not hex'],
    ['0x with spaces', 4, 'dhcp-message', '0x01 02', 'is not hex'],
    ['upper-case 0X', 4, 'dhcp-message', '0X0102', 'is not hex'],
    ['dot separator', 4, 'dhcp-message', '01.02', 'is not hex'],
    ['truncated address list', 4, 'routers', 'c00002', "option 'routers' data does not match its definition: length 3 is not a multiple of 4"],
    ['truncated integer', 4, 'dhcp-lease-time', '0102', "option 'dhcp-lease-time' data does not match its definition: option buffer truncated (a uint32 needs 4 octets)"],
    ['empty string', 4, 'domain-name', '', 'a string option must not be empty'],
    ['only NULs', 4, 'domain-name', '0000', 'the string holds only NUL octets'],
    ['IA_NA too short', 6, 'ia-na', '0001', 'IA option truncated: 2 of 12 octets'],
    ['IAPREFIX length', 6, 'iaprefix', '0000000100000002' + '81' + '00'.repeat(16), 'prefix length 129 is above 128'],
    ['bad sub-option of a container', 4, 'dhcp-agent-options', '0503c00002', "sub-option 5 of space 'dhcp-agent-options-space': option buffer truncated"],
    ['sub-option longer than its scalar (sanityCheckScalarLength)', 4, 'dhcp-agent-options', '0a020102', 'length 2 is more than the 1 octets of a uint8'],
    ['truncated vivso block', 4, 'vivso-suboptions', '0000118b0501', 'vendor option data is truncated'],
    ['bad DOCSIS3 sub-option', 6, 'vendor-opts', '0000118b' + '0020' + '0003' + '010203', 'vendor-4491 sub-option 32: length 3 is not a multiple of 16'],
    ['classless route width', 4, 'classless-static-route', '210a0000000a000001', 'subnet mask width 33 is above 32'],
    ['DNR without ADN', 6, 'v6-dnr', '00010000', 'the mandatory ADN is missing'],
    ['fqdn list', 4, 'domain-search', '03616263', 'incomplete domain name'],
    ['SLP scope flag', 4, 'slp-service-scope', '02', 'mandatory flag 2 is not a boolean (0 or 1)'],
  ])('rejects %s', (_label, family, target, data, message) => {
    const got = enc(family, target, data, false);
    expect(got.startsWith('ERR ')).toBe(true);
    expect(got).toContain(message);
  });
});

describe('options without a definition', () => {
  it('take hex when csv-format is false or not given (option_data_parser.cc createOption)', () => {
    const r = encodeOptionText(undefined, '0a:0b', undefined, 4);
    expect(r).toEqual({ ok: true, bytes: Uint8Array.of(10, 11) });
    expect(encodeOptionText(undefined, "'abc'", undefined, 6)).toEqual({ ok: true, bytes: Uint8Array.of(97, 98, 99) });
  });

  it('refuse csv-format true and bad hex', () => {
    expect(encodeOptionText(undefined, '0a0b', true, 4)).toEqual({
      ok: false,
      message: 'no definition is known for this option, so csv-format must be false and data hex (or add an option-def)',
    });
    expect(encodeOptionText(undefined, 'xyz', false, 4)).toEqual({
      ok: false,
      message: "option data: 'xyz' is not hex (e.g. 0a0b, 0x0a0b, 0a:0b or 0a 0b) or a 'quoted string'",
    });
  });
});
