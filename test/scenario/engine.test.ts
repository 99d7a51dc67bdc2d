import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimClient } from '../../src/http/client.js';
import {
  startReferenceServer,
  type RecordedRequest,
  type RunningReferenceServer,
} from '../../src/reference-server/index.js';
import { runScenario, type EngineOptions } from '../../src/scenario/engine.js';
import { TargetHealth } from '../../src/scenario/health.js';
import { loadScenario } from '../../src/scenario/load.js';
import { OwnedResources } from '../../src/scenario/ownership.js';
import { schemaValidator } from '../../src/schemas/validator.js';
import { startProxy } from '../e2e/servers.js';

const TOKEN = 'engine-test-token';
const dir = mkdtempSync(join(tmpdir(), 'scimconf-engine-'));
let server: RunningReferenceServer;
let client: ScimClient;
const received: RecordedRequest[] = [];

beforeAll(async () => {
  server = await startReferenceServer({ token: TOKEN, onRequest: (req) => received.push(req) });
  client = new ScimClient({ baseUrl: server.baseUrl, auth: { token: TOKEN }, timeoutMs: 5000 });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

function scenario(yaml: string) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `name: demo\ntitle: Demo\n${yaml}`);
  return loadScenario(file);
}

const options = (extra: Partial<EngineOptions> = {}): EngineOptions => ({
  client,
  validate: (name, value) => schemaValidator().validate(`scim/${name}`, value),
  seed: 1,
  runTag: 'scimconf-test',
  variant: { dialect: 'entra', mapping: 'entra' },
  ...extra,
});

const CREATE = `
  - name: Create
    request:
      method: POST
      path: /Users
      body: { schemas: [urn:ietf:params:scim:schemas:core:2.0:User], userName: '{{run.tag}}-{{gen.suffix}}' }
    expect: { status: 201 }
    capture: { id: /id }
    creates: /Users/{{captures.id}}`;

