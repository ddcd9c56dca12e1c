import { describe, expect, it } from 'vitest';
import { SecretStore } from '../load.js';
import { RuleContext, daemonView } from './context.js';
import { checkReservations } from './reservations.js';
import { checkSubnets } from './subnets.js';
import { brief, runDaemonRule, validateText } from './test-helpers.js';

const rule = (view: Parameters<typeof checkSubnets>[0], ctx: RuleContext): void => {
  checkReservations(view, checkSubnets(view, ctx), ctx);
};
const issues = (text: string) => runDaemonRule(text, rule);
const run = (text: string) => brief(issues(text));

/**
 * Dhcp4 with subnet 10.0.0.0/24 (id 1, pool .100-.199); `top` goes on line 1, the
 * reservations one per line from line 6.
 */
function v4(reservations: readonly string[], top = '', subnet = ''): string {
  return `{"Dhcp4": {${top}
"subnet4": [{"id": 1,${subnet}
"subnet": "10.0.0.0/24",
"pools": [{"pool": "10.0.0.100 - 10.0.0.199"}],
"reservations": [
${reservations.join(',\n')}
]}]}}`;
}

/**
 * Dhcp6 with subnet 2001:db8::/48 (id 1, pool ::100-::1ff, pd-pool 2001:db9::/32 by /56);
 * `top` on line 1, the reservations one per line from line 7.
 */
function v6(reservations: readonly string[], top = '', subnet = ''): string {
  return `{"Dhcp6": {${top}
"subnet6": [{"id": 1,${subnet}
"subnet": "2001:db8::/48",
"pools": [{"pool": "2001:db8::100 - 2001:db8::1ff"}],
"pd-pools": [{"prefix": "2001:db9::", "prefix-len": 32, "delegated-len": 56}],
"reservations": [
${reservations.join(',\n')}
]}]}}`;
}

const mac = '"01:02:03:04:05:06"';
const hex = (octets: number): string => `"${Array.from({ length: octets }, (_, i) => (i & 255).toString(16).padStart(2, '0')).join(':')}"`;

describe('identifiers (H1, H2, H6)', () => {
  it.each([
    ['hw-address', mac],
    ['duid', '"00:03:00:01:01:02:03:04:05:06"'],
    ['client-id', '"01:01:02:03:04:05:06"'],
    ['circuit-id', '"\'port-7\'"'],
    ['flex-id', '"0x0a0b0c"'],
  ])('accepts one %s', (key, value) => {
    expect(run(v4([`{"${key}": ${value}, "hostname": "a"}`]))).toEqual([]);
  });

  it.each(['hw-address', 'duid', 'flex-id'])('accepts one DHCPv6 %s', (key) => {
    expect(run(v6([`{"${key}": "01:02:03:04:05:06", "hostname": "a"}`]))).toEqual([]);
  });

  it('rejects two identifiers at the later one in Kea order (keys sorted)', () => {
    const found = issues(v4([`{"hw-address": ${mac}, "duid": "01:02:03"}`]));
    expect(brief(found)).toEqual(['error multiple-host-identifiers 6:16 /Dhcp4/subnet4/0/reservations/0/hw-address']);
    expect(found[0]?.message).toBe('reservation has both "duid" and "hw-address"; a reservation has exactly one identifier');
  });

  it('rejects each extra identifier of three', () => {
    expect(run(v4([`{"client-id": "01:02", "circuit-id": "01", "flex-id": "01"}`]))).toEqual([
      'error multiple-host-identifiers 6:15 /Dhcp4/subnet4/0/reservations/0/client-id',
      'error multiple-host-identifiers 6:55 /Dhcp4/subnet4/0/reservations/0/flex-id',
    ]);
  });

  it('does not call an empty identifier followed by another a clash, as Kea (the schema reports the empty one)', () => {
    expect(run(v4([`{"circuit-id": "", "hw-address": ${mac}}`]))).toEqual([]);
  });

  it('rejects a reservation without identifier, at the reservation', () => {
    const found = issues(v4(['{"ip-address": "10.0.0.5"}']));
    expect(brief(found)).toEqual(['error missing-host-identifier 6:1 /Dhcp4/subnet4/0/reservations/0']);
    expect(found[0]?.message).toMatch(/circuit-id, client-id, duid, flex-id, hw-address$/);
    expect(issues(v6(['{"ip-addresses": ["2001:db8::5"]}']))[0]?.message).toMatch(/one of duid, flex-id, hw-address$/);
  });

  it.each([
    ['hw-address', 20, 21, 16],
    ['duid', 130, 131, 10],
    ['client-id', 255, 256, 15],
    ['circuit-id', 128, 129, 16],
    ['flex-id', 128, 129, 13],
  ])('limits %s to %i octets', (key, max, over, col) => {
    expect(run(v4([`{"${key}": ${hex(max)}}`]))).toEqual([]);
    expect(run(v4([`{"${key}": ${hex(over)}}`]))).toEqual([`error invalid-host-identifier 6:${col} /Dhcp4/subnet4/0/reservations/0/${key}`]);
  });

  it('counts quoted text in octets', () => {
    expect(run(v4([`{"flex-id": "'${'x'.repeat(128)}'"}`]))).toEqual([]);
    expect(run(v4([`{"flex-id": "'${'x'.repeat(129)}'"}`]))).toEqual(['error invalid-host-identifier 6:13 /Dhcp4/subnet4/0/reservations/0/flex-id']);
  });

  it('rejects a DUID shorter than 3 octets (Kea 2.4+ builds a DUID object when adding the host)', () => {
    expect(run(v4(['{"duid": "01:02:03"}']))).toEqual([]);
    const found = issues(v6(['{"duid": "0102"}']));
    expect(brief(found)).toEqual(['error invalid-host-identifier 7:10 /Dhcp6/subnet6/0/reservations/0/duid']);
    expect(found[0]?.message).toBe('duid 0102 is 2 octets long; Kea 2.4 and later reject a DUID shorter than 3 octets');
  });

  it('leaves malformed identifiers to the schema (one issue, not two)', () => {
    expect(run(v4(['{"hw-address": "01:zz"}']))).toEqual([]);
    expect(brief(validateText(v4(['{"hw-address": "01:zz"}'])))).toEqual(['error invalid-format 6:16 /Dhcp4/subnet4/0/reservations/0/hw-address']);
  });
});

