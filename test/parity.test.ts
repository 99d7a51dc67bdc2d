import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../src/paths.js';
import { loadProfile } from '../src/runner/select.js';
import { fitsVariant } from '../src/scenario/engine.js';
import { loadScenario } from '../src/scenario/load.js';
import { OKTA, TEMPLATE, TEMPLATE_REQUIREMENTS, VALIDATOR, type ParityRow } from './parity.js';

/** `scenario › step` of every step that runs in the profile (its dialect and mapping; `when` of the run aside). */
function stepsOf(name: string): Set<string> {
  const profile = loadProfile(name);
  return new Set(
    profile.scenarios.flatMap((file) => {
      const scenario = loadScenario(join(SCENARIOS_DIR, `${file}.yaml`));
      return scenario.steps
        .filter((step) => fitsVariant(step, profile))
        .map((step) => `${scenario.name} › ${step.name}`);
    }),
  );
}

const namesStepsOf = (steps: Set<string>) => (row: ParityRow) => {
  expect(row.steps.filter((step) => !steps.has(step))).toEqual([]);
  // A test left out says why.
  if (row.steps.length === 0) expect(row.note).toMatch(/^left out: /);
};

describe('Microsoft parity table', () => {
  it('should list all 31 Validator tests and all 25 template tests once', () => {
    expect(VALIDATOR.map((row) => row.id)).toEqual([
      ...Array.from({ length: 24 }, (_, i) => `V${i + 1}`),
      ...Array.from({ length: 7 }, (_, i) => `P${i + 1}`),
    ]);
    expect(TEMPLATE.map((row) => row.id)).toEqual(Array.from({ length: 25 }, (_, i) => `L${i + 1}`));
  });

  it.each([...VALIDATOR, ...TEMPLATE, ...TEMPLATE_REQUIREMENTS])(
    '$id $test names steps the entra profile runs',
    namesStepsOf(stepsOf('entra')),
  );
});

describe('Okta parity table', () => {
  it('should list the 12 SPEC test steps', () => {
    expect(OKTA.filter((row) => row.id.startsWith('SPEC')).map((row) => row.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `SPEC ${i + 1}`),
    );
  });

  it.each(OKTA)('$id $test names steps the okta profile runs', namesStepsOf(stepsOf('okta')));
});
