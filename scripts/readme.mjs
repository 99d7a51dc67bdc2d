// `npm run readme`: rewrites the README sections generated from the code (test/readme-sections.ts).
// Vite (which Vitest runs on) loads the TypeScript sources directly, so no build is needed.
import { readFileSync, writeFileSync } from 'node:fs';
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('../test/readme-sections.ts', import.meta.url).pathname);
const before = readFileSync(module.README, 'utf8');
const after = module.rewriteSections(before);
const changed = module.README_SECTIONS.filter(
  ({ name }) => module.sectionOf(before, name) !== module.sectionOf(after, name),
);
writeFileSync(module.README, after);
console.log(`README.md: ${changed.length === 0 ? 'up to date' : `rewrote ${changed.map((s) => s.name).join(', ')}`}`);