describe('DHCPv4 fields (H9-H13)', () => {
  it.each(['0.0.0.0', '255.255.255.255'])('rejects reserving %s', (addr) => {
    expect(run(v4([`{"ip-address": "${addr}", "hw-address": ${mac}}`])))
      .toEqual(['error invalid-reserved-address 6:16 /Dhcp4/subnet4/0/reservations/0/ip-address']);
  });

  it('rejects an address outside the subnet, not in a global reservation', () => {
    expect(run(v4([`{"ip-address": "10.0.1.5", "hw-address": ${mac}}`])))
      .toEqual(['error reservation-outside-subnet 6:16 /Dhcp4/subnet4/0/reservations/0/ip-address']);
    expect(run(`{"Dhcp4": {"reservations-global": true,\n"reservations": [{"ip-address": "192.0.2.9", "hw-address": ${mac}}]}}`)).toEqual([]);
  });

  it('accepts the first and last address of the subnet', () => {
    expect(run(v4([`{"ip-address": "10.0.0.0", "hw-address": ${mac}}`, '{"ip-address": "10.0.0.255", "duid": "01:02:03"}']))).toEqual([]);
  });

  it('rejects a broadcast next-server but accepts 0.0.0.0', () => {
    expect(run(v4([`{"next-server": "255.255.255.255", "hw-address": ${mac}}`])))
      .toEqual(['error invalid-next-server 6:17 /Dhcp4/subnet4/0/reservations/0/next-server']);
    expect(run(v4([`{"next-server": "0.0.0.0", "hw-address": ${mac}}`]))).toEqual([]);
  });

  it.each([
    ['server-hostname', 63, 21],
    ['boot-file-name', 127, 20],
  ])('limits %s to %i octets of UTF-8 (the schema counts characters)', (key, max, col) => {
    expect(run(v4([`{"${key}": "${'a'.repeat(max)}", "hw-address": ${mac}}`]))).toEqual([]);
    const accented = 'é'.repeat(Math.ceil((max + 1) / 2));
    expect(run(v4([`{"${key}": "${accented}", "hw-address": ${mac}}`])))
      .toEqual([`error boot-field-too-long 6:${col} /Dhcp4/subnet4/0/reservations/0/${key}`]);
    // too many characters: the schema's maxLength reports it
    expect(run(v4([`{"${key}": "${'a'.repeat(max + 1)}", "hw-address": ${mac}}`]))).toEqual([]);
  });
});

