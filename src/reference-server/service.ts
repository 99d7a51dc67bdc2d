import type { IncomingHttpHeaders } from 'node:http';
import { badRequest, notFound, ScimError } from './errors.js';
import type { Faults } from './faults.js';
import { matches, type EvalContext, type Filter } from './filter.js';
import type { Reply } from './http.js';
import { checkCapacity, checkStringLimits } from './limits.js';
import { getAttribute, isObject, type JsonObject } from './json.js';
import { applyPatch, type PatchHooks } from './patch.js';
import { project, type Projection } from './projection.js';
import { listRequest, projectionOf, sortHits, type ListRequest, type ParamSource } from './query.js';
import { etagOf, locationOf, memberIds, normalize, represent, type NormalizeHooks } from './resource.js';
import { GROUP, LIST_RESPONSE_URN, type ResourceKind } from './schemas.js';
import { Store, type StoredResource } from './store.js';

/** What the resource handlers see of a request. */
export interface ScimRequest {
  readonly query: ReadonlyMap<string, string>;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body; throws 400 `invalidSyntax` when missing or malformed. */
  body(): unknown;
}

/** Query parameters are matched case-insensitively. */
const fromQuery =
  (req: ScimRequest): ParamSource =>
  (name) =>
    req.query.get(name.toLowerCase());

/** The attribute each resource type keeps unique, case-insensitively (RFC 7643 §4.1.1; Entra for groups, doc §1.2 G16). */
const UNIQUE: Record<ResourceKind['name'], string> = { User: 'userName', Group: 'displayName' };

/** Whether an If-Match / If-None-Match value lists the current ETag, by weak comparison (RFC 9110 §13.1). */
function listsEtag(header: string, r: StoredResource): boolean {
  const current = etagOf(r).replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === current;
  });
}

/** The handlers of `/Users` and `/Groups` (RFC 7644 §3.3-§3.6) over one in-memory store. */
export class ResourceService {
  readonly #store = new Store();
  readonly #faults: Faults;
  readonly #baseUrl: string;
  readonly #patchHooks: PatchHooks;
  readonly #maxResources: number;

