import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAULTS,
  startReferenceServer,
  type RecordedRequest,
  type RunningReferenceServer,
} from '../../src/reference-server/index.js';
import { ENTERPRISE_URN, ERROR_URN, GROUP_URN, LIST_URN, Scim, SCIM_JSON, start, TOKEN, USER_URN } from './helpers.js';

let server: RunningReferenceServer;
let scim: Scim;
const recorded: RecordedRequest[] = [];

beforeAll(async () => {
  ({ server, scim } = await start({ onRequest: (req) => recorded.push(req), maxBodyBytes: 64 * 1024 }));
});
afterAll(() => server.close());

describe('authentication (RFC 7644 §3.12, RFC 6750)', () => {
  it.each([
    ['no Authorization header', { token: null }],
    ['a wrong token', { token: 'wrong' }],
    ['a token prefix', { token: TOKEN.slice(0, -1) }],
    ['another scheme', { token: null, headers: { authorization: `Basic ${TOKEN}` } }],
  ])('answers %s with a 401 SCIM Error and WWW-Authenticate', async (_name, options) => {
    const response = await scim.request('GET', '/Users', options);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="scim"');
    expect(response.headers.get('content-type')).toBe(SCIM_JSON);
    expect(response.body).toMatchObject({ schemas: [ERROR_URN], status: '401' });
  });

  it.each(['/ServiceProviderConfig', '/Schemas', '/ResourceTypes', '/nope'])(
    'requires the token on %s too',
    async (path) => {
      expect((await scim.request('GET', path, { token: null })).status).toBe(401);
    },
  );

  it('accepts the scheme in any case', async () => {
    expect(
      (await scim.request('GET', '/Users', { token: null, headers: { authorization: `bearer ${TOKEN}` } })).status,
    ).toBe(200);
  });
});

describe('routing and errors (RFC 7644 §3.12)', () => {
  it.each([
    ['GET', '/Unknown', 404],
    ['GET', '/Users/a/b', 404],
    ['GET', '/Users/%E0%A4%A', 404],
    ['DELETE', '/Users', 405],
    ['PUT', '/Groups', 405],
    ['GET', '/Users/.search', 405],
    ['POST', '/ServiceProviderConfig', 405],
    ['GET', '/Me', 501],
    ['POST', '/Bulk', 501],
  ])('%s %s -> %i SCIM Error', async (method, path, status) => {
    const response = await scim.request(method, path);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe(SCIM_JSON);
    expect(response.body).toMatchObject({ schemas: [ERROR_URN], status: String(status), detail: expect.any(String) });
  });

  it('lists the allowed methods on 405', async () => {
    expect((await scim.request('DELETE', '/Users')).headers.get('allow')).toBe('GET, POST');
  });

  it('answers outside the base path with 404', async () => {
    const response = await fetch(server.baseUrl.replace('/scim/v2', '/other'), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(404);
  });

  it('accepts endpoint names in any case and a trailing slash', async () => {
    expect((await scim.get('/users/')).status).toBe(200);
  });
});

describe('media types (RFC 7644 §3.8)', () => {
  it.each([
    ['application/scim+json', 201],
    ['application/json', 201],
    ['application/json; charset=utf-8', 201],
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
  ])('POST with Content-Type %s -> %i', async (type, status) => {
    const response = await scim.request('POST', '/Users', {
      body: { userName: `media-${crypto.randomUUID()}` },
      headers: { 'content-type': type },
    });
    expect(response.status).toBe(status);
  });

  it('accepts a write without Content-Type', async () => {
    const response = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ userName: 'no-content-type' });
      const req = httpRequest(
        `${server.baseUrl}/Users`,
        { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(response).toBe(201);
  });
});

describe('garbage input never yields a 5xx', () => {
  const cases: [string, string, string, number, string?][] = [
    ['malformed JSON', 'POST', '{"userName": ', 400, 'invalidSyntax'],
    ['empty body', 'POST', '', 400, 'invalidSyntax'],
    ['a JSON string', 'POST', '"user"', 400, 'invalidSyntax'],
    ['null', 'POST', 'null', 400, 'invalidSyntax'],
    ['deep nesting', 'POST', `{"userName":"deep","x":${'['.repeat(5000)}${']'.repeat(5000)}}`, 400, 'invalidSyntax'],
    ['binary junk', 'POST', '\u0000\u0001\uffff', 400, 'invalidSyntax'],
    ['a malformed PATCH', 'PATCH', '{"schemas":', 400, 'invalidSyntax'],
    [
      'a PATCH with Operations a string',
      'PATCH',
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":"x"}',
      400,
      'invalidSyntax',
    ],
  ];
  it.each(cases)('%s', async (_name, method, raw, status, scimType) => {
    const user = await scim.createUser(`garbage-${crypto.randomUUID()}`);
    const response = await scim.request(method, method === 'POST' ? '/Users' : `/Users/${user.id}`, { raw });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ schemas: [ERROR_URN], status: String(status), scimType });
  });

  it('answers a body over maxBodyBytes with 413', async () => {
    const response = await scim.post('/Users', { userName: 'huge', title: 'x'.repeat(100 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ schemas: [ERROR_URN], status: '413' });
    expect((await scim.get('/Users?count=0')).status).toBe(200);
  });

  it('answers a malformed HTTP request with 400 and keeps serving', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await scim.get('/Users?count=0')).status).toBe(200);
  });

  it.each([
    ['a filter of unbalanced quotes', '/Users?filter=%22%22%22', 400, 'invalidFilter'],
    ['a filter of only brackets', '/Users?filter=[[[]]]', 400, 'invalidFilter'],
    // A malformed escape stays as it is, and a bare word is a string (Entra's legacy `externalId eq jyoung`).
    ['bad percent escapes', `/Users?filter=userName%20eq%20%zz-${crypto.randomUUID()}`, 200, undefined],
    [
      'a long filter',
      `/Users?filter=${'(userName pr) and '.repeat(200)}userName eq "nobody-${crypto.randomUUID()}"`,
      200,
      undefined,
    ],
  ])('answers %s with %i %s', async (_name, path, status, scimType) => {
    const response = await scim.get(path);
    expect(response.status).toBe(status);
    if (status === 200) expect(response.body).toMatchObject({ schemas: [LIST_URN], totalResults: 0 });
    else expect(response.body).toMatchObject({ status: String(status), scimType });
  });
});

