// Kea's configuration commands (subnet_cmds, host_cmds, class_cmds, subnet4-select-test) over a
// resolved configuration and a fake port. Config: global valid-lifetime 4000, classes phones /
// late (member('phones')) / known-only (member('KNOWN')); shared network floor13 (renew-timer 60)
// with subnet 5 = 192.0.3.0/24; subnet 1 = 192.0.2.0/24 (pool 192.0.2.0/28, relay 10.9.9.9,
// routers option, two reservations), subnet 2 = 198.51.100.0/24 guarded by phones; one global
// reservation. Expected texts come from Kea 3.0's unit tests where they exist (test name cited).
import { describe, expect, it } from 'vitest';
import { CommandRegistry, type CommandResponse } from '../control/commands.js';
import { loadConfigText, resolveDhcp4, type ResolvedConfig4 } from '../config/index.js';
import type { Dhcp4Config } from '../schema/index.js';
import { registerConfigCommands, type ConfigCommandsPort } from './config-commands.js';

const DHCP4 = {
  'valid-lifetime': 4000,
  'client-classes': [
    { name: 'phones', test: "substring(option[60].hex,0,6) == 'Aastra'" },
    { name: 'late', test: "member('phones')" },
    { name: 'known-only', test: "member('KNOWN')" },
  ],
  'shared-networks': [{
    name: 'floor13', 'renew-timer': 60,
    subnet4: [{ id: 5, subnet: '192.0.3.0/24', pools: [{ pool: '192.0.3.10 - 192.0.3.20' }] }],
  }],
  subnet4: [
    {
      id: 1, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.0/28' }], relay: { 'ip-addresses': ['10.9.9.9'] },
      'option-data': [{ name: 'routers', data: '192.0.2.1' }],
      reservations: [
        { 'hw-address': '1A:1B:1C:1D:1E:1F', 'ip-address': '192.0.2.202', hostname: 'Printer' },
        { 'client-id': '01:aa:bb', hostname: 'printer' },
      ],
    },
    { id: 2, subnet: '198.51.100.0/24', 'client-classes': ['phones'] },
  ],
  reservations: [{ 'hw-address': '01:02:03:04:05:06', hostname: 'global' }],
};

function cfgOf(dhcp4: object): ResolvedConfig4 {
  const out = loadConfigText('t.json', JSON.stringify({ Dhcp4: dhcp4 }));
  if (!out.ok) throw new Error('load');
  return resolveDhcp4((out.config.value as { Dhcp4: Dhcp4Config }).Dhcp4);
}

/** The appliance's `exclusive`: one queue, each fn starting when the one before has ended. */
function serially(): ConfigCommandsPort['exclusive'] {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    // The caller gets fn's failure through `run`; the queue only waits for it to settle.
    tail = run.then(() => undefined, () => undefined);
    return run;
  };
}

/** A registry over a fake port recording every edit; `refusal` is what its applyEdit answers. */
function setup(dhcp4: object = DHCP4, refusal?: CommandResponse) {
  const cfg = cfgOf(dhcp4);
  const before = JSON.stringify(cfg.source);
  const edits: Array<{ next: Record<string, unknown>; what: string }> = [];
  const port: ConfigCommandsPort = {
    config: () => cfg,
    applyEdit: async (next, what) => {
      edits.push({ next: next as Record<string, unknown>, what });
      return refusal;
    },
    exclusive: serially(),
  };
  const registry = new CommandRegistry();
  registerConfigCommands(registry, port, 'test');
  const run = (command: string, args?: Record<string, unknown>) =>
    registry.dispatch(args === undefined ? { command } : { command, arguments: args });
  /** The source map was not changed by the commands. */
  const isSourceIntact = (): boolean => JSON.stringify(cfg.source) === before;
  return { run, edits, isSourceIntact };
}

type Json = Record<string, unknown>;
const subnetsOf = (m: Json): Json[] => (m['subnet4'] ?? []) as Json[];

