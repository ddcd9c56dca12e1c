/**
 * Facts about this machine for `config-test --on-host`: which network interfaces exist. (Secret
 * files are read by the loader itself, which reports those it cannot read in that mode.) The
 * only place the config checks learn about the host.
 */
import { readdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { HostFacts } from '../config/index.js';

export function localHostFacts(): HostFacts {
  const names = new Set(Object.keys(networkInterfaces()));
  try {
    for (const n of readdirSync('/sys/class/net')) names.add(n);
  } catch {
    // LIMITATION: without /sys (non-Linux), interfaces that have no address are not listed;
    // os.networkInterfaces() above still gives every interface that has one.
  }
  return { interfaces: names };
}
