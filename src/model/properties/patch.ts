import fc from 'fast-check';
import { userChanges, userSpec } from '../arbitraries.js';
import { applicableChanges, ScimModel } from '../model.js';
import { createUser, patchUser, readUser } from '../probes.js';
import { defineProperty } from './define.js';

/** A generated PATCH in the profile's dialect leaves the user as the model predicts (RFC 7644 §3.5.2). */
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
    await session.send(patchUser(user, env.ctx.variant.dialect, paths, 'property.patch-model'));
    await session.send(readUser(user, 'property.patch-model'));
  },
});
