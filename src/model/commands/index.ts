import fc from 'fast-check';
import type { Dialect } from '../../scenario/types.js';
import type { UserAttributes } from '../attributes.js';
import { groupSpec, userChanges, userSpec } from '../arbitraries.js';
import { text } from '../text.js';
import { AddMembers } from './add-members.js';
import type { ModelCommand } from './command.js';
import { CreateGroup } from './create-group.js';
import { CreateUser } from './create-user.js';
import { DeleteGroup } from './delete-group.js';
import { DeleteUser } from './delete-user.js';
import { DuplicateUser } from './duplicate-user.js';
import { PatchUser } from './patch-user.js';
import { QueryUser } from './query-user.js';
import { RemoveMembers } from './remove-members.js';
import { RenameGroup } from './rename-group.js';
import { Restart } from './restart.js';
import { SetActive } from './set-active.js';

/**
 * Every command of the model-based run, generated for the profile's mapping and dialect.
 * Creation is weighted up: most commands need users or groups to act on.
 */
export function modelCommands(dialect: Dialect, mapped: UserAttributes): fc.Arbitrary<ModelCommand> {
  const index = fc.nat();
  const indexes = fc.uniqueArray(index, { minLength: 1, maxLength: 3 });
  const weighted: Array<[number, fc.Arbitrary<ModelCommand>]> = [
    [3, userSpec(mapped).map((spec) => new CreateUser(spec))],
    [1, index.map((i) => new DuplicateUser(i))],
    [2, fc.tuple(index, userChanges(mapped)).map(([i, changes]) => new PatchUser(i, changes, dialect))],
    [1, fc.tuple(index, fc.boolean()).map(([i, active]) => new SetActive(i, active, dialect))],
    // Okta never deletes a user, it deactivates it (docs/okta-scim-behaviour.md O7).
    ...(dialect === 'okta' ? [] : [[1, index.map((i) => new DeleteUser(i))] as [number, fc.Arbitrary<ModelCommand>]]),
    [2, fc.tuple(groupSpec, fc.uniqueArray(index, { maxLength: 3 })).map(([g, m]) => new CreateGroup(g, m, dialect))],
    [1, fc.tuple(index, text(64)).map(([i, name]) => new RenameGroup(i, name, dialect))],
    [1, index.map((i) => new DeleteGroup(i))],
    [2, fc.tuple(index, indexes).map(([group, users]) => new AddMembers(group, users, dialect))],
    [2, fc.tuple(index, indexes).map(([group, members]) => new RemoveMembers(group, members, dialect))],
    [1, fc.constant(dialect).map((d) => new Restart(d))],
    [1, index.map((i) => new QueryUser(i))],
  ];
  return fc.oneof(...weighted.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}
