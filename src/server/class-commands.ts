/**
 * Kea's client class commands (libdhcp_class_cmds.so, src/hooks/dhcp/class_cmds/class_cmds.cc of
 * Kea 3.0): `class-list`, `class-get`, `class-add`, `class-update` and `class-del`, over the
 * `client-classes` of the configured `Dhcp4` map, with Kea's checks and texts. Changes run
 * inside `port.exclusive` and go through the port (config-commands.ts); what Kea's class parser
 * would reject beyond the checks made here (a bad expression, an unknown option) is the port's
 * validation answer. Missing and empty `arguments` get parseCommandWithArgs' two texts.
 */
import { CommandResult, type CommandRegistry, type CommandResponse } from '../control/commands.js';
import { isKnownClassName, parseExpression, type ParseContext } from '../eval/index.js';
import type { ResolvedConfig4 } from '../config/index.js';
import {
  applyThen, class4ToElement, editableSource, exclusively, fail, onlyEntry, pushTo, registerHandlers,
  type Args, type ConfigCommandsPort, type Handler, type JsonMap,
} from './config-elements.js';

/** ClientClassDefParser::checkParametersSupported, DHCPv4. */
const SUPPORTED4 = new Set([
  'name', 'test', 'option-data', 'user-context', 'only-if-required', 'only-in-additional-list', 'valid-lifetime',
  'min-valid-lifetime', 'max-valid-lifetime', 'template-test', 'option-def', 'next-server', 'server-hostname', 'boot-file-name',
]);

const classesOf = (map: JsonMap): JsonMap[] => (Array.isArray(map['client-classes']) ? (map['client-classes'] as JsonMap[]) : []);

/** parseCommandWithArgs (command_interpreter.cc): a map with at least one entry. */
function requireArgs(args: Args, present: boolean, cmd: string): void {
  if (!present) fail(`invalid command '${cmd}': no arguments specified`);
  if (Object.keys(args).length === 0) fail(`invalid command '${cmd}': 'arguments' is empty`);
}

/** The name of class-get / class-del. */
function nameArg(args: Args, present: boolean, cmd: string): string {
  requireArgs(args, present, cmd);
  const n = Object.keys(args).length;
  if (n !== 1) fail(`invalid number of arguments ${n} for the '${cmd}' command. Expecting 'name' string`);
  const name = args['name'];
  if (name === undefined) fail(`missing 'name' argument for the '${cmd}' command`);
  if (typeof name !== 'string') fail(`'name' argument specified for the '${cmd}' command is not a string`);
  return name as string;
}

/** parseReceivedClass plus the map check: the one class definition. */
function receivedClass(args: Args, present: boolean, cmd: string): JsonMap {
  requireArgs(args, present, cmd);
  const n = Object.keys(args).length;
  if (n !== 1) fail(`invalid number of arguments ${n} for the '${cmd}' command. Expecting 'client-classes' list`);
  return onlyEntry(args, cmd, 'client-classes', 'class', `invalid class definition specified for the '${cmd}' command. Expected a map`);
}

function checkSupported(def: JsonMap): void {
  for (const k of Object.keys(def).sort()) if (!SUPPORTED4.has(k)) fail(`unsupported client class parameter '${k}'`);
}

/** The classes an expression names with member(), and whether it depends on KNOWN/UNKNOWN; undefined when it does not parse. */
function references(cfg: ResolvedConfig4, def: JsonMap): { classes: string[]; dependsOnKnown: boolean } | undefined {
  const ctx: ParseContext = { family: 4, resolveOptionName: (space, name) => cfg.catalogue.findByName(space, name)?.code };
  const classes: string[] = [];
  let dependsOnKnown = false;
  for (const [text, kind] of [[def['test'], 'bool'], [def['template-test'], 'string']] as const) {
    if (typeof text !== 'string' || text === '') continue;
    const r = parseExpression(text, kind, ctx);
    if (!r.ok) return undefined;
    classes.push(...r.referencedClasses);
    dependsOnKnown ||= r.dependsOnKnown;
  }
  return { classes, dependsOnKnown };
}

