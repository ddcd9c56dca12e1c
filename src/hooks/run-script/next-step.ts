/**
 * What a synchronous run means for the packet: the script's exit code chosen as the next step.
 * Neither Kea's hook nor kea-hook-runscript reads the exit code; this mapping is ours.
 *
 * | exit              | next step | why this code                                               |
 * |-------------------|-----------|-------------------------------------------------------------|
 * | 0                 | CONTINUE  | success                                                     |
 * | 3                 | SKIP      | 1 and 2 are what shells and most tools use for any error,   |
 * | 4                 | DROP      | 126/127 mean "not executable"/"not found", 128+n a signal   |
 * | any other code    | CONTINUE  | a failing script must not take the DHCP service down; warned |
 * | killed by signal  | CONTINUE  | same, warned                                                |
 * | timeout           | DROP      | the rule for a failed callout (Kea: a callout that throws)  |
 * | could not start   | DROP      | same                                                        |
 * | no slot (parked)  | DROP      | same                                                        |
 *
 * A status the hook point does not honour is CONTINUE (the hook manager's rule, as in Kea).
 * Pure.
 */
import type { NextStep } from '../types.js';
import type { RunOutcome } from './runner.js';

/** The exit codes a synchronous script uses to choose the next step. */
export const ScriptExitCode = { Continue: 0, Skip: 3, Drop: 4 } as const;
export type ScriptExitCode = (typeof ScriptExitCode)[keyof typeof ScriptExitCode];

/** The next step for `outcome`, and whether the outcome deserves a warning. */
export function nextStepOf(outcome: RunOutcome): { readonly step: NextStep; readonly isFailure: boolean } {
  switch (outcome.kind) {
    case 'exit':
      if (outcome.code === ScriptExitCode.Continue) return { step: 'continue', isFailure: false };
      if (outcome.code === ScriptExitCode.Skip) return { step: 'skip', isFailure: false };
      if (outcome.code === ScriptExitCode.Drop) return { step: 'drop', isFailure: false };
      return { step: 'continue', isFailure: true };
    case 'signal':
      return { step: 'continue', isFailure: true };
    case 'timeout':
    case 'error':
    case 'dropped':
      return { step: 'drop', isFailure: true };
  }
}
