import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, README_SECTIONS, sectionOf } from './readme-sections.js';

describe('README', () => {
  it.each(README_SECTIONS.map((section) => [section.name, section]))(
    'should hold the generated section %s as the code renders it (npm run readme rewrites it)',
    (name, { render }) => {
      expect(sectionOf(readFileSync(README, 'utf8'), name), 'run npm run readme').toBe(`${render()}\n`);
    },
  );
});
