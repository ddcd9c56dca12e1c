/**
 * decodeOptionText / describeOptionData: the canonical csv text of a payload, and the hex
 * fallback when Kea's csv form cannot give the same bytes back.
 */
import { describe, expect, it } from 'vitest';
import { OptionCatalogue } from './option-catalogue.js';
import type { OptionDefinition } from './option-defs.js';
import { decodeOptionText, describeOptionData, encodeOptionText } from './option-text.js';
import type { OptionDataType } from './option-types.js';

function custom(type: OptionDataType | readonly OptionDataType[], array = false): OptionDefinition {
  return {
    name: 'my-option', code: 222, space: 'my-space', array, encapsulate: '',
    type: typeof type === 'string' ? type : 'record',
    recordTypes: typeof type === 'string' ? [] : type,
  };
}

function defOf(family: 4 | 6, target: string | OptionDefinition): OptionDefinition {
  if (typeof target !== 'string') return target;
  const [space, name] = target.includes('/') ? target.split('/') as [string, string]
    : [family === 4 ? 'dhcp4' : 'dhcp6', target];
  const def = OptionCatalogue.standard(family).findByName(space, name);
  if (def === undefined) throw new Error(`no definition ${target}`);
  return def;
}

function encode(def: OptionDefinition, data: string, family: 4 | 6, csv = true): Uint8Array {
  const r = encodeOptionText(def, data, csv, family);
  if (!r.ok) throw new Error(r.message);
  return r.bytes;
}

describe('round trip: decodeOptionText(encodeOptionText(text)) is the canonical text', () => {
  it.each<[4 | 6, string | OptionDefinition, string, string]>([
    [4, 'routers', '10.0.0.1, 10.0.0.2', '10.0.0.1, 10.0.0.2'],
    [4, 'domain-name-servers', ' 10.0.0.1 ,10.0.0.2', '10.0.0.1, 10.0.0.2'],
    [4, 'routers', '', ''],
    [4, 'default-ip-ttl', '0x40', '64'],
    [4, 'time-offset', '-3600', '-3600'],
    [4, 'ip-forwarding', 'TRUE', 'true'],
    [4, 'domain-name', 'example.com', 'example.com'],
    [4, 'domain-name', 'a\\,b\\\\c', 'a\\,b\\\\c'],
    [4, 'domain-search', 'a.example.com, b.com', 'a.example.com., b.com.'],
    [4, 'classless-static-route', '10.229.0.0/16 - 10.229.0.1, 10.198.122.47/32 - 10.198.122.1',
      '10.229.0.0/16 - 10.229.0.1, 10.198.122.47/32 - 10.198.122.1'],
    [4, 'classless-static-route', '0.0.0.0/0-10.17.0.1,10.229.0.128/25 - 10.229.0.1',
      '0.0.0.0/0 - 10.17.0.1, 10.229.0.128/25 - 10.229.0.1'],
    [4, 'v4-dnr', '1, Myhost1.example.com | 2, myhost2.example.com., 192.168.0.1 192.168.0.2, port=85 alpn=dot\\,doq',
      '1, myhost1.example.com. | 2, myhost2.example.com., 192.168.0.1 192.168.0.2, alpn=dot\\,doq port=85'],
    [4, 'v4-dnr', '2, a.example., 10.0.0.1, alpn=h2 dohpath=/q\\|x{?dns}', '2, a.example., 10.0.0.1, alpn=h2 dohpath=/q\\|x{?dns}'],
    [6, 'v6-dnr', '9, myhost.example.com., 2001:db8:1::dead:beef ff02::face:b00c, alpn=imap',
      '9, myhost.example.com., 2001:db8:1::dead:beef ff02::face:b00c, alpn=imap'],
    [4, 'v4-sztp-redirect', 'https://a, https://b', 'https://a, https://b'],
    [6, 'bootfile-param', 'x, y', 'x, y'],
    [4, 'slp-service-scope', 'false, ', 'false, '],
    [4, 'slp-service-scope', 'true, scope-a\\,scope-b', 'true, scope-a\\,scope-b'],
    [4, 'slp-directory-agent', 'true, 10.0.0.3, 127.0.0.1', 'true, 10.0.0.3, 127.0.0.1'],
    [4, 'vivco-suboptions', '4491, 0568656c6c6f', '4491, 0568656C6C6F'],
    [4, 'vivso-suboptions', '4491', '4491'],
    [4, 'fqdn', '1, 0, 0, example.com', '1, 0, 0, example.com.'],
    [4, 'v4-portparams', '0, 3/4', '0, 3/4'],
    [4, 'option-6rd', '1, 2, 2001:DB8::, 10.0.0.1, 10.0.0.2', '1, 2, 2001:db8::, 10.0.0.1, 10.0.0.2'],
    [6, 'iaprefix', '1, 2, 64, 2001:db8::', '1, 2, 64, 2001:db8::'],
    [6, 'pd-exclude', '2001:db8:0:1::/64', '2001:db8:0:1::/64'],
    [6, 's46-cont-mape-options/s46-rule', '0, 8, 64, 192.0.2.0, 2001:db8::/32', '0, 8, 64, 192.0.2.0, 2001:db8::/32'],
    [6, 'status-code', '2, no addresses', '2, no addresses'],
    [6, 'client-fqdn', '1, host.example.com', '1, host.example.com.'],
    [4, 'dhcp-agent-options', '', ''],
    [6, custom('psid'), '3 / 6', '3/6'],
    [6, custom('ipv6-prefix', true), '2001:db8:FFFF::/34, ::/0', '2001:db8:c000::/34, ::/0'],
    [4, custom('tuple'), 'hello world', 'hello world'],
    [6, custom(['int8', 'int16', 'uint16', 'boolean', 'binary']), '-1, -300, 0xffff, 0, abcd', '-1, -300, 65535, false, ABCD'],
  ])('v%i %s: %j', (family, target, text, canonical) => {
    const def = defOf(family, target);
    const bytes = encode(def, text, family);
    const decoded = decodeOptionText(def, bytes, family);
    expect(decoded).toBe(canonical);
    expect(encode(def, decoded, family)).toEqual(bytes);
  });
});

