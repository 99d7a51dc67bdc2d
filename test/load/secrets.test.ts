/**
 * Issue 15 item 7: a load cycle parses and redacts an answer only as far as it reads it, and the
 * whole exchange only for what it records (failure samples, the exchange each check is evaluated
 * on). What it records is redacted all the same: a token the target echoes reaches no output.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { startReferenceServer } from '../../src/reference-server/index.js';
import { cli, outDir } from '../e2e/cli.js';
import { leaks, readSummary, reportTexts } from '../e2e/reports.js';
import { startProxy } from '../e2e/servers.js';

const TOKEN = 'tok-LOADECHO-7e3f19c2a8b4d605';
/** What the target adds to every JSON answer under a secret key: never sent, never to be shown. */
const PASSWORD = 'Pa55-LOADECHO-51c0e7';

describe('secrets in the outputs of a failing load run', () => {
  it('should redact the token a target echoes in the failures it samples', { timeout: 120_000 }, async () => {
    // Every group PATCH fails; the target repeats the Authorization header it received in every
    // answer: in a header, in the error's detail (which the samples quote) and in the body.
    const server = await startReferenceServer({ token: TOKEN, faults: ['group-patch-500'] });
    onTestFinished(() => server.close());
    const proxy = await startProxy({
      upstream: server.baseUrl,
      transform: (answer, req) => {
        const echo = `received ${req.headers.authorization ?? 'no credentials'}`;
        const headers = { ...answer.headers, 'x-debug-authorization': req.headers.authorization ?? '' };
        try {
          const json = JSON.parse(answer.body) as Record<string, unknown>;
          const detail = answer.status >= 400 ? { detail: `${String(json.detail)} (${echo})` } : {};
          return {
            ...answer,
            headers,
            body: JSON.stringify({ ...json, ...detail, debugEcho: echo, password: PASSWORD }),
          };
        } catch {
          return { ...answer, headers, body: `${answer.body}\n${echo}` };
        }
      },
    });
    onTestFinished(() => proxy.close());
    const out = outDir();
    const scale = ['--users', '9', '--groups', '2', '--concurrency', '3'];
    const result = await cli(
      ['run', '--target', proxy.baseUrl, '--scenario', 'load/initial-cycle', ...scale, '--out', out],
      { SCIM_TOKEN: TOKEN },
    );
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const summary = readSummary(out);
    const patches = summary.checks.find((c) => c.id === 'load.responses' && c.message?.startsWith('patch requests'));
    expect(patches?.status).toBe('failed');
    // The echo reached the samples, redacted: the leak check below is not vacuous.
    expect(patches?.message).toContain(`group PATCH failed (received Bearer [REDACTED])`);
    expect(JSON.stringify(patches?.actual)).toContain('received Bearer [REDACTED]');
    expect(patches?.reproduce).toMatch(/-H "Authorization: Bearer \$SCIM_TOKEN"/);
    const texts = [
      { path: 'stdout', text: result.stdout },
      { path: 'stderr', text: result.stderr },
      ...reportTexts(out),
    ];
    expect(texts.some((t) => t.path.includes('index.html#'))).toBe(true);
    expect(leaks(texts, [TOKEN, PASSWORD])).toEqual([]);
  });
});
