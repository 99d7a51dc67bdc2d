import type { JsonObject } from './json.js';

/** Attribute data types (RFC 7643 §2.3). */
export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';

/** An attribute definition as served by `/Schemas` (RFC 7643 §7). */
export interface AttributeDef {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly canonicalValues?: readonly string[];
  readonly caseExact: boolean;
  readonly mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  readonly returned: 'always' | 'never' | 'default' | 'request';
  readonly uniqueness: 'none' | 'server' | 'global';
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDef[];
}

/** A schema definition (RFC 7643 §7). */
export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDef[];
}

/** A resource type served by this provider (RFC 7643 §6). */
export interface ResourceKind {
  readonly name: 'User' | 'Group';
  readonly endpoint: string;
  readonly description: string;
  readonly schema: SchemaDef;
  readonly extensions: readonly SchemaDef[];
  /**
   * Every attribute a representation may carry: the common attributes of
   * RFC 7643 §3.1, the core schema's, and each extension as a complex
   * attribute named by its URN (RFC 7643 §3.3), so one walk resolves any path.
   */
  readonly attributes: readonly AttributeDef[];
}

/** Core schema URN of Users (RFC 7643 §8.7.1). */
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Core schema URN of Groups (RFC 7643 §8.7.1). */
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** The enterprise User extension (RFC 7643 §4.3). */
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** ListResponse message (RFC 7644 §3.4.2). */
export const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
/** PatchOp message (RFC 7644 §3.5.2). */
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SPC_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

type Traits = Partial<Omit<AttributeDef, 'name' | 'description'>>;

/** An attribute with the RFC 7643 §2.2 defaults for every characteristic not given. */
function attr(name: string, description: string, traits: Traits = {}): AttributeDef {
  return {
    name,
    type: 'string',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...traits,
  };
}

function complex(name: string, description: string, subAttributes: AttributeDef[], traits: Traits = {}): AttributeDef {
  return attr(name, description, { type: 'complex', subAttributes, ...traits });
}

const readOnly = { mutability: 'readOnly' } as const;
const boolean = { type: 'boolean' } as const;
const external = { type: 'reference', referenceTypes: ['external'] } as const;
const uri = { type: 'reference', referenceTypes: ['uri'], caseExact: true } as const;

/** The value/display/type/primary shape of RFC 7643 §2.4 shared by most multi-valued User attributes. */
function multiValued(
  name: string,
  description: string,
  valueDescription: string,
  types: string[],
  value: Traits = {},
): AttributeDef {
  return complex(
    name,
    description,
    [
      attr('value', valueDescription, value),
      attr('display', 'A human-readable name, primarily used for display purposes.'),
      attr('type', "A label indicating the attribute's function.", types.length > 0 ? { canonicalValues: types } : {}),
      attr(
        'primary',
        "A Boolean value indicating the 'primary' or preferred value; 'true' MUST appear no more than once.",
        boolean,
      ),
    ],
    { multiValued: true },
  );
}

/** The common attributes of RFC 7643 §3 and §3.1; not part of any served schema but of every resource. */
const COMMON: readonly AttributeDef[] = [
  attr('schemas', 'The schema URIs of the representation.', {
    ...uri,
    multiValued: true,
    ...readOnly,
    returned: 'always',
  }),
  attr('id', 'A unique identifier issued by the service provider.', {
    caseExact: true,
    ...readOnly,
    returned: 'always',
    uniqueness: 'server',
  }),
  attr('externalId', 'An identifier for the resource as defined by the provisioning client.', { caseExact: true }),
  complex(
    'meta',
    'Resource metadata.',
    [
      // returned "always" so that attribute projection keeps the resource recognisable.
      attr('resourceType', 'The name of the resource type of the resource.', {
        caseExact: true,
        ...readOnly,
        returned: 'always',
      }),
      attr('created', 'When the resource was added to the service provider.', { type: 'dateTime', ...readOnly }),
      attr('lastModified', 'When the resource was last updated.', { type: 'dateTime', ...readOnly }),
      attr('location', 'The URI of the resource being returned.', { ...uri, ...readOnly }),
      attr('version', 'The version (ETag) of the resource being returned.', { caseExact: true, ...readOnly }),
    ],
    readOnly,
  ),
];

