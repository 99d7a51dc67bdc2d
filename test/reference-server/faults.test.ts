import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { ENTERPRISE_URN, filterQuery, start, USER_URN, type Scim } from './helpers.js';

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

/** Runs the same scenario against a server; the fault must turn `clean` into `faulty`. */
interface Probe {
  run: (scim: Scim) => Promise<unknown>;
  clean: unknown;
  faulty: unknown;
}

const disabledUserStatus = async (scim: Scim) => {
  const user = await scim.createUser(unique('inactive'));
  await scim.patch(`/Users/${user.id}`, [{ op: 'replace', path: 'active', value: false }]);
  return (await scim.get(`/Users/${user.id}`)).status;
};

/** Creates a user named `name`, then counts the users that `query(name)` finds. */
const foundAfterCreating = async (scim: Scim, name: string, query: (name: string) => string) => {
  await scim.createUser(name);
  return (await scim.get(`/Users${query(name)}`)).body.totalResults;
};

/** The status of PATCHing a fresh user with `operation`. */
const patchStatus = (operation: unknown) => async (scim: Scim) =>
  (await scim.patch(`/Users/${(await scim.createUser(unique('patched'))).id}`, [operation])).status;

const memberCountAfter = async (scim: Scim, operation: (ids: string[]) => unknown) => {
  const users = [await scim.createUser(unique('m')), await scim.createUser(unique('m'))];
  const group = await scim.createGroup(
    unique('g'),
    users.map((u) => u.id),
  );
  await scim.patch(`/Groups/${group.id}`, [operation(users.map((u) => u.id))]);
  return (await scim.get(`/Groups/${group.id}`)).body.members?.length ?? 0;
};

