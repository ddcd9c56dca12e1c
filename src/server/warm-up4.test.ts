// The warm-up before the sockets open: made-up exchanges on a store and statistics of their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, config4 } from '../alloc/test-helpers.js';
import { Dhcp4Server } from './dhcp4-server.js';
import { createLogs } from './logging.js';
import { Udp4Transport } from './transport/udp4.js';
import { warmUp4 } from './warm-up4.js';

const logs = createLogs([{ name: 'kea-dhcp4', severity: 'NONE', debuglevel: 0, outputs: ['stdout'] }], 'kea-dhcp4');

describe('warmUp4', () => {
  it('runs the pairs asked for through a subnet with a pool, and nothing without one', () => {
    const cfg = config4({ subnet4: [{ id: 1, subnet: '192.0.2.0/24' }, { id: 2, subnet: '10.0.0.0/16', pools: [{ pool: '10.0.1.0 - 10.0.255.255' }] }] });
    expect(warmUp4(cfg, new FakeClock(), 500, 10_000).pairs).toBe(500);
    expect(warmUp4(config4({ subnet4: [{ id: 1, subnet: '192.0.2.0/24' }] }), new FakeClock()).pairs).toBe(0);
  });

  it('leaves the server\'s lease store and statistics untouched', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-warm-'));
    const cfg = config4({
      'interfaces-config': { interfaces: [] },
      'lease-database': { type: 'memfile', name: path.join(dir, 'leases4.csv'), 'lfc-interval': 0 },
      subnet4: [{ id: 1, subnet: '10.0.0.0/16', pools: [{ pool: '10.0.1.0 - 10.0.255.255' }] }],
    });
    const server = await Dhcp4Server.start(cfg, { logs, dataDir: dir, clock: new FakeClock(), transport: new Udp4Transport({ port: 14167 + (process.pid % 1000) }), warmUp: true });
    try {
      expect(server.leaseStore.count()).toBe(0);
      expect(server.stats.get('pkt4-received')).toBe(0);
      expect(server.stats.get('subnet[1].assigned-addresses')).toBe(0);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
