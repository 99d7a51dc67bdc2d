import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { cli, outDir } from './cli.js';
import { readSummary } from './reports.js';

const TOKEN = 'gate-token-9a8b7c6d';
let server: RunningReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const summaryOf = (dir: string) => readSummary(dir);

async function runAgainst(faults: string[], args: string[]) {
  server = await startReferenceServer({ token: TOKEN, faults });
  const out = outDir();
  const result = await cli(['run', '--target', server.baseUrl, '--no-html', '--out', out, ...args], {
    SCIM_TOKEN: TOKEN,
  });
  return { ...result, out, summary: summaryOf(out) };
}

function waiversFile(waivers: Array<Record<string, string>>): string {
  const file = join(outDir(), 'waivers.yaml');
  writeFileSync(
    file,
    `waivers:\n${waivers
      .map(
        (w) =>
          `  - ${Object.entries(w)
            .map(([k, v]) => `${k}: '${v}'`)
            .join('\n    ')}`,
      )
      .join('\n')}\n`,
  );
  return file;
}

describe('--fail-on', () => {
  it('should pass a SHOULD-only failure by default and fail it with --fail-on should', async () => {
    const lenient = await runAgainst(['auth-no-www-authenticate'], ['--scenario', 'test-connection']);
    expect(lenient.code).toBe(0);
    expect(lenient.summary).toMatchObject({ verdict: 'conformant', gate: { failOn: 'validator', passed: true } });
    expect(lenient.summary.totals.warnings).toBe(2);
    await server?.close();
    const strict = await runAgainst(
      ['auth-no-www-authenticate'],
      ['--scenario', 'test-connection', '--fail-on', 'should'],
    );
    expect(strict.code).toBe(1);
    // The verdict is the gated result; the RFC verdict still has no MUST deviation.
    expect(strict.summary).toMatchObject({
      verdict: 'not-conformant',
      gate: { failOn: 'should', passed: false },
      verdicts: { rfc: { result: 'conformant', must: 0, should: 1 } },
    });
    expect(strict.stdout).toMatch(/✗ auth\.www-authenticate \[SHOULD\]/);
    expect(readFileSync(join(strict.out, 'junit.xml'), 'utf8')).toMatch(/<failure [^>]*type="auth\.www-authenticate">/);
  });
});

