/** For every registered check: responses it passes and responses it fails (shared with the detection matrix). */
import { targetValidator, targetValidatorCode } from '../../src/schemas/target.js';
import { schemaValidator } from '../../src/schemas/validator.js';
import { exchangeWith } from '../helpers.js';

const validate = (name: string, value: unknown) => schemaValidator().validate(`scim/${name}`, value);
const BASE = 'http://127.0.0.1:1/scim/v2';
/** A target's /Schemas entry for User, trimmed to what the cases need (RFC 7643 §8.7.1 shape). */
const TARGET_SCHEMAS = [
  {
    id: 'urn:ietf:params:scim:schemas:core:2.0:User',
    attributes: [
      { name: 'userName', type: 'string', multiValued: false, required: true, returned: 'default' },
      {
        name: 'password',
        type: 'string',
        multiValued: false,
        required: false,
        returned: 'never',
        mutability: 'writeOnly',
      },
      { name: 'active', type: 'boolean', multiValued: false, required: false },
      {
        name: 'emails',
        type: 'complex',
        multiValued: true,
        subAttributes: [
          { name: 'value', type: 'string' },
          { name: 'primary', type: 'boolean' },
        ],
      },
    ],
  },
];
const validateTarget = targetValidator(TARGET_SCHEMAS, targetValidatorCode(TARGET_SCHEMAS));
export const context = (exchange: Parameters<typeof exchangeWith>, args: Record<string, unknown>) => ({
  exchange: exchangeWith(...exchange),
  args,
  baseUrl: BASE,
  validate,
  validateTarget,
});
const USER = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: 'u1',
  userName: 'bjensen@example.com',
  meta: {
    resourceType: 'User',
    created: '2024-01-01T00:00:00Z',
    lastModified: '2024-01-01T00:00:00Z',
    location: `${BASE}/Users/u1`,
  },
};
/** A /Schemas listing: User with userName, active, a read-only nickName and name.givenName; the acme extension. */
const SCHEMAS_LIST = () =>
  LIST([
    {
      id: 'urn:ietf:params:scim:schemas:core:2.0:User',
      attributes: [
        { name: 'userName', type: 'string' },
        { name: 'active', type: 'boolean' },
        { name: 'nickName', type: 'string', mutability: 'readOnly' },
        { name: 'name', type: 'complex', subAttributes: [{ name: 'givenName', type: 'string' }] },
      ],
    },
    {
      id: 'urn:ietf:params:scim:schemas:extension:acme:2.0:User',
      attributes: [{ name: 'costCenter', type: 'string' }],
    },
  ]);
const COST_CENTER = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User:costCenter';
const mapped = (path: string, type = 'string') => ({ object: 'User', path, type, row: 'acme.json:12:7 (#/x)' });
const LIST = (resources: unknown[], total = resources.length) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: total,
  Resources: resources,
});
const ERROR = (status: number, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
  status: String(status),
  ...extra,
});

/** What a load cycle tallies for one operation (the load checks judge these, not a single exchange). */
const tally = (failed: number) => ({
  subject: 'create requests',
  total: 40,
  failed,
  samples: failed > 0 ? [{ message: 'POST /scim/v2/Users: HTTP 500 instead of 201', reproduce: 'curl …' }] : [],
});

export type Case = [string, Parameters<typeof exchangeWith>, Record<string, unknown>];
/** A failing case names the stable part of the message the failure must carry: failing for another reason is a bug. */
export type FailingCase = [...Case, RegExp];

/** Checks built by one factory share their cases. */
const STATE_CHECKS = ['property.read-back', 'property.patch-model', 'property.member-readd', 'property.model-state'];
const FILTER_CHECKS = ['property.filter-username', 'property.filter-username-case', 'property.filter-external-id'];
const forEach = <C>(ids: string[], cases: C[]) => Object.fromEntries(ids.map((id) => [id, cases]));

