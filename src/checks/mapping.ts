import { declaration, type MappedAttribute } from '../model/mapping.js';
import { findMismatch, resolvePointer } from './json.js';
import { defineCheck, fail, isObject, pass, skip } from './types.js';

/** Types a client's value of `mapped` type cannot be stored as: numbers, booleans and dates are not text. */
const STRICT = new Set(['boolean', 'integer', 'decimal', 'datetime']);
const compatible = (mapped: string, declared: string) =>
  mapped === declared ||
  (!STRICT.has(mapped) && !STRICT.has(declared)) ||
  (mapped === 'decimal' && declared === 'integer');

/** What is wrong with one mapped attribute against the target's schemas, or undefined. */
function problem(schemas: readonly unknown[], attribute: MappedAttribute): string | undefined {
  const declared = declaration(schemas, attribute.object, attribute.path);
  if (declared === 'common') return undefined;
  if (!declared) return 'not declared';
  const type = typeof declared.type === 'string' ? declared.type.toLowerCase() : undefined;
  if (type && !compatible(attribute.type.toLowerCase(), type))
    return `declared ${declared.type}, mapped as ${attribute.type}`;
  if (declared.mutability === 'readOnly') return 'declared readOnly, but the client writes it';
  return undefined;
}

export const mappingDeclared = defineCheck<{ attributes: MappedAttribute[] }>({
  id: 'mapping.declared',
  basis:
    'No MUST: RFC 7643 §7 has the service provider publish the attributes it supports, and Entra drops or fails on attributes the target does not accept (entra-scim-behaviour.md §7.9, §11 Schema_Discoverability); SHOULD',
  title: "The target's /Schemas declares every attribute the app's mapping sends",
  severity: 'should',
  reference:
    "RFC 7643 §7 (the service provider publishes the attributes it supports); Entra: attribute mappings must match the target's schema, or it drops or refuses what Entra sends (§7.9)",
  category: 'schema',
  args: {
    type: 'object',
    required: ['attributes'],
    // Usually `{{mapping.attributes}}`: a template, so typed when rendered rather than when loaded.
    properties: { attributes: {} },
    additionalProperties: false,
  },
  run: ({ exchange, args }) => {
    if (!Array.isArray(args.attributes)) return skip('no mapped attributes to check');
    const body = exchange.response?.json;
    if (exchange.response?.status !== 200 || !isObject(body) || !Array.isArray(body.Resources))
      return skip('/Schemas returned no ListResponse of schemas to check the mapping against');
    const schemas = body.Resources as unknown[];
    if (schemas.length === 0) return skip('/Schemas lists no schema to check the mapping against');
    const problems = args.attributes.flatMap((attribute) => {
      const found = problem(schemas, attribute);
      const name = attribute.object === 'User' ? attribute.path : `${attribute.object} ${attribute.path}`;
      return found ? [`${name}: ${found}${attribute.row ? ` (mapped at ${attribute.row})` : ''}`] : [];
    });
    return problems.length === 0
      ? pass()
      : fail(
          `Entra would send what the target's /Schemas does not accept (it would drop or refuse it): ${problems.join('; ')}`,
          { expected: 'every mapped attribute declared, writable, of a compatible type', actual: problems },
        );
  },
});

export const mappingStored = defineCheck<{ expected: Record<string, unknown> }>({
  id: 'mapping.stored',
  basis:
    'RFC 7644 §3.3: the response to a create "SHOULD" hold the created resource; Entra guideline G2 asks to store values as sent (entra-scim-behaviour.md §1.2); SHOULD',
  title: 'The resource holds the mapped attributes as Entra sent them',
  severity: 'should',
  reference:
    'Entra guideline G2 (store values in the format sent); RFC 7644 §3.3 (the response SHOULD hold the created resource), §3.4.1',
  category: 'semantics',
  args: {
    type: 'object',
    required: ['expected'],
    // Usually `{{captures.…}}` of a `sent` capture: typed when rendered.
    properties: { expected: {} },
    additionalProperties: false,
  },
  run: ({ exchange, args }) => {
    const body = exchange.response?.json;
    if (!isObject(body)) return skip('no JSON body to inspect');
    if (!isObject(args.expected)) return skip('nothing was sent to compare with');
    const at = findMismatch(body, args.expected);
    return at === undefined
      ? pass()
      : fail(`the resource differs from what Entra sent at ${at}`, {
          expected: resolvePointer(args.expected, at),
          actual: resolvePointer(body, at) ?? null,
        });
  },
});
