import { HarnessError, isHarnessError } from '../errors.js';
import { toCurl } from '../http/curl.js';
import { serverSaid } from '../http/server-said.js';
import type { ScimClient } from '../http/client.js';
import type { Answer, Exchange, HttpRequest } from '../http/types.js';
import { CHECKS, DEFAULT_CHECK_IDS, DEFAULT_IMPACT, EXPECTED_BODY_CHECK_IDS, runCheck } from '../checks/registry.js';
import type { CheckOutcome, Impact, SchemaValidate } from '../checks/types.js';
import { resolvePointer } from '../checks/json.js';
import type { LoadFigures } from '../load/figures.js';
import { deleteOwned } from './cleanup.js';
import type { TargetInfo } from './discovery.js';
import { TargetHealth } from './health.js';
import { createdId, OwnedResources } from './ownership.js';
import { generators, seededRandom } from './random.js';
import { throttledSpan, type CapabilityObservation, type CheckResult, type ScenarioResult } from './results.js';
import { parseTemplate, render, type TemplateContext } from './template.js';
import { mappedBody } from '../model/mapped-body.js';
import { declares, loadMapping, mappedAttributes } from '../model/mapping.js';
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
  /**
   * Sends a request through the ownership guard, out of the report, and gives its answer parsed and
   * redacted only as far as it is read: a load cycle's requests, mostly judged by their status.
   */
  ask(request: HttpRequest): Promise<Answer>;
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
  /** Work done so far out of `total` (`unit`: "cases", "operations"), for the live progress line. */
  progress(done: number, total: number, unit: string): void;
}

/** Where a scenario is, for the live progress line (src/report/progress.ts). */
export interface ProgressUpdate {
  scenario: string;
  step: string;
  /** 1-based position of the step among the scenario's steps. */
  position: number;
  steps: number;
  work?: { done: number; total: number; unit: string };
}

/** Work updates are passed on at most this often (the last one of a step always). */
const PROGRESS_INTERVAL_MS = 250;

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
  /** Told when a step starts and how far its action's work is. */
  progress?: (update: ProgressUpdate) => void;
  /** The profile's client: every result gets its impact on it (step use, then these overrides, then the registry). */
  clientImpact?: Readonly<Record<string, { impact: Impact }>>;
}

