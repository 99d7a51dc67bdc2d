/**
 * The requests of Entra's provisioning cycle, in the shapes the scenarios under scenarios/entra/
 * send one at a time (Entra: "Develop and plan provisioning for a SCIM endpoint", User and Group
 * Operations; the aadOptscim062020 and RFC 7644 dialects as in the profiles).
 */
import type { HttpRequest } from '../http/types.js';
import { WORK_EMAIL } from '../model/attributes.js';
import { loadMapping } from '../model/mapping.js';
import type { Dialect, Mapping } from '../scenario/types.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Microsoft's own group schema URN, which Entra adds to every group it creates. */
const AD_GROUP_URN = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The family name every user is created with; the incremental cycle changes it for some. */
export const INITIAL_FAMILY_NAME = 'User';

export interface UserSpec {
  userName: string;
  externalId: string;
  /** Its work email, for the mappings that send one. */
  email: string;
}

export interface GroupSpec {
  displayName: string;
  externalId: string;
}

/** Entra's default dialect capitalises PATCH ops; the others write them in lower case. */
const op = (name: 'add' | 'remove' | 'replace', dialect: Dialect) =>
  dialect === 'entra' ? name[0].toUpperCase() + name.slice(1) : name;

const patch = (path: string, operations: unknown[]): HttpRequest => ({
  method: 'PATCH',
  path,
  body: { schemas: [PATCH_OP_URN], Operations: operations },
});

/** Entra R4: the lookup that precedes every create, by the matching attribute. */
export const findUser = (userName: string): HttpRequest => ({
  method: 'GET',
  path: '/Users',
  query: [['filter', `userName eq "${userName}"`]],
});

/** Entra R5: groups are looked up by displayName without their members. */
export const findGroup = (displayName: string): HttpRequest => ({
  method: 'GET',
  path: '/Groups',
  query: [
    ['excludedAttributes', 'members'],
    ['filter', `displayName eq "${displayName}"`],
  ],
});

/** Entra's create body with its default user mappings; mappings without the work email (Zscaler's) send fewer attributes. */
export function createUser(user: UserSpec, mapping: Mapping): HttpRequest {
  const entraOnly = loadMapping(mapping).objects.User.attributes.includes(WORK_EMAIL) && {
    emails: [{ primary: true, type: 'work', value: user.email }],
    meta: { resourceType: 'User' },
    roles: [],
  };
  return {
    method: 'POST',
    path: '/Users',
    body: {
      schemas: [USER_URN, ENTERPRISE_URN],
      externalId: user.externalId,
      userName: user.userName,
      active: true,
      displayName: 'Load User',
      ...entraOnly,
      name: { familyName: INITIAL_FAMILY_NAME, givenName: 'Load' },
      [ENTERPRISE_URN]: { department: 'Finance' },
    },
  };
}

/** Groups are created empty, with Microsoft's schema URN; members follow by PATCH (Entra "Create Group"). */
export function createGroup(group: GroupSpec, dialect: Dialect): HttpRequest {
  const entraOnly = dialect !== 'rfc7644' && { meta: { resourceType: 'Group' } };
  return {
    method: 'POST',
    path: '/Groups',
    body: {
      schemas: dialect === 'rfc7644' ? [GROUP_URN] : [GROUP_URN, AD_GROUP_URN],
      externalId: group.externalId,
      displayName: group.displayName,
      members: [],
      ...entraOnly,
    },
  };
}

/** Entra "Update Group [Add Members]": several members in one Add. */
export const addMembers = (groupId: string, memberIds: readonly string[], dialect: Dialect) =>
  patch(`/Groups/${groupId}`, [
    {
      op: op('add', dialect),
      path: 'members',
      value: memberIds.map((value) => (dialect === 'entra' ? { $ref: null, value } : { value })),
    },
  ]);

/** Entra "Update Group [Remove Members]": a value list on path "members", or a filter path once flagged. */
export const removeMember = (groupId: string, memberId: string, dialect: Dialect) =>
  patch(`/Groups/${groupId}`, [
    dialect === 'entra'
      ? { op: 'Remove', path: 'members', value: [{ $ref: null, value: memberId }] }
      : { op: 'remove', path: `members[value eq "${memberId}"]` },
  ]);

/** Entra "Update User [Single-valued properties]": one op per attribute, or a path-less replace once flagged. */
export function setFamilyName(userId: string, familyName: string, dialect: Dialect): HttpRequest {
  const operation =
    dialect === 'entra'
      ? { op: 'Replace', path: 'name.familyName', value: familyName }
      : dialect === 'aadOptscim062020'
        ? { op: 'replace', value: { 'name.familyName': familyName } }
        : { op: 'replace', value: { name: { familyName } } };
  return patch(`/Users/${userId}`, [operation]);
}

/** Entra "Disable User": the default dialect sends the boolean as the string "False". */
export const disableUser = (userId: string, dialect: Dialect) =>
  patch(`/Users/${userId}`, [
    { op: op('replace', dialect), path: 'active', value: dialect === 'entra' ? 'False' : false },
  ]);

export const deleteResource = (path: string): HttpRequest => ({ method: 'DELETE', path });
