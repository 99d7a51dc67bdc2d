import { getAttribute, isObject, isUnassigned, type JsonObject } from './json.js';
import { parseAttrPath, parseOr400, parseSubAttr, SyntaxFailure, valuesAt, type AttrPath } from './paths.js';
import { attributeAt, findDef, type AttributeDef, type AttributeType, type ResourceKind } from './schemas.js';

/** Attribute operators of RFC 7644 §3.4.2.2, Table 3 (`pr` has no operand). */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
/** `compValue` of the RFC 7644 §3.4.2.2 ABNF. */
export type Literal = string | number | boolean | null;

/**
 * A parsed filter (RFC 7644 §3.4.2.2). `has` is a value path, `attr[filter]`,
 * whose inner filter applies to each value of the multi-valued attribute.
 */
export type Filter =
  | { readonly op: CompareOp; readonly path: AttrPath; readonly value: Literal }
  | { readonly op: 'pr'; readonly path: AttrPath }
  | { readonly op: 'and' | 'or'; readonly left: Filter; readonly right: Filter }
  | { readonly op: 'not'; readonly filter: Filter }
  | { readonly op: 'has'; readonly path: AttrPath; readonly filter: Filter };

/** A PATCH `path`: `attrPath` or `valuePath ["." subAttr]` (RFC 7644 §3.5.2). */
export interface PatchPath {
  readonly path: AttrPath;
  readonly filter?: Filter;
  readonly sub?: string;
}

/** What filter evaluation needs to know about attributes. */
export interface EvalContext {
  readonly kind: ResourceKind;
  /** Whether string comparison on `path` is case-sensitive (`caseExact`, RFC 7643 §2.2). */
  caseExact(path: AttrPath, def: AttributeDef | undefined): boolean;
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const ORDERING: ReadonlySet<string> = new Set(['gt', 'ge', 'lt', 'le']);
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

interface Token {
  readonly type: 'word' | 'string' | '(' | ')' | '[' | ']' | 'end';
  readonly text: string;
  readonly value: string;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ type: c, text: c, value: c });
      i++;
    } else if (c === '"') {
      for (i++; i < input.length && input[i] !== '"'; i += input[i] === '\\' ? 2 : 1);
      if (i >= input.length) throw new SyntaxFailure('unterminated string literal');
      const text = input.slice(start, ++i);
      tokens.push({ type: 'string', text, value: decodeString(text) });
    } else {
      while (i < input.length && !/[\s()[\]"]/.test(input[i])) i++;
      const text = input.slice(start, i);
      tokens.push({ type: 'word', text, value: text });
    }
  }
  tokens.push({ type: 'end', text: 'end of input', value: '' });
  return tokens;
}

/** String literals use JSON escaping (RFC 7644 §3.4.2.2 refers to RFC 7159 strings). */
function decodeString(text: string): string {
  try {
    return JSON.parse(text) as string;
  } catch {
    throw new SyntaxFailure(`invalid string literal ${text}`);
  }
}

/**
 * Recursive-descent parser for the RFC 7644 §3.4.2.2 grammar. Precedence, from
 * loosest: `or`, `and`, then `not ( )`, grouping and attribute expressions.
 */
class Parser {
  readonly #tokens: Token[];
  readonly #kind: ResourceKind;
  #at = 0;
  /** Inside `attr[...]`: the attribute the inner paths are relative to. */
  #base: AttrPath = [];

  constructor(text: string, kind: ResourceKind) {
    this.#tokens = tokenize(text);
    this.#kind = kind;
  }

  filter(): Filter {
    const filter = this.#or();
    this.#expect('end');
    return filter;
  }

  patchPath(): PatchPath {
    const path = this.#path();
    const filter = this.#accept('[') ? this.#bracket(path) : undefined;
    const sub = filter ? this.#subAttr() : undefined;
    this.#expect('end');
    return { path, filter, sub };
  }

