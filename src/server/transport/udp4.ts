/**
 * Udp4Transport: the DHCPv4 server's sockets, one per configured interface, reconciled on reload.
 *
 * A DHCPv4 server must know on which interface a broadcast DISCOVER arrived (the link picks the
 * subnet) and must send the broadcast reply out of that same interface, with that interface's
 * address as source, even on a link with no route to 255.255.255.255. Each socket here is a
 * UDP socket opened by the native addon (`native/udp4.c`) with SO_BINDTODEVICE (it only sees
 * its interface's traffic, broadcast and unicast alike), IP_PKTINFO (destination address and
 * interface of every datagram; source address and interface of every reply), SO_BROADCAST and
 * SO_REUSEADDR, bound to 0.0.0.0:67. It receives with recvmmsg and sends with sendmsg/sendmmsg.
 *
 * Why a native addon and not:
 * - `node:dgram`, two sockets per interface (0.0.0.0:67 for broadcasts plus <address>:67 to
 *   send from, as in shared/reference/real-clients.md): dgram has neither IP_PKTINFO nor
 *   SO_BINDTODEVICE, so with two interfaces a broadcast on the 0.0.0.0 socket cannot be told
 *   apart by link, and the reply cannot be steered to a link. It works only with one interface.
 * - raw AF_PACKET sockets (ISC dhcpd and Kea's default): native code too, and more of it (IP and
 *   UDP headers, checksums, BPF filters). They are needed only to unicast a reply to a client that
 *   has no address yet (ARP-less delivery to chaddr); Kea's `dhcp-socket-type: udp` does not do
 *   that either and broadcasts instead, which every client we tested accepts.
 * - an npm package: none maintained does SO_BINDTODEVICE plus IP_PKTINFO for UDP sockets.
 *
 * Reload (ARCHITECTURE promise 2): `stage(specs)` opens and binds the sockets of new interfaces
 * (they read nothing yet: datagrams wait in the kernel), `commit()` starts them, keeps unchanged
 * ones untouched and closes removed ones; `discardStaged()` closes what `stage` opened. A socket
 * is unchanged when its interface name and index are (a recreated interface gets a new socket).
 * Only the reply source address of a kept socket may change, in place.
 *
 * LIMITATION: replies leave through the socket's interface (SO_BINDTODEVICE restricts routing to
 * it), so a reply to a relay reached through another interface (asymmetric routing) fails with
 * ENETUNREACH; relays are answered on the link their request came in on.
 */
import { getSystemErrorName } from 'node:util';
import { listSystemInterfaces4, resolveInterfaceSpecs4 } from './interfaces.js';
import type { SystemInterface4 } from './interfaces.js';
import { loadNativeUdp4 } from './native.js';
import type { NativeError, NativeUdp4 } from './native.js';
import { NativeSocket4, SendScratch4 } from './socket4.js';
import type { SocketCounters4, SocketSink4 } from './socket4.js';
import type { Datagram4, OutgoingDatagram4, SendTarget4 } from './types.js';

/** The DHCPv4 server port (RFC 2131 §4.1). */
export const DHCP4_SERVER_PORT = 67;

export interface Udp4TransportOptions {
  /** UDP port bound on every interface; 67 by default. 0 = an ephemeral port per socket (tests). */
  readonly port?: number;
  /** Receive buffer per socket (SO_RCVBUFFORCE, else SO_RCVBUF); 0 = the kernel default. */
  readonly recvBufferBytes?: number;
  /** The system's interfaces; defaults to `listSystemInterfaces4` (tests may inject a list). */
  readonly listInterfaces?: () => readonly SystemInterface4[];
}

/** A socket that is open. */
export interface BoundInterface4 {
  readonly iface: string;
  readonly ifindex: number;
  readonly port: number;
  /** Source address of replies without an explicit `fromAddress` (0 = the kernel chooses). */
  readonly localAddress: number;
}

/** An interface that could not be listened on, with the errno-named error (ENODEV, EADDRINUSE…). */
export interface BindFailure4 {
  readonly spec: string;
  readonly iface: string;
  readonly error: NativeError;
}

/** What `stage` prepared: `commit` starts `opened`, keeps `kept` and closes `removed`. */
export interface StageReport4 {
  readonly opened: readonly BoundInterface4[];
  readonly kept: readonly BoundInterface4[];
  readonly removed: readonly string[];
  readonly failed: readonly BindFailure4[];
}

/** What `commit`/`apply` did; `bound` is every socket now open. */
export interface ApplyReport4 extends StageReport4 {
  readonly bound: readonly BoundInterface4[];
}

export interface SendBatchReport4 {
  readonly sent: number;
  /** Index into the batch and the errno-named error; EAGAIN = not tried (send buffer full). */
  readonly failed: ReadonlyArray<{ readonly index: number; readonly error: NativeError }>;
}

