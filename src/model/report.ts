import { join } from 'node:path';
import { CHECKS } from '../checks/registry.js';
import type { ActionContext } from '../scenario/engine.js';
import type { CheckResult } from '../scenario/results.js';
import { curlScript } from './curl-script.js';
import { CONCURRENT_CASES, type PropertyDefinition, type PropertyRun } from './properties/define.js';
import { replayScenario, writeReplay } from './replay.js';
import type { PropertyEnv } from './session.js';

type Recorded = Omit<CheckResult, 'scenario' | 'step' | 'location'>;

function described(id: string): Pick<Recorded, 'id' | 'title' | 'severity' | 'category' | 'reference'> {
  const { title, severity, category, reference } = CHECKS.get(id)!;
  return { id, title, severity, category, reference };
}

/**
 * Records one result per check the property decides: passed when generated requests passed it and
 * none failed, skipped when no case reached it, and the failure of the shrunk case with its
 * counterexample, a replay scenario and a curl script.
 */
export async function recordRun(ctx: ActionContext, property: PropertyDefinition, env: PropertyEnv, run: PropertyRun) {
  const failure = run.failure;
  const stopped = run.interrupted ? `, stopped by the time limit after ${run.numRuns} case(s)` : '';
  for (const id of property.checks.filter((check) => check !== failure?.error.check.id)) {
    const passed = env.passed.get(id) ?? 0;
    await ctx.record(
      passed > 0
        ? { ...described(id), status: 'passed', message: `held for ${passed} generated request(s)${stopped}` }
        : { ...described(id), status: 'skipped', message: `no generated case reached this check${stopped}` },
    );
  }
  if (failure) await ctx.record(failed(ctx, property, run, failure));
}

function failed(
  ctx: ActionContext,
  property: PropertyDefinition,
  run: PropertyRun,
  { error, counterexample, path, concurrentOnly }: NonNullable<PropertyRun['failure']>,
): Recorded {
  const { check, outcome, transcript } = error;
  const origin = `${property.name} in ${ctx.scenario.name} › ${ctx.step.name}`;
  const replay = ctx.outDir && join(ctx.outDir, 'replays', `${ctx.scenario.name}-${property.name}.yaml`);
  if (replay) {
    const heading = {
      name: `replay-${ctx.scenario.name}-${property.name}`,
      title: `Replay: ${check.id} fails (${origin})`,
      description: `The shrunk case of ${origin} (fast-check seed ${run.seed}, path ${path}, run seed ${ctx.seed}) as plain requests.`,
    };
    writeReplay(replay, replayScenario(heading, transcript), `Counterexample: ${JSON.stringify(counterexample)}`);
  }
  const reproduce = curlScript(transcript, {
    url: (requestPath) => ctx.client.url(requestPath),
    runTag: error.tag,
    seed: ctx.seed,
    heading: [`${check.id} fails: ${outcome.message}`, `Shrunk case of ${origin} (run seed ${ctx.seed})`],
  });
  return {
    ...described(check.id),
    status: 'failed',
    message:
      (concurrentOnly
        ? `${outcome.message}; it failed while ${CONCURRENT_CASES} cases ran at once and passed when run again ` +
          `alone (the target may mishandle concurrent requests), so it is not shrunk: ${JSON.stringify(counterexample)} `
        : `${outcome.message}; shrunk in ${run.numShrinks} step(s) to ${JSON.stringify(counterexample)} `) +
      `(--seed ${ctx.seed} replays the run${replay ? `, --scenario ${replay} this case` : ''})`,
    ...('expected' in outcome && { expected: outcome.expected }),
    ...('actual' in outcome && { actual: outcome.actual }),
    reproduce: ctx.client.redact.text(reproduce),
    counterexample: {
      property: property.name,
      seed: run.seed,
      path,
      runs: run.numRuns,
      shrinks: run.numShrinks,
      value: counterexample,
    },
    ...(replay && { replay }),
  };
}
