import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupSpec, userChanges, userSpec } from '../../src/model/arbitraries.js';
import {
  attributeKeys,
  ENTERPRISE_URN,
  FREE_TEXT_ATTRIBUTES,
  undeclaredAttributes,
  userAttributes,
} from '../../src/model/attributes.js';
import { loadMapping } from '../../src/model/mapping.js';
import { groupValues, ScimModel, userValues } from '../../src/model/model.js';
import { SCHEMAS_DIR } from '../../src/paths.js';

describe('FREE_TEXT_ATTRIBUTES', () => {
  it('should hold the String attributes of the User and enterprise schemas, free text only', () => {
    expect(FREE_TEXT_ATTRIBUTES).toEqual(
      expect.arrayContaining([
        'title',
        'nickName',
        'name.givenName',
        'name.familyName',
        `${ENTERPRISE_URN}:department`,
      ]),
    );
    for (const excluded of ['externalId', 'displayName', 'locale', 'timezone', 'preferredLanguage', 'userName']) {
      expect(FREE_TEXT_ATTRIBUTES).not.toContain(excluded);
    }
    expect(FREE_TEXT_ATTRIBUTES.some((path) => path.includes('manager'))).toBe(false);
  });

  it('should name attributes the JSON Schemas type as strings', () => {
    for (const path of FREE_TEXT_ATTRIBUTES) {
      // Arrange
      const [first, ...rest] = attributeKeys(path);
      const schema = first === ENTERPRISE_URN ? loadSchema('EnterpriseUser') : loadSchema('User');
      const keys = first === ENTERPRISE_URN ? rest : [first, ...rest];

      // Act
      const definition = keys.reduce<Json>(
        (node, key) => (node.properties ?? node.anyOf?.find((a) => a.properties)?.properties)![key],
        schema,
      );

      // Assert
      expect(definition.$ref, path).toBe('common.schema.json#/$defs/string');
    }
  });
});

const mapped = (name: string, targetSchemas: unknown[] = []) => userAttributes(loadMapping(name), targetSchemas);

describe('userAttributes', () => {
  it("should keep the mapping's attributes only: Zscaler's seven, Entra's default, all of RFC 7643", () => {
    expect([...mapped('zscaler').freeText].sort()).toEqual(
      ['name.familyName', 'name.givenName', `${ENTERPRISE_URN}:department`].sort(),
    );
    expect(mapped('zscaler').workEmail).toBe(false);
    expect([...mapped('entra').freeText].sort()).toEqual(
      [
        'title',
        'name.givenName',
        'name.familyName',
        'name.formatted',
        `${ENTERPRISE_URN}:employeeNumber`,
        `${ENTERPRISE_URN}:department`,
      ].sort(),
    );
    expect(mapped('entra').workEmail).toBe(true);
    expect(mapped('rfc7643')).toEqual({ freeText: FREE_TEXT_ATTRIBUTES, workEmail: true });
  });

  it("should leave out what the target's /Schemas does not declare, and name it once", () => {
    // Arrange: a User schema without nickName, title or emails.value; no enterprise extension
    const schemas = [
      {
        id: 'urn:ietf:params:scim:schemas:core:2.0:User',
        attributes: [
          { name: 'userName' },
          { name: 'displayName' },
          { name: 'Name', subAttributes: [{ name: 'GIVENNAME' }, { name: 'familyName' }] },
          { name: 'emails', subAttributes: [{ name: 'type' }] },
        ],
      },
    ];

    // Act
    const kept = mapped('rfc7643', schemas);
    const left = undeclaredAttributes(loadMapping('rfc7643'), schemas);

    // Assert
    expect(kept).toEqual({ freeText: ['name.familyName', 'name.givenName'], workEmail: false });
    expect(left).toContain('nickName');
    expect(left).toContain('emails[type eq "work"].value');
    expect(left).toContain(`${ENTERPRISE_URN}:department`);
    expect(left).toContain('Group displayName');
    expect(left).not.toContain('externalId'); // a common attribute (RFC 7643 §3.1), in no schema
    expect(left).not.toContain('name.givenName');
    expect(undeclaredAttributes(loadMapping('rfc7643'), [])).toEqual([]);
  });
});

describe('userSpec', () => {
  it('should give Entra users a work email and Zscaler users none', () => {
    // Act
    const entra = fc.sample(userSpec(mapped('entra')), { numRuns: 50, seed: 1 });
    const zscaler = fc.sample(userSpec(mapped('zscaler')), { numRuns: 50, seed: 1 });

    // Assert
    expect(entra.every((spec) => typeof spec.email === 'string')).toBe(true);
    expect(zscaler.some((spec) => 'email' in spec)).toBe(false);
    const zscalerPaths = new Set(zscaler.flatMap((spec) => Object.keys(spec.attributes)));
    expect([...zscalerPaths].every((path) => mapped('zscaler').freeText.includes(path))).toBe(true);
  });

  it('should put the run tag in the userName, displayName and externalId of every user and group', () => {
    // Arrange
    const model = new ScimModel();

    // Act
    const users = fc.sample(userSpec(mapped('entra')), { numRuns: 50, seed: 2 }).map((spec) => userValues(model.addUser(spec)));
    const groups = fc.sample(groupSpec, { numRuns: 20, seed: 2 }).map((spec) => groupValues(model.addGroup(spec)));

    // Assert
    for (const values of [...users, ...groups]) {
      for (const key of ['displayName', 'externalId', ...('userName' in values ? ['userName'] : [])]) {
        expect(values[key]).toMatch(/^\{\{run\.tag\}\}[ .]/);
      }
    }
  });

  it('should make userNames unique by their label', () => {
    // Arrange
    const model = new ScimModel();
    const [spec] = fc.sample(userSpec(mapped('entra')), { numRuns: 1, seed: 3 });

    // Act
    const names = [model.addUser(spec), model.addUser(spec)].map((user) => String(userValues(user).userName));

    // Assert
    expect(names[0].toLowerCase()).not.toBe(names[1].toLowerCase());
  });
});

describe('userChanges', () => {
  it('should change each attribute at most once, booleans only for active, no email for Zscaler', () => {
    for (const changes of fc.sample(userChanges(mapped('zscaler')), { numRuns: 100, seed: 4 })) {
      expect(new Set(changes.map((change) => change.path)).size).toBe(changes.length);
      for (const { path, value } of changes) {
        expect(typeof value === 'boolean').toBe(path === 'active');
        expect(path).not.toMatch(/^emails/);
      }
    }
  });
});

// Helpers

interface Json {
  $ref?: string;
  properties?: Record<string, Json>;
  anyOf?: Json[];
}

function loadSchema(name: string): Json {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, 'scim', `${name}.schema.json`), 'utf8')) as Json;
}
