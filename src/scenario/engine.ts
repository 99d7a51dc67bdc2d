import { toCurl } from '../http/curl.js';
import type { ScimClient } from '../http/client.js';
import type { Exchange } from '../http/types.js';
import { CHECKS, DEFAULT_CHECK_IDS, runCheck } from '../checks/registry.js';
import type { SchemaValidate } from '../checks/types.js';
import { resolvePointer } from '../checks/json.js';
import { deleteOwned } from './cleanup.js';
import type { TargetInfo } from './discovery.js';
import { OwnedResources } from './ownership.js';
import { generators, seededRandom } from './random.js';
import type { CheckResult, ScenarioResult } from './results.js';
import { parseTemplate, render, type TemplateContext } from './template.js';
import type { Capability, CheckUse, Scenario, Step, Variant } from './types.js';

/** How the engine tells the report layer what happens; the engine itself knows nothing of Allure. */
export interface StepReporter {
  step<T>(name: string, body: () => Promise<T>): Promise<T>;
  exchange(exchange: Exchange, curl: string): Promise<void>;
  check(result: CheckResult): Promise<void>;
}

export const silentReporter: StepReporter = {
  step: (_name, body) => body(),
  exchange: async () => {},
  check: async () => {},
};

export interface EngineOptions {
  client: ScimClient;
  validate: SchemaValidate;
  seed: number;
  runTag: string;
  variant: Variant;
  /** What discovery learnt of the target; a feature it does not mention counts as supported. */
  target?: TargetInfo;
  /** Features the profile's client depends on: their steps run whatever the target claims. */
  required?: readonly Capability[];
  reporter?: StepReporter;
  owned?: OwnedResources;
}

/** Runs one scenario: each step is one request, its checks, its captures; cleanup always runs. */
export async function runScenario(scenario: Scenario, options: EngineOptions): Promise<ScenarioResult> {
  const reporter = options.reporter ?? silentReporter;
  const owned = options.owned ?? new OwnedResources();
  const random = seededRandom(options.seed ^ hash(scenario.name));
  const generate = generators(random);
  const captures: Record<string, unknown> = {};
  const captureSource = new Map<string, string>();
  const ctx: TemplateContext = {
    vars: {},
    captures,
    run: { tag: options.runTag, seed: options.seed },
    gen: (name) => {
      const value = generate(name);
      owned.noteGenerated(value);
      return value;
    },
  };
  const vars: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(scenario.vars)) vars[name] = render(value, { ...ctx, vars });
  ctx.vars = vars;

  const results: CheckResult[] = [];
  const record = async (result: CheckResult) => {
    results.push(result);
    await reporter.check(result);
  };

  let leftovers: string[] = [];
  const skipAll = async (step: Step, reason: string) => {
    for (const use of step.checks) await record(resultFor(scenario, step, use, { status: 'skipped', reason }));
  };
  try {
    for (const step of scenario.steps.filter((s) => appliesTo(s, options.variant))) {
      await reporter.step(step.name, async () => {
        const unsupported = (step.requires ?? []).filter(
          (feature) => options.target?.capabilities[feature] === false && !options.required?.includes(feature),
        );
        if (unsupported.length > 0) {
          return skipAll(
            step,
            `the target's ServiceProviderConfig says ${unsupported.map((f) => `${f}.supported is false`).join(', ')}`,
          );
        }
        const spec = { ...step.request, body: bodyFor(step.request, options.variant) };
        const missing = missingCaptures([spec, step.checks.map((use) => use.args)], captures);
        if (missing.length > 0) {
          return skipAll(
            step,
            missing.map((name) => `{{captures.${name}}} was not captured by "${captureSource.get(name)}"`).join('; '),
          );
        }
        const request = render(spec, ctx) as Step['request'];
        owned.assertMayMutate(request.method, request.path);
        const exchange = await options.client.send({
          method: request.method,
          path: request.path,
          query: Object.entries(request.query ?? {}),
          ...(request.headers && { headers: request.headers }),
          ...(request.auth && { auth: request.auth }),
          ...(request.body !== undefined && { body: request.body }),
        });
        const curl = toCurl(exchange);
        await reporter.exchange(exchange, curl);

        const explicit = step.checks.map((use) => ({ ...use, args: render(use.args, ctx) as Record<string, unknown> }));
        const implicit = DEFAULT_CHECK_IDS.filter((id) => !explicit.some((use) => use.id === id)).map((id) => ({
          id,
          args: {},
        }));
        for (const [uses, reportSkips] of [
          [explicit, true],
          [implicit, false],
        ] as const) {
          for (const use of uses) {
            const outcome = runCheck(CHECKS.get(use.id)!, {
              exchange,
              args: use.args,
              baseUrl: options.client.baseUrl,
              validate: options.validate,
              ...(options.target?.validateTarget && { validateTarget: options.target.validateTarget }),
            });
            if (outcome.status === 'skipped' && !reportSkips) continue;
            await record({
              ...resultFor(scenario, step, use, outcome),
              ...(outcome.status === 'failed' && { reproduce: curl }),
            });
          }
        }

        for (const [name, source] of Object.entries(step.capture)) {
          const value = capture(exchange, source);
          if (value !== undefined) captures[name] = value;
          captureSource.set(name, step.name);
        }
        if (
          step.creates &&
          exchange.response &&
          exchange.response.status < 300 &&
          missingCaptures(step.creates, captures).length === 0
        ) {
          owned.register(render(step.creates, ctx) as string);
        }
        const status = exchange.response?.status;
        if (request.method === 'DELETE' && status !== undefined && (status < 300 || status === 404))
          owned.markDeleted(request.path);
      });
    }
  } finally {
    leftovers = await deleteOwned(options.client, owned.pending(), (path) => owned.markDeleted(path));
  }
  return {
    scenario: scenario.name,
    title: scenario.title,
    file: scenario.file,
    ...(scenario.tutorial && { tutorial: scenario.tutorial }),
    checks: results,
    leftovers,
  };
}

