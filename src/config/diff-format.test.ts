import { describe, expect, it } from 'vitest';
import { diffConfig, diffToJson, formatDiffText } from './diff.js';

const TSIG_OLD = 'LSWXnfkKZjdPJI5QxlpnfQ==';
const TSIG_NEW = 'bmV3IHNlY3JldCB2YWx1ZQ==';
const DB_OLD = 'hunter2-old';
const DB_NEW = 'hunter2-new';

const before = {
  Dhcp4: {
    'lease-database': { type: 'postgresql', name: 'kea', user: 'kea', password: DB_OLD },
    'option-data': [{ name: 'domain-name-servers', data: '10.0.0.53' }],
    subnet4: [{
      id: 12, subnet: '10.0.12.0/24', 'valid-lifetime': 3600,
      pools: [{ pool: '10.0.12.10 - 10.0.12.99' }],
      reservations: [{ 'hw-address': '1A:1B:1C:1D:1E:1F', 'ip-address': '10.0.12.5', hostname: 'printer' }],
    }],
  },
  DhcpDdns: { 'tsig-keys': [{ name: 'key.example', algorithm: 'HMAC-SHA256', secret: TSIG_OLD }] },
};

const after = {
  Dhcp4: {
    'lease-database': { type: 'postgresql', name: 'kea', user: 'kea', password: DB_NEW },
    'option-data': [{ name: 'domain-name-servers', data: '10.0.0.53' }, { code: 42, data: '10.0.0.123' }],
    subnet4: [{
      id: 12, subnet: '10.0.12.0/24', 'valid-lifetime': 7200,
      pools: [{ pool: '10.0.12.10 - 10.0.12.49' }],
      reservations: [{ 'hw-address': '1a1b1c1d1e1f', 'ip-address': '10.0.12.6', hostname: 'printer' }],
    }],
  },
  DhcpDdns: { 'tsig-keys': [{ name: 'key.example', algorithm: 'HMAC-SHA256', secret: TSIG_NEW }] },
};

describe('formatDiffText', () => {
  it('prints one block per change, with fields, lease impact and a summary', () => {
    expect(formatDiffText(diffConfig(before, after))).toBe(`~ Dhcp4 global lease-database
    password: [redacted] → [redacted]

+ Dhcp4 option 42 (ntp-servers) in space dhcp4 at global
    code: 42
    data: "10.0.0.123"

~ Dhcp4 subnet 12 (10.0.12.0/24)
    valid-lifetime: 3600 → 7200

+ Dhcp4 subnet 12 pool 10.0.12.10-10.0.12.49
    pool: "10.0.12.10 - 10.0.12.49"

- Dhcp4 subnet 12 pool 10.0.12.10-10.0.12.99
    pool: "10.0.12.10 - 10.0.12.99"
    ! lease impact: 10.0.12.50-10.0.12.99 left the pools

~ Dhcp4 subnet 12 reservation hw-address 1a:1b:1c:1d:1e:1f
    ip-address: "10.0.12.5" → "10.0.12.6"
    ! lease impact: reservation moved: 10.0.12.5 → 10.0.12.6; the client's lease on 10.0.12.5 will be replaced at its next renewal

~ DhcpDdns tsig key "key.example"
    secret: [redacted] → [redacted]

7 changes: 2 added, 1 removed, 4 changed; 2 lease-affecting
`);
  });

  it('says so when there is nothing to change', () => {
    expect(formatDiffText(diffConfig(before, structuredClone(before)))).toBe('no changes\n');
  });

  it('shows unset sides and null', () => {
    const text = formatDiffText(diffConfig({ Dhcp4: {} }, { Dhcp4: { 'subnet4': [{ id: 1, subnet: '10.0.1.0/24' }], 'valid-lifetime': 60 } }));
    expect(text).toContain('~ Dhcp4 global valid-lifetime\n    valid-lifetime: (unset) → 60\n');
    expect(text).toContain('+ Dhcp4 subnet 1 (10.0.1.0/24)\n    id: 1\n    subnet: "10.0.1.0/24"\n');
  });

  it('summarises long values of added things', () => {
    const reservations = Array.from({ length: 20 }, (_, i) => ({ 'hw-address': `02:00:00:00:00:${i.toString(16).padStart(2, '0')}` }));
    const text = formatDiffText(diffConfig({}, { Dhcp4: { subnet4: [{ id: 1, subnet: '10.0.1.0/24', reservations }] } }));
    expect(text).toContain('    reservations: [20 items]\n');
  });
});

