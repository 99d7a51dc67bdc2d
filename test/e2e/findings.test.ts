/**
 * Findings and the two verdicts, against the reference server with injected faults: one root cause
 * is one finding however many steps it breaks, the server's own words reach every report, and the
 * client verdict and gate follow the impact on Entra rather than the RFC severity.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { cli, outDir } from './cli.js';
import { readSummary } from './reports.js';
import { startProxy } from './servers.js';

const TOKEN = 'findings-token-5e4d3c2b';
let server: RunningReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runAgainst(faults: string[], scenarios: string[], args: string[] = []) {
  server = await startReferenceServer({ token: TOKEN, faults });
  const out = outDir();
  const result = await cli(
    [
      'run',
      '--target',
      server.baseUrl,
      '--no-html',
      '--seed',
      '7',
      '--out',
      out,
      ...scenarios.flatMap((s) => ['--scenario', s]),
      ...args,
    ],
    { SCIM_TOKEN: TOKEN },
  );
  const summary = readSummary(out);
  const read = (file: string) => readFileSync(join(out, file), 'utf8');
  return { ...result, summary, markdown: read('summary.md'), junit: read('junit.xml') };
}

describe('findings', { timeout: 120_000 }, () => {
  it('should make one finding, with the right count, of a fault that breaks one behaviour in many steps', async () => {
    const run = await runAgainst(['create-no-location'], ['single-user', 'groups']);
    const failedChecks = run.summary.checks.filter((c) => c.status === 'failed');
    // Every POST that creates: two managers, the user, a report with a bare-id manager and a user with a string
    // "True" role in single-user; two members and three groups in groups.
    expect(failedChecks.map((c) => c.id)).toEqual(Array(10).fill('http.location-header'));
    expect(run.summary.findings).toHaveLength(1);
    expect(run.summary.findings[0]).toMatchObject({
      check: 'http.location-header',
      severity: 'must',
      impact: 'none',
      occurrences: 10,
      message: 'the 201 response has no Location header',
    });
    expect(new Set(run.summary.findings[0].where.map((w) => w.scenario))).toEqual(new Set(['single-user', 'groups']));
    expect(run.summary.findings[0].reproduce).toMatch(/^curl .* -X POST /);
    expect(run.stdout).toMatch(
      /NONE ×10 ! http\.location-header \[MUST\] single-user › [^\n]*: the 201 response has no Location header \(\+9 more in single-user, groups\)/,
    );
  });

  it('should make two findings of two faults', async () => {
    const run = await runAgainst(
      ['create-no-location', 'auth-no-www-authenticate'],
      ['test-connection', 'single-user'],
    );
    expect(run.summary.findings.map((f) => [f.check, f.occurrences])).toEqual([
      ['http.location-header', 5],
      ['auth.www-authenticate', 2],
    ]);
  });
});

describe('a target without discovery', { timeout: 120_000 }, () => {
  it('should be one validator finding, not one per endpoint, and READY for Entra', async () => {
    server = await startReferenceServer({ token: TOKEN });
    // The same SCIM 404 at every discovery endpoint: the endpoints are simply not there.
    const notFound = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: 'not found',
    });
    const proxy = await startProxy({
      upstream: server.baseUrl,
      intercept: (req) =>
        /\/(ServiceProviderConfig|ResourceTypes|Schemas)\b/.test(req.url ?? '')
          ? { status: 404, headers: { 'content-type': 'application/scim+json' }, body: notFound }
          : undefined,
    });
    try {
      const out = outDir();
      const result = await cli(
        ['run', '--target', proxy.baseUrl, '--no-html', '--out', out, '--scenario', 'discovery'],
        { SCIM_TOKEN: TOKEN },
      );
      const summary = readSummary(out);
      expect(summary.findings.map((f) => [f.check, f.impact, f.occurrences])).toEqual([
        ['http.status', 'validator', 3],
      ]);
      expect(summary.verdicts.client).toMatchObject({ result: 'ready', blocking: 0, validator: 1 });
      expect(result.code).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});

describe('verdicts and the gate', { timeout: 120_000 }, () => {
  it('should find a Location-only fault READY for Entra (exit 0) and not conformant with --fail-on must (exit 1)', async () => {
    const entra = await runAgainst(['create-no-location'], ['single-user']);
    expect(entra.code).toBe(0);
    expect(entra.summary).toMatchObject({
      verdict: 'conformant',
      gate: { failOn: 'validator', passed: true },
      verdicts: {
        client: { name: 'Microsoft Entra ID', result: 'ready', blocking: 0, validator: 0 },
        rfc: { result: 'not-conformant', must: 1, should: 0 },
      },
    });
    expect(entra.stdout).toContain(
      'Microsoft Entra ID: READY (0 blocking, 0 validator findings) · RFC 7643/7644: 1 MUST deviation (Microsoft Entra ID does not depend on them)',
    );
    expect(entra.markdown).toContain('**Microsoft Entra ID: READY (0 blocking, 0 validator findings)');
    await server?.close();

    const strict = await runAgainst(['create-no-location'], ['single-user'], ['--fail-on', 'must']);
    expect(strict.code).toBe(1);
    expect(strict.summary).toMatchObject({ verdict: 'not-conformant', gate: { failOn: 'must', passed: false } });
    expect(strict.summary.verdicts.client?.result).toBe('ready');
    expect(strict.junit).toMatch(
      /<failure message="the 201 response has no Location header" type="http\.location-header">/,
    );
  });

  it("should find a string-boolean fault BLOCKED (exit 1) and quote the server's detail in every report", async () => {
    const run = await runAgainst(['patch-string-boolean-rejected'], ['single-user']);
    expect(run.code).toBe(1);
    expect(run.summary.verdicts.client).toMatchObject({ result: 'blocked' });
    expect(run.summary.verdicts.client!.blocking).toBeGreaterThan(0);
    const refused = run.summary.findings.find((f) => f.check === 'http.status');
    expect(refused).toMatchObject({
      impact: 'blocks',
      serverSaid: 'HTTP 400 · scimType invalidValue · detail "boolean attributes take true or false"',
    });
    const detail = 'boolean attributes take true or false';
    expect(run.stdout).toMatch(/Microsoft Entra ID: BLOCKED \(\d+ blocking/);
    expect(run.stdout).toContain(`server said: HTTP 400 · scimType invalidValue · detail "${detail}"`);
    expect(run.markdown).toContain(`Server said: \`HTTP 400 · scimType invalidValue · detail "${detail}"\``);
    expect(run.junit).toMatch(
      new RegExp(
        `<failure message="expected HTTP 200 or 204, got 400 \\(server said: HTTP 400 · scimType invalidValue · detail &quot;${detail}&quot;\\)" type="http\\.status">`,
      ),
    );
  });

  it('should refuse a client gate for a profile without a client', async () => {
    const result = await cli(['run', '--profile', 'rfc7644', '--fail-on', 'validator']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--fail-on validator grades by impact on a client; profile rfc7644 has none/);
  });
});
