/**
 * The control channel over a UNIX stream socket, as Kea's `control-socket` of type `unix`: a
 * client connects, sends one command (`{"command": ..., "arguments": {...}}`), gets one response
 * and the server closes the connection (so `echo '{"command":"list-commands"}' | socat
 * UNIX:/path -` works, as with Kea). The socket file is created with mode 0600: only its owner
 * may send commands. A request larger than MAX_REQUEST_BYTES, one that is not JSON, or one that
 * does not arrive within the timeout gets result 1 with the reason; nothing a client sends can
 * stop the server.
 *
 * As Kea's unix_command_mgr.cc (Kea-3.0.4) with its JSONFeed (cc/json_feed.cc): the command is
 * complete when its outermost braces or brackets close (outside strings), whether or not the
 * client closes its side; a request whose first character (after blanks) is not '{' or '[' is
 * refused at once ("invalid first character x"), and one that is complete but not JSON gets
 * result 1 with the parser's reason. Kea allows comments before and inside the JSON; this does
 * not.
 *
 * An existing file at the socket path is replaced only when it is a socket nobody answers on.
 * Kea takes a lock file (`<socket-name>.lock`, flock) and then removes whatever is at the path.
 * LIMITATION: Node has no flock, so two processes starting on the same path at the same instant
 * can both find it stale; the connection probe covers one already running.
 */
import { chmodSync, lstatSync, unlinkSync, type Stats } from 'node:fs';
import net from 'node:net';
import { CommandResult, responseJson, type CommandRegistry, type CommandResponse } from './commands.js';

/** The largest command accepted (a config-set with a large configuration fits). */
export const MAX_REQUEST_BYTES = 64 << 20;
const REQUEST_TIMEOUT_MS = 10_000;
/** How long close() lets the commands in flight finish before it cuts their connections. */
const DRAIN_TIMEOUT_MS = 60_000;

export interface UnixControlSocket {
  readonly path: string;
  /** Stops listening and removes the socket file at once; resolves once the commands in flight are answered. */
  close(): Promise<void>;
}

/** The outcome of a connection attempt on an existing socket file. */
function probe(file: string): Promise<'listening' | 'stale' | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const c = net.connect(file);
    c.once('connect', () => {
      c.destroy();
      resolve('listening');
    });
    c.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? 'stale' : err));
  });
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'symbolic link';
  if (st.isDirectory()) return 'directory';
  if (st.isFile()) return 'regular file';
  return 'special file';
}

/**
 * Removes a stale socket file at `file`; leaves anything else alone.
 * @throws Error when the path holds something other than a socket, or a socket someone answers on
 */
async function clearStale(file: string): Promise<void> {
  let st: Stats;
  try {
    st = lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`control socket ${file}: cannot inspect the path`, { cause: err });
  }
  if (!st.isSocket()) {
    throw new Error(`control socket ${file}: the path is a ${kindOf(st)}, not a socket; it is left as it is: move it away or choose another socket-name`);
  }
  const outcome = await probe(file);
  if (outcome === 'listening') throw new Error(`control socket ${file} is in use by another process`);
  if (outcome !== 'stale') throw new Error(`control socket ${file}: cannot tell whether another process uses it (${outcome.code ?? outcome.message})`, { cause: outcome });
  try {
    unlinkSync(file);
  } catch (err) {
    // Gone in the meantime is what was wanted.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`control socket ${file}: cannot remove the stale socket file`, { cause: err });
  }
}

/**
 * Kea's JSONFeed framing: where the JSON value that starts the request ends. Works on bytes: the
 * bytes of a multi-byte UTF-8 character are never ASCII, so they cannot be taken for a brace.
 */
class JsonFrame {
  #depth = 0;
  #isInString = false;
  #isEscaped = false;
  #offset = 0;

