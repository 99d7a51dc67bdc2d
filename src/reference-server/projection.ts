import { isObject, isUnassigned, type JsonObject } from './json.js';
import type { AttrPath } from './paths.js';
import { findDef, type AttributeDef, type ResourceKind } from './schemas.js';

/** The `attributes` / `excludedAttributes` of a request (RFC 7644 §3.4.2.5, §3.9). */
export interface Projection {
  readonly attributes: readonly AttrPath[];
  readonly excludedAttributes: readonly AttrPath[];
}

/** Requested paths as a tree of lower-cased names; `true` selects everything below. */
type Tree = Map<string, Tree | true>;

function tree(paths: readonly AttrPath[]): Tree {
  const root: Tree = new Map();
  for (const path of paths) {
    let node = root;
    path.forEach((segment, i) => {
      const key = segment.toLowerCase();
      const existing = node.get(key);
      if (existing === true) return;
      if (i === path.length - 1) {
        node.set(key, true);
        return;
      }
      const child: Tree = existing ?? new Map();
      node.set(key, child);
      node = child;
    });
  }
  return root;
}

/** Applies `fn` to the complex value, or to each complex value of a multi-valued attribute; drops simple values. */
function each(value: unknown, fn: (item: JsonObject) => JsonObject): unknown {
  if (Array.isArray(value)) {
    return value
      .filter(isObject)
      .map(fn)
      .filter((v) => !isUnassigned(v));
  }
  return isObject(value) ? fn(value) : undefined;
}

/** Keeps `returned: "always"` attributes plus those in `wanted`. */
function select(node: JsonObject, defs: readonly AttributeDef[] | undefined, wanted: Tree): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    const def = findDef(defs, key);
    const want = wanted.get(key.toLowerCase());
    const kept =
      want === true || def?.returned === 'always'
        ? value
        : each(value, (v) => select(v, def?.subAttributes, want ?? new Map()));
    if (!isUnassigned(kept)) out[key] = kept;
  }
  return out;
}

/** Drops the attributes in `unwanted`, except `returned: "always"` ones. */
function omit(node: JsonObject, defs: readonly AttributeDef[] | undefined, unwanted: Tree): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    const def = findDef(defs, key);
    const drop = unwanted.get(key.toLowerCase());
    const subs = def?.subAttributes;
    const kept =
      drop === undefined || def?.returned === 'always' || !(isObject(value) || Array.isArray(value) || drop === true)
        ? value
        : each(value, (v) => (drop === true ? select(v, subs, new Map()) : omit(v, subs, drop)));
    if (!isUnassigned(kept)) out[key] = kept;
  }
  return out;
}

/**
 * Narrows a representation: `attributes` replaces the default set with the
 * minimum set plus the named ones, `excludedAttributes` removes names from it;
 * neither touches `returned: "always"` attributes (RFC 7644 §3.4.2.5).
 */
export function project(rep: JsonObject, projection: Projection, kind: ResourceKind): JsonObject {
  const selected = projection.attributes.length > 0 ? select(rep, kind.attributes, tree(projection.attributes)) : rep;
  return projection.excludedAttributes.length > 0
    ? omit(selected, kind.attributes, tree(projection.excludedAttributes))
    : selected;
}