function classList(port: ConfigCommandsPort): CommandResponse {
  const names = classesOf(port.config().source as JsonMap).map((c) => ({ name: c['name'] }));
  const text = `${names.length} class${names.length === 1 ? '' : 'es'} found`;
  return { result: names.length > 0 ? CommandResult.Success : CommandResult.Empty, text, arguments: { 'client-classes': names } };
}

function classGet(port: ConfigCommandsPort, args: Args, present: boolean): CommandResponse {
  const name = nameArg(args, present, 'class-get');
  const cfg = port.config();
  const def = classesOf(cfg.source as JsonMap).find((c) => c['name'] === name);
  if (def === undefined) return { result: CommandResult.Empty, text: `Class '${name}' not found` };
  return {
    result: CommandResult.Success,
    text: `Class '${name}' definition returned`,
    arguments: { 'client-classes': [class4ToElement(def, cfg.catalogue)] },
  };
}

async function classAdd(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const def = receivedClass(args, present, 'class-add');
  checkSupported(def);
  const name = def['name'];
  if (name === undefined) fail("missing parameter 'name'");
  if (typeof name !== 'string') fail("invalid type specified for parameter 'name'");
  const next = editableSource(port);
  if (classesOf(next).some((c) => c['name'] === name)) fail(`Can't add class: Client Class: ${name as string} has already been defined`);
  pushTo(next, 'client-classes', structuredClone(def));
  return applyThen(port, next, `class-add ${name as string}`, { result: CommandResult.Success, text: `Class '${name as string}' added` });
}

async function classUpdate(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const def = structuredClone(receivedClass(args, present, 'class-update'));
  if (!('name' in def)) fail("the first class definition is missing a mandatory 'name' parameter");
  checkSupported(def);
  const name = String(def['name']);
  const cfg = port.config();
  const next = editableSource(port);
  const list = classesOf(next);
  const index = list.findIndex((c) => c['name'] === name);
  const previous = list[index];
  if (previous === undefined) return { result: CommandResult.Empty, text: `Class '${name}' is not found` };
  // A template class stays one when the update leaves its template-test out.
  if (def['template-test'] === undefined && previous['template-test'] !== undefined) def['template-test'] = previous['template-test'];
  const refs = references(cfg, def);
  if (refs !== undefined) {
    const earlier = new Set(list.slice(0, index).map((c) => String(c['name'])));
    const isDependent = refs.dependsOnKnown || refs.classes.some((n) =>
      isKnownClassName(n) || (earlier.has(n) && cfg.classByName.get(n)?.dependsOnKnown === true));
    if (isDependent !== (cfg.classByName.get(name)?.dependsOnKnown ?? false)) {
      fail(`modification of the class '${name}' would affect its dependency on the KNOWN and/or UNKNOWN built-in classes. Such modification is not allowed because there may be other classes depending on those built-ins via the updated class`);
    }
  }
  list[index] = def;
  return applyThen(port, next, `class-update ${name}`, { result: CommandResult.Success, text: `Class '${name}' updated` });
}

async function classDel(port: ConfigCommandsPort, args: Args, present: boolean): Promise<CommandResponse> {
  const name = nameArg(args, present, 'class-del');
  const cfg = port.config();
  const next = editableSource(port);
  const list = classesOf(next);
  const index = list.findIndex((c) => c['name'] === name);
  if (index < 0) return { result: CommandResult.Empty, text: `Class '${name}' not found` };
  // ClientClassDictionary::dependOnClass: another class's expression names it.
  const user = list.find((c) => c['name'] !== name && (references(cfg, c)?.classes.includes(name) ?? false));
  if (user !== undefined) fail(`Class '${name}' is used by class '${String(user['name'])}'`);
  list.splice(index, 1);
  return applyThen(port, next, `class-del ${name}`, { result: CommandResult.Success, text: `Class '${name}' deleted` });
}

/** Adds Kea's class_cmds commands over `port` to `registry` (called by registerConfigCommands). */
export function registerClassCommands(registry: CommandRegistry, port: ConfigCommandsPort, source: string): void {
  const commands: Record<string, Handler> = {
    'class-list': classList,
    'class-get': classGet,
    'class-add': exclusively(classAdd),
    'class-update': exclusively(classUpdate),
    'class-del': exclusively(classDel),
  };
  registerHandlers(registry, port, source, commands);
}
