#!/usr/bin/env node
// `npm start`: serves the bundled example site (examples/site/gitdhcp.yaml) on a private demo
// network, so that it runs on any machine without touching the real one. The example listens on
// eth1 (the link to the relays of floors 1 and 2) and eth2 (guest Wi-Fi, 192.168.50.0/24); this
// script creates them inside network namespaces:
//
//   gitdhcp-demo      the server: eth1 10.0.0.1/24, eth2 192.168.50.1/24
//   gitdhcp-guest     a guest client link: eth0, no address (ask with a DHCP client)
//   gitdhcp-relays    the relays' side: eth0 10.0.0.2/24 plus the relay addresses 10.1.0.1, 10.2.0.1
//
// Leases go to var/lib/kea-leases4.csv (memfile, Kea's default name). Needs root (namespaces and
// port 67). Ctrl-C stops the server, which writes every lease, and removes the namespaces.
// Without root it prints what to run instead.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = path.join(root, 'examples/site/gitdhcp.yaml');
const dataDir = path.join(root, 'var/lib');
const SRV = 'gitdhcp-demo';
const GUEST = 'gitdhcp-guest';
const RELAYS = 'gitdhcp-relays';

if (process.getuid?.() !== 0 || spawnSync('ip', ['-V']).status !== 0) {
  console.error(`npm start builds a demo network with network namespaces: run it as root (sudo npm start).
To serve your own interfaces instead: npx gitdhcp serve -c ${path.relative(process.cwd(), config)} --data-dir ${path.relative(process.cwd(), dataDir)}`);
  process.exit(2);
}

function ip(...args) {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

function cleanup() {
  for (const ns of [GUEST, RELAYS, SRV]) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
}

cleanup();
for (const ns of [SRV, GUEST, RELAYS]) {
  ip('netns', 'add', ns);
  ip('-n', ns, 'link', 'set', 'lo', 'up');
}
ip('link', 'add', 'name', 'eth1', 'netns', SRV, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', RELAYS);
ip('link', 'add', 'name', 'eth2', 'netns', SRV, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', GUEST);
ip('-n', SRV, 'addr', 'add', '10.0.0.1/24', 'dev', 'eth1');
ip('-n', SRV, 'addr', 'add', '192.168.50.1/24', 'dev', 'eth2');
ip('-n', RELAYS, 'addr', 'add', '10.0.0.2/24', 'dev', 'eth0');
ip('-n', RELAYS, 'addr', 'add', '10.1.0.1/32', 'dev', 'eth0');
ip('-n', RELAYS, 'addr', 'add', '10.2.0.1/32', 'dev', 'eth0');
for (const [ns, dev] of [[SRV, 'eth1'], [SRV, 'eth2'], [RELAYS, 'eth0'], [GUEST, 'eth0']]) ip('-n', ns, 'link', 'set', dev, 'up');
// Replies to relays go to 10.1.0.1 / 10.2.0.1, reachable through eth1.
ip('-n', SRV, 'route', 'add', '10.1.0.0/16', 'via', '10.0.0.2', 'dev', 'eth1');
ip('-n', SRV, 'route', 'add', '10.2.0.0/16', 'via', '10.0.0.2', 'dev', 'eth1');
mkdirSync(dataDir, { recursive: true });

console.error(`gitdhcp demo network is up. In another terminal, try:
  sudo ip netns exec ${GUEST} udhcpc -i eth0 -f -q -n               # a guest gets 192.168.50.x
  sudo ip netns exec ${RELAYS} perfdhcp -4 -l 10.1.0.1 -r 10 -p 5 10.0.0.1   # relayed clients of floor 1
  cat ${path.relative(process.cwd(), dataDir)}/kea-leases4.csv
Ctrl-C stops the server and removes the demo network.
`);

const child = spawn('ip', ['netns', 'exec', SRV, process.execPath, path.join(root, 'dist/main.js'), 'serve', '-c', config, '--data-dir', dataDir], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});
