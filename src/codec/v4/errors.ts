/**
 * The DHCPv4 codec's error codes and its error class. Decoding never throws: it returns one of
 * these codes with the offset of the offending octet. Encoding and `Options4.set` throw a
 * `CodecError` only for values no packet can carry (a programming error in the caller).
 * The codes and their meanings live in the central catalogue, `src/errors.ts`.
 */
import { ErrorCodes, GitdhcpError } from '../../errors.js';
import type { ErrorCode } from '../../errors.js';

/** One of the DHCPv4 codec's error codes. */
export type CodecErrorCode = Extract<ErrorCode, `ERR_CODEC_${string}`>;

/** Every DHCPv4 codec error code, with what it means to an operator. */
export const CodecErrorCodes: Readonly<Record<CodecErrorCode, string>> = Object.fromEntries(
  Object.entries(ErrorCodes).filter(([code]) => code.startsWith('ERR_CODEC_')),
) as Record<CodecErrorCode, string>;

/** An error raised while building or encoding a DHCPv4 packet (never while decoding). */
export class CodecError extends GitdhcpError {
  declare readonly code: CodecErrorCode;
  /** The option concerned, or `null` for a header field. */
  readonly optionCode: number | null;

  constructor(code: CodecErrorCode, message: string, optionCode: number | null = null) {
    super(code, message);
    this.optionCode = optionCode;
  }
}
