/**
 * Tests for the SCIM 2.0 JSON Schemas in schemas/scim (RFC 7643 / RFC 7644).
 *
 * The schemas are loaded the way the harness loads them: every `*.schema.json` in the folder is
 * added to one Ajv2020 instance (strict mode, ajv-formats) and looked up by `$id`.
 * Positive cases are the RFC examples and Entra ID's documented payloads; each negative case is a
 * valid payload with exactly one defect, and must fail at the expected place for the expected reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';

import { entra, rfc, type Json, type JsonObject } from './fixtures.js';

const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../schemas/scim');
const ID_BASE = 'https://scim-conformance.dev/schemas/scim/';

type SchemaName =
  | 'User'
  | 'EnterpriseUser'
  | 'Group'
  | 'ListResponse'
  | 'Error'
  | 'PatchOp'
  | 'ServiceProviderConfig'
  | 'ResourceType'
  | 'Schema';

interface SchemaFile {
  file: string;
  json: Record<string, unknown>;
}

// ajv-formats is CommonJS: under NodeNext its default import is typed as the module namespace, while
// loaders hand over either the plugin itself or that namespace.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

const schemaFiles: SchemaFile[] = readdirSync(SCHEMA_DIR)
  .filter((file) => file.endsWith('.schema.json'))
  .sort()
  .map((file) => ({ file, json: JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) }));

let ajv: Ajv2020;

beforeAll(() => {
  ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  for (const { json } of schemaFiles) ajv.addSchema(json);
});

describe('schemas/scim files', () => {
  it('should contain exactly the expected schema documents', () => {
    // Arrange
    const expected = [
      'EnterpriseUser',
      'Error',
      'Group',
      'ListResponse',
      'PatchOp',
      'ResourceType',
      'Schema',
      'ServiceProviderConfig',
      'User',
      'common',
    ].map((name) => `${name}.schema.json`);

    // Act
    const actual = schemaFiles.map(({ file }) => file);

    // Assert
    expect(actual).toEqual(expected.sort());
  });

  it.each(schemaFiles.map(({ file, json }) => ({ file, json })))(
    'should give $file draft 2020-12, a stable $id and a title',
    ({ file, json }) => {
      expect(json.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(json.$id).toBe(`${ID_BASE}${file}`);
      expect(typeof json.title).toBe('string');
      expect(String(json.$comment)).toMatch(/RFC 764[34] §/);
    },
  );

  it.each(schemaFiles.map(({ file, json }) => ({ file, json })))(
    'should cite an RFC section on every subschema of $file',
    ({ json }) => {
      // Act
      const uncited = findUncitedSubschemas(json);

      // Assert
      expect(uncited).toEqual([]);
    },
  );

  it.each(schemaFiles.map(({ file }) => ({ file })))('should compile $file in strict mode', ({ file }) => {
    // Act
    const validate = ajv.getSchema(`${ID_BASE}${file}`);

    // Assert
    expect(validate).toBeTypeOf('function');
  });

  it('should not describe password, which a separate check forbids in responses', () => {
    const user = schemaFiles.find(({ file }) => file === 'User.schema.json')?.json as {
      properties: Record<string, unknown>;
    };
    expect(user.properties).not.toHaveProperty('password');
  });
});

// ---------------------------------------------------------------------------------------------
// Positive cases
// ---------------------------------------------------------------------------------------------

interface PositiveCase {
  name: string;
  schema: SchemaName;
  payload: Json;
}

const positiveCases: PositiveCase[] = [
  // RFC 7643 §8
  { name: 'RFC 7643 §8.1 minimal user', schema: 'User', payload: rfc.minimalUser },
  { name: 'RFC 7643 §8.2 full user (with password)', schema: 'User', payload: rfc.fullUser },
  { name: 'RFC 7643 §8.3 enterprise user', schema: 'User', payload: rfc.enterpriseUser },
  {
    name: 'RFC 7643 §8.3 enterprise extension object alone',
    schema: 'EnterpriseUser',
    payload: rfc.enterpriseUser['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  },
  { name: 'RFC 7643 §8.4 group', schema: 'Group', payload: rfc.group },
  { name: 'RFC 7643 §8.5 service provider configuration', schema: 'ServiceProviderConfig', payload: rfc.serviceProviderConfig },
  { name: 'RFC 7643 §8.6 User resource type', schema: 'ResourceType', payload: rfc.userResourceType },
  { name: 'RFC 7643 §8.6 Group resource type', schema: 'ResourceType', payload: rfc.groupResourceType },
  { name: 'RFC 7643 §8.7.1 Group schema (no schemas attribute)', schema: 'Schema', payload: rfc.groupSchema },
  { name: 'RFC 7643 §8.7.1 User schema excerpt (binary type)', schema: 'Schema', payload: rfc.userSchemaExcerpt },
  // RFC 7644
  { name: 'RFC 7644 §3.4.2 list with attributes=userName', schema: 'ListResponse', payload: rfc.listAttributesUserName },
  { name: 'RFC 7644 §3.4.3 search response with paging', schema: 'ListResponse', payload: rfc.listSearch },
  { name: 'RFC 7644 §4 list of resource types', schema: 'ListResponse', payload: rfc.listResourceTypes },
  { name: 'RFC 7644 §3.12 404 error', schema: 'Error', payload: rfc.errorNotFound },
  { name: 'RFC 7644 §3.12 400 mutability error', schema: 'Error', payload: rfc.errorMutability },
  { name: 'RFC 7644 §3.14 412 error', schema: 'Error', payload: rfc.errorPrecondition },
  { name: 'RFC 7644 §3.5.2 add member', schema: 'PatchOp', payload: rfc.patchAddMember },
  { name: 'RFC 7644 §3.5.2.1 add without path', schema: 'PatchOp', payload: rfc.patchAddNoPath },
  { name: 'RFC 7644 §3.5.2.2 remove one member', schema: 'PatchOp', payload: rfc.patchRemoveMember },
  { name: 'RFC 7644 §3.5.2.2 remove all then add', schema: 'PatchOp', payload: rfc.patchRemoveAllThenAdd },
  { name: 'RFC 7644 §3.5.2.3 replace with and without path', schema: 'PatchOp', payload: rfc.patchReplace },
  // Entra ID
  { name: 'Entra U1 created user', schema: 'User', payload: entra.createdUser },
  { name: 'Entra U2 404 error', schema: 'Error', payload: entra.notFound },
  { name: 'Entra U3 user query', schema: 'ListResponse', payload: entra.userQuery },
  { name: 'Entra U3 user query item as a User', schema: 'User', payload: firstResource(entra.userQuery) },
  { name: 'Entra TC-1/U4 zero results', schema: 'ListResponse', payload: entra.zeroResults },
  { name: 'Entra zero results without Resources', schema: 'ListResponse', payload: omit(entra.zeroResults, 'Resources') },
  { name: 'Entra U5 PATCH Replace on filtered path', schema: 'PatchOp', payload: entra.patchMultiValued },
  { name: 'Entra U5 patched user', schema: 'User', payload: entra.patchedUser },
  { name: 'Entra U6 PATCH rename', schema: 'PatchOp', payload: entra.patchRename },
  { name: 'Entra U7 PATCH disable (Replace, false)', schema: 'PatchOp', payload: entra.patchDisable },
  { name: 'Entra U7 disabled user (relative location, resourceType Users)', schema: 'User', payload: entra.disabledUser },
  { name: 'Entra U9 legacy manager Add with array value', schema: 'PatchOp', payload: entra.patchManagerLegacy },
  { name: 'Entra U9 Validator manager add/replace-empty/remove', schema: 'PatchOp', payload: entra.patchManagerValidator },
  { name: 'Entra U10 roles Add with JSON-string value', schema: 'PatchOp', payload: entra.patchRoles },
  { name: 'Entra GR1 created group (empty members)', schema: 'Group', payload: entra.createdGroup },
  { name: 'Entra GR2 group without members', schema: 'Group', payload: entra.groupNoMembers },
  { name: 'Entra GR3 group query', schema: 'ListResponse', payload: entra.groupQuery },
  { name: 'Entra GR3 group query item as a Group', schema: 'Group', payload: firstResource(entra.groupQuery) },
  { name: 'Entra GR4 PATCH Replace displayName', schema: 'PatchOp', payload: entra.patchGroupRename },
  { name: 'Entra GR5 PATCH Add member with "$ref": null', schema: 'PatchOp', payload: entra.patchAddMember },
  { name: 'Entra GR6 PATCH Remove members with value list', schema: 'PatchOp', payload: entra.patchRemoveMemberByValue },
  { name: 'Entra §8 default disable ("False" string)', schema: 'PatchOp', payload: entra.defaultDisable },
  { name: 'Entra §8 default one op per attribute', schema: 'PatchOp', payload: entra.defaultReplaceMany },
  { name: 'Entra §8 default Remove member by value', schema: 'PatchOp', payload: entra.defaultRemoveMember },
  { name: 'Entra §8 flag disable (replace, false)', schema: 'PatchOp', payload: entra.flagDisable },
  { name: 'Entra §8 flag path-less replace with dotted/URN keys', schema: 'PatchOp', payload: entra.flagReplaceMany },
  { name: 'Entra §8 flag remove member by filter', schema: 'PatchOp', payload: entra.flagRemoveMember },
  { name: 'Entra §2.3 /Schemas list', schema: 'ListResponse', payload: entra.schemasList },
  // Tolerance the RFC grants
  {
    name: 'optional attributes set to null (RFC 7643 §2.5)',
    schema: 'User',
    payload: {
      ...rfc.minimalUser,
      externalId: null,
      displayName: null,
      active: null,
      emails: null,
      name: null,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: null, department: null },
    },
  },
  {
    name: 'vendor attributes and other extension objects',
    schema: 'User',
    payload: {
      ...rfc.minimalUser,
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:example:params:scim:schemas:extension:acme:2.0:User'],
      'urn:example:params:scim:schemas:extension:acme:2.0:User': { badge: 42 },
      acmeLegacyFlag: 'yes',
    },
  },
  {
    name: 'meta dates without a time zone (xsd:dateTime, RFC 7643 §2.3.5)',
    schema: 'User',
    payload: { ...rfc.minimalUser, meta: { created: '2010-01-23T04:56:22', lastModified: '2011-05-13T04:42:34.123+02:00' } },
  },
  { name: 'Error with a null scimType', schema: 'Error', payload: { ...rfc.errorNotFound, scimType: null } },
  {
    name: 'ResourceType entry without id in a list (RFC 7643 §6)',
    schema: 'ListResponse',
    payload: { ...rfc.listResourceTypes, Resources: [omit(rfc.userResourceType, 'id')] },
  },
  {
    name: 'count=0 page: totalResults > 0 with an empty Resources array',
    schema: 'ListResponse',
    payload: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 2, Resources: [] },
  },
];

describe('valid payloads', () => {
  it.each(positiveCases)('should accept $name', ({ schema, payload }) => {
    // Act
    const errors = validate(schema, payload);

    // Assert
    expect(errors).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Negative cases
// ---------------------------------------------------------------------------------------------

interface ExpectedError {
  /** JSON Pointer of the failing value ('' for the root). */
  instancePath: string;
  /** Ajv keyword that must report the failure. */
  keyword: string;
  /** For `required`: the property reported missing. */
  missingProperty?: string;
}

