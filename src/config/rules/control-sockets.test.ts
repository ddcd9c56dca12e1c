import { describe, expect, it } from 'vitest';
import { isObj } from './context.js';
import { checkControlSockets } from './control-sockets.js';
import { brief, runDaemonRule, runDocumentRule } from './test-helpers.js';

const run = (text: string) =>
  brief(runDaemonRule(text, (view, ctx) => { checkControlSockets({ value: view.root, path: view.base }, ctx, view.family === 4 ? 'dhcp4' : 'dhcp6'); }));

/** A Dhcp4 map whose control-sockets list holds `socket` (one key per line, the socket from line 2). */
const v4 = (socket: string) => `{"Dhcp4": {"control-sockets": [\n${socket}\n]}}`;

/** A secured HTTP socket prefix, so that only the key under test changes. */
const AUTH = '"authentication": {"type": "basic", "clients": [{"user-file": "u", "password-file": "p"}]}';

describe('unix sockets', () => {
  it('accepts one unix socket in the control socket directory, or a bare name', () => {
    expect(run(v4('{"socket-type": "unix",\n"socket-name": "/run/kea/kea4-ctrl-socket"}'))).toEqual([]);
    expect(run(v4('{"socket-type": "unix",\n"socket-name": "kea4-ctrl-socket"}'))).toEqual([]);
  });

  it('rejects a second unix socket', () => {
    const text = v4('{"socket-type": "unix",\n"socket-name": "a"},\n{"socket-type": "unix",\n"socket-name": "b"}');
    expect(run(text)).toEqual(['error duplicate-unix-socket 4:17 /Dhcp4/control-sockets/1/socket-type']);
  });

  it.each([
    ['"socket-address": "127.0.0.1"', 'error socket-parameter-unsupported 4:19 /Dhcp4/control-sockets/0/socket-address'],
    ['"socket-port": 8000', 'warning socket-parameter-ignored 4:16 /Dhcp4/control-sockets/0/socket-port'],
    ['"cert-required": true', 'warning socket-parameter-ignored 4:18 /Dhcp4/control-sockets/0/cert-required'],
  ])('refuses HTTP parameter %s on a unix socket', (param, expected) => {
    expect(run(v4(`{"socket-type": "unix",\n"socket-name": "s",\n${param}}`))).toEqual([expected]);
  });

  it.each([
    ['/run/kea/', 'error path-without-filename'],
    ['/tmp/kea4.sock', 'warning path-outside-kea-directory'],
    ['/kea4.sock', 'warning path-outside-kea-directory'],
    ['sockets/kea4.sock', 'warning path-outside-kea-directory'],
  ])('checks the socket-name %s against the Kea 3 path rules', (name, expected) => {
    expect(run(v4(`{"socket-type": "unix",\n"socket-name": "${name}"}`))).toEqual([`${expected} 3:16 /Dhcp4/control-sockets/0/socket-name`]);
  });

  it('names the variable and the directory to set in the path warning', () => {
    const issues = runDaemonRule(v4('{"socket-type": "unix",\n"socket-name": "/tmp/kea4.sock"}'),
      (view, ctx) => { checkControlSockets({ value: view.root, path: view.base }, ctx, 'dhcp4'); });
    expect(issues[0]?.message).toBe(
      "unix control socket socket-name /tmp/kea4.sock is outside Kea's control socket directory; Kea 3.x rejects it unless KEA_CONTROL_SOCKET_DIR is /tmp (or it runs with -X)");
  });
});

