// Test support for hooks/run-script (excluded from the build): fixture packets, subnet and
// leases, a recording HookLog, a fake CalloutHandle, and temporary scripts.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPacket4, MessageType4, newReply4, type Packet4 } from '../../codec/index.js';
import type { Subnet4 } from '../../config/index.js';
import { LeaseState, type Lease4 } from '../../lease/index.js';
import { parseIPv4 } from '../../net/index.js';
import type { CalloutHandle, HookLog, HookPoint4, NextStep } from '../types.js';
import type { PacketMeta4 } from './env-format.js';

export const ip = (s: string): number => parseIPv4(s) as number;

export const MAC = Uint8Array.of(0x00, 0x0c, 0x01, 0x02, 0x03, 0xab);
export const CLIENT_ID = Uint8Array.of(0x01, 0x00, 0x0c, 0x01, 0x02, 0x03, 0xab);

/**
 * A relayed DHCPREQUEST: xid 0x1234abcd, hops 1, secs 3, broadcast flag, giaddr 10.0.0.1,
 * option 60 "MSFT 5.0", option 61, option 82 with remote-id (2) before circuit-id (1).
 */
export function relayedRequest(): Packet4 {
  const q = createPacket4({
    xid: 0x1234abcd, hops: 1, secs: 3, flags: 0x8000, giaddr: ip('10.0.0.1'), chaddr: padChaddr(MAC),
  });
  q.options.set(53, Uint8Array.of(MessageType4.Request));
  q.options.set(60, new TextEncoder().encode('MSFT 5.0'));
  q.options.set(61, CLIENT_ID);
  q.options.set(82, Uint8Array.of(2, 3, 0xaa, 0xbb, 0xcc, 1, 4, 0x65, 0x74, 0x68, 0x30));
  return q;
}

/** A direct (not relayed) DHCPREQUEST from MAC, no options beyond 53. */
export function directRequest(type: number = MessageType4.Request): Packet4 {
  const q = createPacket4({ xid: 7, chaddr: padChaddr(MAC) });
  q.options.set(53, Uint8Array.of(type));
  return q;
}

export function ackFor(query: Packet4, yiaddr: string): Packet4 {
  const r = newReply4(query, MessageType4.Ack);
  r.yiaddr = ip(yiaddr);
  r.siaddr = ip('192.0.2.1');
  return r;
}

function padChaddr(mac: Uint8Array): Uint8Array {
  const c = new Uint8Array(16);
  c.set(mac);
  return c;
}

/** What the transport recorded for `relayedRequest()`: unicast from the relay on eth1. */
export const RELAY_META: PacketMeta4 = {
  iface: 'eth1', ifindex: 3, srcAddress: ip('10.0.0.1'), srcPort: 67, dstAddress: ip('10.0.0.254'),
};

/** The four fields the builders read; the rest of a Subnet4 is irrelevant to them. */
export function subnet4(id: number, prefixText: string): Subnet4 {
  const [addr, len] = prefixText.split('/') as [string, string];
  const prefixLength = Number(len);
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return { id, prefixText, network: (ip(addr) & mask) >>> 0, prefixLength } as unknown as Subnet4;
}

export function lease4(address: string, overrides: Partial<Lease4> = {}): Lease4 {
  return {
    address: ip(address), hwaddr: MAC, htype: 1, clientId: CLIENT_ID, validLifetime: 3600, cltt: 1_700_000_000,
    subnetId: 7, poolId: 0, fqdnFwd: false, fqdnRev: false, hostname: 'host-a.example.org', state: LeaseState.Default,
    userContext: null, ...overrides,
  };
}

/** A reader over a plain argument object. */
export const argsOf = (args: Readonly<Record<string, unknown>>) => (name: string): unknown => args[name];

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error' | 'debug';
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A HookLog that keeps what it is given. */
export function recordingLog(): HookLog & { entries: LogEntry[]; events(name: string): LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (msg: string, fields: Readonly<Record<string, unknown>> = {}) => {
    entries.push({ level, msg, fields });
  };
  return {
    entries, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'),
    events: (name) => entries.filter((e) => e.fields['event'] === name),
  };
}

/** A CalloutHandle over fixed arguments. */
export function fakeHandle(point: HookPoint4, args: Readonly<Record<string, unknown>>, status: NextStep = 'continue'): CalloutHandle {
  const map = new Map(Object.entries(args));
  return {
    point,
    status,
    get<T>(name: string): T {
      if (!map.has(name)) throw new Error(`no argument ${name}`);
      return map.get(name) as T;
    },
    set(name: string, value: unknown) {
      map.set(name, value);
    },
    getArgumentNames: () => [...map.keys()],
    setStatus(s: NextStep) {
      (this as { status: NextStep }).status = s;
    },
  };
}

/** A temporary directory; `cleanup()` removes it. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-run-script-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes an executable `/bin/sh` script `name` with `body` into `dir`; returns its path. */
export function writeScript(dir: string, name: string, body: string, mode = 0o755): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, mode);
  return file;
}
