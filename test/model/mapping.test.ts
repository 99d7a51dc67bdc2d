import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { declares, loadMapping, loadMappingFile, mappingNames } from '../../src/model/mapping.js';

const dir = mkdtempSync(join(tmpdir(), 'mapping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('attribute mappings', () => {
  it('should load every shipped mapping, its name that of its file', () => {
    expect(mappingNames()).toEqual(['entra', 'okta', 'rfc7643', 'zscaler']);
    for (const name of mappingNames()) expect(loadMapping(name).name).toBe(name);
    expect(loadMapping('entra').objects.User.attributes).not.toContain('nickName');
    expect(loadMapping('rfc7643').objects.User.attributes).toContain('nickName');
  });

  it('should refuse an unknown mapping, naming the known ones', () => {
    expect(() => loadMapping('workday')).toThrow(
      /unknown attribute mapping "workday"; known: entra, okta, rfc7643, zscaler/,
    );
  });

  it('should point at a malformed attribute path with file:line:col', () => {
    const path = file(
      'bad-path.yaml',
      'name: bad\ndescription: x\nobjects:\n  User:\n    matching: userName\n    attributes:\n      - userName\n      - "emails[work].value"\n  Group: { matching: displayName, attributes: [displayName] }\n',
    );
    expect(() => loadMappingFile(path)).toThrow(
      /bad-path\.yaml:8:9: \/objects\/User\/attributes\/1 must match pattern/,
    );
  });

  it('should refuse a matching attribute the mapping does not send', () => {
    const path = file(
      'bad-matching.yaml',
      'name: bad\ndescription: x\nobjects:\n  User: { matching: externalId, attributes: [userName] }\n  Group: { matching: displayName, attributes: [displayName] }\n',
    );
    expect(() => loadMappingFile(path)).toThrow(
      /bad-matching\.yaml:4:21: the matching attribute externalId is not among the User attributes/,
    );
  });
});

describe('declares', () => {
  const schemas = [
    {
      id: 'urn:ietf:params:scim:schemas:core:2.0:User',
      attributes: [{ name: 'userName' }, { name: 'emails', subAttributes: [{ name: 'Value' }] }],
    },
    { id: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attributes: [{ name: 'department' }] },
  ];

  it.each([
    ['emails[type eq "work"].value', true],
    ['EMAILS.value', true],
    ['nickName', false],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter', false],
    ['externalId', true],
  ])('%s → %s', (path, expected) => {
    expect(declares(schemas, 'User', path)).toBe(expected);
  });

  it('should count everything as declared when the target published no schemas', () => {
    expect(declares([], 'User', 'nickName')).toBe(true);
  });
});
