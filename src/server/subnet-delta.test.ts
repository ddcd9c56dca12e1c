// subnet4-delta-add / subnet4-delta-del over a port that validates and applies each edit, so a
// sequence of commands sees its own changes. Config: option-def foo (254, string); subnet 101 =
// 192.0.2.0/24 and subnet 5 = 10.0.0.0/8, both with renew 30, rebind 40, valid 60 (as Kea's
// Subnet4CmdsTest::addSubnet makes them); subnet 7 = 192.0.3.0/24 in shared network floor13,
// with a reservation. Vectors come from Kea 3.0's src/hooks/dhcp/subnet_cmds/tests/
// subnet4_cmds_unittest.cc (test names cited); the scenarios' 4o6-interface, 4o6-interface-id
// and 4o6-subnet scalars are replaced by server-hostname, boot-file-name and next-server, as
// gitdhcp refuses DHCPv4-over-DHCPv6.
import { describe, expect, it } from 'vitest';
import { CommandRegistry, type CommandResponse } from '../control/commands.js';
import { loadConfigText, resolveDhcp4, validateConfig, type ResolvedConfig4 } from '../config/index.js';
import type { Dhcp4Config } from '../schema/index.js';
import { registerConfigCommands, type ConfigCommandsPort } from './config-commands.js';

type Json = Record<string, unknown>;

const CLASSES = ['phones_server1', 'phones_server2', 'phones_server3', 'phones_server4', 'late', 'too-late', 'extremely-late', 'almost-late'];
const timers = { 'renew-timer': 30, 'rebind-timer': 40, 'valid-lifetime': 60 };

const DHCP4 = {
  'option-def': [{ name: 'foo', code: 254, type: 'string' }],
  'client-classes': CLASSES.map((name) => ({ name })),
  'shared-networks': [{
    name: 'floor13',
    subnet4: [{ id: 7, subnet: '192.0.3.0/24', reservations: [{ 'hw-address': '1a:1b:1c:1d:1e:1f', 'ip-address': '192.0.3.9' }] }],
  }],
  subnet4: [{ id: 101, subnet: '192.0.2.0/24', ...timers }, { id: 5, subnet: '10.0.0.0/8', ...timers }],
};

function load(dhcp4: object) {
  const out = loadConfigText('t.json', JSON.stringify({ Dhcp4: dhcp4 }));
  if (!out.ok) throw new Error('load');
  return out.config;
}

const resolve = (dhcp4: object): ResolvedConfig4 => resolveDhcp4((load(dhcp4).value as { Dhcp4: Dhcp4Config }).Dhcp4);

/** A registry over a port that validates an edit and applies it when valid (as config-set does). */
function setup(dhcp4: object = DHCP4) {
  let cfg = resolve(dhcp4);
  const edits: Array<{ next: Json; what: string }> = [];
  let queue: Promise<unknown> = Promise.resolve();
  const port: ConfigCommandsPort = {
    config: () => cfg,
    applyEdit: async (next, what) => {
      edits.push({ next: next as Json, what });
      const checked = validateConfig(load(next));
      if (!checked.valid) return { result: 1, text: checked.issues.map((i) => i.message).join('; ') };
      cfg = resolve(next);
      return undefined;
    },
    // The appliance's queue: each change starts when the one before has ended.
    exclusive: <T>(fn: () => Promise<T>): Promise<T> => {
      const run = queue.then(fn);
      // The caller gets fn's failure through `run`; the queue only waits for it to settle.
      queue = run.then(() => undefined, () => undefined);
      return run;
    },
  };
  const registry = new CommandRegistry();
  registerConfigCommands(registry, port, 'test');
  const run = (command: string, args?: Json): Promise<CommandResponse> =>
    registry.dispatch(args === undefined ? { command } : { command, arguments: args });
  /** The subnet as subnet4-get answers it. */
  const get = async (id: number): Promise<Json> => ((await run('subnet4-get', { id })).arguments as { subnet4: Json[] }).subnet4[0] as Json;
  /** The subnet as configured now. */
  const configured = (id: number): Json | undefined => {
    const source = cfg.source as Json;
    const all = [...((source['shared-networks'] ?? []) as Json[]).flatMap((n) => (n['subnet4'] ?? []) as Json[]), ...((source['subnet4'] ?? []) as Json[])];
    return all.find((s) => s['id'] === id);
  };
  return { run, get, configured, edits };
}

