#!/usr/bin/env node
// In-process cost of the DHCPv4 pipeline (dist/): DISCOVER+REQUEST pairs through Dhcp4Processor
// with a memory lease store, no sockets. Compares no hook libraries with a library whose only
// callout sits on a point these packets never reach (command_processed), which makes the pipeline
// check every hook point: the price of the hooks when nothing is registered on the packet path.
//
//   npm run build && node scripts/bench-pipeline.mjs [--pairs 200000] [--rounds 5]
import { parseArgs } from 'node:util';
import { AllocEngine4 } from '../dist/alloc/index.js';
import { createPacket4, encodePacket4 } from '../dist/codec/index.js';
import { loadConfigText, resolveDhcp4, validateConfig } from '../dist/config/index.js';
import { HookManager } from '../dist/hooks/manager.js';
import { MemoryLeaseStore4 } from '../dist/lease/index.js';
import { Dhcp4Processor, snapshot4 } from '../dist/server/process4.js';
import { StatsRegistry } from '../dist/server/stats.js';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '5' } } });
const pairs = Number(values.pairs);
const rounds = Number(values.rounds);
const text = JSON.stringify({ Dhcp4: { 'interfaces-config': { interfaces: ['eth0'] }, subnet4: [{ id: 1, subnet: '10.0.0.0/8', interface: 'eth0', pools: [{ pool: '10.0.0.1 - 10.255.255.254' }] }] } });
const loaded = loadConfigText('bench.json', text);
if (!loaded.ok || !validateConfig(loaded.config).valid) throw new Error('bench config invalid');
const cfg = resolveDhcp4(loaded.config.value.Dhcp4);
const meta = { iface: 'eth0', ifindex: 2, srcAddress: 0, srcPort: 68, dstAddress: 0xffffffff, localAddress: 0x0a000001 };

function packets(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const chaddr = new Uint8Array(16);
    chaddr.set([2, 0, (i >>> 24) & 255, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]);
    const d = createPacket4({ xid: i, chaddr });
    d.options.set(53, Uint8Array.of(1));
    out.push(encodePacket4(d));
  }
  return out;
}

function run(withHooks) {
  const clock = { now: () => Date.now() };
  const stats = new StatsRegistry(clock);
  const p = new Dhcp4Processor(new AllocEngine4(new MemoryLeaseStore4(), stats, clock, Math.random), stats, clock);
  let hooks;
  if (withHooks) {
    hooks = new HookManager();
    hooks.register('bench', 'command_processed', () => {});
  }
  p.configure(snapshot4(cfg, [0x0a000001], hooks));
  const discovers = packets(pairs);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < pairs; i++) {
    const offer = p.process({ data: discovers[i], meta });
    const chaddr = new Uint8Array(16);
    chaddr.set([2, 0, (i >>> 24) & 255, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]);
    const r = createPacket4({ xid: i, chaddr });
    r.options.set(53, Uint8Array.of(3));
    const yiaddr = new DataView(offer.out.data.buffer, offer.out.data.byteOffset).getUint32(16);
    r.options.set(50, Uint8Array.of(yiaddr >>> 24, (yiaddr >>> 16) & 255, (yiaddr >>> 8) & 255, yiaddr & 255));
    r.options.set(54, Uint8Array.of(10, 0, 0, 1));
    p.process({ data: encodePacket4(r), meta });
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const results = { none: [], idle: [] };
run(false); // warm-up
for (let r = 0; r < rounds; r++) {
  results.none.push(pairs / run(false));
  results.idle.push(pairs / run(true));
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const none = median(results.none);
const idle = median(results.idle);
console.log(`DORA pairs/s, median of ${rounds}: no hooks ${none.toFixed(0)}, hooks on an unrelated point ${idle.toFixed(0)}, ratio ${(idle / none).toFixed(3)}`);
