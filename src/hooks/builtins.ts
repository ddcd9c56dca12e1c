/**
 * Kea's hook libraries that gitdhcp provides itself, by file name. A `null` module means the
 * appliance does that job without a library (lease and statistics commands belong to the
 * control channel), so the entry loads nothing.
 */
import type { BuiltinHooks } from './load.js';

export function builtinHooks(): BuiltinHooks {
  return {
    'libdhcp_lease_cmds.so': () => null,
    'libdhcp_stat_cmds.so': () => null,
  };
}
