/**
 * `store-extended-info` (§15.1): the relay agent information of the query kept in the lease's
 * user context in Kea 3.x's map format (alloc_engine.cc:5376-5429, lease.cc:765-796):
 * `{ "ISC": { "relay-agent-info": { "sub-options": "0x…", "remote-id": "…", "relay-id": "…" } } }`.
 * Other user-context keys are kept. Pure.
 */

type Json = Readonly<Record<string, unknown>>;

const RAI_REMOTE_ID = 2;
const RAI_RELAY_ID = 12;

function hexUpper(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  return s;
}

/** The first sub-option `code` of an RAI payload, or undefined (a truncated tail is ignored). */
function subOption(payload: Uint8Array, code: number): Uint8Array | undefined {
  let at = 0;
  while (at + 2 <= payload.length) {
    const c = payload[at] as number;
    const len = payload[at + 1] as number;
    if (at + 2 + len > payload.length) return undefined;
    if (c === code) return payload.subarray(at + 2, at + 2 + len);
    at += 2 + len;
  }
  return undefined;
}

/** The `relay-agent-info` map of an option 82 payload (sub-options, without the 82/len header). */
export function relayAgentInfo4(raiPayload: Uint8Array): Json {
  const info: Record<string, unknown> = {};
  // Keys in Kea's (std::map) order.
  const relayId = subOption(raiPayload, RAI_RELAY_ID);
  if (relayId !== undefined && relayId.length > 0) info['relay-id'] = hexUpper(relayId);
  const remoteId = subOption(raiPayload, RAI_REMOTE_ID);
  if (remoteId !== undefined && remoteId.length > 0) info['remote-id'] = hexUpper(remoteId);
  info['sub-options'] = raiPayload.length === 0 ? '' : `0x${hexUpper(raiPayload)}`;
  return info;
}

function isMap(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (!isMap(a) || !isMap(b) || Array.isArray(a) || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !jsonEqual(a[k], b[k])) return false;
  return true;
}

/**
 * Kea's `updateUserContextISC("relay-agent-info", info)`: the user context with
 * `ISC.relay-agent-info` set to `info`, and whether that changed anything.
 */
export function withRelayAgentInfo4(userContext: Json | null, info: Json): { userContext: Json; isChanged: boolean } {
  const base: Json = isMap(userContext) ? userContext : {};
  const isc: Json = isMap(base['ISC']) ? base['ISC'] : {};
  if (Object.hasOwn(isc, 'relay-agent-info') && jsonEqual(isc['relay-agent-info'], info)) {
    return { userContext: userContext ?? base, isChanged: false };
  }
  return { userContext: { ...base, ISC: { ...isc, 'relay-agent-info': info } }, isChanged: true };
}