const updated = (id: number, subnet: string) => ({ result: 0, text: 'IPv4 subnet updated', arguments: { subnets: [{ id, subnet }] } });

/** An option as Kea prints it (and as the scenarios write it). */
const opt = (code: number, name: string, data: string, isAlways = false, isNever = false): Json =>
  ({ 'always-send': isAlways, code, 'csv-format': true, data, name, 'never-send': isNever, space: 'dhcp4' });
const routers = (data: string, isAlways = false, isNever = false) => opt(3, 'routers', data, isAlways, isNever);
const timeServers = (data: string) => opt(4, 'time-servers', data);

/** What subnet4-get adds to subnet 101 after an update (Kea's scenario expectations). */
const DERIVED = {
  allocator: 'iterative', 'cache-threshold': 0.25, 'calculate-tee-times': false, id: 101,
  'max-valid-lifetime': 60, 'min-valid-lifetime': 60, 'rebind-timer': 40, 'renew-timer': 30,
  'store-extended-info': false, subnet: '192.0.2.0/24', 't1-percent': 0.5, 't2-percent': 0.875, 'valid-lifetime': 60,
  '4o6-interface': '', '4o6-interface-id': '', '4o6-subnet': '',
};

describe('subnet4-delta-add', () => {
  it('adds a pool at a time and updates the matched option (Subnet4CmdsTest.subnet4DeltaAdd)', async () => {
    const { run, get } = setup();
    for (let i = 0; i < 16; i += 1) {
      const delta = {
        id: 101, subnet: '192.0.2.0/24',
        pools: [{ pool: `192.0.2.${i * 10 + 1} - 192.0.2.${(i + 1) * 10}` }],
        'option-data': [{ name: 'foo', data: 'option foo contents' }],
      };
      expect(await run('subnet4-delta-add', { subnet4: [delta] })).toEqual(updated(101, '192.0.2.0/24'));
      const s = await get(101);
      expect(s['pools']).toHaveLength(i + 1);
      expect(s['option-data']).toEqual([opt(254, 'foo', 'option foo contents')]);
      expect([s['renew-timer'], s['rebind-timer']]).toEqual([30, 40]);
    }
    expect((await get(5))['pools']).toEqual([]);
    // An overlapping pool is refused by the parse (Kea) / the validation (here); nothing changes.
    const overlap = await run('subnet4-delta-add', { subnet4: [{ id: 101, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.10 - 192.0.2.30' }] }] });
    expect(overlap.result).toBe(1);
    expect((await get(101))['pools']).toHaveLength(16);
  });

  it("refuses with Kea's texts (Subnet4CmdsTest.subnet4DeltaAddNegative)", async () => {
    const { run, edits } = setup();
    const text = async (args: Json) => (await run('subnet4-delta-add', args)).text;
    expect((await run('subnet4-delta-add')).text).toBe("no arguments specified for the 'subnet4-delta-add' command");
    expect(await text({})).toBe("invalid number of arguments 0 for the 'subnet4-delta-add' command. Expecting 'subnet4' list");
    expect(await text({ subnet6: 'foo' })).toBe("missing 'subnet4' argument for the 'subnet4-delta-add' command");
    expect(await text({ subnet4: [] })).toBe("invalid number of subnets specified for the 'subnet4-delta-add' command. Expected one subnet");
    expect(await text({ subnet4: 'foo' })).toBe("'subnet4' argument specified for the 'subnet4-delta-add' command is not a list");
    expect(await text({ subnet4: [{ 'valid-lifetime': 5678, id: 5 }] }))
      .toBe("subnet configuration failed: mandatory 'subnet' parameter is missing for a subnet being configured");
    expect(await text({ subnet4: [{ subnet: '192.0.2.0/24' }], foo: 'bar' }))
      .toBe("invalid number of arguments 2 for the 'subnet4-delta-add' command. Expecting 'subnet4' list");
    expect(await text({ subnet4: [{ subnet: '192.0.2.0/24' }, { subnet: '192.0.2.0/24' }] }))
      .toBe("invalid number of subnets specified for the 'subnet4-delta-add' command. Expected one subnet");
    expect(await text({ subnet4: [{ subnet: '10.1.2.0/29' }] })).toBe("must specify subnet id with 'subnet4-delta-add' command.");
    expect(await text({ subnet4: [{ subnet: '10.1.2.0/29', id: 0 }] })).toBe("The 'id' value (0) is not within expected range: (1 - 4294967294)");
    expect(await text({ subnet4: [{ subnet: '10.1.2.0/29', id: 4294967295 }] }))
      .toBe("The 'id' value (4294967295) is not within expected range: (1 - 4294967294)");
    expect(await run('subnet4-delta-add', { subnet4: [{ subnet: '10.1.2.0/29', id: 123 }] })).toEqual({ result: 1, text: "Can't find subnet '123' to update" });
    expect(await text({ subnet4: [{ id: 123, subnet: '192.0.2.0/24', reservations: [{ 'hw-address': '01:02:03:04:05:06', 'ip-address': '192.0.2.54' }] }] }))
      .toBe("must not specify host reservations with 'subnet4-delta-add'.");
    // Prefix conflict: CfgSubnets4::replace fails.
    expect(await text({ subnet4: [{ subnet: '192.0.2.0/24', id: 5 }] })).toBe("Unable to update subnet '5' in the configuration");
    expect(edits).toHaveLength(0);
  });

  it('merges scalars, options, pools and relay addresses (Subnet4CmdsTest.subnet4DeltaAddAndDelMultiple, scenarios 2, 3, 6, 7)', async () => {
    const { run, get } = setup();
    expect(await run('subnet4-delta-add', { subnet4: [{
      'server-hostname': 'srv0', 'boot-file-name': '5', 'next-server': '198.0.2.1', allocator: 'iterative', 'cache-threshold': 0.25, id: 101,
      'option-data': [routers('192.0.3.1'), routers('192.0.4.1')],
      pools: [
        { 'client-classes': ['phones_server1'], 'evaluate-additional-classes': ['late', 'too-late'], 'option-data': [routers('192.0.5.1'), routers('192.0.6.1')], pool: '192.0.2.1-192.0.2.10' },
        { 'client-classes': ['phones_server2'], 'evaluate-additional-classes': ['extremely-late'], 'option-data': [routers('192.0.7.1'), routers('192.0.8.1')], pool: '192.0.2.11-192.0.2.20' },
      ],
      relay: { 'ip-addresses': ['192.168.0.1'] }, subnet: '192.0.2.0/24',
    }] })).toEqual(updated(101, '192.0.2.0/24'));
    const pool1 = { 'client-classes': ['phones_server1'], 'evaluate-additional-classes': ['late', 'too-late'], 'option-data': [routers('192.0.5.1'), routers('192.0.6.1')], pool: '192.0.2.1-192.0.2.10' };
    expect(await get(101)).toEqual({
      ...DERIVED, 'server-hostname': 'srv0', 'boot-file-name': '5', 'next-server': '198.0.2.1',
      'option-data': [routers('192.0.3.1'), routers('192.0.4.1')],
      pools: [pool1, { 'client-classes': ['phones_server2'], 'evaluate-additional-classes': ['extremely-late'], 'option-data': [routers('192.0.7.1'), routers('192.0.8.1')], pool: '192.0.2.11-192.0.2.20' }],
      relay: { 'ip-addresses': ['192.168.0.1'] },
    });

    // Scenario 6: a changed option updates every copy; lists are appended to.
    expect(await run('subnet4-delta-add', { subnet4: [{
      'server-hostname': 'srv2', id: 101,
      'option-data': [routers('192.0.9.1'), timeServers('192.2.3.1')],
      pools: [
        { 'client-classes': ['phones_server3'], 'evaluate-additional-classes': ['late', 'too-late', 'extremely-late'], 'option-data': [routers('192.0.1.1')], pool: '192.0.2.21-192.0.2.30' },
        { 'client-classes': ['phones_server4'], 'evaluate-additional-classes': ['extremely-late', 'almost-late'], 'option-data': [routers('192.0.7.1', true, true), timeServers('192.1.3.1')], pool: '192.0.2.11-192.0.2.20' },
      ],
      relay: { 'ip-addresses': ['192.168.0.2', '192.168.0.3'] }, subnet: '192.0.2.0/24',
    }] })).toEqual(updated(101, '192.0.2.0/24'));
    expect(await get(101)).toEqual({
      ...DERIVED, 'server-hostname': 'srv2', 'boot-file-name': '5', 'next-server': '198.0.2.1',
      'option-data': [routers('192.0.9.1'), routers('192.0.9.1'), timeServers('192.2.3.1')],
      pools: [
        pool1,
        {
          'client-classes': ['phones_server2', 'phones_server4'], 'evaluate-additional-classes': ['extremely-late', 'almost-late'],
          'option-data': [routers('192.0.7.1', true, true), routers('192.0.7.1', true, true), timeServers('192.1.3.1')], pool: '192.0.2.11-192.0.2.20',
        },
        { 'client-classes': ['phones_server3'], 'evaluate-additional-classes': ['late', 'too-late', 'extremely-late'], 'option-data': [routers('192.0.1.1')], pool: '192.0.2.21-192.0.2.30' },
      ],
      relay: { 'ip-addresses': ['192.168.0.1', '192.168.0.2', '192.168.0.3'] },
    });
  });

  it('matches a configured pool by its range and an option by name or code, and keeps network and reservations', async () => {
    const { run, configured } = setup({
      ...DHCP4,
      'shared-networks': [{ name: 'floor13', subnet4: [{
        id: 7, subnet: '192.0.3.0/24', pools: [{ pool: '192.0.3.0 - 192.0.3.255' }], 'option-data': [{ name: 'routers', data: '192.0.3.1' }],
        reservations: [{ 'hw-address': '1a:1b:1c:1d:1e:1f', 'ip-address': '192.0.3.9' }],
      }] }],
    });
    expect(await run('subnet4-delta-add', { subnet4: [{
      id: 7, subnet: '192.0.3.0/24', 'valid-lifetime': 120,
      pools: [{ pool: '192.0.3.0/24', 'option-data': [{ code: 3, data: '192.0.3.2' }] }], 'option-data': [{ code: 3, data: '192.0.3.254' }],
    }] })).toEqual(updated(7, '192.0.3.0/24'));
    const s = configured(7) as Json;
    expect(s['valid-lifetime']).toBe(120);
    expect(s['pools']).toEqual([{ pool: '192.0.3.0/24', 'option-data': [routers('192.0.3.2')] }]);
    expect(s['option-data']).toEqual([routers('192.0.3.254')]);
    expect(s['reservations']).toHaveLength(1);
  });
});

describe('user-context (mergeDiffAdd / mergeDiffDel on maps without a rule)', () => {
  it('merges maps key by key and refuses a container of another type', async () => {
    const { run, configured } = setup({ ...DHCP4, subnet4: [{ id: 101, subnet: '192.0.2.0/24', 'user-context': { a: 1, tags: ['x'] } }] });
    const base = { id: 101, subnet: '192.0.2.0/24' };
    expect((await run('subnet4-delta-add', { subnet4: [{ ...base, 'user-context': { b: 2, tags: ['y'] } }] })).result).toBe(0);
    expect(configured(101)?.['user-context']).toEqual({ a: 1, b: 2, tags: ['x', 'y'] });
    expect(await run('subnet4-delta-add', { subnet4: [{ ...base, 'user-context': { tags: { z: 1 } } }] }))
      .toEqual({ result: 1, text: 'mergeDiffAdd arguments not same type' });
    expect(await run('subnet4-delta-del', { subnet4: [{ ...base, 'user-context': { tags: 'x' } }] }))
      .toEqual({ result: 1, text: 'mergeDiffDel arguments not same type' });
    // A scalar goes whatever it is given as; a list loses its equal entries.
    expect((await run('subnet4-delta-del', { subnet4: [{ ...base, 'user-context': { a: [], tags: ['x', 'y'] } }] })).result).toBe(0);
    expect(configured(101)?.['user-context']).toEqual({ b: 2 });
  });
});

describe('subnet4-delta-del', () => {
  it('deletes pools written either way (Subnet4CmdsTest.subnet4DeltaDel)', async () => {
    const { run, get } = setup();
    const pools = Array.from({ length: 16 }, (_, i) => ({ pool: `192.0.2.${i * 10 + 1} - 192.0.2.${(i + 1) * 10}` }));
    expect(await run('subnet4-delta-add', { subnet4: [{ id: 101, subnet: '192.0.2.0/24', pools, 'option-data': [{ name: 'foo', data: 'option foo contents' }] }] }))
      .toEqual(updated(101, '192.0.2.0/24'));
    for (let i = 0; i < 16; i += 1) {
      const delta = { id: 101, subnet: '192.0.2.0/24', pools: [{ pool: `192.0.2.${i * 10 + 1}-192.0.2.${(i + 1) * 10}` }], 'option-data': [{ name: 'foo', data: 'option foo contents' }] };
      expect(await run('subnet4-delta-del', { subnet4: [delta] })).toEqual(updated(101, '192.0.2.0/24'));
      expect((await get(101))['pools']).toHaveLength(16 - (i + 1));
      expect((await get(5))['renew-timer']).toBe(30);
    }
    expect((await get(101))['option-data']).toEqual([]);
  });

  it("refuses with Kea's texts (Subnet4CmdsTest.subnet4DeltaDelNegative)", async () => {
    const { run, edits } = setup();
    const text = async (args: Json) => (await run('subnet4-delta-del', args)).text;
    expect((await run('subnet4-delta-del')).text).toBe("no arguments specified for the 'subnet4-delta-del' command");
    expect(await text({})).toBe("invalid number of arguments 0 for the 'subnet4-delta-del' command. Expecting 'subnet4' list");
    expect(await text({ subnet6: 'foo' })).toBe("missing 'subnet4' argument for the 'subnet4-delta-del' command");
    expect(await text({ subnet4: 'foo' })).toBe("'subnet4' argument specified for the 'subnet4-delta-del' command is not a list");
    expect(await text({ subnet4: [{ 'valid-lifetime': 5678, id: 5 }] }))
      .toBe("subnet configuration failed: mandatory 'subnet' parameter is missing for a subnet being configured");
    expect(await text({ subnet4: [{ subnet: '10.1.2.0/29' }] })).toBe("must specify subnet id with 'subnet4-delta-del' command.");
    expect(await run('subnet4-delta-del', { subnet4: [{ subnet: '10.1.2.0/29', id: 123 }] })).toEqual({ result: 1, text: "Can't find subnet '123' to update" });
    expect(await text({ subnet4: [{ id: 123, subnet: '192.0.2.0/24', reservations: [] }] })).toBe("must not specify host reservations with 'subnet4-delta-del'.");
    expect(edits).toHaveLength(0);
  });

  it('removes scalars, options, pool parts and relay addresses (Subnet4CmdsTest.subnet4DeltaAddAndDelMultiple, scenarios 10, 11, 14, 15)', async () => {
    // The subnet of scenario 7, as configured.
    const subnet = {
      id: 101, subnet: '192.0.2.0/24', ...timers, 'server-hostname': 'srv2', 'boot-file-name': '5', 'next-server': '198.0.2.1', allocator: 'iterative', 'cache-threshold': 0.25,
      'option-data': [routers('192.0.9.1'), routers('192.0.9.1'), timeServers('192.2.3.1')],
      pools: [
        { 'client-classes': ['phones_server1'], 'evaluate-additional-classes': ['late', 'too-late'], 'option-data': [routers('192.0.5.1'), routers('192.0.6.1')], pool: '192.0.2.1-192.0.2.10' },
        {
          'client-classes': ['phones_server2', 'phones_server4'], 'evaluate-additional-classes': ['extremely-late', 'almost-late'],
          'option-data': [routers('192.0.7.1', true, true), routers('192.0.7.1', true, true), timeServers('192.1.3.1')], pool: '192.0.2.11 - 192.0.2.20',
        },
        { 'client-classes': ['phones_server3'], 'evaluate-additional-classes': ['late', 'too-late', 'extremely-late'], 'option-data': [routers('192.0.1.1')], pool: '192.0.2.21-192.0.2.30' },
      ],
      relay: { 'ip-addresses': ['192.168.0.1', '192.168.0.2', '192.168.0.3'] },
    };
    const { run, get, configured } = setup({ ...DHCP4, subnet4: [subnet, { id: 5, subnet: '10.0.0.0/8', ...timers }] });
    // Scenario 10: scalars whatever their value, options by code (all copies), parts of pools, a pool by its key.
    expect(await run('subnet4-delta-del', { subnet4: [{
      'server-hostname': 'srv2', 'boot-file-name': '5', 'next-server': '198.0.2.1', allocator: 'iterative', 'cache-threshold': 0.25, id: 101,
      'option-data': [{ code: 3 }, { code: 3 }, { code: 4 }],
      pools: [
        { 'client-classes': ['phones_server1'], 'evaluate-additional-classes': ['late'], 'option-data': [{ code: 3 }], pool: '192.0.2.1-192.0.2.10' },
        { 'evaluate-additional-classes': ['extremely-late', 'almost-late'], 'option-data': [{ code: 3, name: 'routers' }, timeServers('192.1.3.1')], pool: '192.0.2.11-192.0.2.20' },
        { pool: '192.0.2.21-192.0.2.30' },
      ],
      relay: { 'ip-addresses': ['192.168.0.1', '192.168.0.3'] }, subnet: '192.0.2.0/24',
    }] })).toEqual(updated(101, '192.0.2.0/24'));
    expect(await get(101)).toEqual({
      ...DERIVED, 'option-data': [],
      pools: [
        { 'evaluate-additional-classes': ['too-late'], 'option-data': [], pool: '192.0.2.1-192.0.2.10' },
        { 'client-classes': ['phones_server2', 'phones_server4'], 'option-data': [], pool: '192.0.2.11-192.0.2.20' },
      ],
      relay: { 'ip-addresses': ['192.168.0.2'] },
    });
    // Scenario 14: a pool left with nothing but its key goes too.
    expect(await run('subnet4-delta-del', { subnet4: [{
      id: 101, subnet: '192.0.2.0/24', relay: { 'ip-addresses': ['192.168.0.2'] },
      pools: [
        { 'evaluate-additional-classes': ['too-late'], pool: '192.0.2.1-192.0.2.10' },
        { 'client-classes': ['phones_server2', 'phones_server4'], pool: '192.0.2.11-192.0.2.20' },
      ],
    }] })).toEqual(updated(101, '192.0.2.0/24'));
    expect(await get(101)).toEqual({
      ...DERIVED, 'option-data': [], pools: [], relay: { 'ip-addresses': [] },
    });
    // The subnet keeps its identity and its own timers; the relay map went with its last address.
    expect(configured(101)).toEqual({ id: 101, subnet: '192.0.2.0/24', ...timers });
  });

  it('keeps the subnet in its network with its reservations, and deletes an absent pool as a no-op', async () => {
    const { run, configured, edits } = setup();
    expect(await run('subnet4-delta-del', { subnet4: [{ id: 7, subnet: '192.0.3.0/24', pools: [{ pool: '192.0.3.1-192.0.3.9' }], 'valid-lifetime': 0 }] }))
      .toEqual(updated(7, '192.0.3.0/24'));
    const network = ((edits[0]?.next['shared-networks'] as Json[])[0] as Json);
    expect(network['subnet4']).toEqual([DHCP4['shared-networks'][0]?.subnet4[0]]);
    expect(configured(7)?.['reservations']).toHaveLength(1);
  });
});
