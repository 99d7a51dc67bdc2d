import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningReferenceServer } from '../../src/reference-server/index.js';
import { filterQuery, GROUP_URN, Scim, start } from './helpers.js';

let server: RunningReferenceServer;
let scim: Scim;

beforeAll(async () => {
  ({ server, scim } = await start());
});
afterAll(() => server.close());

describe('POST /Groups', () => {
  it('creates Entra’s group, tolerating the non-standard schema and meta (doc §4 GR1)', async () => {
    const response = await scim.post('/Groups', {
      schemas: [GROUP_URN, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Entra Group',
      meta: { resourceType: 'Group' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      schemas: [GROUP_URN],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Entra Group',
      meta: { resourceType: 'Group', location: `${server.baseUrl}/Groups/${response.body.id}` },
    });
    expect(response.body).not.toHaveProperty('members');
  });

  it('answers a duplicate displayName, in any case, with 409 uniqueness (Entra G16)', async () => {
    await scim.createGroup('Unique Group');
    const response = await scim.post('/Groups', { displayName: 'UNIQUE group' });
    expect(response.status).toBe(409);
    expect(response.body.scimType).toBe('uniqueness');
  });

  it('requires displayName', async () => {
    expect((await scim.post('/Groups', { schemas: [GROUP_URN] })).status).toBe(400);
  });

  it('creates with members: Users and Groups, rendered with $ref, type and display when there is one', async () => {
    const user = await scim.createUser('member-user');
    const nested = await scim.createGroup('nested-group');
    const group = await scim.createGroup('parent-group', [user.id, nested.id]);
    expect(group.members).toEqual([
      { value: user.id, $ref: `${server.baseUrl}/Users/${user.id}`, type: 'User' },
      { value: nested.id, $ref: `${server.baseUrl}/Groups/${nested.id}`, type: 'Group', display: 'nested-group' },
    ]);
  });

  it.each([
    ['an unknown id', [{ value: 'no-such-id' }]],
    ['a member without value', [{ display: 'x', $ref: 'y' }]],
    ['a non-string value', [{ value: 7 }]],
  ])('rejects a member with %s (400 invalidValue)', async (_name, members) => {
    const response = await scim.post('/Groups', { displayName: `bad-members-${crypto.randomUUID()}`, members });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });
});

describe('GET /Groups', () => {
  it('excludes members on request, by id and by query (doc §4 GR2, GR3)', async () => {
    const user = await scim.createUser('excluded-member');
    const group = await scim.createGroup('Excluded Members', [user.id]);
    const one = await scim.get(`/Groups/${group.id}?excludedAttributes=members`);
    expect(one.body).not.toHaveProperty('members');
    expect(one.body).toMatchObject({ id: group.id, displayName: 'Excluded Members' });
    const list = await scim.get(`/Groups?excludedAttributes=members&filter=displayName+eq+"excluded members"`);
    expect(list.body.totalResults).toBe(1);
    expect(list.body.Resources[0]).not.toHaveProperty('members');
    expect((await scim.get(`/Groups/${group.id}`)).body.members).toHaveLength(1);
  });
});

describe('PUT /Groups/{id}', () => {
  it('replaces members and displayName', async () => {
    const [a, b] = [await scim.createUser('put-member-a'), await scim.createUser('put-member-b')];
    const group = await scim.createGroup('Put Group', [a.id]);
    const response = await scim.put(`/Groups/${group.id}`, { displayName: 'Put Group 2', members: [{ value: b.id }] });
    expect(response.status).toBe(200);
    expect(response.body.members.map((m: { value: string }) => m.value)).toEqual([b.id]);
    expect((await scim.get(`/Users/${a.id}`)).body).not.toHaveProperty('groups');
  });
});

describe('membership consistency (RFC 7643 §4.1.2)', () => {
  it('derives User.groups from Group members, and follows renames', async () => {
    const user = await scim.createUser('groups-derived');
    const group = await scim.createGroup('Derived');
    await scim.patch(`/Groups/${group.id}`, [{ op: 'Add', path: 'members', value: [{ value: user.id }] }]);
    await scim.patch(`/Groups/${group.id}`, [{ op: 'Replace', path: 'displayName', value: 'Derived Renamed' }]);
    const fetched = (await scim.get(`/Users/${user.id}`)).body;
    expect(fetched.groups).toEqual([
      { value: group.id, $ref: `${server.baseUrl}/Groups/${group.id}`, display: 'Derived Renamed', type: 'direct' },
    ]);
    expect(fetched.meta.version).not.toBe(user.meta.version);
    expect(fetched.meta.lastModified).toBe(user.meta.lastModified);
  });

  it('ignores groups sent on a user write (readOnly)', async () => {
    const group = await scim.createGroup('Not Via User');
    const user = await scim.createUser('groups-readonly', { groups: [{ value: group.id }] });
    expect(user).not.toHaveProperty('groups');
    const patched = await scim.patch(`/Users/${user.id}`, [
      { op: 'add', path: 'groups', value: [{ value: group.id }] },
    ]);
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('mutability');
  });

  it('removes a deleted user from every group', async () => {
    const user = await scim.createUser('deleted-member');
    const other = await scim.createUser('staying-member');
    const g1 = await scim.createGroup('Cascade 1', [user.id, other.id]);
    const g2 = await scim.createGroup('Cascade 2', [user.id]);
    await scim.delete(`/Users/${user.id}`);
    const after1 = (await scim.get(`/Groups/${g1.id}`)).body;
    expect(after1.members.map((m: { value: string }) => m.value)).toEqual([other.id]);
    expect(after1.meta.version).not.toBe(g1.meta.version);
    expect((await scim.get(`/Groups/${g2.id}`)).body).not.toHaveProperty('members');
    expect((await scim.get(`/Groups${filterQuery(`members.value eq "${user.id}"`)}`)).body.totalResults).toBe(0);
  });

  it('removes a deleted group from groups that contain it and from its members’ groups', async () => {
    const user = await scim.createUser('member-of-deleted');
    const child = await scim.createGroup('Deleted Child', [user.id]);
    const parent = await scim.createGroup('Surviving Parent', [child.id]);
    expect((await scim.delete(`/Groups/${child.id}`)).status).toBe(204);
    expect((await scim.get(`/Groups/${parent.id}`)).body).not.toHaveProperty('members');
    expect((await scim.get(`/Users/${user.id}`)).body).not.toHaveProperty('groups');
    expect((await scim.get(`/Groups/${child.id}`)).status).toBe(404);
  });

  it('filters groups by members.value (case-exact)', async () => {
    const user = await scim.createUser('filter-member');
    await scim.createGroup('Has Filter Member', [user.id]);
    expect((await scim.get(`/Groups${filterQuery(`members[value eq "${user.id}"]`)}`)).body.totalResults).toBe(1);
    expect(
      (await scim.get(`/Groups${filterQuery(`members.value eq "${user.id.toUpperCase()}"`)}`)).body.totalResults,
    ).toBe(0);
  });
});
