import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningReferenceServer } from '../../src/reference-server/index.js';
import { ENTERPRISE_URN, filterQuery, Scim, SCIM_JSON, start, USER_URN } from './helpers.js';

let server: RunningReferenceServer;
let scim: Scim;

beforeAll(async () => {
  ({ server, scim } = await start());
});
afterAll(() => server.close());

/** The POST body Entra sends (doc §3 U1), including its read-only `meta` and empty `roles`. */
const entraUser = (userName: string) => ({
  schemas: [USER_URN, ENTERPRISE_URN],
  externalId: crypto.randomUUID(),
  userName,
  active: true,
  emails: [{ primary: true, type: 'work', value: `${userName}@testuser.com` }],
  meta: { resourceType: 'User' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
  [ENTERPRISE_URN]: { department: 'Sales' },
});

describe('POST /Users (RFC 7644 §3.3)', () => {
  it('creates Entra’s user: 201, Location, ETag and full meta', async () => {
    const response = await scim.post('/Users', entraUser('Test_User_create'));
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe(SCIM_JSON);
    const user = response.body;
    const location = `${server.baseUrl}/Users/${user.id}`;
    expect(response.headers.get('location')).toBe(location);
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(user).toMatchObject({
      schemas: [USER_URN, ENTERPRISE_URN],
      userName: 'Test_User_create',
      active: true,
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      [ENTERPRISE_URN]: { department: 'Sales' },
      meta: { resourceType: 'User', location, version: 'W/"1"' },
    });
    expect(user.meta.created).toBe(user.meta.lastModified);
    expect(user).not.toHaveProperty('roles');
  });

  it('ignores client-sent read-only attributes (id, meta, groups)', async () => {
    const response = await scim.post('/Users', {
      schemas: [USER_URN],
      userName: 'readonly-user',
      id: 'client-id',
      meta: { created: '2000-01-01T00:00:00Z', version: 'W/"99"' },
      groups: [{ value: 'x' }],
    });
    expect(response.status).toBe(201);
    expect(response.body.id).not.toBe('client-id');
    expect(response.body.meta.version).toBe('W/"1"');
    expect(response.body).not.toHaveProperty('groups');
  });

  it('accepts a password but never returns it (returned: never)', async () => {
    const created = await scim.createUser('with-password', { password: 's3cret!' });
    expect(created).not.toHaveProperty('password');
    expect((await scim.get(`/Users/${created.id}`)).body).not.toHaveProperty('password');
    const listed = await scim.get(`/Users${filterQuery('userName eq "with-password"', '&attributes=password')}`);
    expect(listed.body.Resources[0]).not.toHaveProperty('password');
  });

  it('stores Entra string booleans as booleans and drops explicit nulls', async () => {
    const user = await scim.createUser('string-bools', {
      active: 'False',
      emails: [{ value: 'a@b.c', primary: 'True' }],
      title: null,
      addresses: null,
      [ENTERPRISE_URN]: { department: null, manager: null },
    });
    expect(user.active).toBe(false);
    expect(user.emails[0].primary).toBe(true);
    expect(user).not.toHaveProperty('title');
    expect(user).not.toHaveProperty('addresses');
    expect(user.schemas).toEqual([USER_URN]);
  });

  it('stores values as sent: no recomputed name.formatted, canonical attribute names', async () => {
    const user = await scim.createUser('as-sent', {
      NAME: { givenName: 'A', familyName: 'B', formatted: 'whatever' },
      phoneNumbers: [{ value: '55555555555' }],
    });
    expect(user.name).toEqual({ givenName: 'A', familyName: 'B', formatted: 'whatever' });
    expect(user.phoneNumbers).toEqual([{ value: '55555555555' }]);
  });

  it('tolerates Entra’s malformed enterprise URN in schemas', async () => {
    const response = await scim.post('/Users', {
      schemas: [USER_URN, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      userName: 'jyoung',
      externalId: 'jyoung',
    });
    expect(response.status).toBe(201);
  });

  it.each([
    ['missing userName', { schemas: [USER_URN] }, 'invalidValue'],
    ['empty userName', { userName: '' }, 'invalidValue'],
    ['numeric userName', { userName: 42 }, 'invalidValue'],
    ['active not a boolean', { userName: 'x1', active: 'maybe' }, 'invalidValue'],
    ['emails not objects', { userName: 'x2', emails: ['a@b.c'] }, 'invalidValue'],
    ['name not an object', { userName: 'x3', name: 'A B' }, 'invalidValue'],
    [
      'two primary emails',
      {
        userName: 'x4',
        emails: [
          { value: 'a', primary: true },
          { value: 'b', primary: true },
        ],
      },
      'invalidValue',
    ],
    ['schemas not an array', { userName: 'x5', schemas: USER_URN }, 'invalidSyntax'],
    ['body an array', [{ userName: 'x6' }], 'invalidSyntax'],
  ])('rejects %s with 400', async (_name, body, scimType) => {
    const response = await scim.post('/Users', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: '400', scimType });
  });

  it('answers a duplicate userName, in any case, with 409 uniqueness', async () => {
    await scim.createUser('Duplicate@Example.com');
    const response = await scim.post('/Users', { userName: 'duplicate@example.COM' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });
});

describe('GET /Users/{id} (RFC 7644 §3.4.1)', () => {
  it('returns the user with ETag and Content-Location', async () => {
    const user = await scim.createUser('getme');
    const response = await scim.get(`/Users/${user.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(user);
    expect(response.headers.get('etag')).toBe(user.meta.version);
    expect(response.headers.get('content-location')).toBe(user.meta.location);
  });

  it('answers an unknown id with a 404 Error', async () => {
    const response = await scim.get('/Users/5171a35d82074e068ce2');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe(SCIM_JSON);
    expect(response.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
  });

  it('does not serve a Group under /Users', async () => {
    const group = await scim.createGroup('not-a-user');
    expect((await scim.get(`/Users/${group.id}`)).status).toBe(404);
  });
});

describe('PUT /Users/{id} (RFC 7644 §3.5.1)', () => {
  it('replaces the attributes, keeps id/created, bumps version', async () => {
    const user = await scim.createUser('put-me', { displayName: 'Old', title: 'Boss', password: 'pw' });
    const response = await scim.put(`/Users/${user.id}`, {
      schemas: [USER_URN],
      id: 'ignored',
      userName: 'put-me',
      displayName: 'New',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: user.id,
      displayName: 'New',
      meta: { created: user.meta.created, version: 'W/"2"' },
    });
    expect(response.body).not.toHaveProperty('title');
  });

  it('enforces userName uniqueness and the required userName', async () => {
    const a = await scim.createUser('put-a');
    await scim.createUser('put-b');
    expect((await scim.put(`/Users/${a.id}`, { userName: 'PUT-B' })).status).toBe(409);
    expect((await scim.put(`/Users/${a.id}`, { userName: 'put-a' })).status).toBe(200);
    expect((await scim.put(`/Users/${a.id}`, { displayName: 'no userName' })).status).toBe(400);
  });

  it('answers an unknown id with 404', async () => {
    expect((await scim.put('/Users/nope', { userName: 'x' })).status).toBe(404);
  });
});

describe('DELETE /Users/{id} (RFC 7644 §3.6)', () => {
  it('answers 204, then 404 everywhere, and frees the userName', async () => {
    const user = await scim.createUser('delete-me');
    const response = await scim.delete(`/Users/${user.id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await scim.get(`/Users/${user.id}`)).status).toBe(404);
    expect((await scim.get(`/Users${filterQuery('userName eq "delete-me"')}`)).body.totalResults).toBe(0);
    expect((await scim.delete(`/Users/${user.id}`)).status).toBe(404);
    expect((await scim.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'active', value: false }])).status).toBe(404);
    expect((await scim.post('/Users', { userName: 'delete-me' })).status).toBe(201);
  });
});

