import type { Exchange } from '../src/http/types.js';

/** A response as a target might send it, for feeding checks directly. */
export function exchangeWith(
  response:
    | { status: number; headers?: Record<string, string>; json?: unknown; body?: string; truncated?: boolean }
    | undefined,
  request: Partial<Exchange['request']> = {},
  error?: Exchange['error'],
): Exchange {
  const body = response?.body ?? (response?.json === undefined ? '' : JSON.stringify(response.json));
  return {
    request: { method: 'GET', url: 'http://127.0.0.1:1/scim/v2/Users', headers: {}, auth: 'token', ...request },
    ...(response && {
      response: {
        status: response.status,
        headers: { 'content-type': 'application/scim+json', ...response.headers },
        body,
        ...(response.json !== undefined && { json: response.json }),
        truncated: response.truncated ?? false,
      },
    }),
    ...(error && { error }),
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
  };
}
