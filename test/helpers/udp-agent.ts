/**
 * Drives `udp-agent.mjs` inside a network namespace: requests over stdin, replies and events
 * (received datagrams) over stdout as JSON lines. Events are kept in `events` for assertions.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './netns.js';
import type { Netns } from './netns.js';

const AGENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'udp-agent.mjs');

/** A datagram the agent's transport received. */
export interface ServerDatagram {
  readonly event: 'datagram';
  readonly iface: string;
  readonly ifindex: number;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly local: string;
  readonly payload: string;
}

/** A datagram one of the agent's dgram sockets received. */
export interface ClientDatagram {
  readonly event: 'udp';
  readonly name: string;
  readonly src: string;
  readonly srcPort: number;
  readonly payload: string;
}

/** Anything else the agent reports: `ready`, or `error` (a receive error or a listener exception). */
export interface OtherEvent {
  readonly event: 'error' | 'ready';
  readonly iface?: string;
  readonly error?: { code?: string; message?: string };
}

export type AgentEvent = ServerDatagram | ClientDatagram | OtherEvent;

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { code?: string; message?: string };
}

export class UdpAgent {
  readonly events: AgentEvent[] = [];
  readonly stderr: string[] = [];
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (r: Reply) => void>();
  #nextId = 1;

  private constructor(child: ChildProcess) {
    this.#child = child;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as Reply | AgentEvent;
      if ('id' in msg) this.#pending.get(msg.id)?.(msg);
      else this.events.push(msg);
    });
    child.stderr!.on('data', (b: Buffer) => this.stderr.push(b.toString()));
  }

  /** Starts an agent in `ns` and waits until it is ready. */
  static async start(ns: Netns): Promise<UdpAgent> {
    const agent = new UdpAgent(ns.spawn(process.execPath, [AGENT]));
    await waitUntil(`agent in ${ns.name} to start (stderr: ${agent.stderr.join('')})`, () => {
      if (agent.#child.exitCode !== null) throw new Error(`agent in ${ns.name} exited: ${agent.stderr.join('')}`);
      return agent.events.some((e) => e.event === 'ready');
    });
    return agent;
  }

  /** Sends a request; resolves to its result, rejects with the agent's error (code and message). */
  async request<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const reply = await this.call(op, args);
    if (!reply.ok) throw Object.assign(new Error(`${op}: ${reply.error?.message}`), { code: reply.error?.code });
    return reply.result as T;
  }

  /** Like `request` but resolves to the raw reply, failed or not. */
  call(op: string, args: Record<string, unknown> = {}): Promise<Reply> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (r) => {
        this.#pending.delete(id);
        resolve(r);
      });
      this.#child.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`, (err) => err && reject(err));
    });
  }

  /** What the transport received so far, optionally only those matching `payload` prefix. */
  received(prefix = ''): ServerDatagram[] {
    return this.events.filter((e): e is ServerDatagram => e.event === 'datagram' && e.payload.startsWith(prefix));
  }

  /** What the dgram sockets received so far. */
  clientReceived(prefix = ''): ClientDatagram[] {
    return this.events.filter((e): e is ClientDatagram => e.event === 'udp' && e.payload.startsWith(prefix));
  }

  /** Waits until at least `n` transport datagrams with `prefix` arrived. */
  waitReceived(prefix: string, n = 1, timeoutMs = 10_000): Promise<ServerDatagram[]> {
    return waitUntil(`${n} datagram(s) "${prefix}*" (have ${this.received(prefix).length})`, () => {
      const got = this.received(prefix);
      return got.length >= n && got;
    }, { timeoutMs });
  }

  /** Waits until at least `n` client datagrams with `prefix` arrived. */
  waitClientReceived(prefix: string, n = 1, timeoutMs = 10_000): Promise<ClientDatagram[]> {
    return waitUntil(`${n} client datagram(s) "${prefix}*" (have ${this.clientReceived(prefix).length})`, () => {
      const got = this.clientReceived(prefix);
      return got.length >= n && got;
    }, { timeoutMs });
  }

  /** Closes stdin (the agent closes its sockets and exits) and waits for the exit. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.stdin!.end();
    await exited;
  }
}
