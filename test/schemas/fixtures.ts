/**
 * Payloads for the SCIM schema tests.
 *
 * - `rfc` — the example representations of RFC 7643 §8 and RFC 7644 (§3.4.2, §3.4.3, §3.5.2, §3.12),
 *   trimmed only where noted (long certificate blobs, repeated list entries).
 * - `entra` — what Microsoft Entra ID sends or receives, from /work/shared/docs/entra-scim-behaviour.md
 *   §2, §3, §4 and §8 (the doc's trailing commas removed; everything else as printed, including
 *   capitalised ops, `"$ref": null`, `"resourceType": "Users"` and relative `meta.location`).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

// ---------------------------------------------------------------------------------------------
// RFC 7643 §8
// ---------------------------------------------------------------------------------------------

/** RFC 7643 §8.1 Minimal User Representation. */
const minimalUser: JsonObject = {
  schemas: [USER],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen@example.com',
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff590"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

/** RFC 7643 §8.2 Full User Representation (certificate value shortened). */
const fullUser: JsonObject = {
  schemas: [USER],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: '701984',
  userName: 'bjensen@example.com',
  name: {
    formatted: 'Ms. Barbara J Jensen, III',
    familyName: 'Jensen',
    givenName: 'Barbara',
    middleName: 'Jane',
    honorificPrefix: 'Ms.',
    honorificSuffix: 'III',
  },
  displayName: 'Babs Jensen',
  nickName: 'Babs',
  profileUrl: 'https://login.example.com/bjensen',
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [
    {
      type: 'work',
      streetAddress: '100 Universal City Plaza',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'USA',
      formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA',
      primary: true,
    },
    {
      type: 'home',
      streetAddress: '456 Hollywood Blvd',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'USA',
      formatted: '456 Hollywood Blvd\nHollywood, CA 91608 USA',
    },
  ],
  phoneNumbers: [
    { value: '555-555-5555', type: 'work' },
    { value: '555-555-4444', type: 'mobile' },
  ],
  ims: [{ value: 'someaimhandle', type: 'aim' }],
  photos: [
    { value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' },
    { value: 'https://photos.example.com/profilephoto/72930000000Ccne/T', type: 'thumbnail' },
  ],
  userType: 'Employee',
  title: 'Tour Guide',
  preferredLanguage: 'en-US',
  locale: 'en-US',
  timezone: 'America/Los_Angeles',
  active: true,
  password: 't1meMa$heen',
  groups: [
    {
      value: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
      $ref: 'https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a',
      display: 'Tour Guides',
    },
    {
      value: 'fc348aa8-3835-40eb-a20b-c726e15c55b5',
      $ref: 'https://example.com/v2/Groups/fc348aa8-3835-40eb-a20b-c726e15c55b5',
      display: 'Employees',
    },
    {
      value: '71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7',
      $ref: 'https://example.com/v2/Groups/71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7',
      display: 'US Employees',
    },
  ],
  x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"a330bc54f0671c9"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

/** RFC 7643 §8.3 Enterprise User Extension Representation (core attributes as in §8.2). */
const enterpriseUser: JsonObject = {
  ...fullUser,
  schemas: [USER, ENTERPRISE],
  [ENTERPRISE]: {
    employeeNumber: '701984',
    costCenter: '4130',
    organization: 'Universal Studios',
    division: 'Theme Park',
    department: 'Tour Operations',
    manager: {
      value: '26118915-6090-4610-87e4-49d8ca9f808d',
      $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d',
      displayName: 'John Smith',
    },
  },
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff591"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

/** RFC 7643 §8.4 Group Representation. */
const group: JsonObject = {
  schemas: [GROUP],
  id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
  displayName: 'Tour Guides',
  members: [
    {
      value: '2819c223-7f76-453a-919d-413861904646',
      $ref: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
      display: 'Babs Jensen',
    },
    {
      value: '902c246b-6245-4190-8e05-00816be7344a',
      $ref: 'https://example.com/v2/Users/902c246b-6245-4190-8e05-00816be7344a',
      display: 'Mandy Pepperidge',
    },
  ],
  meta: {
    resourceType: 'Group',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff592"',
    location: 'https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a',
  },
};

/** RFC 7643 §8.5 Service Provider Configuration Representation. */
const serviceProviderConfig: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  documentationUri: 'http://example.com/help/scim.html',
  patch: { supported: true },
  bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
  filter: { supported: true, maxResults: 200 },
  changePassword: { supported: true },
  sort: { supported: true },
  etag: { supported: true },
  authenticationSchemes: [
    {
      name: 'OAuth Bearer Token',
      description: 'Authentication scheme using the OAuth Bearer Token Standard',
      specUri: 'http://www.rfc-editor.org/info/rfc6750',
      documentationUri: 'http://example.com/help/oauth.html',
      type: 'oauthbearertoken',
      primary: true,
    },
    {
      name: 'HTTP Basic',
      description: 'Authentication scheme using the HTTP Basic Standard',
      specUri: 'http://www.rfc-editor.org/info/rfc2617',
      documentationUri: 'http://example.com/help/httpBasic.html',
      type: 'httpbasic',
    },
  ],
  meta: {
    location: 'https://example.com/v2/ServiceProviderConfig',
    resourceType: 'ServiceProviderConfig',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff594"',
  },
};

/** RFC 7643 §8.6 Resource Type Representation, first entry (User). */
const userResourceType: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER,
  schemaExtensions: [{ schema: ENTERPRISE, required: true }],
  meta: { location: 'https://example.com/v2/ResourceTypes/User', resourceType: 'ResourceType' },
};

/** RFC 7643 §8.6 Resource Type Representation, second entry (Group). */
const groupResourceType: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP,
  meta: { location: 'https://example.com/v2/ResourceTypes/Group', resourceType: 'ResourceType' },
};

/** RFC 7643 §8.7.1 Resource Schema Representation, the Group entry (served as in the RFC, without `schemas`). */
const groupSchema: JsonObject = {
  id: GROUP,
  name: 'Group',
  description: 'Group',
  attributes: [
    {
      name: 'displayName',
      type: 'string',
      multiValued: false,
      description: 'A human-readable name for the Group. REQUIRED.',
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    },
    {
      name: 'members',
      type: 'complex',
      multiValued: true,
      description: 'A list of members of the Group.',
      required: false,
      subAttributes: [
        {
          name: 'value',
          type: 'string',
          multiValued: false,
          description: 'Identifier of the member of this Group.',
          required: false,
          caseExact: false,
          mutability: 'immutable',
          returned: 'default',
          uniqueness: 'none',
        },
        {
          name: '$ref',
          type: 'reference',
          referenceTypes: ['User', 'Group'],
          multiValued: false,
          description: 'The URI corresponding to a SCIM resource that is a member of this Group.',
          required: false,
          caseExact: false,
          mutability: 'immutable',
          returned: 'default',
          uniqueness: 'none',
        },
        {
          name: 'type',
          type: 'string',
          multiValued: false,
          description: "A label indicating the type of resource, e.g., 'User' or 'Group'.",
          required: false,
          caseExact: false,
          canonicalValues: ['User', 'Group'],
          mutability: 'immutable',
          returned: 'default',
          uniqueness: 'none',
        },
      ],
      mutability: 'readWrite',
      returned: 'default',
    },
  ],
  meta: { resourceType: 'Schema', location: '/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group' },
};

/** RFC 7643 §8.7.1, an excerpt of the User entry with the `binary` x509Certificates attribute. */
const userSchemaExcerpt: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
  id: USER,
  name: 'User',
  description: 'User Account',
  attributes: [
    {
      name: 'userName',
      type: 'string',
      multiValued: false,
      description: "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value.  This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.",
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    },
    {
      name: 'x509Certificates',
      type: 'complex',
      multiValued: true,
      description: 'A list of certificates issued to the User.',
      required: false,
      caseExact: false,
      subAttributes: [
        {
          name: 'value',
          type: 'binary',
          multiValued: false,
          description: 'The value of an X.509 certificate.',
          required: false,
          caseExact: false,
          mutability: 'readWrite',
          returned: 'default',
          uniqueness: 'none',
        },
      ],
      mutability: 'readWrite',
      returned: 'default',
    },
  ],
  meta: { resourceType: 'Schema', location: '/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User' },
};

