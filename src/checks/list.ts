import { getAttribute } from './json.js';
import { defineCheck, fail, isObject, pass, skip } from './types.js';

const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export const listShape = defineCheck<Record<string, never>>({
  id: 'list.shape',
  basis: 'RFC 7644 §3.4.2: query responses MUST be identified by the ListResponse URI, and totalResults is REQUIRED; Entra G10: a query answer is always a ListResponse',
  title: 'Query results are a ListResponse',
  severity: 'must',
  reference: 'RFC 7644 §3.4.2; Entra guideline G10',
  category: 'schema',
  run: ({ exchange }) => {
    const response = exchange.response;
    if (!response || response.status !== 200) return skip('not a 200 response');
    const body = response.json;
    if (!isObject(body))
      return fail('the query response is not a JSON object', {
        expected: 'ListResponse',
        actual: response.body.slice(0, 200),
      });
    if (!Array.isArray(body.schemas) || !body.schemas.includes(LIST_URN)) {
      return fail('schemas does not contain the ListResponse URN', {
        expected: LIST_URN,
        actual: body.schemas ?? null,
      });
    }
    const total = body.totalResults;
    if (!Number.isInteger(total) || (total as number) < 0) {
      return fail('totalResults must be a non-negative integer', { expected: 'integer >= 0', actual: total ?? null });
    }
    const resources = body.Resources;
    if (resources === undefined) {
      // Resources is REQUIRED only when totalResults is non-zero (RFC 7644 §3.4.2).
      return total === 0
        ? pass()
        : fail('Resources is missing although totalResults > 0', { expected: 'Resources array', actual: null });
    }
    if (!Array.isArray(resources))
      return fail('Resources must be an array', { expected: 'array', actual: typeof resources });
    if (resources.length > (total as number)) {
      return fail('more Resources than totalResults', { expected: `<= ${total}`, actual: resources.length });
    }
    return pass();
  },
});

export const totalResults = defineCheck<{ equals: number }>({
  id: 'list.total-results',
  basis: 'RFC 7644 §3.4.2: "A query that does not return any matches SHALL return success (200) with \\"totalResults\\" set to a value of 0"; Entra R4 matches users and groups by these queries (§7.8)',
  title: 'The query finds exactly the expected resources',
  severity: 'must',
  reference: 'RFC 7644 §3.4.2 (zero matches SHALL be 200 with totalResults 0); §3.4.2.2',
  category: 'semantics',
  args: {
    type: 'object',
    required: ['equals'],
    properties: { equals: { type: 'integer', minimum: 0 } },
    additionalProperties: false,
  },
  run: ({ exchange, args }) => {
    const body = exchange.response?.json;
    if (exchange.response?.status !== 200 || !isObject(body))
      return skip('no ListResponse (see http.status and list.shape)');
    const resources = Array.isArray(body.Resources) ? body.Resources : [];
    if (body.totalResults !== args.equals) {
      return fail(`totalResults should be ${args.equals}`, {
        expected: args.equals,
        actual: body.totalResults ?? null,
      });
    }
    // The service provider sets the page size when count is not given (RFC 7644 §3.4.2.4), so a
    // page may hold fewer than totalResults, but none of a non-empty result is no page at all.
    if (resources.length > args.equals || (args.equals > 0 && resources.length === 0)) {
      return fail(`Resources should hold between 1 and ${args.equals} resource(s)`, {
        expected: args.equals,
        actual: resources.length,
      });
    }
    return pass();
  },
});

