/**
 * Shared networks against their subnets, and the per-scope parameters Kea checks on subnets
 * and shared networks that are not about prefixes and pools: `interface` (exists on the host,
 * agrees within a shared network), v6 `interface` + `interface-id`, v4 `authoritative` and v6
 * `rapid-commit` agreement, v4 `server-hostname` / `boot-file-name` length in bytes, and
 * duplicate relay addresses (src/bin/dhcp4/json_config_parser.cc, dhcp6 likewise;
 * src/lib/dhcpsrv/parsers/dhcp_parsers.cc, shared_network_parser.cc).
 */
import { parseAddress } from '../../net/index.js';
import { joinPointer } from '../issues.js';
import { BootFieldMaxBytes, checkBootFieldBytes } from './boot-fields.js';
import { bool, eachObj, isObj, list, str, type DaemonView, type Located, type RuleContext } from './context.js';
import { checkInterfaceExists } from './interfaces.js';
import { daemonScopes, labelOf, scopeLabel } from './scopes.js';

/** Runs the scope checks on every subnet and shared network, then the shared-network agreement checks. */
export function checkNetworkScopes(view: DaemonView, ctx: RuleContext): void {
  for (const scope of daemonScopes(view, ['network', 'subnet'])) checkScope(scope, labelOf(scope), view, ctx);
  for (const net of view.networks) {
    const subnets = eachObj(net, view.subnetKey);
    const netLabel = scopeLabel(net, 'network');
    checkInterfaceAgreement(net, netLabel, subnets, ctx);
    if (view.family === 4) checkAuthoritative(net, netLabel, subnets, ctx);
    if (view.family === 6) checkRapidCommit(net, netLabel, subnets, ctx);
  }
}

function checkScope(scope: Located, label: string, view: DaemonView, ctx: RuleContext): void {
  const iface = str(scope.value['interface']) ?? '';
  if (iface !== '') checkInterfaceExists(iface, joinPointer(scope.path, 'interface'), ctx, label);
  if (view.family === 6) {
    const ifaceId = str(scope.value['interface-id']) ?? '';
    if (iface !== '' && ifaceId !== '') {
      ctx.error('mutually-exclusive-keys', joinPointer(scope.path, 'interface-id'),
        `${label} sets both interface ${iface} (directly connected clients) and interface-id (clients behind relays)`,
        'keep interface for a local link or interface-id for a relayed one, not both');
    }
  }
  if (view.family === 4) {
    checkBootFieldBytes(scope, 'server-hostname', BootFieldMaxBytes['server-hostname'], label, ctx);
    checkBootFieldBytes(scope, 'boot-file-name', BootFieldMaxBytes['boot-file-name'], label, ctx);
  }
  checkRelay(scope, label, view, ctx);
}

/** R3: the same relay address twice in one relay (network.cc RelayInfo::addAddress). */
function checkRelay(scope: Located, label: string, view: DaemonView, ctx: RuleContext): void {
  const relay = scope.value['relay'];
  if (!isObj(relay)) return;
  const seen = new Map<bigint, number>();
  list(relay['ip-addresses']).forEach((v, i) => {
    const text = str(v);
    const addr = text === undefined ? null : parseAddress(text, view.family);
    if (addr === null) return; // wrong type or family: reported by the schema
    const first = seen.get(addr.value);
    if (first !== undefined) {
      ctx.error('duplicate-relay-address', joinPointer(scope.path, 'relay', 'ip-addresses', i),
        `${label}: relay address ${text} is listed twice (also entry ${first})`, 'list each relay address once');
    } else {
      seen.set(addr.value, i);
    }
  });
}

/**
 * N6: every subnet with an interface uses the shared network's interface, or, when the network
 * has none, the interface of the first subnet that names one.
 */
function checkInterfaceAgreement(net: Located, netLabel: string, subnets: Located[], ctx: RuleContext): void {
  let iface = str(net.value['interface']) ?? '';
  let source = netLabel;
  for (const s of subnets) {
    const own = str(s.value['interface']) ?? '';
    if (iface === '') {
      iface = own;
      source = scopeLabel(s, 'subnet');
      continue;
    }
    if (own === '' || own === iface) continue;
    ctx.error('interface-mismatch', joinPointer(s.path, 'interface'),
      `${scopeLabel(s, 'subnet')} in ${netLabel} uses interface ${own}, but ${source} uses ${iface}`,
      'all subnets of a shared network share one link: set the interface once, on the shared network');
  }
}

/**
 * N5: each subnet's authoritative equals the shared network's. Kea compares with the value
 * set on the shared network itself, false when it has none: the global value is not consulted
 * (kea-dhcp4 -t rejects global true + subnet true inside a network that does not set it).
 */
function checkAuthoritative(net: Located, netLabel: string, subnets: Located[], ctx: RuleContext): void {
  const netValue = bool(net.value['authoritative']);
  const effective = netValue ?? false;
  for (const s of subnets) {
    const own = bool(s.value['authoritative']);
    if (own === undefined || own === effective) continue;
    const where = netValue === undefined ? 'false (not set there; Kea ignores the global value in this check)' : String(netValue);
    ctx.error('authoritative-mismatch', joinPointer(s.path, 'authoritative'),
      `${scopeLabel(s, 'subnet')} has authoritative ${own}, but its ${netLabel} has ${where}`,
      `set "authoritative": ${own} on the shared network and remove it from its subnets`);
  }
}

/** N7: all subnets of a v6 shared network have the same effective rapid-commit. */
function checkRapidCommit(net: Located, netLabel: string, subnets: Located[], ctx: RuleContext): void {
  const netValue = bool(net.value['rapid-commit']) ?? false;
  let first: { value: boolean; label: string } | undefined;
  for (const s of subnets) {
    const own = bool(s.value['rapid-commit']);
    const value = own ?? netValue;
    const label = scopeLabel(s, 'subnet');
    if (first === undefined) {
      first = { value, label };
      continue;
    }
    if (value === first.value) continue;
    const how = own === undefined ? ' (inherited from the shared network)' : '';
    ctx.error('rapid-commit-mismatch', own === undefined ? s.path : joinPointer(s.path, 'rapid-commit'),
      `${label} has rapid-commit ${value}${how}, but ${first.label} in the same ${netLabel} has ${first.value}`,
      'all subnets of a shared network must agree on rapid-commit: set it once, on the shared network');
  }
}
