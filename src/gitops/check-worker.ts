/** The worker thread of check.ts: loads and validates each request it is sent. */
import { parentPort } from 'node:worker_threads';
import { checkNow, type CheckRequest } from './check.js';

parentPort?.on('message', (req: CheckRequest) => {
  let reply;
  try {
    reply = checkNow(req);
  } catch (err) {
    reply = { ok: false, reasons: [`the configuration check failed: ${err instanceof Error ? err.message : String(err)}`] };
  }
  parentPort?.postMessage(reply);
});
