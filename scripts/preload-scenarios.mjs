// Part of `npm run build`: loads every shipped scenario under scenarios/ once and writes
// dist/scenarios-preloaded.json, which src/scenario/load.ts serves to runs instead of parsing the
// YAML again, as long as a file's text keeps its hash.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS_DIR } from '../dist/paths.js';
import { preloadEntry, shippedScenarioNames } from '../dist/scenario/load.js';
import { isHarnessError } from '../dist/errors.js';

const entries = {};
for (const name of shippedScenarioNames()) {
  try {
    entries[name] = preloadEntry(join(SCENARIOS_DIR, name));
  } catch (error) {
    // A broken one: runs parse it and report it with file:line:col (and test/scenario/load.test.ts fails).
    if (!isHarnessError(error)) throw error;
  }
}
const out = fileURLToPath(new URL('../dist/scenarios-preloaded.json', import.meta.url));
writeFileSync(out, JSON.stringify(entries));
console.log(`${out}: ${Object.keys(entries).length} scenarios`);
