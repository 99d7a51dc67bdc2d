import type { Exchange } from '../http/types.js';
import { defineCheck, fail, isObject, pass, skip, type CheckOutcome } from './types.js';

const DISCOVERY_SCHEMAS = ['ServiceProviderConfig', 'ResourceType', 'Schema'].map(
  (name) => `urn:ietf:params:scim:schemas:core:2.0:${name}`,
);

const hasSchema = (resource: Record<string, unknown>, urns: readonly string[]) =>
  Array.isArray(resource.schemas) && resource.schemas.some((s) => urns.includes(String(s)));

/** Protocol messages (RFC 7644 §3.1: Error, BulkResponse, PatchOp, …) are not resources. */
const isMessage = (body: Record<string, unknown>) =>
  Array.isArray(body.schemas) &&
  body.schemas.some((s) => String(s).startsWith('urn:ietf:params:scim:api:messages:2.0:'));

/**
 * The resources a response carries: the body itself, or the entries of a ListResponse. Discovery
 * documents (RFC 7643 §5-§7) are not resources with ids and meta, so `resourcesOnly` leaves them out.
 */
function resourcesOf(exchange: Exchange, resourcesOnly: boolean): Record<string, unknown>[] {
  const json = exchange.response?.json;
  // An error answer carries no resource, whether or not it is a well-formed SCIM Error.
  if (!isObject(json) || (exchange.response?.status ?? 0) >= 400) return [];
  const all = Array.isArray(json.Resources) ? json.Resources.filter(isObject) : isMessage(json) ? [] : [json];
  return resourcesOnly ? all.filter((r) => !hasSchema(r, DISCOVERY_SCHEMAS)) : all;
}

/** attributes/excludedAttributes narrow what is returned (RFC 7644 §3.4.2.5). */
const isProjected = (exchange: Exchange) => /[?&](excludedA|a)ttributes=/.test(exchange.request.url);

function eachResource(
  exchange: Exchange,
  check: (resource: Record<string, unknown>) => CheckOutcome,
  resourcesOnly = true,
): CheckOutcome {
  const resources = resourcesOf(exchange, resourcesOnly);
  if (resources.length === 0) return skip('no resource in the response');
  for (const resource of resources) {
    const outcome = check(resource);
    if (outcome.status !== 'passed') return outcome;
  }
  return pass();
}

export const resourceId = defineCheck<Record<string, never>>({
  id: 'resource.id',
  basis: 'RFC 7643 §3.1: "Each representation of the resource MUST include a non-empty \\"id\\" value"; Entra G1',
  title: 'Every returned resource has a non-empty id',
  severity: 'must',
  reference: 'RFC 7643 §3.1; Entra guideline G1',
  category: 'schema',
  run: ({ exchange }) =>
    eachResource(exchange, (resource) =>
      typeof resource.id === 'string' && resource.id.length > 0
        ? pass()
        : fail('the resource has no id', { expected: 'non-empty string', actual: resource.id ?? null }),
    ),
});

export const metaLocation = defineCheck<Record<string, never>>({
  id: 'resource.meta-location',
  basis:
    'RFC 7643 §3.1 meta.location: "This value MUST be the same as the \\"Content-Location\\" HTTP response header"; RFC 7644 §3.3 (SHALL on create)',
  title: 'meta.location is the URI of the resource itself',
  severity: 'must',
  reference: 'RFC 7643 §3.1 (meta.location); RFC 7644 §3.3',
  category: 'semantics',
  run: ({ exchange }) =>
    eachResource(
      exchange,
      (resource) => {
        const meta = resource.meta;
        const location = isObject(meta) ? meta.location : undefined;
        if (location === undefined) return skip('no meta.location (see resource.meta-complete)');
        // A relative reference is allowed (RFC 7643 §2.3.7): it is resolved against the request URL.
        const base = exchange.request.url;
        if (typeof location !== 'string' || !URL.canParse(location, base)) {
          return fail('meta.location is not a URI', { expected: 'the URI of the resource', actual: location });
        }
        const path = new URL(location, base).pathname.replace(/\/+$/, '');
        if (
          typeof resource.id === 'string' &&
          !path.endsWith(`/${encodeURIComponent(resource.id)}`) &&
          !path.endsWith(`/${resource.id}`)
        ) {
          return fail('meta.location does not end with the resource id', {
            expected: `…/${resource.id}`,
            actual: location,
          });
        }
        const contentLocation = exchange.response?.headers['content-location'];
        if (
          contentLocation &&
          (!URL.canParse(contentLocation, base) || new URL(contentLocation, base).href !== new URL(location, base).href)
        ) {
          return fail('meta.location differs from Content-Location', { expected: contentLocation, actual: location });
        }
        return pass();
      },
      false,
    ),
});

export const metaComplete = defineCheck<Record<string, never>>({
  id: 'resource.meta-complete',
  basis:
    'RFC 7643 §3.1 describes meta.resourceType, created, lastModified and location without requiring each; Entra reads none of them',
  title: 'Resources carry meta.resourceType, created, lastModified and location',
  severity: 'should',
  reference: 'RFC 7643 §3.1 (meta)',
  category: 'schema',
  run: ({ exchange }) =>
    isProjected(exchange)
      ? skip('attributes/excludedAttributes narrow the response')
      : eachResource(exchange, (resource) => {
          const meta = isObject(resource.meta) ? resource.meta : {};
          const missing = ['resourceType', 'created', 'lastModified', 'location'].filter(
            (key) => meta[key] === undefined,
          );
          return missing.length === 0
            ? pass()
            : fail(`meta lacks ${missing.join(', ')}`, { expected: 'all four', actual: Object.keys(meta) });
        }),
});

export const noPassword = defineCheck<Record<string, never>>({
  id: 'resource.no-password',
  basis:
    'RFC 7643 §4.1.1 password: "the cleartext or hashed password value SHALL NOT be returnable by a service provider"',
  title: 'password is never returned',
  severity: 'must',
  reference: 'RFC 7643 §4.1.1 (password: returned "never"); §2.2',
  category: 'semantics',
  run: ({ exchange }) =>
    eachResource(
      exchange,
      (resource) =>
        Object.keys(resource).some((key) => key.toLowerCase() === 'password')
          ? fail('the response contains a password attribute', { expected: 'absent', actual: 'present (redacted)' })
          : pass(),
      false,
    ),
});
