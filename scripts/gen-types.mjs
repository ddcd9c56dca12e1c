#!/usr/bin/env node
// Generates from schemas/*.schema.json:
//   src/schema/generated/config.ts   TypeScript types (json-schema-to-typescript)
//   src/schema/generated/schemas.ts  the schemas themselves as a module, for ajv at run time
// Both are committed; src/schema/generated.test.ts fails when they are stale.
// Run: npm run gen:types
import { compileFromFile } from 'json-schema-to-typescript';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = path.join(root, 'schemas');
export const GENERATED = {
  types: path.join(root, 'src/schema/generated/config.ts'),
  schemas: path.join(root, 'src/schema/generated/schemas.ts'),
};

const BANNER = `/* eslint-disable */
/**
 * GENERATED FILE, DO NOT EDIT. Source: schemas/*.schema.json. Regenerate with: npm run gen:types
 */`;

/** Returns the TypeScript types generated from the schemas. */
export async function generateTypes() {
  return compileFromFile(path.join(schemaDir, 'gitdhcp.schema.json'), {
    cwd: schemaDir,
    bannerComment: BANNER,
    additionalProperties: false,
    unreachableDefinitions: false,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: true, printWidth: 100 },
  });
}

/** Returns a module exporting every schema file by name, so ajv needs no file access. */
export async function generateSchemaModule() {
  const names = (await readdir(schemaDir)).filter((f) => f.endsWith('.schema.json')).sort();
  const entries = [];
  for (const name of names) {
    const json = JSON.parse(await readFile(path.join(schemaDir, name), 'utf8'));
    entries.push(`  ${JSON.stringify(name)}: ${JSON.stringify(json)},`);
  }
  return `${BANNER}

/** Every schema in schemas/, keyed by file name (the name is also the schema's $id). */
export const SCHEMA_FILES: Readonly<Record<string, object>> = {
${entries.join('\n')}
};
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(GENERATED.types, await generateTypes());
  await writeFile(GENERATED.schemas, await generateSchemaModule());
  console.log(`wrote ${path.relative(root, GENERATED.types)} and ${path.relative(root, GENERATED.schemas)}`);
}