describe('discovery (RFC 7644 §4, RFC 7643 §5-§7)', () => {
  it('serves the ServiceProviderConfig', async () => {
    const { status, body } = await scim.get('/ServiceProviderConfig');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [{ type: 'oauthbearertoken', primary: true }],
      meta: { resourceType: 'ServiceProviderConfig', location: `${server.baseUrl}/ServiceProviderConfig` },
    });
  });

  it('serves ResourceTypes, as a list and one by one', async () => {
    const { body } = await scim.get('/ResourceTypes');
    expect(body).toMatchObject({ schemas: [LIST_URN], totalResults: 2 });
    expect(body.Resources).toEqual([
      expect.objectContaining({
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        schema: USER_URN,
        schemaExtensions: [{ schema: ENTERPRISE_URN, required: false }],
      }),
      expect.objectContaining({ id: 'Group', name: 'Group', endpoint: '/Groups', schema: GROUP_URN }),
    ]);
    const user = await scim.get('/ResourceTypes/User');
    expect(user.body).toEqual(body.Resources[0]);
    expect(user.body.meta).toEqual({ resourceType: 'ResourceType', location: `${server.baseUrl}/ResourceTypes/User` });
    expect((await scim.get('/ResourceTypes/Printer')).status).toBe(404);
  });

  it('serves the six schemas of RFC 7643 §8.7 with full attribute characteristics', async () => {
    const { body } = await scim.get('/Schemas');
    expect(body).toMatchObject({ schemas: [LIST_URN], totalResults: 6, itemsPerPage: 6, startIndex: 1 });
    expect(body.Resources.map((s: { id: string }) => s.id)).toEqual([
      USER_URN,
      ENTERPRISE_URN,
      GROUP_URN,
      'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
      'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
      'urn:ietf:params:scim:schemas:core:2.0:Schema',
    ]);
    const keys = [
      'name',
      'type',
      'multiValued',
      'description',
      'required',
      'caseExact',
      'mutability',
      'returned',
      'uniqueness',
    ];
    const visit = (attrs: Record<string, unknown>[]): void => {
      for (const attr of attrs) {
        expect(Object.keys(attr)).toEqual(expect.arrayContaining(keys));
        expect(Object.values(attr)).not.toContain(null);
        if (attr.type === 'complex') visit(attr.subAttributes as Record<string, unknown>[]);
      }
    };
    for (const schema of body.Resources) {
      expect(schema.meta).toEqual({ resourceType: 'Schema', location: `${server.baseUrl}/Schemas/${schema.id}` });
      visit(schema.attributes);
    }
    const user = body.Resources[0];
    expect(user.attributes.map((a: { name: string }) => a.name)).toEqual([
      'userName',
      'name',
      'displayName',
      'nickName',
      'profileUrl',
      'title',
      'userType',
      'preferredLanguage',
      'locale',
      'timezone',
      'active',
      'password',
      'emails',
      'phoneNumbers',
      'ims',
      'photos',
      'addresses',
      'groups',
      'entitlements',
      'roles',
      'x509Certificates',
    ]);
    expect(user.attributes[0]).toMatchObject({
      name: 'userName',
      required: true,
      caseExact: false,
      uniqueness: 'server',
    });
    expect(user.attributes.find((a: { name: string }) => a.name === 'password')).toMatchObject({
      mutability: 'writeOnly',
      returned: 'never',
    });
    expect(user.attributes.find((a: { name: string }) => a.name === 'groups')).toMatchObject({
      mutability: 'readOnly',
      multiValued: true,
    });
  });

  it('serves one schema by URN and 404s unknown ones', async () => {
    const { status, body } = await scim.get(`/Schemas/${ENTERPRISE_URN}`);
    expect(status).toBe(200);
    expect(body.attributes.map((a: { name: string }) => a.name)).toEqual([
      'employeeNumber',
      'costCenter',
      'organization',
      'division',
      'department',
      'manager',
    ]);
    expect((await scim.get(`/Schemas/${encodeURIComponent(GROUP_URN)}`)).body.id).toBe(GROUP_URN);
    expect((await scim.get('/Schemas/urn:nope')).status).toBe(404);
  });

  it('answers a filter on discovery endpoints with 403', async () => {
    expect((await scim.get('/Schemas?filter=id+pr')).status).toBe(403);
  });
});

