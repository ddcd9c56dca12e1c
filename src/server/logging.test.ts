import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogs } from './logging.js';

describe('createLogs (Kea loggers)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'gitdhcp-log-'));
    dirs.push(d);
    return d;
  };
  const lines = (file: string): Array<Record<string, unknown>> =>
    readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes to a file output with Kea message ids, filtered by severity', () => {
    const file = path.join(tmp(), 'sub', 'kea.log');
    const logs = createLogs([{ name: 'kea-dhcp4', severity: 'WARN', debuglevel: 0, outputs: [file] }], 'kea-dhcp4');
    logs.root.info('DHCP4_STARTED', 'started');
    logs.root.warn('DHCPSRV_OPEN_SOCKET_FAIL', 'no eth9', { iface: 'eth9' });
    logs.close();
    const got = lines(file);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ code: 'DHCPSRV_OPEN_SOCKET_FAIL', msg: 'DHCPSRV_OPEN_SOCKET_FAIL no eth9', iface: 'eth9', logger: 'kea-dhcp4', level: 40 });
  });

  it('a child logger (kea-dhcp4.packets) has its own severity and output; other categories use the parent', () => {
    const dir = tmp();
    const root = path.join(dir, 'root.log');
    const packets = path.join(dir, 'packets.log');
    const logs = createLogs([
      { name: 'kea-dhcp4', severity: 'INFO', debuglevel: 0, outputs: [root] },
      { name: 'kea-dhcp4.packets', severity: 'DEBUG', debuglevel: 99, outputs: [packets] },
      { name: 'kea-dhcp6', severity: 'DEBUG', debuglevel: 99, outputs: [root] },
    ], 'kea-dhcp4');
    expect(logs.of('packets').isDebug).toBe(true);
    expect(logs.of('leases').isDebug).toBe(false);
    logs.of('packets').debug('DHCP4_PACKET_DROP', 'dropped');
    logs.of('leases').debug('DHCP4_LEASE_ALLOC', 'not written');
    logs.of('leases').info('DHCP4_LEASE_ALLOC', 'written');
    logs.close();
    expect(lines(packets).map((l) => l['code'])).toEqual(['DHCP4_PACKET_DROP']);
    expect(lines(packets)[0]).toMatchObject({ logger: 'kea-dhcp4.packets' });
    expect(lines(root).map((l) => l['msg'])).toEqual(['DHCP4_LEASE_ALLOC written']);
  });

  it('a file that cannot be opened falls back to stderr and says so, instead of failing', () => {
    const dir = tmp();
    const blocker = path.join(dir, 'file');
    writeFileSync(blocker, '');
    expect(() => createLogs([{ name: 'kea-dhcp4', severity: 'INFO', debuglevel: 0, outputs: [path.join(blocker, 'x.log')] }], 'kea-dhcp4').close()).not.toThrow();
  });

  it('NONE silences a logger', () => {
    const file = path.join(tmp(), 'x.log');
    const logs = createLogs([{ name: 'kea-dhcp4', severity: 'NONE', debuglevel: 0, outputs: [file] }], 'kea-dhcp4');
    logs.root.error('DHCP4_INIT_FAIL', 'x');
    logs.close();
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
