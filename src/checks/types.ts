import type { Exchange } from '../http/types.js';
import type { TargetValidate } from '../schemas/target.js';

/** RFC 2119 level of the requirement a check enforces: a failed `must` fails the gate, the rest warn. */
export type Severity = 'must' | 'should' | 'may';

/**
 * What a failure does to the profile's client: `blocks` its provisioning (fails, loops, corrupts),
 * fails Microsoft's SCIM Validator or gallery review (`validator`), or nothing it depends on (`none`).
 */
export type Impact = 'blocks' | 'validator' | 'none';

/** What a failure is about, for report grouping (Allure categories, summaries). */
export type CheckCategory = 'status' | 'media-type' | 'schema' | 'semantics' | 'transport' | 'auth';

export type CheckOutcome =
  | { status: 'passed' }
  | { status: 'failed'; message: string; expected?: unknown; actual?: unknown }
  | { status: 'skipped'; reason: string };

/** Validates a value against one of the compiled JSON Schemas; returns readable errors, empty when valid. */
export type SchemaValidate = (schema: string, value: unknown) => string[];

export interface CheckContext<Args> {
  exchange: Exchange;
  args: Args;
  /** The target's base URL, for checks that compare resource locations. */
  baseUrl: string;
  validate: SchemaValidate;
  /** The target's own schema definitions from /Schemas, when discovery found them. */
  validateTarget?: TargetValidate;
}

export interface CheckDefinition<Args = Record<string, unknown>> {
  /** Stable public id, `<area>.<rule>`. */
  id: string;
  title: string;
  severity: Severity;
  /** The RFC section or Entra requirement the check enforces. */
  reference: string;
  /**
   * The sentence the grade rests on, one line: a MUST quotes a MUST/SHALL/REQUIRED of RFC 7643/7644
   * or names a documented Entra requirement whose violation breaks provisioning.
   */
  basis: string;
  category: CheckCategory;
  /** JSON Schema of the arguments a scenario may pass; validated when the scenario loads. */
  args?: Record<string, unknown>;
  /** Pure and total: decides from the exchange and arguments alone, and never throws on odd input. */
  run(ctx: CheckContext<Args>): CheckOutcome;
}

export const pass = (): CheckOutcome => ({ status: 'passed' });
export const skip = (reason: string): CheckOutcome => ({ status: 'skipped', reason });
export const fail = (message: string, detail: { expected?: unknown; actual?: unknown } = {}): CheckOutcome => ({
  status: 'failed',
  message,
  ...detail,
});

/** Identity helper that keeps the argument type of a check definition. */
export function defineCheck<Args>(definition: CheckDefinition<Args>): CheckDefinition<Args> {
  return definition;
}

/** The response's JSON body, when there is one. */
export function jsonBody(exchange: Exchange): unknown {
  return exchange.response?.json;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Guard shared by checks that need a response at all: a transport failure is reported by its own check. */
export function requireResponse(exchange: Exchange): CheckOutcome | undefined {
  return exchange.response ? undefined : skip('no response (see http.transport)');
}
