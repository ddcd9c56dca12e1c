/**
 * ajv compiled once over the schemas in `schemas/` (embedded by `npm run gen:types`), with our
 * formats and the `x-deprecated` keyword. Pure: no file or network access.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SCHEMA_FILES } from './generated/schemas.js';
import { Formats } from './formats.js';
import type { GitdhcpConfig } from './generated/config.js';

export const ROOT_SCHEMA = 'gitdhcp.schema.json';

let compiled: ValidateFunction<GitdhcpConfig> | undefined;

function build(): ValidateFunction<GitdhcpConfig> {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    useDefaults: false,
  });
  for (const [name, spec] of Object.entries(Formats)) {
    ajv.addFormat(name, { type: 'string', validate: spec.validate });
  }
  ajv.addKeyword({
    keyword: 'x-deprecated',
    schemaType: 'string',
    errors: true,
    // A deprecated keyword that is present "fails" this keyword; the issue mapper turns
    // these failures into warnings, so they never make a configuration invalid.
    validate: function deprecated(schema: string): boolean {
      (deprecated as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: 'x-deprecated', message: schema, params: { replacement: schema } },
      ];
      return false;
    },
  });
  for (const [name, schema] of Object.entries(SCHEMA_FILES)) ajv.addSchema(schema, name);
  const validate = ajv.getSchema<GitdhcpConfig>(ROOT_SCHEMA);
  if (validate === undefined) throw new Error(`schema ${ROOT_SCHEMA} is missing from the embedded schemas`);
  return validate;
}

/**
 * Validates a whole configuration document against the gitdhcp schema.
 * Returns ajv's raw errors (empty when valid); `x-deprecated` entries are warnings.
 */
export function validateSchema(value: unknown): readonly ErrorObject[] {
  compiled ??= build();
  compiled(value);
  return compiled.errors ?? [];
}
