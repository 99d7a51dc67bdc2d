import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningReferenceServer } from '../../src/reference-server/index.js';
import { ENTERPRISE_URN, filterQuery, LIST_URN, Scim, start, USER_URN } from './helpers.js';

let server: RunningReferenceServer;
let scim: Scim;
const names = ['delta', 'Alpha', 'charlie', 'bravo', 'echo'];

beforeAll(async () => {
  ({ server, scim } = await start());
  for (const [i, name] of names.entries()) {
    await scim.createUser(name, {
      displayName: `User ${name}`,
      ...(i % 2 === 0 ? { name: { familyName: name.toUpperCase() } } : {}),
      emails: [
        { value: `z-${name}@example.com`, type: 'home' },
        { value: `${name}@example.com`, type: 'work', primary: true },
      ],
      [ENTERPRISE_URN]: { department: `Dept ${i}` },
    });
  }
});
afterAll(() => server.close());

const userNames = (body: { Resources: { userName: string }[] }) => body.Resources.map((r) => r.userName);

describe('pagination (RFC 7644 §3.4.2.4)', () => {
  it('lists everything by default with the full ListResponse shape', async () => {
    const response = await scim.get('/Users');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [LIST_URN], totalResults: 5, startIndex: 1, itemsPerPage: 5 });
    expect(userNames(response.body)).toEqual(names);
  });

  it.each([
    ['?startIndex=2&count=2', ['Alpha', 'charlie'], 2, 2],
    ['?startIndex=5&count=2', ['echo'], 5, 1],
    ['?startIndex=9', [], 9, 0],
    ['?startIndex=0&count=1', ['delta'], 1, 1],
    ['?startIndex=-3&count=1', ['delta'], 1, 1],
    ['?count=0', [], 1, 0],
    ['?count=-5', [], 1, 0],
    ['?COUNT=1', ['delta'], 1, 1],
  ])('%s', async (query, expected, startIndex, itemsPerPage) => {
    const { body } = await scim.get(`/Users${query}`);
    expect(userNames(body)).toEqual(expected);
    expect(body).toMatchObject({ totalResults: 5, startIndex, itemsPerPage });
  });

  it('returns an empty Resources array and totalResults 0 when nothing matches', async () => {
    const { body } = await scim.get(`/Users${filterQuery('userName eq "nobody"')}`);
    expect(body).toEqual({ schemas: [LIST_URN], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 });
  });

  it.each(['?count=abc', '?startIndex=1.5', '?sortOrder=sideways', '?sortBy=not a path', '?attributes=bad%20name'])(
    'rejects %s with 400 invalidValue',
    async (query) => {
      const response = await scim.get(`/Users${query}`);
      expect(response.status).toBe(400);
      expect(response.body.scimType).toBe('invalidValue');
    },
  );

  it('caps count at filter.maxResults (200)', async () => {
    const { server: big, scim: bigScim } = await start();
    await Promise.all(Array.from({ length: 205 }, (_, i) => bigScim.createUser(`bulk-${i}`)));
    const { body } = await bigScim.get('/Users?count=1000');
    expect(body).toMatchObject({ totalResults: 205, itemsPerPage: 200 });
    await big.close();
  });
});

describe('sorting (RFC 7644 §3.4.2.3)', () => {
  it.each([
    ['?sortBy=userName', ['Alpha', 'bravo', 'charlie', 'delta', 'echo']],
    ['?sortBy=userName&sortOrder=descending', ['echo', 'delta', 'charlie', 'bravo', 'Alpha']],
    ['?sortBy=USERNAME&sortOrder=Ascending&count=2', ['Alpha', 'bravo']],
    // absent values last when ascending, first when descending
    ['?sortBy=name.familyName', ['charlie', 'delta', 'echo', 'Alpha', 'bravo']],
    ['?sortBy=name.familyName&sortOrder=descending', ['Alpha', 'bravo', 'echo', 'delta', 'charlie']],
    // multi-valued: the primary value
    ['?sortBy=emails.value', ['Alpha', 'bravo', 'charlie', 'delta', 'echo']],
    ['?sortBy=emails', ['Alpha', 'bravo', 'charlie', 'delta', 'echo']],
    [`?sortBy=${ENTERPRISE_URN}:department&sortOrder=descending`, ['echo', 'bravo', 'charlie', 'Alpha', 'delta']],
    ['?sortBy=displayName&sortOrder=descending', ['echo', 'delta', 'charlie', 'bravo', 'Alpha']],
    ['?sortBy=meta.created', names],
  ])('%s', async (query, expected) => {
    expect(userNames((await scim.get(`/Users${query}`)).body)).toEqual(expected);
  });
});

