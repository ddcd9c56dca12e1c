import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, redactSecrets, SECRET_KEYS } from './redact.js';

describe('isSecretKey', () => {
  it('knows the secret keys of Kea configurations', () => {
    expect(SECRET_KEYS.has('secret')).toBe(true);
    expect(SECRET_KEYS.has('password')).toBe(true);
    expect(isSecretKey('secret')).toBe(true);
    expect(isSecretKey('password')).toBe(true);
    expect(isSecretKey('Password')).toBe(true);
  });

  it('treats keys named like a secret as secret, and *-file keys (paths) as not', () => {
    expect(isSecretKey('admin-password')).toBe(true);
    expect(isSecretKey('client_secret')).toBe(true);
    expect(isSecretKey('api-token')).toBe(true);
    expect(isSecretKey('secret-file')).toBe(false);
    expect(isSecretKey('password-file')).toBe(false);
    expect(isSecretKey('key-file')).toBe(false);
    expect(isSecretKey('key-name')).toBe(false);
    expect(isSecretKey('user')).toBe(false);
  });
});

describe('redactSecrets', () => {
  it('replaces secrets at any depth, keeps everything else, and leaves the input alone', () => {
    const input = {
      DhcpDdns: { 'tsig-keys': [{ name: 'k', algorithm: 'HMAC-SHA256', secret: 'c2VjcmV0', 'secret-file': '/etc/k' }] },
      Dhcp4: { 'lease-database': { type: 'postgresql', password: 'hunter2', 'password-file': '/etc/pw' } },
    };
    const out = redactSecrets(input);
    expect(out).toEqual({
      DhcpDdns: { 'tsig-keys': [{ name: 'k', algorithm: 'HMAC-SHA256', secret: REDACTED, 'secret-file': '/etc/k' }] },
      Dhcp4: { 'lease-database': { type: 'postgresql', password: REDACTED, 'password-file': '/etc/pw' } },
    });
    expect(input.DhcpDdns['tsig-keys'][0]?.secret).toBe('c2VjcmV0');
    expect(out).not.toBe(input);
  });

  it('hides a whole structure under a secret key', () => {
    expect(redactSecrets({ secret: { a: 1 }, list: [{ password: ['x'] }] })).toEqual({ secret: REDACTED, list: [{ password: REDACTED }] });
  });

  it('returns scalars as they are and cuts reference cycles', () => {
    expect(redactSecrets('secret')).toBe('secret');
    expect(redactSecrets(null)).toBe(null);
    const loop: Record<string, unknown> = { name: 'a' };
    loop.self = loop;
    expect(redactSecrets(loop)).toEqual({ name: 'a', self: '[circular]' });
  });
});