export const page = defineCheck<{ totalResults?: number; startIndex?: number; itemsPerPage: number }>({
  id: 'list.page',
  basis:
    'RFC 7644 §3.4.2: startIndex and itemsPerPage are integers, "REQUIRED when partial results are returned due to pagination"; §3.4.2.4: startIndex is 1-based and "the service provider MUST NOT return more results than specified by the \\"count\\""; Entra R6 (pagination)',
  title: 'A page holds what startIndex and count ask for, with integer paging fields',
  severity: 'must',
  reference: 'RFC 7644 §3.4.2, §3.4.2.4 (pagination)',
  category: 'semantics',
  args: {
    type: 'object',
    // totalResults is left out where the result set holds what others created (an unfiltered list);
    // itemsPerPage is the count asked for.
    required: ['itemsPerPage'],
    properties: {
      totalResults: { type: 'integer', minimum: 0 },
      startIndex: { type: 'integer', minimum: 1 },
      itemsPerPage: { type: 'integer', minimum: 0 },
    },
    additionalProperties: false,
  },
  run: ({ exchange, args }) => {
    const body = exchange.response?.json;
    if (exchange.response?.status !== 200 || !isObject(body))
      return skip('no ListResponse (see http.status and list.shape)');
    const resources = Array.isArray(body.Resources) ? body.Resources.length : 0;
    for (const field of ['startIndex', 'itemsPerPage'] as const) {
      const value = body[field];
      if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0))
        return fail(`${field} must be a non-negative JSON integer`, { expected: 'integer', actual: value });
    }
    if (args.totalResults !== undefined && body.totalResults !== args.totalResults)
      return fail('totalResults counts the whole result set, not the page', {
        expected: args.totalResults,
        actual: body.totalResults ?? null,
      });
    const total = typeof body.totalResults === 'number' ? body.totalResults : resources;
    if (resources < total && (body.startIndex === undefined || body.itemsPerPage === undefined))
      return fail('a partial page must carry startIndex and itemsPerPage', {
        expected: { startIndex: args.startIndex ?? 'the index asked for', itemsPerPage: resources },
        actual: { startIndex: body.startIndex ?? null, itemsPerPage: body.itemsPerPage ?? null },
      });
    // count is a maximum: the server MUST NOT return more and MAY return fewer (RFC 7644 §3.4.2.4),
    // though a page that holds nothing while results remain from startIndex on leaves the client nowhere to go.
    const remain = total >= (args.startIndex ?? 1);
    if (resources > args.itemsPerPage || (args.itemsPerPage > 0 && resources === 0 && remain))
      return fail(
        args.itemsPerPage === 0
          ? 'the page should hold no resource'
          : `the page should hold between 1 and ${args.itemsPerPage} resource(s)`,
        {
          expected: args.itemsPerPage,
          actual: resources,
        },
      );
    if (args.startIndex !== undefined && body.startIndex !== undefined && body.startIndex !== args.startIndex)
      return fail('startIndex should echo the requested index', {
        expected: args.startIndex,
        actual: body.startIndex,
      });
    if (body.itemsPerPage !== undefined && body.itemsPerPage !== resources)
      return fail('itemsPerPage differs from the number of Resources', {
        expected: resources,
        actual: body.itemsPerPage,
      });
    return pass();
  },
});

export const order = defineCheck<{ by: string; order: 'ascending' | 'descending' }>({
  id: 'list.order',
  basis: 'RFC 7644 §3.4.2.3: sortBy "specifies the attribute whose value SHALL be used to order the returned responses" (run only where the ServiceProviderConfig claims sort)',
  title: 'Resources come in the requested sort order',
  severity: 'must',
  reference: 'RFC 7644 §3.4.2.3 (sorting)',
  category: 'semantics',
  args: {
    type: 'object',
    required: ['by', 'order'],
    properties: { by: { type: 'string', minLength: 1 }, order: { enum: ['ascending', 'descending'] } },
    additionalProperties: false,
  },
  run: ({ exchange, args }) => {
    const body = exchange.response?.json;
    if (exchange.response?.status !== 200 || !isObject(body) || !Array.isArray(body.Resources))
      return skip('no ListResponse');
    // String attributes compare case-insensitively unless caseExact; the sorted attributes here are not caseExact.
    const values = body.Resources.map((r) => String(isObject(r) ? (getAttribute(r, args.by) ?? '') : '').toLowerCase());
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (args.order === 'descending') sorted.reverse();
    return values.every((v, i) => v === sorted[i])
      ? pass()
      : fail(`not sorted ${args.order} by ${args.by}`, { expected: sorted, actual: values });
  },
});

export const pages = defineCheck<{ pages: string[][]; owned: string[]; complete: boolean }>({
  id: 'list.pages',
  basis:
    'No MUST: RFC 7644 §3.4.2.4 says clients "MUST be prepared to handle inconsistent results" since pagination is not stateful; a walk over a collection nobody changed that skips or repeats resources defeats paging; SHOULD. The gallery template pages /Users by startIndex and count (entra-scim-behaviour.md §11)',
  title: 'Paging through a collection yields each resource once, and all of them',
  severity: 'should',
  reference: 'RFC 7644 §3.4.2.4 (pagination); Entra gallery validation template "User pagination"',
  category: 'semantics',
  args: {
    type: 'object',
    required: ['pages', 'owned', 'complete'],
    properties: {
      pages: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
      owned: { type: 'array', items: { type: 'string' } },
      complete: { type: 'boolean' },
    },
    additionalProperties: false,
  },
  run: ({ args }) => {
    if (!Array.isArray(args.pages)) return skip('no pages were walked');
    const seen = new Map<string, number>();
    for (const [index, ids] of args.pages.entries()) {
      for (const id of ids) {
        const first = seen.get(id);
        if (first !== undefined)
          return fail(`resource ${id} is on page ${first + 1} and again on page ${index + 1}`, {
            expected: 'each resource on one page',
            actual: args.pages,
          });
        seen.set(id, index);
      }
    }
    if (!args.complete) return skip('the walk stopped before the last page, so it cannot show every resource');
    const missing = args.owned.filter((id) => !seen.has(id));
    return missing.length === 0
      ? pass()
      : fail(`${missing.length} of the ${args.owned.length} resource(s) this run created are on no page`, {
          expected: args.owned,
          actual: missing,
        });
  },
});
