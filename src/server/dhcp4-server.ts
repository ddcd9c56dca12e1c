/**
 * `Dhcp4Server`: the running DHCPv4 service. It owns the sockets (Udp4Transport), the lease store
 * (memfile or memory), the allocation engine, the statistics and the reclamation timers, and
 * feeds each received datagram through the pure pipeline (process4.ts).
 *
 * Durability (issue 3): a lease is written before the reply that announces it leaves. The
 * pipeline changes leases in memory and queues their CSV rows; the replies of one event-loop turn
 * wait in `#pending`; a microtask at the end of the turn asks the store to flush (one `write` for
 * every row of the turn) and sends the batch only when that write has completed. A failed write
 * (disk full) drops the batch's replies: the clients retry, and the rows go out with the next
 * batch.
 *
 * Reconfiguration (ARCHITECTURE promise: one immutable snapshot, stage/commit): `reconfigure`
 * stages the new sockets first (nothing changes yet), then swaps the snapshot and commits the
 * sockets in one synchronous step; unchanged sockets, the leases and the statistics stay. A
 * change of `lease-database` closes the store and opens the new one (packets of that short
 * window are dropped as processing failures); when the new one cannot be opened the old one is
 * reopened and the reconfiguration fails with nothing changed.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AllocEngine4, timerReclaimLimits4, type ReclaimHooks4, type ReclaimLimits4 } from '../alloc/index.js';
import { CommandRegistry } from '../control/commands.js';
import { registerStatisticCommands } from './stats-commands.js';
import { registerLeaseCommands } from './lease-commands.js';
import { registerStatLeaseCommands } from './stat-lease-commands.js';
import { GitdhcpError } from '../errors.js';
import { loadHookLibraries, type BuiltinHooks, type LoadedHooks } from '../hooks/load.js';
import type { HookManager } from '../hooks/manager.js';
import type { HookLog } from '../hooks/types.js';
import type { InterfaceSpec, LeaseDatabase4, ResolvedConfig4 } from '../config/index.js';
import { LeaseStoreError, MemfileLeaseStore4, MemoryLeaseStore4, type LeaseStore4 } from '../lease/index.js';
import { formatIPv4 } from '../net/index.js';
import type { Log, LogSetup } from './logging.js';
import { Dhcp4Processor, SENT_STAT, snapshot4, type Outcome4 } from './process4.js';
import { StatsRegistry, type Clock } from './stats.js';
import { NetworkState } from './network-state.js';
import { warmUp4 } from './warm-up4.js';
import { Udp4Transport, type ApplyReport4, type StageReport4 } from './transport/udp4.js';
import type { Datagram4, OutgoingDatagram4 } from './transport/types.js';

export interface Dhcp4ServerOptions {
  readonly logs: LogSetup;
  /** Directory of relative lease file names and of Kea's default `kea-leases4.csv`. */
  readonly dataDir: string;
  readonly clock?: Clock;
  /** The statistics registry (kept across restarts of the service inside one process). */
  readonly stats?: StatsRegistry;
  readonly transport?: Udp4Transport;
  /** Directory relative hook-library paths resolve against (the configuration file's). */
  readonly configDir?: string;
  /** The command registry to add the server's commands to (one the appliance shares), else a new one. */
  readonly commands?: CommandRegistry;
  /** Built-in stand-ins for Kea's hook libraries (`libdhcp_run_script.so`, ...). */
  readonly builtinHooks?: BuiltinHooks;
  /** Interfaces listened on whatever the configuration says (`lo` for the reconciler's probes). */
  readonly extraInterfaces?: readonly string[];
  /** Run made-up exchanges through the packet path before the sockets open (warm-up4.ts). Off by default. */
  readonly warmUp?: boolean;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * Receive buffer of each socket: 4 MiB (SO_RCVBUFFORCE as root, else capped by
 * net.core.rmem_max) holds a few thousand requests, so a garbage-collection pause or a burst
 * of renewals after an outage is queued in the kernel instead of dropped.
 */
const RECV_BUFFER_BYTES = 4 << 20;

