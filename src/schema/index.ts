/**
 * schema: the configuration's JSON Schemas compiled ahead of time (`npm run gen:types`), the
 * types generated from them, and the string formats they use. Pure: no file or network access.
 */
export { validateSchema } from './validators.js';
export { Formats, FORMAT_VALIDATORS, ucs2length, type FormatSpec } from './formats.js';
export type * from './generated/config.js';
