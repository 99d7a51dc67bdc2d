import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningReferenceServer } from '../../src/reference-server/index.js';
import { ENTERPRISE_URN, PATCH_OP_URN, Scim, start } from './helpers.js';

let server: RunningReferenceServer;
let scim: Scim;

beforeAll(async () => {
  ({ server, scim } = await start());
});
afterAll(() => server.close());

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

/** A user shaped like Entra's create (doc §3 U1). */
async function entraUser(extra: Record<string, unknown> = {}) {
  return scim.createUser(unique('patch-user'), {
    externalId: unique('ext'),
    displayName: 'Before',
    active: true,
    name: { givenName: 'Given', familyName: 'Family', formatted: 'Given Family' },
    emails: [{ value: 'work@example.com', type: 'work', primary: true }],
    [ENTERPRISE_URN]: { department: 'Dept', employeeNumber: '1' },
    ...extra,
  });
}

const ids = (group: { members?: { value: string }[] }) => (group.members ?? []).map((m) => m.value).sort();

describe('Entra default dialect (no aadOptscim062020, doc §8)', () => {
  it('disables with the string "False" and re-enables with "True" (U7, quirk §9.2)', async () => {
    const user = await entraUser();
    const off = await scim.patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await scim.get(`/Users/${user.id}`)).body.active).toBe(false);
    expect((await scim.get(`/Users?filter=userName+eq+"${user.userName}"`)).body.Resources[0].active).toBe(false);
    const on = await scim.patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'active', value: 'True' }]);
    expect(on.body.active).toBe(true);
  });

  it('adds a single-valued attribute with "Add"', async () => {
    const user = await entraUser();
    const response = await scim.patch(`/Users/${user.id}`, [{ op: 'Add', path: 'nickName', value: 'Babs' }]);
    expect(response.body.nickName).toBe('Babs');
  });

  it('replaces several attributes, one op each', async () => {
    const user = await entraUser();
    const response = await scim.patch(`/Users/${user.id}`, [
      { op: 'Replace', path: 'displayName', value: 'Pvlo' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
      { op: 'Replace', path: 'name.givenName', value: 'Kkom' },
      { op: 'Replace', path: 'name.familyName', value: 'Unua' },
      { op: 'Replace', path: 'externalId', value: 'new-external' },
      { op: 'Replace', path: `${ENTERPRISE_URN}:employeeNumber`, value: 'Aklq' },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      displayName: 'Pvlo',
      emails: [{ value: 'TestMhvaes@test.microsoft.com', type: 'work', primary: true }],
      name: { givenName: 'Kkom', familyName: 'Unua', formatted: 'Given Family' },
      externalId: 'new-external',
      [ENTERPRISE_URN]: { department: 'Dept', employeeNumber: 'Aklq' },
    });
  });

  it('removes only the listed members with Remove path "members" + value list (GR6)', async () => {
    const [a, b, c] = [await entraUser(), await entraUser(), await entraUser()];
    const group = await scim.createGroup(unique('dialect-default'));
    const add = await scim.patch(`/Groups/${group.id}`, [
      { op: 'Add', path: 'members', value: [a, b, c].map((u) => ({ $ref: null, value: u.id })) },
    ]);
    expect(add.status).toBe(204);
    expect(add.text).toBe('');
    const remove = await scim.patch(`/Groups/${group.id}`, [
      { op: 'Remove', path: 'members', value: [{ $ref: null, value: a.id }, { value: c.id }] },
    ]);
    expect(remove.status).toBe(204);
    expect(ids((await scim.get(`/Groups/${group.id}`)).body)).toEqual([b.id]);
  });
});

describe('Entra flagged dialect (aadOptscim062020, doc §8)', () => {
  it('disables with boolean false and lower-case replace', async () => {
    const user = await entraUser();
    expect((await scim.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'active', value: false }])).body.active).toBe(
      false,
    );
  });

  it('applies a path-less replace whose keys are dotted and URN paths', async () => {
    const user = await entraUser();
    const response = await scim.patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          [`${ENTERPRISE_URN}:employeeNumber`]: 'Aklq',
        },
      },
    ]);
    expect(response.body).toMatchObject({
      displayName: 'Bjfe',
      name: { givenName: 'Kkom', familyName: 'Unua', formatted: 'Given Family' },
      emails: [{ value: 'TestMhvaes@test.microsoft.com', type: 'work' }],
      [ENTERPRISE_URN]: { department: 'Dept', employeeNumber: 'Aklq' },
    });
  });

  it('removes one member with a value-filter path', async () => {
    const [a, b] = [await entraUser(), await entraUser()];
    const group = await scim.createGroup(unique('dialect-flag'), [a.id, b.id]);
    const response = await scim.patch(`/Groups/${group.id}`, [{ op: 'remove', path: `members[value eq "${a.id}"]` }]);
    expect(response.status).toBe(204);
    expect(ids((await scim.get(`/Groups/${group.id}`)).body)).toEqual([b.id]);
  });
});

