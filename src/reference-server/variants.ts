import { badRequest } from './errors.js';
import type { Filter } from './filter.js';
import type { Behaviour, Hooks } from './faults.js';
import { isObject, type JsonObject } from './json.js';
import { ENTERPRISE_URN, GROUP, USER } from './schemas.js';

/**
 * Behaviours RFC 7643/7644 and Microsoft Entra ID allow but the reference server does not show by
 * default: the tolerance matrix runs the harness against each and expects no failed MUST check.
 * They bend the same hook points as the faults (faults.ts).
 */

/** The operators Entra filters with (doc §3 U3, §4 GR3); everything else is optional. */
const ENTRA_OPERATORS: ReadonlySet<string> = new Set(['eq', 'and']);

/** The first operator of `filter` outside eq/and; a value path (`emails[…]`) counts as one. */
function optionalOperator(filter: Filter): string | undefined {
  switch (filter.op) {
    case 'and':
      return optionalOperator(filter.left) ?? optionalOperator(filter.right);
    case 'has':
      return '[] (value path)';
    default:
      return ENTRA_OPERATORS.has(filter.op) ? undefined : filter.op;
  }
}

/** User attributes outside Entra's default mapping of a custom app (doc §7.9). */
const UNMAPPED_USER = [
  'nickName',
  'profileUrl',
  'userType',
  'locale',
  'timezone',
  'x509Certificates',
  'entitlements',
  'ims',
  'photos',
  'roles',
];
const UNMAPPED_ENTERPRISE = ['costCenter', 'organization', 'division'];
const UNMAPPED: Readonly<Record<string, readonly string[]>> = {
  [USER.schema.id]: UNMAPPED_USER,
  [ENTERPRISE_URN]: UNMAPPED_ENTERPRISE,
};

const without = (object: JsonObject, names: readonly string[]): JsonObject =>
  Object.fromEntries(
    Object.entries(object).filter(([key]) => !names.some((n) => n.toLowerCase() === key.toLowerCase())),
  );

function claims(feature: string, supported: boolean): Hooks['serviceProviderConfig'] {
  return (spc) => ({ ...spc, [feature]: { ...(spc[feature] as JsonObject), supported } });
}

const DISCOVERY = /\/(?:serviceproviderconfig|resourcetypes|schemas)(?:\/|$)/i;

