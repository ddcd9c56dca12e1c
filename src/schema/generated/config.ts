/* eslint-disable */
/**
 * GENERATED FILE, DO NOT EDIT. Source: schemas/*.schema.json. Regenerate with: npm run gen:types
 */

/**
 * A gitdhcp configuration file: Kea's configuration format, with the DHCPv4, DHCPv6 and DHCP-DDNS daemons' objects side by side. A Kea file holding only one of them is valid as is.
 */
export interface GitdhcpConfig {
  Dhcp4?: Dhcp4Config;
  Dhcp6?: Dhcp6Config;
  DhcpDdns?: DhcpDdnsConfig;
}
/**
 * Configuration of the DHCPv4 server (the Dhcp4 object of a Kea configuration file), as Kea 3.0 and 3.3 accept it.
 */
export interface Dhcp4Config {
  /**
   * How long, in seconds, an address or prefix handed out stays valid. Set globally, per shared network, subnet or client class; the more specific level wins. Kea's default is 7200 (two hours).
   */
  'valid-lifetime'?: number;
  /**
   * Shortest valid lifetime, in seconds, granted when a client asks for less (and the lifetime used when adaptive-lease-time-threshold applies). Defaults to valid-lifetime.
   */
  'min-valid-lifetime'?: number;
  /**
   * Longest valid lifetime, in seconds, granted when a client asks for more. Defaults to valid-lifetime.
   */
  'max-valid-lifetime'?: number;
  /**
   * T1, in seconds: when a client should start renewing its lease with this server. When unset it is computed from t1-percent if calculate-tee-times is on; it is not sent if it is not below rebind-timer.
   */
  'renew-timer'?: number;
  /**
   * T2, in seconds: when a client that could not renew should try any server. When unset it is computed from t2-percent if calculate-tee-times is on; it is not sent if it is not below the valid lifetime.
   */
  'rebind-timer'?: number;
  /**
   * How long, in seconds, an address that a client declined (reported as in use) is kept out of circulation. Kea's default is 86400 (24 hours).
   */
  'decline-probation-period'?: number;
  /**
   * Subnets not in any shared network.
   */
  subnet4?: Subnet4[];
  /**
   * Shared networks: groups of subnets on the same link.
   */
  'shared-networks'?: SharedNetwork4[];
  'interfaces-config'?: InterfacesConfig4;
  'lease-database'?: DatabaseConfig;
  /**
   * @deprecated
   * A single host reservation database. Cannot be combined with hosts-databases.
   */
  'hosts-database'?: DatabaseConfig;
  /**
   * Databases holding host reservations, searched in order.
   */
  'hosts-databases'?: DatabaseConfig[];
  /**
   * Identifier types used to look up host reservations, tried in this order. Kea's default is hw-address, duid, circuit-id, client-id.
   *
   * @minItems 1
   */
  'host-reservation-identifiers'?: [
    'hw-address' | 'duid' | 'circuit-id' | 'client-id' | 'flex-id',
    ...('hw-address' | 'duid' | 'circuit-id' | 'client-id' | 'flex-id')[]
  ];
  /**
   * Client class definitions, evaluated in order.
   */
  'client-classes'?: ClientClass4[];
  /**
   * Definitions of custom options.
   */
  'option-def'?: OptionDef4[];
  /**
   * Global options, sent to all clients; the same option set in a more specific scope (shared network, subnet, pool, class, host) overrides them.
   */
  'option-data'?: OptionData4[];
  /**
   * Hook libraries to load, in order.
   */
  'hooks-libraries'?: HooksLibrary[];
  'expired-leases-processing'?: ExpiredLeasesProcessing;
  /**
   * UDP port pair used between kea-dhcp4 and kea-dhcp6 for DHCPv4-over-DHCPv6: the DHCPv6 side uses this port and the DHCPv4 side this port plus one. 0 (the default) disables DHCPv4-over-DHCPv6.
   */
  'dhcp4o6-port'?: number;
  /**
   * @deprecated
   * A single management socket (Kea 3.0). Cannot be combined with control-sockets.
   */
  'control-socket'?: ControlSocket4;
  /**
   * Sockets on which the server accepts management commands.
   */
  'control-sockets'?: ControlSocket4[];
  'dhcp-queue-control'?: DhcpQueueControl;
  'dhcp-ddns'?: D2ClientConfig;
  /**
   * Send the client identifier back in responses (RFC 6842). Turn off for old clients that are confused by it. On by default.
   */
  'echo-client-id'?: boolean;
  /**
   * Identify a client's lease by its client identifier (option 61) when it sends one; when false, only the hardware address is used, which helps with clients that change their identifier. On by default.
   */
  'match-client-id'?: boolean;
  /**
   * Answer requests for addresses the server does not know with DHCPNAK instead of ignoring them, so that clients moved to this network quickly get a new lease. Off by default.
   */
  authoritative?: boolean;
  /**
   * Address of the next server in the boot process (the siaddr field, typically a TFTP server). Empty or 0.0.0.0 (the default) means none.
   */
  'next-server'?: '' | string;
  /**
   * Server host name sent in the sname field (at most 63 bytes), typically the boot server. Empty by default.
   */
  'server-hostname'?: string;
  /**
   * Boot file name sent in the file field (at most 128 bytes). Empty by default.
   */
  'boot-file-name'?: string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
  'sanity-checks'?: SanityChecks;
  /**
   * Global host reservations, used where reservations-global is on.
   */
  reservations?: Reservation4[];
  'config-control'?: ConfigControl;
  /**
   * Name of this server as known to the configuration backend: configuration stored in a database for this tag (or for all servers) is applied to it. Empty by default.
   */
  'server-tag'?: string;
  /**
   * Use the global host reservations (the top-level reservations list) for clients in this scope. Off by default.
   */
  'reservations-global'?: boolean;
  /**
   * Use the reservations defined in the subnet itself. On by default.
   */
  'reservations-in-subnet'?: boolean;
  /**
   * Promise that in-subnet reserved addresses are all outside the dynamic pools, which lets Kea skip some checks during allocation. Only meaningful with reservations-in-subnet. Off by default.
   */
  'reservations-out-of-pool'?: boolean;
  /**
   * Compute renew-timer (T1) and rebind-timer (T2) from t1-percent and t2-percent of the valid lifetime when they are not set explicitly. Off by default for DHCPv4.
   */
  'calculate-tee-times'?: boolean;
  /**
   * Fraction of the lease lifetime (valid lifetime for DHCPv4, preferred lifetime for DHCPv6) used as T1 when calculate-tee-times is on; then it must be above 0, below 1 and below t2-percent (Kea checks this only where calculate-tee-times applies). Kea's default is 0.5.
   */
  't1-percent'?: number;
  /**
   * Fraction of the valid lifetime used as T2 when calculate-tee-times is on. Must be above 0 and below 1, and above t1-percent; Kea's default for DHCPv4 is 0.875.
   */
  't2-percent'?: number;
  /**
   * Lease caching: when a client renews before this fraction of its lease has elapsed, the existing lease is returned unchanged instead of being extended. 0 disables caching; Kea's default is 0.25.
   */
  'cache-threshold'?: number;
  /**
   * Lease caching: a lease older than this many seconds is never reused from the cache, whatever cache-threshold says. 0 disables caching; unset by default.
   */
  'cache-max-age'?: number;
  /**
   * With the FLQ allocator: when a pool is at least this full (a fraction, above 0 and at most 1), new leases get the minimum lifetimes (min-valid-lifetime and, for DHCPv6, min-preferred-lifetime). Unset (the same as 1) disables it. New in Kea 3.3.
   */
  'adaptive-lease-time-threshold'?: number;
  /**
   * Logging configuration of this daemon (at least one logger when present).
   *
   * @minItems 1
   */
  loggers?: [Logger, ...Logger[]];
  /**
   * Send DNS update requests to kea-dhcp-ddns for clients in this scope. Takes effect only when dhcp-ddns.enable-updates is true. On by default.
   */
  'ddns-send-updates'?: boolean;
  /**
   * Update DNS even when the client asked the server not to (the FQDN N flag). Off by default.
   */
  'ddns-override-no-update'?: boolean;
  /**
   * Have the server perform the forward (A/AAAA) update even when the client said it would do it itself (the FQDN S flag cleared). Off by default.
   */
  'ddns-override-client-update'?: boolean;
  /**
   * Whether the server replaces the name the client sent: never (use the client's name), always, when-present (replace only names the client sent) or when-not-present (generate one only when the client sent none), in any letter case. The strings "true" and "false" are old spellings of when-present and never; a JSON boolean is rejected. Kea's default is never.
   */
  'ddns-replace-client-name'?: ('when-present' | 'never' | 'always' | 'when-not-present') | string;
  /**
   * Prefix of the names the server generates for clients (followed by the address and ddns-qualifying-suffix). Kea's default is myhost.
   */
  'ddns-generated-prefix'?: string;
  /**
   * Domain appended to partial (unqualified) client names to make them fully qualified, e.g. example.com. Empty by default (names are used as sent).
   */
  'ddns-qualifying-suffix'?: string;
  /**
   * Send a DNS update on every lease renewal, not only when the name or address changes. Off by default.
   */
  'ddns-update-on-renew'?: boolean;
  /**
   * @deprecated
   * Old switch for DNS conflict resolution (RFC 4703 DHCID checks). Kea translates true to check-with-dhcid and false to no-check-with-dhcid.
   */
  'ddns-use-conflict-resolution'?: boolean;
  /**
   * How kea-dhcp-ddns guards DNS names owned by other clients: check-with-dhcid (RFC 4703 DHCID checks), no-check-with-dhcid (overwrite, but still add DHCID records), check-exists-with-dhcid (update only if a DHCID record exists) or no-check-without-dhcid (overwrite, no DHCID records). Case does not matter; Kea's default is check-with-dhcid.
   */
  'ddns-conflict-resolution-mode'?:
    | (
        | 'check-with-dhcid'
        | 'no-check-with-dhcid'
        | 'check-exists-with-dhcid'
        | 'no-check-without-dhcid'
      )
    | string;
  /**
   * TTL of the DNS records, as a fraction of the lease lifetime (e.g. 0.5 for half). Cannot be combined with ddns-ttl. When unset (or 0) the TTL is a third of the lease lifetime, as RFC 4702 suggests.
   */
  'ddns-ttl-percent'?: number;
  /**
   * Fixed TTL, in seconds, of the DNS records added for a lease. Cannot be combined with ddns-ttl-percent, ddns-ttl-min or ddns-ttl-max. Unset by default.
   */
  'ddns-ttl'?: number;
  /**
   * Lower bound, in seconds, for the TTL computed from the lease lifetime; when unset (or 0) the bound is 600 seconds (RFC 4702). Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-min'?: number;
  /**
   * Upper bound, in seconds, for the TTL computed from the lease lifetime; unset (or 0) means no bound. Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-max'?: number;
  /**
   * Regular expression matching the characters that are not allowed in client host names; each match is replaced with hostname-char-replacement. An empty string disables sanitizing. Kea's default is [^A-Za-z0-9.-].
   */
  'hostname-char-set'?: string;
  /**
   * Text that replaces each character matched by hostname-char-set. Empty by default (the characters are removed).
   */
  'hostname-char-replacement'?: string;
  /**
   * Store relay information (relay agent options, DHCPv6 relay data) in each lease's user context, as needed by the Leasequery and bulk Leasequery hooks. Off by default.
   */
  'store-extended-info'?: boolean;
  /**
   * Default number of samples kept for each statistic. 0 means samples are limited by age instead (statistic-default-sample-age). Kea's default is 20.
   */
  'statistic-default-sample-count'?: number;
  /**
   * Default maximum age, in seconds, of the samples kept for each statistic, used when statistic-default-sample-count is 0. Kea's default is 0.
   */
  'statistic-default-sample-age'?: number;
  'multi-threading'?: MultiThreading;
  /**
   * Look up global host reservations before the subnet is selected, so that classes assigned by a global reservation can steer subnet and pool selection. Off by default.
   */
  'early-global-reservations-lookup'?: boolean;
  /**
   * Require every reserved address (or prefix) to be reserved for only one host per subnet. Setting it to false allows duplicates but needs a host backend that supports them. On by default.
   */
  'ip-reservations-unique'?: boolean;
  /**
   * Look up host reservations before existing leases when allocating. Only has an effect when multi-threading is off (with multi-threading on, reservations are always looked up first). Off by default.
   */
  'reservations-lookup-first'?: boolean;
  compatibility?: Compatibility4;
  /**
   * Maximum number of responses that hook libraries may hold (park) at a time; further packets are dropped until room frees up. 0 means no limit. Kea's default is 256.
   */
  'parked-packet-limit'?: number;
  /**
   * How free addresses are chosen from the pools: iterative (in order), random, flq (free lease queue, fast for mostly full pools, needs pools that fit in memory) or shared-flq (free lease queue kept in the SQL lease database; experimental, Kea 3.1.9+). Kea's default is iterative.
   */
  allocator?: 'iterative' | 'random' | 'flq' | 'shared-flq';
  /**
   * When not 0, a lease is stored already when an address is offered (DHCPOFFER) and held for this many seconds until the client requests it. 0 (the default) allocates only on DHCPREQUEST.
   */
  'offer-lifetime'?: number;
  /**
   * Remember the relay agent information option (82) of a client's initial request and act as if it were present in its later unicast renewals, which do not pass through the relay. Off by default.
   */
  'stash-agent-options'?: boolean;
}
/**
 * An IPv4 subnet: its prefix, pools, reservations, options and the parameters that override the shared-network and global values. id is required by Kea and must be unique.
 */
