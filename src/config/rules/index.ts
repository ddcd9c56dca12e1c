/**
 * The semantic rules: what Kea checks after its grammar accepts a file, what this appliance
 * cannot apply (`unsupported`), and, with host facts, checks against the machine. Each module
 * checks one concern; this file runs them in order over each daemon's map.
 */
import type { ConfigIssue } from '../issues.js';
import type { SecretStore } from '../load.js';
import { daemonView, isObj, RuleContext, type HostFacts } from './context.js';
import { checkSubnets } from './subnets.js';
import { checkReservations } from './reservations.js';
import { checkLifetimes } from './lifetimes.js';
import { checkDdnsParams } from './ddns-params.js';
import { checkOptionsAndClasses } from './options.js';
import { checkServices } from './services.js';
import { checkControlSockets } from './control-sockets.js';
import { checkExposedControlSockets } from './control-sockets-exposed.js';
import { checkDhcpDdns } from './d2.js';
import { checkUnsupported, checkUnsupportedD2 } from './unsupported.js';

export type { HostFacts } from './context.js';

export interface RuleInput {
  readonly secrets: SecretStore;
  readonly host: HostFacts | undefined;
}

/** Runs every semantic rule over a loaded document; never throws for bad input. */
export function runRules(value: unknown, input: RuleInput): ConfigIssue[] {
  const ctx = new RuleContext(input.secrets, input.host);
  if (!isObj(value)) return ctx.issues;
  for (const [key, family] of [['Dhcp4', 4], ['Dhcp6', 6]] as const) {
    const root = value[key];
    if (!isObj(root)) continue;
    const view = daemonView(root, family);
    const subnets = checkSubnets(view, ctx);
    checkReservations(view, subnets, ctx);
    checkLifetimes(view, subnets, ctx);
    checkDdnsParams(view, ctx);
    checkOptionsAndClasses(view, ctx);
    checkServices(view, ctx);
    checkControlSockets({ value: root, path: view.base }, ctx, family === 4 ? 'dhcp4' : 'dhcp6');
    checkExposedControlSockets({ value: root, path: view.base }, ctx, family === 4 ? 'dhcp4' : 'dhcp6');
    checkUnsupported(view, ctx);
  }
  checkDhcpDdns(value, ctx);
  if (isObj(value['DhcpDdns'])) checkExposedControlSockets({ value: value['DhcpDdns'], path: '/DhcpDdns' }, ctx, 'd2');
  if (isObj(value['DhcpDdns'])) checkUnsupportedD2(value['DhcpDdns'], ctx);
  return ctx.issues;
}
