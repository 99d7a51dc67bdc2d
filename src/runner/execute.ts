import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Vitest } from 'vitest/node';
import { HarnessError, EXIT } from '../errors.js';
import { startReferenceServer, type RunningReferenceServer } from '../reference-server/index.js';
import { writeAllureRunInfo } from '../report/allure.js';
import { findingsReport } from '../report/failure-text.js';
import { applyWaivers } from '../report/gate.js';
import { buildSummary } from '../report/summary.js';
import { verdictLine } from '../report/terminal.js';
import { writeGithubReport } from '../report/github.js';
import { writeReports } from '../report/write.js';
import { AllureRenderer } from '../report/html.js';
import type { AllureResultsWriter } from '../report/allure-results.js';
import { ScimClient, type ScimClientOptions } from '../http/client.js';
import { discover, type Discovery } from '../scenario/discovery.js';
import { liveFromJournal } from '../scenario/ownership.js';
import { cleanUpJournal, finishJournal, journalPath, startJournal } from './journal.js';
import { throttledSpan, type ScenarioResult, type ThrottledSpan } from '../scenario/results.js';
import { loadScenario } from '../scenario/load.js';
import type { RunConfigHandoff } from './handoff.js';
import { loadProfile, selectScenarioFiles } from './select.js';
import { loadWaivers } from './waivers.js';
import { PHASE } from './phases.js';
import type { RunOptions, RunOutcome } from './run.js';
import { undeclaredAttributes } from '../model/attributes.js';
import { CUSTOM_MAPPING, loadMapping, type AttributeMapping } from '../model/mapping.js';
import { chooseMapping, discoverMapping } from '../model/mapping-source.js';

/** A run whose Vitest has started: its worker waits on `handoff` for the run's configuration. */
export interface StartedRun {
  options: RunOptions;
  log: (line: string) => void;
  outDir: string;
  resultsDir: string;
  vitest: Vitest;
  /** The suite's run: resolves with the signal that interrupted it, if one did. */
  suite: Promise<string | undefined>;
  handoff: RunConfigHandoff;
  /** Where the Allure reporter writes allure-results: the run adds its environment and categories. */
  allureResults: AllureResultsWriter;
}

/**
 * All of a run but Vitest's start: reading the input (a bad one is a usage error, exit 2, before
 * anything touches the target), the embedded server when there is no target, discovery, the
 * handoff of the run's configuration to the worker, the suite's results, cleanup on a signal, and
 * the reports.
 */
