/**
 * The checks behind the generated-data properties (src/model/): each decides one generated request
 * from its exchange and the value the model predicts, passed as arguments. Replayed scenarios name
 * them like any other check.
 */
import type { Exchange } from '../http/types.js';
import { findMismatch, getAttribute, resolvePointer } from './json.js';
import {
  defineCheck,
  fail,
  isObject,
  pass,
  requireResponse,
  type CheckDefinition,
  type CheckOutcome,
  type Severity,
} from './types.js';

interface StateArgs {
  /** What the body holds; an array is the attribute's whole set of values (RFC 7643 §2.4). */
  expected: Record<string, unknown>;
  /** JSON pointers that are unassigned: absent, null or empty (RFC 7643 §2.5). */
  absent?: string[];
}

interface FoundArgs {
  /** The id of the one resource the query must find. */
  id: string;
}

const STATE_ARGS = {
  type: 'object',
  required: ['expected'],
  properties: {
    expected: { type: 'object' },
    absent: { type: 'array', items: { type: 'string', pattern: '^/' } },
  },
  additionalProperties: false,
};

const FOUND_ARGS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1 } },
  additionalProperties: false,
};

/** The status and SCIM error detail of a refused request, for messages. */
function answer(exchange: Exchange): string {
  const json = exchange.response?.json;
  const detail = isObject(json) ? getAttribute(json, 'detail') : undefined;
  return `HTTP ${exchange.response?.status}${typeof detail === 'string' ? ` (${detail})` : ''}`;
}

