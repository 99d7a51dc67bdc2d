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
import { HarnessError } from '../errors.js';
import type { CheckContext, CheckDefinition, CheckOutcome, Impact } from './types.js';

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
  auth.oauthToken,
  auth.tokenLifetime,
  error.errorShape,
  error.scimType,
  error.errorDetail,
  list.listShape,
  list.totalResults,
  list.page,
  list.order,
  list.pages,
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

/**
 * Default impact of each check on a provisioning client, with its source (doc = the shared
 * entra-scim-behaviour.md). A client profile overrides it per check id (`client.impact`), a
 * scenario step per use (`impact:`); `validator` is Microsoft-specific, so only profiles set it. One line per check.
 */
// prettier-ignore
export const DEFAULT_IMPACT: Readonly<Record<string, { impact: Impact; source: string }>> = {
  'http.transport': { impact: 'blocks', source: 'no answer: the operation fails, is retried, then quarantined (doc §7.4, §7.5)' },
  'http.status': { impact: 'blocks', source: 'a refused create, lookup, update or disable is not applied (doc §3 U1-U8, §4 GR1-GR7)' },
  'http.json-body': { impact: 'blocks', source: 'the client reads the id and values from the body (doc §3 U1, §1.2 G1)' },
  'http.media-type': { impact: 'none', source: 'the client parses the JSON whatever its media type; G9 is a should (doc §1.2 G9)' },
  'http.location-header': { impact: 'none', source: 'the client takes the new id from the body, not Location (doc §3 U1)' },
  'http.etag': { impact: 'none', source: 'the client sends no If-Match or If-None-Match (doc §12.8, §3 request examples)' },
  'auth.unauthorized': { impact: 'none', source: 'the client always sends its valid token (doc §1.1 R9)' },
  'auth.www-authenticate': { impact: 'none', source: 'the client does not read WWW-Authenticate (doc §1.1 R9)' },
  'auth.oauth-token': { impact: 'none', source: 'the client sends the access token as a bearer token (doc §1.1 R9)' },
  'auth.token-lifetime': { impact: 'none', source: 'the client renews a token when it expires (doc §1.1 R9)' },
  'error.shape': { impact: 'none', source: 'the client acts on the status of a failure, not its body (doc §7.4)' },
  'error.scim-type': { impact: 'none', source: 'the client acts on the status of a failure, not its scimType (doc §7.4, §7.7)' },
  'list.shape': { impact: 'blocks', source: 'matching reads a ListResponse; anything else fails the lookup (doc §1.2 G10, §2 TC-1)' },
  'list.total-results': { impact: 'blocks', source: 'matching finds nothing or the wrong object: duplicates or lost updates (doc §7.8, §3 U3)' },
  'list.page': { impact: 'none', source: 'provisioning queries by matching attribute and does not page (doc §3 U3, §4 GR3)' },
  'list.pages': { impact: 'none', source: 'provisioning queries by matching attribute and does not page (doc §3 U3, §4 GR3)' },
  'error.detail': { impact: 'none', source: 'the client acts on the status of a failure, not its detail (doc §7.4)' },
  'list.order': { impact: 'none', source: 'the client sends no sortBy (doc §3, §4 request examples)' },
  'resource.id': { impact: 'blocks', source: 'the client keeps the id to address the object later (doc §1.2 G1)' },
  'resource.meta-location': { impact: 'none', source: 'the client addresses objects by id, not meta.location (doc §3 U2)' },
  'resource.meta-complete': { impact: 'none', source: 'the client reads no meta attribute (doc §3, §4 response handling)' },
  'resource.no-password': { impact: 'none', source: 'the client never sends nor reads a password (doc §7.9)' },
  'schema.valid': { impact: 'none', source: 'what the client reads is checked by resource.id, list.shape and json.matches (doc §3, §4)' },
  'schema.target': { impact: 'none', source: 'a custom app does not read /Schemas (doc §1.2 G17)' },
  'mapping.declared': { impact: 'validator', source: 'the validator and gallery review compare the app mapping with /Schemas (doc §11 Schema_Discoverability, §7.9)' },
  'mapping.stored': { impact: 'blocks', source: 'a mapped value not stored as sent is lost or re-sent every cycle (doc §1.2 G2, §7.1)' },
  'json.matches': { impact: 'blocks', source: 'what the client wrote was not applied or is not returned (doc §3, §4, §5, §6)' },
  'property.read-back': { impact: 'blocks', source: 'values must be stored as sent (doc §1.2 G2)' },
  'property.patch-model': { impact: 'blocks', source: 'PATCHes in the client dialect must apply (doc §3 U5-U7, §4 GR5-GR6, §8)' },
  'property.member-readd': { impact: 'blocks', source: 'a restart re-adds existing members (doc §5)' },
  'property.model-state': { impact: 'blocks', source: 'the target must hold what the client wrote (doc §3, §4)' },
  'property.filter-username': { impact: 'blocks', source: 'users are matched by userName (doc §1.1 R4, §7.8)' },
  'property.filter-username-case': { impact: 'blocks', source: 'matching is case-insensitive on userName (doc §7.8; RFC 7643 §4.1.1)' },
  'property.filter-external-id': { impact: 'blocks', source: 'users are queried by externalId (doc §1.1 R4)' },
  'property.username-unique': { impact: 'none', source: 'the client queries before it creates (doc §3 U3, §7.8)' },
  'load.responses': { impact: 'blocks', source: 'failed requests of an initial cycle are escrowed and retried (doc §7.4)' },
  'load.final-state': { impact: 'blocks', source: 'after an initial cycle the target must hold what was provisioned (doc §7.1)' },
  'load.throughput': { impact: 'none', source: 'custom apps get no rate requirement (doc §7.6)' },
};

/** Every registered check by id; duplicate ids are refused at start-up. */
export const CHECKS: ReadonlyMap<string, AnyCheck> = new Map(
  ALL.map((check, index) => {
    if (ALL.findIndex((other) => other.id === check.id) !== index) throw new Error(`duplicate check id ${check.id}`);
    if (!DEFAULT_IMPACT[check.id]) throw new Error(`check ${check.id} has no default impact`);
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

/**
 * Checks that read a response body as the resource or list the request asked for. Once
 * http.status failed the body is something else (an error, another resource): judging it again
 * would report the same root failure twice, so these are skipped.
 */
export const EXPECTED_BODY_CHECK_IDS: ReadonlySet<string> = new Set([
  'http.etag',
  'list.shape',
  'list.total-results',
  'list.page',
  'list.order',
  'resource.id',
  'resource.meta-location',
  'resource.meta-complete',
  'resource.no-password',
  'schema.valid',
  'schema.target',
  'json.matches',
]);

/**
 * Runs a check. One that throws is a harness bug, not a finding about the target: it ends the run
 * as a harness error (exit 3) naming the check, so a crashing check can never pass for a failing one.
 */
export function runCheck(check: AnyCheck, ctx: CheckContext<unknown>): CheckOutcome {
  try {
    return check.run(ctx);
  } catch (err) {
    throw new HarnessError('E_HARNESS', `check ${check.id} raised an unexpected error: ${(err as Error).message}`, {
      cause: err,
    });
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
