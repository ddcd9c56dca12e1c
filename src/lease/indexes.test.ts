// The typed-array indexes of the lease table, against Map on random operations.
import { describe, expect, it } from 'vitest';
import { ChainIndex } from './chain-index.js';
import { U32Map } from './u32-map.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('U32Map', () => {
  it('agrees with a Map over random sets and deletes (clustered keys, growth, backward shifts)', () => {
    const random = rng(7);
    const map = new U32Map(4);
    const ref = new Map<number, number>();
    for (let i = 0; i < 200_000; i++) {
      const key = random() < 0.5 ? (0xc0a80000 + Math.floor(random() * 5000)) >>> 0 : Math.floor(random() * 2 ** 32);
      if (random() < 0.35) {
        expect(map.delete(key)).toBe(ref.delete(key));
      } else {
        map.set(key, i);
        ref.set(key, i);
      }
      if (i % 1000 === 0) expect(map.size).toBe(ref.size);
    }
    for (const [k, v] of ref) expect(map.get(k)).toBe(v);
    expect(map.get(0x0a000001)).toBe(ref.get(0x0a000001) ?? -1);
  });
});

describe('ChainIndex', () => {
  it('agrees with a Map of sets over random adds and removes', () => {
    const random = rng(11);
    const keys: string[] = [];
    const index = new ChainIndex((slot) => keys[slot] as string);
    const ref = new Map<string, Set<number>>();
    for (let slot = 0; slot < 60_000; slot++) {
      const key = String.fromCharCode(2, 0, 0, Math.floor(random() * 40), Math.floor(random() * 256));
      keys[slot] = key;
      index.add(key, slot);
      if (!ref.has(key)) ref.set(key, new Set());
      ref.get(key)?.add(slot);
      if (random() < 0.3) {
        const victim = Math.floor(random() * (slot + 1));
        const vk = keys[victim] as string;
        if (ref.get(vk)?.delete(victim) === true) index.remove(vk, victim);
      }
    }
    for (const [key, slots] of ref) expect(index.find(key).sort((a, b) => a - b)).toEqual([...slots].sort((a, b) => a - b));
    expect(index.find('\x09\x09')).toEqual([]);
  });
});
