import { hash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { notFound, ScimError } from './errors.js';
import { Faults } from './faults.js';
import { DEFAULT_MAX_RESOURCES, RateLimiter } from './limits.js';
import { parseJson, parseQuery, readBody, send, type RawBody, type Reply } from './http.js';
import type { ReferenceServerOptions, RunningReferenceServer } from './index.js';
import type { JsonObject } from './json.js';
import { MAX_RESULTS } from './query.js';
import {
  KINDS,
  LIST_RESPONSE_URN,
  resourceTypeResources,
  schemaResources,
  serviceProviderConfig,
  type ResourceKind,
} from './schemas.js';
import { ResourceService, type ScimRequest } from './service.js';

const BASE_PATH = '/scim/v2';
const DEFAULT_MAX_BODY = 1024 * 1024;
const SCIM_MEDIA_TYPE = 'application/scim+json; charset=utf-8';
const WRITES: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

type Handler = (req: ScimRequest) => Reply;
type Routes = Partial<Record<string, Handler>>;

const digest = (text: string): Buffer => hash('sha256', text, 'buffer');

/** The decoded path segments below the base path; a malformed escape is a path that does not exist. */
function segmentsOf(path: string): string[] {
  return path
    .slice(BASE_PATH.length)
    .split('/')
    .filter((s) => s !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw notFound(`path segment "${segment}"`);
      }
    });
}

/** Parses the body once; `body()` rethrows the parse error for handlers that need a body. */
function bodyOf(raw: RawBody): { recorded: unknown; body: () => unknown } {
  try {
    const value = parseJson(raw.text);
    return { recorded: value, body: () => value };
  } catch (error) {
    return {
      recorded: raw.text === '' ? undefined : raw.text,
      body: () => {
        throw error;
      },
    };
  }
}

/** Writes take any JSON flavour, or no Content-Type at all (RFC 7644 §3.8 asks for application/scim+json). */
const isJsonMediaType = (contentType: string | undefined): boolean =>
  contentType === undefined || /^[\w.+-]+\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(contentType);

function listOf(resources: JsonObject[]): JsonObject {
  return {
    schemas: [LIST_RESPONSE_URN],
    totalResults: resources.length,
    Resources: resources,
    startIndex: 1,
    itemsPerPage: resources.length,
  };
}

/** Discovery endpoints ignore query parameters, and a filter SHOULD get 403 (RFC 7644 §4). */
function discovery(req: ScimRequest, body: JsonObject): Reply {
  if (req.query.has('filter')) throw new ScimError(403, 'filtering is not supported on discovery endpoints');
  return { status: 200, body };
}

/** A collection of discovery resources, or the one whose `id` is `id`. */
function discover(resources: JsonObject[], id: string | undefined): Routes {
  return {
    GET: (req) => {
      if (id === undefined) return discovery(req, listOf(resources));
      const found = resources.find((r) => String(r.id).toLowerCase() === id.toLowerCase());
      if (!found) throw notFound(`"${id}"`);
      return discovery(req, found);
    },
  };
}

class App {
  readonly #options: ReferenceServerOptions;
  readonly #faults: Faults;
  readonly #baseUrl: string;
  readonly #tokenDigest: Buffer;
  readonly #service: ResourceService;
  readonly #maxBody: number;
  readonly #rateLimiter: RateLimiter | undefined;

  constructor(options: ReferenceServerOptions, faults: Faults, baseUrl: string) {
    this.#options = options;
    this.#faults = faults;
    this.#baseUrl = baseUrl;
    this.#tokenDigest = digest(options.token);
    this.#service = new ResourceService(faults, baseUrl, options.maxResources ?? DEFAULT_MAX_RESOURCES);
    this.#maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.#rateLimiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
  }

