// The environment of Kea's libdhcp_run_script.so. Expected names: ARM 3.0, "libdhcp_run_script.so:
// Run Script Support for External Hook Scripts", copied verbatim; formats: run_script.cc.
import { describe, expect, it } from 'vitest';
import { MessageType4 } from '../../codec/index.js';
import { LeaseState } from '../../lease/index.js';
import { keaEnv4, KEA_RUN_SCRIPT_POINTS4 } from './env-kea.js';
import {
  argsOf, CLIENT_ID, directRequest, ip, lease4, MAC, RELAY_META, relayedRequest, subnet4,
} from './test-helpers.js';

const words = (s: string): string[] => s.trim().split(/\s+/).sort();

const ARM_QUERY4 = `QUERY4_TYPE QUERY4_TXID QUERY4_LOCAL_ADDR QUERY4_LOCAL_PORT QUERY4_REMOTE_ADDR
  QUERY4_REMOTE_PORT QUERY4_IFACE_INDEX QUERY4_IFACE_NAME QUERY4_HOPS QUERY4_SECS QUERY4_FLAGS QUERY4_CIADDR
  QUERY4_SIADDR QUERY4_YIADDR QUERY4_GIADDR QUERY4_RELAYED QUERY4_HWADDR QUERY4_HWADDR_TYPE QUERY4_LOCAL_HWADDR
  QUERY4_LOCAL_HWADDR_TYPE QUERY4_REMOTE_HWADDR QUERY4_REMOTE_HWADDR_TYPE QUERY4_OPTION_82
  QUERY4_OPTION_82_SUB_OPTION_1 QUERY4_OPTION_82_SUB_OPTION_2`;
const ARM_LEASE4 = `LEASE4_ADDRESS LEASE4_CLTT LEASE4_HOSTNAME LEASE4_HWADDR LEASE4_HWADDR_TYPE LEASE4_STATE
  LEASE4_SUBNET_ID LEASE4_VALID_LIFETIME LEASE4_CLIENT_ID`;

/** The ARM's list for each point (option 82 present in the query, one lease and one deleted lease). */
const ARM: Record<(typeof KEA_RUN_SCRIPT_POINTS4)[number], string> = {
  lease4_renew: `${ARM_QUERY4} SUBNET4_ID SUBNET4_NAME SUBNET4_PREFIX SUBNET4_PREFIX_LEN PKT4_CLIENT_ID PKT4_HWADDR
    PKT4_HWADDR_TYPE ${ARM_LEASE4}`,
  lease4_expire: `${ARM_LEASE4} REMOVE_LEASE`,
  lease4_recover: ARM_LEASE4,
  leases4_committed: `${ARM_QUERY4} LEASES4_SIZE DELETED_LEASES4_SIZE
    LEASES4_AT0_ADDRESS LEASES4_AT0_CLTT LEASES4_AT0_HOSTNAME LEASES4_AT0_HWADDR LEASES4_AT0_HWADDR_TYPE
    LEASES4_AT0_STATE LEASES4_AT0_SUBNET_ID LEASES4_AT0_VALID_LIFETIME LEASES4_AT0_CLIENT_ID DELETED_LEASES4_AT0_ADDRESS
    DELETED_LEASES4_AT0_CLTT DELETED_LEASES4_AT0_HOSTNAME DELETED_LEASES4_AT0_HWADDR DELETED_LEASES4_AT0_HWADDR_TYPE
    DELETED_LEASES4_AT0_STATE DELETED_LEASES4_AT0_SUBNET_ID DELETED_LEASES4_AT0_VALID_LIFETIME
    DELETED_LEASES4_AT0_CLIENT_ID`,
  lease4_release: `${ARM_QUERY4} ${ARM_LEASE4}`,
  lease4_decline: `${ARM_QUERY4} ${ARM_LEASE4}`,
};

const query4 = relayedRequest();
const ctx = { meta: () => RELAY_META, nowSec: 1_700_000_100 };
const ARGS = {
  query4, subnet4: subnet4(7, '192.0.2.0/24'), clientid: CLIENT_ID, hwaddr: MAC, lease4: lease4('192.0.2.10'),
  leases4: [lease4('192.0.2.10')], deleted_leases4: [lease4('192.0.2.99', { hostname: '' })], remove_lease: true,
};

describe('keaEnv4: names per point (ARM 3.0)', () => {
  it('handles exactly the DHCPv4 points the ARM lists', () => {
    expect([...KEA_RUN_SCRIPT_POINTS4].sort()).toEqual(words('lease4_renew lease4_expire lease4_recover leases4_committed lease4_release lease4_decline'));
  });

  it.each(KEA_RUN_SCRIPT_POINTS4)('%s: the variables the ARM lists', (point) => {
    expect(Object.keys(keaEnv4(point, argsOf(ARGS), ctx)).sort()).toEqual(words(ARM[point]));
  });

  it('leases4_committed: one LEASES4_AT<i>_* block per lease, none when the list is empty', () => {
    const env = keaEnv4('leases4_committed', argsOf({ ...ARGS, leases4: [lease4('192.0.2.10'), lease4('192.0.2.11')], deleted_leases4: [] }), ctx);
    expect(env['LEASES4_SIZE']).toBe('2');
    expect(env['LEASES4_AT1_ADDRESS']).toBe('192.0.2.11');
    expect(env['DELETED_LEASES4_SIZE']).toBe('0');
    expect(Object.keys(env).filter((k) => k.startsWith('DELETED_LEASES4_AT'))).toEqual([]);
  });
});

