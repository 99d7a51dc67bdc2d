import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { randomBytes } from 'node:crypto';
import { Redactor } from './redact.js';
import type { Exchange, HttpRequest } from './types.js';

export interface ScimClientOptions {
  /** Base URL of the SCIM service, e.g. https://example.com/scim/v2 (no trailing slash needed). */
  baseUrl: string;
  token: string;
  /** Per-request timeout for headers and for body, in milliseconds. */
  timeoutMs: number;
  /** Extra values to redact wherever they appear (passwords the harness sends, client secrets). */
  secrets?: readonly string[];
  /** Largest response body kept, in bytes; the rest is discarded and the exchange marked truncated. */
  maxBodyBytes?: number;
  /** Bounded retries of 429/503 answers, honouring Retry-After. */
  maxRetries?: number;
}

const SCIM_JSON = 'application/scim+json';
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

/**
 * The harness's only HTTP client: one keep-alive pool per target, undici's retry interceptor for
 * 429/503 + Retry-After (never for other failures: a generic retry would hide non-conformance),
 * and redaction of every exchange before it is returned.
 */
export class ScimClient {
  readonly baseUrl: string;
  /** A bearer token no target can know, for the 401 checks. Not a secret. */
  readonly invalidToken = `scim-conformance-invalid-${randomBytes(8).toString('hex')}`;
  private readonly dispatcher: Dispatcher;
  private readonly redactor: Redactor;
  private readonly options: ScimClientOptions;

  constructor(options: ScimClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.redactor = new Redactor([options.token, ...(options.secrets ?? [])]);
    this.dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 64 }).compose(
      interceptors.retry({
        maxRetries: options.maxRetries ?? 3,
        statusCodes: [429, 503],
        errorCodes: [],
        // 429/503 mean the request was not processed, so retrying a POST or PATCH is safe.
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        minTimeout: 200,
        maxTimeout: 10_000,
        retryAfter: true,
        throwOnError: false,
      }),
    );
  }

  get redact(): Redactor {
    return this.redactor;
  }

  url(path: string, query?: HttpRequest['query']): string {
    const qs = (query ?? []).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    return `${this.baseUrl}${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
  }

  async send(req: HttpRequest): Promise<Exchange> {
    const auth = req.auth ?? 'token';
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = { accept: SCIM_JSON, ...lowerKeys(req.headers ?? {}) };
    if (auth !== 'none') headers.authorization = `Bearer ${auth === 'token' ? this.options.token : this.invalidToken}`;
    const bodyText =
      req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    if (bodyText !== undefined) headers['content-type'] ??= SCIM_JSON;

    const started = performance.now();
    const exchange: Exchange = {
      request: {
        method: req.method,
        url: this.redactor.text(url),
        headers: this.redactor.headers(headers),
        ...(bodyText !== undefined && { body: this.redactor.body(bodyText).text }),
        auth,
      },
      startedAt: new Date().toISOString(),
      durationMs: 0,
    };
    try {
      const res = await request(url, {
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body: bodyText,
        dispatcher: this.dispatcher,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal: AbortSignal.timeout(this.options.timeoutMs * ((this.options.maxRetries ?? 3) + 1) + 1000),
      });
      const { text, truncated } = await readCapped(res.body, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY);
      const body = this.redactor.body(text);
      exchange.response = {
        status: res.statusCode,
        headers: this.redactor.headers(res.headers),
        body: body.text,
        ...(body.json !== undefined && { json: body.json }),
        truncated,
      };
    } catch (error) {
      exchange.error = describeError(error, this.options.timeoutMs);
    }
    exchange.durationMs = Math.round(performance.now() - started);
    return exchange;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, maxBytes: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
      body.destroy();
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** Plain words for transport failures; undici's stable `code`s are kept for matching. */
function describeError(error: unknown, timeoutMs: number): { code: string; message: string } {
  const err = error as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code ?? err.name ?? 'UNKNOWN';
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'TimeoutError':
      return { code: 'E_TARGET_TIMEOUT', message: `no complete answer within ${timeoutMs} ms` };
    case 'ECONNREFUSED':
      return { code: 'E_TARGET_UNREACHABLE', message: 'connection refused' };
    case 'ENOTFOUND':
      return { code: 'E_TARGET_UNREACHABLE', message: 'host not found' };
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
      return { code: 'E_TARGET_RESET', message: 'connection closed by the target before a complete answer' };
    default:
      return { code, message: err.cause?.message ?? err.message ?? String(error) };
  }
}
