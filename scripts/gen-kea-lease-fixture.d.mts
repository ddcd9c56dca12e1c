// Types of scripts/gen-kea-lease-fixture.mjs, for the lease-file interoperability tests.
import type { KeaLease4 } from './kea4-lab.mjs';
export interface KeaWritesResult {
  readonly leaseFile: string;
  readonly before: KeaLease4[];
  readonly afterReload: KeaLease4[];
  readonly rowErrorsOnReload: number;
  readonly version: string;
}
export declare function keaWrites(commands: ReadonlyArray<readonly [string, Record<string, unknown>]>, dir: string): Promise<KeaWritesResult>;
