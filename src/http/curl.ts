import type { Exchange } from './types.js';

/** POSIX single-quote shell quoting. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const SKIPPED_HEADERS = new Set(['authorization', 'content-length', 'host', 'connection']);

/**
 * A runnable curl command for an exchange. The token is never inlined: the command reads
 * `$SCIM_TOKEN` from the environment (double quotes so the shell expands it).
 */
export function toCurl(exchange: Exchange): string {
  const { method, url, headers, body, auth } = exchange.request;
  const parts = ['curl', '-sS', '-i', '-X', method, shellQuote(url)];
  if (auth === 'token') parts.push('-H', '"Authorization: Bearer $SCIM_TOKEN"');
  if (auth === 'invalid') parts.push('-H', shellQuote('Authorization: Bearer not-a-valid-token'));
  for (const [key, value] of Object.entries(headers)) {
    if (!SKIPPED_HEADERS.has(key)) parts.push('-H', shellQuote(`${key}: ${value}`));
  }
  if (body !== undefined) parts.push('--data-raw', shellQuote(body));
  return parts.join(' ');
}
