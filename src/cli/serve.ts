/**
 * `gitdhcp serve -c FILE`: serves the sections of FILE gitdhcp serves (now `Dhcp4`) until
 * SIGTERM or SIGINT, as `kea-dhcp4 -c FILE` does. SIGHUP re-reads FILE and applies it with the
 * stage/commit swap (leases, statistics and unchanged sockets stay); a file that does not load or
 * validate is rejected and the running configuration keeps serving (Kea's
 * DHCP4_DYNAMIC_RECONFIGURATION_FAIL). SIGTERM sends what is pending, writes every lease and
 * exits 0.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile, resolveDhcp4, validateConfig, type ConfigIssue, type ResolvedConfig4 } from '../config/index.js';
import type { Dhcp4Config } from '../schema/index.js';
import { Dhcp4Server } from '../server/dhcp4-server.js';
import { packetMeta4 } from '../server/process4.js';
import { createLogs, type LogSetup } from '../server/logging.js';
import { builtinHooks } from '../hooks/builtins.js';
import { VERSION } from '../version.js';
import { formatIssueText } from './format-issues.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { UsageError } from './usage.js';

export const SERVE_HELP = `usage: gitdhcp serve -c FILE [--data-dir DIR]

Serves the DHCPv4 configuration (Dhcp4) of FILE — Kea JSON or YAML — on the interfaces its
interfaces-config names, with memfile leases, until SIGTERM or SIGINT.

  -c, --config FILE   the configuration file
  --data-dir DIR      where relative lease file names (and Kea's default kea-leases4.csv) live;
                      default $KEA_DHCP_DATA_DIR, else /var/lib/gitdhcp

signals: SIGHUP reloads FILE (a broken file is rejected, the old configuration keeps serving);
SIGTERM / SIGINT write every lease and exit.
exit status: 0 stopped by a signal, 1 the configuration is invalid, 2 the server could not start`;

type Loaded = { readonly ok: true; readonly cfg: ResolvedConfig4; readonly warnings: readonly ConfigIssue[]; readonly notServed: readonly string[] }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Loads, validates and resolves the Dhcp4 part of `file`. */
function readConfig(file: string, shown: string): Loaded {
  // Secret files are used only by DhcpDdns (TSIG keys), which is not served yet: a missing one
  // must not stop DHCPv4. When DDNS is served, its secrets become required here.
  const loaded = loadConfigFile(file, { secrets: 'if-present', displayPath: shown });
  if (!loaded.ok) return { ok: false, issues: loaded.issues };
  const result = validateConfig(loaded.config);
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (!result.valid || errors.length > 0) return { ok: false, issues: result.issues };
  const dhcp4 = (loaded.config.value as { Dhcp4?: Dhcp4Config }).Dhcp4;
  if (dhcp4 === undefined) {
    return { ok: false, issues: [{ severity: 'error', code: 'unsupported', path: '', message: 'the file has no Dhcp4 map: gitdhcp serves DHCPv4 only for now', file: shown, line: 1, column: 1 } as ConfigIssue] };
  }
  const value = loaded.config.value as Record<string, unknown>;
  const notServed = ['Dhcp6', 'DhcpDdns'].filter((k) => value[k] !== undefined);
  return { ok: true, cfg: resolveDhcp4(dhcp4), warnings: result.issues.filter((i) => i.severity !== 'error'), notServed };
}

function issuesText(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => formatIssueText(i)).join('\n');
}

export async function serveCommand(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { io.out(`${SERVE_HELP}\n`); return Exit.Ok; }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.config === undefined) throw new UsageError('serve needs -c FILE');
  const shown = values.config;
  const file = path.resolve(io.cwd, shown);
  const dataDir = path.resolve(io.cwd, values['data-dir'] ?? io.env['KEA_DHCP_DATA_DIR'] ?? '/var/lib/gitdhcp');
  const first = readConfig(file, shown);
  if (!first.ok) {
    io.err(`gitdhcp serve: ${shown} is not a configuration gitdhcp can serve:\n${issuesText(first.issues)}\n`);
    return Exit.Findings;
  }
  let logs: LogSetup = createLogs(first.cfg.loggers, 'kea-dhcp4');
  let loggersJson = JSON.stringify(first.cfg.loggers);
  for (const w of first.warnings) logs.root.warn('DHCP4_CONFIG_SYNTAX_WARNING', formatIssueText(w));
  for (const section of first.notServed) logs.root.warn('GITDHCP_SECTION_NOT_SERVED', `${section} is validated but not served yet: gitdhcp serves Dhcp4`);
  let server: Dhcp4Server;
  try {
    server = await Dhcp4Server.start(first.cfg, { logs, dataDir, configDir: path.dirname(file), builtinHooks: builtinHooks(packetMeta4) });
  } catch (err) {
    logs.root.error('DHCP4_INIT_FAIL', `failed to start: ${err instanceof Error ? err.message : String(err)}`);
    logs.close();
    return Exit.Failure;
  }
  logs.root.info('DHCP4_CONFIG_COMPLETE', `DHCPv4 server configuration from ${shown}: ${first.cfg.subnets.length} subnets, `
    + `${server.interfaces.length} interfaces, ${server.leaseStore.count()} leases`);
  logs.root.info('DHCP4_STARTED', `gitdhcp ${VERSION} DHCPv4 server started`, { version: VERSION });

  let chain: Promise<void> = Promise.resolve();
  const reload = async (): Promise<void> => {
    logs.root.info('DHCP4_DYNAMIC_RECONFIGURATION', `initiate server reconfiguration using file: ${shown}, after receiving SIGHUP signal`);
    const next = readConfig(file, shown);
    if (!next.ok) {
      logs.root.error('DHCP4_DYNAMIC_RECONFIGURATION_FAIL', `the configuration was rejected, the running one keeps serving:\n${issuesText(next.issues)}`);
      return;
    }
    const json = JSON.stringify(next.cfg.loggers);
    const oldLogs = logs;
    if (json !== loggersJson) {
      logs = createLogs(next.cfg.loggers, 'kea-dhcp4');
      loggersJson = json;
      server.logs = logs;
    }
    try {
      await server.reconfigure(next.cfg);
    } catch (err) {
      logs.root.error('DHCP4_DYNAMIC_RECONFIGURATION_FAIL', `the configuration was rejected, the running one keeps serving: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (oldLogs !== logs) oldLogs.close();
    for (const w of next.warnings) logs.root.warn('DHCP4_CONFIG_SYNTAX_WARNING', formatIssueText(w));
    logs.root.info('DHCP4_CONFIG_COMPLETE', `DHCPv4 server configuration from ${shown}: ${next.cfg.subnets.length} subnets, `
      + `${server.interfaces.length} interfaces, ${server.leaseStore.count()} leases`);
  };

  await new Promise<void>((resolve) => {
    const onHup = (): void => {
      chain = chain.then(reload, reload);
    };
    const onStop = (signal: NodeJS.Signals): void => {
      process.off('SIGHUP', onHup);
      process.off('SIGTERM', onStop);
      process.off('SIGINT', onStop);
      logs.root.info('DHCP4_SHUTDOWN_REQUEST', `shutdown requested (${signal})`);
      resolve();
    };
    process.on('SIGHUP', onHup);
    process.on('SIGTERM', onStop);
    process.on('SIGINT', onStop);
  });
  await chain;
  await server.stop();
  logs.root.info('DHCP4_SHUTDOWN', 'server shutdown');
  logs.close();
  return Exit.Ok;
}
