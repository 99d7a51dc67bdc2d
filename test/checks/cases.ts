/** For every registered check: responses it passes and responses it fails (shared with the detection matrix). */
import { compileTargetSchemas } from '../../src/schemas/target.js';
import { schemaValidator } from '../../src/schemas/validator.js';
import { exchangeWith } from '../helpers.js';

const validate = (name: string, value: unknown) => schemaValidator().validate(`scim/${name}`, value);
const BASE = 'http://127.0.0.1:1/scim/v2';
/** A target's /Schemas entry for User, trimmed to what the cases need (RFC 7643 §8.7.1 shape). */
const validateTarget = compileTargetSchemas([
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
]);
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

/** Checks built by one factory share their cases. */
const STATE_CHECKS = ['property.read-back', 'property.patch-model', 'property.member-readd', 'property.model-state'];
const FILTER_CHECKS = ['property.filter-username', 'property.filter-username-case', 'property.filter-external-id'];
const forEach = (ids: string[], cases: Case[]) => Object.fromEntries(ids.map((id) => [id, cases]));

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
  ],
  'auth.unauthorized': [['401', [{ status: 401, json: ERROR(401) }, { auth: 'none' }], {}]],
  'auth.www-authenticate': [
    ['401 with header', [{ status: 401, json: ERROR(401), headers: { 'www-authenticate': 'Bearer' } }], {}],
  ],
  'error.shape': [['a SCIM Error', [{ status: 409, json: ERROR(409, { scimType: 'uniqueness' }) }], {}]],
  'error.scim-type': [
    ['uniqueness', [{ status: 409, json: ERROR(409, { scimType: 'uniqueness' }) }], { expected: 'uniqueness' }],
  ],
  'list.shape': [
    ['zero hits without Resources', [{ status: 200, json: { schemas: LIST([]).schemas, totalResults: 0 } }], {}],
    ['one hit', [{ status: 200, json: LIST([USER]) }], {}],
  ],
  'list.total-results': [['exactly one', [{ status: 200, json: LIST([USER]) }], { equals: 1 }]],
  'list.page': [
    [
      'the second page',
      [{ status: 200, json: { ...LIST([USER], 3), startIndex: 3, itemsPerPage: 1 } }],
      { totalResults: 3, startIndex: 3, itemsPerPage: 1 },
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
  ],
  ...forEach(STATE_CHECKS, [
    [
      'the values as sent, members as a set in any order',
      [{ status: 200, json: { ...USER, displayName: 'Zoë 😀', members: [{ value: 'b' }, { value: 'a' }] } }],
      { expected: { userName: USER.userName, displayName: 'Zoë 😀', members: [{ value: 'a' }, { value: 'b' }] } },
    ],
    ['a PATCH answered 204', [{ status: 204 }, { method: 'PATCH' }], { expected: { userName: 'x' } }],
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

export const FAILING: Record<string, Case[]> = {
  'http.transport': [
    ['connection refused', [undefined, {}, { code: 'E_TARGET_UNREACHABLE', message: 'connection refused' }], {}],
  ],
  'http.status': [['another status', [{ status: 200, json: USER }], { expected: 201 }]],
  'http.json-body': [
    ['HTML', [{ status: 200, body: '<html>oops</html>' }], {}],
    ['a JSON array', [{ status: 200, json: [USER] }], {}],
  ],
  'http.media-type': [
    ['application/json', [{ status: 200, json: USER, headers: { 'content-type': 'application/json' } }], {}],
  ],
  'http.location-header': [
    ['missing', [{ status: 201, json: USER }], {}],
    ['elsewhere', [{ status: 201, json: USER, headers: { location: `${BASE}/Users/other` } }], {}],
  ],
  'auth.unauthorized': [
    ['served anyway', [{ status: 200, json: LIST([]) }, { auth: 'invalid' }], {}],
    ['403', [{ status: 403, json: ERROR(403) }], {}],
  ],
  'auth.www-authenticate': [['401 without header', [{ status: 401, json: ERROR(401) }], {}]],
  'error.shape': [
    ['numeric status', [{ status: 404, json: { ...ERROR(404), status: 404 } }], {}],
    ['no Error URN', [{ status: 404, json: { detail: 'nope', status: '404' } }], {}],
    ['status mismatch', [{ status: 404, json: ERROR(400) }], {}],
    ['unknown scimType', [{ status: 400, json: ERROR(400, { scimType: 'badThing' }) }], {}],
    ['plain text', [{ status: 500, body: 'Internal Server Error', headers: { 'content-type': 'text/plain' } }], {}],
  ],
  'error.scim-type': [['missing', [{ status: 409, json: ERROR(409) }], { expected: 'uniqueness' }]],
  'list.shape': [
    ['no URN', [{ status: 200, json: { totalResults: 0, Resources: [] } }], {}],
    ['missing Resources', [{ status: 200, json: { schemas: LIST([]).schemas, totalResults: 2 } }], {}],
    ['string total', [{ status: 200, json: { ...LIST([]), totalResults: '0' } }], {}],
    ['more Resources than total', [{ status: 200, json: LIST([USER, USER], 1) }], {}],
  ],
  'list.page': [
    ['totalResults of the page', [{ status: 200, json: LIST([USER]) }], { totalResults: 3, itemsPerPage: 1 }],
    ['count ignored', [{ status: 200, json: LIST([USER, USER, USER]) }], { totalResults: 3, itemsPerPage: 2 }],
    [
      'startIndex not echoed',
      [{ status: 200, json: { ...LIST([USER], 3), startIndex: 1 } }],
      { totalResults: 3, startIndex: 3, itemsPerPage: 1 },
    ],
  ],
  'list.order': [
    [
      'ascending when descending was asked',
      [{ status: 200, json: LIST([{ userName: 'a' }, { userName: 'b' }]) }],
      { by: 'userName', order: 'descending' },
    ],
  ],
  'http.etag': [
    ['no ETag', [{ status: 200, json: USER }], {}],
    [
      'meta.version differs',
      [{ status: 200, json: { ...USER, meta: { ...USER.meta, version: 'W/"2"' } }, headers: { etag: 'W/"1"' } }],
      {},
    ],
  ],
  'list.total-results': [
    ['wrong total', [{ status: 200, json: LIST([USER], 2) }], { equals: 1 }],
    ['page too small', [{ status: 200, json: LIST([], 1) }], { equals: 1 }],
  ],
  'resource.id': [
    ['no id', [{ status: 200, json: { ...USER, id: undefined } }], {}],
    ['empty id in a list', [{ status: 200, json: LIST([{ ...USER, id: '' }]) }], {}],
  ],
  'resource.meta-location': [
    [
      'another resource',
      [{ status: 200, json: { ...USER, meta: { ...USER.meta, location: `${BASE}/Users/u2` } } }],
      {},
    ],
    [
      'relative, elsewhere',
      [{ status: 200, json: { ...USER, meta: { ...USER.meta, location: '/scim/v2/Users/u2' } } }],
      {},
    ],
  ],
  'resource.meta-complete': [['no meta', [{ status: 200, json: { ...USER, meta: undefined } }], {}]],
  'resource.no-password': [['password echoed', [{ status: 200, json: { ...USER, password: 'x' } }], {}]],
  'schema.valid': [
    ['active as a string', [{ status: 200, json: { ...USER, active: 'true' } }], { schema: 'User' }],
    [
      'an entry without userName',
      [{ status: 200, json: LIST([USER, { ...USER, userName: undefined }]) }],
      { schema: 'User', each: true },
    ],
  ],
  'schema.target': [
    ['a wrong type', [{ status: 200, json: { ...USER, active: 'True' } }], {}],
    ['a returned: never attribute', [{ status: 200, json: LIST([{ ...USER, password: 'p' }]) }], {}],
    ['a required attribute missing', [{ status: 200, json: { ...USER, userName: undefined } }], {}],
    ['a complex sub-attribute of the wrong type', [{ status: 201, json: { ...USER, emails: [{ value: 1 }] } }], {}],
  ],
  'json.matches': [
    ['different value', [{ status: 200, json: USER }], { contains: { userName: 'other' } }],
    [
      'an excluded member still there',
      [{ status: 200, json: { members: [{ value: 'a' }, { value: 'b' }] } }],
      { excludes: { members: [{ value: 'b' }] } },
    ],
    [
      'a duplicated member',
      [{ status: 200, json: { members: [{ value: 'a' }, { value: 'a' }] } }],
      { count: { '/members': 1 } },
    ],
    ['present though excluded', [{ status: 200, json: { ...USER, members: [] } }], { absent: ['/members'] }],
  ],
  ...forEach(STATE_CHECKS, [
    [
      'a write refused',
      [{ status: 500, json: ERROR(500, { detail: 'cannot encode' }) }, { method: 'POST' }],
      { expected: { userName: 'é' } },
    ],
    ['a value changed', [{ status: 200, json: USER }], { expected: { userName: 'Bjensen@example.com' } }],
    [
      'a member twice',
      [{ status: 200, json: { members: [{ value: 'a' }, { value: 'a' }] } }],
      { expected: { members: [{ value: 'a' }] } },
    ],
    [
      'a removed attribute kept',
      [{ status: 200, json: { ...USER, title: 'x' } }],
      { expected: {}, absent: ['/title'] },
    ],
    ['a read without a resource', [{ status: 200, body: '' }], { expected: { userName: 'x' } }],
  ]),
  ...forEach(FILTER_CHECKS, [
    ['nothing found', [{ status: 200, json: LIST([]) }], { id: 'u1' }],
    ['another user', [{ status: 200, json: LIST([{ ...USER, id: 'u2' }]) }], { id: 'u1' }],
    ['a second match', [{ status: 200, json: LIST([USER, { ...USER, id: 'u2' }]) }], { id: 'u1' }],
    ['400', [{ status: 400, json: ERROR(400, { scimType: 'invalidFilter' }) }], { id: 'u1' }],
  ]),
  'property.username-unique': [['accepted', [{ status: 201, json: USER }], {}]],
  'load.responses': [['3 of 40 failed', [{ status: 500 }], tally(3)]],
  'load.final-state': [['3 of 40 wrong', [{ status: 500 }], tally(3)]],
  'load.throughput': [['12.5 requests/s', [{ status: 500 }], { rps: 12.5, minimum: 25, concurrency: 4 }]],
  'mapping.declared': [
    [
      'an undeclared extension attribute',
      [{ status: 200, json: SCHEMAS_LIST() }],
      { attributes: [mapped('userName'), mapped(`${COST_CENTER}x`)] },
    ],
    ['a type mismatch', [{ status: 200, json: SCHEMAS_LIST() }], { attributes: [mapped('active', 'string')] }],
    ['a read-only attribute', [{ status: 200, json: SCHEMAS_LIST() }], { attributes: [mapped('nickName')] }],
  ],
  'mapping.stored': [
    [
      'a custom extension attribute dropped',
      [{ status: 200, json: USER }],
      { expected: { userName: USER.userName, [COST_CENTER.slice(0, -11)]: { costCenter: 'CC-1' } } },
    ],
  ],
};
