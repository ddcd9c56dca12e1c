/**
 * Kea's standard option definitions as data tables (Kea 3.3 src/lib/dhcp/std_option_defs.h and
 * docsis3_option_defs.h). Pure data: no I/O.
 *
 * Each row is `[name, code, type or record field types, array, encapsulated space]`; a list of
 * types in the third column makes a `record`. The rows are in Kea's order so that a diff against
 * a newer std_option_defs.h stays readable.
 *
 * Kea names the CableLabs vendor spaces `docsis3-v4`/`docsis3-v6` internally and reaches them
 * through `vendor-4491`; here they are stored under `vendor-4491`, the name a config uses.
 */
import type { OptionDataType } from './option-types.js';

/** One option definition, standard or from `option-def`. */
export interface OptionDefinition {
  readonly name: string;
  readonly code: number;
  readonly space: string;
  readonly type: OptionDataType;
  readonly array: boolean;
  /** The field types of a record, `[]` unless `type === 'record'`. */
  readonly recordTypes: readonly OptionDataType[];
  /** The option space whose options this option carries, `''` when none. */
  readonly encapsulate: string;
}

/** Well-known option space names. */
export const OptionSpaces = {
  dhcp4: 'dhcp4',
  dhcp6: 'dhcp6',
  agent: 'dhcp-agent-options-space',
  vendorEncapsulated: 'vendor-encapsulated-options-space',
  cablelabs: 'cablelabs-client-conf',
  cablelabsVendor: 'vendor-4491',
  isc4o6: '4o6',
  mape: 's46-cont-mape-options',
  mapt: 's46-cont-mapt-options',
  lw: 's46-cont-lw-options',
  s46Rule: 's46-rule-options',
  s46Bind: 's46-v4v6bind-options',
  ntpServer: 'v6-ntp-server-suboptions',
  rsoo: 'rsoo-opts',
} as const;

type Row = readonly [string, number, OptionDataType | readonly OptionDataType[], boolean?, string?];

const A = true;
const _ = false;
const rec = (...types: OptionDataType[]): readonly OptionDataType[] => types;

/** Builds frozen definitions of one space from rows. */
export function defineOptions(space: string, rows: readonly Row[]): readonly OptionDefinition[] {
  return Object.freeze(rows.map(([name, code, type, array = false, encapsulate = '']) =>
    Object.freeze({
      name, code, space, array, encapsulate,
      type: typeof type === 'string' ? type : 'record',
      recordTypes: Object.freeze(typeof type === 'string' ? [] : [...type]),
    } satisfies OptionDefinition)));
}

