/**
 * Kea defaults that more than one part of config/ needs (rules, diff). Pure data.
 */

/** Where an http(s) control socket listens when socket-address / socket-port are not set. */
export function defaultControlSocket(daemon: 'dhcp4' | 'dhcp6' | 'd2'): { readonly address: string; readonly port: number } {
  // ARM "Management API": 127.0.0.1 for kea-dhcp4 and kea-dhcp-ddns, ::1 for kea-dhcp6; port 8000.
  return { address: daemon === 'dhcp6' ? '::1' : '127.0.0.1', port: 8000 };
}

/**
 * Where kea-dhcp-ddns listens when its `ip-address` / `port` are not set, which is also where a
 * DHCP server sends name change requests when its `dhcp-ddns` `server-ip` / `server-port` are
 * not set (d2_simple_parser.cc, dhcp_parsers.cc D2ClientConfigParser).
 */
export const DEFAULT_DDNS_SERVER = { address: '127.0.0.1', port: 53001 } as const;
