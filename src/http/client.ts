import type { Dispatcher } from 'undici';
// undici's index loads all of undici (fetch, WebSocket, caches, mocks): about 120 ms in each thread
// of a run, on its critical path. These are the only two classes the client needs; a test holds
// them to be the ones the index exports.
import Agent from 'undici/lib/dispatcher/agent.js';
import RetryHandler from 'undici/lib/handler/retry-handler.js';
import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Duplex } from 'node:stream';
import { ClientCredentialsToken, TOKEN_REQUEST_HEADERS, type ClientCredentials } from './oauth.js';
import { Redactor } from './redact.js';
import type { Answer, Exchange, HttpRequest } from './types.js';

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

/** Header fields as undici hands them over. */
type RawHeaders = Record<string, string | string[] | undefined>;

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
 * The deadlines of the attempts in flight, which all get the same time: one timer, armed for the
 * oldest attempt's deadline, stands for all of them (a timer per attempt cost a timer object and
 * two timer-list operations on every request). When it fires it aborts every attempt past its
 * deadline and re-arms for the oldest one left, so each attempt still ends at its own deadline, to
 * the millisecond: undici's own headers/body timeouts tick every ~500 ms, so `--timeout 500` used
 * to wait up to a second. The attempts are linked through themselves, oldest first (so in the
 * order of their deadlines): starting and ending one writes a few fields, where a Map keyed by
 * attempt measurably cost more on a load cycle's hot path.
 */
class Deadlines {
  private oldest: AttemptHandler | undefined;
  private newest: AttemptHandler | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly ms: number;

  constructor(ms: number) {
    this.ms = ms;
  }

  start(attempt: AttemptHandler): void {
    attempt.deadline = performance.now() + this.ms;
    attempt.newer = undefined;
    attempt.older = this.newest;
    if (this.newest) this.newest.newer = attempt;
    else this.oldest = attempt;
    this.newest = attempt;
    this.timer ??= this.arm(this.ms);
  }

  stop(attempt: AttemptHandler): void {
    if (attempt.deadline === undefined) return;
    attempt.deadline = undefined;
    if (attempt.older) attempt.older.newer = attempt.newer;
    else this.oldest = attempt.newer;
    if (attempt.newer) attempt.newer.older = attempt.older;
    else this.newest = attempt.older;
    attempt.older = attempt.newer = undefined;
  }

  /** Stops the timer, for {@link ScimClient.close}. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): NodeJS.Timeout {
    // Unref'd: an attempt in flight keeps the process alive by its socket, an idle client must not.
    return setTimeout(() => this.expire(), ms).unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    for (let attempt = this.oldest; attempt; attempt = this.oldest) {
      if (attempt.deadline! > now) {
        this.timer = this.arm(attempt.deadline! - now);
        return;
      }
      this.stop(attempt);
      attempt.timedOut();
    }
  }
}

/** A handler that passes every event on to `handler`: the interceptors below override what they watch. */
class Forwarding implements Dispatcher.DispatchHandler {
  protected readonly handler: Dispatcher.DispatchHandler;

  constructor(handler: Dispatcher.DispatchHandler) {
    this.handler = handler;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.handler.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: RawHeaders,
    socket: Duplex,
  ): void {
    this.handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: RawHeaders,
    statusMessage?: string,
  ): void {
    this.handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: RawHeaders): void {
    this.handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.handler.onResponseError?.(controller, error);
  }
}

/** Passes an attempt's events on, with the attempt's deadline running from its start to its end. */
class AttemptHandler extends Forwarding {
  /** When the attempt times out (performance.now()); undefined unless it is in flight. */
  deadline: number | undefined = undefined;
  /** Its neighbours among the attempts in flight, in {@link Deadlines}. */
  older: AttemptHandler | undefined = undefined;
  newer: AttemptHandler | undefined = undefined;
  private readonly deadlines: Deadlines;
  private controller: Dispatcher.DispatchController | undefined = undefined;

