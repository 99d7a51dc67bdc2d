import { badRequest, type ScimType } from './errors.js';
import { getAttribute, isObject } from './json.js';
import type { ResourceKind } from './schemas.js';

/**
 * An attribute path as JSON keys from the resource root, e.g. `['name', 'givenName']`
 * or `[ENTERPRISE_URN, 'manager', 'value']`. Core-schema URN prefixes are dropped;
 * names keep the client's case and are matched case-insensitively.
 */
export type AttrPath = readonly string[];

/** Thrown by the path and filter parsers; callers turn it into the right `scimType`. */
export class SyntaxFailure extends Error {}

const ATTR_NAME = /^(?:\$ref|[A-Za-z][\w-]*)$/;

/**
 * Parses standard attribute notation, `[schemaURN ":"] attrName ["." subAttr]`
 * (RFC 7644 §3.10, ABNF `attrPath` in §3.4.2.2). A URN that is neither the
 * core schema nor a declared extension is taken to end at the last colon, so
 * attributes of undeclared extensions stay addressable as they were stored.
 */
export function parseAttrPath(text: string, kind: ResourceKind): AttrPath {
  let prefix: string[] = [];
  let rest = text;
  if (/^urn:/i.test(text)) {
    const lower = text.toLowerCase();
    const urn = [kind.schema.id, ...kind.extensions.map((e) => e.id)].find(
      (u) => lower === u.toLowerCase() || lower.startsWith(`${u.toLowerCase()}:`),
    );
    const schema = urn ?? text.slice(0, text.lastIndexOf(':'));
    if (!schema.includes(':')) throw new SyntaxFailure(`"${text}" is not a valid attribute path`);
    rest = text.slice(schema.length + 1);
    if (urn !== kind.schema.id) prefix = [schema];
  }
  const names = rest === '' ? [] : rest.split('.');
  if (names.length > 2 || names.some((n) => !ATTR_NAME.test(n)) || prefix.length + names.length === 0) {
    throw new SyntaxFailure(`"${text}" is not a valid attribute path`);
  }
  return [...prefix, ...names];
}

/** Validates a bare sub-attribute name (the part after `].` in a value path). */
export function parseSubAttr(text: string): string {
  if (!ATTR_NAME.test(text)) throw new SyntaxFailure(`"${text}" is not a valid sub-attribute name`);
  return text;
}

const flat = (values: unknown[]): unknown[] => values.flatMap((v) => (Array.isArray(v) ? v : [v]));

/**
 * The assigned values at `path` under `node`, flattening multi-valued
 * attributes at every step: a filter on a multi-valued attribute matches when
 * any value does (RFC 7644 §3.4.2.2).
 */
export function valuesAt(node: unknown, path: AttrPath): unknown[] {
  let current: unknown[] = [node];
  for (const segment of path) {
    current = flat(current)
      .map((item) => (isObject(item) ? getAttribute(item, segment) : undefined))
      .filter((v) => v !== undefined && v !== null);
  }
  return flat(current);
}

/** Runs a parser, turning a `SyntaxFailure` into a 400 with `scimType` (RFC 7644 §3.12). */
export function parseOr400<T>(parse: () => T, scimType: ScimType, what: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof SyntaxFailure) throw badRequest(scimType, `Invalid ${what}: ${error.message}`);
    throw error;
  }
}
