/**
 * Helpers of the lease tests: a temporary directory with a lease file path, and a memfile store
 * harness for the conformance suite whose writes can be made to fail. Test-only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatColonHex, formatIPv4 } from '../net/index.js';
import { nodeLeaseFileIo, type LeaseFileIo } from './append-writer.js';
import { MemfileLeaseStore4, type MemfileOptions4 } from './file-store4.js';
import type { Lease4 } from './lease4.js';
import type { LeaseStoreHarness } from './store.conformance.js';

export interface TempLeaseDir {
  readonly dir: string;
  /** The lease file: <dir>/kea-leases4.csv */
  readonly file: string;
  remove(): void;
}

export function tempLeaseDir(): TempLeaseDir {
  const dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-lease-'));
  return { dir, file: path.join(dir, 'kea-leases4.csv'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A MemfileLeaseStore4 in a fresh directory, with writes that fail on demand. */
export async function memfileHarness(options: MemfileOptions4 = {}): Promise<LeaseStoreHarness & { readonly file: string }> {
  const tmp = tempLeaseDir();
  let isFailing = false;
  const errors: unknown[] = [];
  const io: LeaseFileIo = {
    write: (fd, data, position) =>
      isFailing ? Promise.reject(Object.assign(new Error('EIO: i/o error (injected)'), { code: 'EIO' })) : nodeLeaseFileIo.write(fd, data, position),
    fdatasync: (fd) => nodeLeaseFileIo.fdatasync(fd),
    // The synchronous write of flush() without fsync fails the same way.
    writeSync: (fd, data, position) => {
      if (isFailing) throw Object.assign(new Error('EIO: i/o error (injected)'), { code: 'EIO' });
      return (nodeLeaseFileIo.writeSync as NonNullable<LeaseFileIo['writeSync']>)(fd, data, position);
    },
  };
  const opts: MemfileOptions4 = { lfcIntervalSec: 0, io, onWriteError: (err) => errors.push(err), ...options };
  const store = await MemfileLeaseStore4.open(tmp.file, opts);
  return {
    store,
    file: tmp.file,
    reopen: async () => {
      await store.close();
      return MemfileLeaseStore4.open(tmp.file, opts);
    },
    failWrites: (fail) => (isFailing = fail),
    reportedErrors: () => errors,
    cleanup: async () => tmp.remove(),
    losesPoolId: opts.schema === '2.1',
  };
}

/**
 * A lease as Kea's lease4-get-all prints it (Lease4::toElement in Kea 2.2): hw-address always,
 * client-id and user-context when set.
 */
export function keaView4(lease: Lease4): Record<string, unknown> {
  const view: Record<string, unknown> = {
    'ip-address': formatIPv4(lease.address),
    'hw-address': formatColonHex(lease.hwaddr),
    'valid-lft': lease.validLifetime,
    cltt: lease.cltt,
    'subnet-id': lease.subnetId,
    'fqdn-fwd': lease.fqdnFwd,
    'fqdn-rev': lease.fqdnRev,
    hostname: lease.hostname,
    state: lease.state,
  };
  if (lease.clientId !== null) view['client-id'] = formatColonHex(lease.clientId);
  if (lease.userContext !== null) view['user-context'] = lease.userContext;
  return view;
}

/** The Kea views of every lease of a store, by address. */
export function keaViews4(leases: Iterable<Lease4>): Array<Record<string, unknown>> {
  return [...leases].sort((a, b) => a.address - b.address).map(keaView4);
}
