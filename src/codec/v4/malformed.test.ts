// decodePacket4 on malformed input: each case is rejected with an exact code, offset and message,
// and never throws.
import { describe, expect, it } from 'vitest';
import { decodePacket4 } from './decode-packet4.js';
import { loadFixture, plainHeader, withOptions } from './test-helpers.js';

function withFields(file: number[], sname: number[], main: number[]): Uint8Array {
  const h = plainHeader();
  h.set(file, 108);
  h.set(sname, 44);
  return withOptions(h, main);
}

const cases: Array<[string, Uint8Array, string, number, string]> = [
  ['empty datagram', new Uint8Array(0), 'ERR_CODEC_TRUNCATED', 0,
    'datagram of 0 octets is shorter than the 236-octet BOOTP header'],
  ['truncated header', plainHeader().subarray(0, 235), 'ERR_CODEC_TRUNCATED', 235,
    'datagram of 235 octets is shorter than the 236-octet BOOTP header'],
  ['vendor area too short for the cookie', withOptions(plainHeader(), []).subarray(0, 239), 'ERR_CODEC_TRUNCATED', 236,
    'vendor area of 3 octets cannot hold the 4-octet magic cookie'],
  ['bad cookie', Uint8Array.from([...plainHeader(), 0x63, 0x82, 0x53, 0x64, 53, 1, 1, 255]), 'ERR_CODEC_BAD_COOKIE', 236,
    'vendor area starts with 0x63825364, not the DHCP magic cookie 0x63825363'],
  ['garbage instead of a vendor area', Uint8Array.from([...plainHeader(), ...'garbage!'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c))),
    'ERR_CODEC_BAD_COOKIE', 236, 'vendor area starts with 0x67617262, not the DHCP magic cookie 0x63825363'],
  ['hlen above 20', (() => { const h = plainHeader(); h[2] = 21; return withOptions(h, [53, 1, 1]); })(), 'ERR_CODEC_BAD_HLEN', 2,
    'hlen 21 is more than the 20 octets of a hardware address'],
  ['option length beyond the end', withOptions(plainHeader(), [53, 1, 1, 12, 10, 0x61, 0x62]), 'ERR_CODEC_OPTION_OVERFLOW', 243,
    'option 12 at offset 243 has length 10 but only 2 octets remain in the options area'],
  ['option without a length octet', withOptions(plainHeader(), [53, 1, 1, 61]), 'ERR_CODEC_OPTION_OVERFLOW', 243,
    'option 61 at offset 243 has no length octet before the end of the options area'],
  ['option running past the end of the file field', withFields([12, 200, 0x61], [], [52, 1, 1, 255]), 'ERR_CODEC_OPTION_OVERFLOW', 108,
    'option 12 at offset 108 has length 200 but only 126 octets remain in the file area'],
  ['option running past the end of the sname field into file', withFields([], [12, 70, 0x61], [52, 1, 2, 255]), 'ERR_CODEC_OPTION_OVERFLOW', 44,
    'option 12 at offset 44 has length 70 but only 62 octets remain in the sname area'],
  ['overload loop: option 52 inside file', withFields([52, 1, 3, 255], [], [53, 1, 1, 52, 1, 1, 255]), 'ERR_CODEC_OVERLOAD_LOOP', 108,
    'option 52 (overload) at offset 108 is inside the file field; it may appear only in the options field'],
  ['overload loop: option 52 inside sname', withFields([12, 1, 0x66, 255], [52, 1, 1, 255], [52, 1, 3, 255]), 'ERR_CODEC_OVERLOAD_LOOP', 44,
    'option 52 (overload) at offset 44 is inside the sname field; it may appear only in the options field'],
  ['empty option 52', withOptions(plainHeader(), [53, 1, 1, 52, 0, 255]), 'ERR_CODEC_BAD_OVERLOAD', 243,
    'option 52 (overload) is empty'],
  ['option 52 of two octets', withOptions(plainHeader(), [53, 1, 1, 52, 2, 1, 1, 255]), 'ERR_CODEC_BAD_OVERLOAD', 243,
    'option 52 (overload) has 2 octets instead of 1'],
  ['option 52 twice (concatenated to two octets)', withOptions(plainHeader(), [52, 1, 1, 53, 1, 1, 52, 1, 1, 255]), 'ERR_CODEC_BAD_OVERLOAD', 240,
    'option 52 (overload) has 2 octets instead of 1'],
  ['option 52 of value 4', withOptions(plainHeader(), [53, 1, 1, 52, 1, 4, 255]), 'ERR_CODEC_BAD_OVERLOAD', 243,
    'option 52 (overload) is 4, not 1 (file), 2 (sname) or 3 (both)'],
  ['empty option 53', withOptions(plainHeader(), [12, 1, 0x61, 53, 0, 255]), 'ERR_CODEC_BAD_MESSAGE_TYPE', 243,
    'option 53 (message type) is empty'],
  ['option 53 of two octets', withOptions(plainHeader(), [53, 2, 1, 1, 255]), 'ERR_CODEC_BAD_MESSAGE_TYPE', 240,
    'option 53 (message type) has 2 octets instead of 1'],
];

