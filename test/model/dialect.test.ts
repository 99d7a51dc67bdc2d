import { describe, expect, it } from 'vitest';
import { ENTERPRISE_URN, WORK_EMAIL } from '../../src/model/attributes.js';
import { addMembers, removeMembers, renameGroup, setAttributes } from '../../src/model/dialect.js';

const PATCH_OP = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];
const VALUES = [
  ['active', false],
  ['name.givenName', 'Zoë'],
  [`${ENTERPRISE_URN}:department`, 'Ops'],
  [WORK_EMAIL, 'z@example.com'],
  ['title', null],
] as const;

describe('setAttributes', () => {
  it("should send Entra's default dialect: one capitalised op per path, booleans as strings", () => {
    expect(setAttributes('entra', VALUES)).toEqual({
      schemas: PATCH_OP,
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Replace', path: 'name.givenName', value: 'Zoë' },
        { op: 'Replace', path: `${ENTERPRISE_URN}:department`, value: 'Ops' },
        { op: 'Replace', path: WORK_EMAIL, value: 'z@example.com' },
        { op: 'Remove', path: 'title' },
      ],
    });
  });

  it('should fold single-valued replaces into one path-less op with dotted and URN keys (aadOptscim062020)', () => {
    expect(setAttributes('aadOptscim062020', VALUES).Operations).toEqual([
      { op: 'replace', path: WORK_EMAIL, value: 'z@example.com' },
      { op: 'remove', path: 'title' },
      { op: 'replace', value: { active: false, 'name.givenName': 'Zoë', [`${ENTERPRISE_URN}:department`]: 'Ops' } },
    ]);
  });

  it('should fold single-valued replaces into nested objects (RFC 7644)', () => {
    expect(setAttributes('rfc7644', VALUES).Operations.at(-1)).toEqual({
      op: 'replace',
      value: { active: false, name: { givenName: 'Zoë' }, [ENTERPRISE_URN]: { department: 'Ops' } },
    });
  });
});

describe('addMembers', () => {
  const member = { id: '1', display: 'bjensen@example.com' };

  it('should send $ref: null beside each value in the default dialect only', () => {
    expect(addMembers('entra', [member]).Operations).toEqual([
      { op: 'Add', path: 'members', value: [{ $ref: null, value: '1' }] },
    ]);
    expect(addMembers('rfc7644', [member]).Operations).toEqual([
      { op: 'add', path: 'members', value: [{ value: '1' }] },
    ]);
  });

  it("should send each member's display beside its value in Okta's dialect", () => {
    expect(addMembers('okta', [member]).Operations).toEqual([
      { op: 'add', path: 'members', value: [{ value: '1', display: 'bjensen@example.com' }] },
    ]);
  });
});

describe('renameGroup', () => {
  it("should carry the group's id in Okta's path-less replace, and only displayName otherwise", () => {
    expect(renameGroup('okta', 'g1', 'Sales').Operations).toEqual([
      { op: 'replace', value: { id: 'g1', displayName: 'Sales' } },
    ]);
    expect(renameGroup('aadOptscim062020', 'g1', 'Sales').Operations).toEqual([
      { op: 'replace', value: { displayName: 'Sales' } },
    ]);
  });
});

describe("Okta's deactivation", () => {
  it('should be a path-less replace of active with a JSON boolean', () => {
    expect(setAttributes('okta', [['active', false]]).Operations).toEqual([
      { op: 'replace', value: { active: false } },
    ]);
  });
});

describe('removeMembers', () => {
  it('should list values on path members by default, and filter paths otherwise', () => {
    expect(removeMembers('entra', ['1', '2']).Operations).toEqual([
      {
        op: 'Remove',
        path: 'members',
        value: [
          { $ref: null, value: '1' },
          { $ref: null, value: '2' },
        ],
      },
    ]);
    expect(removeMembers('aadOptscim062020', ['1', '2']).Operations).toEqual([
      { op: 'remove', path: 'members[value eq "1"]' },
      { op: 'remove', path: 'members[value eq "2"]' },
    ]);
  });
});
