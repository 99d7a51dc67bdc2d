import fc from 'fast-check';
import { PropertyFailure, Session, type PropertyEnv } from '../session.js';

/** What fast-check found: how far it got and, on failure, the shrunk case. */
export interface PropertyRun {
  seed: number;
  numRuns: number;
  numShrinks: number;
  /** Stopped by the time limit before `numRuns` cases (fast-check's interruptAfterTimeLimit). */
  interrupted: boolean;
  failure?: {
    error: PropertyFailure;
    /** The shrunk counterexample as reported: the generated value, or the commands that ran. */
    counterexample: unknown;
    /** fast-check's replay path of the shrunk case, with `seed`. */
    path: string;
  };
}

export interface RunParameters {
  seed: number;
  numRuns: number;
  timeLimitMs: number;
}

/** A property the `property` step action can run, its generated type kept inside. */
export interface PropertyDefinition {
  name: string;
  /** The checks the property decides; a failure may also come from http.transport, http.status or resource.id. */
  checks: readonly string[];
  defaultRuns: number;
  check(env: PropertyEnv, parameters: RunParameters): Promise<PropertyRun>;
}

interface PropertySpec<T> {
  name: string;
  checks: readonly string[];
  defaultRuns: number;
  arbitrary(env: PropertyEnv): fc.Arbitrary<T>;
  /** One case: its requests go through `session`, which cleans up after it. */
  run(input: T, session: Session, env: PropertyEnv): Promise<void>;
  /** The counterexample as reported; the generated value by default. */
  counterexample?(failure: PropertyFailure): unknown;
}

/**
 * A property over generated cases, each run in its own Session. fast-check shrinks a failing case
 * to a minimal one; any error but a PropertyFailure is a harness error and is rethrown.
 */
export function defineProperty<T>(spec: PropertySpec<T>): PropertyDefinition {
  return {
    name: spec.name,
    checks: spec.checks,
    defaultRuns: spec.defaultRuns,
    async check(env, { seed, numRuns, timeLimitMs }) {
      // Shrinking runs more cases than numRuns: the count stays at its total meanwhile.
      let cases = 0;
      const property = fc.asyncProperty(spec.arbitrary(env), async (input) => {
        const session = new Session(env);
        try {
          await spec.run(input, session, env);
        } finally {
          await session.cleanup();
          env.ctx.progress(Math.min(++cases, numRuns), numRuns, 'cases');
        }
      });
      const details = await fc.check(property, { seed, numRuns, plugins: [fc.interruptAfterTimeLimit(timeLimitMs)] });
      const run = {
        seed: details.seed,
        numRuns: details.numRuns,
        numShrinks: details.numShrinks,
        interrupted: details.interrupted,
      };
      if (!details.failed) return run;
      const error = details.errorInstance;
      if (!(error instanceof PropertyFailure) || details.counterexample === null) {
        throw error instanceof Error ? error : new Error(`property ${spec.name} could not generate its cases`);
      }
      // The plugin is typed Plugin<unknown>, which widens the run's value type to unknown.
      const [input] = details.counterexample as [T];
      return {
        ...run,
        failure: { error, counterexample: spec.counterexample?.(error) ?? input, path: details.counterexamplePath },
      };
    },
  };
}
