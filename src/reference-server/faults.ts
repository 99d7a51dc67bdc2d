import { badRequest, ScimError } from './errors.js';
import { mentions, type Filter, type PatchPath } from './filter.js';
import { isObject, type JsonObject } from './json.js';
import type { AttrPath } from './paths.js';
import type { Projection } from './projection.js';
import { ENTERPRISE_URN, GROUP, isKnownSchema, USER, type ResourceKind } from './schemas.js';
import type { StoredResource } from './store.js';
import { VARIANT_REGISTRY } from './variants.js';

/**
 * The places where a fault can bend the server's behaviour. Each hook receives
 * the conformant value (and some context) and returns the value to use; the
 * conformant server is every hook returning its input.
 */
export interface HookPoints {
  /** Whether the presented credentials are accepted; context: the request path. */
  authorize: [boolean, string];
  /** Response headers (lower-case names), just before sending. */
  headers: [Record<string, string>, undefined];
  /** The body of every SCIM Error response. */
  errorBody: [Record<string, unknown>, undefined];
  /** The raw query string, before decoding. */
  rawQuery: [string, undefined];
  /** The parsed `filter` of a query. */
  filter: [Filter | undefined, undefined];
  /** Whether string comparison on an attribute is case-sensitive. */
  caseExact: [boolean, AttrPath];
  /** A query's ListResponse. */
  listResponse: [JsonObject, undefined];
  /** The attribute a query is sorted by (`sortBy`), if any. */
  sortBy: [AttrPath | undefined, undefined];
  /** The paging of a query; context: the resource type queried. */
  page: [{ startIndex: number; count: number }, ResourceKind];
  /** Whether the named unique attribute is enforced. */
  unique: [boolean, string];
  /** A PATCH operation's raw `op`. */
  patchOp: [string, undefined];
  /** A parsed PATCH `path`. */
  patchPath: [PatchPath, undefined];
  /** The `value` object of a path-less PATCH add/replace. */
  pathlessValue: [JsonObject, undefined];
  /** Whether PATCH `remove` with a value list on a multi-valued attribute removes only the listed values. */
  removeListedOnly: [boolean, AttrPath];
  /** Whether a PATCH add/replace with null or "" clears the attribute; context: its path. */
  clears: [boolean, AttrPath];
  /** Whether a PATCH `replace` on a multi-valued attribute replaces all its values; context: its path. */
  replaceAll: [boolean, AttrPath];
  /** Whether a bare string is taken as a single reference's value (`"manager": "<id>"`); context: where. */
  bareReference: [boolean, string];
  /** A string boolean ("True"/"False") about to be stored; context: whether it came in a PATCH. */
  stringBoolean: [boolean, boolean];
  /** Whether identical values of a multi-valued attribute collapse into one. */
  dedupe: [boolean, string];
  /** The `attributes` / `excludedAttributes` of a request. */
  projection: [Projection, undefined];
  /** Normalised attributes about to be stored. */
  incoming: [JsonObject, ResourceKind];
  /** A PATCH body about to be applied. */
  patchRequest: [unknown, ResourceKind];
  /** Whether a stored resource is visible to reads and queries. */
  visible: [boolean, StoredResource];
  /** Whether DELETE really removes the resource. */
  hardDelete: [boolean, StoredResource];
  /** Whether deleting a resource also removes it from the members of every group (RFC 7644 §3.6). */
  deleteReferences: [boolean, StoredResource];
  /** Whether deleting a User also removes it as every other User's manager (RFC 7643 §2.3.7: MAY). */
  dropManagerReferences: [boolean, StoredResource];
  /** The status of a DELETE whose target does not exist. */
  deleteMissingStatus: [number, undefined];
  /** The status of a successful POST. */
  createStatus: [number, undefined];
  /** A resource representation as sent (after attribute projection). */
  render: [JsonObject, StoredResource];
  /** How long every answer is held before it is sent, in milliseconds. */
  delayMs: [number, undefined];
  /** The ServiceProviderConfig resource. */
  serviceProviderConfig: [JsonObject, undefined];
  /** The Schema resources of `/Schemas`. */
  schemaResources: [JsonObject[], undefined];
  /** The status of a successful PATCH that asked for no attributes: 200 with the resource, or 204. */
  patchStatus: [200 | 204, ResourceKind];
  /** The status `/Me` and `/Bulk` answer with; context: the endpoint's lower-case name. */
  unimplementedStatus: [number, string];
  /** Whether If-Match / If-None-Match are honoured (ETag support). */
  preconditions: [boolean, undefined];
  /** Whether a write's Content-Type is accepted; context: the Content-Type header, if any. */
  requestMediaType: [boolean, string | undefined];
  /** The attributes a PUT is about to store; context: the resource it replaces. */
  replaceData: [JsonObject, StoredResource];
}

