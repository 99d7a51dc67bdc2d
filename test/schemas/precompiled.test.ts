/**
 * The build's standalone validators (scripts/precompile-schemas.mjs) must judge exactly as the
 * schemas compiled at run time: same verdict, same errors, for every schema and every fixture.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { readSchemas, schemaAjv, schemaId } from '../../src/schemas/validator.js';
import { entra, rfc } from './fixtures.js';

// Beside the build's own file (so ajv's runtime resolves), under a name no run loads.
const OUT = join(PACKAGE_ROOT, 'dist', 'schemas', `precompiled-test-${process.pid}.cjs`);
afterAll(() => rmSync(OUT, { force: true }));

describe('precompiled schemas', () => {
  it('judge every fixture as the schemas compiled at run time do, and carry the schemas hash', () => {
    execFileSync(process.execPath, [join(PACKAGE_ROOT, 'scripts/precompile-schemas.mjs'), OUT]);
    const built = createRequire(import.meta.url)(OUT) as { hash: string; validators: Record<string, ValidateFunction> };
    const { schemas, hash } = readSchemas();
    expect(built.hash).toBe(hash);
    expect(Object.keys(built.validators).sort()).toEqual([...schemas.keys()].sort());
    const ajv = schemaAjv(schemas.values());
    const values = [...Object.values(rfc), ...Object.values(entra), {}, [], 'text', { schemas: [] }];
    let failures = 0;
    for (const name of schemas.keys()) {
      const runtime = ajv.getSchema(schemaId(name))!;
      for (const value of values) {
        const verdict = built.validators[name](value);
        expect([verdict, built.validators[name].errors ?? null]).toEqual([runtime(value), runtime.errors ?? null]);
        if (!verdict) failures++;
      }
    }
    // The fixtures exercise both verdicts, so equal errors are compared too.
    expect(failures).toBeGreaterThan(0);
  });
});
