import { badRequest } from './errors.js';
import { compareValues, parseFilter, scalarDef, type EvalContext, type Filter } from './filter.js';
import { getAttribute, isObject, type JsonObject } from './json.js';
import { parseAttrPath, parseOr400, valuesAt, type AttrPath } from './paths.js';
import type { Projection } from './projection.js';
import { attributeAt, type ResourceKind } from './schemas.js';

/** `filter.maxResults` of the ServiceProviderConfig: the largest page served. */
export const MAX_RESULTS = 200;
const DEFAULT_COUNT = 100;

/** A query's parameters (RFC 7644 §3.4.2), from a query string or a SearchRequest (§3.4.3). */
export interface ListRequest {
  readonly filter: Filter | undefined;
  readonly sortBy: AttrPath | undefined;
  readonly descending: boolean;
  readonly startIndex: number;
  readonly count: number;
  readonly projection: Projection;
}

/** Reads a named parameter: a query-string value or a SearchRequest member. */
export type ParamSource = (name: string) => unknown;

function text(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest('invalidValue', `"${name}" must be a string`);
  return value.trim() === '' ? undefined : value;
}

function integer(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw badRequest('invalidValue', `"${name}" must be an integer`);
  return n;
}

function paths(value: unknown, name: string, kind: ResourceKind): AttrPath[] {
  if (value === undefined || value === null) return [];
  const list =
    typeof value === 'string'
      ? value.split(',')
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value
        : undefined;
  if (!list) throw badRequest('invalidValue', `"${name}" must be a list of attribute names`);
  return list
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => parseOr400(() => parseAttrPath(s, kind), 'invalidValue', name));
}

/** `attributes` and `excludedAttributes` (RFC 7644 §3.9), comma-separated or as arrays. */
export function projectionOf(param: ParamSource, kind: ResourceKind): Projection {
  return {
    attributes: paths(param('attributes'), 'attributes', kind),
    excludedAttributes: paths(param('excludedAttributes'), 'excludedAttributes', kind),
  };
}

/**
 * Reads and validates query parameters: `startIndex` below 1 counts as 1,
 * negative `count` as 0, and `count` is capped at `MAX_RESULTS` (RFC 7644 §3.4.2.4);
 * `sortOrder` defaults to ascending (§3.4.2.3). A blank filter means none.
 */
export function listRequest(param: ParamSource, kind: ResourceKind): ListRequest {
  const filter = text(param('filter'), 'filter');
  const sortBy = text(param('sortBy'), 'sortBy');
  const sortOrder = text(param('sortOrder'), 'sortOrder')?.toLowerCase() ?? 'ascending';
  if (sortOrder !== 'ascending' && sortOrder !== 'descending') {
    throw badRequest('invalidValue', '"sortOrder" must be "ascending" or "descending"');
  }
  return {
    filter: filter === undefined ? undefined : parseFilter(filter, kind),
    sortBy: sortBy === undefined ? undefined : parseOr400(() => parseAttrPath(sortBy, kind), 'invalidValue', 'sortBy'),
    descending: sortOrder === 'descending',
    startIndex: Math.max(1, integer(param('startIndex'), 'startIndex') ?? 1),
    count: Math.min(MAX_RESULTS, Math.max(0, integer(param('count'), 'count') ?? DEFAULT_COUNT)),
    projection: projectionOf(param, kind),
  };
}

/** The value a resource sorts by: of a multi-valued attribute, the primary value or else the first (RFC 7644 §3.4.2.3). */
function sortKey(rep: JsonObject, path: AttrPath, kind: ResourceKind): unknown {
  const multi = path.findIndex((_, i) => attributeAt(kind, path.slice(0, i + 1))?.multiValued);
  const [head, tail] = multi < 0 ? [path, []] : [path.slice(0, multi + 1), path.slice(multi + 1)];
  const values = valuesAt(rep, head);
  const chosen = values.find((v) => isObject(v) && v.primary === true) ?? values[0];
  const [key] = tail.length > 0 ? valuesAt(chosen, tail) : [chosen];
  return isObject(key) ? getAttribute(key, 'value') : key;
}

/**
 * Sorts query hits by `path` (RFC 7644 §3.4.2.3): by the attribute's type and
 * `caseExact`; resources without a value come last ascending and first descending.
 */
export function sortHits<T extends { readonly rep: JsonObject }>(
  hits: readonly T[],
  path: AttrPath,
  descending: boolean,
  ctx: EvalContext,
): T[] {
  const def = scalarDef(attributeAt(ctx.kind, path));
  const caseExact = ctx.caseExact(path, def);
  const sign = descending ? -1 : 1;
  return hits
    .map((hit) => ({ hit, key: sortKey(hit.rep, path, ctx.kind) }))
    .sort((a, b) => {
      const [noA, noB] = [a.key === undefined, b.key === undefined];
      return sign * (noA || noB ? Number(noA) - Number(noB) : (compareValues(a.key, b.key, def?.type, caseExact) ?? 0));
    })
    .map(({ hit }) => hit);
}
