/**
 * Issue 6, "Target faults": a target that refuses, resets, truncates, answers something else than
 * SCIM JSON, answers far too much, or does not answer in time fails the run with a plain message,
 * exit 1 and no stack trace, and the run always ends by itself.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Summary } from '../../src/report/summary.js';
import { outDir } from './cli.js';
import { closedPort, startMisbehavingTarget } from './servers.js';
import { runCli, spawnCli, STACK_TRACE, type SpawnedResult } from './spawn.js';
import { readSummary } from './reports.js';

// Every test runs the built CLI, some several times; a busy CI machine may need the time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TOKEN = 'faults-e2e-token-71c3a9e0d5b2';

/** Entra's provisioning flow, named explicitly: what these tests are about, whatever else a profile adds. */
const ENTRA_FLOW = ['test-connection', 'single-user', 'groups', 'restart', 'deprovision'].flatMap((name) => [
  '--scenario',
  name,
]);

/** Exit 1 by itself, without a stack trace, having printed `message`. */
function expectPlainFailure(result: SpawnedResult, message: RegExp, check: typeof expect): void {
  check(result.killedByTest, 'the CLI had to be killed').toBe(false);
  check(result.code, result.stdout + result.stderr).toBe(1);
  check(result.stdout).toMatch(message);
  check(result.stdout).toMatch(/^NOT CONFORMANT/m);
  check(result.stderr).not.toMatch(STACK_TRACE);
  check(result.stdout).not.toMatch(STACK_TRACE);
}

/** Runs the CLI; `mostlyWaiting` runs (timeouts) skip the queue for a free CPU. */
async function run(
  baseUrl: string,
  extra: string[],
  mostlyWaiting = false,
): Promise<SpawnedResult & { summary: () => Summary }> {
  const out = outDir();
  const args = ['run', '--target', baseUrl, '--out', out, '--no-html', ...extra];
  const env = { SCIM_TOKEN: TOKEN };
  const result = await (mostlyWaiting ? spawnCli(args, env).exited : runCli(args, env));
  return { ...result, summary: () => readSummary(out) };
}

/** The reasons the checks of `scenario` were skipped for. */
const skipReasons = (summary: Summary, scenario: string) => [
  ...new Set(summary.checks.filter((c) => c.scenario === scenario && c.status === 'skipped').map((c) => c.message)),
];

const TRANSPORT = (what: string) => new RegExp(`✗ http\\.transport \\[MUST\\] .*\\n\\s+GET \\S+: ${what}`);

