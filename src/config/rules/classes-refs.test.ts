/**
 * Warnings about class names Kea does not check (C31): undefined names in guards, option-data,
 * additional-evaluation lists and reservations, and guards of top-level subnets and shared
 * networks that cannot match because Kea assigns the class after selecting the subnet.
 * Kea accepts every configuration here.
 */
import { describe, expect, it } from 'vitest';
import { brief, runDaemonRule } from './test-helpers.js';
import { checkOptionsAndClasses } from './options.js';

const run = (text: string) => brief(runDaemonRule(text, checkOptionsAndClasses));

const CLASSES = `"client-classes": [{"name": "pxe", "test": "option[60].exists"},
{"name": "tmpl", "template-test": "option[60].text"},
{"name": "late", "only-in-additional-list": true, "test": "member('ALL')"},
{"name": "known-dep", "test": "member('KNOWN')"},
{"name": "indirect", "test": "member('known-dep') or member('pxe')"}]`;

describe('undefined class names', () => {
  it('accepts defined, built-in, spawned and reservation-assigned names everywhere', () => {
    const text = `{"Dhcp4": {${CLASSES},
"reservations": [{"hw-address": "01:02:03:04:05:06", "client-classes": ["vip"]}],
"shared-networks": [{"name": "n", "client-classes": ["pxe"], "subnet4": [{"id": 2, "subnet": "10.0.2.0/24", "client-classes": ["vip"]}]}],
"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "client-classes": ["pxe", "ALL", "VENDOR_CLASS_docsis", "SPAWN_tmpl_x"],
"evaluate-additional-classes": ["late"],
"pools": [{"pool": "10.0.0.10-10.0.0.20", "client-classes": ["vip", "known-dep", " pxe "]}],
"option-data": [{"name": "domain-name", "data": "x.example", "client-classes": ["pxe", "vip"]}],
"reservations": [{"hw-address": "01:02:03:04:05:07", "client-classes": ["pxe", "vip"]}]}]}}`;
    expect(run(text)).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['a subnet guard', `"subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"client-classes": ["pex"]}]`, 'warning undefined-client-class 4:20 /Dhcp4/subnet4/0/client-classes/0'],
    ['the deprecated client-class', `"subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"client-class": "pex"}]`, 'warning undefined-client-class 4:17 /Dhcp4/subnet4/0/client-class'],
    ['a shared network guard', `"shared-networks": [{"name": "n",\n"client-classes": ["pex"]}]`, 'warning undefined-client-class 4:20 /Dhcp4/shared-networks/0/client-classes/0'],
    ['a pool guard', `"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "pools": [{"pool": "10.0.0.10-10.0.0.20",\n"client-classes": ["pex"]}]}]`, 'warning undefined-client-class 4:20 /Dhcp4/subnet4/0/pools/0/client-classes/0'],
    ['an additional-evaluation list', `"subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"evaluate-additional-classes": ["pex"]}]`, 'warning undefined-client-class 4:33 /Dhcp4/subnet4/0/evaluate-additional-classes/0'],
    ['a reservation-assigned name in an additional-evaluation list', `"reservations": [{"hw-address": "01:02:03:04:05:06", "client-classes": ["vip"]}], "subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"require-client-classes": ["vip"]}]`, 'warning undefined-client-class 4:28 /Dhcp4/subnet4/0/require-client-classes/0'],
    ['global option-data', `"option-data": [{"name": "domain-name", "data": "x.example",\n"client-classes": ["pex"]}]`, 'warning undefined-client-class 4:20 /Dhcp4/option-data/0/client-classes/0'],
    ['class option-data', `"client-classes": [{"name": "c", "option-data": [{"name": "domain-name", "data": "x.example",\n"client-classes": ["pex"]}]}]`, 'warning undefined-client-class 4:20 /Dhcp4/client-classes/0/option-data/0/client-classes/0'],
    ['a reservation nothing else refers to', `"reservations": [{"hw-address": "01:02:03:04:05:06",\n"client-classes": ["vpi"]}]`, 'warning undefined-client-class 4:20 /Dhcp4/reservations/0/client-classes/0'],
    ['a spawned name of a class that is not a template', `"client-classes": [{"name": "pxe"}], "subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"client-classes": ["SPAWN_pxe_1"]}]`, 'warning undefined-client-class 4:20 /Dhcp4/subnet4/0/client-classes/0'],
  ])('warns about %s', (_label, body, expected) => {
    expect(run(`{"Dhcp4": {\n\n${body}}}`)).toEqual([expected]);
  });

  it('checks DHCPv6 pd-pools and says that Kea accepts it', () => {
    const text = `{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/48", "pd-pools": [{"prefix": "2001:db8:1::", "prefix-len": 48, "delegated-len": 64,
"client-classes": ["pex"]}]}]}}`;
    const issues = runDaemonRule(text, checkOptionsAndClasses);
    expect(brief(issues)).toEqual(['warning undefined-client-class 2:20 /Dhcp6/subnet6/0/pd-pools/0/client-classes/0']);
    expect(issues[0]?.message).toBe("pd-pool 2001:db8:1::/48 of subnet 2001:db8::/48: client class 'pex' is not defined, so this pd-pool never matches it");
    expect(issues[0]?.hint).toMatch(/^Kea accepts this/);
  });
});

describe('guards that cannot match when Kea selects the subnet', () => {
  /** A top-level subnet guarded by `name`, after the classes above. */
  const guarded = (name: string, extra = '') => `{"Dhcp4": {${CLASSES},${extra}
"reservations": [{"hw-address": "01:02:03:04:05:06", "client-classes": ["vip"]}], "option-data": [{"code": 15, "data": "v.example", "client-classes": ["vip"]}],
"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "client-classes": [
"${name}"]}]}}`;

  it.each(['UNKNOWN', 'KNOWN', 'late', 'known-dep', 'indirect', 'vip'])('warns about %s on a top-level subnet', (name) => {
    expect(run(guarded(name))).toEqual(['warning class-not-set-at-subnet-selection 8:1 /Dhcp4/subnet4/0/client-classes/0']);
  });

  it('stays quiet about KNOWN-based and reserved classes with early-global-reservations-lookup, not about UNKNOWN', () => {
    const early = '\n"early-global-reservations-lookup": true,';
    for (const name of ['KNOWN', 'known-dep', 'indirect', 'vip']) expect(run(guarded(name, early)), name).toEqual([]);
    expect(run(guarded('UNKNOWN', early))).toEqual(['warning class-not-set-at-subnet-selection 9:1 /Dhcp4/subnet4/0/client-classes/0']);
  });

  it('checks shared networks, but not subnets inside them or pools (classes are re-evaluated by then)', () => {
    const text = `{"Dhcp4": {${CLASSES},
"shared-networks": [{"name": "n", "client-classes": [
"known-dep"], "subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "client-classes": ["known-dep"],
"pools": [{"pool": "10.0.0.10-10.0.0.20", "client-classes": ["UNKNOWN"]}]}]}]}}`;
    expect(run(text)).toEqual(['warning class-not-set-at-subnet-selection 7:1 /Dhcp4/shared-networks/0/client-classes/0']);
  });
});