/** For every check: a response it passes and responses it fails. */
export const PASSING: Record<string, Case[]> = {
  'http.transport': [['a response', [{ status: 200, json: USER }], {}]],
  'http.status': [['matching status', [{ status: 201, json: USER }], { expected: [200, 201] }]],
  'http.json-body': [['a JSON object', [{ status: 200, json: USER }], {}]],
  'http.media-type': [
    [
      'scim+json with charset',
      [{ status: 200, json: USER, headers: { 'content-type': 'application/scim+json; charset=utf-8' } }],
      {},
    ],
  ],
  'http.location-header': [
    ['Location equals meta.location', [{ status: 201, json: USER, headers: { location: USER.meta.location } }], {}],
    [
      'meta.location the same URI as a relative reference',
      [
        {
          status: 201,
          json: { ...USER, meta: { ...USER.meta, location: new URL(USER.meta.location).pathname } },
          headers: { location: USER.meta.location },
        },
        { url: `${BASE}/Users` },
      ],
      {},
    ],
  ],
  'auth.unauthorized': [['401', [{ status: 401, json: ERROR(401) }, { auth: 'none' }], {}]],
  'auth.www-authenticate': [
    ['401 with header', [{ status: 401, json: ERROR(401), headers: { 'www-authenticate': 'Bearer' } }], {}],
  ],
  'error.shape': [['a SCIM Error', [{ status: 409, json: ERROR(409, { scimType: 'uniqueness' }) }], {}]],
  'error.scim-type': [
    ['uniqueness', [{ status: 409, json: ERROR(409, { scimType: 'uniqueness' }) }], { expected: 'uniqueness' }],
  ],
  'error.detail': [['a 404 that says why', [{ status: 404, json: ERROR(404, { detail: 'User not found' }) }], {}]],
  'list.shape': [
    ['zero hits without Resources', [{ status: 200, json: { schemas: LIST([]).schemas, totalResults: 0 } }], {}],
    ['one hit', [{ status: 200, json: LIST([USER]) }], {}],
  ],
  'list.total-results': [
    ['exactly one', [{ status: 200, json: LIST([USER]) }], { equals: 1 }],
    ['three, on a server-side page of one', [{ status: 200, json: LIST([USER], 3) }], { equals: 3 }],
  ],
  'list.page': [
    [
      'the second page',
      [{ status: 200, json: { ...LIST([USER], 3), startIndex: 3, itemsPerPage: 1 } }],
      { totalResults: 3, startIndex: 3, itemsPerPage: 1 },
    ],
    [
      'a server-side page size below count',
      [{ status: 200, json: { ...LIST([USER], 3), startIndex: 1, itemsPerPage: 1 } }],
      { totalResults: 3, itemsPerPage: 2 },
    ],
    [
      "Okta's second page of one",
      [{ status: 200, json: { ...LIST([{ ...USER, id: 'u2' }], 3), startIndex: 2, itemsPerPage: 1 } }],
      { startIndex: 2, itemsPerPage: 1 },
    ],
    [
      'a complete result without paging fields',
      [{ status: 200, json: LIST([USER]) }],
      { startIndex: 1, itemsPerPage: 100 },
    ],
    [
      'an empty page past the last result',
      [{ status: 200, json: { ...LIST([], 3), startIndex: 4, itemsPerPage: 0 } }],
      { startIndex: 4, itemsPerPage: 2 },
    ],
    [
      'a page of an unfiltered list, whose total holds what others created',
      [{ status: 200, json: { ...LIST([USER, USER], 40), startIndex: 6, itemsPerPage: 2 } }],
      { startIndex: 6, itemsPerPage: 5 },
    ],
  ],
  'auth.oauth-token': [
    [
      'a bearer token, token_type in any case',
      [{ status: 200, json: { access_token: '[REDACTED]', token_type: 'bearer', expires_in: 3600 } }],
      {},
    ],
  ],
  'auth.token-lifetime': [
    ['six hours', [{ status: 200, json: { access_token: 'a', token_type: 'Bearer', expires_in: 21600 } }], {}],
  ],
  'list.pages': [
    [
      'every resource once, foreign ones too',
      [{ status: 200, json: LIST([USER]) }],
      {
        pages: [
          ['a', 'x'],
          ['b', 'y'],
        ],
        owned: ['a', 'b'],
        complete: true,
      },
    ],
  ],
  'list.order': [
    [
      'descending, ignoring case',
      [{ status: 200, json: LIST([{ userName: 'b' }, { userName: 'B' }, { UserName: 'a' }]) }],
      { by: 'userName', order: 'descending' },
    ],
  ],
  'http.etag': [
    [
      'ETag equals meta.version',
      [{ status: 200, json: { ...USER, meta: { ...USER.meta, version: 'W/"1"' } }, headers: { etag: 'W/"1"' } }],
      {},
    ],
  ],
  'resource.id': [['an id', [{ status: 200, json: USER }], {}]],
  'resource.meta-location': [
    ['its own URI', [{ status: 200, json: USER }], {}],
    [
      'a relative reference to itself',
      [{ status: 200, json: { ...USER, meta: { ...USER.meta, location: '/scim/v2/Users/u1' } } }],
      {},
    ],
  ],
  'resource.meta-complete': [['all four', [{ status: 200, json: USER }], {}]],
  'resource.no-password': [['no password', [{ status: 200, json: LIST([USER]) }], {}]],
  'schema.valid': [
    ['a valid User', [{ status: 200, json: USER }], { schema: 'User' }],
    ['every entry', [{ status: 200, json: LIST([USER]) }], { schema: 'User', each: true }],
  ],
  'schema.target': [
    [
      'attribute names in another case',
      [{ status: 200, json: { ...USER, UserName: 'x', userName: undefined, EMAILS: [{ Value: 'v', primary: true }] } }],
      {},
    ],
    [
      'a partial list with attributes=',
      [{ status: 200, json: LIST([{ schemas: USER.schemas, id: 'u1' }]) }, { url: `${BASE}/Users?attributes=id` }],
      {},
    ],
  ],
  'json.matches': [
    [
      'case-insensitive names, order-free arrays',
      [
        {
          status: 200,
          json: {
            ...USER,
            Emails: [
              { type: 'home', value: 'h' },
              { type: 'work', value: 'w' },
            ],
          },
        },
      ],
      { contains: { emails: [{ type: 'work', value: 'w' }] }, absent: ['/members'] },
    ],
    [
      'an excluded member gone, members counted',
      [{ status: 200, json: { members: [{ value: 'a' }] } }],
      { excludes: { members: [{ value: 'b' }] }, count: { '/members': 1, '/nothing': 0 } },
    ],
    [
      'a lower-cased email (emails.value is caseExact false)',
      [{ status: 200, json: { ...USER, emails: [{ type: 'work', value: 'ann@contoso.example' }] } }],
      { contains: { emails: [{ value: 'Ann@Contoso.example' }] } },
    ],
  ],
  ...forEach(STATE_CHECKS, [
    [
      'the values as sent, members as a set in any order',
      [{ status: 200, json: { ...USER, displayName: 'Zoë 😀', members: [{ value: 'b' }, { value: 'a' }] } }],
      { expected: { userName: USER.userName, displayName: 'Zoë 😀', members: [{ value: 'a' }, { value: 'b' }] } },
    ],
    ['a PATCH answered 204', [{ status: 204 }, { method: 'PATCH' }], { expected: { userName: 'x' } }],
    // emails.value and userName are caseExact false (RFC 7643 §2.2, §4.1.1): no server must keep their case.
    [
      'caseExact-false values in another case',
      [{ status: 200, json: { ...USER, emails: [{ type: 'work', value: 'ann@contoso.example' }] } }],
      { expected: { userName: 'BJensen@Example.com', emails: [{ type: 'work', value: 'Ann@Contoso.example' }] } },
    ],
    [
      'removed attributes unassigned',
      [{ status: 200, json: { ...USER, title: null, members: [] } }],
      { expected: { userName: USER.userName }, absent: ['/title', '/members', '/nickName'] },
    ],
  ]),
  ...forEach(FILTER_CHECKS, [['exactly the user', [{ status: 200, json: LIST([USER]) }], { id: 'u1' }]]),
  'property.username-unique': [['409', [{ status: 409, json: ERROR(409, { scimType: 'uniqueness' }) }], {}]],
  'load.responses': [['nothing failed', [{ status: 500 }], tally(0)]],
  'load.final-state': [['all as expected', [{ status: 500 }], tally(0)]],
  'load.throughput': [['25 requests/s', [{ status: 500 }], { rps: 25, minimum: 25, concurrency: 4 }]],
  'mapping.declared': [
    [
      'core, sub-attribute, common and extension attributes declared',
      [{ status: 200, json: SCHEMAS_LIST() }],
      {
        attributes: [
          mapped('userName'),
          mapped('active', 'boolean'),
          mapped('name.givenName'),
          mapped('externalId'),
          mapped(COST_CENTER),
        ],
      },
    ],
  ],
  'mapping.stored': [
    [
      'the sent values, names case-insensitive',
      [
        {
          status: 200,
          json: { ...USER, Name: { givenName: 'B' }, [COST_CENTER.slice(0, -11)]: { costCenter: 'CC-1' } },
        },
      ],
      { expected: { name: { givenName: 'B' }, [COST_CENTER.slice(0, -11)]: { costCenter: 'CC-1' } } },
    ],
  ],
};

