/**
 * DHCPv4 client classification, at the points where Kea evaluates classes (ARM "Client
 * Classification", dhcp4_srv.cc `classifyPacket`, `Dhcpv4Exchange` constructor and
 * `evaluateAdditionalClasses`):
 *
 * 1. pass 1, right after parsing: `ALL`, `VENDOR_CLASS_<option 60>`, then every class in
 *    configuration order that has a `test` or `template-test`, is not `only-in-additional-list`
 *    and does not depend on KNOWN/UNKNOWN;
 * 2. after the host lookup: the host's classes replace the expression classes (pass 1 runs again),
 *    then `KNOWN` or `UNKNOWN`, then the classes that depend on them (pass 2);
 * 3. after allocation: the additional classes of the pool, subnet and shared network.
 *
 * Classes are an insertion-ordered set: the order is option precedence among classes. A class
 * whose expression fails to evaluate is not assigned (Kea logs DHCPSRV_EVAL_ERROR and goes on).
 * Pure.
 */
import type { ClientClass4, ResolvedConfig4 } from '../config/index.js';
import { escapeClassBytes, evaluateBool, evaluateString, type EvalPacket } from '../eval/index.js';

/** Reports a class whose expression failed; the class is not assigned. */
export type EvalErrorSink = (className: string, err: unknown) => void;

const ignore: EvalErrorSink = () => {};

/** Kea's `VENDOR_CLASS_` value: option 60 without trailing NULs, escaped as a class name (3.3). */
export function vendorClassName(option60: Uint8Array): string | undefined {
  let end = option60.length;
  while (end > 0 && option60[end - 1] === 0) end--;
  return end === 0 ? undefined : `VENDOR_CLASS_${escapeClassBytes(option60.subarray(0, end))}`;
}

/** Evaluates one class into `classes`: a boolean test, or a template test that spawns a subclass. */
function evaluateClass(c: ClientClass4, pkt: EvalPacket, classes: Set<string>, onError: EvalErrorSink): void {
  try {
    if (c.templateTest !== undefined) {
      const value = evaluateString(c.templateTest, pkt);
      if (value.length === 0) return;
      // Pkt::addSubClass: the spawned class first, so its options win over the template's.
      classes.add(`SPAWN_${c.name}_${escapeClassBytes(value)}`);
      classes.add(c.name);
    } else if (c.test !== undefined && evaluateBool(c.test, pkt)) {
      classes.add(c.name);
    }
  } catch (err) {
    onError(c.name, err);
  }
}

/** Pass 1 over the configured classes (not the built-in ones: see {@link classifyInitial4}). */
function evaluatePass1(cfg: ResolvedConfig4, pkt: EvalPacket, classes: Set<string>, onError: EvalErrorSink): void {
  for (const c of cfg.classes) {
    if (c.onlyInAdditionalList || c.dependsOnKnown) continue;
    if (c.test === undefined && c.templateTest === undefined) continue;
    evaluateClass(c, pkt, classes, onError);
  }
}

/** Classification pass 1, into `classes` (which `pkt` must see, for `member()`). */
export function classifyInitial4(cfg: ResolvedConfig4, pkt: EvalPacket, classes: Set<string>, onError: EvalErrorSink = ignore): void {
  classes.add('ALL');
  const option60 = pkt.option(60);
  const vendor = option60 === undefined ? undefined : vendorClassName(option60);
  if (vendor !== undefined) classes.add(vendor);
  evaluatePass1(cfg, pkt, classes, onError);
}

/**
 * A host reservation with classes: every class that has an expression is taken away, the
 * host's classes are added, and pass 1 runs again (Kea's `setReservedClientClasses` + re-eval).
 */
export function applyHostClasses4(cfg: ResolvedConfig4, pkt: EvalPacket, classes: Set<string>, hostClasses: readonly string[],
  onError: EvalErrorSink = ignore): void {
  if (hostClasses.length === 0) return;
  for (const c of cfg.classes) {
    if (c.test !== undefined || c.templateTest !== undefined) {
      classes.delete(c.name);
      if (c.templateTest !== undefined) for (const name of [...classes]) if (name.startsWith(`SPAWN_${c.name}_`)) classes.delete(name);
    }
  }
  for (const name of hostClasses) classes.add(name);
  evaluatePass1(cfg, pkt, classes, onError);
}

/** `KNOWN` or `UNKNOWN`, then the classes that depend on them (pass 2), in configuration order. */
export function classifyKnown4(cfg: ResolvedConfig4, pkt: EvalPacket, classes: Set<string>, isKnown: boolean,
  onError: EvalErrorSink = ignore): void {
  classes.add(isKnown ? 'KNOWN' : 'UNKNOWN');
  for (const c of cfg.classes) {
    if (c.onlyInAdditionalList || !c.dependsOnKnown) continue;
    if (c.test === undefined && c.templateTest === undefined) continue;
    evaluateClass(c, pkt, classes, onError);
  }
}

/**
 * Additional classes (`evaluate-additional-classes`, Kea 3.x order): the pool's, then the
 * subnet's, then the shared network's, each name once. An undefined class is ignored, a class
 * without a test is added as is, the others when their test is true.
 */
export function classifyAdditional4(cfg: ResolvedConfig4, pkt: EvalPacket, classes: Set<string>, lists: ReadonlyArray<readonly string[]>,
  onError: EvalErrorSink = ignore): void {
  const seen = new Set<string>();
  for (const list of lists) {
    for (const name of list) {
      if (seen.has(name)) continue;
      seen.add(name);
      const c = cfg.classByName.get(name);
      if (c === undefined) continue;
      if (c.test === undefined && c.templateTest === undefined) classes.add(name);
      else evaluateClass(c, pkt, classes, onError);
    }
  }
}
