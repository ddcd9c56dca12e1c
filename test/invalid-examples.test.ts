// examples/invalid/: configurations with mistakes operators make, each ending with the issues
// config-test must report, as "expect: <severity> <code> <line>:<column>" comment lines.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile, validateConfig } from '../src/config/index.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/invalid');
const files = readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f)).sort();

describe('examples/invalid', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(10));

  it.each(files)('%s reports exactly what it says it does', (name) => {
    const file = path.join(dir, name);
    const expected = [...readFileSync(file, 'utf8').matchAll(/expect: (\w+ [a-z0-9-]+ \d+:\d+)/g)].map((m) => m[1]);
    expect(expected.length).toBeGreaterThan(0);
    const loaded = loadConfigFile(file);
    const issues = loaded.ok ? validateConfig(loaded.config).issues : loaded.issues;
    expect(issues.map((i) => `${i.severity} ${i.code} ${i.line}:${i.column}`)).toEqual(expected);
    expect(issues.some((i) => i.severity === 'error')).toBe(true);
  });
});
