/**
 * The command-line entry: dispatches `gitdhcp <command> ...` and turns errors into exit codes.
 * The only module that decides exit codes; `main.ts` is the only one that calls process.exit.
 */
import { GitdhcpError } from '../errors.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { CONFIG_TEST_HELP, configTestCommand } from './config-test.js';
import { CONVERT_HELP, convertCommand } from './convert.js';
import { DIFF_HELP, diffCommand } from './diff.js';
import { SERVE_HELP, serveCommand } from './serve.js';
import { STATUS_HELP, statusCommand } from './status.js';
import { ACTION_HELP, actionCommand } from './control.js';
import { LEASES_HELP, leasesCommand } from './leases.js';
import { STATS_HELP, statsCommand } from './stats.js';
import { UsageError } from './usage.js';
import { VERSION } from '../version.js';

export const HELP = `gitdhcp ${VERSION}: a GitOps DHCP appliance that speaks ISC Kea's configuration

usage: gitdhcp <command> [options]

commands:
  serve -c FILE               serve the configuration (DHCPv4) until SIGTERM; SIGHUP reloads
  serve --repo URL            serve from a git repository: validate, apply, health-check, roll back
  status                      what the reconciler of serve --repo last did
  reconcile                   fetch and apply now
  rollback [--to REV]         serve an earlier healthy revision, pinned until a newer commit
  unpin                       end the pin of a rollback: follow the branch again
  suspend | resume            stop and restart fetching and applying
  leases                      the leases of the running appliance (table, Kea JSON or memfile CSV)
  stats [NAME...]             its statistics (statistic-get-all), global and per subnet
  config-test FILE...         validate configuration files (Kea JSON or YAML)
  diff OLD NEW                semantic diff of two configurations, with lease impact
  diff --repo DIR REV_A REV_B diff a configuration between two git revisions
  convert --to yaml|json FILE convert between Kea JSON (comments, includes) and YAML
  convert --assign-ids FILE   give subnets without an id the ids Kea 2.x assigned them

options:
  -h, --help      show help (also: gitdhcp <command> --help)
  -V, --version   show the version

Documentation: README.md. Exit status: 0 ok, 1 findings (invalid config, differences), 2 error.`;

type Command = { run: (argv: readonly string[], io: CliIO) => ExitCode | Promise<ExitCode>; help: string };

const COMMANDS: Readonly<Record<string, Command>> = {
  'config-test': { run: configTestCommand, help: CONFIG_TEST_HELP },
  diff: { run: diffCommand, help: DIFF_HELP },
  convert: { run: convertCommand, help: CONVERT_HELP },
  serve: { run: serveCommand, help: SERVE_HELP },
  status: { run: statusCommand, help: STATUS_HELP },
  leases: { run: leasesCommand, help: LEASES_HELP },
  stats: { run: statsCommand, help: STATS_HELP },
  ...Object.fromEntries(Object.entries(ACTION_HELP).map(([name, help]) => [name, { run: (argv: readonly string[], io: CliIO) => actionCommand(name, argv, io), help }])),
};

/** Runs one command line. Usage and gitdhcp errors become exit codes; anything else is a bug and is thrown. */
export async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out(`${HELP}\n`);
    return name === undefined ? Exit.Failure : Exit.Ok;
  }
  if (name === '-V' || name === '--version' || name === 'version') {
    io.out(`${VERSION}\n`);
    return Exit.Ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(`gitdhcp: unknown command '${name}'\n\n${HELP}\n`);
    return Exit.Failure;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`gitdhcp ${name}: ${err.message}\n\n${command.help}\n`);
      return Exit.Failure;
    }
    if (err instanceof GitdhcpError) {
      io.err(`gitdhcp ${name}: ${err.message} [${err.code}]\n`);
      return Exit.Failure;
    }
    throw err;
  }
}
