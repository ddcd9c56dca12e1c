// Child of lease-crash.test.ts: puts leases in batches into the lease file argv[2] (addresses from
// argv[3] on), and after each awaited flush() prints the batch's addresses, one per line. The
// test SIGKILLs it at a random moment; every printed address must then be in the file.
import { MemfileLeaseStore4 } from '../../dist/lease/index.js';

const [file, baseText] = process.argv.slice(2);
const base = Number(baseText);
const store = await MemfileLeaseStore4.open(file, { lfcIntervalSec: 0 });
const pad = 'x'.repeat(100);
let n = 0;
for (;;) {
  const batch = 1 + (n % 37);
  const addresses = [];
  for (let i = 0; i < batch; i++, n++) {
    const address = (base + n) >>> 0;
    store.put({
      address,
      hwaddr: Uint8Array.of(2, 0, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255),
      htype: 1,
      clientId: null,
      validLifetime: 3600,
      cltt: 1_900_000_000,
      subnetId: 1,
      poolId: 0,
      fqdnFwd: false,
      fqdnRev: false,
      hostname: `host-${n}-${pad}`,
      state: 0,
      userContext: { n, note: 'a,b&c' },
    });
    addresses.push(address);
  }
  await store.flush();
  // A write to a pipe is synchronous on Linux: once this returns the parent can read it.
  process.stdout.write(`${addresses.join('\n')}\n`);
}
