import { runLeaseStoreSuite } from './store.conformance.js';
import { memfileHarness } from './test-helpers.js';

runLeaseStoreSuite('MemfileLeaseStore4', () => memfileHarness());
runLeaseStoreSuite('MemfileLeaseStore4 (schema 2.1, fsync)', () => memfileHarness({ schema: '2.1', fsync: true }));
