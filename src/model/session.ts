import type { CheckOutcome } from '../checks/types.js';
import type { Exchange } from '../http/types.js';
import type { ActionContext } from '../scenario/engine.js';
import { parseTemplate, render, type TemplateContext } from '../scenario/template.js';
import type { CheckUse } from '../scenario/types.js';
import { userAttributes, type UserAttributes } from './attributes.js';
import { loadMapping } from './mapping.js';

/**
 * One generated request, written like a scenario step: its path and body may hold `{{run.tag}}`
 * and `{{captures.<label>}}`, its checks name registered checks with the values the model predicts.
 */
export interface Probe {
  /** What the request does (`Create user u1`): the step name in a replay. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the base URL, with the query string already encoded. */
  path: string;
  body?: unknown;
  checks: CheckUse[];
  /** For a POST: the label the created resource's id is captured as. */
  creates?: string;
}

/** A probe and the exchange it produced. */
export interface Sent {
  probe: Probe;
  exchange: Exchange;
}

/** A check that failed on a generated request; fast-check shrinks the case that threw it. */
export class PropertyFailure extends Error {
  readonly check: CheckUse;
  readonly outcome: Extract<CheckOutcome, { status: 'failed' }>;
  /** Every request of the failing case, up to and including the failing one. */
  readonly transcript: readonly Sent[];
  /** What the failing case did, command by command (model-based runs). */
  readonly steps: readonly string[];
  /** The failing case's `{{run.tag}}`. */
  readonly tag: string;

  constructor(check: CheckUse, outcome: Extract<CheckOutcome, { status: 'failed' }>, session: Session) {
    super(`${check.id}: ${outcome.message}`);
    this.name = 'PropertyFailure';
    this.check = check;
    this.outcome = outcome;
    this.transcript = session.transcript;
    this.steps = session.steps;
    this.tag = session.tag;
  }
}

/** What the cases of one property step share: the step's context, and which checks were exercised. */
export class PropertyEnv {
  readonly ctx: ActionContext;
  /** Longest command sequence of a model-based case. */
  readonly maxCommands: number;
  /** Per check id, how many generated requests passed it. */
  readonly passed = new Map<string, number>();

  /** What generated Users carry: the profile's mapping, less what the target's /Schemas leaves out. */
  readonly userAttributes: UserAttributes;

  constructor(ctx: ActionContext, options: { maxCommands: number }) {
    this.ctx = ctx;
    this.maxCommands = options.maxCommands;
    this.userAttributes = userAttributes(loadMapping(ctx.variant.mapping), ctx.target?.schemas);
  }

  /** The last unanswered exchange once the target stopped answering (the run's shared health). */
  get down(): Exchange | undefined {
    return this.ctx.health.down;
  }

  async send(method: string, path: string, body: unknown): Promise<Exchange> {
    const down = this.down;
    if (down) return down;
    const exchange = await this.ctx.send(
      { method, path, ...(body !== undefined && { body }) },
      // Thousands of generated requests would drown the report; failures carry their own transcript.
      { report: false },
    );
    return exchange;
  }

  evaluate(use: CheckUse, exchange: Exchange): CheckOutcome {
    const outcome = this.ctx.evaluate(use, exchange);
    if (outcome.status === 'passed') this.passed.set(use.id, (this.passed.get(use.id) ?? 0) + 1);
    return outcome;
  }
}

/** What probe templates resolve to: the run's tag and seed, and the captured ids (no `{{gen.*}}`, no vars). */
export function probeTemplates(
  captures: Record<string, string>,
  run: { runTag: string; seed: number },
): TemplateContext {
  return {
    vars: {},
    captures,
    run: { tag: run.runTag, seed: run.seed },
    gen: (name) => {
      throw new Error(`{{gen.${name}}} is not available to generated requests`);
    },
  };
}

/** Cases are numbered across the process: the scenarios of a run share the target and the run tag. */
let cases = 0;