/** RFC 7643 §8.7.1, User. */
const USER_SCHEMA: SchemaDef = {
  id: USER_URN,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr(
      'userName',
      'Unique identifier for the User, typically used by the user to directly authenticate to the service provider. REQUIRED.',
      {
        required: true,
        uniqueness: 'server',
      },
    ),
    complex('name', "The components of the user's real name.", [
      attr('formatted', 'The full name, formatted for display.'),
      attr('familyName', 'The family name of the User.'),
      attr('givenName', 'The given name of the User.'),
      attr('middleName', 'The middle name(s) of the User.'),
      attr('honorificPrefix', "The honorific prefix(es) of the User, e.g. 'Ms.'."),
      attr('honorificSuffix', "The honorific suffix(es) of the User, e.g. 'III'."),
    ]),
    attr('displayName', 'The name of the User, suitable for display to end-users.'),
    attr('nickName', 'The casual way to address the user in real life.'),
    attr('profileUrl', "A fully qualified URL pointing to the User's online profile.", external),
    attr('title', "The user's title, such as 'Vice President'."),
    attr('userType', 'The relationship between the organization and the user.'),
    attr('preferredLanguage', "The User's preferred written or spoken language."),
    attr('locale', "The User's default location for localizing items such as currency and dates."),
    attr('timezone', "The User's time zone in IANA Time Zone database format."),
    attr('active', "A Boolean value indicating the User's administrative status.", boolean),
    attr('password', "The User's cleartext password; never returned.", { mutability: 'writeOnly', returned: 'never' }),
    multiValued('emails', 'Email addresses for the user.', 'Email address for the User.', ['work', 'home', 'other']),
    multiValued('phoneNumbers', 'Phone numbers for the User.', 'Phone number of the User.', [
      'work',
      'home',
      'mobile',
      'fax',
      'pager',
      'other',
    ]),
    multiValued('ims', 'Instant messaging addresses for the User.', 'Instant messaging address for the User.', [
      'aim',
      'gtalk',
      'icq',
      'xmpp',
      'msn',
      'skype',
      'qq',
      'yahoo',
    ]),
    multiValued(
      'photos',
      'URLs of images of the User.',
      'URL of a photo of the User.',
      ['photo', 'thumbnail'],
      external,
    ),
    complex(
      'addresses',
      'A physical mailing address for this User.',
      [
        attr('formatted', 'The full mailing address, formatted for display.'),
        attr('streetAddress', 'The full street address component.'),
        attr('locality', 'The city or locality component.'),
        attr('region', 'The state or region component.'),
        attr('postalCode', 'The zip code or postal code component.'),
        attr('country', 'The country name component.'),
        attr('type', "A label indicating the attribute's function.", { canonicalValues: ['work', 'home', 'other'] }),
        attr('primary', "A Boolean value indicating the 'primary' or preferred address.", boolean),
      ],
      { multiValued: true },
    ),
    complex(
      'groups',
      'A list of groups to which the user belongs; derived from Group membership.',
      [
        attr('value', "The identifier of the User's group.", readOnly),
        attr('$ref', "The URI of the corresponding 'Group' resource.", {
          type: 'reference',
          referenceTypes: ['User', 'Group'],
          ...readOnly,
        }),
        attr('display', 'A human-readable name, primarily used for display purposes.', readOnly),
        attr('type', "A label indicating the attribute's function.", {
          canonicalValues: ['direct', 'indirect'],
          ...readOnly,
        }),
      ],
      { multiValued: true, ...readOnly },
    ),
    multiValued('entitlements', 'A list of entitlements for the User.', 'The value of an entitlement.', []),
    multiValued('roles', 'A list of roles for the User.', 'The value of a role.', []),
    multiValued(
      'x509Certificates',
      'A list of certificates issued to the User.',
      'The value of an X.509 certificate.',
      [],
      { type: 'binary' },
    ),
  ],
};

/** RFC 7643 §8.7.1, Enterprise User extension. */
const ENTERPRISE_SCHEMA: SchemaDef = {
  id: ENTERPRISE_URN,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person.'),
    attr('costCenter', 'Identifies the name of a cost center.'),
    attr('organization', 'Identifies the name of an organization.'),
    attr('division', 'Identifies the name of a division.'),
    attr('department', 'Identifies the name of a department.'),
    complex('manager', "The User's manager.", [
      attr('value', "The id of the SCIM resource representing the User's manager."),
      attr('$ref', "The URI of the SCIM resource representing the User's manager.", {
        type: 'reference',
        referenceTypes: ['User'],
      }),
      attr('displayName', "The displayName of the User's manager.", readOnly),
    ]),
  ],
};

