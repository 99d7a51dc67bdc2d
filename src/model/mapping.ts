/**
 * Attribute mappings: which SCIM attributes a provisioning client sends, per object type. They are
 * data (scenarios/mappings/*.yaml, schemas/harness/mapping.schema.json); this module is the one place
 * that reads them and decides which of an attribute's values a target declares in its /Schemas.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.js';
import { SCENARIOS_DIR } from '../paths.js';
import { editDistance } from '../checks/registry.js';
import { loadYaml } from '../schemas/yaml-file.js';

export type ObjectType = 'User' | 'Group';

/** RFC 7643 §2.3 data types, as a mapping row writes them. */
export type AttributeType = 'string' | 'boolean' | 'integer' | 'decimal' | 'dateTime' | 'reference' | 'binary' | 'complex';

export interface ObjectMapping {
  /** The attribute the client matches existing resources by, with an `eq` filter (matching precedence 1). */
  matching: string;
  /** Further matching attributes, tried in this order when the previous ones find nothing (Entra §7.8). */
  fallback?: readonly string[];
  /** SCIM attribute paths (RFC 7644 §3.10) the client sends. */
  attributes: readonly string[];
  /** Attributes sent when the resource is created and never updated (Entra's flowType ObjectAddOnly). */
  createOnly?: readonly string[];
  /** Types of attributes RFC 7643 does not define (custom extension attributes); `string` when absent. */
  types?: Readonly<Record<string, AttributeType>>;
  /** Where each attribute is mapped: `file:line:col` of its YAML row, or `file#/json/pointer` in an export. */
  rows?: Readonly<Record<string, string>>;
}

export interface AttributeMapping {
  name: string;
  description: string;
  source?: string;
  /** No Group mapping: the client provisions no groups, and group scenarios do not run. */
  objects: { User: ObjectMapping; Group?: ObjectMapping };
}

/** Common attributes (RFC 7643 §3.1): part of every resource, absent from the schema definitions. */
const COMMON = new Set(['id', 'externalid', 'meta', 'schemas']);
const MAPPINGS_DIR = join(SCENARIOS_DIR, 'mappings');
const CORE_URN: Record<ObjectType, string> = {
  User: 'urn:ietf:params:scim:schemas:core:2.0:User',
  Group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
};

