/**
 * `interfaces-config.interfaces`: what Kea's CfgIface::use checks for each entry
 * (src/lib/dhcpsrv/cfg_iface.cc): the wildcard once, no interface twice, the address family of
 * `name/address` entries, and, with host facts, that the interface exists. The entry syntax
 * (empty names, `*` with an address, unparsable addresses) is the schema's `interface-spec`.
 *
 * LIMITATION: Kea also requires the address of `name/address` to be assigned to the interface;
 * HostFacts knows interface names only, so that check is not made.
 */
import { parseAddress, prefixMask, type Address } from '../../net/index.js';
import { joinPointer } from '../issues.js';
import { isObj, list, str, type DaemonView, type RuleContext } from './context.js';

const WILDCARD = '*';

/** What has been selected so far, by the pointer of the entry that selected it. */
interface Selected {
  wildcard?: string;
  readonly names: Map<string, string>;
  readonly addresses: Map<string, string>;
  /** v4: interfaces with at least one `name/address` entry. */
  readonly withAddress: Map<string, string>;
}

/** Checks the `interfaces` list of `interfaces-config`. */
export function checkInterfaces(view: DaemonView, ctx: RuleContext): void {
  const cfg = view.root['interfaces-config'];
  if (!isObj(cfg)) return;
  const at = joinPointer(view.base, 'interfaces-config', 'interfaces');
  const selected: Selected = { names: new Map(), addresses: new Map(), withAddress: new Map() };
  list(cfg['interfaces']).forEach((entry, i) => {
    const text = str(entry);
    if (text === undefined) return;
    const path = joinPointer(at, i);
    // CfgIface::use splits at the first '/' and trims both parts.
    const slash = text.indexOf('/');
    if (slash === -1) {
      selectName(text.trim(), path, view, selected, ctx);
    } else {
      selectAddress(text.slice(0, slash).trim(), text.slice(slash + 1).trim(), path, view, selected, ctx);
    }
  });
}

function selectName(name: string, path: string, view: DaemonView, selected: Selected, ctx: RuleContext): void {
  if (name === '') return; // the schema's interface-spec format reported it
  if (name === WILDCARD) {
    if (selected.wildcard !== undefined) {
      ctx.error('interface-duplicate', path, `the wildcard interface "*" is listed twice (first at ${selected.wildcard})`,
        'list "*" once');
    } else {
      selected.wildcard = path;
    }
    return;
  }
  checkInterfaceExists(name, path, ctx);
  const first = selected.names.get(name);
  const firstWithAddress = view.family === 4 ? selected.withAddress.get(name) : undefined;
  if (first !== undefined) {
    ctx.error('interface-duplicate', path, `interface ${name} is listed twice (first at ${first})`, `list ${name} once`);
  } else if (firstWithAddress !== undefined) {
    ctx.error('interface-duplicate', path,
      `interface ${name} is listed on its own after an entry that selects one of its addresses (${firstWithAddress})`,
      `in DHCPv4 "${name}" listens on all its addresses: keep either "${name}" or its "${name}/address" entries`);
  } else {
    selected.names.set(name, path);
  }
}

function selectAddress(name: string, addrText: string, path: string, view: DaemonView, selected: Selected, ctx: RuleContext): void {
  if (name === '' || name === WILDCARD || addrText === '') return; // the schema's interface-spec format reported it
  checkInterfaceExists(name, path, ctx);
  const addr = parseAddress(addrText);
  if (addr === null) return; // the schema's interface-spec format reported it
  if (!hasValidFamily(name, addrText, addr, path, view, ctx)) return;
  if (view.family === 4) {
    const plain = selected.names.get(name);
    if (plain !== undefined) {
      ctx.error('interface-duplicate', path, `interface ${name} is already selected with all its addresses (${plain})`,
        `in DHCPv4 "${name}" listens on all its addresses: keep either "${name}" or its "${name}/address" entries`);
      return;
    }
  }
  const key = `${name}/${addr.family}/${addr.value}`;
  const first = selected.addresses.get(key);
  if (first !== undefined) {
    ctx.error('interface-duplicate', path, `address ${addrText} of interface ${name} is listed twice (first at ${first})`,
      'list each address once');
    return;
  }
  selected.addresses.set(key, path);
  if (!selected.withAddress.has(name)) selected.withAddress.set(name, path);
}

/** cfg_iface.cc: IPv4 addresses for Dhcp4; unicast, non-multicast IPv6 for Dhcp6 (link-local only warned). */
function hasValidFamily(name: string, text: string, addr: Address, path: string, view: DaemonView, ctx: RuleContext): boolean {
  if (view.family === 4) {
    if (addr.family === 4) return true;
    ctx.error('interface-address-invalid', path, `interface ${name}: ${text} is not an IPv4 address`,
      'Dhcp4 listens on IPv4 addresses only');
    return false;
  }
  if (addr.family !== 6 || (addr.value & prefixMask(6, 8)) === prefixMask(6, 8)) {
    ctx.error('interface-address-invalid', path, `interface ${name}: ${text} is not an IPv6 unicast address`,
      'give a global or link-local IPv6 address of the interface');
    return false;
  }
  if ((addr.value & prefixMask(6, 10)) === 0xfe80n << 112n) {
    ctx.warn('interface-link-local', path,
      `interface ${name}: ${text} is a link-local address; Kea accepts it for unicast traffic (e.g. from relays on the link), but clients elsewhere cannot reach it`,
      'use a global address of the interface unless unicast from the local link is meant');
  }
  return true;
}

/**
 * With host facts (`--on-host`), reports an interface that does not exist on this machine;
 * `label` names the scope that uses it, if not the interface list. Does nothing without host facts.
 */
export function checkInterfaceExists(name: string, path: string, ctx: RuleContext, label?: string): void {
  if (ctx.host === undefined || ctx.host.interfaces.has(name)) return;
  ctx.error('interface-not-found', path, `${label === undefined ? '' : `${label}: `}interface ${name} does not exist on this host`,
    `interfaces here: ${[...ctx.host.interfaces].sort().join(', ') || '(none)'}`);
}
