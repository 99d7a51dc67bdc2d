import { describe, expect, it } from 'vitest';
import { createBody, updateBody, valueFor } from '../../src/model/mapped-body.js';
import type { AttributeMapping } from '../../src/model/mapping.js';

const ACME = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
const mapping: AttributeMapping = {
  name: 'custom',
  description: 'x',
  objects: {
    User: {
      matching: 'externalId',
      fallback: ['userName'],
      attributes: [
        'externalId',
        'userName',
        'active',
        'name.givenName',
        'emails[type eq "work"].value',
        'addresses[type eq "work"].locality',
        'addresses[type eq "work"].country',
        `${ACME}:costCenter`,
        `${ACME}:badgeCount`,
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
      ],
      types: { [`${ACME}:badgeCount`]: 'integer' },
      createOnly: [`${ACME}:badgeCount`],
    },
  },
};
let n = 0;
const value = valueFor(() => (n++).toString(16).padStart(8, '0'));

describe('mapping-derived bodies', () => {
  it('should create with the mapped attributes only, custom extensions under their URN', () => {
    const { body, stored } = createBody(
      'User',
      mapping,
      { userName: 'u@x', displayName: 'unmapped', active: true },
      value,
    );
    expect(body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ACME]);
    expect(body).toMatchObject({
      userName: 'u@x',
      active: true,
      externalId: expect.any(String),
      name: { givenName: expect.any(String) },
      emails: [{ type: 'work', value: expect.stringMatching(/@mail\.contoso\.example$/) }],
      addresses: [{ type: 'work', locality: expect.any(String), country: expect.any(String) }],
      [ACME]: { costCenter: expect.any(String), badgeCount: expect.any(Number) },
    });
    // Not mapped, or a reference Entra resolves itself: never sent.
    expect(body).not.toHaveProperty('displayName');
    expect(JSON.stringify(body)).not.toMatch(/manager|enterprise/);
    expect(stored).toEqual(Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'schemas')));
  });

  it("should PATCH every mapped attribute Entra updates, one op each in Entra's default dialect", () => {
    const { body, stored } = updateBody('User', mapping, 'entra', {}, value);
    const ops = (body as { Operations: { op: string; path: string }[] }).Operations;
    // Matching attributes, active and create-only rows stay.
    expect(ops.map((op) => op.path)).toEqual([
      'name.givenName',
      'emails[type eq "work"].value',
      'addresses[type eq "work"].locality',
      'addresses[type eq "work"].country',
      `${ACME}:costCenter`,
    ]);
    expect(ops.every((op) => op.op === 'Replace')).toBe(true);
    expect(stored).toMatchObject({
      [ACME]: { costCenter: expect.any(String) },
      name: { givenName: expect.any(String) },
    });
  });

  it('should fold single-valued attributes into path-less dotted and URN keys under aadOptscim062020', () => {
    const { body } = updateBody('User', mapping, 'aadOptscim062020', { 'name.givenName': 'G' }, value);
    const ops = (body as { Operations: { op: string; path?: string; value: unknown }[] }).Operations;
    expect(ops).toContainEqual({
      op: 'replace',
      value: { 'name.givenName': 'G', [`${ACME}:costCenter`]: expect.any(String) },
    });
    expect(ops.filter((op) => op.path !== undefined).map((op) => op.path)).toEqual([
      'emails[type eq "work"].value',
      'addresses[type eq "work"].locality',
      'addresses[type eq "work"].country',
    ]);
  });

  it('should nest URN keys under RFC 7644', () => {
    const { body } = updateBody('User', mapping, 'rfc7644', {}, value);
    const folded = (body as { Operations: { path?: string; value: Record<string, unknown> }[] }).Operations.find(
      (op) => op.path === undefined,
    );
    expect(folded?.value).toMatchObject({
      name: { givenName: expect.any(String) },
      [ACME]: { costCenter: expect.any(String) },
    });
  });
});