export async function execute(run: StartedRun): Promise<RunOutcome> {
  const { options, log, outDir, resultsDir, vitest, suite, handoff, allureResults } = run;
  const profile = loadProfile(options.profile);
  const mappingChoice = options.mapping ? chooseMapping(options.mapping) : undefined;
  const scenarioFiles = shardOf(selectScenarioFiles(profile, options.scenarios), options.shard);
  const scenarios = scenarioFiles.map(loadScenario);
  const waivers = options.waiversFile ? loadWaivers(options.waiversFile) : [];
  if ((options.failOn === 'blocks' || options.failOn === 'validator') && !profile.client) {
    throw new HarnessError(
      'E_USAGE',
      `--fail-on ${options.failOn} grades by impact on a client; profile ${profile.name} has none (use must or should)`,
    );
  }
  if (options.target && !options.auth) {
    throw new HarnessError(
      'E_USAGE',
      'a --target needs credentials: set SCIM_TOKEN (or pass --token), or use --token-url and --client-id with SCIM_CLIENT_SECRET',
    );
  }
  // Only now: a bad input leaves the last run's results alone (the Allure reporter creates it again
  // as it writes). Off the thread, while discovery runs: a run leaves hundreds of files there.
  const cleared = rm(resultsDir, { recursive: true, force: true });
  cleared.catch(() => {}); // awaited below, unless the run ends before
  mkdirSync(outDir, { recursive: true });

  let server: RunningReferenceServer | undefined;
  let renderer: AllureRenderer | undefined;
  try {
    const journal = journalPath(outDir);
    const embeddedToken = randomBytes(24).toString('base64url');
    server = options.target ? undefined : await startReferenceServer({ token: embeddedToken });
    const baseUrl = options.target ?? server!.baseUrl;
    const connection: ScimClientOptions = {
      baseUrl,
      auth: options.auth && options.target ? options.auth : { token: embeddedToken },
      timeoutMs: options.timeoutMs,
      ...(options.tls && { tls: options.tls }),
      ...(options.rateLimit && { rateLimit: options.rateLimit }),
    };
    const startedAt = new Date();
    log(
      `scim-conformance: profile ${profile.name}, ${scenarioFiles.length} scenario(s) against ${server ? `the embedded reference server (${baseUrl})` : baseUrl}, seed ${options.seed}`,
    );
    const earlierRun = startJournal(outDir, { baseUrl, embedded: server !== undefined });
    if (earlierRun) log(earlierRun);
    performance.mark(PHASE.discovery);
    // Nothing is created yet: a signal during discovery just ends the run (130).
    const discovering = discoverWith(connection);
    const interruptedEarly = await Promise.race([discovering.then(() => undefined), suite]);
    if (interruptedEarly) {
      discovering.catch(() => {}); // its answer no longer matters
      log(`Interrupted by ${interruptedEarly} during discovery: nothing was created.`);
      return { exitCode: EXIT.interrupted };
    }
    const { discovery, throttled: discoveryThrottled, throttledSpan } = await discovering;
    performance.mark(PHASE.suite);
    const mapping = !mappingChoice
      ? loadMapping(profile.mapping)
      : 'mapping' in mappingChoice
        ? mappingChoice.mapping
        : discoveredMapping(discovery, baseUrl);
    if (mappingChoice) {
      profile.mapping = mapping.name;
      log(`Attribute mapping: ${mapping.source ?? mapping.name} (${mappingSummary(mapping)}).`);
    }
    // The app's own mapping is checked against /Schemas (mapping.declared); a shipped one just skips what is missing.
    const notTested = mapping.name === CUSTOM_MAPPING ? [] : undeclaredAttributes(mapping, discovery.schemas);
    if (notTested.length > 0)
      log(`Not tested: the target declares no ${notTested.join(', ')} (${profile.mapping} mapping).`);
    await cleared;
    handoff.send({
      connection,
      profile: profile.name,
      ...(profile.client && { clientImpact: profile.client.impact }),
      variant: { dialect: profile.dialect, mapping: profile.mapping },
      mapping,
      required: profile.requires,
      seed: options.seed,
      runTag: `scimconf-${randomBytes(3).toString('hex')}`,
      scenarios,
      journal,
      outDir,
      settings: options.settings ?? {},
      keep: options.keep ?? false,
      discovery,
    });
    // Gets Allure ready in its own thread while the scenarios run (the start-up keeps both cores busy).
    renderer = options.html === false ? undefined : new AllureRenderer();
    writeAllureRunInfo(allureResults, { target: baseUrl, profile, discovery });
    const interrupted = await suite;
    if (interrupted) {
      log(`\nInterrupted by ${interrupted}: deleting what the run created…`);
      const leftovers = options.keep ? liveFromJournal(journal) : await cleanUpJournal(journal, connection, 20_000);
      log(leftovers.length === 0 ? 'Cleanup complete.' : `Could not delete:\n  ${leftovers.join('\n  ')}`);
      finishJournal(outDir);
      if (existsSync(journal)) log(cleanupHint(outDir));
      return { exitCode: EXIT.interrupted };
    }
    const results: ScenarioResult[] = [];
    const broken: string[] = [];
    const refused: string[] = [];
    for (const module of vitest.state.getTestModules()) {
      for (const error of module.errors()) broken.push(error.message);
      for (const test of module.children.allTests()) {
        const result = test.meta().scenarioResult;
        if (result) results.push(result);
        else {
          const error = test.result().errors?.[0] as { message?: string; code?: unknown } | undefined;
          if (error?.code === 'E_UNSAFE') refused.push(error.message ?? '');
          else broken.push(`${test.name}: ${error?.message ?? 'did not run'}`);
        }
      }
    }
    for (const error of vitest.state.getUnhandledErrors()) broken.push(String((error as Error).message ?? error));
    // A scenario that tries to change what the run did not create is the author's error (exit 2).
    if (refused.length > 0) throw new HarnessError('E_UNSAFE', refused.join('\n  '));
    if (broken.length > 0 || results.length === 0) {
      throw new HarnessError('E_HARNESS', `the run did not complete:\n  ${broken.join('\n  ') || 'no scenario ran'}`);
    }

    const { expired, unused } = applyWaivers(
      results.flatMap((r) => r.checks),
      waivers,
    );
    for (const waiver of expired) {
      log(`WAIVER EXPIRED on ${waiver.expires} (${waiver.location}): ${waiver.check} counts again: ${waiver.reason}`);
    }
    for (const waiver of unused) log(`Unused waiver (${waiver.location}): ${waiver.check} did not fail; remove it?`);
    const summary = buildSummary(
      {
        target: server ? `${baseUrl} (embedded reference server)` : baseUrl,
        profile: profile.name,
        seed: options.seed,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        ...(profile.client && { client: profile.client.name }),
        ...(options.failOn && { failOn: options.failOn }),
        throttled: discoveryThrottled,
        notTested,
        ...(throttledSpan && { throttledSpan }),
      },
      results,
    );
    finishJournal(outDir);
    performance.mark(PHASE.reports);
    const paths = await writeReports(outDir, summary, renderer && { resultsDirs: [resultsDir], renderer });
    performance.mark(PHASE.done);
    const findings = findingsReport(summary);
    if (findings) log(`\n${findings}\n`);
    log(verdictLine(summary, paths));
    if (options.reporter === 'github') writeGithubReport(summary, outDir, log);
    if (existsSync(journal)) log(cleanupHint(outDir));
    return { exitCode: summary.gate.passed ? EXIT.conformant : EXIT.notConformant, summary };
  } finally {
    await renderer?.dispose();
    await server?.close();
  }
}

