// A test agent run inside a network namespace (`ip netns exec NS node udp-agent.mjs`): a Node
// process cannot switch namespaces per socket, so the side of a test that lives in a namespace
// runs here and is driven over stdin/stdout, one JSON object per line (see udp-agent.ts).
//
// It offers the server side (Udp4Transport from dist/, built by the black-box global setup) and a
// plain node:dgram client side. Requests: {"id":1,"op":"apply","specs":["eth0"]} → replies
// {"id":1,"ok":true,"result":…} or {"id":1,"ok":false,"error":{"code","message"}}. Events
// (no id): {"event":"datagram",…} from the transport, {"event":"udp",…} from dgram sockets.
// Payloads are UTF-8 text; addresses are dotted quads. The agent exits when stdin closes.
import dgram from 'node:dgram';
import { createInterface } from 'node:readline';

const { Udp4Transport } = await import('../../dist/server/transport/udp4.js');
const { formatIPv4, parseIPv4 } = await import('../../dist/net/index.js');

/** @type {InstanceType<typeof Udp4Transport> | undefined} */
let transport;
/** @type {Map<string, import('node:dgram').Socket>} */
const sockets = new Map();

const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
const ip = (text) => {
  const v = parseIPv4(text);
  if (v === null) throw Object.assign(new Error(`not an IPv4 address: ${text}`), { code: 'EINVAL' });
  return v;
};
const errorJson = (e) => ({ code: e?.code, message: e?.message, syscall: e?.syscall });
const iface = (b) => ({ ...b, localAddress: formatIPv4(b.localAddress) });
const report = (r) => ({
  ...r,
  opened: r.opened.map(iface),
  kept: r.kept.map(iface),
  bound: r.bound?.map(iface),
  failed: r.failed.map((f) => ({ spec: f.spec, iface: f.iface, error: errorJson(f.error) })),
});

function server(req) {
  if (transport === undefined) {
    transport = new Udp4Transport({ port: req.port ?? 67, recvBufferBytes: req.recvBufferBytes ?? 0 });
    transport.onDatagram((d) => {
      const m = d.meta;
      out({ event: 'datagram', iface: m.iface, ifindex: m.ifindex, src: formatIPv4(m.srcAddress), srcPort: m.srcPort, dst: formatIPv4(m.dstAddress), local: formatIPv4(m.localAddress), payload: Buffer.from(d.data).toString() });
    });
    transport.onError((e) => out({ event: 'error', iface: e.iface, kind: e.kind, error: errorJson(e.error) }));
  }
  return transport;
}

const target = (t) => ({ iface: t.iface, address: ip(t.address), port: t.port, ...(t.from ? { fromAddress: ip(t.from) } : {}) });

const ops = {
  apply: (r) => report(server(r).apply(r.specs)),
  stage: (r) => report(server(r).stage(r.specs)),
  commit: (r) => report(server(r).commit()),
  discard: (r) => server(r).discardStaged(),
  bound: (r) => server(r).bound().map(iface),
  stats: (r) => server(r).stats(),
  send: (r) => server(r).send(Buffer.from(r.payload), target(r)),
  sendBatch: (r) => {
    const res = server(r).sendBatch(r.items.map((i) => ({ data: Buffer.from(i.payload), target: target(i) })));
    return { sent: res.sent, failed: res.failed.map((f) => ({ index: f.index, error: errorJson(f.error) })) };
  },
  close: () => transport?.close(),
  // a plain dgram socket: bound to address:port, with SO_BROADCAST
  udpOpen: (r) =>
    new Promise((resolve, reject) => {
      const s = dgram.createSocket({ type: 'udp4', reuseAddr: r.reuse ?? true });
      s.once('error', reject);
      s.on('message', (msg, from) => out({ event: 'udp', name: r.name, src: from.address, srcPort: from.port, payload: msg.toString() }));
      s.bind(r.port, r.address, () => {
        s.setBroadcast(true);
        if (r.recvBufferBytes) s.setRecvBufferSize(r.recvBufferBytes);
        sockets.set(r.name, s);
        resolve({ port: s.address().port });
      });
    }),
  // sends every payload as fast as dgram takes them; resolves when all were handed to the kernel
  udpSend: (r) => Promise.all(r.payloads.map((p) => new Promise((resolve, reject) => {
    sockets.get(r.name).send(p, r.port, r.address, (err) => (err ? reject(err) : resolve()));
  }))).then(() => r.payloads.length),
  // sends `${prefix}${i}` for i < count, one every intervalMs; resolves when done
  udpStream: (r) => new Promise((resolve, reject) => {
    let i = 0;
    const timer = setInterval(() => {
      if (i >= r.count) { clearInterval(timer); resolve(i); return; }
      sockets.get(r.name).send(`${r.prefix}${i++}`, r.port, r.address, (err) => err && (clearInterval(timer), reject(err)));
    }, r.intervalMs);
  }),
  udpClose: (r) => sockets.get(r.name)?.close(),
};

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const req = JSON.parse(line);
  try {
    const op = ops[req.op];
    if (op === undefined) throw Object.assign(new Error(`unknown op ${req.op}`), { code: 'EINVAL' });
    out({ id: req.id, ok: true, result: (await op(req)) ?? null });
  } catch (e) {
    out({ id: req.id, ok: false, error: errorJson(e) });
  }
});
lines.on('close', () => {
  transport?.close();
  for (const s of sockets.values()) s.close();
});
out({ event: 'ready', pid: process.pid });