describe('ETags (RFC 7644 §3.14)', () => {
  it('answers If-None-Match with the current version with 304, a stale one with 200', async () => {
    const user = await scim.createUser('etag-get');
    const notModified = await scim.get(`/Users/${user.id}`, { 'if-none-match': user.meta.version });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(user.meta.version);
    expect((await scim.get(`/Users/${user.id}`, { 'if-none-match': 'W/"0"' })).status).toBe(200);
  });

  it.each([
    ['PUT', { userName: 'etag-write' }],
    [
      'PATCH',
      {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'title', value: 'x' }],
      },
    ],
    ['DELETE', undefined],
  ])('answers %s with a stale If-Match with 412 and changes nothing', async (method, body) => {
    const user = await scim.createUser('etag-write');
    await scim.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'title', value: 'v2' }]);
    const stale = await scim.request(method, `/Users/${user.id}`, { body, headers: { 'if-match': user.meta.version } });
    expect(stale.status).toBe(412);
    const current = await scim.get(`/Users/${user.id}`);
    expect(current.body.title).toBe('v2');
    const fresh = await scim.request(method, `/Users/${user.id}`, {
      body,
      headers: { 'if-match': current.body.meta.version },
    });
    expect(fresh.status).toBeLessThan(300);
    await scim.delete(`/Users/${user.id}`);
  });

  it('changes the version only when the resource changes', async () => {
    const user = await scim.createUser('etag-noop', { title: 'same' });
    const response = await scim.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'title', value: 'same' }]);
    expect(response.body.meta).toMatchObject({ version: user.meta.version, lastModified: user.meta.lastModified });
  });
});
