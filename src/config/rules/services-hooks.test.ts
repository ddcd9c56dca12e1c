import { describe, expect, it } from 'vitest';
import { isObj } from './context.js';
import { checkHooksLibraries } from './services-hooks.js';
import { brief, runDaemonRule, runDocumentRule } from './test-helpers.js';

const run = (text: string) => brief(runDaemonRule(text, (view, ctx) => { checkHooksLibraries({ value: view.root, path: view.base }, ctx); }));

/** A Dhcp4 map with one hook library, its path on line 2. */
const lib = (library: string) => `{"Dhcp4": {"hooks-libraries": [{\n"library": ${JSON.stringify(library)}}]}}`;

describe('hooks-libraries', () => {
  it.each([
    'libdhcp_lease_cmds.so',
    '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so',
    '/usr/local/lib/kea/hooks/libdhcp_run_script.so',
    '/usr/lib64/kea/hooks/libdhcp_stat_cmds.so',
    '/etc/gitdhcp/hooks/audit.mjs',
  ])('accepts %s', (library) => {
    expect(run(lib(library))).toEqual([]);
  });

  it.each([
    ['/usr/lib/kea/hooks/', 'error path-without-filename'],
    ['  ', 'error path-without-filename'],
    ['/opt/kea/lib/libdhcp_lease_cmds.so', 'warning path-outside-kea-directory'],
    ['/usr/lib/kea/hooks/sub/libdhcp_lease_cmds.so', 'warning path-outside-kea-directory'],
    ['hooks/libdhcp_lease_cmds.so', 'warning path-outside-kea-directory'],
  ])('checks %j against the Kea 3 hooks directory', (library, expected) => {
    expect(run(lib(library))).toEqual([`${expected} 2:12 /Dhcp4/hooks-libraries/0/library`]);
  });

  it('works on the DhcpDdns map and never throws on wrong types', () => {
    const text = '{"DhcpDdns": {"hooks-libraries": [7, {"library": 1}, {"library": "/tmp/x.so"}]}}';
    const issues = runDocumentRule(text, (root, ctx) => {
      const d2 = root['DhcpDdns'];
      if (isObj(d2)) checkHooksLibraries({ value: d2, path: '/DhcpDdns' }, ctx);
    });
    expect(brief(issues)).toEqual(['warning path-outside-kea-directory 1:66 /DhcpDdns/hooks-libraries/2/library']);
    expect(issues[0]?.hint).toMatch(/KEA_HOOKS_PATH=\/tmp/);
  });
});