type Point = keyof HookPoints;
export type Hooks = { [P in Point]?: (value: HookPoints[P][0], context: HookPoints[P][1]) => HookPoints[P][0] };

/** A named bundle of hooks: a fault (non-conformant) or a variant (allowed but not the default). */
export interface Behaviour {
  readonly name: string;
  readonly description: string;
  readonly hooks: Hooks;
}

const isAttr = (path: AttrPath, name: string): boolean =>
  path.length === 1 && path[0].toLowerCase() === name.toLowerCase();

function unsupportedFilterOn(name: string): Hooks {
  return {
    filter: (filter) => {
      if (filter && mentions(filter, name)) throw badRequest('invalidFilter', `filtering on ${name} is not supported`);
      return filter;
    },
  };
}

function withoutHeader(name: string): Hooks {
  return {
    headers: (headers) => {
      const { [name]: _removed, ...rest } = headers;
      return rest;
    },
  };
}

/** What `deleted-names-still-unique` deleted: hidden from every read, yet still held (and indexed). */
const softDeleted = new WeakSet<StoredResource>();

const REGISTRY: readonly Behaviour[] = [
  {
    name: 'auth-accept-any-token',
    description: 'Accepts requests with a missing or wrong bearer token (no 401).',
    hooks: { authorize: () => true },
  },
  {
    name: 'auth-no-www-authenticate',
    description: '401 responses carry no WWW-Authenticate header.',
    hooks: withoutHeader('www-authenticate'),
  },
  {
    name: 'filter-username-case-sensitive',
    description: 'userName filters compare case-sensitively although userName is caseExact false.',
    hooks: { caseExact: (exact, path) => exact || isAttr(path, 'userName') },
  },
  {
    name: 'filter-ignored',
    description: 'Queries return every resource whatever the filter.',
    hooks: { filter: () => undefined },
  },
  {
    name: 'filter-externalid-unsupported',
    description: 'Filters on externalId are rejected with 400 invalidFilter.',
    hooks: unsupportedFilterOn('externalId'),
  },
  {
    name: 'filter-displayname-unsupported',
    description: 'Filters on displayName are rejected with 400 invalidFilter.',
    hooks: unsupportedFilterOn('displayName'),
  },
  {
    name: 'filter-plus-as-space',
    description: 'Decodes the query twice, so an encoded plus (%2B) in a filter value becomes a space.',
    hooks: { rawQuery: (query) => query.replace(/%2B/gi, '+') },
  },
  {
    name: 'list-zero-hits-404',
    description: 'A query that matches nothing answers 404 instead of an empty ListResponse.',
    hooks: {
      listResponse: (body) => {
        if (body.totalResults === 0) throw new ScimError(404, 'no resource matches the query');
        return body;
      },
    },
  },
  {
    name: 'list-missing-schemas',
    description: 'ListResponses lack the ListResponse schema URN.',
    hooks: {
      listResponse: ({ schemas: _schemas, ...rest }) => rest,
    },
  },
  {
    name: 'list-total-results-wrong',
    description: 'ListResponse totalResults is one more than the number of matches.',
    hooks: { listResponse: (body) => ({ ...body, totalResults: Number(body.totalResults) + 1 }) },
  },
  {
    name: 'uniqueness-allow-duplicate-username',
    description: 'Duplicate userNames are accepted (no 409).',
    hooks: { unique: (on, attr) => on && attr !== 'userName' },
  },
  {
    name: 'uniqueness-allow-duplicate-displayname',
    description: 'Duplicate group displayNames are accepted (no 409).',
    hooks: { unique: (on, attr) => on && attr !== 'displayName' },
  },
  {
    name: 'patch-op-case-sensitive',
    description: "PATCH accepts only lower-case ops; Entra's Add/Replace/Remove get 400.",
    hooks: {
      patchOp: (op) => {
        if (op !== op.toLowerCase()) throw badRequest('invalidSyntax', `unknown op "${op}"`);
        return op;
      },
    },
  },
  {
    name: 'patch-string-boolean-rejected',
    description: 'PATCH values "True"/"False" for boolean attributes are rejected with 400.',
    hooks: {
      stringBoolean: (value, inPatch) => {
        if (inPatch) throw badRequest('invalidValue', 'boolean attributes take true or false');
        return value;
      },
    },
  },
  {
    name: 'patch-dotted-keys-ignored',
    description: 'Path-less PATCH add/replace ignores dotted ("name.givenName") and full-URN attribute keys.',
    hooks: {
      pathlessValue: (value) =>
        Object.fromEntries(
          Object.entries(value).filter(([key]) => !key.includes('.') && (!/^urn:/i.test(key) || isKnownSchema(key))),
        ),
    },
  },
  {
    name: 'patch-member-remove-removes-all',
    description: 'PATCH Remove path "members" with a value list removes every member (strict RFC reading).',
    hooks: { removeListedOnly: (only, path) => only && !isAttr(path, 'members') },
  },
  {
    name: 'patch-member-readd-duplicates',
    description: 'Adding an existing member duplicates it instead of being a no-op.',
    hooks: { dedupe: (on, name) => on && name !== 'members' },
  },
  {
    name: 'patch-null-not-clearing',
    description: 'PATCH add/replace with null or "" (with or without a path) leaves the attribute as it was.',
    hooks: { clears: () => false },
  },
  {
    name: 'patch-replace-members-appends',
    description: 'PATCH replace on path "members" adds the given members instead of replacing the membership.',
    hooks: { replaceAll: (all, path) => all && !isAttr(path, 'members') },
  },
  {
    name: 'manager-ignored',
    description: 'The enterprise manager is silently not stored, whatever its form.',
    hooks: {
      incoming: (data) => {
        const enterprise = data[ENTERPRISE_URN];
        if (!isObject(enterprise) || enterprise.manager === undefined) return data;
        const { manager: _dropped, ...rest } = enterprise;
        return { ...data, [ENTERPRISE_URN]: rest };
      },
    },
  },
  {
    name: 'manager-bare-string-refused',
    description:
      'A manager sent as the bare id ("manager": "<id>", as Entra sends it) gets 400; only {"value": id} is accepted.',
    hooks: { bareReference: () => false },
  },
  {
    name: 'patch-value-path-unsupported',
    description:
      'PATCH paths with a value filter and sub-attribute (emails[type eq "work"].value) get 400 invalidPath.',
    hooks: {
      patchPath: (path) => {
        if (path.filter && path.sub !== undefined) {
          throw badRequest('invalidPath', 'value filters in paths are not supported');
        }
        return path;
      },
    },
  },
  {
    name: 'deactivate-hides-user',
    description: 'Users with active=false vanish from GET (404) and queries.',
    hooks: { visible: (shown, r) => shown && !(r.kind === USER && r.data.active === false) },
  },
  {
    name: 'delete-is-soft',
    description: 'DELETE answers 204 but the resource stays readable.',
    hooks: { hardDelete: () => false },
  },
  {
    name: 'deleted-names-still-unique',
    description:
      'DELETE hides the resource but keeps its userName or displayName taken: creating it again answers 409.',
    hooks: {
      hardDelete: (hard, r) => {
        if (hard) softDeleted.add(r);
        return false;
      },
      visible: (shown, r) => shown && !softDeleted.has(r),
    },
  },
  {
    name: 'delete-again-204',
    description: 'DELETE of a missing id answers 204 instead of 404.',
    hooks: { deleteMissingStatus: () => 204 },
  },
  {
    name: 'media-type-json',
    description: 'Responses are labelled application/json instead of application/scim+json.',
    hooks: { headers: (headers) => ({ ...headers, 'content-type': 'application/json; charset=utf-8' }) },
  },
  {
    name: 'error-status-number',
    description: 'Error responses carry status as a JSON number.',
    hooks: { errorBody: (body) => ({ ...body, status: Number(body.status) }) },
  },
  {
    name: 'error-missing-schema',
    description: 'Error responses lack the Error schema URN.',
    hooks: { errorBody: ({ schemas: _schemas, ...rest }) => rest },
  },
  {
    name: 'create-no-location',
    description: 'POST answers 201 without a Location header.',
    hooks: withoutHeader('location'),
  },
  { name: 'create-returns-200', description: 'POST answers 200 instead of 201.', hooks: { createStatus: () => 200 } },
  {
    name: 'meta-location-wrong',
    description: 'meta.location points to a different host than the resource.',
    hooks: {
      render: (rep, r) => ({
        ...rep,
        meta: { ...(rep.meta as JsonObject), location: `https://elsewhere.invalid/scim/v2${r.kind.endpoint}/${r.id}` },
      }),
    },
  },
  {
    name: 'missing-id',
    description: 'Resources are returned without id.',
    hooks: { render: ({ id: _id, ...rest }) => rest },
  },
  {
    name: 'return-password',
    description: 'User responses echo the password.',
    hooks: { render: (rep, r) => (r.data.password === undefined ? rep : { ...rep, password: r.data.password }) },
  },
  {
    name: 'sort-ignored',
    description: 'sortBy and sortOrder are ignored although sort is advertised: results come in creation order.',
    hooks: { sortBy: () => undefined },
  },
  {
    name: 'pagination-ignores-count',
    description: 'Queries ignore count and return every match from startIndex on.',
    hooks: { page: ({ startIndex }) => ({ startIndex, count: Number.MAX_SAFE_INTEGER }) },
  },
  {
    name: 'pages-overlap',
    description: 'Every page after the first starts one resource early, so consecutive pages share a resource (startIndex is still echoed).',
    hooks: { page: ({ startIndex, count }) => ({ startIndex: Math.max(1, startIndex - 1), count }) },
  },
  {
    name: 'etag-missing',
    description: 'Responses carry no ETag header although etag is advertised (meta.version is still there).',
    hooks: withoutHeader('etag'),
  },
  {
    name: 'meta-incomplete',
    description: 'Resources lack meta.created and meta.lastModified.',
    hooks: {
      render: (rep) => {
        if (!isObject(rep.meta)) return rep;
        const { created: _created, lastModified: _lastModified, ...meta } = rep.meta;
        return { ...rep, meta };
      },
    },
  },
  {
    name: 'error-no-scim-type',
    description: 'Error responses omit scimType (a 409 conflict does not say uniqueness).',
    hooks: { errorBody: ({ scimType: _scimType, ...rest }) => rest },
  },
  {
    name: 'delete-keeps-memberships',
    description: "Deleting a user leaves it among its groups' members.",
    hooks: { deleteReferences: () => false },
  },
  {
    name: 'slow-responses',
    description: 'Every answer is held 100 ms, so with 2 requests in flight the target serves at most 20 requests/s.',
    hooks: { delayMs: (ms) => Math.max(ms, 100) },
  },
  {
    name: 'excluded-attributes-ignored',
    description: 'excludedAttributes is ignored, so members stay in Group responses.',
    hooks: { projection: ({ attributes }) => ({ attributes, excludedAttributes: [] }) },
  },
  {
    name: 'enterprise-extension-dropped',
    description: 'The enterprise User extension is silently not stored.',
    hooks: {
      incoming: ({ [ENTERPRISE_URN]: _dropped, ...rest }) => rest,
    },
  },
  {
    name: 'non-ascii-write-fails',
    description: 'Writes whose userName or displayName contains non-ASCII characters answer 500.',
    hooks: {
      incoming: (data) => {
        if ([data.userName, data.displayName].some((v) => typeof v === 'string' && /[^\x00-\x7f]/.test(v))) {
          throw new Error('cannot encode non-ASCII name');
        }
        return data;
      },
    },
  },
  {
    name: 'group-patch-500',
    description: 'Every PATCH of a Group answers 500.',
    hooks: {
      patchRequest: (body, kind) => {
        if (kind.name === 'Group') throw new ScimError(500, 'group PATCH failed');
        return body;
      },
    },
  },
  {
    name: 'put-drops-attributes',
    description:
      'PUT stores only userName, name, emails and active of the user it is sent: displayName, externalId, locale and the rest of the body are dropped.',
    hooks: {
      replaceData: (data, r) =>
        r.kind === USER
          ? Object.fromEntries(
              Object.entries(data).filter(([key]) =>
                ['schemas', 'userName', 'name', 'emails', 'active', 'password'].includes(key),
              ),
            )
          : data,
    },
  },
  {
    name: 'put-resets-active',
    description: 'PUT ignores active in the body and leaves the user inactive, the default of a rebuilt record.',
    hooks: { replaceData: (data, r) => (r.kind === USER ? { ...data, active: false } : data) },
  },
  {
    name: 'patch-pathless-active-ignored',
    description:
      'A path-less PATCH replace of active ({"value":{"active":false}}) answers success but changes nothing.',
    hooks: { pathlessValue: ({ active: _ignored, ...rest }) => rest },
  },
  {
    name: 'json-request-415',
    description: 'Requests whose Content-Type is application/json (not application/scim+json) are refused with 415.',
    hooks: {
      requestMediaType: (accepted, contentType) => accepted && !/^application\/json\s*(;|$)/i.test(contentType ?? ''),
    },
  },
  {
    name: 'groups-list-ignores-start-index',
    description: 'Queries of /Groups ignore startIndex: every page starts at the first group.',
    hooks: { page: (page, kind) => (kind === GROUP ? { ...page, startIndex: 1 } : page) },
  },
  {
    name: 'error-no-detail',
    description: 'Error responses carry no detail message.',
    hooks: { errorBody: ({ detail: _detail, ...rest }) => rest },
  },
];

