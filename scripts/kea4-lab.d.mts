// Types of scripts/kea4-lab.mjs, for the lease-file interoperability tests.
export interface KeaPaths {
  readonly dhcp4: string | null;
  readonly lfc: string | null;
  readonly leaseCmds: string | null;
}
export interface KeaAnswer {
  readonly result: number;
  readonly text?: string;
  readonly arguments?: Record<string, unknown>;
}
export interface Kea4 {
  readonly socket: string;
  command(command: string, args?: Record<string, unknown>): Promise<KeaAnswer>;
  log(): string;
  stop(): Promise<void>;
}
/** A lease as lease4-get-all prints it (Lease4::toElement). */
export type KeaLease4 = Record<string, unknown> & { readonly 'ip-address': string };
export declare function findKea(): KeaPaths;
export declare function keaVersion(dhcp4: string): string;
export declare function keaCommand(socket: string, command: string, args?: Record<string, unknown>): Promise<KeaAnswer>;
export declare function startKea4(options: {
  dir: string;
  leaseFile: string;
  subnets?: ReadonlyArray<{ id: number; subnet: string }>;
  lfcInterval?: number;
  kea?: KeaPaths;
}): Promise<Kea4>;
export declare function runKeaLfc(base: string, kea?: KeaPaths): { status: number | null; output: string };
export declare function keaLeases(kea: Kea4): Promise<KeaLease4[]>;
export declare function ipToNumber(text: string): number;
export declare const FIXTURE_COMMANDS: ReadonlyArray<readonly [string, Record<string, unknown>]>;