/** `interfaces-config` entries as the transport takes them (`*`, `eth0`, `eth0/192.0.2.1`). */
function interfaceSpecs(list: readonly InterfaceSpec[]): string[] {
  return list.map((s) => (s.kind === 'all' ? '*' : s.address === undefined ? s.name : `${s.name}/${formatIPv4(s.address)}`));
}

function sameDatabase(a: LeaseDatabase4, b: LeaseDatabase4): boolean {
  return a.persist === b.persist && a.name === b.name && a.lfcIntervalSec === b.lfcIntervalSec;
}

/** The lease file of a `lease-database`: Kea's default name, relative names in the data directory. */
export function leaseFilePath4(db: LeaseDatabase4, dataDir: string): string {
  return path.resolve(dataDir, db.name ?? 'kea-leases4.csv');
}

export class Dhcp4Server {
  readonly stats: StatsRegistry;
  /** The control commands (the control channel's transports dispatch here). */
  readonly commands: CommandRegistry;
  /** Whether the service is enabled (dhcp-disable / dhcp-enable); it outlives reconfigurations. */
  readonly networkState = new NetworkState();
  readonly #transport: Udp4Transport;
  readonly #clock: Clock;
  readonly #dataDir: string;
  #configDir: string;
  readonly #builtinHooks: BuiltinHooks;
  readonly #extraInterfaces: readonly string[];
  #hooks: LoadedHooks | undefined;
  #logs: LogSetup;
  #store: LeaseStore4;
  #cfg: ResolvedConfig4;
  readonly #processor: Dhcp4Processor;
  #pending: Array<{ out: OutgoingDatagram4; type: number }> = [];
  #isDrainScheduled = false;
  #reclaimTimer: NodeJS.Timeout | null = null;
  #flushTimer: NodeJS.Timeout | null = null;
  #isStopped = false;
  #inFlight: Promise<void> = Promise.resolve();
  /** Packets parked by hook callouts, waited for on stop. */
  readonly #parked = new Set<Promise<void>>();

  private constructor(cfg: ResolvedConfig4, store: LeaseStore4, options: Dhcp4ServerOptions) {
    this.#cfg = cfg;
    this.#store = store;
    this.#logs = options.logs;
    this.#clock = options.clock ?? systemClock;
    this.#dataDir = options.dataDir;
    this.#configDir = options.configDir ?? process.cwd();
    this.commands = options.commands ?? new CommandRegistry();
    this.#builtinHooks = options.builtinHooks ?? {};
    this.#extraInterfaces = options.extraInterfaces ?? [];
    this.stats = options.stats ?? new StatsRegistry(this.#clock, cfg.statistics.sampleCount, cfg.statistics.sampleAgeSec);
    this.#transport = options.transport ?? new Udp4Transport({ recvBufferBytes: RECV_BUFFER_BYTES });
    const engine = new AllocEngine4(store, this.stats, this.#clock, Math.random);
    const leases = (): Log => this.#logs.of('leases');
    this.#processor = new Dhcp4Processor(engine, this.stats, this.#clock, {
      evalError: (name, err) => this.#logs.of('dhcp4').error('EVAL_RESULT_ERROR', `client class ${name}: ${err instanceof Error ? err.message : String(err)}`),
      isLeaseDebug: () => leases().isDebug,
      leaseEvent: (code, address, subnetId) => {
        leases().debug(code, address === 0 ? '' : `${formatIPv4(address)} in subnet ${subnetId}`, { address: formatIPv4(address), subnet: subnetId });
      },
    });
  }

