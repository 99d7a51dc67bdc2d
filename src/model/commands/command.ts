import type fc from 'fast-check';
import type { ModelGroup, ModelUser, ScimModel } from '../model.js';
import type { Session } from '../session.js';

/**
 * A fast-check command over the model and the target (fc.asyncModelRun): `check` is a pure
 * precondition on the model, `run` acts on both and asserts through the Session's checks.
 */
export abstract class ModelCommand implements fc.AsyncCommand<ScimModel, Session> {
  #description: string;

  constructor(description: string) {
    this.#description = description;
  }

  abstract check(model: Readonly<ScimModel>): boolean;
  abstract run(model: ScimModel, session: Session): Promise<void>;

  /** Records what the command did, in the model's labels (never server ids), for the counterexample. */
  protected did(session: Session, description: string): void {
    this.#description = description;
    session.note(description);
  }

  toString(): string {
    return this.#description;
  }
}

/** The item a generated index designates: shrinking the index moves towards the first item. */
export const pick = <T>(items: readonly T[], index: number): T => items[index % items.length];

/** A command on one existing user or group, designated by a generated index among `candidates`. */
export abstract class PickingCommand<T> extends ModelCommand {
  readonly #index: number;

  constructor(description: string, index: number) {
    super(description);
    this.#index = index;
  }

  protected abstract candidates(model: Readonly<ScimModel>): readonly T[];

  check(model: Readonly<ScimModel>): boolean {
    return this.candidates(model).length > 0;
  }

  protected target(model: Readonly<ScimModel>): T {
    return pick(this.candidates(model), this.#index);
  }
}

/** A command on one existing user. */
export abstract class UserCommand extends PickingCommand<ModelUser> {
  protected candidates(model: Readonly<ScimModel>): readonly ModelUser[] {
    return model.users;
  }
}

/** A command on one existing group. */
export abstract class GroupCommand extends PickingCommand<ModelGroup> {
  protected candidates(model: Readonly<ScimModel>): readonly ModelGroup[] {
    return model.groups;
  }
}

/** Generated values in a command description. */
export const show = (value: unknown): string => JSON.stringify(value);
