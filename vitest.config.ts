import { defineConfig } from 'vitest/config';

/** Our own tests. The conformance suite under suites/ is run by the CLI with its own inline config. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
