import { describe, expect, it } from 'vitest';
import type { UserSpec } from '../../src/model/arbitraries.js';
import { ENTERPRISE_URN, WORK_EMAIL } from '../../src/model/attributes.js';
import { applicableChanges, groupState, ScimModel, userState, userValue } from '../../src/model/model.js';

describe('userState', () => {
  it('should predict what was sent, nested by attribute path, with the tag and label', () => {
    // Arrange
    const user = new ScimModel().addUser(
      spec({ attributes: { 'name.givenName': 'Zoë', [`${ENTERPRISE_URN}:department`]: 'Ops' } }),
    );

    // Act
    const { expected, absent } = userState(user);

    // Assert
    expect(expected).toEqual({
      userName: '{{run.tag}}.u1.a+b@contoso.example',
      externalId: '{{run.tag}}.u1.x',
      displayName: '{{run.tag}} Zoë 😀',
      active: true,
      emails: [{ type: 'work', primary: true, value: '{{run.tag}}.u1.m@mail.contoso.example' }],
      name: { givenName: 'Zoë' },
      [ENTERPRISE_URN]: { department: 'Ops' },
    });
    expect(absent).toBeUndefined();
  });
});

describe('ScimModel.change', () => {
  it('should set and remove attributes, a removed one then expected unassigned', () => {
    // Arrange
    const model = new ScimModel();
    const user = model.addUser(spec({ attributes: { title: 'Boss' } }));

    // Act
    model.change(user, [
      { path: 'title', value: null },
      { path: 'active', value: false },
      { path: WORK_EMAIL, value: 'new' },
      { path: 'name.familyName', value: 'Ng' },
    ]);

    // Assert
    const { expected, absent } = userState(user);
    expect(expected).toMatchObject({ active: false, name: { familyName: 'Ng' } });
    expect(expected).not.toHaveProperty('title');
    expect(absent).toEqual(['/title']);
    expect(userValue(user, WORK_EMAIL)).toBe('{{run.tag}}.u1.new@mail.contoso.example');
    expect(userValue(user, 'title')).toBeNull();
  });
});

describe('applicableChanges', () => {
  it('should drop removals of attributes the user does not have', () => {
    // Arrange
    const user = new ScimModel().addUser(spec({ attributes: { title: 'Boss' } }));

    // Act
    const changes = applicableChanges(user, [
      { path: 'title', value: null },
      { path: 'nickName', value: null },
      { path: 'nickName', value: 'Z' },
    ]);

    // Assert
    expect(changes).toEqual([
      { path: 'title', value: null },
      { path: 'nickName', value: 'Z' },
    ]);
  });
});

describe('ScimModel memberships', () => {
  it('should not add a member twice (RFC 7644 §3.5.2.1)', () => {
    // Arrange
    const model = new ScimModel();
    const [a, b] = [model.addUser(spec()), model.addUser(spec())];
    const group = model.addGroup({ displayName: 'G', externalId: 'g' });

    // Act
    model.addMembers(group, [a]);
    model.addMembers(group, [a, b]);

    // Assert
    expect(group.members).toEqual([a.label, b.label]);
    expect(groupState(group).expected.members).toEqual([
      { value: `{{captures.${a.label}}}` },
      { value: `{{captures.${b.label}}}` },
    ]);
  });

  it('should drop a deleted user from its groups (RFC 7644 §3.6)', () => {
    // Arrange
    const model = new ScimModel();
    const [a, b] = [model.addUser(spec()), model.addUser(spec())];
    const [g1, g2] = [
      model.addGroup({ displayName: 'G1', externalId: '1' }),
      model.addGroup({ displayName: 'G2', externalId: '2' }),
    ];
    model.addMembers(g1, [a, b]);
    model.addMembers(g2, [b]);

    // Act
    const left = model.deleteUser(a);

    // Assert
    expect(left).toEqual([g1]);
    expect(g1.members).toEqual([b.label]);
    expect(model.users).toEqual([b]);
  });

  it('should expect an empty group to have no members', () => {
    // Arrange
    const model = new ScimModel();
    const user = model.addUser(spec());
    const group = model.addGroup({ displayName: 'G', externalId: 'g' });
    model.addMembers(group, [user]);

    // Act
    model.removeMembers(group, [user]);

    // Assert
    expect(groupState(group)).toEqual({
      expected: { displayName: `{{run.tag}} ${group.label} G`, externalId: `{{run.tag}}.${group.label}.g` },
      absent: ['/members'],
    });
  });
});

// Helpers

function spec(overrides: Partial<UserSpec> = {}): UserSpec {
  return {
    userName: 'a+b',
    externalId: 'x',
    displayName: 'Zoë 😀',
    email: 'm',
    active: true,
    attributes: {},
    ...overrides,
  };
}
