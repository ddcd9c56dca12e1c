import { describe, expect, it } from 'vitest';
import { OptionCatalogue, vendorIdOfSpace } from './option-catalogue.js';
import type { OptionDefinition } from './option-defs.js';
import { encodeOptionText } from './option-text.js';

const custom = (over: Partial<OptionDefinition>): OptionDefinition => ({
  name: 'foo', code: 222, space: 'dhcp4', type: 'uint8', array: false, recordTypes: [], encapsulate: '', ...over,
});

describe('OptionCatalogue', () => {
  const v4 = OptionCatalogue.standard(4);
  const v6 = OptionCatalogue.standard(6);

  it('is cached per family', () => {
    expect(OptionCatalogue.standard(4)).toBe(v4);
    expect(v4.family).toBe(4);
    expect(v4.topSpace).toBe('dhcp4');
    expect(v6.topSpace).toBe('dhcp6');
  });

  it('finds by code and by name', () => {
    expect(v4.find('dhcp4', 3)?.name).toBe('routers');
    expect(v4.findByName('dhcp4', 'domain-name-servers')?.code).toBe(6);
    expect(v6.find('dhcp6', 23)?.name).toBe('dns-servers');
    expect(v4.find('dhcp-agent-options-space', 1)?.name).toBe('circuit-id');
    expect(v6.findByName('s46-cont-mapt-options', 's46-dmr')?.code).toBe(91);
    expect(v4.find('dhcp4', 200)).toBeUndefined();
    expect(v4.find('dhcp6', 23)).toBeUndefined();
  });

  it('falls back to the last-resort definition of option 43 (dhcp4 only)', () => {
    expect(v4.find('dhcp4', 43)).toMatchObject({ type: 'empty', encapsulate: 'vendor-encapsulated-options-space' });
    expect(v4.findByName('dhcp4', 'vendor-encapsulated-options')?.code).toBe(43);
    expect(v6.find('dhcp4', 43)).toBeUndefined();
  });

  it('reaches vendor definitions through vendor-<enterprise-id>', () => {
    expect(v4.find('vendor-4491', 2)).toMatchObject({ name: 'tftp-servers', type: 'ipv4-address' });
    expect(v6.find('vendor-4491', 32)).toMatchObject({ name: 'tftp-servers', type: 'ipv6-address' });
    expect(v4.find('vendor-04491', 1)?.name).toBe('oro'); // Kea parses the id as a number
    expect(v6.find('vendor-2495', 60000)).toMatchObject({ name: '4o6-interface', space: 'vendor-2495' });
    expect(v4.find('vendor-2495', 60000)).toBeUndefined();
    expect(v4.find('vendor-1234', 1)).toBeUndefined();
  });

  it('knows standard spaces, vendor spaces and spaces added by extend()', () => {
    for (const s of ['dhcp4', 'dhcp-agent-options-space', 'vendor-encapsulated-options-space', 'cablelabs-client-conf']) {
      expect(v4.isKnownSpace(s), s).toBe(true);
    }
    for (const s of ['dhcp6', 's46-rule-options', 'v6-ntp-server-suboptions', '4o6', 'rsoo-opts']) {
      expect(v6.isKnownSpace(s), s).toBe(true);
    }
    expect(v4.isKnownSpace('vendor-1234')).toBe(true);
    expect(v4.isKnownSpace('vendor-0')).toBe(false);
    expect(v4.isKnownSpace('vendor-4294967296')).toBe(false);
    expect(v4.isKnownSpace('my-space')).toBe(false);
    expect(v4.isKnownSpace('dhcp6')).toBe(false);
    expect(vendorIdOfSpace('vendor-4294967295')).toBe(4294967295);
    expect(vendorIdOfSpace('vendor-x')).toBeNull();
  });

  it('extend() adds a custom record option and its spaces, leaving the original alone', () => {
    const rec = custom({ name: 'my-rec', code: 224, type: 'record', recordTypes: ['uint8', 'ipv4-address'], encapsulate: 'my-sub' });
    const sub = custom({ name: 'my-sub-opt', code: 1, space: 'my-sub', type: 'string' });
    const ext = v4.extend([rec, sub]);
    expect(ext.find('dhcp4', 224)).toBe(rec);
    expect(ext.findByName('my-sub', 'my-sub-opt')).toBe(sub);
    expect(ext.isKnownSpace('my-sub')).toBe(true);
    expect(ext.find('dhcp4', 3)?.name).toBe('routers');
    expect(v4.find('dhcp4', 224)).toBeUndefined();
    expect(v4.isKnownSpace('my-sub')).toBe(false);
    const r = encodeOptionText(ext.findByName('dhcp4', 'my-rec'), '7, 192.0.2.1', true, 4);
    expect(r).toEqual({ ok: true, bytes: Uint8Array.of(7, 192, 0, 2, 1) });
  });

  it('a class-level extend() overrides a global custom definition of the same code', () => {
    const global = v4.extend([custom({ name: 'site-opt', code: 250, type: 'string' })]);
    const klass = global.extend([custom({ name: 'class-opt', code: 250, type: 'uint16' })]);
    expect(klass.find('dhcp4', 250)?.name).toBe('class-opt');
    expect(klass.findByName('dhcp4', 'site-opt')).toBeUndefined();
    expect(global.find('dhcp4', 250)?.name).toBe('site-opt');
  });

  it('custom definitions take precedence in vendor spaces and for dhcp4/43', () => {
    const ext = v4.extend([
      custom({ name: 'my-oro', code: 1, space: 'vendor-4491', type: 'string' }),
      custom({ name: 'my-43', code: 43, type: 'binary' }),
    ]);
    expect(ext.find('vendor-4491', 1)?.name).toBe('my-oro');
    expect(ext.find('dhcp4', 43)?.name).toBe('my-43');
  });

  it('checks sub-options of csv-format false data against the catalogue given', () => {
    const ext = v4.extend([custom({ name: 'my-flag', code: 200, space: 'dhcp-agent-options-space' })]);
    const agent = v4.findByName('dhcp4', 'dhcp-agent-options');
    expect(encodeOptionText(agent, 'c8020101', false, 4).ok).toBe(true);
    expect(encodeOptionText(agent, 'c8020101', false, 4, ext)).toEqual({
      ok: false,
      message: "option 'dhcp-agent-options' data does not match its definition: "
        + "sub-option 200 of space 'dhcp-agent-options-space': length 2 is more than the 1 octets of a uint8",
    });
  });

  // cfg_option_def.cc CfgOptionDef::add; config_parser_unittest.cc optionStandardDefOverride
  it('isStandard mirrors what Kea refuses to redefine', () => {
    expect(v4.isStandard('dhcp4', 3)).toBe(true);
    expect(v4.isStandard('dhcp4', 109)).toBe(false); // unassigned: allowed
    expect(v4.isStandard('dhcp4', 170)).toBe(false);
    expect(v4.isStandard('dhcp4', 43)).toBe(false); // last resort only: allowed
    expect(v4.isStandard('last-resort-v4', 43)).toBe(true);
    expect(v4.isStandard('vendor-4491', 1)).toBe(false); // Kea keeps DOCSIS3 as docsis3-v4
    expect(v4.isStandard('docsis3-v4', 1)).toBe(true);
    expect(v4.isStandard('dhcp-agent-options-space', 1)).toBe(true);
    expect(v4.isStandard('s46-rule-options', 93)).toBe(true); // Kea's standard spaces are global
    expect(v6.isStandard('dhcp6', 23)).toBe(true);
    expect(v6.isStandard('4o6', 60000)).toBe(true);
    expect(v6.isStandard('my-space', 1)).toBe(false);
    expect(v4.isStandardName('dhcp4', 'routers')).toBe(true);
    expect(v4.isStandardName('dhcp4', 'vendor-encapsulated-options')).toBe(false);
  });
});

describe("Kea's docsis3 space names", () => {
  it('resolve to the CableLabs definitions, as in Kea\'s all-options.json', () => {
    expect(OptionCatalogue.standard(4).find('docsis3-v4', 2)?.name).toBe('tftp-servers');
    expect(OptionCatalogue.standard(6).findByName('docsis3-v6', 'config-file')?.code).toBe(33);
    expect(OptionCatalogue.standard(6).isKnownSpace('docsis3-v6')).toBe(true);
    expect(OptionCatalogue.standard(4).find('docsis3-v6', 33)).toBeUndefined();
  });
});
