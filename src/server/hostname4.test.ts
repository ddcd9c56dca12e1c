import { describe, expect, it } from 'vitest';
import { ddnsParams } from '../config/resolve/params4.js';
import { parseIPv4 } from '../net/index.js';
import { decideHostname4, generatedHostname4 } from './hostname4.js';

const ddns = (over: Record<string, unknown> = {}) => ddnsParams([over]);

describe('decideHostname4 (Kea processHostnameOption)', () => {
  it.each([
    ['a reserved name wins, qualified', 'laptop', 'printer', { 'ddns-qualifying-suffix': 'corp.example.com.' }, 'printer.corp.example.com'],
    ['a reserved name of several labels is qualified too (qualifyName)', undefined, 'pr.floor1', { 'ddns-qualifying-suffix': 'example.com' }, 'pr.floor1.example.com'],
    ['a reserved name that already ends with the suffix is kept', undefined, 'pr.example.com', { 'ddns-qualifying-suffix': 'example.com.' }, 'pr.example.com'],
    ['but a suffix embedded in a label is not the suffix', undefined, 'pr.barexample.com', { 'ddns-qualifying-suffix': 'example.com' }, 'pr.barexample.com.example.com'],
    ['a reserved name with a trailing dot is absolute', undefined, 'pr.other.org.', { 'ddns-qualifying-suffix': 'example.com' }, 'pr.other.org'],
    ['a client single label is qualified', 'laptop', '', { 'ddns-qualifying-suffix': 'example.com' }, 'laptop.example.com'],
    ['a client FQDN is kept', 'laptop.other.org', '', { 'ddns-qualifying-suffix': 'example.com' }, 'laptop.other.org'],
    ['invalid characters are removed by default', 'My_Laptop!', '', {}, 'mylaptop'],
    ['or replaced', 'my laptop', '', { 'hostname-char-replacement': 'x' }, 'myxlaptop'],
    ['a POSIX class in the char set', 'a1-b2', '', { 'hostname-char-set': '[^[:alpha:].-]' }, 'a-b'],
    ['replace always asks for a generated name', 'laptop', '', { 'ddns-replace-client-name': 'always' }, '.'],
    ['when-not-present generates only without option 12', undefined, '', { 'ddns-replace-client-name': 'when-not-present' }, '.'],
    ['never, and no option 12: nothing', undefined, '', {}, undefined],
    ['a name that sanitises to nothing is dropped', '___', '', {}, undefined],
  ])('%s', (_what, query, reserved, params, expected) => {
    expect(decideHostname4(query, reserved, ddns(params)).replyName).toBe(expected);
  });

  it('generates myhost-a-b-c-d with the suffix', () => {
    expect(generatedHostname4(parseIPv4('192.0.2.7')!, ddns({ 'ddns-qualifying-suffix': 'example.com.' }))).toBe('myhost-192-0-2-7.example.com');
    expect(generatedHostname4(parseIPv4('192.0.2.7')!, ddns({ 'ddns-generated-prefix': 'Host' }))).toBe('host-192-0-2-7');
  });
});