export const FAILING: Record<string, FailingCase[]> = {
  'http.transport': [
    [
      'connection refused',
      [undefined, {}, { code: 'E_TARGET_UNREACHABLE', message: 'connection refused' }],
      {},
      /^GET http:\/\/127\.0\.0\.1:1\/scim\/v2\/Users: connection refused$/,
    ],
  ],
  'http.status': [['another status', [{ status: 200, json: USER }], { expected: 201 }, /^expected HTTP 201, got 200$/]],
  'http.json-body': [
    ['HTML', [{ status: 200, body: '<html>oops</html>' }], {}, /^the body is not a JSON object$/],
    ['a JSON array', [{ status: 200, json: [USER] }], {}, /^the body is not a JSON object$/],
    ['cut off at the size limit', [{ status: 200, body: '{"id":', truncated: true }], {}, /exceeded the size limit/],
  ],
  'http.media-type': [
    [
      'application/json',
      [{ status: 200, json: USER, headers: { 'content-type': 'application/json' } }],
      {},
      /^Content-Type is application\/json$/,
    ],
  ],
  'http.location-header': [
    ['missing', [{ status: 201, json: USER }], {}, /has no Location header/],
    [
      'elsewhere',
      [{ status: 201, json: USER, headers: { location: `${BASE}/Users/other` } }],
      {},
      /Location differs from meta\.location/,
    ],
    [
      'another id, without meta.location',
      [{ status: 201, json: { ...USER, meta: undefined }, headers: { location: `${BASE}/Users/other` } }],
      {},
      /Location does not point at the created id/,
    ],
  ],
  'auth.unauthorized': [
    [
      'served anyway',
      [{ status: 200, json: LIST([]) }, { auth: 'invalid' }],
      {},
      /^expected 401 for an invalid token: the target served the request anyway$/,
    ],
    ['403', [{ status: 403, json: ERROR(403) }, { auth: 'none' }], {}, /^expected 401 for a missing token: got 403$/],
  ],
  'auth.www-authenticate': [
    ['401 without header', [{ status: 401, json: ERROR(401) }], {}, /has no WWW-Authenticate header/],
  ],
  'error.shape': [
    ['numeric status', [{ status: 404, json: { ...ERROR(404), status: 404 } }], {}, /status must be a JSON string/],
    ['no Error URN', [{ status: 404, json: { detail: 'nope', status: '404' } }], {}, /does not contain the Error URN/],
    ['status mismatch', [{ status: 404, json: ERROR(400) }], {}, /status does not match the HTTP status/],
    ['unknown scimType', [{ status: 400, json: ERROR(400, { scimType: 'badThing' }) }], {}, /scimType is not one of/],
    [
      'plain text',
      [{ status: 500, body: 'Internal Server Error', headers: { 'content-type': 'text/plain' } }],
      {},
      /the error response has no JSON body/,
    ],
  ],
  'error.scim-type': [
    ['missing', [{ status: 409, json: ERROR(409) }], { expected: 'uniqueness' }, /^scimType should be "uniqueness"$/],
  ],
  'error.detail': [
    ['a 401 without detail', [{ status: 401, json: ERROR(401) }], {}, /^the error carries no detail$/],
    ['an empty detail', [{ status: 404, json: ERROR(404, { detail: ' ' }) }], {}, /^the error carries no detail$/],
  ],
  'list.shape': [
    ['not an object', [{ status: 200, json: [USER] }], {}, /the query response is not a JSON object/],
    [
      'no URN',
      [{ status: 200, json: { totalResults: 0, Resources: [] } }],
      {},
      /does not contain the ListResponse URN/,
    ],
    [
      'missing Resources',
      [{ status: 200, json: { schemas: LIST([]).schemas, totalResults: 2 } }],
      {},
      /Resources is missing although totalResults > 0/,
    ],
    [
      'string total',
      [{ status: 200, json: { ...LIST([]), totalResults: '0' } }],
      {},
      /totalResults must be a non-negative integer/,
    ],
    [
      'Resources an object',
      [{ status: 200, json: { ...LIST([]), Resources: USER } }],
      {},
      /Resources must be an array/,
    ],
    [
      'more Resources than total',
      [{ status: 200, json: LIST([USER, USER], 1) }],
      {},
      /more Resources than totalResults/,
    ],
  ],
  'list.page': [
    [
      'totalResults of the page',
      [{ status: 200, json: LIST([USER]) }],
      { totalResults: 3, itemsPerPage: 1 },
      /totalResults counts the whole result set/,
    ],
    [
      'count ignored',
      [{ status: 200, json: LIST([USER, USER, USER]) }],
      { totalResults: 3, itemsPerPage: 2 },
      /^the page should hold between 1 and 2 resource\(s\)$/,
    ],
    [
      'startIndex not echoed',
      [{ status: 200, json: { ...LIST([USER], 3), startIndex: 1, itemsPerPage: 1 } }],
      { totalResults: 3, startIndex: 3, itemsPerPage: 1 },
      /startIndex should echo the requested index/,
    ],
    [
      'itemsPerPage miscounted',
      [{ status: 200, json: { ...LIST([USER], 3), startIndex: 3, itemsPerPage: 2 } }],
      { totalResults: 3, startIndex: 3, itemsPerPage: 1 },
      /itemsPerPage differs from the number of Resources/,
    ],
    [
      'paging fields as strings',
      [{ status: 200, json: { ...LIST([USER], 3), startIndex: '1', itemsPerPage: '1' } }],
      { startIndex: 1, itemsPerPage: 1 },
      /^startIndex must be a non-negative JSON integer$/,
    ],
    [
      'a partial page without startIndex',
      [{ status: 200, json: LIST([USER], 3) }],
      { startIndex: 1, itemsPerPage: 1 },
      /^a partial page must carry startIndex and itemsPerPage$/,
    ],
    [
      'an empty page while results remain',
      [{ status: 200, json: { ...LIST([], 3), startIndex: 2, itemsPerPage: 0 } }],
      { startIndex: 2, itemsPerPage: 1 },
      /^the page should hold between 1 and 1 resource\(s\)$/,
    ],
  ],
  'auth.oauth-token': [
    ['a refusal', [{ status: 400, json: { error: 'invalid_scope' } }], {}, /^the token endpoint answered 400$/],
    [
      'no access_token',
      [{ status: 200, json: { token_type: 'Bearer', expires_in: 3600 } }],
      {},
      /^the token response has no access_token$/,
    ],
    [
      'a MAC token',
      [{ status: 200, json: { access_token: 'a', token_type: 'mac', expires_in: 3600 } }],
      {},
      /^token_type is not Bearer$/,
    ],
  ],
  'auth.token-lifetime': [
    [
      'five minutes',
      [{ status: 200, json: { access_token: 'a', token_type: 'Bearer', expires_in: 300 } }],
      {},
      /^the token lives 5 minutes$/,
    ],
    [
      'no expires_in',
      [{ status: 200, json: { access_token: 'a', token_type: 'Bearer' } }],
      {},
      /does not say when the token expires/,
    ],
  ],
  'list.pages': [
    [
      'a resource on two pages',
      [{ status: 200, json: LIST([USER]) }],
      {
        pages: [
          ['a', 'b'],
          ['b', 'c'],
        ],
        owned: ['a', 'b', 'c'],
        complete: true,
      },
      /^resource b is on page 1 and again on page 2$/,
    ],
    [
      'a resource the run created on no page',
      [{ status: 200, json: LIST([USER]) }],
      { pages: [['a', 'x']], owned: ['a', 'b'], complete: true },
      /^1 of the 2 resource\(s\) this run created are on no page$/,
    ],
  ],
  'list.order': [
    [
      'ascending when descending was asked',
      [{ status: 200, json: LIST([{ userName: 'a' }, { userName: 'b' }]) }],
      { by: 'userName', order: 'descending' },
      /^not sorted descending by userName$/,
    ],
  ],
  'http.etag': [
    ['no ETag', [{ status: 200, json: USER }], {}, /^no ETag header$/],
    [
      'meta.version differs',
      [{ status: 200, json: { ...USER, meta: { ...USER.meta, version: 'W/"2"' } }, headers: { etag: 'W/"1"' } }],
      {},
      /meta\.version differs from the ETag header/,
    ],
  ],
  'list.total-results': [
    ['wrong total', [{ status: 200, json: LIST([USER], 2) }], { equals: 1 }, /^totalResults should be 1$/],
    [
      'page too small',
      [{ status: 200, json: LIST([], 1) }],
      { equals: 1 },
      /^Resources should hold between 1 and 1 resource\(s\)$/,
    ],
  ],
  'resource.id': [
    ['no id', [{ status: 200, json: { ...USER, id: undefined } }], {}, /^the resource has no id$/],
    ['empty id in a list', [{ status: 200, json: LIST([{ ...USER, id: '' }]) }], {}, /^the resource has no id$/],
  ],
  'resource.meta-location': [
    [
      'another resource',
      [{ status: 200, json: { ...USER, meta: { ...USER.meta, location: `${BASE}/Users/u2` } } }],
      {},
      /does not end with the resource id/,
    ],
    [
      'relative, elsewhere',
      [{ status: 200, json: { ...USER, meta: { ...USER.meta, location: '/scim/v2/Users/u2' } } }],
      {},
      /does not end with the resource id/,
    ],
    [
      'not a string',
      [{ status: 200, json: { ...USER, meta: { ...USER.meta, location: 42 } } }],
      {},
      /^meta\.location is not a URI$/,
    ],
    [
      'another Content-Location',
      [{ status: 200, json: USER, headers: { 'content-location': 'https://elsewhere.example/scim/v2/Users/u1' } }],
      {},
      /meta\.location differs from Content-Location/,
    ],
  ],
  'resource.meta-complete': [
    [
      'no meta',
      [{ status: 200, json: { ...USER, meta: undefined } }],
      {},
      /^meta lacks resourceType, created, lastModified, location$/,
    ],
    [
      'no timestamps',
      [{ status: 200, json: { ...USER, meta: { resourceType: 'User', location: USER.meta.location } } }],
      {},
      /^meta lacks created, lastModified$/,
    ],
  ],
  'resource.no-password': [
    ['password echoed', [{ status: 200, json: { ...USER, password: 'x' } }], {}, /contains a password attribute/],
  ],
  'schema.valid': [
    [
      'active as a string',
      [{ status: 200, json: { ...USER, active: 'true' } }],
      { schema: 'User' },
      /^not a valid User \(RFC 7643 §4\.1\): .*active/,
    ],
    [
      'an entry without userName',
      [{ status: 200, json: LIST([USER, { ...USER, userName: undefined }]) }],
      { schema: 'User', each: true },
      /^not a valid User .*\/Resources\/1.*userName/,
    ],
  ],
  'schema.target': [
    [
      'a wrong type',
      [{ status: 200, json: { ...USER, active: 'True' } }],
      {},
      /contradicts the target's own schema: .*active/,
    ],
    [
      'a returned: never attribute',
      [{ status: 200, json: LIST([{ ...USER, password: 'p' }]) }],
      {},
      /contradicts the target's own schema: .*password/,
    ],
    [
      'a required attribute missing',
      [{ status: 200, json: { ...USER, userName: undefined } }],
      {},
      /contradicts the target's own schema: .*userName/,
    ],
    [
      'a complex sub-attribute of the wrong type',
      [{ status: 201, json: { ...USER, emails: [{ value: 1 }] } }],
      {},
      /contradicts the target's own schema: .*value/,
    ],
  ],
  'json.matches': [
    [
      'different value',
      [{ status: 200, json: USER }],
      { contains: { userName: 'other' } },
      /^the body differs at \/userName$/,
    ],
    [
      'a caseExact value in another case',
      [{ status: 200, json: { ...USER, externalId: 'ab' } }],
      { contains: { externalId: 'AB' } },
      /^the body differs at \/externalId$/,
    ],
    [
      'an excluded member still there',
      [{ status: 200, json: { members: [{ value: 'a' }, { value: 'b' }] } }],
      { excludes: { members: [{ value: 'b' }] } },
      /still contains what it should not/,
    ],
    [
      'a duplicated member',
      [{ status: 200, json: { members: [{ value: 'a' }, { value: 'a' }] } }],
      { count: { '/members': 1 } },
      /^\/members should hold 1 element\(s\)$/,
    ],
    [
      'present though excluded',
      [{ status: 200, json: { ...USER, members: [] } }],
      { absent: ['/members'] },
      /^\/members should be absent$/,
    ],
  ],
  ...forEach<FailingCase>(STATE_CHECKS, [
    [
      'a write refused',
      [{ status: 500, json: ERROR(500, { detail: 'cannot encode' }) }, { method: 'POST' }],
      { expected: { userName: 'é' } },
      /^the target refused the request: HTTP 500 \(cannot encode\)$/,
    ],
    [
      'a value changed',
      [{ status: 200, json: USER }],
      { expected: { userName: 'bjensen@example.org' } },
      /^the stored value differs at \/userName$/,
    ],
    // externalId is caseExact (RFC 7643 §3.1): its case counts.
    [
      'a caseExact value in another case',
      [{ status: 200, json: { ...USER, externalId: 'ab' } }],
      { expected: { externalId: 'AB' } },
      /^the stored value differs at \/externalId$/,
    ],
    [
      'a member twice',
      [{ status: 200, json: { members: [{ value: 'a' }, { value: 'a' }] } }],
      { expected: { members: [{ value: 'a' }] } },
      /^\/members holds 2 value\(s\) instead of 1$/,
    ],
    [
      'a removed attribute kept',
      [{ status: 200, json: { ...USER, title: 'x' } }],
      { expected: {}, absent: ['/title'] },
      /^\/title should be unassigned$/,
    ],
    [
      'a read without a resource',
      [{ status: 200, body: '' }],
      { expected: { userName: 'x' } },
      /holds no resource to compare/,
    ],
  ]),
  ...forEach<FailingCase>(FILTER_CHECKS, [
    ['nothing found', [{ status: 200, json: LIST([]) }], { id: 'u1' }, /found 0 resource\(s\) instead of exactly/],
    [
      'another user',
      [{ status: 200, json: LIST([{ ...USER, id: 'u2' }]) }],
      { id: 'u1' },
      /found 1 resource\(s\) instead of exactly/,
    ],
    [
      'a second match',
      [{ status: 200, json: LIST([USER, { ...USER, id: 'u2' }]) }],
      { id: 'u1' },
      /found 2 resource\(s\) instead of exactly/,
    ],
    [
      '400',
      [{ status: 400, json: ERROR(400, { scimType: 'invalidFilter' }) }],
      { id: 'u1' },
      /^the query answered HTTP 400$/,
    ],
    ['200 without a ListResponse', [{ status: 200, body: 'ok' }], { id: 'u1' }, /answered no ListResponse/],
  ]),
  'property.username-unique': [
    ['accepted', [{ status: 201, json: USER }], {}, /^the duplicate userName got HTTP 201$/],
  ],
  'load.responses': [
    [
      '3 of 40 failed',
      [{ status: 500 }],
      tally(3),
      /^create requests: 3 of 40 were not answered as expected; first: POST \/scim\/v2\/Users: HTTP 500/,
    ],
  ],
  'load.final-state': [
    ['3 of 40 wrong', [{ status: 500 }], tally(3), /^create requests: 3 of 40 differ from what the cycle sent/],
  ],
  'load.throughput': [
    [
      '12.5 requests/s',
      [{ status: 500 }],
      { rps: 12.5, minimum: 25, concurrency: 4 },
      /^the target answered 12\.5 requests\/s with 4 in flight; Entra asks at least 25/,
    ],
  ],
  'mapping.declared': [
    [
      'an undeclared extension attribute',
      [{ status: 200, json: SCHEMAS_LIST() }],
      { attributes: [mapped('userName'), mapped(`${COST_CENTER}x`)] },
      /^Entra would send what the target's \/Schemas does not accept .*costCenterx: not declared/,
    ],
    [
      'a type mismatch',
      [{ status: 200, json: SCHEMAS_LIST() }],
      { attributes: [mapped('active', 'string')] },
      /active: declared boolean, mapped as string/,
    ],
    [
      'a read-only attribute',
      [{ status: 200, json: SCHEMAS_LIST() }],
      { attributes: [mapped('nickName')] },
      /nickName: declared readOnly, but the client writes it/,
    ],
  ],
  'mapping.stored': [
    [
      'a custom extension attribute dropped',
      [{ status: 200, json: USER }],
      { expected: { userName: USER.userName, [COST_CENTER.slice(0, -11)]: { costCenter: 'CC-1' } } },
      /^the resource differs from what Entra sent at \//,
    ],
  ],
};
