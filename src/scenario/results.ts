import type { CheckCategory, Impact, Severity } from '../checks/types.js';
import type { LoadFigures } from '../load/figures.js';

/** One check evaluated on one step: the unit of summary.json, JUnit and the certificate. */
export interface CheckResult {
  id: string;
  scenario: string;
  step: string;
  title: string;
  severity: Severity;
  /** Impact on the profile's client (client profiles only; rfc7644 grades by severity alone). */
  impact?: Impact;
  status: 'passed' | 'failed' | 'skipped';
  category: CheckCategory;
  message?: string;
  /** What the target answered on a failed check's error response: the SCIM error, or the start of the body (redacted). */
  serverSaid?: string;
  reference?: string;
  /** A runnable curl command for the request behind a failure; the token is `$SCIM_TOKEN`. */
  reproduce?: string;
  expected?: unknown;
  actual?: unknown;
  /** `file:line:col` of the step in its scenario. */
  location?: string;
  /** For generated-data failures: the shrunk input, with the seed and path that replay it. */
  counterexample?: unknown;
  /** For generated-data failures: a replayable scenario file written to the output folder. */
  replay?: string;
  /** A failure accepted by the waivers file until `expires`: shown, but not held against the gate. */
  waived?: { reason: string; expires: string };
}

/** What a probing step saw of an optional feature (see Step.probes). */
export interface CapabilityObservation {
  feature: string;
  /** What /ServiceProviderConfig says of it; absent when it says nothing (or has no field for it). */
  claimed?: boolean;
  /**
   * `supported`: answered; `refused (allowed)`: 501, 400 invalidFilter, or 400/404 for a feature the
   * target does not claim; `refused`: any other refusal, reported among the failures; `not tested`:
   * the step was skipped.
   */
  observed: 'supported' | 'refused (allowed)' | 'refused' | 'not tested';
  /** `scenario › step`. */
  where: string;
  /** The refusal's status and detail, or why the step was skipped. */
  detail?: string;
}

/** How much the target accepted between its first and last 429/503. */
export interface ThrottledSpan {
  accepted: number;
  ms: number;
}

/** The span between the first and last of a client's 429/503 marks (see ScimClient.throttleMarks). */
export function throttledSpan(marks: ReadonlyArray<readonly [number, number]>): ThrottledSpan | undefined {
  if (marks.length < 2) return undefined;
  const [firstAt, firstAccepted] = marks[0];
  const [lastAt, lastAccepted] = marks[marks.length - 1];
  return { accepted: lastAccepted - firstAccepted, ms: Math.round(lastAt - firstAt) };
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  file: string;
  tutorial?: { step: number; title: string };
  checks: CheckResult[];
  /** Resources the scenario created and could not delete. */
  leftovers: string[];
  /** 429/503 answers the target gave during the scenario (retried, honouring Retry-After). */
  throttled: number;
  /** From its first 429/503 to its last: the answers the target accepted, and the milliseconds. */
  throttledSpan?: ThrottledSpan;
  /** What a load step measured. */
  load?: LoadFigures;
  /** What the scenario's probing steps saw of optional features. */
  capabilities?: CapabilityObservation[];
}
