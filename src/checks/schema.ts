import { defineCheck, fail, isObject, pass, skip } from './types.js';

/** Where each payload schema comes from, for the check's reference. */
export const SCHEMA_REFERENCES: Readonly<Record<string, string>> = {
  User: 'RFC 7643 §4.1',
  EnterpriseUser: 'RFC 7643 §4.3',
  Group: 'RFC 7643 §4.2',
  ListResponse: 'RFC 7644 §3.4.2',
  Error: 'RFC 7644 §3.12',
  PatchOp: 'RFC 7644 §3.5.2',
  ServiceProviderConfig: 'RFC 7643 §5',
  ResourceType: 'RFC 7643 §6',
  Schema: 'RFC 7643 §7',
};

export const schemaValid = defineCheck<{ schema: string; each?: boolean }>({
  id: 'schema.valid',
  basis: 'The REQUIRED attributes and types of RFC 7643 §3 (schemas REQUIRED), §4-§7 and RFC 7644 §3.4.2, §3.12 (totalResults, status REQUIRED), as schemas/scim encodes them',
  title: 'The body validates against the RFC JSON Schema',
  severity: 'must',
  reference: 'RFC 7643 §4-§7; RFC 7644 §3.4.2, §3.12 (per schema)',
  category: 'schema',
  args: {
    type: 'object',
    required: ['schema'],
    properties: {
      schema: { enum: Object.keys(SCHEMA_REFERENCES) },
      each: { type: 'boolean', description: 'validate every entry of a ListResponse instead of the body' },
    },
    additionalProperties: false,
  },
  run: ({ exchange, args, validate }) => {
    const body = exchange.response?.json;
    if (body === undefined) return skip('no JSON body (see http.json-body)');
    const subjects = args.each ? (isObject(body) && Array.isArray(body.Resources) ? body.Resources : []) : [body];
    const errors = subjects.flatMap((subject, i) =>
      validate(args.schema, subject).map((e) => (args.each ? `/Resources/${i}${e}` : e)),
    );
    return errors.length === 0
      ? pass()
      : fail(`not a valid ${args.schema} (${SCHEMA_REFERENCES[args.schema]}): ${errors.slice(0, 3).join('; ')}`, {
          expected: `${args.schema} schema`,
          actual: errors,
        });
  },
});

export const targetSchemaValid = defineCheck<Record<string, never>>({
  id: 'schema.target',
  basis: 'RFC 7643 §7 lets a service provider describe its schema, but no MUST binds each resource to it; Entra reads /Schemas only for gallery schema discovery (entra-scim-behaviour.md §1.2 G17)',
  title: "Resources match the target's own /Schemas definitions",
  severity: 'should',
  reference: 'RFC 7643 §2.2 (returned, mutability), §7 (schema definitions); Entra R8',
  category: 'schema',
  run: ({ exchange, validateTarget }) => {
    const body = exchange.response?.json;
    if (!validateTarget) return skip('the target publishes no usable /Schemas');
    if (!isObject(body) || (exchange.response?.status ?? 0) >= 300) return skip('no resource in the response');
    const resources = Array.isArray(body.Resources) ? body.Resources.filter(isObject) : [body];
    // With attributes/excludedAttributes the server returns a subset, so required attributes may be absent.
    const partial = /[?&](excludedA|a)ttributes=/.test(exchange.request.url);
    const outcomes = resources.map((resource) => validateTarget(resource, partial));
    if (outcomes.every((errors) => errors === undefined))
      return skip('no schema of the target describes this resource');
    const errors = outcomes.flatMap((e) => e ?? []);
    return errors.length === 0
      ? pass()
      : fail(`the resource contradicts the target's own schema: ${errors.slice(0, 3).join('; ')}`, {
          expected: "the target's /Schemas",
          actual: errors,
        });
  },
});
