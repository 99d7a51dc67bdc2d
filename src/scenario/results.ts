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
}
