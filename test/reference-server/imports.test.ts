import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/reference-server');
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

/** Module specifiers of static imports, re-exports, side-effect imports and dynamic imports. */
function specifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\1/g;
  return [...source.matchAll(pattern)].map((m) => m[2]);
}

describe('the reference server stands alone', () => {
  it('finds its sources', () => {
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'server.ts', 'filter.ts']));
  });

  it.each(files)('%s imports only node built-ins and files of its own folder', (file) => {
    const path = join(root, file);
    for (const spec of specifiers(readFileSync(path, 'utf8'))) {
      if (spec.startsWith('node:')) continue;
      expect(spec, `${file} imports ${spec}`).toMatch(/^\.\.?\/.*\.js$/);
      expect(relative(root, resolve(dirname(path), spec)), `${file} imports ${spec}`).not.toMatch(/^\.\./);
    }
  });

  it('recognises every import form', () => {
    expect(
      specifiers(
        `import a from 'x';\nimport type { B } from "./b.js";\nexport { c } from '../c.js';\nimport 'side';\nawait import('dyn');`,
      ),
    ).toEqual(['x', './b.js', '../c.js', 'side', 'dyn']);
  });
});
