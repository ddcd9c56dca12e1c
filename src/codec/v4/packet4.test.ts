// Options4, createPacket4, newReply4 (Kea's copyDefaultFields) and maxReplySize4.
import { describe, expect, it } from 'vitest';
import { decodePacket4 } from './decode-packet4.js';
import { Options4 } from './options4.js';
import { createPacket4, maxReplySize4, MessageType4, newReply4 } from './packet4.js';
import { loadFixture, toHex } from './test-helpers.js';

describe('Options4', () => {
  it('keeps insertion order; set replaces in place; delete removes', () => {
    const o = new Options4([[12, Uint8Array.of(1)], [3, Uint8Array.of(2)]]);
    o.set(53, Uint8Array.of(5));
    o.set(12, Uint8Array.of(9));
    expect([...o.codes()]).toEqual([12, 3, 53]);
    expect(o.get(12)).toEqual(Uint8Array.of(9));
    expect([o.has(3), o.delete(3), o.has(3), o.delete(3), o.size]).toEqual([true, true, false, false, 2]);
    expect([...o].map(([c]) => c)).toEqual([12, 53]);
    const copy = o.clone();
    copy.delete(12);
    expect([o.size, copy.size, copy.get(53) === o.get(53)]).toEqual([2, 1, true]);
    o.clear();
    expect(o.size).toBe(0);
  });

  it.each([0, 255, 256, -1, 1.5, Number.NaN])('rejects code %s', (code) => {
    expect(() => new Options4().set(code, new Uint8Array(0))).toThrow(expect.objectContaining({
      code: 'ERR_CODEC_BAD_OPTION_CODE', message: `option code ${code} is not in 1-254; 0 is PAD and 255 is END`,
    }));
  });
});

describe('createPacket4 and messageType', () => {
  it('defaults to an Ethernet BOOTREQUEST with no options', () => {
    const p = createPacket4();
    expect([p.op, p.htype, p.hlen, p.xid, p.chaddr.length, p.sname.length, p.file.length, p.options.size, p.messageType])
      .toEqual([1, 1, 6, 0, 16, 0, 0, 0, null]);
  });

  it('messageType follows option 53', () => {
    const p = createPacket4({ xid: 5 });
    p.options.set(53, Uint8Array.of(MessageType4.Inform));
    expect(p.messageType).toBe(8);
    p.options.delete(53);
    expect(p.messageType).toBeNull();
  });
});

describe('newReply4 (Kea Dhcpv4Exchange::initResponse + copyDefaultFields)', () => {
  const decode = (name: string) => {
    const r = decodePacket4(loadFixture(name));
    if (!r.ok) throw new Error(r.message);
    return r.packet;
  };

  it('copies htype, hlen, xid, flags, giaddr, hops and chaddr; only option 53', () => {
    const q = decode('kea-capture-docsis-relayed-discover');
    const r = newReply4(q, MessageType4.Offer);
    expect([r.op, r.htype, r.hlen, r.hops, r.xid, r.flags, r.giaddr, r.ciaddr, r.yiaddr, r.siaddr, r.secs])
      .toEqual([2, 1, 6, 1, 0x5d05478d, 0, 0x0afee201, 0, 0, 0, 0]);
    expect(toHex(r.chaddr)).toBe(toHex(q.chaddr));
    expect(r.chaddr.buffer).not.toBe(q.chaddr.buffer);
    expect([...r.options]).toEqual([[53, Uint8Array.of(2)]]);
    expect([r.sname.length, r.file.length]).toEqual([0, 0]);
  });

  it('copies ciaddr only for a DHCPINFORM', () => {
    expect(newReply4(decode('dhcpcd-9.4-inform'), MessageType4.Ack).ciaddr).toBe(0xc000023c);
    expect(newReply4(decode('dhclient-4.4-release'), MessageType4.Ack).ciaddr).toBe(0);
  });

  it('caps hlen at 16, as Pkt4::pack writes it', () => {
    expect(newReply4(createPacket4({ hlen: 20 }), MessageType4.Nak).hlen).toBe(16);
  });
});

describe('maxReplySize4', () => {
  it.each([
    ['no option 57', null, 548],
    ['1500', Uint8Array.of(0x05, 0xdc), 1472],
    ['576', Uint8Array.of(0x02, 0x40), 548],
    ['below 576', Uint8Array.of(0x01, 0x00), 548],
    ['wrong length', Uint8Array.of(0x05), 548],
  ])('%s', (_name, payload, size) => {
    const p = createPacket4();
    if (payload !== null) p.options.set(57, payload);
    expect(maxReplySize4(p)).toBe(size);
  });
});
