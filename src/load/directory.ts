import { randomUUID } from 'node:crypto';
import { INITIAL_FAMILY_NAME, type GroupSpec, type UserSpec } from './requests.js';

/** A user's attributes that the cycle sets and the verification reads back. */
export interface ExpectedUser {
  userName: string;
  active: boolean;
  name: { familyName: string };
}

export const UPDATED_FAMILY_NAME = 'Updated';

/**
 * The users and groups of one cycle: names that all carry the run tag (so filtered queries can count
 * them), the ids the target gave them, and the state the cycle means them to end in. User `i`
 * starts in group `i mod groups`; the incremental cycle records what it changes here.
 */
export class Directory {
  readonly userIds: Array<string | undefined>;
  readonly groupIds: Array<string | undefined>;
  readonly updated = new Set<number>();
  readonly disabled = new Set<number>();
  /** User index → the group it was moved to. */
  readonly moved = new Map<number, number>();
  /** Every userName and displayName of the cycle starts with these. */
  readonly userPrefix: string;
  readonly groupPrefix: string;
  constructor(runTag: string, users: number, groups: number) {
    this.userIds = new Array<string | undefined>(users);
    this.groupIds = new Array<string | undefined>(groups);
    this.userPrefix = `${runTag}.cycle.`;
    this.groupPrefix = `${runTag} Cycle `;
  }

  get users(): number {
    return this.userIds.length;
  }

  get groups(): number {
    return this.groupIds.length;
  }

  userName(i: number): string {
    return `${this.userPrefix}${i}@Contoso.example`;
  }

  displayName(j: number): string {
    return `${this.groupPrefix}${j}`;
  }

  /** A user as Entra creates it; its externalId stands for the Entra object id Entra sends. */
  newUser(i: number): UserSpec {
    return {
      userName: this.userName(i),
      externalId: randomUUID(),
      email: `${this.userPrefix}${i}@mail.contoso.example`,
    };
  }

  newGroup(j: number): GroupSpec {
    return { displayName: this.displayName(j), externalId: randomUUID() };
  }

  /** Ids of the users first assigned to group `j`. */
  initialMembers(j: number): string[] {
    const ids: string[] = [];
    for (let i = j; i < this.users; i += this.groups) {
      const id = this.userIds[i];
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }

  /** Ids of the users group `j` should hold once the incremental cycle is done. */
  finalMembers(j: number): Set<string> {
    const ids = new Set(this.initialMembers(j));
    for (const [i, to] of this.moved) {
      const id = this.userIds[i];
      if (id === undefined) continue;
      if (to === j) ids.add(id);
      else ids.delete(id);
    }
    return ids;
  }

  expectedUser(i: number): ExpectedUser {
    return {
      userName: this.userName(i),
      active: !this.disabled.has(i),
      name: { familyName: this.updated.has(i) ? UPDATED_FAMILY_NAME : INITIAL_FAMILY_NAME },
    };
  }
}
