/**
 * Stable identities in a `DhcpDdns` (D2) map: TSIG keys by name, DDNS domains by direction and
 * name, DNS servers by address and port within their domain; the rest are parameters. Pure.
 */
import { joinPointer } from './issues.js';
import {
  addEntity, addParameter, eachMap, hostPort, UNORDERED, walkControlSockets, walkHooks, walkLoggers,
  type WalkContext,
} from './diff-entity.js';
import { canonicalAddress, flattenFields, int, isMap, nonBlank, type ConfigMap } from './diff-values.js';

/** Walks the `DhcpDdns` map. */
export function walkDdns(ctx: WalkContext, map: ConfigMap, path: string): void {
  for (const [k, v] of Object.entries(map)) {
    const p = joinPointer(path, k);
    if (k === 'tsig-keys') walkTsigKeys(ctx, v, p);
    else if (k === 'forward-ddns' || k === 'reverse-ddns') walkDirection(ctx, k, v, p);
    else if (k === 'hooks-libraries') walkHooks(ctx, v, p);
    else if (k === 'control-sockets') walkControlSockets(ctx, v, p);
    else if (k === 'loggers') walkLoggers(ctx, v, p);
    else addParameter(ctx, k, v, p);
  }
}

function walkTsigKeys(ctx: WalkContext, list: unknown, path: string): void {
  eachMap(list, path, (t, p, i) => {
    const name = nonBlank(t.name) ?? `#${i}`;
    addEntity(ctx, {
      parent: null, kind: 'tsig-key', key: { name }, keyText: name, label: `tsig key "${name}"`, path: p, value: t,
      fields: flattenFields(t, new Set(['name']), UNORDERED),
    });
  });
}

/** `forward-ddns`/`reverse-ddns`: its domains are entities, any other key a parameter. */
function walkDirection(ctx: WalkContext, key: 'forward-ddns' | 'reverse-ddns', value: unknown, path: string): void {
  if (!isMap(value)) {
    addParameter(ctx, key, value, path);
    return;
  }
  const { 'ddns-domains': domains, ...rest } = value;
  if (Object.keys(rest).length > 0) addParameter(ctx, key, rest, path);
  const direction = key === 'forward-ddns' ? 'forward' : 'reverse';
  eachMap(domains, joinPointer(path, 'ddns-domains'), (d, p, i) => {
    const written = nonBlank(d.name) ?? `#${i}`;
    // DNS names compare without case and without the root label's dot.
    const name = written.toLowerCase().replace(/\.$/, '');
    const domain = addEntity(ctx, {
      parent: null, kind: 'ddns-domain', key: { direction, name }, keyText: `${direction}:${name}`,
      label: `${direction} domain "${written}"`, path: p, value: d,
      fields: flattenFields(d, new Set(['name', 'dns-servers']), UNORDERED),
    });
    eachMap(d['dns-servers'], joinPointer(p, 'dns-servers'), (s, sp, j) => {
      const ipText = nonBlank(s['ip-address']);
      const address = ipText === undefined ? (nonBlank(s.hostname) ?? `#${j}`) : canonicalAddress(ipText);
      const port = int(s.port) ?? 53;
      addEntity(ctx, {
        parent: domain, kind: 'dns-server',
        key: { scope: { kind: 'ddns-domain', direction, name }, address, port },
        keyText: `${address}:${port}`, label: `${domain.label} dns server ${hostPort(address, port)}`, path: sp, value: s,
        fields: flattenFields(s, new Set(['ip-address', 'port', ...(ipText === undefined ? ['hostname'] : [])]), UNORDERED),
      });
    });
  });
}
