import { describe, expect, it } from 'vitest';
import {
  DHCP4_LAST_RESORT_DEFS, DHCP4_OPTION_DEFS, DHCP4_SUBSPACE_DEFS, DHCP6_OPTION_DEFS,
  DHCP6_SUBSPACE_DEFS, type OptionDefinition,
} from './option-defs.js';
import { checkOptionDefinition } from './option-text.js';

const byCode = (defs: readonly OptionDefinition[], space: string, code: number): OptionDefinition | undefined =>
  defs.find((d) => d.space === space && d.code === code);

function countBySpace(defs: readonly OptionDefinition[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of defs) out[d.space] = (out[d.space] ?? 0) + 1;
  return out;
}

describe('standard option tables (kea-inventory §2)', () => {
  it('has 124 dhcp4 definitions plus the option 43 last-resort one (125)', () => {
    expect(DHCP4_OPTION_DEFS).toHaveLength(124);
    expect(DHCP4_LAST_RESORT_DEFS).toHaveLength(1);
    expect(byCode(DHCP4_OPTION_DEFS, 'dhcp4', 43)).toBeUndefined();
  });

  it('has 76 dhcp6 definitions', () => {
    expect(DHCP6_OPTION_DEFS).toHaveLength(76);
  });

  it('has 55 definitions in 11 sub-option and vendor spaces', () => {
    expect(DHCP4_SUBSPACE_DEFS.length + DHCP6_SUBSPACE_DEFS.length).toBe(55);
    expect(countBySpace(DHCP4_SUBSPACE_DEFS)).toEqual({
      'dhcp-agent-options-space': 20, 'cablelabs-client-conf': 9, 'vendor-4491': 2,
    });
    expect(countBySpace(DHCP6_SUBSPACE_DEFS)).toEqual({
      'vendor-4491': 10, '4o6': 3, 's46-cont-mape-options': 2, 's46-cont-mapt-options': 2,
      's46-cont-lw-options': 2, 's46-rule-options': 1, 's46-v4v6bind-options': 1,
      'v6-ntp-server-suboptions': 3,
    });
  });

  it.each([
    ['dhcp4', DHCP4_OPTION_DEFS], ['dhcp6', DHCP6_OPTION_DEFS],
    ['v4 sub-spaces', DHCP4_SUBSPACE_DEFS], ['v6 sub-spaces', DHCP6_SUBSPACE_DEFS],
  ] as const)('%s: codes and names are unique per space', (_label, defs) => {
    const codes = new Set(defs.map((d) => `${d.space}/${d.code}`));
    const names = new Set(defs.map((d) => `${d.space}/${d.name}`));
    expect(codes.size).toBe(defs.length);
    expect(names.size).toBe(defs.length);
  });

  it('every standard definition passes the option-def checks (Kea validates them in initOptionSpace)', () => {
    for (const def of [...DHCP4_OPTION_DEFS, ...DHCP4_LAST_RESORT_DEFS, ...DHCP4_SUBSPACE_DEFS]) {
      expect(checkOptionDefinition(def, 4), `${def.space}/${def.name}`).toBeNull();
    }
    for (const def of [...DHCP6_OPTION_DEFS, ...DHCP6_SUBSPACE_DEFS]) {
      // lq-query and client-data encapsulate their own space, which only the config parser refuses.
      const expected = def.encapsulate === def.space ? /cannot encapsulate its own space/ : null;
      const why = checkOptionDefinition(def, 6);
      if (expected === null) expect(why, `${def.space}/${def.name}`).toBeNull();
      else expect(why).toMatch(expected);
    }
  });

  it('is deeply frozen', () => {
    const routers = byCode(DHCP4_OPTION_DEFS, 'dhcp4', 3);
    expect(Object.isFrozen(DHCP4_OPTION_DEFS)).toBe(true);
    expect(Object.isFrozen(routers)).toBe(true);
    expect(Object.isFrozen(routers?.recordTypes)).toBe(true);
  });

  // Spot checks against std_option_defs.h.
  it.each([
    ['dhcp4', 3, { name: 'routers', type: 'ipv4-address', array: true, recordTypes: [], encapsulate: '' }],
    ['dhcp4', 15, { name: 'domain-name', type: 'string', array: false }],
    ['dhcp4', 81, { name: 'fqdn', type: 'record', recordTypes: ['uint8', 'uint8', 'uint8', 'fqdn'], array: false }],
    ['dhcp4', 82, { name: 'dhcp-agent-options', type: 'empty', encapsulate: 'dhcp-agent-options-space' }],
    ['dhcp4', 121, { name: 'classless-static-route', type: 'internal', array: false }],
    ['dhcp4', 122, { name: 'cablelabs-client-conf', type: 'empty', encapsulate: 'cablelabs-client-conf' }],
    ['dhcp4', 124, { name: 'vivco-suboptions', type: 'record', recordTypes: ['uint32', 'binary'] }],
    ['dhcp4', 125, { name: 'vivso-suboptions', type: 'uint32', array: false, encapsulate: '' }],
    ['dhcp4', 143, { name: 'v4-sztp-redirect', type: 'tuple', array: true }],
    ['dhcp4', 146, { name: 'rdnss-selection', recordTypes: ['uint8', 'ipv4-address', 'ipv4-address', 'fqdn'], array: true }],
    ['dhcp4', 162, { name: 'v4-dnr', type: 'internal' }],
    ['dhcp4', 212, { name: 'option-6rd', recordTypes: ['uint8', 'uint8', 'ipv6-address', 'ipv4-address'], array: true }],
  ] as const)('%s/%i', (space, code, expected) => {
    expect(byCode(DHCP4_OPTION_DEFS, space, code)).toMatchObject(expected);
  });

  it.each([
    [26, { name: 'iaprefix', type: 'record', recordTypes: ['uint32', 'uint32', 'uint8', 'ipv6-address'] }],
    [17, { name: 'vendor-opts', type: 'uint32' }],
    [44, { name: 'lq-query', recordTypes: ['uint8', 'ipv6-address'], encapsulate: 'dhcp6' }],
    [56, { name: 'ntp-server', type: 'empty', encapsulate: 'v6-ntp-server-suboptions' }],
    [60, { name: 'bootfile-param', type: 'tuple', array: true }],
    [94, { name: 's46-cont-mape', type: 'empty', encapsulate: 's46-cont-mape-options' }],
    [95, { name: 's46-cont-mapt', type: 'empty', encapsulate: 's46-cont-mapt-options' }],
    [96, { name: 's46-cont-lw', type: 'empty', encapsulate: 's46-cont-lw-options' }],
    [144, { name: 'v6-dnr', type: 'internal' }],
    [148, { name: 'addr-reg-enable', type: 'empty', encapsulate: '' }],
  ] as const)('dhcp6/%i', (code, expected) => {
    expect(byCode(DHCP6_OPTION_DEFS, 'dhcp6', code)).toMatchObject(expected);
  });

  it('keeps the S46 rule and bind encapsulation chain', () => {
    expect(byCode(DHCP6_SUBSPACE_DEFS, 's46-cont-mape-options', 89)).toMatchObject({
      name: 's46-rule', encapsulate: 's46-rule-options',
      recordTypes: ['uint8', 'uint8', 'uint8', 'ipv4-address', 'ipv6-prefix'],
    });
    expect(byCode(DHCP6_SUBSPACE_DEFS, 's46-cont-lw-options', 92)).toMatchObject({
      name: 's46-v4v6bind', encapsulate: 's46-v4v6bind-options',
    });
    expect(byCode(DHCP6_SUBSPACE_DEFS, 's46-rule-options', 93)).toMatchObject({
      name: 's46-portparams', recordTypes: ['uint8', 'psid'],
    });
  });

  it('has the v4 and v6 DOCSIS3 variants under vendor-4491', () => {
    expect(byCode(DHCP4_SUBSPACE_DEFS, 'vendor-4491', 1)).toMatchObject({ name: 'oro', type: 'uint8', array: true });
    expect(byCode(DHCP6_SUBSPACE_DEFS, 'vendor-4491', 1)).toMatchObject({ name: 'oro', type: 'uint16', array: true });
    expect(byCode(DHCP6_SUBSPACE_DEFS, 'vendor-4491', 1026)).toMatchObject({ name: 'cmts-cm-mac', type: 'binary' });
  });

  it('defines option 43 as a last-resort container for vendor-encapsulated-options-space', () => {
    expect(DHCP4_LAST_RESORT_DEFS[0]).toMatchObject({
      name: 'vendor-encapsulated-options', code: 43, space: 'dhcp4', type: 'empty',
      encapsulate: 'vendor-encapsulated-options-space',
    });
  });
});
