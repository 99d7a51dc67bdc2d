import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/load/figures.js';
import { cli, outDir } from '../e2e/cli.js';
import { readSummary } from '../e2e/reports.js';

describe('scim-conformance run --scenario load/initial-cycle', () => {
  it('should run the cycle at the scale given on the command line and write its figures', async () => {
    const out = outDir();
    const scale = ['--users', '24', '--groups', '3', '--concurrency', '3'];
    const result = await cli(['run', '--scenario', 'load/initial-cycle', ...scale, '--no-html', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = readSummary(out);
    expect(summary.scenarios.map((s) => [s.name, s.status, s.leftovers])).toEqual([['initial-cycle', 'passed', []]]);
    const load = summary.load!;
    expect(load).toMatchObject({ users: 24, groups: 3, concurrency: 3, errors: 0 });
    expect(load.operations.create.count).toBe(24 + 3);
    expect(load.requests).toBe(OPERATIONS.reduce((sum, op) => sum + load.operations[op].count, 0));
    // Every load check ran, and passed: load.responses once per operation, the final state, the rate.
    const loadChecks = summary.checks.filter((c) => c.id.startsWith('load.'));
    expect([...new Set(loadChecks.map((c) => c.id))].sort()).toEqual([
      'load.final-state',
      'load.responses',
      'load.throughput',
    ]);
    expect(loadChecks.filter((c) => c.id === 'load.responses')).toHaveLength(OPERATIONS.length);
    expect(loadChecks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });
});
