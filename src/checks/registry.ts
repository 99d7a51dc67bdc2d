import * as auth from './auth.js';
import * as error from './error.js';
import * as http from './http.js';
import * as json from './json.js';
import * as list from './list.js';
import * as property from './property.js';
import * as load from './load.js';
import * as mapping from './mapping.js';
import * as resource from './resource.js';
import * as schema from './schema.js';
import type { CheckContext, CheckDefinition, CheckOutcome } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each check narrows its own argument type
type AnyCheck = CheckDefinition<any>;

const ALL: AnyCheck[] = [
  http.transport,
  http.status,
  http.jsonBody,
  http.mediaType,
  http.locationHeader,
  http.etag,
  auth.unauthorized,
  auth.wwwAuthenticate,
  error.errorShape,
  error.scimType,
  list.listShape,
  list.totalResults,
  list.page,
  list.order,
  resource.resourceId,
  resource.metaLocation,
  resource.metaComplete,
  resource.noPassword,
  schema.schemaValid,
  schema.targetSchemaValid,
  property.readBack,
  property.patchModel,
  property.memberReadd,
  property.modelState,
  property.filterUserName,
  property.filterUserNameCase,
  property.filterExternalId,
  property.userNameUnique,
  json.jsonMatches,
  load.responses,
  load.finalState,
  load.throughput,
  mapping.mappingDeclared,
  mapping.mappingStored,
];

/** Every registered check by id; duplicate ids are refused at start-up. */
export const CHECKS: ReadonlyMap<string, AnyCheck> = new Map(
  ALL.map((check, index) => {
    if (ALL.findIndex((other) => other.id === check.id) !== index) throw new Error(`duplicate check id ${check.id}`);
    return [check.id, check];
  }),
);

/**
 * Run on every exchange; each decides for itself whether it applies (a skip here means "not
 * applicable" and is not reported).
 */
export const DEFAULT_CHECK_IDS: readonly string[] = [
  'http.transport',
  'http.json-body',
  'http.media-type',
  'http.location-header',
  'error.shape',
  'auth.www-authenticate',
  'resource.id',
  'resource.meta-location',
  'resource.meta-complete',
  'resource.no-password',
  'schema.target',
];

/** Runs a check; one that throws is a harness bug and is reported as a failure naming it, never a crash. */
export function runCheck(check: AnyCheck, ctx: CheckContext<unknown>): CheckOutcome {
  try {
    return check.run(ctx);
  } catch (err) {
    return { status: 'failed', message: `check ${check.id} raised an unexpected error: ${(err as Error).message}` };
  }
}

/** The registered id closest to `id`, for "did you mean" messages. */
export function suggestCheckId(id: string): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of CHECKS.keys()) {
    const distance = editDistance(id, candidate);
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  return best && best.distance <= Math.max(3, id.length / 3) ? best.id : undefined;
}

/** Levenshtein distance; a dozen lines do not justify a dependency. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
