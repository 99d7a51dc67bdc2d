import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';

/** An attribute definition as a target's /Schemas endpoint describes it (RFC 7643 §7). */
interface AttributeDefinition {
  name: string;
  type?: string;
  multiValued?: boolean;
  required?: boolean;
  returned?: string;
  mutability?: string;
  subAttributes?: AttributeDefinition[];
}

interface SchemaResource {
  id: string;
  attributes?: AttributeDefinition[];
}

/** Validates resources against the target's own schema definitions; undefined when none applies. */
export type TargetValidate = (resource: Record<string, unknown>, partial: boolean) => string[] | undefined;

const TYPE: Record<string, string> = {
  string: 'string',
  boolean: 'boolean',
  decimal: 'number',
  integer: 'integer',
  dateTime: 'string',
  reference: 'string',
  binary: 'string',
  complex: 'object',
};

/**
 * Null is "unassigned" (RFC 7643 §2.5), so every attribute may be null: a type list says so in one
 * keyword (`properties` and `items` apply only to objects and arrays), where an `anyOf` with null
 * would double the code ajv generates and the errors it reports.
 */
function attributeSchema(attribute: AttributeDefinition): Record<string, unknown> | false {
  if (attribute.returned === 'never' || attribute.mutability === 'writeOnly') return false;
  const type = TYPE[attribute.type ?? 'string']; // an unknown type takes any value
  const single: Record<string, unknown> = {
    ...(type && { type }),
    ...(attribute.type === 'complex' && { properties: propertiesOf(attribute.subAttributes ?? []) }),
  };
  if (attribute.multiValued) return { type: ['array', 'null'], items: single };
  return type ? { ...single, type: [type, 'null'] } : single;
}

function propertiesOf(attributes: AttributeDefinition[]): Record<string, unknown> {
  return Object.fromEntries(attributes.map((a) => [a.name, attributeSchema(a)]));
}

function requiredOf(attributes: AttributeDefinition[]): string[] {
  return attributes.filter((a) => a.required && a.returned !== 'never' && a.returned !== 'request' && a.mutability !== 'writeOnly').map((a) => a.name);
}

/** Renames keys to the declared spelling: attribute names are case-insensitive (RFC 7643 §2.1). */
function canonicalize(value: Record<string, unknown>, attributes: AttributeDefinition[]): Record<string, unknown> {
  const byLower = new Map(attributes.map((a) => [a.name.toLowerCase(), a]));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const attribute = byLower.get(key.toLowerCase());
      if (!attribute) return [key, item];
      const sub = attribute.subAttributes ?? [];
      const fix = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) && sub.length ? canonicalize(v as Record<string, unknown>, sub) : v);
      return [attribute.name, Array.isArray(item) ? item.map(fix) : fix(item)];
    }),
  );
}

const TARGET_ID = 'https://scim-conformance.dev/target/';
const require = createRequire(import.meta.url);

/** The Schema resources that describe attributes, by their position in /Schemas. */
function schemaResources(resources: readonly unknown[]): Array<[number, SchemaResource & { attributes: AttributeDefinition[] }]> {
  return [...(resources as SchemaResource[]).entries()].filter(
    (entry): entry is [number, SchemaResource & { attributes: AttributeDefinition[] }] =>
      typeof entry[1]?.id === 'string' && Array.isArray(entry[1].attributes),
  );
}

/**
 * Turns the schema definitions a target publishes at /Schemas into JSON Schemas, so every resource
 * it returns can be held to its own declarations: types, required attributes, and no `returned:
 * never` attribute (RFC 7643 §2.2, §7), and compiles them to ajv's standalone code: a CommonJS
 * module exporting `partial<k>` and `full<k>` for the k-th resource of /Schemas. Discovery does this
 * once, in the CLI process; the thread that runs the scenarios loads the code ({@link targetValidator})
 * and spares itself ajv's compiler.
 */
export function targetValidatorCode(resources: readonly unknown[]): string {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const standaloneCode = (require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js'))
    .default;
  // The JSON Schemas are built here, not written by anyone: no meta-schema validation (its compile
  // is ~80 ms), and no optimising pass over the generated code, which halves the compile of a large
  // User schema and slows the few hundred validations of a run by nothing measurable.
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    validateSchema: false,
    code: { optimize: false, source: true },
  });
  const exports: Record<string, string> = {};
  for (const [index, resource] of schemaResources(resources)) {
    // The full mode refers to the partial one: one definition of the attributes for both.
    const partialId = `${TARGET_ID}${index}`;
    ajv.addSchema({ $id: partialId, type: 'object', properties: propertiesOf(resource.attributes) });
    ajv.addSchema({ $id: `${partialId}/full`, $ref: partialId, required: requiredOf(resource.attributes) });
    exports[`partial${index}`] = partialId;
    exports[`full${index}`] = `${partialId}/full`;
  }
  return standaloneCode(ajv, exports);
}

/**
 * Validates resources against the target's schema definitions, with the code
 * {@link targetValidatorCode} generated from the same /Schemas resources. Core schema attributes
 * sit at the top level of a resource; an extension's sit under its URN.
 */
export function targetValidator(resources: readonly unknown[], code: string): TargetValidate {
  // ajv's own way to load standalone code is to evaluate it, as ajv.compile does with what it generates;
  // the code requires a few of ajv's runtime helpers, found from here.
  const compiled = { exports: {} as Record<string, ValidateFunction> };
  new Function('require', 'module', 'exports', code)(require, compiled, compiled.exports);
  const schemas = new Map<string, { attributes: AttributeDefinition[]; full: ValidateFunction; partial: ValidateFunction }>();
  for (const [index, resource] of schemaResources(resources)) {
    const [full, partial] = [compiled.exports[`full${index}`], compiled.exports[`partial${index}`]];
    if (!full || !partial) throw new Error(`the target's validator code has no validators for /Schemas resource ${index}`);
    schemas.set(resource.id.toLowerCase(), { attributes: resource.attributes, full, partial });
  }
  return (resource, partial) => {
    const urns = Array.isArray(resource.schemas) ? resource.schemas.filter((s): s is string => typeof s === 'string') : [];
    const known = urns.filter((urn) => schemas.has(urn.toLowerCase()));
    if (known.length === 0) return undefined;
    const errors: string[] = [];
    for (const urn of known) {
      const schema = schemas.get(urn.toLowerCase())!;
      // An extension's attributes sit under its URN; the core schema's at the top level.
      const extensionKey = Object.keys(resource).find((k) => k.toLowerCase() === urn.toLowerCase());
      const subject = extensionKey ? resource[extensionKey] : resource;
      if (!subject || typeof subject !== 'object') continue;
      const validate = partial ? schema.partial : schema.full;
      if (!validate(canonicalize(subject as Record<string, unknown>, schema.attributes))) {
        const prefix = extensionKey ? `/${urn}` : '';
        errors.push(
          ...(validate.errors ?? []).map((e) =>
            e.keyword === 'false schema'
              ? `${prefix}${e.instancePath} is returned although the target declares it returned: never / writeOnly`
              : `${prefix}${e.instancePath || '/'} ${e.message ?? e.keyword}`,
          ),
        );
      }
    }
    return errors;
  };
}
