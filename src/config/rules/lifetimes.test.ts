import { describe, expect, it } from 'vitest';
import { RuleContext, type DaemonView } from './context.js';
import { brief, runDaemonRule } from './test-helpers.js';
import { checkLifetimes } from './lifetimes.js';
import { checkSubnets } from './subnets.js';

/** checkLifetimes on the subnets checkSubnets parsed; the subnet rules' own issues are left out. */
const rule = (view: DaemonView, ctx: RuleContext): void => {
  checkLifetimes(view, checkSubnets(view, new RuleContext(ctx.secrets, ctx.host)), ctx);
};
const issues = (text: string) => runDaemonRule(text, rule);
const run = (text: string) => brief(issues(text));
const SUBNET4 = '{"id": 1, "subnet": "10.0.0.0/24"}';
const TWO_SUBNETS4 = `"subnet4": [${SUBNET4}, {"id": 2, "subnet": "10.0.1.0/24"}]`;
const SUBNET6 = '{"id": 1, "subnet": "2001:db8::/64"}';

describe('global lifetime triplets (checked even without subnets)', () => {
  it.each([
    ['a lone minimum (the default 7200 is above it)', '{"Dhcp4": {\n"min-valid-lifetime": 3600}}'],
    ['a consistent triplet', '{"Dhcp4": {\n"valid-lifetime": 3000,\n"min-valid-lifetime": 2000,\n"max-valid-lifetime": 4000}}'],
    ['a lone preferred minimum (no default in DHCPv6)', '{"Dhcp6": {\n"min-preferred-lifetime": 100}}'],
    ['a lone preferred maximum', '{"Dhcp6": {\n"max-preferred-lifetime": 100}}'],
  ])('accepts %s', (_what, text) => {
    expect(run(text)).toEqual([]);
  });

  it.each([
    ['the default above a lone maximum', '{"Dhcp4": {\n"max-valid-lifetime": 3600}}',
      'error lifetime-out-of-bounds 2:23 /Dhcp4/max-valid-lifetime'],
    ['a minimum above the default', '{"Dhcp4": {\n"min-valid-lifetime": 10000}}',
      'error lifetime-out-of-bounds 2:23 /Dhcp4/min-valid-lifetime'],
    ['a minimum above the maximum', '{"Dhcp4": {\n"min-valid-lifetime": 5000,\n"max-valid-lifetime": 4000,\n"valid-lifetime": 4500}}',
      'error lifetime-out-of-bounds 2:23 /Dhcp4/min-valid-lifetime'],
    ['a value outside its bounds', '{"Dhcp4": {\n"valid-lifetime": 9000,\n"min-valid-lifetime": 5000,\n"max-valid-lifetime": 8000}}',
      'error lifetime-out-of-bounds 2:19 /Dhcp4/valid-lifetime'],
    ['both preferred bounds without preferred-lifetime', '{"Dhcp6": {\n"min-preferred-lifetime": 100,\n"max-preferred-lifetime": 200}}',
      'error lifetime-default-missing 2:27 /Dhcp6/min-preferred-lifetime'],
  ])('rejects %s', (_what, text, expected) => {
    expect(run(text)).toEqual([expected]);
  });

  it('names the values and where they come from', () => {
    expect(issues('{"Dhcp4": {"max-valid-lifetime": 3600}}')[0]?.message)
      .toBe("the global level: valid-lifetime 7200 (Kea's default) is above max-valid-lifetime 3600");
    expect(issues('{"Dhcp6": {"min-preferred-lifetime": 100, "max-preferred-lifetime": 200}}')[0]?.message)
      .toBe('the global level: min-preferred-lifetime 100 and max-preferred-lifetime 200 are set but preferred-lifetime is not');
  });
});