describe('runScenario', () => {
  it('should capture, template, run default checks and delete what it created', async () => {
    received.length = 0;
    const result = await runScenario(
      scenario(`steps:${CREATE}
  - name: Read
    request: { method: GET, path: '/Users/{{captures.id}}' }
    expect: { status: 200, checks: [{ id: json.matches, args: { contains: { id: '{{captures.id}}' } } }] }
`),
      options(),
    );
    expect(result.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(result.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['http.status', 'json.matches', 'resource.id', 'http.media-type']),
    );
    const id = (received[0].body as { userName: string }).userName;
    expect(id).toMatch(/^scimconf-test-[0-9a-f]{8}$/);
    expect(received.at(-1)).toMatchObject({ method: 'DELETE' });
    expect(result.leftovers).toEqual([]);
  });

  it('should skip a step whose capture an earlier failed step did not make, and say why', async () => {
    const result = await runScenario(
      scenario(`steps:
  - name: Create nothing
    request: { method: POST, path: /Users, body: { schemas: [urn:ietf:params:scim:schemas:core:2.0:User] } }
    expect: { status: 201 }
    capture: { id: /id }
  - name: Read
    request: { method: GET, path: '/Users/{{captures.id}}' }
    expect: { status: 200 }
`),
      options(),
    );
    const read = result.checks.filter((c) => c.step === 'Read');
    expect(read).toEqual([
      expect.objectContaining({ status: 'skipped', message: '{{captures.id}} was not captured by "Create nothing"' }),
    ]);
  });

  it('should refuse to change a resource the run did not create, before sending anything', async () => {
    const outsider = await client.send({
      method: 'POST',
      path: '/Users',
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'outsider@example.com' },
    });
    const id = (outsider.response?.json as { id: string }).id;
    received.length = 0;
    await expect(
      runScenario(
        scenario(`steps:\n  - name: Delete someone else\n    request: { method: DELETE, path: /Users/${id} }\n`),
        options(),
      ),
    ).rejects.toMatchObject({ code: 'E_UNSAFE' });
    expect(received).toEqual([]);
    expect((await client.send({ method: 'GET', path: `/Users/${id}` })).response?.status).toBe(200);
  });

  it("should pick the body and steps of the profile's dialect and mapping", async () => {
    const yaml = `steps:
  - name: Only for the flag
    when: { dialect: [aadOptscim062020] }
    request: { method: GET, path: /Users, query: { filter: 'userName eq "flagged"' } }
  - name: Query by dialect
    request:
      method: POST
      path: /Users/.search
      body: { schemas: [urn:ietf:params:scim:api:messages:2.0:SearchRequest], filter: 'userName eq "default"' }
      bodyFor:
        aadOptscim062020: { schemas: [urn:ietf:params:scim:api:messages:2.0:SearchRequest], filter: 'userName eq "dialect"' }
        zscaler: { schemas: [urn:ietf:params:scim:api:messages:2.0:SearchRequest], filter: 'userName eq "mapping"' }
`;
    const sent = async (dialect: 'entra' | 'aadOptscim062020', mapping: 'entra' | 'zscaler') => {
      received.length = 0;
      await runScenario(scenario(yaml), options({ variant: { dialect, mapping } }));
      return received.map((r) => (r.body as { filter?: string } | undefined)?.filter ?? r.url);
    };
    expect(await sent('entra', 'entra')).toEqual(['userName eq "default"']);
    expect(await sent('entra', 'zscaler')).toEqual(['userName eq "mapping"']);
    expect(await sent('aadOptscim062020', 'zscaler')).toEqual([
      expect.stringContaining('flagged'),
      'userName eq "dialect"',
    ]);
  });

  it("should run a step for attributes only when the target's /Schemas declares them (all, without /Schemas)", async () => {
    const yaml = `steps:
  - name: Titled
    when: { declared: [title, Group description] }
    request: { method: GET, path: /Users, query: { filter: 'userName eq "titled"' } }
`;
    const schemas = (await client.send({ method: 'GET', path: '/Schemas' })).response!.json as { Resources: unknown[] };
    const without = (name: string) =>
      (schemas.Resources as Array<{ attributes: Array<{ name: string }> }>).map((schema) => ({
        ...schema,
        attributes: schema.attributes.filter((a) => a.name !== name),
      }));
    const sent = async (declared: unknown[]) => {
      received.length = 0;
      await runScenario(scenario(yaml), options({ target: { capabilities: {}, schemas: declared } }));
      return received.length;
    };
    expect(await sent(schemas.Resources)).toBe(1);
    expect(await sent([])).toBe(1);
    expect(await sent(without('title'))).toBe(0);
    expect(await sent(without('description'))).toBe(0);
  });

  it('should skip steps needing a feature the target disclaims, unless the profile requires it', async () => {
    const yaml = `steps:\n  - name: Sorted\n    requires: [sort]\n    request: { method: GET, path: /Users, query: { sortBy: userName } }\n    expect: { status: 200 }\n`;
    const target = { capabilities: { sort: false } };
    const skipped = await runScenario(scenario(yaml), options({ target }));
    expect(skipped.checks).toEqual([
      expect.objectContaining({ status: 'skipped', message: expect.stringContaining('sort.supported is false') }),
    ]);
    const required = await runScenario(scenario(yaml), options({ target, required: ['sort'] }));
    expect(required.checks.find((c) => c.id === 'http.status')?.status).toBe('passed');
  });

  it('should report one root failure per response: body checks are skipped once http.status failed', async () => {
    const result = await runScenario(
      scenario(`steps:
  - name: Read a user that does not exist
    request: { method: GET, path: /Users/no-such-user }
    expect: { status: 200, schema: User, checks: [{ id: json.matches, args: { contains: { userName: x } } }] }
`),
      options(),
    );
    expect(result.checks.map(({ id, status, message }) => ({ id, status, message }))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'http.status', status: 'failed' }),
        { id: 'schema.valid', status: 'skipped', message: 'because http.status failed' },
        { id: 'json.matches', status: 'skipped', message: 'because http.status failed' },
      ]),
    );
    expect(result.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual(['http.status']);
  });

  it('should never judge a DELETE answer as a resource, even a 200 with a body', async () => {
    const proxy = await startProxy({
      upstream: server.baseUrl,
      transform: (answer, req) =>
        req.method === 'DELETE' ? { ...answer, status: 200, body: '{"deleted":true,"meta":{}}' } : answer,
    });
    const proxied = new ScimClient({ baseUrl: proxy.baseUrl, auth: { token: TOKEN }, timeoutMs: 5000 });
    try {
      const result = await runScenario(
        scenario(`steps:${CREATE}
  - name: Delete
    request: { method: DELETE, path: '/Users/{{captures.id}}' }
    expect: { status: [200, 204] }
`),
        options({ client: proxied }),
      );
      const deleteChecks = result.checks.filter((c) => c.step === 'Delete');
      expect(deleteChecks.filter((c) => c.id.startsWith('resource.') || c.id.startsWith('schema.'))).toEqual([]);
      expect(deleteChecks.filter((c) => c.status === 'failed')).toEqual([]);
    } finally {
      await proxied.close();
      await proxy.close();
    }
  });

  it('should record an allowed refusal of a probed feature as a capability, and a contradicted claim as a failure', async () => {
    const probing = await startReferenceServer({ token: TOKEN, variants: ['filter-eq-and-only'] });
    const probingClient = new ScimClient({ baseUrl: probing.baseUrl, auth: { token: TOKEN }, timeoutMs: 5000 });
    const yaml = `steps:
  - name: sw
    probes: filter.sw
    request: { method: GET, path: /Users, query: { filter: 'userName sw "x"' } }
    expect: { status: 200, checks: [{ id: list.total-results, args: { equals: 0 } }] }
  - name: Bulk
    probes: bulk
    request: { method: POST, path: /Bulk, body: { schemas: [urn:ietf:params:scim:api:messages:2.0:BulkRequest], Operations: [] } }
    expect: { status: 200 }
`;
    try {
      const claimed = { capabilities: { filter: true, bulk: true } };
      const result = await runScenario(scenario(yaml), options({ client: probingClient, target: claimed }));
      expect(result.capabilities).toEqual([
        {
          feature: 'filter.sw',
          claimed: true,
          observed: 'refused (allowed)',
          where: 'demo › sw',
          detail: '400 invalidFilter: filter operator sw is not supported',
        },
        {
          feature: 'bulk',
          claimed: true,
          observed: 'refused',
          where: 'demo › Bulk',
          detail: '501: /Bulk is not implemented',
        },
      ]);
      expect(result.checks.filter((c) => c.step === 'sw' && c.status !== 'passed')).toEqual([
        expect.objectContaining({
          id: 'http.status',
          status: 'skipped',
          message: expect.stringMatching(/^refused \(allowed\): 400 invalidFilter/),
        }),
        expect.objectContaining({ id: 'list.total-results', status: 'skipped' }),
      ]);
      // bulk.supported true and a 501: the claim is contradicted, so the failure stands.
      expect(result.checks.find((c) => c.step === 'Bulk' && c.id === 'http.status')?.status).toBe('failed');
      const unclaimed = await runScenario(
        scenario(yaml),
        options({ client: probingClient, target: { capabilities: { bulk: false } } }),
      );
      expect(unclaimed.capabilities?.map((c) => c.observed)).toEqual(['refused (allowed)', 'refused (allowed)']);
      expect(unclaimed.checks.filter((c) => c.status === 'failed')).toEqual([]);
    } finally {
      await probingClient.close();
      await probing.close();
    }
  });

  it('should skip the rest once the target stops answering, and keep what it could not delete', async () => {
    const dead = await startReferenceServer({ token: TOKEN });
    const deadClient = new ScimClient({ baseUrl: dead.baseUrl, auth: { token: TOKEN }, timeoutMs: 2000 });
    const owned = new OwnedResources();
    const health = new TargetHealth();
    try {
      const created = await runScenario(
        scenario(`steps:${CREATE}`),
        options({ client: deadClient, owned, keep: true }),
      );
      expect(created.leftovers).toEqual([expect.stringMatching(/^\/Users\/.+ \(kept: --keep\)$/)]);
      owned.register(created.leftovers[0].split(' ')[0]);
      await dead.close();
      const steps = Array.from(
        { length: 5 },
        (_, i) => `  - name: Query ${i}\n    request: { method: GET, path: /Users }\n    expect: { status: 200 }`,
      ).join('\n');
      const result = await runScenario(scenario(`steps:\n${steps}\n`), options({ client: deadClient, owned, health }));
      expect(result.checks.filter((c) => c.id === 'http.transport').map((c) => c.status)).toEqual([
        'failed',
        'failed',
        'failed',
      ]);
      expect(result.checks.filter((c) => c.step === 'Query 4')).toEqual([
        expect.objectContaining({
          status: 'skipped',
          message: expect.stringContaining('the target stopped answering'),
        }),
      ]);
      expect(result.leftovers).toEqual([expect.stringContaining('the target stopped answering')]);
    } finally {
      await deadClient.close();
    }
  });
});
