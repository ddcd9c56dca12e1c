/**
 * The command dispatcher of the control channel: Kea's command envelope
 * (`{"command": name, "arguments": {...}}` → `{"result": N, "text": ..., "arguments": ...}`),
 * result codes, `list-commands`, handlers registered by the server and by hook libraries (Kea's
 * `$command-name` callouts), and the `command_processed` hook point after every command. The
 * transports (UNIX and HTTP sockets, ARCHITECTURE "control") feed requests here. Pure apart from
 * what handlers do.
 */

/** Kea's result codes (src/lib/cc/command_interpreter.h). */
export const CommandResult = { Success: 0, Error: 1, Unsupported: 2, Empty: 3, Conflict: 4 } as const;
export type CommandResult = (typeof CommandResult)[keyof typeof CommandResult];

export interface CommandRequest {
  readonly command: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
}

export interface CommandResponse {
  readonly result: CommandResult;
  readonly text?: string;
  readonly arguments?: unknown;
}

/**
 * A command handler; it may be async. Throwing gives result 1 with the error's message. `args`
 * is `{}` when the request has no `arguments`; `present` tells that apart from an empty map (Kea
 * answers the two differently, e.g. config-test: "Missing mandatory 'arguments' parameter." and
 * "Missing mandatory 'Dhcp4' parameter.").
 */
export type CommandHandler = (args: Readonly<Record<string, unknown>>, present: boolean) => CommandResponse | Promise<CommandResponse>;

/** Called after every command with its name, arguments and response (may replace the response). */
export type CommandProcessed = (name: string, args: Readonly<Record<string, unknown>>, response: CommandResponse) => CommandResponse;

const NAME = /^[a-z0-9][a-z0-9-]*$/;

export class CommandRegistry {
  readonly #handlers = new Map<string, { handler: CommandHandler; source: string }>();
  #processed: CommandProcessed | undefined;

  /**
   * Adds a command. @throws Error when the name is not Kea-like (lowercase, digits, dashes) or
   * is already taken (by the server or another library).
   */
  register(name: string, handler: CommandHandler, source: string): void {
    if (!NAME.test(name)) throw new Error(`command name '${name}' must be lowercase letters, digits and dashes`);
    const taken = this.#handlers.get(name);
    if (taken !== undefined || name === 'list-commands') throw new Error(`command '${name}' is already provided by ${taken?.source ?? 'the server'}`);
    this.#handlers.set(name, { handler, source });
  }

  /** Removes every command of `source` (a hook library being unloaded). */
  removeSource(source: string): void {
    for (const [name, h] of this.#handlers) if (h.source === source) this.#handlers.delete(name);
  }

  /** The command_processed callouts (set by the server when hook libraries register some). */
  set onProcessed(fn: CommandProcessed | undefined) {
    this.#processed = fn;
  }

  /** Every command name, `list-commands` included, sorted as Kea lists them. */
  names(): string[] {
    return ['list-commands', ...this.#handlers.keys()].sort();
  }

  /**
   * Runs one request; never throws. The request is checked first as Kea 3.0's parseCommand does
   * (command_interpreter.cc): a map, with 'command', no key other than command, arguments,
   * service and remote-address (the last two are ignored, as by a Kea 3 daemon), and 'command' a
   * string; otherwise result 1 "Error during command processing: invalid command: ..."
   * (BaseCommandMgr::processCommand), the same text for every transport.
   */
  async dispatch(request: unknown): Promise<CommandResponse> {
    const invalid = envelopeProblem(request);
    if (invalid !== undefined) return { result: CommandResult.Error, text: `Error during command processing: invalid command: ${invalid}` };
    const { command } = request as CommandRequest;
    const raw = (request as { arguments?: unknown }).arguments;
    if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
      return { result: CommandResult.Error, text: `invalid command: 'arguments' of '${command}' must be a map` };
    }
    const args = (raw ?? {}) as Readonly<Record<string, unknown>>;
    let response: CommandResponse;
    if (command === 'list-commands') {
      // BaseCommandMgr::listCommandsHandler: no text.
      response = { result: CommandResult.Success, arguments: this.names() };
    } else {
      const h = this.#handlers.get(command);
      if (h === undefined) {
        response = { result: CommandResult.Unsupported, text: `'${command}' command not supported.` };
      } else {
        try {
          response = await h.handler(args, raw !== undefined);
        } catch (err) {
          response = { result: CommandResult.Error, text: `${command} failed: ${err instanceof Error ? err.message : String(err)}` };
        }
      }
    }
    if (this.#processed === undefined) return response;
    try {
      return this.#processed(command, args, response);
    } catch (err) {
      // A command_processed callout (hook library code) that throws must not reach the transport.
      return { result: CommandResult.Error, text: `${command}: command_processed failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
}

const ENVELOPE_KEYS = new Set(['command', 'arguments', 'service', 'remote-address']);

/** command_interpreter.cc parseCommand: why `request` is not a command, or undefined. */
function envelopeProblem(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return `expected toplevel entry to be a map, got ${keaTypeName(request)} instead`;
  const map = request as Record<string, unknown>;
  if (!('command' in map)) return "does not contain mandatory 'command'";
  const extra = Object.keys(map).find((k) => !ENVELOPE_KEYS.has(k));
  if (extra !== undefined) return `unsupported parameter '${extra}'`;
  // Kea names the type of the whole request here (always "map"); this names the type of 'command'.
  if (typeof map['command'] !== 'string') return `expected 'command' to be a string, got ${keaTypeName(map['command'])} instead`;
  return undefined;
}

/** Element::typeToName. */
function keaTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'real';
  if (typeof v === 'object') return 'map';
  return typeof v === 'boolean' ? 'boolean' : 'string';
}

/**
 * The JSON text of a response (or of a list of them, as HTTP sends). A response JSON cannot
 * encode (a BigInt or a cycle in its arguments: a handler's bug) becomes result 1 saying so,
 * rather than an exception in the transport.
 * @example conn.end(responseJson(await registry.dispatch(request)));
 */
export function responseJson(value: CommandResponse | readonly CommandResponse[]): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    const failed: CommandResponse = { result: CommandResult.Error, text: `the response could not be encoded as JSON: ${err instanceof Error ? err.message : String(err)}` };
    return JSON.stringify(Array.isArray(value) ? [failed] : failed);
  }
}
