import { toCurl } from '../http/curl.js';
import type { ScimClient } from '../http/client.js';
import type { Exchange, HttpRequest } from '../http/types.js';
import { CHECKS, DEFAULT_CHECK_IDS, runCheck } from '../checks/registry.js';
import type { CheckOutcome, SchemaValidate } from '../checks/types.js';
import { resolvePointer } from '../checks/json.js';
import type { LoadFigures } from '../load/figures.js';
import { deleteOwned } from './cleanup.js';
import type { TargetInfo } from './discovery.js';
import { TargetHealth } from './health.js';
import { OwnedResources } from './ownership.js';
import { generators, seededRandom } from './random.js';
import type { CheckResult, ScenarioResult } from './results.js';
import { parseTemplate, render, type TemplateContext } from './template.js';
import { mappedBody } from '../model/mapped-body.js';
import { loadMapping, mappedAttributes } from '../model/mapping.js';
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

/** What a non-request step action (property runs, load cycles) gets from the engine. */
export interface ActionContext {
  scenario: Scenario;
  step: Step;
  client: ScimClient;
  owned: OwnedResources;
  variant: Variant;
  /** What discovery learnt of the target. */
  target?: TargetInfo;
  seed: number;
  runTag: string;
  /** What the user asked of actions on the command line (`--runs`, `--users`, …). */
  settings: ActionSettings;
  /** The run's output folder, for artefacts such as replayable scenarios. */
  outDir?: string;
  /** Sends a request through the ownership guard; `report: false` keeps it out of the report (load). */
  send(request: HttpRequest, options?: { report?: boolean }): Promise<Exchange>;
  /** Evaluates a registered check and records the result for this step; `extra` adds fields such as a counterexample. */
  check(
    id: string,
    exchange: Exchange,
    args?: Record<string, unknown>,
    extra?: Partial<Pick<CheckResult, 'severity' | 'reference' | 'counterexample' | 'replay'>>,
  ): Promise<CheckOutcome>;
  /** Records a result the action computed itself (a property over many exchanges). */
  record(result: Omit<CheckResult, 'scenario' | 'step' | 'location'>): Promise<void>;
  /** Evaluates a registered check without recording it (an action judging many exchanges). */
  evaluate(use: CheckUse, exchange: Exchange): CheckOutcome;
  /** Whether the target still answers, shared with the rest of the run. */
  health: TargetHealth;
  /** Hands over what a load cycle measured, for the scenario's result and summary.json. */
  setLoad(figures: LoadFigures): void;
}

/** Command-line settings for actions; each action has its own defaults for what is absent. */
export interface ActionSettings {
  /** Generated cases per property (`--runs`). */
  runs?: number;
  /** Scale of a load cycle (`--users`, `--groups`). */
  users?: number;
  groups?: number;
  /** Requests in flight at once (`--concurrency`). */
  concurrency?: number;
}

/** Runs the `action:` of a step; parameters are the step's `action` object without `type`. */
export type StepAction = (params: Record<string, unknown>, ctx: ActionContext) => Promise<void>;

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
  actions?: Readonly<Record<string, StepAction>>;
  settings?: ActionSettings;
  outDir?: string;
  /** Shared by the scenarios of a run: once the target is down, the rest is skipped. */
  health?: TargetHealth;
  /** Leave created resources in place (`--keep`); they are reported as leftovers. */
  keep?: boolean;
}

