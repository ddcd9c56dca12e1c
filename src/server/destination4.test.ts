import { describe, expect, it } from 'vitest';
import { parseIPv4 } from '../net/index.js';
import { replyDestination4, type DestinationInput4 } from './destination4.js';

const ip = (s: string) => parseIPv4(s) as number;
const base: DestinationInput4 = {
  isInform: false, isNak: false, giaddr: 0, ciaddr: 0, yiaddr: ip('10.0.0.5'), broadcastFlag: false,
  srcAddress: 0, srcPort: 68, relayPort: false,
};
const dest = (over: Partial<DestinationInput4>) => {
  const d = replyDestination4({ ...base, ...over });
  return `${d.address === 0xffffffff ? 'broadcast' : d.address === 0 ? '0' : [d.address >>> 24, (d.address >>> 16) & 255, (d.address >>> 8) & 255, d.address & 255].join('.')}:${d.port}${d.setBroadcastFlag ? ' +B' : ''}${d.stripRelay ? ' strip' : ''}`;
};

describe('replyDestination4 (RFC 2131 §4.1, Kea adjustIfaceData)', () => {
  it.each([
    ['relayed: to the relay on port 67', { giaddr: ip('10.9.0.1'), srcPort: 67 }, '10.9.0.1:67'],
    ['relayed with relay-port: to the relay\'s port', { giaddr: ip('10.9.0.1'), srcPort: 3067, relayPort: true }, '10.9.0.1:3067'],
    ['relayed NAK: broadcast bit set', { giaddr: ip('10.9.0.1'), isNak: true, yiaddr: 0 }, '10.9.0.1:67 +B'],
    ['renewing client: to ciaddr', { ciaddr: ip('10.0.0.5') }, '10.0.0.5:68'],
    ['NAK to a renewing client: unicast to ciaddr', { ciaddr: ip('10.0.0.5'), isNak: true, yiaddr: 0 }, '10.0.0.5:68'],
    ['NAK otherwise: broadcast', { isNak: true, yiaddr: 0 }, 'broadcast:68'],
    ['new address (UDP sockets): broadcast', {}, 'broadcast:68'],
    ['no address: back to the source', { yiaddr: 0, srcAddress: ip('10.0.0.77') }, '10.0.0.77:68'],
    ['INFORM with ciaddr: to ciaddr, relay info stripped', { isInform: true, ciaddr: ip('10.0.0.8'), giaddr: ip('10.9.0.1') }, '10.0.0.8:68 strip'],
    ['relayed INFORM without ciaddr: to the relay, broadcast bit', { isInform: true, giaddr: ip('10.9.0.1') }, '10.9.0.1:67 +B'],
    ['direct INFORM without ciaddr: to the source', { isInform: true, yiaddr: 0, srcAddress: ip('10.0.0.9') }, '10.0.0.9:68 strip'],
  ])('%s', (_what, over, expected) => {
    expect(dest(over)).toBe(expected);
  });
});
