/**
 * Issue 6, "Safety" and "Secrets": against a reference server that already holds a tenant's data,
 * the harness touches only what it creates, cleans up at the end and on SIGINT/SIGTERM, keeps its
 * data only with --keep, refuses to mutate anything it did not create, and never lets the token
 * or a password it sent reach any output.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, type ExpectStatic, it, vi } from 'vitest';
import {
  startReferenceServer,
  type RecordedRequest,
  type RunningReferenceServer,
} from '../../src/reference-server/index.js';
import { ScimClient } from '../../src/http/client.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runScenario } from '../../src/scenario/engine.js';
import { loadScenario } from '../../src/scenario/load.js';
import { schemaValidator } from '../../src/schemas/validator.js';
import { outDir } from './cli.js';
import { leaks, reportTexts, readSummary } from './reports.js';
import { listAll, scim, seedTenant, snapshot, startProxy, TEST_CLIENT_HEADER } from './servers.js';
import { runCli, spawnCli, STACK_TRACE, type SpawnedResult } from './spawn.js';

// Every test runs the built CLI, some several times; a busy CI machine may need the time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TOKEN = 'safety-e2e-token-5d2c8b71e4a9f3';
const RUN_TAG = /scimconf-[0-9a-f]{6}/;
const MUTATING = new Set(['PUT', 'PATCH', 'DELETE']);

interface Tenant {
  server: RunningReferenceServer;
  /** Every request the server received, the tests' own included (they carry TEST_CLIENT_HEADER). */
  requests: RecordedRequest[];
  users: string[];
  groups: string[];
  /** /Users/{id} and /Groups/{id} of the pre-existing data. */
  paths: string[];
  /** Their exact answers before the run. */
  before: Awaited<ReturnType<typeof snapshot>>;
}

/** A reference server holding 20 users and 5 groups with members, stopped when the test finishes. */
async function startTenant(onFinished: (stop: () => Promise<void>) => void, faults: string[] = []): Promise<Tenant> {
  const requests: RecordedRequest[] = [];
  const server = await startReferenceServer({ token: TOKEN, faults, onRequest: (req) => requests.push(req) });
  onFinished(() => server.close());
  const { users, groups } = await seedTenant(server.baseUrl, TOKEN, { users: 20, groups: 5 });
  const paths = [...users.map((id) => `/Users/${id}`), ...groups.map((id) => `/Groups/${id}`)];
  return { server, requests, users, groups, paths, before: await snapshot(server.baseUrl, TOKEN, paths) };
}

/** Requests the harness (not the test) sent. */
const harnessRequests = (tenant: Tenant) => tenant.requests.filter((req) => !req.headers[TEST_CLIENT_HEADER]);

/** PUT/PATCH/DELETE requests from the harness that name a pre-existing resource, in any spelling. */
function mutationsOfPreexisting(tenant: Tenant): string[] {
  const ids = [...tenant.users, ...tenant.groups];
  return harnessRequests(tenant)
    .filter((req) => MUTATING.has(req.method) && ids.some((id) => decodeURIComponent(req.url).includes(id)))
    .map((req) => `${req.method} ${req.url}`);
}

/** Resources on the target that are not part of the pre-existing data, as /Users/{id} or /Groups/{id}. */
async function foreignResources(tenant: Tenant): Promise<Array<{ path: string; name: string }>> {
  const users = await listAll(tenant.server.baseUrl, TOKEN, 'Users');
  const groups = await listAll(tenant.server.baseUrl, TOKEN, 'Groups');
  return [
    ...users
      .filter((u) => !tenant.users.includes(u.id))
      .map((u) => ({ path: `/Users/${u.id}`, name: `${u.userName} ${u.displayName ?? ''} ${u.externalId ?? ''}` })),
    ...groups
      .filter((g) => !tenant.groups.includes(g.id))
      .map((g) => ({ path: `/Groups/${g.id}`, name: `${g.displayName} ${g.externalId ?? ''}` })),
  ];
}

/** The target holds exactly the pre-existing 20 users and 5 groups, each byte-identical to before. */
async function expectTenantUntouched(tenant: Tenant, expect: ExpectStatic): Promise<void> {
  const users = await listAll(tenant.server.baseUrl, TOKEN, 'Users');
  const groups = await listAll(tenant.server.baseUrl, TOKEN, 'Groups');
  expect(users.map((u) => u.id).sort(), 'users on the target').toEqual([...tenant.users].sort());
  expect(groups.map((g) => g.id).sort(), 'groups on the target').toEqual([...tenant.groups].sort());
  expect(await snapshot(tenant.server.baseUrl, TOKEN, tenant.paths)).toEqual(tenant.before);
  expect(mutationsOfPreexisting(tenant), 'mutating requests on pre-existing resources').toEqual([]);
}

