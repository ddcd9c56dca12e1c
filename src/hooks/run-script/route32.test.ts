// examples/hooks/route32.sh in a network namespace, fed the environment our builders make: the
// route to a leased address appears on commit/renew and disappears on release/expiry.
// Needs root and iproute2 (netnsSkipReason); skipped locally without them, required in CI.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageType4 } from '../../codec/index.js';
import { netnsSkipReason, TestNet, type Netns } from '../../../test/helpers/netns.js';
import type { PacketMeta4, ScriptEnv } from './env-format.js';
import { keaEnv4 } from './env-kea.js';
import { runscriptEnv4 } from './env-runscript.js';
import { SCRIPT_PATH_ENV } from './runner.js';
import { argsOf, directRequest, ip, lease4, relayedRequest, subnet4 } from './test-helpers.js';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/hooks/route32.sh');
const execFileAsync = promisify(execFile);

const skipReason = netnsSkipReason();
// Locally without root: skip and say why. In CI a missing capability must fail, not skip.
const shouldSkip = skipReason !== null && !process.env['CI'];
if (shouldSkip) console.warn(`route32.sh namespace tests skipped: ${skipReason}`);

const META: PacketMeta4 = { iface: 'eth0', ifindex: 2, srcAddress: 0, srcPort: 68, dstAddress: 0xffffffff };
const ctx = { meta: () => META, nowSec: 1_700_000_100 };

describe.skipIf(shouldSkip)('examples/hooks/route32.sh in a network namespace', () => {
  let net: TestNet;
  let ns: Netns;

  beforeEach(async () => {
    net = new TestNet();
    ns = await net.namespace('srv');
    // A link to the clients' side (the other end only needs to exist; no dummy module in CI).
    await net.veth(ns, 'eth0', await net.namespace('lan'), 'eth0');
    await ns.addAddress('eth0', '10.0.0.254/24');
  });
  afterEach(async () => {
    await net.destroy();
  });

  /** Runs the script in the namespace as the runner would: the point as argument, env + PATH only. */
  async function run(point: string, env: ScriptEnv): Promise<void> {
    const { stderr } = await execFileAsync('ip', ['netns', 'exec', ns.name, SCRIPT, point], { env: { PATH: SCRIPT_PATH_ENV, ...env } });
    expect(stderr).toBe('');
  }

  const routes = async (): Promise<string> => (await ns.ip('-4', 'route', 'show', 'proto', 'static')).trim();

  it('Kea form: leases4_committed adds a route out of the interface, lease4_release removes it', async () => {
    const query4 = directRequest();
    await run('leases4_committed', keaEnv4('leases4_committed', argsOf({ query4, leases4: [lease4('192.0.2.10')], deleted_leases4: [] }), ctx));
    expect(await routes()).toBe('192.0.2.10 dev eth0 scope link');
    await run('lease4_release', keaEnv4('lease4_release', argsOf({ query4: directRequest(MessageType4.Release), lease4: lease4('192.0.2.10') }), ctx));
    expect(await routes()).toBe('');
    // Releasing again (no route left) is not an error.
    await run('lease4_release', keaEnv4('lease4_release', argsOf({ query4: directRequest(MessageType4.Release), lease4: lease4('192.0.2.10') }), ctx));
  });

  it('Kea form, relayed: lease4_renew routes via giaddr; lease4_expire removes it; deleted leases lose theirs', async () => {
    const query4 = relayedRequest(); // giaddr 10.0.0.1, on eth0's link
    expect(query4.giaddr).toBe(ip('10.0.0.1'));
    const renew = keaEnv4('lease4_renew', argsOf({ query4, subnet4: subnet4(1, '192.0.2.0/24'), lease4: lease4('192.0.2.11') }), ctx);
    await run('lease4_renew', renew);
    expect(await routes()).toBe('192.0.2.11 via 10.0.0.1 dev eth0');
    await run('leases4_committed', keaEnv4('leases4_committed',
      argsOf({ query4, leases4: [lease4('192.0.2.12')], deleted_leases4: [lease4('192.0.2.11')] }), ctx));
    expect(await routes()).toBe('192.0.2.12 via 10.0.0.1 dev eth0');
    await run('lease4_expire', keaEnv4('lease4_expire', argsOf({ lease4: lease4('192.0.2.12'), remove_lease: true }), ctx));
    expect(await routes()).toBe('');
  });

  it('runscript form: a DISCOVER adds nothing, lease4_select on REQUEST adds, lease4_expire removes', async () => {
    const select = (fake: boolean): ScriptEnv => runscriptEnv4('lease4_select',
      argsOf({ query4: directRequest(), subnet4: subnet4(1, '192.0.2.0/24'), fake_allocation: fake, lease4: lease4('192.0.2.13') }), ctx);
    await run('lease4_select', select(true));
    expect(await routes()).toBe('');
    await run('lease4_select', select(false));
    expect(await routes()).toBe('192.0.2.13 dev eth0 scope link');
    await run('lease4_expire', runscriptEnv4('lease4_expire', argsOf({ lease4: lease4('192.0.2.13'), remove_lease: true }), ctx));
    expect(await routes()).toBe('');
  });
});
