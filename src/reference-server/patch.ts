import { isDeepStrictEqual } from 'node:util';
import { badRequest } from './errors.js';
import { matches, parsePatchPath, type EvalContext, type Filter, type PatchPath } from './filter.js';
import { findKey, getAttribute, isObject, isTrue, isUnassigned, type JsonObject } from './json.js';
import { parseAttrPath, parseOr400, type AttrPath } from './paths.js';
import { attributeAt, PATCH_OP_URN, qualify, type ResourceKind } from './schemas.js';

/** Extension points of PATCH processing (see faults.ts). */
export interface PatchHooks {
  /** Receives each operation's raw `op` before it is matched case-insensitively. */
  op(op: string): string;
  /** Receives each parsed `path`. */
  path(path: PatchPath): PatchPath;
  /** Receives the `value` object of a path-less add/replace. */
  pathlessValue(value: JsonObject): JsonObject;
  /** Whether `remove` with a `value` list on multi-valued `path` removes only the listed values. */
  removeListedOnly(path: AttrPath): boolean;
  /** Whether add/replace with null or "" clears the attribute at `path` (RFC 7643 §2.5: unassigned). */
  clears(path: AttrPath): boolean;
  /** Whether `replace` on multi-valued `path` replaces all its values (RFC 7644 §3.5.2.3). */
  replaceAll(path: AttrPath): boolean;
}

type Op = 'add' | 'replace' | 'remove';

/** The body's operations, after the checks of RFC 7644 §3.5.2 (400 `invalidSyntax`). */
function operations(body: unknown): JsonObject[] {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'the PATCH body must be a JSON object');
  const schemas = getAttribute(body, 'schemas');
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_URN.toLowerCase())
  ) {
    throw badRequest('invalidSyntax', `"schemas" must contain "${PATCH_OP_URN}"`);
  }
  const ops = getAttribute(body, 'Operations');
  if (!Array.isArray(ops) || ops.length === 0) {
    throw badRequest('invalidSyntax', '"Operations" must be a non-empty array');
  }
  if (!ops.every(isObject)) throw badRequest('invalidSyntax', 'every operation must be a JSON object');
  return ops;
}

/** Recursive merge: sub-attributes not given are left unchanged (RFC 7644 §3.5.2.1, §3.5.2.3). */
function merge(target: JsonObject, patch: JsonObject): JsonObject {
  const out = { ...target };
  for (const [name, value] of Object.entries(patch)) {
    const key = findKey(out, name) ?? name;
    const existing = out[key];
    out[key] = isObject(existing) && isObject(value) ? merge(existing, value) : value;
  }
  return out;
}

/** A listed value matches by its `value` sub-attribute when it has one (a member id), else entirely. */
function sameValue(item: unknown, listed: unknown): boolean {
  if (isObject(item) && isObject(listed) && getAttribute(listed, 'value') !== undefined) {
    return getAttribute(item, 'value') === getAttribute(listed, 'value');
  }
  return isDeepStrictEqual(item, listed);
}

/** Making one value primary makes the others non-primary (RFC 7644 §3.5.2). */
function demotePrimaries(items: unknown[], promoted: readonly unknown[]): unknown[] {
  if (!promoted.some((p) => isObject(p) && isTrue(getAttribute(p, 'primary')))) return items;
  return items.map((item) =>
    isObject(item) && !promoted.includes(item) && isTrue(getAttribute(item, 'primary'))
      ? { ...item, primary: false }
      : item,
  );
}

/** The value a `type eq "work"` filter describes, for creating the missing element. */
function seedOf(filter: Filter): JsonObject | undefined {
  return filter.op === 'eq' &&
    filter.path.length === 1 &&
    filter.path[0].toLowerCase() === 'type' &&
    typeof filter.value === 'string'
    ? { type: filter.value }
    : undefined;
}

class Patcher {
  readonly #data: JsonObject;
  readonly #kind: ResourceKind;
  readonly #ctx: EvalContext;
  readonly #hooks: PatchHooks;

  constructor(data: JsonObject, ctx: EvalContext, hooks: PatchHooks) {
    this.#data = data;
    this.#kind = ctx.kind;
    this.#ctx = ctx;
    this.#hooks = hooks;
  }

  apply(operation: JsonObject): void {
    const raw = getAttribute(operation, 'op');
    if (typeof raw !== 'string') throw badRequest('invalidSyntax', 'every operation needs a string "op"');
    const op = this.#hooks.op(raw).toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw badRequest('invalidSyntax', `unknown op "${raw}"`);
    const path = getAttribute(operation, 'path');
    const value = getAttribute(operation, 'value');
    if (path === undefined) return this.#pathless(op, value);
    if (typeof path !== 'string') throw badRequest('invalidPath', '"path" must be a string');
    if (op !== 'remove' && value === undefined) throw badRequest('invalidValue', `"${raw}" needs a "value"`);
    this.#at(op, this.#hooks.path(parsePatchPath(path, this.#kind)), value, true);
  }

