/**
 * Kea's hook libraries that gitdhcp provides itself, by file name: the two run-script hooks
 * (Kea's `libdhcp_run_script.so` and the third-party `kea-hook-runscript.so`), with scripts taken
 * from Kea 3's scripts directory (KEA_HOOK_SCRIPTS_PATH). A `null` module means the appliance
 * does that job without a library (lease and statistics commands belong to the control channel),
 * so the entry loads nothing.
 */
import type { BuiltinHooks } from './load.js';
import type { PacketMeta4 } from './run-script/env-format.js';
import { runScriptModule } from './run-script/index.js';
import { scriptsDirectory } from './run-script/script-path.js';
import type { Packet4 } from '../codec/index.js';

/** @param packetMeta where a packet came from (the server's receive metadata), for the scripts' variables */
export function builtinHooks(packetMeta: (packet: Packet4) => PacketMeta4 | undefined, env: NodeJS.ProcessEnv = process.env): BuiltinHooks {
  const scriptsDir = scriptsDirectory(env);
  return {
    'libdhcp_run_script.so': () => runScriptModule('kea', { scriptsDir, packetMeta }),
    'kea-hook-runscript.so': () => runScriptModule('runscript', { scriptsDir, packetMeta }),
    'libdhcp_lease_cmds.so': () => null,
    'libdhcp_stat_cmds.so': () => null,
  };
}