/** Runs one scenario: each step is one engine action (a request, or a named action); cleanup always runs. */
export async function runScenario(scenario: Scenario, options: EngineOptions): Promise<ScenarioResult> {
  const reporter = options.reporter ?? silentReporter;
  const owned = options.owned ?? new OwnedResources();
  const health = options.health ?? new TargetHealth();
  const throttledBefore = options.client.throttled;
  const generate = generators(seededRandom(options.seed ^ hash(scenario.name)));
  const captures: Record<string, unknown> = {};
  // Which step declares each capture, to explain a skip when that step did not run or failed.
  const captureSource = new Map(
    scenario.steps.flatMap((step) => Object.keys(step.capture).map((name) => [name, step.name])),
  );
  const mapping = loadMapping(options.variant.mapping);
  const ctx: TemplateContext = {
    vars: {},
    captures,
    run: { tag: options.runTag, seed: options.seed },
    mapping: { userMatching: mapping.objects.User.matching, userLookup: '', attributes: mappedAttributes(mapping) },
    gen: (name) => {
      const value = generate(name);
      owned.noteGenerated(value);
      return value;
    },
  };
  const vars: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(scenario.vars)) vars[name] = render(value, { ...ctx, vars });
  ctx.vars = vars;
  const [fallback] = mapping.objects.User.fallback ?? [];
  ctx.mapping = {
    ...ctx.mapping!,
    userLookup: lookupFilter(mapping.objects.User.matching, vars),
    ...(fallback && { userFallbackLookup: lookupFilter(fallback, vars) }),
  };

  const results: CheckResult[] = [];
  let load: LoadFigures | undefined;
  const record = async (result: CheckResult) => {
    results.push(result);
    await reporter.check(result);
  };
  const evaluate = (use: CheckUse, exchange: Exchange) =>
    runCheck(CHECKS.get(use.id)!, {
      exchange,
      args: use.args,
      baseUrl: options.client.baseUrl,
      validate: options.validate,
      ...(options.target?.validateTarget && { validateTarget: options.target.validateTarget }),
    });
  const send = async (request: HttpRequest, report = true) => {
    owned.assertMayMutate(request.method, request.path);
    const exchange = await options.client.send(request);
    health.observe(exchange);
    if (report) await reporter.exchange(exchange, toCurl(exchange));
    const status = exchange.response?.status;
    if (request.method === 'DELETE' && status !== undefined && (status < 300 || status === 404)) {
      owned.markDeleted(request.path);
    }
    return exchange;
  };

  const runRequestStep = async (step: Step, request: NonNullable<Step['request']>) => {
    const derived =
      request.bodyFrom && mappedBody(request.bodyFrom, mapping, options.variant.dialect, () => ctx.gen('suffix'));
    if (derived && request.bodyFrom?.op === 'update' && Object.keys(derived.stored).length === 0) {
      const reason = `the ${options.variant.mapping} mapping maps no ${request.bodyFrom.object} attribute Entra updates`;
      for (const use of step.checks) await record(resultFor(scenario, step, use, { status: 'skipped', reason }));
      return;
    }
    const body = derived ? derived.body : request.body;
    const exchange = await send({
      method: request.method,
      path: request.path,
      query: Object.entries(request.query ?? {}),
      ...(request.headers && { headers: request.headers }),
      ...(request.auth && { auth: request.auth }),
      ...(body !== undefined && { body }),
    });
    const curl = toCurl(exchange);
    const explicit = step.checks.map((use) => ({ ...use, args: render(use.args, ctx) as Record<string, unknown> }));
    const implicit = DEFAULT_CHECK_IDS.filter((id) => !explicit.some((use) => use.id === id)).map((id) => ({
      id,
      args: {},
    }));
    for (const use of [...explicit, ...implicit]) {
      const outcome = evaluate(use, exchange);
      // A default check that does not apply is not news; an explicit one that is skipped is.
      if (outcome.status === 'skipped' && !explicit.includes(use)) continue;
      await record({
        ...resultFor(scenario, step, use, outcome),
        ...(outcome.status === 'failed' && { reproduce: curl }),
      });
    }
    for (const [name, source] of Object.entries(step.capture)) {
      const value = source === 'sent' ? derived?.stored : capture(exchange, source);
      if (value !== undefined) captures[name] = value;
    }
    const created = exchange.response && exchange.response.status < 300;
    if (step.creates && created && missingCaptures(step.creates, captures).length === 0) {
      owned.register(render(step.creates, ctx) as string);
    }
  };

  const runActionStep = async (step: Step, action: NonNullable<Step['action']>) => {
    const { type, ...params } = action;
    const run = options.actions?.[type];
    if (!run) throw new Error(`no engine action "${type}" is registered`);
    await run(render(params, ctx) as Record<string, unknown>, {
      scenario,
      step,
      client: options.client,
      owned,
      variant: options.variant,
      ...(options.target && { target: options.target }),
      seed: options.seed,
      runTag: options.runTag,
      settings: options.settings ?? {},
      ...(options.outDir !== undefined && { outDir: options.outDir }),
      send: (request, sendOptions) => send(request, sendOptions?.report ?? true),
      check: async (id, exchange, args = {}, extra = {}) => {
        const use: CheckUse = {
          id,
          args,
          ...(extra.severity && { severity: extra.severity }),
          ...(extra.reference && { reference: extra.reference }),
        };
        const outcome = evaluate(use, exchange);
        await record({
          ...resultFor(scenario, step, use, outcome),
          ...(outcome.status === 'failed' && { reproduce: toCurl(exchange) }),
          ...(extra.counterexample !== undefined && { counterexample: extra.counterexample }),
          ...(extra.replay !== undefined && { replay: extra.replay }),
        });
        return outcome;
      },
      record: (result) => record({ ...result, scenario: scenario.name, step: step.name, location: step.location }),
      evaluate,
      health,
      setLoad: (figures) => {
        load = figures;
      },
    });
  };

  let leftovers: string[] = [];
  try {
    for (const step of scenario.steps.filter((s) => appliesTo(s, options.variant))) {
      await reporter.step(step.name, async () => {
        const skipReason =
          health.downReason ??
          unsupportedReason(step, options) ??
          missingReason(step, options.variant, captures, captureSource);
        if (skipReason) {
          for (const use of step.checks)
            await record(resultFor(scenario, step, use, { status: 'skipped', reason: skipReason }));
          return;
        }
        if (step.action) return runActionStep(step, step.action);
        const request = step.request!;
        return runRequestStep(
          step,
          render({ ...request, body: bodyFor(request, options.variant) }, ctx) as typeof request,
        );
      });
    }
  } finally {
    const down = health.downReason;
    leftovers =
      options.keep || down
        ? owned.pending().map((path) => `${path} (${options.keep ? 'kept: --keep' : down})`)
        : await deleteOwned(options.client, owned.pending(), (path) => owned.markDeleted(path));
    // Whatever is left is reported once, here, and not tried again by later scenarios.
    owned.pending().forEach((path) => owned.release(path));
  }
  return {
    scenario: scenario.name,
    title: scenario.title,
    file: scenario.file,
    ...(scenario.tutorial && { tutorial: scenario.tutorial }),
    checks: results,
    leftovers,
    throttled: options.client.throttled - throttledBefore,
    ...(load && { load }),
  };
}

