import type { Dialect } from '../../scenario/types.js';
import type { GroupSpec } from '../arbitraries.js';
import type { ScimModel } from '../model.js';
import { addMembersProbe, createGroup, readGroup } from '../probes.js';
import type { Session } from '../session.js';
import { ModelCommand, pick, show } from './command.js';

/**
 * Provision a group as Entra does (Entra "Create Group", RFC 7644 §3.3): created empty, read back,
 * then given the members picked among the existing users in one PATCH.
 */
export class CreateGroup extends ModelCommand {
  readonly #spec: GroupSpec;
  readonly #members: readonly number[];
  readonly #dialect: Dialect;

  constructor(spec: GroupSpec, members: readonly number[], dialect: Dialect) {
    super(`CreateGroup ${show(spec)}`);
    this.#spec = spec;
    this.#members = members;
    this.#dialect = dialect;
  }

  check(): boolean {
    return true;
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const group = model.addGroup(this.#spec);
    const users = model.users.length > 0 ? [...new Set(this.#members.map((i) => pick(model.users, i)))] : [];
    const members = users.length > 0 ? ` with ${users.map((user) => user.label).join(', ')}` : '';
    this.did(session, `CreateGroup ${group.label} ${show(this.#spec)}${members}`);
    await session.send(createGroup(group));
    await session.send(readGroup(group, 'property.read-back'));
    if (users.length === 0) return;
    model.addMembers(group, users);
    await session.send(addMembersProbe(group, users, this.#dialect, 'property.patch-model'));
    await session.send(readGroup(group, 'property.patch-model'));
  }
}
