/**
 * DHCP health probes: a relayed DHCPDISCOVER per subnet, sent over loopback to the server's own
 * socket on `lo`, answered with an OFFER from that subnet (nothing is committed: a DISCOVER is
 * Kea's "fake allocation"). RAI link-selection (sub-option 5, RFC 3527) names the subnet, so one
 * loopback prober reaches every subnet; relay-port (sub-option 19, RFC 8357) brings the answer
 * back to the prober's own port instead of port 67.
 */
import dgram from 'node:dgram';
import { MessageType4, createPacket4, decodePacket4, encodePacket4 } from '../codec/index.js';
import { formatIPv4, ipv4ToBytes } from '../net/index.js';

export interface ProbeTarget {
  readonly id: number;
  readonly prefixText: string;
  /** Network address (the link-selection value) and the subnet's range. */
  readonly network: number;
  readonly first: number;
  readonly last: number;
}

/** A probe's outcome: the offered address, or why there was none. */
export type ProbeResult = { readonly id: number; readonly ok: true; readonly offered: string } | { readonly id: number; readonly ok: false; readonly reason: string };

const LOOPBACK = 0x7f000001;
/** chaddr of the probes: a locally administered MAC spelling "gitdhc". */
const PROBE_MAC = [0x02, 0x69, 0x74, 0x64, 0x68, 0x63];

/** Probes in flight at once: a site with thousands of subnets must not overflow the server's socket. */
const WINDOW = 64;

/**
 * Sends one DISCOVER per target to 127.0.0.1:`port`, at most WINDOW in flight, and gives each up
 * to `timeoutMs` for its OFFER.
 * @example const results = await probeSubnets(cfg.subnets, 67, 2000);
 */
export async function probeSubnets(targets: readonly ProbeTarget[], port: number, timeoutMs: number): Promise<ProbeResult[]> {
  if (targets.length === 0) return [];
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const myPort = socket.address().port;
  const base = (Math.floor(Math.random() * 0xffff) << 16) >>> 0;
  const results = new Map<number, ProbeResult>();
  /** xid → target and the time its answer is due. */
  const inFlight = new Map<number, { target: ProbeTarget; due: number }>();
  let next = 0;
  try {
    await new Promise<void>((resolve) => {
      const send = (): void => {
        while (inFlight.size < WINDOW && next < targets.length) {
          const t = targets[next] as ProbeTarget;
          const xid = (base + next) >>> 0;
          next++;
          inFlight.set(xid, { target: t, due: Date.now() + timeoutMs });
          const q = createPacket4({ xid, chaddr: Uint8Array.from([...PROBE_MAC, ...new Array<number>(10).fill(0)]), giaddr: LOOPBACK, hops: 1 });
          q.options.set(53, Uint8Array.of(MessageType4.Discover));
          // RAI: link-selection = the subnet, relay-port = our port (RFC 8357: 2 octets).
          q.options.set(82, Uint8Array.of(5, 4, ...ipv4ToBytes(t.network), 19, 2, (myPort >>> 8) & 255, myPort & 255));
          socket.send(encodePacket4(q), port, '127.0.0.1');
        }
        if (inFlight.size === 0) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(() => {
        const now = Date.now();
        for (const [xid, f] of inFlight) if (f.due <= now) inFlight.delete(xid);
        send();
      }, Math.min(100, timeoutMs));
      socket.on('message', (msg) => {
        const d = decodePacket4(msg);
        if (!d.ok) return;
        const f = inFlight.get(d.packet.xid);
        if (f === undefined) return;
        inFlight.delete(d.packet.xid);
        const { target } = f;
        const type = d.packet.messageType;
        const y = d.packet.yiaddr;
        results.set(target.id, type === MessageType4.Offer && y >= target.first && y <= target.last
          ? { id: target.id, ok: true, offered: formatIPv4(y) }
          : { id: target.id, ok: false, reason: `answered with message type ${type ?? 'none'} and address ${formatIPv4(y)}` });
        send();
      });
      send();
    });
  } finally {
    socket.close();
  }
  return targets.map((t) => results.get(t.id) ?? { id: t.id, ok: false, reason: `no OFFER within ${timeoutMs} ms` });
}
