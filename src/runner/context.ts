import type {} from 'vitest';
import type { ScimClientOptions } from '../http/client.js';
import type { ScenarioResult } from '../scenario/results.js';
import type { Discovery } from '../scenario/discovery.js';
import type { AttributeMapping } from '../model/mapping.js';
import type { ActionSettings } from '../scenario/engine.js';
import type { Capability, Scenario, Variant } from '../scenario/types.js';
import type { Impact } from '../checks/types.js';

/** What the CLI process hands the Vitest workers (in memory, never on disk: it holds the token). */
export interface WorkerRunConfig {
  /** Everything the workers' SCIM client needs, credentials included. */
  connection: ScimClientOptions;
  profile: string;
  /** The profile's client's impact overrides per check id; absent for rfc7644. */
  clientImpact?: Readonly<Record<string, { impact: Impact }>>;
  variant: Variant;
  /** The attribute mapping the run plays (the variant's mapping by name, or the app's own from `--mapping`). */
  mapping: AttributeMapping;
  /** Features the profile's client depends on, never skipped. */
  required: Capability[];
  seed: number;
  runTag: string;
  /** The scenarios to run, loaded and validated once, by the CLI process. */
  scenarios: Scenario[];
  settings: ActionSettings;
  outDir: string;
  /** Append-only record of created resources, so an interrupted run can still clean up. */
  journal: string;
  /** What the target said about itself before the run. */
  discovery: Discovery;
  /** Leave what the run created in place (`--keep`), for debugging. */
  keep: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The BroadcastChannel the run's WorkerRunConfig comes on (src/runner/handoff.ts). */
    scimConformanceRun: string;
  }
  interface TaskMeta {
    scenarioResult?: ScenarioResult;
  }
}