describe('lifetime triplets of subnets and shared networks, on derived values', () => {
  it('checks bounds of a subnet against the derived default (Kea\'s derivation gotcha)', () => {
    const found = issues(`{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"min-valid-lifetime": 100,\n"max-valid-lifetime": 200}]}}`);
    expect(brief(found)).toEqual(['error lifetime-out-of-bounds 2:23 /Dhcp4/subnet4/0/min-valid-lifetime']);
    expect(found[0]?.message).toBe(
      "subnet 10.0.0.0/24: valid-lifetime 7200 (Kea's default) is not between min-valid-lifetime 100 and max-valid-lifetime 200");
  });

  it('reports a global value that every subnet inherits once, at the global value', () => {
    expect(run(`{"Dhcp4": {\n"max-valid-lifetime": 3600,\n${TWO_SUBNETS4}}}`))
      .toEqual(['error lifetime-out-of-bounds 2:23 /Dhcp4/max-valid-lifetime']);
  });

  it('still rejects the global triplet when every subnet overrides it, as Kea does', () => {
    expect(run(`{"Dhcp4": {\n"min-valid-lifetime": 10000,\n"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "valid-lifetime": 20000}]}}`))
      .toEqual(['error lifetime-out-of-bounds 2:23 /Dhcp4/min-valid-lifetime']);
  });

  it('reports a shared network\'s values once, not once per subnet', () => {
    const text = `{"Dhcp4": {"shared-networks": [{"name": "a",\n"valid-lifetime": 9000,\n"max-valid-lifetime": 8000,\n${TWO_SUBNETS4}}]}}`;
    expect(run(text)).toEqual(['error lifetime-out-of-bounds 2:19 /Dhcp4/shared-networks/0/valid-lifetime']);
  });

  it('points at the subnet\'s own value and says where the bound comes from', () => {
    const text = `{"Dhcp4": {"shared-networks": [{"name": "a", "min-valid-lifetime": 3600,\n"subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"valid-lifetime": 100}]}]}}`;
    const found = issues(text);
    expect(brief(found)).toEqual(['error lifetime-out-of-bounds 3:19 /Dhcp4/shared-networks/0/subnet4/0/valid-lifetime']);
    expect(found[0]?.message).toBe('subnet 10.0.0.0/24: min-valid-lifetime 3600 (inherited from shared network "a") is above valid-lifetime 100');
  });

  it('requires preferred-lifetime when a v6 subnet has both bounds', () => {
    expect(run(`{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/64",\n"min-preferred-lifetime": 100,\n"max-preferred-lifetime": 200}]}}`))
      .toEqual(['error lifetime-default-missing 2:27 /Dhcp6/subnet6/0/min-preferred-lifetime']);
  });

  it('accepts a subnet value within inherited bounds', () => {
    expect(run(`{"Dhcp6": {"min-valid-lifetime": 100, "max-valid-lifetime": 9000, "preferred-lifetime": 50,\n"subnet6": [{"id": 1, "subnet": "2001:db8::/64", "valid-lifetime": 8000}]}}`))
      .toEqual([]);
  });
});

describe('client class lifetimes (no derivation)', () => {
  it.each([
    ['a lone valid-lifetime', '{"Dhcp4": {"client-classes": [{"name": "a", "valid-lifetime": 100}]}}'],
    ['a consistent preferred triplet', '{"Dhcp6": {"client-classes": [{"name": "a", "preferred-lifetime": 100, "min-preferred-lifetime": 50, "max-preferred-lifetime": 150}]}}'],
    ['an additional class without lifetimes', '{"Dhcp4": {"client-classes": [{"name": "a", "only-in-additional-list": true}]}}'],
    ['lifetimes of a class that is not additional', '{"Dhcp4": {"client-classes": [{"name": "a", "only-in-additional-list": false, "offer-lifetime": 60}]}}'],
  ])('accepts %s', (_what, text) => {
    expect(run(text)).toEqual([]);
  });

  it('requires valid-lifetime with both bounds even when the global level sets one', () => {
    const text = '{"Dhcp4": {"valid-lifetime": 5000, "client-classes": [{"name": "a",\n"min-valid-lifetime": 100,\n"max-valid-lifetime": 200}]}}';
    expect(run(text)).toEqual(['error lifetime-default-missing 2:23 /Dhcp4/client-classes/0/min-valid-lifetime']);
  });

  it('points at the minimum when it exceeds the value', () => {
    expect(run('{"Dhcp6": {"client-classes": [{"name": "a", "preferred-lifetime": 10,\n"min-preferred-lifetime": 20}]}}'))
      .toEqual(['error lifetime-out-of-bounds 2:27 /Dhcp6/client-classes/0/min-preferred-lifetime']);
  });

  it.each([
    ['{"Dhcp4": {"client-classes": [{"name": "a", "valid-lifetime": 100,\n"only-in-additional-list": true}]}}',
      'warning class-lifetimes-ignored 2:28 /Dhcp4/client-classes/0/only-in-additional-list'],
    ['{"Dhcp4": {"client-classes": [{"name": "a", "offer-lifetime": 60,\n"only-if-required": true}]}}',
      'warning class-lifetimes-ignored 2:21 /Dhcp4/client-classes/0/only-if-required'],
    ['{"Dhcp6": {"client-classes": [{"name": "a", "max-preferred-lifetime": 60,\n"only-in-additional-list": true}]}}',
      'warning class-lifetimes-ignored 2:28 /Dhcp6/client-classes/0/only-in-additional-list'],
  ])('warns that an additional class ignores its lifetimes: %s', (text, expected) => {
    expect(run(text)).toEqual([expected]);
  });
});

