import { subscribe, unsubscribe } from 'node:diagnostics_channel';
/**
 * Issue 6, "TLS and auth" and "Rate limits": https targets with a private CA, --insecure, mutual
 * TLS, OAuth 2 client credentials with renewal, 429/503 retried and counted, --rate-limit spacing.
 * Every target is the reference server, behind a loopback proxy or token endpoint where needed.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, it, type TestContext, vi } from 'vitest';
import { ScimClient } from '../../src/http/client.js';
import { startReferenceServer, type RecordedRequest } from '../../src/reference-server/index.js';
import type { Summary } from '../../src/report/summary.js';
import { outDir } from './cli.js';
import { skipWithout } from '../tools.js';
import { leaks, reportTexts, readSummary } from './reports.js';
import {
  makeCertificates,
  opensslMissing,
  startArrivalRecorder,
  startProxy,
  startTokenEndpoint,
  type Certificates,
  type ProxyOptions,
} from './servers.js';
import { runCli, spawnCli, STACK_TRACE, type SpawnedResult } from './spawn.js';

// Every test runs the built CLI, some several times; a busy CI machine may need the time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TOKEN = 'transport-e2e-token-2a9c4e6b8d0f';

type Ctx = Pick<TestContext, 'expect' | 'onTestFinished'>;

async function referenceServer(ctx: Ctx, onRequest?: (req: RecordedRequest) => void) {
  const server = await startReferenceServer({ token: TOKEN, ...(onRequest && { onRequest }) });
  ctx.onTestFinished(() => server.close());
  return server;
}

/** A proxy in front of a fresh reference server, both stopped when the test finishes. */
async function proxied(ctx: Ctx, options: Omit<ProxyOptions, 'upstream'> = {}) {
  const server = await referenceServer(ctx);
  const proxy = await startProxy({ upstream: server.baseUrl, ...options });
  ctx.onTestFinished(() => proxy.close());
  return proxy;
}

/** Runs the CLI; `mostlyWaiting` runs (retries, rate limits) skip the queue for a free CPU. */
async function run(
  args: string[],
  env: Record<string, string> = { SCIM_TOKEN: TOKEN },
  mostlyWaiting = false,
): Promise<SpawnedResult & { out: string; summary: () => Summary }> {
  const out = outDir();
  const cliArgs = ['run', '--out', out, '--no-html', ...args];
  const result = await (mostlyWaiting ? spawnCli(cliArgs, env).exited : runCli(cliArgs, env));
  return { ...result, out, summary: () => readSummary(out) };
}

const transportFailure = (result: SpawnedResult) =>
  /✗ http\.transport \[MUST\] .*\n\s+GET \S+: (.*)/.exec(result.stdout)?.[1] ?? '(no http.transport failure)';

const missing = opensslMissing();

