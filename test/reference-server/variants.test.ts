import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VARIANTS, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { ENTERPRISE_URN, filterQuery, start, type Scim } from './helpers.js';

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

/** Runs the same requests against a server; the variant must turn `standard` into `variant`. */
interface Probe {
  run: (scim: Scim) => Promise<unknown>;
  standard: unknown;
  variant: unknown;
}

const spc = async (scim: Scim, feature: string) =>
  (await scim.get('/ServiceProviderConfig')).body[feature].supported as boolean;

/** The status and body presence of PATCHing a fresh user and a fresh group. */
const patchAnswers = async (scim: Scim) => {
  const user = await scim.createUser(unique('patched'));
  const group = await scim.createGroup(unique('patched'));
  const op = { op: 'replace', path: 'displayName', value: unique('renamed') };
  const answers = [await scim.patch(`/Users/${user.id}`, [op]), await scim.patch(`/Groups/${group.id}`, [op])];
  return answers.map((a) => [a.status, a.body !== undefined]);
};

const PROBES: Record<string, Probe> = {
  'filter-eq-and-only': {
    run: async (s) => {
      const answers = [
        await s.get(`/Users${filterQuery('userName eq "x" and externalId eq "y"')}`),
        await s.get(`/Users${filterQuery('userName sw "x"')}`),
        await s.get(`/Users${filterQuery('emails[value eq "x"]')}`),
      ];
      return answers.map((a) => [a.status, a.body.scimType ?? null]);
    },
    standard: [
      [200, null],
      [200, null],
      [200, null],
    ],
    variant: [
      [200, null],
      [400, 'invalidFilter'],
      [400, 'invalidFilter'],
    ],
  },
  'sort-unsupported': {
    run: async (s) => {
      const prefix = unique('sorted');
      for (const name of ['b', 'c', 'a']) await s.createUser(`${prefix}-${name}`);
      const list = await s.get(`/Users${filterQuery(`userName sw "${prefix}"`, '&sortBy=userName')}`);
      return [await spc(s, 'sort'), list.body.Resources.map((r: { userName: string }) => r.userName.at(-1))];
    },
    standard: [true, ['a', 'b', 'c']],
    variant: [false, ['b', 'c', 'a']],
  },
  'etag-unsupported': {
    run: async (s) => {
      const user = await s.createUser(unique('etag'));
      const read = await s.get(`/Users/${user.id}`);
      const stale = await s.request('PATCH', `/Users/${user.id}`, {
        headers: { 'if-match': 'W/"stale"' },
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'title', value: 'x' }],
        },
      });
      return [await spc(s, 'etag'), read.headers.has('etag'), stale.status];
    },
    standard: [true, true, 412],
    variant: [false, false, 200],
  },
  'bulk-not-found': {
    run: async (s) => [await spc(s, 'bulk'), (await s.request('POST', '/Bulk', { body: {} })).status],
    standard: [false, 501],
    variant: [false, 404],
  },
  'me-not-found': {
    run: async (s) => (await s.get('/Me')).status,
    standard: 501,
    variant: 404,
  },
  'patch-200-resource': {
    run: patchAnswers,
    standard: [
      [200, true],
      [204, false],
    ],
    variant: [
      [200, true],
      [200, true],
    ],
  },
  'patch-204-no-content': {
    run: patchAnswers,
    standard: [
      [200, true],
      [204, false],
    ],
    variant: [
      [204, false],
      [204, false],
    ],
  },
  'members-without-display': {
    run: async (s) => {
      const user = await s.createUser(unique('member'), { displayName: 'Member' });
      const group = await s.createGroup(unique('g'), [user.id]);
      return Object.keys((await s.get(`/Groups/${group.id}`)).body.members[0]).sort();
    },
    standard: ['$ref', 'display', 'type', 'value'],
    variant: ['$ref', 'type', 'value'],
  },
  'entra-mapping-only': {
    run: async (s) => {
      const user = await s.createUser(unique('mapped'), { nickName: 'Nick', title: 'Engineer' });
      const read = (await s.get(`/Users/${user.id}`)).body;
      const schema = (await s.get('/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body;
      const declared = schema.attributes.map((a: { name: string }) => a.name);
      return [read.nickName ?? null, read.title, declared.includes('nickName'), declared.includes('title')];
    },
    standard: ['Nick', 'Engineer', true, true],
    variant: [null, 'Engineer', false, true],
  },
  'emails-lower-case': {
    run: async (s) => {
      const user = await s.createUser(unique('mail'), { emails: [{ value: 'Ann.Lee@Contoso.example', type: 'work' }] });
      return (await s.get(`/Users/${user.id}`)).body.emails[0].value;
    },
    standard: 'Ann.Lee@Contoso.example',
    variant: 'ann.lee@contoso.example',
  },
  'meta-location-relative': {
    run: async (s) => {
      const user = await s.createUser(unique('located'));
      return (await s.get(`/Users/${user.id}`)).body.meta.location
        .replace(user.id, '{id}')
        .replace(/^http:\/\/[^/]+/, 'http://HOST');
    },
    standard: 'http://HOST/scim/v2/Users/{id}',
    variant: '/scim/v2/Users/{id}',
  },
  'page-size-1': {
    run: async (s) => {
      const prefix = unique('paged');
      for (const name of ['a', 'b', 'c']) await s.createUser(`${prefix}-${name}`);
      const page = (await s.get(`/Users${filterQuery(`userName sw "${prefix}"`, '&count=2')}`)).body;
      return [page.totalResults, page.itemsPerPage, page.Resources.length];
    },
    standard: [3, 2, 2],
    variant: [3, 1, 1],
  },
  'group-description-undeclared': {
    run: async (s) => {
      const group = await s.post('/Groups', { displayName: unique('described'), description: 'About' });
      const schema = (await s.get('/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group')).body;
      return [
        group.body.description ?? null,
        schema.attributes.some((a: { name: string }) => a.name === 'description'),
      ];
    },
    standard: ['About', true],
    variant: [null, false],
  },
  'manager-reference-dropped': {
    run: async (s) => {
      const boss = await s.createUser(unique('boss'));
      const user = await s.createUser(unique('report'), { [ENTERPRISE_URN]: { manager: boss.id, department: 'D' } });
      await s.delete(`/Users/${boss.id}`);
      return (await s.get(`/Users/${user.id}`)).body[ENTERPRISE_URN];
    },
    standard: { manager: { value: expect.any(String) }, department: 'D' },
    variant: { department: 'D' },
  },
  'discovery-without-token': {
    run: async (s) =>
      Promise.all(
        ['/ServiceProviderConfig', '/Schemas', '/ResourceTypes/User', '/Users'].map(
          async (path) => (await s.request('GET', path, { token: null })).status,
        ),
      ),
    standard: [401, 401, 401, 401],
    variant: [200, 200, 200, 401],
  },
  // Ids are random UUIDs: eight users come in creation order by id with a chance of 1 in 40,320.
  'list-order-by-id': {
    run: async (s) => {
      const prefix = unique('ordered');
      const created = [];
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
        created.push((await s.createUser(`${prefix}-${name}`)).id);
      const listed = (await s.get(`/Users${filterQuery(`userName sw "${prefix}"`)}`)).body.Resources.map(
        (user: { id: string }) => user.id,
      );
      return listed.join() === created.join()
        ? 'creation order'
        : listed.join() === [...created].sort().join()
          ? 'id order'
          : 'other';
    },
    standard: 'creation order',
    variant: 'id order',
  },
};

let standard: { server: RunningReferenceServer; scim: Scim };
beforeAll(async () => {
  standard = await start();
});
afterAll(() => standard.server.close());

describe('variants', () => {
  it('has a probe for every registered variant', () => {
    expect(Object.keys(PROBES).sort()).toEqual(VARIANTS.map((v) => v.name).sort());
  });

  it('rejects an unknown variant, naming the valid ones', async () => {
    await expect(start({ variants: ['no-such-variant'] })).rejects.toThrow(
      /Unknown variant\(s\): no-such-variant\. Valid variants: filter-eq-and-only/,
    );
  });

  it.each(VARIANTS.map((v) => [v.name, v.description]))('%s: %s', async (name) => {
    const probe = PROBES[name];
    expect(await probe.run(standard.scim)).toEqual(probe.standard);
    const { server, scim } = await start({ variants: [name] });
    try {
      const observed = await probe.run(scim);
      expect(observed).toEqual(probe.variant);
      expect(observed).not.toEqual(probe.standard);
    } finally {
      await server.close();
    }
  });
});
