// Mutation fuzzing of decodePacket4/encodePacket4 over the real captures (50 000 iterations; the
// 1 000 000-iteration run is `node scripts/fuzz-packet4.mjs`). See runFuzz4 for the properties.
import { expect, it } from 'vitest';
import { fixtureNames, loadFixture, runFuzz4 } from './test-helpers.js';

it('50 000 mutated packets: decode never throws, whatever decodes re-encodes and decodes the same', () => {
  const pool = fixtureNames().map(loadFixture);
  const stats = runFuzz4(pool, 50_000, 0x5eed4);
  expect(stats.decoded).toBeGreaterThan(5_000);
  expect(stats.rejected).toBeGreaterThan(5_000);
  expect(stats.overloaded).toBeGreaterThan(100);
  expect(stats.overloadedIn).toBeGreaterThan(100);
  expect(Object.keys(stats.codes).sort()).toEqual([
    'ERR_CODEC_BAD_COOKIE', 'ERR_CODEC_BAD_HLEN', 'ERR_CODEC_BAD_MESSAGE_TYPE', 'ERR_CODEC_BAD_OVERLOAD',
    'ERR_CODEC_OPTION_OVERFLOW', 'ERR_CODEC_OVERLOAD_LOOP', 'ERR_CODEC_TRUNCATED',
  ]);
}, 60_000);
