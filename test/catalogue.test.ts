import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes } from '../src/errors.js';
import { ConfigIssueCodes } from '../src/config/codes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function documentedCodes(file: string, pattern: RegExp): string[] {
  return [...readFileSync(path.join(root, file), 'utf8').matchAll(pattern)].map((m) => m[1] as string);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.parentPath.includes('generated'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('catalogues', () => {
  it('docs/errors.md documents exactly the codes of src/errors.ts', () => {
    expect(documentedCodes('docs/errors.md', /^\| `(ERR_[A-Z_]+)` \|/gm).sort()).toEqual(Object.keys(ErrorCodes).sort());
  });

  it('docs/config-codes.md documents exactly the codes of src/config/codes.ts', () => {
    expect(documentedCodes('docs/config-codes.md', /^\| `([a-z0-9-]+)` \|/gm).sort()).toEqual(Object.keys(ConfigIssueCodes).sort());
  });

  it('every catalogued configuration code is reported somewhere in src/', () => {
    const text = sourceFiles('src').filter((f) => !f.endsWith('codes.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = Object.keys(ConfigIssueCodes).filter((c) => !text.includes(`'${c}'`));
    expect(unused).toEqual([]);
  });
});
