import { createHash } from 'node:crypto';
import { HarnessError } from '../errors.js';
import type { ActionContext, StepAction } from '../scenario/engine.js';
import { PROPERTIES } from './properties/index.js';
import { recordRun } from './report.js';
import { PropertyEnv } from './session.js';

/** Bounds a property step against slow remote targets; the run counts as passed so far when hit. */
const DEFAULT_TIME_LIMIT_MS = 120_000;
/** Longest generated command sequence of a model-based case. */
const DEFAULT_MAX_COMMANDS = 20;

const integer = (value: unknown): number | undefined => (Number.isInteger(value) ? (value as number) : undefined);

/** fast-check's seed for one step: fixed by the run seed (`--seed`), distinct per step. */
function propertySeed(ctx: ActionContext): number {
  return createHash('sha256').update(`${ctx.seed}\n${ctx.scenario.name}\n${ctx.step.name}`).digest().readInt32LE(0);
}

/**
 * The `property` step action: runs a named property (src/model/properties/) with fast-check and
 * records its checks. Parameters (schemas/harness/scenario.schema.json): `property`, and optional
 * `runs` (overridden by `--runs`), `timeLimitMs` and `maxCommands`.
 */
export const propertyAction: StepAction = async (params, ctx) => {
  const property = PROPERTIES.get(String(params.property));
  if (!property) {
    throw new HarnessError(
      'E_SCENARIO',
      `${ctx.step.location}: unknown property "${String(params.property)}"; known: ${[...PROPERTIES.keys()].join(', ')}`,
    );
  }
  const env = new PropertyEnv(ctx, { maxCommands: integer(params.maxCommands) ?? DEFAULT_MAX_COMMANDS });
  const run = await property.check(env, {
    seed: propertySeed(ctx),
    numRuns: ctx.settings.runs ?? integer(params.runs) ?? property.defaultRuns,
    timeLimitMs: integer(params.timeLimitMs) ?? DEFAULT_TIME_LIMIT_MS,
  });
  await recordRun(ctx, property, env, run);
};
