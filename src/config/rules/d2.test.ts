import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brief, runDocumentRule } from './test-helpers.js';
import { checkDhcpDdns } from './d2.js';
import { keaBase64, keaName, tsigKeyNameError } from './d2-text.js';

const issuesOf = (text: string) => runDocumentRule(text, (root, ctx) => { checkDhcpDdns(root, ctx); });
const run = (text: string) => brief(issuesOf(text));

/** A DhcpDdns map with the given members; the first member is on line 2. */
const d2 = (...members: string[]) => `{"DhcpDdns": {\n${members.join(',\n')}\n}}`;
/** A tsig-keys member (line 2 when first); the first key starts on line 3. */
const tsig = (...keys: string[]) => `"tsig-keys": [\n${keys.join(',\n')}\n]`;
/** A key with a secret file, which draws no clear-text warning. */
const fileKey = (name: string) => `{"name": "${name}", "algorithm": "HMAC-SHA256", "secret-file": "${secretPath('good')}"}`;

let dir = '';
const secretPath = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-d2-'));
  const files: Record<string, string> = {
    good: 'LSWXnfkKZjdPJI5QxlpnfQ==\n',
    crlf: 'LSWXnfkKZjdPJI5QxlpnfQ==\r\n',
    bits: 'AB==\n',
    blank: '\nLSWXnfkKZjdPJI5QxlpnfQ==\n',
    spaces: '   \n',
    wrapped: 'LSWXnfkKZjdP\nJI5QxlpnfQ==\n',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('checkDhcpDdns', () => {
  it('does nothing without a DhcpDdns map', () => {
    expect(run('{"Dhcp4": {"dhcp-ddns": {"enable-updates": true, "server-ip": "192.0.2.1"}}}')).toEqual([]);
  });

  it('accepts a complete, consistent configuration', () => {
    const text = `{"DhcpDdns": {
"ip-address": "127.0.0.1", "port": 53001, "ncr-protocol": "udp",
${tsig(fileKey('k.example.'), `{"name": "t", "algorithm": "hmac-sha512", "digest-bits": 256, "secret-file": "${secretPath('crlf')}"}`)},
"forward-ddns": {"ddns-domains": [
{"name": "example.com.", "key-name": "k.example.", "dns-servers": [{"ip-address": "192.0.2.53"}, {"ip-address": "192.0.2.53", "port": 5353}]},
{"name": "*", "dns-servers": [{"ip-address": "2001:db8::53", "key-name": "t"}]}]},
"reverse-ddns": {"ddns-domains": [
{"name": "2.0.192.in-addr.arpa.", "dns-servers": [{"ip-address": "192.0.2.53"}]},
{"name": "1.0.0.0.8.B.D.0.1.0.0.2.ip6.arpa.", "dns-servers": [{"ip-address": "192.0.2.53"}]},
{"name": "in-addr.arpa.", "dns-servers": [{"ip-address": "192.0.2.53"}]}]}},
"Dhcp4": {"dhcp-ddns": {"enable-updates": true}},
"Dhcp6": {"dhcp-ddns": {"enable-updates": true, "server-ip": "127.0.0.1", "server-port": 53001}}}`;
    expect(run(text)).toEqual([]);
  });
});

describe('ncr-protocol (DG3)', () => {
  it.each(['UDP', 'udp'])('accepts %s', (p) => {
    expect(run(d2(`"ncr-protocol": "${p}"`))).toEqual([]);
  });

  it.each(['TCP', 'tcp'])('rejects %s, which Kea does not implement', (p) => {
    expect(run(d2(`"ncr-protocol": "${p}"`))).toEqual(['error ncr-protocol-unsupported 2:17 /DhcpDdns/ncr-protocol']);
  });
});

describe('tsig key secrets (TK3, TK4, TK7, GR13)', () => {
  it('warns (only) about a valid clear-text secret, which Kea 3.1+ rejects without -X', () => {
    const issues = issuesOf(d2(tsig('{"name": "k", "algorithm": "HMAC-MD5",\n"secret": "LSWXnfkKZjdPJI5QxlpnfQ=="}')));
    expect(brief(issues)).toEqual(['warning clear-text-secret 4:11 /DhcpDdns/tsig-keys/0/secret']);
    expect(issues[0]?.message).toMatch(/Kea 3\.0 accepts/);
    expect(issues[0]?.hint).toMatch(/secret-file/);
  });

  it.each([
    ['AB==', 'non-zero bits'],
    ['AAB=', 'non-zero bits'],
  ])('rejects the clear-text secret %s as Kea decodes base64 (%s), without echoing it', (secret, reason) => {
    const issues = issuesOf(d2(tsig(`{"name": "k", "algorithm": "HMAC-MD5",\n"secret": "${secret}"}`)));
    expect(brief(issues)).toEqual([
      'warning clear-text-secret 4:11 /DhcpDdns/tsig-keys/0/secret',
      'error tsig-secret-invalid 4:11 /DhcpDdns/tsig-keys/0/secret',
    ]);
    expect(issues[1]?.message).toContain(reason);
    for (const i of issues) expect(`${i.message} ${i.hint ?? ''}`).not.toContain(secret);
  });

  it('rejects a secret that is not base64 by Kea\'s rules, and accepts whitespace inside it as Kea does', () => {
    expect(run(d2(tsig('{"name": "k", "algorithm": "HMAC-MD5",\n"secret": "A==="}'))))
      .toEqual(['warning clear-text-secret 4:11 /DhcpDdns/tsig-keys/0/secret', 'error tsig-secret-invalid 4:11 /DhcpDdns/tsig-keys/0/secret']);
    expect(run(d2(tsig('{"name": "k", "algorithm": "HMAC-MD5",\n"secret": "LSWX nfkK ZjdP JI5Q xlpn fQ=="}'))))
      .toEqual(['warning clear-text-secret 4:11 /DhcpDdns/tsig-keys/0/secret']);
  });

  it.each([
    ['secret first', `"secret": "LSWXnfkKZjdPJI5QxlpnfQ==",\n"secret-file": "x"`, 'error mutually-exclusive-keys 5:16 /DhcpDdns/tsig-keys/0/secret-file'],
    ['secret-file first', `"secret-file": "x",\n"secret": "LSWXnfkKZjdPJI5QxlpnfQ=="`, 'error mutually-exclusive-keys 5:11 /DhcpDdns/tsig-keys/0/secret'],
  ])('rejects secret together with secret-file (%s), at the later one', (_, members, expected) => {
    expect(run(d2(tsig(`{"name": "k", "algorithm": "HMAC-MD5",\n${members}}`)))).toEqual([expected]);
  });

  it('rejects a blank secret-file', () => {
    expect(run(d2(tsig('{"name": "k", "algorithm": "HMAC-MD5",\n"secret-file": ""}'))))
      .toEqual(['error tsig-secret-file-blank 4:16 /DhcpDdns/tsig-keys/0/secret-file']);
  });

  it.each([
    ['good', []],
    ['crlf', []],
    ['missing', []],
    ['bits', ['error tsig-secret-invalid 4:16 /DhcpDdns/tsig-keys/0/secret-file']],
    ['blank', ['error tsig-secret-file-empty 4:16 /DhcpDdns/tsig-keys/0/secret-file']],
    ['spaces', ['warning tsig-secret-empty 4:16 /DhcpDdns/tsig-keys/0/secret-file']],
    ['wrapped', ['warning tsig-secret-file-multiline 4:16 /DhcpDdns/tsig-keys/0/secret-file']],
  ])('judges the content of secret-file %s as Kea reads it (first line only)', (file, expected) => {
    const issues = issuesOf(d2(tsig(`{"name": "k", "algorithm": "HMAC-MD5",\n"secret-file": "${secretPath(file)}"}`)));
    expect(brief(issues)).toEqual(expected);
    for (const i of issues) expect(`${i.message} ${i.hint ?? ''}`).not.toMatch(/AB==|LSWX/);
  });
});

describe('tsig key digest-bits (TK6, GR14)', () => {
  const key = (algorithm: string, bits: number) =>
    d2(tsig(`{"name": "k", "algorithm": "${algorithm}", "secret-file": "x",\n"digest-bits": ${bits}}`));

  it.each([
    ['HMAC-MD5', 0], ['HMAC-MD5', 80], ['hmac-sha1', 160], ['HMAC-SHA224', 112],
    ['hmac-sha256', 128], ['HMAC-SHA384', 192], ['Hmac-Sha512', 256],
  ])('accepts %s with %i', (algorithm, bits) => {
    expect(run(key(algorithm, bits))).toEqual([]);
  });

  it.each([
    ['HMAC-MD5', 12, 'not a multiple of 8'],
    ['HMAC-MD5', 72, 'below 80'],
    ['HMAC-SHA224', 104, 'below 112'],
    ['hmac-sha256', 120, 'below 128'],
    ['HMAC-SHA384', 184, 'below 192'],
    ['HMAC-SHA512', 248, 'below 256'],
  ])('rejects %s with %i (%s)', (algorithm, bits, reason) => {
    const issues = issuesOf(key(algorithm, bits));
    expect(brief(issues)).toEqual(['error tsig-digest-bits-invalid 4:16 /DhcpDdns/tsig-keys/0/digest-bits']);
    expect(issues[0]?.message).toContain(reason);
  });

  it('warns when digest-bits exceeds the digest, which Kea then ignores', () => {
    expect(run(key('HMAC-MD5', 256))).toEqual(['warning tsig-digest-bits-ignored 4:16 /DhcpDdns/tsig-keys/0/digest-bits']);
  });
});

describe('tsig key names (TK7, TK8)', () => {
  it('accepts names that differ only in case or final dot (Kea compares exactly)', () => {
    expect(run(d2(tsig(fileKey('k'), fileKey('K'), fileKey('k.'))))).toEqual([]);
  });

  it('rejects a duplicate name at the second key', () => {
    expect(run(d2(tsig(fileKey('k'), `{"algorithm": "HMAC-MD5", "secret-file": "x",\n"name": "k"}`))))
      .toEqual(['error duplicate-tsig-key 5:9 /DhcpDdns/tsig-keys/1/name']);
  });

  it('rejects key names Kea cannot use, and accepts the odd ones it can', () => {
    expect(run(d2(tsig(fileKey('a..b'), fileKey('a:b'), fileKey('key with spaces'))))).toEqual([
      'error tsig-key-name-invalid 3:10 /DhcpDdns/tsig-keys/0/name',
      'error tsig-key-name-invalid 4:10 /DhcpDdns/tsig-keys/1/name',
    ]);
  });

  it.each([
    ['k', undefined], ['.', undefined], ['@', undefined], ['key with spaces', undefined], ['-k', undefined],
    ['a\\.b', undefined], ['a\\058b', 'it contains a ":"'], ['a:b', 'it contains a ":"'],
    ['a..b', 'empty label'], ['.a', 'empty label'], ['a\\', 'incomplete'], ['a\\12', 'incomplete'],
    ['a\\1x2', 'mixes'], ['a\\1x', 'mixes'], ['a\\256', 'above 255'], ['\\[x]', 'bit-string'],
    ['x'.repeat(63), undefined], ['x'.repeat(64), 'longer than 63'],
    [`${'x'.repeat(63)}.`.repeat(3) + 'x'.repeat(61), undefined],
    [`${'x'.repeat(63)}.`.repeat(3) + 'x'.repeat(62), 'longer than 255'],
  ])('Kea name rules: %s', (name, reason) => {
    const got = tsigKeyNameError(name);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(reason);
  });

  it('counts octets of non-ASCII labels', () => {
    expect(keaName('é'.repeat(32)).error).toContain('longer than 63');
  });
});

describe('Kea base64', () => {
  it.each([
    ['', 0], ['   ', 0], ['AAAA', 3], ['AA AA', 3], ['AAAAAA==', 4], ['AAAAAAA=', 5], ['AQ==\r', 1], ['AQ== ', 1],
  ])('decodes %j to %i octets', (text, bytes) => {
    expect(keaBase64(text)).toEqual({ ok: true, bytes });
  });

  it.each([
    ['AB==', 'non-zero bits'], ['B', 'non-zero bits'], ['A', 'multiple of 4'], ['A===', 'more than two'],
    ['AA=A', 'followed by more'], ['AA:A', 'alphabet'], ['AAé=', 'alphabet'], ['AAAAAA', 'multiple of 4'],
  ])('rejects %j (%s)', (text, reason) => {
    const got = keaBase64(text);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.reason).toContain(reason);
  });
});