describe('attributes and excludedAttributes (RFC 7644 §3.4.2.5)', () => {
  it('returns only the requested attributes plus id, schemas and meta.resourceType', async () => {
    const { body } = await scim.get(
      `/Users${filterQuery('userName eq "delta"', '&attributes=userName,name.familyName,emails.value')}`,
    );
    const [user] = body.Resources;
    expect(user).toEqual({
      schemas: [USER_URN, ENTERPRISE_URN],
      id: expect.any(String),
      userName: 'delta',
      name: { familyName: 'DELTA' },
      emails: [{ value: 'z-delta@example.com' }, { value: 'delta@example.com' }],
      meta: { resourceType: 'User' },
    });
  });

  it('selects extension attributes by URN path, and whole extensions', async () => {
    const { body } = await scim.get(
      `/Users${filterQuery('userName eq "delta"', `&attributes=${ENTERPRISE_URN}:department,meta.created`)}`,
    );
    expect(body.Resources[0]).toMatchObject({
      [ENTERPRISE_URN]: { department: 'Dept 0' },
      meta: { resourceType: 'User', created: expect.any(String) },
    });
    expect(body.Resources[0].meta).not.toHaveProperty('location');
    const whole = await scim.get(`/Users${filterQuery('userName eq "delta"', `&attributes=${ENTERPRISE_URN}`)}`);
    expect(whole.body.Resources[0][ENTERPRISE_URN]).toEqual({ department: 'Dept 0' });
  });

  it('excludes attributes but never id or schemas', async () => {
    const { body } = await scim.get(
      `/Users${filterQuery('userName eq "delta"', '&excludedAttributes=emails,name.familyName,id,schemas,meta,displayName')}`,
    );
    const [user] = body.Resources;
    expect(user).not.toHaveProperty('emails');
    expect(user).not.toHaveProperty('displayName');
    expect(user).not.toHaveProperty('name');
    expect(user).toMatchObject({
      id: expect.any(String),
      schemas: [USER_URN, ENTERPRISE_URN],
      userName: 'delta',
      meta: { resourceType: 'User' },
    });
  });

  it('applies to GET by id and to write responses', async () => {
    const created = await scim.request('POST', '/Users?attributes=userName', { body: { userName: 'projected' } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
    const fetched = await scim.get(`/Users/${created.body.id}?excludedAttributes=meta`);
    expect(fetched.body.meta).toEqual({ resourceType: 'User' });
    const patched = await scim.patch(`/Users/${created.body.id}?attributes=title`, [
      { op: 'add', path: 'title', value: 'T' },
    ]);
    expect(patched.body).toEqual({
      schemas: [USER_URN],
      id: created.body.id,
      title: 'T',
      meta: { resourceType: 'User' },
    });
  });
});

describe('POST /.search (RFC 7644 §3.4.3)', () => {
  it('accepts a SearchRequest with filter, sort, paging and attributes', async () => {
    const response = await scim.post('/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'emails[type eq "work" and value ew "example.com"]',
      sortBy: 'userName',
      sortOrder: 'descending',
      startIndex: 2,
      count: 2,
      attributes: ['userName'],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [LIST_URN], totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(userNames(response.body)).toEqual(['delta', 'charlie']);
    expect(response.body.Resources[0]).not.toHaveProperty('emails');
  });

  it('searches groups with excludedAttributes', async () => {
    const user = (await scim.get(`/Users${filterQuery('userName eq "echo"')}`)).body.Resources[0];
    await scim.createGroup('Searchable', [user.id]);
    const { body } = await scim.post('/Groups/.search', {
      filter: 'displayName sw "search"',
      excludedAttributes: ['members'],
    });
    expect(body.totalResults).toBe(1);
    expect(body.Resources[0]).not.toHaveProperty('members');
  });

  it.each([
    ['a non-object body', ['x'], 'invalidSyntax'],
    ['a numeric filter', { filter: 3 }, 'invalidValue'],
    ['a string count', { count: 'two' }, 'invalidValue'],
    ['attributes not a list', { attributes: { a: 1 } }, 'invalidValue'],
    ['a bad filter', { filter: 'userName eq' }, 'invalidFilter'],
  ])('rejects %s', async (_name, body, scimType) => {
    const response = await scim.post('/Users/.search', body);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe(scimType);
  });
});

describe('scale: the harness provisions thousands of users', () => {
  // Throughput is measured by `npm run bench`, never asserted here.
  it('creates 5000 users and finds each by userName (any case) and externalId', async () => {
    const { server: big, scim: bigScim } = await start();
    for (let batch = 0; batch < 50; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          bigScim.createUser(`scale-${batch * 100 + i}@example.com`, { externalId: `ext-${batch * 100 + i}` }),
        ),
      );
    }
    for (let i = 0; i < 200; i++) {
      const { body } = await bigScim.get(`/Users?filter=userName+eq+"SCALE-${i * 25}@example.com"`);
      expect(body.totalResults).toBe(1);
    }
    expect((await bigScim.get(`/Users${filterQuery('externalId eq "ext-4999"')}`)).body.totalResults).toBe(1);
    expect((await bigScim.get('/Users?count=1')).body.totalResults).toBe(5000);
    await big.close();
  }, 60_000);
});
