/**
 * One native DHCPv4 socket on one interface: opens it through the addon, turns each received
 * batch into `Datagram4`s and sends through it. `Udp4Transport` owns the set of these.
 */
import { FLAG_TRUNCATED, RECV_FIELDS, RecvField, SEND_FIELDS, SendField } from './native.js';
import type { NativeError, NativeHandle, NativeUdp4 } from './native.js';
import type { Datagram4, OutgoingDatagram4, SendTarget4 } from './types.js';

/** Counters one socket keeps; `Udp4Transport.stats()` adds them up. */
export interface SocketCounters4 {
  /** Datagrams delivered to the sink. */
  received: number;
  /** Datagrams dropped because they were longer than 4096 bytes. */
  truncated: number;
  /** Receive wake-ups that delivered at least one datagram, and the largest batch seen. */
  batches: number;
  maxBatch: number;
  /** Receive errors reported by the kernel. */
  recvErrors: number;
}

/** Where a socket hands what it receives. */
export interface SocketSink4 {
  datagram(d: Datagram4): void;
  error(iface: string, err: NativeError): void;
}

/**
 * One open socket. Created bound but not reading (`start()` begins); `close()` is final.
 * @example const s = new NativeSocket4(loadNativeUdp4(), 'eth0', 67, 0xc0000201, 0, sink); s.start();
 */
export class NativeSocket4 {
  readonly iface: string;
  readonly port: number;
  /** The index the interface had when the socket opened; a recreated interface gets a new one. */
  readonly ifindex: number;
  /** Source address for replies without an explicit `fromAddress`; updated in place on reload. */
  localAddress: number;
  readonly counters: SocketCounters4 = { received: 0, truncated: 0, batches: 0, maxBatch: 0, recvErrors: 0 };
  readonly #native: NativeUdp4;
  readonly #handle: NativeHandle;
  readonly #meta: Uint32Array;

  /**
   * Opens and binds the socket; it reads nothing until `start()`.
   * @throws NativeError with the errno name as `code` (ENODEV, EADDRINUSE, EPERM…)
   */
  constructor(native: NativeUdp4, iface: string, port: number, localAddress: number, recvBufferBytes: number, sink: SocketSink4) {
    this.#native = native;
    this.iface = iface;
    this.localAddress = localAddress;
    this.#meta = new Uint32Array(native.BATCH * RECV_FIELDS);
    this.#handle = native.open(iface, port, recvBufferBytes, this.#meta, (err, data, count) => this.#onBatch(sink, err, data, count));
    this.port = native.localPort(this.#handle);
    this.ifindex = native.ifNameToIndex(iface);
  }

  start(): void {
    this.#native.start(this.#handle);
  }

  close(): void {
    this.#native.close(this.#handle);
  }

  /** @throws NativeError from sendmsg (EAGAIN when the send buffer is full, ENETUNREACH…) */
  send(data: Uint8Array, target: SendTarget4): void {
    this.#native.send(this.#handle, data, target.address, target.port, target.fromAddress ?? this.localAddress);
  }

  /**
   * Sends `items[i]` for every i in `indexes` with one sendmmsg per 64. `scratch` is reused
   * between calls. Returns the errno of each failed index (EAGAIN for those not tried).
   */
  sendBatch(items: readonly OutgoingDatagram4[], indexes: readonly number[], scratch: SendScratch4): Map<number, number> {
    let total = 0;
    for (const i of indexes) total += (items[i] as OutgoingDatagram4).data.length;
    const { data, meta } = scratch.reserve(total, indexes.length);
    let offset = 0;
    indexes.forEach((i, k) => {
      const item = items[i] as OutgoingDatagram4;
      data.set(item.data, offset);
      const m = k * SEND_FIELDS;
      meta[m + SendField.Offset] = offset;
      meta[m + SendField.Length] = item.data.length;
      meta[m + SendField.Address] = item.target.address;
      meta[m + SendField.Port] = item.target.port;
      meta[m + SendField.From] = item.target.fromAddress ?? this.localAddress;
      offset += item.data.length;
    });
    this.#native.sendBatch(this.#handle, data, meta, indexes.length);
    const failed = new Map<number, number>();
    indexes.forEach((i, k) => {
      const result = meta[k * SEND_FIELDS + SendField.Result] ?? 0;
      if (result !== 0) failed.set(i, result);
    });
    return failed;
  }

  /** One receive wake-up: `count` datagrams packed in `data`, described in `#meta`. */
  #onBatch(sink: SocketSink4, err: NativeError | null, data: Buffer | undefined, count: number): void {
    if (err !== null || data === undefined) {
      this.counters.recvErrors++;
      if (err !== null) sink.error(this.iface, err);
      return;
    }
    this.counters.batches++;
    if (count > this.counters.maxBatch) this.counters.maxBatch = count;
    const meta = this.#meta;
    for (let i = 0; i < count; i++) {
      const m = i * RECV_FIELDS;
      if (((meta[m + RecvField.Flags] ?? 0) & FLAG_TRUNCATED) !== 0) {
        this.counters.truncated++; // longer than any DHCPv4 message we accept: dropped, counted
        continue;
      }
      const offset = meta[m + RecvField.Offset] ?? 0;
      this.counters.received++;
      sink.datagram({
        // A plain Uint8Array view: Buffer#subarray goes through Buffer's species constructor,
        // several times slower per datagram.
        data: new Uint8Array(data.buffer, data.byteOffset + offset, meta[m + RecvField.Length] ?? 0),
        meta: {
          iface: this.iface,
          ifindex: meta[m + RecvField.Ifindex] ?? this.ifindex,
          srcAddress: meta[m + RecvField.SrcAddress] ?? 0,
          srcPort: meta[m + RecvField.SrcPort] ?? 0,
          dstAddress: meta[m + RecvField.DstAddress] ?? 0,
          localAddress: this.localAddress,
        },
      });
    }
  }
}

/** Reusable packing space for `sendBatch`, grown on demand. */
export class SendScratch4 {
  #data = Buffer.allocUnsafe(64 * 1024);
  #meta = new Uint32Array(64 * SEND_FIELDS);

  reserve(bytes: number, count: number): { data: Buffer; meta: Uint32Array } {
    if (this.#data.length < bytes) this.#data = Buffer.allocUnsafe(Math.max(bytes, this.#data.length * 2));
    if (this.#meta.length < count * SEND_FIELDS) this.#meta = new Uint32Array(Math.max(count, this.#meta.length / SEND_FIELDS * 2) * SEND_FIELDS);
    return { data: this.#data, meta: this.#meta };
  }
}
