import type { ScimModel } from '../model.js';
import { createDuplicate } from '../probes.js';
import type { Session } from '../session.js';
import { UserCommand } from './command.js';

/** Create a user whose userName is an existing one's in another case: 409 (RFC 7643 §4.1.1). */
export class DuplicateUser extends UserCommand {
  constructor(index: number) {
    super('DuplicateUser', index);
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const user = this.target(model);
    this.did(session, `DuplicateUser of ${user.label}`);
    await session.send(createDuplicate(user));
  }
}
