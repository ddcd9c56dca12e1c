import { describe, expect, it } from 'vitest';
import { daemonView, type Obj } from './context.js';
import { checkedParam, describeOrigin, effectiveParam, isDerivedParam } from './params-inherit.js';

const v4 = daemonView({
  'valid-lifetime': 4000,
  'ddns-send-updates': false,
  'shared-networks': [{ name: 'blue', 'valid-lifetime': 5000, subnet4: [{ id: 1, subnet: '10.0.0.0/24', 'renew-timer': 100 }] }],
  subnet4: [{ id: 2, subnet: '10.0.1.0/24', 'valid-lifetime': 6000 }],
} as Obj, 4);
const [inNet, topLevel] = v4.subnets;

describe('effectiveParam', () => {
  it.each([
    ['its own value', topLevel, 'valid-lifetime', { value: 6000, path: '/Dhcp4/subnet4/0/valid-lifetime', origin: 'scope' }],
    ['the shared network\'s', inNet, 'valid-lifetime',
      { value: 5000, path: '/Dhcp4/shared-networks/0/valid-lifetime', origin: 'shared-network', networkName: 'blue' }],
    ['the global one', topLevel, 'ddns-send-updates', { value: false, path: '/Dhcp4/ddns-send-updates', origin: 'global' }],
    ['Kea\'s default', inNet, 't2-percent', { value: 0.875, path: 'default', origin: 'default' }],
    ['the global level itself', undefined, 'valid-lifetime', { value: 4000, path: '/Dhcp4/valid-lifetime', origin: 'global' }],
  ])('gives %s', (_what, scope, key, expected) => {
    expect(effectiveParam(v4, scope, key)).toEqual(expected);
  });

  it('is undefined for a parameter set nowhere and without default', () => {
    expect(effectiveParam(v4, topLevel, 'rebind-timer')).toBeUndefined();
    expect(effectiveParam(daemonView({}, 6), undefined, 'preferred-lifetime')).toBeUndefined();
  });

  it('uses the family\'s defaults', () => {
    const v6 = daemonView({}, 6);
    expect(effectiveParam(v6, undefined, 'calculate-tee-times')?.value).toBe(true);
    expect(effectiveParam(v6, undefined, 't2-percent')?.value).toBe(0.8);
    expect(effectiveParam(v4, undefined, 'calculate-tee-times')?.value).toBe(false);
  });
});

describe('checkedParam', () => {
  it('follows the chain for derived parameters only', () => {
    expect(isDerivedParam(4, 'valid-lifetime')).toBe(true);
    expect(isDerivedParam(4, 'preferred-lifetime')).toBe(false);
    expect(isDerivedParam(6, 'pd-allocator')).toBe(true);
    expect(checkedParam(v4, inNet, 'valid-lifetime')?.origin).toBe('shared-network');
    expect(checkedParam(v4, inNet, 'ddns-send-updates')).toBeUndefined();
    expect(checkedParam(v4, inNet, 'renew-timer')?.origin).toBe('scope');
  });
});

describe('describeOrigin', () => {
  it('says where an inherited value comes from', () => {
    expect(describeOrigin({ value: 1, path: '/Dhcp4/subnet4/0/x', origin: 'scope' })).toBe('');
    expect(describeOrigin({ value: 1, path: 'p', origin: 'shared-network', networkName: 'blue' })).toBe(' (inherited from shared network "blue")');
    expect(describeOrigin({ value: 1, path: '/Dhcp4/x', origin: 'global' })).toBe(' (inherited from the global level)');
    expect(describeOrigin({ value: 1, path: 'default', origin: 'default' })).toBe(" (Kea's default)");
  });
});