  /** Feeds the next chunk: the end offset of the value once complete, an error, or undefined for more. */
  feed(chunk: Buffer): number | { error: string } | undefined {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (this.#isInString) {
        if (this.#isEscaped) this.#isEscaped = false;
        else if (c === 0x5c) this.#isEscaped = true;
        else if (c === 0x22) this.#isInString = false;
      } else if (this.#depth === 0) {
        if (c === 0x7b || c === 0x5b) this.#depth = 1;
        else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return { error: `invalid first character ${chunk.subarray(i, i + 1).toString('latin1')}` };
      } else if (c === 0x22) {
        this.#isInString = true;
      } else if (c === 0x7b || c === 0x5b) {
        this.#depth++;
      } else if (c === 0x7d || c === 0x5d) {
        this.#depth--;
        if (this.#depth === 0) return this.#offset + i + 1;
      }
    }
    this.#offset += chunk.length;
    return undefined;
  }
}

/**
 * Listens on `file` and dispatches every command to `registry`. A stale socket file (a socket
 * nothing answers on) is replaced; a live one, or anything that is not a socket, is not.
 * @throws Error when another process listens on `file`, the path holds a file, directory or
 *   symbolic link, or the socket cannot be created
 */
export async function startUnixControlSocket(file: string, registry: CommandRegistry, maxBytes = MAX_REQUEST_BYTES, onError?: (err: unknown) => void): Promise<UnixControlSocket> {
  await clearStale(file);
  const connections = new Set<net.Socket>();
  /** Connections whose command has not been dispatched yet: close() cuts them. */
  const receiving = new Set<net.Socket>();
  // allowHalfOpen: a client that ends its side after the command (echo | socat) still gets the answer.
  const server = net.createServer({ allowHalfOpen: true }, (conn) => {
    connections.add(conn);
    receiving.add(conn);
    conn.on('close', () => {
      connections.delete(conn);
      receiving.delete(conn);
    });
    serveConnection(conn, registry, maxBytes, () => receiving.delete(conn));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // The file is created by listen(): narrow the umask around it so it never exists world-writable.
    const umask = process.umask(0o177);
    try {
      server.listen(file, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  });
  // An error of the listener later on (EMFILE on accept...) must not become an uncaught exception.
  server.on('error', (err) => onError?.(err));
  chmodSync(file, 0o600);
  const created = lstatSync(file);
  let closing: Promise<void> | undefined;
  const drain = (): Promise<void> => new Promise<void>((resolve) => {
    // The file goes now (a later socket may be created at the same path while this one drains),
    // and only when it is still the one this created.
    removeIfOurs(file, created, onError);
    for (const c of receiving) c.destroy();
    const timer = setTimeout(() => {
      for (const c of connections) c.destroy();
    }, DRAIN_TIMEOUT_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    path: file,
    close: () => {
      closing ??= drain();
      return closing;
    },
  };
}

function removeIfOurs(file: string, created: Stats, onError: ((err: unknown) => void) | undefined): void {
  try {
    const now = lstatSync(file);
    if (now.ino === created.ino && now.dev === created.dev) unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onError?.(new Error(`control socket ${file}: cannot remove the socket file`, { cause: err }));
  }
}

/** One connection: read one command, answer it, close. `onDispatched` is called when the command is complete. */
function serveConnection(conn: net.Socket, registry: CommandRegistry, maxBytes: number, onDispatched: () => void): void {
  const chunks: Buffer[] = [];
  const frame = new JsonFrame();
  let size = 0;
  let isAnswered = false;
  /** The command is complete (it is being run, or refused): later bytes are not read. */
  let isComplete = false;
  const answer = (response: CommandResponse | string): void => {
    if (isAnswered) return;
    isAnswered = true;
    onDispatched();
    // Closed once the answer is written: a client that keeps its side open does not hold the socket.
    conn.end(typeof response === 'string' ? response : responseJson(response), () => conn.destroy());
  };
  const refuse = (text: string): void => answer({ result: CommandResult.Error, text });
  conn.on('error', () => conn.destroy()); // a client that went away: nobody to answer
  conn.setTimeout(REQUEST_TIMEOUT_MS, () => refuse(`no complete command within ${REQUEST_TIMEOUT_MS / 1000} s`));
  const run = (text: string): void => {
    isComplete = true;
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch (err) {
      refuse(`invalid command: not JSON (${(err as Error).message})`);
      return;
    }
    conn.setTimeout(0); // a long command is not a slow client
    onDispatched();
    registry.dispatch(request)
      .then((response) => answer(response))
      .catch((err: unknown) => answer({ result: CommandResult.Error, text: `the command failed: ${err instanceof Error ? err.message : String(err)}` }));
  };
  conn.on('data', (chunk: Buffer) => {
    if (isAnswered || isComplete) return;
    if (size + chunk.length > maxBytes) {
      refuse(`invalid command: larger than ${maxBytes} bytes`);
      return;
    }
    const end = frame.feed(chunk);
    chunks.push(chunk);
    size += chunk.length;
    if (end === undefined) return;
    if (typeof end === 'object') {
      refuse(`invalid command: not JSON (${end.error})`);
      return;
    }
    run(Buffer.concat(chunks, size).subarray(0, end).toString('utf8'));
  });
  conn.on('end', () => {
    if (isAnswered || isComplete) return;
    if (size === 0) {
      refuse('invalid command: empty request');
      return;
    }
    // The client is done before the value closed: JSON.parse gives the reason.
    run(Buffer.concat(chunks, size).toString('utf8'));
  });
}

/**
 * Sends one command to the control socket `file` and resolves to the response.
 * @throws Error when nothing listens there, or no complete response arrives within `timeoutMs`
 * @example const r = await sendCommand('/var/lib/gitdhcp/state/control.sock', { command: 'gitops-status' });
 */
export function sendCommand(file: string, request: { command: string; arguments?: Record<string, unknown> }, timeoutMs = 120_000): Promise<CommandResponse> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(file);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`no response from ${file} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    conn.once('connect', () => conn.write(JSON.stringify(request)));
    conn.on('data', (c: Buffer) => chunks.push(c));
    conn.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    conn.once('end', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(JSON.parse(text) as CommandResponse);
      } catch {
        reject(new Error(`the response from ${file} is not JSON: ${text.slice(0, 200)}`));
      }
    });
  });
}
