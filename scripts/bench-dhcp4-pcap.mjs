// Exchange delays for scripts/bench-dhcp4.mjs from a packet capture, because perfdhcp 2.2 cannot
// give percentiles: its report has min/avg/max/std per exchange only, and `-x t` (the sent and
// received time of every successful exchange) archives every packet in perfdhcp's memory, which
// slows it so much that it loses exchanges the server answered (15 % at 6 000 DORA/s against
// Kea, none without -x t). So tcpdump records the client's side of the veth instead (kernel
// timestamps, taken as the packets cross eth0 in perfdhcp's namespace, whatever tcpdump's own
// scheduling), and this module pairs the packets after the run:
//   DISCOVER→OFFER and REQUEST→ACK/NAK by (xid, message type), and the whole DORA from a client's
//   DISCOVER to its ACK by xid and chaddr (the newest DISCOVER of that chaddr before its REQUEST).
// The delays exclude perfdhcp's own receive and send path (its reported averages include it).
// Plain JS for node.
import { spawn } from 'node:child_process';
import { openSync, readSync, closeSync, statSync } from 'node:fs';

/** Bytes kept per packet: Ethernet 14 + IPv4 20 + UDP 8 + BOOTP 236 + cookie 4 + 38 of options. */
export const SNAPLEN = 320;
const TYPE = { Discover: 1, Offer: 2, Request: 3, Ack: 5, Nak: 6 };

/**
 * Starts tcpdump on `iface` in namespace `ns`, pinned with `taskset -c cpu`, writing DHCP packets
 * to `file`; resolves once it is capturing. `stop()` ends it and resolves with its statistics
 * (packets captured and dropped by the kernel, from its last lines).
 */
export async function startCapture({ ns, iface, cpu, file }) {
  const child = spawn('ip', ['netns', 'exec', ns, 'taskset', '-c', String(cpu), 'tcpdump', '-i', iface, '-n', '-s', String(SNAPLEN), '-B', '65536', '-w', file, 'udp port 67'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 5000;
  while (!/listening on/.test(stderr)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`tcpdump did not start: ${stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  // "listening on" comes a little before the capture sees every packet (the first ~150 were
  // missing without this pause).
  await new Promise((r) => setTimeout(r, 300));
  return {
    pid: child.pid,
    async stop() {
      child.kill('SIGINT');
      await exited;
      const num = (re) => Number(re.exec(stderr)?.[1] ?? NaN);
      return { captured: num(/(\d+) packets? captured/), droppedByKernel: num(/(\d+) packets? dropped by kernel/) };
    },
  };
}

/** Reads a pcap file (Ethernet, IPv4, microsecond or nanosecond stamps) record by record. */
function* pcapRecords(file) {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const buf = Buffer.allocUnsafe(Math.min(size, 64 << 20));
    let fileOffset = 0;
    let have = 0;
    let pos = 0;
    const fill = () => {
      buf.copy(buf, 0, pos, have);
      have -= pos;
      pos = 0;
      const n = readSync(fd, buf, have, buf.length - have, fileOffset);
      fileOffset += n;
      have += n;
      return n;
    };
    fill();
    if (have < 24) return;
    const magic = buf.readUInt32LE(0);
    const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
    if (!le && magic !== 0xd4c3b2a1 && magic !== 0x4d3cb2a1) throw new Error(`${file} is not a pcap file`);
    const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
    pos = 24;
    for (;;) {
      if (have - pos < 16 && fill() === 0 && have - pos < 16) return;
      const incl = u32(pos + 8);
      if (have - pos < 16 + incl && fill() === 0 && have - pos < 16 + incl) return;
      const tsMs = u32(pos) * 1000 + u32(pos + 4) / (nano ? 1e6 : 1e3);
      yield { tsMs, data: buf.subarray(pos + 16, pos + 16 + incl) };
      pos += 16 + incl;
    }
  } finally {
    closeSync(fd);
  }
}

/** { op, type, xid, chaddr } of a DHCPv4 packet in an Ethernet frame, or null. */
function decode(frame) {
  if (frame.length < 14 + 20 || frame.readUInt16BE(12) !== 0x0800) return null;
  const ip = 14;
  const udp = ip + (frame[ip] & 15) * 4;
  const bootp = udp + 8;
  if (frame.length < bootp + 240) return null;
  const op = frame[bootp];
  const xid = frame.readUInt32BE(bootp + 4);
  const chaddr = frame.toString('hex', bootp + 28, bootp + 34);
  let type = 0;
  // Options after the magic cookie; option 53 comes first from perfdhcp, Kea and gitdhcp.
  for (let o = bootp + 240; o + 2 < frame.length;) {
    const code = frame[o];
    if (code === 0) { o++; continue; }
    if (code === 255) break;
    if (code === 53) { type = frame[o + 2]; break; }
    o += 2 + frame[o + 1];
  }
  return { op, type, xid, chaddr };
}

/** The value at quantile q (0..1) of sorted numbers, nearest rank; null when empty. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function summarise(delays) {
  const s = Float64Array.from(delays).sort();
  const r3 = (x) => (x === null ? null : Number(x.toFixed(3)));
  return { count: s.length, p50Ms: r3(quantile(s, 0.5)), p90Ms: r3(quantile(s, 0.9)), p99Ms: r3(quantile(s, 0.99)), maxMs: r3(s.length ? s[s.length - 1] : null) };
}

/**
 * Delay distributions from a capture: `discoverOffer`, `requestAck` (ACK or NAK) and `dora`
 * (DISCOVER to ACK of one client), each { count, p50Ms, p90Ms, p99Ms, maxMs }; the DISCOVERs
 * seen and those and the REQUESTs the server left unanswered (on the wire, whatever perfdhcp
 * made of the answers); `undecoded`: frames without a message type in the first SNAPLEN bytes.
 */
export function exchangeDelays(file) {
  const discovers = new Map(); // xid -> ts
  const requests = new Map(); // xid -> { ts, doraStart }
  const lastDiscoverOf = new Map(); // chaddr -> ts
  const doDelays = [];
  const raDelays = [];
  const doraDelays = [];
  let undecoded = 0;
  for (const { tsMs, data } of pcapRecords(file)) {
    const p = decode(data);
    if (p === null || p.type === 0) { undecoded++; continue; }
    if (p.type === TYPE.Discover) {
      discovers.set(p.xid, tsMs);
      lastDiscoverOf.set(p.chaddr, tsMs);
    } else if (p.type === TYPE.Offer) {
      const t = discovers.get(p.xid);
      if (t !== undefined) { doDelays.push(tsMs - t); discovers.delete(p.xid); }
    } else if (p.type === TYPE.Request) {
      requests.set(p.xid, { ts: tsMs, doraStart: lastDiscoverOf.get(p.chaddr) });
    } else if (p.type === TYPE.Ack || p.type === TYPE.Nak) {
      const r = requests.get(p.xid);
      if (r !== undefined) {
        raDelays.push(tsMs - r.ts);
        if (p.type === TYPE.Ack && r.doraStart !== undefined) doraDelays.push(tsMs - r.doraStart);
        requests.delete(p.xid);
      }
    }
  }
  // Left in the maps: DISCOVERs and REQUESTs that crossed the wire and got no answer.
  return { discoverOffer: summarise(doDelays), requestAck: summarise(raDelays), dora: summarise(doraDelays), discoversSeen: doDelays.length + discovers.size, unansweredDiscovers: discovers.size, unansweredRequests: requests.size, undecoded };
}
