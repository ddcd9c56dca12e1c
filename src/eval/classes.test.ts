import { describe, expect, it } from 'vitest';
import { isBuiltinClassName, isKnownClassName } from './classes.js';

describe('isBuiltinClassName (client_class_def.cc isClientClassBuiltIn)', () => {
  it.each([
    ['ALL', true], ['KNOWN', true], ['UNKNOWN', true], ['BOOTP', true],
    ['VENDOR_CLASS_docsis3.0', true], ['HA_server1', true], ['AFTER_x', true], ['EXTERNAL_y', true],
    // a bare prefix is not built in (the name must be longer than the prefix)
    ['VENDOR_CLASS_', false], ['HA_', false], ['AFTER_', false], ['EXTERNAL_', false],
    // special but not built in: these must be defined before member() may name them
    ['DROP', false], ['SKIP_DDNS', false], ['SPAWN_tmpl_x', false],
    // case matters
    ['all', false], ['known', false], ['vendor_class_x', false], ['', false],
  ])('%j is %s', (name, expected) => expect(isBuiltinClassName(name)).toBe(expected));

  it('knows which names make a class depend on host reservations', () => {
    expect(isKnownClassName('KNOWN')).toBe(true);
    expect(isKnownClassName('UNKNOWN')).toBe(true);
    expect(isKnownClassName('ALL')).toBe(false);
  });
});
