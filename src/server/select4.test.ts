import { describe, expect, it } from 'vitest';
import { loadConfigText, resolveDhcp4, type ResolvedConfig4 } from '../config/index.js';
import { parseIPv4 } from '../net/index.js';
import type { Dhcp4Config } from '../schema/index.js';
import { networkWalk4 } from '../alloc/index.js';
import { selectSubnet4, type SelectInput4 } from './select4.js';

const ip = (s: string) => parseIPv4(s) as number;

function cfgOf(dhcp4: object): ResolvedConfig4 {
  const out = loadConfigText('t.json', JSON.stringify({ Dhcp4: dhcp4 }));
  if (!out.ok) throw new Error('load');
  return resolveDhcp4((out.config.value as { Dhcp4: Dhcp4Config }).Dhcp4);
}

const base: SelectInput4 = {
  giaddr: 0, ciaddr: 0, srcAddress: 0, dstAddress: 0xffffffff, iface: 'eth0', ifaceAddress: 0,
  linkSelection: undefined, subnetSelection: undefined, classes: new Set(['ALL']),
};

const cfg = cfgOf({
  'client-classes': [{ name: 'phones' }],
  'shared-networks': [{ name: 'n', interface: 'eth1', subnet4: [{ id: 20, subnet: '10.2.0.0/24' }, { id: 10, subnet: '10.1.0.0/24' }] }],
  subnet4: [
    { id: 1, subnet: '192.0.2.0/24', relay: { 'ip-addresses': ['10.9.9.9'] } },
    { id: 2, subnet: '198.51.100.0/24', interface: 'eth0' },
    { id: 3, subnet: '203.0.113.0/24', 'client-classes': ['phones'] },
    { id: 4, subnet: '203.0.113.0/25' },
  ],
});

const idOf = (input: Partial<SelectInput4>) => selectSubnet4(cfg, { ...base, ...input })?.id;

describe('selectSubnet4 (Kea CfgSubnets4::selectSubnet)', () => {
  it('honours RAI link-selection and option 118 with no fallback', () => {
    expect(idOf({ linkSelection: ip('10.1.0.5'), giaddr: ip('10.9.9.9') })).toBe(10);
    expect(idOf({ subnetSelection: ip('192.0.2.7') })).toBe(1);
    expect(idOf({ linkSelection: ip('172.16.0.1'), giaddr: ip('10.9.9.9') })).toBeUndefined();
  });

  it('matches giaddr against relay addresses, then against prefixes', () => {
    expect(idOf({ giaddr: ip('10.9.9.9') })).toBe(1);
    expect(idOf({ giaddr: ip('10.2.0.1') })).toBe(20);
  });

  it('uses ciaddr or the source only for unicast packets', () => {
    expect(idOf({ ciaddr: ip('192.0.2.9'), dstAddress: ip('192.0.2.1') })).toBe(1);
    expect(idOf({ ciaddr: ip('192.0.2.9'), dstAddress: 0xffffffff, iface: 'eth9' })).toBeUndefined();
    expect(idOf({ srcAddress: ip('198.51.100.9'), dstAddress: ip('198.51.100.1') })).toBe(2);
  });

  it('selects by the receiving interface (own, then shared network), then its address', () => {
    expect(idOf({ iface: 'eth0' })).toBe(2);
    expect(idOf({ iface: 'eth1' })).toBe(10); // ascending id order: subnet 10 before 20
    expect(idOf({ iface: 'eth5', ifaceAddress: ip('192.0.2.1') })).toBe(1);
  });

  it('skips subnets whose class guard the client does not pass', () => {
    expect(idOf({ subnetSelection: ip('203.0.113.5') })).toBe(4);
    expect(idOf({ subnetSelection: ip('203.0.113.5'), classes: new Set(['ALL', 'phones']) })).toBe(3);
  });

  it('walks a shared network from the selected subnet, wrapping, in id order', () => {
    const s20 = cfg.subnetById.get(20)!;
    expect(networkWalk4(s20, base.classes).map((s) => s.id)).toEqual([20, 10]);
    expect(networkWalk4(cfg.subnetById.get(10)!, base.classes).map((s) => s.id)).toEqual([10, 20]);
    expect(networkWalk4(cfg.subnetById.get(1)!, base.classes).map((s) => s.id)).toEqual([1]);
  });
});
