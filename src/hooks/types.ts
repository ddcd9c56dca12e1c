/**
 * The hook API: Kea's hook points for DHCPv4, the callout handle a callout receives, and what a
 * TypeScript hook module exports. Modelled on Kea's C++ hooks API (src/lib/hooks: CalloutHandle,
 * LibraryHandle, `load`/`unload`; shared/seeds/kea-dhcpv6-hooks.dox.txt), so that a Kea hook
 * author finds the same names: hook points, argument names (`query4`, `lease4`, ...) and
 * next-step statuses. Types only.
 */
import type { CommandHandler } from '../control/commands.js';

/** The DHCPv4 hook points, in Kea's processing order (kea-inventory §5). */
export const HOOK_POINTS4 = [
  'dhcp4_srv_configured', 'buffer4_receive', 'pkt4_receive', 'host4_identifier', 'subnet4_select', 'lease4_select',
  'lease4_renew', 'lease4_release', 'lease4_decline', 'lease4_offer', 'lease4_server_decline', 'leases4_committed',
  'pkt4_send', 'buffer4_send', 'lease4_expire', 'lease4_recover', 'command_processed',
] as const;
export type HookPoint4 = (typeof HOOK_POINTS4)[number];

/**
 * Next-step statuses (CalloutHandle::CalloutNextStep). A status the point does not honour is
 * CONTINUE. A callout that throws sets DROP, as Kea's CalloutManager does.
 */
export type NextStep = 'continue' | 'skip' | 'drop' | 'park';

/** The handle every callout of one hook-point call shares (Kea's CalloutHandle). */
export interface CalloutHandle {
  /** The hook point being called. */
  readonly point: HookPoint4;
  /** An argument by Kea's name (`query4`, `lease4`, `subnet4`, ...). @throws when absent */
  get<T = unknown>(name: string): T;
  /** Sets an argument (for the in/out and out arguments of the point). */
  set(name: string, value: unknown): void;
  /** The names of the arguments of this call. */
  getArgumentNames(): string[];
  /** The next step so far (CONTINUE unless a callout changed it). */
  readonly status: NextStep;
  setStatus(status: NextStep): void;
}

/**
 * A callout. It may return a promise only at the points where Kea parks packets
 * (`lease4_offer`, `leases4_committed`): the packet waits for it. Elsewhere a promise is an error
 * (the packet follows the point's rule for a failed callout, DROP).
 */
export type Callout = (handle: CalloutHandle) => void | Promise<void>;

/** What a hook module logs with. */
export interface HookLog {
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  debug(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** What `load` gets (Kea's LibraryHandle). */
export interface HookLibraryApi {
  /** The `library` entry as configured. */
  readonly library: string;
  /** The `parameters` map of the library's entry (empty when none). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Registers a callout on a hook point; callouts of one library run in registration order. */
  register(point: HookPoint4, callout: Callout): void;
  /**
   * Adds a control command (Kea: a `$command-name` callout). The handler gets the command's
   * `arguments` and returns Kea's response map (`result` 0 success, 1 error, 2 unsupported,
   * 3 empty; `text`; `arguments`). The name must be free (not a server command nor another
   * library's).
   */
  registerCommand(name: string, handler: CommandHandler): void;
  /** Logs through the server's `kea-dhcp4.hooks` logger, tagged with the library. */
  readonly log: HookLog;
}

/**
 * A TypeScript hook module: an ES module exporting `load` (and optionally `unload`), as a Kea
 * hook library exports `load` and `unload`. `load` throwing or rejecting makes the configuration
 * fail (Kea: HOOKS_LOAD_FAILED), so a broken library is never half-loaded.
 *
 * @example
 * export function load(api) {
 *   api.register('pkt4_receive', (handle) => {
 *     const q = handle.get('query4');
 *     if (q.chaddr[0] === 0x02) handle.setStatus('drop');
 *   });
 * }
 */
export interface HookModule {
  load(api: HookLibraryApi): void | Promise<void>;
  unload?(): void | Promise<void>;
}