const PROBES: Record<string, Probe> = {
  'auth-accept-any-token': {
    run: async (s) => (await s.request('GET', '/Users', { token: 'wrong' })).status,
    clean: 401,
    faulty: 200,
  },
  'auth-no-www-authenticate': {
    run: async (s) => (await s.request('GET', '/Users', { token: null })).headers.get('www-authenticate'),
    clean: 'Bearer realm="scim"',
    faulty: null,
  },
  'filter-username-case-sensitive': {
    run: (s) => foundAfterCreating(s, unique('CaseUser'), (name) => filterQuery(`userName eq "${name.toLowerCase()}"`)),
    clean: 1,
    faulty: 0,
  },
  'filter-ignored': {
    run: async (s) => {
      await s.createUser(unique('someone'));
      return (await s.get(`/Users${filterQuery('userName eq "nobody-at-all"')}`)).body.totalResults > 0;
    },
    clean: false,
    faulty: true,
  },
  'filter-externalid-unsupported': {
    run: async (s) => (await s.get(`/Users${filterQuery('externalId eq "x"')}`)).status,
    clean: 200,
    faulty: 400,
  },
  'filter-displayname-unsupported': {
    run: async (s) => (await s.get(`/Groups${filterQuery('displayName eq "x"')}`)).status,
    clean: 200,
    faulty: 400,
  },
  'filter-plus-as-space': {
    run: (s) =>
      foundAfterCreating(
        s,
        `${unique('plus')}+tag@example.com`,
        (name) => `?filter=userName+eq+"${name.replace('+', '%2B')}"`,
      ),
    clean: 1,
    faulty: 0,
  },
  'list-zero-hits-404': {
    run: async (s) => (await s.get(`/Users${filterQuery(`userName eq "${crypto.randomUUID()}"`)}`)).status,
    clean: 200,
    faulty: 404,
  },
  'list-missing-schemas': {
    run: async (s) => (await s.get('/Users')).body.schemas,
    clean: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    faulty: undefined,
  },
  'list-total-results-wrong': {
    run: (s) => foundAfterCreating(s, unique('counted'), (name) => filterQuery(`userName eq "${name}"`)),
    clean: 1,
    faulty: 2,
  },
  'uniqueness-allow-duplicate-username': {
    run: async (s) => {
      const name = unique('dup');
      await s.createUser(name);
      return (await s.post('/Users', { userName: name.toUpperCase() })).status;
    },
    clean: 409,
    faulty: 201,
  },
  'uniqueness-allow-duplicate-displayname': {
    run: async (s) => {
      const name = unique('dup-group');
      await s.createGroup(name);
      return (await s.post('/Groups', { displayName: name })).status;
    },
    clean: 409,
    faulty: 201,
  },
  'patch-op-case-sensitive': {
    run: patchStatus({ op: 'Replace', path: 'title', value: 'x' }),
    clean: 200,
    faulty: 400,
  },
  'patch-string-boolean-rejected': {
    run: patchStatus({ op: 'Replace', path: 'active', value: 'False' }),
    clean: 200,
    faulty: 400,
  },
  'patch-dotted-keys-ignored': {
    run: async (s) => {
      const user = await s.createUser(unique('dotted'), { name: { givenName: 'Old' } });
      const response = await s.patch(`/Users/${user.id}`, [
        { op: 'replace', value: { 'name.givenName': 'New', [`${ENTERPRISE_URN}:department`]: 'D' } },
      ]);
      return [response.body.name.givenName, response.body[ENTERPRISE_URN]?.department];
    },
    clean: ['New', 'D'],
    faulty: ['Old', undefined],
  },
  'patch-member-remove-removes-all': {
    run: (s) => memberCountAfter(s, ([first]) => ({ op: 'Remove', path: 'members', value: [{ value: first }] })),
    clean: 1,
    faulty: 0,
  },
  'patch-member-readd-duplicates': {
    run: (s) => memberCountAfter(s, ([first]) => ({ op: 'Add', path: 'members', value: [{ value: first }] })),
    clean: 2,
    faulty: 3,
  },
  'patch-value-path-unsupported': {
    run: patchStatus({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'a@b.c' }),
    clean: 200,
    faulty: 400,
  },
  'deactivate-hides-user': { run: disabledUserStatus, clean: 200, faulty: 404 },
  'delete-is-soft': {
    run: async (s) => {
      const user = await s.createUser(unique('soft'));
      await s.delete(`/Users/${user.id}`);
      return (await s.get(`/Users/${user.id}`)).status;
    },
    clean: 404,
    faulty: 200,
  },
  'delete-again-204': {
    run: async (s) => (await s.delete(`/Users/${crypto.randomUUID()}`)).status,
    clean: 404,
    faulty: 204,
  },
  'media-type-json': {
    run: async (s) => (await s.get('/Users')).headers.get('content-type'),
    clean: 'application/scim+json; charset=utf-8',
    faulty: 'application/json; charset=utf-8',
  },
  'error-status-number': { run: async (s) => (await s.get('/Users/missing')).body.status, clean: '404', faulty: 404 },
  'error-missing-schema': {
    run: async (s) => (await s.get('/Users/missing')).body.schemas,
    clean: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    faulty: undefined,
  },
  'create-no-location': {
    run: async (s) => (await s.post('/Users', { userName: unique('loc') })).headers.has('location'),
    clean: true,
    faulty: false,
  },
  'create-returns-200': {
    run: async (s) => (await s.post('/Users', { userName: unique('status') })).status,
    clean: 201,
    faulty: 200,
  },
  'meta-location-wrong': {
    run: async (s) => {
      const user = await s.createUser(unique('where'));
      return user.meta.location === `${s.baseUrl}/Users/${user.id}`;
    },
    clean: true,
    faulty: false,
  },
  'missing-id': {
    run: async (s) => typeof (await s.createUser(unique('id'))).id,
    clean: 'string',
    faulty: 'undefined',
  },
  'return-password': {
    run: async (s) => (await s.createUser(unique('pw'), { password: 'hunter2' })).password,
    clean: undefined,
    faulty: 'hunter2',
  },
  'sort-ignored': {
    run: async (s) => {
      const prefix = unique('sorted');
      for (const name of ['a', 'c', 'b']) await s.createUser(`${prefix}-${name}`);
      const query = `${filterQuery(`userName sw "${prefix}"`)}&sortBy=userName&sortOrder=descending`;
      return (await s.get(`/Users${query}`)).body.Resources.map((u: { userName: string }) => u.userName.slice(-1));
    },
    clean: ['c', 'b', 'a'],
    faulty: ['a', 'c', 'b'],
  },
  'etag-missing': {
    run: async (s) => {
      const user = await s.createUser(unique('etag'));
      return [(await s.get(`/Users/${user.id}`)).headers.get('etag'), typeof user.meta.version];
    },
    clean: ['W/"1"', 'string'],
    faulty: [null, 'string'],
  },
  'meta-incomplete': {
    run: async (s) => Object.keys((await s.createUser(unique('meta'))).meta).sort(),
    clean: ['created', 'lastModified', 'location', 'resourceType', 'version'],
    faulty: ['location', 'resourceType', 'version'],
  },
  'error-no-scim-type': {
    run: async (s) => {
      const name = unique('twice');
      await s.createUser(name);
      const again = await s.post('/Users', { userName: name });
      return [again.status, again.body.scimType];
    },
    clean: [409, 'uniqueness'],
    faulty: [409, undefined],
  },
  'delete-keeps-memberships': {
    run: async (s) => {
      const [kept, deleted] = [await s.createUser(unique('kept')), await s.createUser(unique('deleted'))];
      const group = await s.createGroup(unique('members'), [kept.id, deleted.id]);
      await s.delete(`/Users/${deleted.id}`);
      return (await s.get(`/Groups/${group.id}`)).body.members.map((m: { value: string }) => m.value === deleted.id);
    },
    clean: [false],
    faulty: [false, true],
  },
  'slow-responses': {
    // A timer never fires early, so the held answer takes at least its 100 ms; a clean answer's time is not asserted.
    run: async (s) => {
      const started = performance.now();
      await s.get('/ServiceProviderConfig');
      return performance.now() - started >= 99; // libuv rounds its clock to the millisecond
    },
    clean: expect.any(Boolean),
    faulty: true,
  },
  'pagination-ignores-count': {
    run: async (s) => {
      await s.createUser(unique('page'));
      await s.createUser(unique('page'));
      // The faulty server is fresh, so "all" is exactly these two.
      return (await s.get('/Users?count=1')).body.Resources.length;
    },
    clean: 1,
    faulty: 2,
  },
  'excluded-attributes-ignored': {
    run: async (s) => {
      const group = await s.createGroup(unique('excluded'), [(await s.createUser(unique('member'))).id]);
      return 'members' in (await s.get(`/Groups/${group.id}?excludedAttributes=members`)).body;
    },
    clean: false,
    faulty: true,
  },
  'enterprise-extension-dropped': {
    run: async (s) =>
      (await s.createUser(unique('ent'), { [ENTERPRISE_URN]: { department: 'Sales' } }))[ENTERPRISE_URN]?.department,
    clean: 'Sales',
    faulty: undefined,
  },
  'patch-null-not-clearing': {
    run: async (s) => {
      const user = await s.createUser(unique('nulled'), { title: 'T', name: { givenName: 'G', familyName: 'F' } });
      const answer = await s.patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'title', value: '' },
        { op: 'replace', value: { 'name.givenName': null } },
      ]);
      return [answer.body.title ?? null, answer.body.name.givenName ?? null];
    },
    clean: [null, null],
    faulty: ['T', 'G'],
  },
  'patch-replace-members-appends': {
    run: (s) => memberCountAfter(s, ([first]) => ({ op: 'replace', path: 'members', value: [{ value: first }] })),
    clean: 1,
    faulty: 2,
  },
  'manager-ignored': {
    run: async (s) => {
      const boss = await s.createUser(unique('boss'));
      const user = await s.createUser(unique('report'), { [ENTERPRISE_URN]: { manager: { value: boss.id } } });
      return user[ENTERPRISE_URN]?.manager?.value === boss.id;
    },
    clean: true,
    faulty: false,
  },
  'manager-bare-string-refused': {
    run: async (s) => {
      const boss = await s.createUser(unique('boss'));
      return (await s.post('/Users', { userName: unique('report'), [ENTERPRISE_URN]: { manager: boss.id } })).status;
    },
    clean: 201,
    faulty: 400,
  },
  'deleted-names-still-unique': {
    run: async (s) => {
      const name = unique('again');
      await s.delete(`/Users/${(await s.createUser(name)).id}`);
      return (await s.post('/Users', { userName: name })).status;
    },
    clean: 201,
    faulty: 409,
  },
  'non-ascii-write-fails': {
    run: async (s) => {
      const response = await s.post('/Users', { userName: unique('Zoë') });
      return [response.status, response.body.schemas];
    },
    clean: [201, ['urn:ietf:params:scim:schemas:core:2.0:User']],
    faulty: [500, ['urn:ietf:params:scim:api:messages:2.0:Error']],
  },
  'group-patch-500': {
    run: async (s) =>
      (
        await s.patch(`/Groups/${(await s.createGroup(unique('g500'))).id}`, [
          { op: 'Replace', path: 'displayName', value: unique('x') },
        ])
      ).status,
    clean: 204,
    faulty: 500,
  },
  'put-drops-attributes': {
    run: async (s) => {
      const user = await s.createUser(unique('put'));
      const body = { schemas: [USER_URN], userName: user.userName, displayName: 'Put User', active: true };
      return (await s.put(`/Users/${user.id}`, body)).body.displayName;
    },
    clean: 'Put User',
    faulty: undefined,
  },
  'put-resets-active': {
    run: async (s) => {
      const user = await s.createUser(unique('put'));
      return (await s.put(`/Users/${user.id}`, { schemas: [USER_URN], userName: user.userName, active: true })).body
        .active;
    },
    clean: true,
    faulty: false,
  },
  'patch-pathless-active-ignored': {
    run: async (s) => {
      const user = await s.createUser(unique('deactivated'), { active: true });
      await s.patch(`/Users/${user.id}`, [{ op: 'replace', value: { active: false } }]);
      return (await s.get(`/Users/${user.id}`)).body.active;
    },
    clean: false,
    faulty: true,
  },
  'json-request-415': {
    run: async (s) =>
      (
        await s.request('POST', '/Users', {
          body: { schemas: [USER_URN], userName: unique('json') },
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    clean: 201,
    faulty: 415,
  },
  'groups-list-ignores-start-index': {
    run: async (s) => {
      for (const name of ['a', 'b']) await s.createGroup(unique(`paged-${name}`));
      const page = (await s.get('/Groups?startIndex=2&count=1')).body;
      const first = (await s.get('/Groups?startIndex=1&count=1')).body;
      return [page.startIndex, page.Resources[0].id === first.Resources[0].id];
    },
    // startIndex is still echoed: only the page's content gives the fault away.
    clean: [2, false],
    faulty: [2, true],
  },
  'pages-overlap': {
    run: async (s) => {
      for (const name of ['a', 'b', 'c']) await s.createUser(unique(`paged-${name}`));
      const first = (await s.get('/Users?startIndex=1&count=2')).body;
      const second = (await s.get('/Users?startIndex=3&count=2')).body;
      return [second.startIndex, first.Resources.some((r: { id: string }) => r.id === second.Resources[0].id)];
    },
    clean: [3, false],
    faulty: [3, true],
  },
  'error-no-detail': {
    run: async (s) => typeof (await s.get('/Users/no-such-id')).body.detail,
    clean: 'string',
    faulty: 'undefined',
  },
};

const isAsymmetricMatcher = (value: unknown) =>
  typeof (value as { asymmetricMatch?: unknown } | null)?.asymmetricMatch === 'function';

let clean: { server: RunningReferenceServer; scim: Scim };
beforeAll(async () => {
  clean = await start();
});
afterAll(() => clean.server.close());

describe('faults', () => {
  it('has a probe for every registered fault', () => {
    expect(Object.keys(PROBES).sort()).toEqual(FAULTS.map((f) => f.name).sort());
  });

  it.each(FAULTS.map((f) => [f.name, f.description]))('%s: %s', async (name) => {
    const probe = PROBES[name];
    expect(await probe.run(clean.scim)).toEqual(probe.clean);
    const { server, scim } = await start({ faults: [name] });
    try {
      const observed = await probe.run(scim);
      expect(observed).toEqual(probe.faulty);
      if (!isAsymmetricMatcher(probe.clean)) expect(observed).not.toEqual(probe.clean);
    } finally {
      await server.close();
    }
  });
});
