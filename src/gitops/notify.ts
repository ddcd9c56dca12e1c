/**
 * Notifications (`--notify-url`): every attempt's outcome is POSTed as JSON to a URL (a chat
 * webhook relay, an alert manager, a CI job). Best effort: a 5 s timeout, at most 8 in flight
 * (more are dropped and counted), failures logged; the reconciler never waits for them.
 */
import type { Log } from '../server/logging.js';
import type { GitopsEvent } from './reconciler.js';

const MAX_IN_FLIGHT = 8;

export function urlNotifier(url: string, log: Log): (event: GitopsEvent) => void {
  let inFlight = 0;
  let dropped = 0;
  return (event) => {
    if (inFlight >= MAX_IN_FLIGHT) {
      dropped++;
      log.warn('GITOPS_NOTIFY_DROPPED', `notification to ${url} dropped: ${MAX_IN_FLIGHT} still in flight (${dropped} dropped so far)`);
      return;
    }
    inFlight++;
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event), signal: AbortSignal.timeout(5000) })
      .then((res) => {
        if (!res.ok) log.warn('GITOPS_NOTIFY_FAILED', `notification to ${url} answered ${res.status}`);
      }, (err: unknown) => log.warn('GITOPS_NOTIFY_FAILED', `notification to ${url} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => inFlight--);
  };
}
