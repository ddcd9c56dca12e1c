// The whole pipeline under mutated real packets (dhclient, udhcpc, dhcpcd and perfdhcp captures
// in test/fixtures/packets, mutated as the codec fuzzer does): no datagram may throw out of
// Dhcp4Processor.process, every one is counted as received, and every reply encodes to a
// packet that decodes again. The million-iteration run of the decoder alone is
// scripts/fuzz-packet4.mjs; this one covers what lies behind the decoder.
import { describe, expect, it } from 'vitest';
import { AllocEngine4 } from '../alloc/index.js';
import { FakeClock, config4, ip, seededRandom } from '../alloc/test-helpers.js';
import { decodePacket4 } from '../codec/index.js';
import { fixtureNames, loadFixture, mutatePacket, prng } from '../codec/v4/test-helpers.js';
import { MemoryLeaseStore4 } from '../lease/index.js';
import { Dhcp4Processor, snapshot4, type MaybeParked4, type Outcome4 } from './process4.js';
import { StatsRegistry } from './stats.js';

/** The outcome of a packet no callout parked. */
function settled(o: MaybeParked4): Outcome4 {
  if (o instanceof Promise) throw new Error('the packet was parked');
  return o;
}

const ITERATIONS = Number(process.env['FUZZ_PIPELINE_ITERATIONS'] ?? 30_000);

describe('Dhcp4Processor under mutated packets', () => {
  it(`never throws, counts every datagram, and only sends decodable replies (${ITERATIONS} packets)`, () => {
    const cfg = config4({
      'interfaces-config': { interfaces: ['eth0'] },
      authoritative: true,
      'client-classes': [
        { name: 'v', test: "substring(option[60].hex, 0, 4) == 'MSFT' or option[82].option[1].exists" },
        { name: 'tpl', 'template-test': 'option[61].hex' },
      ],
      subnet4: [{
        id: 1, subnet: '192.0.2.0/24', interface: 'eth0', pools: [{ pool: '192.0.2.10 - 192.0.2.40' }],
        'option-data': [{ name: 'routers', data: '192.0.2.1' }],
        reservations: [{ 'hw-address': '00:0c:01:02:03:04', 'ip-address': '192.0.2.5' }],
      }],
    });
    const clock = new FakeClock();
    const stats = new StatsRegistry(clock);
    const p = new Dhcp4Processor(new AllocEngine4(new MemoryLeaseStore4(), stats, clock, seededRandom(3)), stats, clock);
    p.configure(snapshot4(cfg, [ip('192.0.2.1')]));
    const pool = fixtureNames().map(loadFixture);
    const rnd = prng(7);
    const meta = { iface: 'eth0', ifindex: 2, srcAddress: 0, srcPort: 68, dstAddress: 0xffffffff, localAddress: ip('192.0.2.1') };
    let replies = 0;
    const failures = new Set<string>();
    for (let i = 0; i < ITERATIONS; i++) {
      const data = mutatePacket(pool, rnd);
      const out = settled(p.process({ data, meta }));
      // A processing failure other than Kea's own (a short client id) is an exception we hid.
      if (out.kind === 'drop' && out.reason === 'pkt4-processing-failed') failures.add(out.detail);
      if (out.kind === 'reply') {
        replies++;
        expect(decodePacket4(out.out.data).ok).toBe(true);
      }
      if (i % 1000 === 999) clock.advance(600);
    }
    expect(stats.get('pkt4-received')).toBe(ITERATIONS);
    expect(replies).toBeGreaterThan(0);
    expect([...failures].filter((f) => f !== 'client identifier shorter than 2 octets')).toEqual([]);
    expect(stats.get('pkt4-parse-failed')).toBeGreaterThan(0);
  });
});
