import { describe, expect, it } from 'vitest';
import { isObj } from './context.js';
import { checkExposedControlSockets } from './control-sockets-exposed.js';
import { brief, runDaemonRule, runDocumentRule, validateText } from './test-helpers.js';

const run = (text: string) =>
  brief(runDaemonRule(text, (view, ctx) => { checkExposedControlSockets({ value: view.root, path: view.base }, ctx, view.family === 4 ? 'dhcp4' : 'dhcp6'); }));

/** A Dhcp4 map whose control-sockets list holds `socket` (the socket from line 2). */
const v4 = (socket: string) => `{"Dhcp4": {"control-sockets": [\n${socket}\n]}}`;
const TLS = '"trust-anchor": "ca.pem", "cert-file": "c.pem", "key-file": "k.pem"';

describe('control-socket-exposed', () => {
  it('warns about an http socket on a non-loopback address without authentication, at its socket-address', () => {
    expect(run(v4('{"socket-type": "http",\n"socket-address": "0.0.0.0"}'))).toEqual(['warning control-socket-exposed 3:19 /Dhcp4/control-sockets/0/socket-address']);
    expect(run(v4('{"socket-type": "http",\n"socket-address": "192.0.2.1", "authentication": {"type": "basic", "clients": []}}')))
      .toEqual(['warning control-socket-exposed 3:19 /Dhcp4/control-sockets/0/socket-address']);
  });

  it('says what anyone can do and how to fix it', () => {
    const issues = runDaemonRule(v4('{"socket-type": "http", "socket-address": "::", "socket-port": 8004}'),
      (view, ctx) => { checkExposedControlSockets({ value: view.root, path: view.base }, ctx, 'dhcp4'); });
    expect(issues[0]?.message).toBe('http control socket of kea-dhcp4 listens on :: port 8004, a non-loopback address, without authentication: anyone who can reach it can run every command (read leases and the configuration, replace the configuration, shut the server down); Kea 3.1 and later reject this socket unless run with -X');
    expect(issues[0]?.hint).toMatch(/add "authentication" with clients .* or set socket-address to 127\.0\.0\.1$/);
  });

  it.each([
    ['the default address', '{"socket-type": "http"}'],
    ['a loopback address', '{"socket-type": "http", "socket-address": "127.0.0.53"}'],
    ['::1', '{"socket-type": "http", "socket-address": "::1"}'],
    ['clients', '{"socket-type": "http", "socket-address": "0.0.0.0", "authentication": {"type": "basic", "clients": [{"user-file": "u", "password-file": "p"}]}}'],
    ['required client certificates', `{"socket-type": "https", "socket-address": "0.0.0.0", ${TLS}}`],
    ['a unix socket', '{"socket-type": "unix", "socket-name": "k4"}'],
  ])('accepts a socket with %s', (_what, socket) => {
    expect(run(v4(socket))).toEqual([]);
  });

  it('warns when TLS does not require client certificates', () => {
    expect(run(v4(`{"socket-type": "https",\n"socket-address": "0.0.0.0", ${TLS}, "cert-required": false}`)))
      .toEqual(['warning control-socket-exposed 3:19 /Dhcp4/control-sockets/0/socket-address']);
  });

  it('checks the Kea 3.0 control-socket map, and DhcpDdns', () => {
    expect(run('{"Dhcp6": {"control-socket": {"socket-type": "http", "socket-address": "2001:db8::1"}}}'))
      .toEqual(['warning control-socket-exposed 1:72 /Dhcp6/control-socket/socket-address']);
    const d2 = runDocumentRule('{"DhcpDdns": {"control-sockets": [{"socket-type": "http", "socket-address": "10.0.0.1"}]}}', (root, ctx) => {
      const value = root['DhcpDdns'];
      if (isObj(value)) checkExposedControlSockets({ value, path: '/DhcpDdns' }, ctx, 'd2');
    });
    expect(brief(d2)).toEqual(['warning control-socket-exposed 1:77 /DhcpDdns/control-sockets/0/socket-address']);
    expect(d2[0]?.message).toMatch(/of kea-dhcp-ddns listens on 10\.0\.0\.1 port 8000/);
  });

  it('runs in config-test (the full validation)', () => {
    const codes = validateText(v4('{"socket-type": "http", "socket-address": "0.0.0.0"}')).map((i) => i.code);
    expect(codes).toContain('control-socket-exposed');
    expect(codes).not.toContain('unsecured-http-socket'); // reported once, by this rule
    expect(validateText(v4('{"socket-type": "http"}')).map((i) => i.code)).toContain('unsecured-http-socket'); // loopback: the other rule
  });
});
