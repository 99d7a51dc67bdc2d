import type { ScimModel } from '../model.js';
import { deleteResource } from '../probes.js';
import type { Session } from '../session.js';
import { GroupCommand } from './command.js';

/** Delete a group (Entra "Delete Group"; RFC 7644 §3.6). */
export class DeleteGroup extends GroupCommand {
  constructor(index: number) {
    super('DeleteGroup', index);
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const group = this.target(model);
    this.did(session, `DeleteGroup ${group.label}`);
    model.deleteGroup(group);
    for (const probe of deleteResource(group.label, '/Groups')) await session.send(probe);
  }
}
