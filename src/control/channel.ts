/**
 * The control channel of the appliance: the sockets that feed one CommandRegistry. Its own local
 * UNIX socket (`gitdhcp serve --control-socket`, for the gitdhcp CLI) stays open for the life
 * of the process; the `control-socket(s)` of the configuration follow each configuration applied,
 * as in Kea: an unchanged socket stays open (its clients keep their connections), a changed or
 * removed one is closed, a new one opened. HTTP sockets also serve GET /metrics (Prometheus)
 * and GET / (the status page).
 *
 * A socket that cannot be opened (address in use, unreadable password file) is logged and
 * reported through `onWarning`; the DHCP configuration stays applied and the other sockets
 * serve. Kea refuses such a configuration instead; here the DHCP service matters more than one
 * of its management sockets, and the operator's own local socket is always there.
 *
 * As Kea's http_command_mgr.cc (Kea-3.0.4), HTTP sockets are known by address and port: one kept
 * across configurations takes its new authentication, http-headers and TLS material in place
 * (the TLS files are read again at every configuration, so a renewed certificate is served from
 * the next one), and its clients keep their connections, the one carrying a config-set included.
 * Kea refuses to switch an address and port between HTTP and HTTPS; here the socket is closed and
 * reopened, once the responses in flight on it are sent. A removed socket likewise closes after
 * its responses in flight, in the background: follow() never waits for a socket to drain, since
 * the request it is called from may be on that socket.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandRegistry } from './commands.js';
import { startHttpControlSocket, type HttpControlSocket, type HttpPage, type HttpPages } from './http-socket.js';
import { MetricsExporter, type MetricsInput } from './metrics.js';
import { controlSocketsOf, type ControlSocketsHolder, type HttpSocketSpec } from './sockets-config.js';
import { renderStatusPage, STATUS_PAGE_CSP, type StatusPageModel } from './status-page.js';
import { startUnixControlSocket, type UnixControlSocket } from './unix-socket.js';

/** What the HTTP pages show, taken when a page is asked for. */
export interface ChannelPages {
  readonly metrics: () => MetricsInput;
  readonly statusPage: () => StatusPageModel;
}

export interface ChannelLog {
  info(code: string, message: string): void;
  warn(code: string, message: string): void;
  error(code: string, message: string): void;
}

export interface ControlChannelOptions {
  readonly log: ChannelLog;
  readonly pages: ChannelPages;
  /** A warning worth showing on the status page too (unauthenticated socket, socket failed). */
  readonly onWarning?: (code: string, message: string) => void;
  /** Reads user-file and password-file (default: the file system). */
  readonly readText?: (file: string) => string;
  /** The largest request accepted on the configuration's sockets (default 1 MiB over HTTP, 64 MiB over UNIX as Kea's). */
  readonly maxBodyBytes?: number;
}

/** An HTTP socket of the configuration, by address and port. */
interface HttpSlot {
  /** The latest spec the configuration asks for. */
  spec: HttpSocketSpec;
  /** Undefined while the previous socket on this address and port drains before a reopen. */
  socket: HttpControlSocket | undefined;
}

