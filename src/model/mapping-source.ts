/**
 * Where `--mapping FILE|discover|NAME` finds the attribute mapping: a shipped one by name, a YAML
 * file in our format, an Entra provisioning configuration export (the Microsoft Graph
 * synchronizationSchema JSON), or the target's own /Schemas.
 */
import { extname, resolve } from 'node:path';
import { HarnessError } from '../errors.js';
import { loadYaml, displayPath, type Path } from '../schemas/yaml-file.js';
import {
  CUSTOM_MAPPING,
  loadMapping,
  loadMappingFile,
  mappingNames,
  unknownAttribute,
  attributeType,
  type AttributeMapping,
  type AttributeType,
  type ObjectMapping,
  type ObjectType,
} from './mapping.js';

/** What `--mapping` asked for: a mapping ready now, or one to discover once the target's /Schemas is known. */
export type MappingChoice = { mapping: AttributeMapping } | { discover: true };

export function chooseMapping(spec: string, cwd = process.cwd()): MappingChoice {
  if (spec === 'discover') return { discover: true };
  const extension = extname(spec).toLowerCase();
  if (extension === '.json') return { mapping: loadEntraExport(resolve(cwd, spec)) };
  if (extension === '.yaml' || extension === '.yml') {
    return { mapping: { ...loadMappingFile(resolve(cwd, spec)), name: CUSTOM_MAPPING } };
  }
  if (mappingNames().includes(spec)) return { mapping: loadMapping(spec) };
  throw new HarnessError(
    'E_USAGE',
    `--mapping ${spec}: not a file (.json export, .yaml mapping), "discover", nor a shipped mapping (${mappingNames().join(', ')})`,
  );
}

interface ExportAttributeMapping {
  targetAttributeName: string;
  matchingPriority?: number;
  flowType?: string;
}
interface ExportObjectMapping {
  enabled: boolean;
  sourceObjectName: string;
  targetObjectName: string;
  attributeMappings: ExportAttributeMapping[];
}
interface ExportSchema {
  synchronizationRules: { objectMappings: ExportObjectMapping[] }[];
  directories?: { objects?: { name?: string; attributes?: { name: string; type?: string }[] }[] }[];
}

/** Directory definition types (Microsoft Graph attributeDefinition.type) as RFC 7643 types. */
const EXPORT_TYPES: Record<string, AttributeType> = {
  string: 'string',
  boolean: 'boolean',
  datetime: 'dateTime',
  integer: 'integer',
  reference: 'reference',
  binary: 'binary',
};

/** Users and Groups by the target object's name (`urn:…:enterprise:2.0:User`, `urn:…:core:2.0:Group`, `User`). */
function objectType(targetObjectName: string): ObjectType | undefined {
  const last = targetObjectName.split(':').pop()!.toLowerCase();
  return last === 'user' ? 'User' : last === 'group' ? 'Group' : undefined;
}

/**
 * Reads an Entra export. JSON is YAML, so the YAML reader gives positions (file:line:col) for
 * every error; rows carry the JSON pointer too. Disabled object mappings are left out.
 */
export function loadEntraExport(file: string): AttributeMapping {
  const { data, problem, where } = loadYaml(file, 'harness/entra-export', 'E_CONFIG');
  const schema = data as ExportSchema;
  const pointer = (path: Path) => `#/${path.join('/')}`;
  const row = (path: Path) => `${where(path)} (${pointer(path)})`;
  const types = new Map<string, AttributeType>();
  for (const directory of schema.directories ?? []) {
    for (const object of directory.objects ?? []) {
      for (const attribute of object.attributes ?? []) {
        const type = EXPORT_TYPES[attribute.type?.toLowerCase() ?? ''];
        if (type) types.set(`${objectType(object.name ?? '')}:${attribute.name.toLowerCase()}`, type);
      }
    }
  }

  const objects: Partial<Record<ObjectType, ObjectMapping>> = {};
  schema.synchronizationRules.forEach((rule, r) =>
    rule.objectMappings.forEach((objectMapping, o) => {
      const at: Path = ['synchronizationRules', r, 'objectMappings', o];
      const type = objectType(objectMapping.targetObjectName);
      if (!objectMapping.enabled || !type || objects[type]) return;
      const attributes: string[] = [];
      const rows: Record<string, string> = {};
      const createOnly: string[] = [];
      const matching: { path: string; priority: number }[] = [];
      objectMapping.attributeMappings.forEach((attribute, a) => {
        const path = attribute.targetAttributeName;
        const where: Path = [...at, 'attributeMappings', a, 'targetAttributeName'];
        const unknown = unknownAttribute(type, path);
        if (unknown) throw problem(where, `${pointer(where)}: ${unknown}`, 'E_CONFIG');
        if (attributes.includes(path)) throw problem(where, `${pointer(where)}: ${path} is mapped twice`, 'E_CONFIG');
        attributes.push(path);
        rows[path] = row(where);
        if (attribute.flowType === 'ObjectAddOnly') createOnly.push(path);
        if ((attribute.matchingPriority ?? 0) > 0) matching.push({ path, priority: attribute.matchingPriority! });
      });
      if (matching.length === 0) {
        throw problem(
          [...at, 'attributeMappings'],
          `${pointer([...at, 'attributeMappings'])}: the ${type} mapping has no matching attribute (no attributeMapping with matchingPriority 1); Entra needs one to find existing ${type.toLowerCase()}s`,
          'E_CONFIG',
        );
      }
      const [first, ...rest] = matching.sort((x, y) => x.priority - y.priority).map((m) => m.path);
      const typeOf = (path: string) => types.get(`${type}:${path.toLowerCase()}`);
      const typed = attributes.filter((path) => typeOf(path) !== undefined);
      objects[type] = {
        matching: first,
        ...(rest.length > 0 && { fallback: rest }),
        attributes,
        ...(typed.length > 0 && { types: Object.fromEntries(typed.map((p) => [p, typeOf(p)!])) }),
        ...(createOnly.length > 0 && { createOnly }),
        rows,
      };
    }),
  );
  if (!objects.User) {
    throw problem(
      ['synchronizationRules'],
      'no enabled object mapping provisions Users (targetObjectName ending in :User); is this an Entra provisioning export?',
      'E_CONFIG',
    );
  }
  return {
    name: CUSTOM_MAPPING,
    description: `The Entra provisioning configuration exported to ${displayPath(file)}.`,
    source: displayPath(file),
    objects: { User: objects.User, ...(objects.Group && { Group: objects.Group }) },
  };
}

