/**
 * Helpers for rule tests: run the whole validation, or one rule, over configuration text and
 * get located issues back in a compact form that a test can compare. Test-only.
 */
import { loadConfigText } from '../load.js';
import { locateIssue, validateConfig } from '../validate.js';
import type { ConfigIssue } from '../issues.js';
import { RuleContext, daemonView, isObj, type DaemonView, type HostFacts, type Obj } from './context.js';
import type { SecretStore } from '../load.js';

export type Format = 'json' | 'yaml';

function load(text: string, format: Format) {
  const out = loadConfigText(format === 'yaml' ? 'test.yaml' : 'test.json', text);
  if (!out.ok) throw new Error(`test config does not load: ${out.issues.map((i) => i.message).join('; ')}`);
  return out.config;
}

/** Every issue of the full pipeline (schema + all rules). */
export function validateText(text: string, options: { format?: Format; onHost?: HostFacts } = {}): ConfigIssue[] {
  const loaded = load(text, options.format ?? 'json');
  return [...validateConfig(loaded, options.onHost ? { onHost: options.onHost } : {}).issues];
}

/**
 * The issues one rule reports for the Dhcp4 or Dhcp6 map of `text`, located.
 * `rule` receives the daemon view (and the root of the document for cross-daemon rules).
 */
export function runDaemonRule(
  text: string,
  rule: (view: DaemonView, ctx: RuleContext) => void,
  options: { format?: Format; host?: HostFacts } = {},
): ConfigIssue[] {
  const loaded = load(text, options.format ?? 'json');
  const ctx = new RuleContext(loaded.secrets, options.host);
  const root = loaded.value;
  if (isObj(root)) {
    for (const [key, family] of [['Dhcp4', 4], ['Dhcp6', 6]] as const) {
      const d = root[key];
      if (isObj(d)) rule(daemonView(d, family), ctx);
    }
  }
  return ctx.issues.map((i) => locateIssue(loaded, i));
}

/** The issues a rule over the whole document reports (e.g. DhcpDdns rules), located. */
export function runDocumentRule(
  text: string,
  rule: (root: Obj, ctx: RuleContext, secrets: SecretStore) => void,
  options: { format?: Format; host?: HostFacts } = {},
): ConfigIssue[] {
  const loaded = load(text, options.format ?? 'json');
  const ctx = new RuleContext(loaded.secrets, options.host);
  if (isObj(loaded.value)) rule(loaded.value, ctx, loaded.secrets);
  return ctx.issues.map((i) => locateIssue(loaded, i));
}


/** `"error duplicate-subnet-id 7:15 /Dhcp4/subnet4/1/id"`: one line per issue, for toEqual. */
export function brief(issues: readonly ConfigIssue[]): string[] {
  return issues.map((i) => `${i.severity} ${i.code} ${i.line ?? '?'}:${i.column ?? '?'} ${i.path}`);
}

/** Facts for --on-host tests. */
export function fakeHost(interfaces: string[]): HostFacts {
  return { interfaces: new Set(interfaces) };
}
