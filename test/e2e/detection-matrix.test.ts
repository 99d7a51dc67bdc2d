import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { FAULTS, startReferenceServer } from '../../src/reference-server/index.js';
import { FAILING } from '../checks/cases.js';
import { conformanceRun, DETECTIONS, limit, renderMatrix } from './detection-matrix.js';

const TOKEN = 'detection-matrix-token-5e4d3c2b';
const PROFILES = ['entra', 'entra-compliant', 'rfc7644', 'zscaler'];
const README = join(PACKAGE_ROOT, 'README.md');
const SECTION = /(<!-- detection-matrix:start -->\n)([\s\S]*?)(<!-- detection-matrix:end -->)/;
// Two CLI runs at a time: each is a CPU-bound child process, and npm test runs other files meanwhile.
const slot = limit(2);
const RUN_TIMEOUT = 120_000;

/** Starts the reference server with `faults`, runs the CLI against it and stops the server. */
const runWith = (faults: string[], profile: string, scenarios: readonly string[] = []) =>
  slot(async () => {
    const server = await startReferenceServer({ token: TOKEN, faults });
    try {
      return await conformanceRun({ baseUrl: server.baseUrl, token: TOKEN }, profile, scenarios);
    } finally {
      await server.close();
    }
  });

describe('detection matrix', () => {
  it('should name every fault exactly once', () => {
    expect(DETECTIONS.map((d) => d.fault).sort()).toEqual(FAULTS.map((f) => f.name).sort());
  });

  it.concurrent.for(DETECTIONS)('$fault is caught', { timeout: RUN_TIMEOUT }, async (detection) => {
    const { code, stdout, summary } = await runWith([detection.fault], detection.profile, detection.scenarios);
    const failed = new Set(summary.checks.filter((c) => c.status === 'failed').map((c) => c.id));
    expect([...failed], stdout).toEqual(expect.arrayContaining([...detection.checks]));
    expect(summary.findings.map((f) => f.check)).toEqual(expect.arrayContaining([...detection.checks]));
    const { client, rfc } = summary.verdicts;
    switch (detection.outcome) {
      case 'blocks':
        expect(code, stdout).toBe(1);
        expect(client?.result).toBe('blocked');
        break;
      case 'validator':
        expect(code, stdout).toBe(1);
        expect(client).toMatchObject({ result: 'ready', blocking: 0 });
        expect(client!.validator).toBeGreaterThan(0);
        break;
      case 'rfc-only':
        expect(code, stdout).toBe(0);
        expect(client).toMatchObject({ result: 'ready', blocking: 0, validator: 0 });
        expect(rfc.must).toBeGreaterThan(0);
        break;
      case 'must':
        expect(code, stdout).toBe(1);
        expect(client).toBeUndefined();
        expect(rfc.result).toBe('not-conformant');
        break;
      case 'should':
        expect(code, stdout).toBe(0);
        expect(rfc).toMatchObject({ result: 'conformant', must: 0 });
        expect(rfc.should).toBeGreaterThan(0);
    }
  });

  it.concurrent.for(PROFILES)(
    'the clean reference server passes the whole %s profile',
    { timeout: RUN_TIMEOUT },
    async (profile) => {
      const { code, stdout, summary } = await runWith([], profile);
      expect(code, stdout).toBe(0);
      expect(summary.totals).toMatchObject({ failed: 0, warnings: 0 });
      expect(summary.findings).toEqual([]);
    },
  );

  it('should match the README section (UPDATE_MATRIX=1 rewrites it)', () => {
    const expected = `${renderMatrix(FAULTS)}\n`;
    if (process.env.UPDATE_MATRIX)
      writeFileSync(README, readFileSync(README, 'utf8').replace(SECTION, `$1${expected}$3`));
    expect(SECTION.exec(readFileSync(README, 'utf8'))?.[2], 'run npm run matrix').toBe(expected);
  });
});

describe('no dead checks', () => {
  it('should show every registered check failing, for a fault or in the checks unit tests', () => {
    const unitFailures = Object.entries(FAILING)
      .filter(([, cases]) => cases.length > 0)
      .map(([id]) => id);
    const caught = new Set([...DETECTIONS.flatMap((d) => d.checks), ...unitFailures]);
    expect([...CHECKS.keys()].filter((id) => !caught.has(id))).toEqual([]);
  });
});
