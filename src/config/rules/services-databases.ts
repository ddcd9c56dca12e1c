/**
 * Database maps: `lease-database`, `hosts-database`, `hosts-databases[]` and
 * `config-control.config-databases[]`, as Kea's DbAccessParser checks them
 * (src/lib/database/dbaccess_parser.cc), plus the start-up checks a real Kea makes on them
 * (memfile lease file path, default credentials at connection time).
 * Ranges and the backend type are in the schema.
 */
import { joinPointer } from '../issues.js';
import { bool, eachObj, int, isObj, str, type DaemonView, type Located, type RuleContext } from './context.js';
import { checkRestrictedPath, KeaDirectories } from './services-paths.js';

/** Passwords Kea refuses as credentials (src/lib/cc/default_credentials.cc). */
export const DEFAULT_CREDENTIALS: ReadonlySet<string> = new Set(['keatest', '1234', '*****']);

const KNOWN_TYPES = new Set(['memfile', 'mysql', 'postgresql']);

/** Parameters Kea accepts only for one backend when they are above 0 (D5-D7). */
const BACKEND_ONLY: ReadonlyArray<readonly [string, string]> = [
  ['read-timeout', 'mysql'],
  ['write-timeout', 'mysql'],
  ['tcp-user-timeout', 'postgresql'],
];

/** Checks every database map of a Dhcp4 / Dhcp6 map. */
export function checkDatabases(view: DaemonView, ctx: RuleContext): void {
  const root: Located = { value: view.root, path: view.base };
  if (view.root['hosts-database'] !== undefined && view.root['hosts-databases'] !== undefined) {
    // Kea 3.3 json_config_parser.cc: "can't use hosts-database and hosts-databases at the same time";
    // Kea 3.0 used both.
    ctx.warn('hosts-databases-conflict', joinPointer(view.base, 'hosts-database'),
      'hosts-database and hosts-databases are both set; Kea 3.3 and later reject this (Kea 3.0 uses both)',
      'move the hosts-database map into the hosts-databases list');
  }
  const lease = view.root['lease-database'];
  if (isObj(lease)) {
    const db = { value: lease, path: joinPointer(view.base, 'lease-database') };
    checkDatabase(db, 'lease-database', ctx);
    checkLeaseFile(db, ctx);
  }
  const hosts = view.root['hosts-database'];
  if (isObj(hosts)) checkDatabase({ value: hosts, path: joinPointer(view.base, 'hosts-database') }, 'hosts-database', ctx);
  eachObj(root, 'hosts-databases').forEach((db, i) => { checkDatabase(db, `hosts-databases entry ${i}`, ctx); });
  const control = view.root['config-control'];
  if (isObj(control)) checkConfigDatabases({ value: control, path: joinPointer(view.base, 'config-control') }, ctx);
}

function checkDatabase(db: Located, label: string, ctx: RuleContext): void {
  const type = str(db.value['type']);
  if (type !== undefined && KNOWN_TYPES.has(type)) {
    for (const [key, backend] of BACKEND_ONLY) {
      const v = int(db.value[key]);
      if (v !== undefined && v > 0 && type !== backend) {
        ctx.error('database-parameter-unsupported', joinPointer(db.path, key),
          `${label}: ${key} ${v} is only supported by the ${backend} backend, not ${type}`, `remove ${key} or set it to 0`);
      }
    }
  }
  const password = str(db.value['password']);
  if (password !== undefined && db.value['password-file'] !== undefined) {
    ctx.error('mutually-exclusive-keys', joinPointer(db.path, 'password-file'),
      `${label}: password and password-file cannot both be set`, 'keep password-file and remove the clear-text password');
  }
  if (type === 'mysql' || type === 'postgresql') checkDefaultCredential(db, label, type, password, ctx);
}

/** mysql_connection.cc / pgsql_connection.cc refuse a default password when they connect. */
function checkDefaultCredential(db: Located, label: string, type: string, password: string | undefined, ctx: RuleContext): void {
  // util/filesystem.cc getContent: only the first line of the file is the password.
  const filePassword = ctx.secrets.firstLine(joinPointer(db.path, 'password-file'));
  const hint = 'Kea refuses its well-known test passwords when it connects; choose a real password';
  if (password !== undefined && DEFAULT_CREDENTIALS.has(password)) {
    ctx.error('default-credential', joinPointer(db.path, 'password'),
      `${label}: the ${type} password is one of Kea's default credentials`, hint);
  } else if (filePassword !== undefined && DEFAULT_CREDENTIALS.has(filePassword)) {
    ctx.error('default-credential', joinPointer(db.path, 'password-file'),
      `${label}: the ${type} password in password-file is one of Kea's default credentials`, hint);
  }
}

/** The memfile lease file must be in Kea's data directory (checked by a real start, not by -t). */
function checkLeaseFile(db: Located, ctx: RuleContext): void {
  if (str(db.value['type']) !== 'memfile' || bool(db.value['persist']) === false) return;
  const name = str(db.value['name']);
  if (name === undefined || name === '') return; // Kea's default file in its data directory
  checkRestrictedPath(ctx, joinPointer(db.path, 'name'), name, KeaDirectories.data, 'lease-database name');
}

/** D19: two config databases with the same access string (config_ctl_info.cc). */
function checkConfigDatabases(control: Located, ctx: RuleContext): void {
  const seen = new Map<string, number>();
  eachObj(control, 'config-databases').forEach((db, i) => {
    checkDatabase(db, `config-databases entry ${i}`, ctx);
    const key = accessString(db.value);
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.error('duplicate-config-database', db.path,
        `config-databases entry ${i} has the same parameters as entry ${first}`, 'list each configuration database once');
    } else {
      seen.set(key, i);
    }
  });
}

/** DbAccessParser::getDbAccessString: every non-empty parameter, sorted by name. */
function accessString(db: Record<string, unknown>): string {
  return Object.keys(db)
    .sort()
    .map((k) => [k, db[k]] as const)
    .filter(([, v]) => v !== '' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