describe('diffToJson', () => {
  it('has a stable shape and leaves unset sides out', () => {
    const json = diffToJson(diffConfig({ Dhcp4: { 'valid-lifetime': 60 } }, { Dhcp4: { subnet4: [{ id: 1, subnet: '10.0.1.0/24' }] } }));
    expect(json).toEqual({
      changes: [
        {
          kind: 'changed', subject: 'Dhcp4 global valid-lifetime',
          identity: { daemon: 'Dhcp4', kind: 'parameter', key: { scope: { kind: 'global' }, name: 'valid-lifetime' } },
          oldPath: '/Dhcp4/valid-lifetime', fields: [{ field: 'valid-lifetime', before: 60 }],
        },
        {
          kind: 'added', subject: 'Dhcp4 subnet 1 (10.0.1.0/24)', identity: { daemon: 'Dhcp4', kind: 'subnet', key: { id: 1 } },
          newPath: '/Dhcp4/subnet4/0', value: { id: 1, subnet: '10.0.1.0/24' },
        },
      ],
      leaseAffecting: 0,
      summary: { added: 1, removed: 0, changed: 1 },
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('secrets', () => {
  const secretsIn = (output: string): string[] =>
    [TSIG_OLD, TSIG_NEW, DB_OLD, DB_NEW, 'radius-secret', 'api-pass'].filter((s) => output.includes(s));

  it('never shows a TSIG secret or a database password, changed, added or removed', () => {
    const cases: Array<[unknown, unknown]> = [[before, after], [after, before], [{}, before], [before, {}], [{}, after]];
    for (const [a, b] of cases) {
      const diff = diffConfig(a, b);
      expect(secretsIn(formatDiffText(diff))).toEqual([]);
      expect(secretsIn(JSON.stringify(diffToJson(diff)))).toEqual([]);
    }
  });

  it('never shows secrets nested in hook parameters, database lists or control-socket clients', () => {
    const cfg = (pw: string): unknown => ({
      Dhcp4: {
        'hosts-databases': [{ type: 'mysql', password: pw }],
        'hooks-libraries': [{ library: '/hooks/libdhcp_radius.so', parameters: { servers: [{ name: 'r', secret: `radius-secret-${pw}` }] } }],
        'control-sockets': [{ 'socket-type': 'http', authentication: { type: 'basic', clients: [{ user: 'admin', password: `api-pass-${pw}`, 'password-file': '/etc/kea/pw' }] } }],
      },
    });
    const diff = diffConfig(cfg(DB_OLD), cfg(DB_NEW));
    expect(diff.changes.map((c) => c.fields?.map((f) => `${f.field}: ${String(f.before)} → ${String(f.after)}`))).toEqual([
      ['hosts-databases[0].password: [redacted] → [redacted]'],
      ['parameters.servers[0].secret: [redacted] → [redacted]'],
      ['authentication.clients[0].password: [redacted] → [redacted]'],
    ]);
    for (const d of [diff, diffConfig({}, cfg(DB_NEW)), diffConfig(cfg(DB_OLD), {})]) {
      expect(secretsIn(formatDiffText(d))).toEqual([]);
      expect(secretsIn(JSON.stringify(diffToJson(d)))).toEqual([]);
    }
    expect(JSON.stringify(diffToJson(diffConfig({}, cfg(DB_NEW))))).toContain('/etc/kea/pw');
  });

  it('shows secret-file paths', () => {
    const key = (file: string): unknown => ({ DhcpDdns: { 'tsig-keys': [{ name: 'k', algorithm: 'HMAC-SHA256', 'secret-file': file }] } });
    expect(diffConfig(key('/etc/kea/a.key'), key('/etc/kea/b.key')).changes[0]?.fields).toEqual([
      { field: 'secret-file', before: '/etc/kea/a.key', after: '/etc/kea/b.key' },
    ]);
  });
});
