#!/usr/bin/env node
// Generates src/schema/generated/config.ts from schemas/gitdhcp.schema.json with
// json-schema-to-typescript. The output is committed; src/schema/generated.test.ts fails when
// it is stale. Run: npm run gen:types
import { compileFromFile } from 'json-schema-to-typescript';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATED_FILE = path.join(root, 'src/schema/generated/config.ts');

const BANNER = `/* eslint-disable */
/**
 * GENERATED FILE, DO NOT EDIT. Source: schemas/*.schema.json. Regenerate with: npm run gen:types
 */`;

/** Returns the TypeScript text generated from the schemas. */
export async function generateTypes() {
  return compileFromFile(path.join(root, 'schemas/gitdhcp.schema.json'), {
    cwd: path.join(root, 'schemas'),
    bannerComment: BANNER,
    additionalProperties: false,
    unreachableDefinitions: false,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: true, printWidth: 100 },
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await generateTypes();
  await writeFile(GENERATED_FILE, text);
  console.log(`wrote ${path.relative(root, GENERATED_FILE)}`);
}
