/**
 * What the evaluator reads from a packet: the `EvalPacket` port, which the server implements
 * over its own packet model, and `formatOptionTextGeneric`, Kea's text form of an option that
 * has no definition. Pure: no I/O.
 *
 * The port is shaped to be cheap to implement over a decoded packet: lookups by code path return
 * views of bytes the packet already holds, and header fields are plain numbers.
 */
import type { OptionScope } from './ast.js';
import { asciiBytes, bytesToLatin1 } from './bytes.js';

/** DHCPv4 header fields (pkt4.*). */
export interface EvalHeader4 {
  /** chaddr limited to hlen bytes (Kea's HWAddr) — `pkt4.mac`. */
  readonly mac: Uint8Array;
  readonly hlen: number;
  readonly htype: number;
  /** Addresses as unsigned 32-bit numbers (as `net` parses them). */
  readonly ciaddr: number;
  readonly giaddr: number;
  readonly yiaddr: number;
  readonly siaddr: number;
  /** The DHCP message type (option 53), 0 when the packet has none (Kea's Pkt4::getType). */
  readonly msgtype: number;
  readonly transid: number;
}

/** DHCPv6 header fields of the client message (pkt6.*), after relay decapsulation. */
export interface EvalHeader6 {
  readonly msgtype: number;
  readonly transid: number;
}

/** One DHCPv6 relay encapsulation (RELAY-FORW). */
export interface EvalRelay6 {
  /** 16 bytes. */
  readonly peerAddr: Uint8Array;
  /** 16 bytes. */
  readonly linkAddr: Uint8Array;
  /**
   * Payload of option `path[0]` in this encapsulation's options, then of sub-option `path[1]`
   * inside it, and so on; undefined when any step is missing.
   */
  option(path: readonly number[]): Uint8Array | undefined;
}

/**
 * A received packet as expressions see it. Option payloads are what Kea's option object would
 * pack, without the code and length: for string-typed options Kea has trimmed trailing NULs.
 * Where a packet holds several instances of an option, the first one counts.
 */
export interface EvalPacket {
  readonly family: 4 | 6;
  /** Payload of the first instance of option `code` at the top level, or undefined. */
  option(code: number): Uint8Array | undefined;
  /**
   * Payload of a sub-option: `path[0]` is a top-level option code, each later code a
   * sub-option inside the previous one (option[a].option[b]...). relay4 uses `[82, ...]`.
   */
  subOption(path: readonly number[]): Uint8Array | undefined;
  /**
   * `.text` of the option found at `path` in `scope` (paths as in `OptionRef`): Kea's
   * `Option::toString()`. For an option whose definition is string-typed that is the payload
   * itself; for an option without a definition use `formatOptionTextGeneric`. Called only when
   * the option exists.
   */
  optionText(scope: OptionScope, path: readonly number[], payload: Uint8Array): Uint8Array;
  /** `pkt.iface`: the name of the interface the packet arrived on. */
  readonly iface: string;
  /** `pkt.src`: the source address, 4 or 16 bytes. */
  readonly src: Uint8Array;
  /** `pkt.dst`: the destination address, 4 or 16 bytes. */
  readonly dst: Uint8Array;
  /** `pkt.len`: Kea's Pkt::len(), the length of the whole message as packed (the outer RELAY-FORW for relayed DHCPv6). */
  readonly len: number;
  /** Present on DHCPv4 packets. */
  readonly header4?: EvalHeader4 | undefined;
  /** Present on DHCPv6 packets. */
  readonly header6?: EvalHeader6 | undefined;
  /** DHCPv6 relay encapsulations; index 0 is the relay closest to the server. Empty in DHCPv4. */
  readonly relays6: readonly EvalRelay6[];
  /** Enterprise id of the first vendor-specific option (DHCPv4 125, DHCPv6 17), or undefined. */
  readonly vendorEnterpriseId: number | undefined;
  /** Sub-option payload inside that vendor option (`path[0]` a code in the vendor's space). */
  vendorSubOption(path: readonly number[]): Uint8Array | undefined;
  /** Enterprise id of the first vendor-class option (DHCPv4 124, DHCPv6 16), or undefined. */
  readonly vendorClassEnterpriseId: number | undefined;
  /** Data chunk `index` (0-based) of that vendor-class option, or undefined past the last one. */
  vendorClassData(index: number): Uint8Array | undefined;
  /** Whether the packet is in `className` so far. */
  isMember(className: string): boolean;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/**
 * Kea's `Option::toText(0)` for an option without a definition, which is what `.text` gives for
 * such an option: `type=012, len=003: 61:62:63 'abc'` (codes and lengths padded to 3 digits in
 * DHCPv4 and 5 in DHCPv6; the quoted text only when every byte is printable ASCII; `''` for an
 * empty payload).
 *
 * LIMITATION: when Kea has parsed sub-options out of the payload it appends their text too; this
 * renders the payload as one block.
 *
 * @example
 * formatOptionTextGeneric(4, 222, Uint8Array.of(0x61, 0x62)); // bytes of "type=222, len=002: 61:62 'ab'"
 */
export function formatOptionTextGeneric(family: 4 | 6, code: number, payload: Uint8Array): Uint8Array {
  const width = family === 4 ? 3 : 5;
  let out = `type=${String(code).padStart(width, '0')}, len=${String(payload.length).padStart(width, '0')}: `;
  out += Array.from(payload, hex2).join(':');
  if (payload.length === 0) {
    out += "''";
  } else if (payload.every((b) => b >= 0x20 && b <= 0x7e)) {
    out += ` '${bytesToLatin1(payload)}'`;
  }
  return asciiBytes(out);
}
