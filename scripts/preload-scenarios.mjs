// Part of `npm run build`: loads every shipped scenario under scenarios/ once and writes
// dist/scenarios-preloaded.json, which src/scenario/load.ts serves to runs instead of parsing the
// YAML again, as long as a file's text keeps its hash.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS_DIR } from '../dist/paths.js';
import { preloadEntry } from '../dist/scenario/load.js';
import { isHarnessError } from '../dist/errors.js';

const entries = {};
for (const name of readdirSync(SCENARIOS_DIR, { recursive: true, encoding: 'utf8' }).sort()) {
  if (!name.endsWith('.yaml') || name.startsWith('profiles/') || name.startsWith('mappings/')) continue;
  try {
    entries[name] = preloadEntry(join(SCENARIOS_DIR, name));
  } catch (error) {
    // Not a scenario (another kind of YAML), or a broken one: runs parse it and report it themselves.
    if (!isHarnessError(error)) throw error;
  }
}
const out = fileURLToPath(new URL('../dist/scenarios-preloaded.json', import.meta.url));
writeFileSync(out, JSON.stringify(entries));
console.log(`${out}: ${Object.keys(entries).length} scenarios`);
