/**
 * Which interfaces to listen on: Kea's `interfaces-config.interfaces` entries (`eth0`,
 * `eth0/192.0.2.1`, `*`) resolved against the interfaces the system has.
 *
 * `resolveInterfaceSpecs4` is pure (tested without sockets); `listSystemInterfaces4` reads the
 * system: `/sys/class/net` for every interface and its flags, `os.networkInterfaces()` for the
 * IPv4 addresses, and if_nametoindex (through the addon) for the index.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { parseIPv4 } from '../../net/index.js';

/** An interface as the system reports it. */
export interface SystemInterface4 {
  readonly name: string;
  /** if_nametoindex; 0 when it vanished while being listed. */
  readonly index: number;
  /** IFF_UP. */
  readonly isUp: boolean;
  readonly isLoopback: boolean;
  /** IPv4 addresses, first = primary. Empty while the link has no carrier (see LIMITATION). */
  readonly addresses: readonly number[];
}

/** One interface to listen on, after resolving the specs. */
export interface WantedInterface4 {
  /** The spec it came from (`eth0/192.0.2.1`, or `*`). */
  readonly spec: string;
  readonly iface: string;
  /** Source address for replies: the spec's address, else the interface's first; 0 = none known. */
  readonly localAddress: number;
}

/** A spec that cannot be listened on; `code` is errno-like (EINVAL, EADDRNOTAVAIL). */
export interface SpecIssue4 {
  readonly spec: string;
  readonly iface: string;
  readonly code: string;
  readonly message: string;
}

const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;

/**
 * Resolves Kea's interface specs. `*` means every up, non-loopback interface with an IPv4
 * address (as Kea, loopback only when named). An explicit entry wins over `*`, and an entry with
 * an address wins over the bare name. A named interface that does not exist is still wanted:
 * opening it fails with ENODEV, which is the clearest report.
 * @example resolveInterfaceSpecs4(['eth0/192.0.2.1', '*'], listSystemInterfaces4(native.ifNameToIndex))
 */
export function resolveInterfaceSpecs4(
  specs: readonly string[],
  system: readonly SystemInterface4[],
): { wanted: WantedInterface4[]; issues: SpecIssue4[] } {
  const byName = new Map(system.map((s) => [s.name, s]));
  const wanted = new Map<string, WantedInterface4 & { rank: number }>();
  const issues: SpecIssue4[] = [];
  const want = (w: WantedInterface4, rank: number): void => {
    const prev = wanted.get(w.iface);
    if (prev === undefined || prev.rank < rank) wanted.set(w.iface, { ...w, rank });
  };
  for (const spec of specs) {
    if (spec === '*') {
      for (const s of system) {
        const first = s.addresses[0];
        if (s.isUp && !s.isLoopback && first !== undefined) want({ spec, iface: s.name, localAddress: first }, 0);
      }
      continue;
    }
    const slash = spec.indexOf('/');
    const iface = slash < 0 ? spec : spec.slice(0, slash);
    if (iface === '' || iface.length > 15 || /[\s/:]/.test(iface)) {
      issues.push({ spec, iface, code: 'EINVAL', message: `interface spec ${spec}: not an interface name` });
      continue;
    }
    const sys = byName.get(iface);
    if (slash < 0) {
      want({ spec, iface, localAddress: sys?.addresses[0] ?? 0 }, 1);
      continue;
    }
    const address = parseIPv4(spec.slice(slash + 1));
    if (address === null) {
      issues.push({ spec, iface, code: 'EINVAL', message: `interface spec ${spec}: ${spec.slice(slash + 1)} is not an IPv4 address` });
    } else if (sys !== undefined && sys.addresses.length > 0 && !sys.addresses.includes(address)) {
      issues.push({ spec, iface, code: 'EADDRNOTAVAIL', message: `interface spec ${spec}: ${iface} has no address ${spec.slice(slash + 1)}` });
    } else {
      want({ spec, iface, localAddress: address }, 2);
    }
  }
  return { wanted: [...wanted.values()].map(({ rank: _rank, ...w }) => w), issues };
}

/**
 * The system's interfaces. `indexOf` is the addon's if_nametoindex.
 * LIMITATION: `os.networkInterfaces()` (libuv) omits interfaces that are up but not running
 * (no carrier), so such an interface shows no addresses until the next `apply`.
 */
export function listSystemInterfaces4(indexOf: (name: string) => number, sysNet = '/sys/class/net'): SystemInterface4[] {
  const addrs = networkInterfaces();
  return readdirSync(sysNet).sort().map((name) => {
    const flags = readFlags(`${sysNet}/${name}/flags`);
    const addresses = (addrs[name] ?? [])
      .filter((a) => a.family === 'IPv4')
      .map((a) => parseIPv4(a.address))
      .filter((a): a is number => a !== null);
    return { name, index: indexOf(name), isUp: (flags & IFF_UP) !== 0, isLoopback: (flags & IFF_LOOPBACK) !== 0, addresses };
  });
}

/** The interface's flags from sysfs (`0x1003`); 0 when it vanished meanwhile (it is then down). */
function readFlags(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    // The interface went away between readdir and here: treat it as down, the only outcome.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  return Number.parseInt(text.trim(), 16) || 0;
}