  /**
   * Opens the lease store, binds the sockets and starts serving `cfg`.
   * @throws LeaseStoreError when the lease file cannot be loaded (nothing is left open)
   */
  static async start(cfg: ResolvedConfig4, options: Dhcp4ServerOptions): Promise<Dhcp4Server> {
    const store = await openStore(cfg.leaseDatabase, options.dataDir, options.logs.of('lease-file'));
    if (options.warmUp === true) {
      const w = warmUp4(cfg, options.clock ?? systemClock);
      options.logs.root.debug('DHCP4_WARM_UP', `packet path warmed up with ${w.pairs} made-up exchanges in ${Math.round(w.ms)} ms`);
    }
    const server = new Dhcp4Server(cfg, store, options);
    registerStatisticCommands(server.commands, server.stats, 'server');
    registerLeaseCommands(server.commands, server, 'server');
    registerStatLeaseCommands(server.commands, server, 'server');
    let hooks: LoadedHooks;
    try {
      hooks = await server.#stageHooks(cfg);
    } catch (err) {
      server.commands.removeSource('server');
      await store.close();
      throw err;
    }
    server.#transport.onDatagram((d) => server.#onDatagram(d));
    server.#transport.onError((e) => server.#logs.root.error('DHCP4_PACKET_RECEIVE_FAIL', `${e.kind} error on ${e.iface}: ${String(e.error)}`));
    const staged = server.#transport.stage(server.#specs(cfg));
    await server.#commit(cfg, staged, hooks);
    return server;
  }

