/**
 * Issue 15 item 7: the client's answers on the load path (`ScimClient.ask`) are parsed and redacted
 * only when read, without ever showing what they hold unredacted; retries are undici's RetryHandler,
 * made only when an answer calls for one; each attempt ends at its own deadline.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ScimClient } from '../../src/http/client.js';
import { REDACTED } from '../../src/http/redact.js';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { startMisbehavingTarget } from '../e2e/servers.js';

const TOKEN = 'client-test-token-6b1f0e92d4';
const PASSWORD = 'Pa55-client-test-8c7d';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';

const stops: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

function clientFor(baseUrl: string, timeoutMs = 5_000): ScimClient {
  const client = new ScimClient({ baseUrl, auth: { token: TOKEN }, timeoutMs });
  stops.push(() => client.close());
  return client;
}

async function referenceServer(faults: string[] = []): Promise<RunningReferenceServer> {
  const server = await startReferenceServer({ token: TOKEN, faults });
  stops.push(() => server.close());
  return server;
}

/** A plain node:http target on /scim/v2 answering each request with `answer`, given the request number (from 1). */
async function scriptedTarget(
  answer: (req: IncomingMessage, res: ServerResponse, n: number) => void,
): Promise<{ baseUrl: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => answer(req, res, requests.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise((resolve) => server.close(resolve)));
  stops.push(() => server.closeAllConnections());
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, requests };
}

const scimJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/scim+json', ...headers });
  res.end(JSON.stringify(body));
};

/** Every way of looking into an object without reading its getters one by one. */
function views(value: object): string[] {
  return [
    JSON.stringify(value),
    JSON.stringify({ ...value }),
    inspect(value, { showHidden: true, depth: null }),
    inspect(value, { showHidden: true, depth: null, getters: true }),
    String(Object.values(value)),
    inspect(Object.getOwnPropertyDescriptors(value), { depth: null }),
    inspect(structuredClone({ ...value }), { depth: null }),
  ];
}

