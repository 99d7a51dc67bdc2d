import type { Dialect } from '../../scenario/types.js';
import type { ScimModel } from '../model.js';
import { addMembersProbe, findUser, readGroup } from '../probes.js';
import type { Session } from '../session.js';
import { ModelCommand } from './command.js';

/**
 * Restart provisioning (Entra "How provisioning works": a new initial cycle): every user is matched
 * again by userName in another case and by externalId, and every member Entra knows is re-added.
 */
export class Restart extends ModelCommand {
  readonly #dialect: Dialect;

  constructor(dialect: Dialect) {
    super('Restart');
    this.#dialect = dialect;
  }

  check(model: Readonly<ScimModel>): boolean {
    return model.users.length > 0;
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    this.did(session, 'Restart');
    for (const user of model.users) {
      await session.send(findUser(user, 'userNameCase'));
      await session.send(findUser(user, 'externalId'));
    }
    for (const group of model.groups.filter((candidate) => candidate.members.length > 0)) {
      const members = model.users.filter((user) => group.members.includes(user.label));
      await session.send(addMembersProbe(group, members, this.#dialect, 'property.member-readd'));
      await session.send(readGroup(group, 'property.member-readd'));
    }
  }
}