describe('waivers', () => {
  it('should waive a known failure until its date, everywhere, and say so', async () => {
    const file = waiversFile([
      { check: 'http.media-type', reason: 'fix ships in 4.2', expires: '2999-12-31' },
      { check: 'http.etag', reason: 'nothing fails this', expires: '2999-12-31' },
    ]);
    // --fail-on must: Entra does not depend on the media type, so only the RFC gate is at stake.
    const run = await runAgainst(
      ['media-type-json'],
      ['--scenario', 'test-connection', '--fail-on', 'must', '--waivers', file],
    );
    expect(run.code).toBe(0);
    expect(run.summary.totals.failed).toBe(0);
    expect(run.summary.totals.waived).toBeGreaterThan(0);
    expect(run.summary.checks.find((c) => c.id === 'http.media-type' && c.status === 'failed')).toMatchObject({
      waived: { reason: 'fix ships in 4.2', expires: '2999-12-31' },
    });
    expect(run.stdout).toMatch(/~ http\.media-type \[MUST\].*\(until 2999-12-31\)/);
    expect(run.stdout).toMatch(/Unused waiver \(.*waivers\.yaml:5:5\): http\.etag/);
    expect(readFileSync(join(run.out, 'junit.xml'), 'utf8')).toMatch(
      /<skipped message="waived until 2999-12-31: fix ships in 4\.2"\/>/,
    );
    expect(readFileSync(join(run.out, 'summary.md'), 'utf8')).toMatch(
      /## Waived[\s\S]*Waived until 2999-12-31: fix ships in 4\.2/,
    );
  });

  it('should stop applying an expired waiver, loudly', async () => {
    const file = waiversFile([{ check: 'http.media-type', reason: 'was due last year', expires: '2020-01-01' }]);
    const run = await runAgainst(
      ['media-type-json'],
      ['--scenario', 'test-connection', '--fail-on', 'must', '--waivers', file],
    );
    expect(run.code).toBe(1);
    expect(run.summary.totals.waived).toBe(0);
    expect(run.stdout).toMatch(/WAIVER EXPIRED on 2020-01-01 \(.*waivers\.yaml:2:5\): http\.media-type counts again/);
  });

  it('should reject a malformed waivers file with its position', async () => {
    const file = join(outDir(), 'bad-waivers.yaml');
    writeFileSync(file, 'waivers:\n  - check: http.status\n    reason: no date\n');
    const result = await cli(['run', '--waivers', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-waivers\.yaml:2:5: .*must have required property 'expires'/);
  });
});

describe('--shard and report', () => {
  // Three CLI runs: the timeout is a hang guard.
  it('should split the scenarios across shards and merge them into one verdict', { timeout: 180_000 }, async () => {
    server = await startReferenceServer({ token: TOKEN, faults: ['create-no-location'] });
    const shards = ['1/2', '2/2'].map(() => outDir());
    const scenarios = ['test-connection', 'single-user', 'groups'].flatMap((s) => ['--scenario', s]);
    for (const [i, out] of shards.entries()) {
      const result = await cli(
        [
          'run',
          '--target',
          server.baseUrl,
          '--no-html',
          '--out',
          out,
          '--shard',
          `${i + 1}/2`,
          '--fail-on',
          'must',
          ...scenarios,
        ],
        { SCIM_TOKEN: TOKEN },
      );
      expect(result.code).toBe(1);
    }
    expect(shards.map((out) => summaryOf(out).scenarios.map((s) => s.name))).toEqual([
      ['test-connection', 'groups'],
      ['single-user'],
    ]);
    const merged = outDir();
    const report = await cli(['report', '--out', merged, ...shards]);
    expect(report.code).toBe(1);
    const summary = summaryOf(merged);
    expect(summary.scenarios.map((s) => s.name).sort()).toEqual(['groups', 'single-user', 'test-connection']);
    expect(summary.totals.failed).toBe(shards.reduce((n, out) => n + summaryOf(out).totals.failed, 0));
    // One finding across both shards, counted in each; Entra's verdict survives the merge.
    const parts = shards.map((out) => summaryOf(out).findings[0]?.occurrences ?? 0);
    expect(summary.findings.map((f) => [f.check, f.occurrences])).toEqual([
      ['http.location-header', parts[0] + parts[1]],
    ]);
    expect(summary.verdicts.client).toMatchObject({ name: 'Microsoft Entra ID', result: 'ready' });
    expect(summary.gate.failOn).toBe('must');
    expect(readFileSync(join(merged, 'allure-report', 'index.html'), 'utf8').length).toBeGreaterThan(0);
    expect(readFileSync(join(merged, 'summary.md'), 'utf8')).toMatch(/```sh\ncurl /);
  });

  it('should refuse a shard that selects nothing or is malformed', async () => {
    expect((await cli(['run', '--shard', '3/2'])).stderr).toMatch(/--shard must be i\/n with 1 <= i <= n/);
    const result = await cli(['run', '--shard', '4/4', '--scenario', 'test-connection']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--shard 4\/4 selects no scenario/);
  });
});

describe('junit.xml', () => {
  it('should hold one testcase per check, failures with expected and actual', async () => {
    const run = await runAgainst(['list-zero-hits-404'], ['--scenario', 'test-connection']);
    const junit = readFileSync(join(run.out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)?.length).toBe(run.summary.checks.length);
    expect(junit).toMatch(
      /<failure message="expected HTTP 200, got 404 \(server said: HTTP 404[^"]*\)" type="http\.status">[^<]*expected: 200/,
    );
  });
});
