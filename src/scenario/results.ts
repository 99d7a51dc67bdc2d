import type { CheckCategory, Severity } from '../checks/types.js';
import type { LoadFigures } from '../load/figures.js';

/** One check evaluated on one step: the unit of summary.json, JUnit and the certificate. */
export interface CheckResult {
  id: string;
  scenario: string;
  step: string;
  title: string;
  severity: Severity;
  status: 'passed' | 'failed' | 'skipped';
  category: CheckCategory;
  message?: string;
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
  /** What a load step measured. */
  load?: LoadFigures;
  /** What the scenario's probing steps saw of optional features. */
  capabilities?: CapabilityObservation[];
}
