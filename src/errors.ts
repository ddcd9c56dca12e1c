/**
 * The error base class and the catalogue of error codes. Every error the appliance raises is a
 * `GitdhcpError` with a code from `ErrorCodes`; `docs/errors.md` documents each code and
 * `test/catalogue.test.ts` keeps the two in step.
 */

/** Every error code, with what it means to an operator. */
export const ErrorCodes = {
  ERR_CONFIG_INVALID: 'a configuration was read but breaks the schema or a semantic rule',
  ERR_CLI_USAGE: 'the command line is not one gitdhcp understands',
  ERR_GIT_REVISION: 'a git revision or path named on the command line could not be read',
  ERR_EVAL_RUNTIME: 'a client-class expression failed while evaluating a packet; the class is not assigned (as in Kea)',
} as const;
export type ErrorCode = keyof typeof ErrorCodes;

/** Base class of every error raised by gitdhcp: a stable `code` plus an optional `cause`. */
export class GitdhcpError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