interface NegativeCase {
  name: string;
  schema: SchemaName;
  /** A valid payload (it is itself a positive case) … */
  base: JsonObject;
  /** … and the single defect applied to a copy of it. */
  mutate: (payload: JsonObject) => void;
  expected: ExpectedError;
}

const ENTERPRISE_KEY = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const negativeCases: NegativeCase[] = [
  // Common attributes — RFC 7643 §3, §3.1
  {
    name: 'User without id',
    schema: 'User',
    base: rfc.minimalUser,
    mutate: (u) => delete u.id,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'id' },
  },
  { name: 'User with an empty id', schema: 'User', base: rfc.minimalUser, mutate: (u) => (u.id = ''), expected: { instancePath: '/id', keyword: 'minLength' } },
  { name: 'User with a null id', schema: 'User', base: rfc.minimalUser, mutate: (u) => (u.id = null), expected: { instancePath: '/id', keyword: 'type' } },
  { name: 'User with the reserved id "bulkId"', schema: 'User', base: rfc.minimalUser, mutate: (u) => (u.id = 'bulkId'), expected: { instancePath: '/id', keyword: 'not' } },
  {
    name: 'User without schemas',
    schema: 'User',
    base: rfc.minimalUser,
    mutate: (u) => delete u.schemas,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'schemas' },
  },
  { name: 'User with an empty schemas array', schema: 'User', base: rfc.minimalUser, mutate: (u) => (u.schemas = []), expected: { instancePath: '/schemas', keyword: 'minItems' } },
  { name: 'User with a non-URI schema entry', schema: 'User', base: rfc.minimalUser, mutate: (u) => (u.schemas = ['User']), expected: { instancePath: '/schemas/0', keyword: 'format' } },
  { name: 'Group with a null id', schema: 'Group', base: rfc.group, mutate: (g) => (g.id = null), expected: { instancePath: '/id', keyword: 'type' } },
  // User — RFC 7643 §4.1
  {
    name: 'User without userName',
    schema: 'User',
    base: rfc.fullUser,
    mutate: (u) => delete u.userName,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'userName' },
  },
  { name: 'User with an empty userName', schema: 'User', base: rfc.fullUser, mutate: (u) => (u.userName = ''), expected: { instancePath: '/userName', keyword: 'minLength' } },
  { name: 'User with a null userName', schema: 'User', base: rfc.fullUser, mutate: (u) => (u.userName = null), expected: { instancePath: '/userName', keyword: 'type' } },
  { name: 'User with active: "true" (string)', schema: 'User', base: entra.createdUser, mutate: (u) => (u.active = 'true'), expected: { instancePath: '/active', keyword: 'type' } },
  { name: 'User with active: "False" (Entra request style)', schema: 'User', base: entra.createdUser, mutate: (u) => (u.active = 'False'), expected: { instancePath: '/active', keyword: 'type' } },
  { name: 'User with a numeric name.givenName', schema: 'User', base: rfc.fullUser, mutate: (u) => ((u.name as JsonObject).givenName = 42), expected: { instancePath: '/name/givenName', keyword: 'type' } },
  { name: 'User with name as a string', schema: 'User', base: rfc.fullUser, mutate: (u) => (u.name = 'Barbara Jensen'), expected: { instancePath: '/name', keyword: 'type' } },
  {
    name: 'User with emails as a single object',
    schema: 'User',
    base: rfc.fullUser,
    mutate: (u) => (u.emails = { value: 'bjensen@example.com', type: 'work' }),
    expected: { instancePath: '/emails', keyword: 'type' },
  },
  {
    name: 'User with a string email entry',
    schema: 'User',
    base: rfc.fullUser,
    mutate: (u) => (u.emails = ['bjensen@example.com']),
    expected: { instancePath: '/emails/0', keyword: 'type' },
  },
  {
    name: 'User with primary: "true" (string) on an email',
    schema: 'User',
    base: rfc.fullUser,
    mutate: (u) => ((u.emails as JsonObject[])[0].primary = 'true'),
    expected: { instancePath: '/emails/0/primary', keyword: 'type' },
  },
  {
    name: 'User with two primary emails',
    schema: 'User',
    base: rfc.fullUser,
    mutate: (u) => ((u.emails as JsonObject[])[1].primary = true),
    expected: { instancePath: '/emails', keyword: 'not' },
  },
  {
    name: 'User with a numeric addresses.postalCode',
    schema: 'User',
    base: rfc.fullUser,
    mutate: (u) => ((u.addresses as JsonObject[])[0].postalCode = 91608),
    expected: { instancePath: '/addresses/0/postalCode', keyword: 'type' },
  },
  {
    name: 'User with a groups.$ref that is not a URI reference',
    schema: 'User',
    base: rfc.fullUser,
    mutate: (u) => ((u.groups as JsonObject[])[0].$ref = 'https://example.com/v2/Groups/tour guides'),
    expected: { instancePath: '/groups/0/$ref', keyword: 'format' },
  },
  {
    name: 'User with a numeric x509Certificates value',
    schema: 'User',
    base: rfc.fullUser,
    mutate: (u) => ((u.x509Certificates as JsonObject[])[0].value = 1234),
    expected: { instancePath: '/x509Certificates/0/value', keyword: 'type' },
  },
  // meta — RFC 7643 §3.1, §2.3.5
  {
    name: 'meta.created not a date-time',
    schema: 'User',
    base: rfc.minimalUser,
    mutate: (u) => ((u.meta as JsonObject).created = 'yesterday'),
    expected: { instancePath: '/meta/created', keyword: 'pattern' },
  },
  {
    name: 'meta.lastModified with a date only',
    schema: 'User',
    base: rfc.minimalUser,
    mutate: (u) => ((u.meta as JsonObject).lastModified = '2011-05-13'),
    expected: { instancePath: '/meta/lastModified', keyword: 'pattern' },
  },
  {
    name: 'meta.created as epoch milliseconds',
    schema: 'Group',
    base: rfc.group,
    mutate: (g) => ((g.meta as JsonObject).created = 1264222582000),
    expected: { instancePath: '/meta/created', keyword: 'type' },
  },
  {
    name: 'meta.location that is not a URI reference',
    schema: 'User',
    base: rfc.minimalUser,
    mutate: (u) => ((u.meta as JsonObject).location = 'https://example.com/v2/Users/a b'),
    expected: { instancePath: '/meta/location', keyword: 'format' },
  },
  { name: 'meta.version as a number', schema: 'User', base: rfc.minimalUser, mutate: (u) => ((u.meta as JsonObject).version = 3), expected: { instancePath: '/meta/version', keyword: 'type' } },
  { name: 'meta as an array', schema: 'User', base: rfc.minimalUser, mutate: (u) => (u.meta = []), expected: { instancePath: '/meta', keyword: 'type' } },
  // Enterprise extension — RFC 7643 §4.3
  {
    name: 'enterprise department as a number',
    schema: 'User',
    base: rfc.enterpriseUser,
    mutate: (u) => ((u[ENTERPRISE_KEY] as JsonObject).department = 4130),
    expected: { instancePath: `/${ENTERPRISE_KEY}/department`, keyword: 'type' },
  },
  {
    name: 'enterprise manager as an array (legacy PATCH shape echoed back)',
    schema: 'User',
    base: rfc.enterpriseUser,
    mutate: (u) => ((u[ENTERPRISE_KEY] as JsonObject).manager = [{ value: '26118915-6090-4610-87e4-49d8ca9f808d' }]),
    expected: { instancePath: `/${ENTERPRISE_KEY}/manager`, keyword: 'type' },
  },
  {
    name: 'enterprise extension as a string',
    schema: 'User',
    base: rfc.enterpriseUser,
    mutate: (u) => (u[ENTERPRISE_KEY] = 'Tour Operations'),
    expected: { instancePath: `/${ENTERPRISE_KEY}`, keyword: 'type' },
  },
  // Group — RFC 7643 §4.2
  {
    name: 'Group without displayName',
    schema: 'Group',
    base: rfc.group,
    mutate: (g) => delete g.displayName,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'displayName' },
  },
  { name: 'Group with a null displayName', schema: 'Group', base: rfc.group, mutate: (g) => (g.displayName = null), expected: { instancePath: '/displayName', keyword: 'type' } },
  {
    name: 'Group member with a numeric value',
    schema: 'Group',
    base: rfc.group,
    mutate: (g) => ((g.members as JsonObject[])[0].value = 2819),
    expected: { instancePath: '/members/0/value', keyword: 'type' },
  },
  {
    name: 'Group members as an object',
    schema: 'Group',
    base: rfc.group,
    mutate: (g) => (g.members = { value: '2819c223-7f76-453a-919d-413861904646' }),
    expected: { instancePath: '/members', keyword: 'type' },
  },
  // Error — RFC 7644 §3.12
  { name: 'Error with status 404 as a number', schema: 'Error', base: rfc.errorNotFound, mutate: (e) => (e.status = 404), expected: { instancePath: '/status', keyword: 'type' } },
  { name: 'Error with status "Not Found"', schema: 'Error', base: rfc.errorNotFound, mutate: (e) => (e.status = 'Not Found'), expected: { instancePath: '/status', keyword: 'pattern' } },
  {
    name: 'Error without status',
    schema: 'Error',
    base: rfc.errorNotFound,
    mutate: (e) => delete e.status,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'status' },
  },
  { name: 'Error with an unknown scimType', schema: 'Error', base: rfc.errorMutability, mutate: (e) => (e.scimType = 'notFound'), expected: { instancePath: '/scimType', keyword: 'enum' } },
  { name: 'Error with a mis-cased scimType', schema: 'Error', base: rfc.errorMutability, mutate: (e) => (e.scimType = 'Mutability'), expected: { instancePath: '/scimType', keyword: 'enum' } },
  { name: 'Error with a numeric detail', schema: 'Error', base: rfc.errorNotFound, mutate: (e) => (e.detail = 404), expected: { instancePath: '/detail', keyword: 'type' } },
  {
    name: 'Error without the Error URN',
    schema: 'Error',
    base: rfc.errorNotFound,
    mutate: (e) => (e.schemas = ['urn:ietf:params:scim:api:messages:2.0:ListResponse']),
    expected: { instancePath: '/schemas', keyword: 'contains' },
  },
  // ListResponse — RFC 7644 §3.4.2
  {
    name: 'ListResponse without the ListResponse URN',
    schema: 'ListResponse',
    base: entra.userQuery,
    mutate: (l) => (l.schemas = ['urn:ietf:params:scim:schemas:core:2.0:User']),
    expected: { instancePath: '/schemas', keyword: 'contains' },
  },
  {
    name: 'ListResponse without schemas',
    schema: 'ListResponse',
    base: entra.zeroResults,
    mutate: (l) => delete l.schemas,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'schemas' },
  },
  {
    name: 'ListResponse without totalResults',
    schema: 'ListResponse',
    base: entra.zeroResults,
    mutate: (l) => delete l.totalResults,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'totalResults' },
  },
  {
    name: 'ListResponse with totalResults 2 and no Resources',
    schema: 'ListResponse',
    base: rfc.listAttributesUserName,
    mutate: (l) => delete l.Resources,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'Resources' },
  },
  {
    name: 'ListResponse with totalResults 1 and Resources null',
    schema: 'ListResponse',
    base: entra.userQuery,
    mutate: (l) => (l.Resources = null),
    expected: { instancePath: '/Resources', keyword: 'type' },
  },
  { name: 'ListResponse with totalResults "1" (string)', schema: 'ListResponse', base: entra.userQuery, mutate: (l) => (l.totalResults = '1'), expected: { instancePath: '/totalResults', keyword: 'type' } },
  { name: 'ListResponse with negative totalResults', schema: 'ListResponse', base: entra.zeroResults, mutate: (l) => (l.totalResults = -1), expected: { instancePath: '/totalResults', keyword: 'minimum' } },
  { name: 'ListResponse with startIndex 0', schema: 'ListResponse', base: entra.userQuery, mutate: (l) => (l.startIndex = 0), expected: { instancePath: '/startIndex', keyword: 'minimum' } },
  { name: 'ListResponse with itemsPerPage "20" (string)', schema: 'ListResponse', base: entra.userQuery, mutate: (l) => (l.itemsPerPage = '20'), expected: { instancePath: '/itemsPerPage', keyword: 'type' } },
  {
    name: 'ListResponse with Resources as an object',
    schema: 'ListResponse',
    base: entra.userQuery,
    mutate: (l) => (l.Resources = firstResource(entra.userQuery)),
    expected: { instancePath: '/Resources', keyword: 'type' },
  },
  {
    name: 'ListResponse item without id',
    schema: 'ListResponse',
    base: entra.userQuery,
    mutate: (l) => delete (l.Resources as JsonObject[])[0].id,
    expected: { instancePath: '/Resources/0', keyword: 'required', missingProperty: 'id' },
  },
  // PatchOp — RFC 7644 §3.5.2
  { name: 'PatchOp with empty Operations', schema: 'PatchOp', base: entra.patchDisable, mutate: (p) => (p.Operations = []), expected: { instancePath: '/Operations', keyword: 'minItems' } },
  {
    name: 'PatchOp without Operations',
    schema: 'PatchOp',
    base: entra.patchDisable,
    mutate: (p) => delete p.Operations,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'Operations' },
  },
  {
    name: 'PatchOp without the PatchOp URN',
    schema: 'PatchOp',
    base: entra.patchDisable,
    mutate: (p) => (p.schemas = ['urn:ietf:params:scim:api:messages:2.0:BulkRequest']),
    expected: { instancePath: '/schemas', keyword: 'contains' },
  },
  {
    name: 'PatchOp remove without path',
    schema: 'PatchOp',
    base: rfc.patchRemoveMember,
    mutate: (p) => delete (p.Operations as JsonObject[])[0].path,
    expected: { instancePath: '/Operations/0', keyword: 'required', missingProperty: 'path' },
  },
  {
    name: 'PatchOp Remove (capitalised) without path',
    schema: 'PatchOp',
    base: entra.patchRemoveMemberByValue,
    mutate: (p) => delete (p.Operations as JsonObject[])[0].path,
    expected: { instancePath: '/Operations/0', keyword: 'required', missingProperty: 'path' },
  },
  {
    name: 'PatchOp remove with an empty path',
    schema: 'PatchOp',
    base: rfc.patchRemoveMember,
    mutate: (p) => ((p.Operations as JsonObject[])[0].path = ''),
    expected: { instancePath: '/Operations/0/path', keyword: 'minLength' },
  },
  {
    name: 'PatchOp add without value',
    schema: 'PatchOp',
    base: entra.patchAddMember,
    mutate: (p) => delete (p.Operations as JsonObject[])[0].value,
    expected: { instancePath: '/Operations/0', keyword: 'required', missingProperty: 'value' },
  },
  {
    name: 'PatchOp add with a null value',
    schema: 'PatchOp',
    base: rfc.patchAddMember,
    mutate: (p) => ((p.Operations as JsonObject[])[0].value = null),
    expected: { instancePath: '/Operations/0/value', keyword: 'not' },
  },
  {
    name: 'PatchOp with op "delete"',
    schema: 'PatchOp',
    base: entra.patchDisable,
    mutate: (p) => ((p.Operations as JsonObject[])[0].op = 'delete'),
    expected: { instancePath: '/Operations/0/op', keyword: 'pattern' },
  },
  {
    name: 'PatchOp operation without op',
    schema: 'PatchOp',
    base: entra.patchDisable,
    mutate: (p) => delete (p.Operations as JsonObject[])[0].op,
    expected: { instancePath: '/Operations/0', keyword: 'required', missingProperty: 'op' },
  },
  {
    name: 'PatchOp with a numeric path',
    schema: 'PatchOp',
    base: entra.patchDisable,
    mutate: (p) => ((p.Operations as JsonObject[])[0].path = 1),
    expected: { instancePath: '/Operations/0/path', keyword: 'type' },
  },
  // ServiceProviderConfig — RFC 7643 §5
  {
    name: 'ServiceProviderConfig without patch',
    schema: 'ServiceProviderConfig',
    base: rfc.serviceProviderConfig,
    mutate: (c) => delete c.patch,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'patch' },
  },
  {
    name: 'ServiceProviderConfig etag without supported',
    schema: 'ServiceProviderConfig',
    base: rfc.serviceProviderConfig,
    mutate: (c) => (c.etag = {}),
    expected: { instancePath: '/etag', keyword: 'required', missingProperty: 'supported' },
  },
  {
    name: 'ServiceProviderConfig filter.supported as "true"',
    schema: 'ServiceProviderConfig',
    base: rfc.serviceProviderConfig,
    mutate: (c) => ((c.filter as JsonObject).supported = 'true'),
    expected: { instancePath: '/filter/supported', keyword: 'type' },
  },
  {
    name: 'ServiceProviderConfig bulk without maxOperations',
    schema: 'ServiceProviderConfig',
    base: rfc.serviceProviderConfig,
    mutate: (c) => delete (c.bulk as JsonObject).maxOperations,
    expected: { instancePath: '/bulk', keyword: 'required', missingProperty: 'maxOperations' },
  },
  {
    name: 'ServiceProviderConfig filter without maxResults',
    schema: 'ServiceProviderConfig',
    base: rfc.serviceProviderConfig,
    mutate: (c) => delete (c.filter as JsonObject).maxResults,
    expected: { instancePath: '/filter', keyword: 'required', missingProperty: 'maxResults' },
  },
  {
    name: 'ServiceProviderConfig bulk.maxPayloadSize as "1MB"',
    schema: 'ServiceProviderConfig',
    base: rfc.serviceProviderConfig,
    mutate: (c) => ((c.bulk as JsonObject).maxPayloadSize = '1MB'),
    expected: { instancePath: '/bulk/maxPayloadSize', keyword: 'type' },
  },
  {
    name: 'ServiceProviderConfig authentication scheme without type',
    schema: 'ServiceProviderConfig',
    base: rfc.serviceProviderConfig,
    mutate: (c) => delete (c.authenticationSchemes as JsonObject[])[1].type,
    expected: { instancePath: '/authenticationSchemes/1', keyword: 'required', missingProperty: 'type' },
  },
  {
    name: 'ServiceProviderConfig without authenticationSchemes',
    schema: 'ServiceProviderConfig',
    base: rfc.serviceProviderConfig,
    mutate: (c) => delete c.authenticationSchemes,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'authenticationSchemes' },
  },
  // ResourceType — RFC 7643 §6
  {
    name: 'ResourceType without endpoint',
    schema: 'ResourceType',
    base: rfc.userResourceType,
    mutate: (r) => delete r.endpoint,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'endpoint' },
  },
  {
    name: 'ResourceType without schema',
    schema: 'ResourceType',
    base: rfc.userResourceType,
    mutate: (r) => delete r.schema,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'schema' },
  },
  {
    name: 'ResourceType without name',
    schema: 'ResourceType',
    base: rfc.userResourceType,
    mutate: (r) => delete r.name,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'name' },
  },
  {
    name: 'ResourceType schema extension without required',
    schema: 'ResourceType',
    base: rfc.userResourceType,
    mutate: (r) => delete (r.schemaExtensions as JsonObject[])[0].required,
    expected: { instancePath: '/schemaExtensions/0', keyword: 'required', missingProperty: 'required' },
  },
  {
    name: 'ResourceType schema extension with required: "true"',
    schema: 'ResourceType',
    base: rfc.userResourceType,
    mutate: (r) => ((r.schemaExtensions as JsonObject[])[0].required = 'true'),
    expected: { instancePath: '/schemaExtensions/0/required', keyword: 'type' },
  },
  // Schema — RFC 7643 §7
  {
    name: 'Schema without id',
    schema: 'Schema',
    base: rfc.groupSchema,
    mutate: (s) => delete s.id,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'id' },
  },
  {
    name: 'Schema without attributes',
    schema: 'Schema',
    base: rfc.groupSchema,
    mutate: (s) => delete s.attributes,
    expected: { instancePath: '', keyword: 'required', missingProperty: 'attributes' },
  },
  {
    name: 'Schema attribute with type "text"',
    schema: 'Schema',
    base: rfc.groupSchema,
    mutate: (s) => ((s.attributes as JsonObject[])[0].type = 'text'),
    expected: { instancePath: '/attributes/0/type', keyword: 'enum' },
  },
  {
    name: 'Schema attribute with mutability "READ_WRITE"',
    schema: 'Schema',
    base: rfc.groupSchema,
    mutate: (s) => ((s.attributes as JsonObject[])[0].mutability = 'READ_WRITE'),
    expected: { instancePath: '/attributes/0/mutability', keyword: 'enum' },
  },
  {
    name: 'Schema attribute with returned "sometimes"',
    schema: 'Schema',
    base: rfc.groupSchema,
    mutate: (s) => ((s.attributes as JsonObject[])[0].returned = 'sometimes'),
    expected: { instancePath: '/attributes/0/returned', keyword: 'enum' },
  },
  {
    name: 'Schema attribute with uniqueness "unique"',
    schema: 'Schema',
    base: rfc.groupSchema,
    mutate: (s) => ((s.attributes as JsonObject[])[0].uniqueness = 'unique'),
    expected: { instancePath: '/attributes/0/uniqueness', keyword: 'enum' },
  },
  {
    name: 'Schema attribute without multiValued',
    schema: 'Schema',
    base: rfc.groupSchema,
    mutate: (s) => delete (s.attributes as JsonObject[])[0].multiValued,
    expected: { instancePath: '/attributes/0', keyword: 'required', missingProperty: 'multiValued' },
  },
  {
    name: 'Schema attribute with caseExact "false"',
    schema: 'Schema',
    base: rfc.groupSchema,
    mutate: (s) => ((s.attributes as JsonObject[])[0].caseExact = 'false'),
    expected: { instancePath: '/attributes/0/caseExact', keyword: 'type' },
  },
  {
    name: 'Schema sub-attribute with an invalid type (recursive check)',
    schema: 'Schema',
    base: rfc.groupSchema,
    mutate: (s) => (((s.attributes as JsonObject[])[1].subAttributes as JsonObject[])[0].type = 'uuid'),
    expected: { instancePath: '/attributes/1/subAttributes/0/type', keyword: 'enum' },
  },
];