interface SchemaAttribute {
  name?: unknown;
  type?: unknown;
  multiValued?: unknown;
  mutability?: unknown;
  subAttributes?: unknown;
}

const SIMPLE = new Set(['string', 'boolean', 'integer', 'decimal', 'datetime', 'binary']);
/** Multi-valued attributes Entra maps through a `[type eq "work"]` filter (its default mapping, §7.9). */
const FILTERED = new Set(['emails', 'phonenumbers', 'addresses']);
const CORE_URNS: Record<ObjectType, string> = {
  User: 'urn:ietf:params:scim:schemas:core:2.0:User',
  Group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
};

/**
 * The mapping `--mapping discover` plays: what the target's /Schemas declares that Entra can map —
 * RFC 7643 core and enterprise attributes and extension attributes of simple types — less read-only
 * ones and references (manager needs a user Entra knows). Users match by userName, Groups by
 * displayName, as Entra's defaults do; a target without a Group schema gets no group mapping.
 */
export function discoverMapping(schemas: readonly unknown[], origin: string): AttributeMapping {
  const ids = schemas.map((s) => (s as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string');
  const declared = (id: string) =>
    ((schemas.find((s) => (s as { id?: unknown })?.id === id) as { attributes?: unknown } | undefined)?.attributes ??
      []) as SchemaAttribute[];
  const list = (value: unknown) => (Array.isArray(value) ? (value as SchemaAttribute[]) : []);
  const writable = (a: SchemaAttribute) => typeof a.name === 'string' && a.mutability !== 'readOnly';
  const simple = (a: SchemaAttribute) => SIMPLE.has(String(a.type).toLowerCase());
  const paths = (type: ObjectType, schema: string): string[] => {
    const prefix = schema === CORE_URNS[type] ? '' : `${schema}:`;
    return declared(schema)
      .filter(writable)
      .flatMap((a) => {
        const name = a.name as string;
        if (type === 'Group' && name === 'members') return ['members'];
        if (a.type !== 'complex') return simple(a) && a.multiValued !== true ? [`${prefix}${name}`] : [];
        const subs = list(a.subAttributes)
          .filter((s) => writable(s) && simple(s))
          .map((s) => s.name as string);
        // A single-valued complex attribute with a value (manager) is a reference to a resource.
        if (!a.multiValued) return subs.includes('value') ? [] : subs.map((sub) => `${prefix}${name}.${sub}`);
        if (!FILTERED.has(name.toLowerCase()) || !subs.includes('type')) return [];
        return subs
          .filter((sub) => sub !== 'type' && sub !== 'primary')
          .map((sub) => `${prefix}${name}[type eq "work"].${sub}`);
      })
      .filter((path) => unknownAttribute(type, path) === undefined && !/^(id|meta|schemas|password)$/i.test(path));
  };
  const extensions = ids.filter((id) => id !== CORE_URNS.User && id !== CORE_URNS.Group && !id.includes(':api:'));
  const user = [...paths('User', CORE_URNS.User), ...extensions.flatMap((id) => paths('User', id))];
  for (const required of ['userName', 'externalId']) if (!user.includes(required)) user.unshift(required);
  const group = [...paths('Group', CORE_URNS.Group)];
  if (!group.includes('externalId')) group.push('externalId');
  const typed = (type: ObjectType, attributes: string[]): ObjectMapping => {
    const object: ObjectMapping = { matching: type === 'User' ? 'userName' : 'displayName', attributes };
    return { ...object, attributes: attributes.filter((path) => attributeType(type, object, path) !== 'reference') };
  };
  return {
    name: CUSTOM_MAPPING,
    description: `The attributes ${origin} declares in /Schemas that Entra can map.`,
    source: `${origin}/Schemas`,
    objects: {
      User: typed('User', user),
      ...(ids.includes(CORE_URNS.Group) && group.includes('displayName') && { Group: typed('Group', group) }),
    },
  };
}
