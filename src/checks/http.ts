import { defineCheck, fail, pass, requireResponse, skip } from './types.js';

const statusList = { oneOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' }, minItems: 1 }] };

export const transport = defineCheck<Record<string, never>>({
  id: 'http.transport',
  basis: 'Entra: a request left unanswered fails and is retried, and failures that persist quarantine the job (entra-scim-behaviour.md §7.4, §7.7)',
  title: 'The target answers the request',
  severity: 'must',
  reference: 'RFC 7644 §3; Entra: answer within 60 s (Microsoft Q&A 1151866)',
  category: 'transport',
  run: ({ exchange }) =>
    exchange.error
      ? fail(`${exchange.request.method} ${exchange.request.url}: ${exchange.error.message}`, {
          expected: 'an HTTP response',
          actual: exchange.error.code,
        })
      : pass(),
});

export const status = defineCheck<{ expected: number | number[] }>({
  id: 'http.status',
  basis: 'RFC 7644 prescribes the status of each step with SHALL/MUST, e.g. §3.3 "an HTTP response SHALL be returned with HTTP status code 201 (Created)", §3.6 "the server SHALL return a successful HTTP status code 204 (No Content)"; each step cites its own sentence',
  title: 'The response has the expected HTTP status',
  severity: 'must',
  reference: 'RFC 7644 §3.12',
  category: 'status',
  args: { type: 'object', required: ['expected'], properties: { expected: statusList }, additionalProperties: false },
  run: ({ exchange, args }) => {
    const missing = requireResponse(exchange);
    if (missing) return missing;
    const expected = [args.expected].flat();
    const actual = exchange.response!.status;
    return expected.includes(actual)
      ? pass()
      : fail(`expected HTTP ${expected.join(' or ')}, got ${actual}`, { expected: expected.join(' | '), actual });
  },
});

export const mediaType = defineCheck<Record<string, never>>({
  id: 'http.media-type',
  basis: 'RFC 7644 §3.8: "Service providers MUST support the Accept header \\"Accept: application/scim+json\\"" (the harness sends it); Entra G9',
  title: 'Responses with a body are application/scim+json',
  severity: 'must',
  reference: 'RFC 7644 §3.8 (Accept: application/scim+json MUST be supported); Entra guideline G9',
  category: 'media-type',
  run: ({ exchange }) => {
    const response = exchange.response;
    if (!response || response.body.length === 0) return skip('no response body');
    const contentType = response.headers['content-type'];
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    return mediaType === 'application/scim+json'
      ? pass()
      : fail(`Content-Type is ${contentType ?? 'missing'}`, {
          expected: 'application/scim+json',
          actual: contentType ?? null,
        });
  },
});

export const jsonBody = defineCheck<Record<string, never>>({
  id: 'http.json-body',
  basis: 'RFC 7644 §3.8: "Servers MUST accept requests and be able to return JSON-structured responses using UTF-8 encoding"',
  title: 'A response body is a JSON object',
  severity: 'must',
  reference: 'RFC 7644 §3.8 (JSON, UTF-8)',
  category: 'media-type',
  run: ({ exchange }) => {
    const response = exchange.response;
    if (!response || response.body.length === 0) return skip('no response body');
    if (response.truncated)
      return fail('the body exceeded the size limit and was cut off', { actual: 'truncated body' });
    const json = response.json;
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? pass()
      : fail('the body is not a JSON object', { expected: 'JSON object', actual: response.body.slice(0, 200) });
  },
});

export const locationHeader = defineCheck<Record<string, never>>({
  id: 'http.location-header',
  basis: 'RFC 7644 §3.3: "The URI of the created resource SHALL include, in the HTTP \\"Location\\" header and the HTTP body, a JSON representation with the attribute \\"meta.location\\""',
  title: 'A 201 Created carries the new resource URI in Location',
  severity: 'must',
  reference: 'RFC 7644 §3.3',
  category: 'semantics',
  run: ({ exchange }) => {
    const response = exchange.response;
    if (!response || response.status !== 201) return skip('not a 201 response');
    const location = response.headers.location;
    if (!location)
      return fail('the 201 response has no Location header', { expected: 'Location: <resource URI>', actual: null });
    const json = response.json as { id?: unknown; meta?: { location?: unknown } } | undefined;
    const metaLocation = json?.meta?.location;
    // Both name the same URI; either may be a relative reference (RFC 7643 §2.3.7, RFC 9110 §10.2.2).
    const resolve = (uri: string) =>
      URL.canParse(uri, exchange.request.url) ? stripSlash(new URL(uri, exchange.request.url).href) : uri;
    if (typeof metaLocation === 'string' && resolve(metaLocation) !== resolve(location)) {
      return fail('Location differs from meta.location', { expected: metaLocation, actual: location });
    }
    if (typeof json?.id === 'string' && !stripSlash(location).endsWith(`/${json.id}`)) {
      return fail('Location does not point at the created id', { expected: `…/${json.id}`, actual: location });
    }
    return pass();
  },
});

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export const etag = defineCheck<Record<string, never>>({
  id: 'http.etag',
  basis: 'RFC 7644 §3.14: "When supported, SCIM ETags MUST be specified as an HTTP header and SHOULD be specified within the \\"version\\" attribute" (run only where the ServiceProviderConfig claims etag)',
  title: 'Resources carry an ETag header matching meta.version',
  severity: 'must',
  reference: 'RFC 7644 §3.14 (ETags MUST be sent in the ETag header when supported; SHOULD be in meta.version)',
  category: 'semantics',
  run: ({ exchange }) => {
    const response = exchange.response;
    if (!response || response.status >= 300) return skip('not a resource response');
    const header = response.headers.etag;
    if (!header) return fail('no ETag header', { expected: 'ETag: W/"…"', actual: null });
    const version = (response.json as { meta?: { version?: unknown } } | undefined)?.meta?.version;
    return version === undefined || version === header
      ? pass()
      : fail('meta.version differs from the ETag header', { expected: header, actual: version });
  },
});