  #peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#at + offset, this.#tokens.length - 1)];
  }

  #next(): Token {
    const token = this.#peek();
    if (token.type !== 'end') this.#at++;
    return token;
  }

  #accept(type: Token['type']): boolean {
    if (this.#peek().type !== type) return false;
    this.#next();
    return true;
  }

  #expect(type: Token['type']): void {
    if (!this.#accept(type)) {
      throw new SyntaxFailure(
        `expected ${type === 'end' ? 'end of input' : `"${type}"`} but found "${this.#peek().text}"`,
      );
    }
  }

  #keyword(word: string): boolean {
    const token = this.#peek();
    if (token.type !== 'word' || token.value.toLowerCase() !== word) return false;
    this.#next();
    return true;
  }

  #or(): Filter {
    let left = this.#and();
    while (this.#keyword('or')) left = { op: 'or', left, right: this.#and() };
    return left;
  }

  #and(): Filter {
    let left = this.#unary();
    while (this.#keyword('and')) left = { op: 'and', left, right: this.#unary() };
    return left;
  }

  #unary(): Filter {
    // `not` is only an operator in front of a parenthesised filter, as in the ABNF.
    const negated = this.#peek(1).type === '(' && this.#keyword('not');
    if (this.#accept('(')) {
      const inner = this.#or();
      this.#expect(')');
      return negated ? { op: 'not', filter: inner } : inner;
    }
    return this.#attrExp();
  }

  #attrExp(): Filter {
    const path = this.#path();
    if (!this.#accept('[')) return this.#comparison(path, [...this.#base, ...path]);
    const inner = this.#bracket(path);
    // `emails[type eq "work"].value eq "x"` is outside the ABNF but is how Entra
    // documents filtering on a work email (doc §1.2 G14).
    const sub = this.#subAttr();
    const filter =
      sub === undefined ? inner : { op: 'and' as const, left: inner, right: this.#comparison([sub], [...path, sub]) };
    return { op: 'has', path, filter };
  }

  #bracket(path: AttrPath): Filter {
    if (this.#base.length > 0) throw new SyntaxFailure('value filters cannot be nested');
    this.#base = path;
    const filter = this.#or();
    this.#expect(']');
    this.#base = [];
    return filter;
  }

  #subAttr(): string | undefined {
    const token = this.#peek();
    if (token.type !== 'word' || !token.value.startsWith('.')) return undefined;
    this.#next();
    return parseSubAttr(token.value.slice(1));
  }

  #path(): AttrPath {
    const token = this.#next();
    if (token.type !== 'word') throw new SyntaxFailure(`expected an attribute path but found "${token.text}"`);
    return parseAttrPath(token.value, this.#kind);
  }

  #comparison(path: AttrPath, fullPath: AttrPath): Filter {
    const token = this.#next();
    const op = token.type === 'word' ? token.value.toLowerCase() : '';
    if (op === 'pr') return { op, path };
    if (!isCompareOp(op)) throw new SyntaxFailure(`expected an operator but found "${token.text}"`);
    const value = this.#literal();
    checkComparison(scalarDef(attributeAt(this.#kind, fullPath)), op, value);
    return { op, path, value };
  }

  #literal(): Literal {
    const token = this.#next();
    if (token.type === 'string') return token.value;
    if (token.type !== 'word') throw new SyntaxFailure(`expected a value but found "${token.text}"`);
    const lower = token.value.toLowerCase();
    if (lower === 'true' || lower === 'false') return lower === 'true';
    if (lower === 'null') return null;
    if (NUMBER.test(token.value)) return Number(token.value);
    // Entra's legacy documentation sends `externalId eq jyoung` (doc §3 U3): a bare word is a string.
    return token.value;
  }
}

function isCompareOp(op: string): op is CompareOp {
  return COMPARE_OPS.has(op);
}

/** Complex attributes compare through their `value` sub-attribute. */
export function scalarDef(def: AttributeDef | undefined): AttributeDef | undefined {
  return def?.type === 'complex' ? findDef(def.subAttributes, 'value') : def;
}

/** Combinations RFC 7644 §3.4.2.2 rejects with `invalidFilter`, checked even when nothing would be compared. */
function checkComparison(def: AttributeDef | undefined, op: CompareOp, value: Literal): void {
  const ordering = ORDERING.has(op);
  if (ordering && (def?.type === 'boolean' || def?.type === 'binary')) {
    throw new SyntaxFailure(`"${op}" cannot compare ${def.type} attributes`);
  }
  if (op !== 'eq' && op !== 'ne' && (typeof value === 'boolean' || value === null)) {
    throw new SyntaxFailure(`"${op}" cannot compare with ${String(value)}`);
  }
  if (ordering && def?.type === 'dateTime' && Number.isNaN(Date.parse(String(value)))) {
    throw new SyntaxFailure(`"${String(value)}" is not a dateTime`);
  }
}