describe('invalid payloads', () => {
  it.each(negativeCases)('should reject $name', ({ schema, base, mutate, expected }) => {
    // Arrange
    expect(validate(schema, base), 'the unmodified base payload must be valid').toEqual([]);
    const payload = structuredClone(base);
    mutate(payload);

    // Act
    const errors = validate(schema, payload);

    // Assert: the expected error is reported …
    expect(errors).toContainEqual(
      expect.objectContaining({
        instancePath: expected.instancePath,
        keyword: expected.keyword,
        ...(expected.missingProperty === undefined ? {} : { params: { missingProperty: expected.missingProperty } }),
      }),
    );
    // … and nothing unrelated fails: every error is at that path, below it, or at an ancestor
    // (ancestors report the enclosing anyOf / if-then that the failure propagates through).
    for (const error of errors) {
      const related =
        isSameOrBelow(error.instancePath, expected.instancePath) || isSameOrBelow(expected.instancePath, error.instancePath);
      expect(related, `unexpected error ${JSON.stringify(error)}`).toBe(true);
    }
  });
});

// Helpers

function validate(schema: SchemaName, payload: unknown): ErrorObject[] {
  const validator = ajv.getSchema(`${ID_BASE}${schema}.schema.json`);
  if (validator === undefined) throw new Error(`schema ${schema} is not loaded`);
  return validator(payload) ? [] : [...(validator.errors ?? [])];
}