describe('DHCPv6 addresses and prefixes (H14-H25)', () => {
  it('accepts addresses in the subnet and prefixes anywhere', () => {
    expect(run(v6(['{"ip-addresses": ["2001:db8::5", "2001:db8::6"], "prefixes": ["3000:1::/48", "2001:db9:1::/56"], "duid": "01:02:03"}']))).toEqual([]);
  });

  it('rejects a multicast or out-of-subnet address', () => {
    expect(run(v6(['{"ip-addresses": ["ff02::1", "2001:db9::5"], "duid": "01:02:03"}']))).toEqual([
      'error invalid-reserved-address 7:19 /Dhcp6/subnet6/0/reservations/0/ip-addresses/0',
      'error reservation-outside-subnet 7:30 /Dhcp6/subnet6/0/reservations/0/ip-addresses/1',
    ]);
  });

  it.each([
    ['2001:db9:1::/0', /length 0 is out of range/],
    ['2001:db9:1::1/64', /has bits set after \/64/],
    ['2001:db9:1:: /64', /contains blanks/],
    ['ff00::/8', /multicast/],
  ])('rejects the prefix %s', (prefix, message) => {
    const found = issues(v6([`{"prefixes": ["${prefix}"], "duid": "01:02:03"}`]));
    expect(brief(found)).toEqual(['error invalid-reserved-prefix 7:15 /Dhcp6/subnet6/0/reservations/0/prefixes/0']);
    expect(found[0]?.message).toMatch(message);
  });

  it('leaves what the ipv6-prefix format refuses to the schema', () => {
    expect(run(v6(['{"prefixes": ["2001:db9:1::"], "duid": "01:02:03"}']))).toEqual([]);
  });

  it('rejects the same address or prefix twice in one reservation (H25)', () => {
    expect(run(v6(['{"ip-addresses": ["2001:db8::5", "2001:db8:0::5"], "duid": "01:02:03"}'])))
      .toEqual(['error duplicate-reserved-address 7:34 /Dhcp6/subnet6/0/reservations/0/ip-addresses/1']);
    expect(run(v6(['{"prefixes": ["3000::/48", "3000::/48"], "duid": "01:02:03"}'])))
      .toEqual(['error duplicate-reserved-address 7:28 /Dhcp6/subnet6/0/reservations/0/prefixes/1']);
  });

  it('rejects an address and a prefix starting at it in one reservation, unless ip-reservations-unique is off', () => {
    const r = ['{"prefixes": ["2001:db8::/64", "2001:db8::/56"], "duid": "01:02:03"}'];
    const found = issues(v6(r));
    expect(brief(found)).toEqual(['error duplicate-reserved-address 7:32 /Dhcp6/subnet6/0/reservations/0/prefixes/1']);
    expect(found[0]?.message).toBe('prefix 2001:db8::/56 starts at the same address as prefix 2001:db8::/64 of this reservation; Kea keeps one reservation per address');
    expect(run(v6(r, '"ip-reservations-unique": false,'))).toEqual([]);
  });
});

