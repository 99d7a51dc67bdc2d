import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../paths.js';
import { declares, type AttributeMapping } from './mapping.js';

/** The enterprise User extension (RFC 7643 §4.3). */
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** The work email, as Entra addresses it in PATCH (compliance doc §9.5). */
export const WORK_EMAIL = 'emails[type eq "work"].value';

interface JsonSchema {
  $ref?: string;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
}

const STRING = 'common.schema.json#/$defs/string';
/**
 * Strings that are not free text: RFC 7643 §4.1.1 constrains the syntax of preferredLanguage,
 * locale and timezone, and the generator builds externalId and displayName around the run tag.
 */
const NOT_FREE_TEXT = new Set(['externalId', 'displayName', 'preferredLanguage', 'locale', 'timezone']);

function schema(name: string): JsonSchema {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, 'scim', `${name}.schema.json`), 'utf8')) as JsonSchema;
}

/**
 * SCIM paths (RFC 7644 §3.10) of the String attributes of `object`: its own, and those of its
 * single-valued complex attributes that are not references (no `value` sub-attribute, unlike manager).
 */
function stringPaths(object: JsonSchema, prefix: string, nested = false): string[] {
  return Object.entries(object.properties ?? {}).flatMap(([name, def]) => {
    if (def.$ref === STRING) return NOT_FREE_TEXT.has(name) ? [] : [`${prefix}${name}`];
    const complex = def.anyOf?.find((alternative) => alternative.properties);
    return complex && !nested && !complex.properties?.value ? stringPaths(complex, `${prefix}${name}.`, true) : [];
  });
}

/** Every free-text attribute a User may carry, derived from schemas/scim (RFC 7643 §4.1, §4.3). */
export const FREE_TEXT_ATTRIBUTES: readonly string[] = [
  ...stringPaths(schema('User'), ''),
  ...stringPaths(schema('EnterpriseUser'), `${ENTERPRISE_URN}:`),
];

/** What generated Users carry besides userName, externalId, displayName and active. */
export interface UserAttributes {
  /** Free-text attributes by SCIM path (RFC 7644 §3.10). */
  freeText: readonly string[];
  /** Whether users carry a work email. */
  workEmail: boolean;
}

/**
 * The attributes generated Users carry: those the mapping sends that the generator can write and,
 * when the target published /Schemas, that it declares (RFC 7643 §7).
 */
export function userAttributes(mapping: AttributeMapping, targetSchemas: readonly unknown[] = []): UserAttributes {
  const sent = (path: string) =>
    mapping.objects.User.attributes.includes(path) && declares(targetSchemas, 'User', path);
  return { freeText: FREE_TEXT_ATTRIBUTES.filter(sent), workEmail: sent(WORK_EMAIL) };
}

/** What the mapping sends that the target's /Schemas does not declare: left out of the run, reported once. */
export function undeclaredAttributes(mapping: AttributeMapping, targetSchemas: readonly unknown[]): string[] {
  return (['User', 'Group'] as const).flatMap((type) =>
    (mapping.objects[type]?.attributes ?? [])
      .filter((path) => !declares(targetSchemas, type, path))
      .map((path) => (type === 'User' ? path : `${type} ${path}`)),
  );
}

/** A SCIM attribute path as JSON keys: `name.givenName` → name, givenName; a URN prefix (any extension's) is one key. */
export function attributeKeys(path: string): string[] {
  const urn = /^(urn:.+):([^:]+)$/.exec(path);
  return urn ? [urn[1], ...urn[2].split('.')] : path.split('.');
}

/** Sets the attribute at a SCIM path in a JSON object, creating complex attributes on the way. */
export function setAttribute(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = attributeKeys(path);
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}
