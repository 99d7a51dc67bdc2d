import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS, DEFAULT_CHECK_IDS } from '../src/checks/registry.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const README = join(PACKAGE_ROOT, 'README.md');

/** The README's check table, rendered from the registry so it cannot drift from the code. */
function checksTable(): string {
  const rows = [...CHECKS.values()].map(
    (check) =>
      `| \`${check.id}\` | ${check.severity.toUpperCase()} | ${check.title}${DEFAULT_CHECK_IDS.includes(check.id) ? ' (every response)' : ''} | ${check.reference.replace(/\|/g, '\\|')} |`,
  );
  return ['| id | severity | what it checks | reference |', '|---|---|---|---|', ...rows].join('\n');
}

describe('README', () => {
  it('should list every registered check (UPDATE_README=1 rewrites the table)', () => {
    const text = readFileSync(README, 'utf8');
    const section = /(<!-- checks:start -->\n)([\s\S]*?)(<!-- checks:end -->)/;
    const expected = `${checksTable()}\n`;
    if (process.env.UPDATE_README) writeFileSync(README, text.replace(section, `$1${expected}$3`));
    expect(section.exec(readFileSync(README, 'utf8'))?.[2]).toBe(expected);
  });
});
