/**
 * `loggers` (Dhcp4, Dhcp6, DhcpDdns): what Kea's LogConfigParser and the log4cplus set-up check
 * (src/lib/process/log_parser.cc, src/lib/log/logger_manager_impl.cc). kea-dhcp4 -t and
 * kea-dhcp6 -t skip the loggers, but the servers fail to start on these problems, so they are
 * errors; a log file outside Kea's log directory is the Kea 3.1+ path restriction, a warning.
 * Names, severities, debuglevel and the `output` key itself are the schema's.
 */
import { joinPointer } from '../issues.js';
import { eachObj, int, str, type Located, type RuleContext } from './context.js';
import { checkRestrictedPath, KeaDirectories } from './services-paths.js';

const INT32_MAX = 2147483647;

/**
 * Checks the `loggers` list of a daemon map.
 *
 * @example
 * checkLoggers({ value: d2Map, path: '/DhcpDdns' }, ctx);
 */
export function checkLoggers(parent: Located, ctx: RuleContext): void {
  for (const logger of eachObj(parent, 'loggers')) {
    const name = str(logger.value['name']) ?? '(no name)';
    const hasNew = logger.value['output-options'] !== undefined;
    if (hasNew && logger.value['output_options'] !== undefined) {
      ctx.error('mutually-exclusive-keys', joinPointer(logger.path, 'output_options'),
        `logger ${name}: output-options and output_options cannot both be set`, 'keep output-options, the current spelling');
    }
    const outputs = eachObj(logger, hasNew ? 'output-options' : 'output_options');
    for (const output of outputs) checkOutput(output, name, ctx);
  }
}

function isStream(output: string): boolean {
  return output === 'stdout' || output === 'stderr' || output === 'syslog' || output.startsWith('syslog:');
}

function checkOutput(option: Located, logger: string, ctx: RuleContext): void {
  const output = str(option.value['output']);
  if (output === undefined || isStream(output)) return;
  const at = joinPointer(option.path, 'output');
  if (!checkRestrictedPath(ctx, at, output, KeaDirectories.logs, `logger ${logger}: log file`)) return;
  checkMaxSize(option, logger, ctx);
}

/**
 * log4cplus takes sizes past INT32_MAX only with a KB or MB suffix: Kea divides by 1000 up to
 * twice and fails at start-up when the value still does not fit (logger_manager_impl.cc).
 */
function checkMaxSize(option: Located, logger: string, ctx: RuleContext): void {
  const bytes = int(option.value['maxsize']);
  if (bytes === undefined || bytes <= 0) return;
  let scaled = bytes;
  for (let i = 0; i < 2 && scaled > INT32_MAX; i++) scaled = Math.floor(scaled / 1000);
  if (scaled <= INT32_MAX) return;
  ctx.error('log-maxsize-too-large', joinPointer(option.path, 'maxsize'),
    `logger ${logger}: maxsize ${bytes} is too large; Kea cannot start with a rotation size of ${scaled} MB (at most ${INT32_MAX} MB)`,
    'give the rotation size in bytes; Kea handles at most 2147483647999999 (about 2 PB)');
}