export function mappingNames(): string[] {
  return readdirSync(MAPPINGS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

const loaded = new Map<string, AttributeMapping>();

/** The mapping `scenarios/mappings/<name>.yaml`, validated; a bad file is an E_SCENARIO error at file:line:col. */
export function loadMapping(name: string): AttributeMapping {
  const cached = loaded.get(name);
  if (cached) return cached;
  const file = join(MAPPINGS_DIR, `${name}.yaml`);
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
    throw new HarnessError('E_SCENARIO', `unknown attribute mapping "${name}"; known: ${mappingNames().join(', ')}`);
  }
  const mapping = loadMappingFile(file);
  if (mapping.name !== name)
    throw new HarnessError('E_SCENARIO', `${file}: name "${mapping.name}" differs from the file name`);
  loaded.set(name, mapping);
  return mapping;
}

/** Reads and validates one mapping file. */
export function loadMappingFile(file: string): AttributeMapping {
  const { data, problem, where } = loadYaml(file, 'harness/mapping');
  const mapping = data as AttributeMapping;
  for (const type of ['User', 'Group'] as const) {
    const object = mapping.objects[type];
    if (!object) continue;
    const { matching, attributes } = object;
    if (!attributes.includes(matching))
      throw problem(['objects', type, 'matching'], `the matching attribute ${matching} is not among the ${type} attributes`);
    object.fallback?.forEach((path, i) => {
      if (!attributes.includes(path))
        throw problem(['objects', type, 'fallback', i], `the matching attribute ${path} is not among the ${type} attributes`);
    });
    attributes.forEach((path, i) => {
      const unknown = unknownAttribute(type, path);
      if (unknown) throw problem(['objects', type, 'attributes', i], unknown);
    });
    for (const path of Object.keys(object.types ?? {})) {
      if (!attributes.includes(path))
        throw problem(['objects', type, 'types', path], `${path} is not among the ${type} attributes`);
    }
    object.createOnly?.forEach((path, i) => {
      if (!attributes.includes(path))
        throw problem(['objects', type, 'createOnly', i], `${path} is not among the ${type} attributes`);
    });
    (object as { rows?: Record<string, string> }).rows = Object.fromEntries(
      attributes.map((path, i) => [path, where(['objects', type, 'attributes', i])]),
    );
  }
  return mapping;
}

/** Registers a mapping read from a file or discovered from a target, so `loadMapping(mapping.name)` returns it. */
export function useMapping(mapping: AttributeMapping): void {
  loaded.set(mapping.name, mapping);
}

/** The name a mapping from `--mapping FILE|discover` runs under (scenario `when: { mapping: [custom] }`). */
export const CUSTOM_MAPPING = 'custom';

/**
 * The RFC 7643 attributes (§4.1, §4.2, §4.3) a client can write, with their types: what mapping rows
 * may name outside custom extensions. Sub-attributes are listed under their complex attribute.
 */
const RFC7643: Record<string, Record<string, { type: AttributeType; sub?: Record<string, AttributeType> }>> = {
  [CORE_URN.User]: {
    username: { type: 'string' },
    name: {
      type: 'complex',
      sub: { formatted: 'string', familyname: 'string', givenname: 'string', middlename: 'string', honorificprefix: 'string', honorificsuffix: 'string' },
    },
    displayname: { type: 'string' },
    nickname: { type: 'string' },
    profileurl: { type: 'reference' },
    title: { type: 'string' },
    usertype: { type: 'string' },
    preferredlanguage: { type: 'string' },
    locale: { type: 'string' },
    timezone: { type: 'string' },
    active: { type: 'boolean' },
    password: { type: 'string' },
    emails: { type: 'complex', sub: { value: 'string', type: 'string', display: 'string', primary: 'boolean' } },
    phonenumbers: { type: 'complex', sub: { value: 'string', type: 'string', display: 'string', primary: 'boolean' } },
    ims: { type: 'complex', sub: { value: 'string', type: 'string', display: 'string', primary: 'boolean' } },
    photos: { type: 'complex', sub: { value: 'reference', type: 'string', display: 'string', primary: 'boolean' } },
    addresses: {
      type: 'complex',
      sub: { formatted: 'string', streetaddress: 'string', locality: 'string', region: 'string', postalcode: 'string', country: 'string', type: 'string', primary: 'boolean' },
    },
    entitlements: { type: 'complex', sub: { value: 'string', type: 'string', display: 'string', primary: 'boolean' } },
    roles: { type: 'complex', sub: { value: 'string', type: 'string', display: 'string', primary: 'boolean' } },
    x509certificates: { type: 'complex', sub: { value: 'binary', type: 'string', display: 'string', primary: 'boolean' } },
  },
  [CORE_URN.Group]: {
    displayname: { type: 'string' },
    members: { type: 'complex', sub: { value: 'string', type: 'string', display: 'string' } },
  },
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
    employeenumber: { type: 'string' },
    costcenter: { type: 'string' },
    organization: { type: 'string' },
    division: { type: 'string' },
    department: { type: 'string' },
    manager: { type: 'reference', sub: { value: 'string', displayname: 'string' } },
  },
};

/** The type a mapped attribute is written with: RFC 7643's, else the mapping's `types`, else string. */
export function attributeType(type: ObjectType, object: ObjectMapping, path: string): AttributeType {
  const { schema, attribute, sub } = parts(type, path);
  if (COMMON.has(attribute.toLowerCase()) && schema === CORE_URN[type]) return 'string';
  const known = RFC7643[schema]?.[attribute.toLowerCase()];
  if (known) return (sub && known.sub?.[sub.toLowerCase()]) || known.type;
  return object.types?.[path] ?? 'string';
}

