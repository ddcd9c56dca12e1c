import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile, loadConfigText, validateConfig } from '../index.js';
import type { Dhcp4Config } from '../../schema/index.js';
import { formatIPv4, parseIPv4 } from '../../net/index.js';
import { resolveDhcp4 } from './resolve4.js';
import { identifierKey } from './reservations4.js';

const ip = (s: string) => parseIPv4(s) as number;
const hex = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('hex'));

function resolveText(text: string) {
  const out = loadConfigText('t.json', text);
  if (!out.ok) throw new Error('load');
  const v = validateConfig(out.config);
  expect(v.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return resolveDhcp4((out.config.value as { Dhcp4: Dhcp4Config }).Dhcp4);
}

describe('resolveDhcp4 on the example site', () => {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/site/gitdhcp.yaml');
  const loaded = loadConfigFile(file);
  if (!loaded.ok) throw new Error('example does not load');
  const cfg = resolveDhcp4((loaded.config.value as { Dhcp4: Dhcp4Config }).Dhcp4);

  it('lists shared networks\' subnets first, then the top-level ones', () => {
    expect(cfg.subnets.map((s) => s.id)).toEqual([101, 102, 200, 300]);
    expect(cfg.subnetById.get(102)?.sharedNetwork?.name).toBe('floor1');
  });

  it('inherits parameters: subnet, then shared network, then global, then Kea defaults', () => {
    const s101 = cfg.subnetById.get(101)!;
    expect(s101.params.validLifetime).toEqual({ min: 3600, def: 14400, max: 86400 });
    expect(s101.params.authoritative).toBe(true);
    expect(s101.params.calculateTeeTimes).toBe(true);
    expect(s101.params.t2Percent).toBe(0.875);
    expect(s101.relayAddresses.map(formatIPv4)).toEqual(['10.1.0.1']);
    const guest = cfg.subnetById.get(300)!;
    expect(guest.params.validLifetime).toEqual({ min: 900, def: 1800, max: 3600 });
    expect(guest.interface).toBe('eth2');
  });

  it('encodes options to wire bytes', () => {
    expect(hex(cfg.globalOptions.byCode.get(6)?.[0]?.payload)).toBe('c0000235c6336435');
    expect(hex(cfg.subnetById.get(101)?.sharedNetwork?.options.byCode.get(3)?.[0]?.payload)).toBe('0a010001');
    expect(cfg.globalOptions.codes).toEqual([6, 119, 42]);
  });

  it('indexes reservations by identifier and address', () => {
    const r = cfg.subnetById.get(101)!.reservations;
    const byMac = r.byIdentifier.get(identifierKey('hw-address', Uint8Array.from([0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x01])));
    expect(byMac && formatIPv4(byMac.ipAddress!)).toBe('10.1.0.10');
    expect(r.byAddress.get(ip('10.1.0.11'))?.[0]?.identifierType).toBe('client-id');
    expect(cfg.subnetById.get(200)!.reservations.byIdentifier.has(identifierKey('circuit-id', Buffer.from('ge-0/0/12')))).toBe(true);
  });

  it('parses class expressions and marks those that wait for the host lookup', () => {
    expect(cfg.classes.map((c) => [c.name, c.dependsOnKnown])).toEqual([
      ['voip-phones', false], ['pxe-uefi', false], ['pxe-bios', false], ['guests', true],
    ]);
    expect(cfg.classByName.get('pxe-uefi')?.bootFileName).toBe('ipxe.efi');
    expect(cfg.classByName.get('guests')?.validLifetime).toEqual({ min: 1800, def: 1800, max: 1800 });
  });

  it('sizes pools', () => {
    expect(cfg.subnetById.get(200)!.totalAddresses).toBe((3 * 256 + 200 - 50 + 1) + 50);
  });
});

describe('option encapsulation', () => {
  it('puts vendor-encapsulated-options-space entries inside option 43', () => {
    const cfg = resolveText(`{"Dhcp4": {"option-def": [{"name": "srv", "code": 1, "space": "vendor-encapsulated-options-space", "type": "ipv4-address"}],
      "option-data": [{"name": "vendor-encapsulated-options"}, {"name": "srv", "space": "vendor-encapsulated-options-space", "data": "192.0.2.1"}],
      "subnet4": [{"id": 1, "subnet": "192.0.2.0/24"}]}}`);
    expect(hex(cfg.globalOptions.byCode.get(43)?.[0]?.payload)).toBe('0104c0000201');
  });

  it('collects vendor-<N> entries for option 125', () => {
    const cfg = resolveText(`{"Dhcp4": {"option-data": [{"space": "vendor-4491", "name": "tftp-servers", "data": "10.0.0.1"}], "subnet4": [{"id": 1, "subnet": "10.0.0.0/8"}]}}`);
    expect(hex(cfg.globalOptions.vendor.get(4491)?.[0]?.payload)).toBe('0a000001');
    expect(cfg.globalOptions.vendor.get(4491)?.[0]?.code).toBe(2);
  });
});
