import { describe, expect, it } from 'vitest';
import { startReferenceServer, VARIANTS } from '../../src/reference-server/index.js';
import { conformanceRun, limit } from './detection-matrix.js';
import { PROFILES, TOLERANCES } from './tolerance-matrix.js';

const TOKEN = 'tolerance-matrix-token-7a6b5c4d';
// Two CLI runs at a time: each is a CPU-bound child process, and npm test runs other files meanwhile.
const slot = limit(2);
// A hang guard only: the time a cell waits for its slot counts too, and the machine may be shared.
const RUN_TIMEOUT = 600_000;

const CELLS = TOLERANCES.flatMap((tolerance) => PROFILES.map((profile) => ({ ...tolerance, profile })));

describe('tolerance matrix', () => {
  it('should name every variant exactly once', () => {
    expect(TOLERANCES.map((t) => t.variant).sort()).toEqual(VARIANTS.map((v) => v.name).sort());
    expect(VARIANTS.length).toBeGreaterThanOrEqual(12);
  });

  it.concurrent.for(CELLS)('$variant passes $profile', { timeout: RUN_TIMEOUT }, async (cell) =>
    slot(async () => {
      const server = await startReferenceServer({ token: TOKEN, variants: [cell.variant] });
      try {
        const { code, stdout, summary } = await conformanceRun(
          { baseUrl: server.baseUrl, token: TOKEN },
          cell.profile,
          cell.runs[cell.profile],
        );
        const failedMust = summary.checks
          .filter((c) => c.status === 'failed' && c.severity === 'must')
          .map((c) => `${c.id} (${c.scenario} › ${c.step}): ${c.message}`);
        expect(failedMust, stdout).toEqual([]);
        expect(code, stdout).toBe(0);
        if (cell.profile === 'rfc7644' && cell.capabilities) {
          const observed = Object.fromEntries(
            Object.keys(cell.capabilities).map((feature) => [feature, summary.capabilities?.[feature]?.observed]),
          );
          expect(observed, JSON.stringify(summary.capabilities)).toEqual(cell.capabilities);
        }
      } finally {
        await server.close();
      }
    }),
  );
});
