/**
 * Names and codes of Kea's standard options in the `dhcp4` and `dhcp6` spaces (Kea's
 * std_option_defs.h, listed in kea-inventory.md §2.1 and §2.2), so that the diff can tell that
 * `{"name": "routers"}` and `{"code": 3}` are the same option. Data only; pure.
 */

/** Space-separated `code name` pairs, in code order. */
const DHCP4 = [
  '1 subnet-mask 2 time-offset 3 routers 4 time-servers 5 name-servers 6 domain-name-servers 7',
  'log-servers 8 cookie-servers 9 lpr-servers 10 impress-servers 11 resource-location-servers',
  '12 host-name 13 boot-size 14 merit-dump 15 domain-name 16 swap-server 17 root-path 18',
  'extensions-path 19 ip-forwarding 20 non-local-source-routing 21 policy-filter 22',
  'max-dgram-reassembly 23 default-ip-ttl 24 path-mtu-aging-timeout 25 path-mtu-plateau-table',
  '26 interface-mtu 27 all-subnets-local 28 broadcast-address 29 perform-mask-discovery 30',
  'mask-supplier 31 router-discovery 32 router-solicitation-address 33 static-routes 34',
  'trailer-encapsulation 35 arp-cache-timeout 36 ieee802-3-encapsulation 37 default-tcp-ttl 38',
  'tcp-keepalive-interval 39 tcp-keepalive-garbage 40 nis-domain 41 nis-servers 42 ntp-servers',
  '43 vendor-encapsulated-options 44 netbios-name-servers 45 netbios-dd-server 46',
  'netbios-node-type 47 netbios-scope 48 font-servers 49 x-display-manager 50',
  'dhcp-requested-address 51 dhcp-lease-time 52 dhcp-option-overload 53 dhcp-message-type 54',
  'dhcp-server-identifier 55 dhcp-parameter-request-list 56 dhcp-message 57',
  'dhcp-max-message-size 58 dhcp-renewal-time 59 dhcp-rebinding-time 60',
  'vendor-class-identifier 61 dhcp-client-identifier 62 nwip-domain-name 63 nwip-suboptions 64',
  'nisplus-domain-name 65 nisplus-servers 66 tftp-server-name 67 boot-file-name 68',
  'mobile-ip-home-agent 69 smtp-server 70 pop-server 71 nntp-server 72 www-server 73',
  'finger-server 74 irc-server 75 streettalk-server 76 streettalk-directory-assistance-server',
  '77 user-class 78 slp-directory-agent 79 slp-service-scope 81 fqdn 82 dhcp-agent-options 85',
  'nds-servers 86 nds-tree-name 87 nds-context 88 bcms-controller-names 89',
  'bcms-controller-address 90 authenticate 91 client-last-transaction-time 92 associated-ip 93',
  'client-system 94 client-ndi 97 uuid-guid 98 uap-servers 99 geoconf-civic 100 pcode 101',
  'tcode 108 v6-only-preferred 112 netinfo-server-address 113 netinfo-server-tag 114',
  'v4-captive-portal 116 auto-config 117 name-service-search 118 subnet-selection 119',
  'domain-search 121 classless-static-route 122 cablelabs-client-conf 124 vivco-suboptions 125',
  'vivso-suboptions 136 pana-agent 137 v4-lost 138 capwap-ac-v4 141 sip-ua-cs-domains 143',
  'v4-sztp-redirect 146 rdnss-selection 151 status-code 152 base-time 153 start-time-of-state',
  '154 query-start-time 155 query-end-time 156 dhcp-state 157 data-source 159 v4-portparams',
  '162 v4-dnr 212 option-6rd 213 v4-access-domain',].join(' ');

const DHCP6 = [
  '1 clientid 2 serverid 3 ia-na 4 ia-ta 5 iaaddr 6 oro 7 preference 8 elapsed-time 9',
  'relay-msg 11 auth 12 unicast 13 status-code 14 rapid-commit 15 user-class 16 vendor-class',
  '17 vendor-opts 18 interface-id 19 reconf-msg 20 reconf-accept 21 sip-server-dns 22',
  'sip-server-addr 23 dns-servers 24 domain-search 25 ia-pd 26 iaprefix 27 nis-servers 28',
  'nisp-servers 29 nis-domain-name 30 nisp-domain-name 31 sntp-servers 32',
  'information-refresh-time 33 bcmcs-server-dns 34 bcmcs-server-addr 36 geoconf-civic 37',
  'remote-id 38 subscriber-id 39 client-fqdn 40 pana-agent 41 new-posix-timezone 42',
  'new-tzdb-timezone 43 ero 44 lq-query 45 client-data 46 clt-time 47 lq-relay-data 48',
  'lq-client-link 51 v6-lost 52 capwap-ac-v6 53 relay-id 56 ntp-server 57 v6-access-domain 58',
  'sip-ua-cs-list 59 bootfile-url 60 bootfile-param 61 client-arch-type 62 nii 64 aftr-name 65',
  'erp-local-domain-name 66 rsoo 67 pd-exclude 74 rdnss-selection 79 client-linklayer-addr 80',
  'link-address 82 solmax-rt 83 inf-max-rt 87 dhcpv4-message 88 dhcp4o6-server-addr 94',
  's46-cont-mape 95 s46-cont-mapt 96 s46-cont-lw 103 v6-captive-portal 135 relay-source-port',
  '136 v6-sztp-redirect 143 ipv6-address-andsf 144 v6-dnr 148 addr-reg-enable',].join(' ');

interface OptionTable {
  readonly byName: ReadonlyMap<string, number>;
  readonly byCode: ReadonlyMap<number, string>;
}

function parseTable(pairs: string): OptionTable {
  const byName = new Map<string, number>();
  const byCode = new Map<number, string>();
  const words = pairs.split(/\s+/);
  for (let i = 0; i + 1 < words.length; i += 2) {
    const code = Number(words[i]);
    const name = words[i + 1] as string;
    byName.set(name, code);
    byCode.set(code, name);
  }
  return { byName, byCode };
}

const TABLES: ReadonlyMap<string, OptionTable> = new Map([
  ['dhcp4', parseTable(DHCP4)],
  ['dhcp6', parseTable(DHCP6)],
]);

/**
 * The code of a standard option by name in `space` (`dhcp4` or `dhcp6`), or `undefined`.
 * @example standardOptionCode('dhcp4', 'routers') === 3
 */
export function standardOptionCode(space: string, name: string): number | undefined {
  return TABLES.get(space)?.byName.get(name);
}

/**
 * The name of a standard option by code in `space` (`dhcp4` or `dhcp6`), or `undefined`.
 * @example standardOptionName('dhcp6', 23) === 'dns-servers'
 */
export function standardOptionName(space: string, code: number): string | undefined {
  return TABLES.get(space)?.byCode.get(code);
}
