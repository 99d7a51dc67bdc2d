/**
 * Loopback servers for the end-to-end tests: a misbehaving raw SCIM target, an http/https (mTLS)
 * forwarding proxy in front of the reference server, an OAuth 2 token endpoint, an arrival
 * recorder in a child process, certificates made with the openssl CLI, and helpers that seed and
 * snapshot a reference server's tenant. Every server listens on 127.0.0.1 port 0 and is stopped by
 * the test that started it (`close()` also drops keep-alive and hanging connections).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer {
  /** http(s)://127.0.0.1:PORT */
  origin: string;
  port: number;
  close(): Promise<void>;
}

async function listen(server: Server, scheme: 'http' | 'https'): Promise<TestServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    // Clients that give up (timeouts, capped bodies) reset connections: expected here.
    socket.on('error', () => {});
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const probe = await listen(createHttpServer(), 'http');
  await probe.close();
  return probe.port;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// The reference server's tenant, over plain fetch

/** Marks the tests' own requests to a server, so request logs can tell them from the harness's. */
export const TEST_CLIENT_HEADER = 'x-e2e-test-client';

export interface ScimAnswer {
  status: number;
  text: string;
  json: any;
  etag: string | null;
}

export async function scim(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ScimAnswer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/scim+json',
      [TEST_CLIENT_HEADER]: '1',
      ...(body !== undefined && { 'content-type': 'application/scim+json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, etag: res.headers.get('etag') };
}

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Creates `users` users and `groups` groups (each with members) the way an existing tenant holds them. */
export async function seedTenant(
  baseUrl: string,
  token: string,
  counts = { users: 20, groups: 5 },
): Promise<{ users: string[]; groups: string[] }> {
  const users: string[] = [];
  for (let i = 1; i <= counts.users; i++) {
    const n = String(i).padStart(2, '0');
    const res = await scim(baseUrl, token, 'POST', '/Users', {
      schemas: [USER_URN],
      userName: `existing.user${n}@contoso.example`,
      externalId: `existing-${n}`,
      displayName: `Existing User ${n}`,
      name: { givenName: 'Existing', familyName: `User ${n}` },
      emails: [{ type: 'work', primary: true, value: `existing.user${n}@contoso.example` }],
      active: i % 5 !== 0,
    });
    if (res.status !== 201) throw new Error(`seeding user ${n}: HTTP ${res.status} ${res.text}`);
    users.push(res.json.id as string);
  }
  const groups: string[] = [];
  for (let i = 1; i <= counts.groups; i++) {
    const members = users.filter((_, u) => u % counts.groups === i - 1).map((value) => ({ value }));
    const res = await scim(baseUrl, token, 'POST', '/Groups', {
      schemas: [GROUP_URN],
      displayName: `Existing Group ${i}`,
      externalId: `existing-group-${i}`,
      members,
    });
    if (res.status !== 201) throw new Error(`seeding group ${i}: HTTP ${res.status} ${res.text}`);
    groups.push(res.json.id as string);
  }
  return { users, groups };
}

/** Every resource of a kind on the target (one page: the tests stay far below the server's 200). */
export async function listAll(baseUrl: string, token: string, kind: 'Users' | 'Groups'): Promise<any[]> {
  const res = await scim(baseUrl, token, 'GET', `/${kind}?count=200`);
  if (res.status !== 200) throw new Error(`listing ${kind}: HTTP ${res.status} ${res.text}`);
  if (res.json.totalResults > res.json.Resources.length) throw new Error(`more than one page of ${kind}`);
  return res.json.Resources as any[];
}

/** The exact bytes (and ETag) each resource answers with, keyed by its path. */
export async function snapshot(
  baseUrl: string,
  token: string,
  paths: readonly string[],
): Promise<Record<string, { status: number; text: string; etag: string | null }>> {
  const out: Record<string, { status: number; text: string; etag: string | null }> = {};
  for (const path of paths) {
    const { status, text, etag } = await scim(baseUrl, token, 'GET', path);
    out[path] = { status, text, etag };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A misbehaving raw target

export type Misbehaviour = 'reset' | 'truncated' | 'html' | 'media-type' | 'huge' | 'hang' | 'slow' | 'stall-body';

export const MISBEHAVIOURS: readonly Misbehaviour[] = [
  'reset',
  'truncated',
  'html',
  'media-type',
  'huge',
  'hang',
  'slow',
  'stall-body',
];

export const HUGE_BODY_BYTES = 5 * 1024 * 1024;

const EMPTY_LIST = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 0,
  Resources: [],
  startIndex: 1,
  itemsPerPage: 0,
});

/**
 * A raw node:http "SCIM target" on /scim/v2 that misbehaves on every request in one way:
 * - reset: destroys the socket without answering;
 * - truncated: announces Content-Length 4096, sends less, closes;
 * - html: 200 text/html, not JSON;
 * - media-type: a well-formed empty ListResponse labelled text/plain;
 * - huge: a 200 application/scim+json ListResponse padded to 5 MiB;
 * - hang: never answers (the socket stays open until close());
 * - slow: a correct empty ListResponse after `delayMs`;
 * - stall-body: headers and half a body, then nothing.
 * With `only`, requests whose URL does not match it get a plain SCIM 404 instead (so discovery,
 * say, completes and the misbehaviour starts with the scenarios). With mode `by-path`, the last
 * segment of the path names the misbehaviour of each request (`/scim/v2/Faults/reset`), and
 * anything else gets the 404.
 */
export async function startMisbehavingTarget(
  modeOrByPath: Misbehaviour | 'by-path',
  options: { delayMs?: number; only?: RegExp } = {},
): Promise<TestServer & { baseUrl: string; requests: () => number; urls: string[] }> {
  const delayMs = options.delayMs ?? 2_000;
  let requests = 0;
  const urls: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createHttpServer((req, res) => {
    requests++;
    urls.push(req.url ?? '');
    res.on('error', () => {});
    req.resume();
    const named = (req.url ?? '').split('?')[0].split('/').pop() as Misbehaviour;
    const mode: Misbehaviour | undefined =
      modeOrByPath !== 'by-path' ? modeOrByPath : MISBEHAVIOURS.includes(named) ? named : undefined;
    if (!mode || (options.only && !options.only.test(req.url ?? ''))) {
      res.writeHead(404, { 'content-type': 'application/scim+json' });
      res.end(
        JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'not here' }),
      );
      return;
    }
    switch (mode) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'truncated':
        req.socket.end(
          'HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 4096\r\n\r\n{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalRes',
        );
        return;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
        return;
      case 'media-type':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(EMPTY_LIST);
        return;
      case 'huge': {
        const head = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[],"startIndex":1,"itemsPerPage":0,"padding":"`;
        const tail = '"}';
        const padding = 'x'.repeat(HUGE_BODY_BYTES - head.length - tail.length);
        res.writeHead(200, {
          'content-type': 'application/scim+json',
          'content-length': String(HUGE_BODY_BYTES),
        });
        res.end(head + padding + tail);
        return;
      }
      case 'hang':
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          res.writeHead(200, { 'content-type': 'application/scim+json' });
          res.end(EMPTY_LIST);
        }, delayMs);
        timers.add(timer);
        return;
      }
      case 'stall-body':
        res.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': '4096' });
        res.write('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],');
        return;
    }
  });
  const running = await listen(server, 'http');
  return {
    ...running,
    baseUrl: `${running.origin}/scim/v2`,
    requests: () => requests,
    urls,
    close: async () => {
      timers.forEach(clearTimeout);
      await running.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// An arrival recorder in a process of its own

const RECORDER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  process.stdout.write('T ' + (performance.timeOrigin + performance.now()) + ' ' + req.method + ' ' + req.url + '\\n');
  res.writeHead(200, { 'content-type': 'application/scim+json' });
  res.end('{}');
});
server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\\n'));
`;

/**
 * A target in a child process that answers every request `{}` and records when each arrived
 * (epoch ms, sub-millisecond), so timing measured there is not skewed by the test process being busy.
 */
export async function startArrivalRecorder(): Promise<{ baseUrl: string; arrivals(): number[]; close(): void }> {
  const child = spawn(process.execPath, ['-e', RECORDER], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const port = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const match = /PORT (\d+)/.exec(out);
      if (match) {
        clearInterval(poll);
        resolve(match[1]);
      } else if (child.exitCode !== null) {
        clearInterval(poll);
        reject(new Error('the arrival recorder did not start'));
      }
    }, 5);
  });
  return {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    arrivals: () => [...out.matchAll(/^T ([\d.]+) /gm)].map((m) => Number(m[1])),
    close: () => void child.kill(),
  };
}

// ---------------------------------------------------------------------------------------------
// A forwarding proxy in front of the reference server

export interface Arrival {
  at: number;
  method: string;
  url: string;
  authorization: string | undefined;
}

export interface ProxyOptions {
  /** The reference server's base URL (http://127.0.0.1:PORT/scim/v2). */
  upstream: string;
  /** Serve https with these options (key, cert, ca, requestCert, rejectUnauthorized). */
  tls?: HttpsServerOptions;
  /**
   * Answers a request itself instead of forwarding it; `n` counts requests from 1, `inFlight` the
   * requests being served, this one included. Returning undefined forwards the request.
   */
  intercept?: (
    req: IncomingMessage,
    n: number,
    inFlight: number,
  ) => { status: number; headers?: Record<string, string>; body?: string } | undefined;
  /** Rewrites a forwarded answer (after the URL rewriting): a target that echoes what it received, say. */
  transform?: (answer: ProxyAnswer, req: IncomingMessage, requestBody: string) => ProxyAnswer;
}

export interface ProxyAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

export interface RunningProxy extends TestServer {
  baseUrl: string;
  arrivals: Arrival[];
  /** Requests that completed a TLS handshake and reached the HTTP layer. */
  forwarded: () => number;
}

/**
 * Forwards every request to the reference server and rewrites the reference server's own URLs
 * (meta.location, Location) to the proxy's, so the target looks like one https (or http) service.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const upstream = new URL(options.upstream);
  const arrivals: Arrival[] = [];
  let forwarded = 0;
  let inFlight = 0;
  let origin = '';
  const handler = async (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    inFlight++;
    res.once('close', () => inFlight--);
    arrivals.push({
      at: performance.now(),
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorization: req.headers.authorization,
    });
    res.on('error', () => {});
    const body = await readBody(req);
    const answer = options.intercept?.(req, arrivals.length, inFlight);
    if (answer) {
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
      return;
    }
    forwarded++;
    const headers = { ...req.headers, host: upstream.host };
    delete headers['content-length'];
    const up = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...headers, 'content-length': String(body.length) },
      },
      async (upRes) => {
        const text = (await readBody(upRes)).toString('utf8').split(upstream.origin).join(origin);
        const headers: Record<string, string | string[]> = {};
        for (const [key, value] of Object.entries(upRes.headers)) {
          if (value === undefined || ['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(key))
            continue;
          headers[key] = typeof value === 'string' ? value.split(upstream.origin).join(origin) : value;
        }
        let answer: ProxyAnswer = { status: upRes.statusCode ?? 502, headers, body: text };
        if (options.transform) answer = options.transform(answer, req, body.toString('utf8'));
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
        res.end(answer.body);
      },
    );
    up.on('error', () => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
    up.end(body);
  };
  const server = options.tls
    ? (createHttpsServer(options.tls, (req, res) => void handler(req, res)) as unknown as Server)
    : createHttpServer((req, res) => void handler(req, res));
  // Failed handshakes (no client certificate, untrusted CA) are expected in these tests.
  server.on('tlsClientError', () => {});
  const running = await listen(server, options.tls ? 'https' : 'http');
  origin = running.origin;
  return { ...running, baseUrl: `${running.origin}${upstream.pathname}`, arrivals, forwarded: () => forwarded };
}

// ---------------------------------------------------------------------------------------------
// An OAuth 2 token endpoint (client credentials, RFC 6749 §4.4)

export interface TokenEndpoint extends TestServer {
  url: string;
  /** Every token request received (form fields), accepted or not. */
  calls: Array<Record<string, string>>;
  /** Token requests that were granted. */
  granted: () => number;
}

export async function startTokenEndpoint(options: {
  clientId: string;
  clientSecret: string;
  accessToken: string;
  expiresIn: number;
  tokenType?: string;
}): Promise<TokenEndpoint> {
  const calls: Array<Record<string, string>> = [];
  let granted = 0;
  const server = createHttpServer(async (req, res) => {
    const text = (await readBody(req)).toString('utf8');
    const form = Object.fromEntries(new URLSearchParams(text));
    calls.push(form);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/oauth2/token') return json(404, { error: 'not_found' });
    if (!/^application\/x-www-form-urlencoded\b/.test(req.headers['content-type'] ?? ''))
      return json(400, { error: 'invalid_request', error_description: 'form-encoded body expected' });
    if (form.grant_type !== 'client_credentials')
      return json(400, { error: 'unsupported_grant_type', error_description: `grant_type ${form.grant_type}` });
    if (form.client_id !== options.clientId || form.client_secret !== options.clientSecret)
      return json(401, { error: 'invalid_client', error_description: 'client authentication failed' });
    granted++;
    return json(200, {
      access_token: options.accessToken,
      token_type: options.tokenType ?? 'Bearer',
      expires_in: options.expiresIn,
    });
  });
  const running = await listen(server, 'http');
  return { ...running, url: `${running.origin}/oauth2/token`, calls, granted: () => granted };
}

// ---------------------------------------------------------------------------------------------
// Certificates, generated at test time with the openssl CLI

export interface Certificates {
  dir: string;
  /** Paths of the PEM files. */
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** Why TLS tests cannot run here, or undefined when openssl is available. */
export function opensslMissing(): string | undefined {
  const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : `the openssl CLI is not available (${probe.error?.message ?? probe.stderr})`;
}

/** A private CA, a server certificate for IP 127.0.0.1 and a client certificate, all signed by the CA. */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'scimconf-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=scim-conformance test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  const leaf = (name: string, cn: string, ext: string) => {
    writeFileSync(at(`${name}.ext`), `basicConstraints=CA:FALSE\n${ext}\n`);
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  leaf('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth');
  leaf('client', 'scim-conformance test client', 'extendedKeyUsage=clientAuth');
  return {
    dir,
    caCert: at('ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server.key'),
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
  };
}
