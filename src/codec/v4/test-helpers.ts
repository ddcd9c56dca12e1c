// Test support for codec/v4 (excluded from the build): hex fixtures of test/fixtures/packets/ and
// the packet mutator shared by fuzz.test.ts and scripts/fuzz-packet4.mjs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePacket4 } from './decode-packet4.js';
import { encodePacket4 } from './encode-packet4.js';
import type { Packet4 } from './packet4.js';

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/packets');

/** Hex text (whitespace and `#` comment lines ignored) → bytes. */
export function hexBytes(text: string): Uint8Array {
  const digits = text.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('').replace(/\s+/g, '');
  if (digits.length % 2 !== 0 || /[^0-9a-fA-F]/.test(digits)) throw new Error(`not hex: ${digits.slice(0, 40)}`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** The names (without `.hex`) of the packet fixtures. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.hex')).map((f) => f.slice(0, -4)).sort();
}

/** The datagram of fixture `name`. */
export function loadFixture(name: string): Uint8Array {
  return hexBytes(readFileSync(path.join(FIXTURE_DIR, `${name}.hex`), 'utf8'));
}

/** A small deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rnd: () => number, n: number): number => Math.floor(rnd() * n);

/** Offsets of the length octets of the options area (structure-aware corruption). */
function lengthOffsets(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let p = 240; p + 1 < b.length;) {
    const c = b[p] as number;
    if (c === 0) { p++; continue; }
    if (c === 255) break;
    out.push(p + 1);
    p += 2 + (b[p + 1] as number);
  }
  return out;
}

function randomBytes(rnd: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = int(rnd, 256);
  return b;
}

function splice(a: Uint8Array, at: number, del: number, ins: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length - del + ins.length);
  out.set(a.subarray(0, at));
  out.set(ins, at);
  out.set(a.subarray(at + del), at + ins.length);
  return out;
}

/** One random mutation of `b`; `pool` supplies splice partners. */
function mutateOnce(b: Uint8Array, rnd: () => number, pool: readonly Uint8Array[]): Uint8Array {
  const n = b.length;
  // Most positions in the options area: a shifted header mostly tests the cookie check.
  const at = n > 240 && rnd() < 0.7 ? 240 + int(rnd, n - 239) : int(rnd, n + 1);
  switch (int(rnd, 11)) {
    case 0: { const c = b.slice(); if (n > 0) c[at % n] = (c[at % n] as number) ^ (1 << int(rnd, 8)); return c; }
    case 1: { const c = b.slice(); if (n > 0) c[at % n] = int(rnd, 256); return c; }
    case 2: return b.slice(0, at);
    case 3: return splice(b, at, 0, randomBytes(rnd, 1 + int(rnd, 8)));
    case 4: return splice(b, at, Math.min(n - at, 1 + int(rnd, 16)), new Uint8Array(0));
    case 5: {
      const lens = lengthOffsets(b);
      const c = b.slice();
      const i = lens[int(rnd, lens.length)];
      if (i !== undefined) c[i] = [0, 1, 255, int(rnd, 256), ((c[i] as number) + 1) & 255, ((c[i] as number) - 1) & 255][int(rnd, 6)] as number;
      return c;
    }
    case 6: {
      const other = pool[int(rnd, pool.length)] ?? b;
      return Uint8Array.from([...b.subarray(0, at), ...other.subarray(int(rnd, other.length + 1))]);
    }
    case 7: // option overload with a random value right after the cookie
      return n < 240 ? b.slice() : splice(b, 240, 0, Uint8Array.of(52, 1 + int(rnd, 2) - int(rnd, 2), int(rnd, 5), int(rnd, 4)));
    case 8: { // random option TLVs in sname or file
      const c = b.slice();
      const [start, len] = rnd() < 0.5 ? [44, 64] : [108, 128];
      let p = start;
      while (p < start + len && p < c.length) {
        const code = [1, 3, 52, 53, 12, 61, 0, 255, int(rnd, 256)][int(rnd, 9)] as number;
        const l = int(rnd, 12);
        const tlv = Uint8Array.of(code, l, ...randomBytes(rnd, l));
        c.set(tlv.subarray(0, Math.min(tlv.length, start + len - p, c.length - p)), p);
        p += tlv.length;
      }
      return c;
    }
    case 9: { // duplicate an option (RFC 3396 concatenation)
      const lens = lengthOffsets(b);
      const i = lens[int(rnd, lens.length)];
      if (i === undefined) return b.slice();
      const tlv = b.slice(i - 1, i + 1 + (b[i] as number));
      return splice(b, 240, 0, tlv);
    }
    default: { const c = b.slice(); if (n >= 240) c[236 + int(rnd, 4)] = int(rnd, 256); return c; }
  }
}

/** 1-4 random mutations of a random packet of `pool`. */
export function mutatePacket(pool: readonly Uint8Array[], rnd: () => number): Uint8Array {
  let b = pool[int(rnd, pool.length)] as Uint8Array;
  const rounds = 1 + int(rnd, 4);
  for (let i = 0; i < rounds; i++) b = mutateOnce(b, rnd, pool);
  return b;
}

