/**
 * Issue 15, "Rate-limited tenants": behind a reference server that answers 429 with Retry-After: 1
 * past its limit, a run passes, and reports the rate the target accepted in summary.json and on the
 * terminal next to the 429 count. The run's time against the limit's is printed, not asserted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { cli, outDir } from './cli.js';
import { readSummary } from './reports.js';

const TOKEN = 'rate-limit-e2e-token';
const LIMIT = 10;
let server: RunningReferenceServer;
let requests = 0;

beforeAll(async () => {
  server = await startReferenceServer({ token: TOKEN, rateLimit: LIMIT, onRequest: () => requests++ });
});
afterAll(() => server?.close());

it('passes behind a rate limit and reports the rate the target accepted', async () => {
  const out = outDir();
  const result = await cli(
    [
      'run',
      '--target',
      server.baseUrl,
      '--out',
      out,
      '--no-html',
      '--scenario',
      'properties/generated-data',
      '--runs',
      '4',
    ],
    { SCIM_TOKEN: TOKEN },
    180_000,
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const summary = readSummary(out);
  const { throttled, acceptedRate } = summary.transport;
  expect(throttled).toBeGreaterThan(1);
  // While throttled the harness keeps the target at its limit: the rate it reports is the limit's.
  expect(acceptedRate).toBeGreaterThan(LIMIT * 0.7);
  expect(acceptedRate).toBeLessThan(LIMIT * 1.3);
  expect(result.stdout).toContain(
    `The target throttled ${throttled} request(s) with 429/503 (it accepted about ${acceptedRate} requests/s while throttling)`,
  );
  const accepted = requests - throttled;
  const seconds = summary.durationMs / 1000;
  console.log(
    `rate limit ${LIMIT}/s: ${accepted} requests accepted (the limit alone needs ${accepted / LIMIT} s); ` +
      `the run took ${seconds.toFixed(1)} s with start-up (${(seconds / (accepted / LIMIT)).toFixed(2)}x); reported ${acceptedRate}/s`,
  );
}, 180_000);
