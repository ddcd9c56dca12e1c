#!/usr/bin/env node
// Generates from schemas/*.schema.json:
//   src/schema/generated/config.ts           TypeScript types (json-schema-to-typescript)
//   src/schema/generated/validate-config.ts  the validator, compiled ahead of time by ajv's
//                                            standalone code generation (saves ~0.4 s per run)
// Both are committed; src/schema/generated.test.ts fails when they are stale.
// Run: npm run gen:types
import { compileFromFile } from 'json-schema-to-typescript';
import { Ajv, _, str } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = path.join(root, 'schemas');
export const GENERATED = {
  types: path.join(root, 'src/schema/generated/config.ts'),
  validator: path.join(root, 'src/schema/generated/validate-config.ts'),
};

/** The ajv options shared by the generated validator; src/schema/validators.ts relies on them. */
export const AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  allowUnionTypes: true,
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

async function readSchemas() {
  const names = (await readdir(schemaDir)).filter((f) => f.endsWith('.schema.json')).sort();
  const out = {};
  for (const name of names) out[name] = JSON.parse(await readFile(path.join(schemaDir, name), 'utf8'));
  return out;
}

function formatNames(node, acc = new Set()) {
  if (Array.isArray(node)) node.forEach((n) => formatNames(n, acc));
  else if (node && typeof node === 'object') {
    if (typeof node.format === 'string') acc.add(node.format);
    Object.values(node).forEach((n) => formatNames(n, acc));
  }
  return acc;
}

/**
 * Returns the validator module: ajv's standalone code for gitdhcp.schema.json. Formats are
 * looked up at run time in src/schema/formats.ts; `x-deprecated` always fails, and the issue
 * mapper turns those failures into warnings.
 */
export async function generateValidatorModule() {
  const schemas = await readSchemas();
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, formats: _`FORMATS` } });
  for (const name of [...formatNames(schemas)].sort()) ajv.addFormat(name, { type: 'string', validate: () => true });
  ajv.addKeyword({
    keyword: 'x-deprecated',
    schemaType: 'string',
    error: { message: ({ schema }) => str`${schema}` },
    code(cxt) {
      cxt.fail(_`true`);
    },
  });
  for (const [name, schema] of Object.entries(schemas)) ajv.addSchema(schema, name);
  let code = standaloneCode.default(ajv, { validateConfig: 'gitdhcp.schema.json' });
  // ESM cannot require() ajv's CommonJS runtime helper, and CommonJS default-import interop
  // differs between Node and vitest: use our own copy of the helper.
  code = code.replaceAll('require("ajv/dist/runtime/ucs2length").default', 'ucs2length');
  return `// @ts-nocheck
${BANNER}
import { FORMAT_VALIDATORS as FORMATS, ucs2length } from '../formats.js';
${code}
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(GENERATED.types, await generateTypes());
  await writeFile(GENERATED.validator, await generateValidatorModule());
  console.log(`wrote ${Object.values(GENERATED).map((f) => path.relative(root, f)).join(', ')}`);
}
