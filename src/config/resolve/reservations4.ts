/**
 * Host reservations of one scope, indexed for the per-packet lookups: by identifier (type and
 * bytes, as Kea's host lookup compares them) and by reserved address.
 */
import { decodeIdentifier, formatColonHex, IdentifierTypes, parseIPv4, type IdentifierType } from '../../net/index.js';
import type { Reservation4 as ReservationConfig } from '../../schema/index.js';
import { compileOptions4, type OptionScopeInput } from './options4.js';
import type { Reservation4, Reservations4 } from './types4.js';

/** The key of an identifier in `Reservations4.byIdentifier`. */
export function identifierKey(type: IdentifierType, bytes: Uint8Array): string {
  return `${type}/${formatColonHex(bytes)}`;
}

/** Indexes a scope's reservations; `subnetId` 0 for the global ones. */
export function compileReservations4(list: readonly ReservationConfig[] | undefined, subnetId: number, scope: OptionScopeInput): Reservations4 {
  const byIdentifier = new Map<string, Reservation4>();
  const byAddress = new Map<number, Reservation4[]>();
  for (const r of list ?? []) {
    const type = IdentifierTypes.find((t) => typeof r[t] === 'string' && r[t] !== '');
    if (type === undefined) throw new Error('a reservation without an identifier (config not validated?)');
    const bytes = decodeIdentifier(type, r[type] as string);
    if (typeof bytes === 'string') throw new Error(`reservation ${type}: ${bytes} (config not validated?)`);
    const next = r['next-server'];
    const reservation: Reservation4 = {
      subnetId,
      identifierType: type,
      identifier: bytes,
      ipAddress: r['ip-address'] === undefined ? undefined : (parseIPv4(r['ip-address']) ?? undefined),
      hostname: (r.hostname ?? '').toLowerCase(),
      clientClasses: r['client-classes'] ?? [],
      options: compileOptions4(r['option-data'], scope),
      nextServer: next === undefined || next === '' ? undefined : (parseIPv4(next) ?? undefined),
      serverHostname: r['server-hostname'],
      bootFileName: r['boot-file-name'],
    };
    byIdentifier.set(identifierKey(type, bytes), reservation);
    if (reservation.ipAddress !== undefined && reservation.ipAddress !== 0) {
      const arr = byAddress.get(reservation.ipAddress) ?? [];
      arr.push(reservation);
      byAddress.set(reservation.ipAddress, arr);
    }
  }
  return { byIdentifier, byAddress, size: byIdentifier.size };
}
