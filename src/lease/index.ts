/**
 * lease: DHCPv4 lease storage with Kea's memfile formats.
 *
 * - store.ts: the `LeaseStore4` port the allocation engine, reclamation and control code use.
 * - memory-store.ts: `MemoryLeaseStore4`, leases in memory only (Kea's `persist: false`). Pure.
 * - file-store4.ts: `MemfileLeaseStore4`, Kea's CSV lease files (schema 3.0, or 2.1 on request),
 *   batched durable appends (one write per event-loop turn) and lease file cleanup (lfc.ts,
 *   kea-lfc's steps inside this process).
 * - csv4.ts / csv4-parse.ts: rows and headers exactly as Kea writes and reads them.
 *
 * Decides no policy (what expires, what to reclaim): it stores and answers. Imports only ../net;
 * must not import alloc/, server/ or config/. The pure parts (store, memory-store, table, csv)
 * must not import node:fs; only file-store4, file-loader4, append-writer and lfc do I/O.
 */
export { LeaseState, leaseExpire } from './lease4.js';
export type { Lease4 } from './lease4.js';
export type { LeaseCounts4, LeaseStore4 } from './store.js';
export { LeaseErrorCodes, LeaseStoreError } from './errors.js';
export type { LeaseErrorCode } from './errors.js';
export { MemoryLeaseStore4 } from './memory-store.js';
export { MemfileLeaseStore4 } from './file-store4.js';
export type { LfcOutcome4, MemfileLoadReport4, MemfileOptions4 } from './file-store4.js';
export type { LeaseLoadIssue } from './file-loader4.js';
export type { LeaseFileIo } from './append-writer.js';
export { compactLeaseFiles4, lfcFiles4 } from './lfc.js';
export type { LfcFiles4, LfcResult4 } from './lfc.js';
export { LEASE4_COLUMNS, escapeCsvBytes, lease4Header } from './csv4.js';
export type { Lease4Schema } from './csv4.js';
export { toKeaJson } from './kea-json.js';
