import fc from 'fast-check';
import { groupSpec, userSpec } from '../arbitraries.js';
import { ScimModel } from '../model.js';
import { addMembersProbe, createGroup, createUser, readGroup } from '../probes.js';
import { defineProperty } from './define.js';

/**
 * Re-adding members a group already has succeeds and changes nothing (RFC 7644 §3.5.2.1): a
 * restart of Entra's provisioning re-adds every member it knows.
 */
export const memberReadd = defineProperty({
  name: 'member-readd',
  checks: ['property.patch-model', 'property.member-readd'],
  defaultRuns: 20,
  arbitrary: (env) =>
    fc.record({
      users: fc.array(userSpec(env.userAttributes), { minLength: 1, maxLength: 3 }),
      group: groupSpec,
      readded: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 3 }),
    }),
  async run({ users: specs, group: spec, readded }, session, env) {
    const { dialect } = env.ctx.variant;
    const model = new ScimModel();
    const users = specs.map((user) => model.addUser(user));
    for (const user of users) await session.send(createUser(user));
    const group = model.addGroup(spec);
    await session.send(createGroup(group));
    model.addMembers(group, users);
    await session.send(addMembersProbe(group, users, dialect, 'property.patch-model'));
    const again = [...new Set(readded.map((index) => users[index % users.length]))];
    await session.send(addMembersProbe(group, again, dialect, 'property.member-readd'));
    await session.send(readGroup(group, 'property.member-readd'));
  },
});
