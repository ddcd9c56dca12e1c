/**
 * The expression evaluator's view of a received DHCPv4 packet (`EvalPacket` over `Packet4`):
 * options and sub-options as views into the packet, header fields, the receiving interface and
 * addresses, vendor options 124/125, and the classes assigned so far. Built once per packet;
 * sub-option lists are decoded on first use. Pure.
 */
import { decodeSubOptions, vendorClasses124, vendorOptions125, type Packet4 } from '../codec/v4/index.js';
import { formatOptionTextGeneric, type EvalPacket, type EvalHeader4, type OptionScope } from '../eval/index.js';
import type { OptionCatalogue } from '../codec/index.js';
import { ipv4ToBytes } from '../net/index.js';
import type { RecvMeta4 } from './transport/types.js';

export class EvalPacket4 implements EvalPacket {
  readonly family = 4 as const;
  readonly relays6 = [];
  readonly header4: EvalHeader4;
  readonly iface: string;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  readonly len: number;
  readonly #packet: Packet4;
  readonly #classes: ReadonlySet<string>;
  readonly #catalogue: OptionCatalogue;
  #subs = new Map<number, Map<number, Uint8Array>>();
  #vendor: Map<number, Uint8Array> | null | undefined;
  #vendorClass: Map<number, Uint8Array[]> | null | undefined;

  constructor(packet: Packet4, meta: RecvMeta4, length: number, classes: ReadonlySet<string>, catalogue: OptionCatalogue) {
    this.#packet = packet;
    this.#classes = classes;
    this.#catalogue = catalogue;
    this.iface = meta.iface;
    this.src = ipv4ToBytes(meta.srcAddress);
    this.dst = ipv4ToBytes(meta.dstAddress);
    this.len = length;
    this.header4 = {
      mac: packet.chaddr.subarray(0, Math.min(packet.hlen, packet.chaddr.length)),
      hlen: packet.hlen,
      htype: packet.htype,
      ciaddr: packet.ciaddr,
      giaddr: packet.giaddr,
      yiaddr: packet.yiaddr,
      siaddr: packet.siaddr,
      msgtype: packet.messageType ?? 0,
      transid: packet.xid,
    };
  }

  option(code: number): Uint8Array | undefined {
    return this.#packet.options.get(code);
  }

  subOption(path: readonly number[]): Uint8Array | undefined {
    let payload = this.option(path[0] as number);
    for (let i = 1; i < path.length && payload !== undefined; i++) {
      payload = this.#subOptionsOf(path.slice(0, i), payload).get(path[i] as number);
    }
    return payload;
  }

  #subOptionsOf(path: readonly number[], payload: Uint8Array): Map<number, Uint8Array> {
    // Only first-level lists are cached (option 82 is the common case).
    if (path.length !== 1) return decodeSubOptions(payload);
    const code = path[0] as number;
    let subs = this.#subs.get(code);
    if (subs === undefined) {
      subs = decodeSubOptions(payload);
      this.#subs.set(code, subs);
    }
    return subs;
  }

  optionText(scope: OptionScope, path: readonly number[], payload: Uint8Array): Uint8Array {
    const code = path[path.length - 1] as number;
    const space = scope === 'relay4' ? 'dhcp-agent-options-space' : path.length === 1 ? 'dhcp4' : undefined;
    const def = space === undefined ? undefined : this.#catalogue.find(space, code);
    if (def?.type === 'string') {
      let end = payload.length;
      while (end > 0 && payload[end - 1] === 0) end--;
      return payload.subarray(0, end);
    }
    return formatOptionTextGeneric(4, code, payload);
  }

  get vendorEnterpriseId(): number | undefined {
    return this.#vendorMap()?.keys().next().value;
  }

  vendorSubOption(path: readonly number[]): Uint8Array | undefined {
    const id = this.vendorEnterpriseId;
    if (id === undefined) return undefined;
    let payload: Uint8Array | undefined = this.#vendorMap()?.get(id);
    for (const code of path) {
      if (payload === undefined) return undefined;
      payload = decodeSubOptions(payload).get(code);
    }
    return payload;
  }

  get vendorClassEnterpriseId(): number | undefined {
    return this.#vendorClassMap()?.keys().next().value;
  }

  vendorClassData(index: number): Uint8Array | undefined {
    const id = this.vendorClassEnterpriseId;
    return id === undefined ? undefined : this.#vendorClassMap()?.get(id)?.[index];
  }

  isMember(className: string): boolean {
    return this.#classes.has(className);
  }

  #vendorMap(): Map<number, Uint8Array> | null {
    if (this.#vendor === undefined) {
      const p = this.option(125);
      this.#vendor = p === undefined ? null : vendorOptions125(p);
    }
    return this.#vendor;
  }

  #vendorClassMap(): Map<number, Uint8Array[]> | null {
    if (this.#vendorClass === undefined) {
      const p = this.option(124);
      this.#vendorClass = p === undefined ? null : vendorClasses124(p, { lenient: true });
    }
    return this.#vendorClass;
  }
}