describe.skipIf(skipWithout('openssl', missing)).concurrent(`TLS${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let certs: Certificates;
  let tls: { key: string; cert: string };
  beforeAll(() => {
    certs = makeCertificates();
    tls = { key: readFileSync(certs.serverKey, 'utf8'), cert: readFileSync(certs.serverCert, 'utf8') };
  });

  it.concurrent('should refuse a certificate from a private CA unless told with --ca', async (ctx) => {
    const proxy = await proxied(ctx, { tls });
    const result = await run(['--target', proxy.baseUrl, '--scenario', 'test-connection']);
    console.log(`https, private CA, no --ca: ${transportFailure(result)}`);
    ctx.expect(result.code, result.stdout + result.stderr).toBe(1);
    ctx.expect(transportFailure(result)).toMatch(/^TLS: .*\(pass --ca FILE for a private CA\)$/);
    ctx.expect(result.stderr).not.toMatch(STACK_TRACE);
    ctx.expect(proxy.forwarded(), 'requests that got past the handshake').toBe(0);
  });

  it.concurrent.for([
    ['--ca', () => ['--ca', certs.caCert]],
    ['--insecure', () => ['--insecure']],
  ] as const)('should pass over https with %s', async ([, flags], ctx) => {
    const proxy = await proxied(ctx, { tls });
    const result = await run(['--target', proxy.baseUrl, '--scenario', 'test-connection', ...flags()]);
    ctx.expect(result.code, result.stdout + result.stderr).toBe(0);
    ctx.expect(proxy.forwarded()).toBeGreaterThan(0);
  });

  describe('mutual TLS', () => {
    const mtls = () => ({
      ...tls,
      ca: readFileSync(certs.caCert, 'utf8'),
      requestCert: true,
      rejectUnauthorized: true,
    });

    it.concurrent('should fail plainly without a client certificate', async (ctx) => {
      const proxy = await proxied(ctx, { tls: mtls() });
      const result = await run(['--target', proxy.baseUrl, '--scenario', 'test-connection', '--ca', certs.caCert]);
      console.log(`mTLS without --cert/--key: ${transportFailure(result)}`);
      ctx.expect(result.code, result.stdout + result.stderr).toBe(1);
      ctx.expect(result.stdout).toMatch(/✗ http\.transport \[MUST\]/);
      ctx.expect(result.stderr).not.toMatch(STACK_TRACE);
      ctx.expect(proxy.forwarded()).toBe(0);
    });

    it.concurrent('should pass with --cert and --key', async (ctx) => {
      const proxy = await proxied(ctx, { tls: mtls() });
      const result = await run([
        '--target',
        proxy.baseUrl,
        '--scenario',
        'test-connection',
        '--ca',
        certs.caCert,
        '--cert',
        certs.clientCert,
        '--key',
        certs.clientKey,
      ]);
      ctx.expect(result.code, result.stdout + result.stderr).toBe(0);
      ctx.expect(proxy.forwarded()).toBeGreaterThan(0);
    });

    it.concurrent('should refuse --cert without --key as a usage error', async (ctx) => {
      const result = await run(['--target', 'https://127.0.0.1:9/scim/v2', '--cert', certs.clientCert]);
      ctx.expect(result.code).toBe(2);
      ctx.expect(result.stderr).toMatch(/error: mutual TLS needs both --cert and --key/);
      ctx.expect(result.stderr).not.toMatch(STACK_TRACE);
    });
  });
});

describe.concurrent('OAuth 2 client credentials', () => {
  const CLIENT_ID = 'scim-conformance-e2e';
  const SECRET = 'client-secret-Zq81vX0pLm4Rt7';

  async function setUp(ctx: Ctx, token: { expiresIn?: number; tokenType?: string } = {}) {
    const requests: RecordedRequest[] = [];
    const server = await referenceServer(ctx, (req) => requests.push(req));
    const endpoint = await startTokenEndpoint({
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      accessToken: TOKEN,
      expiresIn: token.expiresIn ?? 1,
      ...(token.tokenType && { tokenType: token.tokenType }),
    });
    ctx.onTestFinished(() => endpoint.close());
    const args = ['--target', server.baseUrl, '--token-url', endpoint.url, '--client-id', CLIENT_ID];
    return { requests, endpoint, args };
  }

  it.concurrent('should fetch the token, renew it when it expires, and never print the secret', async (ctx) => {
    const { requests, endpoint, args } = await setUp(ctx);
    const result = await run([...args, '--scenario', 'test-connection', '--scenario', 'single-user'], {
      SCIM_CLIENT_SECRET: SECRET,
    });
    // expires_in 1 s: every later request needs a fresh token, and the template's lifetime check fails.
    ctx.expect(result.code, result.stdout + result.stderr).toBe(1);
    ctx.expect(result.summary().findings.map((f) => [f.check, f.impact, f.message])).toEqual([
      ['auth.token-lifetime', 'validator', 'the token lives 1 s'],
    ]);
    ctx.expect(endpoint.granted()).toBeGreaterThan(1);
    ctx
      .expect(endpoint.calls.every((form) => form.grant_type === 'client_credentials' && form.client_id === CLIENT_ID))
      .toBe(true);
    // The target saw only the access token the endpoint issued.
    const withToken = requests.filter((req) => req.headers.authorization === `Bearer ${TOKEN}`);
    ctx.expect(withToken.length).toBeGreaterThan(5);
    const texts = [
      { path: 'stdout', text: result.stdout },
      { path: 'stderr', text: result.stderr },
      ...reportTexts(result.out),
    ];
    ctx.expect(leaks(texts, [SECRET, TOKEN])).toEqual([]);
  });

  it.concurrent('should hold the token response to RFC 6749 §5.1 and the template lifetime', async (ctx) => {
    const good = await setUp(ctx, { expiresIn: 3600 });
    const passed = await run([...good.args, '--scenario', 'test-connection'], { SCIM_CLIENT_SECRET: SECRET });
    ctx.expect(passed.code, passed.stdout).toBe(0);
    const tokenChecks = passed
      .summary()
      .checks.filter((c) => c.id.startsWith('auth.') && c.step.startsWith('The token endpoint'))
      .map((c) => [c.id, c.status]);
    ctx.expect(tokenChecks).toEqual([
      ['auth.oauth-token', 'passed'],
      ['auth.token-lifetime', 'passed'],
    ]);
    const mac = await setUp(ctx, { expiresIn: 3600, tokenType: 'mac' });
    const failed = await run([...mac.args, '--scenario', 'test-connection'], { SCIM_CLIENT_SECRET: SECRET });
    ctx.expect(failed.code, failed.stdout).toBe(1);
    const finding = failed.summary().findings[0];
    ctx.expect([finding.check, finding.severity, finding.message]).toEqual([
      'auth.oauth-token',
      'must',
      'token_type is not Bearer',
    ]);
    // The failure's curl shows the form without the secret, and the answer without the token.
    ctx.expect(finding.reproduce).toContain('client_secret=%5BREDACTED%5D');
    ctx.expect(leaks([{ path: 'summary.json', text: JSON.stringify(failed.summary()) }], [SECRET, TOKEN])).toEqual([]);
  });

  it.concurrent('should fail plainly with a wrong secret, without printing it', async (ctx) => {
    const { requests, endpoint, args } = await setUp(ctx);
    const wrong = 'wrong-secret-Hh3kW9sYb2Nc';
    const result = await run([...args, '--scenario', 'test-connection'], { SCIM_CLIENT_SECRET: wrong });
    ctx.expect(result.code, result.stdout + result.stderr).toBe(1);
    ctx
      .expect(transportFailure(result))
      .toBe(
        `the token endpoint ${endpoint.url} refused the client credentials (invalid_client: client authentication failed)`,
      );
    ctx.expect(result.stderr).not.toMatch(STACK_TRACE);
    ctx.expect(endpoint.granted()).toBe(0);
    ctx
      .expect(requests.filter((req) => String(req.headers.authorization).startsWith('Bearer scim-conformance-invalid')))
      .not.toEqual([]);
    const texts = [
      { path: 'stdout', text: result.stdout },
      { path: 'stderr', text: result.stderr },
      ...reportTexts(result.out),
    ];
    ctx.expect(leaks(texts, [wrong])).toEqual([]);
  });

  it.concurrent('should refuse to start without SCIM_CLIENT_SECRET', async (ctx) => {
    const result = await run(
      ['--target', 'http://127.0.0.1:9/scim/v2', '--token-url', 'http://127.0.0.1:9/token', '--client-id', 'x'],
      {},
    );
    ctx.expect(result.code).toBe(2);
    ctx.expect(result.stderr).toMatch(/error: OAuth client credentials need the secret in SCIM_CLIENT_SECRET/);
  });
});

describe.concurrent('rate limits', () => {
  it.concurrent('should retry 429 and 503 answers with Retry-After, count them and say so', async (ctx) => {
    let throttled = 0;
    const proxy = await proxied(ctx, {
      intercept: (_req, n) => {
        if (n % 4 !== 0) return undefined;
        throttled++;
        return {
          status: throttled % 2 === 1 ? 429 : 503,
          headers: { 'retry-after': '0', 'content-type': 'application/scim+json' },
          body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
            status: throttled % 2 === 1 ? '429' : '503',
            detail: 'slow down',
          }),
        };
      },
    });
    const result = await run(['--target', proxy.baseUrl, '--scenario', 'test-connection', '--scenario', 'single-user']);
    ctx.expect(result.code, result.stdout + result.stderr).toBe(0);
    ctx.expect(throttled).toBeGreaterThan(3);
    const summary = result.summary();
    ctx.expect(summary.transport.throttled).toBe(throttled);
    ctx.expect(summary.scenarios.reduce((sum, s) => sum + s.throttled, 0)).toBe(summary.transport.throttled);
    ctx
      .expect(result.stdout)
      .toMatch(
        new RegExp(
          `The target throttled ${throttled} request\\(s\\) with 429/503 \\(it accepted about [\\d.]+ requests/s while throttling\\); they were retried after Retry-After\\.`,
        ),
      );
  });

  it.concurrent('should count a 429 that discovery met', async (ctx) => {
    let throttled = 0;
    const proxy = await proxied(ctx, {
      intercept: (req) =>
        req.url?.includes('/ServiceProviderConfig') && throttled++ === 0
          ? { status: 429, headers: { 'retry-after': '0' }, body: '' }
          : undefined,
    });
    const result = await run(['--target', proxy.baseUrl, '--scenario', 'test-connection']);
    ctx.expect(result.code, result.stdout + result.stderr).toBe(0);
    ctx.expect(throttled).toBe(2); // the 429, then the retry
    ctx.expect(result.summary().transport.throttled).toBe(1);
  });

  it.concurrent('should give up after a bounded number of retries on a target that always answers 429', async (ctx) => {
    // Discovery and the unauthenticated steps are answered; the first step is throttled, forever.
    const throttledRequest = (req: { url?: string; headers: { authorization?: string } }) =>
      Boolean(req.url?.includes('/Users') && req.headers.authorization === `Bearer ${TOKEN}`);
    const proxy = await proxied(ctx, {
      intercept: (req) =>
        throttledRequest(req) ? { status: 429, headers: { 'retry-after': '0' }, body: '' } : undefined,
    });
    const result = await run(['--target', proxy.baseUrl, '--scenario', 'test-connection'], undefined, true);
    const tries = proxy.arrivals.filter((a) =>
      throttledRequest({ url: a.url, headers: { authorization: a.authorization } }),
    );
    console.log(
      `always 429: the throttled request was tried ${tries.length} times; the run took ${result.durationMs} ms`,
    );
    ctx.expect(result.killedByTest).toBe(false);
    ctx.expect(result.code, result.stdout + result.stderr).toBe(1);
    ctx.expect(result.stdout).toMatch(/✗ http\.status \[MUST\] .*\n\s+expected HTTP 200, got 429/);
    // Tried once, retried at most 3 times; each answer counted.
    ctx.expect(tries).toHaveLength(4);
    ctx.expect(result.summary().transport.throttled).toBe(4);
  });

  it.concurrent('should send at most N requests in any second with --rate-limit N/s', async (ctx) => {
    const proxy = await proxied(ctx);
    const result = await run(
      ['--target', proxy.baseUrl, '--rate-limit', '20/s', '--scenario', 'test-connection', '--scenario', 'single-user'],
      undefined,
      true,
    );
    ctx.expect(result.code, result.stdout + result.stderr).toBe(0);
    const times = proxy.arrivals.map((a) => a.at).sort((a, b) => a - b);
    // Unthrottled, these requests take a fraction of a second; throttled, no 500 ms window holds
    // more than 10 of them. A slow machine only lowers the count; the margin of 2 absorbs delivery
    // jitter. The spacing itself is measured by `npm run bench` (bench/rate-limit.mjs).
    ctx.expect(times.length).toBeGreaterThan(12);
    const busiest = Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 500).length));
    ctx.expect(busiest).toBeLessThanOrEqual(10 + 2);
  });

  it('client: should keep 1/N s between requests even when a slot comes due while the process is busy', async ({
    expect,
    onTestFinished,
  }) => {
    // The target runs in a process of its own: this one is about to be busy.
    const target = await startArrivalRecorder();
    onTestFinished(() => target.close());
    const client = new ScimClient({
      baseUrl: target.baseUrl,
      auth: { token: TOKEN },
      timeoutMs: 5_000,
      rateLimit: 20,
    });
    onTestFinished(() => client.close());
    // When each request is handed to undici, on the limiter's own clock (Date.now) and in this process.
    const created: number[] = [];
    const onCreate = () => {
      created.push(Date.now());
    };
    subscribe('undici:request:create', onCreate);
    onTestFinished(() => {
      unsubscribe('undici:request:create', onCreate);
    });
    const probe = { method: 'GET', path: '/ServiceProviderConfig' } as const;
    await client.send(probe); // takes the first slot
    const second = client.send(probe); // waits ~50 ms for its slot...
    const busyUntil = performance.now() + 120; // ...while the process is busy for 120 ms
    while (performance.now() < busyUntil);
    await second;
    await client.send(probe);
    await expect.poll(() => target.arrivals().length).toBe(3);
    // The limiter releases the third request 50 ms after the second; the hand-over to undici after a
    // release takes a few ms (seen up to 8), so half the spacing separates spaced from bunched requests,
    // which would be handed over within the same few ms. No delivery to another process is timed.
    expect(created).toHaveLength(3);
    expect(created[2] - created[1]).toBeGreaterThanOrEqual(25);
  });
});
