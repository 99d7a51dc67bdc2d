import { defineCheck, fail, pass, requireResponse, skip } from './types.js';

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
