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

interface Open {
  readonly key: string;
  readonly close: () => Promise<void>;
}

export class ControlChannel {
  readonly #registry: CommandRegistry;
  readonly #o: ControlChannelOptions;
  readonly #exporter = new MetricsExporter();
  #local: UnixControlSocket | undefined;
  /** The configuration's sockets, by key (type and the spec). */
  #open = new Map<string, Open>();
  #serial: Promise<void> = Promise.resolve();

  constructor(registry: CommandRegistry, options: ControlChannelOptions) {
    this.#registry = registry;
    this.#o = options;
  }

  /**
   * Opens the appliance's own UNIX socket, creating its directory (owner only) when missing.
   * @throws Error when it cannot (a live socket is there, no permission)
   */
  async openLocal(file: string): Promise<void> {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.#local = await startUnixControlSocket(file, this.#registry);
  }

  /** The sockets open now, for tests and the log: `unix:/path`, `http://127.0.0.1:8000`. */
  get endpoints(): string[] {
    return [...(this.#local !== undefined ? [`unix:${this.#local.path}`] : []), ...this.#open.keys()].map((k) => k.split('\n')[0] as string);
  }

  /** Opens, keeps and closes the configuration's control sockets to match `map` (one at a time). */
  follow(map: ControlSocketsHolder): Promise<void> {
    const next = this.#serial.then(() => this.#follow(map));
    this.#serial = next.catch(() => undefined);
    return next;
  }

  async #follow(map: ControlSocketsHolder): Promise<void> {
    const { log } = this.#o;
    const specs = controlSocketsOf(map, { readText: this.#o.readText ?? ((f) => readFileSync(f, 'utf8')) });
    for (const p of specs.problems) this.#warn('DHCP4_CONTROL_SOCKET_CONFIG', `control socket left out: ${p}`);
    const wanted = new Map<string, () => Promise<Open>>();
    for (const u of specs.unix) {
      if (u.path === this.#local?.path) continue;
      wanted.set(`unix:${u.path}`, async () => {
        const s = await startUnixControlSocket(u.path, this.#registry, this.#o.maxBodyBytes);
        return { key: `unix:${u.path}`, close: () => s.close() };
      });
    }
    for (const h of specs.http) {
      const key = `${h.tls ? 'https' : 'http'}://${h.address.includes(':') ? `[${h.address}]` : h.address}:${h.port}\n${JSON.stringify(h)}`;
      wanted.set(key, async () => {
        const s = await this.#startHttp(h);
        return { key, close: () => s.close() };
      });
    }
    for (const [key, open] of [...this.#open]) {
      if (wanted.has(key)) continue;
      await open.close();
      this.#open.delete(key);
      log.info('DHCP4_CONTROL_SOCKET_CLOSED', `control socket ${key.split('\n')[0]} closed`);
    }
    for (const [key, start] of wanted) {
      if (this.#open.has(key)) continue;
      const shown = key.split('\n')[0] as string;
      try {
        this.#open.set(key, await start());
        log.info('DHCP4_CONTROL_SOCKET_OPENED', `control socket ${shown} open`);
      } catch (err) {
        this.#warn('DHCP4_CONTROL_SOCKET_FAIL', `control socket ${shown} could not be opened: ${err instanceof Error ? err.message : String(err)}`, 'error');
      }
    }
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
      onError: (err) => this.#o.log.error('DHCP4_CONTROL_PAGE_FAIL', `a page failed: ${err instanceof Error ? err.message : String(err)}`),
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

  async close(): Promise<void> {
    await this.#serial;
    for (const open of this.#open.values()) await open.close();
    this.#open.clear();
    await this.#local?.close();
    this.#local = undefined;
  }
}