/** True when JSON Pointer `path` equals `prefix` or lies below it. */
function isSameOrBelow(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function omit(object: JsonObject, key: string): JsonObject {
  const { [key]: _removed, ...rest } = object;
  return rest;
}

function firstResource(list: JsonObject): JsonObject {
  return (list.Resources as JsonObject[])[0];
}

const SUBSCHEMA_MAPS = ['properties', '$defs'] as const;
const SUBSCHEMA_SINGLES = ['if', 'then', 'else'] as const;

/** Lists the JSON Pointers of `properties` / `$defs` / if-then-else / allOf subschemas without an RFC citation. */
function findUncitedSubschemas(schema: unknown, pointer = ''): string[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [];
  const node = schema as Record<string, unknown>;
  const found: string[] = [];
  const check = (child: unknown, childPointer: string): void => {
    const text = `${String((child as Record<string, unknown>).$comment ?? '')} ${String((child as Record<string, unknown>).description ?? '')}`;
    if (!/RFC 764[34] §/.test(text)) found.push(childPointer);
  };
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key] as Record<string, unknown> | undefined;
    for (const [name, child] of Object.entries(map ?? {})) {
      const childPointer = `${pointer}/${key}/${name}`;
      check(child, childPointer);
      found.push(...findUncitedSubschemas(child, childPointer));
    }
  }
  for (const key of SUBSCHEMA_SINGLES) {
    if (node[key] === undefined) continue;
    check(node[key], `${pointer}/${key}`);
    found.push(...findUncitedSubschemas(node[key], `${pointer}/${key}`));
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key] as unknown[] | undefined;
    list?.forEach((child, index) => {
      if (key === 'allOf') check(child, `${pointer}/${key}/${index}`);
      found.push(...findUncitedSubschemas(child, `${pointer}/${key}/${index}`));
    });
  }
  for (const key of ['items', 'contains', 'not'] as const) {
    if (node[key] !== undefined) found.push(...findUncitedSubschemas(node[key], `${pointer}/${key}`));
  }
  return found;
}
