/**
 * What is valid Kea but cannot be applied by this appliance: each is an error with code
 * `unsupported` naming the feature, so that a site learns it before it migrates, not after.
 * This file is the one list of such features; shrink it as features land.
 */
import { joinPointer } from '../issues.js';
import { bool, int, isObj, list, str, type DaemonView, type Obj, type RuleContext } from './context.js';

/** Kea's hook libraries that gitdhcp provides itself, by file name. */
export const BUILT_IN_HOOKS: Readonly<Record<string, string>> = {
  'libdhcp_run_script.so': 'the run-script hook (external program per hook point)',
  'kea-hook-runscript.so': 'the kea-hook-runscript hook (external program per hook point, with its variable names)',
  'libdhcp_lease_cmds.so': 'the lease commands of the control channel',
  'libdhcp_stat_cmds.so': 'the statistics commands of the control channel',
};

/** True for a gitdhcp hook module (JavaScript/TypeScript compiled to .js or .mjs), not a Kea library. */
export function isJsHookModule(library: string): boolean {
  return /\.m?js$/.test(library.trim());
}

/** The file name of a hook library path. */
export function hookLibraryName(library: string): string {
  return library.trim().split('/').pop() ?? '';
}

/** What the other Kea hook libraries do, to say what is missing. */
const KEA_HOOKS: Readonly<Record<string, string>> = {
  'libdhcp_ha.so': 'high availability',
  'libdhcp_mysql.so': 'the MySQL backends',
  'libdhcp_pgsql.so': 'the PostgreSQL backends',
  'libdhcp_host_cmds.so': 'host reservation commands (reservations live in git here)',
  'libdhcp_subnet_cmds.so': 'subnet commands (subnets live in git here)',
  'libdhcp_class_cmds.so': 'client class commands (classes live in git here)',
  'libdhcp_cb_cmds.so': 'the configuration backend (the configuration lives in git here)',
  'libdhcp_host_cache.so': 'the host cache',
  'libdhcp_radius.so': 'RADIUS',
  'libdhcp_flex_id.so': 'flexible identifiers',
  'libdhcp_flex_option.so': 'flexible options',
  'libdhcp_lease_query.so': 'leasequery',
  'libdhcp_legal_log.so': 'forensic logging',
  'libdhcp_limits.so': 'rate and lease limits',
  'libdhcp_perfmon.so': 'performance monitoring',
  'libdhcp_ping_check.so': 'ping check',
  'libdhcp_bootp.so': 'BOOTP',
  'libdhcp_ddns_tuning.so': 'DDNS tuning',
  'libdhcp_rbac.so': 'role-based access control',
  'libdhcp_user_chk.so': 'the user_chk example hook',
  'libddns_gss_tsig.so': 'GSS-TSIG',
};

/** Checks a Dhcp4 or Dhcp6 map for features gitdhcp cannot apply. */
export function checkUnsupported(view: DaemonView, ctx: RuleContext): void {
  checkDatabases(view.root, view.base, ctx);
  checkHooks(view.root, view.base, ctx);
  checkDhcp4o6(view, ctx);
  checkQueue(view.root, view.base, ctx);
}

/** Checks the DhcpDdns map: its hook libraries. */
export function checkUnsupportedD2(d2: Obj, ctx: RuleContext): void {
  checkHooks(d2, '/DhcpDdns', ctx);
}

function checkDatabases(d: Obj, base: string, ctx: RuleContext): void {
  const lease = d['lease-database'];
  const type = isObj(lease) ? str(lease['type']) : undefined;
  if (type !== undefined && type !== 'memfile') {
    ctx.error('unsupported', joinPointer(base, 'lease-database', 'type'),
      `lease-database type "${type}" is not supported: gitdhcp keeps leases in memfile (Kea's CSV lease files)`,
      'use "type": "memfile"; Kea\'s memfile lease files can be moved between Kea and gitdhcp as they are');
  }
  for (const key of ['hosts-database', 'hosts-databases'] as const) {
    if (d[key] !== undefined) {
      ctx.error('unsupported', joinPointer(base, key), `${key} is not supported: host reservations come from the configuration in git`,
        'move the reservations into "reservations" lists (global or per subnet)');
    }
  }
  if (d['config-control'] !== undefined) {
    ctx.error('unsupported', joinPointer(base, 'config-control'),
      'config-control (Kea\'s configuration backend) is not supported: the configuration comes from git',
      'commit the configuration to the repository the appliance follows');
  }
}

function checkHooks(d: Obj, base: string, ctx: RuleContext): void {
  list(d['hooks-libraries']).forEach((entry, i) => {
    if (!isObj(entry)) return;
    const library = str(entry['library']);
    if (library === undefined) return;
    const name = hookLibraryName(library);
    if (Object.hasOwn(BUILT_IN_HOOKS, name) || isJsHookModule(library)) return;
    const what = Object.hasOwn(KEA_HOOKS, name) ? KEA_HOOKS[name] : undefined;
    ctx.error('unsupported', joinPointer(base, 'hooks-libraries', i, 'library'),
      what === undefined
        ? `hook library ${name} is not supported: gitdhcp cannot load C++ hook libraries`
        : `hook library ${name} (${what}) is not supported by gitdhcp`,
      `gitdhcp provides ${Object.keys(BUILT_IN_HOOKS).join(', ')} itself, and loads hook modules written in JavaScript/TypeScript (.js, .mjs)`);
  });
}

function checkDhcp4o6(view: DaemonView, ctx: RuleContext): void {
  const port = int(view.root['dhcp4o6-port']);
  if (port !== undefined && port !== 0) {
    ctx.error('unsupported', joinPointer(view.base, 'dhcp4o6-port'), 'dhcp4o6-port: gitdhcp does not support DHCPv4-over-DHCPv6');
  }
  if (view.family !== 4) return;
  for (const s of view.subnets) {
    for (const key of ['4o6-interface', '4o6-interface-id', '4o6-subnet'] as const) {
      const v = str(s.value[key]);
      if (v !== undefined && v !== '') {
        ctx.error('unsupported', joinPointer(s.path, key), `${key}: gitdhcp does not support DHCPv4-over-DHCPv6`);
      }
    }
  }
}

function checkQueue(d: Obj, base: string, ctx: RuleContext): void {
  const q = d['dhcp-queue-control'];
  if (!isObj(q) || bool(q['enable-queue']) !== true) return;
  const type = str(q['queue-type']);
  if (type !== undefined && type !== 'kea-ring4' && type !== 'kea-ring6') {
    ctx.error('unsupported', joinPointer(base, 'dhcp-queue-control', 'queue-type'),
      `queue-type "${type}" is not supported: packet queues from hook libraries cannot be loaded`, 'use kea-ring4 / kea-ring6');
  }
}