describe('onRequest', () => {
  it('records method, url, headers and the parsed body of every request', async () => {
    recorded.length = 0;
    await scim.request('POST', '/Users?attributes=id', { body: { userName: 'recorded' } });
    await scim.request('GET', '/Users', { token: 'wrong' });
    await scim.request('POST', '/Users', { raw: '{broken' });
    expect(recorded).toEqual([
      expect.objectContaining({ method: 'POST', url: '/scim/v2/Users?attributes=id', body: { userName: 'recorded' } }),
      expect.objectContaining({ method: 'GET', url: '/scim/v2/Users', body: undefined }),
      expect.objectContaining({ method: 'POST', body: '{broken' }),
    ]);
    expect(recorded[0].headers['content-type']).toBe('application/scim+json');
  });
});

describe('concurrency', () => {
  it('creates exactly one of many concurrent duplicate POSTs', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => scim.post('/Users', { userName: 'racer' })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it('keeps every concurrent member add', async () => {
    const group = await scim.createGroup('Concurrent Group');
    const users = await Promise.all(Array.from({ length: 30 }, (_, i) => scim.createUser(`concurrent-${i}`)));
    await Promise.all(
      users.map((u) => scim.patch(`/Groups/${group.id}`, [{ op: 'Add', path: 'members', value: [{ value: u.id }] }])),
    );
    expect((await scim.get(`/Groups/${group.id}`)).body.members).toHaveLength(30);
  });
});

describe('startReferenceServer options', () => {
  it('rejects unknown fault names, listing the valid ones', async () => {
    await expect(startReferenceServer({ token: TOKEN, faults: ['no-such-fault'] })).rejects.toThrow(
      /no-such-fault.*Valid faults: .*auth-accept-any-token/,
    );
  });

  it('requires a token', async () => {
    await expect(startReferenceServer({ token: '' })).rejects.toThrow(/token/);
  });

  it('registers each fault once with a one-line description', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(28);
    expect(new Set(FAULTS.map((f) => f.name)).size).toBe(FAULTS.length);
    for (const fault of FAULTS) expect(fault.description).toMatch(/^[^\n]{10,}$/);
  });

  it('closes with keep-alive connections open: every connection ended, the port free', async () => {
    const { server: closing } = await start();
    const socket = connect(closing.port, '127.0.0.1');
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: keep-alive\r\n\r\n`,
    );
    const answered = new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString())));
    expect(await answered).toMatch(/^HTTP\/1\.1 200[\s\S]*keep-alive/i);
    await closing.close();
    // close() resolves only once the server stopped listening; the kept-alive connection is ended too.
    await ended;
    expect(socket.destroyed).toBe(true);
    const reopened = await startReferenceServer({ token: TOKEN, port: closing.port });
    expect(reopened.port).toBe(closing.port);
    await reopened.close();
  });

  it('listens on the given host and port', async () => {
    const probe = await start();
    const { port } = probe.server;
    await probe.server.close();
    const fixed = await startReferenceServer({ token: TOKEN, host: '127.0.0.1', port });
    expect(fixed.baseUrl).toBe(`http://127.0.0.1:${port}/scim/v2`);
    await fixed.close();
  });
});
