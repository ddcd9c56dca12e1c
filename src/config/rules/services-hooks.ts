/**
 * `hooks-libraries` (Dhcp4, Dhcp6, DhcpDdns): the structural checks of Kea's
 * HooksLibrariesParser (src/lib/hooks/hooks_parser.cc): the library path needs a file name, and
 * Kea 3.x loads libraries only from its hooks directory (a warning here: the directory depends
 * on how Kea was built and on KEA_HOOKS_PATH). Whether gitdhcp can load a library is
 * `unsupported.ts`'s business; that Kea can dlopen it is not checked.
 */
import { joinPointer } from '../issues.js';
import { eachObj, str, type Located, type RuleContext } from './context.js';
import { checkRestrictedPath, KeaDirectories } from './services-paths.js';
import { isJsHookModule } from './unsupported.js';

/**
 * Checks the `hooks-libraries` list of a daemon map.
 *
 * @example
 * checkHooksLibraries({ value: d2Map, path: '/DhcpDdns' }, ctx);
 */
export function checkHooksLibraries(parent: Located, ctx: RuleContext): void {
  for (const entry of eachObj(parent, 'hooks-libraries')) {
    const library = str(entry.value['library']);
    if (library === undefined) continue; // missing: reported by the schema
    // A gitdhcp hook module (.js, .mjs) is not a Kea library: Kea's hooks directory does not apply.
    if (isJsHookModule(library)) continue;
    checkRestrictedPath(ctx, joinPointer(entry.path, 'library'), library, KeaDirectories.hooks, 'hook library');
  }
}
