import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';
import type { Document, Node } from 'yaml';
import { HarnessError, type ErrorCode } from '../errors.js';
import { schemaValidator } from './validator.js';

export type Path = ReadonlyArray<string | number>;

// Loaded on first use: the Vitest worker imports this module (through the mappings) and writes
// YAML only for a failed property's replay, and loading the library took about 100 ms of its start-up.
let library: typeof YamlLibrary | undefined;
export const yaml = () => (library ??= createRequire(import.meta.url)('yaml') as typeof YamlLibrary);

/** A YAML file validated against one of our JSON Schemas, with positions for every error. */
export interface YamlSource {
  doc: Document;
  data: unknown;
  /** `file:line:col` of the node at `path` (or of its nearest existing ancestor). */
  where(path: Path): string;
  /** A HarnessError prefixed with the position of `path`. */
  problem(path: Path, message: string, code?: ErrorCode): HarnessError;
}

/**
 * Parses `file` and validates it against `schemas/<schema>.schema.json`. Errors carry `code`
 * (E_SCENARIO for scenarios and profiles, E_CONFIG for configuration); `unknownKeyHint` may explain
 * why a key is not accepted.
 */
export function loadYaml(
  file: string,
  schema: string,
  code: ErrorCode = 'E_SCENARIO',
  unknownKeyHint: (key: string) => string | undefined = () => undefined,
): YamlSource {
  const source = readSource(file, code);
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${displayPath(file)}:${line}:${col}`;
  };
  const where = (path: Path) => at(nodeOffset(doc, path));
  const problem = (path: Path, message: string, errorCode: ErrorCode = code) =>
    new HarnessError(errorCode, `${where(path)}: ${message}`);

  const syntax = doc.errors[0];
  if (syntax)
    throw new HarnessError(code, `${at(syntax.pos[0])}: YAML syntax error: ${syntax.message.split('\n')[0]}`);
  const data = doc.toJS() as unknown;

  const errors = schemaValidator().errors(schema, data);
  if (errors.length > 0) {
    // The deepest error is the most specific one; oneOf alternatives report at their parent.
    const error = [...errors].sort((a, b) => depth(b.instancePath) - depth(a.instancePath))[0];
    const path = pointerPath(error.instancePath);
    const extra = error.params.additionalProperty as string | undefined;
    if (extra) {
      const hint = unknownKeyHint(extra);
      throw new HarnessError(code, `${at(keyOffset(doc, path, extra))}: unknown property "${extra}"${hint ? `; ${hint}` : ''}`);
    }
    throw problem(path, `${error.instancePath || 'document'} ${error.message}`);
  }
  return { doc, data, where, problem };
}

function readSource(file: string, code: ErrorCode): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new HarnessError(
      code,
      `${displayPath(file)}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

function nodeOffset(doc: Document, path: Path): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return node.range[0];
  }
  return 0;
}

function keyOffset(doc: Document, path: Path, key: string): number {
  const { isMap, isPair, isScalar } = yaml();
  const parent = doc.getIn(path, true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return nodeOffset(doc, path);
}

function pointerPath(pointer: string): Path {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((token) => (/^\d+$/.test(token) ? Number(token) : token));
}

const depth = (pointer: string) => pointer.split('/').length;
export const displayPath = (file: string) => relative(process.cwd(), file) || file;
