/**
 * The transport port: how the server receives and sends DHCPv4 datagrams. The server core sees
 * only these types; `udp4.ts` implements them over the native per-interface sockets.
 */

/** Where a datagram came from and on which interface. */
export interface RecvMeta4 {
  /** Name of the interface it arrived on (`eth0`), as `interfaces-config` names it. */
  readonly iface: string;
  /** Interface index (if_nametoindex). */
  readonly ifindex: number;
  /** Source address and port. */
  readonly srcAddress: number;
  readonly srcPort: number;
  /** Destination address (255.255.255.255 for a broadcast; the server's address for unicast). */
  readonly dstAddress: number;
  /** The receiving interface's own IPv4 address chosen for replies (0 when it has none). */
  readonly localAddress: number;
}

/** Where to send a reply. */
export interface SendTarget4 {
  readonly iface: string;
  readonly address: number;
  readonly port: number;
  /** Source address to send from (an address of `iface`), when it matters. */
  readonly fromAddress?: number;
}

/** A datagram received from the network. */
export interface Datagram4 {
  readonly data: Uint8Array;
  readonly meta: RecvMeta4;
}

/** A datagram to send, as `sendBatch` takes a list of them. */
export interface OutgoingDatagram4 {
  readonly data: Uint8Array;
  readonly target: SendTarget4;
}
