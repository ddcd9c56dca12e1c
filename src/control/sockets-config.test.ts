// Kea's control-socket / control-sockets turned into listener specs: defaults, TLS setup rules,
// credentials read from files as Kea reads them, and the loopback/exposure predicates.
import { describe, expect, it } from 'vitest';
import type { ControlSocket4 } from '../schema/index.js';
import { controlSocketsOf, isLoopback, isUnauthenticatedOnNetwork, readSecretFile, type HttpSocketSpec } from './sockets-config.js';

/** A readText over an in-memory file system that records what was read. */
function files(contents: Record<string, string>): { readText: (f: string) => string; read: string[] } {
  const read: string[] = [];
  return {
    read,
    readText: (f) => {
      read.push(f);
      const c = contents[f];
      if (c === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${f}'`), { code: 'ENOENT' });
      return c;
    },
  };
}

const none = files({});
const TLS = { 'trust-anchor': '/etc/kea/ca.pem', 'cert-file': '/etc/kea/c.pem', 'key-file': '/etc/kea/k.pem' } as const;

describe('controlSocketsOf', () => {
  it("fills in Kea's defaults for an http socket, and reads a unix socket's path", () => {
    const out = controlSocketsOf({ 'control-sockets': [{ 'socket-type': 'unix', 'socket-name': '/run/kea/k4.sock' }, { 'socket-type': 'http' }] }, none);
    expect(out).toEqual({
      unix: [{ path: '/run/kea/k4.sock' }],
      http: [{ tls: false, address: '127.0.0.1', port: 8000, certRequired: true, headers: [] }],
      problems: [],
    });
  });

  it('takes the single control-socket of Kea 3.0, and ::1 as the default address of kea-dhcp6', () => {
    const out = controlSocketsOf({ 'control-socket': { 'socket-type': 'http', 'socket-port': 8004 } }, { ...none, daemon: 'dhcp6' });
    expect(out.http).toEqual([{ tls: false, address: '::1', port: 8004, certRequired: true, headers: [] }]);
  });

  it('uses control-socket only when both are set, as Kea 3.0 overwrites the list with it', () => {
    const out = controlSocketsOf({
      'control-socket': { 'socket-type': 'unix', 'socket-name': 'a' },
      'control-sockets': [{ 'socket-type': 'unix', 'socket-name': 'b' }],
    }, none);
    expect(out.unix).toEqual([{ path: 'a' }]);
    expect(out.problems).toEqual(['control-socket and control-sockets are both set; Kea 3.0 uses control-socket only, so control-sockets is ignored']);
  });

  it('keeps the first of two unix sockets', () => {
    const out = controlSocketsOf({ 'control-sockets': [{ 'socket-type': 'unix', 'socket-name': 'a' }, { 'socket-type': 'unix', 'socket-name': 'b' }] }, none);
    expect(out.unix).toEqual([{ path: 'a' }]);
    expect(out.problems).toEqual(['control-sockets[1]: a unix control socket is already configured (a); Kea accepts one, this one is ignored']);
  });

  it('copies TLS files, cert-required, http-headers and the address', () => {
    const socket: ControlSocket4 = {
      'socket-type': 'https', 'socket-address': '192.0.2.1', ...TLS, 'cert-required': false,
      'http-headers': [{ name: 'Strict-Transport-Security', value: 'max-age=31536000' }],
    };
    expect(controlSocketsOf({ 'control-sockets': [socket] }, none).http).toEqual([{
      tls: true, address: '192.0.2.1', port: 8000, trustAnchor: '/etc/kea/ca.pem', certFile: '/etc/kea/c.pem', keyFile: '/etc/kea/k.pem',
      certRequired: false, headers: [{ name: 'Strict-Transport-Security', value: 'max-age=31536000' }],
    }]);
  });

  it('speaks TLS on socket-type http with the three TLS files, as http_command_mgr.cc does', () => {
    expect(controlSocketsOf({ 'control-sockets': [{ 'socket-type': 'http', ...TLS }] }, none).http[0]?.tls).toBe(true);
  });

  it('leaves out https without TLS files and partial TLS setups', () => {
    const out = controlSocketsOf({ 'control-sockets': [
      { 'socket-type': 'https' },
      { 'socket-type': 'http', 'cert-file': 'c.pem', 'key-file': '' },
    ] }, none);
    expect(out.http).toEqual([]);
    expect(out.problems).toEqual([
      'control-sockets[0]: an https control socket needs trust-anchor, cert-file and key-file (Kea: "no TLS setup for a HTTPS control socket"); it is not started',
      'control-sockets[1]: trust-anchor, key-file missing or empty: all or none of trust-anchor, cert-file and key-file must be set; it is not started',
    ]);
  });
});

describe('authentication', () => {
  const withClients = (clients: unknown[], extra: Record<string, unknown> = {}): Parameters<typeof controlSocketsOf>[0] =>
    ({ 'control-sockets': [{ 'socket-type': 'http', authentication: { type: 'basic', ...extra, clients } } as ControlSocket4] });

  it("takes inline credentials and the daemon's default realm", () => {
    const out = controlSocketsOf(withClients([{ user: 'admin', password: 'secret' }]), none);
    expect(out.http[0]?.auth).toEqual({ realm: 'kea-dhcpv4-server', clients: [{ user: 'admin', password: 'secret' }] });
    const d2 = controlSocketsOf(withClients([], { realm: 'lab' }), { ...none, daemon: 'd2' });
    expect(d2.http[0]?.auth).toEqual({ realm: 'lab', clients: [] });
  });

  it("reads user-file and password-file in the directory, keeping the first word as Kea's getContent does", () => {
    const fs = files({ '/etc/kea/user': 'admin\n', '/etc/kea/pw': '  s3cret extra words\nsecond line\n' });
    const out = controlSocketsOf(withClients([{ 'user-file': 'user', 'password-file': '/pw' }], { directory: '/etc/kea' }), fs);
    expect(out.problems).toEqual([]);
    expect(out.http[0]?.auth?.clients).toEqual([{ user: 'admin', password: 's3cret' }]);
    expect(fs.read).toEqual(['/etc/kea/user', '/etc/kea/pw']);
  });

  it('splits a password-file used alone at its first colon', () => {
    const fs = files({ '/etc/kea/secret': 'admin:pa:ss\n' });
    const out = controlSocketsOf(withClients([{ 'password-file': 'secret' }], { directory: '/etc/kea/' }), fs);
    expect(out.http[0]?.auth?.clients).toEqual([{ user: 'admin', password: 'pa:ss' }]);
  });

  it.each([
    [{ 'password-file': 'missing' }, "control-sockets[0] authentication client 0: cannot read /etc/kea/missing; the socket is not started"],
    [{ 'password-file': 'nocolon' }, 'control-sockets[0] authentication client 0: password-file nocolon holds no "user:password" (no \':\' in its first word); the socket is not started'],
    [{ 'user-file': 'empty', password: 'x' }, 'control-sockets[0] authentication client 0: the user from user-file empty is empty; the socket is not started'],
    [{ user: 'a:b', password: 'x' }, "control-sockets[0] authentication client 0: the user from user contains ':'; the socket is not started"],
    [{ password: 'x' }, 'control-sockets[0] authentication client 0: no user: set user-file, user, or a password-file holding "user:password"; the socket is not started'],
  ])('leaves the whole socket out when client %j cannot be used', (client, problem) => {
    const fs = files({ '/etc/kea/nocolon': 'justapassword', '/etc/kea/empty': '\n\n' });
    const out = controlSocketsOf(withClients([{ user: 'ok', password: 'ok' }, client], { directory: '/etc/kea' }), fs);
    expect(out.http).toEqual([]);
    expect(out.problems).toEqual([problem.replace('client 0', 'client 1')]);
  });

  it('keeps the cause of an unreadable file', () => {
    expect(() => readSecretFile('/d', 'f', none.readText)).toThrow(expect.objectContaining({ message: 'cannot read /d/f', cause: expect.objectContaining({ code: 'ENOENT' }) }));
  });

  it('joins directory and file with exactly one slash, an empty directory meaning the root', () => {
    const fs = files({ '/pw': 'a', '/etc/kea/pw': 'b' });
    expect(readSecretFile('', 'pw', fs.readText)).toBe('a');
    expect(readSecretFile('/etc/kea/', '/pw', fs.readText)).toBe('b');
  });
});

describe('isLoopback and isUnauthenticatedOnNetwork', () => {
  it.each([
    ['127.0.0.1', true], ['127.255.0.9', true], ['::1', true], ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false], ['::', false], ['192.0.2.1', false], ['128.0.0.1', false], ['2001:db8::1', false], ['localhost', false],
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });

  const spec = (over: Partial<HttpSocketSpec>): HttpSocketSpec => ({ tls: false, address: '0.0.0.0', port: 8000, certRequired: true, headers: [], ...over });

  it('flags a non-loopback socket without clients and without required client certificates', () => {
    expect(isUnauthenticatedOnNetwork(spec({}))).toBe(true);
    expect(isUnauthenticatedOnNetwork(spec({ auth: { realm: 'r', clients: [] } }))).toBe(true);
    expect(isUnauthenticatedOnNetwork(spec({ tls: true, certRequired: false }))).toBe(true);
    expect(isUnauthenticatedOnNetwork(spec({ address: '127.0.0.1' }))).toBe(false);
    expect(isUnauthenticatedOnNetwork(spec({ auth: { realm: 'r', clients: [{ user: 'u', password: 'p' }] } }))).toBe(false);
    expect(isUnauthenticatedOnNetwork(spec({ tls: true, certRequired: true }))).toBe(false);
  });
});
