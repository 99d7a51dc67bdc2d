/**
 * Request bodies derived from an attribute mapping: what Entra sends for a User or Group when the app
 * maps exactly these attributes. Values a scenario names are used as given (when mapped); the other
 * mapped attributes get generated values of their type. Unmapped attributes are never sent.
 */
import type { Dialect } from '../scenario/types.js';
import { setAttributes } from './dialect.js';
import { attributeType, type AttributeMapping, type AttributeType, type ObjectType } from './mapping.js';

const CORE_URN: Record<ObjectType, string> = {
  User: 'urn:ietf:params:scim:schemas:core:2.0:User',
  Group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
};

/** A generated value for a mapped attribute; `random` is the scenario's seeded source of hex text. */
export type ValueSource = (path: string, type: AttributeType) => unknown;

/** The values a request sets, by SCIM path, and what the resource holds afterwards. */
export interface MappedBody {
  body: Record<string, unknown>;
  /** The attributes the target should return as sent (RFC 7644 §3.3, Entra guideline G2). */
  stored: Record<string, unknown>;
}

/**
 * Which mapped attributes generated data can fill in: references (manager, members) need a resource
 * Entra knows, passwords are never returned, and multi-valued attributes without a value filter
 * (roles, entitlements) carry Entra-side expressions. A scenario may still give them explicitly.
 */
function generatable(type: ObjectType, mapping: AttributeMapping, path: string): boolean {
  const object = mapping.objects[type]!;
  const kind = attributeType(type, object, path);
  return kind !== 'reference' && kind !== 'complex' && kind !== 'binary' && !/^password$/i.test(path);
}

/** Generated text that fits the attributes whose syntax RFC 7643 §4.1 constrains, and plain text elsewhere. */
export function valueFor(hex: () => string): ValueSource {
  return (path, type) => {
    const lower = path.toLowerCase();
    switch (type) {
      case 'boolean':
        return parseInt(hex().slice(0, 1), 16) % 2 === 0;
      case 'integer':
        return parseInt(hex().slice(0, 6), 16);
      case 'decimal':
        return parseInt(hex().slice(0, 6), 16) / 100;
      case 'dateTime':
        return new Date(Date.UTC(2020, 0, 1) + parseInt(hex().slice(0, 8), 16) * 1000)
          .toISOString()
          .replace('.000Z', 'Z');
      default:
        if (lower.startsWith('emails')) return `${hex()}@mail.contoso.example`;
        if (lower.startsWith('phonenumbers')) return `+1 555 01${parseInt(hex().slice(0, 4), 16) % 100}`;
        if (lower === 'preferredlanguage' || lower === 'locale') return 'en-US';
        if (lower === 'timezone') return 'America/Los_Angeles';
        if (lower === 'profileurl' || lower.startsWith('photos')) return `https://contoso.example/${hex()}`;
        return `${path.split(/[:.[]/).filter(Boolean).pop()?.replace(/\W/g, '')} ${hex()}`;
    }
  };
}

/** `emails[type eq "work"].value` → emails, work, value; `name.givenName` → name, givenName; URNs kept whole. */
function split(type: ObjectType, path: string): { schema: string; keys: string[]; filter?: string } {
  const urn = /^(urn:.+):([^:]+)$/.exec(path);
  const [schema, rest] = urn ? [urn[1], urn[2]] : [CORE_URN[type], path];
  const filtered = /^([^[]+)\[type eq "([^"]+)"\]\.?(.*)$/.exec(rest);
  if (filtered) return { schema, keys: [filtered[1], ...(filtered[3] ? [filtered[3]] : [])], filter: filtered[2] };
  return { schema, keys: rest.split('.') };
}

/** Sets one mapped attribute in a resource body; filtered multi-valued rows of one type share an element. */
function put(resource: Record<string, unknown>, type: ObjectType, path: string, value: unknown): void {
  const { schema, keys, filter } = split(type, path);
  let node = resource;
  if (schema !== CORE_URN[type]) node = (node[schema] ??= {}) as Record<string, unknown>;
  if (filter) {
    const list = (node[keys[0]] ??= []) as Record<string, unknown>[];
    let element = list.find((e) => e.type === filter);
    if (!element) list.push((element = { type: filter }));
    element[keys[1] ?? 'value'] = value;
    return;
  }
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/** The mapped attributes a request sets: given values where mapped, generated ones for the rest if `generate`. */
function pick(
  type: ObjectType,
  mapping: AttributeMapping,
  paths: readonly string[],
  values: Readonly<Record<string, unknown>>,
  value: ValueSource,
): [string, unknown][] {
  const object = mapping.objects[type]!;
  return paths.flatMap((path): [string, unknown][] => {
    if (path in values) return [[path, values[path]]];
    return generatable(type, mapping, path) ? [[path, value(path, attributeType(type, object, path))]] : [];
  });
}

/** A POST body (RFC 7644 §3.3) holding exactly the mapped attributes, custom extensions under their URN. */
export function createBody(
  type: ObjectType,
  mapping: AttributeMapping,
  values: Readonly<Record<string, unknown>>,
  value: ValueSource,
): MappedBody {
  const object = mapping.objects[type];
  if (!object) throw new Error(`the ${mapping.name} mapping has no ${type} object mapping`);
  const stored: Record<string, unknown> = {};
  for (const [path, v] of pick(type, mapping, object.attributes, values, value)) put(stored, type, path, v);
  const extensions = Object.keys(stored).filter((key) => key.startsWith('urn:'));
  return { body: { schemas: [CORE_URN[type], ...extensions], ...stored }, stored };
}

/**
 * A PATCH (RFC 7644 §3.5.2) replacing every mapped attribute Entra updates, in the profile's dialect:
 * what identifies the resource (its matching attributes, userName, externalId), `active` (its own
 * scenarios) and create-only rows stay as they are; `values` may pin some of the new values.
 */
export function updateBody(
  type: ObjectType,
  mapping: AttributeMapping,
  dialect: Dialect,
  values: Readonly<Record<string, unknown>>,
  value: ValueSource,
): MappedBody {
  const object = mapping.objects[type];
  if (!object) throw new Error(`the ${mapping.name} mapping has no ${type} object mapping`);
  const fixed = new Set(
    [
      object.matching,
      ...(object.fallback ?? []),
      ...(object.createOnly ?? []),
      'userName',
      'externalId',
      'active',
      'members',
    ].map((p) => p.toLowerCase()),
  );
  const changes = pick(
    type,
    mapping,
    object.attributes.filter((path) => !fixed.has(path.toLowerCase())),
    values,
    value,
  );
  const stored: Record<string, unknown> = {};
  for (const [path, v] of changes) put(stored, type, path, v);
  return { body: setAttributes(dialect, changes) as Record<string, unknown>, stored };
}

/** The body a scenario's `bodyFrom` asks for, with generated text drawn from `hex`. */
export function mappedBody(
  spec: { object: ObjectType; op: 'create' | 'update'; values?: Record<string, unknown> },
  mapping: AttributeMapping,
  dialect: Dialect,
  hex: () => string,
): MappedBody {
  const value = valueFor(hex);
  return spec.op === 'create'
    ? createBody(spec.object, mapping, spec.values ?? {}, value)
    : updateBody(spec.object, mapping, dialect, spec.values ?? {}, value);
}