export interface Subnet4 {
  /**
   * How long, in seconds, an address or prefix handed out stays valid. Set globally, per shared network, subnet or client class; the more specific level wins. Kea's default is 7200 (two hours).
   */
  'valid-lifetime'?: number;
  /**
   * Shortest valid lifetime, in seconds, granted when a client asks for less (and the lifetime used when adaptive-lease-time-threshold applies). Defaults to valid-lifetime.
   */
  'min-valid-lifetime'?: number;
  /**
   * Longest valid lifetime, in seconds, granted when a client asks for more. Defaults to valid-lifetime.
   */
  'max-valid-lifetime'?: number;
  /**
   * T1, in seconds: when a client should start renewing its lease with this server. When unset it is computed from t1-percent if calculate-tee-times is on; it is not sent if it is not below rebind-timer.
   */
  'renew-timer'?: number;
  /**
   * T2, in seconds: when a client that could not renew should try any server. When unset it is computed from t2-percent if calculate-tee-times is on; it is not sent if it is not below the valid lifetime.
   */
  'rebind-timer'?: number;
  /**
   * Options sent to clients of this subnet. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData4[];
  /**
   * Dynamic address pools of this subnet.
   */
  pools?: Pool4[];
  /**
   * The subnet prefix, e.g. 192.0.2.0/24.
   */
  subnet: string;
  /**
   * Name of the local network interface on which clients of this directly connected network are reached (e.g. eth0). Leave empty for networks reached only through relays. Empty by default.
   */
  interface?: string;
  /**
   * Unique, stable subnet identifier (1 to 4294967294). Leases refer to their subnet by this number, so it must not change between reloads.
   */
  id?: number;
  /**
   * @deprecated
   * Old single-class guard: only clients in this class may use the scope. An empty string means no guard. Cannot be combined with client-classes.
   */
  'client-class'?: string;
  /**
   * Client classes allowed to use this subnet: a client must belong to at least one of them. Leave it out (or empty) to let every client in. Replaces the deprecated client-class.
   *
   * Items: Name of a client class.
   */
  'client-classes'?: string[];
  /**
   * @deprecated
   * Old name of evaluate-additional-classes in this subnet: classes evaluated after lease assignment. Cannot be combined with evaluate-additional-classes.
   *
   * Items: Name of a client class.
   */
  'require-client-classes'?: string[];
  /**
   * Classes evaluated late, after this subnet has been selected and a lease assigned (classes marked only-in-additional-list are evaluated only when listed here). A client that matches them gets their options.
   *
   * Items: Name of a client class.
   */
  'evaluate-additional-classes'?: string[];
  /**
   * Host reservations in this subnet.
   */
  reservations?: Reservation4[];
  /**
   * Use the global host reservations (the top-level reservations list) for clients in this scope. Off by default.
   */
  'reservations-global'?: boolean;
  /**
   * Use the reservations defined in the subnet itself. On by default.
   */
  'reservations-in-subnet'?: boolean;
  /**
   * Promise that in-subnet reserved addresses are all outside the dynamic pools, which lets Kea skip some checks during allocation. Only meaningful with reservations-in-subnet. Off by default.
   */
  'reservations-out-of-pool'?: boolean;
  relay?: Relay4;
  /**
   * Identify a client's lease by its client identifier (option 61) when it sends one; when false, only the hardware address is used, which helps with clients that change their identifier. On by default.
   */
  'match-client-id'?: boolean;
  /**
   * Answer requests for addresses the server does not know with DHCPNAK instead of ignoring them, so that clients moved to this network quickly get a new lease. Off by default.
   */
  authoritative?: boolean;
  /**
   * Address of the next server in the boot process (the siaddr field, typically a TFTP server). Empty or 0.0.0.0 (the default) means none.
   */
  'next-server'?: '' | string;
  /**
   * Server host name sent in the sname field (at most 63 bytes), typically the boot server. Empty by default.
   */
  'server-hostname'?: string;
  /**
   * Boot file name sent in the file field (at most 128 bytes). Empty by default.
   */
  'boot-file-name'?: string;
  /**
   * DHCPv4-over-DHCPv6: name of the interface on which the DHCPv6 server receives this subnet's queries. Empty by default.
   */
  '4o6-interface'?: string;
  /**
   * DHCPv4-over-DHCPv6: value of the interface-id option of relayed queries that select this subnet. Empty by default.
   */
  '4o6-interface-id'?: string;
  /**
   * DHCPv4-over-DHCPv6: IPv6 prefix (e.g. 2001:db8::/64) of the clients that select this subnet. Empty by default.
   */
  '4o6-subnet'?: '' | string;
  /**
   * Compute renew-timer (T1) and rebind-timer (T2) from t1-percent and t2-percent of the valid lifetime when they are not set explicitly. Off by default for DHCPv4.
   */
  'calculate-tee-times'?: boolean;
  /**
   * Fraction of the lease lifetime (valid lifetime for DHCPv4, preferred lifetime for DHCPv6) used as T1 when calculate-tee-times is on; then it must be above 0, below 1 and below t2-percent (Kea checks this only where calculate-tee-times applies). Kea's default is 0.5.
   */
  't1-percent'?: number;
  /**
   * Fraction of the valid lifetime used as T2 when calculate-tee-times is on. Must be above 0 and below 1, and above t1-percent; Kea's default for DHCPv4 is 0.875.
   */
  't2-percent'?: number;
  /**
   * Lease caching: when a client renews before this fraction of its lease has elapsed, the existing lease is returned unchanged instead of being extended. 0 disables caching; Kea's default is 0.25.
   */
  'cache-threshold'?: number;
  /**
   * Lease caching: a lease older than this many seconds is never reused from the cache, whatever cache-threshold says. 0 disables caching; unset by default.
   */
  'cache-max-age'?: number;
  /**
   * With the FLQ allocator: when a pool is at least this full (a fraction, above 0 and at most 1), new leases get the minimum lifetimes (min-valid-lifetime and, for DHCPv6, min-preferred-lifetime). Unset (the same as 1) disables it. New in Kea 3.3.
   */
  'adaptive-lease-time-threshold'?: number;
  /**
   * Send DNS update requests to kea-dhcp-ddns for clients in this scope. Takes effect only when dhcp-ddns.enable-updates is true. On by default.
   */
  'ddns-send-updates'?: boolean;
  /**
   * Update DNS even when the client asked the server not to (the FQDN N flag). Off by default.
   */
  'ddns-override-no-update'?: boolean;
  /**
   * Have the server perform the forward (A/AAAA) update even when the client said it would do it itself (the FQDN S flag cleared). Off by default.
   */
  'ddns-override-client-update'?: boolean;
  /**
   * Whether the server replaces the name the client sent: never (use the client's name), always, when-present (replace only names the client sent) or when-not-present (generate one only when the client sent none), in any letter case. The strings "true" and "false" are old spellings of when-present and never; a JSON boolean is rejected. Kea's default is never.
   */
  'ddns-replace-client-name'?: ('when-present' | 'never' | 'always' | 'when-not-present') | string;
  /**
   * Prefix of the names the server generates for clients (followed by the address and ddns-qualifying-suffix). Kea's default is myhost.
   */
  'ddns-generated-prefix'?: string;
  /**
   * Domain appended to partial (unqualified) client names to make them fully qualified, e.g. example.com. Empty by default (names are used as sent).
   */
  'ddns-qualifying-suffix'?: string;
  /**
   * Send a DNS update on every lease renewal, not only when the name or address changes. Off by default.
   */
  'ddns-update-on-renew'?: boolean;
  /**
   * @deprecated
   * Old switch for DNS conflict resolution (RFC 4703 DHCID checks). Kea translates true to check-with-dhcid and false to no-check-with-dhcid.
   */
  'ddns-use-conflict-resolution'?: boolean;
  /**
   * How kea-dhcp-ddns guards DNS names owned by other clients: check-with-dhcid (RFC 4703 DHCID checks), no-check-with-dhcid (overwrite, but still add DHCID records), check-exists-with-dhcid (update only if a DHCID record exists) or no-check-without-dhcid (overwrite, no DHCID records). Case does not matter; Kea's default is check-with-dhcid.
   */
  'ddns-conflict-resolution-mode'?:
    | (
        | 'check-with-dhcid'
        | 'no-check-with-dhcid'
        | 'check-exists-with-dhcid'
        | 'no-check-without-dhcid'
      )
    | string;
  /**
   * TTL of the DNS records, as a fraction of the lease lifetime (e.g. 0.5 for half). Cannot be combined with ddns-ttl. When unset (or 0) the TTL is a third of the lease lifetime, as RFC 4702 suggests.
   */
  'ddns-ttl-percent'?: number;
  /**
   * Fixed TTL, in seconds, of the DNS records added for a lease. Cannot be combined with ddns-ttl-percent, ddns-ttl-min or ddns-ttl-max. Unset by default.
   */
  'ddns-ttl'?: number;
  /**
   * Lower bound, in seconds, for the TTL computed from the lease lifetime; when unset (or 0) the bound is 600 seconds (RFC 4702). Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-min'?: number;
  /**
   * Upper bound, in seconds, for the TTL computed from the lease lifetime; unset (or 0) means no bound. Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-max'?: number;
  /**
   * Regular expression matching the characters that are not allowed in client host names; each match is replaced with hostname-char-replacement. An empty string disables sanitizing. Kea's default is [^A-Za-z0-9.-].
   */
  'hostname-char-set'?: string;
  /**
   * Text that replaces each character matched by hostname-char-set. Empty by default (the characters are removed).
   */
  'hostname-char-replacement'?: string;
  /**
   * Store relay information (relay agent options, DHCPv6 relay data) in each lease's user context, as needed by the Leasequery and bulk Leasequery hooks. Off by default.
   */
  'store-extended-info'?: boolean;
  /**
   * How free addresses are chosen from the pools: iterative (in order), random, flq (free lease queue, fast for mostly full pools, needs pools that fit in memory) or shared-flq (free lease queue kept in the SQL lease database; experimental, Kea 3.1.9+). Kea's default is iterative.
   */
  allocator?: 'iterative' | 'random' | 'flq' | 'shared-flq';
  /**
   * When not 0, a lease is stored already when an address is offered (DHCPOFFER) and held for this many seconds until the client requests it. 0 (the default) allocates only on DHCPREQUEST.
   */
  'offer-lifetime'?: number;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A DHCPv4 option value: which option (name or code, in a space) and its data.
 */
export interface OptionData4 {
  /**
   * Name of the option, e.g. domain-name-servers, as defined by Kea or by an option-def. Either name or code identifies the option; spaces are not allowed.
   */
  name?: string;
  /**
   * The option value. With csv-format on, comma-separated values matching the option definition's fields (e.g. "192.0.2.1, 192.0.2.2"); with csv-format off, the raw payload as hex. Empty for options that carry no data.
   */
  data?: string;
  /**
   * Option code (0 to 255). Either code or name identifies the option.
   */
  code?: number;
  /**
   * Option space the option belongs to: dhcp4 for standard DHCPv4 options (the default), vendor-<enterprise number> for vendor options, or a space created by option-def. The name dhcp6 is reserved for the other protocol.
   */
  space?: string;
  /**
   * Whether data is written as comma-separated values (true) or as raw hex bytes (false). Options with no definition must use hex. On by default.
   */
  'csv-format'?: boolean;
  /**
   * Send this option even when the client did not request it. Off by default.
   */
  'always-send'?: boolean;
  /**
   * Never send this option, even when requested; useful to suppress an option inherited from a higher scope. Wins over always-send. Off by default.
   */
  'never-send'?: boolean;
  /**
   * Send this option only to clients in at least one of these classes. Empty or absent means all clients.
   */
  'client-classes'?: string[];
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Arbitrary JSON data attached to this element. Kea does not interpret it; it is kept, returned by config-get and visible to hook libraries.
 */
export interface UserContext {
  [k: string]: unknown | undefined;
}
/**
 * A range of addresses handed out dynamically.
 */
export interface Pool4 {
  /**
   * The address range: "first - last" (e.g. "192.0.2.10 - 192.0.2.100") or a prefix (e.g. "192.0.2.64/26"). It must lie within the subnet.
   */
  pool: string;
  /**
   * Numeric identifier for the pool (1 to 4294967295), used to group pools in statistics. Unset by default.
   */
  'pool-id'?: number;
  /**
   * Options sent to clients of this pool. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData4[];
  /**
   * @deprecated
   * Old single-class guard: only clients in this class may use the scope. An empty string means no guard. Cannot be combined with client-classes.
   */
  'client-class'?: string;
  /**
   * Client classes allowed to use this pool: a client must belong to at least one of them. Leave it out (or empty) to let every client in. Replaces the deprecated client-class.
   *
   * Items: Name of a client class.
   */
  'client-classes'?: string[];
  /**
   * @deprecated
   * Old name of evaluate-additional-classes in this pool: classes evaluated after lease assignment. Cannot be combined with evaluate-additional-classes.
   *
   * Items: Name of a client class.
   */
  'require-client-classes'?: string[];
  /**
   * Classes evaluated late, after this pool has been selected and a lease assigned (classes marked only-in-additional-list are evaluated only when listed here). A client that matches them gets their options.
   *
   * Items: Name of a client class.
   */
  'evaluate-additional-classes'?: string[];
  /**
   * Send DNS update requests to kea-dhcp-ddns for clients in this scope. Takes effect only when dhcp-ddns.enable-updates is true. On by default.
   */
  'ddns-send-updates'?: boolean;
  /**
   * Update DNS even when the client asked the server not to (the FQDN N flag). Off by default.
   */
  'ddns-override-no-update'?: boolean;
  /**
   * Have the server perform the forward (A/AAAA) update even when the client said it would do it itself (the FQDN S flag cleared). Off by default.
   */
  'ddns-override-client-update'?: boolean;
  /**
   * Whether the server replaces the name the client sent: never (use the client's name), always, when-present (replace only names the client sent) or when-not-present (generate one only when the client sent none), in any letter case. The strings "true" and "false" are old spellings of when-present and never; a JSON boolean is rejected. Kea's default is never.
   */
  'ddns-replace-client-name'?: ('when-present' | 'never' | 'always' | 'when-not-present') | string;
  /**
   * Prefix of the names the server generates for clients (followed by the address and ddns-qualifying-suffix). Kea's default is myhost.
   */
  'ddns-generated-prefix'?: string;
  /**
   * Domain appended to partial (unqualified) client names to make them fully qualified, e.g. example.com. Empty by default (names are used as sent).
   */
  'ddns-qualifying-suffix'?: string;
  /**
   * Send a DNS update on every lease renewal, not only when the name or address changes. Off by default.
   */
  'ddns-update-on-renew'?: boolean;
  /**
   * How kea-dhcp-ddns guards DNS names owned by other clients: check-with-dhcid (RFC 4703 DHCID checks), no-check-with-dhcid (overwrite, but still add DHCID records), check-exists-with-dhcid (update only if a DHCID record exists) or no-check-without-dhcid (overwrite, no DHCID records). Case does not matter; Kea's default is check-with-dhcid.
   */
  'ddns-conflict-resolution-mode'?:
    | (
        | 'check-with-dhcid'
        | 'no-check-with-dhcid'
        | 'check-exists-with-dhcid'
        | 'no-check-without-dhcid'
      )
    | string;
  /**
   * TTL of the DNS records, as a fraction of the lease lifetime (e.g. 0.5 for half). Cannot be combined with ddns-ttl. When unset (or 0) the TTL is a third of the lease lifetime, as RFC 4702 suggests.
   */
  'ddns-ttl-percent'?: number;
  /**
   * Fixed TTL, in seconds, of the DNS records added for a lease. Cannot be combined with ddns-ttl-percent, ddns-ttl-min or ddns-ttl-max. Unset by default.
   */
  'ddns-ttl'?: number;
  /**
   * Lower bound, in seconds, for the TTL computed from the lease lifetime; when unset (or 0) the bound is 600 seconds (RFC 4702). Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-min'?: number;
  /**
   * Upper bound, in seconds, for the TTL computed from the lease lifetime; unset (or 0) means no bound. Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-max'?: number;
  /**
   * Regular expression matching the characters that are not allowed in client host names; each match is replaced with hostname-char-replacement. An empty string disables sanitizing. Kea's default is [^A-Za-z0-9.-].
   */
  'hostname-char-set'?: string;
  /**
   * Text that replaces each character matched by hostname-char-set. Empty by default (the characters are removed).
   */
  'hostname-char-replacement'?: string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A host reservation: fixed addresses, a host name, options or classes for one client, identified by one identifier.
 */
export interface Reservation4 {
  /**
   * Identify the host by its hardware (MAC) address: hex octets such as 01:02:03:04:05:06 (colons, spaces or none), or text in single quotes. Exactly one identifier per reservation.
   */
  'hw-address'?: string;
  /**
   * Identify the host by the DUID in its client identifier (RFC 4361): hex octets such as 01:02:03:04:05:06 (colons, spaces or none), or text in single quotes. Exactly one identifier per reservation.
   */
  duid?: string;
  /**
   * Identify the host by its client identifier (option 61), including the type octet: hex octets such as 01:02:03:04:05:06 (colons, spaces or none), or text in single quotes. Exactly one identifier per reservation.
   */
  'client-id'?: string;
  /**
   * Identify the host by the circuit-id sub-option of the relay agent information option (82): hex octets such as 01:02:03:04:05:06 (colons, spaces or none), or text in single quotes. Exactly one identifier per reservation.
   */
  'circuit-id'?: string;
  /**
   * Identify the host by the value computed by the flex_id hook library: hex octets such as 01:02:03:04:05:06 (colons, spaces or none), or text in single quotes. Exactly one identifier per reservation.
   */
  'flex-id'?: string;
  /**
   * IPv4 address reserved for the host.
   */
  'ip-address'?: string;
  /**
   * Host name given to the host (used for DNS updates and option 12).
   */
  hostname?: string;
  /**
   * Classes the host is placed in when it matches this reservation.
   */
  'client-classes'?: string[];
  /**
   * Options sent to clients of this host. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData4[];
  /**
   * Address of the next server in the boot process (the siaddr field, typically a TFTP server) for these clients.
   */
  'next-server'?: string;
  /**
   * Server host name sent in the sname field to this host (at most 63 bytes).
   */
  'server-hostname'?: string;
  /**
   * Boot file name sent in the file field to this host (at most 127 bytes).
   */
  'boot-file-name'?: string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Relay agents serving this network: a packet relayed by one of these addresses selects it. The address is the giaddr of the packet.
 */
export interface Relay4 {
  /**
   * IPv4 addresses of the relay agents.
   */
  'ip-addresses': string[];
}
/**
 * A shared network: several subnets on the same link (e.g. several prefixes on one VLAN). Its parameters apply to all its subnets unless a subnet overrides them.
 */
export interface SharedNetwork4 {
  /**
   * Unique name of the shared network.
   */
  name: string;
  /**
   * Subnets that share this network segment.
   */
  subnet4?: Subnet4[];
  /**
   * Name of the local network interface on which clients of this directly connected network are reached (e.g. eth0). Leave empty for networks reached only through relays. Empty by default.
   */
  interface?: string;
  /**
   * T1, in seconds: when a client should start renewing its lease with this server. When unset it is computed from t1-percent if calculate-tee-times is on; it is not sent if it is not below rebind-timer.
   */
  'renew-timer'?: number;
  /**
   * T2, in seconds: when a client that could not renew should try any server. When unset it is computed from t2-percent if calculate-tee-times is on; it is not sent if it is not below the valid lifetime.
   */
  'rebind-timer'?: number;
  /**
   * Options sent to clients of this shared network. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData4[];
  /**
   * Identify a client's lease by its client identifier (option 61) when it sends one; when false, only the hardware address is used, which helps with clients that change their identifier. On by default.
   */
  'match-client-id'?: boolean;
  /**
   * Answer requests for addresses the server does not know with DHCPNAK instead of ignoring them, so that clients moved to this network quickly get a new lease. Off by default.
   */
  authoritative?: boolean;
  /**
   * Address of the next server in the boot process (the siaddr field, typically a TFTP server). Empty or 0.0.0.0 (the default) means none.
   */
  'next-server'?: '' | string;
  /**
   * Server host name sent in the sname field (at most 63 bytes), typically the boot server. Empty by default.
   */
  'server-hostname'?: string;
  /**
   * Boot file name sent in the file field (at most 128 bytes). Empty by default.
   */
  'boot-file-name'?: string;
  relay?: Relay4;
  /**
   * Use the global host reservations (the top-level reservations list) for clients in this scope. Off by default.
   */
  'reservations-global'?: boolean;
  /**
   * Use the reservations defined in the subnet itself. On by default.
   */
  'reservations-in-subnet'?: boolean;
  /**
   * Promise that in-subnet reserved addresses are all outside the dynamic pools, which lets Kea skip some checks during allocation. Only meaningful with reservations-in-subnet. Off by default.
   */
  'reservations-out-of-pool'?: boolean;
  /**
   * @deprecated
   * Old single-class guard: only clients in this class may use the scope. An empty string means no guard. Cannot be combined with client-classes.
   */
  'client-class'?: string;
  /**
   * Client classes allowed to use this shared network: a client must belong to at least one of them. Leave it out (or empty) to let every client in. Replaces the deprecated client-class.
   *
   * Items: Name of a client class.
   */
  'client-classes'?: string[];
  /**
   * @deprecated
   * Old name of evaluate-additional-classes in this shared network: classes evaluated after lease assignment. Cannot be combined with evaluate-additional-classes.
   *
   * Items: Name of a client class.
   */
  'require-client-classes'?: string[];
  /**
   * Classes evaluated late, after this shared network has been selected and a lease assigned (classes marked only-in-additional-list are evaluated only when listed here). A client that matches them gets their options.
   *
   * Items: Name of a client class.
   */
  'evaluate-additional-classes'?: string[];
  /**
   * How long, in seconds, an address or prefix handed out stays valid. Set globally, per shared network, subnet or client class; the more specific level wins. Kea's default is 7200 (two hours).
   */
  'valid-lifetime'?: number;
  /**
   * Shortest valid lifetime, in seconds, granted when a client asks for less (and the lifetime used when adaptive-lease-time-threshold applies). Defaults to valid-lifetime.
   */
  'min-valid-lifetime'?: number;
  /**
   * Longest valid lifetime, in seconds, granted when a client asks for more. Defaults to valid-lifetime.
   */
  'max-valid-lifetime'?: number;
  /**
   * Compute renew-timer (T1) and rebind-timer (T2) from t1-percent and t2-percent of the valid lifetime when they are not set explicitly. Off by default for DHCPv4.
   */
  'calculate-tee-times'?: boolean;
  /**
   * Fraction of the lease lifetime (valid lifetime for DHCPv4, preferred lifetime for DHCPv6) used as T1 when calculate-tee-times is on; then it must be above 0, below 1 and below t2-percent (Kea checks this only where calculate-tee-times applies). Kea's default is 0.5.
   */
  't1-percent'?: number;
  /**
   * Fraction of the valid lifetime used as T2 when calculate-tee-times is on. Must be above 0 and below 1, and above t1-percent; Kea's default for DHCPv4 is 0.875.
   */
  't2-percent'?: number;
  /**
   * Lease caching: when a client renews before this fraction of its lease has elapsed, the existing lease is returned unchanged instead of being extended. 0 disables caching; Kea's default is 0.25.
   */
  'cache-threshold'?: number;
  /**
   * Lease caching: a lease older than this many seconds is never reused from the cache, whatever cache-threshold says. 0 disables caching; unset by default.
   */
  'cache-max-age'?: number;
  /**
   * With the FLQ allocator: when a pool is at least this full (a fraction, above 0 and at most 1), new leases get the minimum lifetimes (min-valid-lifetime and, for DHCPv6, min-preferred-lifetime). Unset (the same as 1) disables it. New in Kea 3.3.
   */
  'adaptive-lease-time-threshold'?: number;
  /**
   * Send DNS update requests to kea-dhcp-ddns for clients in this scope. Takes effect only when dhcp-ddns.enable-updates is true. On by default.
   */
  'ddns-send-updates'?: boolean;
  /**
   * Update DNS even when the client asked the server not to (the FQDN N flag). Off by default.
   */
  'ddns-override-no-update'?: boolean;
  /**
   * Have the server perform the forward (A/AAAA) update even when the client said it would do it itself (the FQDN S flag cleared). Off by default.
   */
  'ddns-override-client-update'?: boolean;
  /**
   * Whether the server replaces the name the client sent: never (use the client's name), always, when-present (replace only names the client sent) or when-not-present (generate one only when the client sent none), in any letter case. The strings "true" and "false" are old spellings of when-present and never; a JSON boolean is rejected. Kea's default is never.
   */
  'ddns-replace-client-name'?: ('when-present' | 'never' | 'always' | 'when-not-present') | string;
  /**
   * Prefix of the names the server generates for clients (followed by the address and ddns-qualifying-suffix). Kea's default is myhost.
   */
  'ddns-generated-prefix'?: string;
  /**
   * Domain appended to partial (unqualified) client names to make them fully qualified, e.g. example.com. Empty by default (names are used as sent).
   */
  'ddns-qualifying-suffix'?: string;
  /**
   * Send a DNS update on every lease renewal, not only when the name or address changes. Off by default.
   */
  'ddns-update-on-renew'?: boolean;
  /**
   * @deprecated
   * Old switch for DNS conflict resolution (RFC 4703 DHCID checks). Kea translates true to check-with-dhcid and false to no-check-with-dhcid.
   */
  'ddns-use-conflict-resolution'?: boolean;
  /**
   * How kea-dhcp-ddns guards DNS names owned by other clients: check-with-dhcid (RFC 4703 DHCID checks), no-check-with-dhcid (overwrite, but still add DHCID records), check-exists-with-dhcid (update only if a DHCID record exists) or no-check-without-dhcid (overwrite, no DHCID records). Case does not matter; Kea's default is check-with-dhcid.
   */
  'ddns-conflict-resolution-mode'?:
    | (
        | 'check-with-dhcid'
        | 'no-check-with-dhcid'
        | 'check-exists-with-dhcid'
        | 'no-check-without-dhcid'
      )
    | string;
  /**
   * TTL of the DNS records, as a fraction of the lease lifetime (e.g. 0.5 for half). Cannot be combined with ddns-ttl. When unset (or 0) the TTL is a third of the lease lifetime, as RFC 4702 suggests.
   */
  'ddns-ttl-percent'?: number;
  /**
   * Fixed TTL, in seconds, of the DNS records added for a lease. Cannot be combined with ddns-ttl-percent, ddns-ttl-min or ddns-ttl-max. Unset by default.
   */
  'ddns-ttl'?: number;
  /**
   * Lower bound, in seconds, for the TTL computed from the lease lifetime; when unset (or 0) the bound is 600 seconds (RFC 4702). Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-min'?: number;
  /**
   * Upper bound, in seconds, for the TTL computed from the lease lifetime; unset (or 0) means no bound. Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-max'?: number;
  /**
   * Regular expression matching the characters that are not allowed in client host names; each match is replaced with hostname-char-replacement. An empty string disables sanitizing. Kea's default is [^A-Za-z0-9.-].
   */
  'hostname-char-set'?: string;
  /**
   * Text that replaces each character matched by hostname-char-set. Empty by default (the characters are removed).
   */
  'hostname-char-replacement'?: string;
  /**
   * Store relay information (relay agent options, DHCPv6 relay data) in each lease's user context, as needed by the Leasequery and bulk Leasequery hooks. Off by default.
   */
  'store-extended-info'?: boolean;
  /**
   * How free addresses are chosen from the pools: iterative (in order), random, flq (free lease queue, fast for mostly full pools, needs pools that fit in memory) or shared-flq (free lease queue kept in the SQL lease database; experimental, Kea 3.1.9+). Kea's default is iterative.
   */
  allocator?: 'iterative' | 'random' | 'flq' | 'shared-flq';
  /**
   * When not 0, a lease is stored already when an address is offered (DHCPOFFER) and held for this many seconds until the client requests it. 0 (the default) allocates only on DHCPREQUEST.
   */
  'offer-lifetime'?: number;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Network interfaces the server listens on, and how.
 */
export interface InterfacesConfig4 {
  /**
   * Interfaces (and optionally addresses) to listen on: "eth0", "eth0/192.0.2.1" (a specific address) or "*" for all. Empty (the default) means no interface.
   */
  interfaces?: string[];
  /**
   * raw (the default) uses raw sockets, needed to answer directly connected clients that have no address yet; udp uses ordinary UDP sockets, enough when all traffic is relayed.
   */
  'dhcp-socket-type'?: 'raw' | 'udp';
  /**
   * How the interface for responses is chosen: same-as-inbound (the default) or use-routing (the kernel routing table; useful with udp sockets).
   */
  'outbound-interface'?: 'same-as-inbound' | 'use-routing';
  /**
   * Detect the system's interfaces again on each reconfiguration. On by default.
   */
  're-detect'?: boolean;
  /**
   * Fail the configuration when a socket cannot be opened on any listed interface, instead of only logging. Off by default.
   */
  'service-sockets-require-all'?: boolean;
  /**
   * Milliseconds between attempts to open sockets that failed. Kea's default is 5000.
   */
  'service-sockets-retry-wait-time'?: number;
  /**
   * How many times opening a failed socket is retried. 0 (the default) means no retry.
   */
  'service-sockets-max-retries'?: number;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Connection to a lease, host or configuration database (lease-database, hosts-databases entries, config-control.config-databases entries).
 */
export interface DatabaseConfig {
  /**
   * Database backend: memfile (leases in a CSV file, leases only), mysql or postgresql (needs the libdhcp_mysql or libdhcp_pgsql hook library).
   */
  type: 'memfile' | 'mysql' | 'postgresql';
  /**
   * User name for connecting to an SQL database.
   */
  user?: string;
  /**
   * Password for connecting to an SQL database. Prefer password-file.
   */
  password?: string;
  /**
   * File holding the SQL database password (new in Kea 3.3).
   */
  'password-file'?: string;
  /**
   * Host name or address of the SQL database server. Defaults to localhost.
   */
  host?: string;
  /**
   * TCP port of the SQL database server. Defaults to the engine's standard port.
   */
  port?: number;
  /**
   * memfile: lease file name (it must be in Kea's data directory; the default is kea-leases4.csv or kea-leases6.csv). SQL: the database name.
   */
  name?: string;
  /**
   * memfile only: write leases to the lease file. Turning it off keeps leases in memory only (testing). On by default.
   */
  persist?: boolean;
  /**
   * memfile only: seconds between runs of kea-lfc, which compacts the lease file. 0 disables it. Kea's default is 3600.
   */
  'lfc-interval'?: number;
  /**
   * Host databases only: open the database read-only, so host commands cannot change it. Off by default.
   */
  readonly?: boolean;
  /**
   * SQL: seconds to wait for a connection to the database server.
   */
  'connect-timeout'?: number;
  /**
   * MySQL: seconds to wait for a read from the server. 0 (default) means the system default.
   */
  'read-timeout'?: number;
  /**
   * MySQL: seconds to wait for a write to the server. 0 (default) means the system default.
   */
  'write-timeout'?: number;
  /**
   * PostgreSQL: TCP user timeout of the connection, in seconds. 0 (default) means the system default.
   */
  'tcp-user-timeout'?: number;
  /**
   * How many times Kea tries to reconnect after losing the database connection. 0 (default) disables reconnecting.
   */
  'max-reconnect-tries'?: number;
  /**
   * Milliseconds between reconnection attempts. Kea's default is 0.
   */
  'reconnect-wait-time'?: number;
  /**
   * What Kea does when reconnecting fails: stop-retry-exit (stop serving, retry, then exit), serve-retry-exit (keep serving, retry, then exit) or serve-retry-continue (keep serving and keep retrying). Kea's default is stop-retry-exit.
   */
  'on-fail'?: 'stop-retry-exit' | 'serve-retry-exit' | 'serve-retry-continue';
  /**
   * Also retry the connection when the database is unreachable at startup or reconfiguration, instead of failing. Off by default.
   */
  'retry-on-startup'?: boolean;
  /**
   * memfile only: how many corrupt lines in the lease file are tolerated on load before Kea gives up. 0 (default) means no limit.
   */
  'max-row-errors'?: number;
  /**
   * SQL over TLS: CA certificate file (or directory) used to verify the server.
   */
  'trust-anchor'?: string;
  /**
   * SQL over TLS: client certificate file.
   */
  'cert-file'?: string;
  /**
   * SQL over TLS: client private key file.
   */
  'key-file'?: string;
  /**
   * PostgreSQL TLS mode: disable, prefer, require, verify-ca or verify-full (new in Kea 3.3).
   */
  'ssl-mode'?: 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  /**
   * SQL over TLS: list of allowed ciphers, in OpenSSL syntax.
   */
  'cipher-list'?: string;
}
/**
 * A client class: a named group of clients, defined by an expression or assigned by reservations and hooks, that can carry options and lifetimes and guard networks and pools.
 */
export interface ClientClass4 {
  /**
   * Name of the class, used to refer to it in client-classes lists and expressions.
   */
  name: string;
  /**
   * Boolean expression deciding membership, e.g. "option[60].text == 'PXEClient'". Without test (and template-test) clients join the class only by reservation, hook or when listed for additional evaluation.
   */
  test?: string;
  /**
   * String expression; each client is put in a class named SPAWN_<name>_<value> for the value it yields. Cannot be combined with test.
   */
  'template-test'?: string;
  /**
   * @deprecated
   * Old name of only-in-additional-list. Cannot be combined with it.
   */
  'only-if-required'?: boolean;
  /**
   * Evaluate this class only when it is listed in an evaluate-additional-classes list, after lease assignment. Off by default.
   */
  'only-in-additional-list'?: boolean;
  /**
   * Definitions of options used only by this class (e.g. vendor option 43 sub-options).
   */
  'option-def'?: OptionDef4[];
  /**
   * Options sent to clients of this class. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData4[];
  /**
   * Address of the next server in the boot process (the siaddr field, typically a TFTP server) for these clients.
   */
  'next-server'?: string;
  /**
   * Server host name sent in the sname field to clients in this class (at most 63 bytes).
   */
  'server-hostname'?: string;
  /**
   * Boot file name sent in the file field to clients in this class (at most 128 bytes).
   */
  'boot-file-name'?: string;
  /**
   * How long, in seconds, an address or prefix handed out stays valid. Set globally, per shared network, subnet or client class; the more specific level wins. Kea's default is 7200 (two hours).
   */
  'valid-lifetime'?: number;
  /**
   * Shortest valid lifetime, in seconds, granted when a client asks for less (and the lifetime used when adaptive-lease-time-threshold applies). Defaults to valid-lifetime.
   */
  'min-valid-lifetime'?: number;
  /**
   * Longest valid lifetime, in seconds, granted when a client asks for more. Defaults to valid-lifetime.
   */
  'max-valid-lifetime'?: number;
  /**
   * When not 0, a lease is stored already when an address is offered (DHCPOFFER) and held for this many seconds until the client requests it. 0 (the default) allocates only on DHCPREQUEST.
   */
  'offer-lifetime'?: number;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Definition of a custom option (or of a standard option Kea does not know): its code, name, space and data format.
 */
export interface OptionDef4 {
  /**
   * Name of the new option (letters, digits, hyphens and underscores; not starting or ending with a hyphen or underscore). option-data entries can refer to it by this name.
   */
  name: string;
  /**
   * Option code (0 to 255). Codes 0 and 255 are reserved in the dhcp4 space.
   */
  code: number;
  /**
   * Data type of the option's payload. Use record together with record-types for options made of several fields.
   */
  type:
    | 'empty'
    | 'binary'
    | 'boolean'
    | 'int8'
    | 'int16'
    | 'int32'
    | 'uint8'
    | 'uint16'
    | 'uint32'
    | 'ipv4-address'
    | 'ipv6-address'
    | 'ipv6-prefix'
    | 'psid'
    | 'string'
    | 'tuple'
    | 'fqdn'
    | 'internal'
    | 'record';
  /**
   * For type record: the comma-separated list of field types, e.g. "uint16, ipv4-address, string" (at least two). String and binary fields may only come last. Empty by default.
   */
  'record-types'?: string;
  /**
   * Option space the option belongs to: dhcp4 for standard DHCPv4 options (the default), vendor-<enterprise number> for vendor options, or a space created by option-def. The name dhcp6 is reserved for the other protocol.
   */
  space?: string;
  /**
   * Name of the option space whose options are carried inside this option as sub-options. Empty (the default) means the option encapsulates nothing.
   */
  encapsulate?: string;
  /**
   * Whether the option carries an array of values of the given type (not allowed for string and binary, nor together with encapsulate). Off by default.
   */
  array?: boolean;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A hook library loaded into the server, with its parameters.
 */
export interface HooksLibrary {
  /**
   * Path of the library file (.so). Kea 3 only loads libraries from its hooks directory; a bare file name is looked up there.
   */
  library: string;
  parameters?: HookParameters;
}
/**
 * Parameters of the hook library; their meaning is defined by the library.
 */
export interface HookParameters {
  [k: string]: unknown | undefined;
}
/**
 * How and when expired leases are reclaimed (freed, DNS entries removed) and how long they are kept afterwards.
 */
export interface ExpiredLeasesProcessing {
  /**
   * Seconds between two runs of expired-lease reclamation. 0 disables automatic reclamation. Kea's default is 10.
   */
  'reclaim-timer-wait-time'?: number;
  /**
   * Seconds between two removals of reclaimed leases whose hold-reclaimed-time has passed. 0 means reclaimed leases are deleted at once instead of being kept. Kea's default is 25.
   */
  'flush-reclaimed-timer-wait-time'?: number;
  /**
   * Seconds a reclaimed (expired) lease is kept so that a returning client gets the same address (lease affinity). Kea's default is 3600.
   */
  'hold-reclaimed-time'?: number;
  /**
   * Maximum number of leases reclaimed in one run. 0 means no limit. Kea's default is 100.
   */
  'max-reclaim-leases'?: number;
  /**
   * Maximum duration of one reclamation run, in milliseconds (at most 10000). 0 means no limit. Kea's default is 250.
   */
  'max-reclaim-time'?: number;
  /**
   * Number of consecutive reclamation runs that end with expired leases left over (because of max-reclaim-leases or max-reclaim-time) before Kea logs a warning. Kea's default is 5.
   */
  'unwarned-reclaim-cycles'?: number;
}
/**
 * A socket on which kea-dhcp4 accepts management commands.
 */
export interface ControlSocket4 {
  /**
   * Kind of socket: unix (a UNIX domain socket, at most one), http or https (several allowed).
   */
  'socket-type': 'unix' | 'http' | 'https';
  /**
   * unix sockets: path of the socket file (Kea 3 requires it to be in its control socket directory). Not allowed for http and https.
   */
  'socket-name'?: string;
  /**
   * http and https sockets: address to listen on. Kea's default is 127.0.0.1. Not allowed for unix sockets.
   */
  'socket-address'?: string;
  /**
   * http and https sockets: TCP port to listen on. Kea's default is 8000.
   */
  'socket-port'?: number;
  authentication?: Authentication;
  /**
   * https: CA certificate file or directory used to verify clients. trust-anchor, cert-file and key-file are all set or all left out.
   */
  'trust-anchor'?: string;
  /**
   * https: server certificate file.
   */
  'cert-file'?: string;
  /**
   * https: server private key file.
   */
  'key-file'?: string;
  /**
   * https: require clients to present a certificate (mutual TLS). On by default.
   */
  'cert-required'?: boolean;
  /**
   * Extra HTTP headers added to every response.
   */
  'http-headers'?: HttpHeader[];
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Access control for an HTTP(S) control socket.
 */
export interface Authentication {
  /**
   * Authentication method; only basic (HTTP basic authentication) exists.
   */
  type: 'basic';
  /**
   * Realm sent in authentication challenges. Kea's default is the daemon's name: kea-dhcpv4-server, kea-dhcpv6-server or kea-dhcp-ddns-server.
   */
  realm?: string;
  /**
   * Directory in which user-file and password-file names are resolved.
   */
  directory?: string;
  /**
   * Users allowed to send commands, each with a user name and password (or files holding them). With no clients (an empty or missing list) anyone may send commands, as in Kea.
   */
  clients?: AuthClient[];
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A user allowed to use the control socket (HTTP basic authentication).
 */
export interface AuthClient {
  /**
   * User name (no colon).
   */
  user?: string;
  /**
   * File holding the user name (relative to the authentication directory).
   */
  'user-file'?: string;
  /**
   * Password in clear text. Prefer password-file.
   */
  password?: string;
  /**
   * File holding the password, or "user:password" when neither user nor user-file is given (relative to the authentication directory).
   */
  'password-file'?: string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * An extra HTTP header added to every response of an HTTP(S) control socket.
 */
export interface HttpHeader {
  /**
   * Header name, e.g. Strict-Transport-Security.
   */
  name: string;
  /**
   * Header value.
   */
  value: string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Congestion handling: a packet queue between the sockets and the packet processing. Any other key is passed to the queue implementation (e.g. one provided by a hook library).
 */
export interface DhcpQueueControl {
  /**
   * Queue incoming packets in a separate thread so that bursts can be absorbed (congestion handling). Required in this map. Ignored (forced off) when multi-threading is enabled.
   */
  'enable-queue': boolean;
  /**
   * Queue implementation: kea-ring4 (DHCPv4 default) or kea-ring6 (DHCPv6 default), or a type provided by a hook library. Required when enable-queue is true.
   */
  'queue-type'?: string;
  /**
   * Number of packets the queue holds; when full, the oldest packets are discarded. Kea's default is 64.
   */
  capacity?: number;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
  [k: string]: unknown | undefined;
}
/**
 * Connection from this DHCP server to kea-dhcp-ddns, which performs the DNS updates. The per-scope ddns-* parameters decide what is updated.
 */
export interface D2ClientConfig {
  /**
   * Send name change requests to kea-dhcp-ddns. Required in this map; DNS updates are off when the map is absent.
   */
  'enable-updates': boolean;
  /**
   * Address on which kea-dhcp-ddns listens for name change requests. Kea's default is 127.0.0.1.
   */
  'server-ip'?: string;
  /**
   * Port on which kea-dhcp-ddns listens. Kea's default is 53001.
   */
  'server-port'?: number;
  /**
   * Local address from which requests are sent; empty (the default) means any address of the same family as server-ip.
   */
  'sender-ip'?: '' | string;
  /**
   * Local port from which requests are sent; 0 (the default) lets the system choose.
   */
  'sender-port'?: number;
  /**
   * Maximum number of requests waiting to be sent to kea-dhcp-ddns; more are discarded. Kea's default is 1024.
   */
  'max-queue-size'?: number;
  /**
   * Transport for name change requests between the DHCP servers and kea-dhcp-ddns: UDP or TCP, in any letter case. Only UDP is implemented; Kea rejects TCP. Kea's default is UDP.
   */
  'ncr-protocol'?: ('UDP' | 'TCP') | string;
  /**
   * Format of name change requests; JSON (any letter case) is the only one. Kea's default is JSON.
   */
  'ncr-format'?: 'JSON' | string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Consistency checks applied to leases.
 */
export interface SanityChecks {
  /**
   * What to do with a lease (loaded from file or added by command) whose subnet-id does not match the subnet of its address: none (accept it), warn (accept and log), fix (correct the subnet-id, else warn), fix-del (correct it, else delete the lease) or del (delete it). Kea's default is warn.
   */
  'lease-checks'?: 'none' | 'warn' | 'fix' | 'fix-del' | 'del';
  /**
   * How strictly the extended information stored in leases is checked and upgraded when leases are loaded: none, fix (repair common problems and upgrade the old format), strict or pedantic. Kea's default is fix.
   */
  'extended-info-checks'?: 'none' | 'fix' | 'strict' | 'pedantic';
}
/**
 * Configuration backend: additional configuration fetched from databases (needs the cb_cmds / mysql / pgsql hook libraries).
 */
export interface ConfigControl {
  /**
   * Databases holding configuration for this server.
   */
  'config-databases'?: DatabaseConfig[];
  /**
   * Seconds between two polls of the configuration databases for changes (at most 65535). 0 disables polling. Kea's default is 30.
   */
  'config-fetch-wait-time'?: number;
}
/**
 * Logging settings for one logger (a part of a Kea daemon) and its children.
 */
export interface Logger {
  /**
   * Logger name: the daemon's root logger (kea-dhcp4, kea-dhcp6, kea-dhcp-ddns), one of its children such as kea-dhcp4.packets, or a hook library's logger.
   */
  name: string;
  /**
   * Destinations of this logger's messages (at least one). Without it messages go to stdout.
   *
   * @minItems 1
   */
  'output-options'?: [OutputOption, ...OutputOption[]];
  /**
   * @deprecated
   * Old spelling of output-options (at least one destination). Cannot be combined with output-options.
   *
   * @minItems 1
   */
  output_options?: [OutputOption, ...OutputOption[]];
  /**
   * Detail of debug messages, 0 (least) to 99 (most); used only when severity is DEBUG. Kea's default is 0.
   */
  debuglevel?: number;
  /**
   * Lowest severity logged: FATAL, ERROR, WARN, INFO, DEBUG, or NONE to silence the logger (any letter case). Kea's default is INFO.
   */
  severity?: ('FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'NONE') | string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * One destination of a logger's messages.
 */
export interface OutputOption {
  /**
   * Where messages go: stdout, stderr, syslog, syslog:name (syslog with that identity) or a log file path (Kea 3 requires it to be in its log directory).
   */
  output: string;
  /**
   * Flush the output after each message. On by default.
   */
  flush?: boolean;
  /**
   * For a log file: size in bytes at which it is rotated. Values below 204800 disable rotation. Kea's default is 10240000.
   */
  maxsize?: number;
  /**
   * For a log file: number of rotated files kept. Kea's default is 1.
   */
  maxver?: number;
  /**
   * log4cplus layout pattern for each message, e.g. "%d{%Y-%m-%d %H:%M:%S.%q} %-5p [%c/%i] %m\n". The default depends on the output type.
   */
  pattern?: string;
}
/**
 * Multi-threaded packet processing.
 */
export interface MultiThreading {
  /**
   * Process packets in several threads. Required in this map; Kea's default when the map is absent is true.
   */
  'enable-multi-threading': boolean;
  /**
   * Number of packet-processing threads (at most 65535). 0 (default) means as many as the system has CPU cores.
   */
  'thread-pool-size'?: number;
  /**
   * Maximum number of packets waiting for a thread (at most 65535); the oldest are dropped when it is full. 0 means no limit. Kea's default is 64.
   */
  'packet-queue-size'?: number;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Switches that relax standards compliance to work with misbehaving clients.
 */
export interface Compatibility4 {
  /**
   * Accept some malformed options from clients (e.g. bad FQDN or vendor options) instead of dropping the packet. Off by default.
   */
  'lenient-option-parsing'?: boolean;
  /**
   * Do not drop packets whose server identifier option names another server. Off by default.
   */
  'ignore-dhcp-server-identifier'?: boolean;
  /**
   * Ignore the link-selection sub-option of the relay agent information option when selecting the subnet (not RFC compliant; works around relays that send wrong data). Off by default.
   */
  'ignore-rai-link-selection'?: boolean;
  /**
   * In subnets of prefix length 24 or shorter, never hand out addresses ending in .0 or .255. Off by default.
   */
  'exclude-first-last-24'?: boolean;
}
/**
 * Configuration of the DHCPv6 server (the Dhcp6 object of a Kea configuration file), as Kea 3.0 and 3.3 accept it.
 */
export interface Dhcp6Config {
  /**
   * @deprecated
   * Old setting for the directory of the lease and DUID files; Kea ignores it.
   */
  'data-directory'?: string;
  /**
   * How long, in seconds, addresses and prefixes handed out stay preferred (usable for new connections). When unset, Kea uses 62.5% of the valid lifetime.
   */
  'preferred-lifetime'?: number;
  /**
   * Shortest preferred lifetime, in seconds, granted when a client asks for less. Defaults to preferred-lifetime.
   */
  'min-preferred-lifetime'?: number;
  /**
   * Longest preferred lifetime, in seconds, granted when a client asks for more. Defaults to preferred-lifetime.
   */
  'max-preferred-lifetime'?: number;
  /**
   * How long, in seconds, an address or prefix handed out stays valid. Set globally, per shared network, subnet or client class; the more specific level wins. Kea's default is 7200 (two hours).
   */
  'valid-lifetime'?: number;
  /**
   * Shortest valid lifetime, in seconds, granted when a client asks for less (and the lifetime used when adaptive-lease-time-threshold applies). Defaults to valid-lifetime.
   */
  'min-valid-lifetime'?: number;
  /**
   * Longest valid lifetime, in seconds, granted when a client asks for more. Defaults to valid-lifetime.
   */
  'max-valid-lifetime'?: number;
  /**
   * T1, in seconds: when a client should start renewing its lease with this server. When unset it is computed from t1-percent if calculate-tee-times is on; it is not sent if it is not below rebind-timer.
   */
  'renew-timer'?: number;
  /**
   * T2, in seconds: when a client that could not renew should try any server. When unset it is computed from t2-percent if calculate-tee-times is on; it is not sent if it is not below the valid lifetime.
   */
  'rebind-timer'?: number;
  /**
   * How long, in seconds, an address that a client declined (reported as in use) is kept out of circulation. Kea's default is 86400 (24 hours).
   */
  'decline-probation-period'?: number;
  /**
   * Subnets not in any shared network.
   */
  subnet6?: Subnet6[];
  /**
   * Shared networks: groups of subnets on the same link.
   */
  'shared-networks'?: SharedNetwork6[];
  'interfaces-config'?: InterfacesConfig6;
  'lease-database'?: DatabaseConfig;
  /**
   * @deprecated
   * A single host reservation database. Cannot be combined with hosts-databases.
   */
  'hosts-database'?: DatabaseConfig;
  /**
   * Databases holding host reservations, searched in order.
   */
  'hosts-databases'?: DatabaseConfig[];
  /**
   * Where the server looks for a client's hardware address, in order: any, raw, duid, ipv6-link-local, client-link-addr-option (alias rfc6939), remote-id (rfc4649), subscriber-id (rfc4580), docsis-cmts, docsis-modem. Kea's default is ["any"].
   *
   * @minItems 1
   */
  'mac-sources'?: [
    (
      | 'any'
      | 'raw'
      | 'duid'
      | 'ipv6-link-local'
      | 'client-link-addr-option'
      | 'rfc6939'
      | 'remote-id'
      | 'rfc4649'
      | 'subscriber-id'
      | 'rfc4580'
      | 'docsis-cmts'
      | 'docsis-modem'
    ),
    ...(
      | 'any'
      | 'raw'
      | 'duid'
      | 'ipv6-link-local'
      | 'client-link-addr-option'
      | 'rfc6939'
      | 'remote-id'
      | 'rfc4649'
      | 'subscriber-id'
      | 'rfc4580'
      | 'docsis-cmts'
      | 'docsis-modem'
    )[]
  ];
  /**
   * Options (names or codes as strings, e.g. "65") that relays may supply for the client and that the server then sends back as-is (RFC 6422).
   */
  'relay-supplied-options'?: string[];
  /**
   * Identifier types used to look up host reservations, tried in this order. Kea's default is hw-address, duid.
   *
   * @minItems 1
   */
  'host-reservation-identifiers'?: [
    'hw-address' | 'duid' | 'flex-id',
    ...('hw-address' | 'duid' | 'flex-id')[]
  ];
  /**
   * Client class definitions, evaluated in order.
   */
  'client-classes'?: ClientClass6[];
  /**
   * Definitions of custom options.
   */
  'option-def'?: OptionDef6[];
  /**
   * Global options, sent to all clients; the same option set in a more specific scope (shared network, subnet, pool, class, host) overrides them.
   */
  'option-data'?: OptionData6[];
  /**
   * Hook libraries to load, in order.
   */
  'hooks-libraries'?: HooksLibrary[];
  'expired-leases-processing'?: ExpiredLeasesProcessing;
  'server-id'?: ServerId6;
  /**
   * UDP port pair used between kea-dhcp4 and kea-dhcp6 for DHCPv4-over-DHCPv6: the DHCPv6 side uses this port and the DHCPv4 side this port plus one. 0 (the default) disables DHCPv4-over-DHCPv6.
   */
  'dhcp4o6-port'?: number;
  /**
   * @deprecated
   * A single management socket (Kea 3.0). Cannot be combined with control-sockets.
   */
  'control-socket'?: ControlSocket6;
  /**
   * Sockets on which the server accepts management commands.
   */
  'control-sockets'?: ControlSocket6[];
  'dhcp-queue-control'?: DhcpQueueControl;
  'dhcp-ddns'?: D2ClientConfig;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
  'sanity-checks'?: SanityChecks;
  /**
   * Global host reservations, used where reservations-global is on.
   */
  reservations?: Reservation6[];
  'config-control'?: ConfigControl;
  /**
   * Name of this server as known to the configuration backend: configuration stored in a database for this tag (or for all servers) is applied to it. Empty by default.
   */
  'server-tag'?: string;
  /**
   * Use the global host reservations (the top-level reservations list) for clients in this scope. Off by default.
   */
  'reservations-global'?: boolean;
  /**
   * Use the reservations defined in the subnet itself. On by default.
   */
  'reservations-in-subnet'?: boolean;
  /**
   * Promise that in-subnet reserved addresses are all outside the dynamic pools, which lets Kea skip some checks during allocation. Only meaningful with reservations-in-subnet. Off by default.
   */
  'reservations-out-of-pool'?: boolean;
  /**
   * Compute renew-timer (T1) and rebind-timer (T2) from t1-percent and t2-percent of the preferred lifetime when they are not set explicitly. On by default for DHCPv6.
   */
  'calculate-tee-times'?: boolean;
  /**
   * Fraction of the lease lifetime (valid lifetime for DHCPv4, preferred lifetime for DHCPv6) used as T1 when calculate-tee-times is on; then it must be above 0, below 1 and below t2-percent (Kea checks this only where calculate-tee-times applies). Kea's default is 0.5.
   */
  't1-percent'?: number;
  /**
   * Fraction of the preferred lifetime used as T2 when calculate-tee-times is on. Must be above 0 and below 1, and above t1-percent; Kea's default for DHCPv6 is 0.8.
   */
  't2-percent'?: number;
  /**
   * Lease caching: when a client renews before this fraction of its lease has elapsed, the existing lease is returned unchanged instead of being extended. 0 disables caching; Kea's default is 0.25.
   */
  'cache-threshold'?: number;
  /**
   * Lease caching: a lease older than this many seconds is never reused from the cache, whatever cache-threshold says. 0 disables caching; unset by default.
   */
  'cache-max-age'?: number;
  /**
   * With the FLQ allocator: when a pool is at least this full (a fraction, above 0 and at most 1), new leases get the minimum lifetimes (min-valid-lifetime and, for DHCPv6, min-preferred-lifetime). Unset (the same as 1) disables it. New in Kea 3.3.
   */
  'adaptive-lease-time-threshold'?: number;
  /**
   * Logging configuration of this daemon (at least one logger when present).
   *
   * @minItems 1
   */
  loggers?: [Logger, ...Logger[]];
  /**
   * Send DNS update requests to kea-dhcp-ddns for clients in this scope. Takes effect only when dhcp-ddns.enable-updates is true. On by default.
   */
  'ddns-send-updates'?: boolean;
  /**
   * Update DNS even when the client asked the server not to (the FQDN N flag). Off by default.
   */
  'ddns-override-no-update'?: boolean;
  /**
   * Have the server perform the forward (A/AAAA) update even when the client said it would do it itself (the FQDN S flag cleared). Off by default.
   */
  'ddns-override-client-update'?: boolean;
  /**
   * Whether the server replaces the name the client sent: never (use the client's name), always, when-present (replace only names the client sent) or when-not-present (generate one only when the client sent none), in any letter case. The strings "true" and "false" are old spellings of when-present and never; a JSON boolean is rejected. Kea's default is never.
   */
  'ddns-replace-client-name'?: ('when-present' | 'never' | 'always' | 'when-not-present') | string;
  /**
   * Prefix of the names the server generates for clients (followed by the address and ddns-qualifying-suffix). Kea's default is myhost.
   */
  'ddns-generated-prefix'?: string;
  /**
   * Domain appended to partial (unqualified) client names to make them fully qualified, e.g. example.com. Empty by default (names are used as sent).
   */
  'ddns-qualifying-suffix'?: string;
  /**
   * Send a DNS update on every lease renewal, not only when the name or address changes. Off by default.
   */
  'ddns-update-on-renew'?: boolean;
  /**
   * @deprecated
   * Old switch for DNS conflict resolution (RFC 4703 DHCID checks). Kea translates true to check-with-dhcid and false to no-check-with-dhcid.
   */
  'ddns-use-conflict-resolution'?: boolean;
  /**
   * How kea-dhcp-ddns guards DNS names owned by other clients: check-with-dhcid (RFC 4703 DHCID checks), no-check-with-dhcid (overwrite, but still add DHCID records), check-exists-with-dhcid (update only if a DHCID record exists) or no-check-without-dhcid (overwrite, no DHCID records). Case does not matter; Kea's default is check-with-dhcid.
   */
  'ddns-conflict-resolution-mode'?:
    | (
        | 'check-with-dhcid'
        | 'no-check-with-dhcid'
        | 'check-exists-with-dhcid'
        | 'no-check-without-dhcid'
      )
    | string;
  /**
   * TTL of the DNS records, as a fraction of the lease lifetime (e.g. 0.5 for half). Cannot be combined with ddns-ttl. When unset (or 0) the TTL is a third of the lease lifetime, as RFC 4702 suggests.
   */
  'ddns-ttl-percent'?: number;
  /**
   * Fixed TTL, in seconds, of the DNS records added for a lease. Cannot be combined with ddns-ttl-percent, ddns-ttl-min or ddns-ttl-max. Unset by default.
   */
  'ddns-ttl'?: number;
  /**
   * Lower bound, in seconds, for the TTL computed from the lease lifetime; when unset (or 0) the bound is 600 seconds (RFC 4702). Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-min'?: number;
  /**
   * Upper bound, in seconds, for the TTL computed from the lease lifetime; unset (or 0) means no bound. Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-max'?: number;
  /**
   * Regular expression matching the characters that are not allowed in client host names; each match is replaced with hostname-char-replacement. An empty string disables sanitizing. Kea's default is [^A-Za-z0-9.-].
   */
  'hostname-char-set'?: string;
  /**
   * Text that replaces each character matched by hostname-char-set. Empty by default (the characters are removed).
   */
  'hostname-char-replacement'?: string;
  /**
   * Store relay information (relay agent options, DHCPv6 relay data) in each lease's user context, as needed by the Leasequery and bulk Leasequery hooks. Off by default.
   */
  'store-extended-info'?: boolean;
  /**
   * Default number of samples kept for each statistic. 0 means samples are limited by age instead (statistic-default-sample-age). Kea's default is 20.
   */
  'statistic-default-sample-count'?: number;
  /**
   * Default maximum age, in seconds, of the samples kept for each statistic, used when statistic-default-sample-count is 0. Kea's default is 0.
   */
  'statistic-default-sample-age'?: number;
  'multi-threading'?: MultiThreading;
  /**
   * Look up global host reservations before the subnet is selected, so that classes assigned by a global reservation can steer subnet and pool selection. Off by default.
   */
  'early-global-reservations-lookup'?: boolean;
  /**
   * Require every reserved address (or prefix) to be reserved for only one host per subnet. Setting it to false allows duplicates but needs a host backend that supports them. On by default.
   */
  'ip-reservations-unique'?: boolean;
  /**
   * Look up host reservations before existing leases when allocating. Only has an effect when multi-threading is off (with multi-threading on, reservations are always looked up first). Off by default.
   */
  'reservations-lookup-first'?: boolean;
  /**
   * Accept address registrations from clients that configured addresses themselves (RFC 9686, ADDR-REG-INFORM) and record them as leases. On by default. New in Kea 3.3.
   */
  'allow-address-registration'?: boolean;
  compatibility?: Compatibility6;
  /**
   * Maximum number of responses that hook libraries may hold (park) at a time; further packets are dropped until room frees up. 0 means no limit. Kea's default is 256.
   */
  'parked-packet-limit'?: number;
  /**
   * How free addresses are chosen from the pools: iterative (in order), random, flq (free lease queue, fast for mostly full pools, needs pools that fit in memory) or shared-flq (free lease queue kept in the SQL lease database; experimental, Kea 3.1.9+). Kea's default is iterative.
   */
  allocator?: 'iterative' | 'random' | 'flq' | 'shared-flq';
  /**
   * How free delegated prefixes are chosen from the pd-pools: iterative, random, flq (free lease queue) or shared-flq (experimental, Kea 3.1.9+). Kea's default is iterative.
   */
  'pd-allocator'?: 'iterative' | 'random' | 'flq' | 'shared-flq';
}
/**
 * An IPv6 subnet: its prefix, pools, reservations, options and the parameters that override the shared-network and global values. id is required by Kea and must be unique.
 */
export interface Subnet6 {
  /**
   * How long, in seconds, an address or prefix handed out stays valid. Set globally, per shared network, subnet or client class; the more specific level wins. Kea's default is 7200 (two hours).
   */
  'valid-lifetime'?: number;
  /**
   * Shortest valid lifetime, in seconds, granted when a client asks for less (and the lifetime used when adaptive-lease-time-threshold applies). Defaults to valid-lifetime.
   */
  'min-valid-lifetime'?: number;
  /**
   * Longest valid lifetime, in seconds, granted when a client asks for more. Defaults to valid-lifetime.
   */
  'max-valid-lifetime'?: number;
  /**
   * How long, in seconds, addresses and prefixes handed out stay preferred (usable for new connections). When unset, Kea uses 62.5% of the valid lifetime.
   */
  'preferred-lifetime'?: number;
  /**
   * Shortest preferred lifetime, in seconds, granted when a client asks for less. Defaults to preferred-lifetime.
   */
  'min-preferred-lifetime'?: number;
  /**
   * Longest preferred lifetime, in seconds, granted when a client asks for more. Defaults to preferred-lifetime.
   */
  'max-preferred-lifetime'?: number;
  /**
   * T1, in seconds: when a client should start renewing its lease with this server. When unset it is computed from t1-percent if calculate-tee-times is on; it is not sent if it is not below rebind-timer.
   */
  'renew-timer'?: number;
  /**
   * T2, in seconds: when a client that could not renew should try any server. When unset it is computed from t2-percent if calculate-tee-times is on; it is not sent if it is not below the valid lifetime.
   */
  'rebind-timer'?: number;
  /**
   * Options sent to clients of this subnet. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData6[];
  /**
   * Dynamic address pools of this subnet.
   */
  pools?: Pool6[];
  /**
   * Prefix delegation pools of this subnet.
   */
  'pd-pools'?: PdPool6[];
  /**
   * The subnet prefix, e.g. 2001:db8:1::/64.
   */
  subnet: string;
  /**
   * Name of the local network interface on which clients of this directly connected network are reached (e.g. eth0). Leave empty for networks reached only through relays. Empty by default.
   */
  interface?: string;
  /**
   * Value of the interface-id option (18) that relays insert; a relayed packet carrying this value selects this network. Cannot be combined with interface. Empty by default.
   */
  'interface-id'?: string;
  /**
   * Unique, stable subnet identifier (1 to 4294967294). Leases refer to their subnet by this number, so it must not change between reloads.
   */
  id?: number;
  /**
   * Allow the two-message exchange (Solicit/Reply) for clients that ask for it with the Rapid Commit option. Off by default.
   */
  'rapid-commit'?: boolean;
  /**
   * @deprecated
   * Old single-class guard: only clients in this class may use the scope. An empty string means no guard. Cannot be combined with client-classes.
   */
  'client-class'?: string;
  /**
   * Client classes allowed to use this subnet: a client must belong to at least one of them. Leave it out (or empty) to let every client in. Replaces the deprecated client-class.
   *
   * Items: Name of a client class.
   */
  'client-classes'?: string[];
  /**
   * @deprecated
   * Old name of evaluate-additional-classes in this subnet: classes evaluated after lease assignment. Cannot be combined with evaluate-additional-classes.
   *
   * Items: Name of a client class.
   */
  'require-client-classes'?: string[];
  /**
   * Classes evaluated late, after this subnet has been selected and a lease assigned (classes marked only-in-additional-list are evaluated only when listed here). A client that matches them gets their options.
   *
   * Items: Name of a client class.
   */
  'evaluate-additional-classes'?: string[];
  /**
   * Host reservations in this subnet.
   */
  reservations?: Reservation6[];
  /**
   * Use the global host reservations (the top-level reservations list) for clients in this scope. Off by default.
   */
  'reservations-global'?: boolean;
  /**
   * Use the reservations defined in the subnet itself. On by default.
   */
  'reservations-in-subnet'?: boolean;
  /**
   * Promise that in-subnet reserved addresses are all outside the dynamic pools, which lets Kea skip some checks during allocation. Only meaningful with reservations-in-subnet. Off by default.
   */
  'reservations-out-of-pool'?: boolean;
  relay?: Relay6;
  /**
   * Compute renew-timer (T1) and rebind-timer (T2) from t1-percent and t2-percent of the preferred lifetime when they are not set explicitly. On by default for DHCPv6.
   */
  'calculate-tee-times'?: boolean;
  /**
   * Fraction of the lease lifetime (valid lifetime for DHCPv4, preferred lifetime for DHCPv6) used as T1 when calculate-tee-times is on; then it must be above 0, below 1 and below t2-percent (Kea checks this only where calculate-tee-times applies). Kea's default is 0.5.
   */
  't1-percent'?: number;
  /**
   * Fraction of the preferred lifetime used as T2 when calculate-tee-times is on. Must be above 0 and below 1, and above t1-percent; Kea's default for DHCPv6 is 0.8.
   */
  't2-percent'?: number;
  /**
   * Lease caching: when a client renews before this fraction of its lease has elapsed, the existing lease is returned unchanged instead of being extended. 0 disables caching; Kea's default is 0.25.
   */
  'cache-threshold'?: number;
  /**
   * Lease caching: a lease older than this many seconds is never reused from the cache, whatever cache-threshold says. 0 disables caching; unset by default.
   */
  'cache-max-age'?: number;
  /**
   * With the FLQ allocator: when a pool is at least this full (a fraction, above 0 and at most 1), new leases get the minimum lifetimes (min-valid-lifetime and, for DHCPv6, min-preferred-lifetime). Unset (the same as 1) disables it. New in Kea 3.3.
   */
  'adaptive-lease-time-threshold'?: number;
  /**
   * Send DNS update requests to kea-dhcp-ddns for clients in this scope. Takes effect only when dhcp-ddns.enable-updates is true. On by default.
   */
  'ddns-send-updates'?: boolean;
  /**
   * Update DNS even when the client asked the server not to (the FQDN N flag). Off by default.
   */
  'ddns-override-no-update'?: boolean;
  /**
   * Have the server perform the forward (A/AAAA) update even when the client said it would do it itself (the FQDN S flag cleared). Off by default.
   */
  'ddns-override-client-update'?: boolean;
  /**
   * Whether the server replaces the name the client sent: never (use the client's name), always, when-present (replace only names the client sent) or when-not-present (generate one only when the client sent none), in any letter case. The strings "true" and "false" are old spellings of when-present and never; a JSON boolean is rejected. Kea's default is never.
   */
  'ddns-replace-client-name'?: ('when-present' | 'never' | 'always' | 'when-not-present') | string;
  /**
   * Prefix of the names the server generates for clients (followed by the address and ddns-qualifying-suffix). Kea's default is myhost.
   */
  'ddns-generated-prefix'?: string;
  /**
   * Domain appended to partial (unqualified) client names to make them fully qualified, e.g. example.com. Empty by default (names are used as sent).
   */
  'ddns-qualifying-suffix'?: string;
  /**
   * Send a DNS update on every lease renewal, not only when the name or address changes. Off by default.
   */
  'ddns-update-on-renew'?: boolean;
  /**
   * @deprecated
   * Old switch for DNS conflict resolution (RFC 4703 DHCID checks). Kea translates true to check-with-dhcid and false to no-check-with-dhcid.
   */
  'ddns-use-conflict-resolution'?: boolean;
  /**
   * How kea-dhcp-ddns guards DNS names owned by other clients: check-with-dhcid (RFC 4703 DHCID checks), no-check-with-dhcid (overwrite, but still add DHCID records), check-exists-with-dhcid (update only if a DHCID record exists) or no-check-without-dhcid (overwrite, no DHCID records). Case does not matter; Kea's default is check-with-dhcid.
   */
  'ddns-conflict-resolution-mode'?:
    | (
        | 'check-with-dhcid'
        | 'no-check-with-dhcid'
        | 'check-exists-with-dhcid'
        | 'no-check-without-dhcid'
      )
    | string;
  /**
   * TTL of the DNS records, as a fraction of the lease lifetime (e.g. 0.5 for half). Cannot be combined with ddns-ttl. When unset (or 0) the TTL is a third of the lease lifetime, as RFC 4702 suggests.
   */
  'ddns-ttl-percent'?: number;
  /**
   * Fixed TTL, in seconds, of the DNS records added for a lease. Cannot be combined with ddns-ttl-percent, ddns-ttl-min or ddns-ttl-max. Unset by default.
   */
  'ddns-ttl'?: number;
  /**
   * Lower bound, in seconds, for the TTL computed from the lease lifetime; when unset (or 0) the bound is 600 seconds (RFC 4702). Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-min'?: number;
  /**
   * Upper bound, in seconds, for the TTL computed from the lease lifetime; unset (or 0) means no bound. Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-max'?: number;
  /**
   * Regular expression matching the characters that are not allowed in client host names; each match is replaced with hostname-char-replacement. An empty string disables sanitizing. Kea's default is [^A-Za-z0-9.-].
   */
  'hostname-char-set'?: string;
  /**
   * Text that replaces each character matched by hostname-char-set. Empty by default (the characters are removed).
   */
  'hostname-char-replacement'?: string;
  /**
   * Store relay information (relay agent options, DHCPv6 relay data) in each lease's user context, as needed by the Leasequery and bulk Leasequery hooks. Off by default.
   */
  'store-extended-info'?: boolean;
  /**
   * How free addresses are chosen from the pools: iterative (in order), random, flq (free lease queue, fast for mostly full pools, needs pools that fit in memory) or shared-flq (free lease queue kept in the SQL lease database; experimental, Kea 3.1.9+). Kea's default is iterative.
   */
  allocator?: 'iterative' | 'random' | 'flq' | 'shared-flq';
  /**
   * How free delegated prefixes are chosen from the pd-pools: iterative, random, flq (free lease queue) or shared-flq (experimental, Kea 3.1.9+). Kea's default is iterative.
   */
  'pd-allocator'?: 'iterative' | 'random' | 'flq' | 'shared-flq';
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A DHCPv6 option value: which option (name or code, in a space) and its data.
 */
export interface OptionData6 {
  /**
   * Name of the option, e.g. domain-name-servers, as defined by Kea or by an option-def. Either name or code identifies the option; spaces are not allowed.
   */
  name?: string;
  /**
   * The option value. With csv-format on, comma-separated values matching the option definition's fields (e.g. "192.0.2.1, 192.0.2.2"); with csv-format off, the raw payload as hex. Empty for options that carry no data.
   */
  data?: string;
  /**
   * Option code (0 to 65535). Either code or name identifies the option.
   */
  code?: number;
  /**
   * Option space the option belongs to: dhcp6 for standard DHCPv6 options (the default), vendor-<enterprise number> for vendor options, or a space created by option-def. The name dhcp4 is reserved for the other protocol.
   */
  space?: string;
  /**
   * Whether data is written as comma-separated values (true) or as raw hex bytes (false). Options with no definition must use hex. On by default.
   */
  'csv-format'?: boolean;
  /**
   * Send this option even when the client did not request it. Off by default.
   */
  'always-send'?: boolean;
  /**
   * Never send this option, even when requested; useful to suppress an option inherited from a higher scope. Wins over always-send. Off by default.
   */
  'never-send'?: boolean;
  /**
   * Send this option only to clients in at least one of these classes. Empty or absent means all clients.
   */
  'client-classes'?: string[];
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A range of addresses handed out dynamically.
 */
export interface Pool6 {
  /**
   * The address range: "first - last" (e.g. "2001:db8:1::10 - 2001:db8:1::ffff") or a prefix (e.g. "2001:db8:1::/80"). It must lie within the subnet.
   */
  pool: string;
  /**
   * Numeric identifier for the pool (1 to 4294967295), used to group pools in statistics. Unset by default.
   */
  'pool-id'?: number;
  /**
   * Options sent to clients of this pool. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData6[];
  /**
   * @deprecated
   * Old single-class guard: only clients in this class may use the scope. An empty string means no guard. Cannot be combined with client-classes.
   */
  'client-class'?: string;
  /**
   * Client classes allowed to use this pool: a client must belong to at least one of them. Leave it out (or empty) to let every client in. Replaces the deprecated client-class.
   *
   * Items: Name of a client class.
   */
  'client-classes'?: string[];
  /**
   * @deprecated
   * Old name of evaluate-additional-classes in this pool: classes evaluated after lease assignment. Cannot be combined with evaluate-additional-classes.
   *
   * Items: Name of a client class.
   */
  'require-client-classes'?: string[];
  /**
   * Classes evaluated late, after this pool has been selected and a lease assigned (classes marked only-in-additional-list are evaluated only when listed here). A client that matches them gets their options.
   *
   * Items: Name of a client class.
   */
  'evaluate-additional-classes'?: string[];
  /**
   * Send DNS update requests to kea-dhcp-ddns for clients in this scope. Takes effect only when dhcp-ddns.enable-updates is true. On by default.
   */
  'ddns-send-updates'?: boolean;
  /**
   * Update DNS even when the client asked the server not to (the FQDN N flag). Off by default.
   */
  'ddns-override-no-update'?: boolean;
  /**
   * Have the server perform the forward (A/AAAA) update even when the client said it would do it itself (the FQDN S flag cleared). Off by default.
   */
  'ddns-override-client-update'?: boolean;
  /**
   * Whether the server replaces the name the client sent: never (use the client's name), always, when-present (replace only names the client sent) or when-not-present (generate one only when the client sent none), in any letter case. The strings "true" and "false" are old spellings of when-present and never; a JSON boolean is rejected. Kea's default is never.
   */
  'ddns-replace-client-name'?: ('when-present' | 'never' | 'always' | 'when-not-present') | string;
  /**
   * Prefix of the names the server generates for clients (followed by the address and ddns-qualifying-suffix). Kea's default is myhost.
   */
  'ddns-generated-prefix'?: string;
  /**
   * Domain appended to partial (unqualified) client names to make them fully qualified, e.g. example.com. Empty by default (names are used as sent).
   */
  'ddns-qualifying-suffix'?: string;
  /**
   * Send a DNS update on every lease renewal, not only when the name or address changes. Off by default.
   */
  'ddns-update-on-renew'?: boolean;
  /**
   * How kea-dhcp-ddns guards DNS names owned by other clients: check-with-dhcid (RFC 4703 DHCID checks), no-check-with-dhcid (overwrite, but still add DHCID records), check-exists-with-dhcid (update only if a DHCID record exists) or no-check-without-dhcid (overwrite, no DHCID records). Case does not matter; Kea's default is check-with-dhcid.
   */
  'ddns-conflict-resolution-mode'?:
    | (
        | 'check-with-dhcid'
        | 'no-check-with-dhcid'
        | 'check-exists-with-dhcid'
        | 'no-check-without-dhcid'
      )
    | string;
  /**
   * TTL of the DNS records, as a fraction of the lease lifetime (e.g. 0.5 for half). Cannot be combined with ddns-ttl. When unset (or 0) the TTL is a third of the lease lifetime, as RFC 4702 suggests.
   */
  'ddns-ttl-percent'?: number;
  /**
   * Fixed TTL, in seconds, of the DNS records added for a lease. Cannot be combined with ddns-ttl-percent, ddns-ttl-min or ddns-ttl-max. Unset by default.
   */
  'ddns-ttl'?: number;
  /**
   * Lower bound, in seconds, for the TTL computed from the lease lifetime; when unset (or 0) the bound is 600 seconds (RFC 4702). Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-min'?: number;
  /**
   * Upper bound, in seconds, for the TTL computed from the lease lifetime; unset (or 0) means no bound. Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-max'?: number;
  /**
   * Regular expression matching the characters that are not allowed in client host names; each match is replaced with hostname-char-replacement. An empty string disables sanitizing. Kea's default is [^A-Za-z0-9.-].
   */
  'hostname-char-set'?: string;
  /**
   * Text that replaces each character matched by hostname-char-set. Empty by default (the characters are removed).
   */
  'hostname-char-replacement'?: string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A pool of IPv6 prefixes delegated to requesting routers (prefix delegation).
 */
export interface PdPool6 {
  /**
   * The prefix from which delegated prefixes are carved, e.g. 2001:db8:8000::.
   */
  prefix: string;
  /**
   * Length of prefix, 1 to 128.
   */
  'prefix-len': number;
  /**
   * Length of each prefix delegated to a client, from prefix-len to 128.
   */
  'delegated-len': number;
  /**
   * Numeric identifier for the pool (1 to 4294967295), used to group pools in statistics. Unset by default.
   */
  'pool-id'?: number;
  /**
   * Options sent to clients of this prefix pool. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData6[];
  /**
   * @deprecated
   * Old single-class guard: only clients in this class may use the scope. An empty string means no guard. Cannot be combined with client-classes.
   */
  'client-class'?: string;
  /**
   * Client classes allowed to use this prefix pool: a client must belong to at least one of them. Leave it out (or empty) to let every client in. Replaces the deprecated client-class.
   *
   * Items: Name of a client class.
   */
  'client-classes'?: string[];
  /**
   * @deprecated
   * Old name of evaluate-additional-classes in this prefix pool: classes evaluated after lease assignment. Cannot be combined with evaluate-additional-classes.
   *
   * Items: Name of a client class.
   */
  'require-client-classes'?: string[];
  /**
   * Classes evaluated late, after this prefix pool has been selected and a lease assigned (classes marked only-in-additional-list are evaluated only when listed here). A client that matches them gets their options.
   *
   * Items: Name of a client class.
   */
  'evaluate-additional-classes'?: string[];
  /**
   * RFC 6603: a prefix inside each delegated prefix that the client must not use (e.g. for the link to the requesting router). Set together with excluded-prefix-len.
   */
  'excluded-prefix'?: string;
  /**
   * Length of excluded-prefix, longer than delegated-len and at most 128. 0 means none.
   */
  'excluded-prefix-len'?: number;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A host reservation: fixed addresses, a host name, options or classes for one client, identified by one identifier.
 */
export interface Reservation6 {
  /**
   * Identify the host by its hardware (MAC) address: hex octets such as 01:02:03:04:05:06 (colons, spaces or none), or text in single quotes. Exactly one identifier per reservation.
   */
  'hw-address'?: string;
  /**
   * Identify the host by its DUID: hex octets such as 01:02:03:04:05:06 (colons, spaces or none), or text in single quotes. Exactly one identifier per reservation.
   */
  duid?: string;
  /**
   * Identify the host by the value computed by the flex_id hook library: hex octets such as 01:02:03:04:05:06 (colons, spaces or none), or text in single quotes. Exactly one identifier per reservation.
   */
  'flex-id'?: string;
  /**
   * IPv6 addresses reserved for the host.
   */
  'ip-addresses'?: string[];
  /**
   * Prefixes reserved for delegation to the host, e.g. 2001:db8:1::/64.
   */
  prefixes?: string[];
  /**
   * RFC 6603 excluded prefixes, one per entry of prefixes in the same order; an empty string means none for that prefix.
   */
  'excluded-prefixes'?: ('' | string)[];
  /**
   * Host name given to the host (used for DNS updates).
   */
  hostname?: string;
  /**
   * Classes the host is placed in when it matches this reservation.
   */
  'client-classes'?: string[];
  /**
   * Options sent to clients of this host. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData6[];
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Relay agents serving this network: a packet relayed by one of these addresses selects it. The address is the link-address of the relay's Relay-Forward message.
 */
export interface Relay6 {
  /**
   * IPv6 addresses of the relay agents.
   */
  'ip-addresses': string[];
}
/**
 * A shared network: several subnets on the same link (e.g. several prefixes on one VLAN). Its parameters apply to all its subnets unless a subnet overrides them.
 */
export interface SharedNetwork6 {
  /**
   * Unique name of the shared network.
   */
  name: string;
  /**
   * Subnets that share this network segment.
   */
  subnet6?: Subnet6[];
  /**
   * Name of the local network interface on which clients of this directly connected network are reached (e.g. eth0). Leave empty for networks reached only through relays. Empty by default.
   */
  interface?: string;
  /**
   * Value of the interface-id option (18) that relays insert; a relayed packet carrying this value selects this network. Cannot be combined with interface. Empty by default.
   */
  'interface-id'?: string;
  /**
   * Allow the two-message exchange (Solicit/Reply) for clients that ask for it with the Rapid Commit option. Off by default.
   */
  'rapid-commit'?: boolean;
  /**
   * T1, in seconds: when a client should start renewing its lease with this server. When unset it is computed from t1-percent if calculate-tee-times is on; it is not sent if it is not below rebind-timer.
   */
  'renew-timer'?: number;
  /**
   * T2, in seconds: when a client that could not renew should try any server. When unset it is computed from t2-percent if calculate-tee-times is on; it is not sent if it is not below the valid lifetime.
   */
  'rebind-timer'?: number;
  /**
   * Options sent to clients of this shared network. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData6[];
  relay?: Relay6;
  /**
   * Use the global host reservations (the top-level reservations list) for clients in this scope. Off by default.
   */
  'reservations-global'?: boolean;
  /**
   * Use the reservations defined in the subnet itself. On by default.
   */
  'reservations-in-subnet'?: boolean;
  /**
   * Promise that in-subnet reserved addresses are all outside the dynamic pools, which lets Kea skip some checks during allocation. Only meaningful with reservations-in-subnet. Off by default.
   */
  'reservations-out-of-pool'?: boolean;
  /**
   * @deprecated
   * Old single-class guard: only clients in this class may use the scope. An empty string means no guard. Cannot be combined with client-classes.
   */
  'client-class'?: string;
  /**
   * Client classes allowed to use this shared network: a client must belong to at least one of them. Leave it out (or empty) to let every client in. Replaces the deprecated client-class.
   *
   * Items: Name of a client class.
   */
  'client-classes'?: string[];
  /**
   * @deprecated
   * Old name of evaluate-additional-classes in this shared network: classes evaluated after lease assignment. Cannot be combined with evaluate-additional-classes.
   *
   * Items: Name of a client class.
   */
  'require-client-classes'?: string[];
  /**
   * Classes evaluated late, after this shared network has been selected and a lease assigned (classes marked only-in-additional-list are evaluated only when listed here). A client that matches them gets their options.
   *
   * Items: Name of a client class.
   */
  'evaluate-additional-classes'?: string[];
  /**
   * How long, in seconds, addresses and prefixes handed out stay preferred (usable for new connections). When unset, Kea uses 62.5% of the valid lifetime.
   */
  'preferred-lifetime'?: number;
  /**
   * Shortest preferred lifetime, in seconds, granted when a client asks for less. Defaults to preferred-lifetime.
   */
  'min-preferred-lifetime'?: number;
  /**
   * Longest preferred lifetime, in seconds, granted when a client asks for more. Defaults to preferred-lifetime.
   */
  'max-preferred-lifetime'?: number;
  /**
   * How long, in seconds, an address or prefix handed out stays valid. Set globally, per shared network, subnet or client class; the more specific level wins. Kea's default is 7200 (two hours).
   */
  'valid-lifetime'?: number;
  /**
   * Shortest valid lifetime, in seconds, granted when a client asks for less (and the lifetime used when adaptive-lease-time-threshold applies). Defaults to valid-lifetime.
   */
  'min-valid-lifetime'?: number;
  /**
   * Longest valid lifetime, in seconds, granted when a client asks for more. Defaults to valid-lifetime.
   */
  'max-valid-lifetime'?: number;
  /**
   * Compute renew-timer (T1) and rebind-timer (T2) from t1-percent and t2-percent of the preferred lifetime when they are not set explicitly. On by default for DHCPv6.
   */
  'calculate-tee-times'?: boolean;
  /**
   * Fraction of the lease lifetime (valid lifetime for DHCPv4, preferred lifetime for DHCPv6) used as T1 when calculate-tee-times is on; then it must be above 0, below 1 and below t2-percent (Kea checks this only where calculate-tee-times applies). Kea's default is 0.5.
   */
  't1-percent'?: number;
  /**
   * Fraction of the preferred lifetime used as T2 when calculate-tee-times is on. Must be above 0 and below 1, and above t1-percent; Kea's default for DHCPv6 is 0.8.
   */
  't2-percent'?: number;
  /**
   * Lease caching: when a client renews before this fraction of its lease has elapsed, the existing lease is returned unchanged instead of being extended. 0 disables caching; Kea's default is 0.25.
   */
  'cache-threshold'?: number;
  /**
   * Lease caching: a lease older than this many seconds is never reused from the cache, whatever cache-threshold says. 0 disables caching; unset by default.
   */
  'cache-max-age'?: number;
  /**
   * With the FLQ allocator: when a pool is at least this full (a fraction, above 0 and at most 1), new leases get the minimum lifetimes (min-valid-lifetime and, for DHCPv6, min-preferred-lifetime). Unset (the same as 1) disables it. New in Kea 3.3.
   */
  'adaptive-lease-time-threshold'?: number;
  /**
   * Send DNS update requests to kea-dhcp-ddns for clients in this scope. Takes effect only when dhcp-ddns.enable-updates is true. On by default.
   */
  'ddns-send-updates'?: boolean;
  /**
   * Update DNS even when the client asked the server not to (the FQDN N flag). Off by default.
   */
  'ddns-override-no-update'?: boolean;
  /**
   * Have the server perform the forward (A/AAAA) update even when the client said it would do it itself (the FQDN S flag cleared). Off by default.
   */
  'ddns-override-client-update'?: boolean;
  /**
   * Whether the server replaces the name the client sent: never (use the client's name), always, when-present (replace only names the client sent) or when-not-present (generate one only when the client sent none), in any letter case. The strings "true" and "false" are old spellings of when-present and never; a JSON boolean is rejected. Kea's default is never.
   */
  'ddns-replace-client-name'?: ('when-present' | 'never' | 'always' | 'when-not-present') | string;
  /**
   * Prefix of the names the server generates for clients (followed by the address and ddns-qualifying-suffix). Kea's default is myhost.
   */
  'ddns-generated-prefix'?: string;
  /**
   * Domain appended to partial (unqualified) client names to make them fully qualified, e.g. example.com. Empty by default (names are used as sent).
   */
  'ddns-qualifying-suffix'?: string;
  /**
   * Send a DNS update on every lease renewal, not only when the name or address changes. Off by default.
   */
  'ddns-update-on-renew'?: boolean;
  /**
   * @deprecated
   * Old switch for DNS conflict resolution (RFC 4703 DHCID checks). Kea translates true to check-with-dhcid and false to no-check-with-dhcid.
   */
  'ddns-use-conflict-resolution'?: boolean;
  /**
   * How kea-dhcp-ddns guards DNS names owned by other clients: check-with-dhcid (RFC 4703 DHCID checks), no-check-with-dhcid (overwrite, but still add DHCID records), check-exists-with-dhcid (update only if a DHCID record exists) or no-check-without-dhcid (overwrite, no DHCID records). Case does not matter; Kea's default is check-with-dhcid.
   */
  'ddns-conflict-resolution-mode'?:
    | (
        | 'check-with-dhcid'
        | 'no-check-with-dhcid'
        | 'check-exists-with-dhcid'
        | 'no-check-without-dhcid'
      )
    | string;
  /**
   * TTL of the DNS records, as a fraction of the lease lifetime (e.g. 0.5 for half). Cannot be combined with ddns-ttl. When unset (or 0) the TTL is a third of the lease lifetime, as RFC 4702 suggests.
   */
  'ddns-ttl-percent'?: number;
  /**
   * Fixed TTL, in seconds, of the DNS records added for a lease. Cannot be combined with ddns-ttl-percent, ddns-ttl-min or ddns-ttl-max. Unset by default.
   */
  'ddns-ttl'?: number;
  /**
   * Lower bound, in seconds, for the TTL computed from the lease lifetime; when unset (or 0) the bound is 600 seconds (RFC 4702). Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-min'?: number;
  /**
   * Upper bound, in seconds, for the TTL computed from the lease lifetime; unset (or 0) means no bound. Cannot be combined with ddns-ttl.
   */
  'ddns-ttl-max'?: number;
  /**
   * Regular expression matching the characters that are not allowed in client host names; each match is replaced with hostname-char-replacement. An empty string disables sanitizing. Kea's default is [^A-Za-z0-9.-].
   */
  'hostname-char-set'?: string;
  /**
   * Text that replaces each character matched by hostname-char-set. Empty by default (the characters are removed).
   */
  'hostname-char-replacement'?: string;
  /**
   * Store relay information (relay agent options, DHCPv6 relay data) in each lease's user context, as needed by the Leasequery and bulk Leasequery hooks. Off by default.
   */
  'store-extended-info'?: boolean;
  /**
   * How free addresses are chosen from the pools: iterative (in order), random, flq (free lease queue, fast for mostly full pools, needs pools that fit in memory) or shared-flq (free lease queue kept in the SQL lease database; experimental, Kea 3.1.9+). Kea's default is iterative.
   */
  allocator?: 'iterative' | 'random' | 'flq' | 'shared-flq';
  /**
   * How free delegated prefixes are chosen from the pd-pools: iterative, random, flq (free lease queue) or shared-flq (experimental, Kea 3.1.9+). Kea's default is iterative.
   */
  'pd-allocator'?: 'iterative' | 'random' | 'flq' | 'shared-flq';
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Network interfaces the server listens on, and how.
 */
export interface InterfacesConfig6 {
  /**
   * Interfaces (and optionally addresses) to listen on: "eth0", "eth0/2001:db8::1" (also listen on that unicast address) or "*" for all. Empty (the default) means no interface.
   */
  interfaces?: string[];
  /**
   * Detect the system's interfaces again on each reconfiguration. On by default.
   */
  're-detect'?: boolean;
  /**
   * Fail the configuration when a socket cannot be opened on any listed interface, instead of only logging. Off by default.
   */
  'service-sockets-require-all'?: boolean;
  /**
   * Milliseconds between attempts to open sockets that failed. Kea's default is 5000.
   */
  'service-sockets-retry-wait-time'?: number;
  /**
   * How many times opening a failed socket is retried. 0 (the default) means no retry.
   */
  'service-sockets-max-retries'?: number;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A client class: a named group of clients, defined by an expression or assigned by reservations and hooks, that can carry options and lifetimes and guard networks and pools.
 */
export interface ClientClass6 {
  /**
   * Name of the class, used to refer to it in client-classes lists and expressions.
   */
  name: string;
  /**
   * Boolean expression deciding membership, e.g. "option[60].text == 'PXEClient'". Without test (and template-test) clients join the class only by reservation, hook or when listed for additional evaluation.
   */
  test?: string;
  /**
   * String expression; each client is put in a class named SPAWN_<name>_<value> for the value it yields. Cannot be combined with test.
   */
  'template-test'?: string;
  /**
   * @deprecated
   * Old name of only-in-additional-list. Cannot be combined with it.
   */
  'only-if-required'?: boolean;
  /**
   * Evaluate this class only when it is listed in an evaluate-additional-classes list, after lease assignment. Off by default.
   */
  'only-in-additional-list'?: boolean;
  /**
   * Options sent to clients of this class. They override options of the same code set at a broader level.
   */
  'option-data'?: OptionData6[];
  /**
   * How long, in seconds, an address or prefix handed out stays valid. Set globally, per shared network, subnet or client class; the more specific level wins. Kea's default is 7200 (two hours).
   */
  'valid-lifetime'?: number;
  /**
   * Shortest valid lifetime, in seconds, granted when a client asks for less (and the lifetime used when adaptive-lease-time-threshold applies). Defaults to valid-lifetime.
   */
  'min-valid-lifetime'?: number;
  /**
   * Longest valid lifetime, in seconds, granted when a client asks for more. Defaults to valid-lifetime.
   */
  'max-valid-lifetime'?: number;
  /**
   * How long, in seconds, addresses and prefixes handed out stay preferred (usable for new connections). When unset, Kea uses 62.5% of the valid lifetime.
   */
  'preferred-lifetime'?: number;
  /**
   * Shortest preferred lifetime, in seconds, granted when a client asks for less. Defaults to preferred-lifetime.
   */
  'min-preferred-lifetime'?: number;
  /**
   * Longest preferred lifetime, in seconds, granted when a client asks for more. Defaults to preferred-lifetime.
   */
  'max-preferred-lifetime'?: number;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Definition of a custom option (or of a standard option Kea does not know): its code, name, space and data format.
 */
export interface OptionDef6 {
  /**
   * Name of the new option (letters, digits, hyphens and underscores; not starting or ending with a hyphen or underscore). option-data entries can refer to it by this name.
   */
  name: string;
  /**
   * Option code (0 to 65535). Code 0 is reserved in the dhcp6 space.
   */
  code: number;
  /**
   * Data type of the option's payload. Use record together with record-types for options made of several fields.
   */
  type:
    | 'empty'
    | 'binary'
    | 'boolean'
    | 'int8'
    | 'int16'
    | 'int32'
    | 'uint8'
    | 'uint16'
    | 'uint32'
    | 'ipv4-address'
    | 'ipv6-address'
    | 'ipv6-prefix'
    | 'psid'
    | 'string'
    | 'tuple'
    | 'fqdn'
    | 'internal'
    | 'record';
  /**
   * For type record: the comma-separated list of field types, e.g. "uint16, ipv4-address, string" (at least two). String and binary fields may only come last. Empty by default.
   */
  'record-types'?: string;
  /**
   * Option space the option belongs to: dhcp6 for standard DHCPv6 options (the default), vendor-<enterprise number> for vendor options, or a space created by option-def. The name dhcp4 is reserved for the other protocol.
   */
  space?: string;
  /**
   * Name of the option space whose options are carried inside this option as sub-options. Empty (the default) means the option encapsulates nothing.
   */
  encapsulate?: string;
  /**
   * Whether the option carries an array of values of the given type (not allowed for string and binary, nor together with encapsulate). Off by default.
   */
  array?: boolean;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * How the server's own DUID (its server identifier) is built.
 */
export interface ServerId6 {
  /**
   * DUID type: LLT (link-layer address plus time, the default), EN (enterprise number plus identifier) or LL (link-layer address).
   */
  type: 'LLT' | 'EN' | 'LL';
  /**
   * LLT and LL: the link-layer address; EN: the identifier, as hex digits. Empty or absent means taken from an interface (LLT, LL) or generated (EN).
   */
  identifier?: string;
  /**
   * LLT: time value in the DUID. When absent, the current time is used.
   */
  time?: number;
  /**
   * LLT and LL: hardware type of the link-layer address (1 is Ethernet).
   */
  htype?: number;
  /**
   * EN: IANA enterprise number. Kea's default is 2495 (ISC).
   */
  'enterprise-id'?: number;
  /**
   * Store the generated DUID in a file so it survives restarts. On by default.
   */
  persist?: boolean;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A socket on which kea-dhcp6 accepts management commands.
 */
export interface ControlSocket6 {
  /**
   * Kind of socket: unix (a UNIX domain socket, at most one), http or https (several allowed).
   */
  'socket-type': 'unix' | 'http' | 'https';
  /**
   * unix sockets: path of the socket file (Kea 3 requires it to be in its control socket directory). Not allowed for http and https.
   */
  'socket-name'?: string;
  /**
   * http and https sockets: address to listen on. Kea's default is ::1. Not allowed for unix sockets.
   */
  'socket-address'?: string;
  /**
   * http and https sockets: TCP port to listen on. Kea's default is 8000.
   */
  'socket-port'?: number;
  authentication?: Authentication;
  /**
   * https: CA certificate file or directory used to verify clients. trust-anchor, cert-file and key-file are all set or all left out.
   */
  'trust-anchor'?: string;
  /**
   * https: server certificate file.
   */
  'cert-file'?: string;
  /**
   * https: server private key file.
   */
  'key-file'?: string;
  /**
   * https: require clients to present a certificate (mutual TLS). On by default.
   */
  'cert-required'?: boolean;
  /**
   * Extra HTTP headers added to every response.
   */
  'http-headers'?: HttpHeader[];
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * Switches that relax standards compliance to work with misbehaving clients.
 */
export interface Compatibility6 {
  /**
   * Accept some malformed options from clients (e.g. bad FQDN or vendor options) instead of dropping the packet. Off by default.
   */
  'lenient-option-parsing'?: boolean;
}
/**
 * Configuration of kea-dhcp-ddns, the daemon that turns name change requests from the DHCP servers into DNS updates (the DhcpDdns object of a Kea configuration file).
 */
export interface DhcpDdnsConfig {
  /**
   * Address on which kea-dhcp-ddns listens for name change requests from the DHCP servers. Kea's default is 127.0.0.1.
   */
  'ip-address'?: string;
  /**
   * Port on which kea-dhcp-ddns listens (1 to 65535). Kea's default is 53001.
   */
  port?: number;
  /**
   * Milliseconds to wait for a DNS server's answer (at least 1). Kea's default is 500.
   */
  'dns-server-timeout'?: number;
  /**
   * Transport for name change requests between the DHCP servers and kea-dhcp-ddns: UDP or TCP, in any letter case. Only UDP is implemented; Kea rejects TCP. Kea's default is UDP.
   */
  'ncr-protocol'?: ('UDP' | 'TCP') | string;
  /**
   * Format of name change requests; JSON (any letter case) is the only one. Kea's default is JSON.
   */
  'ncr-format'?: 'JSON' | string;
  'forward-ddns'?: DdnsDomainSet;
  'reverse-ddns'?: DdnsDomainSet;
  /**
   * TSIG keys for signing DNS updates.
   */
  'tsig-keys'?: TsigKey[];
  /**
   * @deprecated
   * A single management socket (Kea 3.0). Cannot be combined with control-sockets.
   */
  'control-socket'?: ControlSocketDdns;
  /**
   * Sockets on which kea-dhcp-ddns accepts management commands.
   */
  'control-sockets'?: ControlSocketDdns[];
  /**
   * Hook libraries to load, in order.
   */
  'hooks-libraries'?: HooksLibrary[];
  /**
   * Logging configuration of this daemon (at least one logger when present).
   *
   * @minItems 1
   */
  loggers?: [Logger, ...Logger[]];
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * The zones for one direction of updates (forward: names to addresses; reverse: addresses to names).
 */
export interface DdnsDomainSet {
  /**
   * The zones and their DNS servers.
   */
  'ddns-domains'?: DdnsDomain[];
}
/**
 * A DNS zone and the servers that accept updates for it.
 */
export interface DdnsDomain {
  /**
   * The zone, e.g. example.com. or 2.0.192.in-addr.arpa.; a name is updated through the domain with the longest matching suffix. "*" matches every name not matched otherwise.
   */
  name: string;
  /**
   * TSIG key (name from tsig-keys) used to sign updates to this domain's servers. Empty (the default) means unsigned updates.
   */
  'key-name'?: string;
  /**
   * DNS servers of this domain, tried in order (at least one).
   *
   * @minItems 1
   */
  'dns-servers': [DnsServer, ...DnsServer[]];
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A DNS server that accepts dynamic updates for a domain.
 */
export interface DnsServer {
  /**
   * Reserved: Kea does not support naming DNS servers by host name, so it must be empty (the default); use ip-address.
   */
  hostname?: '';
  /**
   * Address of the DNS server that receives the updates.
   */
  'ip-address': string;
  /**
   * Port of the DNS server. Kea's default is 53.
   */
  port?: number;
  /**
   * TSIG key (name from tsig-keys) used with this server, overriding the domain's key-name. Empty (the default) means the domain's key.
   */
  'key-name'?: string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A TSIG key used to sign DNS updates.
 */
export interface TsigKey {
  /**
   * Name of the key, written as a domain name such as key.example.com.; DNS servers must know the key under the same name. Referred to by key-name.
   */
  name: string;
  /**
   * HMAC algorithm of the key (any letter case).
   */
  algorithm:
    | ('HMAC-MD5' | 'HMAC-SHA1' | 'HMAC-SHA224' | 'HMAC-SHA256' | 'HMAC-SHA384' | 'HMAC-SHA512')
    | string;
  /**
   * Truncate the signature to this many bits (RFC 4635). 0 (the default) means no truncation; otherwise at least 80, and at least half the hash size for the SHA-2 algorithms.
   */
  'digest-bits'?: number;
  /**
   * The shared secret, base64-encoded. Kea 3.1 and later refuse a secret written in the configuration unless started with -X; prefer secret-file, which keeps it out of git.
   */
  secret?: string;
  /**
   * File holding the base64-encoded secret (its first line), read when the configuration is loaded so the secret stays out of git. Cannot be combined with secret.
   */
  'secret-file'?: string;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
/**
 * A socket on which kea-dhcp-ddns accepts management commands.
 */
export interface ControlSocketDdns {
  /**
   * Kind of socket: unix (a UNIX domain socket, at most one), http or https (several allowed).
   */
  'socket-type': 'unix' | 'http' | 'https';
  /**
   * unix sockets: path of the socket file (Kea 3 requires it to be in its control socket directory). Not allowed for http and https.
   */
  'socket-name'?: string;
  /**
   * http and https sockets: address to listen on. Kea's default is 127.0.0.1. Not allowed for unix sockets.
   */
  'socket-address'?: string;
  /**
   * http and https sockets: TCP port to listen on. Kea's default is 8000.
   */
  'socket-port'?: number;
  authentication?: Authentication;
  /**
   * https: CA certificate file or directory used to verify clients. trust-anchor, cert-file and key-file are all set or all left out.
   */
  'trust-anchor'?: string;
  /**
   * https: server certificate file.
   */
  'cert-file'?: string;
  /**
   * https: server private key file.
   */
  'key-file'?: string;
  /**
   * https: require clients to present a certificate (mutual TLS). On by default.
   */
  'cert-required'?: boolean;
  'user-context'?: UserContext;
  /**
   * Free text for people reading the configuration. Kea keeps it as user-context.comment and shows it there in config-get.
   */
  comment?: string;
}
