/**
 * `HookManager`: the callouts registered on each hook point, and calling them as Kea's
 * CalloutManager::callCallouts does (src/lib/hooks/callout_manager.cc): every callout of every
 * library, in configuration order, sharing one handle; a callout that throws is logged, counted
 * and sets DROP, and the next callout still runs. `has(point)` is one array read, so the
 * pipeline pays nothing at a point where nothing is registered.
 */
import { HOOK_POINTS4, type Callout, type CalloutHandle, type HookPoint4, type NextStep } from './types.js';

/** Points where a callout may make the packet wait (Kea parks packets there). */
const PARKABLE: ReadonlySet<HookPoint4> = new Set<HookPoint4>(['lease4_offer', 'leases4_committed']);

const INDEX = new Map<HookPoint4, number>(HOOK_POINTS4.map((p, i) => [p, i]));

/** A failed callout, for the log. */
export interface CalloutFailure {
  readonly point: HookPoint4;
  readonly library: string;
  readonly error: unknown;
}

interface Registered {
  readonly library: string;
  readonly callout: Callout;
}

class Handle implements CalloutHandle {
  readonly point: HookPoint4;
  readonly #args: Map<string, unknown>;
  status: NextStep = 'continue';

  constructor(point: HookPoint4, args: Readonly<Record<string, unknown>>) {
    this.point = point;
    this.#args = new Map(Object.entries(args));
  }

  get<T = unknown>(name: string): T {
    if (!this.#args.has(name)) throw new Error(`hook point ${this.point} has no argument '${name}'`);
    return this.#args.get(name) as T;
  }

  set(name: string, value: unknown): void {
    this.#args.set(name, value);
  }

  getArgumentNames(): string[] {
    return [...this.#args.keys()];
  }

  setStatus(status: NextStep): void {
    this.status = status;
  }
}

/** The outcome of calling one hook point. */
export interface HookCall {
  readonly handle: CalloutHandle;
  /** Resolves when the callouts that parked the packet are done (only at parkable points). */
  readonly parked: Promise<void> | undefined;
}

export class HookManager {
  readonly #callouts: Registered[][] = HOOK_POINTS4.map(() => []);
  readonly #onFailure: (f: CalloutFailure) => void;
  #failures = 0;

  constructor(onFailure: (f: CalloutFailure) => void = () => {}) {
    this.#onFailure = onFailure;
  }

  /** Adds a callout of `library` on `point` (after the ones registered before). */
  register(library: string, point: HookPoint4, callout: Callout): void {
    this.#callouts[INDEX.get(point) as number]?.push({ library, callout });
  }

  /** True when some callout is registered on `point`. */
  has(point: HookPoint4): boolean {
    return (this.#callouts[INDEX.get(point) as number] as Registered[]).length > 0;
  }

  /** True when nothing at all is registered. */
  get isEmpty(): boolean {
    return this.#callouts.every((list) => list.length === 0);
  }

  /** Callouts that threw (or returned a promise where no packet can wait) since creation. */
  get failures(): number {
    return this.#failures;
  }

  /**
   * Calls every callout of `point` with `args`. A promise returned at a parkable point is
   * collected in `parked`; the caller waits for it before reading the status.
   */
  call(point: HookPoint4, args: Readonly<Record<string, unknown>>): HookCall {
    const handle = new Handle(point, args);
    const waits: Promise<void>[] = [];
    for (const { library, callout } of this.#callouts[INDEX.get(point) as number] as Registered[]) {
      try {
        const r = callout(handle);
        if (r instanceof Promise) {
          if (PARKABLE.has(point)) {
            waits.push(r.catch((error: unknown) => this.#fail(handle, point, library, error)));
          } else {
            r.catch(() => {});
            this.#fail(handle, point, library, new Error(`callout returned a promise at ${point}, where a packet cannot wait; use lease4_offer or leases4_committed to park`));
          }
        }
      } catch (error) {
        this.#fail(handle, point, library, error);
      }
    }
    return { handle, parked: waits.length === 0 ? undefined : Promise.all(waits).then(() => undefined) };
  }

  #fail(handle: CalloutHandle, point: HookPoint4, library: string, error: unknown): void {
    this.#failures++;
    handle.setStatus('drop');
    this.#onFailure({ point, library, error });
  }
}
