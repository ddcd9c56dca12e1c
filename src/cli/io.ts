/**
 * What a command may touch of the outside world, so that commands run in tests without a process.
 */
export interface CliIO {
  /** Writes to standard output (text is written as given; add the newline yourself). */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** The working directory relative paths resolve against. */
  readonly cwd: string;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes shared by the config commands: 0 fine, 1 findings (invalid / changed), 2 could not run. */
export const Exit = { Ok: 0, Findings: 1, Failure: 2 } as const;
export type ExitCode = (typeof Exit)[keyof typeof Exit];