/** The 124 definitions of space `dhcp4` (code 43 is not among them: see {@link DHCP4_LAST_RESORT_DEFS}). */
export const DHCP4_OPTION_DEFS = defineOptions('dhcp4', [
  ['subnet-mask', 1, 'ipv4-address'],
  ['time-offset', 2, 'int32'],
  ['routers', 3, 'ipv4-address', A],
  ['time-servers', 4, 'ipv4-address', A],
  ['name-servers', 5, 'ipv4-address', A],
  ['domain-name-servers', 6, 'ipv4-address', A],
  ['log-servers', 7, 'ipv4-address', A],
  ['cookie-servers', 8, 'ipv4-address', A],
  ['lpr-servers', 9, 'ipv4-address', A],
  ['impress-servers', 10, 'ipv4-address', A],
  ['resource-location-servers', 11, 'ipv4-address', A],
  ['host-name', 12, 'string'],
  ['boot-size', 13, 'uint16'],
  ['merit-dump', 14, 'string'],
  ['domain-name', 15, 'string'],
  ['swap-server', 16, 'ipv4-address'],
  ['root-path', 17, 'string'],
  ['extensions-path', 18, 'string'],
  ['ip-forwarding', 19, 'boolean'],
  ['non-local-source-routing', 20, 'boolean'],
  ['policy-filter', 21, 'ipv4-address', A],
  ['max-dgram-reassembly', 22, 'uint16'],
  ['default-ip-ttl', 23, 'uint8'],
  ['path-mtu-aging-timeout', 24, 'uint32'],
  ['path-mtu-plateau-table', 25, 'uint16', A],
  ['interface-mtu', 26, 'uint16'],
  ['all-subnets-local', 27, 'boolean'],
  ['broadcast-address', 28, 'ipv4-address'],
  ['perform-mask-discovery', 29, 'boolean'],
  ['mask-supplier', 30, 'boolean'],
  ['router-discovery', 31, 'boolean'],
  ['router-solicitation-address', 32, 'ipv4-address'],
  ['static-routes', 33, 'ipv4-address', A],
  ['trailer-encapsulation', 34, 'boolean'],
  ['arp-cache-timeout', 35, 'uint32'],
  ['ieee802-3-encapsulation', 36, 'boolean'],
  ['default-tcp-ttl', 37, 'uint8'],
  ['tcp-keepalive-interval', 38, 'uint32'],
  ['tcp-keepalive-garbage', 39, 'boolean'],
  ['nis-domain', 40, 'string'],
  ['nis-servers', 41, 'ipv4-address', A],
  ['ntp-servers', 42, 'ipv4-address', A],
  ['netbios-name-servers', 44, 'ipv4-address', A],
  ['netbios-dd-server', 45, 'ipv4-address', A],
  ['netbios-node-type', 46, 'uint8'],
  ['netbios-scope', 47, 'string'],
  ['font-servers', 48, 'ipv4-address', A],
  ['x-display-manager', 49, 'ipv4-address', A],
  ['dhcp-requested-address', 50, 'ipv4-address'],
  ['dhcp-lease-time', 51, 'uint32'],
  ['dhcp-option-overload', 52, 'uint8'],
  ['dhcp-message-type', 53, 'uint8'],
  ['dhcp-server-identifier', 54, 'ipv4-address'],
  ['dhcp-parameter-request-list', 55, 'uint8', A],
  ['dhcp-message', 56, 'string'],
  ['dhcp-max-message-size', 57, 'uint16'],
  ['dhcp-renewal-time', 58, 'uint32'],
  ['dhcp-rebinding-time', 59, 'uint32'],
  ['vendor-class-identifier', 60, 'string'],
  ['dhcp-client-identifier', 61, 'binary'],
  ['nwip-domain-name', 62, 'string'],
  ['nwip-suboptions', 63, 'binary'],
  ['nisplus-domain-name', 64, 'string'],
  ['nisplus-servers', 65, 'ipv4-address', A],
  ['tftp-server-name', 66, 'string'],
  ['boot-file-name', 67, 'string'],
  ['mobile-ip-home-agent', 68, 'ipv4-address', A],
  ['smtp-server', 69, 'ipv4-address', A],
  ['pop-server', 70, 'ipv4-address', A],
  ['nntp-server', 71, 'ipv4-address', A],
  ['www-server', 72, 'ipv4-address', A],
  ['finger-server', 73, 'ipv4-address', A],
  ['irc-server', 74, 'ipv4-address', A],
  ['streettalk-server', 75, 'ipv4-address', A],
  ['streettalk-directory-assistance-server', 76, 'ipv4-address', A],
  ['user-class', 77, 'binary'],
  ['slp-directory-agent', 78, rec('boolean', 'ipv4-address'), A],
  ['slp-service-scope', 79, rec('boolean', 'string')],
  ['fqdn', 81, rec('uint8', 'uint8', 'uint8', 'fqdn')],
  ['dhcp-agent-options', 82, 'empty', _, 'dhcp-agent-options-space'],
  ['nds-servers', 85, 'ipv4-address', A],
  ['nds-tree-name', 86, 'string'],
  ['nds-context', 87, 'string'],
  ['bcms-controller-names', 88, 'fqdn', A],
  ['bcms-controller-address', 89, 'ipv4-address', A],
  ['authenticate', 90, 'binary'],
  ['client-last-transaction-time', 91, 'uint32'],
  ['associated-ip', 92, 'ipv4-address', A],
  ['client-system', 93, 'uint16', A],
  ['client-ndi', 94, rec('uint8', 'uint8', 'uint8')],
  ['uuid-guid', 97, rec('uint8', 'binary')],
  ['uap-servers', 98, 'string'],
  ['geoconf-civic', 99, 'binary'],
  ['pcode', 100, 'string'],
  ['tcode', 101, 'string'],
  ['v6-only-preferred', 108, 'uint32'],
  ['netinfo-server-address', 112, 'ipv4-address', A],
  ['netinfo-server-tag', 113, 'string'],
  ['v4-captive-portal', 114, 'string'],
  ['auto-config', 116, 'uint8'],
  ['name-service-search', 117, 'uint16', A],
  ['subnet-selection', 118, 'ipv4-address'],
  ['domain-search', 119, 'fqdn', A],
  ['classless-static-route', 121, 'internal'],
  ['cablelabs-client-conf', 122, 'empty', _, 'cablelabs-client-conf'],
  ['vivco-suboptions', 124, rec('uint32', 'binary')],
  ['vivso-suboptions', 125, 'uint32'],
  ['pana-agent', 136, 'ipv4-address', A],
  ['v4-lost', 137, 'fqdn'],
  ['capwap-ac-v4', 138, 'ipv4-address', A],
  ['sip-ua-cs-domains', 141, 'fqdn', A],
  ['v4-sztp-redirect', 143, 'tuple', A],
  ['rdnss-selection', 146, rec('uint8', 'ipv4-address', 'ipv4-address', 'fqdn'), A],
  ['status-code', 151, rec('uint8', 'string')],
  ['base-time', 152, 'uint32'],
  ['start-time-of-state', 153, 'uint32'],
  ['query-start-time', 154, 'uint32'],
  ['query-end-time', 155, 'uint32'],
  ['dhcp-state', 156, 'uint8'],
  ['data-source', 157, 'uint8'],
  ['v4-portparams', 159, rec('uint8', 'psid')],
  ['v4-dnr', 162, 'internal'],
  ['option-6rd', 212, rec('uint8', 'uint8', 'ipv6-address', 'ipv4-address'), A],
  ['v4-access-domain', 213, 'fqdn'],
]);

