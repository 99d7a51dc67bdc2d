import { describe, it } from 'vitest';

/** `CI=true` (or 1): tools some tests need are required, not optional. */
const CI = ['true', '1'].includes(process.env.CI ?? '');

/**
 * Whether the tests needing `tool` must be skipped because it is missing (`why` says what is missing,
 * undefined when it is there). Under CI a missing tool is not skipped silently: a failing test says
 * so, and .ci/run installs the tool.
 */
export function skipWithout(tool: string, why: string | undefined): boolean {
  if (why !== undefined && CI) {
    describe(`${tool} (required with CI=true)`, () => {
      it('is installed', () => {
        throw new Error(`${tool} is missing: ${why}. .ci/run installs it (apt-get install ${tool})`);
      });
    });
  }
  return why !== undefined;
}
