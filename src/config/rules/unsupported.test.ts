import { describe, expect, it } from 'vitest';
import { isObj } from './context.js';
import { brief, runDaemonRule, runDocumentRule } from './test-helpers.js';
import { checkUnsupported, checkUnsupportedD2 } from './unsupported.js';

const run = (text: string) => [
  ...runDaemonRule(text, (view, ctx) => checkUnsupported(view, ctx)),
  ...runDocumentRule(text, (root, ctx) => { if (isObj(root['DhcpDdns'])) checkUnsupportedD2(root['DhcpDdns'], ctx); }),
];

describe('features gitdhcp cannot apply', () => {
  it('accepts memfile, built-in hook equivalents and JavaScript hook modules', () => {
    const text = `{"Dhcp4": {"lease-database": {"type": "memfile"},
"hooks-libraries": [{"library": "/usr/lib/kea/hooks/libdhcp_run_script.so"},
{"library": "libdhcp_lease_cmds.so"}, {"library": "/etc/gitdhcp/hooks/drop-mac.js"}]}}`;
    expect(run(text)).toEqual([]);
  });

  it.each([
    ['{"Dhcp4": {\n"lease-database": {"type": "mysql", "name": "kea"}}}', 'error unsupported 2:28 /Dhcp4/lease-database/type', /mysql/],
    ['{"Dhcp6": {\n"hosts-databases": [{"type": "postgresql"}]}}', 'error unsupported 2:20 /Dhcp6/hosts-databases', /hosts-databases/],
    ['{"Dhcp4": {\n"config-control": {"config-fetch-wait-time": 20}}}', 'error unsupported 2:19 /Dhcp4/config-control', /configuration backend/],
    ['{"Dhcp4": {"hooks-libraries": [\n{"library": "/usr/lib/kea/hooks/libdhcp_ha.so"}]}}', 'error unsupported 2:13 /Dhcp4/hooks-libraries/0/library', /high availability/],
    ['{"DhcpDdns": {"hooks-libraries": [\n{"library": "libddns_gss_tsig.so"}]}}', 'error unsupported 2:13 /DhcpDdns/hooks-libraries/0/library', /GSS-TSIG/],
    ['{"Dhcp4": {"hooks-libraries": [\n{"library": "/opt/custom/libmine.so"}]}}', 'error unsupported 2:13 /Dhcp4/hooks-libraries/0/library', /C\+\+ hook libraries/],
    ['{"Dhcp4": {\n"dhcp4o6-port": 6767}}', 'error unsupported 2:17 /Dhcp4/dhcp4o6-port', /DHCPv4-over-DHCPv6/],
    ['{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24",\n"4o6-subnet": "2001:db8::/64"}]}}', 'error unsupported 2:15 /Dhcp4/subnet4/0/4o6-subnet', /4o6-subnet/],
    ['{"Dhcp4": {"dhcp-queue-control": {"enable-queue": true,\n"queue-type": "my-queue"}}}', 'error unsupported 2:15 /Dhcp4/dhcp-queue-control/queue-type', /my-queue/],
  ])('rejects %s', (text, expected, message) => {
    const issues = run(text);
    expect(brief(issues)).toEqual([expected]);
    expect(issues[0]?.message).toMatch(message);
  });
});
