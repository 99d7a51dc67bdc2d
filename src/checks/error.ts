import { defineCheck, fail, isObject, pass, skip } from './types.js';

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** RFC 7644 §3.12 Table 9. */
export const SCIM_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
] as const;

export const errorShape = defineCheck<Record<string, never>>({
  id: 'error.shape',
  basis: 'RFC 7644 §3.12: "implementers MUST return the errors in the body of the response in a JSON format"; status is "expressed as a JSON string. REQUIRED."',
  title: 'Errors are SCIM Error messages with status as a string',
  severity: 'must',
  reference: 'RFC 7644 §3.12',
  category: 'schema',
  run: ({ exchange }) => {
    const response = exchange.response;
    if (!response || response.status < 400) return skip('not an error response');
    const body = response.json;
    if (!isObject(body))
      return fail('the error response has no JSON body', {
        expected: 'SCIM Error JSON',
        actual: response.body.slice(0, 200),
      });
    const schemas = body.schemas;
    if (!Array.isArray(schemas) || !schemas.includes(ERROR_URN)) {
      return fail('schemas does not contain the Error URN', { expected: ERROR_URN, actual: schemas ?? null });
    }
    if (typeof body.status !== 'string') {
      return fail('status must be a JSON string', { expected: `"${response.status}"`, actual: body.status ?? null });
    }
    if (body.status !== String(response.status)) {
      return fail('status does not match the HTTP status', { expected: String(response.status), actual: body.status });
    }
    if (body.scimType !== undefined && !SCIM_TYPES.includes(body.scimType as (typeof SCIM_TYPES)[number])) {
      return fail('scimType is not one of RFC 7644 Table 9', {
        expected: SCIM_TYPES.join(' | '),
        actual: body.scimType,
      });
    }
    return pass();
  },
});

export const scimType = defineCheck<{ expected: (typeof SCIM_TYPES)[number] }>({
  id: 'error.scim-type',
  basis: 'RFC 7644 §3.12: scimType is OPTIONAL; a step raises it to MUST where the RFC does, e.g. §3.3 "MUST return HTTP status code 409 (Conflict) with a \\"scimType\\" error code of \\"uniqueness\\""',
  title: 'The error names the scimType the RFC prescribes',
  severity: 'should',
  reference: 'RFC 7644 §3.12 Table 9; §3.3 (409 uniqueness)',
  category: 'semantics',
  args: {
    type: 'object',
    required: ['expected'],
    properties: { expected: { enum: [...SCIM_TYPES] } },
    additionalProperties: false,
  },
  run: ({ exchange, args }) => {
    const body = exchange.response?.json;
    if (!exchange.response || exchange.response.status < 400) return skip('not an error response');
    const actual = isObject(body) ? body.scimType : undefined;
    return actual === args.expected
      ? pass()
      : fail(`scimType should be "${args.expected}"`, { expected: args.expected, actual: actual ?? null });
  },
});

export const errorDetail = defineCheck<Record<string, never>>({
  id: 'error.detail',
  basis: 'RFC 7644 §3.12: detail is OPTIONAL ("A detailed human-readable message"); Okta\'s SCIM 2.0 SPEC test asserts a non-empty detail in the 404 and 401 errors of steps 4, 11 and 12 (docs/okta-scim-behaviour.md §3); SHOULD',
  title: 'An error explains itself in a non-empty detail',
  severity: 'should',
  reference: 'RFC 7644 §3.12; Okta SCIM 2.0 SPEC test steps 4, 11, 12',
  category: 'schema',
  run: ({ exchange }) => {
    const response = exchange.response;
    if (!response || response.status < 400) return skip('not an error response');
    const detail = isObject(response.json) ? response.json.detail : undefined;
    return typeof detail === 'string' && detail.trim() !== ''
      ? pass()
      : fail('the error carries no detail', { expected: 'a non-empty detail string', actual: detail ?? null });
  },
});