/** A receive error or an exception thrown by a datagram listener. */
export interface TransportError4 {
  readonly iface: string;
  readonly kind: 'receive' | 'listener';
  readonly error: unknown;
}

/** Totals since the transport was created, closed sockets included. */
export interface Udp4Stats extends SocketCounters4 {
  sent: number;
  sendFailed: number;
  listenerErrors: number;
}

interface Staged {
  readonly next: Map<string, { socket: NativeSocket4; localAddress: number }>;
  readonly opened: NativeSocket4[];
  readonly report: StageReport4;
}

/**
 * @example
 * const t = new Udp4Transport();
 * t.onDatagram((d) => server.receive4(d));
 * const report = t.apply(['eth0', 'eth1/192.0.2.1']);      // report.failed: [] when all bound
 * t.send(reply, { iface: d.meta.iface, address: 0xffffffff, port: 68 });
 */
export class Udp4Transport {
  readonly #port: number;
  readonly #recvBufferBytes: number;
  readonly #listInterfaces: (native: NativeUdp4) => readonly SystemInterface4[];
  #active = new Map<string, NativeSocket4>();
  #staged: Staged | null = null;
  readonly #datagramListeners = new Set<(d: Datagram4) => void>();
  readonly #errorListeners = new Set<(e: TransportError4) => void>();
  readonly #scratch = new SendScratch4();
  readonly #stats: Udp4Stats = { received: 0, truncated: 0, batches: 0, maxBatch: 0, recvErrors: 0, sent: 0, sendFailed: 0, listenerErrors: 0 };
  readonly #sink: SocketSink4 = {
    datagram: (d) => this.#dispatch(d),
    error: (iface, error) => this.#emitError({ iface, kind: 'receive', error }),
  };

  constructor(options: Udp4TransportOptions = {}) {
    this.#port = options.port ?? DHCP4_SERVER_PORT;
    this.#recvBufferBytes = options.recvBufferBytes ?? 0;
    this.#listInterfaces = options.listInterfaces ?? ((native) => listSystemInterfaces4(native.ifNameToIndex));
  }

  /** Calls `cb` for every datagram received; returns the function that unsubscribes. */
  onDatagram(cb: (d: Datagram4) => void): () => void {
    this.#datagramListeners.add(cb);
    return () => this.#datagramListeners.delete(cb);
  }

  /**
   * Calls `cb` for receive errors and for exceptions thrown by datagram listeners. Without any
   * error listener such an exception is rethrown (and reaches 'uncaughtException').
   */
  onError(cb: (e: TransportError4) => void): () => void {
    this.#errorListeners.add(cb);
    return () => this.#errorListeners.delete(cb);
  }

  /**
   * Resolves Kea's `interfaces-config.interfaces` entries and opens the sockets of interfaces
   * not open yet. Changes nothing that is running; a previous uncommitted stage is discarded.
   * An interface that cannot be opened is reported in `failed`, and the others still stage
   * (Kea's `service-sockets-require-all: false`; a caller that requires all discards instead).
   * @throws Error when the native addon cannot be loaded
   */
  stage(specs: readonly string[]): StageReport4 {
    this.discardStaged();
    const native = loadNativeUdp4();
    const { wanted, issues } = resolveInterfaceSpecs4(specs, this.#listInterfaces(native));
    const failed: BindFailure4[] = issues.map((i) => ({ spec: i.spec, iface: i.iface, error: errnoError(i.code, 'interfaces-config', i.message) }));
    const next = new Map<string, { socket: NativeSocket4; localAddress: number }>();
    const opened: NativeSocket4[] = [];
    const kept: BoundInterface4[] = [];
    for (const w of wanted) {
      const current = this.#active.get(w.iface);
      if (current !== undefined && current.ifindex !== 0 && current.ifindex === native.ifNameToIndex(w.iface)) {
        next.set(w.iface, { socket: current, localAddress: w.localAddress });
        kept.push(describe(current, w.localAddress));
        continue;
      }
      try {
        const socket = new NativeSocket4(native, w.iface, this.#port, w.localAddress, this.#recvBufferBytes, this.#sink);
        opened.push(socket);
        next.set(w.iface, { socket, localAddress: w.localAddress });
      } catch (err) {
        failed.push({ spec: w.spec, iface: w.iface, error: err as NativeError });
      }
    }
    const removed = [...this.#active.values()].filter((s) => next.get(s.iface)?.socket !== s).map((s) => s.iface);
    const report = { opened: opened.map((s) => describe(s, s.localAddress)), kept, removed, failed };
    this.#staged = { next, opened, report };
    return report;
  }

  /** Starts the staged sockets, updates kept ones and closes removed ones. Cannot fail. */
  commit(): ApplyReport4 {
    const staged = this.#staged;
    if (staged === null) return { opened: [], kept: [], removed: [], failed: [], bound: this.bound() };
    this.#staged = null;
    for (const socket of staged.opened) socket.start();
    const active = new Map<string, NativeSocket4>();
    for (const [iface, { socket, localAddress }] of staged.next) {
      socket.localAddress = localAddress;
      active.set(iface, socket);
    }
    for (const socket of this.#active.values()) if (active.get(socket.iface) !== socket) this.#retire(socket);
    this.#active = active;
    return { ...staged.report, bound: this.bound() };
  }

  /** Closes the sockets the pending `stage` opened; the running set is untouched. */
  discardStaged(): void {
    const staged = this.#staged;
    this.#staged = null;
    for (const socket of staged?.opened ?? []) this.#retire(socket);
  }

  /** `stage` then `commit`. */
  apply(specs: readonly string[]): ApplyReport4 {
    this.stage(specs);
    return this.commit();
  }

  /** The open sockets. */
  bound(): BoundInterface4[] {
    return [...this.#active.values()].map((s) => describe(s, s.localAddress));
  }

  /**
   * Sends one datagram out of `target.iface`, from `target.fromAddress` or the interface's address.
   * @throws NativeError: ENODEV when no socket is open on that interface, else sendmsg's errno
   */
  send(data: Uint8Array, target: SendTarget4): void {
    const socket = this.#active.get(target.iface);
    try {
      if (socket === undefined) throw errnoError('ENODEV', 'send', `no socket is open on ${target.iface}`);
      socket.send(data, target);
      this.#stats.sent++;
    } catch (err) {
      this.#stats.sendFailed++;
      throw err;
    }
  }

  /** Sends many datagrams, one sendmmsg per interface and 64 datagrams. Never throws per datagram. */
  sendBatch(items: readonly OutgoingDatagram4[]): SendBatchReport4 {
    const byIface = new Map<string, number[]>();
    items.forEach((item, index) => {
      const list = byIface.get(item.target.iface);
      if (list === undefined) byIface.set(item.target.iface, [index]);
      else list.push(index);
    });
    const failed: Array<{ index: number; error: NativeError }> = [];
    for (const [iface, indexes] of byIface) {
      const socket = this.#active.get(iface);
      if (socket === undefined) {
        for (const index of indexes) failed.push({ index, error: errnoError('ENODEV', 'sendBatch', `no socket is open on ${iface}`) });
        continue;
      }
      for (const [index, errno] of socket.sendBatch(items, indexes, this.#scratch)) {
        const code = getSystemErrorName(-errno);
        failed.push({ index, error: errnoError(code, 'sendmmsg', iface, errno) });
      }
    }
    failed.sort((a, b) => a.index - b.index);
    this.#stats.sent += items.length - failed.length;
    this.#stats.sendFailed += failed.length;
    return { sent: items.length - failed.length, failed };
  }

  /** Counters since creation, over open and closed sockets. */
  stats(): Readonly<Udp4Stats> {
    const total = { ...this.#stats };
    for (const s of this.#active.values()) addCounters(total, s.counters);
    return total;
  }

  /** Closes every socket, staged ones included. */
  close(): void {
    this.discardStaged();
    for (const socket of this.#active.values()) this.#retire(socket);
    this.#active = new Map();
  }

  #retire(socket: NativeSocket4): void {
    socket.close();
    addCounters(this.#stats, socket.counters);
  }

  #dispatch(d: Datagram4): void {
    for (const listener of this.#datagramListeners) {
      try {
        listener(d);
      } catch (error) {
        this.#stats.listenerErrors++;
        this.#emitError({ iface: d.meta.iface, kind: 'listener', error });
      }
    }
  }

  #emitError(e: TransportError4): void {
    if (this.#errorListeners.size === 0) throw e.error;
    for (const listener of this.#errorListeners) listener(e);
  }
}

function describe(s: NativeSocket4, localAddress: number): BoundInterface4 {
  return { iface: s.iface, ifindex: s.ifindex, port: s.port, localAddress };
}

function addCounters(into: SocketCounters4, c: SocketCounters4): void {
  into.received += c.received;
  into.truncated += c.truncated;
  into.batches += c.batches;
  into.maxBatch = Math.max(into.maxBatch, c.maxBatch);
  into.recvErrors += c.recvErrors;
}

/** An error shaped like the addon's (and Node's system errors): `code` is the errno name. */
function errnoError(code: string, syscall: string, detail: string, errno?: number): NativeError {
  return Object.assign(new Error(`${syscall} ${code} ${detail}`), { code, syscall, ...(errno === undefined ? {} : { errno }) });
}
