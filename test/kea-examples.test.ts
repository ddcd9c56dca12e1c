// Kea's own example configurations (doc/examples) as a conformance corpus: every file loads
// (comments, includes), and config-test finds exactly the problems expected of it.
//
// Corpora: KEA_EXAMPLES="2.2=/usr/share/doc/kea/examples:3.3=/path/to/kea/doc/examples".
// Default: Debian's kea-doc (Kea 2.2), which .ci/run installs; CI fails when it is missing.
// Kea 2.x files have no subnet ids, so they go through `convert --assign-ids` first, as an
// operator migrating them would do.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { assignSubnetIds, loadConfigFile, loadConfigText, validateConfig, type ConfigIssue } from '../src/config/index.js';

interface Corpus {
  readonly version: string;
  readonly dir: string;
}

function corpora(): Corpus[] {
  const spec = process.env['KEA_EXAMPLES'] ?? '2.2=/usr/share/doc/kea/examples';
  return spec.split(':').map((entry) => {
    const [version = '', dir = ''] = entry.split('=');
    return { version, dir };
  });
}

/** Errors other than `unsupported`, as "code path", per file of Debian's Kea 2.2 examples. */
const KEA_22: Readonly<Record<string, { unsupported: boolean; errors: string[] }>> = {
  // Kea 1.9 replaced relay "ip-address" by "ip-addresses"; Kea 3 no longer accepts the old one.
  'kea4/advanced.json': { unsupported: false, errors: ['missing-keyword /Dhcp4/subnet4/2/relay', 'unknown-keyword /Dhcp4/subnet4/2/relay/ip-address'] },
  'kea4/shared-network.json': {
    unsupported: false,
    errors: [
      'missing-keyword /Dhcp4/shared-networks/0/relay', 'unknown-keyword /Dhcp4/shared-networks/0/relay/ip-address',
      'missing-keyword /Dhcp4/shared-networks/0/subnet4/0/relay', 'unknown-keyword /Dhcp4/shared-networks/0/subnet4/0/relay/ip-address',
    ],
  },
  'kea4/ha-load-balancing-primary.json': { unsupported: true, errors: ['missing-keyword /Dhcp4/subnet4/0/relay', 'unknown-keyword /Dhcp4/subnet4/0/relay/ip-address'] },
  'kea6/advanced.json': { unsupported: false, errors: ['missing-keyword /Dhcp6/subnet6/0/relay', 'unknown-keyword /Dhcp6/subnet6/0/relay/ip-address'] },
  'kea6/shared-network.json': {
    unsupported: false,
    errors: [
      'missing-keyword /Dhcp6/shared-networks/0/relay', 'unknown-keyword /Dhcp6/shared-networks/0/relay/ip-address',
      'missing-keyword /Dhcp6/shared-networks/0/subnet6/0/relay', 'unknown-keyword /Dhcp6/shared-networks/0/subnet6/0/relay/ip-address',
      'missing-keyword /Dhcp6/shared-networks/0/subnet6/1/relay', 'unknown-keyword /Dhcp6/shared-networks/0/subnet6/1/relay/ip-address',
    ],
  },
  // Kea 2.0 moved the DDNS behaviour keywords out of dhcp-ddns; Kea 3 rejects the old ones.
  // Since 2.7.6 Kea refuses "1234" and "keatest" as passwords, which the examples use.
  ...Object.fromEntries((['kea4', 'kea6'] as const).flatMap((d) => ['all-keys.json', 'all-keys-netconf.json'].map((f) => {
    const daemon = d === 'kea4' ? 'Dhcp4' : 'Dhcp6';
    const moved = ['generated-prefix', 'hostname-char-replacement', 'hostname-char-set', 'override-client-update',
      'override-no-update', 'qualifying-suffix', 'replace-client-name'].map((k) => `unknown-keyword /${daemon}/dhcp-ddns/${k}`);
    const dbs = f === 'all-keys.json' ? [0, 1, 2] : [0, 1];
    return [`${d}/${f}`, { unsupported: true, errors: [...moved, ...dbs.map((i) => `default-credential /${daemon}/hosts-databases/${i}/password`)] }];
  }))),
  'kea4/mysql-reservations.json': { unsupported: true, errors: ['default-credential /Dhcp4/hosts-database/password'] },
  'kea4/pgsql-reservations.json': { unsupported: true, errors: ['default-credential /Dhcp4/hosts-databases/0/password'] },
  'kea6/mysql-reservations.json': { unsupported: true, errors: ['default-credential /Dhcp6/hosts-database/password'] },
  'kea6/pgsql-reservations.json': { unsupported: true, errors: ['default-credential /Dhcp6/hosts-databases/0/password'] },
  // A DNS server refers to key "d2.sha1.key", which tsig-keys does not define (Kea's DS1).
  'ddns/all-keys.json': { unsupported: true, errors: ['undefined-tsig-key /DhcpDdns/forward-ddns/ddns-domains/0/dns-servers/0/key-name'] },
  'ddns/all-keys-netconf.json': { unsupported: true, errors: ['undefined-tsig-key /DhcpDdns/forward-ddns/ddns-domains/0/dns-servers/0/key-name'] },
  // Features gitdhcp cannot apply: the config backend, DHCPv4-over-DHCPv6, HA and other C++ hooks.
  ...Object.fromEntries(['kea4/config-backend.json', 'kea4/dhcpv4-over-dhcpv6.json', 'kea4/hooks-radius.json', 'kea4/hooks.json',
    'kea6/config-backend.json', 'kea6/dhcpv4-over-dhcpv6.json', 'kea6/ha-hot-standby.json', 'kea6/hooks.json',
    'ddns/gss-tsig.json', 'ddns/sample1.json'].map((f) => [f, { unsupported: true, errors: [] }])),
};

