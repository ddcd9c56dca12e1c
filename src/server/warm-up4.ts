/**
 * Warming the packet path up before the sockets open. V8 runs new code in its interpreter and
 * optimises what runs often: for the first second or so a freshly started server answers at a
 * fraction of its speed, and under load (a restart while clients wait, the benchmark's first
 * second) the queue that builds up then delays packets by 100-280 ms (bench-dhcp4's DORA p99 at
 * 10 000/s, with --cpu-prof showing the busy first second and no GC pause over 7 ms). So the
 * server first runs relayed DISCOVER/REQUEST pairs of made-up clients through a processor of its
 * own: the served configuration (so the same options, classes and subnet selection run), a
 * memory lease store and statistics of its own, no hook libraries, no logs. Nothing of it is
 * kept; the real store, statistics and hooks never see these packets.
 */
import { AllocEngine4 } from '../alloc/index.js';
import { createPacket4, encodePacket4, MessageType4 } from '../codec/index.js';
import type { ResolvedConfig4 } from '../config/index.js';
import { MemoryLeaseStore4 } from '../lease/index.js';
import { ipv4ToBytes } from '../net/index.js';
import { Dhcp4Processor, snapshot4 } from './process4.js';
import { StatsRegistry, type Clock } from './stats.js';

export interface WarmUpReport4 {
  readonly pairs: number;
  readonly ms: number;
}

/**
 * Runs up to `maxPairs` DORA pairs (fewer when `budgetMs` runs out) against `cfg`; does nothing
 * when no subnet has a pool. Never throws: a warm-up that fails only leaves the code colder.
 */
export function warmUp4(cfg: ResolvedConfig4, clock: Clock, maxPairs = 8000, budgetMs = 400): WarmUpReport4 {
  const subnet = cfg.subnets.find((s) => s.pools.length > 0);
  const started = performance.now();
  if (subnet === undefined) return { pairs: 0, ms: 0 };
  const stats = new StatsRegistry(clock, 1);
  const processor = new Dhcp4Processor(new AllocEngine4(new MemoryLeaseStore4(), stats, clock, Math.random), stats, clock);
  // A relay inside the subnet, as most traffic of a big site arrives.
  const relay = (subnet.first + 1) >>> 0;
  const server = (subnet.first + 2) >>> 0;
  processor.configure(snapshot4(cfg, [server]));
  const meta = { iface: 'warm-up', ifindex: 0, srcAddress: relay, srcPort: 67, dstAddress: server, localAddress: server };
  let pairs = 0;
  try {
    for (; pairs < maxPairs && performance.now() - started < budgetMs; pairs++) {
      const chaddr = new Uint8Array(16);
      // Locally administered MACs of a made-up vendor: no reservation is expected to name them.
      chaddr.set([0x0e, 0x77, 0x61, (pairs >>> 16) & 255, (pairs >>> 8) & 255, pairs & 255]);
      const discover = createPacket4({ xid: pairs, chaddr, giaddr: relay, hops: 1 });
      discover.options.set(53, Uint8Array.of(MessageType4.Discover));
      discover.options.set(55, Uint8Array.of(1, 3, 6, 15, 51, 54, 58, 59));
      const offer = processor.process({ data: encodePacket4(discover), meta });
      if (offer instanceof Promise || offer.kind !== 'reply') continue;
      const yiaddr = new DataView(offer.out.data.buffer, offer.out.data.byteOffset).getUint32(16);
      const request = createPacket4({ xid: pairs, chaddr, giaddr: relay, hops: 1 });
      request.options.set(53, Uint8Array.of(MessageType4.Request));
      request.options.set(50, ipv4ToBytes(yiaddr));
      request.options.set(54, ipv4ToBytes(server));
      request.options.set(55, Uint8Array.of(1, 3, 6, 15, 51, 54, 58, 59));
      processor.process({ data: encodePacket4(request), meta });
    }
  } catch {
    // Only the speed of the first real packets depends on this.
  }
  return { pairs, ms: performance.now() - started };
}