// ---------------------------------------------------------------------------------------------
// RFC 7644
// ---------------------------------------------------------------------------------------------

/** RFC 7644 §3.4.2 (GET /Users?attributes=userName): items carry only id and userName. */
const listAttributesUserName: JsonObject = {
  schemas: [LIST],
  totalResults: 2,
  Resources: [
    { id: '2819c223-7f76-453a-919d-413861904646', userName: 'bjensen' },
    { id: 'c75ad752-64ae-4d52-bab6-3d3e5a2d7fe4', userName: 'jsmith' },
  ],
};

/** RFC 7644 §3.4.3 response to POST /.search (abridged to two entries). */
const listSearch: JsonObject = {
  schemas: [LIST],
  totalResults: 100,
  itemsPerPage: 10,
  startIndex: 1,
  Resources: [
    { id: '2819c223-7f76-413861904646', userName: 'jsmith', displayName: 'Smith, James' },
    { id: 'c8596b90-7539-4f20-968d-1a0fed9e7fe4', displayName: 'Smith Family' },
  ],
};

/** RFC 7644 §4: GET /ResourceTypes as a ListResponse of the RFC 7643 §8.6 entries. */
const listResourceTypes: JsonObject = {
  schemas: [LIST],
  totalResults: 2,
  Resources: [userResourceType, groupResourceType],
};

