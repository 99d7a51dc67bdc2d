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

export const page = defineCheck<{ totalResults: number; startIndex?: number; itemsPerPage: number }>({
  id: 'list.page',
  basis: 'RFC 7644 §3.4.2.4: startIndex is 1-based and "the service provider MUST NOT return more results than specified by the \\"count\\""; Entra R6 (pagination)',
  title: 'A page holds what startIndex and count ask for',
  severity: 'must',
  reference: 'RFC 7644 §3.4.2.4 (pagination)',
  category: 'semantics',
  args: {
    type: 'object',
    required: ['totalResults', 'itemsPerPage'],
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
    if (body.totalResults !== args.totalResults)
      return fail('totalResults counts the whole result set, not the page', {
        expected: args.totalResults,
        actual: body.totalResults ?? null,
      });
    // count is a maximum: the server MUST NOT return more and MAY return fewer (RFC 7644 §3.4.2.4),
    // though a page that holds nothing while results remain leaves the client nowhere to go.
    if (resources > args.itemsPerPage || (args.itemsPerPage > 0 && resources === 0))
      return fail(
        args.itemsPerPage === 0
          ? 'the page should hold no resource'
          : `the page should hold between 1 and ${args.itemsPerPage} resource(s)`,
        {
          expected: args.itemsPerPage,
          actual: resources,
        },
      );
    if (args.startIndex !== undefined && body.startIndex !== args.startIndex)
      return fail('startIndex should echo the requested index', {
        expected: args.startIndex,
        actual: body.startIndex ?? null,
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

export const paging = defineCheck<{ startIndex: number; count: number; notIds?: string[] }>({
  id: 'list.paging',
  basis: 'RFC 7644 §3.4.2: totalResults, startIndex and itemsPerPage are non-negative integers, startIndex and itemsPerPage "REQUIRED when partial results are returned due to pagination"; §3.4.2.4: startIndex is "the 1-based index of the first query result" and the provider "MUST NOT return more results than specified by the count"; Okta imports page by page and needs these as integers (docs/okta-scim-behaviour.md O8)',
  title: 'A page of an unfiltered list starts where asked, within count, with integer paging fields',
  severity: 'must',
  reference: 'RFC 7644 §3.4.2, §3.4.2.4; Okta SCIM 2.0 reference, "Retrieve Users"',
  category: 'semantics',
  args: {
    type: 'object',
    required: ['startIndex', 'count'],
    properties: {
      startIndex: { type: 'integer', minimum: 1 },
      count: { type: 'integer', minimum: 0 },
      // Ids an earlier page held: a stable order never serves them again (RFC 7644 §3.4.2.4).
      notIds: { type: 'array', items: { type: 'string' } },
    },
    additionalProperties: false,
  },
  run: ({ exchange, args }) => {
    const body = exchange.response?.json;
    if (exchange.response?.status !== 200 || !isObject(body))
      return skip('no ListResponse (see http.status and list.shape)');
    const resources = Array.isArray(body.Resources) ? body.Resources : [];
    for (const field of ['totalResults', 'startIndex', 'itemsPerPage'] as const) {
      const value = body[field];
      if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0))
        return fail(`${field} must be a non-negative JSON integer`, { expected: 'integer', actual: value });
    }
    const total = body.totalResults as number;
    const partial = resources.length < total;
    if (partial && (body.startIndex === undefined || body.itemsPerPage === undefined))
      return fail('a partial page must carry startIndex and itemsPerPage', {
        expected: { startIndex: args.startIndex, itemsPerPage: resources.length },
        actual: { startIndex: body.startIndex ?? null, itemsPerPage: body.itemsPerPage ?? null },
      });
    if (body.startIndex !== undefined && body.startIndex !== args.startIndex)
      return fail('the page does not start at the startIndex asked for', {
        expected: args.startIndex,
        actual: body.startIndex,
      });
    if (body.itemsPerPage !== undefined && body.itemsPerPage !== resources.length)
      return fail('itemsPerPage differs from the number of Resources on the page', {
        expected: resources.length,
        actual: body.itemsPerPage,
      });
    if (resources.length > args.count)
      return fail(`the page holds more than count=${args.count} resources`, {
        expected: `<= ${args.count}`,
        actual: resources.length,
      });
    // A page that holds nothing while results remain beyond startIndex leaves the client nowhere to go.
    if (args.count > 0 && resources.length === 0 && total >= args.startIndex)
      return fail('the page is empty although results remain from startIndex on', {
        expected: `1 to ${args.count} resources`,
        actual: 0,
      });
    const again = resources
      .map((resource) => (isObject(resource) ? resource.id : undefined))
      .filter((id) => typeof id === 'string' && (args.notIds ?? []).includes(id));
    if (again.length > 0)
      return fail('the page repeats resources an earlier page held: the order is not stable', {
        expected: `none of ${(args.notIds ?? []).join(', ')}`,
        actual: again,
      });
    return pass();
  },
});