/**
 * Kea's "last resort" definitions (space `last-resort-v4` in Kea): option 43
 * `vendor-encapsulated-options`, a container for `vendor-encapsulated-options-space`. Kea uses it
 * only when neither a custom nor a standard definition of dhcp4/43 exists, which is why an
 * `option-def` for dhcp4 code 43 is allowed (libdhcp++.cc getLastResortOptionDef,
 * option_data_parser.cc findOptionDefinition).
 */
export const DHCP4_LAST_RESORT_DEFS = defineOptions('dhcp4', [
  ['vendor-encapsulated-options', 43, 'empty', _, 'vendor-encapsulated-options-space'],
]);

/** The 76 definitions of space `dhcp6`. */
export const DHCP6_OPTION_DEFS = defineOptions('dhcp6', [
  ['clientid', 1, 'binary'],
  ['serverid', 2, 'binary'],
  ['ia-na', 3, rec('uint32', 'uint32', 'uint32')],
  ['ia-ta', 4, 'uint32'],
  ['iaaddr', 5, rec('ipv6-address', 'uint32', 'uint32')],
  ['oro', 6, 'uint16', A],
  ['preference', 7, 'uint8'],
  ['elapsed-time', 8, 'uint16'],
  ['relay-msg', 9, 'binary'],
  ['auth', 11, 'binary'],
  ['unicast', 12, 'ipv6-address'],
  ['status-code', 13, rec('uint16', 'string')],
  ['rapid-commit', 14, 'empty'],
  ['user-class', 15, 'binary'],
  ['vendor-class', 16, rec('uint32', 'binary')],
  ['vendor-opts', 17, 'uint32'],
  ['interface-id', 18, 'binary'],
  ['reconf-msg', 19, 'uint8'],
  ['reconf-accept', 20, 'empty'],
  ['sip-server-dns', 21, 'fqdn', A],
  ['sip-server-addr', 22, 'ipv6-address', A],
  ['dns-servers', 23, 'ipv6-address', A],
  ['domain-search', 24, 'fqdn', A],
  ['ia-pd', 25, rec('uint32', 'uint32', 'uint32')],
  ['iaprefix', 26, rec('uint32', 'uint32', 'uint8', 'ipv6-address')],
  ['nis-servers', 27, 'ipv6-address', A],
  ['nisp-servers', 28, 'ipv6-address', A],
  ['nis-domain-name', 29, 'fqdn', A],
  ['nisp-domain-name', 30, 'fqdn', A],
  ['sntp-servers', 31, 'ipv6-address', A],
  ['information-refresh-time', 32, 'uint32'],
  ['bcmcs-server-dns', 33, 'fqdn', A],
  ['bcmcs-server-addr', 34, 'ipv6-address', A],
  ['geoconf-civic', 36, rec('uint8', 'uint16', 'binary')],
  ['remote-id', 37, rec('uint32', 'binary')],
  ['subscriber-id', 38, 'binary'],
  ['client-fqdn', 39, rec('uint8', 'fqdn')],
  ['pana-agent', 40, 'ipv6-address', A],
  ['new-posix-timezone', 41, 'string'],
  ['new-tzdb-timezone', 42, 'string'],
  ['ero', 43, 'uint16', A],
  ['lq-query', 44, rec('uint8', 'ipv6-address'), _, 'dhcp6'],
  ['client-data', 45, 'empty', _, 'dhcp6'],
  ['clt-time', 46, 'uint32'],
  ['lq-relay-data', 47, rec('ipv6-address', 'binary')],
  ['lq-client-link', 48, 'ipv6-address', A],
  ['v6-lost', 51, 'fqdn'],
  ['capwap-ac-v6', 52, 'ipv6-address', A],
  ['relay-id', 53, 'binary'],
  ['ntp-server', 56, 'empty', _, 'v6-ntp-server-suboptions'],
  ['v6-access-domain', 57, 'fqdn'],
  ['sip-ua-cs-list', 58, 'fqdn', A],
  ['bootfile-url', 59, 'string'],
  ['bootfile-param', 60, 'tuple', A],
  ['client-arch-type', 61, 'uint16', A],
  ['nii', 62, rec('uint8', 'uint8', 'uint8')],
  ['aftr-name', 64, 'fqdn'],
  ['erp-local-domain-name', 65, 'fqdn'],
  ['rsoo', 66, 'empty', _, 'rsoo-opts'],
  ['pd-exclude', 67, 'ipv6-prefix'],
  ['rdnss-selection', 74, rec('ipv6-address', 'uint8', 'fqdn'), A],
  ['client-linklayer-addr', 79, 'binary'],
  ['link-address', 80, 'ipv6-address'],
  ['solmax-rt', 82, 'uint32'],
  ['inf-max-rt', 83, 'uint32'],
  ['dhcpv4-message', 87, 'binary'],
  ['dhcp4o6-server-addr', 88, 'ipv6-address', A],
  ['v6-captive-portal', 103, 'string'],
  ['relay-source-port', 135, 'uint16'],
  ['v6-sztp-redirect', 136, 'tuple', A],
  ['ipv6-address-andsf', 143, 'ipv6-address', A],
  ['s46-cont-mape', 94, 'empty', _, 's46-cont-mape-options'],
  ['s46-cont-mapt', 95, 'empty', _, 's46-cont-mapt-options'],
  ['s46-cont-lw', 96, 'empty', _, 's46-cont-lw-options'],
  ['v6-dnr', 144, 'internal'],
  ['addr-reg-enable', 148, 'empty'],
]);

