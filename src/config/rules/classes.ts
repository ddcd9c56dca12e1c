/**
 * `client-classes`: what Kea's ClientClassDefParser refuses or warns about
 * (lib/dhcpsrv/parsers/client_class_def_parser.cc:76-340, client_class_def.cc:579-644), checked
 * in list order because a `test` may only use classes defined before it. Each class's own
 * option-def and option-data are checked here too (its option-defs are visible to its
 * option-data only, never to expressions). Lifetimes of classes are not checked here.
 */
import { parseExpression, isBuiltinClassName, type ParseContext , escapeClassName } from '../../eval/index.js';
import type { OptionCatalogue } from '../../codec/index.js';
import { joinPointer } from '../issues.js';
import { BootFieldMaxBytes, checkBootFieldBytes, checkNextServerNotBroadcast } from './boot-fields.js';
import { bool, eachObj, str, type DaemonView, type Located, type RuleContext } from './context.js';
import { checkClassOptionDefs, type BrokenDefs } from './option-defs.js';
import { checkOptionDataList } from './options-data.js';

/** What the reference checks need to know about one defined class. */
export interface ClassInfo {
  readonly name: string;
  readonly path: string;
  readonly isTemplate: boolean;
  readonly hasTest: boolean;
  /** `only-in-additional-list` (or the deprecated `only-if-required`) is true. */
  readonly isAdditional: boolean;
  /** Its test uses KNOWN/UNKNOWN, directly or through classes it uses (evaluated after host lookup). */
  readonly dependsOnKnown: boolean;
}

/** The classes of one daemon, by name (first definition wins), and what template tests refer to. */
export interface ClassIndex {
  readonly byName: ReadonlyMap<string, ClassInfo>;
  readonly templateRefs: ReadonlySet<string>;
}

/** Kea's builtinNames: these may carry options but no test and no additional flag. */
const BUILTIN_EXACT: ReadonlySet<string> = new Set(['ALL', 'KNOWN', 'UNKNOWN', 'BOOTP']);

/** Checks every client class in order and returns the index of the defined ones. */
export function checkClientClasses(view: DaemonView, catalogue: OptionCatalogue, broken: BrokenDefs, ctx: RuleContext): ClassIndex {
  const byName = new Map<string, ClassInfo>();
  const templateRefs = new Set<string>();
  const classes = eachObj({ value: view.root, path: view.base }, 'client-classes');
  const firstAt = new Map<string, string>();
  for (const c of classes) {
    const name = str(c.value['name']);
    if (name !== undefined && !firstAt.has(name)) firstAt.set(name, c.path);
  }
  const parse: ParseContext = {
    family: view.family,
    // A name whose option-def is broken (already reported) resolves to a placeholder code, so
    // that the expression is not reported a second time.
    resolveOptionName: (space, name) => catalogue.findByName(space, name)?.code ?? (broken.has(space, undefined, name) ? 0 : undefined),
  };
  for (const c of classes) {
    const name = str(c.value['name']);
    if (name === undefined || name === '') continue; // reported by the schema
    const info = checkClass(c, name, { view, catalogue, broken, parse, byName, firstAt, templateRefs }, ctx);
    const first = byName.get(name);
    if (first !== undefined) {
      ctx.error('duplicate-client-class', joinPointer(c.path, 'name'), `client class '${name}' is already defined at ${first.path}`,
        'class names must be unique (they are compared exactly, case included); merge the two definitions or rename one');
    } else {
      byName.set(name, info);
    }
  }
  return { byName, templateRefs };
}

interface ClassScope {
  readonly view: DaemonView;
  readonly catalogue: OptionCatalogue;
  readonly broken: BrokenDefs;
  readonly parse: ParseContext;
  /** Classes defined so far. */
  readonly byName: ReadonlyMap<string, ClassInfo>;
  readonly firstAt: ReadonlyMap<string, string>;
  readonly templateRefs: Set<string>;
}

function checkClass(c: Located, name: string, scope: ClassScope, ctx: RuleContext): ClassInfo {
  const escaped = escapeClassName(name);
  if (escaped !== name) {
    ctx.warn('class-name-characters', joinPointer(c.path, 'name'),
      `client class name '${name}' includes characters Kea considers problematic; Kea suggests '${escaped}'`,
      "use letters, digits and !#$%&*+-./:?@^_|~ only: blanks, quotes, commas, brackets and the like are awkward in expressions and class lists");
  }
  const expr = checkExpression(c, name, scope, ctx);
  if (scope.view.family === 4) {
    const local = checkClassOptionDefs(c, name, scope.broken, ctx);
    checkOptionDataList(c, { family: 4, catalogue: scope.catalogue, broken: scope.broken, isGlobal: false, local, label: `client class '${name}'` }, ctx);
    checkBootFields(c, name, ctx);
  } else {
    checkOptionDataList(c, { family: 6, catalogue: scope.catalogue, broken: scope.broken, isGlobal: false, label: `client class '${name}'` }, ctx);
  }
  const flagKey = checkAdditionalFlags(c, name, ctx);
  const isAdditional = flagKey !== undefined && bool(c.value[flagKey]) === true;
  checkSpecialNames(c, name, flagKey, isAdditional, expr, ctx);
  return { name, path: c.path, isTemplate: expr.key === 'template-test', hasTest: expr.key !== undefined, isAdditional, dependsOnKnown: expr.dependsOnKnown };
}

interface ExpressionFacts {
  /** The key holding the expression (`test` or `template-test`), when one is given. */
  readonly key: 'test' | 'template-test' | undefined;
  readonly text: string;
  readonly dependsOnKnown: boolean;
}

