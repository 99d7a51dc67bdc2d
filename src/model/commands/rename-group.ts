import type { Dialect } from '../../scenario/types.js';
import type { ScimModel } from '../model.js';
import { readGroup, renameGroupProbe } from '../probes.js';
import type { Session } from '../session.js';
import { GroupCommand, show } from './command.js';

/** Rename a group in the profile's PATCH dialect (Entra "Update Group"; RFC 7644 §3.5.2.3). */
export class RenameGroup extends GroupCommand {
  readonly #name: string;
  readonly #dialect: Dialect;

  constructor(index: number, name: string, dialect: Dialect) {
    super(`RenameGroup ${show(name)}`, index);
    this.#name = name;
    this.#dialect = dialect;
  }

  async run(model: ScimModel, session: Session): Promise<void> {
    const group = this.target(model);
    this.did(session, `RenameGroup ${group.label} ${show(this.#name)}`);
    group.displayName = this.#name;
    await session.send(renameGroupProbe(group, this.#dialect));
    await session.send(readGroup(group, 'property.patch-model'));
  }
}
