import { defineConfig } from 'vitest/config';

/** Our own tests. The conformance suite under suites/ is run by the CLI with its own inline config. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rebuilds dist/ when the sources are newer: the end-to-end tests run the CLI as built.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
  },
});
