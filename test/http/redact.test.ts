import { describe, expect, it } from 'vitest';
import { toCurl } from '../../src/http/curl.js';
import { REDACTED, Redactor } from '../../src/http/redact.js';
import { exchangeWith } from '../helpers.js';

describe('Redactor', () => {
  const redactor = new Redactor(['s3cr3t-token-value', undefined, 'ab']);

  it('should redact credential headers by name and secrets by value', () => {
    expect(
      redactor.headers({
        Authorization: 'Bearer x',
        'X-Api-Key': 'k',
        'X-Echo': 'got s3cr3t-token-value',
        Accept: 'a',
      }),
    ).toEqual({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      'x-echo': `got ${REDACTED}`,
      accept: 'a',
    });
  });

  it('should redact password-like JSON keys at any depth and leave nulls alone', () => {
    const { json } = redactor.body(
      JSON.stringify({ userName: 'u', password: 'p', nested: [{ client_secret: 'c', Password: null }] }),
    );
    expect(json).toEqual({ userName: 'u', password: REDACTED, nested: [{ client_secret: REDACTED, Password: null }] });
  });

  it('should redact secrets inside non-JSON bodies', () => {
    expect(redactor.body('token=s3cr3t-token-value').text).toBe(`token=${REDACTED}`);
  });

  it('should ignore secrets too short to redact safely', () => {
    expect(redactor.text('abc')).toBe('abc');
  });
});

describe('toCurl', () => {
  it('should use $SCIM_TOKEN and quote the body for the shell', () => {
    const exchange = exchangeWith(
      { status: 200 },
      {
        method: 'POST',
        url: 'http://127.0.0.1:1/scim/v2/Users',
        headers: { authorization: REDACTED, 'content-type': 'application/scim+json' },
        body: `{"userName":"o'brien"}`,
      },
    );
    expect(toCurl(exchange)).toBe(
      `curl -sS -i -X POST 'http://127.0.0.1:1/scim/v2/Users' -H "Authorization: Bearer $SCIM_TOKEN" -H 'content-type: application/scim+json' --data-raw '{"userName":"o'\\''brien"}'`,
    );
  });

  it('should send no Authorization header for an unauthenticated request', () => {
    expect(toCurl(exchangeWith({ status: 401 }, { auth: 'none' }))).not.toMatch(/Authorization/);
  });
});
