/**
 * The DHCPv4 packet model (RFC 2131 §2): the fixed BOOTP header plus an `Options4`, the message
 * types as Kea names them, and the reply skeleton Kea builds. Pure: no I/O.
 */
import { Options4 } from './options4.js';

/** DHCP message types (option 53), Kea's `DHCPMessageType` (src/lib/dhcp/dhcp4.h). */
export const MessageType4 = {
  Discover: 1,
  Offer: 2,
  Request: 3,
  Decline: 4,
  Ack: 5,
  Nak: 6,
  Release: 7,
  Inform: 8,
  /** RFC 3203; Kea has no code for it (commented out in dhcp4.h). */
  ForceRenew: 9,
  LeaseQuery: 10,
  LeaseUnassigned: 11,
  LeaseUnknown: 12,
  LeaseActive: 13,
  BulkLeaseQuery: 14,
  LeaseQueryDone: 15,
  /** RFC 7724; Kea has no code for it (commented out in dhcp4.h). */
  ActiveLeaseQuery: 16,
  LeaseQueryStatus: 17,
  Tls: 18,
} as const;
export type MessageType4 = (typeof MessageType4)[keyof typeof MessageType4];

/** BOOTP `op` values (RFC 951). */
export const BootpOp = { Request: 1, Reply: 2 } as const;

/** The BROADCAST bit of `flags` (RFC 2131 §2, Figure 2). */
export const BOOTP_BROADCAST_FLAG = 0x8000;

/** Sizes and offsets of the fixed header (RFC 2131 §2, Figure 1). */
export const Header4 = {
  /** Length of the fixed header, without the magic cookie (Kea's DHCPV4_PKT_HDR_LEN). */
  length: 236,
  chaddrOffset: 28,
  chaddrLength: 16,
  snameOffset: 44,
  snameLength: 64,
  fileOffset: 108,
  fileLength: 128,
  cookieOffset: 236,
  optionsOffset: 240,
  /** The magic cookie 99.130.83.99 (RFC 2131 §3). */
  cookie: 0x63825363,
  /** Kea's HWAddr::MAX_HWADDR_LEN: a larger hlen makes Kea drop the packet. */
  maxHlen: 20,
} as const;

/**
 * A DHCPv4 (or BOOTP) packet. Addresses are unsigned 32-bit numbers in network order value
 * (`192.0.2.1` is `0xc0000201`).
 */
export interface Packet4 {
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  /** Transaction id, unsigned 32-bit. */
  xid: number;
  secs: number;
  flags: number;
  ciaddr: number;
  yiaddr: number;
  siaddr: number;
  giaddr: number;
  /** The 16-octet field as on the wire; `hlen` says how much of it is the hardware address. */
  chaddr: Uint8Array;
  /** Up to 64 octets; empty when the field carried options (option overload 2 or 3). */
  sname: Uint8Array;
  /** Up to 128 octets; empty when the field carried options (option overload 1 or 3). */
  file: Uint8Array;
  options: Options4;
  /** The DHCP message type (option 53), or `null` for a BOOTP packet (no option 53). */
  readonly messageType: number | null;
}

/** The fields `createPacket4` accepts. */
export type Packet4Init = Partial<Omit<Packet4, 'messageType'>>;

const EMPTY = new Uint8Array(0);

/** The one implementation of `Packet4` (not exported from the folder: use `createPacket4`). */
export class Packet4Record implements Packet4 {
  op: number = BootpOp.Request;
  htype = 1;
  hlen = 6;
  hops = 0;
  xid = 0;
  secs = 0;
  flags = 0;
  ciaddr = 0;
  yiaddr = 0;
  siaddr = 0;
  giaddr = 0;
  chaddr: Uint8Array;
  sname: Uint8Array;
  file: Uint8Array;
  options: Options4;

  constructor(chaddr: Uint8Array, sname: Uint8Array, file: Uint8Array, options: Options4) {
    this.chaddr = chaddr;
    this.sname = sname;
    this.file = file;
    this.options = options;
  }

  get messageType(): number | null {
    const p = this.options.get(53);
    return p === undefined || p.length === 0 ? null : (p[0] as number);
  }
}

/**
 * A packet with the given fields; the others default to a BOOTREQUEST from Ethernet
 * (`htype` 1, `hlen` 6), zero addresses, an all-zero chaddr, empty sname/file and no options.
 *
 * @example
 * const q = createPacket4({ xid: 0x1234, chaddr: mac });
 * q.options.set(53, Uint8Array.of(MessageType4.Discover));
 */
export function createPacket4(init: Packet4Init = {}): Packet4 {
  return Object.assign(new Packet4Record(new Uint8Array(Header4.chaddrLength), EMPTY, EMPTY, new Options4()), init);
}

/**
 * The reply skeleton Kea builds in `Dhcpv4Exchange::initResponse` + `copyDefaultFields`
 * (src/bin/dhcp4/dhcp4_srv.cc): op BOOTREPLY, the query's htype, hlen (at most 16, as
 * `Pkt4::pack` writes it), xid, flags, giaddr, hops (Kea copies them) and a copy of chaddr;
 * ciaddr copied only for a DHCPINFORM (zero otherwise); yiaddr/siaddr zero; option 53 = `type`
 * and no other option (echoing client-id or option 82 is the server's decision).
 *
 * @example
 * const offer = newReply4(discover, MessageType4.Offer);
 */
export function newReply4(query: Packet4, type: number): Packet4 {
  const reply = new Packet4Record(query.chaddr.slice(0, Header4.chaddrLength), EMPTY, EMPTY, new Options4());
  reply.op = BootpOp.Reply;
  reply.htype = query.htype;
  reply.hlen = Math.min(query.hlen, Header4.chaddrLength);
  reply.hops = query.hops;
  reply.xid = query.xid;
  reply.flags = query.flags;
  reply.giaddr = query.giaddr;
  reply.ciaddr = query.messageType === MessageType4.Inform ? query.ciaddr : 0;
  reply.options.set(53, Uint8Array.of(type));
  return reply;
}

/** The largest DHCP message RFC 2131 §2 lets a server send without option 57: 576 - 28. */
export const DEFAULT_MAX_MESSAGE4 = 548;

/**
 * The largest reply (UDP payload) `query`'s client accepts: its maximum message size
 * (option 57, RFC 2132 §9.10) minus the IP and UDP headers (28 octets), or 548 when it sent
 * none, an unreadable one, or one below the 576 RFC 2132 allows. Pass it as `maxSize` to
 * `encodePacket4`. (Kea ignores option 57.)
 */
export function maxReplySize4(query: Packet4): number {
  const p = query.options.get(57);
  if (p === undefined || p.length !== 2) return DEFAULT_MAX_MESSAGE4;
  const size = ((p[0] as number) << 8) | (p[1] as number);
  return size < 576 ? DEFAULT_MAX_MESSAGE4 : size - 28;
}