describe('excluded-prefixes (H22-H24)', () => {
  it('accepts an excluded prefix inside its delegated prefix, and "" for none', () => {
    expect(run(v6(['{"excluded-prefixes": ["3000:0:0:ff::/64", ""], "prefixes": ["3000::/48", "3001::/48"], "duid": "01:02:03"}']))).toEqual([]);
  });

  it.each([
    ['without prefixes', '{"excluded-prefixes": ["3000::/64"], "duid": "01:02:03"}', '7:23 /Dhcp6/subnet6/0/reservations/0/excluded-prefixes'],
    ['of another length', '{"excluded-prefixes": ["3000::/64", ""], "prefixes": ["3000::/48"], "duid": "01:02:03"}', '7:23 /Dhcp6/subnet6/0/reservations/0/excluded-prefixes'],
    ['not longer', '{"excluded-prefixes": ["3000::/48"], "prefixes": ["3000::/48"], "duid": "01:02:03"}', '7:24 /Dhcp6/subnet6/0/reservations/0/excluded-prefixes/0'],
    ['outside', '{"excluded-prefixes": ["3001::/64"], "prefixes": ["3000::/48"], "duid": "01:02:03"}', '7:24 /Dhcp6/subnet6/0/reservations/0/excluded-prefixes/0'],
    ['with host bits', '{"excluded-prefixes": ["3000::1/64"], "prefixes": ["3000::/48"], "duid": "01:02:03"}', '7:24 /Dhcp6/subnet6/0/reservations/0/excluded-prefixes/0'],
  ])('rejects excluded-prefixes %s', (_, r, at) => {
    expect(run(v6([r]))).toEqual([`error invalid-excluded-prefix ${at}`]);
  });
});

describe('duplicate identifiers per subnet id (H29-H31, H33, H34)', () => {
  it('rejects the same hw-address twice in a subnet, however it is written', () => {
    const found = issues(v4([`{"hw-address": ${mac}}`, '{"hw-address": "010203040506"}']));
    expect(brief(found)).toEqual(['error duplicate-reservation 7:16 /Dhcp4/subnet4/0/reservations/1/hw-address']);
    expect(found[0]?.message).toBe('hw-address 010203040506 (01:02:03:04:05:06) is reserved twice in subnet 10.0.0.0/24 (id 1); the other reservation is at /Dhcp4/subnet4/0/reservations/0');
  });

  it.each(['client-id', 'circuit-id', 'flex-id', 'duid'])('rejects the same DHCPv4 %s twice', (key) => {
    expect(run(v4([`{"${key}": "01:02:03"}`, `{"${key}": "01:02:03"}`]))).toHaveLength(1);
  });

  it('accepts the same octets as different identifier types', () => {
    expect(run(v4(['{"duid": "01:02:03"}', '{"client-id": "01:02:03"}', '{"flex-id": "01:02:03"}']))).toEqual([]);
  });

  it('accepts the same identifier in two subnets and in a subnet and globally', () => {
    const text = `{"Dhcp4": {"reservations-global": true,
"reservations": [{"hw-address": ${mac}}],
"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "reservations": [{"hw-address": ${mac}}]},
{"id": 2, "subnet": "10.0.1.0/24", "reservations": [{"hw-address": ${mac}}]}]}}`;
    expect(run(text)).toEqual([]);
  });

  it('rejects the same identifier twice among the global reservations (subnet id 0)', () => {
    const text = `{"Dhcp4": {"reservations-global": true,\n"reservations": [{"hw-address": ${mac}},\n{"hw-address": ${mac}}]}}`;
    expect(run(text)).toEqual(['error duplicate-reservation 3:16 /Dhcp4/reservations/1/hw-address']);
  });

  it.each(['duid', 'hw-address'])('rejects the same DHCPv6 %s twice', (key) => {
    expect(run(v6([`{"${key}": "01:02:03"}`, `{"${key}": "01:02:03"}`]))).toEqual([`error duplicate-reservation 8:${key.length + 6} /Dhcp6/subnet6/0/reservations/1/${key}`]);
  });

  it('only warns about a DHCPv6 flex-id twice, which Kea does not detect', () => {
    const found = issues(v6(['{"flex-id": "01:02:03"}', '{"flex-id": "01:02:03"}']));
    expect(brief(found)).toEqual(['warning duplicate-flex-id-reservation 8:13 /Dhcp6/subnet6/0/reservations/1/flex-id']);
    expect(found[0]?.message).toMatch(/Kea accepts this in DHCPv6/);
  });
});