describe('group membership PATCH', () => {
  it('re-adding an existing member is a no-op: no duplicate, no lastModified change (RFC 7644 §3.5.2.1, doc §5)', async () => {
    const user = await entraUser();
    const group = await scim.createGroup(unique('readd'), [user.id]);
    const response = await scim.patch(`/Groups/${group.id}?attributes=members,meta`, [
      { op: 'Add', path: 'members', value: [{ $ref: null, value: user.id }] },
    ]);
    expect(response.status).toBe(200);
    expect(ids(response.body)).toEqual([user.id]);
    expect(response.body.meta).toMatchObject({ lastModified: group.meta.lastModified, version: group.meta.version });
  });

  it('adds several members in one PATCH, including via a path-less add', async () => {
    const [a, b, c] = [await entraUser(), await entraUser(), await entraUser()];
    const group = await scim.createGroup(unique('multi-add'));
    await scim.patch(`/Groups/${group.id}`, [
      { op: 'add', path: 'members', value: [{ value: a.id }, { value: b.id }] },
      { op: 'add', value: { members: [{ value: c.id }] } },
    ]);
    expect(ids((await scim.get(`/Groups/${group.id}`)).body)).toEqual([a.id, b.id, c.id].sort());
  });

  it('remove path "members" without value removes every member', async () => {
    const [a, b] = [await entraUser(), await entraUser()];
    const group = await scim.createGroup(unique('remove-all'), [a.id, b.id]);
    await scim.patch(`/Groups/${group.id}`, [{ op: 'remove', path: 'members' }]);
    expect((await scim.get(`/Groups/${group.id}`)).body).not.toHaveProperty('members');
  });

  it('rejects adding a member that does not exist (400 invalidValue)', async () => {
    const group = await scim.createGroup(unique('bad-member'));
    const response = await scim.patch(`/Groups/${group.id}`, [
      { op: 'Add', path: 'members', value: [{ value: 'ghost' }] },
    ]);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });

  it('renames a group, 409 on a taken displayName, and answers 200 with the group when attributes is given', async () => {
    const taken = await scim.createGroup(unique('taken'));
    const group = await scim.createGroup(unique('rename'));
    const conflict = await scim.patch(`/Groups/${group.id}`, [
      { op: 'Replace', path: 'displayName', value: taken.displayName.toUpperCase() },
    ]);
    expect(conflict.status).toBe(409);
    const renamed = await scim.patch(`/Groups/${group.id}?attributes=displayName`, [
      { op: 'Replace', path: 'displayName', value: 'Renamed Group' },
    ]);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({
      schemas: group.schemas,
      id: group.id,
      displayName: 'Renamed Group',
      meta: { resourceType: 'Group' },
    });
  });

  it('replaces externalId with a path-less value (validator "Patch Group - Replace Attributes")', async () => {
    const group = await scim.createGroup(unique('replace-ext'));
    await scim.patch(`/Groups/${group.id}`, [{ op: 'replace', value: { externalId: 'ext-1' } }]);
    expect((await scim.get(`/Groups/${group.id}`)).body.externalId).toBe('ext-1');
  });
});