/** DHCPv4 sub-option and vendor spaces: relay agent (82), CableLabs CCC (122), DOCSIS3 (125). */
export const DHCP4_SUBSPACE_DEFS: readonly OptionDefinition[] = Object.freeze([
  ...defineOptions(OptionSpaces.agent, [
    ['circuit-id', 1, 'binary'],
    ['remote-id', 2, 'binary'],
    ['docsis-device-class', 4, 'uint32'],
    ['link-selection', 5, 'ipv4-address'],
    ['subscriber-id', 6, 'string'],
    ['radius', 7, 'binary'],
    ['auth', 8, 'binary'],
    ['vendor-specific-info', 9, 'binary'],
    ['relay-flags', 10, 'uint8'],
    ['server-id-override', 11, 'ipv4-address'],
    ['relay-id', 12, 'binary'],
    ['access-techno-type', 13, 'uint16'],
    ['access-network-name', 14, 'string'],
    ['access-point-name', 15, 'string'],
    ['access-point-bssid', 16, 'binary'],
    ['operator-id', 17, 'uint32'],
    ['operator-realm', 18, 'string'],
    ['relay-port', 19, 'uint16'],
    ['virtual-subnet-select', 151, 'binary'],
    ['virtual-subnet-select-ctrl', 152, 'empty'],
  ]),
  ...defineOptions(OptionSpaces.cablelabs, [
    ['tsp-primary-server', 1, 'ipv4-address'],
    ['tsp-secondary-server', 2, 'ipv4-address'],
    ['tsp-as-parameters', 4, rec('uint32', 'uint32', 'uint32')],
    ['tsp-ap-parameters', 5, rec('uint32', 'uint32', 'uint32')],
    ['tsp-realm', 6, 'fqdn'],
    ['tsp-use-tgt', 7, 'boolean'],
    ['tsp-provisioning-timer', 8, 'uint8'],
    ['tsp-sct', 9, 'uint16'],
    ['kdc-server', 10, 'ipv4-address', A],
  ]),
  // Kea's docsis3-v4 space, reached through vendor-4491 (libdhcp++.cc getVendorOptionDefs).
  ...defineOptions(OptionSpaces.cablelabsVendor, [
    ['oro', 1, 'uint8', A],
    ['tftp-servers', 2, 'ipv4-address', A],
  ]),
]);

