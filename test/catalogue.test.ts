import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes } from '../src/errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function documentedCodes(file: string, pattern: RegExp): string[] {
  return [...readFileSync(path.join(root, file), 'utf8').matchAll(pattern)].map((m) => m[1] as string);
}

describe('catalogues', () => {
  it('docs/errors.md documents exactly the codes of src/errors.ts', () => {
    expect(documentedCodes('docs/errors.md', /^\| `(ERR_[A-Z_]+)` \|/gm).sort()).toEqual(Object.keys(ErrorCodes).sort());
  });
});