describe('renew-timer and rebind-timer', () => {
  it.each([
    ['renew below rebind', `{"Dhcp4": {"renew-timer": 100, "rebind-timer": 200, ${TWO_SUBNETS4}}}`],
    ['equal timers', `{"Dhcp4": {"renew-timer": 100, "rebind-timer": 100, ${TWO_SUBNETS4}}}`],
    ['a lone renew-timer', `{"Dhcp4": {"renew-timer": 100, ${TWO_SUBNETS4}}}`],
    ['global timers without any subnet (never derived, never checked)', '{"Dhcp4": {"renew-timer": 100, "rebind-timer": 50}}'],
  ])('accepts %s', (_what, text) => {
    expect(run(text)).toEqual([]);
  });

  it('warns once about inherited timers, at renew-timer', () => {
    expect(run(`{"Dhcp4": {\n"renew-timer": 100, "rebind-timer": 50,\n${TWO_SUBNETS4}}}`))
      .toEqual(['warning renew-after-rebind 2:16 /Dhcp4/renew-timer']);
  });

  it('warns at a subnet whose own renew-timer passes the inherited rebind-timer', () => {
    const found = issues(`{"Dhcp6": {"rebind-timer": 200,\n"subnet6": [{"id": 1, "subnet": "2001:db8::/64",\n"renew-timer": 300}]}}`);
    expect(brief(found)).toEqual(['warning renew-after-rebind 3:16 /Dhcp6/subnet6/0/renew-timer']);
    expect(found[0]?.message).toBe(
      'subnet 2001:db8::/64: renew-timer 300 is greater than rebind-timer 200 (inherited from the global level); Kea accepts this but ignores renew-timer');
  });
});

describe('t1-percent and t2-percent', () => {
  it.each([
    ['DHCPv4, where calculate-tee-times is off by default', `{"Dhcp4": {"t1-percent": 0.9, ${TWO_SUBNETS4}}}`],
    ['DHCPv6 without any subnet', '{"Dhcp6": {"t1-percent": 0.9}}'],
    ['a subnet that turns calculate-tee-times off', `{"Dhcp6": {"t1-percent": 0.9, "subnet6": [{"id": 1, "subnet": "2001:db8::/64", "calculate-tee-times": false}]}}`],
    ['valid fractions', `{"Dhcp4": {"calculate-tee-times": true, "t1-percent": 0.4, "t2-percent": 0.7, ${TWO_SUBNETS4}}}`],
  ])('accepts %s', (_what, text) => {
    expect(run(text)).toEqual([]);
  });

  it.each([
    ['t1 above the v4 default t2 (0.875)', `{"Dhcp4": {"calculate-tee-times": true,\n"t1-percent": 0.9,\n${TWO_SUBNETS4}}}`,
      'error tee-percent-invalid 2:15 /Dhcp4/t1-percent'],
    ['t1 above the v6 default t2 (0.8)', `{"Dhcp6": {\n"t1-percent": 0.85,\n"subnet6": [${SUBNET6}]}}`,
      'error tee-percent-invalid 2:15 /Dhcp6/t1-percent'],
    ['t2 of 1', `{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/64",\n"t2-percent": 1}]}}`,
      'error tee-percent-invalid 2:15 /Dhcp6/subnet6/0/t2-percent'],
    ['t1 of 0', `{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/64",\n"t1-percent": 0}]}}`,
      'error tee-percent-invalid 2:15 /Dhcp6/subnet6/0/t1-percent'],
    ['a shared network\'s t1, once for all its subnets', `{"Dhcp6": {"shared-networks": [{"name": "a",\n"t1-percent": 0.9,\n"subnet6": [${SUBNET6}, {"id": 2, "subnet": "2001:db8:1::/64"}]}]}}`,
      'error tee-percent-invalid 2:15 /Dhcp6/shared-networks/0/t1-percent'],
  ])('rejects %s', (_what, text, expected) => {
    expect(run(text)).toEqual([expected]);
  });

  it('says why the percentages are checked', () => {
    expect(issues(`{"Dhcp6": {"t1-percent": 0.85, "subnet6": [${SUBNET6}]}}`)[0]?.message).toBe(
      "subnet 2001:db8::/64: t1-percent 0.85 (inherited from the global level) must be below t2-percent 0.8 (Kea's default) when calculate-tee-times is true (Kea's default)");
  });
});

