/** A command line gitdhcp does not understand; the CLI prints it with the command's help. */
import { GitdhcpError } from '../errors.js';

export class UsageError extends GitdhcpError {
  constructor(message: string) {
    super('ERR_CLI_USAGE', message);
  }
}
