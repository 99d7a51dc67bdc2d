import { join, resolve } from 'node:path';
import { createVitest, type Vitest } from 'vitest/node';
import { EXIT } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { FailOn } from '../report/gate.js';
import type { Summary } from '../report/summary.js';
import { LiveProgress } from '../report/progress.js';
import { ScenarioProgressReporter } from '../report/terminal.js';
import { AllureResultsReporter } from '../report/allure-results.js';
import type { ClientAuth, TlsOptions } from '../http/client.js';
import type { ActionSettings } from '../scenario/engine.js';
import { RunConfigHandoff } from './handoff.js';
import { PHASE } from './phases.js';

/** The suite's imports of the harness sources (`../src/x/y.js`), and the built modules they become. */
const SOURCE_IMPORT = /^\.\.\/src\/(.+)\.js$/;
const DIST_DIR = join(PACKAGE_ROOT, 'dist');
const DIST_MODULE = new RegExp(`^${DIST_DIR.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);

/** Extra report formats beside the files: `github` writes annotations, the job summary and step outputs. */
export const REPORTERS = ['github'] as const;
export type Reporter = (typeof REPORTERS)[number];

export interface RunOptions {
  /** SCIM base URL; without it the embedded reference server is started and used. */
  target?: string;
  /** Credentials for the target (the embedded server gets a random token). */
  auth?: ClientAuth;
  tls?: TlsOptions;
  /** Requests per second at most. */
  rateLimit?: number;
  /** Leave created resources in place. */
  keep?: boolean;
  profile: string;
  /** `--mapping FILE|discover|NAME`: the attribute mapping to play instead of the profile's. */
  mapping?: string;
  scenarios: string[];
  outDir: string;
  seed: number;
  timeoutMs: number;
  /** `--runs`, `--users`, `--groups`, `--concurrency`: handed to step actions. */
  settings?: ActionSettings;
  /** Render the Allure HTML report (default true). */
  html?: boolean;
  /** Known failures accepted until a date (`--waivers FILE`). */
  waiversFile?: string;
  /** Which failures fail the exit code (`--fail-on`); `validator` for client profiles, `must` otherwise. */
  failOn?: FailOn;
  /** Run only this part of the scenarios (`--shard i/n`), for a CI matrix; `report` merges the parts. */
  shard?: { index: number; count: number };
  /** An extra report format (`--reporter`). */
  reporter?: Reporter;
  /** Where progress and the verdict go (stdout by default). */
  log?: (line: string) => void;
}

export interface RunOutcome {
  exitCode: number;
  summary?: Summary;
}

/** Runs the selected scenarios through Vitest against the target and writes the reports. */
export async function run(options: RunOptions): Promise<RunOutcome> {
  const write = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // A live line on a terminal; none when the output is a file, a pipe or a test's log.
  const progress = await LiveProgress.start(write, !options.log && process.stdout.isTTY ? process.stdout : undefined);
  try {
    return await runWith(options, (line) => progress.log(line));
  } finally {
    progress.stop();
  }
}

async function runWith(options: RunOptions, log: (line: string) => void): Promise<RunOutcome> {
  const outDir = resolve(options.outDir);
  const resultsDir = join(outDir, 'allure-results');
  // Vitest starts first: its worker loads the suite (about a second) while this process reads the
  // input, starts the server and runs discovery, then gets the run's configuration through the handoff.
  const handoff = new RunConfigHandoff();
  const allureResults = new AllureResultsReporter(resultsDir);
  const vitest = await createVitest(
    'test',
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
      provide: { scimConformanceRun: handoff.name },
      // The suite's imports of the harness run as built (below), natively: Vite need not transform them.
      server: { deps: { external: [DIST_MODULE] } },
      reporters: [new ScenarioProgressReporter(log), allureResults],
    },
    { resolve: { alias: [{ find: SOURCE_IMPORT, replacement: `${DIST_DIR}/$1.js` }] } },
  );
  const suite = runUntilSignal(vitest);
  performance.mark(PHASE.vitest);
  try {
    // Loaded now, so that loading it (YAML, undici, the server, the reports) overlaps the worker's start-up.
    const { execute } = await import('./execute.js');
    return await execute({
      options,
      log,
      outDir,
      resultsDir,
      vitest,
      suite,
      handoff,
      allureResults: allureResults.writer,
    });
  } finally {
    if (!handoff.sent) {
      // Called off before any scenario ran: the worker defines no test, and Vitest winds down.
      handoff.send(null);
      await withTimeout(suite, 5_000);
    }
    handoff.close();
  }
}

/**
 * Runs the suite; on SIGINT/SIGTERM cancels it and returns the signal's name. Vitest installs its
 * own signal handlers that exit the process at once, which would skip cleanup: they are replaced.
 */
async function runUntilSignal(vitest: Vitest): Promise<string | undefined> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.off(signal, listener);
  }
  let onSignal: (signal: string) => void = () => {};
  const signalled = new Promise<string>((resolve) => (onSignal = resolve));
  const handler = (signal: NodeJS.Signals) => onSignal(signal);
  process.once('SIGINT', handler).once('SIGTERM', handler);
  try {
    const outcome = await Promise.race([vitest.start().then(() => undefined), signalled]);
    if (outcome) {
      // A second signal while cleaning up aborts at once.
      process
        .once('SIGINT', () => process.exit(EXIT.interrupted))
        .once('SIGTERM', () => process.exit(EXIT.interrupted));
      await withTimeout(vitest.cancelCurrentRun('keyboard-input'), 2_000);
    }
    return outcome;
  } finally {
    process.off('SIGINT', handler).off('SIGTERM', handler);
    await withTimeout(vitest.close(), 5_000);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
