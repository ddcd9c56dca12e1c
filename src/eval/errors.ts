/**
 * The error the evaluator throws where Kea's evaluation throws (EvalTypeError / EvalBadStack in
 * src/lib/eval/token.cc). Kea catches it around each class test, logs it and leaves the class
 * unassigned; the server's classification stage does the same (drop nothing, count, log).
 */
import { GitdhcpError } from '../errors.js';

export class EvalRuntimeError extends GitdhcpError {
  constructor(message: string) {
    super('ERR_EVAL_RUNTIME', message);
  }
}
