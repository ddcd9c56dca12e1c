/**
 * The allocation engine's error class. The codes (`ERR_ALLOC_*`) live in the central catalogue,
 * `src/errors.ts`. Per-packet outcomes (no address, NAK, silence) are results, never errors.
 */
import { ErrorCodes, GitdhcpError } from '../errors.js';
import type { ErrorCode } from '../errors.js';

/** One of the allocation engine's error codes. */
export type AllocErrorCode = Extract<ErrorCode, `ERR_ALLOC_${string}`>;

export const AllocErrorCodes: Readonly<Record<AllocErrorCode, string>> = Object.fromEntries(
  Object.entries(ErrorCodes).filter(([code]) => code.startsWith('ERR_ALLOC_')),
) as Record<AllocErrorCode, string>;

export class AllocError extends GitdhcpError {
  declare readonly code: AllocErrorCode;

  constructor(code: AllocErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
