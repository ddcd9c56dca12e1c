/**
 * Where a DHCPv4 reply goes (RFC 2131 §4.1, as Kea's adjustIfaceData/adjustRemoteAddr): to the
 * relay (giaddr) on port 67 — or the relay's own port when it sent RAI sub-option 19 (RFC 8357) —
 * else to ciaddr, else broadcast for a NAK or a new address (this server's sockets are UDP, which
 * cannot unicast to a client that has no address yet, exactly like Kea's `dhcp-socket-type:
 * udp`), else back to the source. Pure.
 */

export interface DestinationInput4 {
  readonly isInform: boolean;
  readonly isNak: boolean;
  readonly giaddr: number;
  readonly ciaddr: number;
  readonly yiaddr: number;
  /** The query's broadcast flag (RFC 2131 flags bit 15). */
  readonly broadcastFlag: boolean;
  readonly srcAddress: number;
  readonly srcPort: number;
  /** The query carried RAI sub-option 19 (relay-port). */
  readonly relayPort: boolean;
}

export interface Destination4 {
  readonly address: number;
  readonly port: number;
  /** Set the broadcast bit in the reply's flags (relayed NAK and relayed INFORM). */
  readonly setBroadcastFlag: boolean;
  /** An INFORM reply not sent to the relay: clear hops and giaddr and drop option 82. */
  readonly stripRelay: boolean;
}

const BROADCAST = 0xffffffff;
const SERVER_PORT = 67;
const CLIENT_PORT = 68;

function isRelayed(giaddr: number): boolean {
  return giaddr !== 0 && giaddr !== BROADCAST;
}

/** The destination address and port of a reply. */
export function replyDestination4(q: DestinationInput4): Destination4 {
  const relayed = isRelayed(q.giaddr);
  const relayDest = (setFlag: boolean): Destination4 => ({
    address: q.giaddr, port: q.relayPort ? q.srcPort : SERVER_PORT, setBroadcastFlag: setFlag, stripRelay: false,
  });
  if (q.isInform) {
    if (q.ciaddr !== 0) return { address: q.ciaddr, port: CLIENT_PORT, setBroadcastFlag: false, stripRelay: true };
    if (relayed) return relayDest(true);
    return { address: q.srcAddress, port: CLIENT_PORT, setBroadcastFlag: false, stripRelay: true };
  }
  if (relayed) return relayDest(q.isNak);
  if (q.ciaddr !== 0) return { address: q.ciaddr, port: CLIENT_PORT, setBroadcastFlag: false, stripRelay: false };
  if (q.isNak || q.yiaddr !== 0) return { address: BROADCAST, port: CLIENT_PORT, setBroadcastFlag: false, stripRelay: false };
  return { address: q.srcAddress, port: CLIENT_PORT, setBroadcastFlag: false, stripRelay: false };
}