describe('decodePacket4: malformed input', () => {
  it.each(cases)('%s', (_name, buf, code, offset, message) => {
    expect(decodePacket4(buf)).toEqual({ ok: false, code, offset, message });
  });

  const lenientStillFails = new Set(['ERR_CODEC_TRUNCATED', 'ERR_CODEC_BAD_COOKIE', 'ERR_CODEC_BAD_HLEN']);
  it.each(cases)('lenient: %s', (name, buf, code, offset) => {
    const r = decodePacket4(buf, { lenient: true });
    if (lenientStillFails.has(code) || name === 'empty option 52' || name === 'empty option 53') {
      expect(r).toMatchObject({ ok: false, code, offset });
    } else {
      expect(r.ok).toBe(true);
    }
  });

  it.each(cases)('ignoreTruncated: %s', (name, buf, code, offset) => {
    // Only the truncation rule is relaxed (Kea's Pkt4::unpack); the others are not.
    const r = decodePacket4(buf, { ignoreTruncated: true });
    if (code === 'ERR_CODEC_OPTION_OVERFLOW') expect(r.ok, name).toBe(true);
    else expect(r).toMatchObject({ ok: false, code, offset });
  });

  it('ignoreTruncated keeps the options before the truncated one', () => {
    const r = decodePacket4(withOptions(plainHeader(), [53, 1, 1, 12, 3, 0x61, 0x62, 0x63, 61, 9, 1]));
    expect(r.ok).toBe(false);
    const k = decodePacket4(withOptions(plainHeader(), [53, 1, 1, 12, 3, 0x61, 0x62, 0x63, 61, 9, 1]), { ignoreTruncated: true });
    expect(k.ok && [...k.packet.options.codes()].sort((a, b) => a - b)).toEqual([12, 53]);
  });

  it('Kea captureBadRelayedDiscover (option 82 with a sub-option past its end) still decodes', () => {
    const r = decodePacket4(loadFixture('kea-capture-bad-relayed-discover'));
    expect(r.ok && r.packet.options.get(82)?.length).toBe(32);
  });

  it('every prefix of a real packet is decoded or rejected, never thrown', () => {
    const full = loadFixture('dhcpcd-9.4-request');
    for (let n = 0; n <= full.length; n++) {
      for (const lenient of [false, true]) {
        const r = decodePacket4(full.subarray(0, n), { lenient });
        if (!r.ok) expect(r.offset).toBeLessThanOrEqual(n);
      }
    }
  });

  it('random garbage is rejected or decoded, never thrown', () => {
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      const b = new Uint8Array(200 + (i % 400));
      for (let j = 0; j < b.length; j++) b[j] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      if (i % 2 === 0 && b.length >= 240) b.set([0x63, 0x82, 0x53, 0x63], 236);
      expect(() => decodePacket4(b, { lenient: i % 3 === 0 })).not.toThrow();
    }
  });
});