function checkExpression(c: Located, name: string, scope: ClassScope, ctx: RuleContext): ExpressionFacts {
  const test = c.value['test'];
  const template = c.value['template-test'];
  if (test !== undefined && template !== undefined) {
    ctx.error('class-test-conflict', joinPointer(c.path, 'template-test'),
      `client class '${name}' has both test and template-test`, 'keep one: test decides membership, template-test spawns classes');
    return { key: undefined, text: '', dependsOnKnown: false };
  }
  const key = test !== undefined ? 'test' : template !== undefined ? 'template-test' : undefined;
  const text = key === undefined ? undefined : str(c.value[key]);
  if (key === undefined || text === undefined) return { key: undefined, text: '', dependsOnKnown: false };
  const at = joinPointer(c.path, key);
  if (key === 'template-test' && text === '') {
    ctx.error('invalid-class-expression', at, `client class '${name}': template-test must not be empty`,
      'remove template-test, or give a string expression such as substring(option[61].hex, 0, 3)');
    return { key, text, dependsOnKnown: false };
  }
  const r = parseExpression(text, key === 'test' ? 'bool' : 'string', scope.parse);
  if (!r.ok) {
    ctx.error('invalid-class-expression', at, `client class '${name}': ${key} ${JSON.stringify(text)}: ${r.message}`);
    return { key, text, dependsOnKnown: false };
  }
  if (key === 'template-test') {
    for (const ref of r.referencedClasses) scope.templateRefs.add(ref);
    return { key, text, dependsOnKnown: r.dependsOnKnown };
  }
  let dependsOnKnown = r.dependsOnKnown;
  for (const ref of r.referencedClasses) {
    if (isBuiltinClassName(ref)) continue;
    const earlier = scope.byName.get(ref);
    if (earlier !== undefined) {
      dependsOnKnown ||= earlier.dependsOnKnown;
      continue;
    }
    reportUndefinedMember(at, name, ref, scope.firstAt.get(ref), ctx);
  }
  return { key, text, dependsOnKnown };
}

function reportUndefinedMember(at: string, name: string, ref: string, laterAt: string | undefined, ctx: RuleContext): void {
  if (laterAt !== undefined && ref !== name) {
    ctx.error('undefined-class-reference', at,
      `client class '${name}': test uses member('${ref}'), but class '${ref}' is defined only later (${laterAt})`,
      `move class '${ref}' above '${name}': Kea needs a class to be defined before a test refers to it`);
  } else if (ref === name) {
    ctx.error('undefined-class-reference', at, `client class '${name}': test uses member('${ref}'), its own class`,
      'a test cannot refer to the class it defines');
  } else {
    ctx.error('undefined-class-reference', at, `client class '${name}': test uses member('${ref}'), but no class '${ref}' is defined`,
      `define class '${ref}' before '${name}', or fix the spelling; built-in classes are ALL, KNOWN, UNKNOWN, BOOTP and names `
        + 'starting with VENDOR_CLASS_, HA_, AFTER_ or EXTERNAL_');
  }
}

/** C14: only-if-required (deprecated) and only-in-additional-list together. Returns the key in force. */
function checkAdditionalFlags(c: Located, name: string, ctx: RuleContext): string | undefined {
  const hasOld = c.value['only-if-required'] !== undefined;
  const hasNew = c.value['only-in-additional-list'] !== undefined;
  if (hasOld && hasNew) {
    ctx.error('only-if-required-conflict', joinPointer(c.path, 'only-if-required'),
      `client class '${name}' has both only-if-required and only-in-additional-list`,
      'remove only-if-required: only-in-additional-list replaces it');
  }
  return hasNew ? 'only-in-additional-list' : hasOld ? 'only-if-required' : undefined;
}

/** C23-C26: built-in classes take neither a test nor the additional flag; DROP and REJECT not the flag. */
function checkSpecialNames(c: Located, name: string, flagKey: string | undefined, isAdditional: boolean,
  expr: ExpressionFacts, ctx: RuleContext): void {
  const flagAt = flagKey === undefined ? c.path : joinPointer(c.path, flagKey);
  if (BUILTIN_EXACT.has(name)) {
    if (isAdditional) {
      ctx.error('builtin-class-misuse', flagAt, `built-in class '${name}' cannot be marked ${flagKey}`,
        'a built-in class definition may only attach options (or other parameters) to the class');
    }
    if (expr.key !== undefined && expr.text !== '') {
      ctx.error('builtin-class-misuse', joinPointer(c.path, expr.key), `built-in class '${name}' cannot have a ${expr.key}`,
        `Kea assigns '${name}' itself; define a class with another name to test for it`);
    }
  }
  if (isAdditional && name === 'DROP') {
    ctx.error('special-class-misuse', flagAt, `special class 'DROP' cannot be marked ${flagKey}`,
      'packets are dropped before additional classes are evaluated; remove the flag');
  } else if (isAdditional && name === 'REJECT') {
    ctx.warn('special-class-misuse', flagAt,
      `special class 'REJECT' cannot be marked ${flagKey}: Kea 3.2 and later reject this configuration (3.0 and 3.1 accept it)`,
      'remove the flag');
  }
}

/** C18-C20: DHCPv4 boot fields of a class (the schema checks the syntax and the length in characters). */
function checkBootFields(c: Located, name: string, ctx: RuleContext): void {
  const label = `client class '${name}'`;
  checkNextServerNotBroadcast(c, label, ctx);
  checkBootFieldBytes(c, 'server-hostname', BootFieldMaxBytes['server-hostname'], label, ctx);
  checkBootFieldBytes(c, 'boot-file-name', BootFieldMaxBytes['boot-file-name'], label, ctx);
}
