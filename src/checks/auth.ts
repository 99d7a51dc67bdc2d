import { defineCheck, fail, isObject, pass, requireResponse, skip } from './types.js';

export const unauthorized = defineCheck<Record<string, never>>({
  id: 'auth.unauthorized',
  basis: 'Entra R9: Entra authenticates with one bearer token, the Secret Token (entra-scim-behaviour.md §1.1); RFC 7644 §3.12 Table 8: 401 when "the authorization header is invalid or missing"',
  title: 'A request without valid credentials is refused with 401',
  severity: 'must',
  reference: 'RFC 7644 §3.12 (401: authorization header invalid or missing); Entra R9',
  category: 'auth',
  run: ({ exchange }) => {
    const missing = requireResponse(exchange);
    if (missing) return missing;
    const actual = exchange.response!.status;
    if (actual === 401) return pass();
    const why = actual < 300 ? 'the target served the request anyway' : `got ${actual}`;
    return fail(`expected 401 for ${exchange.request.auth === 'none' ? 'a missing' : 'an invalid'} token: ${why}`, {
      expected: 401,
      actual,
    });
  },
});

export const wwwAuthenticate = defineCheck<Record<string, never>>({
  id: 'auth.www-authenticate',
  basis: 'RFC 7235 §3.1: a 401 response "MUST send a WWW-Authenticate header field"; outside RFC 7643/7644 and not read by Entra, so SHOULD here',
  title: 'A 401 names the scheme in WWW-Authenticate',
  // RFC 7235 makes this an HTTP MUST, but SCIM clients including Entra do not rely on it: warn only.
  severity: 'should',
  reference: 'RFC 7235 §3.1; RFC 6750 §3',
  category: 'auth',
  run: ({ exchange }) => {
    if (exchange.response?.status !== 401) return skip('not a 401 response');
    return exchange.response.headers['www-authenticate']
      ? pass()
      : fail('the 401 response has no WWW-Authenticate header', {
          expected: 'WWW-Authenticate: Bearer …',
          actual: null,
        });
  },
});

/** The token lifetime Microsoft's gallery validation template expects, in minutes. */
const LIFETIME_MINUTES = { least: 60, most: 360 };

export const oauthToken = defineCheck<Record<string, never>>({
  id: 'auth.oauth-token',
  basis:
    'RFC 6749 §5.1: a successful token response holds access_token (REQUIRED) and token_type (REQUIRED, case-insensitive), which is "Bearer" for the bearer tokens SCIM is sent with (RFC 6750; RFC 7644 §2); the gallery validation template tests OAuth client credentials (entra-scim-behaviour.md §11)',
  title: 'The token endpoint issues a Bearer access token',
  severity: 'must',
  reference: 'RFC 6749 §4.4, §5.1 (client credentials, token response); RFC 6750; Entra gallery validation template (OAuth)',
  category: 'auth',
  run: ({ exchange }) => {
    const missing = requireResponse(exchange);
    if (missing) return missing;
    const { status, json } = exchange.response!;
    if (status !== 200) return fail(`the token endpoint answered ${status}`, { expected: 200, actual: status });
    const body = isObject(json) ? json : {};
    if (typeof body.access_token !== 'string' || body.access_token === '')
      return fail('the token response has no access_token', { expected: 'access_token', actual: json ?? null });
    if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer')
      return fail('token_type is not Bearer', { expected: 'Bearer', actual: body.token_type ?? null });
    return pass();
  },
});

export const tokenLifetime = defineCheck<Record<string, never>>({
  id: 'auth.token-lifetime',
  basis:
    'RFC 6749 §5.1: expires_in is RECOMMENDED; the gallery validation template expects a lifetime of 60 to 360 minutes (entra-scim-behaviour.md §11); SHOULD',
  title: `The access token lives ${LIFETIME_MINUTES.least} to ${LIFETIME_MINUTES.most} minutes`,
  severity: 'should',
  reference: 'RFC 6749 §5.1 (expires_in); Entra gallery validation template (OAuth token lifetime)',
  category: 'auth',
  run: ({ exchange }) => {
    const json = exchange.response?.json;
    if (exchange.response?.status !== 200 || !isObject(json)) return skip('no token response (see auth.oauth-token)');
    const seconds = json.expires_in;
    if (typeof seconds !== 'number')
      return fail('the token response does not say when the token expires (expires_in)', {
        expected: `expires_in between ${LIFETIME_MINUTES.least * 60} and ${LIFETIME_MINUTES.most * 60} seconds`,
        actual: seconds ?? null,
      });
    const minutes = seconds / 60;
    const lifetime = seconds < 60 ? `${seconds} s` : `${Math.round(minutes * 10) / 10} minutes`;
    return minutes >= LIFETIME_MINUTES.least && minutes <= LIFETIME_MINUTES.most
      ? pass()
      : fail(`the token lives ${lifetime}`, {
          expected: `${LIFETIME_MINUTES.least} to ${LIFETIME_MINUTES.most} minutes`,
          actual: `${seconds} s`,
        });
  },
});
