/**
 * The conformance suite the CLI runs through Vitest: one test per scenario (src/runner/suite.ts).
 * Its code lives with the runner so that it runs as built, imported in one piece: every import of
 * a test file is resolved by the CLI process, which is busy reading the input meanwhile.
 */
import '../src/runner/suite.js';