/** The deliberate non-conformities a reference server can be started with. */
export const FAULTS: ReadonlyArray<{ readonly name: string; readonly description: string }> = REGISTRY.map(
  ({ name, description }) => ({ name, description }),
);

/** The active variants and faults of one server, applied at the hook points (variants first). */
export class Faults {
  readonly #active: readonly Behaviour[];

  /** @throws Error naming the valid faults (or variants) when a name is unknown. */
  constructor(names: readonly string[], variantNames: readonly string[] = []) {
    this.#active = [...pick(VARIANT_REGISTRY, variantNames, 'variant'), ...pick(REGISTRY, names, 'fault')];
  }

  /** Passes the conformant `value` through every active hook for `point`. */
  apply<P extends Point>(point: P, value: HookPoints[P][0], context: HookPoints[P][1]): HookPoints[P][0] {
    let result = value;
    for (const behaviour of this.#active) {
      const hook = behaviour.hooks[point];
      if (hook) result = hook(result, context);
    }
    return result;
  }
}

function pick(registry: readonly Behaviour[], names: readonly string[], kind: string): Behaviour[] {
  const unknown = names.filter((n) => !registry.some((b) => b.name === n));
  if (unknown.length > 0) {
    const valid = registry.map((b) => b.name).join(', ');
    throw new Error(`Unknown ${kind}(s): ${unknown.join(', ')}. Valid ${kind}s: ${valid}`);
  }
  return registry.filter((b) => names.includes(b.name));
}
