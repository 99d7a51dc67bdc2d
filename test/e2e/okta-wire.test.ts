import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startReferenceServer,
  type RecordedRequest,
  type RunningReferenceServer,
} from '../../src/reference-server/index.js';
import { cli, outDir } from './cli.js';

const TOKEN = 'okta-wire-token-9c8b7a6d';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Operation {
  op: string;
  path?: string;
  value?: unknown;
}

let server: RunningReferenceServer;
const received: RecordedRequest[] = [];
let stdout = '';

/**
 * The okta profile's own scenarios, recorded by the reference server. `--keep` leaves what the run
 * created, so the harness's cleanup sends no DELETE: every request recorded is Okta's traffic.
 */
beforeAll(async () => {
  server = await startReferenceServer({ token: TOKEN, onRequest: (req) => received.push(req) });
  const scenarios = ['test-connection', 'single-user', 'groups', 'import', 'deprovision'];
  const result = await cli(
    ['run', '--target', server.baseUrl, '--profile', 'okta', '--no-html', '--keep', '--out', outDir()].concat(
      scenarios.flatMap((s) => ['--scenario', s]),
    ),
    { SCIM_TOKEN: TOKEN },
  );
  stdout = result.stdout;
  expect(result.code, stdout).toBe(0);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

const pathOf = (req: RecordedRequest) => decodeURIComponent(req.url.replace(/^\/scim\/v2/, '').split('?')[0]);
const queryOf = (req: RecordedRequest) => new URLSearchParams(req.url.split('?')[1] ?? '');
const operationsOf = (method: string, endpoint: string) =>
  received
    .filter((req) => req.method === method && pathOf(req).startsWith(`${endpoint}/`))
    .flatMap((req) => (req.body as { schemas: string[]; Operations: Operation[] }).Operations);

describe("what the okta profile sends on the wire (Okta's SCIM 2.0 reference)", () => {
  it('should test the credentials with GET /Users?startIndex=1&count=2 and page groups by 100', () => {
    const lists = received.filter((req) => req.method === 'GET' && !queryOf(req).has('filter'));
    const pages = lists.map((req) => `${pathOf(req)}?${queryOf(req).toString()}`);
    expect(pages).toContain('/Users?startIndex=1&count=2');
    expect(pages).toContain('/Groups?startIndex=1&count=100');
    expect(pages).toContain('/Users?startIndex=1&count=100');
    // Import pages through unfiltered lists: every list query carries startIndex and count.
    for (const req of lists.filter((r) => ['/Users', '/Groups'].includes(pathOf(r)))) {
      expect(queryOf(req).get('startIndex'), req.url).toMatch(/^\d+$/);
      expect(queryOf(req).get('count'), req.url).toMatch(/^\d+$/);
    }
  });

  it('should look users up by userName eq with startIndex=1&count=100 before it creates them', () => {
    const lookups = received.filter(
      (req) => req.method === 'GET' && /^userName eq "/.test(queryOf(req).get('filter') ?? ''),
    );
    expect(lookups.length).toBeGreaterThan(0);
    for (const req of lookups.filter((r) => r.headers.authorization?.toString().startsWith('Bearer'))) {
      expect([queryOf(req).get('startIndex'), queryOf(req).get('count')], req.url).toEqual(['1', '100']);
    }
  });

  it("should create users with Okta's body as application/json", () => {
    const created = received.filter(
      (req) => req.method === 'POST' && pathOf(req) === '/Users' && req.headers['content-type'] === 'application/json',
    );
    expect(created.length).toBeGreaterThan(0);
    expect(created[0].body).toEqual({
      schemas: [USER],
      userName: expect.any(String),
      name: { givenName: expect.any(String), familyName: expect.any(String) },
      emails: [{ primary: true, value: expect.any(String), type: 'work' }],
      displayName: expect.any(String),
      locale: 'en-US',
      externalId: expect.any(String),
      groups: [],
      password: expect.any(String),
      active: true,
    });
  });

  it('should update a profile with a PUT of the whole user, active kept', () => {
    const puts = received.filter((req) => req.method === 'PUT');
    expect(puts.length).toBeGreaterThan(0);
    for (const put of puts) {
      expect(pathOf(put)).toMatch(/^\/Users\/[^/]+$/);
      expect(put.body).toMatchObject({
        schemas: [USER],
        id: pathOf(put).split('/')[2],
        userName: expect.any(String),
        name: expect.any(Object),
        emails: expect.any(Array),
        active: true,
      });
    }
  });

  it('should deactivate and reactivate with a path-less replace of active, and never DELETE a user', () => {
    const userPatches = received.filter((req) => req.method === 'PATCH' && pathOf(req).startsWith('/Users/'));
    expect(userPatches.every((req) => (req.body as { schemas: string[] }).schemas.includes(PATCH_OP))).toBe(true);
    const ops = operationsOf('PATCH', '/Users');
    expect(ops).toContainEqual({ op: 'replace', value: { active: false } });
    expect(ops).toContainEqual({ op: 'replace', value: { active: true } });
    expect(ops.every((op) => op.path === undefined)).toBe(true);
    expect(received.filter((req) => req.method === 'DELETE' && pathOf(req).startsWith('/Users'))).toEqual([]);
  });

  it("should push groups with Okta's PATCH shapes and delete them when unlinked", () => {
    const created = received.find((req) => req.method === 'POST' && pathOf(req) === '/Groups');
    expect(created?.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: expect.any(String),
      members: [],
    });
    const ops = operationsOf('PATCH', '/Groups');
    expect(ops).toContainEqual({
      op: 'add',
      path: 'members',
      value: expect.arrayContaining([{ value: expect.any(String), display: expect.any(String) }]),
    });
    expect(ops).toContainEqual({ op: 'replace', value: { id: expect.any(String), displayName: expect.any(String) } });
    expect(ops).toContainEqual({ op: 'remove', path: expect.stringMatching(/^members\[value eq ".+"\]$/) });
    const lookups = received.filter((req) => /^displayName eq "/.test(queryOf(req).get('filter') ?? ''));
    expect(lookups.length).toBeGreaterThan(0);
    expect(received.some((req) => req.method === 'DELETE' && pathOf(req).startsWith('/Groups/'))).toBe(true);
  });
});
