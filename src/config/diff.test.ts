import { describe, expect, it } from 'vitest';
import { diffConfig, type ConfigChange } from './diff.js';

type Doc = Record<string, unknown>;

/** The one change between two configurations. */
function single(before: unknown, after: unknown): ConfigChange {
  const { changes } = diffConfig(before, after);
  expect(changes).toHaveLength(1);
  return changes[0] as ConfigChange;
}

const subnet12 = (extra: Doc = {}): Doc => ({ id: 12, subnet: '10.0.12.0/24', ...extra });
const v4 = (body: Doc): Doc => ({ Dhcp4: body });
const v6 = (body: Doc): Doc => ({ Dhcp6: body });
const d2 = (body: Doc): Doc => ({ DhcpDdns: body });
const domain = (extra: Doc = {}): Doc => d2({ 'forward-ddns': { 'ddns-domains': [{ name: 'example.com.', ...extra }] } });

/** For each identity type: a config without the thing, with it, and with it changed in `field`. */
const IDENTITY_CASES: ReadonlyArray<{ type: string; without: Doc; with: Doc; changed: Doc; subject: string; field: string }> = [
  {
    type: 'subnet', without: v4({ subnet4: [] }), with: v4({ subnet4: [subnet12()] }),
    changed: v4({ subnet4: [subnet12({ 'valid-lifetime': 600 })] }), subject: 'Dhcp4 subnet 12 (10.0.12.0/24)', field: 'valid-lifetime',
  },
  {
    type: 'shared-network', without: v4({}), with: v4({ 'shared-networks': [{ name: 'floor1', interface: 'eth0' }] }),
    changed: v4({ 'shared-networks': [{ name: 'floor1', interface: 'eth1' }] }), subject: 'Dhcp4 shared network "floor1"', field: 'interface',
  },
  {
    type: 'pool', without: v4({ subnet4: [subnet12()] }), with: v4({ subnet4: [subnet12({ pools: [{ pool: '10.0.12.10 - 10.0.12.99' }] })] }),
    changed: v4({ subnet4: [subnet12({ pools: [{ pool: '10.0.12.10-10.0.12.99', 'client-classes': ['voip'] }] })] }),
    subject: 'Dhcp4 subnet 12 pool 10.0.12.10-10.0.12.99', field: 'client-classes',
  },
  {
    type: 'pd-pool', without: v6({ subnet6: [{ id: 1, subnet: '2001:db8::/32' }] }),
    with: v6({ subnet6: [{ id: 1, subnet: '2001:db8::/32', 'pd-pools': [{ prefix: '2001:db8:1::', 'prefix-len': 48, 'delegated-len': 56 }] }] }),
    changed: v6({ subnet6: [{ id: 1, subnet: '2001:db8::/32', 'pd-pools': [{ prefix: '2001:DB8:1:0::', 'prefix-len': 48, 'delegated-len': 60 }] }] }),
    subject: 'Dhcp6 subnet 1 pd-pool 2001:db8:1::/48', field: 'delegated-len',
  },
  {
    type: 'reservation', without: v4({ subnet4: [subnet12()] }),
    with: v4({ subnet4: [subnet12({ reservations: [{ 'hw-address': '1a:1b:1c:1d:1e:1f', hostname: 'printer' }] })] }),
    changed: v4({ subnet4: [subnet12({ reservations: [{ 'hw-address': '1A:1B:1C:1D:1E:1F', hostname: 'printer2' }] })] }),
    subject: 'Dhcp4 subnet 12 reservation hw-address 1a:1b:1c:1d:1e:1f', field: 'hostname',
  },
  {
    type: 'global reservation', without: v4({}), with: v4({ reservations: [{ 'client-id': '01:AA:BB', hostname: 'a' }] }),
    changed: v4({ reservations: [{ 'client-id': '01aabb', hostname: 'b' }] }), subject: 'Dhcp4 global reservation client-id 01:aa:bb', field: 'hostname',
  },
  {
    type: 'option', without: v4({}), with: v4({ 'option-data': [{ name: 'domain-name-servers', data: '10.0.0.53' }] }),
    changed: v4({ 'option-data': [{ code: 6, data: '10.0.0.54' }] }),
    subject: 'Dhcp4 option 6 (domain-name-servers) in space dhcp4 at global', field: 'data',
  },
  {
    type: 'option in a class', without: v4({ 'client-classes': [{ name: 'voip' }] }),
    with: v4({ 'client-classes': [{ name: 'voip', 'option-data': [{ code: 66, data: 'tftp.example' }] }] }),
    changed: v4({ 'client-classes': [{ name: 'voip', 'option-data': [{ name: 'tftp-server-name', data: 'tftp2.example' }] }] }),
    subject: 'Dhcp4 option 66 (tftp-server-name) in space dhcp4 at client class "voip"', field: 'data',
  },
  {
    type: 'option-def', without: v4({}), with: v4({ 'option-def': [{ name: 'my-opt', code: 224, type: 'string' }] }),
    changed: v4({ 'option-def': [{ name: 'my-opt', code: 224, type: 'uint8' }] }),
    subject: 'Dhcp4 option definition 224 (my-opt) in space dhcp4', field: 'type',
  },
  {
    type: 'class', without: v4({}), with: v4({ 'client-classes': [{ name: 'voip', test: "option[60].text == 'Aastra'" }] }),
    changed: v4({ 'client-classes': [{ name: 'voip', test: "option[60].text == 'Polycom'" }] }), subject: 'Dhcp4 client class "voip"', field: 'test',
  },
  {
    type: 'tsig-key', without: d2({}), with: d2({ 'tsig-keys': [{ name: 'key.example', algorithm: 'HMAC-SHA256', secret: 'c2VjcmV0' }] }),
    changed: d2({ 'tsig-keys': [{ name: 'key.example', algorithm: 'HMAC-SHA512', secret: 'c2VjcmV0' }] }),
    subject: 'DhcpDdns tsig key "key.example"', field: 'algorithm',
  },
  {
    type: 'ddns-domain', without: d2({ 'forward-ddns': { 'ddns-domains': [] } }), with: domain({ 'key-name': 'a' }),
    changed: domain({ 'key-name': 'b' }), subject: 'DhcpDdns forward domain "example.com."', field: 'key-name',
  },
  {
    type: 'dns-server', without: domain(), with: domain({ 'dns-servers': [{ 'ip-address': '192.0.2.1' }] }),
    changed: domain({ 'dns-servers': [{ 'ip-address': '192.0.2.1', port: 53, 'key-name': 'k' }] }),
    subject: 'DhcpDdns forward domain "example.com." dns server 192.0.2.1:53', field: 'key-name',
  },
  {
    type: 'hooks-library', without: v4({}), with: v4({ 'hooks-libraries': [{ library: '/usr/lib/kea/hooks/libdhcp_lease_cmds.so' }] }),
    changed: v4({ 'hooks-libraries': [{ library: '/usr/lib/kea/hooks/libdhcp_lease_cmds.so', parameters: { a: 1 } }] }),
    subject: 'Dhcp4 hooks library "/usr/lib/kea/hooks/libdhcp_lease_cmds.so"', field: 'parameters.a',
  },
  {
    type: 'control-socket', without: v4({}), with: v4({ 'control-sockets': [{ 'socket-type': 'http', 'socket-port': 8004 }] }),
    changed: v4({ 'control-sockets': [{ 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': 8004, 'cert-required': false }] }),
    subject: 'Dhcp4 control socket http 127.0.0.1:8004', field: 'cert-required',
  },
  {
    type: 'logger', without: v4({}), with: v4({ loggers: [{ name: 'kea-dhcp4', severity: 'INFO' }] }),
    changed: v4({ loggers: [{ name: 'kea-dhcp4', severity: 'DEBUG' }] }), subject: 'Dhcp4 logger "kea-dhcp4"', field: 'severity',
  },
];

describe.each(IDENTITY_CASES)('identity: $type', (c) => {
  it('is added', () => {
    expect(single(c.without, c.with)).toMatchObject({ kind: 'added', subject: c.subject, value: expect.anything() });
  });
  it('is removed', () => {
    expect(single(c.with, c.without)).toMatchObject({ kind: 'removed', subject: c.subject });
  });
  it('is changed', () => {
    const change = single(c.with, c.changed);
    expect(change).toMatchObject({ kind: 'changed', subject: c.subject });
    expect(change.fields?.map((f) => f.field)).toEqual([c.field]);
  });
});

describe('global parameters', () => {
  it('reports a scalar set, changed and unset as before → after', () => {
    const id = { daemon: 'Dhcp4', kind: 'parameter', key: { scope: { kind: 'global' }, name: 'valid-lifetime' } };
    expect(single(v4({}), v4({ 'valid-lifetime': 3600 }))).toEqual({
      kind: 'changed', subject: 'Dhcp4 global valid-lifetime', identity: id, newPath: '/Dhcp4/valid-lifetime',
      fields: [{ field: 'valid-lifetime', before: undefined, after: 3600 }],
    });
    expect(single(v4({ 'valid-lifetime': 3600 }), v4({ 'valid-lifetime': 7200 })).fields).toEqual([{ field: 'valid-lifetime', before: 3600, after: 7200 }]);
    expect(single(v4({ 'valid-lifetime': 3600 }), v4({})).fields).toEqual([{ field: 'valid-lifetime', before: 3600, after: undefined }]);
  });

  it('compares a map such as interfaces-config field by field, ignoring interfaces order', () => {
    const before = v4({ 'interfaces-config': { interfaces: ['eth0', 'eth1'], 'dhcp-socket-type': 'raw' } });
    expect(diffConfig(before, v4({ 'interfaces-config': { 'dhcp-socket-type': 'raw', interfaces: ['eth1', 'eth0'] } })).changes).toEqual([]);
    const change = single(before, v4({ 'interfaces-config': { interfaces: ['eth0', 'eth1'], 'dhcp-socket-type': 'udp' } }));
    expect(change.subject).toBe('Dhcp4 global interfaces-config');
    expect(change.fields).toEqual([{ field: 'dhcp-socket-type', before: 'raw', after: 'udp' }]);
  });

  it('compares nested maps by dotted field names', () => {
    const change = single(v4({ 'expired-leases-processing': { 'hold-reclaimed-time': 3600 } }), v4({ 'expired-leases-processing': { 'hold-reclaimed-time': 0 } }));
    expect(change.fields).toEqual([{ field: 'hold-reclaimed-time', before: 3600, after: 0 }]);
  });
});

describe('matching by identity, not by position', () => {
  it('finds no change when subnets, pools, reservations and options are reordered', () => {
    const a = subnet12({ pools: [{ pool: '10.0.12.10-10.0.12.19' }, { pool: '10.0.12.30-10.0.12.39' }], reservations: [{ 'hw-address': 'aa:aa:aa:aa:aa:aa', 'ip-address': '10.0.12.2' }, { duid: '00:01:02', 'ip-address': '10.0.12.3' }] });
    const b = { id: 13, subnet: '10.0.13.0/24', 'option-data': [{ name: 'routers', data: '10.0.13.1' }, { name: 'domain-name', data: 'example.com' }] };
    const reordered = { 'option-data': [...b['option-data']].reverse(), subnet: b.subnet, id: 13 };
    const a2 = { ...a, pools: [...(a.pools as unknown[])].reverse(), reservations: [...(a.reservations as unknown[])].reverse() };
    expect(diffConfig(v4({ subnet4: [a, b] }), v4({ subnet4: [reordered, a2] })).changes).toEqual([]);
  });

  it('treats a prefix pool and the same range written a - b as equal', () => {
    const before = v4({ subnet4: [subnet12({ pools: [{ pool: '10.0.12.0/25' }] })] });
    expect(diffConfig(before, v4({ subnet4: [subnet12({ pools: [{ pool: '10.0.12.0 - 10.0.12.127' }] })] })).changes).toEqual([]);
    expect(diffConfig(before, v4({ subnet4: [subnet12({ pools: [{ pool: '10.0.12.0-10.0.12.127' }] })] })).changes).toEqual([]);
  });

  it('treats hex identifiers in any case and with any separator as equal', () => {
    const res = (hw: string): Doc => v4({ subnet4: [subnet12({ reservations: [{ 'hw-address': hw, 'ip-address': '10.0.12.5' }] })] });
    expect(diffConfig(res('1A:1B:1C:1D:1E:1F'), res('1a1b1c1d1e1f')).changes).toEqual([]);
    expect(diffConfig(res('1a 1b 1c 1d 1e 1f'), res('1a:1b:1c:1d:1e:1f')).changes).toEqual([]);
  });

  it('treats an option written by name and by code as the same, and resolves option-def names', () => {
    expect(diffConfig(v4({ 'option-data': [{ name: 'routers', data: '10.0.0.1' }] }), v4({ 'option-data': [{ code: 3, data: '10.0.0.1' }] })).changes).toEqual([]);
    expect(diffConfig(v6({ 'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }] }), v6({ 'option-data': [{ code: 23, space: 'dhcp6', data: '2001:db8::53' }] })).changes).toEqual([]);
    const def = [{ name: 'my-opt', code: 224, type: 'string' }];
    expect(diffConfig(v4({ 'option-def': def, 'option-data': [{ name: 'my-opt', data: 'x' }] }), v4({ 'option-def': def, 'option-data': [{ code: 224, data: 'x' }] })).changes).toEqual([]);
  });

  it('keeps options in different scopes and spaces apart', () => {
    const { changes } = diffConfig(
      v4({ 'option-data': [{ code: 3, data: '10.0.0.1' }], subnet4: [subnet12()] }),
      v4({ subnet4: [subnet12({ 'option-data': [{ code: 3, data: '10.0.0.1' }] })], 'option-data': [{ code: 1, space: 'dhcp-agent-options-space', data: '00' }] }),
    );
    expect(changes.map((c) => `${c.kind} ${c.subject}`)).toEqual([
      'added Dhcp4 option 1 (circuit-id) in space dhcp-agent-options-space at global',
      'removed Dhcp4 option 3 (routers) in space dhcp4 at global',
      'added Dhcp4 option 3 (routers) in space dhcp4 at subnet 12',
    ]);
  });

  it('ignores key order in maps', () => {
    expect(diffConfig(v4({ subnet4: [{ id: 12, subnet: '10.0.12.0/24', relay: { 'ip-addresses': ['10.0.0.1'] } }] }),
      v4({ subnet4: [{ relay: { 'ip-addresses': ['10.0.0.1'] }, subnet: '10.0.12.0/24', id: 12 }] })).changes).toEqual([]);
  });

  it('falls back to the prefix for a subnet without id', () => {
    const change = single(v4({ subnet4: [{ subnet: '10.0.12.0/24' }] }), v4({ subnet4: [{ subnet: '10.0.12.0/24', 'valid-lifetime': 60 }] }));
    expect(change).toMatchObject({ subject: 'Dhcp4 subnet 10.0.12.0/24', identity: { key: { subnet: '10.0.12.0/24' } } });
  });

  it('reports moving a subnet into a shared network as a change of the subnet', () => {
    const { changes } = diffConfig(v4({ subnet4: [subnet12()] }), v4({ 'shared-networks': [{ name: 'floor1', subnet4: [subnet12()] }] }));
    expect(changes.map((c) => `${c.kind} ${c.subject}`)).toEqual(['added Dhcp4 shared network "floor1"', 'changed Dhcp4 subnet 12 (10.0.12.0/24)']);
    expect(changes[1]).toMatchObject({
      oldPath: '/Dhcp4/subnet4/0', newPath: '/Dhcp4/shared-networks/0/subnet4/0',
      fields: [{ field: 'shared-network-name', before: null, after: 'floor1' }],
    });
  });

  it('matches DDNS domains without case and trailing dot, and v6 reserved addresses as sets', () => {
    expect(diffConfig(domain(), d2({ 'forward-ddns': { 'ddns-domains': [{ name: 'Example.COM' }] } })).changes).toEqual([]);
    const res = (ips: string[]): Doc => v6({ subnet6: [{ id: 1, subnet: '2001:db8::/64', reservations: [{ duid: '00:03:00:01:aa:bb', 'ip-addresses': ips }] }] });
    expect(diffConfig(res(['2001:db8::10', '2001:db8::11']), res(['2001:DB8::0011', '2001:db8::10'])).changes).toEqual([]);
  });

  it('puts the children of an added or removed subnet in its value, not in changes of their own', () => {
    const full = subnet12({ pools: [{ pool: '10.0.12.10-10.0.12.99' }], reservations: [{ 'hw-address': 'aa:bb:cc:dd:ee:ff' }], 'option-data': [{ code: 3, data: '10.0.12.1' }] });
    const change = single(v4({}), v4({ subnet4: [full] }));
    expect(change).toMatchObject({ kind: 'added', value: full, newPath: '/Dhcp4/subnet4/0' });
  });

  it('treats comment and user-context.comment as one field, as Kea does', () => {
    expect(diffConfig(v4({ subnet4: [subnet12({ comment: 'lab' })] }), v4({ subnet4: [subnet12({ 'user-context': { comment: 'lab' } })] })).changes).toEqual([]);
  });

  it('names the scope of an option in a pool, and a DNS server on IPv6', () => {
    const pool = (data: string): Doc => v4({ subnet4: [subnet12({ pools: [{ pool: '10.0.12.0/25', 'option-data': [{ code: 3, data }] }] })] });
    expect(single(pool('10.0.12.1'), pool('10.0.12.2')).subject).toBe('Dhcp4 option 3 (routers) in space dhcp4 at subnet 12 pool 10.0.12.0-10.0.12.127');
    expect(single(domain(), domain({ 'dns-servers': [{ 'ip-address': '2001:DB8::53', port: 5353 }] })).subject)
      .toBe('DhcpDdns forward domain "example.com." dns server [2001:db8::53]:5353');
  });

  it('numbers repeated identities instead of merging them', () => {
    const opt = { code: 3, data: '10.0.0.1' };
    const change = single(v4({ 'option-data': [opt] }), v4({ 'option-data': [opt, { ...opt, 'client-classes': ['a'] }] }));
    expect(change).toMatchObject({ kind: 'added', subject: 'Dhcp4 option 3 (routers) in space dhcp4 at global #2', identity: { key: { occurrence: 2 } } });
  });
});

describe('order that carries meaning', () => {
  const classes = (...names: string[]): Doc => v4({ 'client-classes': names.map((name) => ({ name })) });

  it('reports client classes evaluated in another order', () => {
    expect(single(classes('a', 'b', 'c'), classes('b', 'a', 'c'))).toEqual({
      kind: 'changed', subject: 'Dhcp4 client classes order',
      identity: { daemon: 'Dhcp4', kind: 'order', key: { list: 'client-classes' } },
      oldPath: '/Dhcp4/client-classes', newPath: '/Dhcp4/client-classes',
      fields: [{ field: 'order', before: ['a', 'b', 'c'], after: ['b', 'a', 'c'] }],
    });
  });

  it('does not count an added or removed class as reordering', () => {
    expect(diffConfig(classes('a', 'c'), classes('a', 'b', 'c')).changes.map((c) => c.subject)).toEqual(['Dhcp4 client class "b"']);
  });

  it('reports hooks libraries loaded in another order', () => {
    const hooks = (...libs: string[]): Doc => v4({ 'hooks-libraries': libs.map((library) => ({ library })) });
    expect(single(hooks('/a.so', '/b.so'), hooks('/b.so', '/a.so')).subject).toBe('Dhcp4 hooks libraries order');
  });
});

describe('malformed input', () => {
  it.each([
    [null, v4({ subnet4: [subnet12()] })],
    ['text', 42],
    [v4({ subnet4: 'not a list', 'shared-networks': {}, 'option-data': [null, 1, 'x'] }), v4({ subnet4: [null, [], subnet12({ pools: 'x', reservations: [{}] })] })],
    [{ Dhcp4: [] }, { Dhcp6: 'x', DhcpDdns: { 'forward-ddns': [], 'tsig-keys': {} } }],
    [v6({ subnet6: [{ id: 'x', subnet: 7, 'pd-pools': [{ prefix: 'nonsense', 'prefix-len': 'x' }], reservations: [{ duid: 'zz', 'ip-addresses': 'x' }] }] }), {}],
  ])('never throws (%#)', (a, b) => {
    expect(() => diffConfig(a, b)).not.toThrow();
    expect(() => diffConfig(b, a)).not.toThrow();
  });

  it('finds no change between two empty or absent configurations', () => {
    expect(diffConfig(undefined, {}).changes).toEqual([]);
    expect(diffConfig(v4({ subnet4: 'x' }), v4({ subnet4: [] })).changes).toEqual([]);
  });
});

describe('options of vendor and sub-option spaces', () => {
  it('are matched by name or code alike', () => {
    const a = { Dhcp4: { 'option-data': [{ space: 'vendor-4491', name: 'tftp-servers', data: '10.0.0.1' }, { space: 'dhcp-agent-options-space', code: 1, data: '01' }] } };
    const b = { Dhcp4: { 'option-data': [{ space: 'vendor-4491', code: 2, data: '10.0.0.1' }, { space: 'dhcp-agent-options-space', name: 'circuit-id', data: '01' }] } };
    expect(diffConfig(a, b).changes.filter((c) => c.kind !== 'changed')).toEqual([]);
  });
});