describe('ScimClient.ask', () => {
  it('should show nothing unredacted, however it is looked at', async () => {
    const server = await referenceServer(['return-password']);
    const client = clientFor(server.baseUrl);
    const answer = await client.ask({
      method: 'POST',
      path: '/Users',
      body: { schemas: [USER_URN], userName: 'ask.secret@contoso.example', password: PASSWORD },
    });
    expect(answer.status).toBe(201);
    // Looked into before anything was read, and after.
    const before = views(answer);
    expect((answer.json as { password?: unknown }).password).toBe(REDACTED);
    const exchange = answer.exchange;
    for (const text of [...before, ...views(answer), JSON.stringify(exchange)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(PASSWORD);
    }
    expect(exchange.request.headers.authorization).toBe(REDACTED);
    expect(JSON.parse(exchange.request.body!)).toMatchObject({ password: REDACTED });
    expect(exchange.response?.json).toBe(answer.json);
    expect(answer.exchange).toBe(exchange);
    expect(JSON.parse(JSON.stringify(answer))).toEqual(JSON.parse(JSON.stringify(exchange)));
  });

  it('should give the exchange send gives', async () => {
    const server = await referenceServer();
    const client = clientFor(server.baseUrl);
    const request = {
      method: 'GET',
      path: '/Users',
      query: [['filter', 'userName eq "nobody@contoso.example"']] as const,
    };
    const sent = await client.send(request);
    const { exchange } = await client.ask(request);
    const timeless = ({ startedAt, durationMs, ...rest }: typeof exchange) => {
      expect(new Date(startedAt).toISOString()).toBe(startedAt);
      expect(durationMs).toBeGreaterThanOrEqual(0);
      const { date: _date, ...headers } = rest.response!.headers;
      return { ...rest, response: { ...rest.response, headers } };
    };
    expect(timeless(exchange)).toEqual(timeless(sent));
    expect(exchange.request.url).toBe(`${server.baseUrl}/Users?filter=userName%20eq%20%22nobody%40contoso.example%22`);
  });

  it('should redact a secret the target echoes in a header, a JSON string and a non-JSON body', async () => {
    const target = await scriptedTarget((req, res, n) => {
      const echo = `you sent ${req.headers.authorization}`;
      if (n === 1) scimJson(res, 400, { detail: echo }, { 'x-echo': echo });
      else {
        res.writeHead(500, { 'content-type': 'text/plain', 'x-echo': echo });
        res.end(echo);
      }
    });
    const client = clientFor(target.baseUrl);
    const json = await client.ask({ method: 'GET', path: '/Users' });
    expect(json.status).toBe(400);
    expect(json.json).toEqual({ detail: `you sent Bearer ${REDACTED}` });
    expect(json.exchange.response?.headers['x-echo']).toBe(`you sent Bearer ${REDACTED}`);
    const text = await client.ask({ method: 'GET', path: '/Users' });
    expect(text.json).toBeUndefined();
    expect(text.exchange.response?.body).toBe(`you sent Bearer ${REDACTED}`);
    for (const answer of [json, text]) for (const view of views(answer)) expect(view).not.toContain(TOKEN);
  });
});

describe('ScimClient retries', () => {
  it('should retry 429 and 503 with Retry-After, for any method, and count them', async () => {
    const target = await scriptedTarget((_req, res, n) => {
      if (n === 1) scimJson(res, 429, { detail: 'slow down' }, { 'retry-after': '0' });
      else if (n === 2) scimJson(res, 503, { detail: 'busy' }, { 'retry-after': '0' });
      else scimJson(res, 201, { id: 'created' });
    });
    const client = clientFor(target.baseUrl);
    const answer = await client.ask({ method: 'POST', path: '/Users', body: { userName: 'x' } });
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({ id: 'created' });
    expect(target.requests).toEqual(['POST /scim/v2/Users', 'POST /scim/v2/Users', 'POST /scim/v2/Users']);
    expect(client.throttled).toBe(2);
  });

  it('should give the last 429 once the retries ran out', async () => {
    const target = await scriptedTarget((_req, res) => scimJson(res, 429, { detail: 'no' }, { 'retry-after': '0' }));
    const client = new ScimClient({ baseUrl: target.baseUrl, auth: { token: TOKEN }, timeoutMs: 5_000, maxRetries: 2 });
    stops.push(() => client.close());
    const exchange = await client.send({ method: 'GET', path: '/Users' });
    expect(exchange.response).toMatchObject({ status: 429, json: { detail: 'no' } });
    expect(target.requests).toHaveLength(3);
  });

  it('should not retry other failures, unless the request asks for it', async () => {
    const target = await scriptedTarget((req, res, n) => {
      if (req.url!.endsWith('/reset/1') && n <= 2) req.socket.destroy();
      else if (req.method === 'DELETE' && n <= 4) scimJson(res, 500, { detail: 'oops' });
      else if (req.method === 'DELETE') res.writeHead(204).end();
      else scimJson(res, 500, { detail: 'oops' });
    });
    const client = clientFor(target.baseUrl);
    expect((await client.ask({ method: 'GET', path: '/Users/reset/1' })).error?.code).toBe('E_TARGET_RESET');
    // The harness's own cleanup DELETE: a reset and 5xx are retried.
    const deleted = await client.ask({ method: 'DELETE', path: '/Users/reset/1', retryFailures: true });
    expect(deleted.status).toBe(204);
    expect((await client.ask({ method: 'GET', path: '/Users' })).status).toBe(500);
    expect(target.requests).toEqual([
      'GET /scim/v2/Users/reset/1',
      'DELETE /scim/v2/Users/reset/1',
      'DELETE /scim/v2/Users/reset/1',
      'DELETE /scim/v2/Users/reset/1',
      'DELETE /scim/v2/Users/reset/1',
      'GET /scim/v2/Users',
    ]);
  });
});

describe('ScimClient timeouts', () => {
  it('should end each attempt at its own deadline, however they overlap', async () => {
    const target = await startMisbehavingTarget('hang');
    stops.push(() => target.close());
    const client = clientFor(target.baseUrl, 300);
    const timed = async (delayMs: number) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const started = performance.now();
      const answer = await client.ask({ method: 'GET', path: '/Users' });
      expect(answer.error).toEqual({ code: 'E_TARGET_TIMEOUT', message: 'no complete answer within 300 ms' });
      return performance.now() - started;
    };
    // Started 0, 100 and 250 ms apart: one timer stands for all three deadlines.
    const durations = await Promise.all([timed(0), timed(100), timed(250)]);
    for (const ms of durations) {
      expect(ms).toBeGreaterThanOrEqual(299);
      expect(ms).toBeLessThan(450);
    }
    // And again once the client was idle.
    expect(await timed(0)).toBeLessThan(450);
  });
});

describe('undici classes imported on their own', () => {
  it('should be the very classes undici exports (an upgrade that moves them fails here)', async () => {
    const undici = await import('undici');
    const { default: Agent } = await import('undici/lib/dispatcher/agent.js');
    const { default: RetryHandler } = await import('undici/lib/handler/retry-handler.js');
    expect(Agent).toBe(undici.Agent);
    expect(RetryHandler).toBe(undici.RetryHandler);
  });
});
