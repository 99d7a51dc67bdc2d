import type { Dispatcher } from 'undici';
import { REDACTED } from './redact.js';

/** OAuth 2.0 client credentials (RFC 6749 §4.4), as Entra's gallery onboarding expects for production. */
export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

/** The headers of a token request (RFC 6749 §4.4.2: a form-encoded body; the answer is JSON). */
export const TOKEN_REQUEST_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };

/** The token endpoint's first answer, as received (the client redacts it before anyone sees it). */
export interface TokenAnswer {
  url: string;
  /** The form sent, its client_secret already replaced. */
  form: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  startedAt: string;
  durationMs: number;
}

/** A token is renewed this long before the server says it expires, so no request carries a stale one. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * Fetches and caches an access token, renewing it when it is about to expire. Concurrent callers
 * share one token request.
 */
export class ClientCredentialsToken {
  private current: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly credentials: ClientCredentials;
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly onToken: (token: string) => void;
  /** How many tokens were fetched: the first, then one per renewal. */
  fetched = 0;
  /** The first answer of the token endpoint, for the checks of the token response. */
  first: TokenAnswer | undefined;

  constructor(
    credentials: ClientCredentials,
    dispatcher: Dispatcher,
    timeoutMs: number,
    onToken: (token: string) => void,
  ) {
    this.credentials = credentials;
    this.dispatcher = dispatcher;
    this.timeoutMs = timeoutMs;
    this.onToken = onToken;
  }

  async get(): Promise<string> {
    if (this.current && Date.now() < this.current.renewAt) return this.current.token;
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetch(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
      ...(this.credentials.scope && { scope: this.credentials.scope }),
    });
    const startedAt = new Date().toISOString();
    const started = performance.now();
    // All of undici, loaded only when a run uses OAuth (client.ts imports two of its classes alone).
    const { request } = await import('undici');
    const res = await request(this.credentials.tokenUrl, {
      method: 'POST',
      dispatcher: this.dispatcher,
      headers: TOKEN_REQUEST_HEADERS,
      body: form.toString(),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    const text = await res.body.text();
    this.first ??= {
      url: this.credentials.tokenUrl,
      // URL-encoding can hide the secret from text redaction: it is replaced here, by field.
      form: new URLSearchParams({ ...Object.fromEntries(form), client_secret: REDACTED }).toString(),
      status: res.statusCode,
      headers: res.headers,
      text,
      startedAt,
      durationMs: Math.round(performance.now() - started),
    };
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Reported below with the status.
    }
    if (res.statusCode !== 200 || typeof body.access_token !== 'string') {
      const why =
        typeof body.error === 'string'
          ? `${body.error}${body.error_description ? `: ${String(body.error_description)}` : ''}`
          : `HTTP ${res.statusCode}`;
      throw Object.assign(
        new Error(`the token endpoint ${this.credentials.tokenUrl} refused the client credentials (${why})`),
        {
          code: 'E_AUTH_TOKEN',
        },
      );
    }
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    this.current = { token: body.access_token, renewAt: Date.now() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS) };
    this.fetched++;
    this.onToken(body.access_token);
    return body.access_token;
  }
}
