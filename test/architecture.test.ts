import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';

/** Every TypeScript file of the harness and its suite, with the packages it imports. */
function imports(): Array<{ file: string; specifiers: string[] }> {
  return ['src', 'suites'].flatMap((dir) =>
    readdirSync(join(PACKAGE_ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => {
        const file = relative(PACKAGE_ROOT, join(PACKAGE_ROOT, dir, name));
        const text = readFileSync(join(PACKAGE_ROOT, file), 'utf8');
        return {
          file,
          specifiers: [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]),
        };
      }),
  );
}

/** Which folder alone may import a package: the layering the README's Layout describes. */
const OWNERS: Array<[RegExp, RegExp]> = [
  [/^undici(\/|$)/, /^src\/http\//],
  [/^allure-js-commons/, /^src\/report\/allure(-results)?\.ts$/],
  [/^fast-check$/, /^src\/model\//],
];

describe('architecture', () => {
  it.each(OWNERS)('should import %s only from %s', (pkg, owner) => {
    const all = imports();
    // The owner does import it: the scan sees real imports, so an empty offender list means something.
    expect(all.some(({ file, specifiers }) => owner.test(file) && specifiers.some((s) => pkg.test(s)))).toBe(true);
    const offenders = all
      .filter(({ file, specifiers }) => specifiers.some((s) => pkg.test(s)) && !owner.test(file))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('should keep checks free of I/O: they import only types and other checks (ajv aside)', () => {
    const offenders = imports()
      .filter(({ file }) => file.startsWith('src/checks/'))
      .flatMap(({ file, specifiers }) =>
        specifiers.filter((s) => s.startsWith('node:') || /^undici(\/|$)/.test(s)).map((s) => `${file} → ${s}`),
      );
    expect(offenders).toEqual([]);
  });
});
