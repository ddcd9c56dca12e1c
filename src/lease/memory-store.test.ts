import { MemoryLeaseStore4 } from './memory-store.js';
import { runLeaseStoreSuite } from './store.conformance.js';

runLeaseStoreSuite('MemoryLeaseStore4', () => ({ store: new MemoryLeaseStore4() }));
