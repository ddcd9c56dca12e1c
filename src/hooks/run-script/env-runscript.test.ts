// The environment of kea-hook-runscript. Expected names: its README's list per point (DHCPv4),
// copied verbatim; formats: its src/callouts.cc.
import { describe, expect, it } from 'vitest';
import { LeaseState } from '../../lease/index.js';
import { runscriptEnv4, RUNSCRIPT_POINTS4 } from './env-runscript.js';
import { ackFor, argsOf, directRequest, lease4, RELAY_META, relayedRequest, subnet4 } from './test-helpers.js';

const words = (s: string): string[] => s.trim().split(/\s+/).sort();

const QUERY4 = `KEA_QUERY4_TYPE KEA_QUERY4_INTERFACE KEA_QUERY4_IFINDEX KEA_QUERY4_HWADDR KEA_QUERY4_HWADDR_SOURCE
  KEA_QUERY4_HWADDR_TYPE KEA_QUERY4_RELAYED KEA_QUERY4_RELAY_HOPS KEA_QUERY4_CIADDR KEA_QUERY4_SIADDR
  KEA_QUERY4_YIADDR KEA_QUERY4_GIADDR KEA_QUERY4_RAI KEA_QUERY4_RAI_CIRCUIT_ID KEA_QUERY4_RAI_REMOTE_ID`;
const RESPONSE4 = `KEA_RESPONSE4_TYPE KEA_RESPONSE4_INTERFACE KEA_RESPONSE4_IFINDEX KEA_RESPONSE4_HWADDR
  KEA_RESPONSE4_HWADDR_SOURCE KEA_RESPONSE4_HWADDR_TYPE KEA_RESPONSE4_RELAYED KEA_RESPONSE4_RELAY_HOPS
  KEA_RESPONSE4_CIADDR KEA_RESPONSE4_SIADDR KEA_RESPONSE4_YIADDR KEA_RESPONSE4_GIADDR`;
const SUBNET4 = 'KEA_SUBNET4_PREFIX KEA_SUBNET4_PREFIXLEN KEA_SUBNET4';
const LEASE4 = `KEA_LEASE4_ADDRESS KEA_LEASE4_TYPE KEA_LEASE4_STATE KEA_LEASE4_IS_EXPIRED KEA_LEASE4_HWADDR
  KEA_LEASE4_HOSTNAME KEA_LEASE4_CLIENT_LAST_TRANSMISSION KEA_LEASE4_VALID_LIFETIME`;

/** The README's lists. It names KEA_QUERY4_OPTION60 only under pkt4_receive and pkt4_send. */
const README: Record<(typeof RUNSCRIPT_POINTS4)[number], string> = {
  pkt4_receive: `${QUERY4} KEA_QUERY4_OPTION60`,
  pkt4_send: `${QUERY4} KEA_QUERY4_OPTION60 ${RESPONSE4}`,
  subnet4_select: `${QUERY4} ${SUBNET4}`,
  lease4_select: `${QUERY4} ${SUBNET4} KEA_FAKE_ALLOCATION ${LEASE4}`,
  lease4_renew: `${QUERY4} ${SUBNET4} ${LEASE4}`,
  lease4_release: `${QUERY4} ${LEASE4}`,
  lease4_decline: `${QUERY4} ${LEASE4}`,
  lease4_expire: `${LEASE4} KEA_REMOVE_LEASE`,
  lease4_recover: LEASE4,
};

const ctx = { meta: () => RELAY_META, nowSec: 1_700_000_100 };

function argsFor(point: string): Record<string, unknown> {
  const query4 = relayedRequest();
  // The hook emits option 60 wherever the query has it; the README lists it at two points only.
  if (!point.startsWith('pkt4_')) query4.options.delete(60);
  return {
    query4, response4: ackFor(query4, '192.0.2.10'), subnet4: subnet4(7, '192.0.2.0/24'), fake_allocation: false,
    lease4: lease4('192.0.2.10'), remove_lease: true,
  };
}

describe('runscriptEnv4: names per point (its README)', () => {
  it('handles the DHCPv4 points the hook registers', () => {
    expect([...RUNSCRIPT_POINTS4].sort()).toEqual(words(`pkt4_receive pkt4_send subnet4_select lease4_select lease4_renew
      lease4_release lease4_decline lease4_expire lease4_recover`));
  });

  it.each(RUNSCRIPT_POINTS4)('%s: the variables the README lists', (point) => {
    expect(Object.keys(runscriptEnv4(point, argsOf(argsFor(point)), ctx)).sort()).toEqual(words(README[point]));
  });

  it('option 60 appears at any point whose query has it (the hook\'s code, not only its README)', () => {
    const query4 = relayedRequest();
    expect(runscriptEnv4('lease4_release', argsOf({ query4, lease4: lease4('192.0.2.10') }), ctx)['KEA_QUERY4_OPTION60']).toBe('MSFT 5.0');
  });
});