/** RFC 7644 §3.12 examples. */
const errorNotFound: JsonObject = {
  schemas: [ERROR],
  detail: 'Resource 2819c223-7f76-453a-919d-413861904646 not found',
  status: '404',
};
const errorMutability: JsonObject = {
  schemas: [ERROR],
  scimType: 'mutability',
  detail: "Attribute 'id' is readOnly",
  status: '400',
};
/** RFC 7644 §3.14: version mismatch on PUT/PATCH. */
const errorPrecondition: JsonObject = {
  schemas: [ERROR],
  detail: 'Failed to update.  Resource changed on the server.',
  status: '412',
};

/** RFC 7644 §3.5.2 / §3.5.2.1: add a member. */
const patchAddMember: JsonObject = {
  schemas: [PATCH],
  Operations: [
    {
      op: 'add',
      path: 'members',
      value: [
        {
          display: 'Babs Jensen',
          $ref: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
          value: '2819c223-7f76-453a-919d-413861904646',
        },
      ],
    },
  ],
};
/** RFC 7644 §3.5.2.1: add without a path. */
const patchAddNoPath: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'add', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickname: 'Babs' } }],
};
/** RFC 7644 §3.5.2.2: remove one member, then remove-all + add in one request. */
const patchRemoveMember: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'remove', path: 'members[value eq "2819c223-7f76-453a-919d-413861904646"]' }],
};
const patchRemoveAllThenAdd: JsonObject = {
  schemas: [PATCH],
  Operations: [
    { op: 'remove', path: 'members' },
    {
      op: 'add',
      path: 'members',
      value: [
        {
          display: 'Babs Jensen',
          $ref: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
          value: '2819c223-7f76-453a-919d-413861904646',
        },
      ],
    },
  ],
};
/** RFC 7644 §3.5.2.3: replace a sub-attribute of a filtered value, and replace without a path. */
const patchReplace: JsonObject = {
  schemas: [PATCH],
  Operations: [
    { op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' },
    { op: 'replace', value: { emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }], nickname: 'Babs' } },
  ],
};

// ---------------------------------------------------------------------------------------------
// Microsoft Entra ID (entra-scim-behaviour.md)
// ---------------------------------------------------------------------------------------------

const entraMeta = {
  resourceType: 'User',
  created: '2018-03-27T19:59:26.000Z',
  lastModified: '2018-03-27T19:59:26.000Z',
};