describe('hex fallback (csv-format false, uppercase hex as Kea config-get prints)', () => {
  // The last column says whether Kea accepts the payload as csv-format false data.
  it.each<[string, 4 | 6, string | OptionDefinition | undefined, string, boolean]>([
    ['no definition', 4, undefined, '0a0b', true],
    ['string with a leading blank', 4, 'domain-name', '2061', true],
    ['string that is not UTF-8', 4, 'domain-name', 'ff61', true],
    ['string with trailing NULs', 4, 'domain-name', '616200', true],
    ['truncated address list', 4, 'routers', '0a000001ff', false],
    ['IA_NA with sub-options', 6, 'ia-na', '000000010000000200000003000d00020000', true],
    ['container with sub-options', 4, 'dhcp-agent-options', '0103616263', true],
    ['boolean that is neither 0 nor 1', 4, 'ip-forwarding', '02', true],
    ['uint8 with extra octets', 4, 'default-ip-ttl', '4001', true],
    ['DNR with an ALPN id Kea does not list', 6, 'v6-dnr',
      '0001' + '0003' + '016100' + '0010' + '00'.repeat(15) + '01' + '0001' + '0004' + '03787878', true],
  ])('%s', (_label, family, target, hex, keaAccepts) => {
    const def = target === undefined ? undefined : defOf(family, target);
    const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
    const d = describeOptionData(def, bytes, family);
    expect(d).toEqual({ csvFormat: false, data: hex.toUpperCase() });
    expect(decodeOptionText(def, bytes, family)).toBe(hex.toUpperCase());
    expect(encodeOptionText(def, d.data, false, family).ok).toBe(keaAccepts);
  });

  it('describes csv text as csv', () => {
    const def = defOf(4, 'routers');
    expect(describeOptionData(def, Uint8Array.of(10, 0, 0, 1), 4)).toEqual({ csvFormat: true, data: '10.0.0.1' });
  });
});
