import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listSystemInterfaces4, resolveInterfaceSpecs4 } from './interfaces.js';
import type { SystemInterface4 } from './interfaces.js';

const A1 = 0xc0000201; // 192.0.2.1
const A2 = 0xc0000202; // 192.0.2.2
const B1 = 0xc6336401; // 198.51.100.1

const system: SystemInterface4[] = [
  { name: 'lo', index: 1, isUp: true, isLoopback: true, addresses: [0x7f000001] },
  { name: 'eth0', index: 2, isUp: true, isLoopback: false, addresses: [A1, A2] },
  { name: 'eth1', index: 3, isUp: true, isLoopback: false, addresses: [B1] },
  { name: 'eth2', index: 4, isUp: false, isLoopback: false, addresses: [] },
  { name: 'eth3', index: 5, isUp: true, isLoopback: false, addresses: [] },
];

const resolve = (specs: string[]) => resolveInterfaceSpecs4(specs, system);

describe('resolveInterfaceSpecs4', () => {
  it.each([
    [['eth0'], [{ spec: 'eth0', iface: 'eth0', localAddress: A1 }]],
    [['eth0/192.0.2.2'], [{ spec: 'eth0/192.0.2.2', iface: 'eth0', localAddress: A2 }]],
    // `*`: up, not loopback, with an IPv4 address
    [['*'], [{ spec: '*', iface: 'eth0', localAddress: A1 }, { spec: '*', iface: 'eth1', localAddress: B1 }]],
    // an explicit entry wins over `*`, and one with an address over the bare name, in any order
    [['eth0/192.0.2.2', '*'], [{ spec: 'eth0/192.0.2.2', iface: 'eth0', localAddress: A2 }, { spec: '*', iface: 'eth1', localAddress: B1 }]],
    [['eth0/192.0.2.2', 'eth0'], [{ spec: 'eth0/192.0.2.2', iface: 'eth0', localAddress: A2 }]],
    // loopback only when named; a down or address-less interface when named, with source 0
    [['lo', 'eth2', 'eth3'], [{ spec: 'lo', iface: 'lo', localAddress: 0x7f000001 }, { spec: 'eth2', iface: 'eth2', localAddress: 0 }, { spec: 'eth3', iface: 'eth3', localAddress: 0 }]],
    // unknown names stay wanted: opening them reports ENODEV
    [['nope0'], [{ spec: 'nope0', iface: 'nope0', localAddress: 0 }]],
  ])('%j', (specs, wanted) => {
    expect(resolve(specs)).toEqual({ wanted, issues: [] });
  });

  it.each([
    ['eth0/192.0.2.9', 'EADDRNOTAVAIL', 'interface spec eth0/192.0.2.9: eth0 has no address 192.0.2.9'],
    ['eth0/300.1.1.1', 'EINVAL', 'interface spec eth0/300.1.1.1: 300.1.1.1 is not an IPv4 address'],
    ['/192.0.2.1', 'EINVAL', 'interface spec /192.0.2.1: not an interface name'],
    ['a-very-long-name0', 'EINVAL', 'interface spec a-very-long-name0: not an interface name'],
  ])('%s is an issue %s', (spec, code, message) => {
    expect(resolve([spec]).issues).toEqual([{ spec, iface: expect.any(String), code, message }]);
    expect(resolve([spec]).wanted).toEqual([]);
  });

  it('accepts an address on an interface whose addresses are unknown (no carrier)', () => {
    expect(resolve(['eth3/192.0.2.7']).wanted).toEqual([{ spec: 'eth3/192.0.2.7', iface: 'eth3', localAddress: 0xc0000207 }]);
  });
});

describe('listSystemInterfaces4', () => {
  it('reads names and flags from sysfs and indexes through the given function', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-sysnet-'));
    try {
      for (const [name, flags] of [['zz0', '0x1003'], ['zz1', '0x1002'], ['zz2', '0x9']] as const) {
        mkdirSync(path.join(dir, name));
        writeFileSync(path.join(dir, name, 'flags'), `${flags}\n`);
      }
      const found = listSystemInterfaces4((n) => Number(n.slice(2)) + 10, dir);
      expect(found).toEqual([
        { name: 'zz0', index: 10, isUp: true, isLoopback: false, addresses: [] },
        { name: 'zz1', index: 11, isUp: false, isLoopback: false, addresses: [] },
        { name: 'zz2', index: 12, isUp: true, isLoopback: true, addresses: [] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