describe('runscriptEnv4: formats (callouts.cc)', () => {
  it('pkt4_send: the response (on the query\'s interface), then the query; booleans 1/0; RAI as 0x + uppercase hex', () => {
    const env = runscriptEnv4('pkt4_send', argsOf(argsFor('pkt4_send')), ctx);
    expect(Object.keys(env)[0]).toBe('KEA_RESPONSE4_TYPE');
    expect(env).toEqual({
      KEA_RESPONSE4_TYPE: 'DHCPACK', KEA_RESPONSE4_INTERFACE: 'eth1', KEA_RESPONSE4_IFINDEX: '3',
      KEA_RESPONSE4_HWADDR: '00:0c:01:02:03:ab', KEA_RESPONSE4_HWADDR_TYPE: '1', KEA_RESPONSE4_HWADDR_SOURCE: '0',
      KEA_RESPONSE4_CIADDR: '0.0.0.0', KEA_RESPONSE4_SIADDR: '192.0.2.1', KEA_RESPONSE4_YIADDR: '192.0.2.10',
      KEA_RESPONSE4_GIADDR: '10.0.0.1', KEA_RESPONSE4_RELAYED: '1', KEA_RESPONSE4_RELAY_HOPS: '1',
      KEA_QUERY4_TYPE: 'DHCPREQUEST', KEA_QUERY4_INTERFACE: 'eth1', KEA_QUERY4_IFINDEX: '3',
      KEA_QUERY4_HWADDR: '00:0c:01:02:03:ab', KEA_QUERY4_HWADDR_TYPE: '1', KEA_QUERY4_HWADDR_SOURCE: '0',
      KEA_QUERY4_CIADDR: '0.0.0.0', KEA_QUERY4_SIADDR: '0.0.0.0', KEA_QUERY4_YIADDR: '0.0.0.0', KEA_QUERY4_GIADDR: '10.0.0.1',
      KEA_QUERY4_RELAYED: '1', KEA_QUERY4_RELAY_HOPS: '1', KEA_QUERY4_OPTION60: 'MSFT 5.0',
      KEA_QUERY4_RAI: '0x0104657468300203AABBCC', KEA_QUERY4_RAI_CIRCUIT_ID: '0x65746830', KEA_QUERY4_RAI_REMOTE_ID: '0xAABBCC',
    });
  });

  it('lease4_select: subnet, fake allocation, lease', () => {
    const env = runscriptEnv4('lease4_select', argsOf({ ...argsFor('lease4_select'), fake_allocation: true }), ctx);
    expect(env).toMatchObject({
      KEA_SUBNET4: '192.0.2.0/24', KEA_SUBNET4_PREFIX: '192.0.2.0', KEA_SUBNET4_PREFIXLEN: '24', KEA_FAKE_ALLOCATION: '1',
      KEA_LEASE4_TYPE: 'V4', KEA_LEASE4_STATE: 'default', KEA_LEASE4_IS_EXPIRED: '0', KEA_LEASE4_ADDRESS: '192.0.2.10',
      KEA_LEASE4_HWADDR: '00:0c:01:02:03:ab', KEA_LEASE4_HOSTNAME: 'host-a.example.org',
      KEA_LEASE4_CLIENT_LAST_TRANSMISSION: '1700000000', KEA_LEASE4_VALID_LIFETIME: '3600',
    });
  });

  it('IS_EXPIRED: cltt + valid lifetime before now; never for an infinite lifetime', () => {
    const at = (nowSec: number, validLifetime = 3600) =>
      runscriptEnv4('lease4_recover', argsOf({ lease4: lease4('192.0.2.10', { validLifetime, state: LeaseState.ExpiredReclaimed }) }), { nowSec })['KEA_LEASE4_IS_EXPIRED'];
    expect([at(1_700_003_600), at(1_700_003_601), at(2_000_000_000, 0xffffffff)]).toEqual(['0', '1', '0']);
  });

  it('lease4_expire: KEA_REMOVE_LEASE 1/0', () => {
    expect(runscriptEnv4('lease4_expire', argsOf({ lease4: lease4('192.0.2.10'), remove_lease: false }), ctx)['KEA_REMOVE_LEASE']).toBe('0');
  });

  it('subnet4_select without a subnet: empty subnet variables', () => {
    const env = runscriptEnv4('subnet4_select', argsOf({ query4: directRequest() }), { nowSec: 0 });
    expect(env).toMatchObject({ KEA_SUBNET4: '', KEA_SUBNET4_PREFIX: '', KEA_SUBNET4_PREFIXLEN: '', KEA_QUERY4_RELAYED: '0', KEA_QUERY4_INTERFACE: '', KEA_QUERY4_IFINDEX: '' });
    expect(Object.keys(env).filter((k) => k.includes('RAI') || k.includes('OPTION60'))).toEqual([]);
  });

  it('option 60: trailing NULs trimmed; an all-NUL option is absent, as Kea skips it', () => {
    const q = directRequest();
    q.options.set(60, Uint8Array.of(0x61, 0x62, 0, 0));
    expect(runscriptEnv4('pkt4_receive', argsOf({ query4: q }), ctx)['KEA_QUERY4_OPTION60']).toBe('ab');
    q.options.set(60, Uint8Array.of(0, 0));
    expect(runscriptEnv4('pkt4_receive', argsOf({ query4: q }), ctx)).not.toHaveProperty('KEA_QUERY4_OPTION60');
  });
});