function resultFor(
  scenario: Scenario,
  step: Step,
  use: CheckUse,
  outcome:
    | { status: 'passed' }
    | { status: 'failed'; message: string; expected?: unknown; actual?: unknown }
    | { status: 'skipped'; reason: string },
): CheckResult {
  const check = CHECKS.get(use.id)!;
  return {
    id: check.id,
    scenario: scenario.name,
    step: step.name,
    title: check.title,
    severity: use.severity ?? check.severity,
    status: outcome.status,
    category: check.category,
    reference: use.reference ?? check.reference,
    location: step.location,
    ...(outcome.status === 'failed' && {
      message: outcome.message,
      ...('expected' in outcome && { expected: outcome.expected }),
      ...('actual' in outcome && { actual: outcome.actual }),
    }),
    ...(outcome.status === 'skipped' && { message: outcome.reason }),
  };
}

function appliesTo(step: Step, variant: Variant): boolean {
  return (
    (!step.when?.dialect || step.when.dialect.includes(variant.dialect)) &&
    (!step.when?.mapping || step.when.mapping.includes(variant.mapping))
  );
}

/** The body for this run's dialect, else for its attribute mapping, else the plain body. */
function bodyFor(request: Step['request'], variant: Variant): unknown {
  return request.bodyFor?.[variant.dialect] ?? request.bodyFor?.[variant.mapping] ?? request.body;
}

/** Capture names that `value` references but no earlier step provided. */
function missingCaptures(value: unknown, captures: Record<string, unknown>): string[] {
  const names = new Set<string>();
  const scan = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const ref of parseTemplate(value).refs)
        if (ref.namespace === 'captures' && captures[ref.name] === undefined) names.add(ref.name);
    } else if (Array.isArray(value)) value.forEach(scan);
    else if (value && typeof value === 'object') Object.values(value).forEach(scan);
  };
  scan(value);
  return [...names];
}

function capture(exchange: Exchange, source: string): unknown {
  if (source.startsWith('header:')) return exchange.response?.headers[source.slice(7).toLowerCase()];
  return resolvePointer(exchange.response?.json, source);
}

/** FNV-1a, to give each scenario its own deterministic stream from one run seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193);
  return h >>> 0;
}
