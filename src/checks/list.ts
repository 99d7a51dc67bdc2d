import { defineCheck, fail, isObject, pass, skip } from './types.js';

const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export const listShape = defineCheck<Record<string, never>>({
  id: 'list.shape',
  title: 'Query results are a ListResponse',
  severity: 'must',
  reference: 'RFC 7644 §3.4.2; Entra guideline G10',
  category: 'schema',
  run: ({ exchange }) => {
    const response = exchange.response;
    if (!response || response.status !== 200) return skip('not a 200 response');
    const body = response.json;
    if (!isObject(body)) return fail('the query response is not a JSON object', { expected: 'ListResponse', actual: response.body.slice(0, 200) });
    if (!Array.isArray(body.schemas) || !body.schemas.includes(LIST_URN)) {
      return fail('schemas does not contain the ListResponse URN', { expected: LIST_URN, actual: body.schemas ?? null });
    }
    const total = body.totalResults;
    if (!Number.isInteger(total) || (total as number) < 0) {
      return fail('totalResults must be a non-negative integer', { expected: 'integer >= 0', actual: total ?? null });
    }
    const resources = body.Resources;
    if (resources === undefined) {
      // Resources is REQUIRED only when totalResults is non-zero (RFC 7644 §3.4.2).
      return total === 0 ? pass() : fail('Resources is missing although totalResults > 0', { expected: 'Resources array', actual: null });
    }
    if (!Array.isArray(resources)) return fail('Resources must be an array', { expected: 'array', actual: typeof resources });
    if (resources.length > (total as number)) {
      return fail('more Resources than totalResults', { expected: `<= ${total}`, actual: resources.length });
    }
    return pass();
  },
});

export const totalResults = defineCheck<{ equals: number }>({
  id: 'list.total-results',
  title: 'The query finds exactly the expected resources',
  severity: 'must',
  reference: 'RFC 7644 §3.4.2 (zero matches SHALL be 200 with totalResults 0); §3.4.2.2',
  category: 'semantics',
  args: { type: 'object', required: ['equals'], properties: { equals: { type: 'integer', minimum: 0 } }, additionalProperties: false },
  run: ({ exchange, args }) => {
    const body = exchange.response?.json;
    if (exchange.response?.status !== 200 || !isObject(body)) return skip('no ListResponse (see http.status and list.shape)');
    const resources = Array.isArray(body.Resources) ? body.Resources : [];
    if (body.totalResults !== args.equals) {
      return fail(`totalResults should be ${args.equals}`, { expected: args.equals, actual: body.totalResults ?? null });
    }
    // Without paging parameters a page of up to `equals` results must hold them all.
    if (resources.length !== args.equals) {
      return fail(`Resources should hold ${args.equals} resource(s)`, { expected: args.equals, actual: resources.length });
    }
    return pass();
  },
});