describe('duplicate reserved addresses per subnet id (H32, H35, H37)', () => {
  const twice4 = [`{"ip-address": "10.0.0.5", "hw-address": ${mac}}`, '{"ip-address": "10.0.0.5", "duid": "01:02:03"}'];

  it('rejects an IPv4 address reserved twice in a subnet', () => {
    const found = issues(v4(twice4));
    expect(brief(found)).toEqual(['error duplicate-reserved-address 7:16 /Dhcp4/subnet4/0/reservations/1/ip-address']);
    expect(found[0]?.message).toBe('ip-address 10.0.0.5 is already reserved in subnet 10.0.0.0/24 (id 1) by the reservation at /Dhcp4/subnet4/0/reservations/0');
  });

  it('accepts it with ip-reservations-unique false', () => {
    expect(run(v4(twice4, '"ip-reservations-unique": false,'))).toEqual([]);
  });

  it('rejects an IPv4 address twice among the global reservations', () => {
    const text = `{"Dhcp4": {"reservations-global": true,\n"reservations": [{"ip-address": "192.0.2.1", "hw-address": ${mac}},\n{"ip-address": "192.0.2.1", "duid": "01:02:03"}]}}`;
    expect(run(text)).toEqual(['error duplicate-reserved-address 3:16 /Dhcp4/reservations/1/ip-address']);
  });

  it('rejects a DHCPv6 address or prefix twice, and an address that starts a reserved prefix', () => {
    expect(run(v6(['{"ip-addresses": ["2001:db8::5"], "duid": "01:02:03"}', '{"ip-addresses": ["2001:db8::5"], "duid": "01:02:04"}'])))
      .toEqual(['error duplicate-reserved-address 8:19 /Dhcp6/subnet6/0/reservations/1/ip-addresses/0']);
    expect(run(v6(['{"prefixes": ["3000::/48"], "duid": "01:02:03"}', '{"prefixes": ["3000::/48"], "duid": "01:02:04"}'])))
      .toEqual(['error duplicate-reserved-address 8:15 /Dhcp6/subnet6/0/reservations/1/prefixes/0']);
    const found = issues(v6(['{"prefixes": ["2001:db8:0:1::/64"], "duid": "01:02:03"}', '{"ip-addresses": ["2001:db8:0:1::"], "duid": "01:02:04"}']));
    expect(brief(found)).toEqual(['error duplicate-reserved-address 8:19 /Dhcp6/subnet6/0/reservations/1/ip-addresses/0']);
    expect(found[0]?.message).toMatch(/by the reservation at \/Dhcp6\/subnet6\/0\/reservations\/0 \(as prefix 2001:db8:0:1::\/64\)$/);
  });
});

describe('warnings Kea does not give', () => {
  const inPool = `{"ip-address": "10.0.0.150", "hw-address": ${mac}}`;

  it('warns about a reservation inside a pool when reservations-out-of-pool is true', () => {
    expect(run(v4([inPool]))).toEqual([]);
    const found = issues(v4([inPool], '"reservations-out-of-pool": true,'));
    expect(brief(found)).toEqual(['warning reservation-in-pool 6:16 /Dhcp4/subnet4/0/reservations/0/ip-address']);
    expect(found[0]?.message).toMatch(/pool 10\.0\.0\.100-10\.0\.0\.199 .* \(set at \/Dhcp4\/reservations-out-of-pool\); Kea accepts this/);
    expect(run(v4([`{"ip-address": "10.0.0.50", "hw-address": ${mac}}`], '"reservations-out-of-pool": true,'))).toEqual([]);
  });

  it('takes reservations-out-of-pool from the subnet, then the shared network, then the global level', () => {
    expect(run(v4([inPool], '"reservations-out-of-pool": true,', ' "reservations-out-of-pool": false,'))).toEqual([]);
    const shared = `{"Dhcp4": {"shared-networks": [{"name": "n", "reservations-out-of-pool": true,
"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "pools": [{"pool": "10.0.0.100 - 10.0.0.199"}],
"reservations": [${inPool}]}]}]}}`;
    expect(run(shared)).toEqual(['warning reservation-in-pool 3:33 /Dhcp4/shared-networks/0/subnet4/0/reservations/0/ip-address']);
  });

  it('warns about a DHCPv6 address in a pool and a prefix in a pd-pool', () => {
    expect(run(v6(['{"ip-addresses": ["2001:db8::150"], "prefixes": ["2001:db9:1::/56"], "duid": "01:02:03"}'], '', ' "reservations-out-of-pool": true,'))).toEqual([
      'warning reservation-in-pool 7:19 /Dhcp6/subnet6/0/reservations/0/ip-addresses/0',
      'warning reservation-in-pool 7:50 /Dhcp6/subnet6/0/reservations/0/prefixes/0',
    ]);
  });

  it('warns that reservations of a subnet with reservations-in-subnet false are never used', () => {
    const found = issues(v4([inPool], '"reservations-in-subnet": false, "reservations-out-of-pool": true,'));
    expect(brief(found)).toEqual(['warning reservations-ignored 5:17 /Dhcp4/subnet4/0/reservations']);
    expect(found[0]?.message).toBe('subnet 10.0.0.0/24 has 1 reservation but reservations-in-subnet is false (set at /Dhcp4/reservations-in-subnet); Kea accepts this and never uses them');
    expect(run(v4([inPool], '"reservations-in-subnet": false,', ' "reservations-in-subnet": true,'))).toEqual([]);
  });

  it('warns that global reservations are never used unless some scope sets reservations-global', () => {
    const global = (top: string, subnet = '') => `{"Dhcp4": {${top}
"reservations": [{"hw-address": ${mac}}],
"subnet4": [{"id": 1, "subnet": "10.0.0.0/24"${subnet}}]}}`;
    expect(run(global(''))).toEqual(['warning reservations-ignored 2:17 /Dhcp4/reservations']);
    expect(run(global('"reservations-global": false,'))).toEqual(['warning reservations-ignored 2:17 /Dhcp4/reservations']);
    expect(run(global('', ', "reservations-global": true'))).toEqual([]);
    expect(run(global('"early-global-reservations-lookup": true,'))).toEqual([]);
  });
});

