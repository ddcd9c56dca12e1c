/**
 * Logging configured from Kea's `loggers` (ARM "Logging"): each entry names a logger
 * (`kea-dhcp4`, or a child such as `kea-dhcp4.packets`), a severity (FATAL, ERROR, WARN, INFO,
 * DEBUG with a debuglevel 0-99, NONE) and outputs (`stdout`, `stderr`, `syslog[:name]` or a file
 * path). A category logs through the most specific configured entry (`kea-dhcp4.leases`, else
 * `kea-dhcp4`), as Kea's child loggers inherit from their parent. Without any entry: INFO to
 * stdout, Kea's default.
 *
 * Records are pino JSON lines with Kea's message id in `code` and at the start of `msg`
 * (`DHCP4_STARTED gitdhcp 0.1.0 started`), so a grep written for Kea's logs still finds them.
 *
 * LIMITATION: `syslog` outputs write to stderr (a line says so at startup); `pattern`,
 * `flush`, `maxsize` and `maxver` are accepted and ignored.
 */
import pino from 'pino';
import type { Logger as KeaLogger } from '../config/index.js';

export type LogCategory = 'dhcp4' | 'packets' | 'leases' | 'alloc-engine' | 'options' | 'ddns' | 'hosts' | 'lease-file' | 'hooks' | 'callouts';

/** What the server logs with: a Kea message id, a message, and fields. */
export interface Log {
  info(code: string, msg: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(code: string, msg: string, fields?: Readonly<Record<string, unknown>>): void;
  error(code: string, msg: string, fields?: Readonly<Record<string, unknown>>): void;
  debug(code: string, msg: string, fields?: Readonly<Record<string, unknown>>): void;
  /** True when `debug` lines of this category are written (to skip building them otherwise). */
  readonly isDebug: boolean;
}

/** A set of loggers built from one `loggers` list; `close()` flushes and releases files. */
export interface LogSetup {
  readonly root: Log;
  of(category: LogCategory): Log;
  close(): void;
}

type Destination = ReturnType<typeof pino.destination>;

const LEVELS: Readonly<Record<KeaLogger['severity'], pino.LevelWithSilent>> = {
  FATAL: 'fatal', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', NONE: 'silent',
};

function levelOf(l: KeaLogger): pino.LevelWithSilent {
  // Kea's debuglevel 0-99: the higher, the more detail. Above 50 (Kea's DBG_DHCP4_DETAIL) is trace.
  return l.severity === 'DEBUG' && l.debuglevel >= 50 ? 'trace' : LEVELS[l.severity];
}

class PinoLog implements Log {
  readonly #p: pino.Logger;

  constructor(p: pino.Logger) {
    this.#p = p;
  }

  get isDebug(): boolean {
    return this.#p.isLevelEnabled('debug');
  }

  info(code: string, msg: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.#p.info({ code, ...fields }, `${code} ${msg}`);
  }

  warn(code: string, msg: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.#p.warn({ code, ...fields }, `${code} ${msg}`);
  }

  error(code: string, msg: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.#p.error({ code, ...fields }, `${code} ${msg}`);
  }

  debug(code: string, msg: string, fields: Readonly<Record<string, unknown>> = {}): void {
    if (this.#p.isLevelEnabled('debug')) this.#p.debug({ code, ...fields }, `${code} ${msg}`);
  }
}

/**
 * Builds the loggers of daemon `daemon` (`kea-dhcp4`) from a resolved `loggers` list.
 * @example
 * const logs = createLogs(cfg.loggers, 'kea-dhcp4');
 * logs.root.info('DHCP4_STARTED', 'gitdhcp started');
 */
export function createLogs(loggers: readonly KeaLogger[], daemon: string): LogSetup {
  const destinations = new Map<string, Destination>();
  const notes: string[] = [];
  const destinationOf = (output: string): Destination => {
    let dest = destinations.get(output);
    if (dest === undefined) {
      if (output === 'stdout') dest = pino.destination({ dest: 1, sync: true });
      else if (output === 'stderr') dest = pino.destination({ dest: 2, sync: true });
      else if (output === 'syslog' || output.startsWith('syslog:')) {
        notes.push(`output ${output} is not supported: logging to stderr instead`);
        dest = pino.destination({ dest: 2, sync: true });
      } else {
        try {
          dest = pino.destination({ dest: output, sync: true, mkdir: true, append: true });
        } catch (err) {
          notes.push(`cannot open log file ${output} (${(err as Error).message}): logging to stderr instead`);
          dest = pino.destination({ dest: 2, sync: true });
        }
      }
      destinations.set(output, dest);
    }
    return dest;
  };
  const build = (name: string, entry: KeaLogger | undefined): Log => {
    const outputs = entry?.outputs.length ? entry.outputs : ['stdout'];
    const streams = outputs.map((o) => ({ stream: destinationOf(o), level: 'trace' as const }));
    const stream = streams.length === 1 ? (streams[0] as { stream: Destination }).stream : pino.multistream(streams);
    return new PinoLog(pino({ level: entry === undefined ? 'info' : levelOf(entry), base: { logger: name, pid: process.pid } }, stream));
  };
  const ours = loggers.filter((l) => l.name === daemon || l.name.startsWith(`${daemon}.`));
  const rootEntry = ours.find((l) => l.name === daemon);
  const root = build(daemon, rootEntry);
  const byCategory = new Map<string, Log>();
  for (const l of ours) if (l.name !== daemon) byCategory.set(l.name.slice(daemon.length + 1), build(l.name, l));
  for (const note of notes) root.warn('LOG_OUTPUT_UNSUPPORTED', note);
  return {
    root,
    of: (category) => byCategory.get(category) ?? root,
    close: () => {
      for (const dest of destinations.values()) {
        try {
          dest.flushSync();
        } catch {
          // A destination still opening has nothing to flush.
        }
        if ((dest as unknown as { fd: number }).fd > 2) dest.end();
      }
    },
  };
}