/** RFC 7643 §8.7.1, Group. */
const GROUP_SCHEMA: SchemaDef = {
  id: GROUP_URN,
  name: 'Group',
  description: 'Group',
  attributes: [
    // The RFC's listing says required false while its text says REQUIRED; this provider requires it.
    attr('displayName', 'A human-readable name for the Group. REQUIRED.', { required: true }),
    // Not in RFC 7643 §4.2: a provider's own attribute, which Microsoft's validation template updates (doc §11).
    attr('description', 'A human-readable description of the Group.'),
    complex(
      'members',
      'A list of members of the Group.',
      [
        attr('value', 'Identifier of the member of this Group.', { caseExact: true, mutability: 'immutable' }),
        attr('$ref', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
          type: 'reference',
          referenceTypes: ['User', 'Group'],
          mutability: 'immutable',
        }),
        attr('type', "A label indicating the type of resource, e.g. 'User' or 'Group'.", {
          canonicalValues: ['User', 'Group'],
          mutability: 'immutable',
        }),
      ],
      { multiValued: true },
    ),
  ],
};

const supported = (what: string): AttributeDef =>
  complex(
    what,
    `${what} configuration options.`,
    [attr('supported', 'Whether the operation is supported.', { ...boolean, required: true, ...readOnly })],
    {
      required: true,
      ...readOnly,
    },
  );
const integer = (name: string, description: string): AttributeDef =>
  attr(name, description, { type: 'integer', required: true, ...readOnly });

/** RFC 7643 §8.7.2, ServiceProviderConfig. */
const SPC_SCHEMA: SchemaDef = {
  id: SPC_URN,
  name: 'Service Provider Configuration',
  description: "Schema for representing the service provider's configuration",
  attributes: [
    attr('documentationUri', "An HTTP-addressable URL pointing to the service provider's help documentation.", {
      ...external,
      ...readOnly,
    }),
    supported('patch'),
    complex(
      'bulk',
      'Bulk configuration options.',
      [
        attr('supported', 'Whether the operation is supported.', { ...boolean, required: true, ...readOnly }),
        integer('maxOperations', 'The maximum number of operations.'),
        integer('maxPayloadSize', 'The maximum payload size in bytes.'),
      ],
      { required: true, ...readOnly },
    ),
    complex(
      'filter',
      'Filter options.',
      [
        attr('supported', 'Whether the operation is supported.', { ...boolean, required: true, ...readOnly }),
        integer('maxResults', 'The maximum number of resources returned in a response.'),
      ],
      { required: true, ...readOnly },
    ),
    supported('changePassword'),
    supported('sort'),
    supported('etag'),
    complex(
      'authenticationSchemes',
      'A complex type that specifies supported authentication scheme properties.',
      [
        attr('type', 'The authentication scheme.', {
          required: true,
          canonicalValues: ['oauth', 'oauth2', 'oauthbearertoken', 'httpbasic', 'httpdigest'],
          ...readOnly,
        }),
        attr('name', 'The common authentication scheme name.', { required: true, ...readOnly }),
        attr('description', 'A description of the authentication scheme.', { required: true, ...readOnly }),
        attr('specUri', "An HTTP-addressable URL pointing to the authentication scheme's specification.", {
          ...external,
          ...readOnly,
        }),
        attr(
          'documentationUri',
          "An HTTP-addressable URL pointing to the authentication scheme's usage documentation.",
          { ...external, ...readOnly },
        ),
        attr('primary', 'Whether this is the preferred authentication scheme.', { ...boolean, ...readOnly }),
      ],
      { multiValued: true, required: true, ...readOnly },
    ),
  ],
};

/** RFC 7643 §8.7.2, ResourceType. */
const RESOURCE_TYPE_SCHEMA: SchemaDef = {
  id: RESOURCE_TYPE_URN,
  name: 'ResourceType',
  description: 'Specifies the schema that describes a SCIM resource type',
  attributes: [
    attr('id', "The resource type's server unique id.", readOnly),
    attr('name', 'The resource type name.', { required: true, ...readOnly }),
    attr('description', "The resource type's human-readable description.", readOnly),
    attr('endpoint', "The resource type's HTTP-addressable endpoint relative to the Base URL.", {
      ...uri,
      required: true,
      ...readOnly,
    }),
    attr('schema', "The resource type's primary/base schema URI.", { ...uri, required: true, ...readOnly }),
    complex(
      'schemaExtensions',
      "A list of URIs of the resource type's schema extensions.",
      [
        attr('schema', 'The URI of a schema extension.', { ...uri, required: true, ...readOnly }),
        attr('required', 'Whether the schema extension is required for the resource type.', {
          ...boolean,
          required: true,
          ...readOnly,
        }),
      ],
      { multiValued: true, ...readOnly },
    ),
  ],
};

