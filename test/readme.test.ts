import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS, DEFAULT_CHECK_IDS } from '../src/checks/registry.js';
import { PACKAGE_ROOT, SCENARIOS_DIR } from '../src/paths.js';
import { loadScenario } from '../src/scenario/load.js';

const README = join(PACKAGE_ROOT, 'README.md');
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Scenario steps that grade a check differently from its definition. */
function severityOverrides(): string[] {
  const files = readdirSync(SCENARIOS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('profiles') && !f.startsWith('mappings'))
    .sort();
  return files.flatMap((file) => {
    const scenario = loadScenario(join(SCENARIOS_DIR, file));
    return scenario.steps.flatMap((step) =>
      step.checks
        .filter((use) => use.severity && use.severity !== CHECKS.get(use.id)?.severity)
        .map(
          (use) =>
            `| ${relative(SCENARIOS_DIR, scenario.file).replace(/\.yaml$/, '')} › ${cell(step.name)} | \`${use.id}\` | ${use.severity!.toUpperCase()} | ${cell(use.reference ?? CHECKS.get(use.id)!.reference)} |`,
        ),
    );
  });
}

/** The README's check tables, rendered from the registry and the scenarios so they cannot drift from the code. */
function checksTable(): string {
  const rows = [...CHECKS.values()].map(
    (check) =>
      `| \`${check.id}\` | ${check.severity.toUpperCase()} | ${check.title}${DEFAULT_CHECK_IDS.includes(check.id) ? ' (every response)' : ''} | ${cell(check.basis)} |`,
  );
  return [
    '| id | grade | what it checks | the sentence it rests on |',
    '|---|---|---|---|',
    ...rows,
    '',
    'Steps that grade a check differently, with the sentence they cite:',
    '',
    '| scenario › step | check | grade | reference |',
    '|---|---|---|---|',
    ...severityOverrides(),
  ].join('\n');
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
