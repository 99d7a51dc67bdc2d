import { userSpec } from '../arbitraries.js';
import { ScimModel } from '../model.js';
import { createDuplicate, createUser, findUser, readUser } from '../probes.js';
import { defineProperty } from './define.js';

/**
 * A generated user is stored as sent (Entra guideline G2), found by `userName eq` with its
 * characters escaped (RFC 7644 §3.4.2.2), also in another case (RFC 7643 §4.1.1), and by
 * `externalId eq`; a second user whose userName differs only in case is refused with 409.
 */
export const userData = defineProperty({
  name: 'user-data',
  checks: [
    'property.read-back',
    'property.filter-username',
    'property.filter-username-case',
    'property.filter-external-id',
    'property.username-unique',
  ],
  defaultRuns: 50,
  arbitrary: (env) => userSpec(env.userAttributes),
  async run(spec, session) {
    const user = new ScimModel().addUser(spec);
    const probes = [
      createUser(user),
      readUser(user, 'property.read-back'),
      findUser(user, 'userName'),
      findUser(user, 'userNameCase'),
      findUser(user, 'externalId'),
      createDuplicate(user),
    ];
    for (const probe of probes) await session.send(probe);
  },
});