/** §3 U1: 201 response to POST /Users (the doc's trailing comma removed). */
const entraCreatedUser: JsonObject = {
  schemas: [USER],
  id: '48af03ac28ad4fb88478',
  externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
  meta: entraMeta,
  userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  active: true,
  emails: [{ value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com', type: 'work', primary: true }],
};

/** §3 U2: 404 for an unknown user. */
const entraNotFound: JsonObject = {
  schemas: [ERROR],
  status: '404',
  detail: 'Resource 23B51B0E5D7AE9110A49411D@7cca31655d49f3640a494224 not found',
};

/** §3 U3: GET /Users?filter=userName eq "…" with one match. */
const entraUserQuery: JsonObject = {
  schemas: [LIST],
  totalResults: 1,
  Resources: [
    {
      schemas: [USER],
      id: '2441309d85324e7793ae',
      externalId: '7fce0092-d52e-4f76-b727-3955bd72c939',
      meta: entraMeta,
      userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      name: { familyName: 'familyName', givenName: 'givenName' },
      active: true,
      emails: [{ value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com', type: 'work', primary: true }],
    },
  ],
  startIndex: 1,
  itemsPerPage: 20,
};

/** §2.1 TC-1 and §3 U4: zero results. */
const entraZeroResults: JsonObject = {
  schemas: [LIST],
  totalResults: 0,
  Resources: [],
  startIndex: 1,
  itemsPerPage: 20,
};

/** §3 U5: PATCH with capitalised Replace on a filtered path, and its 200 response. */
const entraPatchMultiValued: JsonObject = {
  schemas: [PATCH],
  Operations: [
    { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
    { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
  ],
};
const entraPatchedUser: JsonObject = {
  schemas: [USER],
  id: '6764549bef60420686bc',
  externalId: '6c75de36-30fa-4d2d-a196-6bdcdb6b6539',
  meta: entraMeta,
  userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
  name: { formatted: 'givenName updatedFamilyName', familyName: 'updatedFamilyName', givenName: 'givenName' },
  active: true,
  emails: [{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }],
};

/** §3 U6: rename. */
const entraPatchRename: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }],
};

/** §3 U7: disable (boolean false, capitalised Replace) and the documented response. */
const entraPatchDisable: JsonObject = {
  Operations: [{ op: 'Replace', path: 'active', value: false }],
  schemas: [PATCH],
};
const entraDisabledUser: JsonObject = {
  schemas: [USER],
  id: 'CEC50F275D83C4530A495FCF@834d0e1e5d8235f90a495fda',
  userName: 'deanruiz@testuser.com',
  name: { familyName: 'Harris', givenName: 'Larry' },
  active: false,
  emails: [{ value: 'gloversuzanne@testuser.com', type: 'work', primary: true }],
  addresses: [{ country: 'ML', type: 'work', primary: true }],
  meta: {
    resourceType: 'Users',
    location: '/scim/5171a35d82074e068ce2/Users/CEC50F265D83B4530B495FCF@5171a35d82074e068ce2',
  },
};

/** §3 U9: legacy manager add (value is an array), and the Validator's shapes. */
const entraPatchManagerLegacy: JsonObject = {
  schemas: [PATCH],
  Operations: [
    {
      op: 'Add',
      path: 'manager',
      value: [
        {
          $ref: 'http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
          value: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
        },
      ],
    },
  ],
};
const entraPatchManagerValidator: JsonObject = {
  schemas: [PATCH],
  Operations: [
    { op: 'add', path: `${ENTERPRISE}:manager`, value: { value: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee' } },
    { op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: '' } },
    { op: 'remove', path: `${ENTERPRISE}:manager` },
  ],
};

/** §3 U10: roles added with a JSON string inside `value`. */
const entraPatchRoles: JsonObject = {
  schemas: [PATCH],
  Operations: [
    {
      op: 'Add',
      path: 'roles',
      value: [{ value: '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}' }],
    },
  ],
};

/** §4 GR1: 201 response to POST /Groups. */
const entraCreatedGroup: JsonObject = {
  schemas: [GROUP],
  id: '927fa2c08dcb4a7fae9e',
  externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
  meta: { ...entraMeta, resourceType: 'Group' },
  displayName: 'displayName',
  members: [],
};

/** §4 GR2: GET /Groups/{id}?excludedAttributes=members. */
const entraGroupNoMembers: JsonObject = {
  schemas: [GROUP],
  id: '40734ae655284ad3abcc',
  externalId: '60f1bb27-2e1e-402d-bcc4-ec999564a194',
  meta: { ...entraMeta, resourceType: 'Group' },
  displayName: 'displayName',
};

/** §4 GR3: GET /Groups?excludedAttributes=members&filter=displayName eq "…" (trailing commas removed). */
const entraGroupQuery: JsonObject = {
  schemas: [LIST],
  totalResults: 1,
  Resources: [
    {
      schemas: [GROUP],
      id: '8c601452cc934a9ebef9',
      externalId: '0db508eb-91e2-46e4-809c-30dcbda0c685',
      meta: { resourceType: 'Group', created: '2018-03-27T22:02:32.000Z', lastModified: '2018-03-27T22:02:32.000Z' },
      displayName: 'displayName',
    },
  ],
  startIndex: 1,
  itemsPerPage: 20,
};

/** §4 GR4–GR6: group PATCHes, members with "$ref": null. */
const entraPatchGroupRename: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' }],
};
const entraPatchAddMember: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] }],
};
const entraPatchRemoveMemberByValue: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] }],
};