export const VARIANT_REGISTRY: readonly Behaviour[] = [
  {
    name: 'filter-eq-and-only',
    description:
      'Filters with any operator but eq and and (sw, co, pr, or, not, value paths…) get 400 invalidFilter (RFC 7644 §3.12).',
    hooks: {
      filter: (filter) => {
        const op = filter && optionalOperator(filter);
        if (op) throw badRequest('invalidFilter', `filter operator ${op} is not supported`);
        return filter;
      },
    },
  },
  {
    name: 'sort-unsupported',
    description: 'No sorting: sortBy is ignored and ServiceProviderConfig says sort.supported false.',
    hooks: { sortBy: () => undefined, serviceProviderConfig: claims('sort', false) },
  },
  {
    name: 'etag-unsupported',
    description:
      'No ETags: no ETag header, If-Match/If-None-Match ignored, ServiceProviderConfig says etag.supported false.',
    hooks: {
      headers: ({ etag: _etag, ...rest }) => rest,
      preconditions: () => false,
      serviceProviderConfig: claims('etag', false),
    },
  },
  {
    name: 'bulk-not-found',
    description: '/Bulk is no endpoint at all (404 instead of 501); ServiceProviderConfig says bulk.supported false.',
    hooks: { unimplementedStatus: (status, endpoint) => (endpoint === 'bulk' ? 404 : status) },
  },
  {
    name: 'me-not-found',
    description: '/Me is no endpoint at all (404 instead of 501, RFC 7644 §3.11).',
    hooks: { unimplementedStatus: (status, endpoint) => (endpoint === 'me' ? 404 : status) },
  },
  {
    name: 'patch-200-resource',
    description: 'Every successful PATCH, groups included, answers 200 with the resource.',
    hooks: { patchStatus: () => 200 },
  },
  {
    name: 'patch-204-no-content',
    description: 'Every successful PATCH, users included, answers 204 without a body.',
    hooks: { patchStatus: () => 204 },
  },
  {
    name: 'members-without-display',
    description: 'Group members carry value and $ref but no display (display is OPTIONAL, RFC 7643 §4.2).',
    hooks: {
      render: (rep) =>
        Array.isArray(rep.members)
          ? { ...rep, members: rep.members.map((m) => (isObject(m) ? without(m, ['display']) : m)) }
          : rep,
    },
  },
  {
    name: 'entra-mapping-only',
    description:
      "Attributes outside Entra's default mapping (nickName, profileUrl, userType, locale, …) are neither declared in /Schemas nor stored.",
    hooks: {
      schemaResources: (resources) =>
        resources.map((schema) => {
          const unmapped = UNMAPPED[String(schema.id)];
          return unmapped && Array.isArray(schema.attributes)
            ? {
                ...schema,
                attributes: schema.attributes.filter((a) => !(isObject(a) && unmapped.includes(String(a.name)))),
              }
            : schema;
        }),
      incoming: (data, kind) => {
        if (kind.name !== 'User') return data;
        const enterprise = data[ENTERPRISE_URN];
        const kept = without(data, UNMAPPED_USER);
        return isObject(enterprise) ? { ...kept, [ENTERPRISE_URN]: without(enterprise, UNMAPPED_ENTERPRISE) } : kept;
      },
    },
  },
  {
    name: 'emails-lower-case',
    description: 'Email values are stored lower-cased (emails.value is caseExact false, RFC 7643 §4.1.2).',
    hooks: {
      incoming: (data) =>
        Array.isArray(data.emails)
          ? {
              ...data,
              emails: data.emails.map((e) =>
                isObject(e) && typeof e.value === 'string' ? { ...e, value: e.value.toLowerCase() } : e,
              ),
            }
          : data,
    },
  },
  {
    name: 'meta-location-relative',
    description: 'meta.location is a relative reference, the path below the host (RFC 7643 §2.3.7).',
    hooks: {
      render: (rep) => {
        const meta = rep.meta;
        if (!isObject(meta) || typeof meta.location !== 'string') return rep;
        return { ...rep, meta: { ...meta, location: new URL(meta.location).pathname } };
      },
    },
  },
  {
    name: 'page-size-1',
    description: 'A server-side page size of one: itemsPerPage is below the count asked for (RFC 7644 §3.4.2.4).',
    hooks: { page: ({ startIndex, count }) => ({ startIndex, count: Math.min(count, 1) }) },
  },
  {
    name: 'group-description-undeclared',
    description:
      'Groups have no description: /Schemas does not declare it and it is not stored (it is no RFC 7643 attribute).',
    hooks: {
      schemaResources: (resources) =>
        resources.map((schema) =>
          schema.id === GROUP.schema.id && Array.isArray(schema.attributes)
            ? { ...schema, attributes: schema.attributes.filter((a) => !(isObject(a) && a.name === 'description')) }
            : schema,
        ),
      incoming: (data, kind) => (kind === GROUP ? without(data, ['description']) : data),
    },
  },
  {
    name: 'manager-reference-dropped',
    description:
      "Deleting a user removes it as other users' manager (RFC 7643 §2.3.7: a provider MAY enforce referential integrity).",
    hooks: { dropManagerReferences: () => true },
  },
  {
    name: 'discovery-without-token',
    description: '/ServiceProviderConfig, /ResourceTypes and /Schemas answer without a bearer token (RFC 7644 §4).',
    hooks: { authorize: (accepted, path) => accepted || DISCOVERY.test(path) },
  },
  {
    name: 'list-order-by-id',
    description:
      "Queries without sortBy list resources in id order, not creation order; the order is the service provider's (RFC 7644 §3.4.2.3), stable from page to page.",
    hooks: { sortBy: (path) => path ?? ['id'] },
  },
];

/** The allowed behaviours a reference server can be started with (`serve --variant NAME`). */
export const VARIANTS: ReadonlyArray<{ readonly name: string; readonly description: string }> = VARIANT_REGISTRY.map(
  ({ name, description }) => ({ name, description }),
);