  constructor(deadlines: Deadlines, handler: Dispatcher.DispatchHandler) {
    super(handler);
    this.deadlines = deadlines;
  }

  timedOut(): void {
    this.controller?.abort(Object.assign(new Error('attempt timed out'), { code: 'UND_ERR_HEADERS_TIMEOUT' }));
  }

  override onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    // undici may start an attempt over (a request at the head of a pipeline): its deadline starts over.
    this.deadlines.stop(this);
    this.controller = controller;
    this.deadlines.start(this);
    super.onRequestStart(controller, context);
  }

  override onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: RawHeaders,
    socket: Duplex,
  ): void {
    this.deadlines.stop(this);
    super.onRequestUpgrade(controller, statusCode, headers, socket);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: RawHeaders): void {
    this.deadlines.stop(this);
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.deadlines.stop(this);
    super.onResponseError(controller, error);
  }
}

/** An interceptor that gives each attempt (retries are separate attempts) `deadlines`' time to deliver its whole answer. */
function attemptTimeout(deadlines: Deadlines): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => dispatch(opts, new AttemptHandler(deadlines, handler));
}

type RetryOptions = NonNullable<ConstructorParameters<typeof RetryHandler>[0]['retryOptions']>;

/** A request's dispatch options; `retryOptions` override {@link retryWhenNeeded}'s for it. */
type RequestOptions = Dispatcher.DispatchOptions & { retryOptions?: RetryOptions };

/**
 * undici's retry interceptor, with its {@link RetryHandler} made only when an attempt calls for a
 * retry: an answer with one of the retried statuses, or a transport failure. Until then the
 * attempt's events pass straight through, so the ordinary answer costs no RetryHandler (building
 * one per request, as `interceptors.retry` does, cost more than the rest of the harness's own work
 * on a request). The handler made late is handed the attempt's start and answer as it would have
 * seen them from the first, and carries on as undici's interceptor would, retrying through the
 * dispatchers inside this one. One difference: a transport failure after an answer began is the
 * answer's error, not a retry (undici would resume the body with a Range request).
 *
 * The handler below sees `onRequestStart` a second time when a RetryHandler takes over (once from
 * here, once from the RetryHandler with its own controller); {@link collect}'s handler ignores it.
 */
function retryWhenNeeded(options: RetryOptions): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => dispatch(opts, new FirstAttempt(options, dispatch, opts, handler));
}

class FirstAttempt extends Forwarding {
  private readonly options: RetryOptions;
  private readonly dispatch: Dispatcher['dispatch'];
  private readonly opts: RequestOptions;
  private context: unknown;
  private answered = false;
  /** The RetryHandler, once the attempt called for one: it gets the rest of the attempt's events. */
  private retry: Dispatcher.DispatchHandler | undefined;

  constructor(
    options: RetryOptions,
    dispatch: Dispatcher['dispatch'],
    opts: RequestOptions,
    handler: Dispatcher.DispatchHandler,
  ) {
    super(handler);
    this.options = options;
    this.dispatch = dispatch;
    this.opts = opts;
  }

  /** A RetryHandler as undici's retry interceptor makes it, told that this attempt started. */
  private takeOver(controller: Dispatcher.DispatchController): Dispatcher.DispatchHandler {
    const retry: Dispatcher.DispatchHandler = new RetryHandler(
      { ...this.opts, retryOptions: { ...this.options, ...this.opts.retryOptions } },
      { dispatch: this.dispatch, handler: this.handler },
    );
    retry.onRequestStart!(controller, this.context);
    return (this.retry = retry);
  }

  override onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.context = context;
    super.onRequestStart(controller, context);
  }

  override onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: RawHeaders,
    statusMessage?: string,
  ): void {
    const retried = this.opts.retryOptions?.statusCodes ?? this.options.statusCodes;
    if (retried?.includes(statusCode)) {
      this.takeOver(controller).onResponseStart!(controller, statusCode, headers, statusMessage);
      return;
    }
    this.answered = true;
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    (this.retry ?? this.handler).onResponseData?.(controller, chunk);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: RawHeaders): void {
    (this.retry ?? this.handler).onResponseEnd?.(controller, trailers);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    if (this.answered) super.onResponseError(controller, error);
    else (this.retry ?? this.takeOver(controller)).onResponseError!(controller, error);
  }
}

