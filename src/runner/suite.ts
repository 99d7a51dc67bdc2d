/**
 * The conformance suite the CLI runs through Vitest (suites/scenarios.suite.ts imports it): one test
 * per scenario, one Allure step per scenario step. Failing MUST checks fail the test; the results
 * travel to the CLI in task.meta.
 */
import { AssertionError } from 'node:assert';
import { afterAll, inject, test } from 'vitest';
import { ScimClient } from '../http/client.js';
import { allureStepReporter, describeScenario, markScenarioSeverity } from '../report/allure.js';
import { failureText } from '../report/failure-text.js';
import { isGateFailure } from '../report/summary.js';
import { ENGINE_ACTIONS } from './actions.js';
import type { WorkerRunConfig } from './context.js';
import { receiveRunConfig } from './handoff.js';
import { targetInfo } from '../scenario/discovery.js';
import { runScenario } from '../scenario/engine.js';
import { useMapping } from '../model/mapping.js';
import { TargetHealth } from '../scenario/health.js';
import { OwnedResources } from '../scenario/ownership.js';
import { schemaValidator } from '../schemas/validator.js';
import { progressPoster } from '../report/progress.js';

// Ready before the run's configuration arrives, while the CLI process runs discovery.
const validate = schemaValidator().validate;
// Null when the CLI process called the run off (discovery failed): then the suite defines no test.
const run = await receiveRunConfig(inject('scimConformanceRun'));
if (run) defineScenarioTests(run);

function defineScenarioTests(run: WorkerRunConfig): void {
  useMapping(run.mapping);
  const client = new ScimClient(run.connection);
  const owned = new OwnedResources(run.journal);
  const health = new TargetHealth();
  const target = targetInfo(run.discovery);
  const progress = progressPoster();
  afterAll(async () => {
    progress.close();
    owned.close();
    await client.close();
  });

  for (const scenario of run.scenarios) {
    test(scenario.name, async ({ task }) => {
      await describeScenario(scenario, {
        target: run.connection.baseUrl,
        profile: run.profile,
        dialect: run.variant.dialect,
        seed: run.seed,
      });
      const result = await runScenario(scenario, {
        client,
        validate: (name, value) => validate(`scim/${name}`, value),
        seed: run.seed,
        runTag: run.runTag,
        variant: run.variant,
        required: run.required,
        target,
        outDir: run.outDir,
        settings: run.settings,
        health,
        keep: run.keep,
        ...(run.clientImpact && { clientImpact: run.clientImpact }),
        reporter: allureStepReporter,
        owned,
        actions: ENGINE_ACTIONS,
        progress: progress.post,
      });
      task.meta.scenarioResult = result;
      await markScenarioSeverity(result.checks);
      const failures = result.checks.filter(isGateFailure);
      // An assertion failure, so Allure reports non-conformance as "failed" and keeps "broken" for harness errors.
      if (failures.length > 0) throw new AssertionError({ message: failures.map(failureText).join('\n\n') });
    });
  }
}
