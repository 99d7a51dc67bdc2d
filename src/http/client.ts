import { Agent, interceptors, type Dispatcher } from 'undici';
import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { ClientCredentialsToken, TOKEN_REQUEST_HEADERS, type ClientCredentials } from './oauth.js';
import { Redactor } from './redact.js';
import type { Exchange, HttpRequest } from './types.js';

/** How the harness authenticates: Entra's Secret Token, or OAuth 2 client credentials. */
export type ClientAuth = { token: string } | { clientCredentials: ClientCredentials };

/** PEM contents (not paths: the CLI reads the files) for private CAs and mutual TLS. */
export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  /** Accept any certificate: only when the user asks with --insecure. */
  insecure?: boolean;
}

export interface ScimClientOptions {
  /** Base URL of the SCIM service, e.g. https://example.com/scim/v2 (no trailing slash needed). */
  baseUrl: string;
  auth: ClientAuth;
  /** Per-request timeout for headers and for body, in milliseconds. */
  timeoutMs: number;
  tls?: TlsOptions;
  /** At most this many requests per second (a vendor's rate limit; Zscaler's is 5/s). */
  rateLimit?: number;
  /** Largest response body kept, in bytes; the rest is discarded and the exchange marked truncated. */
  maxBodyBytes?: number;
  /** Bounded retries of 429/503 answers, honouring Retry-After. */
  maxRetries?: number;
}

const SCIM_JSON = 'application/scim+json';
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const THROTTLED = new Set([429, 503]);
const DEFAULT_RETRIES = 3;

/**
 * undici retry options for requests whose repetition changes nothing (cleanup DELETEs, RFC 9110
 * §9.2.2): transport failures and 5xx are retried too, with backoff 100, 200, 400, 800 ms. Timeouts
 * are not: a hanging target would multiply the cleanup's time bound.
 */
const FAILURE_RETRY = {
  maxRetries: 4,
  minTimeout: 100,
  timeoutFactor: 2,
  maxTimeout: 2_000,
  statusCodes: [429, 500, 502, 503, 504],
  errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET'],
  methods: ['DELETE'],
};

/**
 * An interceptor that gives each attempt (retries are separate attempts) `ms` to deliver its whole
 * answer, on a native timer: undici's own headers/body timeouts tick every ~500 ms, so
 * `--timeout 500` used to wait up to a second.
 */