/** A forward-ddns (or reverse-ddns) member holding the given domains; the first domain is on line 3. */
const domains = (direction: 'forward-ddns' | 'reverse-ddns', ...list: string[]) =>
  `"${direction}": {"ddns-domains": [\n${list.join(',\n')}\n]}`;
const server = '"dns-servers": [{"ip-address": "192.0.2.53"}]';

describe('ddns-domains names (DM5, GR11 and warnings)', () => {
  it.each([
    ['forward-ddns', 'example.com.'], ['forward-ddns', '*'], ['forward-ddns', '_tcp.Example.COM.'],
    ['reverse-ddns', '2.0.192.in-addr.arpa.'], ['reverse-ddns', '0.2.0.192.IN-ADDR.ARPA.'], ['reverse-ddns', 'ip6.arpa.'],
    ['reverse-ddns', '8.b.d.0.1.0.0.2.ip6.arpa.'], ['reverse-ddns', '*'],
  ] as const)('accepts %s domain %s', (direction, name) => {
    expect(run(d2(domains(direction, `{${server},\n"name": "${name}"}`)))).toEqual([]);
  });

  it.each([
    ['forward-ddns', '', 'error domain-name-blank 4:9 /DhcpDdns/forward-ddns/ddns-domains/0/name'],
    ['forward-ddns', 'bad name.com.', 'warning ddns-domain-name-invalid 4:9 /DhcpDdns/forward-ddns/ddns-domains/0/name'],
    ['forward-ddns', 'example.com', 'warning ddns-domain-no-trailing-dot 4:9 /DhcpDdns/forward-ddns/ddns-domains/0/name'],
    ['reverse-ddns', '', 'error domain-name-blank 4:9 /DhcpDdns/reverse-ddns/ddns-domains/0/name'],
    ['reverse-ddns', 'example.com.', 'warning reverse-domain-not-reverse-zone 4:9 /DhcpDdns/reverse-ddns/ddns-domains/0/name'],
    ['reverse-ddns', '0-25.2.0.192.in-addr.arpa.', 'warning reverse-domain-not-reverse-zone 4:9 /DhcpDdns/reverse-ddns/ddns-domains/0/name'],
    ['reverse-ddns', '02.0.192.in-addr.arpa.', 'warning reverse-domain-not-reverse-zone 4:9 /DhcpDdns/reverse-ddns/ddns-domains/0/name'],
    ['reverse-ddns', '256.in-addr.arpa.', 'warning reverse-domain-not-reverse-zone 4:9 /DhcpDdns/reverse-ddns/ddns-domains/0/name'],
    ['reverse-ddns', '10.8.b.d.0.1.0.0.2.ip6.arpa.', 'warning reverse-domain-not-reverse-zone 4:9 /DhcpDdns/reverse-ddns/ddns-domains/0/name'],
  ] as const)('%s domain %j: %s', (direction, name, expected) => {
    expect(run(d2(domains(direction, `{${server},\n"name": "${name}"}`)))).toEqual([expected]);
  });

  it('warns twice about a reverse domain with no final dot outside the reverse trees', () => {
    expect(run(d2(domains('reverse-ddns', `{${server},\n"name": "example.com"}`)))).toEqual([
      'warning ddns-domain-no-trailing-dot 4:9 /DhcpDdns/reverse-ddns/ddns-domains/0/name',
      'warning reverse-domain-not-reverse-zone 4:9 /DhcpDdns/reverse-ddns/ddns-domains/0/name',
    ]);
  });

  it('rejects a duplicate name in one direction (exact text) and warns about a case-only difference', () => {
    const text = d2(domains('forward-ddns',
      `{${server}, "name": "example.com."}`,
      `{${server},\n"name": "example.com."}`,
      `{${server},\n"name": "EXAMPLE.com."}`));
    expect(run(text)).toEqual([
      'error duplicate-ddns-domain 5:9 /DhcpDdns/forward-ddns/ddns-domains/1/name',
      'warning ddns-domain-case-duplicate 7:9 /DhcpDdns/forward-ddns/ddns-domains/2/name',
    ]);
  });

  it('accepts the same name in both directions', () => {
    expect(run(d2(domains('forward-ddns', `{${server}, "name": "*"}`), domains('reverse-ddns', `{${server}, "name": "*"}`)))).toEqual([]);
  });
});

