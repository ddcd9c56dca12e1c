import { describe, expect, it } from 'vitest';
import { validateSchema } from './validators.js';

describe('the generated schema validator', () => {
  it('accepts a minimal configuration and rejects an empty file', () => {
    expect(validateSchema({ Dhcp4: { 'valid-lifetime': 4000 } })).toEqual([]);
    expect(validateSchema({ Dhcp4: {} }).map((e) => e.keyword)).toEqual(['minProperties']); // Kea's grammar has no empty Dhcp4 map
    expect(validateSchema({}).map((e) => e.keyword)).toEqual(['minProperties']);
  });

  it('counts string lengths in code points (maxLength of server-hostname)', () => {
    const name = (n: number) => ({ Dhcp4: { subnet4: [{ id: 1, subnet: '10.0.0.0/24', 'server-hostname': '😀'.repeat(n) }] } });
    expect(validateSchema(name(63))).toEqual([]);
    expect(validateSchema(name(64)).map((e) => e.keyword)).toContain('maxLength');
  });

  it('reports deprecated keywords through x-deprecated', () => {
    const errors = validateSchema({ Dhcp4: { subnet4: [{ id: 1, subnet: '10.0.0.0/24', 'client-class': 'a' }] } });
    expect(errors.map((e) => [e.keyword, e.instancePath])).toEqual([['x-deprecated', '/Dhcp4/subnet4/0/client-class']]);
  });
});
