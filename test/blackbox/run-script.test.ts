// The run-script hooks in the running server with real clients in a namespace: Kea's
// libdhcp_run_script.so form sees Kea's variables for a real dhclient exchange; the
// kea-hook-runscript form with `wait: true` lets a script's exit code refuse a client; a script
// that hangs in async mode stalls nobody. Scripts live in KEA_HOOK_SCRIPTS_PATH, as in Kea 3.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientMissingReason, type ClientKind, type DhcpClient4 } from '../helpers/dhcp-clients.js';
import { startServer4, type RunningServer4 } from '../helpers/dhcp-server.js';
import { Lab4 } from '../helpers/lab4.js';
import { netnsSkipReason, waitUntil, type Netns } from '../helpers/netns.js';

const skipReason = netnsSkipReason() ?? clientMissingReason('dhclient') ?? clientMissingReason('udhcpc');
const shouldSkip = skipReason !== null && !process.env.CI;
if (shouldSkip) console.warn(`run-script tests skipped: ${skipReason}`);

const SUBNET = { id: 1, subnet: '192.0.2.0/24', pools: [{ pool: '192.0.2.100 - 192.0.2.150' }] };

describe.skipIf(shouldSkip)('run-script hooks in gitdhcp serve', () => {
  let lab: Lab4;
  let dir: string;
  let scripts: string;
  let srv: Netns;
  let cli: Netns;
  let server: RunningServer4 | undefined;
  const savedPath = process.env['KEA_HOOK_SCRIPTS_PATH'];

  beforeEach(async () => {
    lab = await Lab4.create('runscript');
    ({ dir, srv, cli } = lab);
    scripts = path.join(dir, 'scripts');
    mkdirSync(scripts);
    process.env['KEA_HOOK_SCRIPTS_PATH'] = scripts;
    lab.onDestroy(async () => {
      await server?.stop();
      server = undefined;
      if (savedPath === undefined) delete process.env['KEA_HOOK_SCRIPTS_PATH'];
      else process.env['KEA_HOOK_SCRIPTS_PATH'] = savedPath;
    });
  });
  afterEach(() => lab.destroy());

  const script = (name: string, body: string): string => {
    const file = path.join(scripts, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return name;
  };
  const client = (kind: ClientKind, n: number, timeoutSec = 10, renewalTimeSec?: number): DhcpClient4 =>
    lab.client(kind, String(n), { timeoutSec, ...(renewalTimeSec === undefined ? {} : { renewalTimeSec }) });
  /** The environments a recording script wrote, one file per call: `<point>.<pid>.env`. */
  const recorded = (point: string): Array<Record<string, string>> => {
    const out = path.join(dir, 'calls');
    if (!existsSync(out)) return [];
    return readFileSync(path.join(out, 'index'), 'utf8').split('\n').filter((l) => l.startsWith(`${point} `))
      .map((l) => Object.fromEntries(readFileSync(l.split(' ')[1] as string, 'utf8').split('\0').filter(Boolean).map((kv) => {
        const i = kv.indexOf('=');
        return [kv.slice(0, i), kv.slice(i + 1)];
      })));
  };
  const recorder = (): string => script('record.sh', `out=${path.join(dir, 'calls')}; mkdir -p "$out"; f="$out/$1.$$.env"; env -0 > "$f"; echo "$1 $f" >> "$out/index"`);

  it("Kea's form: a dhclient exchange (commit, renew, release) gives each point Kea's variables", async () => {
    server = await startServer4('gitdhcp', srv, dir, {
      'interfaces-config': { interfaces: ['eth0'] }, subnet4: [SUBNET], 'cache-max-age': 0,
      'hooks-libraries': [{ library: '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_run_script.so', parameters: { name: recorder(), sync: false } }],
    });
    const dhclient = client('dhclient', 1, 10, 2);
    const lease = await dhclient.obtain();
    const [env] = await waitUntil('the leases4_committed call', () => { const r = recorded('leases4_committed'); return r.length > 0 && r; });
    expect(env).toMatchObject({
      QUERY4_TYPE: 'DHCPREQUEST', QUERY4_IFACE_NAME: 'eth0', QUERY4_LOCAL_ADDR: '255.255.255.255', QUERY4_REMOTE_ADDR: '0.0.0.0',
      QUERY4_RELAYED: 'false', QUERY4_GIADDR: '0.0.0.0',
      LEASES4_SIZE: '1', LEASES4_AT0_ADDRESS: lease.address, LEASES4_AT0_STATE: 'default', LEASES4_AT0_SUBNET_ID: '1', DELETED_LEASES4_SIZE: '0',
    });
    const mac = (await cli.exec('cat', ['/sys/class/net/eth0/address'])).trim();
    expect(env?.['QUERY4_HWADDR']).toBe(mac);
    expect(env?.['LEASES4_AT0_HWADDR']).toBe(mac);
    expect(Object.keys(env ?? {}).filter((k) => /^(QUERY4|LEASES4|DELETED_LEASES4)_/.test(k)).length).toBeGreaterThan(25);

    await dhclient.renew();
    const [renew] = await waitUntil('the lease4_renew call', () => { const r = recorded('lease4_renew'); return r.length > 0 && r; });
    expect(renew).toMatchObject({
      QUERY4_TYPE: 'DHCPREQUEST', QUERY4_CIADDR: lease.address, QUERY4_REMOTE_ADDR: lease.address, QUERY4_LOCAL_ADDR: '192.0.2.1',
      SUBNET4_ID: '1', SUBNET4_NAME: '192.0.2.0/24', SUBNET4_PREFIX: '192.0.2.0', SUBNET4_PREFIX_LEN: '24',
      PKT4_HWADDR: mac, LEASE4_ADDRESS: lease.address,
    });
    await dhclient.release();
    const [release] = await waitUntil('the lease4_release call', () => { const r = recorded('lease4_release'); return r.length > 0 && r; });
    expect(release).toMatchObject({ QUERY4_TYPE: 'DHCPRELEASE', QUERY4_CIADDR: lease.address, LEASE4_ADDRESS: lease.address, LEASE4_STATE: 'default' });
  });

  it('kea-hook-runscript with wait: true: exit 4 at pkt4_receive refuses the client; others are served', async () => {
    server = await startServer4('gitdhcp', srv, dir, {
      'interfaces-config': { interfaces: ['eth0'] }, subnet4: [SUBNET],
      'hooks-libraries': [{ library: 'kea-hook-runscript.so', parameters: { script: script('gate.sh', `[ "$1" = pkt4_receive ] && [ -e ${path.join(dir, 'closed')} ] && exit 4; exit 0`), wait: true } }],
    });
    writeFileSync(path.join(dir, 'closed'), '');
    await expect(client('udhcpc', 1, 3).obtain()).rejects.toThrow();
    rmSync(path.join(dir, 'closed'));
    const lease = await client('udhcpc', 2).obtain();
    expect(lease.address).toMatch(/^192\.0\.2\./);
  });

  it('a script that hangs in async mode stalls no client', async () => {
    server = await startServer4('gitdhcp', srv, dir, {
      'interfaces-config': { interfaces: ['eth0'] }, subnet4: [SUBNET],
      'hooks-libraries': [{ library: 'kea-hook-runscript.so', parameters: { script: script('hang.sh', 'sleep 30'), wait: false, 'timeout-ms': 60000 } }],
    });
    const started = Date.now();
    const lease = await client('udhcpc', 1).obtain();
    expect(lease.address).toMatch(/^192\.0\.2\./);
    expect(Date.now() - started).toBeLessThan(8000);
    // Nor does it hold up a shutdown: the script (sleep 30) is left to finish on its own.
    const stopping = Date.now();
    expect(await server.stop()).toBe(0);
    server = undefined;
    expect(Date.now() - stopping).toBeLessThan(10_000);
  });

  it('a script that hangs in sync mode times out: the packet is dropped, as documented, and the server goes on', async () => {
    server = await startServer4('gitdhcp', srv, dir, {
      'interfaces-config': { interfaces: ['eth0'] }, subnet4: [SUBNET],
      'hooks-libraries': [{ library: 'kea-hook-runscript.so', parameters: { script: script('slow.sh', `[ "$1" = pkt4_receive ] && [ -e ${path.join(dir, 'slow')} ] && sleep 5; exit 0`), wait: true, 'timeout-ms': 300 } }],
    });
    writeFileSync(path.join(dir, 'slow'), '');
    await expect(client('udhcpc', 1, 3).obtain()).rejects.toThrow();
    expect(server.log()).toContain('RUN_SCRIPT_TIMEOUT');
    rmSync(path.join(dir, 'slow'));
    expect((await client('udhcpc', 2).obtain()).address).toMatch(/^192\.0\.2\./);
  });
});
