import fc from 'fast-check';
import { forEachConcurrently } from '../../load/pool.js';
import { PropertyFailure, Session, type PropertyEnv } from '../session.js';

/**
 * Cases in flight at once: each works on resources of its own, and one's round trips overlap the
 * others' work, as when Entra provisions in parallel.
 */
export const CONCURRENT_CASES = 4;

/** What fast-check found: how far it got and, on failure, the shrunk case. */
export interface PropertyRun {
  seed: number;
  numRuns: number;
  numShrinks: number;
  /** Stopped by the time limit before `numRuns` cases (fast-check's interruptAfterTimeLimit). */
  interrupted: boolean;
  failure?: {
    error: PropertyFailure;
    /** It failed while other cases ran, and passed when run again alone: not shrunk. */
    concurrentOnly?: boolean;
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
 * A property over generated cases, each run in its own Session. The cases fast-check generates
 * for the seed run CONCURRENT_CASES at a time; when one fails, fast-check runs them again one at a
 * time from the same seed and shrinks the first that fails to a minimal case. Any error but a
 * PropertyFailure is a harness error and is rethrown.
 */
export function defineProperty<T>(spec: PropertySpec<T>): PropertyDefinition {
  return {
    name: spec.name,
    checks: spec.checks,
    defaultRuns: spec.defaultRuns,
    async check(env, { seed, numRuns, timeLimitMs }) {
      const arbitrary = spec.arbitrary(env);
      // Shrinking runs more cases than numRuns: the count stays at its total meanwhile.
      let cases = 0;
      const runCase = async (input: T) => {
        const session = new Session(env);
        try {
          await spec.run(input, session, env);
        } finally {
          await session.cleanup();
          env.ctx.progress(Math.min(++cases, numRuns), numRuns, 'cases');
        }
      };
      // The inputs fast-check generates for this seed, in its order: a property that only collects them.
      const inputs: T[] = [];
      fc.check(
        fc.property(arbitrary, (input) => void inputs.push(input)),
        { seed, numRuns },
      );
      const deadline = performance.now() + timeLimitMs;
      let passed = 0;
      let first: { index: number; input: T; error: PropertyFailure } | undefined;
      await forEachConcurrently(
        inputs.length,
        CONCURRENT_CASES,
        async (index) => {
          try {
            await runCase(inputs[index]);
            passed++;
          } catch (error) {
            if (!(error instanceof PropertyFailure)) throw error;
            if (!first || index < first.index) first = { index, input: inputs[index], error };
          }
        },
        () => first !== undefined || performance.now() >= deadline,
      );
      if (!first) return { seed, numRuns: passed, numShrinks: 0, interrupted: passed < inputs.length };

      const property = fc.asyncProperty(arbitrary, runCase);
      const details = await fc.check(property, { seed, numRuns, plugins: [fc.interruptAfterTimeLimit(timeLimitMs)] });
      const run = {
        seed: details.seed,
        numRuns: details.numRuns,
        numShrinks: details.numShrinks,
        interrupted: details.interrupted,
      };
      if (!details.failed) {
        // It failed beside other cases and passed alone (a race in the target, or a time limit hit
        // before reaching it): reported as it failed, unshrunk; fast-check's path of a case is its index.
        const { index, input, error } = first;
        return {
          seed,
          numRuns: index + 1,
          numShrinks: 0,
          interrupted: false,
          failure: {
            error,
            concurrentOnly: true,
            counterexample: spec.counterexample?.(error) ?? input,
            path: String(index),
          },
        };
      }
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
