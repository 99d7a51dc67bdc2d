import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { conformanceRun } from '../e2e/detection-matrix.js';
import { expectedFailures, FINDINGS } from './findings.js';
import { startScimmyServer } from './scimmy-server.js';

const TOKEN = 'scimmy-interop-token-7a6b5c4d';
const DOC = readFileSync(join(PACKAGE_ROOT, 'docs/interop-scimmy.md'), 'utf8');

/** Okta's scenarios share names with Entra's: their failures are keyed by path, `okta/single-user`. */
const scenarioOf = (check: { scenario: string; location?: string }) =>
  check.location?.startsWith('scenarios/okta/') ? `okta/${check.scenario}` : check.scenario;

describe('interop with scimmy + scimmy-routers', () => {
  it('should document every finding', () => {
    for (const { id } of FINDINGS) expect(DOC, id).toContain(`### \`${id}\``);
  });

  // One profile at a time, each against a fresh server: scimmy's handlers are process-wide, and a
  // scenario's results depend on what else the tenant holds. zscaler sends what entra sends.
  it.for(['entra', 'entra-compliant', 'rfc7644', 'okta'])(
    'should report exactly the documented findings for the %s profile',
    { timeout: 120_000 },
    async (profile) => {
      const server = await startScimmyServer({ token: TOKEN });
      try {
        const { code, stdout, summary } = await conformanceRun({ baseUrl: server.baseUrl, token: TOKEN }, profile);
        const failures = summary.checks
          .filter((c) => c.status === 'failed')
          .map((c) => `${scenarioOf(c)} › ${c.step} › ${c.id}`)
          .sort();
        expect(failures, stdout).toEqual(
          expectedFailures(profile, [...new Set(summary.checks.map(scenarioOf))], failures),
        );
        expect(code).toBe(1);
      } finally {
        await server.close();
      }
    },
  );

  // Issue 14: the attributes scimmy's /Schemas declares, played in plain RFC 7644 shapes (the rfc7644
  // profile; scimmy's dialect findings are the other profiles' business). What fails is what the
  // documented findings already say, nothing the discovered mapping adds.
  it('should run --mapping discover with only the documented findings', { timeout: 120_000 }, async () => {
    const server = await startScimmyServer({ token: TOKEN });
    try {
      const scenarios = ['discovery', 'test-connection', 'single-user', 'groups', 'deprovision'];
      const { stdout, summary } = await conformanceRun(
        { baseUrl: server.baseUrl, token: TOKEN },
        'rfc7644',
        scenarios,
        ['--mapping', 'discover'],
      );
      expect(stdout).toMatch(
        /Attribute mapping: .*\/Schemas \(User: \d+ attributes, matching userName; Group: \d+ attributes/,
      );
      expect(summary.checks.filter((c) => c.id === 'mapping.declared').map((c) => c.status)).toEqual(['passed']);
      const failures = summary.checks
        .filter((c) => c.status === 'failed')
        .map((c) => `${c.scenario} › ${c.step} › ${c.id}`)
        .sort();
      expect(failures, stdout).toEqual(expectedFailures('rfc7644', scenarios, failures));
    } finally {
      await server.close();
    }
  });
});