describe('allocators', () => {
  it.each([
    ['flq for DHCPv4 addresses', `{"Dhcp4": {"allocator": "flq", ${TWO_SUBNETS4}}}`],
    ['flq for DHCPv6 prefixes', `{"Dhcp6": {"pd-allocator": "flq", "subnet6": [${SUBNET6}]}}`],
    ['a global flq in DHCPv6 without subnets or shared networks', '{"Dhcp6": {"allocator": "flq"}}'],
    ['a subnet that overrides a global flq', `{"Dhcp6": {"allocator": "flq", "subnet6": [{"id": 1, "subnet": "2001:db8::/64", "allocator": "random"}]}}`],
    ['shared-flq with a SQL lease database', `{"Dhcp4": {"lease-database": {"type": "postgresql"}, "allocator": "shared-flq", ${TWO_SUBNETS4}}}`],
    ['shared-flq on a shared network without subnets', '{"Dhcp4": {"shared-networks": [{"name": "a", "allocator": "shared-flq"}]}}'],
  ])('accepts %s', (_what, text) => {
    expect(run(text)).toEqual([]);
  });

  it.each([
    ['a v6 subnet with flq', `{"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8::/64",\n"allocator": "flq"}]}}`,
      ['error allocator-unsupported 2:14 /Dhcp6/subnet6/0/allocator']],
    ['a global v6 flq, once for the shared network and its subnet', `{"Dhcp6": {\n"allocator": "flq",\n"shared-networks": [{"name": "a", "subnet6": [${SUBNET6}]}]}}`,
      ['error allocator-unsupported 2:14 /Dhcp6/allocator']],
    ['shared-flq with the default memfile lease database', `{"Dhcp4": {\n"allocator": "shared-flq",\n${TWO_SUBNETS4}}}`,
      ['error shared-flq-needs-sql 2:14 /Dhcp4/allocator']],
    ['a v4 pool of more than 2^24 addresses under shared-flq', `{"Dhcp4": {"lease-database": {"type": "mysql"}, "allocator": "shared-flq",\n"subnet4": [{"id": 1, "subnet": "10.0.0.0/7", "pools": [\n{"pool": "10.0.0.0/7"}]}]}}`,
      ['error shared-flq-pool-too-large 3:10 /Dhcp4/subnet4/0/pools/0/pool']],
    ['a pd-pool of more than 2^24 prefixes under shared-flq', `{"Dhcp6": {"lease-database": {"type": "mysql"}, "allocator": "shared-flq", "pd-allocator": "shared-flq",\n"subnet6": [{"id": 1, "subnet": "2001:db8::/64", "pd-pools": [{"prefix": "2001:db8:8000::", "prefix-len": 33,\n"delegated-len": 64}]}]}}`,
      ['error shared-flq-pool-too-large 3:18 /Dhcp6/subnet6/0/pd-pools/0/delegated-len']],
  ])('rejects %s', (_what, text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it('leaves pd-pools alone when only the address allocator is shared-flq', () => {
    const text = `{"Dhcp6": {"lease-database": {"type": "mysql"}, "allocator": "shared-flq",\n"subnet6": [{"id": 1, "subnet": "2001:db8::/64", "pools": [{"pool": "2001:db8::1-2001:db8::ffff"}], "pd-pools": [{"prefix": "2001:db8:8000::", "prefix-len": 33, "delegated-len": 64}]}]}}`;
    expect(run(text)).toEqual([]);
  });
});