describe('key-name references (DM4, DS1)', () => {
  const withKeys = (...list: string[]) => d2(tsig(fileKey('k')), domains('forward-ddns', ...list));

  it('accepts defined keys on domains and servers', () => {
    expect(run(withKeys('{"name": "example.com.", "key-name": "k", "dns-servers": [{"ip-address": "192.0.2.1", "key-name": "k"}, {"ip-address": "192.0.2.2"}]}'))).toEqual([]);
  });

  it('rejects an undefined domain key used by a server without its own key, with a near-match hint', () => {
    // tsig-keys takes lines 2-4, forward-ddns starts on line 5, its first domain on line 6.
    const issues = issuesOf(withKeys('{"name": "example.com.", "dns-servers": [{"ip-address": "192.0.2.1", "key-name": "k"}, {"ip-address": "192.0.2.2"}],\n"key-name": "K."}'));
    expect(brief(issues)).toEqual(['error undefined-tsig-key 7:13 /DhcpDdns/forward-ddns/ddns-domains/0/key-name']);
    expect(issues[0]?.hint).toMatch(/did you mean 'k'/);
  });

  it('only warns about an undefined domain key when every server has its own key (Kea does not check it)', () => {
    expect(run(withKeys('{"name": "example.com.", "dns-servers": [{"ip-address": "192.0.2.1", "key-name": "k"}],\n"key-name": "nope"}')))
      .toEqual(['warning undefined-tsig-key-unused 7:13 /DhcpDdns/forward-ddns/ddns-domains/0/key-name']);
  });

  it('rejects an undefined server key', () => {
    expect(run(withKeys('{"name": "example.com.", "key-name": "k", "dns-servers": [{"ip-address": "192.0.2.1",\n"key-name": "nope"}]}')))
      .toEqual(['error undefined-tsig-key 7:13 /DhcpDdns/forward-ddns/ddns-domains/0/dns-servers/0/key-name']);
  });

  it('rejects undefined keys without any tsig-keys', () => {
    expect(run(d2(domains('reverse-ddns', `{${server}, "name": "2.0.192.in-addr.arpa.",\n"key-name": "k"}`))))
      .toEqual(['error undefined-tsig-key 4:13 /DhcpDdns/reverse-ddns/ddns-domains/0/key-name']);
  });
});

