/**
 * What a semantic rule sees: one daemon's map (or the whole document for cross-daemon rules),
 * defensive accessors (the schema has already reported wrong types, so rules skip values of
 * the wrong type instead of failing on them), and a place to report issues.
 */
import type { SecretStore } from '../load.js';
import { configError, configWarning, joinPointer, type ConfigIssue, type ConfigIssueCode } from '../issues.js';
import type { Family } from '../../net/index.js';

import { isObj, list, type Obj } from '../access.js';

export { bool, int, isObj, list, num, str, type Obj } from '../access.js';

/** Facts about the machine, for `--on-host` checks only. */
export interface HostFacts {
  /** Names of the network interfaces the machine has. */
  readonly interfaces: ReadonlySet<string>;
}

/** One object of the configuration and where it is. */
export interface Located<T = Obj> {
  readonly value: T;
  readonly path: string;
}

/** Collects issues for one validation run. */
export class RuleContext {
  readonly issues: ConfigIssue[] = [];

  constructor(
    readonly secrets: SecretStore,
    readonly host: HostFacts | undefined,
  ) {}

  error(code: ConfigIssueCode, path: string, message: string, hint?: string): void {
    this.issues.push(configError(code, path, message, hint));
  }

  warn(code: ConfigIssueCode, path: string, message: string, hint?: string): void {
    this.issues.push(configWarning(code, path, message, hint));
  }
}

/** The pieces of a Dhcp4 or Dhcp6 map that most rules walk. */
export interface DaemonView {
  readonly family: Family;
  readonly root: Obj;
  /** `/Dhcp4` or `/Dhcp6`. */
  readonly base: string;
  /** `subnet4` or `subnet6`. */
  readonly subnetKey: 'subnet4' | 'subnet6';
  /** Every subnet, top-level and inside shared networks, with its shared network if any. */
  readonly subnets: ReadonlyArray<Located & { readonly network?: Located }>;
  readonly networks: readonly Located[];
}

/** Builds the view of one DHCP daemon map. */
export function daemonView(root: Obj, family: Family): DaemonView {
  const base = family === 4 ? '/Dhcp4' : '/Dhcp6';
  const subnetKey = family === 4 ? 'subnet4' : 'subnet6';
  const networks: Located[] = [];
  const subnets: Array<Located & { network?: Located }> = [];
  list(root['shared-networks']).forEach((net, n) => {
    if (!isObj(net)) return;
    const network = { value: net, path: joinPointer(base, 'shared-networks', n) };
    networks.push(network);
    list(net[subnetKey]).forEach((s, i) => {
      if (isObj(s)) subnets.push({ value: s, path: joinPointer(network.path, subnetKey, i), network });
    });
  });
  list(root[subnetKey]).forEach((s, i) => {
    if (isObj(s)) subnets.push({ value: s, path: joinPointer(base, subnetKey, i) });
  });
  return { family, root, base, subnetKey, subnets, networks };
}

/** Each object of a list member of `parent`, with its pointer. */
export function eachObj(parent: Located, key: string): Located[] {
  const out: Located[] = [];
  list(parent.value[key]).forEach((v, i) => {
    if (isObj(v)) out.push({ value: v, path: joinPointer(parent.path, key, i) });
  });
  return out;
}