/** `address:port` with IPv6 in brackets. */
function endpointOf(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function urlOf(s: HttpControlSocket): string {
  return `${s.spec.tls ? 'https' : 'http'}://${endpointOf(s.address, s.port)}`;
}

/** An error's message with the message of its cause. */
function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

export class ControlChannel {
  readonly #registry: CommandRegistry;
  readonly #o: ControlChannelOptions;
  readonly #exporter = new MetricsExporter();
  #local: UnixControlSocket | undefined;
  /** The configuration's UNIX sockets, by path. */
  readonly #unix = new Map<string, UnixControlSocket>();
  /** The configuration's HTTP sockets, by address:port as given in the configuration. */
  readonly #http = new Map<string, HttpSlot>();
  /** Sockets draining and reopenings in progress; close() waits for them. They never reject. */
  readonly #background = new Set<Promise<void>>();
  #serial: Promise<void> = Promise.resolve();
  /** Set by close(): a follow() still to come (a configuration change in flight) opens nothing. */
  #isClosed = false;

  constructor(registry: CommandRegistry, options: ControlChannelOptions) {
    this.#registry = registry;
    this.#o = options;
  }

  /**
   * Opens the appliance's own UNIX socket, creating its directory (owner only) when missing.
   * @throws Error when it cannot (a live socket is there, something other than a socket, no permission)
   */
  async openLocal(file: string): Promise<void> {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.#local = await startUnixControlSocket(file, this.#registry, undefined, (err) => this.#socketError(`unix:${file}`, err));
  }

  /** The sockets open now, for tests and the log: `unix:/path`, `http://127.0.0.1:8000` (the bound port). */
  get endpoints(): string[] {
    const http = [...this.#http.values()].flatMap((slot) => (slot.socket === undefined ? [] : [urlOf(slot.socket)]));
    return [...(this.#local !== undefined ? [`unix:${this.#local.path}`] : []), ...[...this.#unix.keys()].map((p) => `unix:${p}`), ...http];
  }

  /**
   * Opens, updates, keeps and closes the configuration's control sockets to match `map` (one
   * call at a time). Resolves once the sockets are open or updated; sockets that close (and an
   * HTTP/HTTPS switch, which reopens after the close) finish in the background. Does nothing
   * after close().
   */
  follow(map: ControlSocketsHolder): Promise<void> {
    if (this.#isClosed) return Promise.resolve();
    const next = this.#serial.then(() => this.#follow(map));
    this.#serial = next.catch(() => undefined);
    return next;
  }

  async #follow(map: ControlSocketsHolder): Promise<void> {
    if (this.#isClosed) return;
    const specs = controlSocketsOf(map, { readText: this.#o.readText ?? ((f) => readFileSync(f, 'utf8')) });
    for (const p of specs.problems) this.#warn('DHCP4_CONTROL_SOCKET_CONFIG', `control socket left out: ${p}`);
    await this.#followUnix(specs.unix.map((u) => u.path).filter((p) => p !== this.#local?.path));
    const wanted = new Map<string, HttpSocketSpec>();
    for (const h of specs.http) {
      const key = endpointOf(h.address, h.port);
      if (wanted.has(key)) this.#warn('DHCP4_CONTROL_SOCKET_CONFIG', `control socket left out: a second socket on ${key}; the first one is used`);
      else wanted.set(key, h);
    }
    for (const [key, slot] of [...this.#http]) {
      if (wanted.has(key)) continue;
      this.#http.delete(key);
      if (slot.socket !== undefined) this.#retire(slot.socket.close(), urlOf(slot.socket));
    }
    for (const [key, spec] of wanted) {
      const slot = this.#http.get(key);
      if (slot === undefined) await this.#openHttp(key, spec);
      else this.#reconcile(key, slot, spec);
    }
  }

  async #followUnix(paths: readonly string[]): Promise<void> {
    for (const [file, socket] of [...this.#unix]) {
      if (paths.includes(file)) continue;
      this.#unix.delete(file);
      this.#retire(socket.close(), `unix:${file}`);
    }
    for (const file of paths) {
      if (this.#unix.has(file)) continue;
      try {
        this.#unix.set(file, await startUnixControlSocket(file, this.#registry, this.#o.maxBodyBytes, (err) => this.#socketError(`unix:${file}`, err)));
        this.#o.log.info('DHCP4_CONTROL_SOCKET_OPENED', `control socket unix:${file} open`);
      } catch (err) {
        this.#warn('DHCP4_CONTROL_SOCKET_FAIL', `control socket unix:${file} could not be opened: ${reasonOf(err)}`, 'error');
      }
    }
  }

  async #openHttp(key: string, spec: HttpSocketSpec): Promise<void> {
    try {
      const socket = await this.#startHttp(spec);
      this.#http.set(key, { spec, socket });
      this.#o.log.info('DHCP4_CONTROL_SOCKET_OPENED', `control socket ${urlOf(socket)} open`);
    } catch (err) {
      this.#warn('DHCP4_CONTROL_SOCKET_FAIL', `control socket ${spec.tls ? 'https' : 'http'}://${key} could not be opened: ${reasonOf(err)}`, 'error');
    }
  }

  /** An HTTP socket the configuration keeps: updated in place, or reopened for an HTTP/HTTPS switch. */
  #reconcile(key: string, slot: HttpSlot, spec: HttpSocketSpec): void {
    slot.spec = spec;
    const socket = slot.socket;
    if (socket === undefined) return; // a reopening is on its way and takes slot.spec
    if (socket.spec.tls !== spec.tls) {
      slot.socket = undefined;
      this.#track(this.#reopen(key, slot, socket));
      return;
    }
    try {
      const isChanged = JSON.stringify(socket.spec) !== JSON.stringify(spec);
      socket.update(spec); // re-reads the TLS files even when the spec is the same: a renewed certificate
      if (isChanged) this.#o.log.info('DHCP4_CONTROL_SOCKET_UPDATED', `control socket ${urlOf(socket)} takes its new authentication, http-headers and TLS settings`);
    } catch (err) {
      // Never keep serving with settings the configuration no longer has (a removed client).
      this.#http.delete(key);
      this.#retire(socket.close(), urlOf(socket));
      this.#warn('DHCP4_CONTROL_SOCKET_FAIL', `control socket ${urlOf(socket)} could not take its new settings and is closed: ${reasonOf(err)}`, 'error');
    }
  }

  /** Lets `old` finish its responses in flight, then opens the slot's spec on the same address and port. */
  async #reopen(key: string, slot: HttpSlot, old: HttpControlSocket): Promise<void> {
    await old.close();
    this.#o.log.info('DHCP4_CONTROL_SOCKET_CLOSED', `control socket ${urlOf(old)} closed`);
    const isCurrent = (): boolean => !this.#isClosed && this.#http.get(key) === slot;
    if (!isCurrent()) return;
    const spec = slot.spec;
    let socket: HttpControlSocket;
    try {
      socket = await this.#startHttp(spec);
    } catch (err) {
      if (isCurrent()) this.#http.delete(key);
      this.#warn('DHCP4_CONTROL_SOCKET_FAIL', `control socket ${spec.tls ? 'https' : 'http'}://${key} could not be opened: ${reasonOf(err)}`, 'error');
      return;
    }
    if (!isCurrent()) {
      await socket.close();
      return;
    }
    slot.socket = socket;
    this.#o.log.info('DHCP4_CONTROL_SOCKET_OPENED', `control socket ${urlOf(socket)} open`);
    // A configuration applied while this socket was opening.
    if (slot.spec !== spec) this.#reconcile(key, slot, slot.spec);
  }

  /** A socket closing in the background (its responses in flight are sent first). */
  #retire(closing: Promise<void>, shown: string): void {
    this.#track(closing.then(() => this.#o.log.info('DHCP4_CONTROL_SOCKET_CLOSED', `control socket ${shown} closed`)));
  }

  #track(task: Promise<void>): void {
    const tracked = task.catch((err: unknown) => this.#socketError('control channel', err)).finally(() => this.#background.delete(tracked));
    this.#background.add(tracked);
  }

  #socketError(shown: string, err: unknown): void {
    this.#o.log.error('DHCP4_CONTROL_SOCKET_ERROR', `control socket ${shown}: ${reasonOf(err)}`);
  }

  #warn(code: string, message: string, level: 'warn' | 'error' = 'warn'): void {
    this.#o.log[level](code, message);
    this.#o.onWarning?.(code, message);
  }

  #startHttp(spec: HttpSocketSpec): Promise<HttpControlSocket> {
    return startHttpControlSocket(spec, this.#registry, {
      pages: this.#pages(),
      ...(this.#o.maxBodyBytes !== undefined ? { maxBodyBytes: this.#o.maxBodyBytes } : {}),
      onWarning: (m) => this.#warn('DHCP4_CONTROL_SOCKET_UNAUTHENTICATED', m),
      onError: (err) => this.#socketError(`${spec.tls ? 'https' : 'http'}://${endpointOf(spec.address, spec.port)}`, err),
    });
  }

  #pages(): HttpPages {
    return {
      get: async (path): Promise<HttpPage | undefined> => {
        if (path === '/metrics') {
          const { contentType, body } = await this.#exporter.render(this.#o.pages.metrics());
          return { status: 200, contentType, body };
        }
        if (path === '/' || path === '/index.html') {
          return { status: 200, contentType: 'text/html; charset=utf-8', body: renderStatusPage(this.#o.pages.statusPage()), headers: { 'Content-Security-Policy': STATUS_PAGE_CSP } };
        }
        return undefined;
      },
    };
  }

  /** Closes every socket, once the responses in flight are sent; a follow() after this does nothing. */
  async close(): Promise<void> {
    this.#isClosed = true;
    await this.#serial;
    for (const [file, socket] of this.#unix) this.#retire(socket.close(), `unix:${file}`);
    this.#unix.clear();
    for (const slot of this.#http.values()) if (slot.socket !== undefined) this.#retire(slot.socket.close(), urlOf(slot.socket));
    this.#http.clear();
    while (this.#background.size > 0) await Promise.all([...this.#background]);
    await this.#local?.close();
    this.#local = undefined;
  }
}