/** Runs one scenario: each step is one engine action (a request, or a named action); cleanup always runs. */
export async function runScenario(scenario: Scenario, options: EngineOptions): Promise<ScenarioResult> {
  const reporter = options.reporter ?? silentReporter;
  const owned = options.owned ?? new OwnedResources();
  const health = options.health ?? new TargetHealth();
  const throttledBefore = options.client.throttled;
  const marksBefore = options.client.throttleMarks.length;
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
  const capabilities: CapabilityObservation[] = [];
  let load: LoadFigures | undefined;
  const record = async (result: CheckResult, use?: CheckUse) => {
    const graded = options.clientImpact ? { ...result, impact: impactOf(result, use, options.clientImpact) } : result;
    results.push(graded);
    await reporter.check(graded);
  };
  const failureDetail = (outcome: CheckOutcome, exchange: Exchange) => {
    if (outcome.status !== 'failed') return {};
    const said = serverSaid(exchange);
    return { reproduce: toCurl(exchange), ...(said && { serverSaid: said }) };
  };
  const evaluate = (use: CheckUse, exchange: Exchange) =>
    runCheck(CHECKS.get(use.id)!, {
      exchange,
      args: use.args,
      baseUrl: options.client.baseUrl,
      validate: options.validate,
      ...(options.target?.validateTarget && { validateTarget: options.target.validateTarget }),
    });
  let current: Step | undefined;
  const ask = async (request: HttpRequest) => {
    guardMutation(owned, request, scenario, current);
    const answered = owned.creating(request.method, request.path, request.body);
    const answer = await options.client.ask(request);
    answered?.(createdId(answer));
    health.observe(answer);
    const status = answer.status;
    if (request.method === 'DELETE' && status !== undefined && (status < 300 || status === 404)) {
      owned.markDeleted(request.path);
    }
    return answer;
  };
  const send = async (request: HttpRequest, report = true) => {
    const { exchange } = await ask(request);
    if (report) await reporter.exchange(exchange, toCurl(exchange));
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
    const probe = step.probes === undefined ? undefined : observe(step.probes, exchange, options.target);
    if (probe) capabilities.push({ ...probe, where: `${scenario.name} › ${step.name}` });
    const refusedAllowed = probe?.observed === 'refused (allowed)';
    const explicit = step.checks.map((use) => ({ ...use, args: render(use.args, ctx) as Record<string, unknown> }));
    // A DELETE answer is never the resource, whatever body it carries (RFC 7644 §3.6).
    const implicit = DEFAULT_CHECK_IDS.filter(
      (id) =>
        !explicit.some((use) => use.id === id) && !(request.method === 'DELETE' && EXPECTED_BODY_CHECK_IDS.has(id)),
    ).map((id) => ({ id, args: {} }));
    const outcomes = [...explicit, ...implicit].map((use) => ({ use, outcome: evaluate(use, exchange) }));
    const statusFailed = outcomes.some(({ use, outcome }) => use.id === 'http.status' && outcome.status === 'failed');
    for (const { use, outcome: evaluated } of outcomes) {
      // One root failure per response: a wrong status makes the body checks moot.
      // An allowed refusal of a probed feature is a capability, not a failure: the step's own checks are moot.
      const outcome: CheckOutcome =
        refusedAllowed && explicit.includes(use)
          ? { status: 'skipped', reason: `refused (allowed): ${probe?.detail}` }
          : statusFailed && EXPECTED_BODY_CHECK_IDS.has(use.id)
            ? { status: 'skipped', reason: 'because http.status failed' }
            : evaluated;
      // A default check that does not apply is not news; an explicit one that is skipped is.
      if (outcome.status === 'skipped' && !explicit.includes(use)) continue;
      await record({ ...resultFor(scenario, step, use, outcome), ...failureDetail(outcome, exchange) }, use);
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
      ask,
      check: async (id, exchange, args = {}, extra = {}) => {
        const use: CheckUse = {
          id,
          args,
          ...(extra.severity && { severity: extra.severity }),
          ...(extra.reference && { reference: extra.reference }),
        };
        const outcome = evaluate(use, exchange);
        await record(
          {
            ...resultFor(scenario, step, use, outcome),
            ...failureDetail(outcome, exchange),
            ...(extra.counterexample !== undefined && { counterexample: extra.counterexample }),
            ...(extra.replay !== undefined && { replay: extra.replay }),
          },
          step.checks.find((u) => u.id === id),
        );
        return outcome;
      },
      record: (result) =>
        record(
          { ...result, scenario: scenario.name, step: step.name, location: step.location },
          step.checks.find((use) => use.id === result.id),
        ),
      evaluate,
      health,
      setLoad: (figures) => {
        load = figures;
      },
      progress: (done, total, unit) => {
        const now = performance.now();
        if (done < total && now - lastProgressAt < PROGRESS_INTERVAL_MS) return;
        lastProgressAt = now;
        options.progress?.({ ...stepProgress(step), work: { done, total, unit } });
      },
    });
  };

  let lastProgressAt = 0;
  const stepProgress = (step: Step) => ({
    scenario: scenario.name,
    step: step.name,
    position: scenario.steps.indexOf(step) + 1,
    steps: scenario.steps.length,
  });

  let leftovers: string[] = [];
  try {
    const auth = options.client.usesClientCredentials ? 'oauth' : 'token';
    for (const step of scenario.steps.filter((s) => appliesTo(s, options.variant, auth, options.target))) {
      options.progress?.(stepProgress(step));
      current = step;
      await reporter.step(step.name, async () => {
        const skipReason =
          health.downReason ??
          unsupportedReason(step, options) ??
          missingReason(step, options.variant, captures, captureSource);
        if (skipReason) {
          if (step.probes !== undefined) {
            capabilities.push({
              feature: step.probes,
              ...claimOf(step.probes, options.target),
              observed: 'not tested',
              where: `${scenario.name} › ${step.name}`,
              detail: skipReason,
            });
          }
          for (const use of step.checks)
            await record(resultFor(scenario, step, use, { status: 'skipped', reason: skipReason }), use);
          return;
        }
        if (step.action) return runActionStep(step, step.action);
        const request = step.request!;
        for (let time = 0; time < (step.repeat ?? 1); time++) {
          await runRequestStep(
            step,
            render({ ...request, body: bodyFor(request, options.variant) }, ctx) as typeof request,
          );
        }
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
    ...spanOf(options.client.throttleMarks.slice(marksBefore)),
    ...(load && { load }),
    ...(capabilities.length > 0 && { capabilities }),
  };
}

/** What /ServiceProviderConfig claims of a probed feature: `filter.sw` falls under `filter`; /Me and PUT have no claim. */
function claimOf(feature: string, target: TargetInfo | undefined): { claimed?: boolean } {
  const claimed = target?.capabilities[feature.split('.')[0] as Capability];
  return claimed === undefined ? {} : { claimed };
}

/**
 * Reads a probing step's answer. A refusal is allowed (RFC 7644 §3.12) when it is 501 Not
 * Implemented, 400 invalidFilter for a filter ("the specified attribute and filter comparison
 * combination is not supported"), or 400/404 for a feature ServiceProviderConfig does not claim;
 * a refusal of a claimed feature contradicts the claim and stays among the failures.
 */
function observe(
  feature: string,
  exchange: Exchange,
  target: TargetInfo | undefined,
): Omit<CapabilityObservation, 'where'> {
  const claim = claimOf(feature, target);
  const response = exchange.response;
  if (!response) return { feature, ...claim, observed: 'not tested', detail: 'no answer' };
  const error = (response.json ?? {}) as { scimType?: unknown; detail?: unknown };
  const scimType = typeof error.scimType === 'string' ? error.scimType : undefined;
  const detail = [
    `${response.status}${scimType ? ` ${scimType}` : ''}`,
    ...(typeof error.detail === 'string' ? [error.detail] : []),
  ].join(': ');
  if (response.status < 400) return { feature, ...claim, observed: 'supported' };
  const allowed =
    (feature.startsWith('filter') && response.status === 400 && scimType === 'invalidFilter') ||
    (claim.claimed !== true && [400, 404, 501].includes(response.status));
  return { feature, ...claim, observed: allowed ? 'refused (allowed)' : 'refused', detail };
}

function spanOf(marks: ReadonlyArray<readonly [number, number]>): { throttledSpan?: ReturnType<typeof throttledSpan> } {
  const span = throttledSpan(marks);
  return span ? { throttledSpan: span } : {};
}

/** The ownership guard; a refusal is the scenario author's error, named by file, line and step position. */
function guardMutation(owned: OwnedResources, request: HttpRequest, scenario: Scenario, step: Step | undefined): void {
  try {
    owned.assertMayMutate(request.method, request.path);
  } catch (error) {
    if (!step || !isHarnessError(error) || error.code !== 'E_UNSAFE') throw error;
    const position = scenario.steps.indexOf(step) + 1;
    throw new HarnessError('E_UNSAFE', `${step.location} (step ${position}, "${step.name}"): ${error.message}`);
  }
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

/** A result's impact on the profile's client: the step's use says, else the profile, else the registry. */
function impactOf(
  result: CheckResult,
  use: CheckUse | undefined,
  overrides: Readonly<Record<string, { impact: Impact }>>,
): Impact {
  return use?.impact ?? overrides[result.id]?.impact ?? DEFAULT_IMPACT[result.id].impact;
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

/** `Group description` → a Group's description; any other path is a User's. */
const declaredPath = (attribute: string): ['User' | 'Group', string] =>
  attribute.startsWith('Group ') ? ['Group', attribute.slice(6)] : ['User', attribute];

function appliesTo(step: Step, variant: Variant, auth: 'token' | 'oauth', target: TargetInfo | undefined): boolean {
  return (
    (!step.when?.auth || step.when.auth.includes(auth)) &&
    (step.when?.declared ?? []).every((attribute) => declares(target?.schemas ?? [], ...declaredPath(attribute))) &&
    fitsVariant(step, variant)
  );
}

/** Whether a step runs in a profile's dialect and mapping (its `when`, what the target says aside). */
export function fitsVariant(step: Step, variant: Variant): boolean {
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