describe('subnet4-list / subnet4-get', () => {
  it('lists subnets in id order with their shared network (Subnet4CmdsTest.subnet4List, noSubnet4List)', async () => {
    const { run } = setup();
    expect(await run('subnet4-list')).toEqual({
      result: 0, text: '3 IPv4 subnets found',
      arguments: { subnets: [
        { id: 1, 'shared-network-name': null, subnet: '192.0.2.0/24' },
        { id: 2, 'shared-network-name': null, subnet: '198.51.100.0/24' },
        { id: 5, 'shared-network-name': 'floor13', subnet: '192.0.3.0/24' },
      ] },
    });
    expect(await setup({}).run('subnet4-list')).toEqual({ result: 3, text: '0 IPv4 subnets found', arguments: { subnets: [] } });
  });

  it("answers a subnet in Kea's toElement shape, with what it inherits", async () => {
    const r = await setup().run('subnet4-get', { id: 1 });
    expect(r.result).toBe(0);
    expect(r.text).toBe('Info about IPv4 subnet 192.0.2.0/24 (id 1) returned');
    expect(r.arguments).toEqual({ subnet4: [{
      '4o6-interface': '', '4o6-interface-id': '', '4o6-subnet': '',
      allocator: 'iterative', 'cache-threshold': 0.25, 'calculate-tee-times': false, id: 1,
      'max-valid-lifetime': 4000, 'min-valid-lifetime': 4000,
      'option-data': [{ 'always-send': false, code: 3, 'csv-format': true, data: '192.0.2.1', name: 'routers', 'never-send': false, space: 'dhcp4' }],
      pools: [{ 'option-data': [], pool: '192.0.2.0/28' }],
      relay: { 'ip-addresses': ['10.9.9.9'] },
      'store-extended-info': false, subnet: '192.0.2.0/24', 't1-percent': 0.5, 't2-percent': 0.875, 'valid-lifetime': 4000,
    }] });
    const inNetwork = await setup().run('subnet4-get', { subnet: '192.0.3.0/24' });
    const s5 = (inNetwork.arguments as { subnet4: Json[] }).subnet4[0] as Json;
    expect(s5['renew-timer']).toBe(60);
    expect(s5['pools']).toEqual([{ 'option-data': [], pool: '192.0.3.10-192.0.3.20' }]);
    expect(s5['reservations']).toBeUndefined();
  });

  it("refuses bad arguments with Kea's texts (Subnet4CmdsTest.subnet4GetNegative, subnet4GetEmpty)", async () => {
    const { run } = setup();
    expect(await run('subnet4-get')).toEqual({ result: 1, text: "no arguments specified for the 'subnet4-get' command" });
    expect(await run('subnet4-get', { id: 5, subnet: '10.0.0.0/8' })).toEqual({
      result: 1, text: "invalid number of arguments 2 for the 'subnet4-get' command. Expecting 'id' or 'subnet'",
    });
    expect((await run('subnet4-get', { id: 'foo' })).text).toBe("'id' parameter must be an integer");
    expect((await run('subnet4-get', { subnet: 6 })).text).toBe("'subnet' parameter must be a string");
    expect((await run('subnet4-get', { 'unsupported-parameter': 6 })).text).toBe("'id' or 'subnet' parameter required");
    expect(await run('subnet4-get', { id: 123 })).toEqual({ result: 3, text: 'No subnet with id 123 found' });
    expect(await run('subnet4-get', { subnet: '10.0.0.0/24' })).toEqual({ result: 3, text: 'No 10.0.0.0/24 subnet found' });
  });
});

