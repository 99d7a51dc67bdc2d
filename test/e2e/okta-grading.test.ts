import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../src/reference-server/index.js';
import { conformanceRun } from './detection-matrix.js';

const TOKEN = 'okta-grading-token-3e2d1c0b';

describe("Okta's impact beside the RFC's severity", () => {
  it('should keep Okta READY when a userName lookup that matches nothing answers 404, which Okta accepts', async () => {
    const server = await startReferenceServer({ token: TOKEN, faults: ['list-zero-hits-404'] });
    try {
      const { code, stdout, summary } = await conformanceRun({ baseUrl: server.baseUrl, token: TOKEN }, 'okta', [
        'single-user',
      ]);
      expect(code, stdout).toBe(0);
      expect(summary.verdicts.client).toMatchObject({ name: 'Okta', result: 'ready', blocking: 0, validator: 0 });
      expect(summary.verdicts.rfc.must).toBe(1);
      expect(summary.findings).toEqual([
        expect.objectContaining({ check: 'http.status', impact: 'none', severity: 'must' }),
      ]);
      expect(stdout).toContain('Okta: READY');
    } finally {
      await server.close();
    }
  }, 120_000);
});
