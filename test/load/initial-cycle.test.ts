import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScimClient } from '../../src/http/client.js';
import { loadAction } from '../../src/load/action.js';
import { OPERATIONS } from '../../src/load/figures.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { buildSummary } from '../../src/report/summary.js';
import { runScenario } from '../../src/scenario/engine.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { ActionSettings } from '../../src/scenario/engine.js';
import type { Dialect, Mapping } from '../../src/scenario/types.js';
import { schemaValidator } from '../../src/schemas/validator.js';

const TOKEN = 'load-test-token-3c2b1a';
const SCENARIO = loadScenario(join(PACKAGE_ROOT, 'scenarios/load/initial-cycle.yaml'));
// 30 users in 4 groups: groups of 7 or 8 members, filled in batches of 3 (see memberBatch below).
const SCALE: ActionSettings = { users: 30, groups: 4, concurrency: 4 };
const BATCH = 3;

let server: RunningReferenceServer | undefined;
let client: ScimClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  server = client = undefined;
});

async function cycle(options: { faults?: string[]; dialect?: Dialect; mapping?: Mapping } = {}) {
  server = await startReferenceServer({ token: TOKEN, faults: options.faults ?? [] });
  client = new ScimClient({ baseUrl: server.baseUrl, auth: { token: TOKEN }, timeoutMs: 10_000 });
  const validate = schemaValidator().validate;
  const scenario = {
    ...SCENARIO,
    steps: SCENARIO.steps.map((step) => ({ ...step, action: { ...step.action!, memberBatch: BATCH } })),
  };
  const result = await runScenario(scenario, {
    client,
    validate: (name, value) => validate(`scim/${name}`, value),
    seed: 11,
    runTag: 'scimconf-loadtest',
    variant: { dialect: options.dialect ?? 'entra', mapping: options.mapping ?? 'entra' },
    actions: { load: loadAction },
    settings: SCALE,
  });
  const remaining = await client.send({ method: 'GET', path: '/Users', query: [['count', '0']] });
  return { result, remainingUsers: (remaining.response?.json as { totalResults: number }).totalResults };
}

/** The action records its results in this order. */
const RESULTS = [
  "users carrying the run's tag",
  "groups carrying the run's tag",
  'sampled users',
  'sampled group memberships',
  'lookup requests',
  'create requests',
  'patch requests',
  'delete requests',
  'throughput',
] as const;

const check = (result: Awaited<ReturnType<typeof cycle>>['result'], subject: (typeof RESULTS)[number]) =>
  result.checks[RESULTS.indexOf(subject)];

describe('the initial-cycle load scenario', () => {
  it.each([
    ['entra', 'entra'],
    ['aadOptscim062020', 'entra'],
    ['rfc7644', 'entra'],
    ['entra', 'zscaler'],
  ] as const)(
    'should provision, change, verify and delete everything (%s dialect, %s mapping)',
    async (dialect, mapping) => {
      const { result, remainingUsers } = await cycle({ dialect, mapping });
      expect(result.checks.filter((c) => c.status !== 'passed')).toEqual([]);
      expect(result.checks.map((c) => c.id)).toEqual([
        ...Array(4).fill('load.final-state'),
        ...Array(4).fill('load.responses'),
        'load.throughput',
      ]);
      expect(new Set(result.checks.map((c) => c.reference)).size).toBe(RESULTS.length);
      expect(result.leftovers).toEqual([]);
      expect(remainingUsers).toBe(0);
    },
  );

  it('should fill in figures whose parts add up to the whole', async () => {
    const { result } = await cycle();
    const load = result.load!;
    const { users, groups } = { users: SCALE.users!, groups: SCALE.groups! };
    const members = [8, 8, 7, 7];
    const memberPatches = members.reduce((sum, n) => sum + Math.ceil(n / BATCH), 0);
    // Five updates, five disables, five moves of two PATCHes each: the plan's defaults.
    expect(load.operations.patch.count).toBe(memberPatches + 5 + 5 + 2 * 5);
    expect(load.operations.lookup.count).toBe(users + groups);
    expect(load.operations.create.count).toBe(users + groups);
    expect(load.operations.delete.count).toBe(users + groups);
    expect(load.requests).toBe(OPERATIONS.reduce((sum, op) => sum + load.operations[op].count, 0));
    expect(load.errors).toBe(0);
    expect(load).toMatchObject({ users, groups, concurrency: SCALE.concurrency });
    expect(load.durationMs).toBeGreaterThan(0);
    // durationMs is rounded to the millisecond, rps to a tenth.
    expect(load.rps).toBeGreaterThanOrEqual((load.requests * 1000) / (load.durationMs + 0.5) - 0.05);
    expect(load.rps).toBeLessThanOrEqual((load.requests * 1000) / (load.durationMs - 0.5) + 0.05);
    for (const figures of [load, ...OPERATIONS.map((op) => load.operations[op])]) {
      expect(figures.p50Ms).toBeGreaterThan(0);
      expect(figures.p50Ms).toBeLessThanOrEqual(figures.p95Ms);
      expect(figures.p95Ms).toBeLessThanOrEqual(figures.p99Ms);
    }
    for (const op of OPERATIONS) {
      // Each operation's rate is over the time it was in flight, never longer than the whole cycle.
      expect(load.operations[op].rps).toBeGreaterThanOrEqual(
        (load.operations[op].count * 1000) / (load.durationMs + 0.5) - 0.05,
      );
    }
    const summary = buildSummary({ target: 'test', profile: 'entra', seed: 11, startedAt: new Date(), durationMs: 1 }, [
      result,
    ]);
    expect(summary.load).toEqual(load);
  });

  it('should fail the cycle with a clear check when every group PATCH fails', async () => {
    const { result, remainingUsers } = await cycle({ faults: ['group-patch-500'] });
    // 12 batches filling the groups and 10 PATCHes moving users fail; the 10 user PATCHes succeed.
    const patches = check(result, 'patch requests');
    expect(patches).toMatchObject({ status: 'failed', severity: 'must' });
    expect(patches.message).toMatch(
      /^patch requests: 22 of 32 were not answered as expected; first: PATCH \/scim\/v2\/Groups\/\S+: HTTP 500 instead of 200 or 204: group PATCH failed/,
    );
    expect(patches.reproduce).toMatch(/^curl .* -X PATCH '.*\/Groups\//);
    expect((patches.actual as { samples: unknown[] }).samples).toHaveLength(3);
    expect(result.load!.operations.patch.errors).toBe(22);
    expect(check(result, 'sampled group memberships')).toMatchObject({ status: 'failed' });
    expect(check(result, 'create requests')).toMatchObject({ status: 'passed' });
    expect(result.leftovers).toEqual([]);
    expect(remainingUsers).toBe(0);
  });

  it('should notice disabled users that vanish from queries', async () => {
    const { result } = await cycle({ faults: ['deactivate-hides-user'] });
    expect(check(result, "users carrying the run's tag").message).toBe(
      `users carrying the run's tag: 1 of 1 differ from what the cycle sent; first: GET /scim/v2/Users?filter=userName sw "scimconf-loadtest.cycle."&count=0: totalResults is 25, expected 30`,
    );
    expect(check(result, 'sampled users')).toMatchObject({ status: 'failed' });
  });
});
