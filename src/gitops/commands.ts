/**
 * The reconciler's control commands, in Kea's command envelope: `gitops-status`,
 * `gitops-reconcile`, `gitops-rollback` (`{"revision": REV}` optional), `gitops-unpin`,
 * `gitops-suspend`, `gitops-resume`. The CLI (`gitdhcp status`, `reconcile`, `rollback`, ...)
 * sends them over the local control socket; the HTTP control channel serves the same ones.
 */
import { CommandResult, type CommandRegistry, type CommandResponse } from '../control/commands.js';
import type { ActionResult, Reconciler } from './reconciler.js';

export const GITOPS_COMMANDS = ['gitops-status', 'gitops-reconcile', 'gitops-rollback', 'gitops-unpin', 'gitops-suspend', 'gitops-resume'] as const;

function answered(r: ActionResult, reconciler: Reconciler): CommandResponse {
  return { result: r.ok ? CommandResult.Success : CommandResult.Error, text: r.text, arguments: reconciler.status };
}

/** Adds the gitops commands of `reconciler` to `registry`. */
export function registerGitopsCommands(registry: CommandRegistry, reconciler: Reconciler): void {
  const source = 'gitops';
  registry.register('gitops-status', () => ({ result: CommandResult.Success, text: 'reconciler status', arguments: reconciler.status }), source);
  registry.register('gitops-reconcile', async () => {
    if (reconciler.status.suspended) {
      return { result: CommandResult.Conflict, text: 'reconciliation is suspended: gitops-resume first', arguments: reconciler.status };
    }
    await reconciler.reconcile();
    const last = reconciler.status.history.at(-1);
    return { result: CommandResult.Success, text: `reconciled; serving ${reconciler.status.lastApplied?.slice(0, 12) ?? 'nothing'}${last ? ` (last attempt: ${last.revision.slice(0, 12)} ${last.outcome})` : ''}`, arguments: reconciler.status };
  }, source);
  registry.register('gitops-rollback', async (args) => {
    const to = args['revision'];
    if (to !== undefined && typeof to !== 'string') return { result: CommandResult.Error, text: "'revision' must be a string (a revision or a prefix of one)" };
    return answered(await reconciler.rollback(to), reconciler);
  }, source);
  registry.register('gitops-unpin', async () => answered(await reconciler.unpin(), reconciler), source);
  registry.register('gitops-suspend', async () => answered(await reconciler.suspend(), reconciler), source);
  registry.register('gitops-resume', async () => answered(await reconciler.resume(), reconciler), source);
}
