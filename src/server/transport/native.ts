/**
 * The native addon `build/Release/gitdhcp_udp4.node` (source: `native/udp4.c`), typed and
 * loaded on first use, so that importing the transport never fails on a machine where the addon
 * was not built; only opening a socket does, with a message that says how to build it.
 *
 * Addresses are host-order unsigned 32-bit numbers, as in `src/net` (192.0.2.1 = 0xC0000201).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** An open native socket. Opaque: only the addon's functions accept it. */
export type NativeHandle = { readonly __brand: 'gitdhcp_udp4' };

/** An error thrown or delivered by the addon: `code` is the errno name, as in Node's own errors. */
export interface NativeError extends Error {
  readonly code: string;
  readonly errno?: number;
  readonly syscall?: string;
}

/**
 * Called once per received batch: `count` datagrams packed back to back in `data`, described
 * in the `meta` array given to `open` (RECV_FIELDS numbers each). On a receive error `err` is set
 * and `data` is undefined. `meta` is overwritten by the next batch: read it before returning.
 */
export type NativeRecvCallback = (err: NativeError | null, data: Buffer | undefined, count: number) => void;

/** The functions `native/udp4.c` exports. */
export interface NativeUdp4 {
  /** Datagrams per recvmmsg/sendmmsg call (64). */
  readonly BATCH: number;
  /**
   * Opens a UDP socket on `ifname` bound to 0.0.0.0:`port` with SO_REUSEADDR, SO_BROADCAST,
   * SO_BINDTODEVICE and IP_PKTINFO; non-blocking. It does not read until `start`.
   * @throws NativeError (ENODEV: no such interface, EADDRINUSE, EACCES/EPERM: not privileged)
   */
  open(ifname: string, port: number, recvBufferBytes: number, meta: Uint32Array, cb: NativeRecvCallback): NativeHandle;
  /** Starts delivering batches to the callback given to `open`. */
  start(handle: NativeHandle): void;
  /** One datagram out of this interface, source address `from` (0 = the kernel's choice). @throws NativeError */
  send(handle: NativeHandle, data: Uint8Array, address: number, port: number, from: number): void;
  /**
   * Sends `count` datagrams packed in `data` and described in `meta` (SEND_FIELDS each:
   * offset, length, address, port, from, result). Writes 0 or the errno into each `result`.
   * @returns how many were sent
   */
  sendBatch(handle: NativeHandle, data: Uint8Array, meta: Uint32Array, count: number): number;
  /** The bound UDP port (useful after binding port 0). */
  localPort(handle: NativeHandle): number;
  /** Closes the socket; closing twice is harmless. */
  close(handle: NativeHandle): void;
  /** if_nametoindex(3): the interface's index, 0 when there is none. */
  ifNameToIndex(name: string): number;
}

/** Numbers per received datagram in the receive meta array. */
export const RECV_FIELDS = 7;
/** Field offsets inside one received datagram's meta. */
export const RecvField = { Offset: 0, Length: 1, SrcAddress: 2, SrcPort: 3, DstAddress: 4, Ifindex: 5, Flags: 6 } as const;
/** Flag: the datagram was longer than the addon's 4096-byte slot and arrived cut. */
export const FLAG_TRUNCATED = 1;
/** Numbers per datagram in the send-batch meta array. */
export const SEND_FIELDS = 6;
/** Field offsets inside one outgoing datagram's meta (`Result` is written by the addon). */
export const SendField = { Offset: 0, Length: 1, Address: 2, Port: 3, From: 4, Result: 5 } as const;

/** Where node-gyp puts the addon: the package root's build/Release, from src/ and dist/ alike. */
const ADDON_PATH = fileURLToPath(new URL('../../../build/Release/gitdhcp_udp4.node', import.meta.url));

let loaded: NativeUdp4 | undefined;

/**
 * The addon, loaded once.
 * @throws Error when it is missing or does not load (its `cause` is the loader's error)
 */
export function loadNativeUdp4(): NativeUdp4 {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)(ADDON_PATH) as NativeUdp4;
    } catch (err) {
      throw new Error(`cannot load the native socket addon ${ADDON_PATH}; build it with npm run build:native (needs g++, make, python3)`, { cause: err });
    }
  }
  return loaded;
}