  /** Answers one request; never rejects, and turns any unexpected exception into a 500 SCIM Error. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: Reply;
    let tooLarge = false;
    try {
      if (this.#rateLimiter && !this.#rateLimiter.take()) {
        throw new ScimError(429, 'too many requests: slow down', undefined, { 'retry-after': '1' });
      }
      const raw = await readBody(req, this.#maxBody);
      tooLarge = raw.tooLarge;
      reply = this.#respond(req, raw);
    } catch (error) {
      reply = this.#error(error);
    }
    const delayMs = this.#faults.apply('delayMs', 0, undefined);
    if (delayMs > 0) await sleep(delayMs);
    try {
      // The unread rest of an oversized body cannot be framed: the connection ends with the answer.
      const headers = { 'content-type': SCIM_MEDIA_TYPE, ...reply.headers, ...(tooLarge && { connection: 'close' }) };
      send(res, reply, this.#faults.apply('headers', headers, undefined));
    } catch {
      res.destroy();
    }
  }

  #respond(req: IncomingMessage, raw: RawBody): Reply {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const { recorded, body } = bodyOf(raw);
    this.#options.onRequest?.({ method, url, headers: req.headers, body: recorded });
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    if (!this.#authorized(req.headers.authorization, path)) {
      throw new ScimError(401, 'a valid bearer token is required', undefined, {
        'www-authenticate': 'Bearer realm="scim"',
      });
    }
    if (raw.tooLarge) throw new ScimError(413, `the request body exceeds ${this.#maxBody} bytes`);
    const handler = this.#handler(method, path);
    const contentType = req.headers['content-type'];
    if (WRITES.has(method) && !this.#faults.apply('requestMediaType', isJsonMediaType(contentType), contentType)) {
      throw new ScimError(415, `unsupported media type "${contentType}"; send application/scim+json`);
    }
    const rawQuery = this.#faults.apply('rawQuery', queryAt < 0 ? '' : url.slice(queryAt + 1), undefined);
    return handler({ query: parseQuery(rawQuery), headers: req.headers, body });
  }

  /** The handler of `method` on `path`: 404 for unknown paths, 405 for unsupported methods. */
  #handler(method: string, path: string): Handler {
    const routes = path === BASE_PATH || path.startsWith(`${BASE_PATH}/`) ? this.#routes(segmentsOf(path)) : undefined;
    if (!routes) throw notFound(`endpoint ${path}`);
    const handler = routes[method];
    if (!handler) {
      throw new ScimError(405, `${method} is not supported on ${path}`, undefined, {
        allow: Object.keys(routes).join(', '),
      });
    }
    return handler;
  }

  /** Bearer token check (RFC 6750 §2.1); hashing first makes the comparison constant-time whatever the lengths. */
  #authorized(header: string | undefined, path: string): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return this.#faults.apply(
      'authorize',
      match !== null && timingSafeEqual(digest(match[1]), this.#tokenDigest),
      path,
    );
  }

  #routes(segments: string[]): Routes | undefined {
    const [first = '', id, ...rest] = segments;
    if (rest.length > 0) return undefined;
    const kind = KINDS.find((k) => k.endpoint.slice(1).toLowerCase() === first.toLowerCase());
    if (kind) return this.#resourceRoutes(kind, id);
    switch (first.toLowerCase()) {
      case 'serviceproviderconfig':
        return id === undefined
          ? {
              GET: (req) =>
                discovery(
                  req,
                  this.#faults.apply(
                    'serviceProviderConfig',
                    serviceProviderConfig(this.#baseUrl, MAX_RESULTS),
                    undefined,
                  ),
                ),
            }
          : undefined;
      case 'resourcetypes':
        return discover(resourceTypeResources(this.#baseUrl, this.#options.userExtensions), id);
      case 'schemas':
        return discover(
          this.#faults.apply(
            'schemaResources',
            schemaResources(this.#baseUrl, this.#options.userExtensions),
            undefined,
          ),
          id,
        );
      case 'me':
      case 'bulk': {
        // RFC 7644 §3.11 (/Me) and §3.7 (bulk, advertised as unsupported).
        const status = this.#faults.apply('unimplementedStatus', 501, first.toLowerCase());
        throw status === 404 ? notFound(`endpoint /${first}`) : new ScimError(status, `/${first} is not implemented`);
      }
      default:
        return undefined;
    }
  }

  #resourceRoutes(kind: ResourceKind, id: string | undefined): Routes {
    const service = this.#service;
    if (id === undefined) return { GET: (req) => service.query(kind, req), POST: (req) => service.create(kind, req) };
    if (id === '.search') return { POST: (req) => service.search(kind, req) };
    return {
      GET: (req) => service.get(kind, id, req),
      PUT: (req) => service.replace(kind, id, req),
      PATCH: (req) => service.patch(kind, id, req),
      DELETE: (req) => service.delete(kind, id, req),
    };
  }

  #error(error: unknown): Reply {
    const scim =
      error instanceof ScimError
        ? error
        : new ScimError(500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    return {
      status: scim.status,
      body: this.#faults.apply('errorBody', scim.body(), undefined),
      headers: scim.headers,
    };
  }
}

/**
 * Starts an in-memory SCIM 2.0 service provider (RFC 7643, RFC 7644) on
 * `node:http`, serving `/scim/v2`. Rejects when a fault name is unknown.
 */
export async function startReferenceServer(options: ReferenceServerOptions): Promise<RunningReferenceServer> {
  if (typeof options.token !== 'string' || options.token === '') {
    throw new Error('ReferenceServerOptions.token must be a non-empty string');
  }
  const faults = new Faults(options.faults ?? [], options.variants ?? []);
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}${BASE_PATH}`;
  const app = new App(options, faults, baseUrl);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void app.handle(req, res));
  return {
    baseUrl,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
