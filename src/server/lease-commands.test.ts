// Kea's DHCPv4 lease commands on a real Dhcp4Server on loopback (unprivileged port, temporary
// memfile lease file). Config: subnet 1 = 127.0.0.0/8 (pool 127.0.1.1-127.0.1.50, pool-id 5),
// subnet 2 = 192.0.2.0/24 (pool 192.0.2.10-192.0.2.20), valid-lifetime 600. Texts and result
// codes are those of Kea 3.0's lease_cmds.cc / lease_parser.cc.
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, config4 } from '../alloc/test-helpers.js';
import { MessageType4, createPacket4, decodePacket4, encodePacket4, type Packet4 } from '../codec/index.js';
import { Dhcp4Server } from './dhcp4-server.js';
import { createLogs } from './logging.js';
import { Udp4Transport } from './transport/udp4.js';

const PORT = 12167 + (process.pid % 1000);
const LOOP = 0x7f000001;
const logs = createLogs([{ name: 'kea-dhcp4', severity: 'NONE', debuglevel: 0, outputs: ['stdout'] }], 'kea-dhcp4');

function dhcp4(dir: string): Record<string, unknown> {
  return {
    'interfaces-config': { interfaces: ['lo'] },
    'lease-database': { type: 'memfile', name: path.join(dir, 'leases4.csv'), 'lfc-interval': 0 },
    'valid-lifetime': 600,
    subnet4: [
      { id: 1, subnet: '127.0.0.0/8', pools: [{ pool: '127.0.1.1 - 127.0.1.50', 'pool-id': 5 }] },
      { id: 2, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.10 - 192.0.2.20' }] },
    ],
    loggers: [{ name: 'kea-dhcp4', severity: 'NONE' }],
  };
}

/** One relayed DORA (giaddr 127.0.0.1, relay-port sub-option so the reply comes back here). */
async function dora(macByte: number): Promise<Packet4> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const replies: Packet4[] = [];
  socket.on('message', (msg) => {
    const d = decodePacket4(msg);
    if (d.ok) replies.push(d.packet);
  });
  const send = (type: number, options: Record<number, Uint8Array> = {}): void => {
    const p = createPacket4({ xid: macByte, chaddr: Uint8Array.of(2, 0, 0, 0, 0, macByte), giaddr: LOOP, hops: 1 });
    p.options.set(53, Uint8Array.of(type));
    p.options.set(82, Uint8Array.of(19, 0));
    for (const [code, payload] of Object.entries(options)) p.options.set(Number(code), payload);
    socket.send(encodePacket4(p), PORT, '127.0.0.1');
  };
  const next = async (): Promise<Packet4> => {
    await expect.poll(() => replies.length, { timeout: 5000, interval: 5 }).toBeGreaterThan(0);
    return replies.shift() as Packet4;
  };
  try {
    send(MessageType4.Discover);
    const offer = await next();
    const y = offer.yiaddr;
    send(MessageType4.Request, { 50: Uint8Array.of(y >>> 24, (y >>> 16) & 255, (y >>> 8) & 255, y & 255), 54: offer.options.get(54) as Uint8Array });
    return await next();
  } finally {
    socket.close();
  }
}