/** §8: default engine (no flag) — string "False", capitalised ops, one op per attribute. */
const entraDefaultDisable: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
};
const entraDefaultReplaceMany: JsonObject = {
  schemas: [PATCH],
  Operations: [
    { op: 'Add', path: 'nickName', value: 'Babs' },
    { op: 'Replace', path: 'displayName', value: 'Pvlo' },
    { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
    { op: 'Replace', path: 'name.givenName', value: 'Kkom' },
    { op: 'Replace', path: 'name.familyName', value: 'Unua' },
    { op: 'Replace', path: 'externalId', value: 'Aklq' },
    { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: 'Aklq' },
  ],
};
const entraDefaultRemoveMember: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] }],
};

/** §8: aadOptscim062020 engine — lowercase ops, boolean false, path-less replace with dotted / URN keys. */
const entraFlagDisable: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'replace', path: 'active', value: false }],
};
const entraFlagReplaceMany: JsonObject = {
  schemas: [PATCH],
  Operations: [
    { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
    {
      op: 'replace',
      value: {
        displayName: 'Bjfe',
        'name.givenName': 'Kkom',
        'name.familyName': 'Unua',
        [`${ENTERPRISE}:employeeNumber`]: 'Aklq',
      },
    },
  ],
};
const entraFlagRemoveMember: JsonObject = {
  schemas: [PATCH],
  Operations: [{ op: 'remove', path: 'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]' }],
};

/** §2.3: GET /Schemas as Entra's doc example shapes it (paging 50/1/3), entries abridged. */
const entraSchemasList: JsonObject = {
  schemas: [LIST],
  totalResults: 3,
  itemsPerPage: 50,
  startIndex: 1,
  Resources: [
    userSchemaExcerpt,
    groupSchema,
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: ENTERPRISE,
      name: 'EnterpriseUser',
      description: 'Enterprise User',
      attributes: [
        {
          name: 'employeeNumber',
          type: 'string',
          multiValued: false,
          description: 'Numeric or alphanumeric identifier assigned to a person.',
          required: false,
          caseExact: false,
          mutability: 'readWrite',
          returned: 'default',
          uniqueness: 'none',
        },
      ],
      meta: { resourceType: 'Schema', location: `/v2/Schemas/${ENTERPRISE}` },
    },
  ],
};

export const rfc = {
  minimalUser,
  fullUser,
  enterpriseUser,
  group,
  serviceProviderConfig,
  userResourceType,
  groupResourceType,
  groupSchema,
  userSchemaExcerpt,
  listAttributesUserName,
  listSearch,
  listResourceTypes,
  errorNotFound,
  errorMutability,
  errorPrecondition,
  patchAddMember,
  patchAddNoPath,
  patchRemoveMember,
  patchRemoveAllThenAdd,
  patchReplace,
} as const;

export const entra = {
  createdUser: entraCreatedUser,
  notFound: entraNotFound,
  userQuery: entraUserQuery,
  zeroResults: entraZeroResults,
  patchMultiValued: entraPatchMultiValued,
  patchedUser: entraPatchedUser,
  patchRename: entraPatchRename,
  patchDisable: entraPatchDisable,
  disabledUser: entraDisabledUser,
  patchManagerLegacy: entraPatchManagerLegacy,
  patchManagerValidator: entraPatchManagerValidator,
  patchRoles: entraPatchRoles,
  createdGroup: entraCreatedGroup,
  groupNoMembers: entraGroupNoMembers,
  groupQuery: entraGroupQuery,
  patchGroupRename: entraPatchGroupRename,
  patchAddMember: entraPatchAddMember,
  patchRemoveMemberByValue: entraPatchRemoveMemberByValue,
  defaultDisable: entraDefaultDisable,
  defaultReplaceMany: entraDefaultReplaceMany,
  defaultRemoveMember: entraDefaultRemoveMember,
  flagDisable: entraFlagDisable,
  flagReplaceMany: entraFlagReplaceMany,
  flagRemoveMember: entraFlagRemoveMember,
  schemasList: entraSchemasList,
} as const;