describe('dns-servers (GR9, DS5)', () => {
  const servers = (...list: string[]) => d2(domains('forward-ddns', `{"name": "example.com.", "dns-servers": [\n${list.join(',\n')}]}`));

  it('accepts distinct servers and ports', () => {
    expect(run(servers('{"ip-address": "192.0.2.1"}', '{"ip-address": "192.0.2.1", "port": 5353}', '{"ip-address": "2001:db8::1", "port": 53}'))).toEqual([]);
  });

  it('rejects port 0', () => {
    expect(run(servers('{"ip-address": "192.0.2.1",\n"port": 0}'))).toEqual(['error out-of-range 5:9 /DhcpDdns/forward-ddns/ddns-domains/0/dns-servers/0/port']);
  });

  it('warns about the same server twice in a domain, addresses compared in canonical form', () => {
    expect(run(servers('{"ip-address": "2001:db8::1"}', '{"ip-address": "2001:DB8:0::1", "port": 53}')))
      .toEqual(['warning duplicate-dns-server 5:1 /DhcpDdns/forward-ddns/ddns-domains/0/dns-servers/1']);
  });
});

describe('the DHCP servers reach the D2 listener (extra warning)', () => {
  const doc = (listener: string, dhcp4: string, dhcp6 = '{"enable-updates": false}') =>
    `{"DhcpDdns": {${listener}},\n"Dhcp4": {"dhcp-ddns":\n${dhcp4}},\n"Dhcp6": {"dhcp-ddns":\n${dhcp6}}}`;

  it.each([
    ['defaults on both sides', '', '{"enable-updates": true}', undefined],
    ['a wildcard IPv4 listener', '"ip-address": "0.0.0.0"', '{"enable-updates": true, "server-ip": "192.0.2.1"}', undefined],
    ['a wildcard IPv6 listener', '"ip-address": "::", "port": 5300', '{"enable-updates": true, "server-ip": "127.0.0.1", "server-port": 5300}',
      '{"enable-updates": true, "server-ip": "2001:db8::1", "server-port": 5300}'],
    ['updates disabled', '"ip-address": "192.0.2.1"', '{"enable-updates": false}', undefined],
    ['the same address written differently', '"ip-address": "::1"', '{"enable-updates": true, "server-ip": "0:0::1"}', undefined],
  ])('accepts %s', (_, listener, dhcp4, dhcp6) => {
    expect(run(doc(listener, dhcp4, dhcp6))).toEqual([]);
  });

  it('warns at enable-updates when the defaults do not reach a moved listener', () => {
    const issues = issuesOf(doc('"ip-address": "192.0.2.1"', '{"enable-updates": true}'));
    expect(brief(issues)).toEqual(['warning d2-listener-mismatch 3:20 /Dhcp4/dhcp-ddns/enable-updates']);
    expect(issues[0]?.message).toBe('the Dhcp4 server sends name change requests to 127.0.0.1 (the default) port 53001 (the default), but DhcpDdns listens on 192.0.2.1 port 53001 (the default)');
  });

  it('warns at server-ip or server-port when they differ', () => {
    expect(run(doc('"port": 53002', '{"enable-updates": true, "server-ip": "127.0.0.1",\n"server-port": 53001}',
      '{"enable-updates": true,\n"server-ip": "::1", "server-port": 53002}'))).toEqual([
      'warning d2-listener-mismatch 4:16 /Dhcp4/dhcp-ddns/server-port',
      'warning d2-listener-mismatch 7:14 /Dhcp6/dhcp-ddns/server-ip',
    ]);
  });
});

