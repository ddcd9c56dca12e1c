// What the appliance shows of a repository url: never the password or token in it.
import { describe, expect, it } from 'vitest';
import { displayUrl } from './git-source.js';

describe('displayUrl', () => {
  it('drops the user and token of an https url, keeps everything else', () => {
    expect(displayUrl('https://deploy:glpat-SECRET@git.example.org/net/dhcp.git')).toBe('https://git.example.org/net/dhcp.git');
    expect(displayUrl('https://x-access-token:ghs_abc@github.com/o/r')).toBe('https://github.com/o/r');
    expect(displayUrl('https://git.example.org:8443/net/dhcp.git?ref=1')).toBe('https://git.example.org:8443/net/dhcp.git?ref=1');
  });

  it('leaves paths, file urls and ssh forms (which carry no secret) as they are', () => {
    expect(displayUrl('/srv/git/dhcp.git')).toBe('/srv/git/dhcp.git');
    expect(displayUrl('file:///srv/git/dhcp.git')).toBe('file:///srv/git/dhcp.git');
    expect(displayUrl('git@github.com:o/r.git')).toBe('git@github.com:o/r.git');
    expect(displayUrl('ssh://git@host/o/r.git')).toBe('ssh://git@host/o/r.git');
    expect(displayUrl('ssh://git:pw@host/o/r.git')).toBe('ssh://git@host/o/r.git');
  });
});