  constructor(faults: Faults, baseUrl: string, maxResources: number) {
    this.#faults = faults;
    this.#baseUrl = baseUrl;
    this.#maxResources = maxResources;
    this.#patchHooks = {
      op: (op) => faults.apply('patchOp', op, undefined),
      path: (path) => faults.apply('patchPath', path, undefined),
      pathlessValue: (value) => faults.apply('pathlessValue', value, undefined),
      removeListedOnly: (path) => faults.apply('removeListedOnly', true, path),
      clears: (path) => faults.apply('clears', true, path),
      replaceAll: (path) => faults.apply('replaceAll', true, path),
    };
  }

  /** `GET /Users` etc. (RFC 7644 §3.4.2). */
  query(kind: ResourceKind, req: ScimRequest): Reply {
    return this.#list(kind, listRequest(fromQuery(req), kind));
  }

  /** `POST /Users/.search` etc. with a SearchRequest body (RFC 7644 §3.4.3). */
  search(kind: ResourceKind, req: ScimRequest): Reply {
    const body = req.body();
    if (!isObject(body)) throw badRequest('invalidSyntax', 'a SearchRequest must be a JSON object');
    return this.#list(
      kind,
      listRequest((name) => getAttribute(body, name), kind),
    );
  }

  /** `GET /Users/{id}` (RFC 7644 §3.4.1), 304 when If-None-Match lists the current version (§3.14). */
  get(kind: ResourceKind, id: string, req: ScimRequest): Reply {
    const r = this.#find(kind, id);
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch !== undefined && this.#faults.apply('preconditions', true, undefined) && listsEtag(ifNoneMatch, r))
      return { status: 304, headers: this.#headers(r) };
    return this.#reply(r, 200, req);
  }

  /** `POST /Users` (RFC 7644 §3.3): 201 with `Location`. */
  create(kind: ResourceKind, req: ScimRequest): Reply {
    const data = this.#accept(kind, req.body(), undefined, false);
    checkCapacity(this.#store.size, this.#maxResources);
    const r = this.#store.create(kind, data);
    const reply = this.#reply(r, this.#faults.apply('createStatus', 201, undefined), req);
    return { ...reply, headers: { ...reply.headers, location: locationOf(this.#baseUrl, r) } };
  }

  /** `PUT /Users/{id}` (RFC 7644 §3.5.1). */
  replace(kind: ResourceKind, id: string, req: ScimRequest): Reply {
    const r = this.#find(kind, id);
    this.#checkIfMatch(r, req);
    const data = this.#faults.apply('replaceData', this.#accept(kind, req.body(), r, false), r);
    // The password is never returned, so clients cannot send it back: a PUT without one keeps it.
    this.#store.update(
      r,
      data.password === undefined && r.data.password !== undefined ? { ...data, password: r.data.password } : data,
    );
    return this.#reply(r, 200, req);
  }

  /** `PATCH /Users/{id}` (RFC 7644 §3.5.2), applied atomically. */
  patch(kind: ResourceKind, id: string, req: ScimRequest): Reply {
    const r = this.#find(kind, id);
    this.#checkIfMatch(r, req);
    const body = this.#faults.apply('patchRequest', req.body(), kind);
    this.#store.update(
      r,
      this.#accept(kind, applyPatch(r.data, body, this.#evalContext(kind), this.#patchHooks), r, true),
    );
    // Entra recommends 204 for group PATCH (doc §4 GR4); RFC 7644 §3.5.2 requires 200 when "attributes" is given.
    const status = this.#faults.apply('patchStatus', kind === GROUP ? 204 : 200, kind);
    if (status === 204 && !req.query.has('attributes')) return { status: 204, headers: this.#headers(r) };
    return this.#reply(r, 200, req);
  }

  /** `DELETE /Users/{id}` (RFC 7644 §3.6): 204, then the resource is gone from every read and query. */
  delete(kind: ResourceKind, id: string, req: ScimRequest): Reply {
    const r = this.#visible(kind, id);
    if (!r) {
      const status = this.#faults.apply('deleteMissingStatus', 404, undefined);
      if (status === 404) throw notFound(`${kind.name} "${id}"`);
      return { status };
    }
    this.#checkIfMatch(r, req);
    if (this.#faults.apply('hardDelete', true, r))
      this.#store.delete(r, {
        members: this.#faults.apply('deleteReferences', true, r),
        managers: this.#faults.apply('dropManagerReferences', false, r),
      });
    return { status: 204 };
  }

  #list(kind: ResourceKind, params: ListRequest): Reply {
    const filter = this.#faults.apply('filter', params.filter, undefined);
    const ctx = this.#evalContext(kind);
    const hits = [...this.#candidates(kind, filter)]
      .filter((r) => this.#faults.apply('visible', true, r))
      .map((r) => ({ r, rep: represent(r, this.#baseUrl, this.#store) }))
      .filter(({ rep }) => filter === undefined || matches(filter, rep, ctx));
    const sortBy = this.#faults.apply('sortBy', params.sortBy, undefined);
    const sorted = sortBy ? sortHits(hits, sortBy, params.descending, ctx) : hits;
    const { startIndex, count } = this.#faults.apply(
      'page',
      { startIndex: params.startIndex, count: params.count },
      kind,
    );
    const page = sorted.slice(startIndex - 1, startIndex - 1 + count);
    const projection = this.#faults.apply('projection', params.projection, undefined);
    const body = {
      schemas: [LIST_RESPONSE_URN],
      totalResults: sorted.length,
      Resources: page.map(({ r, rep }) => this.#output(r, rep, projection)),
      startIndex: params.startIndex,
      itemsPerPage: page.length,
    };
    return { status: 200, body: this.#faults.apply('listResponse', body, undefined) };
  }

  /** The resources a filter can match: from an index when it is (and-ed with) `attr eq "string"` on an indexed attribute. */
  #candidates(kind: ResourceKind, filter: Filter | undefined): Iterable<StoredResource> {
    const ids = filter && this.#indexed(kind, filter);
    return ids ? [...ids].flatMap((id) => this.#store.get(kind, id) ?? []) : this.#store.all(kind);
  }

  #indexed(kind: ResourceKind, filter: Filter): ReadonlySet<string> | undefined {
    if (filter.op === 'and') return this.#indexed(kind, filter.left) ?? this.#indexed(kind, filter.right);
    if (filter.op !== 'eq' || typeof filter.value !== 'string' || filter.path.length !== 1) return undefined;
    return filter.path[0].toLowerCase() === 'id'
      ? new Set([filter.value])
      : this.#store.lookup(kind, filter.path[0], filter.value);
  }

  #evalContext(kind: ResourceKind): EvalContext {
    return { kind, caseExact: (path, def) => this.#faults.apply('caseExact', def?.caseExact ?? false, path) };
  }

  #normalizeHooks(inPatch: boolean): NormalizeHooks {
    return {
      stringBoolean: (value) => this.#faults.apply('stringBoolean', value, inPatch),
      dedupe: (name) => this.#faults.apply('dedupe', true, name),
      bareReference: (where) => this.#faults.apply('bareReference', true, where),
    };
  }

  /** Validates a written representation into storable attributes: schema types, member references, uniqueness. */
  #accept(kind: ResourceKind, input: unknown, self: StoredResource | undefined, inPatch: boolean): JsonObject {
    if (!isObject(input)) throw badRequest('invalidSyntax', 'the body must be a JSON object');
    const schemas = getAttribute(input, 'schemas');
    if (schemas !== undefined && !(Array.isArray(schemas) && schemas.every((s) => typeof s === 'string'))) {
      throw badRequest('invalidSyntax', '"schemas" must be an array of URIs');
    }
    const data = this.#faults.apply('incoming', normalize(input, kind, this.#normalizeHooks(inPatch)), kind);
    checkStringLimits(data);
    const missing = memberIds(kind, data).find((id) => !this.#store.find(id));
    if (missing !== undefined) throw badRequest('invalidValue', `members: no User or Group has id "${missing}"`);
    const attr = UNIQUE[kind.name];
    const value = data[attr];
    if (typeof value === 'string' && this.#faults.apply('unique', true, attr)) {
      const holders = this.#store.lookup(kind, attr, value) ?? new Set<string>();
      if ([...holders].some((id) => id !== self?.id)) {
        throw new ScimError(409, `a ${kind.name} with ${attr} "${value}" already exists`, 'uniqueness');
      }
    }
    return data;
  }

  #visible(kind: ResourceKind, id: string): StoredResource | undefined {
    const r = this.#store.get(kind, id);
    return r && this.#faults.apply('visible', true, r) ? r : undefined;
  }

  #find(kind: ResourceKind, id: string): StoredResource {
    const r = this.#visible(kind, id);
    if (!r) throw notFound(`${kind.name} "${id}"`);
    return r;
  }

  /** A stale If-Match is 412 (RFC 7644 §3.14). */
  #checkIfMatch(r: StoredResource, req: ScimRequest): void {
    const ifMatch = req.headers['if-match'];
    if (ifMatch !== undefined && this.#faults.apply('preconditions', true, undefined) && !listsEtag(ifMatch, r)) {
      throw new ScimError(412, `If-Match does not list the current version ${etagOf(r)}`);
    }
  }

  #headers(r: StoredResource): Record<string, string> {
    return { etag: etagOf(r), 'content-location': locationOf(this.#baseUrl, r) };
  }

  #output(r: StoredResource, rep: JsonObject, projection: Projection): JsonObject {
    return this.#faults.apply('render', project(rep, projection, r.kind), r);
  }

  #reply(r: StoredResource, status: number, req: ScimRequest): Reply {
    const projection = this.#faults.apply('projection', projectionOf(fromQuery(req), r.kind), undefined);
    return {
      status,
      body: this.#output(r, represent(r, this.#baseUrl, this.#store), projection),
      headers: this.#headers(r),
    };
  }
}
