import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import type { CheckResult } from '../../src/scenario/results.js';
import { cli, outDir } from '../e2e/cli.js';
import { readSummary } from '../e2e/reports.js';
import { startProxy } from '../e2e/servers.js';

const TOKEN = 'model-e2e-token-4b9d2c7e1f';
const SEED = '42';
let server: RunningReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('scim-conformance run --scenario properties/generated-data', () => {
  it.each([
    ['non-ascii-write-fails', (value: string) => /[^\x00-\x7f]/.test(value)],
    ['filter-plus-as-space', (value: string) => value.includes('+')],
  ])(
    'should exit 1 with the same minimal counterexample twice against --fault %s',
    async (fault, offends) => {
      // Arrange
      server = await startReferenceServer({ token: TOKEN, faults: [fault] });

      // Act
      const first = await runProperties(server.baseUrl);
      const second = await runProperties(server.baseUrl);

      // Assert
      expect([first.code, second.code]).toEqual([1, 1]);
      expect(first.failures.length).toBeGreaterThan(0);
      expect(comparable(second.failures)).toEqual(comparable(first.failures));
      for (const failure of first.failures) {
        const value = JSON.stringify((failure.counterexample as { value: unknown }).value);
        expect(graphemes(value).filter(offends), value).toHaveLength(1);
        expect(failure.reproduce).toMatch(/^#!\/bin\/sh\n[\s\S]*"Authorization: Bearer \$SCIM_TOKEN"/);
      }
      const userData = first.failures.find((f) => (f.counterexample as { property: string }).property === 'user-data')!;
      const strings = Object.values((userData.counterexample as { value: Record<string, unknown> }).value).filter(
        (v) => typeof v === 'string',
      );
      expect(strings.filter((v) => v !== 'a')).toEqual([expect.toSatisfy((v: string) => graphemes(v).length === 1)]);
    },
    120_000,
  );

  it('should replay the shrunk case from the written scenario', async () => {
    // Arrange
    server = await startReferenceServer({ token: TOKEN, faults: ['filter-plus-as-space'] });
    const { failures } = await runProperties(server.baseUrl);
    const failure = failures[0];

    // Act
    const replay = await cli(['run', '--target', server.baseUrl, '--out', outDir(), '--scenario', failure.replay!], {
      SCIM_TOKEN: TOKEN,
    });

    // Assert
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`✗ ${failure.id} [MUST] replay-generated-data-`);
    expect(await count(server.baseUrl, '/Users')).toBe(0);
  }, 120_000);

  it('should report a case that fails only while others run, unshrunk, with what that suggests', async () => {
    // Arrange: a target that fails a create arriving while it serves another request.
    server = await startReferenceServer({ token: TOKEN });
    const proxy = await startProxy({
      upstream: server.baseUrl,
      intercept: (req, _n, inFlight) =>
        req.method === 'POST' && inFlight > 1
          ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'busy' }
          : undefined,
    });
    onTestFinished(() => proxy.close());

    // Act
    const { code, failures } = await runProperties(proxy.baseUrl, ['--runs', '8']);

    // Assert
    expect(code).toBe(1);
    const userData = failures.find((f) => (f.counterexample as { property: string }).property === 'user-data');
    expect(userData?.message).toMatch(
      /cases ran at once and passed when run again alone \(the target may mishandle concurrent requests\), so it is not shrunk/,
    );
    expect(userData?.counterexample).toMatchObject({ shrinks: 0, path: expect.stringMatching(/^\d+$/) });
    expect([await count(server.baseUrl, '/Users'), await count(server.baseUrl, '/Groups')]).toEqual([0, 0]);
  }, 300_000);

  it('should pass the clean reference server with --runs 200 and leave nothing behind', async () => {
    // Arrange
    server = await startReferenceServer({ token: TOKEN });
    const started = performance.now();

    // Act
    const { code, summary } = await runProperties(server.baseUrl, ['--runs', '200']);

    // Assert
    console.info(
      `generated-data --runs 200 against the reference server: ${Math.round(performance.now() - started)} ms`,
    );
    expect(code).toBe(0);
    expect(summary.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(summary.checks.find((c) => c.id === 'property.filter-username')?.message).toBe(
      'held for 200 generated request(s)',
    );
    expect([await count(server.baseUrl, '/Users'), await count(server.baseUrl, '/Groups')]).toEqual([0, 0]);
  }, 300_000);
});

// Helpers

async function runProperties(baseUrl: string, extra: string[] = []) {
  const out = outDir();
  const args = ['run', '--target', baseUrl, '--out', out, '--scenario', 'properties/generated-data', '--seed', SEED];
  const { code } = await cli([...args, ...extra], { SCIM_TOKEN: TOKEN }, 240_000);
  const summary = readSummary(out);
  return { code, summary, failures: summary.checks.filter((c) => c.status === 'failed') };
}

/** What must repeat run after run: the failed checks and their counterexamples, apart from the run tag. */
function comparable(failures: CheckResult[]) {
  const text = JSON.stringify(failures.map(({ id, step, counterexample }) => ({ id, step, counterexample })));
  return JSON.parse(text.replace(/scimconf-[0-9a-f]{6}(-\d+)?/g, '<tag>')) as unknown;
}

function graphemes(text: string): string[] {
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
}

async function count(baseUrl: string, endpoint: string): Promise<number> {
  const response = await fetch(`${baseUrl}${endpoint}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return ((await response.json()) as { totalResults: number }).totalResults;
}
