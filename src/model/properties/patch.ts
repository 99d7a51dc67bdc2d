import fc from 'fast-check';
import { userChanges, userSpec } from '../arbitraries.js';
import { applicableChanges, ScimModel } from '../model.js';
import { createUser, readUser, updateUser } from '../probes.js';
import { defineProperty } from './define.js';

/**
 * A generated update in the profile's dialect leaves the user as the model predicts: a PATCH (RFC 7644
 * §3.5.2), or under Okta a PUT of the whole user (§3.5.1) that keeps every attribute it carries.
 */
export const patch = defineProperty({
  name: 'patch',
  checks: ['property.patch-model'],
  defaultRuns: 50,
  arbitrary: (env) => {
    return fc
      .record({ user: userSpec(env.userAttributes), changes: userChanges(env.userAttributes) })
      .map(({ user, changes }) => {
        const model = new ScimModel().addUser(user);
        return { user, changes: applicableChanges(model, changes) };
      })
      .filter(({ changes }) => changes.length > 0);
  },
  async run({ user: spec, changes }, session, env) {
    const model = new ScimModel();
    const user = model.addUser(spec);
    await session.send(createUser(user));
    model.change(user, changes);
    const paths = changes.map((change) => change.path);
    await session.send(updateUser(user, env.ctx.variant.dialect, paths, 'property.patch-model'));
    await session.send(readUser(user, 'property.patch-model'));
  },
});
