/**
 * The smallest DHCPv4 lab of the black-box tests: a server namespace and a client namespace
 * joined by one veth pair (`eth0` on both sides, the server at 192.0.2.1/24), a temporary
 * directory, and a cleanup that stops clients and servers before the namespaces go.
 *
 * @example
 * let lab: Lab4;
 * beforeEach(async () => { lab = await Lab4.create('serve'); });
 * afterEach(() => lab.destroy());
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type ClientKind, type ClientOptions, type DhcpClient4 } from './dhcp-clients.js';
import { TestNet, type Netns } from './netns.js';

export class Lab4 {
  readonly net: TestNet;
  readonly dir: string;
  readonly srv: Netns;
  readonly cli: Netns;
  readonly #clients: DhcpClient4[] = [];
  readonly #cleanups: Array<() => Promise<unknown> | unknown> = [];

  private constructor(net: TestNet, dir: string, srv: Netns, cli: Netns) {
    this.net = net;
    this.dir = dir;
    this.srv = srv;
    this.cli = cli;
  }

  static async create(name: string): Promise<Lab4> {
    const net = new TestNet();
    const dir = mkdtempSync(path.join(tmpdir(), `gitdhcp-${name}-`));
    const srv = await net.namespace('srv');
    const cli = await net.namespace('cli');
    await net.veth(srv, 'eth0', cli, 'eth0');
    await srv.addAddress('eth0', '192.0.2.1/24');
    return new Lab4(net, dir, srv, cli);
  }

  /** A client of `kind` on the client namespace's eth0, stopped by `destroy`. */
  client(kind: ClientKind, name: string, options: ClientOptions = {}): DhcpClient4 {
    const c = createClient(kind, this.cli, 'eth0', path.join(this.dir, `client-${name}`), options);
    this.#clients.push(c);
    return c;
  }

  /** Runs `fn` at `destroy`, after the clients stop and before the namespaces go (stop a server here). */
  onDestroy(fn: () => Promise<unknown> | unknown): void {
    this.#cleanups.push(fn);
  }

  async destroy(): Promise<void> {
    for (const c of this.#clients.splice(0)) await c.stop();
    for (const fn of this.#cleanups.splice(0).reverse()) await fn();
    await this.net.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
