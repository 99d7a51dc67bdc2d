import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { cli, filesBelow, outDir } from './cli.js';
import { leaks, reportTexts, readSummary } from './reports.js';

const TOKEN = 'e2e-secret-token-9f8e7d6c5b4a';
let server: RunningReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const summaryOf = (dir: string) => readSummary(dir);

describe('scim-conformance run', () => {
  it('should pass against the embedded reference server and write every report', async () => {
    const out = outDir();
    const result = await cli(['run', '--out', out, '--seed', '42']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed/m);
    const summary = summaryOf(out);
    expect(summary).toMatchObject({
      tool: { name: 'scim-conformance' },
      profile: 'entra',
      seed: 42,
      verdict: 'conformant',
    });
    expect(summary.scenarios.map((s) => s.name)).toEqual([
      'discovery',
      'test-connection',
      'single-user',
      'groups',
      'restart',
      'deprovision',
      'pagination',
      'throughput',
      'generated-data',
    ]);
    expect(summary.totals.failed).toBe(0);
    expect(summary.checks.every((c) => c.reference && ['must', 'should', 'may'].includes(c.severity))).toBe(true);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(
      /<testsuite name="single-user" tests="\d+" failures="0"/,
    );
    const allure = filesBelow(join(out, 'allure-results'));
    const results = allure
      .filter((f) => f.path.endsWith('-result.json'))
      .map((f) => JSON.parse(f.text) as { name: string; status: string; steps: unknown[] });
    expect(results.map((r) => [r.name, r.status]).sort()).toEqual([
      ["A burst at Entra's pace", 'passed'],
      ['Deprovision a user and a group', 'passed'],
      ['Generated data and operation sequences (property-based)', 'passed'],
      ['Provision a single user', 'passed'],
      ['Provision groups and their members', 'passed'],
      ['Restart provisioning (re-evaluate every group membership)', 'passed'],
      ['Schema discovery', 'passed'],
      ['Test Connection', 'passed'],
      ['Unfiltered lists and pagination', 'passed'],
    ]);
    expect(allure.some((f) => f.path.endsWith('.httpexchange'))).toBe(true);
    // Each scenario's results are written as it ends: every attachment they name is there, and the run's info.
    type Step = { attachments?: Array<{ source: string }>; steps?: Step[] };
    const sources = (step: Step): string[] => [
      ...(step.attachments ?? []).map((a) => a.source),
      ...(step.steps ?? []).flatMap(sources),
    ];
    const written = new Set(allure.map((f) => basename(f.path)));
    const named = results.flatMap((r) => sources(r as Step));
    expect(named.length).toBeGreaterThan(100);
    expect(named.filter((source) => !written.has(source))).toEqual([]);
    expect(written).toContain('environment.properties');
    expect(written).toContain('categories.json');
  });

  it('should pass against a separately started server and never write or print the token', async () => {
    server = await startReferenceServer({ token: TOKEN });
    const out = outDir();
    const result = await cli(['run', '--target', server.baseUrl, '--out', out], { SCIM_TOKEN: TOKEN });
    expect(result.code).toBe(0);
    // reportTexts also decodes the data Allure embeds base64-encoded in index.html.
    const texts = [
      ...reportTexts(out),
      { path: 'stdout', text: result.stdout },
      { path: 'stderr', text: result.stderr },
    ];
    expect(leaks(texts, [TOKEN])).toEqual([]);
  });

  it('should exit 1 and name the broken MUST check when the target breaks one', async () => {
    server = await startReferenceServer({ token: TOKEN, faults: ['list-zero-hits-404'] });
    const out = outDir();
    const result = await cli([
      'run',
      '--target',
      server.baseUrl,
      '--token',
      TOKEN,
      '--out',
      out,
      '--scenario',
      'test-connection',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /✗ http\.status \[MUST\] test-connection › Query a user whose matching attribute is a random GUID/,
    );
    expect(result.stdout).toMatch(/reproduce: curl .*"Authorization: Bearer \$SCIM_TOKEN"/);
    expect(result.stdout).toMatch(/^NOT CONFORMANT/m);
    const summary = summaryOf(out);
    expect(summary.verdict).toBe('not-conformant');
    const failed = summary.checks.filter((c) => c.status === 'failed').map((c) => c.id);
    expect(failed).toContain('http.status');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(
      /<failure message="expected HTTP 200, got 404 \(server said: HTTP 404[^"]*\)" type="http.status">/,
    );
  });

  it('should report an unreachable target as not conformant, without a stack trace', async () => {
    const probe = await startReferenceServer({ token: TOKEN });
    const url = probe.baseUrl;
    await probe.close();
    const result = await cli([
      'run',
      '--target',
      url,
      '--token',
      TOKEN,
      '--out',
      outDir(),
      '--scenario',
      'test-connection',
      '--timeout',
      '2000',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/http\.transport \[MUST\].*\n.*connection refused/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('scim-conformance usage errors', () => {
  it.each([
    [['run', '--bogus'], /error: Unknown option '--bogus'/],
    [['run', '--seed', 'x'], /error: --seed must be an integer/],
    [['run', '--profile', 'nope'], /error: unknown profile "nope"; known: entra/],
    [['run', '--scenario', 'nope'], /error: --scenario nope: not a file nor a scenario of profile entra/],
    [['run', '--target', 'http://127.0.0.1:9/scim/v2'], /error: a --target needs credentials: set SCIM_TOKEN/],
    [['serve'], /error: serve needs a bearer token/],
    [['frobnicate'], /error: unknown command "frobnicate"/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('should point at file:line:col for a broken scenario file', async () => {
    const result = await cli(['run', '--scenario', 'test/fixtures/unknown-check.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /test\/fixtures\/unknown-check\.yaml:\d+:\d+: unknown check "list.totl-results"; did you mean "list.total-results"\?/,
    );
  });
});
