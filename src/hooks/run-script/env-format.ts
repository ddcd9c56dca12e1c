/**
 * What both run-script environments share: the environment type, how a callout's arguments are
 * read, what the server knows about a packet beyond its bytes (`PacketMeta4`), and the text
 * forms Kea prints (message names, hardware addresses, option hex). Pure: no I/O, no clock.
 */
import type { Packet4 } from '../../codec/index.js';
import { encodeSubOptions } from '../../codec/index.js';
import { formatColonHex, formatIPv4, parseIPv4 } from '../../net/index.js';

/** The variables given to the script, in the order Kea builds them. */
export type ScriptEnv = Record<string, string>;

/** Reads a callout argument by Kea's name; `undefined` when the call has no such argument. */
export type ArgReader = (name: string) => unknown;

/**
 * What the transport knew about a packet: Kea's `Pkt::getIface()`, `getIndex()`, local and
 * remote address and port, and the Ethernet addresses of a raw socket. Structurally a superset
 * of the server's `RecvMeta4`, so one can be passed as is.
 */
export interface PacketMeta4 {
  /** Interface name (`eth0`). */
  readonly iface: string;
  /** Interface index (if_nametoindex). */
  readonly ifindex: number;
  /** Remote address and port: where the query came from (unsigned 32-bit address). */
  readonly srcAddress: number;
  readonly srcPort: number;
  /** Local address: where the query was sent to (255.255.255.255 for a broadcast). */
  readonly dstAddress: number;
  /** Local UDP port; 67 when absent. */
  readonly localPort?: number;
  /** Ethernet destination and source of the frame (raw sockets only; else unknown). */
  readonly localHwaddr?: Uint8Array;
  readonly remoteHwaddr?: Uint8Array;
}

/** Where the builders get what the arguments do not carry. */
export interface EnvContext4 {
  /** The transport's view of a packet, when the server recorded one. */
  readonly meta?: ((packet: Packet4) => PacketMeta4 | undefined) | undefined;
  /** Current time, unix seconds (kea-hook-runscript's LEASE4_IS_EXPIRED). */
  readonly nowSec: number;
}

/** Kea's DHCP4_SERVER_PORT: a Pkt4's local port before the transport sets it. */
export const DHCP4_SERVER_PORT = 67;
/** Kea's DHCP4_CLIENT_PORT: a Pkt4's remote port before the transport sets it. */
export const DHCP4_CLIENT_PORT = 68;

/** Kea's `Pkt4::getName(type)` (src/lib/dhcp/pkt4.cc): "UNKNOWN" for 0 (no option 53) and 9, 16. */
const MESSAGE_NAMES4: Readonly<Record<number, string>> = {
  1: 'DHCPDISCOVER', 2: 'DHCPOFFER', 3: 'DHCPREQUEST', 4: 'DHCPDECLINE', 5: 'DHCPACK', 6: 'DHCPNAK',
  7: 'DHCPRELEASE', 8: 'DHCPINFORM', 10: 'DHCPLEASEQUERY', 11: 'DHCPLEASEUNASSIGNED', 12: 'DHCPLEASEUNKNOWN',
  13: 'DHCPLEASEACTIVE', 14: 'DHCPBULKLEASEQUERY', 15: 'DHCPLEASEQUERYDONE', 17: 'DHCPLEASEQUERYSTATUS', 18: 'DHCPTLS',
};

/** The packet's message type as Kea names it. */
export function messageName4(packet: Packet4): string {
  return MESSAGE_NAMES4[packet.messageType ?? 0] ?? 'UNKNOWN';
}

/**
 * The client hardware address as Kea's `Pkt4::unpack` builds it: `hlen` octets of chaddr,
 * zero-filled past the 16-octet field (`hw_addr.resize(hlen)`).
 */
export function packetHwaddr4(packet: Packet4): Uint8Array {
  const out = new Uint8Array(packet.hlen);
  out.set(packet.chaddr.subarray(0, Math.min(packet.hlen, packet.chaddr.length)));
  return out;
}

/** `HWAddr::toText(false)` and `ClientId::toText()`: lowercase colon-separated octets. */
export const hexColon = formatColonHex;

const HEX_UPPER = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0').toUpperCase());

/** `Option::toHexString()`: "0x" and uppercase hex of the payload; "" for an empty payload. */
export function optionHex(payload: Uint8Array): string {
  let hex = '';
  for (const b of payload) hex += HEX_UPPER[b] as string;
  return payload.length === 0 ? '' : `0x${hex}`;
}

/** `Pkt4::isRelayed()`: giaddr neither 0.0.0.0 nor 255.255.255.255. */
export function isRelayed4(packet: Packet4): boolean {
  return packet.giaddr !== 0 && packet.giaddr !== 0xffffffff;
}

/** `IOAddress::toText()` of an unsigned 32-bit address. */
export const addr4 = formatIPv4;

/**
 * Kea's `Subnet::get()` address: the prefix as configured, host bits included (Kea accepts
 * `10.0.0.1/24` and keeps the address as written), in canonical dotted form.
 */
export function subnetPrefixAddress(prefixText: string, network: number): string {
  const slash = prefixText.indexOf('/');
  return formatIPv4(parseIPv4((slash < 0 ? prefixText : prefixText.slice(0, slash)).trim()) ?? network);
}

/**
 * Adds a variable. A value is cut at its first NUL, as `execve` reads it as a C string (Node
 * refuses NULs in the environment); the name is ours and never holds one.
 */
export function put(env: ScriptEnv, name: string, value: string | number): void {
  const text = String(value);
  const nul = text.indexOf('\0');
  env[name] = nul < 0 ? text : text.slice(0, nul);
}

/** The argument `name` if it is a packet (has `chaddr` and `options`), else undefined. */
export function packetArg(arg: ArgReader, name: string): Packet4 | undefined {
  const v = arg(name);
  return typeof v === 'object' && v !== null && 'chaddr' in v && 'options' in v ? (v as Packet4) : undefined;
}

/** Kea's `Lease::basicStatesToText`. */
export function leaseStateText(state: number): string {
  return ['default', 'declined', 'expired-reclaimed', 'released', 'registered'][state] ?? `unknown (${state})`;
}

/**
 * Option 82 as Kea's `toHexString()` prints it: Kea repacks the parsed sub-options, which it
 * keeps in a map ordered by code.
 */
export function raiHex(subs: ReadonlyMap<number, Uint8Array>): string {
  return optionHex(encodeSubOptions([...subs].sort((a, b) => a[0] - b[0])));
}
