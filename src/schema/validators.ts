/**
 * The configuration validator: ajv's standalone code generated ahead of time from the schemas
 * in `schemas/` (`npm run gen:types`), so no schema is compiled at run time. Pure: no file or
 * network access.
 */
import type { ErrorObject } from 'ajv';
import { validateConfig } from './generated/validate-config.js';

interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const validate = validateConfig as GeneratedValidator;

/**
 * Validates a whole configuration document against the gitdhcp schema.
 * Returns ajv's errors (empty when valid); `x-deprecated` entries are warnings.
 */
export function validateSchema(value: unknown): readonly ErrorObject[] {
  validate(value);
  return validate.errors ?? [];
}