  /** Without `path`, `value` holds the attributes to add or replace (RFC 7644 §3.5.2.1, §3.5.2.3). */
  #pathless(op: Op, value: unknown): void {
    if (op === 'remove') throw badRequest('noTarget', '"remove" needs a "path"');
    if (!isObject(value)) throw badRequest('invalidValue', `"${op}" without "path" needs an object "value"`);
    for (const [key, v] of Object.entries(this.#hooks.pathlessValue(value))) {
      // Entra's flagged dialect uses attribute paths as keys: "name.givenName" or a full URN path (doc §8).
      const path = parseOr400(() => parseAttrPath(key, this.#kind), 'invalidPath', 'attribute name');
      this.#at(op, { path }, v, false);
    }
  }

  /** Applies one operation; `explicit` when the client named the path (read-only targets are then an error, not ignored). */
  #at(op: Op, given: PatchPath, value: unknown, explicit: boolean): void {
    const target = { ...given, path: qualify(this.#kind, given.path) };
    const full = target.sub === undefined ? target.path : [...target.path, target.sub];
    if (op !== 'remove' && isUnassigned(value) && !this.#hooks.clears(full)) return;
    if (full.some((_, i) => attributeAt(this.#kind, full.slice(0, i + 1))?.mutability === 'readOnly')) {
      if (explicit) throw badRequest('mutability', `"${full.join('.')}" is read-only`);
      return;
    }
    if (target.filter) return this.#values(op, target, value);
    const { path } = target;
    // `emails.value` addresses that sub-attribute of every value, like a value path matching all.
    if (path.length > 1 && attributeAt(this.#kind, path.slice(0, -1))?.multiValued) {
      return this.#values(op, { path: path.slice(0, -1), sub: path.at(-1) }, value);
    }
    this.#attribute(op, path, value);
  }

  /** add / replace / remove of a whole attribute or sub-attribute (RFC 7644 §3.5.2.1-§3.5.2.3). */
  #attribute(op: Op, path: AttrPath, value: unknown): void {
    const container = this.#container(path.slice(0, -1), op !== 'remove');
    if (!container) return;
    const name = path[path.length - 1];
    const key = findKey(container, name) ?? name;
    const current = container[key];
    const def = attributeAt(this.#kind, path);
    if (op === 'remove') {
      if (def?.required) throw badRequest('mutability', `"${name}" is required and cannot be removed`);
      // Entra's default dialect, `Remove` path `members` with a value list, removes only those values (doc §4 GR6).
      const listedOnly = def?.multiValued && value !== undefined && this.#hooks.removeListedOnly(path);
      if (listedOnly && Array.isArray(current)) {
        const listed = Array.isArray(value) ? value : [value];
        container[key] = current.filter((item) => !listed.some((l) => sameValue(item, l)));
      } else {
        delete container[key];
      }
    } else if (def?.multiValued) {
      const incoming = Array.isArray(value) ? value : [value];
      const appends = op === 'add' || !this.#hooks.replaceAll(path);
      const values = appends && Array.isArray(current) ? [...current, ...incoming] : incoming;
      container[key] = demotePrimaries(values, incoming);
    } else {
      container[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
    }
  }

  /** Operations on the values of a multi-valued attribute selected by a value filter (RFC 7644 §3.5.2). */
  #values(op: Op, { path, filter, sub }: PatchPath, value: unknown): void {
    if (attributeAt(this.#kind, path)?.multiValued === false) {
      throw badRequest('invalidPath', `"${path.join('.')}" is not multi-valued`);
    }
    const container = this.#container(path.slice(0, -1), op !== 'remove');
    if (!container) return;
    const name = path[path.length - 1];
    const key = findKey(container, name) ?? name;
    const current = container[key];
    const items: unknown[] = Array.isArray(current)
      ? current
      : current === undefined || current === null
        ? []
        : [current];
    const hits = new Set(
      items.filter((item) => isObject(item) && (filter === undefined || matches(filter, item, this.#ctx, path))),
    );

    if (op === 'remove') {
      container[key] =
        sub === undefined
          ? items.filter((item) => !hits.has(item))
          : items.map((item) => (hits.has(item) && isObject(item) ? omitKey(item, sub) : item));
      return;
    }
    if (hits.size === 0) {
      // Entra replaces `emails[type eq "work"].value` on users that have no work email yet and
      // expects it created (doc §9.5); RFC 7644 §3.5.2.3 would say noTarget. Creating it is the
      // Entra-friendly choice; any other unmatched filter is still noTarget.
      const seed = filter && sub !== undefined ? seedOf(filter) : undefined;
      if (!seed || sub === undefined) throw badRequest('noTarget', `no value of "${name}" matches the path`);
      const created = { ...seed, [sub]: value };
      container[key] = demotePrimaries([...items, created], [created]);
      return;
    }
    const updated = items.map((item) => {
      if (!hits.has(item) || !isObject(item)) return item;
      if (sub !== undefined) return { ...item, [findKey(item, sub) ?? sub]: value };
      return op === 'add' && isObject(value) ? merge(item, value) : value;
    });
    container[key] = demotePrimaries(
      updated,
      updated.filter((item, i) => item !== items[i]),
    );
  }

  /** The object holding the last segment of a path, created on the way when `create`. */
  #container(path: AttrPath, create: boolean): JsonObject | undefined {
    let node = this.#data;
    for (const segment of path) {
      const key = findKey(node, segment) ?? segment;
      const next = node[key];
      if (isObject(next)) {
        node = next;
      } else if (create) {
        const child: JsonObject = {};
        node[key] = child;
        node = child;
      } else {
        return undefined;
      }
    }
    return node;
  }
}

function omitKey(item: JsonObject, name: string): JsonObject {
  const key = findKey(item, name);
  const out = { ...item };
  if (key !== undefined) delete out[key];
  return out;
}

/**
 * Applies a PatchOp body (RFC 7644 §3.5.2) to a copy of `data` and returns it:
 * any error leaves `data` untouched, so PATCH is atomic. The result still needs
 * normalising (types, string booleans, required attributes).
 */
export function applyPatch(data: JsonObject, body: unknown, ctx: EvalContext, hooks: PatchHooks): JsonObject {
  const ops = operations(body);
  const copy = structuredClone(data);
  const patcher = new Patcher(copy, ctx, hooks);
  for (const op of ops) patcher.apply(op);
  return copy;
}