  /**
   * Loads the hook libraries of `cfg` and runs its dhcp4_srv_configured callouts.
   * @throws GitdhcpError ERR_HOOK_LOAD, ERR_HOOK_CONFIGURED_DROP (nothing stays loaded)
   */
  async #stageHooks(cfg: ResolvedConfig4): Promise<LoadedHooks> {
    const hooks = await loadHookLibraries(cfg.hooksLibraries, {
      baseDir: this.#configDir,
      builtins: this.#builtinHooks,
      logOf: (library) => hookLog(() => this.#logs.of('hooks'), library),
      onFailure: (f) => this.#logs.of('callouts').error('HOOKS_CALLOUT_EXCEPTION',
        `callout on ${f.point} of ${f.library} failed: ${f.error instanceof Error ? f.error.message : String(f.error)}`, { point: f.point, library: f.library }),
    });
    const ours = new Set((this.#hooks?.commands ?? []).map((c) => c.name));
    const clash = hooks.commands.find((c) => !ours.has(c.name) && this.commands.names().includes(c.name));
    if (clash !== undefined) {
      await hooks.unload();
      throw new GitdhcpError('ERR_HOOK_LOAD', `hook library ${clash.library}: command '${clash.name}' is already provided by the server`);
    }
    if (hooks.manager.has('dhcp4_srv_configured')) {
      const call = hooks.manager.call('dhcp4_srv_configured', { server_config: cfg, error: '' });
      if (call.handle.status === 'drop') {
        await hooks.unload();
        throw new GitdhcpError('ERR_HOOK_CONFIGURED_DROP', `a dhcp4_srv_configured callout refused the configuration: ${String(call.handle.get('error')) || 'no reason given'}`);
      }
    }
    return hooks;
  }

  get config(): ResolvedConfig4 {
    return this.#cfg;
  }

  get leaseStore(): LeaseStore4 {
    return this.#store;
  }

  /** The allocation engine in use (the lease commands write leases through it). */
  get leaseEngine(): AllocEngine4 {
    return this.#processor.engine;
  }

  /** The server's clock (lease commands stamp `cltt` with it). */
  get clock(): Clock {
    return this.#clock;
  }

  /**
   * Resolves when every lease change made so far is in the lease file (the packets' drain path
   * uses the same store flush). For writers outside the packet path, e.g. the lease commands.
   * @throws LeaseStoreError ERR_LEASE_WRITE when the write failed
   */
  flushLeases(): Promise<void> {
    return this.#store.flush();
  }

  /** The bound interfaces. */
  get interfaces(): ReturnType<Udp4Transport['bound']> {
    return this.#transport.bound();
  }

  /**
   * The listeners the configuration asks for that are not bound: each named interface needs its
   * socket, `*` at least one (the health check, and status-get's `sockets.errors`).
   */
  socketProblems(): string[] {
    const bound = new Set(this.#transport.bound().map((b) => b.iface));
    const problems: string[] = [];
    for (const spec of this.#cfg.interfaces) {
      if (spec.kind === 'all') {
        if (bound.size === 0) problems.push('interfaces-config "*": no interface could be opened');
      } else if (!bound.has(spec.name)) {
        problems.push(`interfaces-config ${spec.name}: no socket is open on it`);
      }
    }
    return problems;
  }

  /** Uses another set of loggers (after a reconfiguration changed `loggers`). */
  set logs(logs: LogSetup) {
    this.#logs = logs;
  }

  /**
   * Applies a new configuration with the stage/commit swap. Leases, statistics and unchanged
   * sockets stay. `configDir` changes where relative hook-library paths resolve (the reconciler
   * gives each revision its own directory).
   * @throws LeaseStoreError when a changed lease-database cannot be opened (nothing changed)
   */
  async reconfigure(cfg: ResolvedConfig4, configDir?: string): Promise<void> {
    const old = this.#cfg;
    const previousDir = this.#configDir;
    if (configDir !== undefined) this.#configDir = configDir;
    let hooks: LoadedHooks;
    try {
      hooks = await this.#stageHooks(cfg);
    } catch (err) {
      this.#configDir = previousDir;
      throw err;
    }
    if (!sameDatabase(old.leaseDatabase, cfg.leaseDatabase)) {
      await this.#drain();
      await this.#store.close();
      try {
        this.#store = await openStore(cfg.leaseDatabase, this.#dataDir, this.#logs.of('lease-file'));
      } catch (err) {
        await hooks.unload();
        this.#configDir = previousDir;
        this.#store = await openStore(old.leaseDatabase, this.#dataDir, this.#logs.of('lease-file'));
        this.#processor.configure(snapshot4(old, this.#localAddresses(), this.#hooks?.manager),
          new AllocEngine4(this.#store, this.stats, this.#clock, Math.random));
        throw err;
      }
      const staged = this.#transport.stage(this.#specs(cfg));
      await this.#commit(cfg, staged, hooks, new AllocEngine4(this.#store, this.stats, this.#clock, Math.random));
      return;
    }
    const staged = this.#transport.stage(this.#specs(cfg));
    await this.#commit(cfg, staged, hooks);
  }

  /**
   * Swaps in `cfg`, its hooks and the staged sockets in one synchronous step, restarts the
   * timers, then unloads the previous hook libraries.
   */
  #commit(cfg: ResolvedConfig4, staged: StageReport4, hooks: LoadedHooks, engine?: AllocEngine4): Promise<void> {
    for (const f of staged.failed) {
      this.#logs.root.warn('DHCPSRV_OPEN_SOCKET_FAIL', `failed to open socket on ${f.iface} (${f.spec}): ${f.error.message}`, { iface: f.iface });
    }
    const report: ApplyReport4 = this.#transport.commit();
    this.#cfg = cfg;
    this.stats.setSampleLimits(cfg.statistics.sampleCount, cfg.statistics.sampleAgeSec);
    this.#processor.configure(snapshot4(cfg, report.bound.map((b) => b.localAddress).filter((a) => a !== 0), hooks.manager), engine);
    const previous = this.#hooks;
    this.#hooks = hooks;
    for (const c of previous?.commands ?? []) this.commands.removeSource(`hook ${c.library}`);
    for (const c of hooks.commands) this.commands.register(c.name, c.handler, `hook ${c.library}`);
    this.commands.onProcessed = hooks.manager.has('command_processed')
      ? (name, args, response) => {
        const call = hooks.manager.call('command_processed', { name, arguments: args, response });
        return call.handle.get('response');
      }
      : undefined;
    for (const b of report.opened) this.#logs.root.info('DHCPSRV_SOCKET_OPENED', `listening on ${b.iface} (${formatIPv4(b.localAddress)}:${b.port})`, { iface: b.iface });
    for (const iface of report.removed) this.#logs.root.info('DHCPSRV_SOCKET_CLOSED', `stopped listening on ${iface}`, { iface });
    this.#armTimers();
    return previous?.unload() ?? Promise.resolve();
  }

  /** The interface specs to listen on: the configuration's, plus the extra ones not already named. */
  #specs(cfg: ResolvedConfig4): string[] {
    const specs = interfaceSpecs(cfg.interfaces);
    for (const extra of this.#extraInterfaces) if (!specs.some((s) => s === extra || s.startsWith(`${extra}/`))) specs.push(extra);
    return specs;
  }

  #localAddresses(): number[] {
    return this.#transport.bound().map((b) => b.localAddress).filter((a) => a !== 0);
  }

  #onDatagram(d: Datagram4): void {
    if (this.#isStopped) return;
    if (!this.networkState.isEnabled) {
      const log = this.#logs.of('packets');
      if (log.isDebug) log.debug('DHCP4_PACKET_DROP_0008', `${d.meta.iface}, from ${formatIPv4(d.meta.srcAddress)}: DHCP service is globally disabled`);
      return;
    }
    const outcome = this.#processor.process(d);
    if (outcome instanceof Promise) {
      // A packet a hook callout parked: its reply joins the batch of the turn it resumes in.
      const waiting = outcome.then((o) => this.#onOutcome(d, o));
      this.#parked.add(waiting);
      void waiting.finally(() => this.#parked.delete(waiting));
      return;
    }
    this.#onOutcome(d, outcome);
  }

  #onOutcome(d: Datagram4, outcome: Outcome4): void {
    if (outcome.kind === 'reply') {
      this.#pending.push(outcome);
      if (!this.#isDrainScheduled) {
        this.#isDrainScheduled = true;
        queueMicrotask(() => {
          this.#inFlight = this.#drain();
        });
      }
      return;
    }
    const log = this.#logs.of('packets');
    if (log.isDebug) {
      const code = outcome.kind === 'drop' ? 'DHCP4_PACKET_DROP' : 'DHCP4_PACKET_NO_REPLY';
      log.debug(code, `${outcome.kind === 'drop' ? outcome.reason : 'no reply'}: ${outcome.detail} (${d.meta.iface}, from ${formatIPv4(d.meta.srcAddress)})`);
    }
  }

  /** Writes the turn's lease rows, then sends the turn's replies. */
  async #drain(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    this.#isDrainScheduled = false;
    if (batch.length === 0) return;
    try {
      await this.#store.flush();
    } catch (err) {
      this.#logs.of('lease-file').error('DHCPSRV_MEMFILE_WRITE_FAIL',
        `lease file write failed, ${batch.length} replies not sent: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const report = this.#transport.sendBatch(batch.map((b) => b.out));
    const failed = new Set(report.failed.map((f) => f.index));
    batch.forEach((b, i) => {
      if (failed.has(i)) return;
      this.stats.add('pkt4-sent');
      const name = SENT_STAT[b.type];
      if (name !== undefined) this.stats.add(name);
    });
    for (const f of report.failed) {
      const t = (batch[f.index] as { out: OutgoingDatagram4 }).out.target;
      this.#logs.of('packets').warn('DHCP4_PACKET_SEND_FAIL', `sending to ${formatIPv4(t.address)}:${t.port} on ${t.iface} failed: ${f.error.message}`);
    }
  }

  #armTimers(): void {
    this.#clearTimers();
    const e = this.#cfg.expiredLeases;
    if (e.reclaimTimerWaitSec > 0) {
      const run = (): void => {
        this.#reclaimTimer = null;
        this.reclaimNow();
        if (!this.#isStopped) this.#reclaimTimer = setTimeout(run, e.reclaimTimerWaitSec * 1000).unref();
      };
      this.#reclaimTimer = setTimeout(run, e.reclaimTimerWaitSec * 1000).unref();
    }
    if (e.flushReclaimedTimerWaitSec > 0) {
      const run = (): void => {
        this.#flushTimer = null;
        const n = this.#processor.engine.flushReclaimed(this.#cfg.expiredLeases.holdReclaimedSec);
        if (n > 0) this.#logs.of('alloc-engine').debug('ALLOC_ENGINE_V4_RECLAIMED_LEASES_DELETE_COMPLETE', `${n} reclaimed leases deleted`);
        if (!this.#isStopped) this.#flushTimer = setTimeout(run, e.flushReclaimedTimerWaitSec * 1000).unref();
      };
      this.#flushTimer = setTimeout(run, e.flushReclaimedTimerWaitSec * 1000).unref();
    }
  }

  /**
   * One reclamation run, with the timer's limits (Kea's reclaim timer) unless `limits` says
   * otherwise (leases-reclaim: no limits).
   */
  reclaimNow(limits: ReclaimLimits4 = timerReclaimLimits4(this.#cfg)): number {
    try {
      const out = this.#processor.engine.reclaim(limits, reclaimHooks(this.#hooks?.manager));
      const log = this.#logs.of('alloc-engine');
      if (out.reclaimed.length > 0) log.debug('ALLOC_ENGINE_V4_LEASES_RECLAMATION_COMPLETE', `reclaimed ${out.reclaimed.length} leases`);
      if (out.isSlow) log.warn('ALLOC_ENGINE_V4_LEASES_RECLAMATION_SLOW', 'expired leases still exist after several reclamation cycles');
      return out.reclaimed.length;
    } catch (err) {
      this.#logs.of('alloc-engine').error('ALLOC_ENGINE_V4_LEASES_RECLAMATION_FAILED', err instanceof Error ? err.message : String(err));
      return 0;
    }
  }

  #clearTimers(): void {
    if (this.#reclaimTimer !== null) clearTimeout(this.#reclaimTimer);
    if (this.#flushTimer !== null) clearTimeout(this.#flushTimer);
    this.#reclaimTimer = null;
    this.#flushTimer = null;
  }

  /** Stops receiving, sends what is pending, writes every lease and closes the store. */
  async stop(): Promise<void> {
    if (this.#isStopped) return;
    this.#isStopped = true;
    this.#clearTimers();
    this.networkState.close();
    await Promise.all([...this.#parked]);
    await this.#inFlight;
    await this.#drain();
    this.#transport.close();
    await this.#store.close();
    await this.#hooks?.unload();
    this.commands.removeSource('server');
  }
}

async function openStore(db: LeaseDatabase4, dataDir: string, log: Log): Promise<LeaseStore4> {
  if (!db.persist) return new MemoryLeaseStore4();
  const file = leaseFilePath4(db, dataDir);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw new LeaseStoreError('ERR_LEASE_FILE', `cannot create the directory of lease file ${file}: ${(err as Error).message}`, { cause: err });
  }
  const store = await MemfileLeaseStore4.open(file, {
    lfcIntervalSec: db.lfcIntervalSec,
    onLoadIssue: (issue) => log.warn('DHCPSRV_MEMFILE_READ_ERROR', JSON.stringify(issue)),
    onWriteError: (err) => log.error('DHCPSRV_MEMFILE_WRITE_FAIL', err.message),
    onLfc: (outcome) => {
      if (outcome.ok) log.info('DHCPSRV_MEMFILE_LFC_EXECUTE', `lease file cleanup done for ${file}`);
      else log.error('DHCPSRV_MEMFILE_LFC_FAIL', outcome.error.message);
    },
  });
  const rows = store.loadReport.files.reduce((n, f) => n + f.rows, 0);
  log.info('DHCPSRV_MEMFILE_LEASE_FILE_LOAD', `loaded ${store.count()} leases from ${file} (${rows} rows)`, { file });
  return store;
}

/** lease4_expire and lease4_recover for a reclamation run, when something is registered. */
function reclaimHooks(hooks: HookManager | undefined): ReclaimHooks4 | undefined {
  if (hooks === undefined || (!hooks.has('lease4_expire') && !hooks.has('lease4_recover'))) return undefined;
  return {
    expire: (lease, remove) => hooks.has('lease4_expire') && hooks.call('lease4_expire', { lease4: lease, remove_lease: remove }).handle.status === 'skip',
    recover: (lease) => hooks.has('lease4_recover') && hooks.call('lease4_recover', { lease4: lease }).handle.status === 'skip',
  };
}

/** A hook library's log: the `kea-dhcp4.hooks` logger (as configured now), tagged with the library. */
function hookLog(log: () => Log, library: string): HookLog {
  return {
    info: (msg, fields) => log().info('HOOKS_LIBRARY_LOG', msg, { library, ...fields }),
    warn: (msg, fields) => log().warn('HOOKS_LIBRARY_LOG', msg, { library, ...fields }),
    error: (msg, fields) => log().error('HOOKS_LIBRARY_LOG', msg, { library, ...fields }),
    debug: (msg, fields) => log().debug('HOOKS_LIBRARY_LOG', msg, { library, ...fields }),
  };
}
