import type { ScimModel } from '../model.js';
import { deleteResource, readGroup } from '../probes.js';
import type { Session } from '../session.js';
import { UserCommand } from './command.js';

/** Delete a user (Entra "Delete User"): gone (RFC 7644 §3.6), and gone from its groups. */
export class DeleteUser extends UserCommand {
  constructor(index: number) {
    super('DeleteUser', index);
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const user = this.target(model);
    this.did(session, `DeleteUser ${user.label}`);
    const left = model.deleteUser(user);
    for (const probe of deleteResource(user.label, '/Users')) await session.send(probe);
    for (const group of left) await session.send(readGroup(group, 'property.model-state'));
  }
}