function resultFor(scenario: Scenario, step: Step, use: CheckUse, outcome: CheckOutcome): CheckResult {
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

/** Why a step's features are off: the target says it lacks one the profile's client does not insist on. */
function unsupportedReason(step: Step, options: EngineOptions): string | undefined {
  const unsupported = (step.requires ?? []).filter(
    (feature) => options.target?.capabilities[feature] === false && !options.required?.includes(feature),
  );
  return unsupported.length > 0
    ? `the target's ServiceProviderConfig says ${unsupported.map((f) => `${f}.supported is false`).join(', ')}`
    : undefined;
}

/** Why a step cannot run: it needs a capture an earlier (failed) step did not make. */
function missingReason(
  step: Step,
  variant: Variant,
  captures: Record<string, unknown>,
  captureSource: Map<string, string>,
): string | undefined {
  const spec = step.request ? { ...step.request, body: bodyFor(step.request, variant) } : step.action;
  const missing = missingCaptures([spec, step.checks.map((use) => use.args)], captures);
  return missing.length > 0
    ? missing.map((name) => `{{captures.${name}}} was not captured by "${captureSource.get(name)}"`).join('; ')
    : undefined;
}

function appliesTo(step: Step, variant: Variant): boolean {
  return (
    (!step.when?.dialect || step.when.dialect.includes(variant.dialect)) &&
    (!step.when?.mapping || step.when.mapping.includes(variant.mapping)) &&
    (!step.when?.objects || step.when.objects.every((type) => loadMapping(variant.mapping).objects[type])) &&
    (!step.when?.mapped ||
      step.when.mapped.every((path) => loadMapping(variant.mapping).objects.User.attributes.includes(path))) &&
    (step.when?.fallback === undefined ||
      (loadMapping(variant.mapping).objects.User.fallback ?? []).length > 0 === step.when.fallback)
  );
}

/** The body for this run's dialect, else for its attribute mapping, else the plain body. */
function bodyFor(request: NonNullable<Step['request']>, variant: Variant): unknown {
  return request.bodyFor?.[variant.dialect] ?? request.bodyFor?.[variant.mapping] ?? request.body;
}

/**
 * Entra's lookup of a scenario's user by the mapping's matching attribute (shared doc §7.8): the value
 * is the scenario variable named after the attribute (`userName`, `externalId`, `email` for the work
 * email); a matching attribute the scenario has no variable for falls back to userName.
 */
function lookupFilter(matching: string, vars: Record<string, unknown>): string {
  const name = matching === 'emails[type eq "work"].value' ? 'email' : matching.split(/[:.]/).pop()!;
  const [path, value] = vars[name] === undefined ? ['userName', vars.userName] : [matching, vars[name]];
  return `${path} eq ${JSON.stringify(String(value))}`;
}

/** Capture names that `value` references but no earlier step provided. */
function missingCaptures(value: unknown, captures: Record<string, unknown>): string[] {
  const names = new Set<string>();
  const scan = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const ref of parseTemplate(item).refs) {
        if (ref.namespace === 'captures' && captures[ref.name] === undefined) names.add(ref.name);
      }
    } else if (Array.isArray(item)) item.forEach(scan);
    else if (item && typeof item === 'object') Object.values(item).forEach(scan);
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