/** Why `path` names no attribute a client can write (with a did-you-mean), or undefined when it does. */
export function unknownAttribute(type: ObjectType, path: string): string | undefined {
  const { schema, attribute, sub } = parts(type, path);
  const known = RFC7643[schema];
  if (!known) return schema.startsWith('urn:ietf:params:scim:schemas:core:') ? `${schema} is not the ${type} schema` : undefined;
  if (schema === CORE_URN[type] && COMMON.has(attribute.toLowerCase())) return undefined;
  const prefix = schema === CORE_URN[type] ? '' : `${schema}:`;
  const definition = known[attribute.toLowerCase()];
  const candidates = Object.entries(known).flatMap(([name, def]) => [
    name,
    ...Object.keys(def.sub ?? {}).map((s) => `${name}.${s}`),
  ]);
  const written = sub ? `${attribute}.${sub}` : attribute;
  if (definition && (!sub || definition.sub?.[sub.toLowerCase()])) return undefined;
  const near = closest(written.toLowerCase(), candidates);
  const spelled = near && spelling(near);
  return `unknown ${type} attribute "${path}"${spelled ? `; did you mean "${prefix}${spelled}"?` : ''}`;
}

/** The candidate closest to `word`, when close enough to be a typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, word.length / 3) ? best.candidate : undefined;
}

/** A lower-cased known path in RFC 7643's spelling (`phonenumbers` → `phoneNumbers`). */
function spelling(lower: string): string {
  const CAMEL = ['userName', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix', 'displayName', 'nickName', 'profileUrl', 'userType', 'preferredLanguage', 'phoneNumbers', 'x509Certificates', 'streetAddress', 'postalCode', 'employeeNumber', 'costCenter'];
  return lower
    .split('.')
    .map((part) => CAMEL.find((name) => name.toLowerCase() === part) ?? part)
    .join('.');
}

/** A mapped attribute path split into schema URN, attribute and sub-attribute (the value filter dropped). */
function parts(type: ObjectType, path: string): { schema: string; attribute: string; sub?: string } {
  const urn = /^(urn:.+):([^:]+)$/.exec(path);
  const [schema, rest] = urn ? [urn[1], urn[2]] : [CORE_URN[type], path];
  const [attribute, sub] = rest.replace(/\[[^\]]*\]/, '').split('.');
  return { schema, attribute, sub };
}

interface DeclaredAttribute {
  name?: unknown;
  type?: unknown;
  mutability?: unknown;
  subAttributes?: unknown;
}

const named = (list: unknown, name: string): DeclaredAttribute | undefined =>
  Array.isArray(list)
    ? (list as DeclaredAttribute[]).find(
        (a) => typeof a?.name === 'string' && a.name.toLowerCase() === name.toLowerCase(),
      )
    : undefined;

/**
 * Whether the target's /Schemas (RFC 7643 §7) declares the attribute at `path` of a `type`
 * resource; names compare case-insensitively (RFC 7643 §2.1). Without schemas every attribute counts
 * as declared: a target that does not describe itself is tested on the whole mapping; so do the
 * common attributes, which no schema lists.
 */
export function declares(schemas: readonly unknown[], type: ObjectType, path: string): boolean {
  return schemas.length === 0 || declaration(schemas, type, path) !== undefined;
}

/**
 * The definition /Schemas gives the attribute at `path` (its sub-attribute's, for `name.givenName`):
 * `common` for the common attributes no schema lists, undefined when the target does not declare it.
 */
export function declaration(
  schemas: readonly unknown[],
  type: ObjectType,
  path: string,
): { type?: unknown; mutability?: unknown } | 'common' | undefined {
  const { schema, attribute, sub } = parts(type, path);
  if (schema === CORE_URN[type] && COMMON.has(attribute.toLowerCase())) return 'common';
  const resource = schemas.find((s) => (s as { id?: unknown })?.id === schema) as { attributes?: unknown } | undefined;
  const declared = named(resource?.attributes, attribute);
  return sub === undefined || declared === undefined ? declared : named(declared.subAttributes, sub);
}

/** One mapped attribute as the mapping.declared check reads it. */
export interface MappedAttribute {
  object: ObjectType;
  path: string;
  type: AttributeType;
  /** Where the mapping maps it (file:line:col, or the export's JSON pointer). */
  row?: string;
}

/** Every attribute the mapping sends, User rows first. */
export function mappedAttributes(mapping: AttributeMapping): MappedAttribute[] {
  return (['User', 'Group'] as const).flatMap((object) => {
    const objectMapping = mapping.objects[object];
    if (!objectMapping) return [];
    return objectMapping.attributes.map((path) => ({
      object,
      path,
      type: attributeType(object, objectMapping, path),
      ...(objectMapping.rows?.[path] && { row: objectMapping.rows[path] }),
    }));
  });
}
