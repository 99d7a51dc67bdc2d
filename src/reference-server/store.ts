import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { isObject, type JsonObject } from './json.js';
import { memberIds, type Directory } from './resource.js';
import { ENTERPRISE_URN, GROUP, KINDS, USER, type ResourceKind } from './schemas.js';

/** A stored resource; `data` holds its normalised, client-writable attributes (extensions under their URN). */
export interface StoredResource {
  readonly kind: ResourceKind;
  readonly id: string;
  data: JsonObject;
  readonly created: string;
  lastModified: string;
  /** Bumped whenever the representation changes; the ETag is `W/"version"`. */
  version: number;
}

/** Attributes with an O(1) index, for `attr eq "value"` filters and uniqueness; `fold` = case-insensitive. */
const INDEXED: Record<ResourceKind['name'], ReadonlyArray<{ readonly attr: string; readonly fold: boolean }>> = {
  User: [
    { attr: 'userName', fold: true },
    { attr: 'externalId', fold: false },
  ],
  Group: [
    { attr: 'displayName', fold: true },
    { attr: 'externalId', fold: false },
  ],
};

interface Index {
  readonly attr: string;
  readonly fold: boolean;
  /** Indexed value (lower-cased when `fold`) → ids. */
  readonly ids: Map<string, Set<string>>;
}

const keyOf = (index: Index, value: string): string => (index.fold ? value.toLowerCase() : value);

class Collection {
  readonly byId = new Map<string, StoredResource>();
  readonly #indexes: readonly Index[];

  constructor(kind: ResourceKind) {
    this.#indexes = INDEXED[kind.name].map((entry) => ({ ...entry, ids: new Map() }));
  }

  lookup(attr: string, value: string): ReadonlySet<string> | undefined {
    const index = this.#indexes.find((i) => i.attr.toLowerCase() === attr.toLowerCase());
    return index && (index.ids.get(keyOf(index, value)) ?? new Set());
  }

  /** Adds (`add`) or removes the index entries of `r`. */
  index(r: StoredResource, add: boolean): void {
    for (const index of this.#indexes) {
      const value = r.data[index.attr];
      if (typeof value !== 'string') continue;
      const key = keyOf(index, value);
      const ids = index.ids.get(key) ?? new Set<string>();
      if (add) ids.add(r.id);
      else ids.delete(r.id);
      if (ids.size > 0) index.ids.set(key, ids);
      else index.ids.delete(key);
    }
  }
}

/**
 * The in-memory resource store. Every method is synchronous, so a request's
 * read-check-write sequence cannot interleave with another request's.
 */
export class Store implements Directory {
  readonly #collections = new Map<ResourceKind, Collection>(KINDS.map((k) => [k, new Collection(k)]));
  /** Member id → ids of the groups listing it. */
  readonly #memberOf = new Map<string, Set<string>>();

  #collection(kind: ResourceKind): Collection {
    const collection = this.#collections.get(kind);
    if (!collection) throw new Error(`no collection for ${kind.name}`);
    return collection;
  }

  /** Users and Groups held. */
  get size(): number {
    let total = 0;
    for (const collection of this.#collections.values()) total += collection.byId.size;
    return total;
  }

  get(kind: ResourceKind, id: string): StoredResource | undefined {
    return this.#collection(kind).byId.get(id);
  }

  /** A User or Group by id. */
  find(id: string): StoredResource | undefined {
    return this.get(USER, id) ?? this.get(GROUP, id);
  }

  all(kind: ResourceKind): Iterable<StoredResource> {
    return this.#collection(kind).byId.values();
  }

  /** Ids of `kind` whose `attr` equals `value`, or `undefined` when `attr` has no index. */
  lookup(kind: ResourceKind, attr: string, value: string): ReadonlySet<string> | undefined {
    return this.#collection(kind).lookup(attr, value);
  }

  groupsOf(id: string): StoredResource[] {
    return [...(this.#memberOf.get(id) ?? [])].flatMap((gid) => this.get(GROUP, gid) ?? []);
  }

  create(kind: ResourceKind, data: JsonObject): StoredResource {
    const now = new Date().toISOString();
    const r: StoredResource = { kind, id: randomUUID(), data: {}, created: now, lastModified: now, version: 1 };
    this.#collection(kind).byId.set(r.id, r);
    this.#write(r, data);
    return r;
  }

  /** Replaces the attributes of `r`; nothing changes, not even `lastModified`, when they are equal (RFC 7644 §3.5.2.1). */
  update(r: StoredResource, data: JsonObject): void {
    if (isDeepStrictEqual(r.data, data)) return;
    this.#write(r, data);
    r.version++;
    r.lastModified = new Date().toISOString();
  }

  /**
   * Deletes `r` and, unless told otherwise, every membership of it (RFC 7644 §3.6: afterwards it is
   * gone everywhere); with `managers`, also every manager reference to it (RFC 7643 §2.3.7 leaves
   * referential integrity to the provider: a MAY).
   */
  delete(
    r: StoredResource,
    references: { members: boolean; managers: boolean } = { members: true, managers: false },
  ): void {
    for (const group of references.members ? this.groupsOf(r.id) : []) {
      const { members: _members, ...rest } = group.data;
      const remaining = memberIds(GROUP, group.data).filter((id) => id !== r.id);
      this.update(group, remaining.length > 0 ? { ...rest, members: remaining.map((value) => ({ value })) } : rest);
    }
    for (const user of references.managers ? this.all(USER) : []) {
      const enterprise = user.data[ENTERPRISE_URN];
      if (!isObject(enterprise) || !isObject(enterprise.manager) || enterprise.manager.value !== r.id) continue;
      const { manager: _manager, ...kept } = enterprise;
      const { [ENTERPRISE_URN]: _enterprise, ...others } = user.data;
      this.update(user, Object.keys(kept).length > 0 ? { ...others, [ENTERPRISE_URN]: kept } : others);
    }
    this.#write(r, {});
    this.#collection(r.kind).byId.delete(r.id);
    this.#memberOf.delete(r.id);
  }

  #write(r: StoredResource, data: JsonObject): void {
    const collection = this.#collection(r.kind);
    const before = new Set(memberIds(r.kind, r.data));
    const renamed = r.data.displayName !== data.displayName;
    collection.index(r, false);
    r.data = data;
    collection.index(r, true);
    const after = new Set(memberIds(r.kind, data));
    for (const id of before) if (!after.has(id)) this.#memberOf.get(id)?.delete(r.id);
    for (const id of after) this.#memberOf.set(id, (this.#memberOf.get(id) ?? new Set()).add(r.id));
    // A member's `groups` shows this group, so its representation (and ETag) changes too.
    const affected = renamed
      ? [...before, ...after]
      : [...before, ...after].filter((id) => before.has(id) !== after.has(id));
    for (const id of new Set(affected)) {
      const member = this.get(USER, id);
      if (member) member.version++;
    }
  }
}
