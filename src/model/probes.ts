import type { CheckUse, Dialect } from '../scenario/types.js';
import { ENTERPRISE_URN } from './attributes.js';
import { addMembers, removeMembers, renameGroup, setAttributes } from './dialect.js';
import {
  captured,
  groupState,
  groupValues,
  hasEnterprise,
  userState,
  userValue,
  userValues,
  type ModelGroup,
  type ModelUser,
} from './model.js';
import type { Probe } from './session.js';
import { eqFilterPath, swapCase } from './template-text.js';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** The `property.*` state checks (src/checks/property.ts). */
export type StateCheck =
  'property.read-back' | 'property.patch-model' | 'property.member-readd' | 'property.model-state';

const userPath = (user: ModelUser) => `/Users/${captured(user.label)}`;
const groupPath = (group: ModelGroup) => `/Groups/${captured(group.label)}`;
const state = (check: StateCheck, args: object): CheckUse => ({ id: check, args: { ...args } });

/** POST the user as Entra creates it (RFC 7644 §3.3): what is sent must be what is stored. */
export function createUser(user: ModelUser): Probe {
  return {
    name: `Create user ${user.label}`,
    method: 'POST',
    path: '/Users',
    body: { schemas: [CORE_USER, ...(hasEnterprise(user) ? [ENTERPRISE_URN] : [])], ...userValues(user) },
    checks: [state('property.read-back', userState(user)), { id: 'resource.id', args: {} }],
    creates: user.label,
  };
}

/** GET the user by id (RFC 7644 §3.4.1) and compare it with the model through `check`. */
export function readUser(user: ModelUser, check: StateCheck): Probe {
  return {
    name: `Read user ${user.label}`,
    method: 'GET',
    path: userPath(user),
    checks: [state(check, userState(user))],
  };
}

/** How Entra matches a user (Entra R4): by userName as sent, in another case, or by externalId. */
export type Lookup = 'userName' | 'userNameCase' | 'externalId';

const LOOKUPS: Record<Lookup, { attribute: string; check: string; variant: (value: string) => string }> = {
  userName: { attribute: 'userName', check: 'property.filter-username', variant: (value) => value },
  userNameCase: { attribute: 'userName', check: 'property.filter-username-case', variant: swapCase },
  externalId: { attribute: 'externalId', check: 'property.filter-external-id', variant: (value) => value },
};

/** Query the user by a filter (RFC 7644 §3.4.2.2); exactly it must be found. */
export function findUser(user: ModelUser, lookup: Lookup): Probe {
  const { attribute, check, variant } = LOOKUPS[lookup];
  return {
    name: `Find user ${user.label} by ${lookup}`,
    method: 'GET',
    path: eqFilterPath('/Users', attribute, variant(userValues(user)[attribute] as string)),
    checks: [{ id: check, args: { id: captured(user.label) } }],
  };
}

/** POST another user whose userName differs only in case: 409 (RFC 7643 §4.1.1, RFC 7644 §3.3). */
export function createDuplicate(user: ModelUser): Probe {
  const { userName, externalId } = userValues(user);
  return {
    name: `Create a user whose userName is ${user.label}'s in another case`,
    method: 'POST',
    path: '/Users',
    body: { schemas: [CORE_USER], userName: swapCase(userName as string), externalId: `${externalId}.duplicate` },
    checks: [{ id: 'property.username-unique', args: {} }],
    creates: `${user.label}-duplicate`,
  };
}

/** PATCH the attributes at `paths` to the user's (already updated) model values. */
export function patchUser(user: ModelUser, dialect: Dialect, paths: readonly string[], check: StateCheck): Probe {
  return {
    name: `Update ${paths.join(', ')} of user ${user.label}`,
    method: 'PATCH',
    path: userPath(user),
    body: setAttributes(
      dialect,
      paths.map((path) => [path, userValue(user, path)] as const),
    ),
    checks: [state(check, userState(user))],
  };
}

/** PUT the whole user as the model holds it (RFC 7644 §3.5.1), `active` included, as Okta updates a profile. */
function putUser(user: ModelUser, paths: readonly string[], check: StateCheck): Probe {
  return {
    name: `Replace user ${user.label} by PUT (${paths.join(', ')} changed)`,
    method: 'PUT',
    path: userPath(user),
    body: {
      schemas: [CORE_USER, ...(hasEnterprise(user) ? [ENTERPRISE_URN] : [])],
      id: captured(user.label),
      ...userValues(user),
    },
    checks: [state(check, userState(user))],
  };
}

/** A profile update in the profile's dialect: Okta PUTs the whole user, Entra and RFC clients PATCH what changed. */
export const updateUser = (user: ModelUser, dialect: Dialect, paths: readonly string[], check: StateCheck): Probe =>
  dialect === 'okta' ? putUser(user, paths, check) : patchUser(user, dialect, paths, check);

/** DELETE (RFC 7644 §3.6: 204) and the GET that must then answer 404. */
export function deleteResource(label: string, endpoint: '/Users' | '/Groups'): Probe[] {
  const path = `${endpoint}/${captured(label)}`;
  return [
    { name: `Delete ${label}`, method: 'DELETE', path, checks: [{ id: 'http.status', args: { expected: 204 } }] },
    { name: `${label} is gone`, method: 'GET', path, checks: [{ id: 'http.status', args: { expected: 404 } }] },
  ];
}

/** POST the group empty, as Entra does, then members follow by PATCH (Entra "Create Group"). */
export function createGroup(group: ModelGroup): Probe {
  return {
    name: `Create group ${group.label}`,
    method: 'POST',
    path: '/Groups',
    body: { schemas: [CORE_GROUP], ...groupValues(group) },
    checks: [state('property.read-back', groupState(group)), { id: 'resource.id', args: {} }],
    creates: group.label,
  };
}

/** GET the group by id and compare it with the model through `check`, members included. */
export function readGroup(group: ModelGroup, check: StateCheck): Probe {
  return {
    name: `Read group ${group.label}`,
    method: 'GET',
    path: groupPath(group),
    checks: [state(check, groupState(group))],
  };
}

/** PATCH a group with `body`; its response is checked against the group's (already updated) model state. */
function patchGroup(group: ModelGroup, name: string, body: unknown, check: StateCheck): Probe {
  return { name, method: 'PATCH', path: groupPath(group), body, checks: [state(check, groupState(group))] };
}

/** Adds users to a group in the profile's dialect; the model must already hold them as members. */
export function addMembersProbe(
  group: ModelGroup,
  users: readonly ModelUser[],
  dialect: Dialect,
  check: StateCheck,
): Probe {
  const labels = users.map((user) => user.label);
  return patchGroup(
    group,
    `Add ${labels.join(', ')} to group ${group.label}`,
    addMembers(
      dialect,
      users.map((user) => ({ id: captured(user.label), display: userValues(user).userName as string })),
    ),
    check,
  );
}

/** Removes members from a group in the profile's dialect; the model must already have dropped them. */
export function removeMembersProbe(group: ModelGroup, users: readonly ModelUser[], dialect: Dialect): Probe {
  const labels = users.map((user) => user.label);
  const body = removeMembers(dialect, labels.map(captured));
  return patchGroup(group, `Remove ${labels.join(', ')} from group ${group.label}`, body, 'property.patch-model');
}

/** Renames a group in the profile's dialect. */
export function renameGroupProbe(group: ModelGroup, dialect: Dialect): Probe {
  const { displayName } = groupValues(group);
  return patchGroup(
    group,
    `Rename group ${group.label}`,
    renameGroup(dialect, captured(group.label), displayName as string),
    'property.patch-model',
  );
}
