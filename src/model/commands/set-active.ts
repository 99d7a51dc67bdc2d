import type { Dialect } from '../../scenario/types.js';
import type { ScimModel } from '../model.js';
import { patchUser, readUser } from '../probes.js';
import type { Session } from '../session.js';
import { UserCommand } from './command.js';

/**
 * Disable or enable a user as Entra does on unassignment and re-assignment ("active": "False" in
 * its default dialect); a disabled user must still be returned (Entra R7).
 */
export class SetActive extends UserCommand {
  readonly #active: boolean;
  readonly #dialect: Dialect;

  constructor(index: number, active: boolean, dialect: Dialect) {
    super(active ? 'EnableUser' : 'DisableUser', index);
    this.#active = active;
    this.#dialect = dialect;
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const user = this.target(model);
    this.did(session, `${this.#active ? 'EnableUser' : 'DisableUser'} ${user.label}`);
    model.change(user, [{ path: 'active', value: this.#active }]);
    await session.send(patchUser(user, this.#dialect, ['active'], 'property.patch-model'));
    await session.send(readUser(user, 'property.patch-model'));
  }
}