describe('lease commands on Dhcp4Server', () => {
  let dir: string;
  let server: Dhcp4Server;
  let clock: FakeClock;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-lease-cmds-'));
    clock = new FakeClock();
    server = await Dhcp4Server.start(config4(dhcp4(dir)), { logs, dataDir: dir, clock, transport: new Udp4Transport({ port: PORT }) });
  });
  afterEach(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cmd = (command: string, args?: Record<string, unknown>) => server.commands.dispatch(args === undefined ? { command } : { command, arguments: args });
  const add = (ip: string, extra: Record<string, unknown> = {}) => cmd('lease4-add', { 'ip-address': ip, 'hw-address': '1a:1b:1c:1d:1e:1f', ...extra });
  const fileRows = (): string[] => readFileSync(path.join(dir, 'leases4.csv'), 'utf8').trim().split('\n');
  const stat = (name: string): number | undefined => server.stats.get(name);

  it('lists the lease commands', async () => {
    const list = await cmd('list-commands');
    expect(list.arguments).toEqual(expect.arrayContaining([
      'lease4-add', 'lease4-del', 'lease4-get', 'lease4-get-all', 'lease4-get-by-client-id', 'lease4-get-by-hostname',
      'lease4-get-by-hw-address', 'lease4-get-page', 'lease4-update', 'lease4-wipe',
    ]));
  });

  it('lease4-add writes the row before answering, counts it, and lease4-get returns Kea\'s Lease4::toElement', async () => {
    const r = await add('127.0.1.7', { 'client-id': '01:02:03', hostname: 'Host-A.Example.org', 'user-context': { a: 1 } });
    expect(r).toEqual({ result: 0, text: 'Lease for address 127.0.1.7, subnet-id 1 added.' });
    expect(fileRows().at(-1)).toMatch(/^127\.0\.1\.7,1a:1b:1c:1d:1e:1f,01:02:03,600,/);
    expect(stat('subnet[1].assigned-addresses')).toBe(1);
    expect(stat('subnet[1].pool[5].assigned-addresses')).toBe(1);
    expect(stat('assigned-addresses')).toBe(1);
    expect(await cmd('lease4-get', { 'ip-address': '127.0.1.7' })).toEqual({
      result: 0,
      text: 'IPv4 lease found.',
      arguments: {
        'client-id': '01:02:03', cltt: clock.sec, 'fqdn-fwd': false, 'fqdn-rev': false, hostname: 'host-a.example.org',
        'hw-address': '1a:1b:1c:1d:1e:1f', 'ip-address': '127.0.1.7', state: 0, 'subnet-id': 1, 'user-context': { a: 1 }, 'valid-lft': 600,
      },
    });
  });

  it('lease4-add takes expire, valid-lft, subnet-id, pool-id and a comment; finds the subnet when none is given', async () => {
    expect((await add('192.0.2.5', { 'subnet-id': 2, 'valid-lft': 100, expire: 2_000_000_000, 'pool-id': 3, comment: 'c' })).result).toBe(0);
    const got = await cmd('lease4-get', { 'ip-address': '192.0.2.5' });
    expect(got.arguments).toMatchObject({ cltt: 2_000_000_000 - 100, 'valid-lft': 100, 'pool-id': 3, 'user-context': { comment: 'c' }, 'subnet-id': 2 });
    expect((await add('192.0.2.6')).text).toBe('Lease for address 192.0.2.6, subnet-id 2 added.');
  });

  it.each([
    [undefined, 1, 'no parameters specified for the command'],
    [{ 'hw-address': '01:02:03:04:05:06' }, 1, "missing parameter 'ip-address'"],
    [{ 'ip-address': 5, 'hw-address': '' }, 1, "invalid type specified for parameter 'ip-address'"],
    [{ 'ip-address': 'foo', 'hw-address': '' }, 1, "Failed to convert 'foo' to address: Failed to convert string to address 'foo': Invalid argument"],
    [{ 'ip-address': '2001:db8::1', 'hw-address': '' }, 1, 'Non-IPv4 address specified: 2001:db8::1'],
    [{ 'ip-address': '127.0.1.1' }, 1, "missing parameter 'hw-address'"],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '01::02' }, 1, "two consecutive separators (':') specified in a decoded string '01::02'"],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '012:03' }, 1, "invalid format of the decoded string '012:03'"],
    [{ 'ip-address': '127.0.1.1', 'hw-address': 'zz' }, 1, "'z' is not a valid hexadecimal digit in decoded string 'zz'"],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', 'subnet-id': 9 }, 4, 'Invalid subnet-id: No IPv4 subnet with subnet-id=9 currently configured.'],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', 'subnet-id': 2 }, 4, 'The address 127.0.1.1 does not belong to subnet 192.0.2.0/24, subnet-id=2'],
    [{ 'ip-address': '10.0.0.1', 'hw-address': '' }, 4, 'subnet-id not specified and failed to find a subnet for address 10.0.0.1'],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', 'subnet-id': -1 }, 1, "out of range value (-1) specified for parameter 'subnet-id'"],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', 'client-id': '01' }, 1, 'client-id is too short (1), at least 2 is required'],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', 'client-id': 'xyz' }, 1, "'xyz' is not a valid string of hexadecimal digits"],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', expire: 0 }, 1, 'expiration time must be positive for address 127.0.1.1'],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', expire: 10 }, 1, 'expiration time must be greater than valid lifetime for address 127.0.1.1'],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', 'fqdn-fwd': true }, 1, 'No hostname specified and either forward or reverse fqdn was set to true.'],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', 'fqdn-rev': 'yes' }, 1, "invalid type specified for parameter 'fqdn-rev'"],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', state: 5 }, 1,
      'Invalid state value: 5, supported values are: 0 (default), 1 (declined), 2 (expired-reclaimed), 3 (released) and 4 (registered)'],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', 'user-context': [1] }, 1, "Invalid user context '[ 1 ]' is not a JSON map."],
    [{ 'ip-address': '127.0.1.1', 'hw-address': '', 'user-context': { comment: 'a' }, comment: 'b' }, 1,
      'Duplicated comment entry \'"b"\' in user context \'{ "comment": "a" }\''],
  ])('lease4-add %j → %i %s', async (args, result, text) => {
    expect(await cmd('lease4-add', args)).toEqual({ result, text });
    expect(server.leaseStore.count()).toBe(0);
  });

  it('lease4-add refuses an address that has a lease (conflict, 4)', async () => {
    await add('127.0.1.2');
    expect(await add('127.0.1.2')).toEqual({ result: 4, text: 'IPv4 lease already exists.' });
    expect(stat('subnet[1].assigned-addresses')).toBe(1);
  });

  it('lease4-get by address, hw-address and client-id, with Kea\'s errors', async () => {
    await add('127.0.1.3', { 'client-id': 'aa:bb' });
    expect(await cmd('lease4-get', { 'ip-address': '127.0.1.4' })).toEqual({ result: 3, text: 'Lease not found.' });
    expect((await cmd('lease4-get', { 'identifier-type': 'hw-address', identifier: '1a:1b:1c:1d:1e:1f', 'subnet-id': 1 })).result).toBe(0);
    expect((await cmd('lease4-get', { 'identifier-type': 'hw-address', identifier: '1a:1b:1c:1d:1e:1f', 'subnet-id': 2 })).result).toBe(3);
    expect((await cmd('lease4-get', { 'identifier-type': 'client-id', identifier: 'aa:bb', 'subnet-id': 1 })).result).toBe(0);
    // Kea keeps its default address `::` for identifier-type "address": nothing is found.
    expect(await cmd('lease4-get', { 'identifier-type': 'address', identifier: '127.0.1.3', 'subnet-id': 1 })).toEqual({ result: 3, text: 'Lease not found.' });
    const errors: Array<[Record<string, unknown> | undefined, string]> = [
      [undefined, 'Parameters missing or are not a map.'],
      [{ 'ip-address': 1 }, "'ip-address' is not a string."],
      [{ 'ip-address': '2001:db8::1' }, 'Invalid IPv4 address specified: 2001:db8::1'],
      [{ 'ip-address': 'x' }, "Failed to convert string to address 'x': Invalid argument"],
      [{ identifier: 'aa' }, "Mandatory 'subnet-id' parameter missing."],
      [{ 'subnet-id': '1' }, "'subnet-id' parameter is not integer."],
      [{ 'subnet-id': 1, identifier: 'aa' }, "No 'ip-address' provided and 'identifier-type' is either missing or not a string."],
      [{ 'subnet-id': 1, 'identifier-type': 'hw-address' }, "No 'ip-address' provided and 'identifier' is either missing or not a string."],
      [{ 'subnet-id': 1, 'identifier-type': 'flex-id', identifier: 'aa' }, 'Incorrect identifier type: flex-id, the only supported values are: address, hw-address, duid'],
      [{ 'subnet-id': 1, 'identifier-type': 'duid', identifier: 'aa:bb' }, 'Query by duid is not allowed in v4.'],
    ];
    for (const [args, text] of errors) expect(await cmd('lease4-get', args)).toEqual({ result: 1, text });
  });

  it('lease4-get-all: every lease or the listed subnets; empty answers 3', async () => {
    expect(await cmd('lease4-get-all')).toEqual({ result: 3, text: '0 IPv4 lease(s) found.', arguments: { leases: [] } });
    await add('192.0.2.11');
    await add('127.0.1.9');
    await add('127.0.1.8');
    const all = await cmd('lease4-get-all');
    expect(all.text).toBe('3 IPv4 lease(s) found.');
    expect((all.arguments as { leases: Array<{ 'ip-address': string }> }).leases.map((l) => l['ip-address'])).toEqual(['127.0.1.8', '127.0.1.9', '192.0.2.11']);
    const two = await cmd('lease4-get-all', { subnets: [2] });
    expect((two.arguments as { leases: unknown[] }).leases).toHaveLength(1);
    expect(await cmd('lease4-get-all', { subnets: 2 })).toEqual({ result: 1, text: "'subnets' parameter must be a list" });
    expect(await cmd('lease4-get-all', { subnet: [2] })).toEqual({ result: 1, text: "'subnets' parameter not specified" });
    expect(await cmd('lease4-get-all', { subnets: ['2'] })).toEqual({ result: 1, text: 'listed subnet identifiers must be numbers' });
  });

  it('lease4-get-page pages in address order after "from", with a count', async () => {
    for (const ip of ['127.0.1.3', '127.0.1.1', '192.0.2.10', '127.0.1.2']) await add(ip);
    const first = await cmd('lease4-get-page', { from: 'start', limit: 3 });
    expect(first.text).toBe('3 IPv4 lease(s) found.');
    const args = first.arguments as { leases: Array<{ 'ip-address': string }>; count: number };
    expect(args.count).toBe(3);
    expect(args.leases.map((l) => l['ip-address'])).toEqual(['127.0.1.1', '127.0.1.2', '127.0.1.3']);
    const second = await cmd('lease4-get-page', { from: '127.0.1.3', limit: 3 });
    expect((second.arguments as { count: number }).count).toBe(1);
    expect(await cmd('lease4-get-page', { from: '192.0.2.10', limit: 3 })).toEqual({ result: 3, text: '0 IPv4 lease(s) found.', arguments: { leases: [], count: 0 } });
    const errors: Array<[Record<string, unknown> | undefined, string]> = [
      [undefined, 'no parameters specified for the lease4-get-page command'],
      [{ limit: 1 }, "'from' parameter not specified"],
      [{ from: 1, limit: 1 }, "'from' parameter must be a string"],
      [{ from: 'first', limit: 1 }, "'from' parameter value is neither 'start' keyword nor a valid IPv4 address"],
      [{ from: '2001:db8::', limit: 1 }, "'from' parameter value 2001:db8:: is not an IPv4 address"],
      [{ from: 'start' }, "'limit' parameter not specified"],
      [{ from: 'start', limit: '1' }, "'limit' parameter must be a number"],
      [{ from: 'start', limit: 0 }, 'page size of retrieved leases must not be 0'],
    ];
    for (const [a, text] of errors) expect(await cmd('lease4-get-page', a)).toEqual({ result: 1, text });
  });

  it('lease4-get-by-hw-address, -client-id and -hostname search every subnet', async () => {
    await add('127.0.1.5', { 'client-id': '01:aa:bb', hostname: 'pc.example.org' });
    await add('192.0.2.12', { 'client-id': '01:aa:bb' });
    const hw = await cmd('lease4-get-by-hw-address', { 'hw-address': '1A:1B:1C:1D:1E:1F' });
    expect(hw.text).toBe('2 IPv4 lease(s) found.');
    expect((await cmd('lease4-get-by-client-id', { 'client-id': '01:aa:bb' })).text).toBe('2 IPv4 lease(s) found.');
    expect(await cmd('lease4-get-by-client-id', { 'client-id': '01:aa:cc' })).toEqual({ result: 3, text: '0 IPv4 lease(s) found.', arguments: { leases: [] } });
    expect((await cmd('lease4-get-by-hostname', { hostname: 'PC.example.org' })).text).toBe('1 IPv4 lease(s) found.');
    expect(await cmd('lease4-get-by-hostname', { hostname: '' })).toEqual({ result: 1, text: "'hostname' parameter is empty" });
    expect(await cmd('lease4-get-by-hw-address')).toEqual({ result: 1, text: 'Command arguments missing or a not a map.' });
    expect(await cmd('lease4-get-by-hw-address', { hw: 1 })).toEqual({ result: 1, text: "'hw-address' parameter not specified" });
    expect(await cmd('lease4-get-by-client-id', { 'client-id': 1 })).toEqual({ result: 1, text: "'client-id' parameter must be a string" });
  });

  it('lease4-update: conflict for a missing lease, force-create adds, an update moves the statistics', async () => {
    expect(await cmd('lease4-update')).toEqual({ result: 1, text: 'no parameters specified for lease4-update command' });
    expect(await cmd('lease4-update', { 'ip-address': '127.0.1.20', 'hw-address': '01:02:03:04:05:06' })).toEqual({
      result: 4,
      text: 'failed to update the lease with address 127.0.1.20 either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed',
    });
    expect(await cmd('lease4-update', { 'ip-address': '127.0.1.20', 'hw-address': '01:02:03:04:05:06', 'force-create': true }))
      .toEqual({ result: 0, text: 'IPv4 lease added.' });
    expect(stat('subnet[1].assigned-addresses')).toBe(1);
    expect(await cmd('lease4-update', { 'ip-address': '127.0.1.20', 'hw-address': '01:02:03:04:05:07', state: 1 })).toEqual({ result: 0, text: 'IPv4 lease updated.' });
    expect(fileRows().at(-1)).toMatch(/^127\.0\.1\.20,01:02:03:04:05:07,/);
    expect(stat('subnet[1].assigned-addresses')).toBe(1);
    expect(stat('subnet[1].declined-addresses')).toBe(1);
    expect(stat('declined-addresses')).toBe(1);
    await cmd('lease4-update', { 'ip-address': '127.0.1.20', 'hw-address': '01:02:03:04:05:07', state: 2 });
    expect(stat('subnet[1].assigned-addresses')).toBe(0);
    expect(stat('subnet[1].declined-addresses')).toBe(0);
  });

  it('lease4-del by address, hw-address or client-id; the row is deleted in the file and assigned goes down', async () => {
    await add('127.0.1.30', { 'client-id': '01:02' });
    await add('127.0.1.31', { 'hw-address': '00:00:00:00:00:31' });
    await add('127.0.1.32', { 'hw-address': '00:00:00:00:00:32', 'client-id': '05:06' });
    expect(stat('subnet[1].assigned-addresses')).toBe(3);
    expect(await cmd('lease4-del', { 'ip-address': '127.0.1.30' })).toEqual({ result: 0, text: 'IPv4 lease deleted.' });
    const row = fileRows().at(-1)?.split(',') ?? [];
    expect([row[0], row[3]]).toEqual(['127.0.1.30', '0']);
    expect(await cmd('lease4-del', { 'identifier-type': 'hw-address', identifier: '00:00:00:00:00:31', 'subnet-id': 1 })).toEqual({ result: 0, text: 'IPv4 lease deleted.' });
    expect(await cmd('lease4-del', { 'identifier-type': 'client-id', identifier: '05:06', 'subnet-id': 1 })).toEqual({ result: 0, text: 'IPv4 lease deleted.' });
    expect(stat('subnet[1].assigned-addresses')).toBe(0);
    expect(stat('subnet[1].pool[5].assigned-addresses')).toBe(0);
    expect(await cmd('lease4-del', { 'ip-address': '127.0.1.30' })).toEqual({ result: 3, text: 'IPv4 lease not found.' });
    expect(await cmd('lease4-del', { 'subnet-id': 1, 'identifier-type': 'duid', identifier: '01:02' })).toEqual({ result: 1, text: 'Delete by duid is not allowed in v4.' });
    expect(await cmd('lease4-del')).toEqual({ result: 1, text: 'Parameters missing or are not a map.' });
  });

  it('lease4-wipe one subnet or all of them', async () => {
    await add('127.0.1.40');
    await add('192.0.2.13');
    await add('192.0.2.14');
    expect(await cmd('lease4-wipe', { 'subnet-id': 2 })).toEqual({ result: 0, text: 'Deleted 2 IPv4 lease(s) from subnet(s) 2' });
    expect(stat('subnet[2].assigned-addresses')).toBe(0);
    expect(await cmd('lease4-wipe', { 'subnet-id': 2 })).toEqual({ result: 3, text: 'Deleted 0 IPv4 lease(s) from subnet(s) 2' });
    expect(await cmd('lease4-wipe')).toEqual({ result: 0, text: 'Deleted 1 IPv4 lease(s) from subnet(s) 1 2' });
    expect(stat('assigned-addresses')).toBe(0);
    expect(await cmd('lease4-wipe', { 'subnet-id': 'x' })).toEqual({ result: 1, text: "invalid type specified for parameter 'subnet-id'" });
  });

  it('a lease from a relayed DORA is seen and deleted; the statistics follow packets and commands', async () => {
    const ack = await dora(9);
    expect(ack.messageType).toBe(MessageType4.Ack);
    const got = await cmd('lease4-get-by-hw-address', { 'hw-address': '02:00:00:00:00:09' });
    expect(got.result).toBe(0);
    expect(stat('subnet[1].assigned-addresses')).toBe(1);
    expect(await cmd('lease4-del', { 'ip-address': '127.0.1.1' })).toEqual({ result: 0, text: 'IPv4 lease deleted.' });
    expect(stat('subnet[1].assigned-addresses')).toBe(0);
    expect((await cmd('lease4-get', { 'ip-address': '127.0.1.1' })).result).toBe(3);
    const again = await dora(10);
    expect(again.messageType).toBe(MessageType4.Ack);
    expect(stat('subnet[1].assigned-addresses')).toBe(1);
  });

  it('leases added by command survive a restart (they are in the lease file)', async () => {
    await add('127.0.1.44', { hostname: 'kept' });
    await server.stop();
    server = await Dhcp4Server.start(config4(dhcp4(dir)), { logs, dataDir: dir, clock, transport: new Udp4Transport({ port: PORT }) });
    expect((await cmd('lease4-get', { 'ip-address': '127.0.1.44' })).arguments).toMatchObject({ hostname: 'kept' });
    expect(stat('subnet[1].assigned-addresses')).toBe(1);
  });
});
