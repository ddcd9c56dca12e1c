/**
 * The control channel over a UNIX stream socket, as Kea's `control-socket` of type `unix`: a
 * client connects, sends one command (`{"command": ..., "arguments": {...}}`), gets one response
 * and the server closes the connection (so `echo '{"command":"list-commands"}' | socat
 * UNIX:/path -` works, as with Kea). The socket file is created with mode 0600: only its owner
 * may send commands. A request larger than MAX_REQUEST_BYTES, one that is not JSON, or one that
 * does not arrive within the timeout gets result 1 with the reason; nothing a client sends can
 * stop the server.
 */
import { chmodSync, existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import { CommandResult, type CommandRegistry, type CommandResponse } from './commands.js';

/** The largest command accepted (a config-set with a large configuration fits). */
export const MAX_REQUEST_BYTES = 64 << 20;
const REQUEST_TIMEOUT_MS = 10_000;

export interface UnixControlSocket {
  readonly path: string;
  close(): Promise<void>;
}

/** True when something answers on the socket file `file` (a running appliance). */
function isListening(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(file);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

/**
 * Listens on `file` and dispatches every command to `registry`. A stale socket file (nothing
 * answers on it) is replaced; a live one is not.
 * @throws Error when another process listens on `file`, or the socket cannot be created
 */
export async function startUnixControlSocket(file: string, registry: CommandRegistry, maxBytes = MAX_REQUEST_BYTES): Promise<UnixControlSocket> {
  if (existsSync(file)) {
    if (await isListening(file)) throw new Error(`control socket ${file} is in use by another process`);
    rmSync(file, { force: true });
  }
  const connections = new Set<net.Socket>();
  // allowHalfOpen: a client that ends its side after the command (echo | socat) still gets the answer.
  const server = net.createServer({ allowHalfOpen: true }, (conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => conn.destroy());
    conn.setTimeout(REQUEST_TIMEOUT_MS, () => answer({ result: CommandResult.Error, text: `no complete command within ${REQUEST_TIMEOUT_MS / 1000} s` }));
    const chunks: Buffer[] = [];
    let size = 0;
    let isAnswered = false;
    const answer = (response: CommandResponse): void => {
      if (isAnswered) return;
      isAnswered = true;
      conn.end(JSON.stringify(response));
    };
    const parse = (isFinal: boolean): void => {
      if (isAnswered) return;
      let request: unknown;
      try {
        request = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
      } catch (err) {
        // A command may arrive in several pieces: wait for more unless the client is done.
        if (isFinal) answer({ result: CommandResult.Error, text: `invalid command: ${size === 0 ? 'empty request' : `not JSON (${(err as Error).message})`}` });
        return;
      }
      isAnswered = true;
      void registry.dispatch(request).then((response) => conn.end(JSON.stringify(response)), (err: unknown) => {
        conn.end(JSON.stringify({ result: CommandResult.Error, text: String(err) }));
      });
    };
    conn.on('data', (chunk: Buffer) => {
      if (isAnswered) return;
      size += chunk.length;
      if (size > maxBytes) {
        answer({ result: CommandResult.Error, text: `invalid command: larger than ${maxBytes} bytes` });
        return;
      }
      chunks.push(chunk);
      // A command is a map: only a chunk ending in '}' can complete it (no quadratic re-parsing).
      if (/}\s*$/.test(chunk.subarray(-16).toString('latin1'))) parse(false);
    });
    conn.on('end', () => parse(true));
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
  chmodSync(file, 0o600);
  return {
    path: file,
    close: () => new Promise<void>((resolve) => {
      for (const c of connections) c.destroy();
      server.close(() => {
        rmSync(file, { force: true });
        resolve();
      });
    }),
  };
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
