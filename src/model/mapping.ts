/**
 * Attribute mappings: which SCIM attributes a provisioning client sends, per object type. They are
 * data (scenarios/mappings/*.yaml, schemas/harness/mapping.schema.json); this module is the one place
 * that reads them and decides which of an attribute's values a target declares in its /Schemas.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.js';
import { SCENARIOS_DIR } from '../paths.js';
import { loadYaml } from '../schemas/yaml-file.js';

export type ObjectType = 'User' | 'Group';

export interface ObjectMapping {
  /** The attribute the client matches existing resources by, with an `eq` filter. */
  matching: string;
  /** SCIM attribute paths (RFC 7644 §3.10) the client sends. */
  attributes: readonly string[];
}

export interface AttributeMapping {
  name: string;
  description: string;
  source?: string;
  objects: Record<ObjectType, ObjectMapping>;
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
  const { data, problem } = loadYaml(file, 'harness/mapping');
  const mapping = data as AttributeMapping;
  for (const type of ['User', 'Group'] as const) {
    const { matching, attributes } = mapping.objects[type];
    if (!attributes.includes(matching))
      throw problem(
        ['objects', type, 'matching'],
        `the matching attribute ${matching} is not among the ${type} attributes`,
      );
  }
  return mapping;
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
  if (schemas.length === 0) return true;
  const { schema, attribute, sub } = parts(type, path);
  if (schema === CORE_URN[type] && COMMON.has(attribute.toLowerCase())) return true;
  const resource = schemas.find((s) => (s as { id?: unknown })?.id === schema) as { attributes?: unknown } | undefined;
  const declared = named(resource?.attributes, attribute);
  return declared !== undefined && (sub === undefined || named(declared.subAttributes, sub) !== undefined);
}