/** DHCPv6 sub-option and vendor spaces: DOCSIS3 (17), 4o6, S46 (94/95/96), NTP (56). */
export const DHCP6_SUBSPACE_DEFS: readonly OptionDefinition[] = Object.freeze([
  // Kea's docsis3-v6 space, reached through vendor-4491 (libdhcp++.cc getVendorOptionDefs).
  ...defineOptions(OptionSpaces.cablelabsVendor, [
    ['oro', 1, 'uint16', A],
    ['device-type', 2, 'string'],
    ['vendor-type', 10, 'string'],
    ['tftp-servers', 32, 'ipv6-address', A],
    ['time-servers', 37, 'ipv6-address', A],
    ['config-file', 33, 'string'],
    ['syslog-servers', 34, 'ipv6-address', A],
    ['device-id', 36, 'binary'],
    ['time-offset', 38, 'int32'],
    ['cmts-cm-mac', 1026, 'binary'],
  ]),
  // ISC's DHCPv4-over-DHCPv6 IPC options; Kea also reaches them through vendor-2495.
  ...defineOptions(OptionSpaces.isc4o6, [
    ['4o6-interface', 60000, 'string'],
    ['4o6-source-address', 60001, 'ipv6-address'],
    ['4o6-source-port', 60002, 'uint16'],
  ]),
  ...defineOptions(OptionSpaces.mape, [
    ['s46-br', 90, 'ipv6-address'],
    ['s46-rule', 89, rec('uint8', 'uint8', 'uint8', 'ipv4-address', 'ipv6-prefix'), _, 's46-rule-options'],
  ]),
  ...defineOptions(OptionSpaces.mapt, [
    ['s46-rule', 89, rec('uint8', 'uint8', 'uint8', 'ipv4-address', 'ipv6-prefix'), _, 's46-rule-options'],
    ['s46-dmr', 91, 'ipv6-prefix'],
  ]),
  ...defineOptions(OptionSpaces.lw, [
    ['s46-br', 90, 'ipv6-address'],
    ['s46-v4v6bind', 92, rec('ipv4-address', 'ipv6-prefix'), _, 's46-v4v6bind-options'],
  ]),
  ...defineOptions(OptionSpaces.s46Rule, [
    ['s46-portparams', 93, rec('uint8', 'psid')],
  ]),
  ...defineOptions(OptionSpaces.s46Bind, [
    ['s46-portparams', 93, rec('uint8', 'psid')],
  ]),
  ...defineOptions(OptionSpaces.ntpServer, [
    ['ntp-server-address', 1, 'ipv6-address'],
    ['ntp-server-multicast', 2, 'ipv6-address'],
    ['ntp-server-fqdn', 3, 'fqdn'],
  ]),
]);
