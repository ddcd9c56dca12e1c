import { describe, expect, it } from 'vitest';
import { checkDatabases } from './services-databases.js';
import { brief, runDaemonRule } from './test-helpers.js';

const run = (text: string, secrets: Record<string, string> = {}) =>
  brief(runDaemonRule(text, (view, ctx) => {
    for (const [pointer, value] of Object.entries(secrets)) ctx.secrets.set(pointer, value);
    checkDatabases(view, ctx);
  }));

/** A Dhcp4 map with the given members, one per line from line 2. */
const v4 = (...members: string[]) => `{"Dhcp4": {\n${members.join(',\n')}\n}}`;

describe('hosts-database and hosts-databases', () => {
  it('accepts either one', () => {
    expect(run(v4('"hosts-database": {"type": "mysql", "name": "kea"}'))).toEqual([]);
    expect(run(v4('"hosts-databases": [{"type": "mysql", "name": "kea"}]'))).toEqual([]);
  });

  it('warns about both (Kea 3.3 rejects, Kea 3.0 uses both)', () => {
    expect(run(v4('"hosts-database": {"type": "mysql"}', '"hosts-databases": []')))
      .toEqual(['warning hosts-databases-conflict 2:19 /Dhcp4/hosts-database']);
  });
});

describe('backend-specific parameters', () => {
  it.each([
    '"type": "mysql", "read-timeout": 5, "write-timeout": 5',
    '"type": "postgresql", "tcp-user-timeout": 5',
    '"type": "memfile", "read-timeout": 0',
  ])('accepts %s', (body) => {
    expect(run(v4(`"lease-database": {${body}}`))).toEqual([]);
  });

  it.each([
    ['"type": "memfile",\n"read-timeout": 5', '3:17 /Dhcp4/lease-database/read-timeout'],
    ['"type": "postgresql",\n"write-timeout": 5', '3:18 /Dhcp4/lease-database/write-timeout'],
    ['"type": "mysql",\n"tcp-user-timeout": 5', '3:21 /Dhcp4/lease-database/tcp-user-timeout'],
  ])('rejects %s', (body, where) => {
    expect(run(v4(`"lease-database": {${body}}`))).toEqual([`error database-parameter-unsupported ${where}`]);
  });

  it('checks every kind of database map', () => {
    const text = v4('"hosts-databases": [{"type": "memfile",\n"read-timeout": 1}]',
      '"config-control": {"config-databases": [{"type": "postgresql",\n"read-timeout": 1}]}');
    expect(run(text)).toEqual([
      'error database-parameter-unsupported 3:17 /Dhcp4/hosts-databases/0/read-timeout',
      'error database-parameter-unsupported 5:17 /Dhcp4/config-control/config-databases/0/read-timeout',
    ]);
  });
});

describe('passwords', () => {
  it('rejects password together with password-file', () => {
    expect(run(v4('"lease-database": {"type": "mysql", "password": "x",\n"password-file": "/etc/kea/db.pw"}')))
      .toEqual(['error mutually-exclusive-keys 3:18 /Dhcp4/lease-database/password-file']);
  });

  it('rejects Kea\'s default credentials for SQL backends, also from a password file', () => {
    expect(run(v4('"lease-database": {"type": "mysql",\n"password": "keatest"}')))
      .toEqual(['error default-credential 3:13 /Dhcp4/lease-database/password']);
    const text = v4('"hosts-database": {"type": "postgresql",\n"password-file": "pw"}');
    expect(run(text, { '/Dhcp4/hosts-database/password-file': '1234\n' }))
      .toEqual(['error default-credential 3:18 /Dhcp4/hosts-database/password-file']);
    expect(run(text, { '/Dhcp4/hosts-database/password-file': 'a-real-one\n' })).toEqual([]);
    // A file written on Windows: the first line without its \r.
    expect(run(text, { '/Dhcp4/hosts-database/password-file': '1234\r\nsecond line\r\n' }))
      .toEqual(['error default-credential 3:18 /Dhcp4/hosts-database/password-file']);
  });

  it('never puts the password in the message', () => {
    const issues = runDaemonRule(v4('"lease-database": {"type": "mysql", "password": "keatest"}'), (view, ctx) => { checkDatabases(view, ctx); });
    expect(issues[0]?.message).not.toMatch(/keatest/);
  });
});

describe('memfile lease file', () => {
  it.each([
    '"type": "memfile"',
    '"type": "memfile", "name": "kea-leases4.csv"',
    '"type": "memfile", "name": "/var/lib/kea/kea-leases4.csv"',
    '"type": "memfile", "persist": false, "name": "/tmp/x.csv"',
  ])('accepts %s', (body) => {
    expect(run(v4(`"lease-database": {${body}}`))).toEqual([]);
  });

  it('warns about a lease file outside Kea\'s data directory and rejects a name without a file', () => {
    expect(run(v4('"lease-database": {"type": "memfile",\n"name": "/srv/dhcp/leases4.csv"}')))
      .toEqual(['warning path-outside-kea-directory 3:9 /Dhcp4/lease-database/name']);
    expect(run(v4('"lease-database": {"type": "memfile",\n"name": "/var/lib/kea/"}')))
      .toEqual(['error path-without-filename 3:9 /Dhcp4/lease-database/name']);
  });
});

describe('config-control', () => {
  it('rejects two configuration databases with the same parameters', () => {
    const text = v4('"config-control": {"config-databases": [{"type": "mysql", "name": "cb"},\n{"name": "cb", "type": "mysql", "host": ""}]}');
    expect(run(text)).toEqual(['error duplicate-config-database 3:1 /Dhcp4/config-control/config-databases/1']);
    expect(run(v4('"config-control": {"config-databases": [{"type": "mysql", "name": "a"}, {"type": "mysql", "name": "b"}]}'))).toEqual([]);
  });
});
