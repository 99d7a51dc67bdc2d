/** What the harness asks the HTTP layer to send. Paths are relative to the target's base URL. */
export interface HttpRequest {
  method: string;
  path: string;
  /** Query parameters, encoded with %20 for spaces (RFC 3986), in the given order. */
  query?: ReadonlyArray<readonly [string, string]>;
  headers?: Readonly<Record<string, string>>;
  body?: unknown;
  /** `token`: the configured bearer token; `none`: no Authorization header; `invalid`: a bearer token the target cannot know. */
  auth?: 'token' | 'none' | 'invalid';
  /**
   * Retry transport failures and 5xx too, not only 429/503: only for requests whose repetition
   * changes nothing and hides no non-conformance (the harness's own cleanup DELETEs).
   */
  retryFailures?: boolean;
}

/** One request/response pair, already redacted: safe to print, attach and write to disk. */
export interface Exchange {
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
    auth: 'token' | 'none' | 'invalid';
  };
  response?: {
    status: number;
    headers: Record<string, string>;
    /** Body text, capped at the client's limit. */
    body: string;
    /** Parsed JSON when the body parsed as JSON; undefined otherwise. */
    json?: unknown;
    truncated: boolean;
  };
  /** Set when no response was obtained (refused, reset, timed out). */
  error?: { code: string; message: string };
  startedAt: string;
  durationMs: number;
}

/**
 * One request's answer as a load cycle reads it: the status and any transport failure at once;
 * the body, parsed as JSON and redacted, and the whole exchange, redacted, only when first read,
 * so an answer nobody looks into costs neither parsing nor redaction. What it holds unredacted
 * stays in private fields: nothing readable from it (spread, `JSON.stringify`, `util.inspect`)
 * carries a secret.
 */
export interface Answer {
  /** The HTTP status; undefined when no answer came (see `error`). */
  readonly status: number | undefined;
  /** Set when no response was obtained (refused, reset, timed out). */
  readonly error: Exchange['error'];
  /** The response body parsed as JSON and redacted, as `exchange.response.json`; undefined when not JSON or no answer. */
  readonly json: unknown;
  /** The whole exchange, redacted: what `ScimClient.send` gives. */
  readonly exchange: Exchange;
}
