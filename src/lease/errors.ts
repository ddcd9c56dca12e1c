/**
 * The lease stores' error class. The codes (`ERR_LEASE_*`) and their meanings live in the central
 * catalogue, `src/errors.ts`, documented in docs/errors.md.
 */
import { ErrorCodes, GitdhcpError } from '../errors.js';
import type { ErrorCode } from '../errors.js';

/** One of the lease stores' error codes. */
export type LeaseErrorCode = Extract<ErrorCode, `ERR_LEASE_${string}`>;

/** Every lease store error code, with what it means to an operator. */
export const LeaseErrorCodes: Readonly<Record<LeaseErrorCode, string>> = Object.fromEntries(
  Object.entries(ErrorCodes).filter(([code]) => code.startsWith('ERR_LEASE_')),
) as Record<LeaseErrorCode, string>;

/** The error every lease store raises. */
export class LeaseStoreError extends GitdhcpError {
  declare readonly code: LeaseErrorCode;

  constructor(code: LeaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
