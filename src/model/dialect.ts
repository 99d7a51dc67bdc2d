import type { Dialect } from '../scenario/types.js';
import { setAttribute } from './attributes.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Operation = Record<string, unknown>;

/** A PatchOp message (RFC 7644 §3.5.2). */
const patchOp = (operations: Operation[]) => ({ schemas: [PATCH_OP], Operations: operations });

/** Entra's default dialect capitalises ops; aadOptscim062020, RFC 7644 and Okta clients use lower case. */
const op = (dialect: Dialect, name: 'add' | 'replace' | 'remove') =>
  dialect === 'entra' ? `${name[0].toUpperCase()}${name.slice(1)}` : name;

/**
 * A PATCH setting attributes by SCIM path, null removing one (RFC 7644 §3.5.2.2, §3.5.2.3), in the
 * profile's dialect (Entra SCIM compliance doc §8): Entra's default sends one op per attribute with a
 * path and booleans as "True"/"False"; aadOptscim062020 folds single-valued replaces into one
 * path-less op with dotted and URN-prefixed keys; RFC 7644 and Okta fold them into nested objects
 * (Okta's deactivation is `{"op":"replace","value":{"active":false}}`, docs/okta-scim-behaviour.md O7).
 * Removals and value-filter paths (`emails[type eq "work"].value`) keep their path in every dialect.
 */
export function setAttributes(dialect: Dialect, values: ReadonlyArray<readonly [string, unknown]>) {
  if (dialect === 'entra') {
    return patchOp(
      values.map(([path, value]) =>
        value === null
          ? { op: op(dialect, 'remove'), path }
          : {
              op: op(dialect, 'replace'),
              path,
              value: typeof value === 'boolean' ? (value ? 'True' : 'False') : value,
            },
      ),
    );
  }
  const withPath = values.filter(([path, value]) => value === null || path.includes('['));
  const folded: Record<string, unknown> = {};
  for (const [path, value] of values.filter((entry) => !withPath.includes(entry))) {
    if (dialect === 'aadOptscim062020') folded[path] = value;
    else setAttribute(folded, path, value);
  }
  return patchOp([
    ...withPath.map(([path, value]) =>
      value === null ? { op: op(dialect, 'remove'), path } : { op: op(dialect, 'replace'), path, value },
    ),
    ...(Object.keys(folded).length > 0 ? [{ op: op(dialect, 'replace'), value: folded }] : []),
  ]);
}

/** A member to add: its id and the display name Okta sends beside it. */
export interface Member {
  id: string;
  display: string;
}

/**
 * Adds members (RFC 7644 §3.5.2.1): Entra's default dialect sends `$ref: null` beside each value,
 * Okta the member's `display` (its userName; docs/okta-scim-behaviour.md O12).
 */
export function addMembers(dialect: Dialect, members: readonly Member[]) {
  const value = members.map(({ id, display }) =>
    dialect === 'entra' ? { $ref: null, value: id } : dialect === 'okta' ? { value: id, display } : { value: id },
  );
  return patchOp([{ op: op(dialect, 'add'), path: 'members', value }]);
}

/** Renames a group; Okta's path-less replace carries the group's `id` beside displayName (docs/okta-scim-behaviour.md O11). */
export function renameGroup(dialect: Dialect, id: string, displayName: string) {
  return dialect === 'okta'
    ? patchOp([{ op: 'replace', value: { id, displayName } }])
    : setAttributes(dialect, [['displayName', displayName]]);
}

/**
 * Removes members (RFC 7644 §3.5.2.2): Entra's default dialect lists them as the value of path
 * `members`; aadOptscim062020, RFC 7644 and Okta clients name each by a `members[value eq "…"]` filter.
 */
export function removeMembers(dialect: Dialect, ids: readonly string[]) {
  if (dialect === 'entra') {
    return patchOp([{ op: 'Remove', path: 'members', value: ids.map((id) => ({ $ref: null, value: id })) }]);
  }
  return patchOp(ids.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` })));
}
