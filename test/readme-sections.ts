/**
 * The README sections generated from the code, each between `<!-- NAME:start -->` and
 * `<!-- NAME:end -->`. test/readme.test.ts checks they are fresh; only `npm run readme`
 * (scripts/readme.mjs) rewrites them, so a test run can never make itself pass.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CHECKS, DEFAULT_CHECK_IDS } from '../src/checks/registry.js';
import { PACKAGE_ROOT, SCENARIOS_DIR } from '../src/paths.js';
import { FAULTS, VARIANTS } from '../src/reference-server/index.js';
import { loadScenario } from '../src/scenario/load.js';
import { renderMatrix } from './e2e/detection-matrix.js';
import { renderToleranceMatrix } from './e2e/tolerance-matrix.js';
import { renderMicrosoftParity, renderOktaParity } from './parity.js';

export const README = join(PACKAGE_ROOT, 'README.md');

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

/** The check tables, rendered from the registry and the scenarios so they cannot drift from the code. */
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

/** Every generated section by marker name; adding a section is one entry here and its markers in README.md. */
export const README_SECTIONS: ReadonlyArray<{ name: string; render: () => string }> = [
  { name: 'checks', render: checksTable },
  { name: 'detection-matrix', render: () => renderMatrix(FAULTS) },
  { name: 'tolerance-matrix', render: () => renderToleranceMatrix(VARIANTS) },
  { name: 'microsoft-parity', render: renderMicrosoftParity },
  { name: 'okta-parity', render: renderOktaParity },
];

const pattern = (name: string) => new RegExp(`(<!-- ${name}:start -->\\n)([\\s\\S]*?)(<!-- ${name}:end -->)`);

/** The text between a section's markers, or undefined when the README lacks them. */
export const sectionOf = (readme: string, name: string): string | undefined => pattern(name).exec(readme)?.[2];

/** The README with every generated section rendered afresh. */
export function rewriteSections(readme: string): string {
  return README_SECTIONS.reduce((text, { name, render }) => {
    if (sectionOf(text, name) === undefined) throw new Error(`README.md lacks the markers of section "${name}"`);
    return text.replace(
      pattern(name),
      (_match, start: string, _old: string, end: string) => `${start}${render()}\n${end}`,
    );
  }, readme);
}
