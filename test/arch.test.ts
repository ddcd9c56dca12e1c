// The dependency rules of STYLE.md, checked on the import lines of src/.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

function filesOf(folder: string): Array<{ file: string; text: string }> {
  return readdirSync(path.join(src, folder), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && e.name !== 'test-helpers.ts')
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file: path.relative(src, file), text: readFileSync(file, 'utf8') };
    });
}

function imports(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] as string);
}

const IO_MODULES = ['node:fs', 'node:fs/promises', 'node:dgram', 'node:net', 'node:child_process', 'node:http', 'node:https', 'pino', 'simple-git'];

describe('architecture', () => {
  it.each(['net', 'codec', 'eval', 'schema'])('%s/ is pure: no I/O modules, no Date.now', (folder) => {
    for (const { file, text } of filesOf(folder)) {
      expect(imports(text).filter((m) => IO_MODULES.includes(m)), file).toEqual([]);
      expect(text.includes('Date.now('), file).toBe(false);
    }
  });

  it('config/ reads files only in its loader, and opens no sockets or processes', () => {
    for (const { file, text } of filesOf('config')) {
      const io = imports(text).filter((m) => IO_MODULES.includes(m));
      expect(io, file).toEqual(file === path.join('config', 'load.ts') ? ['node:fs'] : []);
    }
  });

  it('nothing outside cli/ imports cli/, and only main.ts is the entry point', () => {
    for (const folder of ['net', 'codec', 'eval', 'schema', 'config']) {
      for (const { file, text } of filesOf(folder)) {
        expect(imports(text).filter((m) => m.includes('/cli/')), file).toEqual([]);
      }
    }
  });

  it('only cli/ and main.ts call process.exit', () => {
    for (const folder of ['net', 'codec', 'eval', 'schema', 'config']) {
      for (const { file, text } of filesOf(folder)) expect(text.includes('process.exit'), file).toBe(false);
    }
  });
});
