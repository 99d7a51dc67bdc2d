import { TEMPLATE } from '../scenario/template.js';

/**
 * Applies `fn` to the literal parts of a scenario template string, leaving `{{ns.name}}` expressions
 * as they are: generated requests are written in the scenario template language, so the run tag and
 * captured ids are filled in when sent and stay symbolic in replays.
 */
export function mapLiteral(text: string, fn: (literal: string) => string): string {
  let out = '';
  let at = 0;
  for (const match of text.matchAll(TEMPLATE)) {
    out += fn(text.slice(at, match.index)) + match[0];
    at = match.index + match[0].length;
  }
  return out + fn(text.slice(at));
}

/**
 * The text with the case of every ASCII letter swapped. Only ASCII: RFC 7643 §2.2 leaves the case
 * folding of caseExact-false attributes to the server, and platforms fold "ß" or "İ" differently.
 */
export function swapCase(text: string): string {
  return mapLiteral(text, (literal) =>
    literal.replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())),
  );
}

/**
 * A query value percent-encoded (RFC 3986 §2.1), a literal plus as `%2B`: servers built on Express,
 * ASP.NET Core or servlets read a query as form data, where a raw `+` is a space.
 */
export function queryValue(text: string): string {
  return mapLiteral(text, encodeURIComponent);
}

/** `path?filter=attr eq "value"`, the value a JSON string with `"` and `\` escaped (RFC 7644 §3.4.2.2). */
export function eqFilterPath(endpoint: string, attribute: string, value: string): string {
  return `${endpoint}?filter=${queryValue(`${attribute} eq ${JSON.stringify(value)}`)}`;
}
