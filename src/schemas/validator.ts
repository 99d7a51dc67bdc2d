import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMAS_DIR } from '../paths.js';

const require = createRequire(import.meta.url);

const ID_BASE = 'https://scim-conformance.dev/schemas/';

/**
 * The validators of every schema, generated as code by `npm run build` (scripts/precompile-schemas.mjs):
 * compiling them takes a few hundred ms per thread, and a run validates in two threads.
 */
const PRECOMPILED = fileURLToPath(new URL('./precompiled.cjs', import.meta.url));

export interface SchemaValidator {
  /** Validates against `schemas/<folder>/<name>.schema.json`, e.g. `scim/User`; returns readable errors. */
  validate(name: string, value: unknown): string[];
  /** The raw ajv errors, for callers that map them back to source positions. */
  errors(name: string, value: unknown): ErrorObject[];
}

/** Every schema under `schemas/` by name (`scim/User`), and a hash of their text that dates precompiled code. */
export function readSchemas(): { schemas: Map<string, Record<string, unknown>>; hash: string } {
  const schemas = new Map<string, Record<string, unknown>>();
  const hash = createHash('sha256');
  for (const folder of readdirSync(SCHEMAS_DIR, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of readdirSync(join(SCHEMAS_DIR, folder.name)).sort()) {
      if (!file.endsWith('.schema.json')) continue;
      const text = readFileSync(join(SCHEMAS_DIR, folder.name, file), 'utf8');
      hash.update(`${folder.name}/${file}\n${text}\n`);
      schemas.set(`${folder.name}/${file.slice(0, -'.schema.json'.length)}`, JSON.parse(text));
    }
  }
  return { schemas, hash: hash.digest('hex') };
}

/** The ajv instance every schema is compiled with, here and by the build; `source` keeps code for standalone output. */
export function schemaAjv(schemas: Iterable<Record<string, unknown>>, source = false): Ajv2020 {
  // Loaded here: with the build's code, a run never compiles a schema, and loading ajv's compiler
  // cost each thread about 50 ms.
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as (ajv: Ajv2020) => Ajv2020;
  // strictRequired would reject `oneOf: [{ required: [...] }]` alternatives over properties declared by the parent.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, code: { source } });
  addFormats(ajv);
  for (const schema of schemas) ajv.addSchema(schema);
  return ajv;
}

export const schemaId = (name: string) => `${ID_BASE}${name}.schema.json`;

let shared: SchemaValidator | undefined;

/** Every schema under `schemas/`, precompiled when the build's code matches them, else compiled once per process. */
export function schemaValidator(): SchemaValidator {
  shared ??= validatorOf(readSchemas());
  return shared;
}

/** The build's validators, unless the schemas changed since (then they would judge by old rules). */
function precompiled(hash: string): Record<string, ValidateFunction> | undefined {
  if (!existsSync(PRECOMPILED)) return undefined;
  const code = require(PRECOMPILED) as { hash: string; validators: Record<string, ValidateFunction> };
  return code.hash === hash ? code.validators : undefined;
}

function validatorOf({ schemas, hash }: ReturnType<typeof readSchemas>): SchemaValidator {
  const built = precompiled(hash);
  let ajv: Ajv2020 | undefined;
  const compiled = new Map<string, ValidateFunction>();
  const get = (name: string): ValidateFunction => {
    let fn = compiled.get(name);
    if (!fn) {
      fn = schemas.has(name) ? (built?.[name] ?? (ajv ??= schemaAjv(schemas.values())).getSchema(schemaId(name))) : undefined;
      if (!fn) throw new Error(`no schema ${name} under ${SCHEMAS_DIR}`);
      compiled.set(name, fn);
    }
    return fn;
  };
  const errors = (name: string, value: unknown): ErrorObject[] => {
    const fn = get(name);
    return fn(value) ? [] : [...(fn.errors ?? [])];
  };
  return {
    errors,
    validate: (name, value) => errors(name, value).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`),
  };
}
