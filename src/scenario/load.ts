import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { CHECKS, suggestCheckId } from '../checks/registry.js';
import { SCHEMA_REFERENCES } from '../checks/schema.js';
import { GENERATOR_NAMES, MAPPING_NAMES, NAMESPACES, parseTemplate, RUN_NAMES } from './template.js';
import type { CheckUse, Scenario, Step } from './types.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS_DIR } from '../paths.js';
import { displayPath, loadYaml, type Path } from '../schemas/yaml-file.js';

/**
 * The shipped scenarios as `npm run build` loaded them (scripts/preload-scenarios.mjs), by path
 * below scenarios/: parsing YAML with positions is most of a run's start-up. An entry serves only
 * a file whose text still has its hash; its steps' locations lack the file, which depends on the
 * working directory. Absent when running from the sources.
 */
const PRELOADED = fileURLToPath(new URL('../scenarios-preloaded.json', import.meta.url));
export type Preloaded = Record<string, { hash: string; scenario: Scenario }>;
let preloaded: Preloaded | undefined;

const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

/** Parses, validates and resolves a scenario file; every problem is a HarnessError naming file:line:col. */
export function loadScenario(file: string): Scenario {
  preloaded ??= existsSync(PRELOADED) ? (JSON.parse(readFileSync(PRELOADED, 'utf8')) as Preloaded) : {};
  return fromPreload(preloaded, file) ?? parseScenario(file);
}

/** The scenarios below scenarios/ that the build preloads, by path below it (profiles and mappings are not scenarios). */
export function shippedScenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.yaml') && !/^(profiles|mappings)\//.test(name))
    .sort();
}

/** `file` from the preloaded scenarios, when it is a shipped one whose text still has the entry's hash. */
export function fromPreload(entries: Preloaded, file: string): Scenario | undefined {
  const shipped = relative(SCENARIOS_DIR, file);
  if (shipped.startsWith('..') || isAbsolute(shipped)) return undefined;
  const entry = entries[shipped];
  if (!entry || !existsSync(file) || entry.hash !== textHash(readFileSync(file, 'utf8'))) return undefined;
  return restorePreloaded(entry, file);
}

/**
 * A shipped scenario as the preload file keeps it: its hash, and the scenario with each step's
 * location reduced to `:line:col`.
 */
export function preloadEntry(file: string): { hash: string; scenario: Scenario } {
  const scenario = parseScenario(file);
  const at = displayPath(file);
  return {
    hash: textHash(readFileSync(file, 'utf8')),
    scenario: {
      ...scenario,
      steps: scenario.steps.map((step) => ({ ...step, location: step.location.slice(at.length) })),
    },
  };
}

/** The scenario of a preload entry, as {@link parseScenario} would return it for `file`. */
export function restorePreloaded(entry: { scenario: Scenario }, file: string): Scenario {
  const at = displayPath(file);
  return {
    ...entry.scenario,
    file,
    steps: entry.scenario.steps.map((step) => ({ ...step, location: `${at}${step.location}` })),
  };
}

