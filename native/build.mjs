// Builds build/Release/gitdhcp_udp4.node with node-gyp (run by `npm ci` as the install script,
// or by hand with `npm run build:native`). It compiles against the headers of the Node that runs
// it, found beside its binary (Debian/NodeSource: /usr/include/node; official tarballs and nvm:
// <prefix>/include/node), so node-gyp never tries to download headers: machines here have no
// network besides the package registries. An explicit npm `nodedir` setting still wins.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prefix = path.resolve(path.dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir || (existsSync(path.join(prefix, 'include/node/node_api.h')) ? prefix : '');
// npm passes the node-gyp it bundles; outside npm, take npm's copy beside this Node, else PATH's.
const bundled = path.join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
const gyp = process.env.npm_config_node_gyp || (existsSync(bundled) ? bundled : undefined);
const args = ['rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const r = gyp
  ? spawnSync(process.execPath, [gyp, ...args], { cwd: root, stdio: 'inherit' })
  : spawnSync('node-gyp', args, { cwd: root, stdio: 'inherit' });
if (r.error) throw r.error;
process.exitCode = r.status ?? 1;