describe('a target that does not answer properly', () => {
  it.concurrent('should fail with "connection refused" on a closed port, and skip the rest', async ({ expect }) => {
    const result = await run(`http://127.0.0.1:${await closedPort()}/scim/v2`, [
      '--scenario',
      'test-connection',
      '--scenario',
      'single-user',
    ]);
    expectPlainFailure(result, TRANSPORT('connection refused'), expect);
    // After three requests in a row without an answer the target counts as down: the next
    // scenario is skipped with that reason instead of waiting for failures of its own.
    expect(skipReasons(result.summary(), 'single-user')).toEqual([
      expect.stringMatching(
        /^the target stopped answering \(3 requests in a row; last: GET \S+: connection refused\)$/,
      ),
    ]);
  });

  it.concurrent(
    'should fail each request plainly, whatever way the target misbehaves, and go on',
    { timeout: 120_000 },
    async ({ expect, onTestFinished }) => {
      const target = await startMisbehavingTarget('by-path', { delayMs: 5_000 });
      onTestFinished(() => target.close());
      const result = await run(
        target.baseUrl,
        // 2 s, not less: reading the 5 MiB body up to the size limit must not race the timeout on a busy machine.
        ['--scenario', 'test/fixtures/faults/misbehaving-target.yaml', '--timeout', '2000'],
        true,
      );
      console.log(`every misbehaviour, one request each (--timeout 2000): the run ended in ${result.durationMs} ms`);
      // Each step's failure is recorded; the terminal shows each root cause once (a finding), under its first step.
      const failed = result.summary().checks.filter((c) => c.status === 'failed');
      const recorded = (step: string, check: string, message: string) =>
        failed.some((c) => c.step === step && c.id === check && new RegExp(`^${message}$`).test(c.message ?? ''));
      const shown = (check: string, message: string) =>
        new RegExp(`${check.replace('.', '\\.')} \\[MUST\\] misbehaving-target › [^\\n]*(?:\\n\\s+|: )${message}`);
      const expected: Array<[string, string, string]> = [
        [
          'A connection reset before any answer',
          'http.transport',
          'GET \\S+: connection closed by the target before a complete answer',
        ],
        ['An HTML page instead of JSON', 'http.json-body', 'the body is not a JSON object'],
        ['An HTML page instead of JSON', 'http.media-type', 'Content-Type is text/html; charset=utf-8'],
        [
          'A body cut short of its Content-Length',
          'http.transport',
          'GET \\S+: connection closed by the target before a complete answer',
        ],
        ['JSON labelled text/plain', 'http.media-type', 'Content-Type is text/plain; charset=utf-8'],
        ['A body that stalls halfway', 'http.transport', 'GET \\S+: no complete answer within 2000 ms'],
        ['A body of 5 MiB', 'http.json-body', 'the body exceeded the size limit and was cut off'],
        ['An answer slower than the timeout', 'http.transport', 'GET \\S+: no complete answer within 2000 ms'],
        ['No answer at all', 'http.transport', 'GET \\S+: no complete answer within 2000 ms'],
        ['Still asking after two timeouts in a row', 'http.media-type', 'Content-Type is text/plain; charset=utf-8'],
      ];
      expectPlainFailure(result, /misbehaving-target/, expect);
      for (const [step, check, message] of expected) {
        expect(recorded(step, check, message), `${step} › ${check}`).toBe(true);
        expect(result.stdout).toMatch(shown(check, message));
      }
      // Every step was asked (2 discovery requests, 404, then one per step): nothing was skipped.
      expect(target.urls.filter((url) => url.includes('/Faults/'))).toHaveLength(9);
      expect(result.summary().checks.filter((c) => c.message?.includes('stopped answering'))).toEqual([]);
    },
  );

  it.concurrent(
    'should go on through every scenario when the target answers, however wrongly',
    async ({ expect, onTestFinished }) => {
      const target = await startMisbehavingTarget('html');
      onTestFinished(() => target.close());
      const result = await run(target.baseUrl, ENTRA_FLOW);
      expectPlainFailure(result, /✗ http\.json-body \[MUST\]/, expect);
      // Answers, even wrong ones, do not trip the "target is down" breaker: every scenario ran and
      // failed on its own, later steps skipped for want of captures, not because the target is down.
      const summary = result.summary();
      expect(summary.scenarios.map((s) => [s.name, s.status])).toEqual(
        ['test-connection', 'single-user', 'groups', 'restart', 'deprovision'].map((name) => [name, 'failed']),
      );
      expect(result.stdout.match(/^ {2}✗ \S+/gm)).toHaveLength(5);
      expect(summary.checks.filter((c) => c.message?.includes('the target stopped answering'))).toEqual([]);
    },
  );

  it.concurrent(
    'should end with exit 1 when the generated-data properties meet a target that answers HTML',
    async ({ expect, onTestFinished }) => {
      const target = await startMisbehavingTarget('html');
      onTestFinished(() => target.close());
      const result = await run(target.baseUrl, ['--scenario', 'properties/generated-data', '--runs', '1']);
      expect(result.stderr).not.toMatch(/refusing PATCH \/Users\/undefined/);
      expectPlainFailure(result, /✗ \S+ \[MUST\] generated-data/, expect);
    },
  );

  it.concurrent(
    'should end by itself with exit 1, well within bounds, when the target never answers (--timeout 500)',
    async ({ expect, onTestFinished }) => {
      const target = await startMisbehavingTarget('hang');
      onTestFinished(() => target.close());
      const result = await run(target.baseUrl, ['--timeout', '500', ...ENTRA_FLOW], true);
      console.log(
        `--timeout 500, a target that never answers: the Entra flow (5 scenarios) ended by itself in ${result.durationMs} ms, after ${target.requests()} requests`,
      );
      expectPlainFailure(result, TRANSPORT('no complete answer within 500 ms'), expect);
      // The breaker skips every later scenario with the reason, so the run ends after a few timeouts.
      const summary = result.summary();
      for (const scenario of ['single-user', 'groups', 'restart', 'deprovision']) {
        expect(skipReasons(summary, scenario), scenario).toEqual([
          expect.stringMatching(
            /^the target stopped answering \(3 requests in a row; last: .*no complete answer within 500 ms\)$/,
          ),
        ]);
      }
    },
  );

  it.concurrent(
    'should exit 130 by itself when interrupted while a scenario waits on a hanging target',
    async ({ expect, onTestFinished }) => {
      // Discovery gets quick 404s; every /Users request hangs.
      const target = await startMisbehavingTarget('hang', { only: /\/Users/ });
      onTestFinished(() => target.close());
      const cli = spawnCli(
        ['run', '--target', target.baseUrl, '--out', outDir(), '--no-html', '--timeout', '60000', ...ENTRA_FLOW],
        { SCIM_TOKEN: TOKEN },
      );
      onTestFinished(() => cli.signal('SIGKILL'));
      await cli.waitFor(
        () => target.urls.some((url) => url.includes('/Users')),
        20_000,
        'a scenario waits on the target',
      );
      const signalledAt = performance.now();
      cli.signal('SIGINT');
      const result = await cli.exited;
      console.log(
        `SIGINT while a request hangs (--timeout 60000): exited ${Math.round(performance.now() - signalledAt)} ms after the signal`,
      );
      expect(result.killedByTest).toBe(false);
      expect(result.code, result.stdout + result.stderr).toBe(130);
      expect(result.stdout).toContain('Interrupted by SIGINT');
      expect(result.stdout).toContain('Cleanup complete.');
      expect(result.stderr).not.toMatch(STACK_TRACE);
    },
  );

  it.concurrent(
    'should exit 130 by itself when terminated while discovery waits on a hanging target',
    async ({ expect, onTestFinished }) => {
      const target = await startMisbehavingTarget('hang');
      onTestFinished(() => target.close());
      const cli = spawnCli(
        ['run', '--target', target.baseUrl, '--out', outDir(), '--no-html', '--timeout', '60000'],
        { SCIM_TOKEN: TOKEN },
        20_000,
      );
      onTestFinished(() => cli.signal('SIGKILL'));
      await cli.waitFor(() => target.requests() >= 1, 20_000, 'the run asked the target something');
      cli.signal('SIGTERM');
      const result = await cli.exited;
      expect(result.killedByTest).toBe(false);
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 130, signal: null });
      expect(result.stdout).toContain('Interrupted by SIGTERM');
    },
  );
});
