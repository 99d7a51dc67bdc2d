import type { UserSpec } from '../arbitraries.js';
import type { ScimModel } from '../model.js';
import { createUser, readUser } from '../probes.js';
import type { Session } from '../session.js';
import { ModelCommand, show } from './command.js';

/** Provision a user (Entra "Create User"; RFC 7644 §3.3) and read it back. */
export class CreateUser extends ModelCommand {
  readonly #spec: UserSpec;

  constructor(spec: UserSpec) {
    super(`CreateUser ${show(spec)}`);
    this.#spec = spec;
  }

  check(): boolean {
    return true;
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const user = model.addUser(this.#spec);
    this.did(session, `CreateUser ${user.label} ${show(this.#spec)}`);
    await session.send(createUser(user));
    await session.send(readUser(user, 'property.read-back'));
  }
}
