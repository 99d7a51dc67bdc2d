import { badRequest } from './errors.js';
import { isObject, isTrue, isUnassigned, type JsonObject } from './json.js';
import { findDef, GROUP, USER, type AttributeDef, type ResourceKind } from './schemas.js';
import type { StoredResource } from './store.js';

/** Extension points of normalisation (see faults.ts). */
export interface NormalizeHooks {
  /** Receives a string boolean ("True"/"False", any case) as the boolean to be stored. */
  stringBoolean(value: boolean): boolean;
  /** Whether identical values of the multi-valued attribute `name` collapse into one. */
  dedupe(name: string): boolean;
  /** Whether a bare string stands for a single reference's `value` (`"manager": "<id>"`). */
  bareReference(where: string): boolean;
}

/** Lookups a representation needs from the store. */
export interface Directory {
  find(id: string): StoredResource | undefined;
  groupsOf(id: string): readonly StoredResource[];
}

const invalid = (where: string, expected: string) => badRequest('invalidValue', `"${where}" must be ${expected}`);

function normalizeObject(
  input: JsonObject,
  defs: readonly AttributeDef[] | undefined,
  hooks: NormalizeHooks,
  where: string,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(input)) {
    const def = findDef(defs, key);
    // readOnly values sent by clients are ignored (RFC 7644 §3.3, §3.5.1).
    if (def?.mutability === 'readOnly') continue;
    // Attributes no schema declares are kept as sent (doc §1.2 G2: no transformations).
    const value = def ? normalizeValue(raw, def, hooks, `${where}${def.name}`) : raw;
    if (!isUnassigned(value)) out[def?.name ?? key] = value;
  }
  return out;
}

function normalizeValue(raw: unknown, def: AttributeDef, hooks: NormalizeHooks, where: string): unknown {
  if (def.multiValued) {
    return (Array.isArray(raw) ? raw : [raw])
      .map((item) => normalizeSingle(item, def, hooks, where))
      .filter((v) => !isUnassigned(v));
  }
  // Entra's legacy manager PATCH wraps the single value in an array (doc §3 U9).
  return normalizeSingle(Array.isArray(raw) && raw.length === 1 ? raw[0] : raw, def, hooks, where);
}

function normalizeSingle(raw: unknown, def: AttributeDef, hooks: NormalizeHooks, where: string): unknown {
  if (raw === null || raw === undefined) return undefined;
  switch (def.type) {
    case 'complex': {
      const reference = !def.multiValued && findDef(def.subAttributes, 'value') !== undefined;
      // Entra's engine sends a manager as the bare id, in POST and PATCH (doc §3 U9): it means {"value": id}.
      const object = reference && typeof raw === 'string' && hooks.bareReference(where) ? { value: raw } : raw;
      if (!isObject(object)) throw invalid(where, 'an object');
      const value = normalizeObject(object, def.subAttributes, hooks, `${where}.`);
      // A single reference without its `value` points nowhere: clearing `manager` with
      // {"value": ""} is how Entra's validation removes it (doc §3 U9).
      return reference && value.value === undefined ? undefined : value;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      // Entra's default engine sends "True"/"False" (doc §8, §9.2); stored as real booleans.
      if (typeof raw === 'string' && /^(?:true|false)$/i.test(raw)) return hooks.stringBoolean(isTrue(raw));
      throw invalid(where, 'a boolean');
    case 'integer':
      if (Number.isInteger(raw)) return raw;
      throw invalid(where, 'an integer');
    case 'decimal':
      if (typeof raw === 'number') return raw;
      throw invalid(where, 'a number');
    default:
      if (typeof raw === 'string') return raw;
      throw invalid(where, 'a string');
  }
}

/** Canonical JSON, so that values differing only in key order count as equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** The ids listed in the (normalised) `members` of a Group; none for other resources. */
export function memberIds(kind: ResourceKind, data: JsonObject): string[] {
  return kind === GROUP && Array.isArray(data.members) ? data.members.map((m: { value: string }) => m.value) : [];
}

/**
 * Validates client-supplied attributes against the resource's schemas and
 * canonicalises them (RFC 7643 §2): attribute names take the schema's case,
 * readOnly attributes are dropped, unassigned values (null, "", [], {}) vanish
 * (RFC 7643 §2.5), wrong JSON types are 400 `invalidValue`, identical values of
 * a multi-valued attribute collapse (adding an existing value changes nothing,
 * RFC 7644 §3.5.2.1) and required attributes must be present.
 */
export function normalize(input: JsonObject, kind: ResourceKind, hooks: NormalizeHooks): JsonObject {
  const data = normalizeObject(input, kind.attributes, hooks, '');
  if (kind === GROUP && Array.isArray(data.members)) {
    // Members are stored by id alone: `$ref` and `type` derive from the live resource (RFC 7643 §4.2).
    data.members = data.members.map((m: JsonObject) => {
      if (typeof m.value !== 'string') throw invalid('members.value', 'a string');
      return { value: m.value };
    });
  }
  for (const def of kind.attributes) {
    const values = data[def.name];
    if (Array.isArray(values)) {
      const unique = hooks.dedupe(def.name) ? [...new Map(values.map((v) => [canonical(v), v])).values()] : values;
      if (unique.filter((v) => isObject(v) && v.primary === true).length > 1) {
        throw invalid(def.name, "given with at most one 'primary' value");
      }
      data[def.name] = unique;
    }
    if (def.required && data[def.name] === undefined) throw badRequest('invalidValue', `"${def.name}" is required`);
  }
  return data;
}

/** The absolute URL of a resource: `meta.location` and the `Location` header (RFC 7644 §3.3). */
export function locationOf(baseUrl: string, r: StoredResource): string {
  return `${baseUrl}${r.kind.endpoint}/${r.id}`;
}

/** The weak entity tag of a resource (RFC 7644 §3.14). */
export function etagOf(r: StoredResource): string {
  return `W/"${r.version}"`;
}

/**
 * The full representation of a resource: `schemas`, `id`, the stored
 * attributes less `password` (returned "never", RFC 7643 §4.1.1), derived
 * member references and User `groups` (RFC 7643 §4.1.2), and `meta` (RFC 7643 §3.1).
 */
export function represent(r: StoredResource, baseUrl: string, directory: Directory): JsonObject {
  const attributes = { ...r.data };
  delete attributes.password;
  const extensions = Object.keys(attributes).filter((key) => /^urn:/i.test(key) && isObject(attributes[key]));
  const rep: JsonObject = { schemas: [r.kind.schema.id, ...extensions], id: r.id, ...attributes };
  if (r.kind === GROUP && attributes.members !== undefined) {
    rep.members = memberIds(GROUP, attributes).map((value) => {
      const target = directory.find(value);
      if (!target) return { value };
      // display is read-only and filled in by the service provider (RFC 7643 §4.2).
      const display = target.data.displayName;
      return {
        value,
        $ref: locationOf(baseUrl, target),
        type: target.kind.name,
        ...(typeof display === 'string' && { display }),
      };
    });
  }
  if (r.kind === USER) {
    const groups = directory
      .groupsOf(r.id)
      .map((g) => ({ value: g.id, $ref: locationOf(baseUrl, g), display: g.data.displayName, type: 'direct' }));
    if (groups.length > 0) rep.groups = groups;
  }
  rep.meta = {
    resourceType: r.kind.name,
    created: r.created,
    lastModified: r.lastModified,
    location: locationOf(baseUrl, r),
    version: etagOf(r),
  };
  return rep;
}
