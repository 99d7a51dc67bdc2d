// Part of `npm run build`: generates dist/schemas/precompiled.cjs, ajv's standalone code for every
// schema under schemas/ (https://ajv.js.org/standalone.html), so a run does not compile them again
// in each thread. It carries a hash of the schemas; src/schemas/validator.ts ignores it once they change.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { readSchemas, schemaAjv, schemaId } from '../dist/schemas/validator.js';

const { schemas, hash } = readSchemas();
const names = [...schemas.keys()];
const exportName = (k) => `v${k}`;
const ajv = schemaAjv(schemas.values(), true);
const code = standaloneCode(ajv, Object.fromEntries(names.map((name, k) => [exportName(k), schemaId(name)])));
const index = names.map((name, k) => `${JSON.stringify(name)}: exports.${exportName(k)}`).join(',\n  ');
// Another path (a test's) as the argument; it must lie inside the package, to find ajv's runtime.
const out = process.argv[2] ?? fileURLToPath(new URL('../dist/schemas/precompiled.cjs', import.meta.url));
writeFileSync(out, `${code}\nexports.hash = ${JSON.stringify(hash)};\nexports.validators = {\n  ${index},\n};\n`);
console.log(`${out}: ${names.length} schemas`);
