/**
 * Kea's network state (src/lib/dhcpsrv/network_state.cc): whether the DHCP service is enabled,
 * and who disabled it. `dhcp-disable` adds an origin (1 the user, 1000-1999 a local HA command,
 * 2000-2999 an HA partner, 3000 and up a database connection); `dhcp-enable` takes it away; the
 * service runs again when no origin is left. `max-period` re-enables an origin by itself after
 * that many seconds. While disabled, received packets are dropped before any processing (Kea's
 * DHCP4_PACKET_DROP_0008), so they count in no statistic.
 */

export const Origin = { User: 1, HaLocal: 1000, HaRemote: 2000, DbConnection: 3000 } as const;

/** The longest delay setTimeout keeps (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class NetworkState {
  readonly #origins = new Set<number>();
  readonly #timers = new Map<number, NodeJS.Timeout>();
  /** When each origin disabled the service (ms since the epoch), for the status page. */
  readonly #since = new Map<number, number>();

  get isEnabled(): boolean {
    return this.#origins.size === 0;
  }

  /** Disables the service for `origin`; with `maxPeriodSec`, re-enables that origin after it. */
  disable(origin: number, maxPeriodSec?: number): void {
    this.#clearTimer(origin);
    this.#origins.add(origin);
    if (!this.#since.has(origin)) this.#since.set(origin, Date.now());
    if (maxPeriodSec !== undefined && maxPeriodSec > 0 && origin < Origin.DbConnection) this.#enableAfter(origin, maxPeriodSec * 1000);
  }

  /** Re-enables `origin` after `ms`, in steps a timer can hold (setTimeout fires at once above 2^31 - 1 ms). */
  #enableAfter(origin: number, ms: number): void {
    const step = Math.min(ms, MAX_TIMER_MS);
    this.#timers.set(origin, setTimeout(() => (ms > step ? this.#enableAfter(origin, ms - step) : this.enable(origin)), step).unref());
  }

  enable(origin: number): void {
    this.#clearTimer(origin);
    this.#origins.delete(origin);
    this.#since.delete(origin);
  }

  #clearTimer(origin: number): void {
    const t = this.#timers.get(origin);
    if (t !== undefined) clearTimeout(t);
    this.#timers.delete(origin);
  }

  /** Stops the max-period timers (the server stops). */
  close(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  /** Who disabled the service, in words ("the user since 12:03:04"), or undefined when enabled. */
  describe(): string | undefined {
    if (this.isEnabled) return undefined;
    return [...this.#origins].sort((a, b) => a - b).map((o) => {
      const who = o === Origin.User ? 'the user' : o < Origin.HaRemote ? `a local HA command (${o})` : o < Origin.DbConnection ? `an HA partner (${o})` : `a database connection (${o})`;
      const at = this.#since.get(o);
      return at === undefined ? who : `${who} since ${new Date(at).toISOString()}`;
    }).join(', ');
  }

  /** status-get's `dhcp-state`, as Kea's NetworkStateImpl::toElement builds it. */
  toJson(): Record<string, unknown> {
    const ordered = [...this.#origins].sort((a, b) => a - b);
    return {
      'globally-disabled': !this.isEnabled,
      'disabled-by-user': this.#origins.has(Origin.User),
      'disabled-by-local-command': ordered.filter((o) => o >= Origin.HaLocal && o < Origin.HaRemote),
      'disabled-by-remote-command': ordered.filter((o) => o >= Origin.HaRemote && o < Origin.DbConnection),
      'disabled-by-db-connection': ordered.filter((o) => o >= Origin.DbConnection),
    };
  }
}
