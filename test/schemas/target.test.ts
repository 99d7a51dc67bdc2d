import { describe, expect, it } from 'vitest';
import { targetValidator, targetValidatorCode } from '../../src/schemas/target.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SCHEMAS = [
  {
    id: USER,
    attributes: [
      { name: 'userName', type: 'string', required: true },
      { name: 'active', type: 'boolean' },
      { name: 'emails', type: 'complex', multiValued: true, subAttributes: [{ name: 'value', type: 'string' }] },
      { name: 'x-custom', type: 'mystery' },
    ],
  },
  { id: GROUP, attributes: [{ name: 'displayName', type: 'string', required: true }] },
];

describe('the target validators generated from /Schemas', () => {
  // Generated as text in the CLI process, loaded in the thread that runs the scenarios.
  const validate = targetValidator(SCHEMAS, targetValidatorCode(SCHEMAS));

  it('holds a resource to its declared types, null being "unassigned" (RFC 7643 §2.5)', () => {
    expect(validate({ schemas: [USER], userName: 'a', active: null, emails: null, 'x-custom': [1] }, false)).toEqual([]);
    expect(validate({ schemas: [USER], userName: 'a', active: 'yes', emails: [{ value: 3 }] }, false)).toEqual([
      '/active must be boolean,null',
      '/emails/0/value must be string,null',
    ]);
  });

  it('requires the required attributes in full mode only', () => {
    expect(validate({ schemas: [GROUP] }, false)).toEqual(["/ must have required property 'displayName'"]);
    expect(validate({ schemas: [GROUP] }, true)).toEqual([]);
  });

  it('refuses code generated from other schemas', () => {
    expect(() => targetValidator(SCHEMAS, targetValidatorCode([]))).toThrow(/no validators for \/Schemas resource 0/);
  });
});