/** `sname`/`file` with trailing zeros dropped: an empty field and an all-zero one compare equal. */
function trimZeros(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return toHex(b.subarray(0, end));
}

/** A comparable summary of a packet: header, trimmed sname/file, options without 52. */
export function packetSummary(p: Packet4): string {
  const opts = [...p.options].filter(([c]) => c !== 52).map(([c, v]) => `${c}=${toHex(v)}`).sort();
  return [p.op, p.htype, p.hlen, p.hops, p.xid, p.secs, p.flags, p.ciaddr, p.yiaddr, p.siaddr, p.giaddr,
    toHex(p.chaddr), trimZeros(p.sname), trimZeros(p.file), ...opts].join('|');
}

/** Counts of one fuzz run. */
export interface FuzzStats {
  iterations: number;
  decoded: number;
  rejected: number;
  /** Decoded inputs that used option overload (file/sname read as options). */
  overloadedIn: number;
  /** Re-encodings that used option overload. */
  overloaded: number;
  /** Rejections by error code. */
  codes: Record<string, number>;
}

/**
 * Runs `iterations` mutations: decoding must not throw; a decoded packet must encode without
 * throwing, and the encoding must decode (same leniency) to an equal packet (see
 * `packetSummary`). Throws an Error naming the seed, the iteration and the input otherwise.
 */
export function runFuzz4(pool: readonly Uint8Array[], iterations: number, seed: number): FuzzStats {
  const rnd = prng(seed);
  const stats: FuzzStats = { iterations, decoded: 0, rejected: 0, overloadedIn: 0, overloaded: 0, codes: {} };
  const maxSizes = [undefined, 548, 300, 400, 576, 1472, 250];
  for (let i = 0; i < iterations; i++) {
    const input = mutatePacket(pool, rnd);
    const lenient = rnd() < 0.5;
    const maxSize = maxSizes[int(rnd, maxSizes.length)];
    try {
      const r = decodePacket4(input, { lenient });
      if (!r.ok) {
        stats.rejected++;
        stats.codes[r.code] = (stats.codes[r.code] ?? 0) + 1;
        continue;
      }
      stats.decoded++;
      if (r.packet.options.has(52) && r.packet.file.length + r.packet.sname.length < 192) stats.overloadedIn++;
      const wire = encodePacket4(r.packet, { maxSize, minSize: rnd() < 0.5 ? 0 : 300 });
      const back = decodePacket4(wire, { lenient });
      if (!back.ok) throw new Error(`re-encoded packet does not decode: ${back.code} at ${back.offset}: ${back.message}`);
      if (back.packet.options.has(52)) stats.overloaded++;
      if (packetSummary(back.packet) !== packetSummary(r.packet)) throw new Error('re-encoded packet decodes differently');
    } catch (err) {
      throw new Error(`fuzz seed ${seed} iteration ${i} (lenient ${lenient}, maxSize ${maxSize}) input ${toHex(input)}`, { cause: err });
    }
  }
  return stats;
}

const KEA_FILE = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Proin mollis placerat metus, at lacinia orci ornare vitae. Mauris amet.';
const KEA_SNAME = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit posuere.';

/** Kea pkt4_unittest.cc's dummy sname (64 octets) and file (128 octets). */
export const KEA_DUMMY = { sname: new TextEncoder().encode(KEA_SNAME), file: new TextEncoder().encode(KEA_FILE) };

/**
 * Kea pkt4_unittest.cc `generateTestPacket2()`: the 236-octet header with every fixed field
 * set (op 1, htype 6, hlen 6, hops 13, xid 0x12345678, secs 42, flags 0x8000, ciaddr
 * 192.0.2.1, yiaddr 1.2.3.4, siaddr 192.0.2.255, giaddr 255.255.255.255, chaddr 00:01:02:03:04:05).
 */
export function keaTestHeader(): Uint8Array {
  const b = new Uint8Array(236);
  b.set([1, 6, 6, 13, 0x12, 0x34, 0x56, 0x78, 0, 42, 0x80, 0x00, 192, 0, 2, 1, 1, 2, 3, 4, 192, 0, 2, 255, 255, 255, 255, 255]);
  b.set([0, 1, 2, 3, 4, 5], 28);
  b.set(KEA_DUMMY.sname, 44);
  b.set(KEA_DUMMY.file, 108);
  return b;
}

/** `header` + the magic cookie + `options` bytes. */
export function withOptions(header: Uint8Array, options: readonly number[]): Uint8Array {
  const b = new Uint8Array(header.length + 4 + options.length);
  b.set(header);
  b.set([0x63, 0x82, 0x53, 0x63], header.length);
  b.set(options, header.length + 4);
  return b;
}

/** A 236-octet header with zero sname/file (usable for overload), chaddr 02:00:00:00:00:01. */
export function plainHeader(): Uint8Array {
  const b = new Uint8Array(236);
  b.set([1, 1, 6, 0, 0xde, 0xad, 0xbe, 0xef]);
  b.set([2, 0, 0, 0, 0, 1], 28);
  return b;
}
