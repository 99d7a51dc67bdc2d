import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { FAULTS, startReferenceServer } from '../../src/reference-server/index.js';
import { at, CAUGHT_OUTSIDE_THE_MATRIX, conformanceRun, DETECTIONS, limit, scenariosOf } from './detection-matrix.js';

const TOKEN = 'detection-matrix-token-5e4d3c2b';
// Two CLI runs at a time: each is a CPU-bound child process, and npm test runs other files meanwhile.
const slot = limit(2);
// A row waits for a free slot before its run starts, so its timeout covers the runs queued ahead of it.
const RUN_TIMEOUT = 360_000;

/** The Entra profiles' scenarios, the same in either PATCH dialect. */
const ENTRA_FLOW = {
  discovery: 28,
  'test-connection': 19,
  'single-user': 369,
  groups: 199,
  restart: 129,
  deprovision: 134,
  pagination: 213,
  throughput: 9,
  'generated-data': 16,
};

/**
 * What a clean run of each profile must pass at least, per scenario (measured; a check that starts
 * skipping or a step that stops running lowers the count).
 */
const MIN_PASSED: Record<string, Record<string, number>> = {
  entra: ENTRA_FLOW,
  // The same steps in the other PATCH dialect.
  'entra-compliant': ENTRA_FLOW,
  rfc7644: {
    discovery: 53,
    'test-connection': 19,
    // The rfc7643 mapping's create body replaces Entra's literal POST there, and the manager and Null_Update steps
    // are Entra's.
    'single-user': 144,
    groups: 193,
    restart: 129,
    deprovision: 134,
    filters: 124,
    paging: 93,
    lifecycle: 57,
    'generated-data': 16,
  },
  okta: {
    'test-connection': 34,
    'single-user': 115,
    groups: 83,
    import: 108,
    deprovision: 40,
    'generated-data': 15,
  },
  zscaler: { ...ENTRA_FLOW, 'single-user': 144, 'generated-data': 15 },
};

/**
 * The only skips a clean run may show, with why. Zscaler's mapping sends no emails, and with the
 * matrix seed no generated sequence deletes a user that is still a group member, which is the only
 * command property.model-state judges.
 */
const EXPECTED_SKIPS: Record<string, readonly string[]> = {
  // The reference server implements neither /Me nor /Bulk and says 501, a refusal RFC 7644 allows.
  rfc7644: [
    `${at('discovery', '/Me answers for the authenticated subject')} › http.status`,
    `${at('discovery', '/Me answers for the authenticated subject')} › schema.valid`,
    `${at('discovery', '/Bulk answers a BulkRequest')} › http.status`,
    `${at('discovery', '/Bulk answers a BulkRequest')} › json.matches`,
  ],
  zscaler: [
    `${at('generated-data', 'Generated operation sequences keep the target equal to the model')} › property.model-state`,
  ],
  // Okta never deletes a user, so its sequences hold no DeleteUser command.
  okta: [
    `${at('generated-data', 'Generated operation sequences keep the target equal to the model')} › property.model-state`,
  ],
};

/** Starts the reference server with `faults`, runs the CLI against it and stops the server. */
const runWith = (faults: string[], profile: string, scenarios: readonly string[] = [], args: readonly string[] = []) =>
  slot(async () => {
    const server = await startReferenceServer({ token: TOKEN, faults });
    try {
      return await conformanceRun({ baseUrl: server.baseUrl, token: TOKEN }, profile, scenarios, args);
    } finally {
      await server.close();
    }
  });

/** The summary's scenario name of a --scenario selector (`load/initial-cycle` → `initial-cycle`). */
const scenarioName = (selector: string) => selector.split('/').pop()!;

describe('detection matrix', () => {
  it('should name every fault exactly once', () => {
    expect(DETECTIONS.map((d) => d.fault).sort()).toEqual(FAULTS.map((f) => f.name).sort());
  });

  it.concurrent.for(DETECTIONS)('$fault is caught where the row says', { timeout: RUN_TIMEOUT }, async (detection) => {
    const { code, stdout, summary } = await runWith(
      [detection.fault],
      detection.profile,
      scenariosOf(detection),
      detection.args,
    );
    const failedAt = (key: string) => {
      const [selector, step] = key.split(' › ');
      return summary.checks
        .filter((c) => c.status === 'failed' && c.scenario === scenarioName(selector) && c.step === step)
        .map((c) => c.id);
    };
    for (const [key, checks] of Object.entries(detection.failures)) {
      expect(failedAt(key), `${key}\n${stdout}`).toEqual(expect.arrayContaining([...checks]));
    }
    expect(summary.findings.map((f) => f.check)).toEqual(
      expect.arrayContaining([...new Set(Object.values(detection.failures).flat())]),
    );
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

  it.concurrent.for(Object.keys(MIN_PASSED))(
    'the clean reference server passes the whole %s profile: nothing failed, warned or skipped',
    { timeout: RUN_TIMEOUT },
    async (profile) => {
      const { code, stdout, summary } = await runWith([], profile);
      expect(code, stdout).toBe(0);
      expect(summary.totals).toMatchObject({ failed: 0, warnings: 0 });
      expect(summary.findings).toEqual([]);
      const skipped = summary.checks
        .filter((c) => c.status === 'skipped')
        .map((c) => `${at(c.scenario, c.step)} › ${c.id}`);
      expect(skipped, stdout).toEqual(EXPECTED_SKIPS[profile] ?? []);
      const passed = Object.fromEntries(
        summary.scenarios.map((s) => [
          s.name,
          summary.checks.filter((c) => c.scenario === s.name && c.status === 'passed').length,
        ]),
      );
      expect(Object.keys(passed)).toEqual(Object.keys(MIN_PASSED[profile]));
      for (const [scenario, least] of Object.entries(MIN_PASSED[profile])) {
        expect(passed[scenario], `${profile} › ${scenario}`).toBeGreaterThanOrEqual(least);
      }
    },
  );
});

describe('no dead checks', () => {
  it('should make every registered check fail live: at a step of a detection row, or against a misbehaving target', () => {
    const caught = new Set([
      ...DETECTIONS.flatMap((d) => Object.values(d.failures).flat()),
      ...Object.keys(CAUGHT_OUTSIDE_THE_MATRIX),
    ]);
    expect([...CHECKS.keys()].filter((id) => !caught.has(id))).toEqual([]);
  });
});
