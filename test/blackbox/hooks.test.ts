// Hook modules in the running server, with a real client: the bundled examples
// (examples/hooks/drop-mac-prefix.mjs at pkt4_receive, log-leases.mjs at leases4_committed, which
// parks each ACK until its line is written) loaded from hooks-libraries as Kea loads libraries.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { clientMissingReason, createClient, type DhcpClient4 } from '../helpers/dhcp-clients.js';
import { startServer4, type RunningServer4 } from '../helpers/dhcp-server.js';
import { netnsSkipReason, TestNet, type Netns } from '../helpers/netns.js';

const skipReason = netnsSkipReason() ?? clientMissingReason('udhcpc');
const shouldSkip = skipReason !== null && !process.env.CI;
if (shouldSkip) console.warn(`hook tests skipped: ${skipReason}`);

describe.skipIf(shouldSkip)('hook modules in gitdhcp serve', () => {
  let net: TestNet;
  let dir: string;
  let srv: Netns;
  let server: RunningServer4 | undefined;
  const clients: DhcpClient4[] = [];

  beforeEach(async () => {
    net = new TestNet();
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-hooks-bb-'));
    srv = await net.namespace('srv');
    await srv.ip('link', 'add', 'name', 'br0', 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0');
    await srv.up('br0');
    await srv.addAddress('br0', '192.0.2.1/24');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
    await server?.stop();
    server = undefined;
    await net.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A client namespace on the server's bridge, with the given MAC. */
  const client = async (role: string, mac: string): Promise<DhcpClient4> => {
    const ns = await net.namespace(role);
    await net.veth(ns, 'eth0', srv, `v-${role}`);
    await srv.ip('link', 'set', `v-${role}`, 'master', 'br0');
    await ns.ip('link', 'set', 'eth0', 'address', mac);
    const c = createClient('udhcpc', ns, 'eth0', path.join(dir, role), { timeoutSec: 4 });
    clients.push(c);
    return c;
  };

  it('drops the configured MAC prefix at pkt4_receive and logs every committed lease at leases4_committed', async () => {
    const log = path.join(dir, 'leases.jsonl');
    server = await startServer4('gitdhcp', srv, dir, {
      'interfaces-config': { interfaces: ['br0'] },
      subnet4: [{ id: 1, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.100 - 192.0.2.150' }] }],
      'hooks-libraries': [
        { library: path.join(ROOT, 'examples/hooks/drop-mac-prefix.mjs'), parameters: { prefixes: ['02:00:5e'] } },
        { library: path.join(ROOT, 'examples/hooks/log-leases.mjs'), parameters: { file: log } },
      ],
    });
    const allowed = await client('ok', '0a:00:00:00:00:01');
    const lease = await allowed.obtain();
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ event: 'committed', address: lease.address, hwaddr: '0a:00:00:00:00:01', subnetId: 1 })]);

    const blocked = await client('no', '02:00:5e:00:00:02');
    await expect(blocked.obtain()).rejects.toThrow();
    expect(server.log()).toContain('dropped a packet from 02:00:5e:00:00:02');
    expect(server.leaseRows().map((r) => r[1])).not.toContain('02:00:5e:00:00:02');
  });

  it('a library that fails to load stops the server from starting, with the reason', async () => {
    await expect(startServer4('gitdhcp', srv, dir, {
      'interfaces-config': { interfaces: ['br0'] },
      subnet4: [{ id: 1, subnet: '192.0.2.0/24' }],
      'hooks-libraries': [{ library: path.join(ROOT, 'examples/hooks/drop-mac-prefix.mjs'), parameters: { prefixes: 'not-a-list' } }],
    })).rejects.toThrow(/ERR_HOOK_LOAD|parameters.prefixes must be a list/);
  });
});
