import type { Dialect } from '../../scenario/types.js';
import type { UserChange } from '../arbitraries.js';
import { applicableChanges, type ScimModel } from '../model.js';
import { readUser, updateUser } from '../probes.js';
import type { Session } from '../session.js';
import { UserCommand, show } from './command.js';

/**
 * Update a user's attributes in the profile's dialect, then read it back: a PATCH (RFC 7644 §3.5.2), or
 * Okta's PUT of the whole user (§3.5.1), which must keep every attribute it carries, `active` included.
 */
export class PatchUser extends UserCommand {
  readonly #changes: readonly UserChange[];
  readonly #dialect: Dialect;

  constructor(index: number, changes: readonly UserChange[], dialect: Dialect) {
    super(`PatchUser ${show(changes)}`, index);
    this.#changes = changes;
    this.#dialect = dialect;
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const user = this.target(model);
    const changes = applicableChanges(user, this.#changes);
    this.did(session, `PatchUser ${user.label} ${show(changes)}`);
    if (changes.length === 0) return;
    model.change(user, changes);
    const paths = changes.map((change) => change.path);
    await session.send(updateUser(user, this.#dialect, paths, 'property.patch-model'));
    await session.send(readUser(user, 'property.patch-model'));
  }
}
