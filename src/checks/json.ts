import { defineCheck, fail, isObject, pass, skip, type CheckOutcome } from './types.js';

/** Own-property lookup ignoring case: SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
export function getAttribute(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

/** RFC 6901 JSON Pointer resolution, with case-insensitive object keys. */
export function resolvePointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = getAttribute(current, token);
    else return undefined;
  }
  return current;
}

/**
 * The attributes RFC 7643 makes caseExact (§3.1 id, externalId, meta.version and meta.location;
 * references, §2.3.7; password, §4.1.1): every other string attribute of the core and enterprise
 * schemas is caseExact false (§2.2 default, §8.7.1), and no server is asked to keep its case.
 */
const CASE_EXACT = new Set(['id', 'externalid', '$ref', 'version', 'location', 'password', 'profileurl']);

function sameValue(actual: unknown, expected: unknown, attribute: string): boolean {
  if (typeof actual === 'string' && typeof expected === 'string' && !CASE_EXACT.has(attribute.toLowerCase())) {
    return actual.toLowerCase() === expected.toLowerCase();
  }
  return Object.is(actual, expected);
}

/**
 * `actual` contains `expected`: objects match key by key (case-insensitive names), every expected
 * array element matches some actual element (order-free, as SCIM multi-valued attributes are
 * unordered), strings ignoring case unless the attribute is caseExact, anything else by strict
 * equality. Returns the JSON path of the first mismatch.
 */
export function findMismatch(actual: unknown, expected: unknown, path = '', attribute = ''): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return path || '/';
    for (const [i, item] of expected.entries()) {
      if (!actual.some((candidate) => findMismatch(candidate, item, '', attribute) === undefined)) return `${path}/${i}`;
    }
    return undefined;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return path || '/';
    for (const [key, item] of Object.entries(expected)) {
      const mismatch = findMismatch(getAttribute(actual, key), item, `${path}/${key}`, key);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  return sameValue(actual, expected, attribute) ? undefined : path || '/';
}

interface MatchArgs {
  /** The body contains these attributes with these values. */
  contains?: Record<string, unknown>;
  /** The body does not contain this (e.g. a removed member: `{ members: [{ value: id }] }`). */
  excludes?: Record<string, unknown>;
  /** These JSON pointers resolve to nothing. */
  absent?: string[];
  /** The arrays at these JSON pointers have exactly this many elements (missing counts as 0). */
  count?: Record<string, number>;
}

export const jsonMatches = defineCheck<MatchArgs>({
  id: 'json.matches',
  basis: 'Each step cites the sentence its expectation rests on (e.g. RFC 7644 §3.5.2.3 replace SHALL; Entra R7 "the user must be returned whether or not it is active"). Case counts only for caseExact attributes',
  title: 'The response body holds the expected values',
  severity: 'must',
  reference: 'RFC 7644 §3 (the service provider returns the resource as stored); Entra guideline G2',
  category: 'semantics',
  args: {
    type: 'object',
    minProperties: 1,
    properties: {
      contains: { type: 'object' },
      excludes: { type: 'object', minProperties: 1 },
      absent: { type: 'array', items: { type: 'string', pattern: '^/' } },
      count: {
        type: 'object',
        propertyNames: { pattern: '^/' },
        additionalProperties: { type: 'integer', minimum: 0 },
      },
    },
    additionalProperties: false,
  },
  run: ({ exchange, args }): CheckOutcome => {
    const body = exchange.response?.json;
    if (!isObject(body)) return skip('no JSON body to inspect');
    if (args.contains) {
      const at = findMismatch(body, args.contains);
      if (at !== undefined) {
        return fail(`the body differs at ${at}`, {
          expected: resolvePointer(args.contains, at),
          actual: resolvePointer(body, at) ?? null,
        });
      }
    }
    if (args.excludes && findMismatch(body, args.excludes) === undefined) {
      return fail('the body still contains what it should not', {
        expected: { not: args.excludes },
        actual: 'present',
      });
    }
    for (const pointer of args.absent ?? []) {
      const value = resolvePointer(body, pointer);
      if (value !== undefined) return fail(`${pointer} should be absent`, { expected: 'absent', actual: value });
    }
    for (const [pointer, expected] of Object.entries(args.count ?? {})) {
      const value = resolvePointer(body, pointer);
      const actual = Array.isArray(value) ? value.length : value === undefined || value === null ? 0 : 'not an array';
      if (actual !== expected) return fail(`${pointer} should hold ${expected} element(s)`, { expected, actual });
    }
    return pass();
  },
});