export function parseScenario(file: string): Scenario {
  const { doc, data: raw, where, problem } = loadYaml(file, 'harness/scenario');
  const data = raw as {
    name: string;
    title: string;
    description?: string;
    tutorial?: Scenario['tutorial'];
    reference?: string;
    vars?: Record<string, unknown>;
    steps: Array<{
      name: string;
      request?: Step['request'];
      action?: Step['action'];
      expect?: { status?: number | number[]; schema?: string; checks?: Array<string | CheckUse> };
      capture?: Record<string, string>;
      creates?: string;
      when?: Step['when'];
      requires?: Step['requires'];
      probes?: string;
      repeat?: number;
    }>;
  };

  checkTemplates(doc, data, problem);

  const steps = data.steps.map((step, index): Step => {
    const at = (path: Path): Path => ['steps', index, ...path];
    const checks: CheckUse[] = [];
    if (step.expect?.status !== undefined) checks.push({ id: 'http.status', args: { expected: step.expect.status } });
    if (step.expect?.schema !== undefined) {
      if (!(step.expect.schema in SCHEMA_REFERENCES)) {
        throw problem(
          at(['expect', 'schema']),
          `unknown schema "${step.expect.schema}"; known: ${Object.keys(SCHEMA_REFERENCES).join(', ')}`,
        );
      }
      checks.push({
        id: 'schema.valid',
        args: { schema: step.expect.schema },
        reference: SCHEMA_REFERENCES[step.expect.schema],
      });
    }
    for (const [i, use] of (step.expect?.checks ?? []).entries()) {
      const resolved: CheckUse = typeof use === 'string' ? { id: use, args: {} } : { ...use, args: use.args ?? {} };
      const check = CHECKS.get(resolved.id);
      const checkPath = at(['expect', 'checks', i]);
      if (!check) {
        const suggestion = suggestCheckId(resolved.id);
        throw problem(
          checkPath,
          `unknown check "${resolved.id}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          'E_CHECK_UNKNOWN',
        );
      }
      const argErrors = argsValidator(resolved.id, check.args)(resolved.args);
      if (argErrors) throw problem(checkPath, `invalid arguments for ${resolved.id}: ${argErrors}`);
      checks.push(resolved);
    }
    return {
      name: step.name,
      location: where(at([])),
      ...(step.request && { request: step.request }),
      ...(step.action && { action: step.action }),
      checks,
      capture: step.capture ?? {},
      ...(step.creates !== undefined && { creates: step.creates }),
      ...(step.when && { when: step.when }),
      ...(step.requires && { requires: step.requires }),
      ...(step.probes !== undefined && { probes: step.probes }),
      ...(step.repeat !== undefined && { repeat: step.repeat }),
    };
  });

  return {
    name: data.name,
    title: data.title,
    ...(data.description !== undefined && { description: data.description }),
    file,
    ...(data.tutorial && { tutorial: data.tutorial }),
    ...(data.reference !== undefined && { reference: data.reference }),
    vars: data.vars ?? {},
    steps,
  };
}

/**
 * Every `{{ns.name}}` must resolve: vars defined earlier in `vars`, captures made by an earlier step
 * (or by the same step, for `creates`), known generators and run values.
 */
function checkTemplates(
  doc: Document,
  data: { vars?: Record<string, unknown>; steps: Array<{ capture?: Record<string, string> }> },
  problem: (path: Path, message: string) => Error,
): void {
  const varNames = Object.keys(data.vars ?? {});
  const capturedBefore = (stepIndex: number, inclusive: boolean) =>
    new Set(data.steps.slice(0, inclusive ? stepIndex + 1 : stepIndex).flatMap((s) => Object.keys(s.capture ?? {})));

  walkStrings(doc.contents, [], (text, path) => {
    const { refs, malformed } = parseTemplate(text);
    if (malformed) throw problem(path, malformed);
    for (const { namespace, name } of refs) {
      const known = (() => {
        switch (namespace) {
          case 'vars':
            return path[0] === 'vars' ? varNames.slice(0, varNames.indexOf(String(path[1]))) : varNames;
          case 'captures':
            return path[0] === 'steps' ? [...capturedBefore(Number(path[1]), path[2] === 'creates')] : [];
          case 'gen':
            return [...GENERATOR_NAMES];
          case 'run':
            return [...RUN_NAMES];
          case 'mapping':
            return [...MAPPING_NAMES];
          default:
            throw problem(
              path,
              `unknown template namespace "${namespace}" in {{${namespace}.${name}}}; use one of ${NAMESPACES.join(', ')}`,
            );
        }
      })();
      if (!known.includes(name)) {
        const hint = known.length > 0 ? `; known here: ${known.join(', ')}` : '';
        throw problem(path, `unknown variable {{${namespace}.${name}}}${hint}`);
      }
    }
  });
}

function walkStrings(node: unknown, path: Path, visit: (text: string, path: Path) => void): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key)) walkStrings(pair.value, [...path, String(pair.key.value)], visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walkStrings(item, [...path, i], visit));
  } else if (isScalar(node) && typeof node.value === 'string') {
    visit(node.value, path);
  }
}

const argValidators = new Map<string, ValidateFunction | null>();
// The argument schemas are the checks' own, held to the meta-schema by test/checks/checks.test.ts:
// validating them again on every run would compile the meta-schema first (about 80 ms).
const argsAjv = new Ajv2020({ allErrors: false, strict: true, validateSchema: false });

function argsValidator(id: string, schema: Record<string, unknown> | undefined) {
  if (!argValidators.has(id)) argValidators.set(id, schema ? argsAjv.compile(schema) : null);
  const validate = argValidators.get(id);
  return (args: Record<string, unknown>): string | undefined => {
    if (!validate) return Object.keys(args).length > 0 ? 'this check takes no arguments' : undefined;
    return validate(args) ? undefined : argsAjv.errorsText(validate.errors, { dataVar: 'args' });
  };
}
