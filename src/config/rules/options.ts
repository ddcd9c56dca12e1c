/**
 * Options and client classes of one DHCP daemon, in Kea's order (bin/dhcp4/json_config_parser.cc
 * processDhcp4Config): the global option-def list first (it builds the runtime definitions that
 * option-data and expressions see), then the client classes in list order (each with its own
 * option-def, option-data and test), then the option-data of every other scope, then warnings
 * about class names that nothing defines.
 */
import type { DaemonView, RuleContext } from './context.js';
import { checkClientClasses } from './classes.js';
import { checkClassReferences } from './classes-refs.js';
import { BrokenDefs, checkGlobalOptionDefs } from './option-defs.js';
import { checkOptionDataList } from './options-data.js';
import { daemonScopes, labelOf } from './scopes.js';

/**
 * Runs the option-def (§13), option-data (§11) and client-class (§14) rules over one Dhcp4 or
 * Dhcp6 map, plus warnings for class names used but never defined. Never throws.
 * @example checkOptionsAndClasses(daemonView(root.Dhcp4, 4), ctx)
 */
export function checkOptionsAndClasses(view: DaemonView, ctx: RuleContext): void {
  const broken = new BrokenDefs();
  const catalogue = checkGlobalOptionDefs({ value: view.root, path: view.base }, view.family, broken, ctx);
  const classes = checkClientClasses(view, catalogue, broken, ctx);
  const scopes = daemonScopes(view);
  for (const s of scopes) {
    if (!Array.isArray(s.value['option-data'])) continue;
    const isGlobal = s.kind === 'global';
    checkOptionDataList(s, { family: view.family, catalogue, broken, isGlobal, label: isGlobal ? 'global option-data' : () => labelOf(s) }, ctx);
  }
  checkClassReferences(view, scopes, classes, ctx);
}
