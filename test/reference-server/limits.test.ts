/**
 * Issue 15: the reference server's limits. Oversized input is refused (413 for the body, 400
 * invalidValue naming the attribute for a string, 507 past the resource cap), nothing of a refused
 * request is stored, and the server keeps answering.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningReferenceServer } from '../../src/reference-server/index.js';
import { ERROR_URN, GROUP_URN, start, TOKEN, USER_URN, type Scim } from './helpers.js';

let server: RunningReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startWith(options: Parameters<typeof start>[0] = {}): Promise<Scim> {
  const started = await start(options);
  server = started.server;
  return started.scim;
}

async function userCount(scim: Scim): Promise<number> {
  const list = await scim.get('/Users');
  expect(list.status).toBe(200);
  return list.body.totalResults;
}

describe('request body limit', () => {
  it('answers 413 with a SCIM error before the body ends, stores nothing and keeps serving', async () => {
    const scim = await startWith({ maxBodyBytes: 1024 * 1024 });
    const url = new URL(`${scim.baseUrl}/Users`);
    // A chunked body that passes 1 MiB and is never finished: only a server that stops reading answers.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(`{"schemas":["${USER_URN}"],"userName":"`);
      req.write('x'.repeat(1024 * 1024 + 1));
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ schemas: [ERROR_URN], status: '413' });
    expect(await userCount(scim)).toBe(0);
    expect((await scim.post('/Users', { schemas: [USER_URN], userName: 'after@example.com' })).status).toBe(201);
  });

  it('refuses a body whose Content-Length announces more than the limit', async () => {
    const scim = await startWith({ maxBodyBytes: 1000 });
    const response = await scim.post('/Users', { schemas: [USER_URN], userName: 'a'.repeat(1000) });
    expect(response.status).toBe(413);
    expect(response.body.detail).toContain('1000 bytes');
    expect(await userCount(scim)).toBe(0);
  });
});

describe('string limits', () => {
  it.each([
    ['userName', { userName: 'u'.repeat(1025) }, 'userName'],
    ['displayName', { userName: 'd@example.com', displayName: 'd'.repeat(1025) }, 'displayName'],
    ['externalId', { userName: 'e@example.com', externalId: 'e'.repeat(1025) }, 'externalId'],
    [
      'a nested string',
      { userName: 'n@example.com', name: { givenName: 'g'.repeat(64 * 1024 + 1) } },
      'name.givenName',
    ],
    [
      'a multi-valued string',
      { userName: 'm@example.com', emails: [{ value: 'm'.repeat(64 * 1024 + 1) }] },
      'emails[0].value',
    ],
  ])('refuses %s past its limit with 400 invalidValue naming it', async (_what, attributes, where) => {
    const scim = await startWith();
    const response = await scim.post('/Users', { schemas: [USER_URN], ...attributes });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [ERROR_URN], scimType: 'invalidValue' });
    expect(response.body.detail).toContain(`"${where}"`);
    expect(await userCount(scim)).toBe(0);
  });

  it('accepts strings at their limits, counted in characters', async () => {
    const scim = await startWith();
    // 1,024 characters of 4 UTF-8 bytes each: at the limit in characters though not in bytes.
    const userName = '😀'.repeat(1024);
    const created = await scim.post('/Users', {
      schemas: [USER_URN],
      userName,
      name: { givenName: 'g'.repeat(64 * 1024) },
    });
    expect(created.status).toBe(201);
    expect(created.body.userName).toBe(userName);
  });

  it('refuses a PATCH that makes a string too long and leaves the resource as it was', async () => {
    const scim = await startWith();
    const user = await scim.createUser('p@example.com');
    const response = await scim.patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'displayName', value: 'x'.repeat(1025) },
    ]);
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('"displayName"');
    const after = await scim.get(`/Users/${user.id}`);
    expect(after.body.displayName).toBeUndefined();
    expect(after.body.meta.version).toBe(user.meta.version);
  });
});

describe('resource cap', () => {
  it('answers 507 with a SCIM error once the cap is reached, and serves reads and deletes', async () => {
    const scim = await startWith({ maxResources: 2 });
    const user = await scim.createUser('one@example.com');
    await scim.createGroup('one');
    const refused = await scim.post('/Users', { schemas: [USER_URN], userName: 'three@example.com' });
    expect(refused.status).toBe(507);
    expect(refused.body).toMatchObject({ schemas: [ERROR_URN], status: '507' });
    const refusedGroup = await scim.post('/Groups', { schemas: [GROUP_URN], displayName: 'two' });
    expect(refusedGroup.status).toBe(507);
    expect(await userCount(scim)).toBe(1);
    expect((await scim.delete(`/Users/${user.id}`)).status).toBe(204);
    expect((await scim.post('/Users', { schemas: [USER_URN], userName: 'three@example.com' })).status).toBe(201);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After: 1 past the limit, then serves again after a second', async () => {
    const scim = await startWith({ rateLimit: 5 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const response = await scim.get('/ServiceProviderConfig');
      statuses.push(response.status);
      if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
    }
    // A bucket of 5 refills at 5/s: 8 back-to-back requests cannot all pass.
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses).toContain(429);
    expect(retryAfter).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await scim.get('/ServiceProviderConfig')).status).toBe(200);
  });
});
