// Types of scripts/perfdhcp-lab.mjs, for the perfdhcp black-box test.
/** One exchange block of perfdhcp's report; null where perfdhcp printed no number. Delays in ms. */
export interface PerfdhcpExchange {
  readonly sent: number | null;
  readonly received: number | null;
  readonly drops: number | null;
  readonly dropsRatioPct: number | null;
  readonly orphans: number | null;
  readonly rejectedLeases: number | null;
  readonly nonUniqueAddresses: number | null;
  readonly minDelayMs: number | null;
  readonly avgDelayMs: number | null;
  readonly maxDelayMs: number | null;
  readonly stdDeviationMs: number | null;
  readonly collected: number | null;
}
/** A lease perfdhcp received (`-x l`): client id in plain hex as echoed by the server, and yiaddr. */
export interface PerfdhcpLease {
  readonly clientId: string;
  readonly address: string;
}
export interface PerfdhcpReport {
  /** Completed exchanges per second. */
  readonly rate: number | null;
  readonly expectedRate: number | null;
  readonly malformed: number | null;
  /** By exchange name: "DISCOVER-OFFER", "REQUEST-ACK". */
  readonly exchanges: Readonly<Record<string, PerfdhcpExchange>>;
  readonly leases: Readonly<Record<string, readonly PerfdhcpLease[]>>;
}
export interface PerfdhcpRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly report: PerfdhcpReport;
  readonly elapsedMs: number;
}
export declare function findPerfdhcp(): string | null;
export declare function perfdhcpVersion(perfdhcp?: string): string;
export declare function parsePerfdhcp(text: string): PerfdhcpReport;
export declare function runPerfdhcp(ns: string, args: readonly string[], options?: { timeoutMs?: number; perfdhcp?: string }): Promise<PerfdhcpRun>;
