import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startVitest } from 'vitest/node';
import { HarnessError, EXIT } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { startReferenceServer } from '../reference-server/index.js';
import { failureText } from '../report/failure-text.js';
import { toJUnit } from '../report/junit.js';
import { buildSummary, isGateFailure, type Summary } from '../report/summary.js';
import { ScenarioProgressReporter, verdictLine } from '../report/terminal.js';
import { loadScenario } from '../scenario/load.js';
import type { ScenarioResult } from '../scenario/results.js';
import type { WorkerRunConfig } from './context.js';
import { loadProfile, selectScenarioFiles } from './select.js';

export interface RunOptions {
  /** SCIM base URL; without it the embedded reference server is started and used. */
  target?: string;
  token?: string;
  profile: string;
  scenarios: string[];
  outDir: string;
  seed: number;
  timeoutMs: number;
  /** Where progress and the verdict go (stdout by default). */
  log?: (line: string) => void;
}

export interface RunOutcome {
  exitCode: number;
  summary?: Summary;
}

/** Runs the selected scenarios through Vitest against the target and writes the reports. */
export async function run(options: RunOptions): Promise<RunOutcome> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const profile = loadProfile(options.profile);
  const scenarioFiles = selectScenarioFiles(profile, options.scenarios);
  scenarioFiles.forEach(loadScenario); // fail fast, before anything touches the target
  if (options.target && !options.token) throw new HarnessError('E_USAGE', 'a --target needs a token: pass --token or set SCIM_TOKEN');

  const outDir = resolve(options.outDir);
  const resultsDir = join(outDir, 'allure-results');
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = options.target ? undefined : await startReferenceServer({ token });
  const baseUrl = options.target ?? server!.baseUrl;
  const startedAt = new Date();
  log(`scim-conformance: profile ${profile.name}, ${scenarioFiles.length} scenario(s) against ${server ? `the embedded reference server (${baseUrl})` : baseUrl}, seed ${options.seed}`);
  try {
    const worker: WorkerRunConfig = {
      baseUrl,
      token,
      profile: profile.name,
      variant: { dialect: profile.dialect, mapping: profile.mapping },
      required: profile.requires,
      seed: options.seed,
      runTag: `scimconf-${randomBytes(3).toString('hex')}`,
      timeoutMs: options.timeoutMs,
      scenarioFiles,
    };
    const vitest = await startVitest(
      'test',
      [],
      {
        config: false,
        root: PACKAGE_ROOT,
        include: ['suites/scenarios.suite.ts'],
        watch: false,
        cache: false,
        pool: 'threads',
        fileParallelism: false,
        testTimeout: 0,
        hookTimeout: 60_000,
        provide: { scimConformance: worker },
        reporters: [new ScenarioProgressReporter(log), ['allure-vitest/reporter', { resultsDir }]],
      },
      {},
    );
    await vitest.close();
    const results: ScenarioResult[] = [];
    const broken: string[] = [];
    for (const module of vitest.state.getTestModules()) {
      for (const error of module.errors()) broken.push(error.message);
      for (const test of module.children.allTests()) {
        const result = test.meta().scenarioResult;
        if (result) results.push(result);
        else broken.push(`${test.name}: ${test.result().errors?.[0]?.message ?? 'did not run'}`);
      }
    }
    for (const error of vitest.state.getUnhandledErrors()) broken.push(String((error as Error).message ?? error));
    if (broken.length > 0 || results.length === 0) {
      throw new HarnessError('E_HARNESS', `the run did not complete:\n  ${broken.join('\n  ') || 'no scenario ran'}`);
    }

    const summary = buildSummary(
      { target: server ? `${baseUrl} (embedded reference server)` : baseUrl, profile: profile.name, seed: options.seed, startedAt, durationMs: Date.now() - startedAt.getTime() },
      results,
    );
    writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(outDir, 'junit.xml'), toJUnit(summary));
    const failures = results.flatMap((r) => r.checks).filter(isGateFailure);
    if (failures.length > 0) log(`\n${failures.map(failureText).join('\n\n')}\n`);
    log(verdictLine(summary, [join(outDir, 'summary.json'), join(outDir, 'junit.xml'), resultsDir]));
    return { exitCode: summary.verdict === 'conformant' ? EXIT.conformant : EXIT.notConformant, summary };
  } finally {
    await server?.close();
  }
}
