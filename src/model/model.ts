import { resolvePointer } from '../checks/json.js';
import { attributeKeys, ENTERPRISE_URN, setAttribute, WORK_EMAIL } from './attributes.js';
import type { GroupSpec, UserChange, UserSpec } from './arbitraries.js';

const TAG = '{{run.tag}}';

/** The id the target gave the resource with this label, as a template (`{{captures.u1}}`). */
export const captured = (label: string) => `{{captures.${label}}}`;

/** A User as the model knows it: the generated parts of its values, and what a PATCH removed. */
export interface ModelUser {
  /** Unique per case (`u1`, `u2`, …): the capture name of its id and part of its userName. */
  readonly label: string;
  userName: string;
  readonly externalId: string;
  displayName: string;
  email?: string;
  active: boolean;
  attributes: Map<string, string>;
  removed: Set<string>;
}

export interface ModelGroup {
  readonly label: string;
  displayName: string;
  readonly externalId: string;
  /** Labels of the member users, in the order they were added. */
  members: string[];
}

/** What a resource must look like on the target: the `property.*` state check arguments. */
export interface ExpectedState {
  expected: Record<string, unknown>;
  absent?: string[];
}

/**
 * The small, independent SCIM model the target is compared with (RFC 7643 §4, RFC 7644 §3): users
 * and groups as plain values, case-insensitively unique userNames and group displayNames by
 * construction (every name holds its label), members dropped when their user is deleted (RFC 7644
 * §3.6). It shares no code with the reference server.
 */
export class ScimModel {
  readonly users: ModelUser[] = [];
  readonly groups: ModelGroup[] = [];
  #created = 0;

  addUser(spec: UserSpec): ModelUser {
    const user: ModelUser = {
      label: `u${++this.#created}`,
      userName: spec.userName,
      externalId: spec.externalId,
      displayName: spec.displayName,
      ...(spec.email !== undefined && { email: spec.email }),
      active: spec.active,
      attributes: new Map(
        Object.entries(spec.attributes).flatMap(([path, value]) => (value === undefined ? [] : [[path, value]])),
      ),
      removed: new Set(),
    };
    this.users.push(user);
    return user;
  }

  addGroup(spec: GroupSpec): ModelGroup {
    const group: ModelGroup = { label: `g${++this.#created}`, ...spec, members: [] };
    this.groups.push(group);
    return group;
  }

  /** A PATCH's effect: set or remove each attribute (RFC 7644 §3.5.2.2, §3.5.2.3). */
  change(user: ModelUser, changes: readonly UserChange[]): void {
    for (const { path, value } of changes) {
      if (path === 'active') user.active = value as boolean;
      else if (path === 'userName') user.userName = value as string;
      else if (path === 'displayName') user.displayName = value as string;
      else if (path === WORK_EMAIL) user.email = value as string;
      else if (value === null) {
        user.attributes.delete(path);
        user.removed.add(path);
      } else {
        user.attributes.set(path, value as string);
        user.removed.delete(path);
      }
    }
  }

  /** Adds users not yet members; re-adding one changes nothing (RFC 7644 §3.5.2.1). */
  addMembers(group: ModelGroup, users: readonly ModelUser[]): void {
    for (const { label } of users) if (!group.members.includes(label)) group.members.push(label);
  }

  removeMembers(group: ModelGroup, users: readonly ModelUser[]): void {
    group.members = group.members.filter((label) => !users.some((user) => user.label === label));
  }

  /** Deletes a user, which leaves every group (RFC 7644 §3.6); returns the groups it left. */
  deleteUser(user: ModelUser): ModelGroup[] {
    this.users.splice(this.users.indexOf(user), 1);
    const left = this.groups.filter((group) => group.members.includes(user.label));
    for (const group of left) this.removeMembers(group, [user]);
    return left;
  }

  deleteGroup(group: ModelGroup): void {
    this.groups.splice(this.groups.indexOf(group), 1);
  }
}

/**
 * The changes Entra would send: it removes only attributes that have a value, so removing one the
 * user lacks is dropped (RFC 7644 §3.5.2.2 would make it a no-op anyway).
 */
export function applicableChanges(user: ModelUser, changes: readonly UserChange[]): UserChange[] {
  return changes.filter(({ path, value }) => value !== null || user.attributes.has(path));
}

/** The values sent for a user: the generated parts with the run tag and label (templates). */
export function userValues(user: ModelUser): Record<string, unknown> {
  const values: Record<string, unknown> = {
    userName: `${TAG}.${user.label}.${user.userName}@contoso.example`,
    externalId: `${TAG}.${user.label}.${user.externalId}`,
    displayName: `${TAG} ${user.displayName}`,
    active: user.active,
  };
  if (user.email !== undefined) {
    values.emails = [{ type: 'work', primary: true, value: `${TAG}.${user.label}.${user.email}@mail.contoso.example` }];
  }
  for (const [path, value] of user.attributes) setAttribute(values, path, value);
  return values;
}

/** The value sent for one attribute of a user, by SCIM path; null once removed. */
export function userValue(user: ModelUser, path: string): unknown {
  if (user.removed.has(path)) return null;
  const pointer = path === WORK_EMAIL ? '/emails/0/value' : `/${attributeKeys(path).join('/')}`;
  return resolvePointer(userValues(user), pointer);
}

/** Whether the user carries enterprise extension attributes (its URN then belongs in `schemas`). */
export const hasEnterprise = (user: ModelUser) => [...user.attributes.keys()].some((p) => p.startsWith(ENTERPRISE_URN));

/** What the target must hold for a user: the values sent, and what a PATCH removed unassigned. */
export function userState(user: ModelUser): ExpectedState {
  const absent = [...user.removed].map((path) => `/${attributeKeys(path).join('/')}`);
  return { expected: userValues(user), ...(absent.length > 0 && { absent }) };
}

/** The values sent for a group (RFC 7643 §4.2): displayName and externalId with the run tag and label. */
export function groupValues(group: ModelGroup): Record<string, unknown> {
  return {
    displayName: `${TAG} ${group.label} ${group.displayName}`,
    externalId: `${TAG}.${group.label}.${group.externalId}`,
  };
}

/** What the target must hold for a group: its values and exactly its members, none when empty. */
export function groupState(group: ModelGroup): ExpectedState {
  return group.members.length > 0
    ? {
        expected: {
          ...groupValues(group),
          members: group.members.map((label) => ({ value: captured(label) })),
        },
      }
    : { expected: groupValues(group), absent: ['/members'] };
}
