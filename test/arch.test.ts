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

/** Every module a file loads: static imports and re-exports, dynamic import() and require(). */
function imports(text: string): string[] {
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gms),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1] as string);
}

const IO_MODULES = ['node:fs', 'node:fs/promises', 'node:dgram', 'node:net', 'node:child_process', 'node:http', 'node:https', 'pino', 'simple-git'];

/** True when the import `spec` of `file` (relative to src/) leads into another top-level folder. */
function crossesInto(file: string, spec: string): boolean {
  const target = path.relative(src, path.resolve(src, path.dirname(file), spec));
  return target.split(path.sep)[0] !== file.split(path.sep)[0];
}

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

  it('a folder imports another folder only through its index.ts', () => {
    for (const folder of ['net', 'codec', 'eval', 'schema', 'config']) {
      for (const { file, text } of filesOf(folder)) {
        const deep = imports(text).filter((m) => m.startsWith('.') && crossesInto(file, m) && !m.endsWith('/index.js') && !m.endsWith('errors.js'));
        expect(deep, file).toEqual([]);
      }
    }
  });

  it('only cli/ and main.ts call process.exit', () => {
    for (const folder of ['net', 'codec', 'eval', 'schema', 'config']) {
      for (const { file, text } of filesOf(folder)) expect(text.includes('process.exit'), file).toBe(false);
    }
  });
});