describe('host-reservation-identifiers (HI1-HI4): the schema reports what Kea refuses', () => {
  it.each([
    ['["auto"]', 'error invalid-value 1:45 /Dhcp4/host-reservation-identifiers/0'],
    ['["client-id", "duid", "duid"]', 'error invalid-value 1:44 /Dhcp4/host-reservation-identifiers'],
    ['[]', 'error invalid-value 1:44 /Dhcp4/host-reservation-identifiers'],
  ])('%s', (ids, expected) => {
    const text = `{"Dhcp4": {"host-reservation-identifiers": ${ids}}}`;
    expect(run(text)).toEqual([]);
    expect(brief(validateText(text))).toEqual([expected]);
  });

  it('refuses DHCPv4-only identifiers in Dhcp6', () => {
    expect(brief(validateText('{"Dhcp6": {"host-reservation-identifiers": ["circuit-id"]}}')))
      .toEqual(['error invalid-value 1:45 /Dhcp6/host-reservation-identifiers/0']);
  });
});

describe('robustness and cost', () => {
  it('skips values of the wrong type without throwing', () => {
    const text = v4(['{"hw-address": 5, "ip-address": [1]}', '"not a map"', '{"duid": "01:02:03", "server-hostname": 7, "next-server": {}}']);
    expect(run(text)).toEqual([]);
    expect(run('{"Dhcp6": {"reservations": 5, "subnet6": [{"id": 1, "subnet": "2001:db8::/48", "reservations": [{"duid": "01:02:03", "ip-addresses": "x", "prefixes": [5], "excluded-prefixes": [7]}]}]}}')).toEqual([]);
  });

  it('checks 10 000 subnets with 100 000 reservations in linear time', () => {
    const subnet4 = Array.from({ length: 10_000 }, (_, s) => {
      const net = `10.${s >> 8}.${s & 255}`;
      return {
        id: s + 1, subnet: `${net}.0/24`, pools: [{ pool: `${net}.10 - ${net}.199` }],
        reservations: Array.from({ length: 10 }, (_, r) => ({
          'hw-address': [2, s >> 16, (s >> 8) & 255, s & 255, 0, r].map((b) => b.toString(16).padStart(2, '0')).join(':'),
          'ip-address': `${net}.${200 + r}`,
          hostname: `host-${s}-${r}`,
        })),
      };
    });
    const view = daemonView({ subnet4, 'reservations-out-of-pool': true }, 4);
    const ctx = new RuleContext(new SecretStore(), undefined);
    const subnets = checkSubnets(view, ctx);
    const start = performance.now();
    checkReservations(view, subnets, ctx);
    // About 100 ms on a slow shared machine; a quadratic step would take minutes.
    expect(performance.now() - start).toBeLessThan(2000);
    expect(ctx.issues).toEqual([]);
  });
});
