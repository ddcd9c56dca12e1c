/**
 * Who the client is: its hardware address, client identifier and the host-reservation
 * identifiers built from the packet (Kea's `setHostIdentifiers`, dhcp4_srv.cc:466-565), plus
 * Kea's lease ownership rule `Lease4::belongsToClient` (lease.cc:363-377). Pure.
 */
import { bytesEqual } from './deps.js';
import type { IdentifierType, Lease4, ResolvedConfig4 } from './deps.js';

/** One host-reservation identifier of the client, in the configured order of preference. */
export interface HostIdentifier4 {
  readonly type: IdentifierType;
  readonly value: Uint8Array;
}

/** The client as the allocation engine sees it. All fields are inputs. */
export interface ClientIdentity4 {
  /** chaddr, `hlen` octets (may be empty). */
  readonly hwaddr: Uint8Array;
  /** htype of the query; part of the ownership check, not of reservation matching. */
  readonly htype: number;
  /** Option 61 data (type byte included), or null. Kea sets it only when a subnet was selected. */
  readonly clientId: Uint8Array | null;
  /** Host-reservation identifiers per `host-reservation-identifiers` (see {@link hostIdentifiers4}). */
  readonly identifiers: readonly HostIdentifier4[];
}

/** What the packet offers for the identifiers. */
export interface IdentitySource4 {
  readonly htype: number;
  /** The 16-octet chaddr field (or already `hlen` octets). */
  readonly chaddr: Uint8Array;
  readonly hlen: number;
  /** Option 61 data, or null. */
  readonly clientId: Uint8Array | null;
  /** Option 82 sub-option 1 data, or null. */
  readonly circuitId: Uint8Array | null;
  /** A flex-id computed by a `host4_identifier` hook, or null. */
  readonly flexId?: Uint8Array | null;
}

/** chaddr as Kea reads it: `hlen` octets, zero-padded when hlen exceeds the field (17..20). */
export function hardwareAddress4(chaddr: Uint8Array, hlen: number): Uint8Array {
  if (hlen <= chaddr.length) return chaddr.subarray(0, hlen);
  const out = new Uint8Array(hlen);
  out.set(chaddr);
  return out;
}

/**
 * The host identifiers of a query, in the order of `host-reservation-identifiers`.
 * `hw-address`: chaddr when non-empty; `duid`: option 61 data from offset 5 when it starts with
 * 0xff and is longer than 5 octets; `circuit-id`: RAI sub-option 1 when non-empty; `client-id`:
 * the whole option 61 data; `flex-id`: the hook's value when non-empty.
 * @example hostIdentifiers4(cfg, chaddr, 6, clientIdOption, null)
 */
export function hostIdentifiers4(cfg: Pick<ResolvedConfig4, 'hostReservationIdentifiers'>, chaddr: Uint8Array, hlen: number,
  clientId: Uint8Array | null, circuitId: Uint8Array | null, flexId: Uint8Array | null = null): HostIdentifier4[] {
  const hw = hardwareAddress4(chaddr, hlen);
  const out: HostIdentifier4[] = [];
  for (const type of cfg.hostReservationIdentifiers) {
    switch (type) {
      case 'hw-address':
        if (hw.length > 0) out.push({ type, value: hw });
        break;
      case 'duid':
        if (clientId !== null && clientId.length > 5 && clientId[0] === 0xff) out.push({ type, value: clientId.subarray(5) });
        break;
      case 'circuit-id':
        if (circuitId !== null && circuitId.length > 0) out.push({ type, value: circuitId });
        break;
      case 'client-id':
        if (clientId !== null && clientId.length > 0) out.push({ type, value: clientId });
        break;
      case 'flex-id':
        if (flexId !== null && flexId.length > 0) out.push({ type, value: flexId });
        break;
    }
  }
  return out;
}

/** Builds the {@link ClientIdentity4} of a query. */
export function clientIdentity4(cfg: Pick<ResolvedConfig4, 'hostReservationIdentifiers'>, src: IdentitySource4): ClientIdentity4 {
  return {
    hwaddr: hardwareAddress4(src.chaddr, src.hlen),
    htype: src.htype,
    clientId: src.clientId,
    identifiers: hostIdentifiers4(cfg, src.chaddr, src.hlen, src.clientId, src.circuitId, src.flexId ?? null),
  };
}

export { bytesEqual };

/**
 * Kea's `Lease4::belongsToClient`: the client ids are both present and equal, or (one of them is
 * absent and) the hardware addresses are equal including htype. Two different client ids never
 * match, whatever the hardware address.
 */
export function belongsToClient4(lease: Lease4, hwaddr: Uint8Array, htype: number, clientId: Uint8Array | null): boolean {
  if (clientId !== null && lease.clientId !== null) return bytesEqual(clientId, lease.clientId);
  return htype === lease.htype && bytesEqual(hwaddr, lease.hwaddr);
}
