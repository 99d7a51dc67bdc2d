import type { Dialect } from '../../scenario/types.js';
import type { ScimModel } from '../model.js';
import { addMembersProbe, readGroup } from '../probes.js';
import type { Session } from '../session.js';
import { GroupCommand, pick } from './command.js';

/**
 * Add users to a group in one PATCH (Entra "Update Group [Add Members]"); when some already are
 * members this is a re-add, which must change nothing (RFC 7644 §3.5.2.1).
 */
export class AddMembers extends GroupCommand {
  readonly #users: readonly number[];
  readonly #dialect: Dialect;

  constructor(group: number, users: readonly number[], dialect: Dialect) {
    super('AddMembers', group);
    this.#users = users;
    this.#dialect = dialect;
  }

  override check(model: Readonly<ScimModel>): boolean {
    return super.check(model) && model.users.length > 0;
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const group = this.target(model);
    const users = [...new Set(this.#users.map((index) => pick(model.users, index)))];
    const readd = users.some((user) => group.members.includes(user.label));
    this.did(session, `AddMembers ${users.map((user) => user.label).join(', ')} to ${group.label}`);
    model.addMembers(group, users);
    const check = readd ? 'property.member-readd' : 'property.patch-model';
    await session.send(addMembersProbe(group, users, this.#dialect, check));
    await session.send(readGroup(group, check));
  }
}
