// examples/site: the example configuration repository passes config-test without a warning,
// and its YAML and Kea JSON forms mean the same thing.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffConfig, formatDiffText, loadConfigFile, validateConfig, type LoadedConfig } from '../src/config/index.js';

const site = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/site');

function load(rel: string): LoadedConfig {
  const out = loadConfigFile(path.join(site, rel));
  if (!out.ok) throw new Error(`${rel}: ${out.issues.map((i) => i.message).join('; ')}`);
  return out.config;
}

const ENTRY_FILES = ['gitdhcp.yaml', 'kea/kea-dhcp4.conf', 'kea/kea-dhcp6.conf', 'kea/kea-dhcp-ddns.conf'];

describe('examples/site', () => {
  it.each(ENTRY_FILES)('%s is valid, without warnings', (rel) => {
    expect(validateConfig(load(rel)).issues).toEqual([]);
  });

  it('the YAML file and the three Kea files describe the same site', () => {
    const yaml = load('gitdhcp.yaml').value;
    const kea = Object.assign({}, ...ENTRY_FILES.slice(1).map((f) => load(f).value as object));
    const diff = diffConfig(yaml, kea);
    expect(diff.changes, formatDiffText(diff)).toEqual([]);
  });

  it('uses every daemon and the features the README shows', () => {
    const v = load('gitdhcp.yaml').value as Record<string, Record<string, unknown[]>>;
    expect(Object.keys(v)).toEqual(['Dhcp4', 'Dhcp6', 'DhcpDdns']);
    expect(v['Dhcp4']?.['shared-networks']?.length).toBeGreaterThan(0);
    expect(v['Dhcp4']?.['client-classes']?.length).toBeGreaterThan(0);
  });
});

describe('examples/hooks', () => {
  it('gitdhcp.yaml (JavaScript modules and the run-script hook) is valid, without warnings', () => {
    const out = loadConfigFile(path.resolve(site, '../hooks/gitdhcp.yaml'));
    if (!out.ok) throw new Error(out.issues.map((i) => i.message).join('; '));
    expect(validateConfig(out.config).issues).toEqual([]);
  });
});