/** For Kea 3.x corpora: the error codes besides `unsupported` a file may have. */
const KEA_3X_ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'kea4/comments.json': ['default-credential'],
  'kea6/comments.json': ['default-credential'],
  'ddns/comments.json': ['default-credential'],
  'kea4/all-keys.json': ['default-credential'],
  'kea6/all-keys.json': ['default-credential'],
  'ddns/all-keys.json': ['default-credential'],
  'kea4/all-keys-netconf.json': ['default-credential'],
  'kea6/all-keys-netconf.json': ['default-credential'],
  'ddns/all-keys-netconf.json': ['undefined-tsig-key'],
  'kea4/config-backend.json': ['default-credential'],
  'kea6/config-backend.json': ['default-credential'],
  'kea4/mysql-reservations.json': ['default-credential'],
  'kea6/mysql-reservations.json': ['default-credential'],
  'kea4/pgsql-reservations.json': ['default-credential'],
  'kea6/pgsql-reservations.json': ['default-credential'],
};

function check(file: string): readonly ConfigIssue[] {
  let out = loadConfigFile(file);
  if (!out.ok) throw new Error(`${file} does not load: ${out.issues.map((i) => i.message).join('; ')}`);
  const { edits } = assignSubnetIds(out.config);
  const edited = edits.get(0);
  if (edited !== undefined) {
    out = loadConfigText(file, edited);
    if (!out.ok) throw new Error(`${file} does not load after assigning ids`);
  }
  return validateConfig(out.config).issues;
}

for (const corpus of corpora()) {
  const present = existsSync(corpus.dir);
  describe(`Kea ${corpus.version} examples in ${corpus.dir}`, () => {
    it('are present (CI installs kea-doc)', () => {
      if (!present && process.env['CI'] === undefined) return; // a developer machine without Kea
      expect(present).toBe(true);
    });
    if (!present) return;
    const files = ['kea4', 'kea6', 'ddns'].flatMap((d) =>
      readdirSync(path.join(corpus.dir, d)).filter((f) => f.endsWith('.json')).sort().map((f) => `${d}/${f}`));

    it('hold the three daemons\' examples', () => {
      expect(files.filter((f) => f.startsWith('kea4/')).length).toBeGreaterThan(20);
      expect(files.filter((f) => f.startsWith('ddns/')).length).toBeGreaterThan(3);
    });

    it.each(files)('%s', (name) => {
      const issues = check(path.join(corpus.dir, name));
      const errors = issues.filter((i) => i.severity === 'error');
      const unsupported = errors.some((i) => i.code === 'unsupported');
      const others = errors.filter((i) => i.code !== 'unsupported');
      for (const e of errors) expect(e.line, `${e.code} ${e.path} has a position`).toBeGreaterThan(0);
      if (corpus.version === '2.2') {
        const expected = KEA_22[name] ?? { unsupported: false, errors: [] };
        expect({ unsupported, errors: others.map((i) => `${i.code} ${i.path}`).sort() }).toEqual({ ...expected, errors: [...expected.errors].sort() });
      } else {
        const allowed = KEA_3X_ALLOWED[name] ?? [];
        expect(others.filter((i) => !allowed.includes(i.code)).map((i) => `${i.code} ${i.path}: ${i.message}`)).toEqual([]);
        expect(issues.filter((i) => i.code === 'unknown-keyword').map((i) => i.path), 'every 3.x keyword is known').toEqual([]);
      }
    });
  });
}