describe('user PATCH semantics (RFC 7644 §3.5.2)', () => {
  it('renames userName, with 409 when taken (doc §3 U6)', async () => {
    const other = await entraUser();
    const user = await entraUser();
    expect(
      (
        await scim.patch(`/Users/${user.id}`, [
          { op: 'Replace', path: 'userName', value: other.userName.toUpperCase() },
        ])
      ).status,
    ).toBe(409);
    const renamed = await scim.patch(`/Users/${user.id}`, [
      { op: 'replace', value: { userName: 'renamed@example.com' } },
    ]);
    expect(renamed.body.userName).toBe('renamed@example.com');
  });

  it('creates the missing work email on replace of emails[type eq "work"].value (quirk §9.5)', async () => {
    const user = await scim.createUser(unique('no-email'));
    const response = await scim.patch(`/Users/${user.id}`, [
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@example.com' },
      { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' },
    ]);
    expect(response.body.emails).toEqual([{ type: 'work', value: 'new@example.com' }]);
    expect(response.body.addresses).toEqual([{ type: 'work', streetAddress: '1 Main St' }]);
  });

  it('answers other unmatched value paths with 400 noTarget', async () => {
    const user = await entraUser();
    for (const path of ['emails[value eq "nobody@x"].type', 'emails[type eq "home"]']) {
      const response = await scim.patch(`/Users/${user.id}`, [
        { op: 'replace', path, value: path.endsWith('.type') ? 'home' : { value: 'x' } },
      ]);
      expect(response.status).toBe(400);
      expect(response.body.scimType).toBe('noTarget');
    }
  });

  it('adds to multi-valued attributes, demoting the previous primary', async () => {
    const user = await entraUser();
    const response = await scim.patch(`/Users/${user.id}`, [
      { op: 'add', path: 'emails', value: [{ value: 'home@example.com', type: 'home', primary: true }] },
    ]);
    expect(response.body.emails).toEqual([
      { value: 'work@example.com', type: 'work', primary: false },
      { value: 'home@example.com', type: 'home', primary: true },
    ]);
  });

  it('merges a complex value into the existing one (sub-attributes not given are kept)', async () => {
    const user = await entraUser();
    const response = await scim.patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'name', value: { givenName: 'Only' } },
      { op: 'replace', value: { [ENTERPRISE_URN]: { department: 'New Dept' } } },
    ]);
    expect(response.body.name).toEqual({ givenName: 'Only', familyName: 'Family', formatted: 'Given Family' });
    expect(response.body[ENTERPRISE_URN]).toEqual({ department: 'New Dept', employeeNumber: '1' });
  });

  it('sets, replaces and removes the manager in every documented shape (doc §3 U9)', async () => {
    const boss = await entraUser();
    const boss2 = await entraUser();
    const user = await entraUser();
    const path = `${ENTERPRISE_URN}:manager`;
    const manager = async (ops: unknown[]) => {
      const response = await scim.patch(`/Users/${user.id}`, ops);
      // An error body has no manager either: only a 200 with the user counts.
      expect(response.status, response.text).toBe(200);
      expect(response.body.id).toBe(user.id);
      return response.body[ENTERPRISE_URN]?.manager;
    };
    expect(await manager([{ op: 'add', path, value: { value: boss.id } }])).toEqual({ value: boss.id });
    expect(
      await manager([{ op: 'Add', path, value: [{ $ref: `${server.baseUrl}/Users/${boss2.id}`, value: boss2.id }] }]),
    ).toEqual({
      $ref: `${server.baseUrl}/Users/${boss2.id}`,
      value: boss2.id,
    });
    expect(await manager([{ op: 'replace', path, value: { value: '' } }])).toBeUndefined();
    expect(await manager([{ op: 'add', path, value: { value: boss.id } }])).toEqual({ value: boss.id });
    expect(await manager([{ op: 'remove', path }])).toBeUndefined();
    // What Entra's engine sends: the bare id, by URN path and as a path-less URN key.
    expect(await manager([{ op: 'Add', path, value: boss2.id }])).toEqual({ value: boss2.id });
    expect(await manager([{ op: 'replace', value: { [path]: boss.id } }])).toEqual({ value: boss.id });
    // The legacy example's path "manager" names the enterprise extension's attribute.
    expect(await manager([{ op: 'Add', path: 'manager', value: [{ $ref: null, value: boss2.id }] }])).toEqual({
      value: boss2.id,
    });
    expect(await manager([{ op: 'Replace', path, value: '' }])).toBeUndefined();
  });

  it('takes a manager posted as the bare id as the reference {"value": id} (doc §3 U9)', async () => {
    const boss = await entraUser();
    const user = await entraUser({ [ENTERPRISE_URN]: { manager: boss.id } });
    expect(user[ENTERPRISE_URN]).toEqual({ manager: { value: boss.id } });
    expect((await scim.get(`/Users/${user.id}`)).body[ENTERPRISE_URN].manager).toEqual({ value: boss.id });
  });

  it('keeps a dangling manager when the manager is deleted (referential integrity is a MAY, RFC 7643 §2.3.7)', async () => {
    const boss = await entraUser();
    const user = await entraUser({ [ENTERPRISE_URN]: { manager: { value: boss.id } } });
    expect((await scim.delete(`/Users/${boss.id}`)).status).toBe(204);
    const read = await scim.get(`/Users/${user.id}`);
    expect([read.status, read.body[ENTERPRISE_URN].manager]).toEqual([200, { value: boss.id }]);
  });

  it('clears attributes with remove, null and empty string', async () => {
    const user = await entraUser({ title: 'T', nickName: 'N', locale: 'L' });
    const response = await scim.patch(`/Users/${user.id}`, [
      { op: 'remove', path: 'title' },
      { op: 'replace', path: 'nickName', value: null },
      { op: 'replace', value: { locale: '' } },
      { op: 'remove', path: 'name.givenName' },
      { op: 'remove', path: 'emails[type eq "work"]' },
    ]);
    expect(response.body).not.toHaveProperty('title');
    expect(response.body).not.toHaveProperty('nickName');
    expect(response.body).not.toHaveProperty('locale');
    expect(response.body).not.toHaveProperty('emails');
    expect(response.body.name).toEqual({ familyName: 'Family', formatted: 'Given Family' });
  });

  it('ignores read-only attributes in a path-less value', async () => {
    const user = await entraUser();
    const response = await scim.patch(`/Users/${user.id}`, [
      { op: 'replace', value: { id: 'x', meta: { version: 'y' }, schemas: [], title: 'ok' } },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: user.id, title: 'ok' });
  });

  it.each([
    ['targeting id', [{ op: 'replace', path: 'id', value: 'x' }], 'mutability'],
    ['targeting meta.created', [{ op: 'replace', path: 'meta.created', value: 'x' }], 'mutability'],
    ['removing userName', [{ op: 'remove', path: 'userName' }], 'mutability'],
    ['remove without path', [{ op: 'remove', value: { title: 'x' } }], 'noTarget'],
    ['an invalid path', [{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }], 'invalidPath'],
    ['a non-string path', [{ op: 'replace', path: 3, value: 'x' }], 'invalidPath'],
    [
      'a value filter on a single-valued attribute',
      [{ op: 'replace', path: 'name[givenName eq "x"].familyName', value: 'x' }],
      'invalidPath',
    ],
    ['an unknown op', [{ op: 'merge', path: 'title', value: 'x' }], 'invalidSyntax'],
    ['a missing op', [{ path: 'title', value: 'x' }], 'invalidSyntax'],
    ['add without value', [{ op: 'add', path: 'title' }], 'invalidValue'],
    ['path-less replace with a non-object', [{ op: 'replace', value: 'x' }], 'invalidValue'],
    ['a wrongly typed value', [{ op: 'replace', path: 'active', value: 'perhaps' }], 'invalidValue'],
    ['userName set to a number', [{ op: 'replace', path: 'userName', value: 12 }], 'invalidValue'],
  ])('rejects %s with 400', async (_name, operations, scimType) => {
    const user = await entraUser();
    const response = await scim.patch(`/Users/${user.id}`, operations);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe(scimType);
  });

  it.each([
    ['no PatchOp schema', { Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
    ['empty Operations', { schemas: [PATCH_OP_URN], Operations: [] }],
    ['Operations not an array', { schemas: [PATCH_OP_URN], Operations: { op: 'add' } }],
    ['an operation that is not an object', { schemas: [PATCH_OP_URN], Operations: ['add'] }],
  ])('rejects a body with %s as invalidSyntax', async (_name, body) => {
    const user = await entraUser();
    const response = await scim.request('PATCH', `/Users/${user.id}`, { body });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidSyntax');
  });

  it('is atomic: a failing operation leaves the resource untouched', async () => {
    const user = await entraUser();
    const group = await scim.createGroup(unique('atomic'), [user.id]);
    const failedUser = await scim.patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'displayName', value: 'Changed' },
      { op: 'replace', path: 'name.givenName', value: 'Changed' },
      { op: 'remove', path: 'userName' },
    ]);
    expect(failedUser.status).toBe(400);
    expect((await scim.get(`/Users/${user.id}`)).body).toEqual({
      ...user,
      groups: expect.any(Array),
      meta: { ...user.meta, version: expect.any(String) },
    });
    const failedGroup = await scim.patch(`/Groups/${group.id}`, [
      { op: 'remove', path: 'members' },
      { op: 'add', path: 'members', value: [{ value: 'ghost' }] },
    ]);
    expect(failedGroup.status).toBe(400);
    expect((await scim.get(`/Groups/${group.id}`)).body).toEqual(group);
  });
});
