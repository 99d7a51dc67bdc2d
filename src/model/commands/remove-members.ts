import type { Dialect } from '../../scenario/types.js';
import type { ModelGroup, ScimModel } from '../model.js';
import { readGroup, removeMembersProbe } from '../probes.js';
import type { Session } from '../session.js';
import { pick, PickingCommand } from './command.js';

/** Remove members of a group in the profile's dialect (Entra "Update Group [Remove Members]"). */
export class RemoveMembers extends PickingCommand<ModelGroup> {
  readonly #members: readonly number[];
  readonly #dialect: Dialect;

  constructor(group: number, members: readonly number[], dialect: Dialect) {
    super('RemoveMembers', group);
    this.#members = members;
    this.#dialect = dialect;
  }

  protected candidates(model: Readonly<ScimModel>): readonly ModelGroup[] {
    return model.groups.filter((group) => group.members.length > 0);
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const group = this.target(model);
    const labels = new Set(this.#members.map((index) => pick(group.members, index)));
    const users = model.users.filter((user) => labels.has(user.label));
    this.did(session, `RemoveMembers ${[...labels].join(', ')} from ${group.label}`);
    model.removeMembers(group, users);
    await session.send(removeMembersProbe(group, users, this.#dialect));
    await session.send(readGroup(group, 'property.patch-model'));
  }
}