const characteristics: AttributeDef[] = [
  attr('name', "The attribute's name.", { required: true, caseExact: true, ...readOnly }),
  attr('type', "The attribute's data type.", {
    required: true,
    canonicalValues: ['string', 'complex', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'binary'],
    ...readOnly,
  }),
  attr('multiValued', 'Whether the attribute is multi-valued.', { ...boolean, required: true, ...readOnly }),
  attr('description', 'A human-readable description of the attribute.', { caseExact: true, ...readOnly }),
  attr('required', 'Whether the attribute is required.', { ...boolean, ...readOnly }),
  attr('canonicalValues', 'A collection of canonical values.', { multiValued: true, caseExact: true, ...readOnly }),
  attr('caseExact', 'Whether a string attribute is case sensitive.', { ...boolean, ...readOnly }),
  attr('mutability', 'Whether the attribute is mutable.', {
    canonicalValues: ['readOnly', 'readWrite', 'immutable', 'writeOnly'],
    ...readOnly,
  }),
  attr('returned', 'When the attribute is returned in a response.', {
    canonicalValues: ['always', 'never', 'default', 'request'],
    ...readOnly,
  }),
  attr('uniqueness', "The attribute's uniqueness.", { canonicalValues: ['none', 'server', 'global'], ...readOnly }),
  attr('referenceTypes', 'The names of the resource types that may be referenced.', {
    multiValued: true,
    caseExact: true,
    ...readOnly,
  }),
];

/** RFC 7643 §8.7.2, Schema. */
const SCHEMA_SCHEMA: SchemaDef = {
  id: SCHEMA_URN,
  name: 'Schema',
  description: 'Specifies the schema attribute',
  attributes: [
    attr('id', 'The unique URI of the schema.', { required: true, ...readOnly }),
    attr('name', 'The schema name.', readOnly),
    attr('description', "The schema's human-readable description.", readOnly),
    complex(
      'attributes',
      'A complex attribute that includes the attributes of a schema.',
      [
        ...characteristics,
        complex('subAttributes', 'Used to define the sub-attributes of a complex attribute.', characteristics, {
          multiValued: true,
          ...readOnly,
        }),
      ],
      { multiValued: true, required: true, ...readOnly },
    ),
  ],
};

function kind(
  name: ResourceKind['name'],
  endpoint: string,
  description: string,
  schema: SchemaDef,
  extensions: SchemaDef[],
): ResourceKind {
  return {
    name,
    endpoint,
    description,
    schema,
    extensions,
    attributes: [
      ...COMMON,
      ...schema.attributes,
      ...extensions.map((ext) => complex(ext.id, ext.description, [...ext.attributes])),
    ],
  };
}

/** The User resource type, with the enterprise extension (RFC 7643 §4.1, §4.3). */
export const USER = kind('User', '/Users', 'User Account', USER_SCHEMA, [ENTERPRISE_SCHEMA]);
/** The Group resource type (RFC 7643 §4.2). */
export const GROUP = kind('Group', '/Groups', 'Group', GROUP_SCHEMA, []);
/** Every resource type served, as listed by `/ResourceTypes`. */
export const KINDS: readonly ResourceKind[] = [USER, GROUP];

const ALL_SCHEMAS = [USER_SCHEMA, ENTERPRISE_SCHEMA, GROUP_SCHEMA, SPC_SCHEMA, RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA];

/** Whether `urn` names a schema this provider serves (case-insensitively). */
export function isKnownSchema(urn: string): boolean {
  return ALL_SCHEMAS.some((s) => s.id.toLowerCase() === urn.toLowerCase());
}

/** The definition named `name` in `defs`, matched case-insensitively (RFC 7643 §2.1). */
export function findDef(defs: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return defs?.find((d) => d.name.toLowerCase() === lower);
}

/** The definition of the attribute at `path` (segments as produced by `parseAttrPath`). */
export function attributeAt(kind: ResourceKind, path: readonly string[]): AttributeDef | undefined {
  let defs: readonly AttributeDef[] | undefined = kind.attributes;
  let def: AttributeDef | undefined;
  for (const segment of path) {
    def = findDef(defs, segment);
    defs = def?.subAttributes;
  }
  return def;
}

/**
 * A path whose first name no core attribute has but one extension declares, prefixed with that
 * extension's URN: Entra's legacy manager PATCH names path "manager" (doc §3 U9).
 */
export function qualify(kind: ResourceKind, path: readonly string[]): readonly string[] {
  if (path.length === 0 || attributeAt(kind, path.slice(0, 1))) return path;
  const owners = kind.extensions.filter((e) => findDef(e.attributes, path[0]));
  return owners.length === 1 ? [owners[0].id, ...path] : path;
}

