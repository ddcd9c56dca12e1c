/**
 * The DHCPv4 boot fields a reservation, client class, subnet or shared network may set:
 * `next-server` (siaddr), `server-hostname` (sname) and `boot-file-name` (file). What Kea
 * refuses beyond the schema: a broadcast next-server (host.cc `Host::setNextServer`,
 * client_class_def_parser.cc) and text too long in bytes (host.cc `setServerHostname`,
 * `setBootFileName`; dhcp_parsers.cc, shared_network_parser.cc; client_class_def_parser.cc). Pure.
 */
import { parseIPv4 } from '../../net/index.js';
import { joinPointer } from '../issues.js';
import { str, type Located, type RuleContext } from './context.js';

export type BootTextField = 'server-hostname' | 'boot-file-name';

const UTF8 = new TextEncoder();

/**
 * Bytes Kea takes in each field of a client class, subnet or shared network (sname is 64 octets
 * of the DHCPv4 header, file 128). Reservations allow one byte less of boot-file-name
 * (reservations-host.ts).
 */
export const BootFieldMaxBytes: Readonly<Record<BootTextField, number>> = { 'server-hostname': 63, 'boot-file-name': 128 };

/** A broadcast `next-server` of `scope`; `label` names the scope in the message. */
export function checkNextServerNotBroadcast(scope: Located, label: string, ctx: RuleContext): void {
  const next = str(scope.value['next-server']);
  if (next === undefined || parseIPv4(next) !== 0xffffffff) return;
  ctx.error('invalid-next-server', joinPointer(scope.path, 'next-server'), `${label}: next-server ${next} is the broadcast address`,
    'give the address of the boot (TFTP) server, or 0.0.0.0 for none');
}

/**
 * `key` of `scope` longer than `maxBytes` bytes of UTF-8. Kea counts bytes, the schema's
 * maxLength counts characters, so only text short enough in characters is reported here (the
 * schema reports the rest).
 */
export function checkBootFieldBytes(scope: Located, key: BootTextField, maxBytes: number, label: string, ctx: RuleContext): void {
  const text = str(scope.value[key]);
  if (text === undefined || text.length * 3 <= maxBytes) return; // a UTF-16 unit is at most 3 bytes of UTF-8
  const bytes = UTF8.encode(text).length;
  if (bytes <= maxBytes || [...text].length > maxBytes) return;
  ctx.error('boot-field-too-long', joinPointer(scope.path, key),
    `${label}: ${key} is ${bytes} bytes long in UTF-8, more than the ${maxBytes} that fit in its DHCPv4 header field`,
    'shorten it; characters outside ASCII take 2 to 4 bytes each');
}
