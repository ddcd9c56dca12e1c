// What the benchmarks share: finding a program, running `ip`, and the two-namespace lab
// (namespace srv with eth0 SERVER/12 ⟷ veth ⟷ namespace cli with eth0 CLIENT/12, lo up in
// both), removed with every process in it when the benchmark exits. Plain JS for node.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

/** The path of `name` (on PATH or in /usr/sbin), or null. */
export function which(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/sbin/${name} 2>/dev/null`], { encoding: 'utf8' });
  const found = r.stdout.trim().split('\n')[0];
  return r.status === 0 && found ? found : null;
}

/** Runs `cmd args`, returns its stdout. @throws Error with its stderr when it fails */
export function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Creates namespaces `<prefix>-<pid>-srv` and `-cli` joined by a veth pair (eth0 on both sides,
 * `server` and `client` with prefix length 12), and removes them, the processes in them and
 * `work` (unless `keep`) when this process exits; SIGINT and SIGTERM exit through that too.
 * @returns the namespace names `{ srv, cli }`
 */
export function benchNamespaces(prefix, { server, client, work, keep }) {
  const ns = { srv: `${prefix}-${process.pid}-srv`, cli: `${prefix}-${process.pid}-cli` };
  process.once('exit', () => {
    for (const name of Object.values(ns)) {
      const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean).map(Number);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch (err) {
          if (err.code !== 'ESRCH') console.error(`cannot kill ${pid} in ${name}: ${err.message}`);
        }
      }
      spawnSync('ip', ['netns', 'del', name]);
    }
    if (!keep) rmSync(work, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));
  for (const name of Object.values(ns)) {
    run('ip', ['netns', 'add', name]);
    run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  }
  run('ip', ['link', 'add', 'name', 'eth0', 'netns', ns.srv, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.cli]);
  run('ip', ['-n', ns.srv, 'addr', 'add', `${server}/12`, 'dev', 'eth0']);
  run('ip', ['-n', ns.cli, 'addr', 'add', `${client}/12`, 'dev', 'eth0']);
  for (const name of Object.values(ns)) run('ip', ['-n', name, 'link', 'set', 'eth0', 'up']);
  return ns;
}