describe('keaEnv4: formats (run_script.cc)', () => {
  it('the query: decimal integers, dotted addresses, true/false, colon hex, option 82 as 0x + uppercase hex', () => {
    const env = keaEnv4('lease4_release', argsOf(ARGS), ctx);
    expect(Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('QUERY4_')))).toEqual({
      QUERY4_TYPE: 'DHCPREQUEST',
      QUERY4_TXID: String(0x1234abcd),
      QUERY4_LOCAL_ADDR: '10.0.0.254',
      QUERY4_LOCAL_PORT: '67',
      QUERY4_REMOTE_ADDR: '10.0.0.1',
      QUERY4_REMOTE_PORT: '67',
      QUERY4_IFACE_INDEX: '3',
      QUERY4_IFACE_NAME: 'eth1',
      QUERY4_HOPS: '1',
      QUERY4_SECS: '3',
      QUERY4_FLAGS: '32768',
      QUERY4_CIADDR: '0.0.0.0',
      QUERY4_SIADDR: '0.0.0.0',
      QUERY4_YIADDR: '0.0.0.0',
      QUERY4_GIADDR: '10.0.0.1',
      QUERY4_RELAYED: 'true',
      QUERY4_HWADDR: '00:0c:01:02:03:ab',
      QUERY4_HWADDR_TYPE: '1',
      QUERY4_LOCAL_HWADDR: '',
      QUERY4_LOCAL_HWADDR_TYPE: '',
      QUERY4_REMOTE_HWADDR: '',
      QUERY4_REMOTE_HWADDR_TYPE: '',
      // Kea repacks the sub-options ordered by code: circuit-id (1) before remote-id (2).
      QUERY4_OPTION_82: '0x0104657468300203AABBCC',
      QUERY4_OPTION_82_SUB_OPTION_1: '0x65746830',
      QUERY4_OPTION_82_SUB_OPTION_2: '0xAABBCC',
    });
  });

  it('the order of the variables is Kea\'s', () => {
    const env = keaEnv4('lease4_renew', argsOf(ARGS), ctx);
    const keys = Object.keys(env);
    expect(keys.slice(0, 3)).toEqual(['QUERY4_TYPE', 'QUERY4_TXID', 'QUERY4_LOCAL_ADDR']);
    // 25 QUERY4_* variables (option 82 and both sub-options present), then:
    expect(keys.slice(25)).toEqual([
      'SUBNET4_ID', 'SUBNET4_NAME', 'SUBNET4_PREFIX', 'SUBNET4_PREFIX_LEN', 'PKT4_CLIENT_ID', 'PKT4_HWADDR', 'PKT4_HWADDR_TYPE',
      'LEASE4_ADDRESS', 'LEASE4_CLTT', 'LEASE4_HOSTNAME', 'LEASE4_HWADDR', 'LEASE4_HWADDR_TYPE', 'LEASE4_STATE',
      'LEASE4_SUBNET_ID', 'LEASE4_VALID_LIFETIME', 'LEASE4_CLIENT_ID',
    ]);
  });

  it('the subnet, the renew arguments and the lease', () => {
    const env = keaEnv4('lease4_renew', argsOf(ARGS), ctx);
    expect(env).toMatchObject({
      SUBNET4_ID: '7', SUBNET4_NAME: '192.0.2.0/24', SUBNET4_PREFIX: '192.0.2.0', SUBNET4_PREFIX_LEN: '24',
      PKT4_CLIENT_ID: '01:00:0c:01:02:03:ab', PKT4_HWADDR: '00:0c:01:02:03:ab', PKT4_HWADDR_TYPE: '1',
      LEASE4_ADDRESS: '192.0.2.10', LEASE4_CLTT: '1700000000', LEASE4_HOSTNAME: 'host-a.example.org',
      LEASE4_HWADDR: '00:0c:01:02:03:ab', LEASE4_HWADDR_TYPE: '1', LEASE4_STATE: 'default', LEASE4_SUBNET_ID: '7',
      LEASE4_VALID_LIFETIME: '3600', LEASE4_CLIENT_ID: '01:00:0c:01:02:03:ab',
    });
  });

  it('a subnet written with host bits keeps them, as Kea does', () => {
    const env = keaEnv4('lease4_renew', argsOf({ ...ARGS, subnet4: subnet4(7, '192.0.2.1/24') }), ctx);
    expect([env['SUBNET4_NAME'], env['SUBNET4_PREFIX']]).toEqual(['192.0.2.1/24', '192.0.2.1']);
  });

  it('lease states, absent client id, declined lease without hardware address, infinite lifetime', () => {
    const declined = lease4('192.0.2.10', { state: LeaseState.Declined, clientId: null, hwaddr: new Uint8Array(0), validLifetime: 0xffffffff });
    expect(keaEnv4('lease4_recover', argsOf({ lease4: declined }), ctx)).toMatchObject({
      LEASE4_STATE: 'declined', LEASE4_CLIENT_ID: '', LEASE4_HWADDR: '', LEASE4_HWADDR_TYPE: '1', LEASE4_VALID_LIFETIME: '4294967295',
    });
    const states = [LeaseState.ExpiredReclaimed, LeaseState.Released, 9].map((state) =>
      keaEnv4('lease4_recover', argsOf({ lease4: lease4('192.0.2.10', { state: state as LeaseState }) }), ctx)['LEASE4_STATE']);
    expect(states).toEqual(['expired-reclaimed', 'released', 'unknown (9)']);
  });

  it('REMOVE_LEASE is true/false', () => {
    expect(keaEnv4('lease4_expire', argsOf({ ...ARGS, remove_lease: true }), ctx)['REMOVE_LEASE']).toBe('true');
    expect(keaEnv4('lease4_expire', argsOf({ ...ARGS, remove_lease: false }), ctx)['REMOVE_LEASE']).toBe('false');
  });

  it('a direct query: RELAYED false, no option 82 variables; without metadata, a Pkt4\'s defaults', () => {
    const env = keaEnv4('lease4_release', argsOf({ query4: directRequest(MessageType4.Release), lease4: lease4('192.0.2.10') }), { nowSec: 0 });
    expect(env).toMatchObject({
      QUERY4_TYPE: 'DHCPRELEASE', QUERY4_TXID: '7', QUERY4_RELAYED: 'false', QUERY4_GIADDR: '0.0.0.0',
      QUERY4_LOCAL_ADDR: '0.0.0.0', QUERY4_LOCAL_PORT: '67', QUERY4_REMOTE_ADDR: '0.0.0.0', QUERY4_REMOTE_PORT: '68',
      QUERY4_IFACE_INDEX: '', QUERY4_IFACE_NAME: '',
    });
    expect(Object.keys(env).filter((k) => k.includes('OPTION_82'))).toEqual([]);
  });

  it('raw-socket Ethernet addresses, when the transport recorded them', () => {
    const meta = { ...RELAY_META, localHwaddr: Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), remoteHwaddr: MAC };
    expect(keaEnv4('lease4_decline', argsOf(ARGS), { meta: () => meta, nowSec: 0 })).toMatchObject({
      QUERY4_LOCAL_HWADDR: 'ff:ff:ff:ff:ff:ff', QUERY4_LOCAL_HWADDR_TYPE: '1', QUERY4_REMOTE_HWADDR: '00:0c:01:02:03:ab', QUERY4_REMOTE_HWADDR_TYPE: '1',
    });
  });

  it('BOOTP (no option 53) is UNKNOWN; hlen shorter or longer than 16 as Kea reads chaddr', () => {
    const q = directRequest();
    q.options.delete(53);
    q.hlen = 3;
    expect(keaEnv4('lease4_release', argsOf({ query4: q }), ctx)).toMatchObject({ QUERY4_TYPE: 'UNKNOWN', QUERY4_HWADDR: '00:0c:01' });
    q.hlen = 18;
    expect(keaEnv4('lease4_release', argsOf({ query4: q }), ctx)['QUERY4_HWADDR']).toBe(`00:0c:01:02:03:ab${':00'.repeat(12)}`);
  });

  it('absent arguments: the same names with empty values, as Kea\'s null branches', () => {
    const env = keaEnv4('lease4_renew', argsOf({}), ctx);
    expect(Object.keys(env).sort()).toEqual(words(ARM['lease4_renew']).filter((k) => !k.includes('OPTION_82')));
    expect(Object.values(env).every((v) => v === '')).toBe(true);
    expect(keaEnv4('leases4_committed', argsOf({ query4 }), ctx)).toMatchObject({ LEASES4_SIZE: '0', DELETED_LEASES4_SIZE: '0' });
  });

  it('a NUL in a value ends it (execve reads C strings)', () => {
    expect(keaEnv4('lease4_recover', argsOf({ lease4: lease4('192.0.2.10', { hostname: 'a\0b' }) }), ctx)['LEASE4_HOSTNAME']).toBe('a');
  });

  it('addresses at or above 128.0.0.0 print unsigned', () => {
    expect(ip('203.0.113.5')).toBeGreaterThan(0x7fffffff);
    expect(keaEnv4('lease4_recover', argsOf({ lease4: lease4('203.0.113.5') }), ctx)['LEASE4_ADDRESS']).toBe('203.0.113.5');
  });
});