describe('http and https sockets', () => {
  it('accepts an HTTP socket with authentication from files, and an HTTPS socket with TLS', () => {
    expect(run(v4(`{"socket-type": "http",\n${AUTH}}`))).toEqual([]);
    expect(run(v4('{"socket-type": "https",\n"trust-anchor": "ca.pem", "cert-file": "c.pem", "key-file": "k.pem"}'))).toEqual([]);
  });

  it('warns about a socket with neither authentication nor TLS (Kea 3.1+ refuses it)', () => {
    expect(run(v4('{"socket-type": "http",\n"socket-port": 8004}'))).toEqual(['warning unsecured-http-socket 2:17 /Dhcp4/control-sockets/0/socket-type']);
  });

  it('warns that authentication without clients lets everyone in, unless client certificates are required', () => {
    expect(run(v4('{"socket-type": "http",\n"authentication": {"type": "basic"}}')))
      .toEqual(['warning unsecured-http-socket 3:19 /Dhcp4/control-sockets/0/authentication']);
    expect(run(v4('{"socket-type": "https",\n"authentication": {"type": "basic", "clients": []},\n"trust-anchor": "a", "cert-file": "c", "key-file": "k"}')))
      .toEqual([]);
  });

  it('rejects socket-name on an HTTP socket', () => {
    expect(run(v4(`{"socket-type": "http", ${AUTH},\n"socket-name": "x"}`))).toEqual(['error socket-parameter-unsupported 3:16 /Dhcp4/control-sockets/0/socket-name']);
  });

  it('rejects https without TLS and partial TLS on either type', () => {
    expect(run(v4(`{${AUTH},\n"socket-type": "https"}`))).toEqual(['error https-without-tls 3:16 /Dhcp4/control-sockets/0/socket-type']);
    expect(run(v4(`{"socket-type": "http", ${AUTH},\n"cert-file": "c.pem",\n"key-file": ""}`)))
      .toEqual(['error tls-incomplete 2:1 /Dhcp4/control-sockets/0']);
    expect(run(v4(`{"socket-type": "https", ${AUTH}, "cert-file": "c.pem",\n"trust-anchor": ""}`)))
      .toEqual(['error tls-incomplete 3:17 /Dhcp4/control-sockets/0/trust-anchor']);
  });

  it('rejects empty HTTP header names and values', () => {
    const text = v4(`{"socket-type": "http", ${AUTH},\n"http-headers": [{"name": "X-A", "value": "1"},\n{"name": "",\n"value": ""}]}`);
    expect(run(text)).toEqual([
      'error http-header-empty 4:10 /Dhcp4/control-sockets/0/http-headers/1/name',
      'error http-header-empty 5:10 /Dhcp4/control-sockets/0/http-headers/1/value',
    ]);
  });

  it('warns when two HTTP sockets use the same address and port', () => {
    const text = v4(`{"socket-type": "http", ${AUTH}},\n{"socket-type": "https", "trust-anchor": "a", "cert-file": "c", "key-file": "k",\n"socket-address": "127.0.0.1",\n"socket-port": 8000}`);
    expect(run(text)).toEqual(['warning duplicate-http-socket 5:16 /Dhcp4/control-sockets/1/socket-port']);
    const distinct = v4(`{"socket-type": "http", ${AUTH}},\n{"socket-type": "http", ${AUTH}, "socket-port": 8001}`);
    expect(run(distinct)).toEqual([]);
  });

  it("takes Dhcp6's default address, ::1, for a socket that names none", () => {
    const v6 = (socket: string) => `{"Dhcp6": {"control-sockets": [\n${socket}\n]}}`;
    const same = v6(`{"socket-type": "http", ${AUTH}},\n{"socket-type": "http", ${AUTH},\n"socket-address": "::1"}`);
    expect(run(same)).toEqual(['warning duplicate-http-socket 4:19 /Dhcp6/control-sockets/1/socket-address']);
    expect(run(v6(`{"socket-type": "http", ${AUTH}},\n{"socket-type": "http", ${AUTH},\n"socket-address": "127.0.0.1"}`))).toEqual([]);
  });
});