function attemptTimeout(ms: number): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = () => clearTimeout(timer);
    return dispatch(opts, {
      onRequestStart(controller, context) {
        timer = setTimeout(
          () => controller.abort(Object.assign(new Error('attempt timed out'), { code: 'UND_ERR_HEADERS_TIMEOUT' })),
          ms,
        );
        handler.onRequestStart?.(controller, context);
      },
      onRequestUpgrade(controller, statusCode, headers, socket) {
        stop();
        handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
      },
      onResponseStart(controller, statusCode, headers, statusMessage) {
        handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData(controller, chunk) {
        handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd(controller, trailers) {
        stop();
        handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError(controller, error) {
        stop();
        handler.onResponseError?.(controller, error);
      },
    });
  };
}

/**
 * The harness's only HTTP client: one keep-alive pool per target, undici's retry interceptor for
 * 429/503 + Retry-After (never for other failures: a generic retry would hide non-conformance),
 * an optional rate limit, and redaction of every exchange before it is returned.
 */
export class ScimClient {
  readonly baseUrl: string;
  /** `baseUrl` split as undici's dispatcher takes it, so no request has to parse a URL. */
  private readonly origin: string;
  private readonly basePath: string;
  /** A bearer token no target can know, for the 401 checks. Not a secret. */
  readonly invalidToken = `scim-conformance-invalid-${randomBytes(8).toString('hex')}`;
  /** 429/503 answers seen, each retried by undici unless the retries ran out. */
  throttled = 0;
  /** For each 429/503: when it came (performance.now()) and how many other answers had come before it. */
  readonly throttleMarks: Array<readonly [at: number, accepted: number]> = [];
  /** Answers other than 429/503. */
  private acceptedCount = 0;
  private readonly dispatcher: Dispatcher;
  private readonly redactor: Redactor;
  private readonly options: ScimClientOptions;
  private readonly token: () => Promise<string>;
  private readonly tokenProvider?: ClientCredentialsToken;
  private nextSlot = 0;
  private gate: Promise<void> = Promise.resolve();
  private readonly countThrottled: (message: unknown) => void;

  constructor(options: ScimClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const base = new URL(this.baseUrl);
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, '');
    const agent = new Agent({
      keepAliveTimeout: 10_000,
      connections: 64,
      connect: {
        ...(options.tls?.ca && { ca: options.tls.ca }),
        ...(options.tls?.cert && { cert: options.tls.cert }),
        ...(options.tls?.key && { key: options.tls.key }),
        rejectUnauthorized: !options.tls?.insecure,
      },
    });
    this.dispatcher = agent.compose(
      attemptTimeout(options.timeoutMs),
      interceptors.retry({
        maxRetries: options.maxRetries ?? DEFAULT_RETRIES,
        statusCodes: [...THROTTLED],
        errorCodes: [],
        // 429/503 mean the request was not processed, so retrying a POST or PATCH is safe.
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        minTimeout: 200,
        maxTimeout: 10_000,
        retryAfter: true,
        throwOnError: false,
      }),
    );
    // undici reports every attempt, retries included, on this channel.
    const origin = this.origin;
    this.countThrottled = (message) => {
      const { request: sent, response } = message as {
        request: { origin?: unknown };
        response: { statusCode: number };
      };
      if (String(sent.origin) !== origin) return;
      if (THROTTLED.has(response.statusCode)) {
        this.throttled++;
        this.throttleMarks.push([performance.now(), this.acceptedCount]);
      } else this.acceptedCount++;
    };
    subscribe('undici:request:headers', this.countThrottled);
    const auth = options.auth;
    if ('token' in auth) {
      this.redactor = new Redactor([auth.token]);
      this.token = async () => auth.token;
    } else {
      this.redactor = new Redactor([auth.clientCredentials.clientSecret]);
      const provider = new ClientCredentialsToken(auth.clientCredentials, agent, options.timeoutMs, (token) =>
        this.redactor.add(token),
      );
      this.token = () => provider.get();
      this.tokenProvider = provider;
    }
  }

  /** Whether the harness authenticates with OAuth 2 client credentials rather than a static token. */
  get usesClientCredentials(): boolean {
    return this.tokenProvider !== undefined;
  }

  /**
   * The token endpoint's first answer as a redacted exchange, fetching a token first if none was;
   * undefined with a static token or when the endpoint never answered.
   */
  async tokenExchange(): Promise<Exchange | undefined> {
    await this.tokenProvider?.get().catch(() => undefined); // a refusal is in the answer itself
    const first = this.tokenProvider?.first;
    if (!first) return undefined;
    const body = this.redactor.body(first.text);
    return {
      request: {
        method: 'POST',
        url: this.redactor.text(first.url),
        headers: { ...TOKEN_REQUEST_HEADERS },
        body: this.redactor.text(first.form),
        auth: 'none',
      },
      response: {
        status: first.status,
        headers: this.redactor.headers(first.headers),
        body: body.text,
        ...(body.json !== undefined && { json: body.json }),
        truncated: false,
      },
      startedAt: first.startedAt,
      durationMs: first.durationMs,
    };
  }

  get redact(): Redactor {
    return this.redactor;
  }

  url(path: string, query?: HttpRequest['query']): string {
    return `${this.origin}${this.pathOf(path, query)}`;
  }

  /** The request target below the origin: the base path, `path`, and the query. */
  private pathOf(path: string, query?: HttpRequest['query']): string {
    const qs = (query ?? []).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    return `${this.basePath}${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
  }

  async send(req: HttpRequest): Promise<Exchange> {
    const auth = req.auth ?? 'token';
    const path = this.pathOf(req.path, req.query);
    const url = `${this.origin}${path}`;
    const headers: Record<string, string> = { accept: SCIM_JSON, ...lowerKeys(req.headers ?? {}) };
    const bodyText =
      req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    if (bodyText !== undefined) headers['content-type'] ??= SCIM_JSON;
    this.redactor.learn(req.body);

    const exchange: Exchange = {
      request: {
        method: req.method,
        url: this.redactor.text(url),
        headers: {},
        ...(bodyText !== undefined && {
          body: this.redactor.body(bodyText, typeof req.body === 'string' ? undefined : req.body).text,
        }),
        auth,
      },
      startedAt: new Date().toISOString(),
      durationMs: 0,
    };
    await this.waitForSlot();
    const started = performance.now();
    try {
      if (auth !== 'none')
        headers.authorization = `Bearer ${auth === 'token' ? await this.token() : this.invalidToken}`;
      exchange.request.headers = this.redactor.headers(headers);
      const res = await collect(
        this.dispatcher,
        {
          origin: this.origin,
          path,
          method: req.method as Dispatcher.HttpMethod,
          headers,
          body: bodyText,
          // Disabled in favour of attemptTimeout's precise timer.
          headersTimeout: 0,
          bodyTimeout: 0,
          ...(req.retryFailures && { retryOptions: FAILURE_RETRY }),
        },
        this.options.maxBodyBytes ?? DEFAULT_MAX_BODY,
      );
      const { text, truncated } = res;
      const body = this.redactor.body(text);
      exchange.response = {
        status: res.status,
        headers: this.redactor.headers(res.headers),
        body: body.text,
        ...(body.json !== undefined && { json: body.json }),
        truncated,
      };
    } catch (error) {
      exchange.request.headers = this.redactor.headers(headers);
      exchange.error = describeError(
        error,
        this.options.timeoutMs,
        url.startsWith('https:') && !this.options.tls?.cert,
      );
    }
    exchange.durationMs = Math.round(performance.now() - started);
    return exchange;
  }

  async close(): Promise<void> {
    unsubscribe('undici:request:headers', this.countThrottled);
    await this.dispatcher.close();
  }

  /**
   * Spaces requests at least 1/rate seconds apart, measured when each is actually released: waiters
   * queue on one promise chain, so a busy event loop delays them but never lets them bunch up.
   */
  private async waitForSlot(): Promise<void> {
    const rate = this.options.rateLimit;
    if (!rate) return;
    const turn = this.gate.then(async () => {
      const wait = this.nextSlot - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.nextSlot = Date.now() + 1000 / rate;
    });
    this.gate = turn;
    await turn;
  }
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Thrown inside undici to stop reading a body past the size limit; the answer so far is kept. */
const TRUNCATED = new Error('response body over the size limit');

/**
 * Sends one request and collects its answer into a buffer, at most `maxBytes` of body. Straight on
 * the dispatcher rather than through undici's `request()`: no URL to parse and no body stream per
 * request (a load cycle sends hundreds of thousands).
 */
function collect(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  maxBytes: number,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  truncated: boolean;
}> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const done = () => resolve({ status, headers, text: Buffer.concat(chunks).toString('utf8'), truncated });
    dispatcher.dispatch(options, {
      // Its presence tells undici this handler speaks the current handler API.
      onRequestStart() {},
      onResponseStart(_controller, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
      },
      onResponseData(controller, chunk) {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
        else {
          chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
          truncated = true;
          controller.abort(TRUNCATED);
        }
      },
      onResponseEnd: done,
      onResponseError(_controller, error) {
        if (truncated) done();
        else reject(error);
      },
    });
  });
}

/** What a target that wants mutual TLS does to a client without a certificate: close the handshake. */
const CLIENT_CERT_HINT =
  ' (over TLS, without a client certificate: if the target requires mutual TLS, pass --cert FILE --key FILE)';

/**
 * Plain words for transport failures; undici's stable `code`s are kept for matching.
 * `withoutClientCert`: the request went over https with no client certificate configured.
 */
function describeError(
  error: unknown,
  timeoutMs: number,
  withoutClientCert: boolean,
): { code: string; message: string } {
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
      return {
        code: 'E_TARGET_RESET',
        message: `connection closed by the target before a complete answer${withoutClientCert ? CLIENT_CERT_HINT : ''}`,
      };
    case 'E_AUTH_TOKEN':
      return { code, message: err.message ?? 'no access token' };
    default:
      if (/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE/i.test(`${code} ${err.message ?? ''}`)) {
        return { code: 'E_TLS', message: `TLS: ${err.message ?? code}${withoutClientCert ? CLIENT_CERT_HINT : ''}` };
      }
      if (
        /certificate|self.signed|CERT_|unable to verify/i.test(
          `${code} ${err.message ?? ''} ${err.cause?.message ?? ''}`,
        )
      ) {
        return {
          code: 'E_TLS',
          message: `TLS: ${err.cause?.message ?? err.message} (pass --ca FILE for a private CA)`,
        };
      }
      return { code, message: err.cause?.message ?? err.message ?? String(error) };
  }
}
