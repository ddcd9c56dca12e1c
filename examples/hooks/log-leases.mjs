// A gitdhcp hook module: appends one JSON line per committed lease change to `file`.
// leases4_committed is one of the two hook points where Kea lets a library park the packet: the
// callout returns a promise, and the ACK leaves only once the line is on disk.
//
//   hooks-libraries:
//     - library: hooks/log-leases.mjs
//       parameters: { file: /var/log/gitdhcp/leases.jsonl }
import { appendFile } from 'node:fs/promises';

const ip = (n) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const hex = (b) => (b === null ? null : Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':'));

/** @param {import('../../src/hooks/types.js').HookLibraryApi} api (the API: README, "Hooks") */
export function load(api) {
  const file = api.parameters.file;
  if (typeof file !== 'string' || file === '') throw new Error('parameters.file must name the file to append to');
  api.register('leases4_committed', (handle) => {
    const query = handle.get('query4');
    const lines = [];
    for (const [event, list] of [['committed', handle.get('leases4')], ['deleted', handle.get('deleted_leases4')]]) {
      for (const lease of list) {
        lines.push(JSON.stringify({
          event, type: query.messageType, address: ip(lease.address), hwaddr: hex(lease.hwaddr), clientId: hex(lease.clientId),
          subnetId: lease.subnetId, validLifetime: lease.validLifetime, hostname: lease.hostname,
        }));
      }
    }
    if (lines.length === 0) return undefined;
    return appendFile(file, `${lines.join('\n')}\n`);
  });
}
