/**
 * codec/v4: DHCPv4 packets on the wire. `decodePacket4` (never throws; Kea's acceptance rules,
 * option overload, RFC 3396 concatenation), `encodePacket4` (Kea's option order, RFC 3396
 * splitting, overload past the client's maximum size), the reply skeleton, and the readers of
 * what options carry inside (option 82 and other sub-option lists, vendor options 124/125).
 *
 * Pure: imports nothing outside this folder. It must not import config/, server/, lease/,
 * node:fs or node:dgram.
 */
export { CodecError, CodecErrorCodes } from './errors.js';
export type { CodecErrorCode } from './errors.js';
export { Options4 } from './options4.js';
export {
  BOOTP_BROADCAST_FLAG, BootpOp, DEFAULT_MAX_MESSAGE4, Header4, MessageType4, createPacket4, maxReplySize4, newReply4,
} from './packet4.js';
export type { Packet4, Packet4Init } from './packet4.js';
export { decodePacket4 } from './decode-packet4.js';
export type { DecodeOptions4, DecodeResult4 } from './decode-packet4.js';
export { BOOTP_MIN_LENGTH, encodePacket4 } from './encode-packet4.js';
export type { EncodeOptions4 } from './encode-packet4.js';
export {
  decodeSubOptions, encodeSubOptions, encodeVendorClasses124, encodeVendorOptions125, vendorClasses124, vendorOptions125,
} from './sub-options4.js';
export type { SubOptionsOptions4 } from './sub-options4.js';