/** Pointers and lengths of every array in `value`, the sets whose size must match too. */
function arrays(value: unknown, path = ''): Array<[string, number]> {
  if (Array.isArray(value)) return [[path, value.length]];
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    arrays(item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}

const unassigned = (value: unknown) =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** Whether a successful response holds the predicted state; a body-less write defers to the GET that follows. */
function holdsState(exchange: Exchange, args: StateArgs): CheckOutcome {
  const missing = requireResponse(exchange);
  if (missing) return missing;
  const { status, json } = exchange.response!;
  if (status < 200 || status > 299) {
    return fail(`the target refused the request: ${answer(exchange)}`, { expected: '2xx', actual: status });
  }
  if (!isObject(json)) {
    // RFC 7644 §3.3 and §3.5.2 let writes answer without the resource; a read must return it.
    return exchange.request.method === 'GET'
      ? fail('the response holds no resource to compare', { expected: args.expected, actual: null })
      : pass();
  }
  const expected = args.expected ?? {};
  const at = findMismatch(json, expected);
  if (at !== undefined) {
    return fail(`the stored value differs at ${at}`, {
      expected: resolvePointer(expected, at),
      actual: resolvePointer(json, at) ?? null,
    });
  }
  for (const [pointer, length] of arrays(expected)) {
    const values = resolvePointer(json, pointer);
    const actual = Array.isArray(values) ? values.length : unassigned(values) ? 0 : 'not an array';
    if (actual !== length) {
      return fail(`${pointer} holds ${actual} value(s) instead of ${length}`, {
        expected: resolvePointer(expected, pointer),
        actual: values ?? null,
      });
    }
  }
  for (const pointer of args.absent ?? []) {
    const value = resolvePointer(json, pointer);
    if (!unassigned(value)) return fail(`${pointer} should be unassigned`, { expected: 'absent', actual: value });
  }
  return pass();
}

/** Whether a query found exactly the resource with `args.id`. */
function findsOne(exchange: Exchange, args: FoundArgs): CheckOutcome {
  const missing = requireResponse(exchange);
  if (missing) return missing;
  const { status, json } = exchange.response!;
  if (status !== 200) return fail(`the query answered ${answer(exchange)}`, { expected: 200, actual: status });
  if (!isObject(json)) return fail('the query answered no ListResponse', { expected: 'ListResponse', actual: null });
  const resources = getAttribute(json, 'Resources');
  const ids = (Array.isArray(resources) ? resources : []).map((r) => (isObject(r) ? getAttribute(r, 'id') : r));
  const total = getAttribute(json, 'totalResults');
  if (total === 1 && ids.length === 1 && ids[0] === args.id) return pass();
  return fail(`the query found ${String(total)} resource(s) instead of exactly the generated one`, {
    expected: { totalResults: 1, ids: [args.id] },
    actual: { totalResults: total ?? null, ids },
  });
}

/** A check on one generated request (MUST unless said), deciding with `decide` from arguments valid against `schema`. */
function propertyCheck<Args>(
  schema: Record<string, unknown>,
  decide: (exchange: Exchange, args: Args) => CheckOutcome,
) {
  return (meta: Pick<CheckDefinition, 'id' | 'title' | 'reference' | 'basis'> & { severity?: Severity }) =>
    defineCheck<Args>({
      severity: 'must',
      ...meta,
      category: 'semantics',
      args: schema,
      run: ({ exchange, args }) => decide(exchange, args),
    });
}

const stateCheck = propertyCheck(STATE_ARGS, holdsState);
const findsCheck = propertyCheck(FOUND_ARGS, findsOne);

export const readBack = stateCheck({
  id: 'property.read-back',
  basis:
    'Entra G2: "Store values in the format sent" (entra-scim-behaviour.md §1.2); a value that reads back different is sent again every cycle. Case counts only for caseExact attributes (RFC 7643 §2.2)',
  title: 'Generated values are stored and read back as sent',
  reference: 'Entra guideline G2 (store values as sent); RFC 7644 §3.3, §3.4.1',
});

export const patchModel = stateCheck({
  id: 'property.patch-model',
  basis:
    'RFC 7644 §3.5.2.1-§3.5.2.3: add, remove and replace SHALL have these effects, and a failed PATCH MUST restore the resource; Entra R2. Case counts only for caseExact attributes (RFC 7643 §2.2)',
  title: "A generated PATCH in the profile's dialect yields the state the model predicts",
  reference: 'RFC 7644 §3.5.2; Entra SCIM compliance doc §8 (default and aadOptscim062020 PATCH dialects)',
});

export const memberReadd = stateCheck({
  id: 'property.member-readd',
  severity: 'should',
  basis:
    'RFC 7644 §3.5.2.1: for a value already present "no changes SHOULD be made to the resource, and a success response SHOULD be returned"; that Entra re-adds members on restart is inferred (entra-scim-behaviour.md §5)',
  title: 'Re-adding existing members succeeds and changes nothing',
  reference: 'RFC 7644 §3.5.2.1 (a value already present is not added again); Entra: a restart re-adds every member',
});

export const modelState = stateCheck({
  id: 'property.model-state',
  basis:
    'RFC 7644 §3.6: after a DELETE the service provider MUST return 404 and MUST omit the resource from query results; §3.5.2 PATCH effects (SHALL). Case counts only for caseExact attributes',
  title: 'The target holds the state the model predicts after a generated command sequence',
  reference: 'RFC 7644 §3.6 (a deleted resource is gone everywhere, members included); RFC 7643 §4.2',
});

export const filterUserName = findsCheck({
  id: 'property.filter-username',
  basis:
    'Entra R4, §7.8: Entra matches users with userName eq and "the target must support filtering on it"; RFC 7644 §3.4.2.2: filter values are JSON strings',
  title: 'userName eq "…" with any generated characters finds exactly that user',
  reference:
    'RFC 7644 §3.4.2.2 (filter values are JSON strings, " and \\ escaped); RFC 3986 §2.1 (a "+" in a value is sent as %2B); Entra R4',
});

export const filterUserNameCase = findsCheck({
  id: 'property.filter-username-case',
  basis:
    'RFC 7643 §4.1.1: userName is caseExact false, so eq ignores case (RFC 7644 §3.4.2.2); Entra matches on it (R4) and the SCIM Validator tests a different case (entra-scim-behaviour.md §11)',
  title: 'userName eq "…" in another letter case finds exactly that user',
  reference: 'RFC 7643 §4.1.1 (userName caseExact false); RFC 7644 §3.4.2.2; Entra R4',
});

export const filterExternalId = findsCheck({
  id: 'property.filter-external-id',
  basis:
    'Entra R4: users are "queried with their username and externalId", and a matching attribute must be filterable (entra-scim-behaviour.md §1.1, §7.8)',
  title: 'externalId eq "…" with any generated characters finds exactly that user',
  reference: 'RFC 7643 §3.1 (externalId); RFC 7644 §3.4.2.2; Entra R4 (matching by externalId)',
});

export const userNameUnique = defineCheck<Record<string, never>>({
  id: 'property.username-unique',
  basis:
    'RFC 7644 §3.3: a create that conflicts ("a duplicate userName") MUST get 409 with scimType uniqueness; RFC 7643 §4.1.1: userName is unique and caseExact false',
  title: 'Creating a user whose userName differs from an existing one only in case is refused with 409',
  severity: 'must',
  reference: 'RFC 7643 §4.1.1 (userName unique, caseExact false); RFC 7644 §3.3 (409 uniqueness)',
  category: 'semantics',
  run: ({ exchange }) => {
    const missing = requireResponse(exchange);
    if (missing) return missing;
    const { status } = exchange.response!;
    return status === 409
      ? pass()
      : fail(`the duplicate userName got ${answer(exchange)}`, { expected: 409, actual: status });
  },
});