/**
 * The harness's only HTTP client: one keep-alive pool per target, undici's retry handler for
 * 429/503 + Retry-After (never for other failures: a generic retry would hide non-conformance),
 * an optional rate limit, and redaction of every exchange before anything can read it: before
 * `send` returns it, on first read of what `ask` returns.
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
  /** The Authorization header with a static token, the same for every request. */
  private readonly bearer: string | undefined;
  private readonly tokenProvider?: ClientCredentialsToken;
  private readonly deadlines: Deadlines;
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
    this.deadlines = new Deadlines(options.timeoutMs);
    this.dispatcher = agent.compose(
      attemptTimeout(this.deadlines),
      retryWhenNeeded({
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
      this.bearer = `Bearer ${auth.token}`;
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
    let target = path.startsWith('/') ? `${this.basePath}${path}` : `${this.basePath}/${path}`;
    if (query) {
      for (let i = 0; i < query.length; i++) {
        const [key, value] = query[i];
        target += `${i === 0 ? '?' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
      }
    }
    return target;
  }

  /** Sends `req` and gives the exchange, redacted. */
  async send(req: HttpRequest): Promise<Exchange> {
    return (await this.ask(req)).exchange;
  }

  /**
   * Sends `req` and gives its {@link Answer}: the status at once, the body and the exchange parsed
   * and redacted only when read. What a load cycle sends by the hundred thousand, mostly to read a
   * status.
   */
  async ask(req: HttpRequest): Promise<Answer> {
    const auth = req.auth ?? 'token';
    const path = this.pathOf(req.path, req.query);
    const headers: Record<string, string> = req.headers
      ? { accept: SCIM_JSON, ...lowerKeys(req.headers) }
      : { accept: SCIM_JSON };
    const bodyText =
      req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    if (bodyText !== undefined) {
      headers['content-type'] ??= SCIM_JSON;
      this.redactor.learn(req.body);
    }
    const sent: SentRequest = {
      method: req.method,
      origin: this.origin,
      path,
      headers,
      body: bodyText,
      auth,
      startedAt: Date.now(),
      durationMs: 0,
    };
    if (this.options.rateLimit) await this.waitForSlot();
    const started = performance.now();
    try {
      if (auth === 'token') headers.authorization = this.bearer ?? `Bearer ${await this.token()}`;
      else if (auth === 'invalid') headers.authorization = `Bearer ${this.invalidToken}`;
      const response = await collect(
        this.dispatcher,
        {
          origin: this.origin,
          path,
          method: req.method as Dispatcher.HttpMethod,
          headers,
          body: bodyText,
          // Disabled in favour of attemptTimeout's precise deadlines.
          headersTimeout: 0,
          bodyTimeout: 0,
          retryOptions: req.retryFailures ? FAILURE_RETRY : undefined,
        },
        this.options.maxBodyBytes ?? DEFAULT_MAX_BODY,
      );
      sent.durationMs = performance.now() - started;
      return new LazyAnswer(this.redactor, sent, response);
    } catch (error) {
      sent.durationMs = performance.now() - started;
      const https = this.origin.startsWith('https:');
      return new LazyAnswer(
        this.redactor,
        sent,
        describeError(error, this.options.timeoutMs, https && !this.options.tls?.cert),
      );
    }
  }

  async close(): Promise<void> {
    unsubscribe('undici:request:headers', this.countThrottled);
    this.deadlines.clear();
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

/** A request as sent, unredacted (its Authorization header included). */
interface SentRequest {
  method: string;
  origin: string;
  /** The request target below the origin. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  auth: 'token' | 'none' | 'invalid';
  /** When the request was made (epoch ms), and how long its answer took (ms). */
  startedAt: number;
  durationMs: number;
}

/** An answer as received, unredacted, its body not yet decoded. */
interface Received {
  status: number;
  headers: RawHeaders;
  chunks: Buffer[];
  truncated: boolean;
}

const NO_HEADERS: RawHeaders = Object.freeze({});

/** Collects an answer, at most `maxBytes` of body: the handler of {@link collect}. */
class Collector implements Received, Dispatcher.DispatchHandler {
  status = 0;
  headers = NO_HEADERS;
  chunks: Buffer[] = [];
  truncated = false;
  private size = 0;
  private readonly maxBytes: number;
  private readonly resolve: (received: Received) => void;
  private readonly reject: (error: Error) => void;

  constructor(maxBytes: number, resolve: (received: Received) => void, reject: (error: Error) => void) {
    this.maxBytes = maxBytes;
    this.resolve = resolve;
    this.reject = reject;
  }

  // Its presence tells undici this handler speaks the current handler API.
  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: RawHeaders): void {
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size <= this.maxBytes) this.chunks.push(chunk);
    else {
      this.chunks.push(chunk.subarray(0, chunk.length - (this.size - this.maxBytes)));
      this.truncated = true;
      controller.abort(TRUNCATED);
    }
  }

  onResponseEnd(): void {
    this.resolve(this);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.truncated) this.resolve(this);
    else this.reject(error);
  }
}

/**
 * Sends one request and collects its answer, at most `maxBytes` of body. Straight on the
 * dispatcher rather than through undici's `request()`: no URL to parse and no body stream per
 * request (a load cycle sends hundreds of thousands).
 */
function collect(dispatcher: Dispatcher, options: RequestOptions, maxBytes: number): Promise<Received> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(options, new Collector(maxBytes, resolve, reject));
  });
}

/**
 * An {@link Answer} that keeps the request and response as they went over the wire in private
 * fields and redacts them only when read: `json` redacts the body, `exchange` everything, each once.
 * The redactor only ever learns more secrets, so redacting later never redacts less.
 */
class LazyAnswer implements Answer {
  readonly status: number | undefined;
  readonly error: Exchange['error'];
  readonly #redactor: Redactor;
  readonly #sent: SentRequest;
  readonly #received: Received | undefined;
  #body: { text: string; json?: unknown } | undefined;
  #exchange: Exchange | undefined;

  constructor(redactor: Redactor, sent: SentRequest, outcome: Received | NonNullable<Exchange['error']>) {
    this.#redactor = redactor;
    this.#sent = sent;
    if ('chunks' in outcome) {
      this.status = outcome.status;
      this.#received = outcome;
    } else this.error = outcome;
  }

  get json(): unknown {
    return this.#responseBody()?.json;
  }

  get exchange(): Exchange {
    return (this.#exchange ??= this.#redact());
  }

  /** What `JSON.stringify` writes: the redacted exchange. */
  toJSON(): Exchange {
    return this.exchange;
  }

  #responseBody(): { text: string; json?: unknown } | undefined {
    if (this.#body || !this.#received) return this.#body;
    const { chunks } = this.#received;
    const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
    return (this.#body = this.#redactor.body(text));
  }

  #redact(): Exchange {
    const redactor = this.#redactor;
    const sent = this.#sent;
    const exchange: Exchange = {
      request: {
        method: sent.method,
        url: redactor.text(`${sent.origin}${sent.path}`),
        headers: redactor.headers(sent.headers),
        ...(sent.body !== undefined && { body: redactor.body(sent.body).text }),
        auth: sent.auth,
      },
      startedAt: new Date(sent.startedAt).toISOString(),
      durationMs: Math.round(sent.durationMs),
    };
    const received = this.#received;
    if (received) {
      const body = this.#responseBody()!;
      exchange.response = {
        status: received.status,
        headers: redactor.headers(received.headers),
        body: body.text,
        ...(body.json !== undefined && { json: body.json }),
        truncated: received.truncated,
      };
    } else exchange.error = this.error;
    return exchange;
  }
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