describe('authentication clients', () => {
  /** An HTTP socket with one client, the client from line 4. */
  const client = (fields: string) => v4(`{"socket-type": "http",\n"authentication": {"type": "basic", "clients": [{\n${fields}}]}}`);

  it.each([
    ['"user": "admin",\n"password-file": "p"', ['warning clear-text-secret 4:9 /Dhcp4/control-sockets/0/authentication/clients/0/user']],
    ['"user-file": "u",\n"password": "s3cret"', ['warning clear-text-secret 5:13 /Dhcp4/control-sockets/0/authentication/clients/0/password']],
    ['"user-file": "u",\n"password": "1234"', ['error default-credential 5:13 /Dhcp4/control-sockets/0/authentication/clients/0/password']],
    ['"user-file": "u",\n"password": "keatest",\n"password-file": "p"', [
      'error default-credential 5:13 /Dhcp4/control-sockets/0/authentication/clients/0/password',
      'error mutually-exclusive-keys 6:18 /Dhcp4/control-sockets/0/authentication/clients/0/password-file',
    ]],
    ['"comment": "nobody"', ['error auth-user-missing 3:49 /Dhcp4/control-sockets/0/authentication/clients/0']],
    ['"user": "a",\n"user-file": "u",\n"password-file": "p"', [
      'error mutually-exclusive-keys 5:14 /Dhcp4/control-sockets/0/authentication/clients/0/user-file',
      'warning clear-text-secret 4:9 /Dhcp4/control-sockets/0/authentication/clients/0/user',
    ]],
    ['"user": "",\n"password-file": "p"', ['error auth-user-invalid 4:9 /Dhcp4/control-sockets/0/authentication/clients/0/user']],
    ['"password-file": "p"', []],
  ])('checks the client %j', (fields, expected) => {
    expect(run(client(fields))).toEqual(expected);
  });

  /** Runs the rule with the given secret file contents, keyed by JSON pointer. */
  function runWithSecrets(text: string, secrets: Record<string, string>): string[] {
    return brief(runDaemonRule(text, (view, ctx) => {
      for (const [pointer, value] of Object.entries(secrets)) ctx.secrets.set(pointer, value);
      checkControlSockets({ value: view.root, path: view.base }, ctx, 'dhcp4');
    }));
  }

  const base = '/Dhcp4/control-sockets/0/authentication/clients/0';

  it.each([
    [{ 'user-file': 'admin\n', 'password-file': 'x' }, []],
    [{ 'user-file': '\nadmin' }, ['error auth-user-invalid 4:14 /user-file']],
    [{ 'user-file': 'ad:min' }, ['error auth-user-invalid 4:14 /user-file']],
  ])('checks the first line of user-file %j', (files, expected) => {
    const secrets = Object.fromEntries(Object.entries(files).map(([k, v]) => [`${base}/${k}`, v]));
    const got = runWithSecrets(client('"user-file": "u",\n"password-file": "p"'), secrets);
    expect(got).toEqual(expected.map((e) => e.replace(' /', ` ${base}/`)));
  });

  it('requires "user:password" in a password-file used alone', () => {
    expect(runWithSecrets(client('"password-file": "p"'), { [`${base}/password-file`]: 'admin:pw\n' })).toEqual([]);
    expect(runWithSecrets(client('"password-file": "p"'), { [`${base}/password-file`]: 'justapassword' }))
      .toEqual([`error auth-user-invalid 4:18 ${base}/password-file`]);
  });
});

describe('control-socket (Kea 3.0) and DhcpDdns', () => {
  it('checks the singular control-socket like a list entry', () => {
    const text = '{"Dhcp6": {"control-socket": {"socket-type": "unix",\n"socket-name": "/var/run/kea/"}}}';
    expect(run(text)).toEqual(['error path-without-filename 2:16 /Dhcp6/control-socket/socket-name']);
  });

  it('rejects control-socket together with control-sockets, and one unix socket in each', () => {
    const text = '{"Dhcp4": {"control-socket": {"socket-type": "unix", "socket-name": "a"},\n"control-sockets": [{"socket-type": "unix", "socket-name": "b"}]}}';
    expect(run(text)).toEqual([
      'error mutually-exclusive-keys 1:30 /Dhcp4/control-socket',
      'error duplicate-unix-socket 2:37 /Dhcp4/control-sockets/0/socket-type',
    ]);
  });

  it('works on the DhcpDdns map', () => {
    const text = '{"DhcpDdns": {"control-sockets": [{"socket-type": "http",\n"socket-port": 8053}]}}';
    const issues = runDocumentRule(text, (root, ctx) => {
      const d2 = root['DhcpDdns'];
      if (isObj(d2)) checkControlSockets({ value: d2, path: '/DhcpDdns' }, ctx, 'd2');
    });
    expect(brief(issues)).toEqual(['warning unsecured-http-socket 1:51 /DhcpDdns/control-sockets/0/socket-type']);
    expect(issues[0]?.message).toMatch(/kea-dhcp-ddns/);
  });

  it('never throws on values of the wrong type', () => {
    expect(run('{"Dhcp4": {"control-sockets": [1, null, {"socket-type": 3, "socket-name": []}, {"socket-type": "http", "authentication": {"clients": [7, {"user": 1}]}}]}}'))
      .toEqual([]);
  });
});
