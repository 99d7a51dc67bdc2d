import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseMapping, discoverMapping } from '../../src/model/mapping-source.js';
import { loadMappingFile, type AttributeMapping } from '../../src/model/mapping.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mappings');
const COST_CENTER = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User:costCenter';
const dir = mkdtempSync(join(tmpdir(), 'mapping-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exported = (name: string): AttributeMapping => {
  const choice = chooseMapping(join(FIXTURES, `${name}.json`));
  if (!('mapping' in choice)) throw new Error('expected a mapping');
  return choice.mapping;
};

/** A copy of a fixture with one change, written to a temporary file. */
const edited = (name: string, change: (schema: any) => void, text?: (json: string) => string): string => {
  const schema = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
  change(schema);
  const path = join(dir, `${name}-${Math.random().toString(16).slice(2)}.json`);
  const json = JSON.stringify(schema, null, 2);
  writeFileSync(path, text ? text(json) : json);
  return path;
};

describe('Entra provisioning exports', () => {
  it('should read the custom app defaults: userName matching, 23 user rows, groups by displayName', () => {
    const mapping = exported('custom-app-defaults');
    expect(mapping.name).toBe('custom');
    expect(mapping.objects.User.matching).toBe('userName');
    expect(mapping.objects.User.fallback).toBeUndefined();
    expect(mapping.objects.User.attributes).toHaveLength(23);
    expect(mapping.objects.User.attributes).toContain('phoneNumbers[type eq "mobile"].value');
    expect(mapping.objects.Group).toMatchObject({
      matching: 'displayName',
      attributes: ['displayName', 'externalId', 'members'],
    });
    expect(mapping.objects.User.rows?.title).toMatch(
      /custom-app-defaults\.json:\d+:\d+ \(#\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/3\/targetAttributeName\)/,
    );
  });

  it('should read matching precedence and the custom extension attribute with its directory type', () => {
    const { User } = exported('acme-extension').objects;
    expect(User.matching).toBe('externalId');
    expect(User.fallback).toEqual(['userName']);
    expect(User.attributes).toContain(COST_CENTER);
    expect(User.types).toEqual({ userName: 'string', active: 'boolean', [COST_CENTER]: 'string' });
  });

  it('should leave a disabled group object mapping out', () => {
    const mapping = exported('gallery-no-groups');
    expect(mapping.objects.Group).toBeUndefined();
    expect(mapping.objects.User.attributes).not.toContain('emails[type eq "work"].value');
  });

  it('should refuse an unknown attribute at its line and JSON pointer, with a did-you-mean', () => {
    const file = edited('custom-app-defaults', (s) => {
      s.synchronizationRules[0].objectMappings[0].attributeMappings[3].targetAttributeName = 'titel';
    });
    expect(() => chooseMapping(file)).toThrow(
      /\.json:\d+:\d+: #\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/3\/targetAttributeName: unknown User attribute "titel"; did you mean "title"\?/,
    );
    const nested = edited('custom-app-defaults', (s) => {
      s.synchronizationRules[0].objectMappings[0].attributeMappings[6].targetAttributeName = 'name.givenNmae';
    });
    expect(() => chooseMapping(nested)).toThrow(/did you mean "name\.givenName"\?/);
  });

  it('should refuse a mapping without a matching attribute', () => {
    const file = edited('gallery-no-groups', (s) => {
      for (const row of s.synchronizationRules[0].objectMappings[0].attributeMappings) row.matchingPriority = 0;
    });
    expect(() => chooseMapping(file)).toThrow(
      /#\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings: the User mapping has no matching attribute/,
    );
  });

  it('should refuse malformed JSON and a file that is no export, with line:col', () => {
    const broken = edited(
      'gallery-no-groups',
      () => {},
      (json) => json.replace('"enabled": true', '"enabled": true,,'),
    );
    expect(() => chooseMapping(broken)).toThrow(/\.json:\d+:\d+: YAML syntax error/);
    const other = join(dir, 'other.json');
    writeFileSync(other, '{\n  "value": []\n}\n');
    expect(() => chooseMapping(other)).toThrow(
      /other\.json:1:1: document must have required property 'synchronizationRules'/,
    );
  });

  it('should refuse an unknown --mapping, naming the choices', () => {
    expect(() => chooseMapping('workday')).toThrow(
      /--mapping workday: not a file .* nor a shipped mapping \(entra, okta, rfc7643, zscaler\)/,
    );
    expect(chooseMapping('discover')).toEqual({ discover: true });
  });
});

describe('our YAML format', () => {
  it("should read the README's example as --mapping, under the custom name", () => {
    const choice = chooseMapping(join(FIXTURES, 'acme.yaml'));
    if (!('mapping' in choice)) throw new Error('expected a mapping');
    expect(choice.mapping.name).toBe('custom');
    expect(choice.mapping.objects.User).toMatchObject({
      matching: 'externalId',
      fallback: ['userName'],
      createOnly: ['externalId'],
    });
    expect(choice.mapping.objects.Group).toBeUndefined();
  });

  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('should read precedence, types, createOnly and no groups, with each row at file:line:col', () => {
    const mapping = loadMappingFile(
      file(
        'acme.yaml',
        `name: acme\ndescription: x\nobjects:\n  User:\n    matching: externalId\n    fallback: [userName]\n    attributes:\n      - userName\n      - externalId\n      - ${COST_CENTER}\n    types: { ${COST_CENTER}: integer }\n    createOnly: [externalId]\n`,
      ),
    );
    expect(mapping.objects.Group).toBeUndefined();
    expect(mapping.objects.User).toMatchObject({ fallback: ['userName'], createOnly: ['externalId'] });
    expect(mapping.objects.User.rows?.[COST_CENTER]).toMatch(/acme\.yaml:10:9$/);
  });

  it('should refuse an unknown attribute with a did-you-mean at file:line:col', () => {
    const path = file(
      'typo.yaml',
      'name: typo\ndescription: x\nobjects:\n  User:\n    matching: userName\n    attributes:\n      - userName\n      - urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:departmnt\n',
    );
    expect(() => loadMappingFile(path)).toThrow(
      /typo\.yaml:8:9: unknown User attribute ".*:departmnt"; did you mean "urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User:department"\?/,
    );
  });

  it('should refuse a fallback matching attribute that is not mapped', () => {
    const path = file(
      'fallback.yaml',
      'name: fb\ndescription: x\nobjects:\n  User:\n    matching: userName\n    fallback: [externalId]\n    attributes: [userName]\n',
    );
    expect(() => loadMappingFile(path)).toThrow(/fallback\.yaml:6:16: the matching attribute externalId is not among/);
  });
});

describe('discover', () => {
  const schemas = [
    {
      id: 'urn:ietf:params:scim:schemas:core:2.0:User',
      attributes: [
        { name: 'userName', type: 'string', mutability: 'readWrite' },
        { name: 'active', type: 'boolean', mutability: 'readWrite' },
        { name: 'groups', type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: [] },
        {
          name: 'name',
          type: 'complex',
          subAttributes: [
            { name: 'givenName', type: 'string' },
            { name: 'familyName', type: 'string' },
          ],
        },
        {
          name: 'emails',
          type: 'complex',
          multiValued: true,
          subAttributes: [
            { name: 'value', type: 'string' },
            { name: 'type', type: 'string' },
            { name: 'primary', type: 'boolean' },
          ],
        },
        {
          name: 'x509Certificates',
          type: 'complex',
          multiValued: true,
          subAttributes: [{ name: 'value', type: 'binary' }],
        },
      ],
    },
    {
      id: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      attributes: [
        { name: 'department', type: 'string' },
        { name: 'manager', type: 'complex', subAttributes: [{ name: 'value', type: 'string' }] },
      ],
    },
    {
      id: 'urn:ietf:params:scim:schemas:extension:acme:2.0:User',
      attributes: [
        { name: 'costCenter', type: 'string' },
        { name: 'badges', type: 'string', multiValued: true },
      ],
    },
  ];

  it('should map what the target declares that Entra can map, read-only, references and multi-valued extensions left out', () => {
    const mapping = discoverMapping(schemas, 'http://x');
    expect(mapping.objects.User.attributes).toEqual([
      'externalId',
      'userName',
      'active',
      'name.givenName',
      'name.familyName',
      'emails[type eq "work"].value',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      COST_CENTER,
    ]);
    expect(mapping.objects.Group).toBeUndefined();
  });

  it('should map groups when the target declares the Group schema', () => {
    const group = {
      id: 'urn:ietf:params:scim:schemas:core:2.0:Group',
      attributes: [
        { name: 'displayName', type: 'string' },
        { name: 'members', type: 'complex', multiValued: true },
      ],
    };
    expect(discoverMapping([...schemas, group], 'http://x').objects.Group).toEqual({
      matching: 'displayName',
      attributes: ['displayName', 'members', 'externalId'],
    });
  });
});
