import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../../src/paths.js';
import { loadProfile } from '../../src/runner/select.js';

describe('profiles that extend another', () => {
  it('should take what the child leaves out from the parent, and keep what it gives', () => {
    const entra = loadProfile('entra');
    const compliant = loadProfile('entra-compliant');
    expect(compliant).toMatchObject({ name: 'entra-compliant', dialect: 'aadOptscim062020', mapping: 'entra' });
    expect(compliant.scenarios).toEqual(entra.scenarios);
    expect(compliant.client).toEqual(entra.client);
    expect(loadProfile('zscaler')).toMatchObject({ dialect: 'entra', mapping: 'zscaler', client: entra.client });
  });

  // A folder with the shipped entra profile and the child under test.
  const withChild = (child: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'scimconf-profiles-'));
    copyFileSync(join(SCENARIOS_DIR, 'profiles', 'entra.yaml'), join(dir, 'entra.yaml'));
    writeFileSync(join(dir, 'child.yaml'), child);
    return dir;
  };

  it.each([
    [
      'an unknown parent',
      'name: child\ndescription: x\nextends: entar\n',
      /child\.yaml:3:10: no profile "entar" to extend; known: child, entra/,
    ],
    [
      'a parent that extends another',
      'name: child\ndescription: x\nextends: middle\n',
      /child\.yaml:3:10: profile "middle" extends another profile itself/,
    ],
    [
      'no dialect without a parent',
      'name: child\ndescription: x\nscenarios: [entra/discovery]\n',
      /must have required property 'dialect'/,
    ],
  ])('should refuse %s with file:line:col', (_name, child, message) => {
    const dir = withChild(child);
    writeFileSync(join(dir, 'middle.yaml'), 'name: middle\ndescription: x\nextends: entra\n');
    expect(() => loadProfile('child', dir)).toThrow(message);
  });
});