/** Parses a `filter` (RFC 7644 §3.4.2.2); syntax errors are 400 `invalidFilter`. */
export function parseFilter(text: string, kind: ResourceKind): Filter {
  return parseOr400(() => new Parser(text, kind).filter(), 'invalidFilter', 'filter');
}

/** Parses a PATCH `path` (RFC 7644 §3.5.2); syntax errors are 400 `invalidPath`. */
export function parsePatchPath(text: string, kind: ResourceKind): PatchPath {
  return parseOr400(() => new Parser(text, kind).patchPath(), 'invalidPath', 'path');
}

/** Whether `filter` names attribute `name` at its top level. */
export function mentions(filter: Filter, name: string): boolean {
  switch (filter.op) {
    case 'and':
    case 'or':
      return mentions(filter.left, name) || mentions(filter.right, name);
    case 'not':
      return mentions(filter.filter, name);
    default:
      return filter.path[0]?.toLowerCase() === name.toLowerCase();
  }
}

/** Evaluates `filter` against a resource representation (or, under `base`, one value of a multi-valued attribute). */
export function matches(filter: Filter, node: JsonObject, ctx: EvalContext, base: AttrPath = []): boolean {
  switch (filter.op) {
    case 'and':
      return matches(filter.left, node, ctx, base) && matches(filter.right, node, ctx, base);
    case 'or':
      return matches(filter.left, node, ctx, base) || matches(filter.right, node, ctx, base);
    case 'not':
      return !matches(filter.filter, node, ctx, base);
    case 'has': {
      const full = [...base, ...filter.path];
      return valuesAt(node, filter.path).some((v) => isObject(v) && matches(filter.filter, v, ctx, full));
    }
    case 'pr':
      return valuesAt(node, filter.path).some((v) => !isUnassigned(v));
    default: {
      const full = [...base, ...filter.path];
      const def = scalarDef(attributeAt(ctx.kind, full));
      const values = valuesAt(node, filter.path)
        .map((v) => (isObject(v) ? getAttribute(v, 'value') : v))
        .filter((v) => v !== undefined && v !== null);
      const { op, value } = filter;
      if (value === null) return (op === 'eq') === (values.length === 0);
      const caseExact = ctx.caseExact(full, def);
      const any = (o: CompareOp): boolean => values.some((v) => test(v, o, value, def?.type, caseExact));
      // "ne" holds when no value equals the operand, so a user without a work email is "ne" it.
      return op === 'ne' ? !any('eq') : any(op);
    }
  }
}

function test(
  actual: unknown,
  op: CompareOp,
  expected: Literal,
  type: AttributeType | undefined,
  caseExact: boolean,
): boolean {
  if (op === 'co' || op === 'sw' || op === 'ew') {
    if (typeof actual !== 'string') return false;
    const [a, e] = caseExact ? [actual, String(expected)] : [actual.toLowerCase(), String(expected).toLowerCase()];
    return op === 'co' ? a.includes(e) : op === 'sw' ? a.startsWith(e) : a.endsWith(e);
  }
  const order = compareValues(actual, expected, type, caseExact);
  if (order === undefined) return false;
  switch (op) {
    case 'eq':
      return order === 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    default:
      return order <= 0;
  }
}

/**
 * Orders two attribute values by the attribute's type (RFC 7644 §3.4.2.2 and
 * §3.4.2.3): dateTimes chronologically, strings by code unit, folding case
 * unless `caseExact`. String operands are coerced to booleans or numbers when
 * the value is one (Entra's string booleans). `undefined` when incomparable.
 */
export function compareValues(
  a: unknown,
  b: unknown,
  type: AttributeType | undefined,
  caseExact: boolean,
): number | undefined {
  if (typeof a === 'boolean') {
    const other =
      typeof b === 'string' ? ({ true: true, false: false } as Record<string, boolean>)[b.toLowerCase()] : b;
    return typeof other === 'boolean' ? Number(a) - Number(other) : undefined;
  }
  if (typeof a === 'number') {
    const other = typeof b === 'string' && NUMBER.test(b) ? Number(b) : b;
    return typeof other === 'number' ? Math.sign(a - other) : undefined;
  }
  if (typeof a !== 'string' || (typeof b !== 'string' && typeof b !== 'number')) return undefined;
  if (type === 'dateTime') {
    const [x, y] = [Date.parse(a), Date.parse(String(b))];
    if (!Number.isNaN(x) && !Number.isNaN(y)) return Math.sign(x - y);
  }
  const [x, y] = caseExact ? [a, String(b)] : [a.toLowerCase(), String(b).toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}
