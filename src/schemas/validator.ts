import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../paths.js';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const ID_BASE = 'https://scim-conformance.dev/schemas/';

export interface SchemaValidator {
  /** Validates against `schemas/<folder>/<name>.schema.json`, e.g. `scim/User`; returns readable errors. */
  validate(name: string, value: unknown): string[];
  /** The raw ajv errors, for callers that map them back to source positions. */
  errors(name: string, value: unknown): ErrorObject[];
}

let shared: SchemaValidator | undefined;

/** Compiles every schema under `schemas/` once per process. */
export function schemaValidator(): SchemaValidator {
  shared ??= compileAll();
  return shared;
}

function compileAll(): SchemaValidator {
  // strictRequired would reject `oneOf: [{ required: [...] }]` alternatives over properties declared by the parent.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  for (const folder of readdirSync(SCHEMAS_DIR, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of readdirSync(join(SCHEMAS_DIR, folder.name))) {
      if (file.endsWith('.schema.json')) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS_DIR, folder.name, file), 'utf8')));
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  const get = (name: string): ValidateFunction => {
    let fn = compiled.get(name);
    if (!fn) {
      fn = ajv.getSchema(`${ID_BASE}${name}.schema.json`);
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
