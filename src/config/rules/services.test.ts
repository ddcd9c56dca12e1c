import { describe, expect, it } from 'vitest';
import { checkServices } from './services.js';
import { brief, runDaemonRule, validateText } from './test-helpers.js';

const run = (text: string) => brief(runDaemonRule(text, (view, ctx) => { checkServices(view, ctx); }));

/** A daemon map with the given members, one per line from line 2. */
const map = (daemon: 'Dhcp4' | 'Dhcp6', ...members: string[]) => `{"${daemon}": {\n${members.join(',\n')}\n}}`;

describe('mac-sources (DHCPv6)', () => {
  it('accepts distinct sources', () => {
    expect(run(map('Dhcp6', '"mac-sources": ["duid", "rfc6939", "remote-id"]'))).toEqual([]);
  });

  it.each([
    ['["rfc6939", "client-link-addr-option"]', '2:28'],
    ['["remote-id", "rfc4649"]', '2:30'],
  ])('rejects the same source under two names %s', (list, pos) => {
    expect(run(map('Dhcp6', `"mac-sources": ${list}`))).toEqual([`error mac-source-duplicate ${pos} /Dhcp6/mac-sources/1`]);
  });
});

describe('server-id (DHCPv6)', () => {
  it.each(['"0a0b0c"', '" 0A0B "', '""'])('accepts identifier %s', (id) => {
    expect(run(map('Dhcp6', `"server-id": {"type": "EN",\n"identifier": ${id}}`))).toEqual([]);
  });

  it('rejects an odd number of hex digits, as Kea does', () => {
    expect(run(map('Dhcp6', '"server-id": {"type": "EN",\n"identifier": "abc"}'))).toEqual(['error server-id-invalid 3:15 /Dhcp6/server-id/identifier']);
  });
});

describe('relay-supplied-options (DHCPv6)', () => {
  it('accepts codes and standard option names', () => {
    expect(run(map('Dhcp6', '"relay-supplied-options": ["65", "+110", "erp-local-domain-name"]'))).toEqual([]);
  });

  it.each([['0'], ['-1'], ['65536'], ['no-such-option'], [' 65']])('rejects %j', (entry) => {
    expect(run(map('Dhcp6', `"relay-supplied-options": [\n${JSON.stringify(entry)}]`)))
      .toEqual(['error relay-supplied-option-invalid 3:1 /Dhcp6/relay-supplied-options/0']);
  });
});

describe('dhcp-queue-control', () => {
  it('says nothing when the queue is off', () => {
    expect(run(map('Dhcp4', '"dhcp-queue-control": {"enable-queue": false, "capacity": 1}'))).toEqual([]);
  });

  it('warns that multi-threading (on by default) turns an enabled queue off', () => {
    expect(run(map('Dhcp4', '"dhcp-queue-control": {\n"enable-queue": true}'))).toEqual(['warning queue-control-ignored 3:17 /Dhcp4/dhcp-queue-control/enable-queue']);
    expect(run(map('Dhcp6', '"multi-threading": {"enable-multi-threading": true},\n"dhcp-queue-control": {\n"enable-queue": true}')))
      .toEqual(['warning queue-control-ignored 4:17 /Dhcp6/dhcp-queue-control/enable-queue']);
  });

  it('checks the capacity when multi-threading is off', () => {
    const mt = '"multi-threading": {"enable-multi-threading": false}';
    expect(run(map('Dhcp4', mt, '"dhcp-queue-control": {"enable-queue": true, "capacity": 5}'))).toEqual([]);
    expect(run(map('Dhcp4', mt, '"dhcp-queue-control": {"enable-queue": true,\n"capacity": 4}')))
      .toEqual(['error queue-capacity-too-small 4:13 /Dhcp4/dhcp-queue-control/capacity']);
  });
});

describe('dhcp-ddns', () => {
  it.each([
    '"enable-updates": true',
    '"enable-updates": false, "server-ip": "::1", "sender-ip": "::1", "sender-port": 53002',
    '"enable-updates": false, "server-ip": "2001:db8::1"',
    '"enable-updates": false, "ncr-protocol": "udp"',
  ])('accepts %s', (body) => {
    expect(run(map('Dhcp4', `"dhcp-ddns": {${body}}`))).toEqual([]);
  });

  it.each([
    ['"enable-updates": false,\n"ncr-protocol": "tcp"', 'error ncr-protocol-unsupported 3:17 /Dhcp4/dhcp-ddns/ncr-protocol'],
    ['"enable-updates": false,\n"sender-ip": "::1"', 'error ddns-address-family-mismatch 3:14 /Dhcp4/dhcp-ddns/sender-ip'],
    ['"enable-updates": false, "server-ip": "2001:db8::1",\n"sender-ip": "192.0.2.1"', 'error ddns-address-family-mismatch 3:14 /Dhcp4/dhcp-ddns/sender-ip'],
    ['"enable-updates": false, "server-ip": "127.0.0.1", "sender-port": 53001,\n"sender-ip": "127.0.0.1"', 'error ddns-sender-is-server 3:14 /Dhcp4/dhcp-ddns/sender-ip'],
    ['"enable-updates": false, "server-ip": "0.0.0.0",\n"sender-port": 53001', 'error ddns-sender-is-server 3:16 /Dhcp4/dhcp-ddns/sender-port'],
  ])('rejects %s', (body, expected) => {
    expect(run(map('Dhcp4', `"dhcp-ddns": {${body}}`))).toEqual([expected]);
  });
});

describe('checks the schema makes (not repeated here)', () => {
  // §16 expired-leases-processing, §17 multi-threading, §19 sanity-checks, §20 compatibility,
  // §21 server-id ranges, G26/G28 mac-sources: the schema rejects these; the rules stay silent.
  it.each([
    ['Dhcp4', '"expired-leases-processing": {"max-reclaim-time": 10001}', '/Dhcp4/expired-leases-processing/max-reclaim-time'],
    ['Dhcp4', '"multi-threading": {"enable-multi-threading": true, "thread-pool-size": 65536}', '/Dhcp4/multi-threading/thread-pool-size'],
    ['Dhcp6', '"sanity-checks": {"lease-checks": "fix-all"}', '/Dhcp6/sanity-checks/lease-checks'],
    ['Dhcp6', '"compatibility": {"exclude-first-last-24": true}', '/Dhcp6/compatibility'],
    ['Dhcp6', '"server-id": {"type": "LLT", "htype": 65536}', '/Dhcp6/server-id/htype'],
    ['Dhcp6', '"mac-sources": []', '/Dhcp6/mac-sources'],
  ] as const)('%s %s', (daemon, member, path) => {
    const issues = validateText(map(daemon, member));
    expect(issues.some((i) => i.severity === 'error' && i.path.startsWith(path))).toBe(true);
    expect(run(map(daemon, member))).toEqual([]);
  });
});

it('never throws on values of the wrong type', () => {
  const junk = ['"mac-sources": [1, null]', '"server-id": 3', '"relay-supplied-options": [7]', '"dhcp-queue-control": []',
    '"dhcp-ddns": {"server-ip": 5, "sender-ip": {}}', '"interfaces-config": 1', '"lease-database": "memfile"',
    '"hosts-databases": [1]', '"config-control": {"config-databases": {}}', '"shared-networks": [{"subnet6": 5}]',
    '"hooks-libraries": [{"library": 1}]', '"loggers": [{"output-options": [{"output": 1}]}]'];
  expect(run(map('Dhcp6', ...junk))).toEqual([]);
  expect(run(map('Dhcp4', ...junk))).toEqual([]);
});
