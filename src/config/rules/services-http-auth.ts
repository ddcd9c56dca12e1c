/**
 * HTTP basic authentication of an HTTP(S) control socket: the client list as Kea's
 * BasicHttpAuthConfig::parse checks it (src/lib/http/basic_auth_config.cc). The clear-text
 * `user` / `password` refusal is Kea 3.1+ "security" enforcement (-X turns it off): a warning
 * here. `user-file` / `password-file` contents are checked when the loader read them.
 */
import { joinPointer } from '../issues.js';
import { eachObj, str, type Located, type RuleContext } from './context.js';
import { DEFAULT_CREDENTIALS } from './services-databases.js';

/** Checks the `clients` of an `authentication` map; `label` names the socket. */
export function checkAuthentication(auth: Located, label: string, ctx: RuleContext): void {
  eachObj(auth, 'clients').forEach((client, i) => { checkClient(client, `${label}, client ${i}`, ctx); });
}

function checkClient(client: Located, label: string, ctx: RuleContext): void {
  const v = client.value;
  const hasUser = v['user'] !== undefined;
  const hasUserFile = v['user-file'] !== undefined;
  const hasPasswordFile = v['password-file'] !== undefined;
  checkPassword(client, label, ctx);
  if (!hasUser && !hasUserFile && !hasPasswordFile) {
    ctx.error('auth-user-missing', client.path, `${label} has no user: set user-file, user, or a password-file holding "user:password"`,
      'put the user name in a file and reference it with user-file');
    return;
  }
  if (hasUser && hasUserFile) {
    ctx.error('mutually-exclusive-keys', joinPointer(client.path, 'user-file'), `${label}: user and user-file cannot both be set`,
      'keep user-file and remove the clear-text user');
  }
  const user = str(v['user']);
  if (user !== undefined) checkUser(client, label, user, ctx);
  if (!hasUser && hasUserFile) checkUserFile(client, label, ctx);
  if (!hasUser && !hasUserFile) checkCombinedPasswordFile(client, label, ctx);
}

function checkPassword(client: Located, label: string, ctx: RuleContext): void {
  const password = str(client.value['password']);
  if (password === undefined) return;
  const at = joinPointer(client.path, 'password');
  if (DEFAULT_CREDENTIALS.has(password)) {
    ctx.error('default-credential', at, `${label}: the password is one of Kea's default credentials, which Kea refuses`,
      'choose a real password, and keep it in a file referenced by password-file');
  } else {
    ctx.warn('clear-text-secret', at,
      `${label} has its password in clear text in the configuration; Kea 3.1 and later reject this unless run with -X (Kea 3.0 accepts it)`,
      'move the password to a file readable only by the server and reference it with password-file');
  }
  if (client.value['password-file'] !== undefined) {
    ctx.error('mutually-exclusive-keys', joinPointer(client.path, 'password-file'), `${label}: password and password-file cannot both be set`,
      'keep password-file and remove the clear-text password');
  }
}

function checkUser(client: Located, label: string, user: string, ctx: RuleContext): void {
  const at = joinPointer(client.path, 'user');
  if (user === '') {
    ctx.error('auth-user-invalid', at, `${label}: user is empty`, 'give a user name');
    return;
  }
  if (user.includes(':')) return; // the schema's pattern reported it
  ctx.warn('clear-text-secret', at,
    `${label} has its user name in clear text in the configuration; Kea 3.1 and later reject this unless run with -X (Kea 3.0 accepts it)`,
    'put the user name in a file and reference it with user-file');
}

function checkUserFile(client: Located, label: string, ctx: RuleContext): void {
  const at = joinPointer(client.path, 'user-file');
  const user = ctx.secrets.firstLine(at); // util/filesystem.cc getContent reads one line
  const file = str(client.value['user-file']) ?? '';
  if (user === undefined) return; // not read: config-test without the host's files
  if (user === '') {
    ctx.error('auth-user-invalid', at, `${label}: the first line of user-file ${file} is empty`, 'put the user name on the first line');
  } else if (user.includes(':')) {
    ctx.error('auth-user-invalid', at, `${label}: the user name in user-file ${file} contains ":"`,
      'HTTP basic authentication separates user and password with ":"; the user name cannot contain one');
  }
}

/** A password-file alone holds "user:password" on its first line. */
function checkCombinedPasswordFile(client: Located, label: string, ctx: RuleContext): void {
  const at = joinPointer(client.path, 'password-file');
  const content = ctx.secrets.firstLine(at);
  if (content === undefined || content.includes(':')) return;
  ctx.error('auth-user-invalid', at,
    `${label}: without user or user-file, password-file ${str(client.value['password-file']) ?? ''} must hold "user:password" on its first line, and it has no ":"`,
    'write "user:password" in the file, or add user-file naming the user');
}
