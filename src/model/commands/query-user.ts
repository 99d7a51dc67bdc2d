import type { ScimModel } from '../model.js';
import { findUser } from '../probes.js';
import type { Session } from '../session.js';
import { UserCommand } from './command.js';

/** Look a user up as Entra matches it (Entra R4): userName, userName in another case, externalId. */
export class QueryUser extends UserCommand {
  constructor(index: number) {
    super('QueryUser', index);
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const user = this.target(model);
    this.did(session, `QueryUser ${user.label}`);
    await session.send(findUser(user, 'userName'));
    await session.send(findUser(user, 'userNameCase'));
    await session.send(findUser(user, 'externalId'));
  }
}
