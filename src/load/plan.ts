import { HarnessError } from '../errors.js';
import type { ActionSettings } from '../scenario/engine.js';

/** What a load cycle does, from the step's parameters and the command line (which wins). */
export interface Plan {
  users: number;
  groups: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Members per PATCH Add when a group is first filled. */
  memberBatch: number;
  /** Incremental cycle: users updated, users disabled, users moved to another group. */
  updates: number;
  disables: number;
  moves: number;
  /** Users and groups read back to verify their final state, besides every one the incremental cycle changed. */
  samples: number;
  /** Requests per second the target should sustain (the `load.throughput` check). */
  minimumRps: number;
}

const DEFAULTS: Plan = {
  users: 100,
  groups: 10,
  concurrency: 8,
  memberBatch: 10,
  updates: 5,
  disables: 5,
  moves: 5,
  samples: 10,
  minimumRps: 25,
};

/** The least value of each parameter; the scenario schema says the same for values written in YAML. */
const MINIMUM: Partial<Record<keyof Plan, number>> = { concurrency: 1, memberBatch: 1 };

export function planOf(params: Record<string, unknown>, settings: ActionSettings): Plan {
  const overrides: Partial<Plan> = {
    users: settings.users,
    groups: settings.groups,
    concurrency: settings.concurrency,
  };
  const plan = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as Array<keyof Plan>) {
    const value = overrides[key] ?? params[key];
    if (value === undefined) continue;
    const least = MINIMUM[key] ?? 0;
    const valid = key === 'minimumRps' ? typeof value === 'number' : Number.isInteger(value);
    if (!valid || (value as number) < least) {
      throw new HarnessError(
        'E_SCENARIO',
        `load: "${key}" must be a ${key === 'minimumRps' ? 'number' : 'whole number'} of at least ${least}, got ${JSON.stringify(value)}`,
      );
    }
    plan[key] = value as number;
  }
  return plan;
}
