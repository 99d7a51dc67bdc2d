import type { ScenarioResult } from '../scenario/results.js';

/** What the CLI process hands the Vitest workers (in memory, never on disk: it holds the token). */
export interface WorkerRunConfig {
  baseUrl: string;
  token: string;
  profile: string;
  seed: number;
  runTag: string;
  timeoutMs: number;
  scenarioFiles: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    scimConformance: WorkerRunConfig;
  }
  interface TaskMeta {
    scenarioResult?: ScenarioResult;
  }
}
