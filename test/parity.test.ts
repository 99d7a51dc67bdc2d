import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../src/paths.js';
import { loadProfile } from '../src/runner/select.js';
import { loadScenario } from '../src/scenario/load.js';
import { TEMPLATE, TEMPLATE_REQUIREMENTS, VALIDATOR } from './parity.js';

describe('Microsoft parity table', () => {
  const profile = loadProfile('entra');
  const steps = new Set(
    profile.scenarios.flatMap((file) => {
      const scenario = loadScenario(join(SCENARIOS_DIR, `${file}.yaml`));
      // Steps limited to another dialect or mapping do not run in this profile.
      return scenario.steps
        .filter(
          (step) =>
            (!step.when?.dialect || step.when.dialect.includes(profile.dialect)) &&
            (!step.when?.mapping || step.when.mapping.includes(profile.mapping)),
        )
        .map((step) => `${scenario.name} › ${step.name}`);
    }),
  );

  it('should list all 31 Validator tests and all 25 template tests once', () => {
    expect(VALIDATOR.map((row) => row.id)).toEqual([
      ...Array.from({ length: 24 }, (_, i) => `V${i + 1}`),
      ...Array.from({ length: 7 }, (_, i) => `P${i + 1}`),
    ]);
    expect(TEMPLATE.map((row) => row.id)).toEqual(Array.from({ length: 25 }, (_, i) => `L${i + 1}`));
  });

  it.each([...VALIDATOR, ...TEMPLATE, ...TEMPLATE_REQUIREMENTS])(
    '$id $test names steps the entra profile runs',
    (row) => {
      expect(row.steps.filter((step) => !steps.has(step))).toEqual([]);
      // A test left out says why.
      if (row.steps.length === 0) expect(row.note).toMatch(/^left out: /);
    },
  );
});