const cleanupHint = (outDir: string) =>
  `What is left is listed in ${journalPath(outDir)}; delete it later with: scim-conformance cleanup --out ${outDir}`;

/** `--mapping discover`: what the target's /Schemas declares; a target that publishes none cannot be discovered. */
function discoveredMapping(discovery: Discovery, baseUrl: string): AttributeMapping {
  if (discovery.schemas.length === 0) {
    throw new HarnessError(
      'E_USAGE',
      `--mapping discover: ${baseUrl}/Schemas lists no schema to discover attributes from; pass an Entra export or a mapping file`,
    );
  }
  return discoverMapping(discovery.schemas, baseUrl);
}

/** `User: 9 attributes, matching externalId then userName; Group: 3 attributes, matching displayName`, or no groups. */
function mappingSummary(mapping: AttributeMapping): string {
  const { User, Group } = mapping.objects;
  const user = `User: ${User.attributes.length} attributes, matching ${[User.matching, ...(User.fallback ?? [])].join(' then ')}`;
  return `${user}; ${Group ? `Group: ${Group.attributes.length} attributes, matching ${Group.matching}` : 'no group mapping: groups are not tested'}`;
}

/** One discovery for the whole run, in the CLI process: the workers get its data. */
async function discoverWith(
  connection: ScimClientOptions,
): Promise<{ discovery: Discovery; throttled: number; throttledSpan?: ThrottledSpan }> {
  const client = new ScimClient(connection);
  try {
    const discovery = await discover(client);
    const span = throttledSpan(client.throttleMarks);
    return { discovery, throttled: client.throttled, ...(span && { throttledSpan: span }) };
  } finally {
    await client.close();
  }
}

/**
 * Vitest shards by test file, and the conformance suite is one file whose tests share a target, so
 * shards split the scenario list instead: scenario k goes to shard (k mod n) + 1.
 */
function shardOf(files: string[], shard: RunOptions['shard']): string[] {
  if (!shard) return files;
  const part = files.filter((_, k) => k % shard.count === shard.index - 1);
  if (part.length === 0) throw new HarnessError('E_USAGE', `--shard ${shard.index}/${shard.count} selects no scenario`);
  return part;
}