function discoveryMeta(resourceType: string, location: string): JsonObject {
  return { resourceType, location };
}

/** The Schema resources served by `/Schemas` (RFC 7644 §4, RFC 7643 §7), declared User extensions included. */
export function schemaResources(baseUrl: string, userExtensions: readonly SchemaDef[] = []): JsonObject[] {
  return [...ALL_SCHEMAS, ...userExtensions].map((s) => ({
    schemas: [SCHEMA_URN],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes,
    meta: discoveryMeta('Schema', `${baseUrl}/Schemas/${s.id}`),
  }));
}

/** The ResourceType resources served by `/ResourceTypes` (RFC 7643 §6), declared User extensions included. */
export function resourceTypeResources(baseUrl: string, userExtensions: readonly SchemaDef[] = []): JsonObject[] {
  return KINDS.map((k) => ({
    schemas: [RESOURCE_TYPE_URN],
    id: k.name,
    name: k.name,
    endpoint: k.endpoint,
    description: k.description,
    schema: k.schema.id,
    schemaExtensions: [...k.extensions, ...(k === USER ? userExtensions : [])].map((ext) => ({
      schema: ext.id,
      required: false,
    })),
    meta: discoveryMeta('ResourceType', `${baseUrl}/ResourceTypes/${k.name}`),
  }));
}

/** The ServiceProviderConfig resource (RFC 7643 §5). */
export function serviceProviderConfig(baseUrl: string, maxResults: number): JsonObject {
  return {
    schemas: [SPC_URN],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication scheme using the OAuth Bearer Token Standard',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: discoveryMeta('ServiceProviderConfig', `${baseUrl}/ServiceProviderConfig`),
  };
}

const TYPES: readonly AttributeType[] = [
  'string',
  'boolean',
  'decimal',
  'integer',
  'dateTime',
  'binary',
  'reference',
  'complex',
];
const MUTABILITY = ['readOnly', 'readWrite', 'immutable', 'writeOnly'] as const;

/**
 * User schema extensions from JSON text: one Schema resource (RFC 7643 §7) or an array of them, each
 * with an `id` URN and `attributes` holding at least `name` and `type`; the other characteristics
 * default as RFC 7643 §2.2 says. Throws an Error naming what is wrong, at its JSON pointer.
 */
export function parseSchemaExtensions(text: string): SchemaDef[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((schema: unknown, i) => {
    const at = Array.isArray(parsed) ? `/${i}` : '';
    const s = schema as { id?: unknown; name?: unknown; description?: unknown; attributes?: unknown };
    if (typeof s?.id !== 'string' || !/^urn:[^:]+:.+:User$/i.test(s.id) || isKnownSchema(s.id)) {
      throw new Error(
        `${at || '/'}id: a User extension's schema URN is expected (ending in :User, not a standard one)`,
      );
    }
    if (!Array.isArray(s.attributes) || s.attributes.length === 0)
      throw new Error(`${at}/attributes: a non-empty array is expected`);
    return {
      id: s.id,
      name: typeof s.name === 'string' ? s.name : s.id.split(':').slice(-3, -2)[0],
      description: typeof s.description === 'string' ? s.description : `User extension ${s.id}`,
      attributes: s.attributes.map((a: unknown, j: number) => attributeFrom(a, `${at}/attributes/${j}`)),
    };
  });
}

function attributeFrom(value: unknown, at: string): AttributeDef {
  const a = value as Partial<Record<keyof AttributeDef, unknown>>;
  if (typeof a?.name !== 'string' || !/^[A-Za-z][\w$-]*$/.test(a.name))
    throw new Error(`${at}/name: an attribute name is expected`);
  if (!TYPES.includes(a.type as AttributeType)) throw new Error(`${at}/type: one of ${TYPES.join(', ')} is expected`);
  if (a.mutability !== undefined && !MUTABILITY.includes(a.mutability as (typeof MUTABILITY)[number])) {
    throw new Error(`${at}/mutability: one of ${MUTABILITY.join(', ')} is expected`);
  }
  return {
    name: a.name,
    type: a.type as AttributeType,
    multiValued: a.multiValued === true,
    description: typeof a.description === 'string' ? a.description : a.name,
    required: a.required === true,
    caseExact: a.caseExact === true,
    mutability: (a.mutability as AttributeDef['mutability'] | undefined) ?? 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...(Array.isArray(a.subAttributes) && {
      subAttributes: a.subAttributes.map((sub: unknown, k: number) => attributeFrom(sub, `${at}/subAttributes/${k}`)),
    }),
  };
}