describe('robustness', () => {
  it('skips values of the wrong type (the schema reported them) without throwing', () => {
    const text = `{"DhcpDdns": {"ip-address": 5, "port": "x", "ncr-protocol": 1,
"tsig-keys": [1, {"name": 5, "algorithm": [], "digest-bits": "x", "secret": 7}, {"name": "j", "secret-file": {}}, {"name": "k", "algorithm": "HMAC-MD5", "digest-bits": -8, "secret-file": "x"}],
"forward-ddns": {"ddns-domains": [null, {"name": 1, "key-name": 2, "dns-servers": [null, {"ip-address": 3, "port": "53", "key-name": 4}]}]},
"reverse-ddns": []},
"Dhcp4": {"dhcp-ddns": {"enable-updates": true, "server-ip": 1, "server-port": "x"}},
"Dhcp6": {"dhcp-ddns": 5}}`;
    expect(run(text)).toEqual([]);
    expect(run('{"DhcpDdns": {"tsig-keys": {}, "forward-ddns": {"ddns-domains": {}}}}')).toEqual([]);
  });
});

describe('checks shared with the DHCP servers', () => {
  it.each([
    ['control sockets', '"control-sockets": [{"socket-type": "unix", "socket-name": "a"},\n{"socket-type": "unix", "socket-name": "b"}]',
      'error duplicate-unix-socket 3:17 /DhcpDdns/control-sockets/1/socket-type'],
    ['hook libraries', '"hooks-libraries": [\n{"library": "/usr/lib/kea/hooks/"}]',
      'error path-without-filename 3:13 /DhcpDdns/hooks-libraries/0/library'],
    ['loggers', '"loggers": [{"name": "kea-dhcp-ddns", "output-options": [{"output": "stdout"}],\n"output_options": [{"output": "stdout"}]}]',
      'error mutually-exclusive-keys 3:19 /DhcpDdns/loggers/0/output_options'],
  ])('runs the %s checks on DhcpDdns', (_, member, expected) => {
    expect(run(d2(member))).toEqual([expected]);
  });
});
