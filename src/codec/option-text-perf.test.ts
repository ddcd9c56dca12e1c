/**
 * A coarse guard on the config-test budget: a 10 000-subnet config encodes about 50 000 option
 * data strings, which must stay well under 100 ms (measured: ~15 ms warm, ~50 ms cold on one
 * core). The bound here is loose so that a slow CI machine does not flake.
 */
import { expect, it } from 'vitest';
import { OptionCatalogue } from './option-catalogue.js';
import { encodeOptionText } from './option-text.js';

it('encodes 50 000 typical option-data strings quickly', () => {
  const cat = OptionCatalogue.standard(4);
  const rows = [
    ['routers', '10.0.0.1'], ['domain-name-servers', '10.0.0.53, 10.0.1.53'], ['domain-name', 'example.com'],
    ['dhcp-lease-time', '3600'], ['domain-search', 'a.example.com, example.com'],
  ] as const;
  const defs = rows.map(([name]) => cat.findByName('dhcp4', name));
  const t0 = performance.now();
  for (let i = 0; i < 50_000; i++) {
    const k = i % rows.length;
    const r = encodeOptionText(defs[k], (rows[k] as readonly [string, string])[1], true, 4);
    if (!r.ok) throw new Error(r.message);
  }
  expect(performance.now() - t0).toBeLessThan(1000);
});