/** Entra's provisioning flow, named explicitly. */
const ENTRA_FLOW = ['test-connection', 'single-user', 'groups', 'restart', 'deprovision'].flatMap((name) => [
  '--scenario',
  name,
]);

/**
 * Polls the target (every 25 ms, for at most 30 s) until it holds something the run created,
 * and returns that.
 */
async function pollUntilHeld(
  tenant: Tenant,
  run: ReturnType<typeof spawnCli>,
): Promise<Array<{ path: string; name: string }>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const held = await foreignResources(tenant);
    if (held.length > 0) return held;
    if (Date.now() > deadline || run.child.exitCode !== null)
      throw new Error(`the run never held data of its own on the target\n${run.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const summaryOf = (dir: string) => readSummary(dir);

describe.concurrent('a run against a tenant that already holds data', () => {
  it.concurrent(
    'should leave 20 users and 5 groups byte-identical after a full entra run, and nothing behind',
    async ({ expect, onTestFinished }) => {
      const tenant = await startTenant(onTestFinished);
      const result = await runCli(['run', '--target', tenant.server.baseUrl, '--out', outDir(), '--no-html'], {
        SCIM_TOKEN: TOKEN,
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^CONFORMANT:/m);
      // The run did create, change and delete data of its own...
      const sent = harnessRequests(tenant);
      expect(sent.filter((req) => req.method === 'POST').length).toBeGreaterThan(5);
      expect(sent.filter((req) => req.method === 'DELETE').length).toBeGreaterThan(5);
      // ...every creation carried the run tag...
      for (const req of sent.filter((r) => r.method === 'POST')) expect(JSON.stringify(req.body)).toMatch(RUN_TAG);
      // ...and nothing else changed.
      await expectTenantUntouched(tenant, expect);
    },
  );

  it.concurrent.for(['SIGINT', 'SIGTERM'] as const)(
    'should delete what it created and exit 130 when interrupted by %s, leaving the tenant untouched',
    { timeout: 180_000 },
    async (signal, { expect, onTestFinished }) => {
      const tenant = await startTenant(onTestFinished);
      const run = spawnCli(
        ['run', '--target', tenant.server.baseUrl, '--out', outDir(), '--no-html', '--rate-limit', '10/s'],
        { SCIM_TOKEN: TOKEN },
      );
      onTestFinished(() => run.signal('SIGKILL'));
      // A hang guard, not a timing: a loaded machine takes its time to start a run.
      await run.waitFor(() => /^ {2}[✓✗!-] \S/m.test(run.stdout()), 90_000, 'the first scenario line');
      // Vitest reports scenarios with some delay, so the line alone does not tell what the run holds
      // now: interrupt at the first moment the run holds data of its own on the target.
      const held = await pollUntilHeld(tenant, run);
      const requestsBeforeSignal = tenant.requests.length;
      run.signal(signal);
      const result = await run.exited;

      const deletedAfterSignal = tenant.requests
        .slice(requestsBeforeSignal)
        .filter((req) => req.method === 'DELETE' && !req.headers[TEST_CLIENT_HEADER])
        .map((req) => req.url.replace(/^\/scim\/v2/, ''));
      // Whatever the run held when interrupted was deleted afterwards (by the interrupted scenario's
      // own cleanup or by the journal's).
      expect(deletedAfterSignal).toEqual(expect.arrayContaining(held.map((r) => r.path)));
      expect(result.killedByTest).toBe(false);
      expect(result.code, result.stdout + result.stderr).toBe(130);
      expect(result.stdout).toContain(`Interrupted by ${signal}`);
      expect(result.stdout).toContain('Cleanup complete.');
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(await foreignResources(tenant), 'left behind by the run').toEqual([]);
      await expectTenantUntouched(tenant, expect);
    },
  );

  it.concurrent('should clean up after scenarios that fail halfway', async ({ expect, onTestFinished }) => {
    const tenant = await startTenant(onTestFinished, ['group-patch-500', 'uniqueness-allow-duplicate-username']);
    const result = await runCli(
      ['run', '--target', tenant.server.baseUrl, '--out', outDir(), '--no-html', ...ENTRA_FLOW],
      { SCIM_TOKEN: TOKEN },
    );
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).not.toMatch(/Left on the target/);
    expect(await foreignResources(tenant), 'left behind by the run').toEqual([]);
    await expectTenantUntouched(tenant, expect);
  });

  it.concurrent(
    'should leave what it created with --keep, list it, and let the user delete it',
    async ({ expect, onTestFinished }) => {
      const tenant = await startTenant(onTestFinished);
      const out = outDir();
      const result = await runCli(
        [
          'run',
          '--target',
          tenant.server.baseUrl,
          '--out',
          out,
          '--no-html',
          '--keep',
          '--scenario',
          'single-user',
          '--scenario',
          'groups',
        ],
        { SCIM_TOKEN: TOKEN },
      );
      expect(result.code, result.stdout + result.stderr).toBe(0);

      const kept = await foreignResources(tenant);
      expect(kept.length).toBeGreaterThan(0);
      for (const { name } of kept) expect(name).toMatch(RUN_TAG);
      const listed = [...result.stdout.matchAll(/^ +(\/(?:Users|Groups)\/\S+) \(kept: --keep\)$/gm)].map((m) => m[1]);
      expect(result.stdout).toContain('Left on the target (delete by hand):');
      expect(listed.sort()).toEqual(kept.map((r) => r.path).sort());
      expect(
        summaryOf(out)
          .transport.leftovers.map((line) => line.split(' ')[0])
          .sort(),
      ).toEqual(kept.map((r) => r.path).sort());

      // Groups first, then users, as the harness would.
      for (const { path } of [...kept].sort((a, b) => a.path.localeCompare(b.path))) {
        expect((await scim(tenant.server.baseUrl, TOKEN, 'DELETE', path)).status, path).toBe(204);
      }
      await expectTenantUntouched(tenant, expect);
    },
  );
});

describe.concurrent('a target that refuses every DELETE', () => {
  let tenant: Tenant;
  let result: SpawnedResult;
  let out: string;
  let left: Array<{ path: string; name: string }>;
  let listed: string[];
  const stops: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    tenant = await startTenant((stop) => stops.push(stop));
    const proxy = await startProxy({
      upstream: tenant.server.baseUrl,
      intercept: (req) =>
        req.method === 'DELETE'
          ? {
              status: 500,
              headers: { 'content-type': 'application/scim+json' },
              body: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"500","detail":"no"}',
            }
          : undefined,
    });
    stops.push(() => proxy.close());
    out = outDir();
    result = await runCli(
      [
        'run',
        '--target',
        proxy.baseUrl,
        '--out',
        out,
        '--no-html',
        // restart creates users and groups and deletes none itself: every DELETE is the cleanup's.
        '--scenario',
        'restart',
      ],
      { SCIM_TOKEN: TOKEN },
    );
    left = await foreignResources(tenant);
    listed = [...result.stdout.matchAll(/^ +(\/(?:Users|Groups)\/\S+) \(HTTP 500\)$/gm)].map((m) => m[1]);
  });
  afterAll(async () => {
    // The test tidies up after the harness (groups first), then checks the tenant.
    for (const { path } of [...(left ?? [])].sort((x, y) => x.path.localeCompare(y.path))) {
      expect((await scim(tenant.server.baseUrl, TOKEN, 'DELETE', path)).status, path).toBe(204);
    }
    if (tenant) await expectTenantUntouched(tenant, expect);
    for (const stop of stops.reverse()) await stop();
  });

  it('should list what it could not delete, and nothing else', () => {
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(left.length).toBeGreaterThan(0);
    expect(result.stdout).toContain('Left on the target (delete by hand):');
    expect([...new Set(listed)].sort()).toEqual(left.map((r) => r.path).sort());
    const inSummary = summaryOf(out).transport.leftovers.map((line) => line.split(' ')[0]);
    expect([...new Set(inSummary)].sort()).toEqual(left.map((r) => r.path).sort());
  });

  it('should list each leftover once', () => {
    expect(listed).toEqual([...new Set(listed)]);
    const inSummary = summaryOf(out).transport.leftovers;
    expect(inSummary).toEqual([...new Set(inSummary)]);
  });
});

describe.concurrent('the ownership guard', () => {
  const FIXTURES = [
    ['PATCH', 'patch.yaml', 'user'],
    ['PUT', 'put.yaml', 'user'],
    ['DELETE', 'delete.yaml', 'user'],
    ['PATCH', 'patch-group.yaml', 'group'],
  ] as const;

  it.concurrent(
    'should refuse PUT, PATCH and DELETE on resources the run did not create, before sending them',
    async ({ expect, onTestFinished }) => {
      const tenant = await startTenant(onTestFinished);
      const result = await runCli(
        [
          'run',
          '--target',
          tenant.server.baseUrl,
          '--out',
          outDir(),
          '--no-html',
          ...FIXTURES.flatMap(([, fixture]) => ['--scenario', `test/fixtures/unsafe/${fixture}`]),
        ],
        { SCIM_TOKEN: TOKEN },
      );
      // Each scenario got as far as finding its victim...
      const lookups = harnessRequests(tenant).filter((req) => req.method === 'GET' && req.url.includes('filter='));
      expect(lookups.length).toBe(FIXTURES.length);
      // ...and was stopped there: nothing mutating reached the server at all.
      expect(harnessRequests(tenant).filter((req) => MUTATING.has(req.method))).toEqual([]);
      // E_UNSAFE ends the run as a scenario error (exit 2), naming every refused request.
      expect(result.code, result.stdout + result.stderr).toBe(2);
      for (const [method, , kind] of FIXTURES) {
        const path = kind === 'user' ? `/Users/${tenant.users[0]}` : `/Groups/${tenant.groups[0]}`;
        expect(result.stderr).toContain(`refusing ${method} ${path}: the run did not create this resource`);
      }
      expect(result.stderr).not.toMatch(STACK_TRACE);
      await expectTenantUntouched(tenant, expect);
    },
  );

  /** Runs one fixture through the engine (no CLI) against the tenant, with the harness's own HTTP client. */
  async function runFixture(tenant: Tenant, fixture: string): Promise<unknown> {
    const client = new ScimClient({ baseUrl: tenant.server.baseUrl, auth: { token: TOKEN }, timeoutMs: 5_000 });
    const { validate } = schemaValidator();
    try {
      await runScenario(loadScenario(join(PACKAGE_ROOT, 'test/fixtures/unsafe', fixture)), {
        client,
        validate: (name, value) => validate(`scim/${name}`, value),
        seed: 1,
        runTag: 'scimconf-0e2e00',
        variant: { dialect: 'entra', mapping: 'entra' },
      });
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await client.close();
    }
  }

  it.concurrent.for(FIXTURES.map(([method, fixture]) => [method, fixture]))(
    'engine: should refuse a %s (%s) with E_UNSAFE before it is sent',
    async ([method, fixture], { expect, onTestFinished }) => {
      const tenant = await startTenant(onTestFinished);
      const error = await runFixture(tenant, fixture);
      expect(error).toMatchObject({ code: 'E_UNSAFE', message: expect.stringContaining(`refusing ${method} `) });
      expect(harnessRequests(tenant).filter((req) => MUTATING.has(req.method))).toEqual([]);
      await expectTenantUntouched(tenant, expect);
    },
  );

  it.concurrent.for(['patch-trailing-slash.yaml', 'patch-lower-case.yaml', 'delete-query.yaml'])(
    'engine: should refuse a mutation of a pre-existing user however the path is spelt (%s)',
    async (fixture, { expect, onTestFinished }) => {
      const tenant = await startTenant(onTestFinished);
      const error = await runFixture(tenant, fixture);
      expect(harnessRequests(tenant).filter((req) => MUTATING.has(req.method))).toEqual([]);
      expect(error).toMatchObject({ code: 'E_UNSAFE' });
      await expectTenantUntouched(tenant, expect);
    },
  );
});

/** Every value of a `password` key in a JSON value, at any depth. */
function passwordsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(passwordsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key.toLowerCase() === 'password' && typeof item === 'string' ? [item] : passwordsIn(item),
  );
}

describe.concurrent('secrets in the outputs of a failing run', () => {
  it.concurrent(
    'should write neither the token nor a password it sent anywhere (rfc7644 profile, target echoes passwords)',
    async ({ expect, onTestFinished }) => {
      const token = 'tok-LEAKCHECK-4f9a1c7e2b8d6053';
      const requests: RecordedRequest[] = [];
      const server = await startReferenceServer({
        token,
        faults: ['media-type-json', 'return-password'],
        onRequest: (req) => requests.push(req),
      });
      onTestFinished(() => server.close());
      const out = outDir();
      // The rfc7644 profile's discovery, Test Connection (with and without the token) and lifecycle
      // (which POSTs a password and, with return-password, gets it back), with the HTML report.
      const result = await runCli(
        [
          'run',
          '--target',
          server.baseUrl,
          '--profile',
          'rfc7644',
          ...['discovery', 'test-connection', 'lifecycle'].flatMap((name) => ['--scenario', name]),
          '--out',
          out,
        ],
        { SCIM_TOKEN: token },
      );
      expect(result.code, result.stdout + result.stderr).toBe(1);
      const summary = summaryOf(out);
      // The faults did bite: the password came back and was flagged.
      expect(summary.checks.some((c) => c.id === 'resource.no-password' && c.status === 'failed')).toBe(true);
      expect(summary.checks.some((c) => c.id === 'http.media-type' && c.status === 'failed')).toBe(true);

      const passwords = [...new Set(requests.flatMap((req) => passwordsIn(req.body)))];
      expect(passwords.length, 'passwords the run sent').toBeGreaterThan(0);
      const texts = [
        { path: 'stdout', text: result.stdout },
        { path: 'stderr', text: result.stderr },
        ...reportTexts(out),
      ];
      // Every output the issue names is there and was searched, the HTML report's embedded data included.
      const names = texts.map((t) => t.path);
      for (const file of ['summary.json', 'summary.md', 'junit.xml', 'allure-report/index.html']) {
        expect(names.some((name) => name.endsWith(file))).toBe(true);
      }
      expect(names.some((name) => /allure-results\/.+-result\.json$/.test(name))).toBe(true);
      expect(names.some((name) => /index\.html#data\/attachments\//.test(name))).toBe(true);
      expect(texts.some((t) => t.path.includes('index.html#') && t.text.includes('[REDACTED]'))).toBe(true);
      expect(leaks(texts, [token, ...passwords])).toEqual([]);
      // The curl lines read the token from the environment.
      expect(result.stdout).toMatch(/reproduce: curl .* -H "Authorization: Bearer \$SCIM_TOKEN"/);
    },
  );

  it.concurrent(
    'should redact the token and passwords that a target echoes in headers and error texts',
    async ({ expect, onTestFinished }) => {
      const token = 'tok-ECHOCHECK-93b7e1f0c4a2d685';
      const requests: RecordedRequest[] = [];
      const server = await startReferenceServer({ token, onRequest: (req) => requests.push(req) });
      onTestFinished(() => server.close());
      // A target that repeats what it received: the Authorization header in a response header, the
      // request body inside a JSON string of every answer.
      const proxy = await startProxy({
        upstream: server.baseUrl,
        transform: (answer, req, requestBody) => {
          const headers = { ...answer.headers, 'x-debug-authorization': req.headers.authorization ?? '' };
          const echo = `received ${req.headers.authorization ?? 'no credentials'} with body ${requestBody}`;
          try {
            const json = JSON.parse(answer.body) as Record<string, unknown>;
            return { ...answer, headers, body: JSON.stringify({ ...json, debugEcho: echo }) };
          } catch {
            return { ...answer, headers, body: `${answer.body}\n${echo}` };
          }
        },
      });
      onTestFinished(() => proxy.close());
      const out = outDir();
      const result = await runCli(
        // This time the token comes as a flag.
        [
          'run',
          '--target',
          proxy.baseUrl,
          '--token',
          token,
          '--profile',
          'rfc7644',
          '--scenario',
          'lifecycle',
          '--out',
          out,
        ],
        {},
      );
      // The run completes with a verdict (whatever the echo does to it): not a usage, harness or killed exit.
      expect([0, 1], result.stdout + result.stderr).toContain(result.code);
      expect(summaryOf(out).scenarios.map((s) => s.name)).toEqual(['lifecycle']);
      const passwords = [...new Set(requests.flatMap((req) => passwordsIn(req.body)))];
      expect(passwords.length, 'passwords the run sent').toBeGreaterThan(0);
      const texts = [
        { path: 'stdout', text: result.stdout },
        { path: 'stderr', text: result.stderr },
        ...reportTexts(out),
      ];
      // The echo reached the outputs (redacted), so the check below is not vacuous.
      expect(texts.some((t) => t.text.includes('x-debug-authorization'))).toBe(true);
      expect(leaks(texts, [token, ...passwords])).toEqual([]);
    },
  );
});
