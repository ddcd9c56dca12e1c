import { describe, expect, it } from 'vitest';
import { loadConfigText, resolveDhcp4, type ResolvedConfig4 } from '../config/index.js';
import type { Dhcp4Config } from '../schema/index.js';
import { selectOptions4, type OptionRequest4 } from './options4.js';

function cfgOf(dhcp4: object): ResolvedConfig4 {
  const out = loadConfigText('t.json', JSON.stringify({ Dhcp4: dhcp4 }));
  if (!out.ok) throw new Error('load');
  return resolveDhcp4((out.config.value as { Dhcp4: Dhcp4Config }).Dhcp4);
}

const hex = (m: Map<number, Uint8Array>) => Object.fromEntries([...m].map(([c, b]) => [c, Buffer.from(b).toString('hex')]));
const req = (prl: number[], classes: string[] = ['ALL'], more: Partial<OptionRequest4> = {}): OptionRequest4 => ({
  prl: Uint8Array.from(prl), classes: new Set(classes), queryVendorIds: [], cableLabsOro: undefined, ...more,
});

const cfg = cfgOf({
  'client-classes': [{ name: 'phones', 'option-data': [{ name: 'tftp-server-name', data: 'tftp.phones' }, { name: 'ntp-servers', data: '10.0.0.9' }] }],
  'option-data': [
    { name: 'domain-name-servers', data: '10.0.0.53' },
    { name: 'ntp-servers', data: '10.0.0.123' },
    { name: 'tftp-server-name', data: 'tftp.global' },
    { name: 'domain-name', data: 'example.org', 'never-send': true },
    { name: 'time-offset', data: '3600', 'always-send': true },
    { name: 'log-servers', data: '10.0.0.7', 'client-classes': ['phones'] },
    { name: 'log-servers', data: '10.0.0.8' },
    { space: 'vendor-4491', name: 'tftp-servers', data: '10.0.0.66' },
  ],
  subnet4: [{ id: 1, subnet: '10.0.0.0/24', 'option-data': [{ name: 'routers', data: '10.0.0.1' }, { name: 'ntp-servers', data: '10.0.0.124' }] }],
});
const s = cfg.subnetById.get(1)!;
const levels = (withPhones: boolean) => [s.options, ...(withPhones ? [cfg.classByName.get('phones')!.options] : []), cfg.globalOptions];

describe('selectOptions4 (Kea appendRequestedOptions / appendBasicOptions)', () => {
  it('takes each requested code from the most specific level, adds always-send and basic options, drops never-send', () => {
    expect(hex(selectOptions4(levels(false), req([42, 66, 15]), new Set()))).toEqual({
      42: '0a00007c', // subnet beats global
      66: '746674702e676c6f62616c',
      2: '00000e10', // always-send
      3: '0a000001', // basic: routers, not requested
      6: '0a000035', // basic: DNS
      // 15 requested but never-send
    });
  });

  it('puts class options between the shared network and the global level', () => {
    const out = hex(selectOptions4(levels(true), req([66, 42]), new Set()));
    expect(out[66]).toBe(Buffer.from('tftp.phones').toString('hex'));
    expect(out[42]).toBe('0a00007c'); // the subnet still wins over the class
  });

  it('chooses a class-tagged entry for members and the untagged one for others', () => {
    expect(hex(selectOptions4(levels(false), req([7], ['ALL', 'phones']), new Set()))[7]).toBe('0a000007');
    expect(hex(selectOptions4(levels(false), req([7]), new Set()))[7]).toBe('0a000008');
  });

  it('does not repeat options the reply already has', () => {
    expect(selectOptions4(levels(false), req([3, 6]), new Set([3, 6])).has(3)).toBe(false);
  });

  it('builds option 125 for the CableLabs vendor from the client\'s vendor ORO', () => {
    const out = hex(selectOptions4(levels(false), req([125], ['ALL'], { queryVendorIds: [4491], cableLabsOro: Uint8Array.of(2) }), new Set()));
    expect(out[125]).toBe('0000118b06' + '02040a000042');
  });
});
