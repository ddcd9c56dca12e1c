/**
 * Client classes: expressions parsed once, class options compiled with the class's own
 * option-def entries, and which classes must wait for the host reservation lookup (those whose
 * test depends on KNOWN/UNKNOWN, directly or through classes they reference).
 */
import { OptionCatalogue } from '../../codec/index.js';
import { isKnownClassName, parseExpression, type BoolExpr, type ParseContext, type StringExpr } from '../../eval/index.js';
import { parseIPv4 } from '../../net/index.js';
import type { ClientClass4 as ClientClassConfig } from '../../schema/index.js';
import { optionDefinitionOf } from '../option-lookup.js';
import { compileOptions4 } from './options4.js';
import { lifetimeOf } from './params4.js';
import type { ClientClass4 } from './types4.js';

/** Compiles the class definitions, in order. */
export function compileClasses4(list: readonly ClientClassConfig[] | undefined, catalogue: OptionCatalogue): ClientClass4[] {
  const ctx: ParseContext = {
    family: 4,
    resolveOptionName: (space, name) => catalogue.findByName(space, name)?.code,
  };
  const dependsOnKnown = new Map<string, boolean>();
  const out: ClientClass4[] = [];
  for (const c of list ?? []) {
    let test: BoolExpr | undefined;
    let templateTest: StringExpr | undefined;
    let depends = false;
    for (const [text, kind] of [[c.test, 'bool'], [c['template-test'], 'string']] as const) {
      if (text === undefined) continue;
      const r = parseExpression(text, kind, ctx);
      if (!r.ok) throw new Error(`client class ${c.name}: ${r.message} (config not validated?)`);
      if (kind === 'bool') test = r.ast as BoolExpr;
      else templateTest = r.ast as StringExpr;
      depends ||= r.dependsOnKnown || r.referencedClasses.some((n) => isKnownClassName(n) || dependsOnKnown.get(n) === true);
    }
    dependsOnKnown.set(c.name, depends);
    const local = c['option-def'] === undefined || c['option-def'].length === 0
      ? undefined
      : OptionCatalogue.standard(4).extend(c['option-def'].map((d) => optionDefinitionOf(d, 4)));
    const next = c['next-server'];
    out.push({
      name: c.name,
      test,
      templateTest,
      onlyInAdditionalList: c['only-in-additional-list'] ?? c['only-if-required'] ?? false,
      dependsOnKnown: depends,
      options: compileOptions4(c['option-data'], { catalogue, ...(local ? { local } : {}), isGlobal: false }),
      nextServer: next === undefined ? undefined : (parseIPv4(next) ?? undefined),
      serverHostname: c['server-hostname'],
      bootFileName: c['boot-file-name'],
      validLifetime: lifetimeOf(c['valid-lifetime'], c['min-valid-lifetime'], c['max-valid-lifetime']),
      offerLifetime: c['offer-lifetime'],
      catalogue: local,
    });
  }
  return out;
}