const TRANSPORT: CheckUse = { id: 'http.transport', args: {} };
const CREATED_ID: CheckUse = { id: 'resource.id', args: {} };

/**
 * One generated case against the target: sends probes, evaluates their checks (throwing a
 * PropertyFailure at the first that fails), owns what it creates and deletes it at the end, so
 * every case starts from the same target state and shrinking replays cases faithfully.
 */
export class Session {
  readonly transcript: Sent[] = [];
  readonly steps: string[] = [];
  /**
   * `{{run.tag}}` in this case. Each case names its resources afresh, so a target that fails to
   * delete one (soft delete, failed cleanup) cannot make a later case, or a shrink, collide with it.
   */
  readonly tag: string;
  readonly #env: PropertyEnv;
  readonly #captures: Record<string, string> = {};
  /** The answer to each create, to explain a follow-up that has no id to address. */
  readonly #creations = new Map<string, Exchange>();
  /** Paths this case created and has not deleted, oldest first. */
  #live: string[] = [];

  constructor(env: PropertyEnv) {
    this.#env = env;
    this.tag = `${env.ctx.runTag}-${++cases}`;
  }

  get #templates(): TemplateContext {
    return probeTemplates(this.#captures, { runTag: this.tag, seed: this.#env.ctx.seed });
  }

  /** Notes what a command did, for the counterexample of a model-based run. */
  note(step: string): void {
    this.steps.push(step);
  }

  async send(probe: Probe): Promise<Exchange> {
    this.#assertCreated(probe);
    const request = render({ path: probe.path, body: probe.body }, this.#templates);
    const { path, body } = request as { path: string; body?: unknown };
    const exchange = await this.#env.send(probe.method, path, body);
    this.transcript.push({ probe, exchange });
    const status = exchange.response?.status ?? 0;
    if (probe.creates) {
      this.#creations.set(probe.creates, exchange);
      this.#own(probe.creates, path, exchange);
    }
    if (probe.method === 'DELETE' && ((status >= 200 && status < 300) || status === 404)) {
      this.#live = this.#live.filter((live) => live !== path);
    }
    for (const use of [TRANSPORT, ...probe.checks]) {
      const rendered = { ...use, args: render(use.args, this.#templates) as Record<string, unknown> };
      const outcome = this.#env.evaluate(rendered, exchange);
      if (outcome.status === 'failed') throw new PropertyFailure(rendered, outcome, this);
    }
    return exchange;
  }

  /** Deletes what the case created, newest first; the engine's cleanup retries what is left. */
  async cleanup(): Promise<void> {
    for (const path of [...this.#live].reverse()) await this.#env.send('DELETE', path, undefined);
    this.#live = [];
  }

  /** A probe may only address resources the case created: a create that gave no id fails the case here. */
  #assertCreated(probe: Probe): void {
    const refs = parseTemplate(JSON.stringify([probe.path, probe.body ?? null])).refs;
    const missing = refs.find((ref) => ref.namespace === 'captures' && this.#captures[ref.name] === undefined);
    if (!missing) return;
    const created = this.#creations.get(missing.name)?.response;
    const message = `the create of ${missing.name} answered ${created ? `HTTP ${created.status}` : 'nothing'} without a resource id to follow up on`;
    throw new PropertyFailure(
      CREATED_ID,
      {
        status: 'failed',
        message,
        expected: 'a created resource with an id',
        actual: created?.body.slice(0, 200) ?? null,
      },
      this,
    );
  }

  /** Captures a created resource's id and registers it, so the ownership guard lets the case change it. */
  #own(label: string, endpoint: string, exchange: Exchange): void {
    const { status = 0, json } = exchange.response ?? {};
    const id = (json as { id?: unknown } | undefined)?.id;
    if (status < 200 || status > 299 || typeof id !== 'string' || id === '') return;
    const path = `${endpoint}/${id}`;
    this.#captures[label] = id;
    this.#env.ctx.owned.register(path);
    this.#live.push(path);
  }
}
