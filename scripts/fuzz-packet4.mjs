#!/usr/bin/env node
// Mutation fuzzer of the DHCPv4 codec (src/codec/v4): mutates the captured packets of
// test/fixtures/packets/ (bit flips, truncation, byte insertion/deletion, length-octet corruption,
// splicing, overload and sname/file option injection, duplicated options) and checks that
// decodePacket4 never throws, and that every packet it decodes re-encodes without throwing and
// decodes back to the same packet (runFuzz4 in src/codec/v4/test-helpers.ts).
//
//   node scripts/fuzz-packet4.mjs [--iterations 1000000] [--seed 1] [--chunk 100000]
//
// Needs no build: the codec's TypeScript is transpiled (no type check) into a temporary folder.
// Exits 1 with the failing seed, iteration and input on the first violation.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    chunk: { type: 'string', default: '100000' },
  },
});
const iterations = Number(values.iterations);
const seed = Number(values.seed);
const chunk = Number(values.chunk);

/** Transpiles src/codec/v4/*.ts (tests excluded) into a temporary folder; returns its path. */
function transpileCodec() {
  const srcDir = path.join(root, 'src/codec/v4');
  const outDir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-fuzz4-'));
  // test-helpers.ts finds the fixtures relative to its own location: point it at the repository.
  const fixtureDir = path.join(root, 'test/fixtures/packets');
  for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    let text = readFileSync(path.join(srcDir, file), 'utf8');
    if (file === 'test-helpers.ts') {
      text = text.replace(/export const FIXTURE_DIR = [^\n]+/, `export const FIXTURE_DIR = ${JSON.stringify(fixtureDir)};`);
    }
    const js = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    writeFileSync(path.join(outDir, file.replace(/\.ts$/, '.js')), js);
  }
  writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}');
  return outDir;
}

const outDir = transpileCodec();
try {
  const helpers = await import(pathToFileURL(path.join(outDir, 'test-helpers.js')).href);
  const names = helpers.fixtureNames();
  const pool = names.map((n) => helpers.loadFixture(n));
  console.log(`fuzz-packet4: ${iterations} iterations, seed ${seed}, ${pool.length} seed packets, node ${process.version}`);
  const total = { iterations: 0, decoded: 0, rejected: 0, overloadedIn: 0, overloaded: 0 };
  const codes = {};
  const started = performance.now();
  for (let done = 0, round = 0; done < iterations; round++) {
    const n = Math.min(chunk, iterations - done);
    // One PRNG stream per chunk, derived from the seed, so a failure names a reproducible seed.
    const stats = helpers.runFuzz4(pool, n, (seed * 1_000_003 + round) >>> 0);
    for (const k of Object.keys(total)) total[k] += stats[k];
    for (const [code, count] of Object.entries(stats.codes)) codes[code] = (codes[code] ?? 0) + count;
    done += n;
    const s = (performance.now() - started) / 1000;
    console.log(`  ${done} done (${s.toFixed(1)} s): decoded ${total.decoded} (${total.overloadedIn} overloaded), rejected ${total.rejected}, re-encoded with overload ${total.overloaded}`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`OK: ${total.iterations} iterations in ${seconds.toFixed(1)} s (${Math.round(total.iterations / seconds)}/s); ` +
    `decoded ${total.decoded} (${total.overloadedIn} with overload), rejected ${total.rejected}, re-encoded with overload ${total.overloaded}; ` +
    'no throw, every round trip equal');
  console.log('rejections by code:', JSON.stringify(codes));
} catch (err) {
  console.error('FAIL:', err instanceof Error ? err.message : err);
  if (err instanceof Error && err.cause !== undefined) console.error('cause:', err.cause);
  process.exitCode = 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
