import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GENERATED, generateTypes, generateValidatorModule } from '../../scripts/gen-types.mjs';

// The generated files are committed; when a schema changes, `npm run gen:types` must be rerun.
describe('generated code is up to date with schemas/', () => {
  it('src/schema/generated/config.ts', async () => {
    expect(readFileSync(GENERATED.types, 'utf8') === (await generateTypes()), 'stale: run npm run gen:types').toBe(true);
  }, 60_000);

  it('src/schema/generated/validate-config.ts', async () => {
    expect(readFileSync(GENERATED.validator, 'utf8') === (await generateValidatorModule()), 'stale: run npm run gen:types').toBe(true);
  }, 60_000);
});
