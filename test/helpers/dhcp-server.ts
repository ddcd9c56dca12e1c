/**
 * Starts a DHCPv4 server for black-box tests inside a network namespace: gitdhcp (`node
 * dist/main.js serve -c FILE`) or, as the reference, Debian's Kea (`kea-dhcp4 -c FILE`). Both
 * get the same Kea configuration and write the same memfile lease file, so one test can run
 * against either. Readiness is Kea's own message id `DHCP4_STARTED`, which both log.
 *
 * @example
 * const srv = await startServer4('gitdhcp', ns, dir, { 'interfaces-config': { interfaces: ['eth0'] }, ... });
 * await srv.stop();
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GITDHCP } from './cli.js';
import { waitUntil, type Netns } from './netns.js';

export type ServerImpl4 = 'gitdhcp' | 'kea';

export interface RunningServer4 {
  readonly impl: ServerImpl4;
  readonly child: ChildProcess;
  readonly configFile: string;
  readonly leaseFile: string;
  /** Everything the server printed (stdout and stderr), as it arrives. */
  log(): string;
  /** Resolves once the log holds `text` (after `fromOffset`, default 0). */
  waitForLog(text: string, timeoutMs?: number, fromOffset?: number): Promise<void>;
  /** Rewrites the config file (same path). */
  writeConfig(dhcp4: Record<string, unknown>): void;
  /** Sends a signal. */
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM and wait for the exit; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** The rows of the lease file (header excluded), split into columns. */
  leaseRows(): string[][];
}

/**
 * Starts `impl` in `ns` with `{ Dhcp4: dhcp4 }`. `lease-database` defaults to a memfile in
 * `dir` and `loggers` to stdout at INFO, unless `dhcp4` sets them.
 */
export async function startServer4(impl: ServerImpl4, ns: Netns, dir: string, dhcp4: Record<string, unknown>): Promise<RunningServer4> {
  mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, `${impl}-dhcp4.json`);
  const leaseFile = path.join(dir, 'leases4.csv');
  const withDefaults = (d: Record<string, unknown>): Record<string, unknown> => ({
    'lease-database': { type: 'memfile', name: leaseFile, 'lfc-interval': 0 },
    loggers: [{ name: 'kea-dhcp4', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
    ...d,
  });
  const write = (d: Record<string, unknown>): void => writeFileSync(configFile, JSON.stringify({ Dhcp4: withDefaults(d) }, null, 2));
  write(dhcp4);
  const env = { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir, KEA_LOGGER_DESTINATION: 'stdout' };
  const child = impl === 'kea'
    ? ns.spawn('kea-dhcp4', ['-c', configFile], { env })
    : ns.spawn(process.execPath, [GITDHCP, 'serve', '-c', configFile, '--control-socket', path.join(dir, 'control.sock')], { env });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  const server: RunningServer4 = {
    impl, child, configFile, leaseFile,
    log: () => output,
    async waitForLog(text, timeoutMs = 10_000, fromOffset = 0) {
      await waitUntil(`${impl} to log ${text}`, () => {
        if (output.indexOf(text, fromOffset) >= 0) return true;
        if (exitCode !== undefined) throw new Error(`${impl} exited (${exitCode}) before logging ${text}:\n${output}`);
        return false;
      }, { timeoutMs });
    },
    writeConfig: write,
    signal: (sig) => child.kill(sig),
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
    leaseRows() {
      const lines = readFileSync(leaseFile, 'utf8').split('\n').filter((l) => l !== '');
      return lines.slice(1).map((l) => l.split(','));
    },
  };
  await server.waitForLog('DHCP4_STARTED');
  return server;
}