describe('subnet4-add / -update / -del', () => {
  it('adds a subnet through the port (Subnet4CmdsTest.subnet4Add)', async () => {
    const { run, edits, isSourceIntact } = setup();
    const r = await run('subnet4-add', { subnet4: [{ id: 10, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10-10.0.0.20' }] }] });
    expect(r).toEqual({ result: 0, text: 'IPv4 subnet added', arguments: { subnets: [{ id: 10, subnet: '10.0.0.0/24' }] } });
    expect(edits).toHaveLength(1);
    expect(edits[0]?.what).toBe('subnet4-add 10.0.0.0/24');
    expect(subnetsOf(edits[0]?.next as Json).map((s) => s['id'])).toEqual([1, 2, 10]);
    expect(isSourceIntact()).toBe(true);
  });

  it("answers the port's refusal as is", async () => {
    const refusal = { result: 1 as const, text: 'the configuration is managed in git at revision abc' };
    const { run } = setup(DHCP4, refusal);
    expect(await run('subnet4-add', { subnet4: [{ id: 10, subnet: '10.0.0.0/24' }] })).toEqual(refusal);
    expect(await run('subnet4-del', { id: 2 })).toEqual(refusal);
  });

  it("checks before editing, with Kea's texts (Subnet4CmdsTest.subnet4AddNegative)", async () => {
    const { run, edits } = setup();
    const text = async (args: Json) => (await run('subnet4-add', args)).text;
    expect((await run('subnet4-add')).text).toBe("no arguments specified for the 'subnet4-add' command");
    expect(await text({})).toBe("invalid number of arguments 0 for the 'subnet4-add' command. Expecting 'subnet4' list");
    expect(await text({ subnet6: 'foo' })).toBe("missing 'subnet4' argument for the 'subnet4-add' command");
    expect(await text({ subnet4: [] })).toBe("invalid number of subnets specified for the 'subnet4-add' command. Expected one subnet");
    expect(await text({ subnet4: 'foo' })).toBe("'subnet4' argument specified for the 'subnet4-add' command is not a list");
    expect(await text({ subnet4: [{ 'valid-lifetime': 5678 }] }))
      .toBe("subnet configuration failed: mandatory 'subnet' parameter is missing for a subnet being configured");
    expect(await text({ subnet4: [{ subnet: '192.0.9.0/24' }] })).toBe("subnet configuration failed: missing parameter 'id'");
    expect(await text({ subnet4: [{ subnet: '10.1.2.0/29', id: 1 }] })).toBe("ID of the new IPv4 subnet '1' is already in use");
    expect(await text({ subnet4: [{ subnet: '192.0.3.0/24', id: 10 }] })).toBe("subnet with the prefix of '192.0.3.0/24' already exists");
    expect(await text({ subnet4: [{ subnet: '10.0.0.0/24', id: 10, reservations: [] }] }))
      .toBe("must not specify host reservations with 'subnet4-add'. Use 'reservation-add' to add a reservation to a subnet");
    expect(edits).toHaveLength(0);
  });

  it('updates a subnet in place, keeping its reservations (Subnet4CmdsTest.subnet4Update, subnet4UpdateNegative)', async () => {
    const { run, edits } = setup();
    expect(await run('subnet4-update', { subnet4: [{ id: 5, subnet: '192.0.3.0/24', 'valid-lifetime': 600 }] })).toEqual({
      result: 0, text: 'IPv4 subnet updated', arguments: { subnets: [{ id: 5, subnet: '192.0.3.0/24' }] },
    });
    const network = ((edits[0]?.next as Json)['shared-networks'] as Json[])[0] as Json;
    expect(network['subnet4']).toEqual([{ id: 5, subnet: '192.0.3.0/24', 'valid-lifetime': 600 }]);
    await run('subnet4-update', { subnet4: [{ id: 1, subnet: '192.0.2.0/24' }] });
    expect((subnetsOf(edits[1]?.next as Json)[0] as Json)['reservations']).toHaveLength(2);
    const text = async (subnet: Json) => (await run('subnet4-update', { subnet4: [subnet] })).text;
    expect(await text({ subnet: '10.1.2.0/29' })).toBe("must specify subnet id with 'subnet4-update' command.");
    expect(await text({ subnet: '10.1.2.0/29', id: 0 })).toBe("The 'id' value (0) is not within expected range: (1 - 4294967294)");
    expect(await text({ subnet: '10.1.2.0/29', id: 123 })).toBe("Can't find subnet '123' to update");
    expect(await text({ subnet: '192.0.2.0/24', id: 5 })).toBe("Unable to update subnet '5' in the configuration");
    expect(await text({ id: 123, subnet: '192.0.2.0/24', reservations: [] })).toBe("must not specify host reservations with 'subnet4-update'.");
  });

  it('deletes a subnet with its reservations (Subnet4CmdsTest.subnet4Del, subnet4DelNegative)', async () => {
    const { run, edits } = setup();
    expect(await run('subnet4-del', { id: 1 })).toEqual({
      result: 0, text: 'IPv4 subnet 192.0.2.0/24 (id 1) deleted', arguments: { subnets: [{ id: 1, subnet: '192.0.2.0/24' }] },
    });
    expect(subnetsOf(edits[0]?.next as Json).map((s) => s['id'])).toEqual([2]);
    expect(await run('subnet4-del', { id: 1000 })).toEqual({ result: 3, text: 'no subnet with id 1000 found' });
    expect((await run('subnet4-del', { id: 'x' })).text).toBe("subnet identifier specified for the 'subnet4-del' is not a number");
    expect((await run('subnet4-del', { foo: 1 })).text).toBe("subnet identifier is required for the 'subnet4-del' command");
  });
});

describe('network4-*', () => {
  it('lists and gets shared networks (Subnet4CmdsTest.sharedNetwork4List, network4Get, network4GetEmpty1)', async () => {
    const { run } = setup();
    expect(await run('network4-list')).toEqual({ result: 0, text: '1 IPv4 network found', arguments: { 'shared-networks': [{ name: 'floor13' }] } });
    const r = await run('network4-get', { name: 'floor13' });
    expect(r.text).toBe("Info about IPv4 shared network 'floor13' returned");
    const net = (r.arguments as { 'shared-networks': Json[] })['shared-networks'][0] as Json;
    expect(net['name']).toBe('floor13');
    expect(net['relay']).toEqual({ 'ip-addresses': [] });
    expect((net['subnet4'] as Json[]).map((s) => s['id'])).toEqual([5]);
    expect(await run('network4-get', { name: 'floor1' })).toEqual({ result: 3, text: "No 'floor1' shared network found" });
    expect((await run('network4-get', { foo: 1 })).text).toBe("invalid 'network4-get': missing mandatory 'name' parameter");
  });

  it('adds and deletes networks, keeping or deleting their subnets (network4Add, network4DelSubnetsAction*)', async () => {
    const { run, edits } = setup();
    expect(await run('network4-add', { 'shared-networks': [{ name: 'floor1', subnet4: [{ id: 100, subnet: '10.1.0.0/24' }] }] })).toEqual({
      result: 0, text: "A new IPv4 shared network 'floor1' added", arguments: { 'shared-networks': [{ name: 'floor1' }] },
    });
    expect((await run('network4-add', { 'shared-networks': [{ name: 'floor13' }] })).text).toBe("duplicate network 'floor13' found in the configuration");
    expect(await run('network4-del', { name: 'floor13' })).toEqual({
      result: 0, text: "IPv4 shared network 'floor13' deleted", arguments: { 'shared-networks': [{ name: 'floor13' }] },
    });
    expect(subnetsOf(edits[1]?.next as Json).map((s) => s['id'])).toEqual([1, 2, 5]);
    await run('network4-del', { name: 'floor13', 'subnets-action': 'delete' });
    expect(subnetsOf(edits[2]?.next as Json).map((s) => s['id'])).toEqual([1, 2]);
    expect((await run('network4-del', { name: 'floor13', 'subnets-action': 'bogus' })).text)
      .toBe("Invalid value for subnets-action parameter: bogus, Supported values: 'keep' and 'delete'.");
    expect(await run('network4-del', { name: 'nope' })).toEqual({ result: 3, text: "no shared network with name 'nope' found" });
  });

  it('moves subnets in and out of a network (Subnet4CmdsTest.network4SubnetAdd, network4SubnetDel)', async () => {
    const { run, edits } = setup();
    expect(await run('network4-subnet-add', { name: 'floor13', id: 2 })).toEqual({
      result: 0, text: "IPv4 subnet 198.51.100.0/24 (id 2) is now part of shared network 'floor13'",
    });
    const net = ((edits[0]?.next as Json)['shared-networks'] as Json[])[0] as Json;
    expect((net['subnet4'] as Json[]).map((s) => s['id'])).toEqual([5, 2]);
    expect(subnetsOf(edits[0]?.next as Json).map((s) => s['id'])).toEqual([1]);
    expect(await run('network4-subnet-del', { name: 'floor13', id: 5 })).toEqual({
      result: 0, text: "IPv4 subnet 192.0.3.0/24 (id 5) is now removed from shared network 'floor13'",
    });
    expect(await run('network4-subnet-del', { name: 'floor13', id: 1 })).toEqual({
      result: 3, text: "The IPv4 subnet with id 1 is not part of the shared network with name 'floor13' found",
    });
    expect(await run('network4-subnet-add', { name: 'x', id: 2 })).toEqual({ result: 3, text: "no IPv4 shared network with name 'x' found" });
    expect(await run('network4-subnet-add', { name: 'floor13', id: 9 })).toEqual({ result: 3, text: "no IPv4 subnet with id '9' found" });
  });
});

describe('reservation-get*', () => {
  it("finds a host by identifier or address, printed as Kea's Host::toElement4 (reservationGetHwAddr4, reservationGetAddr4)", async () => {
    const { run } = setup();
    const byId = await run('reservation-get', { 'subnet-id': 1, 'identifier-type': 'hw-address', identifier: '1a:1b:1c:1d:1e:1f' });
    expect(byId).toEqual({
      result: 0, text: 'Host found.',
      arguments: {
        'boot-file-name': '', 'client-classes': [], hostname: 'Printer', 'hw-address': '1a:1b:1c:1d:1e:1f', 'ip-address': '192.0.2.202',
        'next-server': '0.0.0.0', 'option-data': [], 'server-hostname': '', 'subnet-id': 1,
      },
    });
    expect(await run('reservation-get', { 'subnet-id': 1, 'ip-address': '192.0.2.202' })).toEqual(byId);
    const clientId = await run('reservation-get', { 'subnet-id': 1, 'identifier-type': 'client-id', identifier: '01aabb' });
    expect((clientId.arguments as Json)['client-id']).toBe('01AABB');
    expect(await run('reservation-get', { 'subnet-id': 1, 'ip-address': '192.0.2.203' })).toEqual({ result: 3, text: 'Host not found.' });
    expect(await run('reservation-get', { 'subnet-id': 1, 'ip-address': '192.0.2.202', 'operation-target': 'database' }))
      .toEqual({ result: 3, text: 'Host not found.' });
  });

  it("refuses bad queries with Kea's texts (reservationGet*NoAddress, NoIdentifier, OutOfRangeSubnetID, AddrNotSubnet, IdNotSubnet)", async () => {
    const { run } = setup();
    const text = async (args: Json) => (await run('reservation-get', args)).text;
    expect((await run('reservation-get')).text).toBe('Parameters missing or are not a map.');
    expect(await text({})).toBe("missing parameter 'subnet-id'");
    expect(await text({ 'subnet-id': 1 })).toBe("No 'ip-address' provided and 'identifier-type' is either missing or not a string.");
    expect(await text({ 'identifier-type': 'hw-address' })).toBe("No 'ip-address' provided and 'identifier' is either missing or not a string.");
    expect(await text({ 'subnet-id': -1 })).toBe("The 'subnet-id' value (-1) is not within expected range: (0 - 4294967294)");
    expect(await text({ 'ip-address': '192.0.2.202', 'operation-target': 'invalid' }))
      .toBe("The 'operation-target' value (invalid) is not within expected set: (memory, database, all, default)");
    expect(await text({ 'ip-address': '192.0.2.202' })).toBe(
      "missing parameter 'subnet-id', use 'reservation-get-by-address' with 'ip-address' set to \"192.0.2.202\" to get the list of reservations with this address");
    expect(await text({ 'identifier-type': 'hw-address', identifier: '00:01:02:03:04:05' })).toBe(
      "missing parameter 'subnet-id', use 'reservation-get-by-id' with 'identifier-type' set to \"hw-address\" and 'identifier' to \"00:01:02:03:04:05\" to get the list of reservations with this identifier");
  });

  it('lists, pages and searches hosts (getAll4, getPage4, getByHostname4, getById4, reservationGetByAddress4)', async () => {
    const { run } = setup();
    const all = await run('reservation-get-all', { 'subnet-id': 1 });
    expect(all.text).toBe('2 IPv4 host(s) found.');
    expect((await run('reservation-get-all', { 'subnet-id': 0 })).text).toBe('1 IPv4 host(s) found.');
    expect(await run('reservation-get-all', { 'subnet-id': 7777 })).toEqual({ result: 1, text: "IPv4 subnet with ID of '7777' is not configured" });

    const page1 = await run('reservation-get-page', { limit: 2 });
    expect(page1.text).toBe('2 IPv4 host(s) found.');
    expect((page1.arguments as Json)['next']).toEqual({ from: 2, 'source-index': 0 });
    const page2 = await run('reservation-get-page', { limit: 2, from: 2, 'source-index': 0 });
    expect(((page2.arguments as Json)['hosts'] as Json[]).map((h) => h['subnet-id'])).toEqual([0]);
    const end = await run('reservation-get-page', { limit: 2, from: 3 });
    expect(end).toEqual({ result: 3, text: '0 IPv4 host(s) found.', arguments: { hosts: [], count: 0 } });
    expect((await run('reservation-get-page', { 'subnet-id': 1 })).text).toBe("missing parameter 'limit'");

    const byName = await run('reservation-get-by-hostname', { hostname: 'PRINTER' });
    expect(((byName.arguments as Json)['hosts'] as Json[]).map((h) => h['hostname'])).toEqual(['Printer', 'printer']);
    expect((await run('reservation-get-by-hostname', { hostname: '' })).text).toBe('Empty hostname');

    const byId = await run('reservation-get-by-id', { 'identifier-type': 'hw-address', identifier: '01:02:03:04:05:06' });
    expect(((byId.arguments as Json)['hosts'] as Json[])[0]?.['subnet-id']).toBe(0);
    expect((await run('reservation-get-by-id', { 'identifier-type': 'hw-address', identifier: '01', 'subnet-id': 1 })).text)
      .toBe("'subnet-id' is forbidden in reservation-get-by-id");

    expect((await run('reservation-get-by-address', { 'ip-address': '192.0.2.202' })).text).toBe('1 IPv4 host(s) found.');
    expect((await run('reservation-get-by-address', { 'ip-address': 'bogus' })).text)
      .toBe("Failed to convert 'bogus' to address: Failed to convert string to address 'bogus': Invalid argument");
  });
});

describe('reservation-add / -update / -del (operation-target memory)', () => {
  it('adds to the subnet or the global list (ReservationAdd, reservationAddNoSubnetNoAddress4)', async () => {
    const { run, edits, isSourceIntact } = setup();
    expect(await run('reservation-add', { reservation: { 'subnet-id': 5, 'hw-address': 'aa:bb:cc:dd:ee:ff', 'ip-address': '192.0.3.9' } }))
      .toEqual({ result: 0, text: 'Host added.' });
    const net = ((edits[0]?.next as Json)['shared-networks'] as Json[])[0] as Json;
    expect(((net['subnet4'] as Json[])[0] as Json)['reservations']).toEqual([{ 'hw-address': 'aa:bb:cc:dd:ee:ff', 'ip-address': '192.0.3.9' }]);
    expect(await run('reservation-add', { reservation: { 'hw-address': '1a:1b:1c:1d:1e:00', hostname: 'myhost' } }))
      .toEqual({ result: 0, text: 'Host added. subnet-id not specified, assumed global (subnet-id 0).' });
    expect((edits[1]?.next as Json)['reservations']).toHaveLength(2);
    expect(isSourceIntact()).toBe(true);
    // The edited maps are configurations the server can resolve.
    for (const e of edits) expect(cfgOf(e.next).subnetById.get(5)?.reservations.size).toBe(e === edits[0] ? 1 : 0);
  });

  it("refuses with Kea's texts (reservationAddNoSubnetAddress4*, NonMatchingSubnetPrefix, CfgHosts duplicates)", async () => {
    const { run, edits } = setup();
    const text = async (reservation: Json, extra: Json = {}) => (await run('reservation-add', { reservation, ...extra })).text;
    expect(await text({ 'ip-address': '192.0.2.99', 'hw-address': '1a:1b:1c:1d:1e:2f' })).toBe(
      "Mandatory 'subnet-id' parameter missing. The address '192.0.2.99' belongs to subnet '192.0.2.0/24' id 1.");
    expect(await text({ 'ip-address': '198.51.100.9', 'hw-address': '1a:1b:1c:1d:1e:2f' })).toBe(
      "Mandatory 'subnet-id' parameter missing. The address '198.51.100.9' belongs to guarded subnet '198.51.100.0/24' id 2.");
    expect(await text({ 'ip-address': '172.16.0.1', 'hw-address': '1a:1b:1c:1d:1e:2f' })).toBe(
      "Mandatory 'subnet-id' parameter missing. The address '172.16.0.1' belongs to no configured subnet.");
    expect(await text({ 'subnet-id': 1, 'ip-address': '192.0.3.9', 'hw-address': '1a:1b:1c:1d:1e:2f' })).toBe(
      "specified reservation '192.0.3.9' is not matching the IPv4 subnet prefix '192.0.2.0/24'");
    expect(await text({ 'subnet-id': 9, 'hw-address': '1a:1b:1c:1d:1e:2f' })).toBe("IPv4 subnet with ID of '9' is not configured");
    expect(await text({ 'subnet-id': 1, 'hw-address': '1a:1b:1c:1d:1e:1f' })).toBe(
      "failed to add new host using the HW address '1a:1b:1c:1d:1e:1f' to the IPv4 subnet id '1' as this host has already been added");
    expect(await text({ 'subnet-id': 1, 'hw-address': '1a:1b:1c:1d:1e:2f', 'ip-address': '192.0.2.202' })).toBe(
      "failed to add new host using the HW address '1a:1b:1c:1d:1e:2f and DUID '(null)' to the IPv4 subnet id '1' for the address 192.0.2.202: There's already a reservation for this address");
    expect(await text({ 'subnet-id': 1, 'client-id': '01aabb' })).toBe('failed to add duplicate IPv4 host using identifier: client-id=01AABB');
    expect(await text({ 'subnet-id': 1, 'hw-address': '1a:1b:1c:1d:1e:2f' }, { 'operation-target': 'database' }))
      .toBe('Host database not available, cannot add host.');
    expect(await text({ 'subnet-id': 1 })).toBe(
      'one of the supported identifiers must be specified for host reservation: circuit-id, client-id, duid, flex-id, hw-address');
    expect((await run('reservation-add', { foo: 1 })).text).toBe('reservation must be specified');
    expect(edits).toHaveLength(0);
  });

  it('updates in place and deletes (reservationUpdate*, reservationDelByAddr4MemorySource, reservationDelByIdentifier4MemorySource)', async () => {
    const { run, edits } = setup();
    expect(await run('reservation-update', { reservation: { 'subnet-id': 1, 'client-id': '01:aa:bb', hostname: 'renamed' } }))
      .toEqual({ result: 0, text: 'Host updated.' });
    expect(((subnetsOf(edits[0]?.next as Json)[0] as Json)['reservations'] as Json[])[1]).toEqual({ 'client-id': '01:aa:bb', hostname: 'renamed' });
    expect(await run('reservation-update', { reservation: { 'subnet-id': 1, duid: '1234' } })).toEqual({ result: 1, text: 'Host not updated (not found).' });
    expect((await run('reservation-update', { reservation: { 'subnet-id': '1' } })).text).toBe("'subnet-id' parameter is not integer.");
    expect((await run('reservation-update', { reservation: [] })).text).toBe("invalid command: expected 'reservation' to be a map, got list instead");

    expect(await run('reservation-del', { 'subnet-id': 1, 'ip-address': '192.0.2.202' })).toEqual({ result: 0, text: 'Host deleted.' });
    expect((subnetsOf(edits[1]?.next as Json)[0] as Json)['reservations']).toEqual([{ 'client-id': '01:aa:bb', hostname: 'printer' }]);
    expect(await run('reservation-del', { 'subnet-id': 0, 'identifier-type': 'hw-address', identifier: '01:02:03:04:05:06' }))
      .toEqual({ result: 0, text: 'Host deleted.' });
    expect((edits[2]?.next as Json)['reservations']).toEqual([]);
    expect(await run('reservation-del', { 'subnet-id': 2, 'ip-address': '198.51.100.1' })).toEqual({ result: 3, text: 'Host not deleted (not found).' });
  });
});

describe('reservation edits by position', () => {
  it('deletes and updates the host at its place in the copy, not the first of its list', async () => {
    const hosts = Array.from({ length: 5 }, (_, i) => ({ 'hw-address': `02:00:00:00:00:0${i}`, 'ip-address': `10.0.0.${10 + i}` }));
    const { run, edits } = setup({ subnet4: [{ id: 1, subnet: '10.0.0.0/24', reservations: hosts }] });
    const macs = (i: number) => (((subnetsOf(edits[i]?.next as Json)[0] as Json)['reservations'] as Json[]).map((h) => h['hw-address']));
    expect(await run('reservation-del', { 'subnet-id': 1, 'identifier-type': 'hw-address', identifier: '02:00:00:00:00:03' }))
      .toEqual({ result: 0, text: 'Host deleted.' });
    expect(macs(0)).toEqual(['02:00:00:00:00:00', '02:00:00:00:00:01', '02:00:00:00:00:02', '02:00:00:00:00:04']);
    expect(await run('reservation-update', { reservation: { 'subnet-id': 1, 'hw-address': '02:00:00:00:00:02', hostname: 'two' } }))
      .toEqual({ result: 0, text: 'Host updated.' });
    expect(((subnetsOf(edits[1]?.next as Json)[0] as Json)['reservations'] as Json[])[2]).toEqual({ 'hw-address': '02:00:00:00:00:02', hostname: 'two' });
    expect(macs(1)).toHaveLength(5);
  });
});

describe('class-*', () => {
  it('lists and gets classes (ClassListTwo, ClassGet, ClassGetNotFound)', async () => {
    const { run } = setup();
    expect(await run('class-list')).toEqual({
      result: 0, text: '3 classes found', arguments: { 'client-classes': [{ name: 'phones' }, { name: 'late' }, { name: 'known-only' }] },
    });
    expect(await run('class-get', { name: 'late' })).toEqual({
      result: 0, text: "Class 'late' definition returned",
      arguments: { 'client-classes': [{ 'boot-file-name': '', name: 'late', 'next-server': '0.0.0.0', 'option-data': [], 'server-hostname': '', test: "member('phones')" }] },
    });
    expect(await run('class-get', { name: 'foobar' })).toEqual({ result: 3, text: "Class 'foobar' not found" });
    expect((await run('class-get', { name: 'a', x: 1 })).text).toBe("invalid number of arguments 2 for the 'class-get' command. Expecting 'name' string");
  });

  it("adds, updates and deletes with Kea's checks (ClassAdd*, ClassUpdate*, ClassDel*)", async () => {
    const { run, edits } = setup();
    expect(await run('class-add', { 'client-classes': [{ name: 'foobar', test: "member('ALL')" }] })).toEqual({ result: 0, text: "Class 'foobar' added" });
    expect(((edits[0]?.next as Json)['client-classes'] as Json[]).map((c) => c['name'])).toEqual(['phones', 'late', 'known-only', 'foobar']);
    expect((await run('class-add', { 'client-classes': [{ name: 'phones' }] })).text).toBe("Can't add class: Client Class: phones has already been defined");
    expect((await run('class-add', { 'client-classes': [{ name: 'x', 'bogus-parameter': 1 }] })).text).toBe("unsupported client class parameter 'bogus-parameter'");
    expect((await run('class-add', { 'client-classes': [] })).text).toBe("invalid number of classes specified for the 'class-add' command. Expected one class");
    expect((await run('class-add', { 'client-classes': [5] })).text).toBe("invalid class definition specified for the 'class-add' command. Expected a map");
    expect((await run('network4-add', { 'shared-networks': [] })).text).toBe("invalid number of networks specified for the 'network4-add' command. Expected one network");
    expect((await run('network4-add', { 'shared-networks': 'x' })).text).toBe("'shared-networks' argument specified for the 'network4-add' command is not a list");
    expect((await run('network4-add', { 'shared-networks': [5] })).text).toBe("invalid network information specified for the'network4-add' command. Expected a map");

    expect(await run('class-update', { 'client-classes': [{ name: 'phones', test: "option[60].exists" }] })).toEqual({ result: 0, text: "Class 'phones' updated" });
    expect(await run('class-update', { 'client-classes': [{ name: 'foobar' }] })).toEqual({ result: 3, text: "Class 'foobar' is not found" });
    expect((await run('class-update', { 'client-classes': [{ name: 'phones', test: "member('KNOWN')" }] })).text).toBe(
      "modification of the class 'phones' would affect its dependency on the KNOWN and/or UNKNOWN built-in classes. Such modification is not allowed because there may be other classes depending on those built-ins via the updated class");
    expect((await run('class-update', { 'client-classes': [{}] })).text).toBe("the first class definition is missing a mandatory 'name' parameter");

    expect((await run('class-del', { name: 'phones' })).text).toBe("Class 'phones' is used by class 'late'");
    expect(await run('class-del', { name: 'late' })).toEqual({ result: 0, text: "Class 'late' deleted" });
    expect(await run('class-del', { name: 'foobar' })).toEqual({ result: 3, text: "Class 'foobar' not found" });
    expect((await run('class-del')).text).toBe("invalid command 'class-del': no arguments specified");
  });
});

describe('subnet4-select-test', () => {
  it("selects as the server does and answers Kea's texts", async () => {
    const { run } = setup();
    expect(await run('subnet4-select-test', { relay: '10.9.9.9' })).toEqual({ result: 0, text: "selected subnet '192.0.2.0/24' id 1" });
    expect(await run('subnet4-select-test', { address: '192.0.3.7' })).toEqual({
      result: 0, text: "selected shared network 'floor13' starting with subnet '192.0.3.0/24' id 5",
    });
    expect(await run('subnet4-select-test', { link: '192.0.2.5', subnet: '192.0.3.5' })).toEqual({ result: 0, text: "selected subnet '192.0.2.0/24' id 1" });
    expect(await run('subnet4-select-test', { subnet: '198.51.100.5' })).toEqual({ result: 3, text: 'no subnet selected' });
    expect(await run('subnet4-select-test', { subnet: '198.51.100.5', classes: ['phones'] })).toEqual({ result: 0, text: "selected subnet '198.51.100.0/24' id 2" });
    expect(await run('subnet4-select-test', { address: '2001:db8::1' })).toEqual({ result: 1, text: "bad 'address' entry: not IPv4" });
    expect(await run('subnet4-select-test', { relay: 5 })).toEqual({ result: 1, text: "'relay' entry must be a string" });
    expect(await run('subnet4-select-test', { foo: 'bar' })).toEqual({ result: 1, text: "unknown entry 'foo'" });
    expect(await run('subnet4-select-test')).toEqual({ result: 1, text: 'empty arguments' });
  });
});

describe('absent and empty arguments', () => {
  // Kea tells a request without `arguments` from `"arguments": {}`: the first is refused up
  // front, the second goes on to the command's own checks (subnet_cmds.cc, host_cmds.cc,
  // class_cmds.cc / parseCommandWithArgs, ctrl_dhcp4_srv.cc of Kea 3.0).
  const cases: Array<[string, string, string]> = [
    ['subnet4-get', "no arguments specified for the 'subnet4-get' command",
      "invalid number of arguments 0 for the 'subnet4-get' command. Expecting 'id' or 'subnet'"],
    ['subnet4-add', "no arguments specified for the 'subnet4-add' command",
      "invalid number of arguments 0 for the 'subnet4-add' command. Expecting 'subnet4' list"],
    ['subnet4-update', "no arguments specified for the 'subnet4-update' command",
      "invalid number of arguments 0 for the 'subnet4-update' command. Expecting 'subnet4' list"],
    ['subnet4-delta-add', "no arguments specified for the 'subnet4-delta-add' command",
      "invalid number of arguments 0 for the 'subnet4-delta-add' command. Expecting 'subnet4' list"],
    ['subnet4-delta-del', "no arguments specified for the 'subnet4-delta-del' command",
      "invalid number of arguments 0 for the 'subnet4-delta-del' command. Expecting 'subnet4' list"],
    ['subnet4-del', "no arguments specified for the 'subnet4-del' command",
      "invalid number of arguments specified for the 'subnet4-del command. Expected subnet identifier"],
    ['network4-get', "no arguments specified for the 'network4-get' command", "invalid 'network4-get': missing mandatory 'name' parameter"],
    ['network4-add', "no arguments specified for the 'network4-add' command", "missing 'shared-networks' argument for the 'network4-add' command"],
    ['network4-del', "no arguments specified for the 'network4-del' command", "network name ('name') is required for the 'network4-del' command"],
    ['network4-subnet-add', "no arguments specified for the 'network4-subnet-add' command", "missing 'name' argument for the 'network4-subnet-add' command"],
    ['network4-subnet-del', "no arguments specified for the 'network4-subnet-del' command", "missing 'name' argument for the 'network4-subnet-del' command"],
    ['reservation-get', 'Parameters missing or are not a map.', "missing parameter 'subnet-id'"],
    ['reservation-get-all', 'Parameters missing or are not a map.', "missing parameter 'subnet-id'"],
    ['reservation-get-page', 'Parameters missing or are not a map.', "missing parameter 'limit'"],
    ['reservation-get-by-hostname', 'Parameters missing or are not a map.', "missing parameter 'hostname'"],
    ['reservation-get-by-id', 'Parameters missing or are not a map.', "'identifier-type' is either missing or not a string."],
    ['reservation-get-by-address', 'Parameters missing or are not a map.', "missing parameter 'ip-address'"],
    ['reservation-add', 'no parameters specified for the command', 'reservation must be specified'],
    ['reservation-update', "invalid command: does not contain mandatory 'arguments'",
      "invalid command: expected 'reservation' as the sole parameter inside the 'arguments' map, didn't get it instead"],
    ['reservation-del', 'Parameters missing or are not a map.', "missing parameter 'subnet-id'"],
    ['class-get', "invalid command 'class-get': no arguments specified", "invalid command 'class-get': 'arguments' is empty"],
    ['class-add', "invalid command 'class-add': no arguments specified", "invalid command 'class-add': 'arguments' is empty"],
    ['class-update', "invalid command 'class-update': no arguments specified", "invalid command 'class-update': 'arguments' is empty"],
    ['class-del', "invalid command 'class-del': no arguments specified", "invalid command 'class-del': 'arguments' is empty"],
  ];

  it.each(cases)('%s', async (command, absent, empty) => {
    const { run, edits } = setup();
    expect(await run(command)).toEqual({ result: 1, text: absent });
    expect(await run(command, {})).toEqual({ result: 1, text: empty });
    expect(edits).toHaveLength(0);
  });

  it('subnet4-select-test selects with nothing given rather than refusing an empty map', async () => {
    const { run } = setup();
    expect(await run('subnet4-select-test')).toEqual({ result: 1, text: 'empty arguments' });
    expect(await run('subnet4-select-test', {})).toEqual({ result: 3, text: 'no subnet selected' });
  });
});

describe('concurrent changes', () => {
  /**
   * A port like the appliance's: applyEdit resolves on a later tick and makes the edited map the
   * configuration serving; `exclusive` is the given queue.
   */
  function livePort(exclusive: ConfigCommandsPort['exclusive']) {
    let cfg = cfgOf(DHCP4);
    const port: ConfigCommandsPort = {
      config: () => cfg,
      applyEdit: async (next) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        cfg = cfgOf(next);
        return undefined;
      },
      exclusive,
    };
    const registry = new CommandRegistry();
    registerConfigCommands(registry, port, 'test');
    return { registry, config: () => cfg };
  }

  const N = 8;
  const adds = (registry: CommandRegistry) => Promise.all(Array.from({ length: N }, (_, i) =>
    registry.dispatch({ command: 'subnet4-add', arguments: { subnet4: [{ id: 100 + i, subnet: `10.${i}.0.0/24` }] } })));

  it('keeps every one of N concurrent subnet4-add', async () => {
    const { registry, config } = livePort(serially());
    const answers = await adds(registry);
    expect(answers.every((r) => r.result === 0)).toBe(true);
    expect(config().subnetsInIdOrder.map((s) => s.id)).toEqual([1, 2, 5, ...Array.from({ length: N }, (_, i) => 100 + i)]);
  });

  it('keeps concurrent changes of different kinds', async () => {
    const { registry, config } = livePort(serially());
    const answers = await Promise.all([
      registry.dispatch({ command: 'subnet4-add', arguments: { subnet4: [{ id: 10, subnet: '10.0.0.0/24' }] } }),
      registry.dispatch({ command: 'reservation-add', arguments: { reservation: { 'subnet-id': 1, 'hw-address': 'aa:bb:cc:dd:ee:ff' } } }),
      registry.dispatch({ command: 'class-add', arguments: { 'client-classes': [{ name: 'foobar' }] } }),
      registry.dispatch({ command: 'subnet4-del', arguments: { id: 2 } }),
    ]);
    expect(answers.map((r) => r.result)).toEqual([0, 0, 0, 0]);
    expect(config().subnetsInIdOrder.map((s) => s.id)).toEqual([1, 5, 10]);
    expect(config().subnetById.get(1)?.reservations.size).toBe(3);
    expect(config().classByName.has('foobar')).toBe(true);
  });

  it('loses updates without the queue (what exclusive prevents)', async () => {
    const { registry, config } = livePort((fn) => fn());
    const answers = await adds(registry);
    expect(answers.every((r) => r.result === 0)).toBe(true);
    expect(config().subnetsInIdOrder.length).toBeLessThan(3 + N);
  });
});

describe('reservations at scale', () => {
  // 10 000 hosts in subnet 1 = 10.0.0.0/16; prints the time of a page walk and of single reads
  // (measured, not asserted: the host index is built once per configuration snapshot).
  const HOSTS = 10_000;
  const mac = (i: number): string => `02:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
  const big = {
    subnet4: [{
      id: 1, subnet: '10.0.0.0/16',
      reservations: Array.from({ length: HOSTS }, (_, i) => ({ 'hw-address': mac(i), 'ip-address': `10.0.${(i + 256) >> 8}.${(i + 256) & 0xff}` })),
    }],
  };

  it('pages every host once, with stable ids, and times the walk', async () => {
    const { run } = setup(big);
    const limit = 10;
    const seen = new Set<string>();
    let from: number | undefined;
    // The first read of a snapshot builds its host index.
    const tFirst = performance.now();
    await run('reservation-get-page', { limit });
    const firstMs = performance.now() - tFirst;
    const started = performance.now();
    for (;;) {
      const r = await run('reservation-get-page', { limit, ...(from === undefined ? {} : { from }) });
      const a = r.arguments as { count: number; hosts: Json[]; next?: { from: number } };
      if (a.count === 0) break;
      for (const h of a.hosts) seen.add(String(h['hw-address']));
      from = a.next?.from;
    }
    const walkMs = performance.now() - started;
    const t0 = performance.now();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) {
      expect((await run('reservation-get', { 'subnet-id': 1, 'identifier-type': 'hw-address', identifier: mac(HOSTS - 1 - i) })).result).toBe(0);
    }
    const getMs = (performance.now() - t0) / rounds;
    const t1 = performance.now();
    for (let i = 0; i < rounds; i++) {
      expect((await run('reservation-add', { reservation: { 'subnet-id': 1, 'hw-address': `04:00:00:00:00:${i.toString(16).padStart(2, '0')}` } })).result).toBe(0);
    }
    const addMs = (performance.now() - t1) / rounds;
    console.log(`reservations at scale: ${HOSTS} hosts, first read ${firstMs.toFixed(1)} ms, page walk (limit ${limit}) ${walkMs.toFixed(0)} ms, `
      + `reservation-get ${getMs.toFixed(2)} ms/call, reservation-add (edit only) ${addMs.toFixed(2)} ms/call`);
    expect(seen.size).toBe(HOSTS);
  }, 120_000);
});
